//! The pipeline subcommands through the binary: terraform, packer, request and check --input.

mod common;

use common::{bin, f, fixture, json, placed, refused, run, run_stdin, stderr};
use serde_json::Value;
use std::process::Output;

/// `(address, attribute, code)` of every finding.
fn findings(v: &Value) -> Vec<(String, String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["address"].as_str().unwrap().to_string(),
                f["attribute"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn unknown(v: &Value) -> Vec<(String, String)> {
    v["unknown"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["address"].as_str().unwrap().to_string(),
                u["attribute"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn terraform(name: &str) -> (Output, Value) {
    let out = run(&[
        "terraform",
        &fixture(&format!("terraform/{name}")),
        "--format",
        "json",
    ]);
    let v = json(&out);
    (out, v)
}

fn s(a: &str, b: &str, c: &str) -> (String, String, String) {
    (a.into(), b.into(), c.into())
}

// ---- terraform ----

#[test]
fn terraform_checks_created_and_updated_resources_in_modules() {
    let (out, v) = terraform("mixed.json");
    assert_eq!(out.status.code(), Some(1));
    let found = findings(&v);
    assert!(found.contains(&s(
        "module.images.alicloud_image.web",
        "image_name",
        "BAD_START"
    )));
    assert!(found.contains(&s(
        "module.images.alicloud_image.web",
        "description",
        "FORBIDDEN_PREFIX"
    )));
    // An update is ModifyImageAttribute, and only the changed attribute is sent.
    let update = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["address"] == "module.images.module.inner.tencentcloud_image.app")
        .expect("the update is checked");
    assert_eq!(update["operation"], "modify");
    assert_eq!(update["code"], "TOO_LONG");
    assert_eq!(update["provider_code"], "InvalidParameterValue.TooLarge");
    assert_eq!(update["type"], "tencentcloud_image");
    assert_eq!(update["field"], "description");
    assert_eq!(update["span"]["char_start"], 256);
    let web = &v["findings"][0];
    assert_eq!(web["operation"], "create");
    assert_eq!(web["http_status"], 400);
    assert_eq!(web["value"], "1web");
}

#[test]
fn terraform_copy_import_and_boot_modes_go_to_their_own_calls() {
    let (_, v) = terraform("mixed.json");
    let by_address = |a: &str| -> Value {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["address"] == a)
            .unwrap_or_else(|| panic!("no finding at {a}: {v}"))
            .clone()
    };
    let copy = by_address("alicloud_image_copy.copy");
    assert_eq!(
        (copy["operation"].as_str(), copy["code"].as_str()),
        (Some("copy"), Some("BAD_CHAR"))
    );
    let import = by_address("alicloud_image_import.imported");
    assert_eq!(import["operation"], "import");
    assert_eq!(import["code"], "NOT_ONE_OF");
    assert_eq!(import["field"], "boot_mode");
    let boot = by_address("volcengine_image.boot");
    assert_eq!(
        (boot["operation"].as_str(), boot["value"].as_str()),
        (Some("modify"), Some("uefi"))
    );
}

#[test]
fn terraform_create_judges_boot_mode_as_the_modify_that_sends_it() {
    // volcengine_image's boot_mode is set after the image is made (CreateImage has none), by
    // ModifyImageAttribute: UEFI is a value that call takes, so the plan is clean...
    let (out, v) = terraform("volcengine_create_boot_mode.json");
    assert!(out.status.success(), "{v}");
    assert_eq!(findings(&v), []);
    // ...and a value it refuses is still reported, as that call's.
    let text = std::fs::read_to_string(fixture("terraform/volcengine_create_boot_mode.json"))
        .unwrap()
        .replace("\"UEFI\"", "\"uefi\"");
    let dir = std::env::temp_dir().join(format!("ipf-volc-boot-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let plan = dir.join("plan.json");
    std::fs::write(&plan, text).unwrap();
    let out = bin()
        .args(["terraform", "--format", "json"])
        .arg(&plan)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{v}");
    let f = &v["findings"][0];
    assert_eq!(f["attribute"], "boot_mode");
    assert_eq!(f["operation"], "modify");
}

#[test]
fn terraform_skips_no_op_read_and_delete() {
    let (_, v) = terraform("mixed.json");
    for (address, _, _) in findings(&v) {
        assert!(
            !["alicloud_image.unchanged_bad", "alicloud_image.going"].contains(&address.as_str())
                && !address.starts_with("data."),
            "{address} was checked"
        );
    }
}

#[test]
fn terraform_lists_values_unknown_until_apply() {
    let (_, v) = terraform("mixed.json");
    assert!(unknown(&v).contains(&("alicloud_image.templated".into(), "image_name".into())));
    assert!(
        !findings(&v)
            .iter()
            .any(|(a, attr, _)| a == "alicloud_image.templated" && attr == "image_name")
    );
}

#[test]
fn terraform_a_clean_plan_exits_0() {
    let (out, v) = terraform("clean.json");
    assert_eq!(out.status.code(), Some(0), "{v}");
    assert_eq!(v["valid"], true);
    assert!(v["checked"].as_u64().unwrap() >= 4);
}

#[test]
fn terraform_fifty_one_share_resources_for_one_image_are_over_quota() {
    let (out, v) = terraform("shares_51.json");
    assert_eq!(out.status.code(), Some(1));
    let f = &v["findings"][0];
    assert_eq!(v["findings"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(f["code"], "OVER_QUOTA");
    assert_eq!(f["provider_code"], "QuotaExceed.ShareImageUser");
    assert_eq!(f["image_id"], "m-web");
    assert_eq!(f["limit"], 50);
    assert_eq!(f["actual"], 51);
    assert_eq!(f["operation"], "share");
    // The share whose image is unknown is listed, not counted.
    assert!(unknown(&v).contains(&(
        "alicloud_image_share_permission.later".into(),
        "image_id".into()
    )));
}

#[test]
fn terraform_counts_what_before_says_is_shared() {
    // 45 shared today + 6 new = 51.
    let (out, v) = terraform("shares_existing_over.json");
    assert_eq!(out.status.code(), Some(1), "{v}");
    assert_eq!(v["findings"][0]["code"], "OVER_QUOTA");
    assert_eq!(v["findings"][0]["actual"], 51);
    // One of the 45 deleted in the same plan: 50, at the limit.
    let (out, v) = terraform("shares_existing_swap.json");
    assert_eq!(out.status.code(), Some(0), "{v}");
}

#[test]
fn terraform_tencent_and_volcengine_share_lists() {
    let (out, v) = terraform("shares_tencent.json");
    assert_eq!(out.status.code(), Some(1));
    let found = findings(&v);
    assert!(found.contains(&s(
        "tencentcloud_cvm_image_share_permission.a",
        "account_ids",
        "BAD_ACCOUNT_ID"
    )));
    // 100000002 is shared today by resource a, and resource b adds it again.
    assert!(found.contains(&s(
        "tencentcloud_cvm_image_share_permission.b",
        "account_ids",
        "ALREADY_SHARED"
    )));
    let bad = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "BAD_ACCOUNT_ID")
        .unwrap();
    assert_eq!(
        bad["index"], 3,
        "the position in the resource's account_ids"
    );
    assert_eq!(found.len(), 2, "{v}");
}

#[test]
fn terraform_reads_stdin_and_prints_text() {
    let plan = std::fs::read(fixture("terraform/mixed.json")).unwrap();
    let out = run_stdin(&["terraform", "-"], &plan);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(
        "module.images.alicloud_image.web: image_name (create): BAD_START [InvalidImageName.Malformed 400]"
    ), "{text}");
    assert!(text.contains("  1web\n  ^\n"), "{text}");
    assert!(text.contains("alicloud_image.templated: image_name: unknown until apply"));
}

#[test]
fn terraform_messages_in_chinese() {
    let out = run(&[
        "terraform",
        &fixture("terraform/mixed.json"),
        "--format",
        "json",
        "--lang",
        "zh",
    ]);
    let v = json(&out);
    let msg = v["findings"][0]["message"].as_str().unwrap();
    assert!(msg.contains("镜像名称"), "{msg}");
}

#[test]
fn terraform_profile_strict_holds_every_revision() {
    // A 30-character Tencent name: the newest text allows 60, an older one 20.
    let plan = br#"{"format_version": "1.2", "resource_changes": [{"address": "tencentcloud_image.t",
        "type": "tencentcloud_image", "change": {"actions": ["update"], "before": {"image_name": "a"},
        "after": {"image_name": "abcdefghijklmnopqrstuvwxyz0123"}, "after_unknown": {}}}]}"#;
    let latest = run_stdin(&["terraform", "-", "--format", "json"], plan);
    assert_eq!(latest.status.code(), Some(0), "{}", stderr(&latest));
    let strict = run_stdin(
        &["terraform", "-", "--format", "json", "--profile", "strict"],
        plan,
    );
    assert_eq!(strict.status.code(), Some(1));
    assert_eq!(json(&strict)["findings"][0]["code"], "TOO_LONG");
    assert_eq!(json(&strict)["findings"][0]["limit"], 20);
}

// ---- terraform: bad input ----

#[test]
fn terraform_bad_input_is_a_clear_error() {
    let t = |input: &[u8], needle: &str| refused(&run_stdin(&["terraform", "-"], input), needle);
    let plan = std::fs::read(fixture("terraform/mixed.json")).unwrap();
    t(&plan[..plan.len() / 2], "line ");
    t(
        b"{\"format_version\": \"1.2\",\n  \"resource_changes\": [}",
        "line 2, column",
    );
    t(b"", "not a plan");
    t(
        b"\x7fELF\x02\x01\x01\x00\x00\x00\xff\xfe",
        "not valid UTF-8",
    );
    t(b"{\"resource_changes\": []}", "no format_version");
    t(
        b"{\"format_version\": \"2.0\", \"resource_changes\": []}",
        "not supported",
    );
    t(
        b"{\"format_version\": \"1.0\", \"resource_changes\": {}}",
        "not a plan",
    );
    // Deep nesting in a resource that is checked is refused; elsewhere it is skipped unread.
    let nest = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    let deep = format!(
        r#"{{"format_version": "1.0", "resource_changes": [{{"address": "alicloud_image.a",
          "type": "alicloud_image", "change": {{"actions": ["create"], "after": {{"tags": {}}}}}}}]}}"#,
        nest(100_000)
    );
    t(deep.as_bytes(), "recursion limit");
    let skipped = format!(r#"{{"format_version": "1.0", "x": {}}}"#, nest(100_000));
    let out = run_stdin(&["terraform", "-"], skipped.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn terraform_wrong_types_for_every_attribute_are_refused() {
    let cases: &[(&str, &str, &str)] = &[
        ("alicloud_image", "image_name", "5"),
        ("alicloud_image", "description", "[\"a\"]"),
        ("alicloud_image", "image_family", "{}"),
        ("alicloud_image_copy", "image_name", "true"),
        ("alicloud_image_import", "description", "1.5"),
        ("tencentcloud_image", "image_name", "[]"),
        ("tencentcloud_image", "image_description", "7"),
        ("tencentcloud_image", "image_family", "false"),
        ("volcengine_image", "image_name", "{}"),
        ("volcengine_image", "description", "[1]"),
        ("alicloud_image_share_permission", "image_id", "1"),
        ("alicloud_image_share_permission", "account_id", "[]"),
        (
            "tencentcloud_cvm_image_share_permission",
            "account_ids",
            "\"123\"",
        ),
        (
            "tencentcloud_cvm_image_share_permission",
            "account_ids",
            "[123]",
        ),
        ("volcengine_image_share_permission", "account_id", "{}"),
    ];
    for (ty, attr, value) in cases {
        // One image_id: a key given twice is refused for itself.
        let image = if *attr == "image_id" {
            ""
        } else {
            r#""image_id": "m-1", "#
        };
        let plan = format!(
            r#"{{"format_version": "1.2", "resource_changes": [{{"address": "{ty}.x", "mode": "managed",
              "type": "{ty}", "change": {{"actions": ["create"], "before": null,
              "after": {{{image}"{attr}": {value}}}, "after_unknown": {{}}}}}}]}}"#
        );
        let out = run_stdin(&["terraform", "-"], plan.as_bytes());
        refused(&out, &format!("{ty}.x: {attr}"));
    }
    // The plan's own structure, too.
    for bad in [
        r#"{"format_version": "1.2", "resource_changes": [{"address": 1, "type": "t", "change": {"actions": []}}]}"#,
        r#"{"format_version": "1.2", "resource_changes": [{"address": "a", "type": "alicloud_image", "change": {"actions": "create"}}]}"#,
        r#"{"format_version": "1.2", "resource_changes": [{"address": "a", "type": "alicloud_image", "change": {"actions": ["create"], "after": "x"}}]}"#,
        r#"{"format_version": 1, "resource_changes": []}"#,
    ] {
        let out = run_stdin(&["terraform", "-"], bad.as_bytes());
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", stderr(&out));
    }
}

