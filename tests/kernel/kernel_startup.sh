#!/usr/bin/env bash
# kernel_startup.sh - the real start-up of vae-explorer and its OpenBLAS kernel:
# with OPENBLAS_CORETYPE unset the kernel is never weaker than the CPU supports (by the
# same table the app uses, printed by kernel_probe); an explicit value is kept as it is;
# the chosen path (OpenBLAS's own detection pretended weak) runs the pick and says so;
# an injected self-check failure, and a choice OpenBLAS does not load, end on OpenBLAS's
# own detection and say why; stale stage variables cannot loop; --version opens no
# window; train's first line names the kernel. Usage: kernel_startup.sh VAE_EXPLORER KERNEL_PROBE
set -u
bin=$1 probe=$2
fail=0
check() { if eval "$1"; then echo "ok: $2"; else echo "FAIL: $2"; fail=1; fi; }
# the kernel line of --version, and its kernel name
kline() { "$bin" --version | sed -n 2p; }
kname() { sed -n 's/^OpenBLAS [^,]*, kernel \([^ ]*\) (.*$/\1/p' <<<"$1"; }

pick=$(env -u OPENBLAS_CORETYPE "$probe" pick)
own=$(env -u OPENBLAS_CORETYPE "$probe" loaded)
echo "this CPU: the table picks $pick; OpenBLAS's own detection loads $own"
check '[ "$pick" != none ] && [ "$($probe level "$pick")" -gt 0 ]' "the pick $pick is a kernel of this OpenBLAS"

# --version: two lines, exit 0, no window even without any display
out=$(env DISPLAY= WAYLAND_DISPLAY= SDL_VIDEODRIVER=no-such-driver "$bin" --version); rc=$?
echo "$out"
check '[ $rc -eq 0 ] && [ $(wc -l <<<"$out") -eq 2 ]' "--version exits 0 with two lines and opens no window"
check 'grep -qE "^vae-explorer [0-9A-Za-z.+-]+$" <<<"$out"' "--version names the version"
check 'grep -qE "^OpenBLAS [0-9]+\.[0-9]+\.[0-9]+, kernel [A-Za-z0-9_]+ \(.+\)$" <<<"$(sed -n 2p <<<"$out")"' \
  "--version names OpenBLAS's version, the kernel and why"

# 1. unset: never weaker than the CPU supports
line=$(env -u OPENBLAS_CORETYPE -u VAE_BLAS_KERNEL_STAGE "$bin" --version | sed -n 2p); k=$(kname "$line")
echo "unset: $line"
check '[ "$($probe level "$k")" -ge "$($probe level "$pick")" ]' "unset: kernel $k is not weaker than the pick $pick"
if [ "$($probe level "$own")" -lt "$($probe level "$pick")" ]; then
  check 'grep -q "(chosen: OpenBLAS.s own detection gave $own on this CPU)" <<<"$line"' "unset: says it chose over $own"
else
  check 'grep -q "(OpenBLAS.s own detection)$" <<<"$line" && [ "$k" = "$own" ]' \
    "unset: OpenBLAS's own detection ($own) is already the best level, kept and said so"
fi

# 2. an explicit value is kept as it is (also the environment's own, if any)
line=$(OPENBLAS_CORETYPE=Prescott "$bin" --version | sed -n 2p)
echo "Prescott set: $line"
check '[ "$(kname "$line")" = Prescott ] && grep -q "(OPENBLAS_CORETYPE=Prescott set in the environment)" <<<"$line"' \
  "OPENBLAS_CORETYPE=Prescott is kept and named"
if [ -n "${OPENBLAS_CORETYPE+x}" ]; then
  line=$(kline)
  check 'grep -q "(OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE set in the environment" <<<"$line"' \
    "the environment's OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE is kept: $line"
fi
line=$(OPENBLAS_CORETYPE=Prescott VAE_BLAS_KERNEL_STAGE=fallback:SkylakeX:Prescott:self-check "$bin" --version | sed -n 2p)
check '[ "$(kname "$line")" = Prescott ] && grep -q "set in the environment" <<<"$line"' \
  "a stale stage does not override the user's value: $line"
