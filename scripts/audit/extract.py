#!/usr/bin/env python3
"""Reads the request models of the image operations out of each provider's official Python SDK
(for AWS, the EC2 API model botocore ships; for Google Compute Engine, the discovery document
google-api-python-client ships) and writes rules-audit/<provider>.json: every request parameter
with its documented text, the values, lengths and patterns the model states, and the error
codes the SDK publishes.

Run by scripts/audit-rules.sh inside a throwaway virtual environment that holds the SDKs. The
output is sorted and holds no dates or paths, so the same SDK versions give the same bytes.
"""

import gzip
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
    # ModifyImageAttribute is also the share call (LaunchPermission); RegisterImage takes the
    # same Name and Description shapes as CreateImage and is judged with its rules.
    "aws": [
        ("modify", "ModifyImageAttribute"),
        ("create", "CreateImage"),
        ("create", "RegisterImage"),
        ("copy", "CopyImage"),
        ("import", "ImportImage"),
        ("delete", "DeregisterImage"),
    ],
    # Every operation but modify is images.insert (from a disk, an image or a file).
    "gcp": [
        ("modify", "images.patch"),
        ("create", "images.insert"),
        ("copy", "images.insert"),
        ("import", "images.insert"),
    ],
}

# The distribution whose version is recorded, per provider.
SDK = {
    "tencent": "tencentcloud-sdk-python-cvm",
    "alibaba": "alibabacloud-ecs20140526",
    "volcengine": "volcenginesdk-ecs",
    "aws": "botocore",
    "gcp": "google-api-python-client",
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


# --- AWS: the EC2 API model (botocore/data/ec2/2016-11-15/service-2.json[.gz]) -------------

# Structures read member by member, in the query API's spelling (LaunchPermission.Add.N.UserId):
# their items name the principals the share check judges. Other structures stay whole.
AWS_EXPAND = {"LaunchPermission"}


def botocore_model(service, version):
    base = Path(importlib.import_module("botocore").__file__).parent / "data" / service / version
    for name in ("service-2.json.gz", "service-2.json"):
        path = base / name
        if path.exists():
            raw = path.read_bytes()
            if name.endswith(".gz"):
                raw = gzip.decompress(raw)
            return json.loads(raw)
    raise SystemExit(f"botocore has no model for {service} {version}")


def plain(html):
    text = re.sub(r"<[^>]+>", " ", html or "")
    return re.sub(r"\s+", " ", text).strip()


def aws_values(shape, text):
    if "enum" in shape:
        return list(shape["enum"])
    m = re.search(r"Valid values: ([\w.-]+(?: \| [\w.-]+)*)", text)
    return m.group(1).split(" | ") if m else []


def aws_chars(text):
    """The characters a 'Constraints: 3-128 alphanumeric characters, parentheses (()), ...' text
    names besides letters and digits, in the order given, or None where it names none."""
    m = re.search(r"alphanumeric characters(.*)", text)
    if not m:
        return None
    return "".join(re.findall(r"\((\(\)|[^()]+)\)", m.group(1)))


def aws_param(shapes, name, ref, required, prefix=""):
    shape = shapes[ref["shape"]]
    text = plain(ref.get("documentation", ""))
    if shape["type"] == "structure" and prefix + name in AWS_EXPAND:
        return [
            q
            for member, mref in shape["members"].items()
            for q in aws_param(shapes, member, mref, member in shape.get("required", []), prefix + name + ".")
        ]
    if shape["type"] == "list" and prefix.rstrip(".") in AWS_EXPAND:
        item = shapes[shape["member"]["shape"]]
        return [
            q
            for member, mref in item["members"].items()
            for q in aws_param(shapes, member, mref, False, prefix + name + ".N.")
        ]
    out = {
        "name": prefix + name,
        "type": ref["shape"] if shape["type"] in ("structure", "list") else shape["type"],
        "required": required,
        "text": text,
        "values": aws_values(shape, text),
        "min_chars": shape.get("min") if shape["type"] == "string" else None,
        "max_chars": shape.get("max") if shape["type"] == "string" else None,
        "pattern": shape.get("pattern"),
        "chars": aws_chars(text),
    }
    return [out]


def aws(action):
    model = botocore_model("ec2", "2016-11-15")
    shapes = model["shapes"]
    name = model["operations"][action]["input"]["shape"]
    shape = shapes[name]
    params = []
    for member, ref in shape["members"].items():
        params += aws_param(shapes, member, ref, member in shape.get("required", []))
    return name, params


def aws_principals():
    """The forms of the ids a launch permission names, from the Organizations model (EC2's
    LaunchPermission members are plain strings)."""
    org = botocore_model("organizations", "2016-11-28")["shapes"]
    ec2 = botocore_model("ec2", "2016-11-15")["shapes"]
    return {
        "UserId": {"pattern": org["AccountId"]["pattern"], "from": "organizations AccountId"},
        "Group": {"values": ec2["PermissionGroup"]["enum"], "from": "ec2 PermissionGroup"},
        "OrganizationArn": {"pattern": org["OrganizationArn"]["pattern"], "from": "organizations OrganizationArn"},
        "OrganizationalUnitArn": {
            "pattern": org["OrganizationalUnitArn"]["pattern"],
            "from": "organizations OrganizationalUnitArn",
        },
    }


def aws_states():
    return botocore_model("ec2", "2016-11-15")["shapes"]["ImageState"]["enum"]


# --- Google Compute Engine: the discovery document compute.v1.json -------------------------


def discovery():
    base = Path(importlib.import_module("googleapiclient").__file__).parent
    path = base / "discovery_cache" / "documents" / "compute.v1.json"
    return json.loads(path.read_text(encoding="utf-8"))


def gcp_lengths(text):
    m = re.search(r"must be (\d+)-(\d+) characters long", text)
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)


