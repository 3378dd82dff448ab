#!/usr/bin/env bash
# Benchmark (not a test): the Rust, Python (awslambdaric) and Node.js (aws-lambda-ric) decrypt
# Lambdas under the same local Runtime API and moto Parameter Store: cold start, warm p50/p99,
# peak memory, package size. Run scripts/package-lambda.sh first for the Rust bootstrap and the
# package sizes. Installs its tools into .cache/bench-venv and target/lambda-bench.
source "$(dirname "$0")/lib.sh"
apt_install python3 python3-venv cmake autoconf automake libtool g++ make
command -v npm >/dev/null || apt_install nodejs npm
cd "$ROOT"

DIST="$ROOT/dist/lambda"
BOOTSTRAP="$ROOT/target/lambda-package/stage-rust-x86_64/bootstrap"
[ -x "$BOOTSTRAP" ] || { echo "No $BOOTSTRAP: run scripts/package-lambda.sh --only rust --arch x86_64 first." >&2; exit 1; }

VENV="$ROOT/.cache/bench-venv"
if ! "$VENV/bin/python" -c "import awslambdaric, aws_encryption_sdk, boto3, moto" 2>/dev/null; then
  say "Installing awslambdaric, aws-encryption-sdk, boto3 and moto from PyPI"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check awslambdaric==4.2.2 aws-encryption-sdk==4.0.7 boto3 "moto[server]==5.2.5"
fi
BENCH="$ROOT/target/lambda-bench"
NODE_DIR="$BENCH/node"
mkdir -p "$NODE_DIR" "$BENCH/python"
if [ ! -x "$NODE_DIR/node_modules/.bin/aws-lambda-ric" ]; then
  say "Installing aws-lambda-ric (builds its native part), @aws-crypto/client-node and @aws-sdk/client-ssm from npm"
  (cd "$NODE_DIR" && printf '{"name":"bench","private":true}\n' > package.json \
    && npm install --no-audit --no-fund --loglevel=error aws-lambda-ric@4.0.2 @aws-crypto/client-node@5.0.2 @aws-sdk/client-ssm)
fi
cargo build --quiet -p flowkeys-cli
"${CARGO_TARGET_DIR:-$ROOT/target}/debug/flowkeys" stack --lambda-source "$BENCH/src"
cp "$BENCH/src/index.js" "$NODE_DIR/"
cp "$BENCH/src/lambda_function.py" "$BENCH/python/"

"$VENV/bin/python" scripts/bench_lambda.py --rust-bootstrap "$BOOTSTRAP" \
  --python "$VENV/bin/python" --python-dir "$BENCH/python" --node-dir "$NODE_DIR" \
  --package "rust=$DIST/flowkeys-decrypt-rust-x86_64.zip" \
  --package "python=$DIST/flowkeys-decrypt-python-x86_64.zip" \
  --package "nodejs=$DIST/flowkeys-decrypt-nodejs-x86_64.zip" "$@"