#[test]
fn terraform_a_200_mb_plan_is_read() {
    // One resource of another type with a 200 MB attribute, then one bad image.
    let mut plan = String::with_capacity(210 << 20);
    plan.push_str(r#"{"format_version": "1.2", "resource_changes": [{"address": "null_resource.big", "type": "null_resource", "change": {"actions": ["create"], "before": null, "after": {"triggers": {"blob": ""#);
    plan.extend(std::iter::repeat_n('x', 200 << 20));
    plan.push_str(r#""}}, "after_unknown": {}}}, {"address": "alicloud_image.web", "type": "alicloud_image", "change": {"actions": ["create"], "before": null, "after": {"image_name": "1web"}, "after_unknown": {}}}]}"#);
    let dir = std::env::temp_dir().join(format!("ipf-big-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("plan.json");
    std::fs::write(&path, plan).unwrap();
    let out = run(&["terraform", path.to_str().unwrap(), "--format", "json"]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(
        findings(&json(&out)),
        [s("alicloud_image.web", "image_name", "BAD_START")]
    );
}

// ---- packer ----

fn packer(name: &str) -> (Output, Value) {
    let out = run(&[
        "packer",
        &fixture(&format!("packer/{name}")),
        "--format",
        "json",
    ]);
    let v = json(&out);
    (out, v)
}

#[test]
fn packer_hcl_reports_only_faults_no_expression_can_remove() {
    let (out, v) = packer("web.pkr.hcl");
    assert_eq!(out.status.code(), Some(1));
    let found = findings(&v);
    let bad = "source.alicloud-ecs.bad";
    assert_eq!(
        found,
        [
            s(bad, "image_name", "BAD_START"),
            s(bad, "image_name", "BAD_CHAR"),
            s(bad, "image_description", "FORBIDDEN_PREFIX"),
            s(bad, "target_image_family", "FORBIDDEN_PREFIX"),
            s(bad, "image_share_account", "BAD_ACCOUNT_ID"),
        ]
    );
    // Variables and locals known before the build are filled in (var.env defaults to "prod";
    // local.stamp is a formatdate of timestamp(), judged by its shape through Go's reference
    // time); the span points into that value.
    let space = &v["findings"][1];
    assert_eq!(space["value"], "1web prod-200601021504");
    assert_eq!(space["line"], 25);
    assert_eq!(space["column"], 25);
    assert_eq!(space["span"]["char_start"], 4);
    assert_eq!(space["found"], " ");
    assert_eq!(v["findings"][4]["index"], 1);
    let unknown = unknown(&v);
    // ("ali${var.env}" is "aliprod" now that var.env's default is known.)
    for attr in ["image_name", "target_image_family"] {
        assert!(unknown.contains(&("source.alicloud-ecs.templated".into(), attr.into())));
    }
    assert!(unknown.contains(&(
        "source.alicloud-ecs.bad".into(),
        "image_share_account[2]".into()
    )));
    // "app:${var.env}" is "app:prod": known, and fine for Tencent.
    assert!(!unknown.contains(&(
        "build.source.tencentcloud-cvm.app".into(),
        "image_name".into()
    )));
}

#[test]
fn packer_clean_hcl_exits_0() {
    let (out, v) = packer("clean.pkr.hcl");
    assert_eq!(out.status.code(), Some(0), "{v}");
    assert_eq!(v["findings"], Value::Array(vec![]));
}

#[test]
fn packer_hcl_json_and_legacy_json() {
    let (out, v) = packer("web.pkr.json");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        findings(&v),
        [
            s("source.alicloud-ecs.web", "image_name", "BAD_CHAR"),
            s(
                "source.alicloud-ecs.web",
                "image_share_account",
                "DUPLICATE_ACCOUNT"
            ),
        ]
    );
    assert!(unknown(&v).contains(&(
        "source.tencentcloud-cvm.app".into(),
        "image_share_accounts".into()
    )));
    let (out, v) = packer("legacy.json");
    assert_eq!(out.status.code(), Some(1));
    // `packer_{{timestamp}}` and `{{user `prefix`}}-app` could be anything: unknown, not refused.
    assert_eq!(
        findings(&v),
        [
            s("builders[2]", "image_name", "BAD_START"),
            s("builders[2]", "image_name", "BAD_CHAR"),
        ]
    );
    // `packer_{{timestamp}}` and `built {{isotime}}` are judged by their shape (Unix seconds,
    // RFC 3339); `{{user `prefix`}}` names no variable of the template: unknown.
    assert!(!unknown(&v).contains(&("builders[0] (web)".into(), "image_name".into())));
    assert!(!unknown(&v).contains(&("builders[0] (web)".into(), "image_description".into())));
    assert!(unknown(&v).contains(&("builders[1]".into(), "image_name".into())));
    let out = run(&[
        "packer",
        &fixture("packer/legacy.json"),
        "--var",
        "prefix=1bad",
        "--format",
        "json",
    ]);
    // With --var, the legacy `{{user `prefix`}}` is known ("1bad-app", fine for Tencent).
    assert!(!unknown(&json(&out)).contains(&("builders[1]".into(), "image_name".into())));
}

#[test]
fn packer_reads_a_directory_and_stdin() {
    let dir = std::env::temp_dir().join(format!("ipf-packer-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixture("packer/clean.pkr.hcl"), dir.join("a.pkr.hcl")).unwrap();
    std::fs::copy(fixture("packer/web.pkr.json"), dir.join("b.pkr.json")).unwrap();
    std::fs::write(dir.join("notes.txt"), "not a template").unwrap();
    let out = run(&["packer", dir.to_str().unwrap(), "--format", "json"]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(findings(&json(&out)).len(), 2);
    let hcl = std::fs::read(fixture("packer/web.pkr.hcl")).unwrap();
    let out = run_stdin(&["packer", "-"], &hcl);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("<stdin>:25:25: source.alicloud-ecs.bad: image_name (create): BAD_START")
    );
}

#[test]
fn packer_bad_input_is_a_clear_error() {
    let t = |input: &[u8], needle: &str| refused(&run_stdin(&["packer", "-"], input), needle);
    let hcl = std::fs::read(fixture("packer/web.pkr.hcl")).unwrap();
    t(&hcl[..hcl.len() / 3], "line ");
    t(
        b"source \"alicloud-ecs\" \"x\" {\n  image_name = \n}\n",
        "line 2, column 16",
    );
    t(b"{\"builders\": [", "line 1");
    t(b"{\"builders\": {}}", "builders should be a list");
    t(b"{\"builders\": [{\"name\": \"x\"}]}", "has no type");
    t(b"\x00\x01\x02\xff\xfe", "not valid UTF-8");
    let deep = format!(
        "locals {{ x = {}1{} }}",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    t(deep.as_bytes(), "not a Packer HCL2 template");
    let deep_json = format!(
        "{{\"builders\": {}{}}}",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    t(deep_json.as_bytes(), "recursion limit");
    for (setting, value) in [
        ("image_name", "[\"a\"]"),
        ("image_description", "{a = 1}"),
        ("target_image_family", "[]"),
        ("image_share_account", "\"123\""),
    ] {
        let src = format!("source \"alicloud-ecs\" \"x\" {{\n  {setting} = {value}\n}}\n");
        t(
            src.as_bytes(),
            &format!("source.alicloud-ecs.x: {setting} should be"),
        );
    }
    for (setting, value) in [
        ("image_name", "[\"a\"]"),
        ("image_description", "{}"),
        ("image_share_accounts", "\"123\""),
        ("image_share_accounts", "[[1]]"),
    ] {
        let src = format!(
            "{{\"builders\": [{{\"type\": \"tencentcloud-cvm\", \"{setting}\": {value}}}]}}"
        );
        t(src.as_bytes(), &format!("{setting} should be"));
    }
}

// ---- request ----

fn request(provider: &str, action: &str, name: &str) -> (Output, Value) {
    let out = run(&[
        "request",
        "--provider",
        provider,
        "--action",
        action,
        &fixture(&format!("request/{name}")),
        "--format",
        "json",
    ]);
    let v = json(&out);
    (out, v)
}

#[test]
fn request_attribute_parameters_by_the_rule_tables_names() {
    let (out, v) = request("alibaba", "ModifyImageAttribute", "modify_wire.json");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        findings(&v),
        [s("ModifyImageAttribute", "ImageName", "BAD_START")]
    );
    assert_eq!(v["checked"], 3, "ImageName, Description and ImageFamily");
    assert_eq!(v["not_judged"], serde_json::json!(["ImageId", "RegionId"]));
    // A required parameter left out is judged as empty.
    let (out, v) = request("tencent", "CreateImage", "tencent_create.json");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(findings(&v), [s("CreateImage", "ImageName", "TOO_SHORT")]);
    assert_eq!(v["findings"][0]["provider_code"], "MissingParameter");
}

#[test]
fn request_list_fields_and_copy_parameters_by_the_tables() {
    let body =
        br#"{"ImageId": "m-1", "BootMode": "uefi", "Status": "Deprecated", "ImageName": "web"}"#;
    let out = run_stdin(
        &[
            "request",
            "--provider",
            "alibaba",
            "--action",
            "ModifyImageAttribute",
            "-",
            "--format",
            "json",
        ],
        body,
    );
    let v = json(&out);
    assert_eq!(
        findings(&v),
        [s("ModifyImageAttribute", "BootMode", "NOT_ONE_OF")]
    );
    assert_eq!(v["not_judged"], serde_json::json!(["ImageId"]));
    // Alibaba's CopyImage names its fields DestinationImageName and DestinationDescription.
    let body = br#"{"ImageId": "m-1", "DestinationRegionId": "cn-beijing", "DestinationImageName": "1copy", "ImageName": "x"}"#;
    let out = run_stdin(
        &[
            "request",
            "--provider",
            "alibaba",
            "--action",
            "CopyImage",
            "-",
            "--format",
            "json",
        ],
        body,
    );
    let v = json(&out);
    assert_eq!(
        findings(&v),
        [s("CopyImage", "DestinationImageName", "BAD_START")]
    );
    assert_eq!(v["findings"][0]["operation"], "copy");
    assert_eq!(
        v["not_judged"],
        serde_json::json!(["DestinationRegionId", "ImageId", "ImageName"])
    );
    // Tencent copies with SyncImages; its ImportImage takes a license type.
    let out = run_stdin(
        &["request", "--provider", "tencent", "--action", "ImportImage", "-", "--format", "json"],
        br#"{"ImageName": "imp", "LicenseType": "byol", "BootMode": "UEFI", "ImageUrl": "cos://x"}"#,
    );
    let v = json(&out);
    assert_eq!(
        findings(&v),
        [s("ImportImage", "LicenseType", "NOT_ONE_OF")]
    );
    let out = run_stdin(
        &[
            "request",
            "--provider",
            "tencent",
            "--action",
            "SyncImages",
            "-",
        ],
        br#"{"ImageIds": ["img-1"], "DestinationRegions": ["ap-beijing"], "ImageName": "ok"}"#,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn request_share_lists_in_sdk_and_wire_form() {
    let (out, v) = request("alibaba", "ModifyImageSharePermission", "share_sdk.json");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        findings(&v),
        [s(
            "ModifyImageSharePermission",
            "AddAccount",
            "BAD_ACCOUNT_ID"
        )]
    );
    assert_eq!(v["findings"][0]["value"], "abc");
    let (out, v) = request("alibaba", "ModifyImageSharePermission", "share_wire.json");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        findings(&v),
        [s(
            "ModifyImageSharePermission",
            "AddAccount",
            "DUPLICATE_ACCOUNT"
        )]
    );
    let (out, v) = request(
        "tencent",
        "ModifyImageSharePermission",
        "tencent_share.json",
    );
    assert_eq!(out.status.code(), Some(0), "{v}");
    assert_eq!(v["not_judged"], serde_json::json!(["ImageId"]));
}

#[test]
fn request_per_request_limit_and_bad_bodies() {
    let ids: Vec<String> = (0..11)
        .map(|i| format!("\"{}\"", 1_000_000_000u64 + i))
        .collect();
    let body = format!(
        "{{\"ImageId\": \"m-1\", \"AddAccount\": [{}]}}",
        ids.join(",")
    );
    let out = run_stdin(
        &[
            "request",
            "--provider",
            "alibaba",
            "--action",
            "ModifyImageSharePermission",
            "-",
            "--format",
            "json",
        ],
        body.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json(&out)["findings"][0]["code"], "TOO_MANY_IN_REQUEST");
    let t = |action: &str, body: &[u8], needle: &str| {
        refused(
            &run_stdin(
                &["request", "--provider", "tencent", "--action", action, "-"],
                body,
            ),
            needle,
        )
    };
    t("Reboot", b"{}", "[possible values:");
    t(
        "CopyImage",
        b"{}",
        "unknown action \"CopyImage\" for tencent: expected one of",
    );
    t("CreateImage", b"[1]", "should be a JSON object");
    t(
        "CreateImage",
        b"{\"ImageName\": 5}",
        "ImageName should be a string",
    );
    t("CreateImage", b"{\"ImageName\": ", "line 1");
    t(
        "ModifyImageSharePermission",
        b"{\"AccountIds\": [\"1\"], \"Permission\": \"MAYBE\"}",
        "Permission should be",
    );
    t(
        "ModifyImageSharePermission",
        b"{\"AccountIds\": [1], \"Permission\": \"SHARE\"}",
        "AccountIds[0] should be a string",
    );
    t(
        "ModifyImageSharePermission",
        b"{\"AccountIds\": [\"1\"], \"AccountIds.1\": \"2\", \"Permission\": \"SHARE\"}",
        "both as a list",
    );
}

// ---- check --input ----

#[test]
fn check_input_one_json_object_per_line() {
    let out = run_stdin(
        &[
            "check",
            "--provider",
            "alibaba",
            "--field",
            "name",
            "--input",
            "-",
        ],
        "web-1\n1bad\n中文名\r\n".as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[0],
        serde_json::json!({"line": 1, "value": "web-1", "valid": true, "violations": []})
    );
    assert_eq!(lines[1]["valid"], false);
    assert_eq!(lines[1]["violations"][0]["code"], "BAD_START");
    assert_eq!(lines[2]["value"], "中文名");
    assert_eq!(lines[2]["valid"], true);
    let all_ok = run_stdin(
        &[
            "check",
            "--provider",
            "tencent",
            "--field",
            "description",
            "--input",
            "-",
        ],
        b"a\nb\n",
    );
    assert_eq!(all_ok.status.code(), Some(0));
    let both = run(&[
        "check",
        "--provider",
        "alibaba",
        "--field",
        "name",
        "--input",
        "-",
        "--name",
        "x",
    ]);
    assert_eq!(
        both.status.code(),
        Some(2),
        "one value or a file of them, not both"
    );
    let unknown_field = run_stdin(
        &[
            "check",
            "--provider",
            "volcengine",
            "--field",
            "family",
            "--input",
            "-",
        ],
        b"a\n",
    );
    refused(&unknown_field, "volcengine has no family");
    refused(
        &run_stdin(
            &[
                "check",
                "--provider",
                "alibaba",
                "--field",
                "name",
                "--input",
                "-",
            ],
            b"ok\n\xff\n",
        ),
        "line 2",
    );
}

/// alicloud-import sends image_architecture, image_os_type and image_platform as ImportImage's
/// Architecture, OSType and Platform: each is held to the list the library has for them.
#[test]
fn packer_alicloud_import_list_settings_are_judged() {
    let hcl = br#"source "null" "n" {
  communicator = "none"
}
build {
  sources = ["source.null.n"]
  post-processor "alicloud-import" {
    image_name         = "web-import"
    image_architecture = "arm64"
    image_os_type      = "Linux"
    image_platform     = "centos"
  }
}
"#;
    let out = run_stdin(&["packer", "-", "--format", "json"], hcl);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json(&out);
    // arm64 is on the list; the OS type and the platform are matched exactly, as the API does.
    let at = "build.post-processor.alicloud-import[0]";
    assert_eq!(
        placed(&v),
        [
            f(at, "image_os_type", "NOT_ONE_OF", 9, 26),
            f(at, "image_platform", "NOT_ONE_OF", 10, 26),
        ],
        "{v}"
    );
    assert_eq!(v["checked"], 4, "{v}");
    let fixed = String::from_utf8_lossy(hcl)
        .replace("\"Linux\"", "\"linux\"")
        .replace("\"centos\"", "\"CentOS\"");
    let out = run_stdin(&["packer", "-"], fixed.as_bytes());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}
