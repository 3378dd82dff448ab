#!/usr/bin/env bash
# Builds the decrypt-Lambda packages the CloudFormation stack deploys, into dist/lambda/:
#   flowkeys-decrypt-rust-ARCH.zip    `bootstrap` for provided.al2023 (cargo-lambda + zig from PyPI)
#   flowkeys-decrypt-nodejs-ARCH.zip  the generated index.js + @aws-crypto/client-node (npm)
#   flowkeys-decrypt-python-ARCH.zip  the generated lambda_function.py + aws-encryption-sdk (PyPI wheels)
# for ARCH in x86_64 and arm64, then prints each zip's size and SHA-256.
#
# Reproducible: the same sources give byte-identical zips (entries sorted, every timestamp fixed
# at 1980-01-01, fixed permissions, build paths remapped out of the binary).
#
# Usage: scripts/package-lambda.sh [--only rust|nodejs|python]... [--arch x86_64|arm64]...
source "$(dirname "$0")/lib.sh"
# Not ensure_build_tools: the page's wasm tools (trunk, wasm-bindgen) are not needed here.
command -v cargo >/dev/null || { echo "cargo not found: install Rust with rustup first (https://rustup.rs)." >&2; exit 1; }
apt_install build-essential python3 python3-venv
command -v npm >/dev/null || apt_install nodejs npm
cd "$ROOT"

KINDS=() ARCHES=()
while [ $# -gt 0 ]; do
  case "$1" in
    --only) KINDS+=("$2"); shift 2 ;;
    --arch) ARCHES+=("$2"); shift 2 ;;
    *) echo "Unknown argument $1. Usage: $0 [--only rust|nodejs|python]... [--arch x86_64|arm64]..." >&2; exit 2 ;;
  esac
