#!/usr/bin/env bash
# install_layout.sh - `cmake --install` into a prefix that is then moved: the usual
# layout is there, the moved binary runs from another folder with an empty home
# (--version, or --help before the binary has --version), trains with --data, and
# without data names `vae-explorer data fetch` instead of finding the source tree.
. "$(dirname "$0")/common.sh"
for f in bin/vae-explorer share/vae-explorer/fonts/DejaVuSans.ttf share/vae-explorer/fonts/DejaVuSans-Bold.ttf \
         share/vae-explorer/fonts/LICENSE-DejaVu.txt share/vae-explorer/samples/mnist-3.png \
         share/applications/vae-explorer.desktop share/metainfo/io.github.vae_explorer.metainfo.xml \
         share/icons/hicolor/scalable/apps/vae-explorer.svg share/icons/hicolor/48x48/apps/vae-explorer.png \
         share/icons/hicolor/256x256/apps/vae-explorer.png share/man/man1/vae-explorer.1.gz \
         share/doc/vae-explorer/copyright; do
    [ -s "$PREFIX/$f" ] || die "$f is not installed"
done
[ ! -e "$PREFIX/share/vae-explorer/data" ] || die "datasets must not be installed"
log "layout ok"

# --version when the binary has it, else --help (exit 0 and the usage)
if "$APP" --help | grep -q -- '--version'; then
    v=$("$APP" --version) || die "--version failed"
    [[ $v == *"$VERSION"* ]] || die "--version printed '$v', not version $VERSION"
    log "--version: $v"
else
    "$APP" --help | grep -q '^usage: vae-explorer' || die "--help printed no usage"
    log "--help ok (this binary has no --version yet)"
fi

# headless training with the checkout's data named by --data
"$APP" train --limit 2000 --epochs 1 --data "$SRC/data/mnist" >"$OUT/train.log" 2>&1 || { cat "$OUT/train.log"; die "train failed"; }
grep -q '^epoch   1 ' "$OUT/train.log" || { cat "$OUT/train.log"; die "no epoch line"; }
log "train: $(grep '^epoch' "$OUT/train.log")"

# no data anywhere the installed binary may look: a clear message, exit 1, no source tree
set +e
"$APP" train --limit 2000 --epochs 1 >"$OUT/nodata.log" 2>&1
rc=$?
set -e
[ "$rc" = 1 ] || { cat "$OUT/nodata.log"; die "train without data: exit $rc, not 1"; }
grep -q 'vae-explorer data fetch' "$OUT/nodata.log" || { cat "$OUT/nodata.log"; die "the message does not name data fetch"; }
log "no data: $(cat "$OUT/nodata.log")"
"$APP" data list >"$OUT/list.log"
grep -q '^mnist *not found' "$OUT/list.log" || { cat "$OUT/list.log"; die "data list finds mnist somewhere"; }
grep -q "data fetch puts MNIST in $HOME/.local/share/vae-explorer/mnist" "$OUT/list.log" || { cat "$OUT/list.log"; die "data list: wrong fetch folder"; }
log "install_layout: all passed"
