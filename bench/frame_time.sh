#!/usr/bin/env bash
# frame_time.sh - frame time of the window while a VAE trains, and the latency of
# decoding at the cursor. Runs the real app under Xvfb at 1280x800 with --bench: after
# a 2 s warm-up it drags the decode cursor around the map every frame (a motion event
# through the normal input path, so each frame decodes and redraws everything),
# renders continuously at the 60 fps cap, and prints the median / 99th percentile of
# the time to build, draw and finish a frame (glFinish included) and of one decode.
# Each setting runs REPS times (default 3) in a fresh user data folder (no autosave
# dialog over the frame); the summary gives the median over runs of each figure.
# Settings: the app's default (on <= 2 cores it rasterises in the UI thread), and
# Mesa's default of one llvmpipe thread per core (LP_NUM_THREADS=$(nproc)).
# Usage: bench/frame_time.sh [BUILD_DIR] [SECONDS] [REPS]   (defaults: build, 10, 3)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
secs=${2:-10}
reps=${3:-3}
app=$build/vae-explorer
[ -x "$app" ] || { echo "frame_time: no $app (build first)" >&2; exit 1; }
export SDL_VIDEODRIVER=x11
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
run() {
    rm -rf "$tmp/xdg" && mkdir -p "$tmp/xdg"
    xvfb-run -a -s "-screen 0 1280x800x24" env XDG_DATA_HOME="$tmp/xdg" "$@" "$app" --bench "$secs" \
        2>/dev/null | grep '^frames='
}
# median over the runs in file $1 of the field $2
med() { tr ' ' '\n' < "$1" | sed -n "s/^$2=//p" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for setting in app mesa; do
    : > "$tmp/$setting"
    for ((i = 1; i <= reps; i++)); do
        if [ $setting = app ]; then line=$(run env -u LP_NUM_THREADS); else line=$(run LP_NUM_THREADS="$(nproc)"); fi
        echo "$setting run $i: $line"
        echo "$line" >> "$tmp/$setting"
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (other jobs inflate wall-clock times)"
for setting in app mesa; do
    f=$tmp/$setting
    label="app default (in-thread on $(nproc) cores)"
    [ $setting = mesa ] && label="LP_NUM_THREADS=$(nproc) (Mesa's default)"
    printf '%s, medians of %s runs at %s: frame median %s ms, p99 %s ms (target p99 < 16.7 ms), frame CPU median %s ms; decode at cursor median %s us, p99 %s us (target < 1000 us); training meanwhile %s samples/s\n' \
        "$label" "$reps" "$(med "$f" size)" "$(med "$f" frame_ms_median)" "$(med "$f" frame_ms_p99)" \
        "$(med "$f" frame_cpu_ms_median)" "$(med "$f" decode_us_median)" "$(med "$f" decode_us_p99)" \
        "$(med "$f" samples_per_s)"
done
