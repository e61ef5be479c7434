#!/usr/bin/env python3
"""Validates JSON documents against docs/schema/<name>.schema.json (draft 2020-12).

Input on stdin, one document a line: `<schema name>\t<json>`. Exits 1 naming the first
documents that do not validate, 2 when the validator is missing (never skips).
Used by the Rust, command-line and C tests; the Python, Go and JS tests validate their own.
"""
import json
import pathlib
import sys

try:
    from jsonschema import Draft202012Validator
except ImportError:  # pragma: no cover - a missing validator must fail, not skip
    sys.exit("tests/schema/validate.py needs the jsonschema package (pip install jsonschema)")

SCHEMAS = pathlib.Path(__file__).resolve().parents[2] / "docs" / "schema"


def validators():
    out = {}
    for path in SCHEMAS.glob("*.schema.json"):
        schema = json.loads(path.read_text())
        Draft202012Validator.check_schema(schema)
        out[path.name.removesuffix(".schema.json")] = Draft202012Validator(schema)
    return out


def main():
    known = validators()
    bad = []
    count = 0
    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        name, _, doc = line.partition("\t")
        if name not in known:
            bad.append(f"line {n}: no schema {name!r}; known: {', '.join(sorted(known))}")
            continue
        errors = list(known[name].iter_errors(json.loads(doc)))
        count += 1
        if errors:
            bad.append(f"line {n} ({name}): {errors[0].message} at {list(errors[0].absolute_path)}: {doc[:300]}")
    if bad:
        print("\n".join(bad[:10]), file=sys.stderr)
        sys.exit(1)
    if count == 0:
        sys.exit("tests/schema/validate.py: no document was given")
    print(f"{count} documents valid")


if __name__ == "__main__":
    main()
