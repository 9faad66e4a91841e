#!/usr/bin/env bash
# test_teach.sh - the teaching views (issue 4): select a digit by a real XDND drop,
# switch to Teach mode (Tab), and check each view's screenshot by its pixels: the true
# posterior heatmap (on the map and zoomed in the panel), the identity's stacked bars,
# the estimator plot, the rate-distortion trace, the aggregate posterior, the
# amortisation view, the walks; then the lesson layout (L) and a lesson file (Ctrl+L).
# Usage: test_teach.sh APP CHECK OUT DROP SAMPLE TEACH_CHECK [SHOTS_DIR]
. "$(dirname "$0")/common.sh"
DROP=$1 SAMPLE=$2 TCHECK=$3 SHOTS=${4:-}
export HOME="$OUT"                    # Ctrl+L saves the lesson here
# For the docs' screenshots: TEACH_STEPS (training first), TEACH_DWELL (seconds on view 2,
# for the history over training), TEACH_ARGS (window options, e.g. --lang ko).
# shellcheck disable=SC2086
start_app ${TEACH_ARGS:-}
wait_steps "${TEACH_STEPS:-300}"
"$DROP" "$WID" 640 400 "$SAMPLE"      # selects the image
sleep 0.5
save() { if [ -n "$SHOTS" ]; then cp "$1" "$SHOTS/screenshot-teach-$2.png"; fi; }
n=0
# Takes screenshots until the view passes its checks (the teaching thread needs a few
# seconds per view, much longer under TSan); leaves the last one in $last.
until_ok() {
    local name=$1; shift
    for _ in $(seq 1 40); do
        n=$((n + 1))
        last=$(shot $n)
        if "$TCHECK" "$last" "$@" >"$OUT/check.txt"; then cat "$OUT/check.txt"; save "$last" "$name"; return 0; fi
        sleep 2
    done
    cat "$OUT/check.txt"; log "view $name never passed"; exit 1
}
xdotool key --window "$WID" Tab       # teaching mode, view 1
until_ok 1-posterior heat-panel heat-map
xdotool key --window "$WID" 2; until_ok 2-identity identity-bars
if [ "${TEACH_DWELL:-0}" -gt 0 ]; then sleep "$TEACH_DWELL"; until_ok 2-identity identity-bars; fi
xdotool key --window "$WID" 3; until_ok 3-sampling estimator-plot
xdotool key --window "$WID" 4; until_ok 4-beta rd-trace
xdotool key --window "$WID" 5; until_ok 5-aggregate heat-panel
xdotool key --window "$WID" 6; until_ok 6-amortisation heat-panel amortisation
read -r mx my mw mh < <(rect "$last.layout" map)
xdotool mousemove --window "$WID" $((mx + mw / 4)) $((my + mh / 2)) click 1   # pick a second digit
sleep 0.5
xdotool key --window "$WID" 7; until_ok 7-walks digits-strip
xdotool key --window "$WID" 1 l       # the lesson layout on view 1
until_ok 8-lesson heat-panel
xdotool key --window "$WID" ctrl+l
for _ in $(seq 1 50); do [ -s "$OUT/vae-explorer.lesson" ] && break; sleep 0.1; done
grep -q '^seed = ' "$OUT/vae-explorer.lesson" || { log "no lesson file"; exit 1; }
grep -q '^panels = ' "$OUT/vae-explorer.lesson" || { log "lesson file without panels"; exit 1; }
stop_app
log "teaching views ok"
