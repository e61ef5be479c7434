#!/usr/bin/env bash
# Regenerates docs/schema/*.schema.json from the rule tables (tests/schema.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
IPF_BLESS_SCHEMAS=1 cargo test -q --test schema checked_in_schemas_are_current
echo "docs/schema regenerated"
