#!/usr/bin/env bash
# Builds the library in release mode and installs it for C programs:
#   PREFIX=/usr/local bash scripts/install.sh
# puts libimage_preflight.so/.a in $PREFIX/lib, image_preflight.h in $PREFIX/include and
# image_preflight.pc in $PREFIX/lib/pkgconfig, so that
#   cc app.c $(pkg-config --cflags --libs image_preflight)
# works (with PKG_CONFIG_PATH=$PREFIX/lib/pkgconfig for a prefix pkg-config does not search).
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX="${PREFIX:-/usr/local}"
cargo build --release --locked -p image-preflight
version=$(cargo metadata --format-version 1 --no-deps \
  | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="image-preflight"))')
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
install -d "$PREFIX/lib/pkgconfig" "$PREFIX/include"
install -m 0644 include/image_preflight.h "$PREFIX/include/"
install -m 0755 "$target_dir/release/libimage_preflight.so" "$PREFIX/lib/"
install -m 0644 "$target_dir/release/libimage_preflight.a" "$PREFIX/lib/"
sed -e "s|@PREFIX@|$PREFIX|" -e "s|@VERSION@|$version|" image_preflight.pc.in > "$PREFIX/lib/pkgconfig/image_preflight.pc"
echo "installed image_preflight $version in $PREFIX"
