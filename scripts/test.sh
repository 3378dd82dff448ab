#!/usr/bin/env bash
# Installs what the tests need and runs every tier:
#   1. engine: native unit and integration tests (OpenSSL cross-checks, official ESDK vectors), clippy;
#   2. interop: the official Python and Node Encryption SDKs against the engine's CLI;
#   3. end-to-end: the real release build driven in headless Chromium.
source "$(dirname "$0")/lib.sh"
ensure_build_tools
if ! command -v chromium >/dev/null && grep -qi ubuntu /etc/os-release 2>/dev/null; then
  echo "The end-to-end tests need Debian's chromium and chromium-driver packages; Ubuntu ships Chromium only as a snap. Run the tests on Debian (or in a Debian container)." >&2
  exit 1
fi
apt_install openssl chromium chromium-driver python3 python3-venv ca-certificates
command -v npm >/dev/null || apt_install nodejs npm
cd "$ROOT"

VENV="$ROOT/.cache/venv"
if [ ! -x "$VENV/bin/python" ]; then
  say "Creating the Python test environment"
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import aws_encryption_sdk, selenium, pytest' 2>/dev/null \
   || ! cmp -s tests/requirements.txt "$VENV/.requirements"; then
  say "Installing Python test packages from PyPI"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r tests/requirements.txt
  cp tests/requirements.txt "$VENV/.requirements"
fi
if [ ! -d tests/node/node_modules/@aws-crypto/client-node ]; then
  say "Installing the Node Encryption SDK from npm"
  (cd tests/node && npm ci --no-audit --no-fund --loglevel=error)
fi

say "Tier 1: engine tests"
cargo test --workspace --exclude flowkeys-console
cargo clippy --workspace --exclude flowkeys-console --all-targets -- -D warnings
cargo clippy -p flowkeys-console --target wasm32-unknown-unknown -- -D warnings

say "Tier 2: interop with the official Encryption SDKs"
cargo build -p flowkeys-cli
export FLOWKEYS_CLI="${CARGO_TARGET_DIR:-$ROOT/target}/debug/flowkeys"
if compgen -G "tests/interop/test_*.py" >/dev/null; then
  "$VENV/bin/pytest" -q tests/interop
fi

say "Tier 3: end-to-end in headless Chromium"
build_console
"$VENV/bin/pytest" -q tests/e2e

# --- Verifiable build (issue 13): deployment tier and reproducibility drift check -------------
say "Tier 4: deployment: scripts/deploy-s3.sh against moto's S3 server, deploy/hosting.yaml through cfn-lint"
"$VENV/bin/pytest" -q tests/deploy
say "Reproducibility: rebuilding in another directory with another target directory must give dist/ byte for byte (one cold release build, ~4 min)"
bash scripts/repro-check.sh --against-dist
# ----------------------------------------------------------------------------------------------
say "All tiers passed."
