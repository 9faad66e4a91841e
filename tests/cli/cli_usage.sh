#!/usr/bin/env bash
# cli_usage.sh - bad flags and values give exit code 2 and a one-line message naming
# the problem; --help works for every command.
set -u
bin=$1
fail=0
expect() { # expect CODE PATTERN ARGS...
  local code=$1 pattern=$2; shift 2
  local err rc
  err=$("$bin" "$@" 2>&1 >/dev/null); rc=$?
  if [ "$rc" -ne "$code" ] || ! grep -q -- "$pattern" <<<"$err"; then
    echo "FAIL: vae-explorer $* -> exit $rc, message: $err (wanted exit $code and '$pattern')"; fail=1
  else
    echo "ok: vae-explorer $* -> $rc: $(head -n1 <<<"$err")"
  fi
}
expect 2 "unknown command" frobnicate
expect 2 "unknown option '--bogus'" train --bogus 1
expect 2 "--epochs expects a whole number" train --epochs many
expect 2 "--epochs expects a whole number" train --epochs 0
expect 2 "--latent expects a whole number from 1 to 64" train --latent 65
expect 2 "--lr expects a number" train --lr -1
expect 2 "--lr expects a number" train --lr nan
expect 2 "hidden sizes" train --hidden 512,abc
expect 2 "--likelihood expects" train --likelihood poisson
expect 2 "--binarize expects" train --binarize maybe
expect 2 "--batch needs a value" train --batch
expect 2 "--model FILE is required" eval
expect 2 "needs --model" sample --grid 5
expect 2 "--grid expects" sample --model x --grid 0 --out y.png
expect 2 "needs --model FILE and at least one image" encode
# The window's options are range-checked like the commands' (issue 12): no window opens
# (SDL_VIDEODRIVER=dummy would fail to open one: these must exit before trying).
export SDL_VIDEODRIVER=dummy
expect 2 "--scale expects a number from 0.5 to 3, got 'abc'" --scale abc
expect 2 "--scale expects a number" --scale 0
expect 2 "--window expects WIDTHxHEIGHT" --window 800
expect 2 "--window expects WIDTHxHEIGHT from 320x240" --window 100x100
expect 2 "--quit-after expects a number" --quit-after soon
expect 2 "--min-steps expects a whole number" --min-steps 1.5
expect 2 "--lang expects ko or en" --lang fr
expect 2 "unknown option '--bogus'" --bogus
expect 2 "--scale needs a value" --scale
out=$("$bin" --help-window 2>/dev/null); rc=$?
if [ $rc -ne 0 ] || ! grep -q -- "--window WxH" <<<"$out"; then
  echo "FAIL: --help-window -> exit $rc (wanted 0 and the window's usage on stdout)"; fail=1
else
  echo "ok: vae-explorer --help-window -> 0"
fi
out=$("$bin" --version 2>/dev/null); rc=$?
if [ $rc -ne 0 ] || ! grep -q "^vae-explorer [0-9]" <<<"$out" || ! grep -q "OpenBLAS [0-9.]*, kernel [A-Za-z0-9]" <<<"$out"; then
  echo "FAIL: --version -> exit $rc: $out"; fail=1
else
  echo "ok: vae-explorer --version -> 0: $(tr '\n' ' ' <<<"$out")"
fi
for cmd in train eval sample encode; do
  "$bin" $cmd --help | grep -q "usage: vae-explorer $cmd" || { echo "FAIL: $cmd --help"; fail=1; }
done
"$bin" --help | grep -q "usage: vae-explorer" || { echo "FAIL: --help"; fail=1; }
[ $fail -eq 0 ] && echo "cli_usage: all checks passed"
exit $fail
