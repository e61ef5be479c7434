#!/usr/bin/env bash
# Builds the Go package: first the Rust static library it links, then the package itself.
#   bash bindings/go/build.sh          # build and vet
#   bash bindings/go/build.sh test     # and run go test -race (what the project's tests run)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
(cd "$here/../.." && cargo build --release --locked -p image-preflight)
cd "$here"
go vet ./...
go build ./...
if [ "${1:-}" = test ]; then
  go test -race -count=1 ./...
fi