def gcp(action):
    doc = discovery()
    method = doc["resources"]["images"]["methods"][action.split(".")[1]]
    image = doc["schemas"]["Image"]["properties"]
    text = method.get("description", "")
    # "Only the following fields can be modified: family, description, deprecation status."
    only = re.search(r"can be modified:\s*(.*?)\.", text, re.S)
    if only:
        said = [re.sub(r"\s+", "", w).lower() for w in only.group(1).split(",")]
        body = {
            k: v
            for k, v in image.items()
            if k.lower() in said or v.get("$ref", "").lower() in said
        }
    else:
        body = {k: v for k, v in image.items() if not v.get("readOnly")}
    name_pattern = image["name"].get("pattern")
    params = []
    for key, prop in body.items():
        ptext = prop.get("description", "")
        least, greatest = gcp_lengths(ptext)
        pattern = prop.get("pattern")
        pattern_from = None
        if pattern is None and "comply with RFC1035" in ptext and key != "name":
            # The name's text spells RFC 1035 out as its pattern; the family's only names it.
            pattern, pattern_from = name_pattern, "name: the text says RFC1035"
        required = method["id"] in prop.get("annotations", {}).get("required", [])
        p = {
            "name": key,
            "type": prop.get("type") or prop.get("$ref"),
            "required": required,
            "text": ptext.strip(),
            "values": [v for v in prop.get("enum", []) if not v.endswith("_UNSPECIFIED")],
            "min_chars": least,
            "max_chars": greatest,
            "pattern": pattern,
        }
        if pattern_from:
            p["pattern_from"] = pattern_from
        params.append(p)
    for key, q in method.get("parameters", {}).items():
        params.append(
            {
                "name": key,
                "type": q.get("type"),
                "required": bool(q.get("required")),
                "text": q.get("description", "").strip(),
                "values": q.get("enum", []),
                "min_chars": None,
                "max_chars": None,
                "pattern": q.get("pattern"),
                "location": q.get("location"),
            }
        )
    return "Image", params


def gcp_action_text(action):
    doc = discovery()
    return doc["resources"]["images"]["methods"][action.split(".")[1]].get("description", "").strip()


READERS = {
    "tencent": tencent,
    "alibaba": alibaba,
    "volcengine": volcengine,
    "aws": aws,
    "gcp": gcp,
}


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
                # What the SDK says of the action itself (Tencent's client docstrings,
                # the discovery document's method descriptions).
                "text": ACTION_TEXT.get(provider, lambda a: "")(action),
            }
        )
    if provider == "aws":
        out["sdk"]["model"] = "botocore/data/ec2/2016-11-15/service-2.json, organizations/2016-11-28"
        out["share_principals"] = aws_principals()
        out["image_states"] = aws_states()
    if provider == "gcp":
        doc = discovery()
        out["sdk"]["model"] = (
            "googleapiclient/discovery_cache/documents/compute.v1.json, revision " + doc["revision"]
        )
        status = doc["schemas"]["Image"]["properties"]["status"]
        out["image_states"] = status["enum"]
    return out


ACTION_TEXT = {"tencent": tencent_action_text, "gcp": gcp_action_text}


def main():
    target = Path(sys.argv[1])
    target.mkdir(parents=True, exist_ok=True)
    # Providers named after the folder: only those (the others' SDKs need not be installed).
    for provider in sys.argv[2:] or READERS:
        data = extract(provider)
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        (target / f"{provider}.json").write_text(text, encoding="utf-8")
        n = sum(len(o["parameters"]) for o in data["operations"])
        print(f"{provider}: {data['sdk']['package']} {data['sdk']['version']}, {n} parameters")


if __name__ == "__main__":
    main()
