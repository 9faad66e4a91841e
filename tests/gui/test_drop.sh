#!/usr/bin/env bash
# test_drop.sh - a real XDND drop of a digit image shows its posterior on the map and
# the images in the panel; a drop of a non-image shows an error and the app goes on.
. "$(dirname "$0")/common.sh"
DROP=$1 SAMPLE=$2
start_app
wait_steps 60
"$DROP" "$WID" 640 400 "$SAMPLE"
sleep 1
f=$(shot 1)
"$CHECK" "$f" posterior input-shown
printf 'just some notes, not a picture\n' >"$OUT/notes.txt"
"$DROP" "$WID" 640 400 "$OUT/notes.txt"
sleep 0.5
g=$(shot 2)
"$CHECK" "$g" error-banner
printf '%%PDF-1.4\n%%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%%%EOF\n' >"$OUT/slides.pdf"
"$DROP" "$WID" 640 400 "$OUT/slides.pdf"
sleep 0.5
read -r mx my mw mh < <(rect "$g.layout" map)
xdotool mousemove --window "$WID" $((mx + mw / 4)) $((my + mh / 4)) mousedown 1
xdotool mousemove --window "$WID" $((mx + mw * 3 / 4)) $((my + mh * 3 / 4))
xdotool mouseup 1
h=$(shot 3)                               # still answering after two refused drops
"$CHECK" "$h" error-banner digit-contrast
stop_app
