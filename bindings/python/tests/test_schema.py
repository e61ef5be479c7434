"""Every Python answer's to_dict() fits the published JSON shapes (docs/schema/), on the shared
vectors; share and plan take the image as check does (image=Image(...))."""
import json
from pathlib import Path

import pytest
from conftest import VECTORS, accounts, cases, value_of
from jsonschema import Draft202012Validator

import image_preflight as ip

SCHEMAS = Path(VECTORS).parent.parent / "docs" / "schema"


def validator(name):
    schema = json.loads((SCHEMAS / ("%s.schema.json" % name)).read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def fits(name, result):
    doc = result.to_dict()
    errors = sorted(validator(name).iter_errors(doc), key=str)
    assert not errors, "%s: %s" % (errors[0].message, doc)
    # json.dumps goes through to_dict: the dict is plain JSON.
    assert json.loads(json.dumps(doc)) == doc


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


@pytest.mark.parametrize("case", cases("field"))
def test_field_reports_fit(case):
    value = value_of(case)
    for lang in ("en", "zh"):
        fits("report", ip.check(case["provider"], operation=case["operation"], profile=case["profile"], lang=lang, **{case["field"]: value}))
    [batched] = ip.check_many(case["provider"], case["field"], [value], operation=case["operation"], profile=case["profile"])
    fits("report", batched)


@pytest.mark.parametrize("case", cases("share"))
def test_share_results_fit(case):
    image = image_of(case["image"])
    c = case["change"]
    result = ip.share(case["provider"], image=image, add=accounts(c.get("add")), remove=accounts(c.get("remove")), profile=case["profile"])
    fits("share", result)
    assert result.to_dict()["provider"] == case["provider"]


@pytest.mark.parametrize("case", cases("plan"))
def test_plan_results_fit(case):
    result = ip.plan_share(case["provider"], image=image_of(case["image"]), desired=accounts(case["desired"]), profile=case["profile"])
    fits("plan", result)
    assert result.to_dict()["shared_with"] == sorted(accounts(case["image"].get("shared_with")))


@pytest.mark.parametrize("case", cases("delete"))
def test_delete_results_fit(case):
    fits("delete", ip.check_delete(case["provider"], image_of(case["image"])))


def test_a_wrong_answer_does_not_fit():
    doc = ip.check("alibaba", name="x").to_dict()
    doc["provider"] = "azure"
    assert list(validator("report").iter_errors(doc))


def test_the_image_is_given_once():
    image = ip.Image(owner="1000000000000001")
    assert ip.share("alibaba", image=image, add=["1000000000000002"]).valid
    with pytest.raises(TypeError, match="give the image once"):
        ip.share("alibaba", image=image, owner="1", add=["2"])
    with pytest.raises(TypeError, match="image=Image"):
        ip.share("alibaba", add=["2"])
