"""The binding's fast paths against its general path: check() answered in C (a name with the
default options), check_many's packed batches and the shared valid report. Each must give what
the general path gives, on every shared vector and on random text of every script, and must
leave bad input to the general path's clear errors."""
import inspect
import random

import pytest
from conftest import cases, value_of

import image_preflight as ip
from image_preflight import _api, _fast

# check() in both of the C forms: the one this Python uses (the vector form from 3.10 on) and
# the tuple-and-dict form every version can use (the only one on 3.9), so each is tested here.
CHECKS = [
    ip.check,
    _fast.wrap_check(
        _api._python_check,
        _api._NAME_OPTIONS,
        _api._ValidReport,
        "image_preflight",
        "%s\n--\n\n%s" % (_api._CHECK_SIGNATURE, _api._python_check.__doc__),
        False,
    ),
]

# An error the C path swallowed would surface as an "unraisable" warning (CPython 3.13 reports
# what PyDict_GetItem drops): here it fails the test.
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")

# Every provider of the tables, as the library lists them.
PROVIDERS = tuple(_api._PROVIDERS)

# Code points of many scripts and kinds: ASCII, Latin-1, combining marks, Greek, Cyrillic,
# Arabic (bidi), Thai, Hangul, CJK punctuation and Han (BMP and beyond), kana, full-width
# forms, zero-width and bidi controls, emoji with modifiers and joiners, private use, and
# characters every rule refuses.
SCRIPTS = [
    (0x20, 0x7F),
    (0xA0, 0x100),
    (0x300, 0x370),
    (0x370, 0x400),
    (0x400, 0x500),
    (0x600, 0x700),
    (0xE00, 0xE80),
    (0x1100, 0x1200),
    (0x2000, 0x2070),
    (0x3000, 0x3100),
    (0x3400, 0x4DC0),
    (0x4E00, 0xA000),
    (0xAC00, 0xD7A4),
    (0xE000, 0xE100),
    (0xF900, 0xFB00),
    (0xFE00, 0xFF00),
    (0xFF00, 0xFFF0),
    (0x1F300, 0x1FA00),
    (0x20000, 0x2A6E0),
    (0x30000, 0x31350),
]


def random_text(rng):
    """Up to 140 characters, mostly from one script (as a real name is), some from others."""
    main = rng.choice(SCRIPTS)
    out = []
    for _ in range(rng.randrange(0, 141)):
        lo, hi = main if rng.random() < 0.85 else rng.choice(SCRIPTS)
        out.append(chr(rng.randrange(lo, hi)))
    if out and rng.random() < 0.3:
        out[rng.randrange(len(out))] = rng.choice("-_.:/ 1aZ\u200d\u200b\u202e\u00ad\ufe0f\U0001f3fd")
    return "".join(out)


def answers(report):
    """What a report says, in a form to compare: the verdict, each violation, the counts."""
    return (report.valid, [v.to_dict() for v in report.violations], report.counts)


def test_check_is_the_c_wrapper_with_the_python_signature_and_doc():
    assert ip.check is _api.check and ip.check is not _api._python_check
    python = inspect.signature(_api._python_check)
    bare = python.replace(
        parameters=[p.replace(annotation=inspect.Parameter.empty) for p in python.parameters.values()],
        return_annotation=inspect.Signature.empty,
    )
    assert inspect.signature(ip.check) == bare
    assert ip.check.__doc__ == _api._python_check.__doc__
    assert ip.check.__name__ == "check" and ip.check.__module__ == "image_preflight"


@pytest.mark.parametrize("check", CHECKS)
def test_a_valid_name_is_answered_in_c(check):
    check("alibaba", name="web-1")  # the general path accepts the provider first
    report = check("alibaba", name="web-2")
    assert type(report) is _api._ValidReport and report.valid and report
    assert report == check("alibaba", name="web-2", lang="zh")
    assert report.counts == {"name": ip.Counts(5, 5, 5, 5)}
    assert report.to_dict()["provider"] == "alibaba"
    assert report.raise_for_violations() is report


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("case", cases("field"))
def test_check_agrees_with_the_general_path_on_every_vector(case, check):
    value = value_of(case)
    for provider in PROVIDERS:
        check(provider, name="primer")
        got = check(provider, name=value)
        want = _api._python_check(provider, name=value, operation="modify", profile="latest", lang="en")
        assert answers(got) == answers(want), (provider, value)


