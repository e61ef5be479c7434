#!/usr/bin/env bash
# Regenerates the bindings' type lists (Python Literal types, TypeScript unions) from the rule
# tables (tests/types.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
IPF_BLESS_TYPES=1 cargo test -q --test types checked_in_type_lists_are_current
echo "bindings/python/src/image_preflight/_names.py and bindings/js/names.d.ts regenerated"
