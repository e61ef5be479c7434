//! The published JSON shapes (docs/schema/*.schema.json, draft 2020-12) are generated here
//! from the rule tables, so a new provider, code, field or share shape changes them or fails
//! this test until `bash scripts/gen-schemas.sh` rewrites them (`IPF_BLESS_SCHEMAS=1`).
//! Each file stands alone (its `$defs` repeated, not referenced across files) so any
//! validator reads it without a registry.
//!
//! Every face's JSON is validated against these files in its own tests: the command line and
//! the C ABI by `tests/schema/validate.py` (called below and from tests/c), Python by
//! `bindings/python/tests/test_schema.py`, Go by `bindings/go/schema_test.go`, JavaScript by
//! `tests/js/schema.test.mjs`.

mod common;

use image_preflight::rules::ShareShape;
use image_preflight::{
    AttributeChange, Code, Field, Lang, Operation, Profile, Provider, ShareChange, Subject, outcome,
};
use serde_json::{Value, json};
use std::path::PathBuf;

fn keys<T: Copy>(all: &[T], key: impl Fn(T) -> &'static str) -> Value {
    json!(all.iter().map(|&v| key(v)).collect::<Vec<_>>())
}

fn defs() -> Value {
    let uint = json!({"type": "integer", "minimum": 0});
    let opt_uint = json!({"type": ["integer", "null"], "minimum": 0});
    let span_keys = [
        "byte_start",
        "byte_end",
        "char_start",
        "char_end",
        "utf16_start",
        "utf16_end",
        "grapheme_start",
        "grapheme_end",
    ];
    let mut span = serde_json::Map::new();
    for k in span_keys {
        span.insert(k.into(), uint.clone());
    }
    let counts_keys = ["bytes", "chars", "utf16", "graphemes"];
    let mut counts = serde_json::Map::new();
    for k in counts_keys {
        counts.insert(k.into(), uint.clone());
    }
    let text_fields: Vec<&str> = Field::ALL
        .iter()
        .filter(|f| f.is_text())
        .map(|f| f.key())
        .collect();
    let mut requests = Vec::new();
    for p in Provider::ALL {
        let shape = match p.rules().share.shape {
            ShareShape::Permission {
                accounts,
                permission,
                share,
                cancel,
            } => json!({
                "type": "object",
                "properties": {
                    permission: {"enum": [share, cancel]},
                    accounts: {"$ref": "#/$defs/accounts"},
                },
                "required": [permission, accounts],
                "additionalProperties": false,
            }),
            ShareShape::Lists { add, remove } => json!({
                "type": "object",
                "properties": {
                    add: {"$ref": "#/$defs/accounts"},
                    remove: {"$ref": "#/$defs/accounts"},
                },
                "additionalProperties": false,
            }),
        };
        if !requests.contains(&shape) {
            requests.push(shape);
        }
    }
    json!({
        "provider": {"enum": keys(Provider::ALL, Provider::key)},
        "operation": {"enum": keys(Operation::ALL, Operation::key)},
        "profile": {"enum": keys(Profile::ALL, Profile::key)},
        "field": {"enum": keys(Field::ALL, Field::key)},
        "subject": {"enum": keys(Subject::ALL, Subject::key)},
        "code": {"enum": keys(Code::ALL, Code::key)},
        "accounts": {"type": "array", "items": {"type": "string"}},
        "span": {
            "type": "object",
            "properties": span,
            "required": span_keys,
            "additionalProperties": false,
        },
        "counts": {
            "type": "object",
            "properties": counts,
            "required": counts_keys,
            "additionalProperties": false,
        },
        "violation": {
            "type": "object",
            "properties": {
                "field": {"$ref": "#/$defs/subject"},
                "code": {"$ref": "#/$defs/code"},
                "provider_code": {"type": ["string", "null"]},
                "http_status": {"type": ["integer", "null"]},
                "message": {"type": "string"},
                "span": {"oneOf": [{"$ref": "#/$defs/span"}, {"type": "null"}]},
                "limit": opt_uint,
                "actual": opt_uint,
                "found": {"type": ["string", "null"]},
                "index": opt_uint,
                "allowed": {"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]},
            },
            "required": ["field", "code", "provider_code", "http_status", "message", "span",
                "limit", "actual", "found", "index", "allowed"],
            "additionalProperties": false,
        },
        "violations": {"type": "array", "items": {"$ref": "#/$defs/violation"}},
        "counts_by_field": {
            "type": "object",
            "propertyNames": {"enum": text_fields},
            "additionalProperties": {"$ref": "#/$defs/counts"},
        },
        "request": {"anyOf": requests},
    })
}

fn base_url() -> String {
    format!(
        "https://github.com/image-preflight/image-preflight/raw/v{}/docs/schema/",
        env!("CARGO_PKG_VERSION")
    )
}

/// One outcome schema: the report's parts, what was asked, and `extra` properties.
fn outcome(name: &str, title: &str, kinds: &[&str], extra: Value, required: &[&str]) -> Value {
    let mut properties = json!({
        "valid": {"type": "boolean"},
        "violations": {"$ref": "#/$defs/violations"},
        "counts": {"$ref": "#/$defs/counts_by_field"},
        "kind": {"enum": kinds},
        "provider": {"$ref": "#/$defs/provider"},
        "operation": {"$ref": "#/$defs/operation"},
        "field": {"$ref": "#/$defs/field"},
        "profile": {"$ref": "#/$defs/profile"},
    });
    for (k, v) in extra.as_object().unwrap() {
        properties[k] = v.clone();
    }
    let mut req = vec!["valid", "violations", "counts"];
    req.extend_from_slice(required);
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("{}{name}.schema.json", base_url()),
        "title": title,
        "description": format!("image-preflight {} (generated by tests/schema.rs from the rule tables).", env!("CARGO_PKG_VERSION")),
        "type": "object",
        "properties": properties,
        "required": req,
        "additionalProperties": false,
        "$defs": defs(),
    })
}

