#!/usr/bin/env bash
# Runs every test of the project: Rust (library, vectors, command line), then each binding as
# it is added. Installs what it needs. Exits non-zero on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "rustfmt"
cargo fmt --all --check

step "clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "Rust tests (library, vectors, command line)"
cargo test --workspace
