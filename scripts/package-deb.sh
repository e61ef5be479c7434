#!/usr/bin/env bash
# Builds the Debian packages of this release into target/debian/, with dpkg-deb:
#   libimage-preflight0      the shared library, libimage_preflight.so.0 (SONAME) -> .so.X.Y.Z
#   libimage-preflight-dev   the header, the libimage_preflight.so link, the static library,
#                            pkg-config files (image_preflight, image_preflight-static) and the
#                            CMake package (find_package(image_preflight CONFIG))
#   image-preflight          the command line, /usr/bin/image-preflight, its manual pages
#                            (man image-preflight) and its bash, zsh and fish completions
# The -dev package's /usr/share/doc/libimage-preflight-dev holds the C API's documentation.
# Install them with `apt install ./target/debian/*.deb` (or dpkg -i). The library goes into the
# multiarch directory (/usr/lib/x86_64-linux-gnu on amd64); dependencies are worked out by
# dpkg-shlibdeps. DEB_REVISION (default 1) is the Debian revision, DEB_MAINTAINER the
# Maintainer field.
#   bash scripts/package-deb.sh
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

for tool in dpkg-deb dpkg-shlibdeps dpkg-architecture; do
  command -v "$tool" >/dev/null || { echo "package-deb.sh: $tool is missing: apt-get install dpkg-dev" >&2; exit 1; }
done

