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
