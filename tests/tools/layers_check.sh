#!/usr/bin/env bash
# layers_check.sh - calls go one way (issue 12): from the file-level call graph of app/
# and engine/ (callgraph --dot), no file calls a file of a higher layer. The layers,
# lowest first: engine < app/core < app/threads < app/gfx, app/cli < app/ui <
# app/gui/panels < app/gui < app/main.c. A panel calls no other panel's file (its own
# helpers are named after it: teach_*.c are the teaching panel's).
# Usage: layers_check.sh CALLGRAPH SRC_DIR
set -euo pipefail
cg=$(realpath "$1") src=$2
cd "$src"
"$cg" --dot app engine | awk '
function layer(f) {
    if (f ~ /^engine\//) return 0
    if (f ~ /^app\/core\//) return 1
    if (f ~ /^app\/threads\//) return 2
    if (f ~ /^app\/(gfx|cli)\//) return 3
    if (f ~ /^app\/ui\//) return 4
    if (f ~ /^app\/gui\/panels\//) return 5
    if (f ~ /^app\/gui\//) return 6
    return 7
}
function panel(f,   b) { b = f; sub(/.*\//, "", b); sub(/\.c$/, "", b); sub(/_.*/, "", b); return b }
/->/ {
    gsub(/"/, ""); a = $1; b = $3; call = $0; sub(/.*tooltip=/, "", call); sub(/[],].*/, "", call)
    edges++
    if (layer(a) < layer(b)) { printf "upward call: %s -> %s (%s)\n", a, b, call; bad++ }
    if (layer(a) == 5 && layer(b) == 5 && panel(a) != panel(b)) {
        printf "panel calls another panel: %s -> %s (%s)\n", a, b, call; bad++
    }
}
END {
    printf "layers: %d file-level edges, %d against the layering\n", edges, bad
    exit bad ? 1 : 0
}'
