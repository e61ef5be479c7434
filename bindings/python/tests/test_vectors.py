"""Every case of tests/vectors, through the Python binding."""
from conftest import accounts, cases, compare, value_of

import image_preflight as ip


def image_of(spec):
    return ip.Image(
        owner=spec["owner"],
        state=spec.get("state"),
        kind=spec.get("kind", "custom"),
        encrypted=spec.get("encrypted", False),
        customer_key=spec.get("customer_key", False),
        byol=spec.get("byol", False),
        deprecated=spec.get("deprecated", False),
        shared_with=tuple(accounts(spec.get("shared_with"))),
    )


import pytest


@pytest.mark.parametrize("case", cases("field"))
def test_field(case):
    value = value_of(case)
    report = ip.check(case["provider"], operation=case["operation"], profile=case["profile"], **{case["field"]: value})
    compare(case["expect"], report.violations)
    assert report.valid == (not case["expect"])
    # The batch path gives the same verdict and, for invalid values, the same violations.
    [batched] = ip.check_many(case["provider"], case["field"], [value], operation=case["operation"], profile=case["profile"])
    assert batched.valid == report.valid
    assert batched.violations == report.violations


@pytest.mark.parametrize("case", cases("share"))
def test_share(case):
    spec = case["image"]
    image = image_of(spec)
    result = ip.share(
        case["provider"],
        image=image,
        add=accounts(case["change"]["add"]),
        remove=accounts(case["change"]["remove"]),
        profile=case["profile"],
    )
    compare(case["expect"], result.violations)
    if result.valid and "shared_with_after" in case:
        assert list(result.shared_with) == sorted(accounts(case["shared_with_after"]))
    if not result.valid:
        assert list(result.shared_with) == sorted(set(image.shared_with))


@pytest.mark.parametrize("case", cases("request"))
def test_request(case):
    r = case["request"]
    report = ip.check(
        case["provider"],
        operation=case["operation"],
        profile=case["profile"],
        name=r.get("name"),
        description=r.get("description"),
        family=r.get("family"),
        boot_mode=r.get("boot_mode"),
        status=r.get("status"),
        license_type=r.get("license_type"),
        architecture=r.get("architecture"),
        platform=r.get("platform"),
        os_type=r.get("os_type"),
        nvme_support=r.get("nvme_support"),
        imds_support=r.get("imds_support"),
        deprecated=r.get("deprecated"),
        image=image_of(case["image"]) if "image" in case else None,
    )
    compare(case["expect"], report.violations)


@pytest.mark.parametrize("case", cases("delete"))
def test_delete(case):
    compare(case["expect"], ip.check_delete(case["provider"], image_of(case["image"])).violations)


@pytest.mark.parametrize("case", cases("plan"))
def test_plan(case):
    image = image_of(case["image"])
    desired = accounts(case["desired"])
    result = ip.plan_share(case["provider"], image=image, desired=desired, profile=case["profile"])
    compare(case["expect"], result.violations)
    if not result.valid:
        assert result.requests == ()
        return
    if "requests" in case:
        assert list(result.requests) == case["requests"]
    if "request_count" in case:
        assert len(result.requests) == case["request_count"]
    # Every request passes `share`, and together they reach the desired set.
    current = list(image.shared_with)
    for request in result.requests:
        lists = list(request.values())
        if "Permission" in request:
            ids = request["AccountIds"]
            add, remove = (ids, []) if request["Permission"] == "SHARE" else ([], ids)
        else:
            # Lists of ids (AddAccount.N), or one parameter holding lists of items each naming
            # one principal ({"LaunchPermission": {"Add": [{"UserId": ...}]}}).
            if len(request) == 1 and isinstance(lists[0], dict):
                request = lists[0]
            ids = lambda items: [next(iter(i.values())) if isinstance(i, dict) else i for i in items]
            add = ids(next((v for k, v in request.items() if k.startswith("Add")), []))
            remove = ids(next((v for k, v in request.items() if k.startswith("Remove")), []))
        assert lists
        step = ip.share(case["provider"], image=image._replace(shared_with=tuple(current)), add=add,
                        remove=remove, profile=case["profile"])
        assert step.valid, step.violations
        current = list(step.shared_with)
    assert current == sorted(set(desired))
