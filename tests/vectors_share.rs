//! Runs every share, request, delete and plan case in tests/vectors through the Rust API.

mod common;

use image_preflight::{
    AttributeChange, Field, Lang, Operation, Profile, Provider, Report, ShareChange, apply,
    check_delete, export, plan, validate_request, validate_request_for,
};
use serde_json::Value;

fn violations(report: &Report) -> Vec<Value> {
    let json = export::report_json(report, Lang::En).to_string();
    serde_json::from_str::<Value>(&json).unwrap()["violations"]
        .as_array()
        .unwrap()
        .clone()
}

fn run(kind: &str, mut one: impl FnMut(&str, &Value) -> Result<(), String>) {
    let cases = common::cases(kind);
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(file, case)| {
            one(&format!("{file}:{}", case["id"].as_str().unwrap()), case).err()
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

fn parse<T: std::str::FromStr>(case: &Value, key: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    case[key].as_str().unwrap().parse().unwrap()
}

#[test]
fn every_share_vector_passes() {
    run("share", |id, case| {
        let p: Provider = parse(case, "provider");
        let profile: Profile = parse(case, "profile");
        let facts = common::facts(p, &case["image"]);
        let change = ShareChange::lists(
            common::accounts(&case["change"]["add"]),
            common::accounts(&case["change"]["remove"]),
        );
        let before = facts.clone();
        match apply(&facts, &change, profile) {
            Ok(after) => {
                common::compare(id, &case["expect"], &[])?;
                if let Some(want) = case.get("shared_with_after") {
                    let mut want = common::accounts(want);
                    want.sort();
                    let got: Vec<_> = after.shared_with().iter().cloned().collect();
                    if got != want {
                        return Err(format!(
                            "{id}: shared_with after {got:?}, expected {want:?}"
                        ));
                    }
                }
                Ok(())
            }
            Err(found) => {
                assert_eq!(facts, before, "{id}: a refused change touched the facts");
                common::compare(id, &case["expect"], &violations(&found.into()))
            }
        }
    });
}

#[test]
fn every_request_vector_passes() {
    run("request", |id, case| {
        let p: Provider = parse(case, "provider");
        let op: Operation = parse(case, "operation");
        let profile: Profile = parse(case, "profile");
        let r = &case["request"];
        // Every field key is the field's own key: the list follows Field::ALL.
        let mut change = AttributeChange {
            deprecated: r.get("deprecated").and_then(Value::as_bool),
            ..AttributeChange::default()
        };
        for field in Field::ALL {
            let value = r.get(field.key()).and_then(Value::as_str);
            change.set(*field, value);
        }
        let report = match case.get("image") {
            Some(image) => validate_request_for(&common::facts(p, image), profile, &change),
            None => validate_request(p, op, profile, &change),
        };
        common::compare(id, &case["expect"], &violations(&report))
    });
}

#[test]
fn every_delete_vector_passes() {
    run("delete", |id, case| {
        let p: Provider = parse(case, "provider");
        let report = check_delete(&common::facts(p, &case["image"]));
        common::compare(id, &case["expect"], &violations(&report))
    });
}

#[test]
fn every_plan_vector_passes() {
    run("plan", |id, case| {
        let p: Provider = parse(case, "provider");
        let profile: Profile = parse(case, "profile");
        let facts = common::facts(p, &case["image"]);
        let desired = common::accounts(&case["desired"]);
        match plan(&facts, &desired, profile) {
            Err(found) => common::compare(id, &case["expect"], &violations(&found.into())),
            Ok(requests) => {
                common::compare(id, &case["expect"], &[])?;
                let shaped: Vec<Value> = requests
                    .iter()
                    .map(|r| {
                        serde_json::from_str(&r.to_provider_json(&p.rules().share).to_string())
                            .unwrap()
                    })
                    .collect();
                if let Some(want) = case.get("requests") {
                    if &Value::Array(shaped.clone()) != want {
                        return Err(format!("{id}: requests {shaped:?}, expected {want}"));
                    }
                }
                if let Some(n) = case.get("request_count") {
                    if requests.len() as u64 != n.as_u64().unwrap() {
                        return Err(format!("{id}: {} requests, expected {n}", requests.len()));
                    }
                }
                let mut step = facts.clone();
                for r in &requests {
                    step = apply(&step, r, profile)
                        .map_err(|e| format!("{id}: a planned request is refused: {e:?}"))?;
                }
                let mut want = desired.clone();
                want.sort();
                want.dedup();
                let got: Vec<_> = step.shared_with().iter().cloned().collect();
                if got != want {
                    return Err(format!(
                        "{id}: the plan reaches {} accounts, not the desired {}",
                        got.len(),
                        want.len()
                    ));
                }
                Ok(())
            }
        }
    });
}
