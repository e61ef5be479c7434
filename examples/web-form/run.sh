#!/usr/bin/env bash
# Starts the web-form demo on http://127.0.0.1:${PORT:-8000}/ (builds the npm package in
# bindings/js and installs the Python binding into examples/web-form/.venv the first time).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import image_preflight" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "$here/../../bindings/python"
fi
if [ ! -f "$here/../../bindings/js/wasm/image_preflight_wasm_bg.wasm" ]; then
  bash "$here/../../bindings/js/build.sh"
fi
exec "$venv/bin/python" "$here/server.py" --port "${PORT:-8000}"
