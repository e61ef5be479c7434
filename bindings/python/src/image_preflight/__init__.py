"""image-preflight: will Tencent Cloud CVM, Alibaba Cloud ECS or Volcengine ECS accept this custom
image's name, description and family, and this share change? Answered locally, before the call,
with the provider's own error codes.

>>> from image_preflight import check
>>> report = check("alibaba", name="1abc")
>>> report.valid
False
>>> v = report.violations[0]
>>> (v.code, v.provider_code, v.http_status, v.span.char_start, v.span.char_end)
('BAD_START', 'InvalidImageName.Malformed', 400, 0, 1)
"""

from ._names import Code, Field, ImageKind, Lang, Operation, Profile, Provider, Subject
from ._api import (
    Counts,
    Image,
    InputError,
    MAX_TEXT_BYTES,
    PlanResult,
    Report,
    ShareResult,
    Span,
    ValidationError,
    Violation,
    __version__,
    check,
    check_delete,
    check_many,
    plan_share,
    rules,
    share,
)

__all__ = [
    "Code",
    "Field",
    "ImageKind",
    "Lang",
    "Operation",
    "Profile",
    "Provider",
    "Subject",
    "Counts",
    "Image",
    "InputError",
    "MAX_TEXT_BYTES",
    "PlanResult",
    "Report",
    "ShareResult",
    "Span",
    "ValidationError",
    "Violation",
    "__version__",
    "check",
    "check_delete",
    "check_many",
    "plan_share",
    "rules",
    "share",
]
