//! Reading `tests/vectors/*.json` (format: tests/vectors/README.md).

#![allow(dead_code)]

use serde_json::Value;
use std::path::PathBuf;

pub fn vector_files() -> Vec<(String, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/vectors exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let v: Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.file_name().unwrap().to_string_lossy().into_owned(), v)
        })
        .collect()
}

/// Every case of the given kind, with its file name.
pub fn cases(kind: &str) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (file, doc) in vector_files() {
        if doc["kind"] == kind {
            for c in doc["cases"].as_array().unwrap() {
                out.push((file.clone(), c.clone()));
            }
        }
    }
    assert!(!out.is_empty(), "no {kind} vectors");
    out
}

/// A case's value: `value`, or the concatenation of `value_parts` (`[text, times]` pairs).
pub fn value_of(case: &Value, key: &str) -> String {
    if let Some(v) = case.get(key).and_then(Value::as_str) {
        return v.to_owned();
    }
    let parts = case
        .get(format!("{key}_parts"))
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("case {} has no {key}", case["id"]));
    parts
        .iter()
        .map(|p| {
            p[0].as_str()
                .unwrap()
                .repeat(p[1].as_u64().unwrap() as usize)
        })
        .collect()
}

/// Checks `actual` (violations as JSON, in the order reported) against a case's `expect`.
/// Every expected key must match; `code`, `provider_code` and `http_status` are always given.
pub fn compare(id: &str, expect: &Value, actual: &[Value]) -> Result<(), String> {
    let expect = expect.as_array().unwrap();
    let codes = |vs: &[Value]| {
        vs.iter()
            .map(|v| v["code"].as_str().unwrap_or("?").to_owned())
            .collect::<Vec<_>>()
    };
    if expect.len() != actual.len() {
        return Err(format!(
            "{id}: expected {:?}, got {:?}",
            codes(expect),
            codes(actual)
        ));
    }
    for (i, (e, a)) in expect.iter().zip(actual).enumerate() {
        for (k, ev) in e.as_object().unwrap() {
            if k == "span" {
                for (sk, sv) in ev.as_object().unwrap() {
                    if &a["span"][sk] != sv {
                        return Err(format!(
                            "{id}: violation {i} span.{sk}: expected {sv}, got {}",
                            a["span"][sk]
                        ));
                    }
                }
            } else if &a[k] != ev {
                return Err(format!(
                    "{id}: violation {i} {k}: expected {ev}, got {} in {a}",
                    a[k]
                ));
            }
        }
    }
    Ok(())
}

/// An account list: a JSON array of strings, or `{"range": [start, count]}` for the ids
/// `start`, `start + 1`, ... as decimal strings.
pub fn accounts(v: &Value) -> Vec<String> {
    match v {
        Value::Null => Vec::new(),
        Value::Array(items) => items
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect(),
        Value::Object(o) => {
            let r = o["range"].as_array().unwrap();
            let (start, count) = (r[0].as_u64().unwrap(), r[1].as_u64().unwrap());
            (start..start + count).map(|n| n.to_string()).collect()
        }
        other => panic!("not an account list: {other}"),
    }
}

/// The image facts of a case's `image` object.
pub fn facts(provider: image_preflight::Provider, image: &Value) -> image_preflight::ImageFacts {
    let mut f = image_preflight::ImageFacts::new(provider, image["owner"].as_str().unwrap());
    if let Some(s) = image.get("state").and_then(Value::as_str) {
        f.set_state(s).unwrap();
    }
    if let Some(k) = image.get("kind").and_then(Value::as_str) {
        f.kind = k.parse().unwrap();
    }
    let flag = |k: &str| image.get(k).and_then(Value::as_bool).unwrap_or(false);
    f.encrypted = flag("encrypted");
    f.customer_key = flag("customer_key");
    f.byol = flag("byol");
    f.deprecated = flag("deprecated");
    f.with_shared_with(accounts(image.get("shared_with").unwrap_or(&Value::Null)))
}