done
[ ${#KINDS[@]} -gt 0 ] || KINDS=(rust nodejs python)
[ ${#ARCHES[@]} -gt 0 ] || ARCHES=(x86_64 arm64)

CARGO_LAMBDA_VERSION="1.9.2"
ZIGLANG_VERSION="0.15.2"
ESDK_NODE_VERSION="5.0.2"
ESDK_PYTHON_VERSION="4.0.7"
PYTHON_RUNTIME_VERSION="3.13"
OUT="$ROOT/dist/lambda"
WORK="$ROOT/target/lambda-package"
mkdir -p "$OUT" "$WORK"

triple() { case "$1" in x86_64) echo x86_64-unknown-linux-gnu ;; arm64) echo aarch64-unknown-linux-gnu ;; esac; }

# Writes a zip of DIR's files: sorted names, fixed timestamps and permissions, nothing else.
repro_zip() {
  python3 - "$1" "$2" <<'PY'
import os, sys, zipfile
src, dest = sys.argv[1], sys.argv[2]
files = []
for root, dirs, names in os.walk(src):
    dirs.sort()
    for n in names:
        files.append(os.path.relpath(os.path.join(root, n), src))
with zipfile.ZipFile(dest + ".tmp", "w") as z:
    for rel in sorted(files):
        path = os.path.join(src, rel)
        info = zipfile.ZipInfo(rel.replace(os.sep, "/"), date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        executable = os.access(path, os.X_OK) and not os.path.isdir(path)
        info.external_attr = ((0o100755 if executable else 0o100644) & 0xFFFF) << 16
        info.create_system = 3
        with open(path, "rb") as f:
            z.writestr(info, f.read(), compresslevel=9)
os.replace(dest + ".tmp", dest)
PY
}

MISSING=()

package_rust() {
  local venv="$ROOT/.cache/package-venv"
  if ! "$venv/bin/cargo-lambda" lambda --version 2>/dev/null | grep -q "$CARGO_LAMBDA_VERSION" \
     || ! "$venv/bin/python" -c "import ziglang" 2>/dev/null; then
    say "Installing cargo-lambda $CARGO_LAMBDA_VERSION and ziglang $ZIGLANG_VERSION from PyPI"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "cargo-lambda==$CARGO_LAMBDA_VERSION" "ziglang==$ZIGLANG_VERSION"
  fi
  for arch in "${ARCHES[@]}"; do
    local t; t="$(triple "$arch")"
    if ! rustup target list --installed | grep -qx "$t"; then
      rustup target add "$t" >/dev/null 2>&1 || true
    fi
    if ! rustup target list --installed | grep -qx "$t"; then
      echo "Skipping rust/$arch: the Rust standard library for $t is not installed and rustup could not download it (run 'rustup target add $t' where static.rust-lang.org is reachable)." >&2
      MISSING+=("rust/$arch")
      continue
    fi
    say "Building bootstrap for provided.al2023 on $arch"
    # The workspace's release profile is tuned for the wasm page (opt-level z, panic abort); the
    # function wants speed for RSA, and a panic to become an invocation error, not a crash.
    PATH="$venv/bin:$PATH" \
    CARGO_TARGET_DIR="$WORK/target" \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=3 CARGO_PROFILE_RELEASE_PANIC=unwind \
    CARGO_PROFILE_RELEASE_LTO=true CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_STRIP=true \
    RUSTFLAGS="--remap-path-prefix=$ROOT=/flowkeys --remap-path-prefix=$HOME/.cargo=/cargo --remap-path-prefix=$HOME/.rustup=/rustup" \
      "$venv/bin/cargo-lambda" lambda build --release --package flowkeys-lambda --bin bootstrap \
        --target "$t" --lambda-dir "$WORK/lambda-$arch" --output-format binary --quiet
    local stage="$WORK/stage-rust-$arch"
    rm -rf "$stage" && mkdir -p "$stage"
    install -m 755 "$WORK/lambda-$arch/bootstrap/bootstrap" "$stage/bootstrap"
    repro_zip "$stage" "$OUT/flowkeys-decrypt-rust-$arch.zip"
  done
}

lambda_sources() {
  cargo build --quiet -p flowkeys-cli
  local src="$WORK/sources"
  rm -rf "$src"
  "${CARGO_TARGET_DIR:-$ROOT/target}/debug/flowkeys" stack --lambda-source "$src"
  echo "$src"
}

package_nodejs() {
  local src; src="$(lambda_sources)"
  # @aws-crypto/client-node is plain JavaScript: one install serves both architectures.
  local stage="$WORK/stage-nodejs"
  rm -rf "$stage" && mkdir -p "$stage"
  cp "$src/index.js" "$stage/"
  printf '{\n  "name": "flowkeys-decrypt",\n  "private": true,\n  "dependencies": { "@aws-crypto/client-node": "%s" }\n}\n' "$ESDK_NODE_VERSION" > "$stage/package.json"
  say "Installing @aws-crypto/client-node $ESDK_NODE_VERSION from npm"
  (cd "$stage" && npm install --omit=dev --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null)
  for arch in "${ARCHES[@]}"; do
    repro_zip "$stage" "$OUT/flowkeys-decrypt-nodejs-$arch.zip"
  done
}

package_python() {
  local src; src="$(lambda_sources)"
  local venv="$ROOT/.cache/package-venv"
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  for arch in "${ARCHES[@]}"; do
    local platform; case "$arch" in x86_64) platform=manylinux2014_x86_64 ;; arm64) platform=manylinux2014_aarch64 ;; esac
    local stage="$WORK/stage-python-$arch"
    rm -rf "$stage" && mkdir -p "$stage"
    cp "$src/lambda_function.py" "$stage/"
    say "Installing aws-encryption-sdk $ESDK_PYTHON_VERSION wheels for Python $PYTHON_RUNTIME_VERSION on $arch"
    # cryptography ships compiled wheels: take the Linux ones for the function's architecture.
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-compile --target "$stage" \
      --platform "$platform" --implementation cp --python-version "$PYTHON_RUNTIME_VERSION" --only-binary=:all: \
      "aws-encryption-sdk==$ESDK_PYTHON_VERSION"
    # boto3 and its dependencies come with the runtime, and copies in the package would shadow
    # the runtime's own; pip's bookkeeping files differ from run to run.
    (cd "$stage" && rm -rf bin boto3* botocore* s3transfer* jmespath* urllib3* dateutil python_dateutil* six.py six-* \
      ./*.dist-info/RECORD ./*.dist-info/INSTALLER ./*.dist-info/direct_url.json)
    repro_zip "$stage" "$OUT/flowkeys-decrypt-python-$arch.zip"
  done
}

for kind in "${KINDS[@]}"; do
  case "$kind" in
    rust) package_rust ;;
    nodejs) package_nodejs ;;
    python) package_python ;;
    *) echo "Unknown package kind $kind (rust, nodejs or python)." >&2; exit 2 ;;
  esac
done

say "Packages in ${OUT#"$ROOT"/}"
printf '%-36s %10s  %s\n' "file" "bytes" "sha256"
for f in "$OUT"/*.zip; do
  [ -e "$f" ] || continue
  printf '%-36s %10s  %s\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(sha256sum "$f" | cut -d' ' -f1)"
done
if [ ${#MISSING[@]} -gt 0 ]; then
  echo "Not built: ${MISSING[*]}" >&2
  exit 3
fi
