#!/usr/bin/env bash
# Installs what the tests need and runs every tier:
#   1. engine: native unit and integration tests (OpenSSL cross-checks, official ESDK vectors), clippy;
#      and the app crate's own tests (tests/browser), wasm-bindgen-test in headless Chromium;
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

ensure_test_venv
# axe-core (tests/e2e/a11y.py injects it into the page) comes from the same package.json.
if [ ! -d tests/node/node_modules/@aws-crypto/client-node ] || [ ! -f tests/node/node_modules/axe-core/axe.min.js ]; then
  say "Installing the Node Encryption SDK and axe-core from npm"
  (cd tests/node && npm ci --no-audit --no-fund --loglevel=error)
fi

say "Tier 1: engine tests"
cargo fmt --all --check
cargo test --workspace --exclude flowkeys-console
cargo clippy --workspace --exclude flowkeys-console --all-targets -- -D warnings
cargo clippy -p flowkeys-console --target wasm32-unknown-unknown --all-targets -- -D warnings
say "Tier 1: the app crate's tests (wasm-bindgen-test in headless Chromium)"
# .cargo/config.toml makes wasm-bindgen-test-runner the wasm32 runner; it starts chromedriver
# (headless, --no-sandbox, so it also runs as root) and reads no webdriver.json.
CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver)}" WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}" \
  cargo test -p flowkeys-console --target wasm32-unknown-unknown

# --- Flow lint: SARIF output validated against the official SARIF 2.1.0 schema -----------------
# Microsoft's SARIF Multitool (npm) checks the schema (JSON…) and the spec's rules (SARIF…).
SARIF_TOOL="$ROOT/.cache/sarif/node_modules/.bin/sarif-multitool"
if [ ! -x "$SARIF_TOOL" ]; then
  say "Installing Microsoft's SARIF Multitool from npm"
  npm install --prefix "$ROOT/.cache/sarif" --no-audit --no-fund --loglevel=error @microsoft/sarif-multitool@5.7.0
fi
say "Validating flowkeys lint SARIF output"
SARIF_DIR="$(mktemp -d)"
FLOWKEYS_SARIF_OUT="$SARIF_DIR/engine.sarif" cargo test -q -p flowkeys-connect --test lint_report sarif_for_validation
cargo run -q -p flowkeys-cli -- lint --format sarif --quality crates/flowkeys-connect/tests/corpus > "$SARIF_DIR/cli.sarif" || [ $? -eq 1 ]
for f in engine cli; do
  DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$SARIF_TOOL" validate "$SARIF_DIR/$f.sarif" -o "$SARIF_DIR/$f.validation.sarif"
  python3 - "$SARIF_DIR/$f.validation.sarif" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
errors = [r for run in log["runs"] for r in run.get("results", []) if r.get("level", "warning") == "error"]
for r in errors:
    print(r.get("ruleId"), r["message"].get("text", r["message"]))
sys.exit(1 if errors else 0)
PY
done
rm -rf "$SARIF_DIR"
# ---------------------------------------------------------------------------------------------

say "Tier 2: interop with the official Encryption SDKs"
cargo build -p flowkeys-cli
export FLOWKEYS_CLI="${CARGO_TARGET_DIR:-$ROOT/target}/debug/flowkeys"
if compgen -G "tests/interop/test_*.py" >/dev/null; then
  "$VENV/bin/pytest" -q tests/interop
fi

# ---- Decrypt Lambda and stack (tests/lambda) -------------------------------------------------
# The built bootstrap against a local Lambda Runtime API with Parameter Store served by moto;
# the CloudFormation template through cfn-lint.
ensure_lambda_venv
say "Tier 2b: decrypt Lambda (local Runtime API + moto) and CloudFormation stack (cfn-lint)"
cargo build -p flowkeys-lambda
FLOWKEYS_LAMBDA_BOOTSTRAP="${CARGO_TARGET_DIR:-$ROOT/target}/debug/bootstrap" \
  "$LAMBDA_VENV/bin/pytest" -q tests/lambda
# ---------------------------------------------------------------------------------------------

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
