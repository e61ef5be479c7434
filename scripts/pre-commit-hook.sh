#!/usr/bin/env bash
# The pre-commit hooks' entry (.pre-commit-hooks.yaml): `pre-commit-hook.sh READER FILE...`
# checks each distinct folder of the files given with `image-preflight READER FOLDER`, as
# Terraform and Packer read a folder at once. Exit 1 if any folder has findings, 2 if one
# cannot be read.
set -uo pipefail
reader="$1"
shift
bin="${IMAGE_PREFLIGHT_BIN:-}"
if [ -z "$bin" ]; then
  if command -v image-preflight >/dev/null; then
    bin=image-preflight
  else
    # Not installed: build it once from the hook's own checkout (pre-commit keeps it cached).
    here="$(cd "$(dirname "$0")/.." && pwd)"
    cargo build --quiet --release -p image-preflight-cli --manifest-path "$here/Cargo.toml" >&2 || exit 2
    bin="$here/target/release/image-preflight"
  fi
fi
status=0
# Distinct folders, in order.
mapfile -t dirs < <(for f in "$@"; do dirname -- "$f"; done | awk '!seen[$0]++')
for d in "${dirs[@]}"; do
  "$bin" "$reader" "$d"
  code=$?
  if [ "$code" -gt "$status" ]; then
    status=$code
  fi
done
exit "$status"
