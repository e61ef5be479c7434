"""The Python API: its names, its errors, bad input and threads."""
import json
import os
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

import image_preflight as ip
from image_preflight import _api


def test_the_issue_example():
    report = ip.check("alibaba", name="1abc")
    assert not report.valid and not report
    v = report.violations[0]
    assert (v.field, v.code, v.provider_code, v.http_status) == ("name", "BAD_START", "InvalidImageName.Malformed", 400)
    assert v.span == ip.Span(0, 1, 0, 1, 0, 1, 0, 1)
    assert v.limit is None and v.actual is None and v.found == "1"
    assert v.message == 'The image name may not start with "1".'


def test_messages_in_chinese_and_counts():
    report = ip.check("alibaba", name="中" * 129, lang="zh")
    v = report.violations[0]
    assert (v.code, v.limit, v.actual) == ("TOO_LONG", 128, 129)
    assert v.message == "镜像名称长度为 129 个字符，最多允许 128 个。"
    assert report.counts["name"] == ip.Counts(bytes=387, chars=129, utf16=129, graphemes=129)
    assert ip.check("tencent", name="😀").counts["name"] == ip.Counts(4, 1, 2, 1)


def test_raise_for_violations():
    assert ip.check("volcengine", name="web").raise_for_violations().valid
    with pytest.raises(ip.ValidationError) as e:
        ip.check("alibaba", name="aliyun x", description="a").raise_for_violations()
    assert isinstance(e.value, ValueError)
    assert [v.code for v in e.value.violations] == ["BAD_CHAR", "FORBIDDEN_PREFIX", "TOO_SHORT"]
    assert "InvalidImageName.Malformed" in str(e.value)


def test_whole_request_and_image_kind():
    report = ip.check("tencent", name="new-name", description="d", image_kind="shared-in")
    assert [v.provider_code for v in report.violations] == ["UnsupportedOperation.SharedImageModifyUnsupported"]
    image = ip.Image(owner="1234567890123456", shared_with=("1",))
    assert ip.check("alibaba", deprecated=True, image=image).violations[0].provider_code == "ImageUseShared"
    # The core's rules of use, in Python's words: an image goes with a modify, a request
    # sends something.
    with pytest.raises(ValueError, match="an existing image goes with operation='modify'"):
        ip.check("tencent", name="x", operation="create", image_kind="shared-in")
    with pytest.raises(ValueError, match="an existing image goes with operation='modify'"):
        ip.check("aws", name="web-1", description="d", operation="create", image=ip.Image(owner="111122223333"))
    for provider in ip.rules():
        with pytest.raises(TypeError, match="needs at least one of name, description"):
            ip.check(provider)


def test_check_many_shares_one_valid_report():
    reports = ip.check_many("alibaba", "name", ["web-1", "1web", "web-2"])
    assert [r.valid for r in reports] == [True, False, True]
    assert reports[0] is reports[2]
    assert reports[1].violations[0].code == "BAD_START"
    assert ip.check_many("alibaba", "name", []) == []
    assert [r.valid for r in ip.check_many("alibaba", "name", (v for v in ["ab", "a\0b"]))] == [True, False]
    with pytest.raises(TypeError):
        ip.check_many("alibaba", "name", ["ok", 3])
    with pytest.raises(TypeError):
        ip.check_many("alibaba", "name", ["ok"], colour="red")


def test_share_and_plan():
    result = ip.share("alibaba", image=ip.Image(owner="1234567890123456"), add=[str(5000000000000000 + i) for i in range(11)])
    assert not result.valid and result.violations[0].code == "TOO_MANY_IN_REQUEST"
    assert result.shared_with == ()
    with pytest.raises(ip.ValidationError):
        result.raise_for_violations()
    ok = ip.share("tencent", image=ip.Image(owner="1", shared_with=("3",)), add=["2"])
    assert ok.valid and ok.shared_with == ("2", "3")
    plan = ip.plan_share("alibaba", image=ip.Image(owner="1", shared_with=("5", "6")), desired=["6", "7"])
    assert plan.requests == ({"AddAccount": ["7"], "RemoveAccount": ["5"]},)
    refused = ip.plan_share("volcengine", image=ip.Image(owner="1"), desired=[str(10 + i) for i in range(51)])
    assert not refused.valid and refused.violations[0].provider_code == "LimitExceeded.MaximumShareImageAccount"
    with pytest.raises(ValueError, match="unknown image state 'NORMAL' for alibaba"):
        ip.share("alibaba", image=ip.Image(owner="1", state="NORMAL"), add=["2"])
    with pytest.raises(TypeError):
        ip.share("alibaba", image=ip.Image(owner="1"), add="2")


