#!/usr/bin/env python3
"""Reads the request models of the image operations out of each provider's official Python SDK
and writes rules-audit/<provider>.json: every request parameter with its documented text, the
values and lengths that text states, and the error codes the SDK publishes.

Run by scripts/audit-rules.sh inside a throwaway virtual environment that holds the SDKs. The
output is sorted and holds no dates or paths, so the same SDK versions give the same bytes.
"""

import importlib
import importlib.metadata
import inspect
import json
import re
import sys
from pathlib import Path

# The operations the rule tables cover, per provider: (library operation, API action).
OPERATIONS = {
    "tencent": [
        ("modify", "ModifyImageAttribute"),
        ("create", "CreateImage"),
        ("copy", "SyncImages"),
        ("import", "ImportImage"),
        ("share", "ModifyImageSharePermission"),
        ("delete", "DeleteImages"),
    ],
    "alibaba": [
        ("modify", "ModifyImageAttribute"),
        ("create", "CreateImage"),
        ("copy", "CopyImage"),
        ("import", "ImportImage"),
        ("share", "ModifyImageSharePermission"),
        ("delete", "DeleteImage"),
    ],
    "volcengine": [
        ("modify", "ModifyImageAttribute"),
        ("create", "CreateImage"),
        ("copy", "CopyImage"),
        ("import", "ImportImage"),
        ("share", "ModifyImageSharePermission"),
        ("delete", "DeleteImages"),
    ],
}

# The distribution whose version is recorded, per provider.
SDK = {
    "tencent": "tencentcloud-sdk-python-cvm",
    "alibaba": "alibabacloud-ecs20140526",
    "volcengine": "volcenginesdk-ecs",
}


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


# --- what a text states -------------------------------------------------------------------

TOKEN = r"[A-Za-z0-9][A-Za-z0-9_.\- ]*?"


def values_stated(text):
    """The values a parameter text lists as the ones it takes, in the order given, or []."""
    lines = [l.strip() for l in text.splitlines()]
    found = []
    for i, line in enumerate(lines):
        # "取值范围：`x86_64` 、`i386`" / "Valid values: `a`, `b`": backticked values on the line.
        marker = re.search(r"(取值范围|可选值|Valid values|valid values)", line)
        if not marker:
            continue
        rest = line[marker.end():]
        ticked = re.findall(r"`([^`]+)`", rest)
        if ticked:
            found = ticked
            break
        # Otherwise one value a line: "- BIOS: ...", "*   UEFI", "TencentCloud: ...".
        for follow in lines[i + 1:]:
            if not follow:
                if found:
                    break
                continue
            m = re.match(r"^(?:[-*]\s+|<li>)?`?(" + TOKEN + r")`?\s*(?:[:：(（]|\.(?:\s|$)|$)", follow)
            if not m or follow.startswith(("默认值", "Default value", ">", "<")):
                break
            found.append(m.group(1).strip())
        break
    if not found:
        # A list with no heading: two or more lines "- value: what it means".
        listed = [re.match(r"^- `?([A-Za-z0-9][A-Za-z0-9_.-]*)`?\s*[:：]", l) for l in lines]
        listed = [m.group(1) for m in listed if m]
        if len(listed) >= 2:
            found = listed
    if not found:
        m = re.search(r"only ([A-Za-z0-9_-]+) is supported", text)
        if m:
            found = [m.group(1)]
    return found


def lengths_stated(text):
    """(least, greatest) length in characters the text states, each None where it states none."""
    m = re.search(r"(\d+) to (\d+) characters", text)
    if m:
        return int(m.group(1)), int(m.group(2))
    m = re.search(r"(?:最多支持|不得超过|不超过|最多|最大长度为?)\s*(\d+)\s*个?字符", text)
    if m:
        return None, int(m.group(1))
    m = re.search(r"(?:cannot exceed|at most|up to) (\d+) characters", text)
    if m:
        return None, int(m.group(1))
    return None, None


def param(name, typ, required, text):
    least, greatest = lengths_stated(text)
    out = {"name": name, "type": typ, "required": required, "text": text.strip()}
    out["values"] = values_stated(text)
    out["min_chars"] = least
    out["max_chars"] = greatest
    return out


# --- Tencent: AbstractModel classes with ':param _X:' docstrings --------------------------


def tencent(action):
    models = importlib.import_module("tencentcloud.cvm.v20170312.models")
    cls = getattr(models, action + "Request")
    doc = inspect.getdoc(cls.__init__) or ""
    params = []
    for m in re.finditer(
        r":param _(\w+):(.*?):type \1:[ \t]*([^\n]+)", doc, re.S
    ):
        name, text, typ = m.group(1), m.group(2), m.group(3).strip()
        # The SDK marks no parameter as required; the text says so where it matters.
        params.append(param(name, typ, None, text))
    return cls.__name__, params


