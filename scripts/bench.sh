#!/usr/bin/env bash
# Benchmark (not a test): prints speed and size figures next to reference tools on this machine.
source "$(dirname "$0")/lib.sh"
ensure_build_tools
apt_install openssl chromium chromium-driver python3 python3-venv
cd "$ROOT"
VENV="$ROOT/.cache/venv"
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check -r tests/requirements.txt brotli
build_console
"$VENV/bin/python" scripts/bench.py "$@"
