import json
import os
from pathlib import Path


def _vectors():
    """The shared cases: IMAGE_PREFLIGHT_VECTORS, or tests/vectors of the checkout these tests
    are in (tests run from a copy, as the packaging test does, must name the folder)."""
    if "IMAGE_PREFLIGHT_VECTORS" in os.environ:
        return Path(os.environ["IMAGE_PREFLIGHT_VECTORS"])
    here = Path(__file__).resolve()
    if len(here.parents) > 3 and (here.parents[3] / "tests" / "vectors").is_dir():
        return here.parents[3] / "tests" / "vectors"
    raise RuntimeError("set IMAGE_PREFLIGHT_VECTORS to the repository's tests/vectors folder")


VECTORS = _vectors()


def cases(kind):
    """Every case of one kind in tests/vectors, as pytest parameters named by their ids."""
    import pytest

    out = []
    for path in sorted(VECTORS.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if doc["kind"] == kind:
            out += [pytest.param(c, id=c["id"]) for c in doc["cases"]]
    assert out, "no %s vectors in %s" % (kind, VECTORS)
    return out


def value_of(case, key="value"):
    if key in case:
        return case[key]
    return "".join(text * times for text, times in case[key + "_parts"])


def accounts(value):
    if value is None:
        return []
    if isinstance(value, dict):
        start, count = value["range"]
        return [str(start + i) for i in range(count)]
    return list(value)


def compare(expect, violations):
    """Every key an expected violation gives must match, in the order reported."""
    got = [v.to_dict() for v in violations]
    assert [e["code"] for e in expect] == [g["code"] for g in got], got
    for e, g in zip(expect, got):
        for key, want in e.items():
            if key == "span":
                for k, w in want.items():
                    assert g["span"][k] == w, (key, k, g)
            else:
                assert g[key] == want, (key, g)
