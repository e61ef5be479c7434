"""Builds the Rust library with cargo, then links its static archive into one cffi extension
module, so the installed package carries the rules inside itself and needs no runtime .so."""
import os
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_ffi  # noqa: E402  (beside this file, not an installed module)


class BuildRustThenExtension(build_ext):
    def run(self):
        env = dict(os.environ, CARGO_TARGET_DIR=str(build_ffi.TARGET_DIR))
        subprocess.run(
            ["cargo", "build", "--release", "--locked", "-p", "image-preflight"],
            cwd=build_ffi.ROOT,
            env=env,
            check=True,
        )
        # setuptools cannot see that the extension depends on the static library: always
        # relink, or a rebuilt library would be silently left out.
        self.force = True
        super().run()


# The hot path of check(): a few lines of C that call the library through the cffi module's
# ipf_validate (see _fast.c), for the one call where cffi's own overhead would dominate.
fast = Extension(
    "image_preflight._fast",
    sources=["src/image_preflight/_fast.c"],
    include_dirs=[str(build_ffi.ROOT / "include")],
)

setup(
    cffi_modules=["build_ffi.py:ffibuilder"],
    ext_modules=[fast],
    cmdclass={"build_ext": BuildRustThenExtension},
)
