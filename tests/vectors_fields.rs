//! Runs every field case in tests/vectors through the Rust API.

mod common;

use image_preflight::{Field, Lang, Operation, Profile, Provider, export, is_valid, validate};

#[test]
fn every_field_vector_passes() {
    let mut failures = Vec::new();
    let cases = common::cases("field");
    for (file, case) in &cases {
        let id = format!("{file}:{}", case["id"].as_str().unwrap());
        let p: Provider = case["provider"].as_str().unwrap().parse().unwrap();
        let op: Operation = case["operation"].as_str().unwrap().parse().unwrap();
        let f: Field = case["field"].as_str().unwrap().parse().unwrap();
        let pr: Profile = case["profile"].as_str().unwrap().parse().unwrap();
        let value = common::value_of(case, "value");
        let report = validate(p, op, f, &value, pr);
        let json = export::report_json(&report, Lang::En).to_string();
        let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
        let got = parsed["violations"].as_array().unwrap();
        if let Err(e) = common::compare(&id, &case["expect"], got) {
            failures.push(e);
        }
        assert_eq!(parsed["valid"], got.is_empty(), "{id}");
        assert_eq!(
            is_valid(p, op, f, &value, pr),
            report.is_valid(),
            "{id}: is_valid disagrees with validate"
        );
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
