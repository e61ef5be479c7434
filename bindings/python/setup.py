"""Builds the Rust library with cargo, then links its static archive into the extension
modules, so the installed package carries the rules inside itself and needs neither Rust nor a
runtime .so.

From the repository the Rust workspace is two folders up. An sdist carries a copy of what cargo
needs (the library's sources, Cargo.toml, Cargo.lock, the C header) in ``rust/``, so it builds
on any machine with a Rust toolchain. Wheels use CPython's limited API (abi3): one wheel serves
CPython 3.9 and every later version."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.command.sdist import sdist

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import build_ffi  # noqa: E402  (beside this file, not an installed module)

# The oldest CPython the wheel serves; _fast.c keeps to its limited API.
LIMITED_API = "cp39"
LIMITED_API_HEX = "0x03090000"

# What cargo needs to build the library, relative to the workspace root. Cargo reads every
# workspace member's manifest and every declared target, so the members' sources and the
# declared benchmark come too (see rust_files); tests, examples and fuzz stay out.
RUST_FILES = [
    "Cargo.toml",
    "Cargo.lock",
    "build.rs",
    "README.md",  # the crate's documentation includes it
    "LICENSE-MIT",
    "LICENSE-APACHE",
    "include/image_preflight.h",
    "src",
    "benches",
]


def declared_targets(root, member):
    """The files of the benchmarks and examples a manifest declares (`[[bench]]`,
    `[[example]]`): cargo reads them when it loads the workspace, so they must come along."""
    manifest = (root / member / "Cargo.toml").read_text(encoding="utf-8")
    files = []
    for kind, folder in (("bench", "benches"), ("example", "examples")):
        for section in re.findall(r"^\[\[%s\]\]$(.*?)(?=^\[|\Z)" % kind, manifest, flags=re.M | re.S):
            path = re.search(r'^path\s*=\s*"([^"]+)"', section, flags=re.M)
            name = re.search(r'^name\s*=\s*"([^"]+)"', section, flags=re.M)
            relative = path.group(1) if path else "%s/%s.rs" % (folder, name.group(1))
            files.append(str(Path(member) / relative))
    return files


def rust_files(root):
    """RUST_FILES, and each workspace member's manifest, sources and build script, and the
    benchmarks and examples every manifest declares."""
    manifest = (root / "Cargo.toml").read_text(encoding="utf-8")
    workspace = re.search(r"^\[workspace\]$(.*?)(?=^\[|\Z)", manifest, flags=re.M | re.S)
    members = re.search(r"members\s*=\s*\[(.*?)\]", workspace.group(1), flags=re.S) if workspace else None
    names = re.findall(r'"([^"]+)"', members.group(1)) if members else []
    files = list(RUST_FILES) + declared_targets(root, ".")
    for member in names:
        files += ["%s/Cargo.toml" % member, "%s/src" % member] + declared_targets(root, member)
        if (root / member / "build.rs").is_file():
            files.append("%s/build.rs" % member)
    return files


def crate_version():
    """The package's version is the Rust crate's, so the two can never disagree."""
    # The workspace holds the one version ([workspace.package]); the crates inherit it.
    manifest = (build_ffi.ROOT / "Cargo.toml").read_text(encoding="utf-8")
    table = re.search(r"^\[workspace\.package\]$(.*?)(?=^\[|\Z)", manifest, flags=re.M | re.S).group(1)
    return re.search(r'^version\s*=\s*"([^"]+)"', table, flags=re.M).group(1)


class BuildRustThenExtension(build_ext):
    def run(self):
        cargo = shutil.which(os.environ.get("CARGO", "cargo"))
        if cargo is None:
            raise SystemExit(
                "image-preflight: building from source needs Rust's cargo on PATH "
                "(https://rustup.rs); a wheel for your platform needs no Rust"
            )
        env = dict(os.environ, CARGO_TARGET_DIR=str(build_ffi.TARGET_DIR))
        subprocess.run(
            [cargo, "build", "--release", "--locked", "-p", "image-preflight"],
            cwd=build_ffi.ROOT,
            env=env,
            check=True,
        )
        # setuptools cannot see that the extension depends on the static library: always
        # relink, or a rebuilt library would be silently left out.
        self.force = True
        # A build folder reused from an older build may hold the modules under another file
        # name (`_fast.cpython-311-x86_64-linux-gnu.so` beside `_fast.abi3.so`); the wheel would
        # carry both, and Python would import the stale one, whose suffix it prefers.
        for stale in (Path(self.build_lib) / "image_preflight").glob("_*.so"):
            stale.unlink()
        super().run()


class SdistWithRust(sdist):
    """Puts the Rust workspace's sources in ``rust/`` inside the sdist."""

    def make_release_tree(self, base_dir, files):
        super().make_release_tree(base_dir, files)
        dest = Path(base_dir) / "rust"
        if build_ffi.ROOT == HERE / "rust":  # an sdist made from an sdist: copy it whole
            shutil.copytree(build_ffi.ROOT, dest, ignore=shutil.ignore_patterns("target"), dirs_exist_ok=True)
            return
        for name in rust_files(build_ffi.ROOT):
            src = build_ffi.ROOT / name
            if src.is_dir():
                shutil.copytree(src, dest / name, dirs_exist_ok=True)
            elif src.is_file():
                (dest / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest / name)
            else:
                raise SystemExit("image-preflight sdist: %s is missing" % src)


# check() itself, in C for its common call (one name, default options), and the hot path of
# that call: a few lines of C that call the library through the cffi module's ipf_validate
# (see _fast.c), where a Python function's call and cffi's overhead would dominate.
fast = Extension(
    "image_preflight._fast",
    sources=["src/image_preflight/_fast.c"],
    include_dirs=[str(build_ffi.ROOT / "include")],
    define_macros=[("Py_LIMITED_API", LIMITED_API_HEX)],
    py_limited_api=True,
    # The module calls nothing in libc itself, so the linker would leave libc out of its
    # dependencies, and auditwheel, which reads the C library's kind from them, could not tell
    # a glibc (manylinux) module from a musl one.
    extra_link_args=["-Wl,--no-as-needed", "-lc"],
)

setup(
    version=crate_version(),
    cffi_modules=["build_ffi.py:ffibuilder"],
    ext_modules=[fast],
    cmdclass={"build_ext": BuildRustThenExtension, "sdist": SdistWithRust},
    options={"bdist_wheel": {"py_limited_api": LIMITED_API}},
)
