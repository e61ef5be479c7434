"""The Python API over the C ABI. No rule lives here: every answer comes from the library."""

from __future__ import annotations

import json
import operator
import sys
import threading
import warnings
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple, cast

from . import _fast
from ._names import Code, Field, ImageKind, Lang, Operation, Profile, Provider, Subject
from ._native import ffi, lib

_fast.bind(int(ffi.cast("uintptr_t", ffi.addressof(lib, "ipf_validate"))))

__all__ = [
    "Counts",
    "Image",
    "InputError",
    "PlanResult",
    "Report",
    "ShareResult",
    "Span",
    "ValidationError",
    "Violation",
    "check",
    "check_delete",
    "check_many",
    "plan_share",
    "rules",
    "share",
    "__version__",
]


class InputError(ValueError):
    """The library refused the input itself (too large, not valid text, ...). ``status`` is the
    C ABI's status name, e.g. ``"IPF_STATUS_TOO_LARGE"``; ``code`` the same fault as every face
    names it (docs/faces.md): ``"LONE_SURROGATE"`` for half a UTF-16 pair in a str, as the
    JavaScript package's ``error.code``; otherwise the status without its prefix
    (``"TOO_LARGE"``)."""

    def __init__(self, message: str, status: str, code: Optional[str] = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or status.replace("IPF_STATUS_", "")


class Span(NamedTuple):
    """Where a fault lies, as half-open ranges in four units."""

    byte_start: int
    byte_end: int
    char_start: int
    char_end: int
    utf16_start: int
    utf16_end: int
    grapheme_start: int
    grapheme_end: int


class Counts(NamedTuple):
    """A value's length in UTF-8 bytes, chars (the unit of every limit), UTF-16 units (as a
    browser's ``maxlength`` counts) and grapheme clusters."""

    bytes: int
    chars: int
    utf16: int
    graphemes: int


class Violation:
    """One fault, with the provider's code, a message and where it lies."""

    __slots__ = (
        "field",
        "code",
        "provider_code",
        "http_status",
        "message",
        "span",
        "limit",
        "actual",
        "found",
        "index",
        "allowed",
    )

    def __init__(
        self,
        field: Subject,
        code: Code,
        provider_code: Optional[str],
        http_status: Optional[int],
        message: str,
        span: Optional[Span],
        limit: Optional[int],
        actual: Optional[int],
        found: Optional[str],
        index: Optional[int],
        allowed: Optional[Tuple[str, ...]] = None,
    ) -> None:
        self.field = field
        self.code = code
        self.provider_code = provider_code
        self.http_status = http_status
        self.message = message
        self.span = span
        self.limit = limit
        self.actual = actual
        self.found = found
        self.index = index
        #: For ``NOT_ONE_OF``: every value the field takes.
        self.allowed = allowed

    @classmethod
    def _from_json(cls, v: Dict[str, Any]) -> "Violation":
        span = v.get("span")
        return cls(
            v["field"],
            v["code"],
            v["provider_code"],
            v["http_status"],
            v["message"],
            Span(**span) if span else None,
            v["limit"],
            v["actual"],
            v["found"],
            v["index"],
            tuple(v["allowed"]) if v.get("allowed") is not None else None,
        )

    def to_dict(self) -> Dict[str, Any]:
        """The violation as the command line's JSON has it."""
        out = {k: getattr(self, k) for k in self.__slots__}
        out["span"] = self.span._asdict() if self.span else None
        out["allowed"] = list(self.allowed) if self.allowed is not None else None
        return out

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Violation) and self.to_dict() == other.to_dict()

    def __repr__(self) -> str:
        return "Violation(field=%r, code=%r, provider_code=%r, message=%r)" % (
            self.field,
            self.code,
            self.provider_code,
            self.message,
        )


