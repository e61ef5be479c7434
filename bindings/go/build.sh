#!/usr/bin/env bash
# Builds and tests the Go package in the repository: installs the C library from this checkout
# into a staging prefix (target/go-prefix, by scripts/install.sh) and points pkg-config there,
# as a user's machine would have it installed.
#   bash bindings/go/build.sh          # build and vet
#   bash bindings/go/build.sh test     # and go test -race (linked to the shared library), then
#                                      # go test -tags image_preflight_static
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$here/../.."
target_dir=$(cd "$repo" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
prefix="$target_dir/go-prefix"
rm -rf "$prefix"
PREFIX="$prefix" bash "$repo/scripts/install.sh" >/dev/null
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export LD_LIBRARY_PATH="$prefix/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
cd "$here"
go vet ./...
go build ./...
go vet -tags image_preflight_static ./...
if [ "${1:-}" = test ]; then
  go test -race -count=1 ./...
  go test -count=1 -tags image_preflight_static ./...
fi
