#!/bin/sh
# bench/run.sh - runs the engine benchmark (bench_train) and the PyTorch reference
# (reference_torch.py) one after the other and writes bench/results.md: the tables,
# the ratios, the machine, the date and the commands, and the OpenBLAS kernel each of
# engine and PyTorch runs (and sgemm per kernel, bench_sgemm). Optional: --issue2 also trains
# the two models for 10 epochs with the CLI and evaluates them (slow: many minutes).
# The environment's OPENBLAS_* settings are left exactly as they are (only the kernel
# table's own rows run with OPENBLAS_CORETYPE unset or set, each in its own process).
# Needs scripts/setup.sh --bench (Debian python3-torch and linux-perf, for bench/ only).
# Usage: bench/run.sh [--build DIR] [--issue2] [--quick]
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$ROOT/build
ISSUE2=0
QUICK=
while [ $# -gt 0 ]; do
  case $1 in
    --build) BUILD=$2; shift ;;
    --issue2) ISSUE2=1 ;;
    --quick) QUICK=--quick ;;
    *) echo "usage: bench/run.sh [--build DIR] [--issue2] [--quick]" >&2; exit 2 ;;
  esac
  shift
done
OUT=$ROOT/bench/results.md
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cmake --build "$BUILD" --target bench_train bench_sgemm vae-explorer >/dev/null
# The OpenBLAS kernel (issue 13): what the engine runs (vae-explorer --version) and what
# PyTorch's BLAS runs, in the environment as it is and with OPENBLAS_CORETYPE unset
# (where the app chooses for itself); then single-thread sgemm on each kernel, the
# configurations alternating over 3 rounds (median of the rounds' medians).
echo "kernels ..." >&2
torch_kernel() { # the kernel of the OpenBLAS that torch loaded (libblas.so.3 -> OpenBLAS)
  "$@" /usr/bin/python3 -c 'import ctypes, torch
lib = ctypes.CDLL("libblas.so.3"); lib.openblas_get_corename.restype = ctypes.c_char_p
print(lib.openblas_get_corename().decode())' 2>/dev/null || echo "n/a (PyTorch or its OpenBLAS missing)"
}
{
  echo "| who | OPENBLAS_CORETYPE | kernel in use (and why) |"
  echo "|---|---|---|"
  echo "| engine (vae-explorer --version) | ${OPENBLAS_CORETYPE:-unset} (as the environment has it) | $("$BUILD/vae-explorer" --version | sed -n 2p) |"
  echo "| engine (vae-explorer --version) | unset | $(env -u OPENBLAS_CORETYPE "$BUILD/vae-explorer" --version | sed -n 2p) |"
  echo "| PyTorch (its libblas.so.3) | ${OPENBLAS_CORETYPE:-unset} (as the environment has it) | $(torch_kernel env) |"
  echo "| PyTorch (its libblas.so.3) | unset | $(torch_kernel env -u OPENBLAS_CORETYPE) |"
} > "$TMP/kernels.md"
KCONF="asis unset Prescott Haswell Zen SkylakeX Cooperlake"
for round in 1 2 3; do
  for c in $KCONF; do
    case $c in
      asis) "$BUILD/bench/bench_sgemm" ;;
      unset) env -u OPENBLAS_CORETYPE "$BUILD/bench/bench_sgemm" ;;
      *) OPENBLAS_CORETYPE=$c "$BUILD/bench/bench_sgemm" ;;
    esac | awk -F'\t' -v c="$c" 'NF == 3 { print c "\t" $1 "\t" $2 "\t" $3 }' >> "$TMP/sgemm.tsv"
  done
done
awk -F'\t' -v order="$KCONF" -v env="${OPENBLAS_CORETYPE:-unset}" '
  { key = $1 "\t" $3; v[key, ++n[key]] = $4; kern[$1] = $2; if (!($3 in seen)) { seen[$3] = 1; prods[++np] = $3 } }
  function med(key,   i, j, t, m) { m = n[key]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[key, j] < v[key, i]) { t = v[key, i]; v[key, i] = v[key, j]; v[key, j] = t }
    return m % 2 ? v[key, (m + 1) / 2] : (v[key, m / 2] + v[key, m / 2 + 1]) / 2 }
  END { nc = split(order, cs, " ")
    printf "| OPENBLAS_CORETYPE | kernel |"; for (p = 1; p <= np; p++) printf " %s (GF/s) |", prods[p]; print ""
    printf "|---|---|"; for (p = 1; p <= np; p++) printf "---|"; print ""
    for (i = 1; i <= nc; i++) { c = cs[i]
      name = (c == "asis") ? env " (the environment as it is)" : (c == "unset") ? "unset (the app chooses)" : c
      printf "| %s | %s |", name, kern[c]; for (p = 1; p <= np; p++) printf " %.1f |", med(c "\t" prods[p]); print "" } }' \
  "$TMP/sgemm.tsv" > "$TMP/sgemm.md"