class ValidationError(ValueError):
    """Raised by ``raise_for_violations``: carries every violation."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        self.violations = list(violations)
        summary = "; ".join(
            "%s %s%s: %s" % (v.field, v.code, " [%s]" % v.provider_code if v.provider_code else "", v.message)
            for v in self.violations
        )
        super().__init__(summary or "no violations")


class Report(Tuple[Any, ...]):
    """The answer to a check: ``valid``, every ``violation``, and the ``counts`` of each checked
    field's value (``{"name": Counts(...)}``). ``to_dict()`` gives it as the command line's
    ``check --format json`` prints it.

    Reports are immutable. ``check_many`` answers every valid value with one shared valid report
    whose ``counts`` is ``None`` (building a report per value would cost more than the check);
    ``check`` a single value for its counts."""

    __slots__ = ()

    def __new__(
        cls,
        valid: bool,
        violations: Sequence[Violation],
        counts: Optional[Dict[str, Counts]],
        request: Optional[Dict[str, str]] = None,
    ) -> "Report":
        return tuple.__new__(cls, (valid, tuple(violations), counts, request))

    # A getter in C (a Python function's call costs as much as a batch's check per value).
    valid = property(operator.itemgetter(0), doc="True when the value breaks no rule.")

    @property
    def violations(self) -> Tuple[Violation, ...]:
        return cast(Tuple[Violation, ...], self[1])

    @property
    def counts(self) -> Optional[Dict[str, Counts]]:
        return cast(Optional[Dict[str, Counts]], self[2])

    def __bool__(self) -> bool:
        return cast(bool, self[0])

    def raise_for_violations(self) -> "Report":
        """Raises ``ValidationError`` when there is any violation; returns the report otherwise."""
        if not self[0]:
            raise ValidationError(self[1])
        return self

    def _request(self) -> Dict[str, str]:
        """What the check was asked (``kind``, ``provider``, ``operation``, ``field``,
        ``profile``, as the library's JSON says), when known."""
        return self[3] or {}

    def to_dict(self) -> Dict[str, Any]:
        """The report in the published shape (docs/schema/report.schema.json, or
        delete.schema.json for ``check_delete``), as ``image-preflight check --format json``
        prints it, key for key: ``json.dumps(report.to_dict(), indent=2, ensure_ascii=False)``
        gives the same text. ``valid``, ``violations`` (each as ``Violation.to_dict``),
        ``counts`` per checked field (``{}`` for the shared valid report of ``check_many``),
        then what was asked: ``kind``, ``provider``, ``operation``, ``field``, ``profile``."""
        counts = self.counts
        out: Dict[str, Any] = {
            "valid": self.valid,
            "violations": [v.to_dict() for v in self.violations],
            "counts": {} if counts is None else {field: c._asdict() for field, c in counts.items()},
        }
        out.update(self._request())
        return out

    def __repr__(self) -> str:
        return "Report(valid=%r, violations=%r)" % (self[0], list(self[1]))


def _request_of(options: Any) -> Dict[str, str]:
    """What ``check`` asked with an ``ipf_field_options``: a request sending one field, as the
    command line's ``check`` says it (docs/faces.md: ``check`` is a request check in every
    face)."""
    return {
        "kind": "request",
        "provider": _PROVIDER_KEYS[options.provider],
        "operation": _OPERATION_KEYS[options.operation],
        "profile": _PROFILE_KEYS[options.profile],
    }


class _SharedValidReport(Report):
    """The one valid report ``check_many`` gives every valid value of a batch. Its ``valid`` is a
    class attribute rather than the base class's property: a bulk import reads it once per
    value, and a property, even one whose getter is C, costs twice as much as a class attribute
    (measured: 100,000 reads 2.5 ms against 4-7 ms, against 9 ms for a Python getter)."""

    __slots__ = ()

    valid = True
    violations = ()
    counts = None

    def __bool__(self) -> bool:
        return True

    def raise_for_violations(self) -> "Report":
        return self



class _ValidReport(Report):
    """A valid single check's report, holding what it needs to count rather than the counts:
    most callers never ask for them, and building them would double the cost of the check."""

    __slots__ = ()

    valid = True
    violations = ()

    @property
    def counts(self) -> Dict[str, Counts]:
        return _recount(self[0], self[1])

    def __bool__(self) -> bool:
        return True

    def raise_for_violations(self) -> "Report":
        return self

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Report) and other.valid and other.counts == self.counts

    def __hash__(self) -> int:
        return hash((True, self[1]))

    def _request(self) -> Dict[str, str]:
        return _request_of(self[0])

    def __repr__(self) -> str:
        return "Report(valid=True, violations=[])"


class Image(NamedTuple):
    """What is known of an existing image, for ``check(image=...)`` and ``check_delete``:
    ``state`` in the provider's spelling (``None``: the state that allows sharing), ``kind``
    (``"custom"``, ``"shared-in"``, ``"public"``, ``"marketplace"``, ``"instance"``), flags, and the
    accounts it is shared with. ``customer_key``, with ``encrypted``, says the key is one the
    customer manages (KMS) rather than the provider's service key: Alibaba shares such an image
    and refuses one encrypted with its service key."""

    owner: str
    state: Optional[str] = None
    kind: ImageKind = "custom"
    encrypted: bool = False
    byol: bool = False
    deprecated: bool = False
    shared_with: Tuple[str, ...] = ()
    # Last, so that positional Image(...) calls written before it keep their meaning.
    customer_key: bool = False


class ShareResult(NamedTuple):
    """The answer to a share change: ``shared_with`` is the set after it (sorted), or the set as
    it was when the change is refused; ``request`` the request in the provider's own parameter
    names. ``to_dict()`` gives the published shape (docs/schema/share.schema.json)."""

    valid: bool
    violations: Tuple[Violation, ...]
    shared_with: Tuple[str, ...]
    request: Dict[str, Any] = {}
    provider: str = ""
    profile: str = "latest"

    def raise_for_violations(self) -> "ShareResult":
        if not self.valid:
            raise ValidationError(self.violations)
        return self

    def to_dict(self) -> Dict[str, Any]:
        """As ``image-preflight share --format json`` prints it, key for key."""
        return {
            "valid": self.valid,
            "violations": [v.to_dict() for v in self.violations],
            "counts": {},
            "kind": "share",
            "provider": self.provider,
            "profile": self.profile,
            "shared_with": list(self.shared_with),
            "request": self.request,
        }