def tencent_action_text(action):
    client = importlib.import_module("tencentcloud.cvm.v20170312.cvm_client")
    doc = inspect.getdoc(getattr(client.CvmClient, action)) or ""
    return doc.split(":param request:")[0].strip()


def tencent_errors():
    codes = importlib.import_module("tencentcloud.cvm.v20170312.errorcodes")
    return sorted(v for k, v in vars(codes).items() if k.isupper() and isinstance(v, str))


# --- Alibaba: Tea/Dara models whose __init__ comments document each attribute -------------


def alibaba_model(cls, prefix=""):
    src = inspect.getsource(cls)
    keys = dict(
        (attr, key)
        for key, attr in re.findall(r"result\['(\w+)'\] = (?:\[\]\s*\n\s*if )?self\.(\w+)", src)
    )
    init = inspect.getsource(cls.__init__)
    hints = dict(re.findall(r"^\s+(\w+): ([^=]+?) = None,$", init, re.M))
    params = []
    comment = []
    for line in init.splitlines():
        s = line.strip()
        if s.startswith("#"):
            comment.append(s[1:].strip() if len(s) > 1 else "")
            continue
        m = re.match(r"self\.(\w+) = \1$", s)
        if m and m.group(1) in keys:
            attr = m.group(1)
            text = "\n".join(comment)
            typ = hints.get(attr, "").strip()
            nested = re.fullmatch(r"main_models\.(\w+)", typ)
            if nested:
                models = importlib.import_module("alibabacloud_ecs20140526.models")
                params += alibaba_model(getattr(models, nested.group(1)), prefix + keys[attr] + ".")
            else:
                required = "This parameter is required." in text
                params.append(param(prefix + keys[attr], typ, required, text))
        comment = []
    return params


def alibaba(action):
    models = importlib.import_module("alibabacloud_ecs20140526.models")
    cls = getattr(models, action + "Request")
    return cls.__name__, alibaba_model(cls)


# --- Volcengine: swagger models, with types and required-ness but no texts ----------------


def volcengine(action):
    models = importlib.import_module("volcenginesdkecs.models")
    cls = getattr(models, action + "Request")
    src = inspect.getsource(cls)
    params = []
    for attr, key in cls.attribute_map.items():
        required = f"Invalid value for `{attr}`, must not be `None`" in src
        setter = getattr(cls, attr).fset
        text = inspect.getsource(setter)
        allowed = re.search(r"allowed_values = \[(.*?)\]", text)
        p = param(key, cls.swagger_types[attr], required, "")
        if allowed:
            p["values"] = re.findall(r'"([^"]+)"', allowed.group(1))
        longest = re.search(r"len\(\w+\) > (\d+)", text)
        if longest:
            p["max_chars"] = int(longest.group(1))
        shortest = re.search(r"len\(\w+\) < (\d+)", text)
        if shortest:
            p["min_chars"] = int(shortest.group(1))
        params.append(p)
    return cls.__name__, params


READERS = {"tencent": tencent, "alibaba": alibaba, "volcengine": volcengine}


def extract(provider):
    out = {
        "provider": provider,
        "sdk": {"package": SDK[provider], "version": importlib.metadata.version(SDK[provider])},
        "operations": [],
    }
    if provider == "tencent":
        out["sdk"]["error_codes"] = "tencentcloud/cvm/v20170312/errorcodes.py (the whole service)"
        out["service_error_codes"] = tencent_errors()
    else:
        out["sdk"]["error_codes"] = None
        out["service_error_codes"] = []
    for operation, action in OPERATIONS[provider]:
        model, params = READERS[provider](action)
        out["operations"].append(
            {
                "operation": operation,
                "action": action,
                "model": model,
                "parameters": sorted(params, key=lambda p: p["name"]),
                # No SDK publishes errors per action; the service list above is what there is.
                "error_codes": None,
                # What the SDK says of the action itself (Tencent's client docstrings).
                "text": tencent_action_text(action) if provider == "tencent" else "",
            }
        )
    return out


def main():
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    for provider in READERS:
        data = extract(provider)
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        (target / f"{provider}.json").write_text(text, encoding="utf-8")
        n = sum(len(o["parameters"]) for o in data["operations"])
        print(f"{provider}: {data['sdk']['package']} {data['sdk']['version']}, {n} parameters")


if __name__ == "__main__":
    main()
