#!/usr/bin/env bash
# The release, built once and installed as its users install it, each part from dist/ into a
# clean place with no Rust on PATH:
#   (build)  scripts/release.sh (all of dist/; IPF_DIST=DIR tests a dist/ already built instead)
#   cli     the static binary alone in an empty chroot (no libc at all); its tarball's manual
#           pages render and its completions are there
#   c       the C tarball unpacked into a prefix (and moved): SONAME and links, a C program
#           through pkg-config (shared and static), a CMake project through find_package;
#           scripts/install.sh into a prefix and with DESTDIR staging
#   deb     the Debian packages installed with dpkg (root): a C program and a CMake project
#           built against them, the command line run, `man image-preflight`, the C API docs,
#           the packages removed
#   python  the sdist carries the Rust sources; the wheel is manylinux (auditwheel) and abi3
#           (abi3audit) and is installed into a fresh virtual environment of every CPython
#           3.9-3.13 present, where the binding's tests run
#   npm     the tarball (with its licences) installed into an empty project and imported by name
#   go      the module's tests against the C tarball's prefix (pkg-config, -race, static);
#           then `go get` of the module through the file proxy (dist/goproxy) in an empty
#           module, and through a `replace` of a copy of bindings/go; each user program linked
#           dynamically and statically
#   sums    sha256sum -c SHA256SUMS covers every file of dist/
#   sbom    the SBOM lists every crate each Rust artifact compiles in (cargo tree), each one
#           reached by Cargo.lock's resolve (cargo metadata)
#   bash scripts/test-packages.sh [cli] [c] [deb] [python] [npm] [go] [sums] [sbom]   (none: all)
# Installs what it needs (pkg-config, cmake, man-db, Go; auditwheel, abi3audit from PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
started=$SECONDS

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

