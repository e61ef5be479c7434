#!/usr/bin/env python3
"""Turns tests/vectors/*.json into a C header of tables, so the C tests run the very cases the
Rust, Python and Go tests run. Enum values are emitted as the header's own names
(IPF_CODE_BAD_START, ...), so a renamed code fails to compile instead of passing silently.

Usage: gen_vectors.py VECTORS_DIR > vectors.h
"""
import glob
import json
import os
import sys


# C99 promises string literals of 4095 bytes only (-Wpedantic's overlength-strings): a longer
# value is emitted as a char array of its own, before the tables, and named where it is used.
MAX_LITERAL = 4095
LONG_VALUES = []


def c_str(text):
    """A C string literal of the UTF-8 bytes of `text`, every byte escaped as octal so no
    trigraph, hex-run or NUL surprises; with its length, since values may hold NUL. A value
    past MAX_LITERAL bytes is a NUL-terminated char array instead (see LONG_VALUES)."""
    data = text.encode("utf-8")
    if len(data) > MAX_LITERAL:
        array = "long_value_%d" % (len(LONG_VALUES) + 1)
        LONG_VALUES.append(
            "static const char %s[] = {%s,0};" % (array, ",".join(str(b) for b in data))
        )
        return array, len(data)
    return '"' + "".join("\\%03o" % b for b in data) + '"', len(data)


def name(prefix, key):
    return prefix + key.upper().replace("-", "_")


def opt_str(value):
    return "NULL" if value is None else c_str(value)[0]


def accounts(value):
    if value is None:
        return []
    if isinstance(value, dict):
        start, count = value["range"]
        return [str(start + i) for i in range(count)]
    return list(value)


def value_of(case):
    if "value" in case:
        return case["value"]
    return "".join(text * times for text, times in case["value_parts"])


# The text fields of ipf_attributes, in its order (`deprecated` sits after the third). The
# struct is frozen at its 0.2.0 layout (docs/c-api.md): later fields exist only as pairs.
FROZEN_ATTRIBUTES = ("name", "description", "family", "boot_mode", "status", "license_type")


class Out:
    def __init__(self):
        self.lines = []
        self.n = 0

    def fresh(self, stem):
        self.n += 1
        return "%s_%d" % (stem, self.n)

    def emit(self, line):
        self.lines.append(line)

    def string_list(self, ids):
        """A static array of ipf_str for an account list; returns (symbol, count)."""
        if not ids:
            return "NULL", 0
        sym = self.fresh("accounts")
        items = ",".join("{%s,%d}" % c_str(i) for i in ids)
        self.emit("static const ipf_str %s[] = {%s};" % (sym, items))
        return sym, len(ids)

    def field_values(self, sent):
        """A static array of ipf_field_value for (field key, value) pairs; returns (symbol, count)."""
        if not sent:
            return "NULL", 0
        sym = self.fresh("fields")
        items = ",".join("{%s,{%s,%d}}" % ((name("IPF_FIELD_", k),) + c_str(v)) for k, v in sent)
        self.emit("static const ipf_field_value %s[] = {%s};" % (sym, items))
        return sym, len(sent)

    def expects(self, expect):
        if not expect:
            return "NULL", 0
        sym = self.fresh("expect")
        rows = []
        for e in expect:
            span = e.get("span", {})
            rows.append(
                "{%s,%s,%d,%s,%d,%d,%d,%d,%d,%d,%d,%d,%s}"
                % (
                    name("IPF_CODE_", e["code"]),
                    opt_str(e.get("provider_code")),
                    e.get("http_status") or 0,
                    name("IPF_SUBJECT_", e["field"]) if "field" in e else "-1",
                    span.get("char_start", -1),
                    span.get("char_end", -1),
                    span.get("byte_start", -1),
                    span.get("utf16_end", -1),
                    span.get("grapheme_end", -1),
                    e.get("limit", -1),
                    e.get("actual", -1),
                    e.get("index", -1),
                    opt_str("|".join(e["allowed"])) if e.get("allowed") is not None else "NULL",
                )
            )
        self.emit("static const expected_violation %s[] = {%s};" % (sym, ",\n  ".join(rows)))
        return sym, len(expect)

    def image(self, img):
        shared, n_shared = self.string_list(accounts(img.get("shared_with")))
        owner = c_str(img["owner"])
        return "{%s,%d,%s,%s,%d,%d,%d,%d,%s,%d}" % (
            owner[0],
            owner[1],
            opt_str(img.get("state")),
            name("IPF_IMAGE_KIND_", img.get("kind", "custom")),
            img.get("encrypted", False),
            img.get("customer_key", False),
            img.get("byol", False),
            img.get("deprecated", False),
            shared,
            n_shared,
        )


