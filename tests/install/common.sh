# common.sh - shared by the install tests (sourced): installs the build into a temporary
# prefix with `cmake --install`, moves that prefix somewhere else (the binary must find
# its files relative to itself), and gives the scripts an empty home and another folder
# to run from, so nothing comes from the source tree, the build folder or the user.
# Sets PREFIX (the moved prefix), APP (its binary), RUN (an empty folder to run in).
set -euo pipefail
BUILD=$1 SRC=$2 OUT=$3 VERSION=$4
shift 4
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }
rm -rf "$OUT" && mkdir -p "$OUT"
cmake --install "$BUILD" --prefix "$OUT/stage" >"$OUT/install.log" || { cat "$OUT/install.log"; exit 1; }
mkdir -p "$OUT/moved"
mv "$OUT/stage" "$OUT/moved/prefix"
PREFIX=$OUT/moved/prefix
APP=$PREFIX/bin/vae-explorer
RUN=$OUT/run
mkdir -p "$RUN" "$OUT/home"
export HOME=$OUT/home
unset VAE_DATA_DIR XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_PICTURES_DIR VAE_KO_FONT
cd "$RUN"
[ -x "$APP" ] || die "no $APP after cmake --install"
