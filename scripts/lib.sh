# Shared by scripts/run.sh and scripts/test.sh. Installs only what is missing, and only from
# the package registries (crates.io, Debian, PyPI, npm): nothing is downloaded from anywhere else.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION="0.21.14"
export TRUNK_SKIP_VERSION_CHECK=true   # Trunk must not ask GitHub/crates.io for updates.
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# The wasm-bindgen CLI must equal the wasm-bindgen crate in Cargo.lock.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "Installing Debian packages needs root: run as root or install sudo." >&2; exit 1
  fi
}

APT_UPDATED=0
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing Debian packages: ${missing[*]}"
  if [ "$APT_UPDATED" -eq 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_build_tools() {
  command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup first (https://rustup.rs)." >&2; exit 1; }
  command -v cc >/dev/null || apt_install build-essential
  command -v python3 >/dev/null || apt_install python3   # Trunk's post_build hook (scripts/seal.py)
  if ! cargo clippy --version >/dev/null 2>&1; then
    say "Adding clippy (the tests run it)"
    rustup component add clippy
  fi
  if ! cargo fmt --version >/dev/null 2>&1; then
    say "Adding rustfmt (the tests check formatting)"
    rustup component add rustfmt
  fi
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "Adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
    say "Installing trunk $TRUNK_VERSION from crates.io (about 8 minutes on 2 cores, once)"
    cargo install --locked trunk --version "$TRUNK_VERSION"
  fi
  local wbg; wbg="$(wasm_bindgen_version)"
  # wasm-bindgen-cli also brings wasm-bindgen-test-runner (the app crate's tests, tier 1).
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg" ] \
     || [ "$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}')" != "$wbg" ]; then
    say "Installing wasm-bindgen-cli $wbg from crates.io (about 4 minutes, once)"
    # Not --locked: its lockfile wants a webpki-roots version the registry no longer has.
    cargo install wasm-bindgen-cli --version "$wbg"
  fi
}

# The published build: sealed dist/ (SHA256SUMS, integrity pins) and dist-offline/flowkeys.html.
build_console() {
  bash "$ROOT/scripts/build.sh" --no-install
}

# The Lambda tier's own venv (cfn-lint, moto server, awslambdaric …), so its pins never move the
# others; reinstalled when tests/lambda/requirements.txt changes. Sets LAMBDA_VENV.
ensure_lambda_venv() {
  LAMBDA_VENV="$ROOT/.cache/lambda-venv"
  if ! cmp -s "$ROOT/tests/lambda/requirements.txt" "$LAMBDA_VENV/.requirements"; then
    say "Installing the Lambda tier's Python packages (cfn-lint, moto server) from PyPI"
    python3 -m venv "$LAMBDA_VENV"
    "$LAMBDA_VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/tests/lambda/requirements.txt"
    cp "$ROOT/tests/lambda/requirements.txt" "$LAMBDA_VENV/.requirements"
  fi
}

# The Python test venv (selenium, pytest, the official SDK …) shared by the test command and the
# benchmarks; reinstalled when tests/requirements.txt changes. Sets VENV.
ensure_test_venv() {
  VENV="$ROOT/.cache/venv"
  if [ ! -x "$VENV/bin/python" ]; then
    say "Creating the Python test environment"
    python3 -m venv "$VENV"
  fi
  if ! "$VENV/bin/python" -c 'import aws_encryption_sdk, selenium, pytest' 2>/dev/null \
     || ! cmp -s "$ROOT/tests/requirements.txt" "$VENV/.requirements"; then
    say "Installing Python test packages from PyPI"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/tests/requirements.txt"
    cp "$ROOT/tests/requirements.txt" "$VENV/.requirements"
  fi
}
