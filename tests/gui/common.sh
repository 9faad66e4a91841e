# common.sh - shared helpers of the GUI test scripts (sourced, not run).
# Each script gets: APP (the vae-explorer binary), CHECK (png_check), OUT (a folder).
set -euo pipefail
export SDL_VIDEODRIVER=x11
export SDL_AUDIODRIVER=dummy
# Mesa's llvmpipe rasterises in the calling thread and keeps no shader-cache thread:
# its own threads synchronise in uninstrumented code, which TSan would misreport.
export LP_NUM_THREADS=0 MESA_SHADER_CACHE_DISABLE=true
APP=$1 CHECK=$2 OUT=$3
shift 3
rm -rf "$OUT" && mkdir -p "$OUT"
# each test has its own user data folder (the autosave lives there)
export XDG_DATA_HOME="$OUT/xdg-data"
export XDG_CONFIG_HOME="$OUT/xdg-config" # the window state saved between runs
APP_PID=

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

# Starts the app in the background (arguments are window options); sets APP_PID and WID.
start_app() {
    rm -f "$OUT/status" # a status file from an earlier start must not answer for this one
    # shellcheck disable=SC2086 # VAE_TEST_WINDOW: window options of a size variant
    "$APP" ${VAE_TEST_WINDOW:-} --write-layout --screenshot-on-key "$OUT/shot-" --status-file "$OUT/status" "$@" \
        >"$OUT/app.log" 2>&1 &
    APP_PID=$!
    WID=$(timeout 15 xdotool search --sync --name '^VAE Explorer' | head -1)
    [ -n "$WID" ] || { log "no window"; cat "$OUT/app.log"; exit 1; }
    log "window $WID (pid $APP_PID)"
}

# Waits until the worker has done N training steps (slow builds such as TSan differ).
wait_steps() {
    local n=$1 step=0
    for _ in $(seq 1 1800); do
        step=$(awk '$1 == "step" { print $2 }' "$OUT/status" 2>/dev/null || echo 0)
        [ "${step:-0}" -ge "$n" ] && { log "step $step"; return 0; }
        kill -0 "$APP_PID" 2>/dev/null || { log "the app died"; cat "$OUT/app.log"; exit 1; }
        sleep 0.1
    done
    log "training did not reach step $n (at ${step:-0})"; exit 1
}

# Waits until the window shows the worker paused (state 2): the weights are final.
wait_paused() {
    for _ in $(seq 1 600); do
        [ "$(awk '$1 == "state" { print $2 }' "$OUT/status" 2>/dev/null)" = 2 ] && return 0
        sleep 0.1
    done
    log "the worker did not pause"; exit 1
}

# Presses F12 and waits for shot-N.png and its layout; prints the path.
shot() {
    local n=$1 f="$OUT/shot-$1.png"
    xdotool key --window "$WID" F12
    for _ in $(seq 1 600); do                 # slow builds (TSan) need the time
        [ -s "$f" ] && [ -s "$f.layout" ] && { sleep 0.1; echo "$f"; return 0; }
        sleep 0.1
    done
    log "screenshot $n did not appear: the app is not responding"
    return 1
}

# Reads a rectangle "x y w h" from a layout file.
rect() { awk -v k="$2" '$1 == k { print $2, $3, $4, $5 }' "$1"; }

# Ends the app with Ctrl+Q and checks that it exits cleanly (0; TSan reports give 66).
stop_app() {
    xdotool key --window "$WID" ctrl+q || true
    local rc=0
    for _ in $(seq 1 100); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$APP_PID" 2>/dev/null; then
        log "the app did not quit on Ctrl+Q"; kill "$APP_PID"; rc=1
    fi
    wait "$APP_PID" || rc=$?
    if [ "$rc" -ne 0 ]; then log "app exit code $rc"; cat "$OUT/app.log"; exit 1; fi
    if grep -q "ThreadSanitizer" "$OUT/app.log"; then cat "$OUT/app.log"; exit 1; fi
}

cleanup() { [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null || true; }
trap cleanup EXIT
