#!/usr/bin/env bash
# install_metadata.sh - the installed desktop entry, AppStream metadata and man page:
# desktop-file-validate and `appstreamcli validate --no-net` pass, the metainfo names
# this version and every screenshot has a caption, `man -l` renders the page, and the
# page covers every window option of --help-window and every subcommand of --help.
. "$(dirname "$0")/common.sh"
desktop=$PREFIX/share/applications/vae-explorer.desktop
meta=$PREFIX/share/metainfo/io.github.vae_explorer.metainfo.xml
page=$PREFIX/share/man/man1/vae-explorer.1.gz
desktop-file-validate "$desktop" >"$OUT/desktop.log" 2>&1 || { cat "$OUT/desktop.log"; die "desktop-file-validate"; }
grep -q '^Exec=vae-explorer$' "$desktop" || die "Exec is not vae-explorer"
[ -s "$PREFIX/share/icons/hicolor/scalable/apps/$(sed -n 's/^Icon=//p' "$desktop").svg" ] || die "the Icon is not installed"
appstreamcli validate --no-net "$meta" >"$OUT/appstream.log" 2>&1 || { cat "$OUT/appstream.log"; die "appstreamcli validate"; }
grep -q "<release version=\"$VERSION\"" "$meta" || die "metainfo does not name version $VERSION"
shots=$(grep -c '<screenshot[ >]' "$meta"); caps=$(grep -c '<caption>' "$meta")
[ "$shots" -ge 3 ] && [ "$shots" = "$caps" ] || die "$shots screenshots, $caps captions"
log "desktop entry and metainfo valid ($shots screenshots with captions)"

MANWIDTH=100 man -l "$page" >"$OUT/man.txt" 2>"$OUT/man.err" || { cat "$OUT/man.err"; die "man -l failed"; }
[ ! -s "$OUT/man.err" ] || { cat "$OUT/man.err"; die "man -l warned"; }
grep -q "vae-explorer $VERSION" "$OUT/man.txt" || die "the man page does not name version $VERSION"
for sec in NAME SYNOPSIS DESCRIPTION 'WINDOW OPTIONS' KEYS SUBCOMMANDS FILES ENVIRONMENT; do
    grep -q "^$sec" "$OUT/man.txt" || die "no $sec section"
done
# (--help-window prints its usage to stderr, exit 2, today: either is taken)
opts=$({ "$APP" --help-window 2>&1 || true; } | grep -o -- '--[a-z][a-z-]*' | sort -u)
for o in $opts; do grep -q -- "$o" "$OUT/man.txt" || die "the man page lacks window option $o"; done
cmds=$("$APP" --help | sed -n 's/^ *\(usage: \)\{0,1\}vae-explorer \([a-z][a-z]*\) .*/\2/p' | sort -u)
[ -n "$cmds" ] || die "no subcommands in --help"
for c in $cmds; do grep -q "^   $c\$" "$OUT/man.txt" || die "the man page has no section for '$c'"; done
for c in train eval sample; do
    for o in $("$APP" $c --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
        grep -q -- "$o" "$OUT/man.txt" || die "the man page lacks $c's option $o"
    done
done
log "man page: $(wc -l <"$OUT/man.txt") lines; window options: $(echo $opts); subcommands: $(echo $cmds)"
log "install_metadata: all passed"