@pytest.mark.parametrize("check", CHECKS)
def test_check_and_check_many_agree_with_the_general_path_on_every_script(check):
    rng = random.Random(17)
    values = [random_text(rng) for _ in range(3000)]
    # Names the rules accept, in the scripts they accept, so both verdicts come up often.
    values += ["".join(rng.choice("镜像生产环境abcXYZ019-_.:") for _ in range(rng.randrange(1, 130))) for _ in range(2000)]
    rng.shuffle(values)
    for provider in PROVIDERS:
        check(provider, name="primer")
        many = ip.check_many(provider, "name", values)
        for value, batched in zip(values, many):
            want = _api._python_check(provider, name=value, operation="modify", profile="latest", lang="en")
            assert answers(check(provider, name=value)) == answers(want), (provider, value)
            assert batched.valid == want.valid, (provider, value)
            assert type(batched) is (_api._SharedValidReport if want.valid else _api._InvalidReport)
            if not want.valid:
                assert batched.violations == want.violations, (provider, value)


@pytest.mark.parametrize("check", CHECKS)
def test_bad_input_still_gets_the_general_paths_errors(check):
    check("alibaba", name="primer")
    with pytest.raises(ip.InputError, match="lone surrogate U\\+D800 at index 2"):
        check("alibaba", name="ab\ud800")
    with pytest.raises(TypeError, match="name must be a str, not bytes"):
        check("alibaba", name=b"web-1")
    with pytest.raises(TypeError, match="provider must be a str, not list"):
        check(["alibaba"], name="web-1")
    with pytest.raises(ValueError, match="unknown provider 'azure'"):
        check("azure", name="web-1")
    with pytest.raises(TypeError):
        check("alibaba", "web-1")
    with pytest.raises(TypeError, match="unexpected keyword"):
        check("alibaba", nme="web-1")
    with pytest.raises(ip.InputError) as e:
        check("alibaba", name="a" * (5 * 1024 * 1024))
    assert e.value.status == "IPF_STATUS_TOO_LARGE"
    assert check("alibaba", name="a\0b").violations[0].code == "BAD_CHAR"


@pytest.mark.parametrize("check", CHECKS)
def test_calls_the_c_path_leaves_to_python(check):
    check("alibaba", name="primer")

    class Name(str):
        pass

    # A str subclass, a provider given by keyword, any other option: the general path, with
    # the same answer.
    for report in (
        check("alibaba", name=Name("web-1")),
        check(provider="alibaba", name="web-1"),
        check("alibaba", name="web-1", operation="create"),
    ):
        assert report.valid
    check("tencent", name="primer")
    assert not check("tencent", name="web-1", image_kind="shared-in").valid
    assert check("alibaba", name="1web").violations[0].code == "BAD_START"


@pytest.mark.parametrize("first", ["ascii", "镜像"])
def test_check_many_gives_the_same_verdicts_as_code_points_and_as_utf8(first):
    # A slice whose first value is not ASCII goes to the library as code points, one whose
    # first value is ASCII as UTF-8: every value of every script, every provider and field
    # with a rule for names or descriptions, the same verdicts as one check each.
    rng = random.Random(29)
    values = [first] + [random_text(rng) for _ in range(1500)]
    values += ["".join(rng.choice("镜像生产环境abcXYZ019-_.:/ ，。") for _ in range(rng.randrange(0, 300))) for _ in range(1500)]
    values += ["", "a", "镜", "aliyun镜像", "ACS:镜像", "镜像http://x", "镜像HTTPS://x", "镜" * 128, "镜" * 129, "镜\r\n像"]
    for provider in PROVIDERS:
        for field in ("name", "description"):
            many = ip.check_many(provider, field, values)
            for value, batched in zip(values, many):
                want = _api._python_check(provider, **{field: value}, operation="modify", profile="latest", lang="en")
                assert batched.valid == want.valid, (provider, field, value)


def test_check_many_as_code_points_leaves_bad_input_to_the_general_path():
    # The same errors, at the same index, as a batch sent as UTF-8 gives.
    with pytest.raises(ip.InputError, match="values\\[2\\]"):
        ip.check_many("alibaba", "name", ["镜像", "ok", "\udfff"])
    with pytest.raises(TypeError, match="values\\[1\\]"):
        ip.check_many("alibaba", "name", ["镜像", None])
    reports = ip.check_many("alibaba", "name", ["镜像", "镜\0像", "镜" * 1_000_000, "镜像-1"])
    assert [r.valid for r in reports] == [True, False, False, True]
    assert [r.violations[0].code for r in reports[1:3]] == ["BAD_CHAR", "TOO_LONG"]
    with pytest.raises(ip.InputError) as e:
        ip.check_many("alibaba", "name", ["镜像", "镜" * (2 * 1024 * 1024)])
    assert e.value.status == "IPF_STATUS_TOO_LARGE"


def test_pack_utf32():
    import array

    packed = _fast.pack_utf32(["a镜", "", "😀", "x"], 0, 3)
    assert array.array("I", packed).tolist() == [ord("a"), ord("镜"), 0, 0, 0x1F600, 0]
    assert _fast.pack_utf32(["a", 1], 0, 2) is None
    assert _fast.pack_utf32(["a"], 5, 9) == b""
    with pytest.raises(TypeError):
        _fast.pack_utf32(("a",), 0, 1)