def test_plan_share_from_no_one():
    # shared_with defaults to empty, as in share().
    plan = ip.plan_share("tencent", image=ip.Image(owner="100000000001"), desired=["200000000001"])
    assert plan.valid and plan.requests == ({"Permission": "SHARE", "AccountIds": ["200000000001"]},)
    image = ip.Image(owner="100000000001", shared_with=())
    assert plan == ip.plan_share("tencent", image=image, desired=["200000000001"])


def test_report_to_dict():
    report = ip.check("alibaba", name="1abc", family="aliyun-x", lang="zh")
    d = report.to_dict()
    assert list(d) == ["valid", "violations", "counts", "kind", "provider", "operation", "profile"]
    assert (d["valid"], d["provider"], d["operation"], d["profile"]) == (False, "alibaba", "modify", "latest")
    assert [v["code"] for v in d["violations"]] == ["BAD_START", "FORBIDDEN_PREFIX"]
    assert d["violations"][0] == report.violations[0].to_dict()
    assert d["counts"]["family"] == {"bytes": 8, "chars": 8, "utf16": 8, "graphemes": 8}
    assert json.loads(json.dumps(d)) == d
    # A valid report from the fast path, one from check_many (valid, shared: no counts) and an
    # invalid one from check_many, whose details are fetched when read.
    valid = ip.check("alibaba", name="web-base", profile="latest")
    assert valid.to_dict() == {
        "valid": True,
        "violations": [],
        "counts": {"name": {"bytes": 8, "chars": 8, "utf16": 8, "graphemes": 8}},
        "kind": "request",
        "provider": "alibaba",
        "operation": "modify",
        "profile": "latest",
    }
    good, bad = ip.check_many("volcengine", "name", ["web", "1"], operation="create", profile="strict")
    assert good.to_dict() == {
        "valid": True,
        "violations": [],
        "counts": {},
        "kind": "request",
        "provider": "volcengine",
        "operation": "create",
        "profile": "strict",
    }
    assert bad.to_dict() == ip.check("volcengine", name="1", operation="create", profile="strict").to_dict()
    # A delete has no operation of its own.
    gone = ip.check_delete("volcengine", ip.Image(owner="1", shared_with=("2",)))
    assert list(gone.to_dict()) == ["valid", "violations", "counts", "kind", "provider", "profile"]
    assert gone.to_dict()["kind"] == "delete"


CLI_CASES = [
    ["--provider", "alibaba", "--name", "1abc", "--family", "aliyun-x"],
    ["--provider", "alibaba", "--name", "web 中文", "--lang", "zh"],
    ["--provider", "tencent", "--name", "ok", "--description", "a\x01b", "--operation", "create"],
    ["--provider", "volcengine", "--name", "web", "--profile", "strict"],
    ["--provider", "alibaba", "--name", "😀" * 200],
    ["--provider", "volcengine", "--name", "x", "--boot-mode", "UEFI-Preferred"],
    ["--provider", "tencent", "--operation", "import", "--name", "img", "--license-type", "byol"],
    ["--provider", "alibaba", "--operation", "copy", "--name", "web", "--description", "http://x"],
]


@pytest.mark.parametrize("args", CLI_CASES, ids=lambda a: " ".join(a)[:40])
def test_report_to_dict_is_the_command_lines_json(args):
    """IMAGE_PREFLIGHT_CLI names an image-preflight binary; the packaging test sets it."""
    cli = os.environ.get("IMAGE_PREFLIGHT_CLI")
    if not cli:
        pytest.skip("IMAGE_PREFLIGHT_CLI is not set (scripts/test-packages.sh sets it)")
    printed = subprocess.run([cli, "check", *args, "--format", "json"], capture_output=True, text=True).stdout
    options = dict(zip(args[::2], args[1::2]))
    report = ip.check(
        options["--provider"],
        name=options.get("--name"),
        description=options.get("--description"),
        family=options.get("--family"),
        boot_mode=options.get("--boot-mode"),
        status=options.get("--status"),
        license_type=options.get("--license-type"),
        operation=options.get("--operation", "modify"),
        profile=options.get("--profile", "latest"),
        lang=options.get("--lang", "en"),
    )
    assert json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n" == printed


