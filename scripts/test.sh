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

step "The portable path (aarch64, WebAssembly without SIMD) is linear: work counted on worst cases"
cargo test -q -p image-preflight --features portable --lib fast::linear

step "CI integrations: SARIF against the 2.1.0 schema, pre-commit hooks via try-repo"
bash scripts/test-ci-integrations.sh

step "C header is current (cbindgen)"
cargo test -q --test header

step "C tests (pkg-config install, valgrind, AddressSanitizer/UBSan, symbols)"
if ! command -v valgrind >/dev/null || ! command -v pkg-config >/dev/null; then
  need_apt=1
fi
if [ "${need_apt:-0}" = 1 ]; then
  echo "installing valgrind and pkg-config"
  apt-get update -qq && apt-get install -y -qq valgrind pkg-config >/dev/null
fi
bash tests/c/run.sh

step "Release: scripts/release.sh builds dist/ once; each artifact installed from it with no Rust on PATH (static CLI in an empty root, C tarball via pkg-config and CMake, Debian packages, wheel on CPython 3.9-3.13, npm, Go via the file proxy), SHA256SUMS, SBOM"
bash scripts/test-packages.sh

step "Fuzz smoke run (each cargo-fuzz target briefly)"
if rustup toolchain list 2>/dev/null | grep -q '^nightly' || rustup toolchain install nightly --profile minimal >/dev/null 2>&1; then
  bash scripts/fuzz.sh 15
else
  echo "!!! SKIPPED: no nightly Rust toolchain can be had here, so the fuzz targets cannot run !!!"
fi

step "JavaScript (WebAssembly) package and the web-form demo (npm pack, node --test, headless Chromium)"
# The demo's server runs on the Python binding: the release's wheel (no second Rust build).
venv="$(mktemp -d)/venv"
python3 -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip
"$venv/bin/pip" install -q dist/python/image_preflight-*-manylinux_*.whl
# The npm tarball the release step built and installed is the one tested here.
npm_tarball=$(ls dist/npm/image-preflight-*.tgz)
IPF_PYTHON="$venv/bin/python" IPF_NPM_TARBALL="$PWD/$npm_tarball" bash scripts/test-js.sh
