#!/usr/bin/env bash
# Runs the decrypt-Lambda tests (tests/lambda/test_bootstrap.py: the Connect-shaped vectors, two
# Key IDs, every failure status, no plaintext in the logs) against the packaged Rust zips in
# dist/lambda/ — the shipped binaries, not the debug build the test command uses: the x86_64
# bootstrap natively, the arm64 one under qemu-user with Debian's aarch64 glibc (both from
# Debian's packages). Run scripts/package-lambda.sh --only rust first. Not part of the test
# command: packaging is a cold release build of 15–20 minutes per architecture.
#
# Usage: scripts/test-lambda-zips.sh [x86_64|arm64]...
source "$(dirname "$0")/lib.sh"
apt_install python3 python3-venv unzip qemu-user libc6-arm64-cross
cd "$ROOT"
ARCHES=("$@")
[ ${#ARCHES[@]} -gt 0 ] || ARCHES=(x86_64 arm64)

ensure_lambda_venv

WORK="$ROOT/target/lambda-zip-test"
for arch in "${ARCHES[@]}"; do
  zip="$ROOT/dist/lambda/flowkeys-decrypt-rust-$arch.zip"
  [ -f "$zip" ] || { echo "No $zip: run scripts/package-lambda.sh --only rust --arch $arch first." >&2; exit 1; }
  dir="$WORK/$arch"
  rm -rf "$dir" && mkdir -p "$dir"
  unzip -q "$zip" -d "$dir"
  run="$dir/bootstrap"
  if [ "$arch" = arm64 ] && [ "$(uname -m)" != aarch64 ]; then
    run="$dir/run-under-qemu"
    printf '#!/bin/sh\nexec qemu-aarch64 -L /usr/aarch64-linux-gnu "%s" "$@"\n' "$dir/bootstrap" > "$run"
    chmod +x "$run"
  fi
  say "tests/lambda/test_bootstrap.py against $(basename "$zip") ($(sha256sum "$zip" | cut -c1-16)…)"
  FLOWKEYS_LAMBDA_BOOTSTRAP="$run" "$LAMBDA_VENV/bin/pytest" -q tests/lambda/test_bootstrap.py
done
