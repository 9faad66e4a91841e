#!/usr/bin/env bash
# test_window.sh - the window opens, trains, and --screenshot shows the plot with its
# three curves, the map with the class colours, and a decoded digit.
. "$(dirname "$0")/common.sh"
"$APP" --screenshot "$OUT/train.png" --quit-after 4 --min-steps 150 --write-layout >"$OUT/app.log" 2>&1 || {
    cat "$OUT/app.log"; exit 1; }
grep -q ThreadSanitizer "$OUT/app.log" && { cat "$OUT/app.log"; exit 1; }
cat "$OUT/train.png.layout"
"$CHECK" "$OUT/train.png" plot-curves map-classes digit-contrast
