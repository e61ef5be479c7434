#!/usr/bin/env bash
# Regenerates docs/RULES.md, the rule reference, from the rule tables.
set -euo pipefail
cd "$(dirname "$0")/.."
IPF_BLESS_RULES=1 cargo test -q -p image-preflight-cli --test reference checked_in_rule_reference_is_current
echo "docs/RULES.md regenerated"
