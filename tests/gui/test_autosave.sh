#!/usr/bin/env bash
# test_autosave.sh - nothing lost between sessions: the window autosaves the running
# model at every epoch end into the user data folder; the next start offers it, and
# accepting resumes training at that epoch; declining keeps it aside as
# autosave-previous.vaeckpt. Uses a 1000-digit MNIST subset so epochs are short.
. "$(dirname "$0")/common.sh"
SRC=$1
small="$OUT/small"
mkdir -p "$small"
subset() { # subset NAME: the first 1000 records of an IDX file
    local f="$SRC/data/mnist/$1" hdr=16 rec=784 magic='\x00\x00\x08\x03' dims='\x00\x00\x00\x1c\x00\x00\x00\x1c'
    case $1 in *labels*) hdr=8 rec=1 magic='\x00\x00\x08\x01' dims= ;; esac
    { printf "$magic"'\x00\x00\x03\xe8'"$dims"
      dd if="$f" iflag=skip_bytes,count_bytes skip=$hdr count=$((1000 * rec)) status=none; } >"$small/$1"
}
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do subset $f; done
save="$XDG_DATA_HOME/vae-explorer/autosave.vaeckpt"

start_app --data "$small"
for _ in $(seq 1 1200); do
    e=$(awk '$1 == "epoch" { print $2 }' "$OUT/status" 2>/dev/null || echo 0)
    [ "${e:-0}" -ge 3 ] && break
    sleep 0.1
done
[ "${e:-0}" -ge 3 ] || { log "training did not reach epoch 3"; exit 1; }
stop_app
[ -s "$save" ] || { log "no autosave at $save"; exit 1; }
log "autosaved: $(ls -l "$save")"

# second session: the offer is shown; Return resumes at the saved epoch
start_app --data "$small" --paused
sleep 1
f=$(shot 1)
log "offer shown: $f"
# the offer has no text field: typing, Backspace and Ctrl+V must not edit a hidden one
xdotool type --window "$WID" xyz; xdotool key --window "$WID" BackSpace ctrl+v
sleep 0.6
awk '$1 == "dialog" { d = $2 } $1 == "field_len" { n = $2 } END { exit !(d == 3 && n == "0") }' "$OUT/status" || {
    log "typing edited a hidden field under the autosave offer:"; grep -E '^(dialog|field_len)' "$OUT/status"; exit 1; }
xdotool key --window "$WID" Return
for _ in $(seq 1 300); do
    e=$(awk '$1 == "epoch" { print $2 }' "$OUT/status" 2>/dev/null || echo 0)
    [ "${e:-0}" -ge 3 ] && break
    sleep 0.1
done
[ "${e:-0}" -ge 3 ] || { log "the autosave was not resumed (epoch ${e:-0})"; exit 1; }
log "resumed at epoch $e"
stop_app

# third session: Escape declines; the model is kept aside, not lost
start_app --data "$small" --paused
sleep 1
xdotool key --window "$WID" Escape
sleep 0.5
stop_app
[ -s "$XDG_DATA_HOME/vae-explorer/autosave-previous.vaeckpt" ] || { log "declining lost the autosave"; exit 1; }
log "declined: kept as autosave-previous.vaeckpt"
