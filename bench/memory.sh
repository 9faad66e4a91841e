#!/usr/bin/env bash
# memory.sh - start-up time and memory of the window (issue 5's goal 4). Each run
# launches the real app under Xvfb at 1280x800 on MNIST (raw IDX) in a fresh user data
# folder, and reads its status file (--status-file): start-up is the wall-clock time from
# the launch to the first frame shown; then, while the VAE trains for SECONDS, a script
# drags on the map, drops a digit (and in a second set of runs opens teach mode and
# walks its seven views), and samples
# the resident size (VmRSS), the peak (VmHWM) and the bytes malloc has in use
# (heap_kb). Prints one line per run and the medians over REPS runs.
# Usage: bench/memory.sh [BUILD_DIR] [SECONDS] [REPS]   (defaults: build, 60, 3)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
secs=${2:-60}
reps=${3:-3}
export SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy

one_run() { # runs inside xvfb-run; prints "startup_ms= peak_rss_mb= ..."
    local st=$tmp/status t0 pid wid
    rm -rf "$tmp/xdg" "$st" && mkdir -p "$tmp/xdg"
    t0=$(date +%s.%N)
    env XDG_DATA_HOME=$tmp/xdg ${VAE_MEMORY_ENV:-} "$app" --status-file "$st" >/dev/null 2>&1 &
    pid=$!
    local first=0
    for _ in $(seq 1 200); do
        first=$(awk '$1 == "first_frame_unix" { print $2 }' "$st" 2>/dev/null || echo 0)
        [ "${first:-0}" != 0 ] && [ "${first:-0}" != 0.000000 ] && break
        sleep 0.05
    done
    wid=$(xdotool search --name '^VAE Explorer' | head -1)
    local start rss max_rss=0 heap max_heap=0 n=0 sum_rss=0
    start=$(date +%s)
    while (($(date +%s) - start < secs)); do
        case $((n % 20)) in
        3) xdotool mousemove --window "$wid" 640 420 mousedown 1 mousemove --window "$wid" 700 460 mouseup 1 ;;
        6) "$drop" "$wid" 640 400 "$here/assets/samples/mnist-3.png" >/dev/null 2>&1 || true ;;
        9) ((teach)) && xdotool key --window "$wid" Tab ;;
        10 | 11 | 12 | 13 | 14 | 15 | 16) ((teach)) && xdotool key --window "$wid" $((n % 20 - 9)) ;;
        18) ((teach)) && xdotool key --window "$wid" Tab ;;
        esac
        n=$((n + 1))
        sleep 0.5
        rss=$(awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$pid/status")
        heap=$(awk '$1 == "heap_kb" { print int($2 / 1024) }' "$st" 2>/dev/null || echo 0)
        ((rss > max_rss)) && max_rss=$rss
        ((heap > max_heap)) && max_heap=$heap
        sum_rss=$((sum_rss + rss))
    done
    local hwm step
    hwm=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$pid/status")
    step=$(awk '$1 == "step" { print $2 }' "$st")
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    awk -v t0="$t0" -v f="$first" -v hwm="$hwm" -v mean=$((sum_rss / n)) -v mh="$max_heap" -v step="$step" \
        'BEGIN { printf "startup_ms=%.0f peak_rss_mb=%d mean_rss_mb=%d peak_heap_mb=%d train_steps=%d\n", (f - t0) * 1e3, hwm, mean, mh, step }'
}
if [ "${1:-}" = --inner ]; then # under xvfb-run: one run
    app=$2 drop=$3 secs=$4 tmp=$5 teach=$6
    one_run
    exit 0
fi

app=$build/vae-explorer drop=$build/tests/gui/xdnd_drop
[ -x "$app" ] && [ -x "$drop" ] || { echo "memory: build first ($app, $drop)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: >"$tmp/runs"
med() { tr ' ' '\n' <"$tmp/runs" | sed -n "s/^$1=//p" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for teach in 0 1; do
    : >"$tmp/runs"
    what="training, drags and a drop"
    ((teach)) && what="the same with teach mode and its seven views"
    for ((i = 1; i <= reps; i++)); do
        line=$(xvfb-run -a -s "-screen 0 1280x800x24" "$0" --inner "$app" "$drop" "$secs" "$tmp" "$teach")
        echo "$what, run $i: $line"
        echo "$line" >>"$tmp/runs"
    done
    printf '%s: medians of %s runs: start-up to first frame %s ms (target < 1000), peak RSS %s MB (target < 300), mean RSS %s MB, peak malloc in use %s MB\n' \
        "$what" "$reps" "$(med startup_ms)" "$(med peak_rss_mb)" "$(med mean_rss_mb)" "$(med peak_heap_mb)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