class PlanResult(NamedTuple):
    """The requests, each in the provider's own parameter names, that reach the desired share
    set from ``shared_with`` (today's). ``to_dict()`` gives the published shape
    (docs/schema/plan.schema.json)."""

    valid: bool
    violations: Tuple[Violation, ...]
    requests: Tuple[Dict[str, Any], ...]
    shared_with: Tuple[str, ...] = ()
    provider: str = ""
    profile: str = "latest"

    def raise_for_violations(self) -> "PlanResult":
        if not self.valid:
            raise ValidationError(self.violations)
        return self

    def to_dict(self) -> Dict[str, Any]:
        """As ``image-preflight plan-share --format json`` prints it, key for key."""
        return {
            "valid": self.valid,
            "violations": [v.to_dict() for v in self.violations],
            "counts": {},
            "kind": "plan",
            "provider": self.provider,
            "profile": self.profile,
            "shared_with": list(self.shared_with),
            "requests": list(self.requests),
        }


class _InvalidReport(Report):
    """An invalid value's report from ``check_many``: its violations and counts are fetched
    from the library when first read, then kept, so a bulk import pays for the details only of
    the values it looks at."""

    __slots__ = ()

    valid = False

    @property
    def violations(self) -> Tuple[Violation, ...]:
        return self._full().violations

    @property
    def counts(self) -> Optional[Dict[str, Counts]]:
        return self._full().counts

    def _full(self) -> Report:
        memo = self[3]
        if not memo:
            memo.append(_details(self[0], self[1], self[2]))
        return cast(Report, memo[0])

    def __bool__(self) -> bool:
        return False

    def _request(self) -> Dict[str, str]:
        return _request_of(self[0])

    def raise_for_violations(self) -> "Report":
        raise ValidationError(self.violations)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Report) and not other.valid and other.violations == self.violations

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "Report(valid=False, violations=%r)" % (list(self.violations),)


# --- talking to the C ABI ------------------------------------------------------------------

_STATUS_NAMES: Dict[int, str] = {}


def _status_name(status: int) -> str:
    if status not in _STATUS_NAMES:
        name = ffi.new("ipf_str *")
        if lib.ipf_status_describe(status, name, ffi.NULL) == lib.IPF_STATUS_OK:
            _STATUS_NAMES[status] = ffi.unpack(name.data, name.len).decode()
        else:
            _STATUS_NAMES[status] = "status %d" % status
    return _STATUS_NAMES[status]


def _ok(status: int, what: str) -> None:
    """Turns a C status into the exception a Python caller expects."""
    if status == lib.IPF_STATUS_OK:
        return
    name = _status_name(status)
    if status == lib.IPF_STATUS_TOO_LARGE:
        raise InputError(
            "%s is too large: the library takes at most %d bytes of text and %d accounts"
            % (what, lib.IPF_MAX_TEXT_BYTES, lib.IPF_MAX_ACCOUNTS),
            name,
        )
    if status in (lib.IPF_STATUS_INVALID_UTF8, lib.IPF_STATUS_UNKNOWN_STATE, lib.IPF_STATUS_INVALID_ARGUMENT):
        raise InputError("%s: %s" % (what, name), name)
    raise RuntimeError("image-preflight: %s returned %s (a bug in the binding or the library)" % (what, name))


def _keys(which: int) -> Dict[str, int]:
    """Every key of one C enum, read from the library."""
    out = {}
    key = ffi.new("ipf_str *")
    for number in range(64):
        if lib.ipf_enum_key(which, number, key) == lib.IPF_STATUS_OK:
            out[ffi.unpack(key.data, key.len).decode()] = number
    return out


_PROVIDERS = _keys(lib.IPF_ENUM_PROVIDER)
_OPERATIONS = _keys(lib.IPF_ENUM_OPERATION)
_FIELDS = _keys(lib.IPF_ENUM_FIELD)
_PROFILES = _keys(lib.IPF_ENUM_PROFILE)
_LANGS = _keys(lib.IPF_ENUM_LANG)
_IMAGE_KINDS = _keys(lib.IPF_ENUM_IMAGE_KIND)
_PROVIDER_KEYS = {number: key for key, number in _PROVIDERS.items()}
_OPERATION_KEYS = {number: key for key, number in _OPERATIONS.items()}
_PROFILE_KEYS = {number: key for key, number in _PROFILES.items()}


def _choice(table: Dict[str, int], value: Any, what: str) -> int:
    try:
        return table[value]
    except KeyError:
        if not isinstance(value, str):
            raise TypeError("%s must be a str, not %s" % (what, type(value).__name__)) from None
        raise ValueError("unknown %s %r; known: %s" % (what, value, ", ".join(table))) from None
    except TypeError:
        raise TypeError("%s must be a str, not %s" % (what, type(value).__name__)) from None


