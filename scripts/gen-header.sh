#!/usr/bin/env bash
# Regenerates include/image_preflight.h from src/ffi with the pinned cbindgen.
set -euo pipefail
cd "$(dirname "$0")/.."
IPF_BLESS_HEADER=1 cargo test -q --test header checked_in_header_is_current
echo "include/image_preflight.h regenerated"