cargo build --release --locked -p image-preflight -p image-preflight-cli
metadata=$(cargo metadata --format-version 1 --no-deps)
version=$(python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="image-preflight"))' <<<"$metadata")
target_dir=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' <<<"$metadata")
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
revision="${DEB_REVISION:-1}"
deb_version="$version-$revision"
maintainer="${DEB_MAINTAINER:-image-preflight developers <https://github.com/image-preflight/image-preflight/issues>}"
homepage="https://github.com/image-preflight/image-preflight"
out="$target_dir/debian"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Everything installed once under /usr, then split into the three packages.
DESTDIR="$work/all" PREFIX=/usr LIBDIR="/usr/lib/$multiarch" SKIP_BUILD=1 bash scripts/install.sh >/dev/null
install -D -m 0755 "$target_dir/release/image-preflight" "$work/all/usr/bin/image-preflight"
# The manual pages and completions come from the binary's own clap definition.
"$work/all/usr/bin/image-preflight" man --out-dir "$work/all/usr/share/man/man1"
gzip -9n "$work/all/usr/share/man/man1"/*.1
completions() { # completions SHELL PATH
  install -d "$(dirname "$work/all/$2")"
  "$work/all/usr/bin/image-preflight" completions "$1" >"$work/all/$2"
}
completions bash usr/share/bash-completion/completions/image-preflight
completions zsh usr/share/zsh/vendor-completions/_image-preflight
completions fish usr/share/fish/vendor_completions.d/image-preflight.fish
install -D -m 0644 docs/c-api.md "$work/all/usr/share/doc/libimage-preflight-dev/c-api.md"
install -D -m 0644 README.md "$work/all/usr/share/doc/libimage-preflight-dev/README.md"
gzip -9n "$work/all/usr/share/doc/libimage-preflight-dev"/*.md
soname=$(readelf -d "$work/all/usr/lib/$multiarch/libimage_preflight.so.$version" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
abi_major="${soname#libimage_preflight.so.}"
lib_pkg="libimage-preflight$abi_major"
strip --strip-unneeded "$work/all/usr/lib/$multiarch/libimage_preflight.so.$version" "$work/all/usr/bin/image-preflight"
strip --strip-debug "$work/all/usr/lib/$multiarch/libimage_preflight.a"

move() { # move PACKAGE PATH...: PATHs (relative to /) from the whole tree into PACKAGE's tree
  local pkg=$1 path
  shift
  for path in "$@"; do
    mkdir -p "$work/$pkg/$(dirname "$path")"
    mv "$work/all/$path" "$work/$pkg/$path"
  done
}
move "$lib_pkg" "usr/lib/$multiarch/libimage_preflight.so.$version" "usr/lib/$multiarch/$soname"
move libimage-preflight-dev "usr/include/image_preflight.h" "usr/lib/$multiarch/libimage_preflight.so" \
  "usr/lib/$multiarch/libimage_preflight.a" "usr/lib/$multiarch/pkgconfig" "usr/lib/$multiarch/cmake"
move libimage-preflight-dev usr/share/doc/libimage-preflight-dev
move image-preflight "usr/bin/image-preflight" usr/share/man usr/share/bash-completion usr/share/zsh usr/share/fish
leftover=$(find "$work/all" -type f -o -type l)
[ -z "$leftover" ] || { echo "package-deb.sh: installed but in no package: $leftover" >&2; exit 1; }

# Dependencies on the system's libraries, as dpkg-shlibdeps reads them from the binaries.
shlibdeps() { # shlibdeps FILE...
  mkdir -p "$work/shlibdeps/debian"
  echo "Source: image-preflight" >"$work/shlibdeps/debian/control"
  (cd "$work/shlibdeps" && dpkg-shlibdeps -O "$@" 2>/dev/null) | sed -n 's/^shlibs:Depends=//p'
}
lib_depends=$(shlibdeps "$work/$lib_pkg/usr/lib/$multiarch/libimage_preflight.so.$version")
cli_depends=$(shlibdeps "$work/image-preflight/usr/bin/image-preflight")

copyright() { # copyright PACKAGE: the licences, as Debian's machine-readable copyright file
  local doc="$work/$1/usr/share/doc/$1"
  mkdir -p "$doc"
  {
    echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
    echo "Upstream-Name: image-preflight"
    echo "Source: $homepage"
    echo
    echo "Files: *"
    echo "Copyright: The image-preflight authors"
    echo "License: MIT or Apache-2.0"
    echo
    echo "License: MIT"
    sed -e 's/^$/./' -e 's/^/ /' LICENSE-MIT
    echo
    echo "License: Apache-2.0"
    echo " On Debian systems the full text of the Apache License 2.0 is in"
    echo " /usr/share/common-licenses/Apache-2.0."
  } >"$doc/copyright"
  gzip -9n <CHANGELOG.md >"$doc/changelog.gz"
}

control() { # control PACKAGE SECTION MULTI-ARCH DEPENDS SUMMARY DESCRIPTION...
  local pkg=$1 section=$2 multi=$3 depends=$4 summary=$5
  shift 5
  mkdir -p "$work/$pkg/DEBIAN"
  {
    echo "Package: $pkg"
    echo "Version: $deb_version"
    echo "Architecture: $arch"
    [ "$multi" = - ] || echo "Multi-Arch: $multi"
    echo "Section: $section"
    echo "Priority: optional"
    echo "Maintainer: $maintainer"
    echo "Installed-Size: $(du -sk --exclude=DEBIAN "$work/$pkg" | cut -f1)"
    [ -z "$depends" ] || echo "Depends: $depends"
    echo "Homepage: $homepage"
    echo "Description: $summary"
    local para
    for para in "$@"; do fold -s -w 72 <<<"$para" | sed -e 's/ *$//' -e 's/^/ /'; done
  } >"$work/$pkg/DEBIAN/control"
  (cd "$work/$pkg" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0r md5sum) >"$work/$pkg/DEBIAN/md5sums"
}

about="Tells, before calling the cloud, whether Tencent Cloud CVM, Alibaba Cloud ECS or Volcengine ECS will accept a custom image's name, description, family and boot mode, and whether an image-sharing change is legal, with the provider's own error codes."

copyright "$lib_pkg"
control "$lib_pkg" libs same "$lib_depends" "pre-flight checks of cloud custom images (shared library)" \
  "$about" "." "This package holds the shared library, $soname."
# The library's packages answer for its SONAME; ldconfig runs when it is installed or removed.
echo "libimage_preflight $abi_major $lib_pkg (>= $version)" >"$work/$lib_pkg/DEBIAN/shlibs"
echo "activate-noawait ldconfig" >"$work/$lib_pkg/DEBIAN/triggers"
chmod 0644 "$work/$lib_pkg/DEBIAN/shlibs" "$work/$lib_pkg/DEBIAN/triggers"

copyright libimage-preflight-dev
control libimage-preflight-dev libdevel same "$lib_pkg (= $deb_version)" \
  "pre-flight checks of cloud custom images (development files)" \
  "$about" "." "This package holds the C header, the static library, pkg-config files" \
  "(image_preflight, image_preflight-static) and the CMake package" \
  "(find_package(image_preflight CONFIG), target image_preflight::image_preflight)," \
  "and the C API's documentation in /usr/share/doc/libimage-preflight-dev."

copyright image-preflight
control image-preflight utils foreign "$cli_depends" "pre-flight checks of cloud custom images (command line)" \
  "$about" "." "This package holds the image-preflight command (check, share, plan-share, rules, terraform, packer, request), its manual pages and its bash, zsh and fish completions."

rm -rf "$out"
mkdir -p "$out"
for pkg in "$lib_pkg" libimage-preflight-dev image-preflight; do
  find "$work/$pkg" -type d -exec chmod 0755 {} +
  dpkg-deb --root-owner-group -Zxz --build "$work/$pkg" "$out/${pkg}_${deb_version}_$arch.deb" >/dev/null
  echo "built $out/${pkg}_${deb_version}_$arch.deb"
done
