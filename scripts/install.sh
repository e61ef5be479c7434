#!/usr/bin/env bash
# Builds the C library (release) and installs it:
#   cargo build --release -p image-preflight && sudo SKIP_BUILD=1 bash scripts/install.sh
#                                                        # the default prefix, /usr/local
#   PREFIX="$HOME/.local" bash scripts/install.sh        # any prefix you can write to
#   DESTDIR=/tmp/stage PREFIX=/usr bash scripts/install.sh   # staged, for a package
#
# Installs, with LIBDIR defaulting to $PREFIX/lib and INCLUDEDIR to $PREFIX/include:
#   $LIBDIR/libimage_preflight.so.X.Y.Z   the shared library, SONAME libimage_preflight.so.A
#   $LIBDIR/libimage_preflight.so.A       -> .so.X.Y.Z (what programs load at run time)
#   $LIBDIR/libimage_preflight.so         -> .so.A     (what the linker finds for -limage_preflight)
#   $LIBDIR/libimage_preflight.a          the static library
#   $INCLUDEDIR/image_preflight.h
#   $LIBDIR/pkgconfig/image_preflight.pc          (shared) and image_preflight-static.pc
#   $LIBDIR/cmake/image_preflight/                find_package(image_preflight CONFIG)
# A is the ABI major (build.rs), raised only when the ABI breaks.
#
# Installed into the system (no DESTDIR, as root, into a directory the dynamic linker
# searches) it runs ldconfig; anywhere else it says how to make programs find the library.
# SKIP_BUILD=1 installs what the last release build left in the target directory.
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX="${PREFIX:-/usr/local}"
PREFIX="${PREFIX%/}"
LIBDIR="${LIBDIR:-$PREFIX/lib}"
INCLUDEDIR="${INCLUDEDIR:-$PREFIX/include}"
DESTDIR="${DESTDIR:-}"
DESTDIR="${DESTDIR%/}"
for dir in "$PREFIX" "$LIBDIR" "$INCLUDEDIR"; do
  case "$dir" in
    /*) ;;
    *) echo "install.sh: PREFIX, LIBDIR and INCLUDEDIR must be absolute paths (got '$dir')" >&2; exit 2 ;;
  esac
done

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  cargo build --release --locked -p image-preflight
fi
if command -v cargo >/dev/null; then
  metadata=$(cargo metadata --format-version 1 --no-deps)
  version=$(python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="image-preflight"))' <<<"$metadata")
  target_dir=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' <<<"$metadata")
else # SKIP_BUILD=1 under sudo, whose PATH has no cargo: read what cargo would say
  version=$(python3 -c 'import re; m = open("Cargo.toml").read().split("[workspace.package]", 1)[1]; print(re.search(r"^version\s*=\s*\"([^\"]+)\"", m, re.M).group(1))')
  target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
fi
built="$target_dir/release"

# The ABI major is whatever SONAME the build gave the library.
soname=$(readelf -d "$built/libimage_preflight.so" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
case "$soname" in
  libimage_preflight.so.[0-9]*) abi_major="${soname#libimage_preflight.so.}" ;;
  *) echo "install.sh: $built/libimage_preflight.so has no SONAME (build.rs sets it): rebuild it" >&2; exit 1 ;;
esac
IFS=. read -r v_major v_minor _ <<<"$version"
real="libimage_preflight.so.$version"

lib="$DESTDIR$LIBDIR"
inc="$DESTDIR$INCLUDEDIR"
install -d "$lib/pkgconfig" "$lib/cmake/image_preflight" "$inc"
install -m 0644 include/image_preflight.h "$inc/"
install -m 0644 "$built/libimage_preflight.so" "$lib/$real"
ln -sfn "$real" "$lib/$soname"
ln -sfn "$soname" "$lib/libimage_preflight.so"
install -m 0644 "$built/libimage_preflight.a" "$lib/"

# Paths the CMake files find from their own place (relocatable) when the tree is one prefix.
rel() { python3 -c 'import os,sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))' "$1" "$2"; }
cmake_dir="$LIBDIR/cmake/image_preflight"
subst=(
  -e "s|@PREFIX@|$PREFIX|g" -e "s|@LIBDIR@|$LIBDIR|g" -e "s|@INCLUDEDIR@|$INCLUDEDIR|g"
  -e "s|@VERSION@|$version|g" -e "s|@VERSION_MAJOR@|$v_major|g" -e "s|@VERSION_MINOR@|$v_minor|g"
  -e "s|@ABI_MAJOR@|$abi_major|g" -e "s|@SIZEOF_VOID_P@|$(getconf LONG_BIT | awk '{print $1 / 8}')|g"
  -e "s|@PREFIX_FROM_HERE@|$(rel "$PREFIX" "$cmake_dir")|g"
  -e "s|@LIBDIR_REL@|$(rel "$LIBDIR" "$PREFIX")|g" -e "s|@INCLUDEDIR_REL@|$(rel "$INCLUDEDIR" "$PREFIX")|g"
)
sed "${subst[@]}" image_preflight.pc.in > "$lib/pkgconfig/image_preflight.pc"
sed "${subst[@]}" image_preflight-static.pc.in > "$lib/pkgconfig/image_preflight-static.pc"
sed "${subst[@]}" cmake/image_preflightConfig.cmake.in > "$lib/cmake/image_preflight/image_preflightConfig.cmake"
sed "${subst[@]}" cmake/image_preflightConfigVersion.cmake.in > "$lib/cmake/image_preflight/image_preflightConfigVersion.cmake"
chmod 0644 "$lib"/pkgconfig/image_preflight*.pc "$lib"/cmake/image_preflight/*.cmake

echo "installed image_preflight $version (SONAME $soname) in $DESTDIR$PREFIX"

# Can programs find the shared library at run time?
searched() { ldconfig -v -N -X 2>/dev/null | grep -q "^$1:"; }
if [ -n "$DESTDIR" ]; then
  echo "staged under DESTDIR=$DESTDIR: run ldconfig after copying it into place"
elif [ "$(id -u)" = 0 ] && searched "$LIBDIR"; then
  ldconfig
  echo "ran ldconfig: programs find $soname in $LIBDIR"
else
  cat <<MSG
$LIBDIR is not a directory the dynamic linker searches. To build against it:
  export PKG_CONFIG_PATH=$LIBDIR/pkgconfig   # for pkg-config --cflags --libs image_preflight
  export CMAKE_PREFIX_PATH=$PREFIX           # for find_package(image_preflight CONFIG)
To run a program linked to the shared library, one of:
  LD_LIBRARY_PATH=$LIBDIR ./app
  cc app.c \$(pkg-config --cflags --libs image_preflight) -Wl,-rpath,$LIBDIR   # path kept in the program
  echo $LIBDIR > /etc/ld.so.conf.d/image_preflight.conf && ldconfig            # as root, for every program
or link statically: pkg-config --libs image_preflight-static (CMake: image_preflight::image_preflight_static).
MSG
fi
