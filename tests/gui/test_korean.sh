#!/usr/bin/env bash
# test_korean.sh - issue 7, the interface in Korean:
#   1. NanumGothic has every character of the Korean table and draws Hangul, not the
#      missing-glyph box (DejaVu, the fallback, draws boxes: the check can tell);
#   2. --lang ko and 3. LANG=ko_KR.UTF-8 give a window whose panel title is Hangul as
#      NanumGothic draws it (4. LANG=en_US.UTF-8 gives English: the check can tell);
#   5. F2 switches the language live, and back;
#   6. with the Korean font missing (VAE_KO_FONT=/nonexistent) --lang ko stays in English
#      with a one-line notice, and F2 does not switch;
#   7. a "Korean" font without Hangul (DejaVu) gives boxes, which the title check rejects.
# Usage: test_korean.sh APP PNG_CHECK OUT HANGUL_CHECK LATIN_FONT_DIR NANUM_DIR
. "$(dirname "$0")/common.sh"
HANGUL=$1 LATIN=$2 NANUM=$3
KO=$NANUM/NanumGothic.ttf KOB=$NANUM/NanumGothicBold.ttf
LAT=$LATIN/DejaVuSans.ttf LATB=$LATIN/DejaVuSans-Bold.ttf
for f in "$KO" "$KOB" "$LAT" "$LATB"; do
    [ -f "$f" ] || { log "font $f missing (scripts/setup.sh installs fonts-nanum)"; exit 1; }
done
unset LC_ALL LC_MESSAGES VAE_KO_FONT
export LANG=C

title() { "$HANGUL" title "$1" "$2" "$KOB" "$LATB"; }

# One screenshot after a short run: ENV... -- ARGS...
one_shot() {
    local png=$1
    shift
    "$APP" --paused --screenshot "$png" --quit-after 1.5 --write-layout "$@" >"$png.log" 2>&1 || {
        cat "$png.log"; exit 1; }
}

log "1. glyphs"
"$HANGUL" glyphs "$KO" "$KOB" "$LAT"

log "2. --lang ko"
one_shot "$OUT/lang-ko.png" --lang ko
title "$OUT/lang-ko.png" ko

log "3. LANG=ko_KR.UTF-8, no --lang"
LANG=ko_KR.UTF-8 one_shot "$OUT/env-ko.png"
title "$OUT/env-ko.png" ko
log "   LC_ALL=C.UTF-8 wins over LANG=ko_KR.UTF-8"
LC_ALL=C.UTF-8 LANG=ko_KR.UTF-8 one_shot "$OUT/env-lcall-en.png"
title "$OUT/env-lcall-en.png" en

log "4. LANG=en_US.UTF-8 (control)"
LANG=en_US.UTF-8 one_shot "$OUT/env-en.png"
title "$OUT/env-en.png" en

log "5. F2 switches live"
start_app --paused
s1=$(shot 1)
xdotool key --window "$WID" F2
sleep 0.3
s2=$(shot 2)
xdotool key --window "$WID" F2
sleep 0.3
s3=$(shot 3)
title "$s1" en
title "$s2" ko
title "$s3" en
"$HANGUL" differ "$s1" "$s2"
stop_app

log "6. no Korean font: English and a one-line notice"
VAE_KO_FONT=/nonexistent one_shot "$OUT/nofont.png" --lang ko
title "$OUT/nofont.png" en
n=$(grep -c -i "korean font" "$OUT/nofont.png.log" || true)
[ "$n" = 1 ] || { log "expected one notice line, got $n:"; cat "$OUT/nofont.png.log"; exit 1; }
grep -i "korean font" "$OUT/nofont.png.log"
rm -f "$OUT"/shot-*
VAE_KO_FONT=/nonexistent start_app --paused
xdotool key --window "$WID" F2
sleep 0.3
s4=$(shot 1)
title "$s4" en
stop_app
log "7. the check has teeth: a Korean font without Hangul (DejaVu) draws boxes, and fails"
VAE_KO_FONT=$LAT one_shot "$OUT/boxes.png" --lang ko
if title "$OUT/boxes.png" ko; then log "boxes passed as Hangul"; exit 1; fi
log "all Korean checks passed"
