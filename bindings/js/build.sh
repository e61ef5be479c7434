#!/usr/bin/env bash
# Builds the npm package in place: the core compiled to wasm32-unknown-unknown (profile
# `wasm`: size-optimised, LTO, no unwinding), bound by wasm-bindgen, shrunk by wasm-opt, into
# bindings/js/wasm/, with the rule export as wasm/rules.js. Then `npm pack ./bindings/js` makes
# the tarball a user installs.
#
# Installs what it lacks: the Rust target, wasm-bindgen-cli at the version pinned in
# Cargo.toml (the crate and the command line must match exactly), and the npm dev
# dependencies (binaryen's wasm-opt, typescript).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

version="$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p' Cargo.toml)"
[ -n "$version" ] || { echo "build.sh: no pinned wasm-bindgen version in Cargo.toml" >&2; exit 1; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "build.sh: adding the Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
# Compiling wasm-bindgen-cli takes minutes (8.5 on two busy cores), so it is done once per
# version: the pinned one is looked for on PATH, in cargo's bin folder (which a PATH may lack:
# then every run compiled it again) and in a versioned folder of the user's cache, where it is
# installed when none is found.
cached="${XDG_CACHE_HOME:-$HOME/.cache}/image-preflight/wasm-bindgen-cli-$version"
wasm_bindgen=""
for candidate in wasm-bindgen "${CARGO_HOME:-$HOME/.cargo}/bin/wasm-bindgen" "$cached/bin/wasm-bindgen"; do
  if [ "$("$candidate" --version 2>/dev/null || true)" = "wasm-bindgen $version" ]; then
    wasm_bindgen="$candidate"
    break
  fi
done
if [ -z "$wasm_bindgen" ]; then
  echo "build.sh: installing wasm-bindgen-cli $version into $cached (cargo install --locked; minutes, once)"
  cargo install --locked --quiet --root "$cached" wasm-bindgen-cli --version "=$version"
  wasm_bindgen="$cached/bin/wasm-bindgen"
fi
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/tsc ]; then
  npm ci --no-audit --no-fund --silent
fi

target="${CARGO_TARGET_DIR:-$root/target}"
rm -rf wasm wasm-simd

# Two builds of one crate (issue 22): with `simd128` (the character-set test and the runs of
# Han 16 bytes a step, src/fast/arch/wasm32.rs) as wasm/image_preflight_wasm_bg.wasm, which
# every engine of the last years loads, and without it as wasm/image_preflight_wasm_scalar_bg.wasm,
# for an engine whose WebAssembly.validate refuses a SIMD instruction (the loaders in index.js
# and node.js ask). WebAssembly has no run-time CPU test, so the choice is a file. The two get
# the same glue (checked below): the glue names no instruction. The SIMD build has a target
# folder of its own, so that neither build undoes the other's.
# Arguments: the output folder, the target folder, then RUSTFLAGS and wasm-opt's extra flags.
build_one() {
  local out="$1" dir="$2" rustflags="$3" opt_flags="$4"
  RUSTFLAGS="$rustflags" CARGO_TARGET_DIR="$dir" \
    cargo build --quiet --profile wasm --target wasm32-unknown-unknown -p image-preflight-wasm
  "$wasm_bindgen" --target web --no-typescript --out-dir "$out" --out-name image_preflight_wasm \
    "$dir/wasm32-unknown-unknown/wasm/image_preflight_wasm.wasm"
  # For size: flatten and re-loop, then -Oz twice, until nothing shrinks. The features are those
  # of Rust's wasm32 target, which every browser with String.prototype.isWellFormed (2023) has.
  # --low-memory-unused: Rust's wasm32 linker puts the stack (1 MiB) first and the data after
  # it, so nothing lives in the low 1 KiB and wasm-opt may fold small offsets into loads and
  # stores (about 550 bytes gzipped, which the two builds of issue 22 needed to stay within
  # 80,000).
  # shellcheck disable=SC2086
  node_modules/.bin/wasm-opt --flatten --rereloop -Oz -Oz --converge --low-memory-unused --strip-producers --strip-target-features --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-multivalue --enable-reference-types $opt_flags \
    "$out/image_preflight_wasm_bg.wasm" -o "$out/image_preflight_wasm_bg.wasm"
}
build_one wasm "$target" "${RUSTFLAGS:-}" ""
mv wasm/image_preflight_wasm_bg.wasm wasm/image_preflight_wasm_scalar_bg.wasm
build_one wasm-simd "$target/simd128" "${RUSTFLAGS:-} -C target-feature=+simd128" "--enable-simd"
if ! cmp -s wasm/image_preflight_wasm.js wasm-simd/image_preflight_wasm.js; then
  echo "build.sh: the SIMD build's glue differs from the scalar build's; one glue cannot load both" >&2
  exit 1
fi
mv wasm-simd/image_preflight_wasm_bg.wasm wasm/image_preflight_wasm_bg.wasm
rm -rf wasm-simd

# The rule export, which `rules()` reads: made on this machine from the core's tables with
# their citations, which the .wasm leaves out (the core's `texts` feature; docs/javascript.md,
# "Size").
(cd "$root" && cargo run --quiet --example js_rules) > wasm/rules.js

for wasm in wasm/image_preflight_wasm_bg.wasm wasm/image_preflight_wasm_scalar_bg.wasm; do
  printf 'built %s: %d bytes, %d gzipped\n' "bindings/js/$wasm" "$(wc -c < "$wasm")" "$(gzip -9c "$wasm" | wc -c)"
done
