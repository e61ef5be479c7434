//! The command line's contract: flags, exit codes and the JSON shape.

mod common;

use common::{json, run};
use serde_json::Value;

#[test]
fn the_issue_example() {
    let out = run(&[
        "check",
        "--provider",
        "alibaba",
        "--name",
        "1abc",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["valid"], false);
    let first = &v["violations"][0];
    assert_eq!(first["provider_code"], "InvalidImageName.Malformed");
    assert_eq!(first["http_status"], 400);
    assert_eq!(first["field"], "name");
    assert_eq!(first["span"]["char_start"], 0);
    assert_eq!(first["span"]["char_end"], 1);
    assert_eq!(first["span"]["grapheme_end"], 1);
}

#[test]
fn valid_exits_zero() {
    let out = run(&[
        "check",
        "--provider",
        "tencent",
        "--name",
        "web-base",
        "--description",
        "nightly",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["valid"], true);
    assert_eq!(v["violations"].as_array().unwrap().len(), 0);
    assert_eq!(v["counts"]["name"]["chars"], 8);
}

#[test]
fn every_field_and_option_is_taken() {
    let out = run(&[
        "check",
        "--provider",
        "alibaba",
        "--operation",
        "create",
        "--profile",
        "strict",
        "--name",
        "a.b",
        "--description",
        "x",
        "--family",
        "ALIYUN-x",
        "--lang",
        "zh",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let codes: Vec<_> = v["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes, ["BAD_CHAR", "TOO_SHORT", "FORBIDDEN_PREFIX"]);
    assert_eq!(
        v["violations"][1]["message"],
        "镜像描述长度为 1 个字符，至少需要 2 个。"
    );
    assert_eq!(v["profile"], "strict");
}

#[test]
fn text_marks_the_offending_characters() {
    let out = run(&["check", "--provider", "alibaba", "--name", "中文 x"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    // Chinese characters are two columns wide: the marker sits under the space, column 4.
    assert!(text.contains("  中文 x\n      ^\n"), "{text}");
    assert!(
        text.contains("BAD_CHAR [InvalidImageName.Malformed 400]"),
        "{text}"
    );
}

#[test]
fn bad_usage_exits_two_with_a_message() {
    for args in [
        &["check", "--provider", "azure", "--name", "x"][..],
        &["check", "--provider", "alibaba"],
        &[
            "check",
            "--provider",
            "alibaba",
            "--name",
            "x",
            "--profile",
            "loose",
        ],
        &[
            "check",
            "--provider",
            "alibaba",
            "--name",
            "x",
            "--lang",
            "fr",
        ],
        &["frobnicate"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let out = run(&["check", "--provider", "azure", "--name", "x"]);
    // An unknown value is answered with the known ones.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown provider \"azure\""), "{err}");
    let known = format!("known: {}", image_preflight::Provider::KNOWN);
    assert!(err.contains(&known), "{err}");
}

#[test]
fn rules_export_shape() {
    let out = run(&["rules", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    for p in image_preflight::Provider::ALL.iter().map(|p| p.key()) {
        for op in ["modify", "create", "copy", "import"] {
            for f in [
                "name",
                "description",
                "family",
                "boot_mode",
                "status",
                "license_type",
            ] {
                assert!(v[p][op][f].is_object(), "{p} {op} {f}");
            }
        }
    }
    let name = &v["alibaba"]["modify"]["name"];
    assert_eq!(name["minlength"], 2);
    assert_eq!(name["maxlength"], 128);
    assert_eq!(name["empty"], "keep");
    assert_eq!(
        name["provider_codes"]["malformed"]["code"],
        "InvalidImageName.Malformed"
    );
    assert!(
        name["source"]["document"]
            .as_str()
            .unwrap()
            .contains("ModifyImageAttribute: English API reference")
    );
    assert_eq!(
        v["alibaba"]["copy"]["name"]["parameter"],
        "DestinationImageName"
    );
    assert_eq!(
        v["alibaba"]["modify"]["boot_mode"]["one_of"],
        serde_json::json!(["BIOS", "UEFI", "UEFI-Preferred"])
    );
    assert_eq!(
        v["alibaba"]["modify"]["boot_mode"]["pattern"],
        "|BIOS|UEFI|UEFI-Preferred"
    );
    assert_eq!(
        v["alibaba"]["create"]["family"]["provider_codes"]["malformed"]["http_status"],
        400
    );
    assert_eq!(
        v["tencent"]["import"]["license_type"]["parameter"],
        "LicenseType"
    );
    assert_eq!(v["tencent"]["copy"]["description"]["supported"], false);
    assert!(v["alibaba"]["conflicts"].as_array().unwrap().len() >= 4);
    assert_eq!(v["volcengine"]["modify"]["family"]["supported"], false);
    assert_eq!(v["volcengine"]["modify"]["description"]["empty"], "clear");
    assert_eq!(v["tencent"]["modify"]["family"]["maxlength"], Value::Null);

    let strict = json(&run(&[
        "rules",
        "--provider",
        "tencent",
        "--profile",
        "strict",
        "--format",
        "json",
    ]));
    assert_eq!(strict.as_object().unwrap().len(), 1);
    assert_eq!(strict["tencent"]["modify"]["name"]["maxlength"], 20);
    assert_eq!(
        strict["tencent"]["modify"]["family"]["source"]["published"],
        false
    );
}

#[test]
fn share_refuses_eleven_alibaba_accounts_and_keeps_the_set() {
    let add: Vec<String> = (0..11)
        .map(|i| (5000000000000000u64 + i).to_string())
        .collect();
    let out = run(&[
        "share",
        "--provider",
        "alibaba",
        "--owner",
        "1234567890123456",
        "--shared-with",
        "7000000000000000",
        "--add",
        &add.join(","),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["valid"], false);
    assert_eq!(v["violations"][0]["code"], "TOO_MANY_IN_REQUEST");
    assert_eq!(v["violations"][0]["limit"], 10);
    assert_eq!(v["shared_with"], serde_json::json!(["7000000000000000"]));
}

#[test]
fn share_applies_a_valid_change() {
    let out = run(&[
        "share",
        "--provider",
        "tencent",
        "--owner",
        "100000000001",
        "--shared-with",
        "300,200",
        "--add",
        "100",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["shared_with"], serde_json::json!(["100", "200", "300"]));
    assert_eq!(v["request"]["Permission"], "SHARE");

    let out = run(&[
        "share",
        "--provider",
        "tencent",
        "--owner",
        "1",
        "--image-state",
        "SYNCING",
        "--byol",
        "--add",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let codes: Vec<_> = json(&out)["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["provider_code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        codes,
        [
            "InvalidParameterValue.InvalidImageState",
            "FailedOperation.BYOLImageShareFailed",
            "FailedOperation.AccountIsYourSelf"
        ]
    );
}

#[test]
fn share_with_neither_list_is_judged_as_the_provider_would() {
    let out = run(&[
        "share",
        "--provider",
        "volcengine",
        "--owner",
        "2100050000",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json(&out)["violations"][0]["provider_code"],
        "MissingParameter.AddAccountsAndRemoveAccounts"
    );
}

#[test]
fn plan_share_prints_provider_requests() {
    let out = run(&[
        "plan-share",
        "--provider",
        "volcengine",
        "--owner",
        "2100050000",
        "--shared-with",
        "2100060000",
        "--desired",
        "2100070000",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(
        v["requests"],
        serde_json::json!([{"AddAccounts": ["2100070000"], "RemoveAccounts": ["2100060000"]}])
    );
    assert_eq!(v["shared_with"], serde_json::json!(["2100060000"]));

    let desired: Vec<String> = (0..51).map(|i| (2200000000u64 + i).to_string()).collect();
    let out = run(&[
        "plan-share",
        "--provider",
        "volcengine",
        "--owner",
        "2100050000",
        "--desired",
        &desired.join(","),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(
        v["violations"][0]["provider_code"],
        "LimitExceeded.MaximumShareImageAccount"
    );
    assert_eq!(v["requests"], serde_json::json!([]));
}

#[test]
fn check_judges_the_image_kind() {
    let out = run(&[
        "check",
        "--provider",
        "tencent",
        "--name",
        "new",
        "--image-kind",
        "shared-in",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        json(&out)["violations"][0]["provider_code"],
        "UnsupportedOperation.SharedImageModifyUnsupported"
    );
}

#[test]
fn unknown_states_and_kinds_are_usage_errors() {
    for args in [
        &[
            "share",
            "--provider",
            "alibaba",
            "--owner",
            "1",
            "--image-state",
            "NORMAL",
            "--add",
            "2",
        ][..],
        &[
            "share",
            "--provider",
            "alibaba",
            "--owner",
            "1",
            "--image-kind",
            "borrowed",
            "--add",
            "2",
        ],
        &["plan-share", "--provider", "alibaba", "--owner", "1"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
}

#[test]
fn rules_text_is_for_people() {
    let out = run(&["rules", "--provider", "volcengine", "--format", "text"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Volcengine ECS (volcengine, profile latest)"),
        "{text}"
    );
    assert!(text.contains("modify family: not supported"), "{text}");
    assert!(text.contains("codes: InvalidImageName.Malformed"), "{text}");
    assert!(
        text.contains(
            "share (ModifyImageSharePermission): at most 50 per image (LimitExceeded.MaximumShareImageAccount)"
        ),
        "{text}"
    );
    let zh = String::from_utf8(
        run(&[
            "rules",
            "--provider",
            "tencent",
            "--format",
            "text",
            "--lang",
            "zh",
        ])
        .stdout,
    )
    .unwrap();
    assert!(zh.contains("1 到 60 个字符"), "{zh}");
}

#[test]
fn the_boot_mode_example_of_the_rules_issue() {
    let out = run(&[
        "check",
        "--provider",
        "volcengine",
        "--boot-mode",
        "UEFI-Preferred",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let violation = &v["violations"][0];
    assert_eq!(violation["field"], "boot_mode");
    assert_eq!(violation["code"], "NOT_ONE_OF");
    assert_eq!(violation["provider_code"], "InvalidBootMode.Malformed");
    assert_eq!(violation["http_status"], 400);
    assert_eq!(violation["allowed"], serde_json::json!(["BIOS", "UEFI"]));
    assert!(
        violation["message"]
            .as_str()
            .unwrap()
            .contains("\"BIOS\", \"UEFI\"")
    );
}

#[test]
fn every_operation_and_list_field_is_taken() {
    let ok = |args: &[&str]| {
        let out = run(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    };
    ok(&[
        "check",
        "--provider",
        "alibaba",
        "--operation",
        "copy",
        "--name",
        "web.copy",
        "--description",
        "copied",
    ]);
    ok(&[
        "check",
        "--provider",
        "alibaba",
        "--status",
        "Deprecated",
        "--boot-mode",
        "UEFI-Preferred",
    ]);
    ok(&[
        "check",
        "--provider",
        "tencent",
        "--operation",
        "import",
        "--name",
        "centos",
        "--boot-mode",
        "Legacy BIOS",
        "--license-type",
        "BYOL",
    ]);
    ok(&[
        "check",
        "--provider",
        "volcengine",
        "--operation",
        "import",
        "--name",
        "导入",
        "--boot-mode",
        "UEFI",
    ]);
    let out = run(&[
        "check",
        "--provider",
        "alibaba",
        "--operation",
        "create",
        "--family",
        "fam.v2",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("BAD_CHAR [InvalidImageFamily.Malformed 400]"),
        "{text}"
    );
    let out = run(&[
        "check",
        "--provider",
        "tencent",
        "--operation",
        "copy",
        "--description",
        "x",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("NOT_SUPPORTED")
    );
    let out = run(&[
        "check",
        "--provider",
        "alibaba",
        "--operation",
        "export",
        "--name",
        "x",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn aws_names_and_launch_permissions() {
    let out = run(&[
        "check",
        "--provider",
        "aws",
        "--operation",
        "create",
        "--name",
        "web (v1) [x]",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let out = run(&[
        "check",
        "--provider",
        "aws",
        "--operation",
        "create",
        "--profile",
        "strict",
        "--name",
        "web (v1)",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["violations"][0]["provider_code"],
        "InvalidAMIName.Malformed"
    );
    // An AMI cannot be renamed.
    let out = run(&[
        "check",
        "--provider",
        "aws",
        "--name",
        "web",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["violations"][0]["code"], "NOT_SUPPORTED");
    // Launch permissions: every item under the parameter of its kind.
    let out = run(&[
        "share",
        "--provider",
        "aws",
        "--owner",
        "111122223333",
        "--add",
        "444455556666,all,arn:aws:organizations::123456789012:organization/o-123example",
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["request"],
        serde_json::json!({"LaunchPermission": {"Add": [
            {"UserId": "444455556666"},
            {"Group": "all"},
            {"OrganizationArn": "arn:aws:organizations::123456789012:organization/o-123example"}
        ]}})
    );
    // An encrypted AMI is never public.
    let out = run(&[
        "share",
        "--provider",
        "aws",
        "--owner",
        "111122223333",
        "--add",
        "all",
        "--encrypted",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    // Tencent's instance kind is Tencent's alone.
    let out = run(&[
        "share",
        "--provider",
        "aws",
        "--owner",
        "111122223333",
        "--add",
        "444455556666",
        "--image-kind",
        "instance",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("aws has no instance images"));
}

#[test]
fn aws_request_bodies_tell_a_share_from_a_description() {
    let dir = std::env::temp_dir().join(format!("ipf-aws-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let body = dir.join("share.json");
    std::fs::write(
        &body,
        r#"{"ImageId": "ami-1", "LaunchPermission.Add.1.UserId": "12345", "LaunchPermission.Add.2.Group": "all"}"#,
    )
    .unwrap();
    let out = run(&[
        "request",
        "--provider",
        "aws",
        "--action",
        "ModifyImageAttribute",
        body.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"][0]["code"], "BAD_ACCOUNT_ID", "{v}");
    // EC2 sends an attribute as an AttributeValue: {"Value": ...} or Description.Value.
    let description = dir.join("description.json");
    std::fs::write(
        &description,
        r#"{"ImageId": "ami-1", "Description": {"Value": "web"}}"#,
    )
    .unwrap();
    let out = run(&[
        "request",
        "--provider",
        "aws",
        "--action",
        "ModifyImageAttribute",
        description.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(&description, "{\"Description.Value\": \"bad\\u0001\"}").unwrap();
    let out = run(&[
        "request",
        "--provider",
        "aws",
        "--action",
        "ModifyImageAttribute",
        description.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn gcp_names_and_no_share_call() {
    let out = run(&[
        "check",
        "--provider",
        "gcp",
        "--operation",
        "create",
        "--name",
        "my-image-",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["violations"][0]["code"], "BAD_END");
    assert_eq!(v["violations"][0]["provider_code"], "invalid");
    assert_eq!(v["violations"][0]["http_status"], 400);
    // Sharing is IAM: refused as unsupported, with the reason.
    for command in ["share", "plan-share"] {
        let mut args = vec![command, "--provider", "gcp", "--owner", "my-project"];
        args.extend(if command == "share" {
            ["--add", "444455556666"]
        } else {
            ["--desired", "444455556666"]
        });
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{command}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("sharing is not supported for gcp") && err.contains("IAM"),
            "{err}"
        );
    }
}

/// Alibaba shares an image encrypted with a customer key and refuses one encrypted with its
/// service key (HTTP 403); `--customer-key` says which, and needs `--encrypted`.
#[test]
fn share_reads_whose_key_encrypts_the_image() {
    let share = |extra: &[&str]| {
        let mut args = vec![
            "share",
            "--provider",
            "alibaba",
            "--owner",
            "1234567890123456",
            "--add",
            "200000000001",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    let out = share(&["--encrypted", "--customer-key"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let out = share(&["--encrypted"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["violations"][0]["code"], "IMAGE_ENCRYPTED");
    assert_eq!(v["violations"][0]["http_status"], 403);
    assert_eq!(share(&["--customer-key"]).status.code(), Some(2));
}
