//! The rule export (`rules --format json`, `ipf_rules_json`, Python/Go/JS `rules()`) carries
//! every rule of the tables, the rules between two fields and whose key an encrypted image
//! may be shared with included.

use image_preflight::{Profile, Provider, export};
use serde_json::{Value, json};

fn exported(p: Provider) -> Value {
    serde_json::from_str(&export::rules_json(Some(p), Profile::Latest).to_string()).unwrap()
}

#[test]
fn every_cross_field_rule_is_exported() {
    for p in Provider::ALL {
        let rules = p.rules();
        let cross = exported(*p)[p.key()]["cross"].clone();
        let cross = cross.as_array().expect("cross is a list");
        assert_eq!(cross.len(), rules.cross.len(), "{p:?}");
        for (json, rule) in cross.iter().zip(rules.cross) {
            let ops: Vec<&str> = rule.operations.iter().map(|o| o.key()).collect();
            assert_eq!(json["operations"], json!(ops));
            assert_eq!(json["when"], rule.when.key());
            assert_eq!(json["is"], json!(rule.is));
            assert_eq!(json["then"], rule.then.key());
            assert_eq!(json["must_be"], json!(rule.must_be));
            assert_eq!(
                json["refusal"]["provider_code"],
                rule.refusal.provider_code.map_or(
                    Value::Null,
                    |c| json!({"code": c.code, "http_status": c.http_status})
                )
            );
            assert_eq!(json["source"]["document"], rule.source.document);
        }
    }
}

#[test]
fn alibaba_import_arm64_takes_only_uefi_in_the_export() {
    let v = exported(Provider::Alibaba);
    assert_eq!(
        v["alibaba"]["cross"][0]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(k, _)| *k != "source")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<serde_json::Map<_, _>>(),
        json!({
            "operations": ["import"],
            "when": "architecture",
            "is": ["arm64"],
            "then": "boot_mode",
            "must_be": ["UEFI"],
            "refusal": {"provider_code": null},
        })
        .as_object()
        .unwrap()
        .clone()
    );
}

#[test]
fn whose_key_an_encrypted_image_may_be_shared_with_is_exported() {
    let v = exported(Provider::Alibaba);
    let share = &v["alibaba"]["share"];
    assert_eq!(
        share["encrypted_customer_key"],
        Value::Null,
        "Alibaba shares it"
    );
    assert_eq!(
        share["encrypted"]["provider_code"],
        json!({"code": "InvalidOperation.ServiceKeyEncryptedImageUnsupported", "http_status": 403})
    );
    let v = exported(Provider::Tencent);
    assert_eq!(
        v["tencent"]["share"]["encrypted_customer_key"]["provider_code"]["code"],
        "UnsupportedOperation.EncryptedImagesNotSupported"
    );
}
