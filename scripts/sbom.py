"""Writes the release's software bill of materials (CycloneDX 1.5, JSON) to stdout.

    python3 scripts/sbom.py VERSION > dist/image-preflight-VERSION.cdx.json

What each artifact is made of, as the tools that build it say, never a list kept by hand:
  - the Rust crates each Rust artifact links, from `cargo tree -e normal` for its own target:
    the library (C tarball, Debian packages, Python wheel, Go module) on x86_64 Linux, the
    command line on musl, the WebAssembly core of the npm package on wasm32;
  - the npm package (its runtime dependencies from package.json) and the Python package (its
    requirements from pyproject.toml), each depending on the crate compiled into it.
Hashes of registry crates are Cargo.lock's checksums (SHA-256 of the .crate file).
"""
import datetime
import json
import os
import re
import subprocess
import sys
import uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The Rust artifacts: (crate, target, what ships it).
RUST_ROOTS = [
    ("image-preflight", "x86_64-unknown-linux-gnu", "the C library, the Debian packages, the Python wheel, the Go module"),
    ("image-preflight-cli", "x86_64-unknown-linux-musl", "the static command line"),
    ("image-preflight-wasm", "wasm32-unknown-unknown", "the npm package's WebAssembly"),
]


def purl_cargo(name, version):
    return "pkg:cargo/%s@%s" % (name, version)


def lock_checksums():
    text = open(os.path.join(ROOT, "Cargo.lock"), encoding="utf-8").read()
    sums = {}
    for block in text.split("[[package]]")[1:]:
        name = re.search(r'^name = "([^"]+)"', block, re.M).group(1)
        version = re.search(r'^version = "([^"]+)"', block, re.M).group(1)
        checksum = re.search(r'^checksum = "([0-9a-f]+)"', block, re.M)
        if checksum:
            sums[(name, version)] = checksum.group(1)
    return sums


def cargo_tree(package, target):
    """[(depth, name, version, licence, repository)] in cargo tree's order."""
    out = subprocess.run(
        ["cargo", "tree", "--locked", "-p", package, "-e", "normal", "--target", target,
         "--prefix", "depth", "--format", "{p}\t{l}\t{r}"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        if not line.strip():
            continue
        line = re.sub(r" \(\*\)$", "", line)
        depth = re.match(r"\d+", line).group(0)
        p, licence, repository = (line[len(depth):].split("\t") + ["", ""])[:3]
        name, version = p.split()[0], p.split()[1].lstrip("v")
        rows.append((int(depth), name, version, licence.strip(), repository.strip()))
    return rows


def main():
    version = sys.argv[1]
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
    checksums = lock_checksums()
    components = {}
    depends = {}

    def crate(name, ver, licence, repository):
        ref = purl_cargo(name, ver)
        if ref not in components:
            c = {"type": "library", "bom-ref": ref, "name": name, "version": ver, "purl": ref}
            if licence:
                c["licenses"] = [{"expression": licence}]
            if (name, ver) in checksums:
                c["hashes"] = [{"alg": "SHA-256", "content": checksums[(name, ver)]}]
            if repository:
                c["externalReferences"] = [{"type": "vcs", "url": repository}]
            components[ref] = c
            depends.setdefault(ref, set())
        return ref

    roots = []
    for package, target, shipped in RUST_ROOTS:
        stack = []
        for depth, name, ver, licence, repository in cargo_tree(package, target):
            ref = crate(name, ver, licence, repository)
            del stack[depth:]
            if stack:
                depends[stack[-1]].add(ref)
            else:
                components[ref].setdefault("properties", []).append(
                    {"name": "image-preflight:target", "value": "%s (%s)" % (target, shipped)})
                roots.append(ref)
            stack.append(ref)

    # The npm package: the WebAssembly core and its own runtime dependencies.
    package_json = json.load(open(os.path.join(ROOT, "bindings/js/package.json"), encoding="utf-8"))
    npm_ref = "pkg:npm/%s@%s" % (package_json["name"], package_json["version"])
    components[npm_ref] = {"type": "library", "bom-ref": npm_ref, "name": package_json["name"],
                           "version": package_json["version"], "purl": npm_ref,
                           "licenses": [{"expression": package_json["license"]}]}
    depends[npm_ref] = {purl_cargo("image-preflight-wasm", version)}
    for dep, spec in sorted(package_json.get("dependencies", {}).items()):
        ref = "pkg:npm/%s" % dep
        components[ref] = {"type": "library", "bom-ref": ref, "name": dep, "purl": ref,
                           "properties": [{"name": "image-preflight:requirement", "value": spec}]}
        depends[npm_ref].add(ref)
        depends.setdefault(ref, set())

    # The Python package: the library linked into its extension modules, and its requirements.
    pyproject = open(os.path.join(ROOT, "bindings/python/pyproject.toml"), encoding="utf-8").read()
    project = re.search(r"^\[project\]$(.*?)(?=^\[)", pyproject, re.M | re.S).group(1)
    py_name = re.search(r'^name = "([^"]+)"', project, re.M).group(1)
    py_licence = re.search(r'^license = "([^"]+)"', project, re.M).group(1)
    requirements = re.findall(r'"([^"]+)"', re.search(r"^dependencies = \[(.*?)\]", project, re.M | re.S).group(1))
    py_ref = "pkg:pypi/%s@%s" % (py_name, version)
    components[py_ref] = {"type": "library", "bom-ref": py_ref, "name": py_name, "version": version,
                          "purl": py_ref, "licenses": [{"expression": py_licence}]}
    depends[py_ref] = {purl_cargo("image-preflight", version)}
    for requirement in requirements:
        dep = re.match(r"[A-Za-z0-9._-]+", requirement).group(0).lower()
        ref = "pkg:pypi/%s" % dep
        components[ref] = {"type": "library", "bom-ref": ref, "name": dep, "purl": ref,
                           "properties": [{"name": "image-preflight:requirement", "value": requirement}]}
        depends[py_ref].add(ref)
        depends.setdefault(ref, set())

    release_ref = "image-preflight-release@%s" % version
    depends[release_ref] = set(roots) | {npm_ref, py_ref}
    stamp = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    bom = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        # The same inputs give the same document, serial number included.
        "serialNumber": "urn:uuid:%s" % uuid.uuid5(uuid.NAMESPACE_URL, json.dumps(sorted(components), sort_keys=True) + version),
        "version": 1,
        "metadata": {
            "timestamp": stamp,
            "tools": {"components": [{"type": "application", "name": "image-preflight scripts/sbom.py"}]},
            "component": {"type": "application", "bom-ref": release_ref, "name": "image-preflight",
                          "version": version, "licenses": [{"expression": "MIT OR Apache-2.0"}]},
        },
        "components": [components[k] for k in sorted(components)],
        "dependencies": [{"ref": k, "dependsOn": sorted(v)} for k, v in sorted(depends.items())],
    }
    json.dump(bom, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
