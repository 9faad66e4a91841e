#!/usr/bin/env bash
# cli_eval.sh - `eval` on real MNIST: every figure on its line is over the same first N
# test examples (the line's means equal the means of --per-example's rows, and a
# smaller --limit gives the mean of the first rows), the per-example CSV (header, one
# row per example, real labels, gap = log_px_quad - elbo >= 0 up to quadrature error,
# empty quadrature fields for a latent that is not 2-D), written atomically.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if eval "$1"; then echo "ok: $2"; else echo "FAIL: $2"; fail=1; fi; }
# value KEY LINE: the number after KEY= on an eval line
value() { tr ' ' '\n' <<<"$2" | sed -n "s/^$1=//p"; }
# colmean COL FILE [ROWS]: the mean of a CSV column over the first ROWS rows (all by default)
colmean() { awk -F, -v c="$1" -v r="${3:-0}" 'NR > 1 && (r == 0 || NR <= r + 1) {s += $c; n++} END {printf "%.6f", s / n}' "$2"; }
# near A B TOL: |A - B| <= TOL
near() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN {d = a - b; if (d < 0) d = -d; exit !(a != "" && b != "" && d <= t)}'; }

"$bin" train --epochs 1 --limit 2000 --hidden 128,64 --save "$tmp/m.ckpt" --threads 1 >/dev/null 2>&1
check '[ $? -eq 0 ]' "train a small 2-D model"

line=$("$bin" eval --model "$tmp/m.ckpt" --limit 50 --iw 200 --threads 1 --per-example "$tmp/pe.csv")
check '[ $? -eq 0 ]' "eval --per-example exits 0"
echo "$line"
csv=$tmp/pe.csv
check '[ "$(value examples "$line")" = 50 ]' "the line says examples=50"
check '[ "$(head -n1 "$csv")" = "index,label,elbo,log_px_iw,log_px_quad,gap" ]' "CSV header"
check '[ $(wc -l <"$csv") -eq 51 ]' "50 rows and the header"
check 'awk -F, "NR > 1 && (\$1 != NR - 2 || \$2 !~ /^[0-9]\$/ || NF != 6) {bad = 1} END {exit bad}" "$csv"' "rows are indices 0..49 with a digit label and six fields"
check '[ "$(sed -n "2,6p" "$csv" | cut -d, -f2 | tr -d "\n")" = 72104 ]' "the first labels are MNIST's first test digits (7 2 1 0 4)"
for pair in test_elbo:3 log_px_iw:4 log_px_quad:5 gap:6; do
  key=${pair%:*} col=${pair#*:}
  check 'near "$(value $key "$line")" "$(colmean $col "$csv")" 0.0002' "the line's $key ($(value $key "$line")) is the mean of the CSV's column $col ($(colmean $col "$csv"))"
done
check 'awk -F, "NR > 1 {d = \$6 - (\$5 - \$3); if (d < 0) d = -d; if (d > 1e-5) bad = 1} END {exit bad}" "$csv"' "gap = log_px_quad - elbo on every row"
check 'awk -F, "NR > 1 && \$6 < -0.05 {bad = 1} END {exit bad}" "$csv"' "gap >= -0.05 on every row (min $(awk -F, 'NR == 2 || (NR > 2 && $6 < m) {m = $6} END {print m}' "$csv"))"
check 'near "$(value test_elbo "$line")" "$(awk -v a="$(value test_recon "$line")" -v b="$(value test_kl "$line")" "BEGIN {printf \"%.6f\", a - b}")" 0.0002' "test_elbo = test_recon - test_kl"
check '[ ! -e "$csv.tmp" ]' "no temporary file left behind"

line20=$("$bin" eval --model "$tmp/m.ckpt" --limit 20 --iw 200 --threads 1)
check 'near "$(value test_elbo "$line20")" "$(colmean 3 "$csv" 20)" 0.0002' "--limit 20: test_elbo ($(value test_elbo "$line20")) is the mean of the first 20 rows ($(colmean 3 "$csv" 20))"
check 'near "$(value gap "$line20")" "$(colmean 6 "$csv" 20)" 0.0002' "--limit 20: gap is the mean of the first 20 rows"

cp "$csv" "$tmp/before.csv"
err=$("$bin" eval --model "$tmp/m.ckpt" --limit 5 --data "$tmp/no-such-data" --per-example "$csv" 2>&1 >/dev/null)
check '[ $? -eq 1 ] && cmp -s "$csv" "$tmp/before.csv"' "a failed eval leaves the existing CSV as it was"
err=$("$bin" eval --model "$tmp/m.ckpt" --limit 5 --per-example "$tmp/no-such-dir/pe.csv" 2>&1 >/dev/null)
check '[ $? -eq 1 ] && [ $(wc -l <<<"$err") -eq 1 ] && grep -q "no-such-dir/pe.csv" <<<"$err"' "an unwritable CSV path: one line, exit 1: $err"
"$bin" eval --model "$tmp/m.ckpt" --per-example >/dev/null 2>&1
check '[ $? -eq 2 ]' "--per-example without a file: exit 2"
check '"$bin" eval --help | grep -q -- "--per-example FILE.csv"' "eval --help describes --per-example"

"$bin" train --epochs 1 --limit 2000 --latent 8 --save "$tmp/m8.ckpt" --threads 1 >/dev/null 2>&1
line8=$("$bin" eval --model "$tmp/m8.ckpt" --limit 30 --iw 100 --threads 1 --per-example "$tmp/pe8.csv")
check '[ $? -eq 0 ]' "eval of an 8-D model"
echo "$line8"
check '! grep -q "log_px_quad\|gap=" <<<"$line8"' "no quadrature figures on an 8-D model's line"
check '[ $(wc -l <"$tmp/pe8.csv") -eq 31 ] && awk -F, "NR > 1 && (\$5 != \"\" || \$6 != \"\" || NF != 6) {bad = 1} END {exit bad}" "$tmp/pe8.csv"' "8-D CSV: 30 rows, quadrature fields empty"
check 'near "$(value test_elbo "$line8")" "$(colmean 3 "$tmp/pe8.csv")" 0.0002' "8-D: test_elbo is the mean of the CSV's elbo"
[ $fail -eq 0 ] && echo "cli_eval: all checks passed"
exit $fail