fn pipeline() -> Value {
    let mut finding = defs()["violation"].clone();
    let props = finding["properties"].as_object_mut().unwrap();
    // In a finding, `field` is the violation's subject and `operation` says what the resource
    // does: an operation key, or "share".
    props.insert("address".into(), json!({"type": "string"}));
    props.insert("type".into(), json!({"type": "string"}));
    props.insert("attribute".into(), json!({"type": "string"}));
    props.insert("operation".into(), json!({"type": "string"}));
    props.insert("value".into(), json!({"type": ["string", "null"]}));
    props.insert("image_id".into(), json!({"type": "string"}));
    // Where the value is in its file (absent for input with no file), and the other resource
    // of a repeat across share resources.
    props.insert("file".into(), json!({"type": "string"}));
    props.insert("line".into(), json!({"type": "integer", "minimum": 1}));
    props.insert("column".into(), json!({"type": "integer", "minimum": 1}));
    props.insert("also".into(), json!({"type": "string"}));
    let req = finding["required"].as_array_mut().unwrap();
    for k in ["address", "type", "attribute", "operation"] {
        req.push(json!(k));
    }
    // Readers add where a finding was read (file, line, column) and the like: open.
    finding
        .as_object_mut()
        .unwrap()
        .remove("additionalProperties");
    let mut defs = defs();
    defs["finding"] = finding;
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": format!("{}pipeline.schema.json", base_url()),
        "title": "image-preflight terraform / packer / request output",
        "$comment": "terraform and packer write `unknown`, `not_read`, `without_settings` and `skipped`; request writes `provider`, `action` and `not_judged`.",
        "description": format!("image-preflight {} (generated by tests/schema.rs from the rule tables). Open to new keys: readers may add more about where a value was read.", env!("CARGO_PKG_VERSION")),
        "type": "object",
        "properties": {
            "valid": {"type": "boolean"},
            "checked": {"type": "integer", "minimum": 0},
            "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
            "unknown": {"type": "array", "items": {
                "type": "object",
                "properties": {
                    "address": {"type": "string"},
                    "attribute": {"type": "string"},
                    "file": {"type": "string"},
                    "line": {"type": "integer", "minimum": 1},
                    "column": {"type": "integer", "minimum": 1},
                },
                "required": ["address", "attribute"],
            }},
            "not_read": {"type": "array", "items": {
                "type": "object",
                "properties": {
                    "address": {"type": "string"},
                    "type": {"type": "string"},
                    "reason": {"type": "string"},
                    "file": {"type": "string"},
                    "line": {"type": "integer", "minimum": 1},
                    "column": {"type": "integer", "minimum": 1},
                },
                "required": ["address", "type", "reason"],
            }},
            "without_settings": {"type": "array", "items": {"type": "string"}},
            "skipped": {"type": "array", "items": {
                "type": "object",
                "properties": {"path": {"type": "string"}, "reason": {"type": "string"}},
                "required": ["path", "reason"],
            }},
            "provider": {"$ref": "#/$defs/provider"},
            "action": {"type": "string"},
            "not_judged": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["valid", "checked", "findings"],
        "$defs": defs,
    })
}