def main():
    directory = sys.argv[1]
    docs = []
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        with open(path, encoding="utf-8") as f:
            docs.append(json.load(f))
    out = Out()
    tables = {"field": [], "share": [], "request": [], "delete": [], "plan": []}
    for doc in docs:
        for case in doc["cases"]:
            kind = doc["kind"]
            expect, n_expect = out.expects(case["expect"])
            cid = c_str(case["id"])[0]
            if kind == "field":
                value = c_str(value_of(case))
                tables[kind].append(
                    "{%s,%s,%s,%s,%s,%s,%d,%s,%d}"
                    % (cid, name("IPF_PROVIDER_", case["provider"]), name("IPF_OPERATION_", case["operation"]),
                       name("IPF_FIELD_", case["field"]), name("IPF_PROFILE_", case["profile"]),
                       value[0], value[1], expect, n_expect))
            elif kind == "share":
                add, n_add = out.string_list(accounts(case["change"]["add"]))
                remove, n_remove = out.string_list(accounts(case["change"]["remove"]))
                after = case.get("shared_with_after")
                after_sym, n_after = out.string_list(sorted(accounts(after))) if after is not None else ("NULL", -1)
                tables[kind].append(
                    "{%s,%s,%s,%s,%s,%d,%s,%d,%s,%d,%s,%d}"
                    % (cid, name("IPF_PROVIDER_", case["provider"]), name("IPF_PROFILE_", case["profile"]),
                       out.image(case["image"]), add, n_add, remove, n_remove, expect, n_expect, after_sym, n_after))
            elif kind == "request":
                r = case["request"]
                deprecated = {None: -1, False: 0, True: 1}[r.get("deprecated")]
                # Every field goes as an (ipf_field, value) pair, named by its key, so a new field
                # needs nothing here; the case runs through ipf_validate_request too when it sends
                # only the fields of the frozen 0.2 ipf_attributes.
                sent = [(k, v) for k, v in r.items() if k != "deprecated"]
                pairs, n_pairs = out.field_values(sent)
                frozen = all(k in FROZEN_ATTRIBUTES for k, _ in sent)
                texts = ["{%s,%d}" % c_str(r[k]) if k in r else "{NULL,0}" for k in FROZEN_ATTRIBUTES]
                has_image = "image" in case
                image = out.image(case["image"]) if has_image else "{NULL,0,NULL,0,0,0,0,0,NULL,0}"
                tables[kind].append(
                    "{%s,%s,%s,%s,%s,%d,%d,%d,{%s,%s,%s,%d,%s},%d,%s,%s,%d}"
                    % (cid, name("IPF_PROVIDER_", case["provider"]), name("IPF_OPERATION_", case["operation"]),
                       name("IPF_PROFILE_", case["profile"]), pairs, n_pairs, deprecated, frozen,
                       texts[0], texts[1], texts[2], deprecated, ",".join(texts[3:]), has_image, image,
                       expect, n_expect))
            elif kind == "delete":
                tables[kind].append("{%s,%s,%s,%s,%d}" % (cid, name("IPF_PROVIDER_", case["provider"]),
                                                          out.image(case["image"]), expect, n_expect))
            elif kind == "plan":
                desired = accounts(case["desired"])
                desired_sym, n_desired = out.string_list(desired)
                requests = case.get("requests")
                requests_json = opt_str(json.dumps(requests, separators=(",", ":"), ensure_ascii=False)) if requests is not None else "NULL"
                tables[kind].append(
                    "{%s,%s,%s,%s,%s,%d,%s,%d,%s,%d}"
                    % (cid, name("IPF_PROVIDER_", case["provider"]), name("IPF_PROFILE_", case["profile"]),
                       out.image(case["image"]), desired_sym, n_desired, expect, n_expect, requests_json,
                       case.get("request_count", -1)))
    print("/* Generated by tests/c/gen_vectors.py from tests/vectors; do not edit. */")
    print('#include "vector_types.h"')
    print("\n".join(LONG_VALUES))
    print("\n".join(out.lines))
    for kind, rows in tables.items():
        print("static const %s_case %s_cases[] = {\n  %s\n};" % (kind, kind, ",\n  ".join(rows)))
        print("static const size_t %s_case_count = %d;" % (kind, len(rows)))


if __name__ == "__main__":
    main()
