#!/usr/bin/env bash
# The release build whose output is published: dist/ (sealed, with SHA256SUMS) and the
# single-file offline edition dist-offline/flowkeys.html. Prints the manifest's hash.
#
# Reproducible: the same commit gives byte-identical dist/ whatever the checkout directory,
# target directory or cargo home (scripts/repro-check.sh proves it). What makes it so:
# - every tool is pinned: rustc (PINNED_RUSTC below; a rust-toolchain.toml would make rustup
#   download a toolchain, which offline machines cannot), trunk by lib.sh, wasm-bindgen by
#   Cargo.lock (and Trunk.toml), no wasm-opt; crates by Cargo.lock (--locked);
# - absolute paths that rustc would embed (panic locations in registry crates) are remapped:
#   cargo home → /cargo, checkout → /flowkeys. Cargo leaves --remap-path-prefix out of its
#   -C metadata hash, so symbol names do not depend on these directories either;
# - nothing writes a date, a user or a host name (scripts/seal.py writes version and commit only).
#
# Usage: scripts/build.sh [--no-install]   (--no-install: assume the tools are there)
source "$(dirname "$0")/lib.sh"
[ "${1:-}" = "--no-install" ] || ensure_build_tools
cd "$ROOT"
# The published manifest is made with this rustc; another version gives other bytes.
PINNED_RUSTC="1.95.0"
if [ "$(rustc --version | awk '{print $2}')" != "$PINNED_RUSTC" ]; then
  echo "warning: rustc is $(rustc --version | awk '{print $2}'), the published builds use $PINNED_RUSTC: the build works, but its SHA256SUMS will not match the published one." >&2
fi
CARGO_HOME_DIR="$(cd "${CARGO_HOME:-$HOME/.cargo}" && pwd -P)"
# --cfg erase_components: as .cargo/config.toml says (RUSTFLAGS replaces that file's list).
export RUSTFLAGS="--cfg erase_components --remap-path-prefix=$CARGO_HOME_DIR=/cargo --remap-path-prefix=$(pwd -P)=/flowkeys"
export CARGO_INCREMENTAL=0
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-0}"
say "Building the console (trunk build --release → dist/)"
trunk build --release --locked
[ -f dist/SHA256SUMS ] || { echo "dist/SHA256SUMS is missing: the post_build hook (scripts/seal.py) did not run." >&2; exit 1; }
python3 scripts/offline.py dist dist-offline
say "dist/SHA256SUMS sha256 $(sha256sum dist/SHA256SUMS | cut -d' ' -f1)"
