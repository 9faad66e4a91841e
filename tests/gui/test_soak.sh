#!/usr/bin/env bash
# test_soak.sh - drives the window for SOAK_SECONDS (default 90) with random input as
# a restless class would: drags on the map, drops of good and bad files (digits, a
# PDF, text, an empty file, corrupt PNGs, a folder), control keys (pause, step, reset,
# beta, batch, manifold, log scale, language, theme, teach mode and its tabs, restart
# dialogs confirmed or cancelled). Every 5 s it checks that the app answers (an F12
# screenshot appears) and samples its resident memory. Memory must stay flat: the floor
# of the samples (their minimum, which ignores the transient buffers of a restart or a
# teaching computation) in the last third of the run may exceed the floor of the middle
# third by at most 120 MB. Transient buffers (a restart's new model and data, a teaching
# job) swing the resident size by 200-300 MB, so with a sample every 5 s this catches a
# leak of more than ~1 MB/s, not a slow one. The app must quit cleanly at the end.
. "$(dirname "$0")/common.sh"
DROP=$1 SRC=$2
secs=${SOAK_SECONDS:-90}
RANDOM=${SOAK_SEED:-7}
goods=("$SRC"/assets/samples/*.png)
bads=("$SRC"/tests/data/pngsuite/corrupt/*.png "$SRC"/tests/data/regress/image-*)
printf '%%PDF-1.4\n1 0 obj <<>> endobj\n' >"$OUT/slides.pdf"
printf 'notes\n' >"$OUT/notes.txt"
: >"$OUT/empty.png"
mkdir -p "$OUT/a folder"
bads+=("$OUT/slides.pdf" "$OUT/notes.txt" "$OUT/empty.png" "$OUT/a folder")
keys=(space s b shift+b n shift+n m g c Left Right Up Down BackSpace F2 t Tab 1 2 3 4 5 6 7 Tab)

start_app
wait_steps 20
shots=1
f=$(shot $shots)
read -r mx my mw mh < <(rect "$f.layout" map)
rss() { awk '/VmRSS/ { print int($2 / 1024) }' "/proc/$APP_PID/status"; }
heap() { awk '$1 == "heap_kb" { print int($2 / 1024) }' "$OUT/status"; } # malloc'ed, not freed

random_action() {
    case $((RANDOM % 10)) in
    0 | 1 | 2)
        local x0=$((mx + RANDOM % mw)) y0=$((my + RANDOM % mh))
        xdotool mousemove --window "$WID" $x0 $y0 mousedown 1
        for _ in 1 2 3 4; do xdotool mousemove --window "$WID" $((mx + RANDOM % mw)) $((my + RANDOM % mh)); done
        xdotool mouseup 1 ;;
    3) "$DROP" "$WID" 640 400 "${goods[RANDOM % ${#goods[@]}]}" >/dev/null 2>&1 || true ;;
    4) "$DROP" "$WID" 640 400 "${bads[RANDOM % ${#bads[@]}]}" >/dev/null 2>&1 || true ;;
    5 | 6 | 7) xdotool key --window "$WID" "${keys[RANDOM % ${#keys[@]}]}" ;;
    8) xdotool click --window "$WID" 5 ;;                     # wheel: zoom
    9) if ((RANDOM % 4 == 0)); then                           # restart dialogs
           xdotool key --window "$WID" h; sleep 0.3
           xdotool key --window "$WID" $([ $((RANDOM % 2)) = 0 ] && echo Return || echo Escape)
       else
           xdotool key --window "$WID" r                       # reset (same seed)
       fi ;;
    esac
}

start=$(date +%s) n=0 actions=0 mid=999999 last=999999 hmid=999999 hlast=999999
while (($(date +%s) - start < secs)); do
    for _ in $(seq 1 8); do random_action; actions=$((actions + 1)); sleep 0.05; done
    now=$(($(date +%s) - start))
    if ((now / 5 > n)); then
        n=$((now / 5))
        xdotool key --window "$WID" Escape                     # close any dialog first
        shots=$((shots + 1))
        shot "$shots" >/dev/null || { log "not answering at ${now}s"; exit 1; }
        m=$(rss) h=$(heap)
        log "t=${now}s actions=$actions rss=${m} MB heap=${h} MB"
        if ((now >= secs / 3 && now < secs * 2 / 3)); then ((m < mid)) && mid=$m; ((h < hmid)) && hmid=$h; fi
        if ((now >= secs * 2 / 3)); then ((m < last)) && last=$m; ((h < hlast)) && hlast=$h; fi
    fi
done
log "soak: $actions actions in ${secs}s, answering throughout; resident floor $mid MB (middle third) -> $last MB (last third), malloc floor $hmid -> $hlast MB"
if ((last - mid > 120)); then log "memory grew: resident floor $mid -> $last MB"; exit 1; fi
HEAP_BOUND=${SOAK_HEAP_BOUND:-100}
if ((hlast - hmid > HEAP_BOUND)); then log "memory grew: malloc floor $hmid -> $hlast MB"; exit 1; fi
stop_app
