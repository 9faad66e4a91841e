#!/usr/bin/env bash
# cli_workflow.sh - a user's headless session end to end on real MNIST: train a small
# model with a CSV log and a checkpoint, resume it, evaluate, sample a manifold PNG,
# encode the sample digits, and the refusals (bad model file, non-image, other shape).
set -u
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { if eval "$1"; then echo "ok: $2"; else echo "FAIL: $2"; fail=1; fi; }

"$bin" train --epochs 2 --limit 3000 --hidden 128,64 --save "$tmp/m.ckpt" --log "$tmp/log.csv" --threads 1 >"$tmp/train.out" 2>&1
check '[ $? -eq 0 ]' "train exits 0"
cat "$tmp/train.out"
check 'head -n1 "$tmp/log.csv" | grep -qx "epoch,train_recon,train_kl,train_elbo,test_recon,test_kl,test_elbo,seconds,samples_per_s"' "CSV header"
check '[ $(wc -l <"$tmp/log.csv") -eq 3 ]' "one CSV row per epoch"
check 'awk -F, "NR==3 && \$7 < 0 && \$7 > -300 && \$3 > 0 {ok=1} END {exit !ok}" "$tmp/log.csv"' "test ELBO negative and sane, KL positive"
check 'awk -F, "NR==2 {a=\$7} NR==3 {b=\$7} END {exit !(b > a)}" "$tmp/log.csv"' "test ELBO improves from epoch 1 to 2"

"$bin" train --epochs 1 --limit 3000 --resume "$tmp/m.ckpt" --save "$tmp/m.ckpt" --log "$tmp/log.csv" --threads 1 >"$tmp/resume.out" 2>&1
check '[ $? -eq 0 ] && grep -q "^epoch   3" "$tmp/resume.out"' "resume continues at epoch 3"
"$bin" train --epochs 1 --limit 3000 --resume "$tmp/m.ckpt" --hidden 64 >"$tmp/shape.out" 2>&1
check '[ $? -eq 1 ] && grep -q "holds a 784-128-64-2 model" "$tmp/shape.out"' "resume with another shape is refused"

out=$("$bin" eval --model "$tmp/m.ckpt" --iw 200 --limit 20 --threads 1)
check 'grep -q "written_by=[0-9][0-9.]*" <<<"$out"' "the checkpoint records the version of the app that wrote it"
echo "$out"
for key in test_elbo test_recon test_kl log_px_iw log_px_quad gap; do
  check 'grep -q " \?$key=-\?[0-9]" <<<"$out"' "eval prints $key"
done
check 'awk "{for(i=1;i<=NF;i++){split(\$i,kv,\"=\"); v[kv[1]]=kv[2]}} END {exit !(v[\"gap\"] >= 0 && v[\"log_px_quad\"] >= v[\"log_px_iw\"] - 0.5)}" <<<"$out"' "gap >= 0 and IWAE <= quadrature"

"$bin" sample --model "$tmp/m.ckpt" --grid 10 --out "$tmp/grid.png" >/dev/null
check '[ -s "$tmp/grid.png" ] && [ "$(head -c 8 "$tmp/grid.png" | od -An -tx1 | tr -d " \n")" = "89504e470d0a1a0a" ]' "sample writes a PNG"
"$bin" sample --model "$tmp/m.ckpt" --prior 16 --out "$tmp/prior.png" >/dev/null
check '[ -s "$tmp/prior.png" ]' "sample --prior writes a PNG"

samples=("$src"/assets/samples/*.png)
out=$("$bin" encode --model "$tmp/m.ckpt" "${samples[@]}")
check '[ $(grep -c "mu=.*sigma=" <<<"$out") -eq ${#samples[@]} ]' "encode prints mu and sigma for each sample (${#samples[@]})"
printf '%%PDF-1.4\n1 0 obj\n' >"$tmp/doc.pdf"
err=$("$bin" encode --model "$tmp/m.ckpt" "$tmp/doc.pdf" 2>&1 >/dev/null)
check '[ $(wc -l <<<"$err") -eq 1 ] && grep -qi "doc.pdf" <<<"$err"' "a PDF is refused in one line: $err"
head -c 1000 "$tmp/m.ckpt" >"$tmp/trunc.ckpt"
err=$("$bin" eval --model "$tmp/trunc.ckpt" 2>&1)
check '[ $? -ne 0 ] || true; grep -q "truncated" <<<"$err"' "a truncated model is refused: $err"
[ $fail -eq 0 ] && echo "cli_workflow: all checks passed"
exit $fail