echo "bench_train ..." >&2
"$BUILD/bench/bench_train" --data "$ROOT/data/mnist" $QUICK > "$TMP/engine.md"
# Where a training epoch's time goes: perf's samples of one full epoch per model (and
# its sgemm floor pass) on one BLAS thread, grouped by symbol.
if command -v perf >/dev/null 2>&1 && perf stat -e cpu-clock true >/dev/null 2>&1; then
  echo "perf profile ..." >&2
  perf record -q -o "$TMP/perf.data" -F 1999 "$BUILD/bench/bench_train" --data "$ROOT/data/mnist" --only-full --threads 1 --reps 1 > /dev/null 2>&1 || true
  perf report -i "$TMP/perf.data" --sort sym --stdio 2>/dev/null | awk '
    /^ *[0-9.]+%/ { p = $1 + 0; s = $NF
      if (s ~ /sgemm/) g["sgemm (kernel, packing, beta)"] += p
      else if (s ~ /adam/) g["Adam"] += p
      else if (s ~ /bernoulli|gaussian|log_likelihood/) g["likelihood and its gradient"] += p
      else if (s ~ /grads_finite|grad_norm/) g["finiteness check"] += p
      else if (s ~ /dense_forward|bias_grad|relu_mask/) g["bias, ReLU, masks"] += p
      else if (s ~ /data_fill|rng_|shuffle/) g["data, noise"] += p
      else g["the rest (kernel, libc, ...)"] += p }
    END { for (k in g) printf "| %s | %.1f%% |\n", k, g[k] }' | sort -t'|' -k3 -rn > "$TMP/profile.md" || true
fi
echo "reference_torch.py ..." >&2
if /usr/bin/python3 -c "import torch" 2>/dev/null; then
  /usr/bin/python3 "$ROOT/bench/reference_torch.py" --data "$ROOT/data/mnist" > "$TMP/torch.md" 2> "$TMP/torch.err"
else
  echo "PyTorch missing: scripts/setup.sh --bench installs python3-torch (benchmark only)" > "$TMP/torch.md"
fi

if [ $ISSUE2 = 1 ]; then
  VX=$BUILD/vae-explorer
  echo "issue-2 runs ..." >&2
  "$VX" train --epochs 10 --save "$TMP/m2.vae" --log "$TMP/m2.csv" > "$TMP/m2.txt"
  "$VX" eval --model "$TMP/m2.vae" --iw 5000 --limit 1000 > "$TMP/m2.eval"
  "$VX" train --epochs 10 --latent 20 --hidden 400 --save "$TMP/m20.vae" --log "$TMP/m20.csv" > "$TMP/m20.txt"
  "$VX" eval --model "$TMP/m20.vae" --iw 5000 --limit 1000 > "$TMP/m20.eval"
fi

# samples/s of 784-512-256-2 and 784-400-20 at batch 128: ours (best thread row of the
# full-epoch table) and PyTorch's (its "(best)" row).
ours() { awk -F'|' -v m="$1" '$2 ~ " "m" " && $3+0 == 128 && $5+0 == 60000 { v = $9 + 0; if (v > best) best = v } END { print best + 0 }' "$TMP/engine.md"; }
theirs() { awk -F'|' -v m="$1" '$2 ~ " "m" " && $3 ~ /best/ { print $6 + 0 }' "$TMP/torch.md"; }

