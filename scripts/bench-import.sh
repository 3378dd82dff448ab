#!/usr/bin/env bash
# Benchmark (not a test): password derivation in the console's worker next to OpenSSL's, and what
# it means for the import work budget in the browser. See scripts/bench_import.py.
source "$(dirname "$0")/lib.sh"
ensure_build_tools
apt_install openssl chromium chromium-driver python3 python3-venv
cd "$ROOT"
ensure_test_venv
build_console
"$VENV/bin/python" scripts/bench_import.py "$@"
