# Types of the cffi module build_ffi.py makes over the C ABI (include/image_preflight.h): its
# ffi object and the library, whose functions and constants cffi gives no static types.
from typing import Any

ffi: Any
lib: Any
