#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ (needs a nightly toolchain and cargo-fuzz, which this
# script installs when missing):
#   bash scripts/fuzz.sh                 # each target for 20 seconds (the CI smoke run)
#   bash scripts/fuzz.sh 600             # each target for 10 minutes
#   bash scripts/fuzz.sh 600 share       # one target
# Targets: validate (field validators on arbitrary strings), ffi (the C ABI on raw pointer +
# length, invalid UTF-8 included), share (apply and plan on arbitrary sequences of changes),
# terraform, packer and request (the command line's readers on arbitrary bytes), partial
# (templated values: no fault reported that the expressions could remove), config (Terraform
# configurations and Packer templates with variables, locals, count and for_each evaluated),
# varfile (variable files and --var values applied to a template and a configuration),
# packed_utf32 (the Python binding's batch of code points, held to the per-value answer) and
# js_boundary (the npm package's Rust side, called natively with arbitrary buffers and end lists).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-20}"
shift || true
targets=("${@:-validate ffi share terraform packer request partial config varfile packed_utf32 js_boundary}")
read -r -a targets <<<"${targets[*]}"
if ! rustup toolchain list | grep -q '^nightly'; then
  rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
for t in "${targets[@]}"; do
  echo "== fuzz target $t, $seconds s"
  log="$(mktemp)"
  # A target that fails to build, or a run libFuzzer ends with a finding, exits non-zero.
  status=0
  cargo +nightly fuzz run -O "$t" -- -max_total_time="$seconds" -rss_limit_mb=4096 >"$log" 2>&1 || status=$?
  grep -E '^Done|ERROR|panicked|SUMMARY|^error' "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$log" >&2
    echo "fuzz target $t failed (exit $status)" >&2
    exit 1
  fi
  # libFuzzer leaves a crash-* file when it finds something: fail loudly.
  # (Each pattern tested on its own: `ls a* b*` fails when any one of them matches nothing.)
  for found in "artifacts/$t"/crash-* "artifacts/$t"/leak-* "artifacts/$t"/timeout-* "artifacts/$t"/oom-*; do
    if [ -e "$found" ]; then
      echo "fuzz target $t found a failure: see fuzz/$found" >&2
      exit 1
    fi
  done
done
