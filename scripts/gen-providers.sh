#!/usr/bin/env bash
# Regenerates src/rules/registry.rs (the Provider enum, the rules modules and ALL) from the
# `registry:` line of each rules file in src/rules/, and the Go constants of the providers;
# then the other bindings' type lists and the JSON Schemas (scripts/gen-types.sh, gen-schemas.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
IPF_BLESS_PROVIDERS=1 cargo test -q --test providers checked_in_registry_is_current
IPF_BLESS_PROVIDERS=1 cargo test -q --test providers binding_provider_lists_are_current
echo "src/rules/registry.rs and the Go provider constants regenerated"
bash scripts/gen-types.sh
bash scripts/gen-schemas.sh
