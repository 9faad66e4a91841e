#!/usr/bin/env bash
# make_screenshots.sh - refreshes docs/screenshot-{training,drag,drop}.png from the real
# app under Xvfb, and the window at other sizes: a 1024x768 projector, 1920x1080 at
# interface scale 1.5, 3840x2160 at scale 2 (run it by hand after a change of look; not
# a ctest test).
# Usage: tests/gui/make_screenshots.sh [BUILD_DIR] [TRAIN_SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
secs=${2:-30}
if [ -z "${VAE_IN_XVFB:-}" ]; then
    export VAE_IN_XVFB=1
    exec xvfb-run -a -s "-screen 0 3840x2160x24" "$0" "$build" "$secs"
fi
export SDL_VIDEODRIVER=x11
out=$(mktemp -d)
export XDG_CONFIG_HOME="$out/xdg-config" # no saved window state either
export XDG_DATA_HOME="$out/xdg" # no autosave from an earlier run: no dialog over the shots
"$build/vae-explorer" --window 1280x800 --write-layout --screenshot-on-key "$out/shot-" >"$out/app.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$out"' EXIT
WID=$(timeout 15 xdotool search --sync --name '^VAE Explorer' | head -1)
shot() {
    xdotool key --window "$WID" F12
    for _ in $(seq 1 100); do [ -s "$out/shot-$1.png" ] && break; sleep 0.1; done
    sleep 0.2
}
sleep "$secs"
# training: the pointer over the plot shows the hover read-out
read -r px py pw ph < <(awk '$1 == "plot" { print $2, $3, $4, $5 }' "$out/shot-1.png.layout" 2>/dev/null || echo "68 160 360 260")
shot 1
read -r px py pw ph < <(awk '$1 == "plot" { print $2, $3, $4, $5 }' "$out/shot-1.png.layout")
xdotool mousemove --window "$WID" $((px + pw * 2 / 3)) $((py + ph / 3))
sleep 0.5
shot 2
cp "$out/shot-2.png" "$here/docs/screenshot-training.png"
# drag: press on the map and drag, with the manifold underneath
read -r mx my mw mh < <(awk '$1 == "map" { print $2, $3, $4, $5 }' "$out/shot-1.png.layout")
xdotool key --window "$WID" m
xdotool mousemove --window "$WID" $((mx + mw / 2)) $((my + mh / 2)) mousedown 1
for i in $(seq 1 10); do
    xdotool mousemove --window "$WID" $((mx + mw / 2 + mw * i / 40)) $((my + mh / 2 - mh * i / 50))
    sleep 0.05
done
sleep 0.5
shot 3
xdotool mouseup 1
cp "$out/shot-3.png" "$here/docs/screenshot-drag.png"
# drop: a digit image from assets/samples, through a real XDND drop
xdotool key --window "$WID" m
"$build/tests/gui/xdnd_drop" "$WID" 640 400 "$here/assets/samples/drawn-0.png" >/dev/null
sleep 1.5
shot 4
cp "$out/shot-4.png" "$here/docs/screenshot-drop.png"
xdotool key --window "$WID" ctrl+q
wait $pid || true
for spec in "1024x768 1 screenshot-1024x768.png" "1920x1080 1.5 screenshot-scale-1.5.png" \
            "3840x2160 2 screenshot-3840x2160.png"; do
    read -r size scale name <<<"$spec"
    rm -rf "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"
    "$build/vae-explorer" --window "$size" --scale "$scale" --screenshot "$here/docs/$name" \
        --quit-after 8 --min-steps 400 >>"$out/app.log" 2>&1
    echo "wrote docs/$name"
done
echo "wrote docs/screenshot-training.png, docs/screenshot-drag.png, docs/screenshot-drop.png"