{
  echo "# VAE Explorer - benchmark results"
  echo
  echo "Written by \`bench/run.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
  echo
  echo "## Machine"
  echo
  echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores; flags include: $(grep -m1 '^flags' /proc/cpuinfo | grep -o 'avx512f\|avx2\|fma' | sort -u | tr '\n' ' ')"
  echo "- OpenBLAS: $(dpkg-query -W -f '${Package} ${Version}' 'libopenblas0-pthread' 2>/dev/null || echo unknown); OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}, OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-unset} (left as the environment has them)"
  echo "- PyTorch: $(/usr/bin/python3 -c 'import torch; print(torch.__version__)' 2>/dev/null || echo missing) (Debian python3-torch)"
  echo "- Load while measuring (uptime): $(uptime | sed 's/.*load average/load average/')"
  echo
  echo "## Commands"
  echo
  echo '```'
  echo "$BUILD/vae-explorer --version; env -u OPENBLAS_CORETYPE $BUILD/vae-explorer --version"
  echo "$BUILD/bench/bench_sgemm (as is; env -u OPENBLAS_CORETYPE; OPENBLAS_CORETYPE=K for K in Prescott Haswell Zen SkylakeX Cooperlake) x 3 rounds"
  echo "$BUILD/bench/bench_train --data data/mnist $QUICK"
  echo "/usr/bin/python3 bench/reference_torch.py --data data/mnist"
  [ $ISSUE2 = 1 ] && echo "vae-explorer train --epochs 10 --save m2.vae --log m2.csv; vae-explorer eval --model m2.vae --iw 5000 --limit 1000 (and --latent 20 --hidden 400)"
  echo '```'
  echo
  echo "## OpenBLAS kernel (issue 13)"
  echo
  echo "With OPENBLAS_CORETYPE unset the app keeps OpenBLAS's own detection unless it is"
  echo "weaker than the CPU supports; then it chooses (app/core/blas_kernel.c). The tables"
  echo "below the sgemm one run in the environment as it is."
  echo
  cat "$TMP/kernels.md"
  echo
  echo "Single-thread sgemm, batch 128 (\`bench/bench_sgemm\`, CPU time, median of 3 rounds"
  echo "of 11 runs each, the configurations alternating):"
  echo
  cat "$TMP/sgemm.md"
  echo
  echo "## Engine (bench_train)"
  cat "$TMP/engine.md"
  echo
  if [ -s "$TMP/profile.md" ]; then
    echo "## Profile (perf record, one BLAS thread, the full-epoch runs of both models)"
    echo
    echo "Shares of the samples of \`bench_train --only-full --threads 1 --reps 1\`. Its"
    echo "sgemm-floor passes are in the sgemm row too, so the other rows are shares of the"
    echo "whole run: lower bounds on their shares of a training epoch."
    echo
    echo "| where | share of samples |"
    echo "|---|---|"
    cat "$TMP/profile.md"
    echo
  fi
  echo "## PyTorch reference (same models, data, init, loss, Adam 1e-3, batch 128)"
  echo
  cat "$TMP/torch.md" | grep -v '^JSON'
  echo
  echo "## Side by side (samples/s, batch 128, each at its best thread setting)"
  echo
  echo "| model | engine | PyTorch | engine / PyTorch |"
  echo "|---|---|---|---|"
  for m in 784-512-256-2 784-400-20; do
    o=$(ours $m); t=$(theirs $m)
    echo "| $m | $o | ${t:-n/a} | $(awk -v o="$o" -v t="${t:-0}" 'BEGIN { if (t > 0) printf "%.2f", o / t; else print "n/a" }') |"
  done
  echo
  echo "## Goal 1 in one table (full epochs, batch 128)"
  echo
  echo "The engine's fastest row; its ratio to the sgemm floor of the same configuration;"
  echo "and its ratio to the issue's floor, OpenBLAS's own threads on the serial step's"
  echo "products (the \"OpenBLAS's threads\" row's floor, measured in the same run)."
  echo
  echo "| model | fastest engine row | epoch (s) | / its own floor | / OpenBLAS-threads floor | PyTorch best epoch (s) | PyTorch / engine |"
  echo "|---|---|---|---|---|---|---|"
  for m in 784-512-256-2 784-400-20; do
    t=$(awk -F'|' -v m="$m" '$2 ~ " "m" " && $3 ~ /best/ { print $5 + 0 }' "$TMP/torch.md")
    awk -F'|' -v m="$m" -v t="${t:-0}" '
      $2 ~ " "m" " && $3+0 == 128 && $5+0 == 60000 {
        if ($4 ~ /OpenBLAS/) obf = $6 + 0
        if (best == 0 || $7 + 0 < best) { best = $7 + 0; how = $4; own = $8 + 0 } }
      END { gsub(/^ +| +$/, "", how)
        printf "| %s | %s | %.3f | %.2f | %s | %s | %s |\n", m, how, best, own,
          (obf > 0) ? sprintf("%.2f", best / obf) : "n/a", (t > 0) ? t : "n/a", (t > 0) ? sprintf("%.2fx", t / best) : "n/a" }' "$TMP/engine.md"
  done
  if [ $ISSUE2 = 1 ]; then
    echo
    echo "## Issue 2 numbers (CLI, 10 epochs)"
    echo
    for m in m2 m20; do
      echo "- $m: last epoch: \`$(tail -1 "$TMP/$m.txt")\`"
      echo "  eval: \`$(cat "$TMP/$m.eval")\`"
    done
  fi
  echo
  echo "Earlier records (the issue-2 accuracy runs, which \`--issue2\` repeats): [results-history.md](results-history.md)."
} > "$OUT"
echo "wrote $OUT" >&2
