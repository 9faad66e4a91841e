#!/usr/bin/env bash
# test_drag.sh - real X input: xdotool presses and drags on the map; the decoded
# digit differs between two cursor positions and stays the same without a move.
. "$(dirname "$0")/common.sh"
start_app
wait_steps 150                            # train a little
xdotool key --window "$WID" space         # pause, so only the cursor changes the digit
wait_paused
sleep 0.5
f=$(shot 1)
read -r mx my mw mh < <(rect "$f.layout" map)
ax=$((mx + mw * 30 / 100)) ay=$((my + mh / 2))
bx=$((mx + mw * 70 / 100)) by=$((my + mh * 35 / 100))
xdotool mousemove --window "$WID" $ax $ay mousedown 1
sleep 0.3
a1=$(shot 2)
a2=$(shot 3)                              # same place: the digit must not change
for i in 1 2 3 4 5 6 7 8; do              # drag in steps, button held
    xdotool mousemove --window "$WID" $((ax + (bx - ax) * i / 8)) $((ay + (by - ay) * i / 8))
    sleep 0.05
done
sleep 0.3
b=$(shot 4)
xdotool mouseup 1
"$CHECK" "$b" digit-contrast digit-differs "$a1"
if "$CHECK" "$a2" digit-differs "$a1"; then
    echo "the digit changed without moving the cursor"; exit 1
fi
stop_app
