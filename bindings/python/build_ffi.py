"""The cffi builder: declarations come from the checked-in C header, so Python cannot drift
from the C ABI; the extension links the Rust static library (built by setup.py)."""
import os
import re
from pathlib import Path

from cffi import FFI

ROOT = Path(os.environ.get("IMAGE_PREFLIGHT_ROOT", Path(__file__).resolve().parents[2]))
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
)

if __name__ == "__main__":
    ffibuilder.compile(verbose=True)
