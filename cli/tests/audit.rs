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

/// The committed extract of `provider`.
fn extract_of(provider: Provider) -> &'static str {
    EXTRACTS.iter().find(|(p, _)| *p == provider).unwrap().1
}

/// The findings of `provider`'s audit once `alter` has changed its committed extract.
fn altered(provider: Provider, alter: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut extract: Value = serde_json::from_str(extract_of(provider)).unwrap();
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

#[test]
fn a_changed_gce_pattern_fails_with_the_values_it_changes() {
    // The discovery document starts to allow `_` inside a name.
    let findings = altered(Provider::Gcp, |e| {
        parameter(e, "images.insert", "name")["pattern"] =
            json!("[a-z](?:[-_a-z0-9]{0,61}[a-z0-9])?");
    });
    // (Only the create operation's copy of images.insert was changed.)
    assert_eq!(
        findings,
        [
            "gcp images.insert: name: pattern: the table and the model's pattern [a-z](?:[-_a-z0-9]{0,61}[a-z0-9])? disagree on 1 value(s): \"aa_a\" (the table refuses it)"
        ]
    );
}

#[test]
fn a_gce_family_judged_where_patch_lacks_it_fails() {
    let findings = altered(Provider::Gcp, |e| {
        let op = e["operations"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|o| o["action"] == "images.patch")
            .unwrap();
        op["parameters"]
            .as_array_mut()
            .unwrap()
            .retain(|p| p["name"] != "family");
    });
    assert_eq!(
        findings,
        ["gcp images.patch: `family` is judged as family, but the SDK model has no such parameter"]
    );
}

#[test]
fn a_changed_ec2_name_text_fails_with_the_characters() {
    // The model's text stops naming the at-sign.
    let findings = altered(Provider::Aws, |e| {
        parameter(e, "CreateImage", "Name")["chars"] = json!("()[] ./-'_");
    });
    assert_eq!(
        findings,
        [
            "aws CreateImage: Name: the table takes \"@\" beyond the model's text and refuses \"\" that it names (letters, digits and \"()[] ./-'_\")"
        ]
    );
}

#[test]
fn a_changed_limit_on_an_action_judged_with_anothers_rules_fails() {
    let findings = altered(Provider::Aws, |e| {
        parameter(e, "RegisterImage", "Name")["max_chars"] = json!(256);
    });
    assert_eq!(
        findings,
        [
            "aws RegisterImage: Name: the table's greatest length is Some(128), the SDK's text says 256"
        ]
    );
}

#[test]
fn a_changed_principal_pattern_or_group_fails() {
    let findings = altered(Provider::Aws, |e| {
        e["share_principals"]["OrganizationalUnitArn"]["pattern"] = json!(
            "^arn:aws:organizations::\\d{12}:ou\\/o-[a-z0-9]{10,32}\\/ou-[0-9a-z]{4,32}-[0-9a-z]{8,40}"
        );
        e["share_principals"]["Group"]["values"] = json!(["all", "organization"]);
    });
    assert_eq!(findings.len(), 2, "{findings:#?}");
    assert_eq!(
        findings[0],
        "aws ModifyImageAttribute: Group (group): the table takes [\"all\"], the model's list is [\"all\", \"organization\"]"
    );
    assert!(
        findings[1].starts_with(
            "aws ModifyImageAttribute: OrganizationalUnitArn (organizational-unit): the table and the model's pattern"
        ) && findings[1].contains("(the table refuses it)"),
        "{findings:#?}"
    );
}

#[test]
fn a_new_image_state_fails() {
    let findings = altered(Provider::Aws, |e| {
        e["image_states"]
            .as_array_mut()
            .unwrap()
            .push(json!("archived"));
    });
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert!(
        findings[0].starts_with("aws: the tables know the image states [")
            && findings[0].ends_with("\"archived\", \"available\", \"deregistered\", \"disabled\", \"error\", \"failed\", \"invalid\", \"pending\", \"transient\"]"),
        "{findings:#?}"
    );
}

#[test]
fn a_parameter_the_call_has_but_the_table_refuses_fails() {
    // RegisterImage has Architecture, but the library's create rows follow CreateImage, which
    // has none: were decisions.json to say it is the library's `architecture`, the refusal
    // would show.
    let mut decisions: Value = serde_json::from_str(DECISIONS).unwrap();
    for d in decisions["not_judged"].as_array_mut().unwrap() {
        if d["provider"] == "aws"
            && d["action"] == "RegisterImage"
            && d["parameter"] == "Architecture"
        {
            d["field"] = json!("architecture");
        }
    }
    let findings = audit(
        Provider::Aws,
        extract_of(Provider::Aws),
        &decisions.to_string(),
    )
    .findings;
    assert_eq!(
        findings,
        [
            "aws RegisterImage: Architecture is the library's `architecture`, which the table refuses on create (NOT_SUPPORTED) though the model has it"
        ]
    );
}

/// An action the tables judge as another (`same_as`: EC2 RegisterImage as CreateImage) must be
/// recorded so in decisions.json with its source, and the other way round.
#[test]
fn an_action_judged_as_another_must_be_recorded_so() {
    let extract = EXTRACTS
        .iter()
        .find(|(p, _)| *p == Provider::Aws)
        .unwrap()
        .1;
    let mut decisions: Value = serde_json::from_str(DECISIONS).unwrap();
    decisions["same_rules"] = json!([]);
    let findings = audit(Provider::Aws, extract, &decisions.to_string()).findings;
    assert!(
        findings.contains(
            &"aws RegisterImage: the tables judge it as CreateImage, decisions.json says nothing"
                .to_string()
        ),
        "{findings:?}"
    );
}

/// The findings of Alibaba's audit against its committed extract once `alter` has changed the
/// committed decisions.
fn with_decisions(alter: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut decisions: Value = serde_json::from_str(DECISIONS).unwrap();
    alter(&mut decisions);
    audit(
        Provider::Alibaba,
        extract_of(Provider::Alibaba),
        &decisions.to_string(),
    )
    .findings
}

#[test]
fn a_value_beyond_the_sdk_needs_its_recorded_source() {
    // latest takes Auto for Alibaba ImportImage LicenseType, which the newest SDK text
    // dropped: without the decision that cites the older text and Terraform, the audit fails.
    let findings = with_decisions(|d| d["values_beyond_sdk"] = json!([]));
    assert_eq!(
        findings,
        [
            "alibaba ImportImage: LicenseType: the table takes [\"Aliyun\", \"Auto\", \"BYOL\"], the SDK's text states [\"Aliyun\", \"BYOL\"]"
        ]
    );
    // A decision that adds a value the table does not take fails too, naming both lists.
    let findings = with_decisions(|d| {
        d["values_beyond_sdk"][0]["values"] = json!(["Auto", "None"]);
    });
    assert_eq!(
        findings,
        [
            "alibaba ImportImage: LicenseType: the table takes [\"Aliyun\", \"Auto\", \"BYOL\"], the SDK's text states [\"Aliyun\", \"BYOL\"] and decisions.json adds [\"Auto\", \"None\"]"
        ]
    );
    // Once the SDK states Auto again, the recorded exception is stale.
    let findings = altered(Provider::Alibaba, |e| {
        parameter(e, "ImportImage", "LicenseType")["values"] = json!(["Auto", "Aliyun", "BYOL"]);
    });
    assert_eq!(
        findings,
        [
            "alibaba ImportImage: LicenseType: the table takes [\"Aliyun\", \"Auto\", \"BYOL\"], the SDK's text states [\"Aliyun\", \"Auto\", \"BYOL\"] and decisions.json adds [\"Auto\"]"
        ]
    );
}