def test_rules():
    every = ip.rules()
    # Every provider the library knows (read from it at run time), in its order.
    assert list(every) == list(_api._PROVIDERS) and list(every)[:3] == ["tencent", "alibaba", "volcengine"]
    assert every["alibaba"]["modify"]["name"]["maxlength"] == 128
    strict = ip.rules("tencent", profile="strict")
    assert list(strict) == ["tencent"] and strict["tencent"]["modify"]["name"]["maxlength"] == 20
    # The rules between two fields, and whose key an encrypted image may be shared with.
    [arm] = every["alibaba"]["cross"]
    assert (arm["operations"], arm["when"], arm["is"], arm["then"], arm["must_be"]) == (
        ["import"], "architecture", ["arm64"], "boot_mode", ["UEFI"]
    )
    assert every["tencent"]["cross"] == []
    assert every["alibaba"]["share"]["encrypted_customer_key"] is None
    assert every["alibaba"]["share"]["encrypted"]["provider_code"]["http_status"] == 403


def test_customer_key_decides_an_alibaba_encrypted_share():
    service = ip.Image(owner="1234567890123456", encrypted=True)
    refused = ip.share("alibaba", image=service, add=["200000000001"])
    assert not refused.valid and refused.violations[0].http_status == 403
    customer = service._replace(customer_key=True)
    assert ip.share("alibaba", image=customer, add=["200000000001"]).valid
    assert ip.plan_share("alibaba", image=customer, desired=["200000000001"]).valid


@pytest.mark.parametrize(
    "call, error",
    [
        (lambda: ip.check("azure", name="x"), ValueError),
        (lambda: ip.check(3, name="x"), TypeError),
        (lambda: ip.check("alibaba", name=b"x"), TypeError),
        (lambda: ip.check("alibaba", name=5), TypeError),
        (lambda: ip.check("alibaba", name="x", profile="loose"), ValueError),
        (lambda: ip.check("alibaba", name="x", lang="fr"), ValueError),
        (lambda: ip.check_many("azure", "name", ["x"]), ValueError),
        (lambda: ip.check_many("alibaba", "colour", ["x"]), ValueError),
        (lambda: ip.rules("azure"), ValueError),
        (lambda: ip.share("azure", image=ip.Image(owner="1"), add=["2"]), ValueError),
        (lambda: ip.share("alibaba", image=ip.Image(owner=1), add=["2"]), TypeError),
    ],
)
def test_bad_arguments(call, error):
    with pytest.raises(error):
        call()


def test_lone_surrogates_are_refused_clearly():
    with pytest.raises(ip.InputError, match="lone surrogate U\\+D800 at index 2") as e:
        ip.check("tencent", name="ab\ud800")
    assert isinstance(e.value, ValueError) and e.value.status == "IPF_STATUS_INVALID_UTF8"
    # The one code every face gives a lone surrogate (JavaScript: error.code).
    assert e.value.code == "LONE_SURROGATE"
    with pytest.raises(ip.InputError, match="values\\[1\\]"):
        ip.check_many("tencent", "name", ["ok", "\udfff"])
    with pytest.raises(ip.InputError):
        ip.share("tencent", image=ip.Image(owner="1"), add=["\ud800"])


def test_nul_is_a_violation():
    report = ip.check("tencent", name="a\0b")
    assert report.violations[0].code == "BAD_CHAR" and report.violations[0].found == "\0"
    assert report.violations[0].message == "The image name may not contain null character (U+0000)."


def test_huge_strings():
    megabyte = ip.check("alibaba", name="a" * 1_000_000)
    assert megabyte.violations[0].actual == 1_000_000
    assert ip.check_many("alibaba", "name", ["a" * 1_000_000])[0].violations[0].code == "TOO_LONG"
    with pytest.raises(ip.InputError) as e:
        ip.check("alibaba", name="a" * (5 * 1024 * 1024))
    assert e.value.status == "IPF_STATUS_TOO_LARGE"