pub fn schemas() -> Vec<(&'static str, Value)> {
    vec![
        (
            "report",
            outcome(
                "report",
                "image-preflight field or request check",
                &["field", "request"],
                json!({}),
                &[],
            ),
        ),
        (
            "share",
            outcome(
                "share",
                "image-preflight share check",
                &["share"],
                json!({"shared_with": {"$ref": "#/$defs/accounts"}, "request": {"$ref": "#/$defs/request"}}),
                &["kind", "provider", "profile", "shared_with", "request"],
            ),
        ),
        (
            "plan",
            outcome(
                "plan",
                "image-preflight share plan",
                &["plan"],
                json!({"shared_with": {"$ref": "#/$defs/accounts"}, "requests": {"type": "array", "items": {"$ref": "#/$defs/request"}}}),
                &["kind", "provider", "profile", "shared_with", "requests"],
            ),
        ),
        (
            "delete",
            outcome(
                "delete",
                "image-preflight delete check",
                &["delete"],
                json!({}),
                &["kind", "provider", "profile"],
            ),
        ),
        ("pipeline", pipeline()),
    ]
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/schema")
}

#[test]
fn checked_in_schemas_are_current() {
    let bless = std::env::var_os("IPF_BLESS_SCHEMAS").is_some();
    for (name, schema) in schemas() {
        let path = dir().join(format!("{name}.schema.json"));
        let fresh = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        if bless {
            std::fs::create_dir_all(dir()).unwrap();
            std::fs::write(&path, &fresh).unwrap();
        }
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            old == fresh,
            "{} is stale: run bash scripts/gen-schemas.sh",
            path.display()
        );
    }
}

/// Runs `tests/schema/validate.py` over `(schema, json)` lines; panics with its complaint.
pub fn validate(docs: &[(&str, String)]) {
    use std::io::Write;
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/schema/validate.py");
    let mut child = std::process::Command::new("python3")
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs (the schema validator needs it and its jsonschema package)");
    {
        let mut stdin = child.stdin.take().unwrap();
        for (name, doc) in docs {
            writeln!(stdin, "{name}\t{doc}").unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn parse<T: std::str::FromStr>(case: &Value, key: &str, default: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    case.get(key)
        .and_then(Value::as_str)
        .unwrap_or(default)
        .parse()
        .unwrap()
}

/// Every shared vector, answered by the outcome layer (what the command line, the C ABI and the
/// WebAssembly boundary print), in both languages, fits its schema.
#[test]
fn every_vector_answer_fits_its_schema() {
    let mut docs = Vec::new();
    for lang in Lang::ALL {
        let mut push = |name, answer: image_preflight::Outcome| {
            docs.push((name, answer.to_json(*lang).to_string()));
        };
        for (_, case) in common::cases("field") {
            let value = common::value_of(&case, "value");
            push(
                "report",
                outcome::field(
                    parse(&case, "provider", ""),
                    parse(&case, "operation", "modify"),
                    parse(&case, "field", ""),
                    &value,
                    parse(&case, "profile", "latest"),
                ),
            );
        }
        for (_, case) in common::cases("request") {
            let p: Provider = parse(&case, "provider", "");
            let r = &case["request"];
            let mut change = AttributeChange {
                deprecated: r.get("deprecated").and_then(Value::as_bool),
                ..AttributeChange::default()
            };
            for f in Field::ALL {
                *change.slot(*f) = r.get(f.key()).and_then(Value::as_str);
            }
            let image = case.get("image").map(|i| common::facts(p, i));
            if let Ok(answer) = outcome::request(
                p,
                parse(&case, "operation", "modify"),
                parse(&case, "profile", "latest"),
                &change,
                image.as_ref(),
            ) {
                push("report", answer);
            }
        }
        for (_, case) in common::cases("share") {
            let p: Provider = parse(&case, "provider", "");
            let c = &case["change"];
            let change =
                ShareChange::lists(common::accounts(&c["add"]), common::accounts(&c["remove"]));
            push(
                "share",
                outcome::share(
                    &common::facts(p, &case["image"]),
                    change,
                    parse(&case, "profile", "latest"),
                ),
            );
        }
        for (_, case) in common::cases("plan") {
            let p: Provider = parse(&case, "provider", "");
            let desired = common::accounts(&case["desired"]);
            push(
                "plan",
                outcome::plan(
                    &common::facts(p, &case["image"]),
                    &desired,
                    parse(&case, "profile", "latest"),
                ),
            );
        }
        for (_, case) in common::cases("delete") {
            let p: Provider = parse(&case, "provider", "");
            push(
                "delete",
                outcome::delete(&common::facts(p, &case["image"]), Profile::Latest),
            );
        }
    }
    assert!(docs.len() > 100, "{} documents", docs.len());
    validate(&docs);
}

/// The schemas refuse what they should: a check the test can fail.
#[test]
#[should_panic(expected = "is not one of")]
fn a_wrong_answer_does_not_fit() {
    validate(&[(
        "report",
        r#"{"valid":true,"violations":[],"counts":{},"provider":"aws"}"#.to_string(),
    )]);
}
