#!/usr/bin/env bash
# frame_time.sh - frame time of the window while a VAE trains, and the latency of
# decoding at the cursor. Runs the real app under Xvfb at 1280x800 with --bench: after
# a 2 s warm-up it drags the decode cursor around the map every frame (a motion event
# through the normal input path, so each frame decodes and redraws everything),
# renders continuously at the 60 fps cap, and prints the median / 99th percentile of
# the time to build, draw and finish a frame (glFinish included) and of one decode.
# Usage: bench/frame_time.sh [BUILD_DIR] [SECONDS]   (defaults: build, 10)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
secs=${2:-10}
app=$build/vae-explorer
[ -x "$app" ] || { echo "frame_time: no $app (build first)" >&2; exit 1; }
export SDL_VIDEODRIVER=x11
run() { xvfb-run -a -s "-screen 0 1280x800x24" env "$@" "$app" --bench "$secs" 2>/dev/null | grep '^frames='; }
# llvmpipe rasterising in the UI thread: the frame's CPU cost, whatever else runs
inline=$(run LP_NUM_THREADS=0)
echo "in-thread rasteriser: $inline"
line=$(run LP_NUM_THREADS="${LP_NUM_THREADS:-2}")
echo "default rasteriser:   $line"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (other jobs inflate wall-clock times)"
# a readable summary
eval "$(echo "$line" | tr ' ' '\n' | grep '=' | sed 's/^/b_/')"
printf 'frame time at %s: median %s ms, p99 %s ms (target p99 < 16.7 ms), max %s ms over %s frames\n' \
    "$b_size" "$b_frame_ms_median" "$b_frame_ms_p99" "$b_frame_ms_max" "$b_frames"
eval "$(echo "$inline" | tr ' ' '\n' | grep '=' | sed 's/^/i_/')"
printf 'frame CPU cost (rasteriser in the UI thread): median %s ms, p99 %s ms\n' \
    "$i_frame_cpu_ms_median" "$i_frame_cpu_ms_p99"
printf 'decode at cursor: median %s us, p99 %s us (target < 1000 us) over %s decodes\n' \
    "$b_decode_us_median" "$b_decode_us_p99" "$b_decodes"
printf 'training meanwhile: %s samples/s, step %s\n' "$b_samples_per_s" "$b_train_step"
