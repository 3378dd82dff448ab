#!/usr/bin/env bash
# Benchmark (not a test): prints speed and size figures next to reference tools on this machine.
source "$(dirname "$0")/lib.sh"
ensure_build_tools
apt_install openssl chromium chromium-driver python3 python3-venv
cd "$ROOT"
ensure_test_venv
build_console
"$VENV/bin/python" scripts/bench.py "$@"
