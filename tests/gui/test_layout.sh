#!/usr/bin/env bash
# test_layout.sh - the layout reflows (issue 12): at each window size and interface scale,
# with teach mode off and on, every panel lies inside the window without overlapping
# another, every visible widget inside its panel, no two widgets overlap, and every
# control of the Controls panel is reachable (visible or by scrolling it). Real input:
# the wheel scrolls the Controls panel at a size where it must scroll, Tab switches teach
# mode, and the window state (size, scale) is saved on exit and used on the next start.
# Usage: test_layout.sh APP CHECK OUT LAYOUT_CHECK
# (run under an Xvfb screen of at least 1920x1080)
. "$(dirname "$0")/common.sh"
LCHECK=$1
n=0; rm -f "$OUT"/shot-*
run() { # W H SCALE MODE: a window of that size, teach off then on
    local w=$1 h=$2 s=$3 mode=$4
    n=0; rm -f "$OUT"/shot-*
    start_app --window "${w}x${h}" --scale "$s" --paused
    wait_paused
    local f1 f2
    if [ "$mode" = compact ]; then # one page at a time: the plot, then (F6) the controls
        n=$((n + 1)); f1=$(shot $n); "$LCHECK" "$f1.layout" --expect-mode "$mode"
        xdotool key --window "$WID" F6; sleep 0.3
    fi
    n=$((n + 1)); f1=$(shot $n); "$LCHECK" "$f1.layout" --controls --expect-mode "$mode"
    grep -q "^window $w $h$" "$f1.layout" || { log "window is not ${w}x${h}: $(grep ^window "$f1.layout")"; exit 1; }
    xdotool key --window "$WID" Tab; sleep 0.3
    n=$((n + 1)); f2=$(shot $n); "$LCHECK" "$f2.layout"
    grep -q "^panel teach " "$f2.layout" || { log "no teach panel after Tab at ${w}x${h}@$s"; exit 1; }
    cp "$f1" "$OUT/layout-${w}x${h}@$s.png"; cp "$f2" "$OUT/layout-${w}x${h}@$s-teach.png"
    if [ "$mode" = compact ]; then # Tab off, then F6 round the pages to Teach: it turns teach mode on
        xdotool key --window "$WID" Tab F6 F6 F6 F6; sleep 0.4
        n=$((n + 1)); f3=$(shot $n); "$LCHECK" "$f3.layout"
        grep -q "^panel teach " "$f3.layout" || { log "F6 to the Teach page showed no teaching view"; exit 1; }
    fi
    if [ "$mode" != compact ]; then # lesson mode (L) reflows too, at its larger scale
        xdotool key --window "$WID" l; sleep 0.4
        n=$((n + 1)); f3=$(shot $n); "$LCHECK" "$f3.layout"
        grep -q "^mode lesson\|^mode compact" "$f3.layout" || { log "L did not switch to the lesson layout"; exit 1; }
        grep -q "^panel band " "$f3.layout" || grep -q "^mode compact" "$f3.layout" || { log "no equation band"; exit 1; }
        cp "$f3" "$OUT/layout-${w}x${h}@$s-lesson.png"
    fi
    stop_app
}
run 1024 640 1 wide
run 1366 768 1 wide
run 1920 1080 1.5 wide
run 1366 768 1.5 two
run 1280 800 1 wide
run 1280 800 0.75 wide
run 960 600 2.5 compact
run 1024 768 1.5 compact

# The Controls panel must scroll at 1366x768 at scale 1.5 (two columns): the wheel over it moves
# a control from "scrolled" to "visible".
n=0; rm -f "$OUT"/shot-*
start_app --window 1366x768 --scale 1.5 --paused
wait_paused
n=$((n + 1)); f=$(shot $n); "$LCHECK" "$f.layout" --controls
# shellcheck disable=SC2046
set -- $(awk '$1 == "panel" && $2 == "controls" { print $3, $4, $5, $6 }' "$f.layout")
[ $# -eq 4 ] || { log "no controls panel at 1366x768@1.5"; grep ^mode "$f.layout"; exit 1; }
grep -q '^widget controls help .* scrolled$' "$f.layout" || { log "expected Help to need scrolling"; exit 1; }
xdotool mousemove --window "$WID" $(($1 + $3 / 2)) $(($2 + $4 / 2))
for _ in 1 2 3 4 5 6 7 8 9 10; do xdotool click --window "$WID" 5; done
sleep 0.3
n=$((n + 1)); f=$(shot $n); "$LCHECK" "$f.layout" --controls
grep -q '^widget controls help .* visible$' "$f.layout" || { log "the wheel did not scroll the controls"; exit 1; }
# + makes everything larger: the saved scale must come back on the next start
xdotool key --window "$WID" plus; sleep 0.3
stop_app
grep -q '^scale 1.72' "$XDG_CONFIG_HOME/vae-explorer/window.conf" || {
    log "window state not saved"; cat "$XDG_CONFIG_HOME/vae-explorer/window.conf"; exit 1; }
start_app --paused
wait_paused
awk '$1 == "scale" { exit !($2 > 1.7 && $2 < 1.75) }' "$OUT/status" || { log "saved scale not used"; cat "$OUT/status"; exit 1; }
stop_app
# the last dataset comes back: switch to Fashion-MNIST (D, then Return), quit, restart
n=0; rm -f "$OUT"/shot-*
start_app --paused
wait_paused
xdotool key --window "$WID" d; sleep 0.3; xdotool key --window "$WID" Return
for _ in $(seq 1 300); do
    awk '$1 == "dataset" { d = $2 } $1 == "state" { s = $2 } END { exit !(d == 1 && s == 2) }' "$OUT/status" && break
    sleep 0.2
done
stop_app
grep -q '^data 1$' "$XDG_CONFIG_HOME/vae-explorer/window.conf" || {
    log "the last dataset (Fashion-MNIST) was not saved"; cat "$XDG_CONFIG_HOME/vae-explorer/window.conf"; exit 1; }
start_app --paused
wait_paused
awk '$1 == "dataset" { exit !($2 == 1) }' "$OUT/status" || { log "the saved dataset was not used"; exit 1; }
stop_app
# a corrupt state file: a one-line notice, defaults, the window still opens
printf 'w banana\nscale 99\n' >"$XDG_CONFIG_HOME/vae-explorer/window.conf"
start_app --paused
wait_paused
awk '$1 == "scale" { exit !($2 == 1) }' "$OUT/status" || { log "bad saved scale was used"; exit 1; }
stop_app
grep -q "unreadable line" "$OUT/app.log" || { log "no notice for the corrupt file"; cat "$OUT/app.log"; exit 1; }
log "layout ok"
