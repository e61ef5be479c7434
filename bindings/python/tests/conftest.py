import json
import os
from pathlib import Path

VECTORS = Path(os.environ.get("IMAGE_PREFLIGHT_VECTORS", Path(__file__).resolve().parents[3] / "tests" / "vectors"))


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
