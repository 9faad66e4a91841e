#!/usr/bin/env bash
# run.sh SECONDS [TARGET...] - builds the libFuzzer targets (clang, ASan + UBSan, in
# build-fuzz/) and runs each for SECONDS (default 60) on a working corpus seeded from
# tests/fuzz/corpus/<name>; prints executions and crashes per target. Crash inputs are
# saved in tests/fuzz/artifacts/ (git-ignored): add them to tests/data/regress/.
# Targets: image idx checkpoint (default: all). Exit status 1 if any target crashed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
secs=${1:-60}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(image idx checkpoint)
build="$root/build-fuzz"
CC=clang cmake -S "$root" -B "$build" -DVAE_FUZZ=ON -DVAE_BUILD_APP=OFF \
  -DVAE_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null
art="$root/tests/fuzz/artifacts"
mkdir -p "$art"
status=0
for t in "${targets[@]}"; do
  work="$build/tests/fuzz/work_$t"
  mkdir -p "$work"
  log="$build/tests/fuzz/fuzz_$t.log"
  before=$(find "$art" -name "$t-*" | wc -l)
  set +e
  "$build/tests/fuzz/fuzz_$t" -max_total_time="$secs" -rss_limit_mb=2048 -timeout=20 \
    -print_final_stats=1 -artifact_prefix="$art/$t-" "$work" "$root/tests/fuzz/corpus/$t" \
    >"$log" 2>&1
  rc=$?
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  crashes=$(($(find "$art" -name "$t-*" | wc -l) - before))
  printf 'fuzz_%-10s %6ss  executions %-10s %-10s crashes %d  (exit %d, log %s)\n' \
    "$t" "$secs" "$execs" "$cov" "$crashes" "$rc" "$log"
  if ((rc != 0 || crashes > 0)); then
    status=1
    grep -m3 -E 'ERROR|runtime error|SUMMARY' "$log" || true
  fi
done
exit $status