def test_the_one_size_limit():
    # The core's limit, the same in every language: at it answered, one byte past it refused,
    # counted in UTF-8 bytes (3 a Han char).
    assert ip.MAX_TEXT_BYTES == 4 * 1024 * 1024
    at = ip.check("alibaba", description="a" * ip.MAX_TEXT_BYTES)
    assert at.violations[0].code == "TOO_LONG"
    for big in ["a" * (ip.MAX_TEXT_BYTES + 1), "中" * (ip.MAX_TEXT_BYTES // 3 + 1)]:
        with pytest.raises(ip.InputError) as e:
            ip.check("alibaba", description=big)
        assert e.value.status == "IPF_STATUS_TOO_LARGE"
        with pytest.raises(ip.InputError) as e:
            ip.check_many("alibaba", "description", ["ok", big])
        assert e.value.status == "IPF_STATUS_TOO_LARGE"


def test_many_threads_agree_with_one():
    values = ["web-%d" % i if i % 3 else "%d-web" % i for i in range(300)] + ["中文 名", "aliyun", "a" * 200]
    expected = [(r.valid, [v.to_dict() for v in r.violations]) for r in (ip.check("alibaba", name=v) for v in values)]
    start = threading.Barrier(16)

    def work(seed):
        start.wait()
        out = []
        for _ in range(5):
            out.append([(r.valid, [v.to_dict() for v in r.violations]) for r in (ip.check("alibaba", name=v) for v in values)])
            many = ip.check_many("alibaba", "name", values)
            out.append([(r.valid, [v.to_dict() for v in r.violations]) for r in many])
        return out

    with ThreadPoolExecutor(16) as pool:
        for result in pool.map(work, range(16)):
            for answers in result:
                assert answers == expected


def test_version():
    assert ip.__version__.count(".") == 2


def test_docstring_examples():
    import doctest

    import image_preflight._api

    for module in (ip, image_preflight._api):
        failures, tried = doctest.testmod(module)
        assert tried > 0 and failures == 0


def test_check_many_across_slices():
    from image_preflight import _api

    n = 2 * _api._SLICE + 3
    values = ["web-%d" % i for i in range(n)]
    values[_api._SLICE - 1] = "1-last-of-first-slice"
    values[_api._SLICE + 5] = "has\0nul"  # this slice goes as an array of strings
    values[-1] = "aliyun-end"
    reports = ip.check_many("alibaba", "name", values)
    bad = [i for i, r in enumerate(reports) if not r.valid]
    assert bad == [_api._SLICE - 1, _api._SLICE + 5, n - 1]
    assert [reports[i].violations[0].code for i in bad] == ["BAD_START", "BAD_CHAR", "FORBIDDEN_PREFIX"]
    assert reports[bad[0]].violations is reports[bad[0]].violations  # fetched once, then kept
    with pytest.raises(TypeError, match="values\\[%d\\]" % (_api._SLICE + 7)):
        ip.check_many("alibaba", "name", values[: _api._SLICE + 7] + [None])


def test_bad_input_matrix_rows():
    # 100 MB: over the C ABI's 4 MiB limit, refused with the status, never read past.
    with pytest.raises(ip.InputError) as e:
        ip.check("alibaba", name="a" * (100 * 1024 * 1024))
    assert e.value.status == "IPF_STATUS_TOO_LARGE"
    # 100,000 accounts: answered with the provider's codes.
    many = [str(5000000000000000 + i) for i in range(100_000)]
    result = ip.share("alibaba", image=ip.Image(owner="1234567890123456"), add=many)
    assert [v.code for v in result.violations] == ["TOO_MANY_IN_REQUEST", "OVER_QUOTA"]
    plan = ip.plan_share("tencent", image=ip.Image(owner="100000000001"), desired=many)
    assert plan.violations[0].code == "OVER_QUOTA" and plan.violations[0].actual == 100_000
    # Bidirectional overrides and zero-width characters: refused where a character set is
    # published, and named by code point in messages.
    v = ip.check("alibaba", name="ab\u202ecd").violations[0]
    assert v.code == "BAD_CHAR" and "U+202E" in v.message
    assert ip.check("tencent", name="ab\u200bcd").valid
    # Unknown states.
    with pytest.raises(ValueError, match="unknown image state"):
        ip.plan_share("volcengine", image=ip.Image(owner="1", state="gone"), desired=["2"])


def test_list_fields_name_the_values_they_take():
    report = ip.check("volcengine", boot_mode="UEFI-Preferred")
    v = report.violations[0]
    assert (v.field, v.code, v.provider_code, v.http_status) == ("boot_mode", "NOT_ONE_OF", "InvalidBootMode.Malformed", 400)
    assert v.allowed == ("BIOS", "UEFI")
    assert v.to_dict()["allowed"] == ["BIOS", "UEFI"]
    # A list value has no counts.
    assert ip.check("alibaba", status="Deprecated").counts == {}
    [valid] = ip.check_many("tencent", "license_type", ["BYOL"], operation="import")
    assert valid.valid
    copy = ip.check("alibaba", operation="copy", name="中文副本", profile="strict")
    assert [v.code for v in copy.violations] == ["BAD_START", "BAD_CHAR"]
    with pytest.raises(ValueError):
        ip.check("alibaba", operation="export", name="x")


def test_loose_image_keywords_on_share_are_deprecated():
    """One spelling of the image in every call: the older keywords still work, and warn."""
    with pytest.warns(DeprecationWarning, match=r"image=Image\("):
        old = ip.share("alibaba", owner="1234567890123456", add=["1234567890123457"])
    new = ip.share("alibaba", image=ip.Image(owner="1234567890123456"), add=["1234567890123457"])
    assert old.to_dict() == new.to_dict()
    with pytest.warns(DeprecationWarning):
        ip.plan_share("tencent", owner="100000000001", desired=["200000000001"])