mode_args=("$@")
[ ${#mode_args[@]} -gt 0 ] || mode_args=(cli c deb python npm go sums sbom)
if [ -n "${IPF_DIST:-}" ]; then
  dist=$(cd "$IPF_DIST" && pwd)
else
  dist="$root/dist"
  t=$SECONDS
  bash scripts/release.sh
  echo "release.sh: $((SECONDS - t)) s"
fi
[ -f "$dist/SHA256SUMS" ] || fail "no $dist/SHA256SUMS: is $dist a release?"

# What each Rust artifact links, read from cargo's resolve (for the SBOM test), while cargo is
# still on PATH.
for spec in image-preflight:x86_64-unknown-linux-gnu image-preflight-cli:x86_64-unknown-linux-musl image-preflight-wasm:wasm32-unknown-unknown; do
  cargo metadata --locked --format-version 1 --filter-platform "${spec#*:}" | python3 -c '
import json, sys
m = json.load(sys.stdin)
nodes = {n["id"]: n for n in m["resolve"]["nodes"]}
packages = {p["id"]: p for p in m["packages"]}
names = {i: (p["name"], p["version"]) for i, p in packages.items()}
start = next(i for i, (n, _) in names.items() if n == sys.argv[1])

def activated(i, dep):
    """cargo metadata lists an optional dependency named only by a weak feature ("dep?/f") as
    if it were on; it is compiled only when an enabled feature turns it on."""
    declared = [d for d in packages[i]["dependencies"] if (d.get("rename") or d["name"]).replace("-", "_") == dep["name"]]
    if not declared or not all(d["optional"] for d in declared):
        return True
    name = declared[0].get("rename") or declared[0]["name"]
    on = set(nodes[i]["features"])
    table = packages[i]["features"]
    return name in on or any("dep:" + name in table.get(f, []) or name in table.get(f, []) for f in on)

seen, todo = set(), [start]
while todo:
    i = todo.pop()
    if i in seen:
        continue
    seen.add(i)
    # Normal dependencies only: what is compiled into the artifact, not dev- or build-only.
    todo += [d["pkg"] for d in nodes[i]["deps"] if any(k["kind"] is None for k in d["dep_kinds"]) and activated(i, d)]
for i in sorted(seen):
    print("pkg:cargo/%s@%s" % names[i])
' "${spec%%:*}" >"$work/resolve-${spec%%:*}"
  # What the build compiles: cargo tree applies the feature resolver (a dev-dependency's
  # features do not reach a normal build), which cargo metadata's resolve does not.
  cargo tree --locked -p "${spec%%:*}" -e normal --target "${spec#*:}" --prefix none -f '{p}' |
    sed 's/ (\*)$//; s/ (.*)$//' | awk '{ sub(/^v/, "", $2); print "pkg:cargo/" $1 "@" $2 }' | sort -u >"$work/links-${spec%%:*}"
done

# From here on, nothing may need Rust: a user of these artifacts has none.
path_without_rust() {
  local out="" dir
  IFS=: read -r -a dirs <<<"$PATH"
  for dir in "${dirs[@]}"; do
    [ -n "$dir" ] && [ ! -x "$dir/cargo" ] && [ ! -x "$dir/rustc" ] && out="${out:+$out:}$dir"
  done
  echo "$out"
}
PATH=$(path_without_rust)
export PATH
if command -v cargo >/dev/null || command -v rustc >/dev/null; then fail "Rust is still on PATH=$PATH"; fi

cli_tarball="$dist/image-preflight-$version-x86_64-unknown-linux-musl.tar.gz"
c_tarball="$dist/libimage-preflight-$version-x86_64-linux-gnu.tar.gz"
# The same path on every run: the go command caches what pkg-config said by the .pc file's
# contents, and a relocatable .pc file reads the same wherever it lies, so a prefix at a new
# path would be linked from the last run's (https://github.com/golang/go/issues/24544).
prefix="$target_dir/release-test/prefix"
unpacked=0
unpack_prefix() { # the C tarball unpacked once into $prefix, for the C and Go tests
  if [ "$unpacked" = 0 ]; then
    rm -rf "$prefix"
    mkdir -p "$prefix"
    tar -xzf "$c_tarball" -C "$prefix" --strip-components=1
    unpacked=1
  fi
}
cli="$work/cli/bin/image-preflight"
unpack_cli() {
  if [ ! -x "$cli" ]; then
    mkdir -p "$work/cli"
    tar -xzf "$cli_tarball" -C "$work/cli" --strip-components=1
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

test_cli() {
  step "command line: the static binary alone in an empty root, its manual pages and completions"
  need man man-db
  unpack_cli
  if readelf -l "$cli" | grep -q INTERP; then fail "the static binary asks for a dynamic loader"; fi
  if readelf -d "$cli" | grep -q NEEDED; then fail "the static binary needs shared libraries"; fi
  # A scratch root: the binary and nothing else, not even a libc or /dev.
  local scratch="$work/scratch" out rc=0
  mkdir -p "$scratch"
  cp "$cli" "$scratch/image-preflight"
  [ "$(find "$scratch" | wc -l)" = 2 ] || fail "the scratch root holds more than the binary"
  out=$(chroot "$scratch" /image-preflight check --provider alibaba --name 1abc) || rc=$?
  [ "$rc" = 1 ] && grep -q 'InvalidImageName.Malformed' <<<"$out" || fail "in the scratch root: exit $rc, $out"
  [ "$(chroot "$scratch" /image-preflight --version)" = "image-preflight $version" ] || fail "--version is not $version"
  pass "the static binary runs in an empty root (no libc): exit 1, InvalidImageName.Malformed"

  local share="$work/cli/share" sub
  for sub in $("$cli" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && $1 != "help" {print $1}'); do
    [ -f "$share/man/man1/image-preflight-$sub.1" ] || fail "no manual page for $sub"
  done
  LC_ALL=C MANWIDTH=80 man -l "$share/man/man1/image-preflight.1" 2>"$work/man.err" | grep 'plan-share' >/dev/null ||
    fail "man -l image-preflight.1 does not render the subcommands"
  [ ! -s "$work/man.err" ] || { cat "$work/man.err"; fail "the manual page renders with warnings"; }
  for f in bash-completion/completions/image-preflight zsh/site-functions/_image-preflight \
    fish/vendor_completions.d/image-preflight.fish elvish/lib/image-preflight.elv powershell/image-preflight.ps1 \
    doc/image-preflight/LICENSE-MIT doc/image-preflight/LICENSE-APACHE; do
    [ -s "$share/$f" ] || fail "the CLI tarball lacks share/$f"
  done
  bash -c "source '$share/bash-completion/completions/image-preflight' && complete -p image-preflight" >/dev/null ||
    fail "the bash completion does not register"
  pass "the CLI tarball: a manual page per subcommand (man renders it), five shells' completions, licences"
}

test_c() {
  step "C: the tarball unpacked into a prefix, then pkg-config and CMake users; install.sh"
  need pkg-config pkg-config
  need cmake cmake
  unpack_prefix
  local lib="$prefix/lib"
  [ "$(readlink "$lib/libimage_preflight.so")" = libimage_preflight.so.0 ] || fail "libimage_preflight.so does not point at .so.0"
  [ "$(readlink "$lib/libimage_preflight.so.0")" = "libimage_preflight.so.$version" ] || fail "libimage_preflight.so.0 does not point at .so.$version"
  readelf -d "$lib/libimage_preflight.so.$version" | grep -q 'SONAME.*\[libimage_preflight\.so\.0\]' || fail "no SONAME libimage_preflight.so.0"
  [ -f "$lib/libimage_preflight.a" ] && [ -f "$prefix/include/image_preflight.h" ] || fail "static library or header missing"
  [ -f "$prefix/share/doc/libimage-preflight/c-api.md" ] && [ -f "$prefix/share/doc/libimage-preflight/LICENSE-APACHE" ] ||
    fail "the C tarball lacks its documentation"
  pass "C tarball: libimage_preflight.so -> .so.0 -> .so.$version (SONAME .so.0), .a, header, .pc, CMake files, docs"

  # Without being told where the library is, a program linked to it does not start; with
  # LD_LIBRARY_PATH it does.
  PKG_CONFIG_PATH="$lib/pkgconfig" CMAKE_PREFIX_PATH="$prefix" LD_LIBRARY_PATH="$lib" build_and_run_users prefix
  if "$work/users-prefix/app_shared" 2>/dev/null; then fail "app_shared started without LD_LIBRARY_PATH: which library did it load?"; fi

  # The tree can be moved whole: pkg-config (${pcfiledir}) and the CMake files find their
  # paths from their own place.
  cp -a "$prefix" "$work/moved"
  [ "$(PKG_CONFIG_PATH="$work/moved/lib/pkgconfig" pkg-config --variable=libdir image_preflight)" -ef "$work/moved/lib" ] ||
    fail "pkg-config does not find the moved prefix's libdir"
  rm -rf "$work/users-moved"
  mkdir -p "$work/users-moved" && cp tests/packages/app.c tests/packages/cmake-app/CMakeLists.txt "$work/users-moved/"
  (cd "$work/users-moved" && CMAKE_PREFIX_PATH="$work/moved" cmake -S . -B build -DWANT_VERSION="$version" >build.log 2>&1 &&
    cmake --build build >>build.log 2>&1 && grep -q "$work/moved/lib/libimage_preflight" build/CMakeFiles/app_shared.dir/link.txt) ||
    { cat "$work/users-moved/build.log"; fail "the moved prefix is not found from its new place"; }
  pass "a moved prefix: pkg-config and find_package find the library at its new place"

  # scripts/install.sh, from the checkout, installs what the release built (SKIP_BUILD=1:
  # no cargo here).
  local iprefix="$work/install-prefix"
  PREFIX="$iprefix" SKIP_BUILD=1 bash scripts/install.sh >"$work/install.log" || { cat "$work/install.log"; fail "install.sh failed"; }
  readelf -d "$iprefix/lib/libimage_preflight.so.$version" | grep -q 'SONAME.*\[libimage_preflight\.so\.0\]' || fail "install.sh: no SONAME"
  grep -q "LD_LIBRARY_PATH=$iprefix/lib" "$work/install.log" || fail "install.sh did not say how to run from $iprefix"
  grep -q "^prefix=$iprefix$" "$iprefix/lib/pkgconfig/image_preflight.pc" || fail "install.sh: the .pc file does not name $iprefix"
  PKG_CONFIG_PATH="$iprefix/lib/pkgconfig" CMAKE_PREFIX_PATH="$iprefix" LD_LIBRARY_PATH="$iprefix/lib" build_and_run_users install.sh
  pass "install.sh into a prefix: the same tree, and it says how to run from there"

  # DESTDIR stages the same tree under another root, with the final paths inside the files.
  DESTDIR="$work/stage" PREFIX=/opt/ipf SKIP_BUILD=1 bash scripts/install.sh >"$work/destdir.log"
  [ -f "$work/stage/opt/ipf/lib/libimage_preflight.so.$version" ] || fail "DESTDIR: library not staged"
  grep -q '^prefix=/opt/ipf$' "$work/stage/opt/ipf/lib/pkgconfig/image_preflight.pc" || fail "DESTDIR: the .pc file names the staging path"
  grep -q 'run ldconfig after' "$work/destdir.log" || fail "DESTDIR: no word on ldconfig"
  pass "DESTDIR=... PREFIX=/opt/ipf stages the tree with its final paths"
}

test_python() {
  step "Python: the sdist and the repaired wheel from dist/python (auditwheel, abi3audit), on every CPython"
  local tools="$work/py-tools"
  python3 -m venv "$tools"
  "$tools/bin/pip" install -q --upgrade pip
  "$tools/bin/pip" install -q auditwheel abi3audit
  local sdist wheel
  sdist=$(ls "$dist"/python/image_preflight-"$version".tar.gz) || fail "no sdist in $dist/python"
  wheel=$(ls "$dist"/python/image_preflight-"$version"-cp39-abi3-manylinux_2_*_x86_64.whl) ||
    fail "no manylinux wheel in $dist/python: $(ls "$dist/python")"
  tar tzf "$sdist" >"$work/sdist.list"
  for f in rust/Cargo.toml rust/Cargo.lock rust/build.rs rust/include/image_preflight.h rust/src/lib.rs build_ffi.py LICENSE-MIT LICENSE-APACHE; do
    grep -qx "image_preflight-$version/$f" "$work/sdist.list" || fail "the sdist lacks $f"
  done
  pass "the sdist carries the Rust sources, Cargo.lock and the header (release.sh built the wheel from it)"

  "$tools/bin/auditwheel" show "$wheel" >"$work/auditwheel-show.log"
  tr '\n' ' ' <"$work/auditwheel-show.log" | grep -q 'consistent with the following platform tag: "manylinux_2_' ||
    fail "auditwheel show does not call the repaired wheel manylinux"
  "$tools/bin/abi3audit" --strict "$wheel" >"$work/abi3audit.log" 2>&1 || { cat "$work/abi3audit.log"; fail "abi3audit: a module uses more than CPython 3.9's limited API"; }
  python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$wheel" >"$work/wheel.list"
  grep -q "dist-info/licenses/LICENSE-MIT$" "$work/wheel.list" && grep -q "dist-info/licenses/LICENSE-APACHE$" "$work/wheel.list" ||
    fail "the licence texts are not in the wheel"
  if grep -Eq '\.c$|\.rs$|cpython-3' "$work/wheel.list"; then fail "the wheel carries sources or a version-specific module"; fi
  pass "$(basename "$wheel"): manylinux (auditwheel), limited API of CPython 3.9 (abi3audit --strict), licence texts inside"

  # The wheel installed into a fresh virtual environment of each CPython (PATH has no Rust).
  local tried=() missing=() py minor
  cp -r bindings/python/tests "$work/py-tests"
  # The command line, whose JSON Report.to_dict() must reproduce: the release's static one.
  unpack_cli
  for minor in 9 10 11 12 13; do
    py=$(ls -d /root/.pyenv/versions/3."$minor".*/bin/python3 2>/dev/null | sort -V | tail -1 || true)
    if [ -z "$py" ] && command -v "python3.$minor" >/dev/null; then py=$(command -v "python3.$minor"); fi
    if [ -z "$py" ]; then missing+=("3.$minor"); continue; fi
    local venv="$work/venv-3.$minor"
    "$py" -m venv "$venv"
    (
      export PATH="$venv/bin:$PATH"
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

test_npm() {
  step "npm: the tarball installed into an empty project and imported by name"
  if ! command -v node >/dev/null; then need npm npm; need node nodejs; fi
  local tgz="$dist/npm/image-preflight-$version.tgz" app="$work/npm-app"
  [ -f "$tgz" ] || fail "no $tgz"
  tar tzf "$tgz" >"$work/npm.list"
  for f in LICENSE-MIT LICENSE-APACHE README.md package.json wasm/image_preflight_wasm_bg.wasm wasm/rules.js; do
    grep -qx "package/$f" "$work/npm.list" || fail "the npm tarball lacks $f"
  done
  mkdir -p "$app"
  printf '{ "name": "scratch-app", "private": true, "type": "module" }\n' >"$app/package.json"
  (cd "$app" && npm install --no-audit --no-fund --silent "$tgz")
  (cd "$app" && node --input-type=module -e '
    import { init, check } from "image-preflight";
    import { readFileSync } from "node:fs";
    await init();
    const r = check("alibaba", { name: "1abc" });
    if (r.valid || r.violations[0].providerCode !== "InvalidImageName.Malformed") throw new Error(JSON.stringify(r));
    const v = JSON.parse(readFileSync("node_modules/image-preflight/package.json", "utf8")).version;
    if (v !== process.argv[1]) throw new Error("version " + v);
  ' "$version") || fail "the installed npm package does not answer"
  pass "image-preflight-$version.tgz: licences inside, installed into an empty project, check() answers"
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
  step "Go: the module's tests against the C tarball's prefix; go get through the file proxy; a replace"
  need pkg-config pkg-config
  ensure_go
  go version
  unpack_prefix
  # A build cache of this prefix's own: the go command keeps what pkg-config said about a
  # relocatable .pc file past a move of the library (https://github.com/golang/go/issues/24544),
  # so a cache shared with other checkouts could link a prefix that is gone.
  export GOTOOLCHAIN=local GOFLAGS=-mod=mod GOCACHE="$target_dir/release-test/gocache"
  (
    cd bindings/go
    export PKG_CONFIG_PATH="$prefix/lib/pkgconfig" LD_LIBRARY_PATH="$prefix/lib"
    go vet ./...
    go vet -tags image_preflight_static ./...
    go test -race -count=1 ./...
    go test -count=1 -tags image_preflight_static ./...
  ) || fail "the Go module's own tests"
  pass "go vet, go test -race (shared library) and go test -tags image_preflight_static, through pkg-config"

  # As a user gets it: `go get` from the proxy tree in dist/, into an empty module, with a
  # module cache of its own (nothing cached from an earlier run).
  local module=github.com/image-preflight/image-preflight/bindings/go
  local user="$work/go/proxy-user" out
  mkdir -p "$user"
  cp tests/packages/go-user/main.go "$user/"
  export GOMODCACHE="$work/go/modcache" GOPATH="$work/go/path"
  (
    cd "$user"
    export PKG_CONFIG_PATH="$prefix/lib/pkgconfig" GOPROXY="file://$dist/goproxy" GONOSUMDB=github.com/image-preflight
    unset LD_LIBRARY_PATH
    go mod init example.com/user >/dev/null 2>&1
    go get "$module@v$version"
    grep -Eq "^require $module v$version( // indirect)?$" go.mod || { cat go.mod; exit 1; }
    [ -f "$GOMODCACHE/cache/download/$module/@v/v$version.zip" ] || { echo "the module did not come from the proxy"; exit 1; }
    go build -o user-dynamic .
    readelf -d user-dynamic | grep -q 'NEEDED.*\[libimage_preflight\.so\.0\]' || { echo "not linked to libimage_preflight.so.0"; exit 1; }
    if ./user-dynamic 2>/dev/null; then echo "the dynamically linked program started without finding the library"; exit 1; fi
    LD_LIBRARY_PATH="$prefix/lib" ./user-dynamic
    go build -tags image_preflight_static -o user-static .
    if readelf -d user-static | grep -q libimage_preflight; then echo "-tags image_preflight_static still needs the shared library"; exit 1; fi
    ./user-static
  ) || fail "go get $module@v$version through GOPROXY=file://$dist/goproxy"
  pass "go get ...bindings/go@v$version through the file proxy into an empty module: dynamic and static"

  # The zip is what the go command would make from the tag: its files are bindings/go's.
  out=$(cd "$GOMODCACHE/$module@v$version" && find . -type f | sort)
  [ "$out" = "$(cd bindings/go && git ls-files | sed 's|^|./|' | sort)" ] || fail "the module zip's files are not bindings/go's: $out"
  pass "the module zip holds exactly bindings/go's files"

  # From a checkout, without a proxy: a replace pointing at a copy of bindings/go alone.
  local mod="$work/go/imagepreflight" user2="$work/go/replace-user"
  cp -r bindings/go "$mod"
  mkdir -p "$user2"
  cp tests/packages/go-user/main.go "$user2/"
  sed "s|@MODULE_DIR@|$mod|" tests/packages/go-user/go.mod.in >"$user2/go.mod"
  (
    cd "$user2"
    export PKG_CONFIG_PATH="$prefix/lib/pkgconfig" GOPROXY=off
    go build -tags image_preflight_static -o user-static . && ./user-static
  ) || fail "a user's module with a replace of bindings/go"
  pass "a user's module with replace => a copy of bindings/go alone"
  go clean -modcache
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
  need man man-db
  local debs=() arch
  arch=$(dpkg --print-architecture)
  for p in "${pkgs[@]}"; do
    debs+=("$dist/debian/${p}_$version-1_$arch.deb")
    [ -f "${debs[-1]}" ] || fail "release.sh did not build ${debs[-1]}"
    [ "$(dpkg-deb -f "${debs[-1]}" Version)" = "$version-1" ] || fail "$p is not version $version-1"
  done
  dpkg-deb -c "${debs[0]}" >"$work/deb0.list"
  grep -q "libimage_preflight.so.0 -> libimage_preflight.so.$version" "$work/deb0.list" || fail "${pkgs[0]} lacks the .so.0 link"
  dpkg-deb -c "${debs[1]}" >"$work/deb1.list"
  for f in include/image_preflight.h libimage_preflight.a pkgconfig/image_preflight.pc cmake/image_preflight/image_preflightConfig.cmake 'libimage_preflight.so -> libimage_preflight.so.0'; do
    grep -q "$f" "$work/deb1.list" || fail "libimage-preflight-dev lacks $f"
  done
  dpkg-deb -c "${debs[2]}" >"$work/deb2.list"
  for f in usr/share/man/man1/image-preflight.1.gz usr/share/man/man1/image-preflight-check.1.gz \
    usr/share/bash-completion/completions/image-preflight usr/share/zsh/vendor-completions/_image-preflight \
    usr/share/fish/vendor_completions.d/image-preflight.fish; do
    grep -q "\./$f$" "$work/deb2.list" || fail "image-preflight lacks /$f"
  done
  pass "package-deb.sh: ${pkgs[*]}, version $version-1, with docs, manual pages and completions"

  trap 'dpkg -r image-preflight libimage-preflight-dev libimage-preflight0 >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  dpkg -i "${debs[@]}" >/dev/null
  ldconfig -p | grep -q "libimage_preflight.so.0 .*=> .*/libimage_preflight.so.0$" || fail "the dynamic linker does not know libimage_preflight.so.0 after install"
  # Nothing but the system's own paths: no PKG_CONFIG_PATH, CMAKE_PREFIX_PATH or LD_LIBRARY_PATH.
  env -u PKG_CONFIG_PATH -u CMAKE_PREFIX_PATH -u LD_LIBRARY_PATH bash -c "$(declare -f build_and_run_users pass fail); work='$work' version='$version' passed=0; cd '$root'; build_and_run_users deb" || fail "building against the installed packages"
  passed=$((passed + 2))
  local out rc=0
  out=$(/usr/bin/image-preflight check --provider alibaba --name 1abc) || rc=$?
  [ "$rc" = 1 ] && grep -q 'InvalidImageName.Malformed' <<<"$out" || fail "/usr/bin/image-preflight: exit $rc, $out"
  pass "the installed image-preflight command answers (exit 1, InvalidImageName.Malformed)"
  [ "$(man -w image-preflight)" = /usr/share/man/man1/image-preflight.1.gz ] || fail "man -w image-preflight: $(man -w image-preflight 2>&1)"
  LC_ALL=C MANWIDTH=80 man -P cat image-preflight 2>/dev/null | grep 'image-preflight-plan-share(1)' >/dev/null || fail "man image-preflight does not show the page"
  LC_ALL=C MANWIDTH=80 man -P cat image-preflight-check 2>/dev/null | grep -- '--boot-mode' >/dev/null || fail "man image-preflight-check does not show the page"
  zcat /usr/share/doc/libimage-preflight-dev/c-api.md.gz | grep 'ipf_' >/dev/null || fail "no C API docs in /usr/share/doc/libimage-preflight-dev"
  pass "man image-preflight and man image-preflight-check after dpkg -i; the C API docs in /usr/share/doc"

  dpkg -r image-preflight libimage-preflight-dev libimage-preflight0 >/dev/null
  trap 'rm -rf "$work"' EXIT
  for f in /usr/bin/image-preflight /usr/include/image_preflight.h "/usr/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)/libimage_preflight.so.0" \
    /usr/share/man/man1/image-preflight.1.gz /usr/share/doc/libimage-preflight-dev; do
    [ ! -e "$f" ] || fail "$f is still there after dpkg -r"
  done
  if ldconfig -p | grep -q libimage_preflight; then fail "ldconfig still lists libimage_preflight after removal"; fi
  pass "dpkg -r removes the packages and their files"
}

test_sums() {
  step "SHA256SUMS: every file of dist/, each sum right"
  (cd "$dist" && sha256sum --quiet --strict -c SHA256SUMS) || fail "sha256sum -c SHA256SUMS"
  diff <(cd "$dist" && find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort) \
    <(sed 's/^[0-9a-f]*  //' "$dist/SHA256SUMS" | LC_ALL=C sort) || fail "SHA256SUMS and dist/ list different files"
  pass "sha256sum -c SHA256SUMS: $(wc -l <"$dist/SHA256SUMS") files"
}

test_sbom() {
  step "SBOM: every crate each Rust artifact links (cargo tree, within cargo metadata's resolve) is in the CycloneDX document"
  python3 - "$dist/image-preflight-$version.cdx.json" "$work" "$version" <<'PY' || fail "the SBOM"
import json, sys
bom = json.load(open(sys.argv[1]))
work, version = sys.argv[2], sys.argv[3]
assert bom["bomFormat"] == "CycloneDX" and bom["specVersion"] == "1.5", bom["specVersion"]
refs = {c["bom-ref"] for c in bom["components"]}
graph = {d["ref"]: d["dependsOn"] for d in bom["dependencies"]}
for root in ["image-preflight", "image-preflight-cli", "image-preflight-wasm"]:
    want = set(open("%s/links-%s" % (work, root)).read().split())
    resolve = set(open("%s/resolve-%s" % (work, root)).read().split())
    missing = want - refs
    assert not missing, "%s: not in the SBOM: %s" % (root, sorted(missing))
    # Every crate compiled is one Cargo.lock's resolve reaches through normal dependencies.
    assert want <= resolve, "%s: not in cargo's resolve: %s" % (root, sorted(want - resolve))
    # And the SBOM's graph from the artifact reaches exactly those crates.
    start = "pkg:cargo/%s@%s" % (root, version)
    seen, todo = set(), [start]
    while todo:
        r = todo.pop()
        if r not in seen:
            seen.add(r)
            todo += graph.get(r, [])
    assert seen == want, "%s: the SBOM's graph differs from cargo's: %s" % (root, sorted(seen ^ want))
    print("%s: %d crates" % (root, len(want)))
for ref in ["pkg:npm/image-preflight@" + version, "pkg:pypi/image-preflight@" + version]:
    assert ref in refs, ref
PY
  pass "the SBOM lists every crate the library, the command line and the .wasm link; the npm and Python packages"
}

for mode in "${mode_args[@]}"; do
  t=$SECONDS
  case "$mode" in
    cli) test_cli ;;
    c) test_c ;;
    deb) test_deb ;;
    python) test_python ;;
    npm) test_npm ;;
    go) test_go ;;
    sums) test_sums ;;
    sbom) test_sbom ;;
    *) fail "unknown part '$mode' (cli, c, deb, python, npm, go, sums, sbom)" ;;
  esac
  echo "($mode: $((SECONDS - t)) s)"
done
echo
echo "packages: $passed passed, 0 failed, in $((SECONDS - started)) s"
