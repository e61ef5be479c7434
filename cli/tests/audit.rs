//! The rule tables against the providers' SDK models (rules-audit/), offline. See
//! cli/src/audit.rs for what is compared; scripts/audit-rules.sh rewrites the extracts.

use image_preflight::rules::Provider;
use image_preflight_cli::audit::{DECISIONS, EXTRACTS, audit, committed};
use serde_json::{Value, json};

#[test]
fn the_tables_agree_with_the_sdk_models() {
    let mut findings = Vec::new();
    for (_, a) in committed() {
        findings.extend(a.findings);
    }
    assert!(
        findings.is_empty(),
        "{} disagreements between src/rules and rules-audit/:\n{}",
        findings.len(),
        findings.join("\n")
    );
}

/// The findings of `provider`'s audit once `alter` has changed its committed extract.
fn altered(provider: Provider, alter: impl FnOnce(&mut Value)) -> Vec<String> {
    let text = EXTRACTS.iter().find(|(p, _)| *p == provider).unwrap().1;
    let mut extract: Value = serde_json::from_str(text).unwrap();
    alter(&mut extract);
    audit(provider, &extract.to_string(), DECISIONS).findings
}

fn parameter<'v>(extract: &'v mut Value, action: &str, name: &str) -> &'v mut Value {
    let op = extract["operations"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|o| o["action"] == action)
        .unwrap();
    op["parameters"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["name"] == name)
        .unwrap()
}

#[test]
fn a_changed_value_list_fails_with_both_lists() {
    let findings = altered(Provider::Alibaba, |e| {
        parameter(e, "ModifyImageAttribute", "BootMode")["values"] = json!(["BIOS", "UEFI"]);
    });
    assert_eq!(
        findings,
        [
            "alibaba ModifyImageAttribute: BootMode: the table takes [\"BIOS\", \"UEFI\", \"UEFI-Preferred\"], the SDK's text states [\"BIOS\", \"UEFI\"]"
        ]
    );
}

#[test]
fn a_changed_length_fails() {
    let findings = altered(Provider::Tencent, |e| {
        parameter(e, "CreateImage", "ImageName")["max_chars"] = json!(128);
    });
    assert_eq!(
        findings,
        [
            "tencent CreateImage: ImageName: the table's greatest length is Some(60), the SDK's text says 128"
        ]
    );
}

#[test]
fn a_field_judged_where_the_model_lacks_it_fails() {
    let findings = altered(Provider::Alibaba, |e| {
        let op = e["operations"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|o| o["action"] == "CreateImage")
            .unwrap();
        op["parameters"]
            .as_array_mut()
            .unwrap()
            .retain(|p| p["name"] != "ImageFamily");
    });
    assert_eq!(
        findings,
        [
            "alibaba CreateImage: `family` is judged as ImageFamily, but the SDK model has no such parameter"
        ]
    );
}

#[test]
fn a_new_parameter_must_be_judged_or_explained() {
    let findings = altered(Provider::Volcengine, |e| {
        let op = e["operations"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|o| o["action"] == "CreateImage")
            .unwrap();
        op["parameters"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "BootMode", "values": [], "text": ""}));
    });
    assert_eq!(
        findings,
        ["volcengine CreateImage: BootMode is neither judged nor listed as not judged"]
    );
}

#[test]
fn a_code_the_sdk_no_longer_publishes_fails() {
    let findings = altered(Provider::Tencent, |e| {
        e["service_error_codes"]
            .as_array_mut()
            .unwrap()
            .retain(|c| c != "InvalidImageId.InShared");
    });
    assert_eq!(
        findings,
        [
            "tencent DeleteImages: `InvalidImageId.InShared` is not in the SDK's published codes and decisions.json names no public source"
        ]
    );
}