out=$(OPENBLAS_CORETYPE=Prescott "$probe" startup)
check 'grep -qx "OPENBLAS_CORETYPE=Prescott" <<<"$out"' "the user's value stays in the environment"

# 3. the chosen path: OpenBLAS's own detection pretended to be Prescott
if [ "$($probe level "$pick")" -gt 1 ]; then
  line=$(env -u OPENBLAS_CORETYPE VAE_KERNEL_TEST_DETECTED=Prescott "$bin" --version | sed -n 2p)
  echo "pretend Prescott: $line"
  check '[ "$(kname "$line")" = "$pick" ] && grep -q "(chosen: OpenBLAS.s own detection gave Prescott on this CPU" <<<"$line"' \
    "detection Prescott: runs the pick $pick and says it was chosen"
  out=$(env -u OPENBLAS_CORETYPE VAE_KERNEL_TEST_DETECTED=Prescott "$probe" startup)
  check 'grep -q "kernel $pick (chosen" <<<"$out" && grep -qx "OPENBLAS_CORETYPE=unset" <<<"$out" && grep -qx "VAE_BLAS_KERNEL_STAGE=unset" <<<"$out"' \
    "after the re-exec the process's environment is the user's again (variable unset)"
  # a stale chosen stage without the variable: a fresh start, one choice, no loop
  line=$(env -u OPENBLAS_CORETYPE VAE_BLAS_KERNEL_STAGE=chosen:Haswell:Prescott VAE_KERNEL_TEST_DETECTED=Prescott \
    "$bin" --version | sed -n 2p)
  check '[ "$(kname "$line")" = "$pick" ] && grep -q "(chosen:" <<<"$line"' "a stale chosen stage is ignored: $line"

  # 4. the self-check fails: OpenBLAS's own choice, with the reason
  line=$(env -u OPENBLAS_CORETYPE VAE_KERNEL_TEST_DETECTED=Prescott VAE_KERNEL_SELFTEST_FAIL=1 "$bin" --version | sed -n 2p)
  echo "self-check fails: $line"
  check '[ "$(kname "$line")" = "$own" ] && grep -q "(OpenBLAS.s own detection: the chosen $pick failed the self-check" <<<"$line"' \
    "injected self-check failure: back on OpenBLAS's own $own, says why"
  # the same with a choice that differs from OpenBLAS's own, so the kernel shows the fall-back
  alt=Nehalem
  [ "$own" = Nehalem ] && alt=Core2
  line=$(env -u OPENBLAS_CORETYPE VAE_KERNEL_TEST_DETECTED=Prescott VAE_KERNEL_TEST_PICK=$alt \
    VAE_KERNEL_SELFTEST_FAIL=1 "$bin" --version | sed -n 2p)
  echo "choose $alt, self-check fails: $line"
  check '[ "$(kname "$line")" = "$own" ] && grep -q "the chosen $alt failed the self-check" <<<"$line"' \
    "a failed $alt falls back to OpenBLAS's own $own (the variable really unset)"
  line=$(env -u OPENBLAS_CORETYPE VAE_KERNEL_TEST_DETECTED=Prescott VAE_KERNEL_TEST_PICK=$alt "$bin" --version | sed -n 2p)
  check '[ "$(kname "$line")" = "$alt" ]' "without the failure the chosen $alt runs: $line"
fi
# 5. a choice OpenBLAS does not load as named (Katmai runs Prescott on x86-64): fall back
line=$(env -u OPENBLAS_CORETYPE VAE_KERNEL_TEST_DETECTED=Unknown VAE_KERNEL_TEST_PICK=Katmai "$bin" --version | sed -n 2p)
echo "choose Katmai: $line"
check '[ "$(kname "$line")" = "$own" ] && grep -q "the chosen Katmai was not loaded by OpenBLAS" <<<"$line"' \
  "a choice OpenBLAS does not load falls back to its own $own"

# 6. train's first line is the same description
first=$(env -u OPENBLAS_CORETYPE "$bin" train --epochs 1 --limit 200 --hidden 16 --threads 1 2>&1 | head -n1)
want=$(env -u OPENBLAS_CORETYPE "$bin" --version | sed -n 2p)
check '[ "$first" = "$want" ]' "train's first line names the kernel: $first"
exit $fail