def _encode(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise TypeError("%s must be a str, not %s" % (what, type(value).__name__))
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise InputError(
            "%s holds a lone surrogate U+%04X at index %d: it is not valid Unicode text"
            % (what, ord(value[e.start]), e.start),
            "IPF_STATUS_INVALID_UTF8",
            "LONE_SURROGATE",
        ) from None


class _PerThread(threading.local):
    """A report handle, out-structs and a text buffer per thread: calls on different threads
    share nothing (cffi releases the GIL during each C call)."""

    def __init__(self) -> None:
        report = ffi.new("ipf_report **")
        _ok(lib.ipf_report_new(report), "ipf_report_new")
        self.report = ffi.gc(report[0], lib.ipf_report_free)
        self.check = ffi.new("ipf_field_check *")
        self.outcome = ffi.new("ipf_outcome *")
        self.length = ffi.new("size_t *")
        self.buffer = ffi.new("char[]", 4096)


_local = _PerThread()


def _copy_text(fill: Any, what: str) -> str:
    """Runs an ``ipf_*_to_json``-style function into the thread's buffer, growing it once when
    the text does not fit."""
    local = _local
    length = local.length
    status = fill(local.buffer, len(local.buffer), length)
    if status == lib.IPF_STATUS_BUFFER_TOO_SMALL:
        local.buffer = ffi.new("char[]", length[0] + 1)
        status = fill(local.buffer, len(local.buffer), length)
    _ok(status, what)
    return cast(str, ffi.unpack(local.buffer, length[0]).decode("utf-8"))


def _report_json(lang: int) -> Dict[str, Any]:
    report = _local.report
    text = _copy_text(lambda b, n, out: lib.ipf_report_to_json(report, lang, b, n, out), "report")
    return cast(Dict[str, Any], json.loads(text))


def _violations(data: Dict[str, Any]) -> Tuple[Violation, ...]:
    return tuple(Violation._from_json(v) for v in data["violations"])


def _counts(data: Dict[str, Any]) -> Dict[str, Counts]:
    return {field: Counts(**c) for field, c in data["counts"].items()}


# What an answer says was asked, in the order the library writes it.
_ASKED = ("kind", "provider", "operation", "field", "profile")


def _full_report(lang: int, one_field_request: bool = False) -> Report:
    """The report in the thread's handle, as Python objects, with what was asked. A field check
    made for ``check`` is told as the request of one field it answers."""
    data = _report_json(lang)
    asked = {k: data[k] for k in _ASKED if k in data}
    if one_field_request:
        asked = {"kind": "request", **{k: v for k, v in asked.items() if k not in ("kind", "field")}}
    return Report(data["valid"], _violations(data), _counts(data), asked)


# --- fields --------------------------------------------------------------------------------

_FIELD_KEYS = {number: key for key, number in _FIELDS.items()}
# The fields whose value is text; the others take one value of a list and have no counts.
_TEXT_FIELDS = frozenset(("name", "description", "family"))


def _options(provider: Any, operation: Any, field: str, profile: Any) -> Any:
    """An ``ipf_field_options`` for these choices, each checked."""
    options = ffi.new("ipf_field_options *")
    options.provider = _choice(_PROVIDERS, provider, "provider")
    options.operation = _choice(_OPERATIONS, operation, "operation")
    options.field = _choice(_FIELDS, field, "field")
    options.profile = _choice(_PROFILES, profile, "profile")
    return options


def _recount(options: Any, value: Any) -> Dict[str, Counts]:
    """The counts of a valid value, computed when first asked for."""
    data = value.encode("utf-8") if isinstance(value, str) else value
    out = ffi.new("ipf_field_check *")
    _ok(lib.ipf_validate_with(options, data, len(data), out, ffi.NULL), "ipf_validate_with")
    key = _FIELD_KEYS[options.field]
    if key not in _TEXT_FIELDS:
        # A value from a list (boot mode, status, license type) has no counts.
        return {}
    c = out.counts
    return {key: Counts(c.bytes, c.chars, c.utf16, c.graphemes)}


def _details(options: Any, data: bytes, lang: int) -> Report:
    """The whole report of one value, violations and counts."""
    _ok(lib.ipf_validate_with(options, data, len(data), _local.check, _local.report), "ipf_validate_with")
    return _full_report(lang, one_field_request=True)


# The defaults of check(), compared by identity: a caller who leaves them out passes these very
# objects, and any other string takes the general path.
_MODIFY: Operation = "modify"
_LATEST: Profile = "latest"
_EN: Lang = "en"
_CUSTOM: ImageKind = "custom"
# provider -> (the options packed for _fast.valid, the same as ipf_field_options) for a name
# checked with the defaults; filled once the general path has accepted the provider, so the fast
# path never takes what the library would not.
_NAME_OPTIONS: Dict[Any, Tuple[int, Any]] = {}
_valid = _fast.valid
_new_report = tuple.__new__


def check(
    provider: Provider,
    *,
    name: Optional[str] = None,
    description: Optional[str] = None,
    family: Optional[str] = None,
    boot_mode: Optional[str] = None,
    status: Optional[str] = None,
    license_type: Optional[str] = None,
    architecture: Optional[str] = None,
    platform: Optional[str] = None,
    os_type: Optional[str] = None,
    nvme_support: Optional[str] = None,
    imds_support: Optional[str] = None,
    operation: Operation = _MODIFY,
    profile: Profile = _LATEST,
    lang: Lang = _EN,
    image_kind: ImageKind = _CUSTOM,
    deprecated: Optional[bool] = None,
    image: Optional[Image] = None,
) -> Report:
    """Checks the attributes one request sets (each ``None``: not sent) for ``provider``
    (one of :data:`Provider`: ``"tencent"``, ``"aws"``, ...): one whole request of ``operation``
    (``"modify"`` ModifyImageAttribute, ``"create"`` CreateImage, ``"copy"`` CopyImage /
    Tencent SyncImages, ``"import"`` ImportImage). ``boot_mode``, ``status`` (Alibaba),
    ``license_type``, ``architecture``, ``platform``, ``os_type``, ``nvme_support`` and
    ``imds_support`` (Alibaba) take one value of a list, matched exactly, where the operation
    has them.

    ``image_kind`` (``"custom"``, ``"shared-in"``, ...) adds what the image's kind forbids: a
    Tencent image shared with you cannot be renamed. ``deprecated`` is the deprecation switch
    (Tencent ``ImageDeprecated``, Alibaba ``Status``); ``image`` judges the request against
    everything known of the image (an Alibaba image shared with others cannot be deprecated).

    >>> check("alibaba", name="1abc").violations[0].provider_code
    'InvalidImageName.Malformed'
    """
    # The common call, one valid name with the default options, answered by one C call: the
    # cost of a check from Python is mostly the Python around it, so this path is kept short.
    if (
        description is None
        and family is None
        and boot_mode is None
        and status is None
        and license_type is None
        and architecture is None
        and platform is None
        and os_type is None
        and nvme_support is None
        and imds_support is None
        and deprecated is None
        and image is None
        and image_kind is _CUSTOM
        and operation is _MODIFY
        and profile is _LATEST
        and lang is _EN
        and name.__class__ is str
    ):
        try:
            options = _NAME_OPTIONS[provider]
        except (KeyError, TypeError):
            pass
        else:
            # The abi3 wheel's C keeps to the limited API, which cannot build a tuple
            # subclass's instance cheaply: the report is built here.
            if _valid(options[0], name):
                return _new_report(_ValidReport, (options[1], name))
    fields = (
        ("name", name),
        ("description", description),
        ("family", family),
        ("boot_mode", boot_mode),
        ("status", status),
        ("license_type", license_type),
        ("architecture", architecture),
        ("platform", platform),
        ("os_type", os_type),
        ("nvme_support", nvme_support),
        ("imds_support", imds_support),
    )
    return _check(provider, fields, operation, profile, lang, image_kind, deprecated, image)


# check() as called: a C function that answers the common call (one name, every option at its
# default, a provider already accepted) and hands every other call to the Python check() above,
# whose call alone costs more than the check. The signature is check()'s (a test holds the two
# together); type checkers read the Python function.
_CHECK_SIGNATURE = (
    "check(provider, *, name=None, description=None, family=None, boot_mode=None, status=None,"
    " license_type=None, architecture=None, platform=None, os_type=None, nvme_support=None,"
    " imds_support=None, operation='modify', profile='latest', lang='en', image_kind='custom',"
    " deprecated=None, image=None)"
)
_python_check = check
if not TYPE_CHECKING:
    check = _fast.wrap_check(
        _python_check,
        _NAME_OPTIONS,
        _ValidReport,
        "image_preflight",
        "%s\n--\n\n%s" % (_CHECK_SIGNATURE, _python_check.__doc__),
        # The vector calling convention, in the stable ABI from 3.10 on: no dict per call.
        sys.version_info >= (3, 10),
    )


def _check(
    provider: Any,
    fields: Tuple[Tuple[str, Any], ...],
    operation: Any,
    profile: Any,
    lang: Any,
    image_kind: Any,
    deprecated: Any,
    image: Any,
) -> Report:
    p = _choice(_PROVIDERS, provider, "provider")
    op = _choice(_OPERATIONS, operation, "operation")
    pr = _choice(_PROFILES, profile, "profile")
    lg = _choice(_LANGS, lang, "lang")
    kind = _choice(_IMAGE_KINDS, image_kind, "image_kind")
    given = [(f, v) for f, v in fields if v is not None]
    if deprecated is not None and not isinstance(deprecated, bool):
        raise TypeError("deprecated must be a bool or None, not %s" % type(deprecated).__name__)
    if image is not None and image_kind != "custom":
        raise TypeError("give the image's kind in image=Image(kind=...), not also image_kind")
    if image is None and kind != _IMAGE_KINDS["custom"]:
        image = Image(owner="", kind=image_kind)
    if len(given) == 1 and image is None and deprecated is None:
        field, value = given[0]
        data = _encode(value, field)
        options = _options(provider, operation, field, profile)
        if (operation, profile, lang, field) == ("modify", "latest", "en", "name"):
            packed = options.provider | options.operation << 8 | options.field << 16 | options.profile << 24
            _NAME_OPTIONS[provider] = (packed, options)
        out = _local.check
        _ok(lib.ipf_validate_with(options, data, len(data), out, _local.report), "ipf_validate_with")
        if out.valid:
            return _new_report(_ValidReport, (options, data))
        return _full_report(lg, one_field_request=True)
    # Every field as an (ipf_field, value) pair, numbered by the library's own table: the pairs
    # export takes any field, where ipf_attributes is frozen at its 0.2 layout.
    pairs = ffi.new("ipf_field_value[]", len(given))
    keep = []
    for pair, (field, value) in zip(pairs, given):
        data = ffi.new("char[]", _encode(value, field))
        keep.append(data)
        pair.field = _FIELDS[field]
        pair.value.data = data
        pair.value.len = len(data) - 1
    switch = lib.IPF_DEPRECATED_UNSET if deprecated is None else int(deprecated)
    handle = _image_of(provider, image) if image is not None else ffi.NULL
    status = lib.ipf_validate_request_fields(
        p, op, pr, pairs, len(given), switch, handle, _local.outcome, _local.report
    )
    if status == lib.IPF_STATUS_INVALID_ARGUMENT:
        # The core's rules of use refused the call: say which, in Python's names.
        if not given and deprecated is None:
            raise TypeError("check() needs at least one of %s, deprecated" % ", ".join(_FIELDS))
        if image is not None:
            raise ValueError("an existing image goes with operation='modify'")
    _ok(status, "ipf_validate_request_fields")
    return _full_report(lg)


# Values per C call in check_many. Each slice is joined and encoded into a buffer the allocator
# already holds, where one buffer for a huge batch would be fresh memory, paid for in page
# faults (measured: a third faster for 100,000 names); a batch up to this size is one call.
# 8,192 measured as fast as 4,096 and 2-5% faster than 16,384 (slices stay in the caches).
_SLICE = 8192
_pack_utf32 = _fast.pack_utf32


def _check_slice(p: int, op: int, f: int, pr: int, part: List[Any], start: int, valid: Any) -> None:
    """Fills ``valid[i]`` with 1 or 0 for each value of ``part``, in one C call."""
    try:
        joined = "\0".join(part)
    except TypeError:
        bad = next(i for i, v in enumerate(part) if not isinstance(v, str))
        raise TypeError("values[%d] must be a str, not %s" % (start + bad, type(part[bad]).__name__)) from None
    try:
        data = joined.encode("utf-8")
    except UnicodeEncodeError:
        for i, v in enumerate(part):
            _encode(v, "values[%d]" % (start + i))
        raise
    # One buffer of NUL-separated values and one byte back per value. A value holding a NUL of
    # its own makes the separators miscount: the library says so, and the values go as an
    # array of strings instead.
    status = lib.ipf_validate_packed(p, op, f, pr, data, len(data), len(part), valid)
    if status == lib.IPF_STATUS_INVALID_ARGUMENT:
        encoded = [ffi.new("char[]", _encode(v, "values[%d]" % (start + i))) for i, v in enumerate(part)]
        items = ffi.new("ipf_str[]", len(part))
        for item, buf in zip(items, encoded):
            item.data = buf
            item.len = len(buf) - 1
        out = ffi.new("ipf_field_check[]", len(part))
        _ok(lib.ipf_validate_many(p, op, f, pr, items, len(part), out), "ipf_validate_many")
        for i in range(len(part)):
            valid[i] = out[i].valid
    else:
        _ok(status, "values")


def check_many(provider: Provider, field: Field, values: Iterable[str], **options: Any) -> List[Report]:
    """Checks many values of one ``field``, crossing the boundary once per 8,192 values rather
    than once per value; the options are those of ``check``. Every valid value gets the same
    shared, immutable valid report; an invalid value's violations are fetched when first read."""
    unknown = set(options) - {"operation", "profile", "lang", "image_kind"}
    if unknown:
        raise TypeError("check_many() got unexpected options: %s" % ", ".join(sorted(unknown)))
    prepared = _options(provider, options.get("operation", "modify"), field, options.get("profile", "latest"))
    lg = _choice(_LANGS, options.get("lang", "en"), "lang")
    if options.get("image_kind", "custom") != "custom":
        # One request of the field per value: what check answers (the keys are check's own).
        call: Any = check
        return [call(provider, **{field: v}, **options) for v in values]
    values = values if isinstance(values, list) else list(values)
    n = len(values)
    p, op, f, pr = prepared.provider, prepared.operation, prepared.field, prepared.profile
    valid = ffi.new("uint8_t[]", max(n, 1))
    for start in range(0, n, _SLICE):
        # Text that is not ASCII (told by the slice's first value, which costs nothing to ask)
        # goes as code points, copied out of each str with no join and no encoding (see
        # _fast.pack_utf32); ASCII is joined and encoded at the speed of a copy, and its UTF-8
        # is a quarter of the size. Either way the library gives the same verdicts.
        first = values[start]
        packed = None if type(first) is not str or first.isascii() else _pack_utf32(values, start, start + _SLICE)
        if packed is not None:
            count = min(_SLICE, n - start)
            data = ffi.from_buffer("uint32_t[]", packed)
            if lib.ipf_validate_packed_utf32(p, op, f, pr, data, len(packed) // 4 - 1, count, valid + start) == 0:
                continue
        # Anything else (a value that is not a str, holds a NUL or a lone surrogate, or is too
        # large) goes as UTF-8, which says what is wrong.
        _check_slice(p, op, f, pr, values[start : start + _SLICE], start, valid + start)
    flags = ffi.buffer(valid, n)[:]
    reports: List[Report] = [_new_report(_SharedValidReport, (True, (), None, _request_of(prepared)))] * n
    i = flags.find(b"\0")
    while i >= 0:
        reports[i] = _new_report(_InvalidReport, (prepared, values[i].encode("utf-8"), lg, []))
        i = flags.find(b"\0", i + 1)
    return reports


# --- images and shares ---------------------------------------------------------------------


def _accounts(accounts: Iterable[str], what: str) -> Tuple[Any, int, List[Any]]:
    if isinstance(accounts, str):
        raise TypeError("%s must be a list of account ids, not a str" % what)
    encoded = [ffi.new("char[]", _encode(a, "%s[%d]" % (what, i))) for i, a in enumerate(accounts)]
    items = ffi.new("ipf_str[]", max(len(encoded), 1))
    for item, data in zip(items, encoded):
        item.data = data
        item.len = len(data) - 1
    return items, len(encoded), encoded


def _image(
    provider: str,
    owner: str,
    image_state: Optional[str],
    image_kind: str,
    encrypted: bool,
    byol: bool,
    deprecated: bool,
    shared_with: Iterable[str],
    customer_key: bool = False,
) -> Any:
    p = _choice(_PROVIDERS, provider, "provider")
    kind = _choice(_IMAGE_KINDS, image_kind, "image_kind")
    owner_bytes = _encode(owner, "owner")
    out = ffi.new("ipf_image **")
    _ok(lib.ipf_image_new(p, owner_bytes, len(owner_bytes), out), "owner")
    image = ffi.gc(out[0], lib.ipf_image_free)
    if image_state is not None:
        state = _encode(image_state, "image_state")
        status = lib.ipf_image_set_state(image, state, len(state))
        if status == lib.IPF_STATUS_UNKNOWN_STATE:
            known = [s["name"] for s in rules(cast(Provider, provider))[provider]["share"]["states"]]
            raise ValueError("unknown image state %r for %s; known: %s" % (image_state, provider, ", ".join(known)))
        _ok(status, "image_state")
    _ok(lib.ipf_image_set_kind(image, kind), "image_kind")
    _ok(lib.ipf_image_set_flags(image, bool(encrypted), bool(byol), bool(deprecated)), "flags")
    _ok(lib.ipf_image_set_customer_key(image, bool(customer_key)), "customer_key")
    items, count, keep = _accounts(shared_with, "shared_with")
    _ok(lib.ipf_image_set_shared_with(image, items, count), "shared_with")
    del keep
    return image


def _image_of(provider: str, image: Image) -> Any:
    if not isinstance(image, Image):
        raise TypeError("image must be an image_preflight.Image, not %s" % type(image).__name__)
    return _image(
        provider,
        image.owner,
        image.state,
        image.kind,
        image.encrypted,
        image.byol,
        image.deprecated,
        image.shared_with,
        image.customer_key,
    )


def check_delete(provider: Provider, image: Image, *, lang: Lang = "en") -> Report:
    """Judges deleting ``image``: Volcengine refuses while it is shared with anyone."""
    lg = _choice(_LANGS, lang, "lang")
    handle = _image_of(provider, image)
    _ok(lib.ipf_check_delete(handle, _local.outcome, _local.report), "ipf_check_delete")
    return _full_report(lg)


def _shared_with(image: Any) -> Tuple[str, ...]:
    count = ffi.new("size_t *")
    _ok(lib.ipf_image_shared_with_count(image, count), "shared_with")
    item = ffi.new("ipf_str *")
    out = []
    for i in range(count[0]):
        _ok(lib.ipf_image_shared_with_at(image, i, item), "shared_with")
        out.append(ffi.unpack(item.data, item.len).decode())
    return tuple(out)


def _share_image(provider: str, image: Optional[Image], owner: Optional[str], *rest: Any) -> Any:
    """The image of a share or plan: ``image=Image(...)``, the spelling ``check`` uses, or the
    older loose keywords (``owner=``, ``image_state=``, ...), never both."""
    if image is not None:
        if owner is not None or rest != (None, "custom", False, False, False, ()):
            raise TypeError("give the image once: image=Image(...) or owner=..., not both")
        return _image_of(provider, image)
    if owner is None:
        raise TypeError("the image is needed: image=Image(owner=...)")
    # One spelling per idea across the faces (docs/faces.md): the loose keywords still work, and
    # say what replaces them. stacklevel 3: the caller of share() or plan_share().
    warnings.warn(
        "owner=, shared_with=, image_state=, image_kind=, encrypted=, byol= and deprecated= are "
        "deprecated: pass image=Image(owner=..., state=..., kind=..., ...) as check() takes it",
        DeprecationWarning,
        stacklevel=3,
    )
    return _image(provider, owner, *rest)


def share(
    provider: Provider,
    *,
    image: Optional[Image] = None,
    owner: Optional[str] = None,
    shared_with: Iterable[str] = (),
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    image_state: Optional[str] = None,
    image_kind: ImageKind = "custom",
    encrypted: bool = False,
    byol: bool = False,
    deprecated: bool = False,
    profile: Profile = "latest",
    lang: Lang = "en",
) -> ShareResult:
    """Judges one ModifyImageSharePermission request against the image: ``add`` and ``remove``
    are the provider's lists (Tencent: ``add`` is ``Permission=SHARE``, ``remove`` ``CANCEL``).
    ``image=Image(owner, state, kind, ...)`` is the image as ``check`` takes it (the state in
    the provider's spelling; default: the state that allows sharing); ``owner=``,
    ``shared_with=``, ``image_state=``, ``image_kind=`` are the older spelling of the same."""
    pr = _choice(_PROFILES, profile, "profile")
    lg = _choice(_LANGS, lang, "lang")
    image_handle = _share_image(provider, image, owner, image_state, image_kind, encrypted, byol, deprecated, shared_with)
    add_items, add_count, keep_add = _accounts(add, "add")
    remove_items, remove_count, keep_remove = _accounts(remove, "remove")
    _ok(
        lib.ipf_share_apply(
            image_handle, pr, add_items, add_count, remove_items, remove_count, _local.outcome, _local.report
        ),
        "share",
    )
    del keep_add, keep_remove
    data = _report_json(lg)
    return ShareResult(data["valid"], _violations(data), _shared_with(image_handle), data["request"], provider, profile)


def plan_share(
    provider: Provider,
    *,
    image: Optional[Image] = None,
    owner: Optional[str] = None,
    shared_with: Iterable[str] = (),
    desired: Iterable[str],
    image_state: Optional[str] = None,
    image_kind: ImageKind = "custom",
    encrypted: bool = False,
    byol: bool = False,
    deprecated: bool = False,
    profile: Profile = "latest",
    lang: Lang = "en",
) -> PlanResult:
    """The shortest list of requests that turns ``shared_with`` (default: shared with no one,
    as in ``share``) into ``desired``, each within the provider's limits, removals first;
    refused (``valid`` False) when ``desired`` is over the per-image limit or the image cannot
    be shared. The image is given as for ``share``."""
    pr = _choice(_PROFILES, profile, "profile")
    lg = _choice(_LANGS, lang, "lang")
    image_handle = _share_image(provider, image, owner, image_state, image_kind, encrypted, byol, deprecated, shared_with)
    items, count, keep = _accounts(desired, "desired")
    plan = ffi.new("ipf_plan **")
    _ok(lib.ipf_share_plan(image_handle, pr, items, count, plan, _local.outcome, _local.report), "ipf_share_plan")
    del keep
    handle = ffi.gc(plan[0], lib.ipf_plan_free)
    requests = json.loads(_copy_text(lambda b, n, out: lib.ipf_plan_to_json(handle, b, n, out), "plan"))
    data = _report_json(lg)
    return PlanResult(data["valid"], _violations(data), tuple(requests), tuple(data["shared_with"]), provider, profile)


def rules(provider: Optional[Provider] = None, profile: Profile = "latest") -> Dict[str, Any]:
    """The rule tables, as ``image-preflight rules --format json`` prints them:
    ``{provider: {operation: {field: {...}}, "share": {...}}}``."""
    p = lib.IPF_ALL_PROVIDERS if provider is None else _choice(_PROVIDERS, provider, "provider")
    pr = _choice(_PROFILES, profile, "profile")
    text = _copy_text(lambda b, n, out: lib.ipf_rules_json(p, pr, b, n, out), "rules")
    return cast(Dict[str, Any], json.loads(text))


def _version() -> str:
    v = ffi.new("ipf_str *")
    _ok(lib.ipf_version(v), "ipf_version")
    return cast(str, ffi.unpack(v.data, v.len).decode())


__version__ = _version()

#: The longest text the library takes, in UTF-8 bytes (4 MiB): the core's one size limit, which
#: every language refuses past with its ``TOO_LARGE`` error (here an ``InputError`` with status
#: ``IPF_STATUS_TOO_LARGE``).
MAX_TEXT_BYTES = lib.IPF_MAX_TEXT_BYTES
