"""The cffi builder: declarations come from the checked-in C header, so Python cannot drift
from the C ABI; the extension links the Rust static library (built by setup.py).

The Rust workspace is the repository around this folder, or, in an sdist, the copy of it that
setup.py puts in ``rust/`` beside this file."""
import os
import re
from pathlib import Path

from cffi import FFI

HERE = Path(__file__).resolve().parent


def _rust_root():
    if "IMAGE_PREFLIGHT_ROOT" in os.environ:
        return Path(os.environ["IMAGE_PREFLIGHT_ROOT"])
    bundled = HERE / "rust"
    if (bundled / "Cargo.toml").is_file():
        return bundled
    return HERE.parents[1]


ROOT = _rust_root()
TARGET_DIR = Path(os.environ.get("IMAGE_PREFLIGHT_TARGET_DIR", ROOT / "target"))
HEADER = ROOT / "include" / "image_preflight.h"
STATIC_LIB = TARGET_DIR / "release" / "libimage_preflight.a"


def cdef_from_header(text):
    """The header's declarations as cffi's cdef takes them: no comments, no C++ guard, no
    preprocessor lines but integer macros (whose values cffi reads from the compiler)."""
    text = re.sub(r"#ifdef __cplusplus.*?#endif[^\n]*", "", text, flags=re.S)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    lines = []
    for line in text.splitlines():
        define = re.match(r"#define (IPF_\w+) (.+)", line)
        if define and not define.group(2).startswith('"'):
            lines.append("#define %s ..." % define.group(1))
        elif not line.startswith("#"):
            lines.append(line)
    return "\n".join(lines)


ffibuilder = FFI()
ffibuilder.cdef(cdef_from_header(HEADER.read_text(encoding="utf-8")))
ffibuilder.set_source(
    "image_preflight._native",
    '#include "image_preflight.h"',
    include_dirs=[str(ROOT / "include")],
    extra_objects=[str(STATIC_LIB)],
    libraries=["pthread", "dl", "m"],
    # Keep only what the module uses of the Rust library, and no debug sections.
    extra_link_args=["-Wl,--gc-sections", "-Wl,--strip-debug"],
)

if __name__ == "__main__":
    ffibuilder.compile(verbose=True)
