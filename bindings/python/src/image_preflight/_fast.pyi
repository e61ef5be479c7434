# Types of the C extension _fast.c (the checks' hot paths), for type checkers.
from typing import Any, Callable, Optional, Sequence

def bind(address: int, /) -> None: ...
# None where it cannot tell (a value that is not a str among them): the caller falls back.
def valid(options: Any, value: object, /) -> Optional[bool]: ...
def pack_utf32(values: Sequence[Any], start: int, stop: int, /) -> Optional[bytes]: ...
def wrap_check(
    fallback: Callable[..., Any],
    name_options: Any,
    valid_report: Any,
    module: str,
    doc: str,
    fastcall: bool,
    /,
) -> Callable[..., Any]: ...
