#!/usr/bin/env bash
# Builds the console and serves it at http://127.0.0.1:8080 (installs missing build tools first).
source "$(dirname "$0")/lib.sh"
ensure_build_tools
cd "$ROOT"
say "Serving the release build at http://127.0.0.1:8080 (Ctrl+C to stop)"
exec trunk serve --release
