#!/usr/bin/env bash
# install_window.sh - (inside xvfb-run) the moved install's window, run from another
# folder with an empty home, opens, trains and writes its --screenshot; its text is
# drawn with the fonts of the moved prefix (the open font files in /proc/PID/fd), and
# the screenshot holds the curves, the class colours and a decoded digit.
. "$(dirname "$0")/common.sh"
CHECK=$1
export SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy
"$APP" --data "$SRC/data/mnist" --screenshot "$OUT/shot.png" --quit-after 3 --min-steps 100 --write-layout \
    >"$OUT/app.log" 2>&1 &
pid=$!
fonts=
for _ in $(seq 1 300); do
    fonts=$(ls -l "/proc/$pid/fd" 2>/dev/null | grep -o '/[^ ]*\.ttf' | sort -u || true)
    [ -n "$fonts" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
done
wait "$pid" || { cat "$OUT/app.log"; die "the window exited with an error"; }
[ -n "$fonts" ] || { cat "$OUT/app.log"; die "no font file was open while the window ran"; }
log "fonts open: $(echo $fonts)"
while read -r f; do
    [[ $f == "$PREFIX/share/vae-explorer/fonts/"* ]] || die "font $f is not from the moved prefix"
done <<<"$fonts"
[ -s "$OUT/shot.png" ] || { cat "$OUT/app.log"; die "no screenshot"; }
"$CHECK" "$OUT/shot.png" plot-curves map-classes digit-contrast
[ -z "$(ls -A "$RUN")" ] || die "the window wrote into the folder it was run from"
log "install_window: all passed"
