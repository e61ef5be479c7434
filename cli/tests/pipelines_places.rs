//! The pipeline readers through the binary: places, not_read, variables, exit codes.

mod common;

use common::{bin, f, fixture, json, placed as findings, run, run_stdin};

#[test]
fn packer_folder_with_variables_post_processors_and_places() {
    let dir = fixture("packer/vars");
    let out = run(&["packer", &dir, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let got = findings(&v);
    // local.name is "web-prod env": the space is refused, at the line of `image_name`.
    assert!(
        got.contains(&f(
            "source.alicloud-ecs.web",
            "image_name",
            "BAD_CHAR",
            15,
            25
        )),
        "{got:?}"
    );
    // The family comes from a.auto.pkrvars.hcl.
    assert!(
        got.contains(&f(
            "source.alicloud-ecs.web",
            "target_image_family",
            "FORBIDDEN_PREFIX",
            16,
            25
        )),
        "{got:?}"
    );
    // Each copy name is CopyImage's DestinationImageName, placed at its element.
    assert!(
        got.contains(&f(
            "source.alicloud-ecs.web",
            "image_copy_names[1]",
            "BAD_START",
            17,
            37
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&f(
            "source.alicloud-ecs.web",
            "image_copy_names[0]",
            "BAD_CHAR",
            17,
            26
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&f(
            "source.volcengine-ecs.v",
            "target_image_name",
            "BAD_START",
            21,
            23
        )),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|x| x.0.starts_with("build.post-processor.alicloud-import") && x.2 == "BAD_CHAR"),
        "{got:?}"
    );
    let file = v["findings"][0]["file"].as_str().unwrap();
    assert!(file.ends_with("build.pkr.hcl"), "{file}");
    // Of the three clouds and not read: reported. amazon-ebs: none of our business.
    let not_read = v["not_read"].as_array().unwrap();
    assert_eq!(not_read.len(), 1, "{not_read:?}");
    assert_eq!(not_read[0]["type"], "tencentcloud-import");

    // --var wins over the defaults and the auto file; --fail-on-unknown has nothing to fail.
    let out = run(&[
        "packer",
        &dir,
        "--var",
        "env=prod",
        "--var",
        "family=fam",
        "--format",
        "json",
    ]);
    let got = findings(&json(&out));
    assert!(
        !got.iter()
            .any(|x| x.1 == "image_name" || x.1 == "target_image_family"),
        "{got:?}"
    );
}

#[test]
fn packer_text_starts_with_file_line_column() {
    let out = run(&[
        "packer",
        &fixture("packer/vars/build.pkr.hcl"),
        "--var",
        "family=ok-family",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines().any(|l| l.contains("build.pkr.hcl:15:25: source.alicloud-ecs.web: image_name (create): BAD_CHAR [InvalidImageName.Malformed 400]: The image name may not contain")),
        "{text}"
    );
    assert!(
        text.contains("not read: not in the coverage table"),
        "{text}"
    );
}

#[test]
fn packer_unknown_values_fail_only_with_fail_on_unknown() {
    let src = b"source \"tencentcloud-cvm\" \"x\" {\n  image_name = var.name\n}\n";
    let out = run_stdin(&["packer", "-"], src);
    assert_eq!(out.status.code(), Some(0));
    let out = run_stdin(&["packer", "-", "--fail-on-unknown"], src);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("<stdin>:2:16: source.tencentcloud-cvm.x: image_name: unknown until build")
    );
}

#[test]
fn packer_never_silent() {
    // A template with nothing of the three clouds says so.
    let out = run(&["packer", &fixture("packer/none.pkr.hcl")]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("none.pkr.hcl: no image settings of"));
    // Not a template at all: exit 2.
    for input in [&b"foo = 1\n"[..], b"{\"foo\": 1}", b"terraform {\n}\n"] {
        let out = run_stdin(&["packer", "-"], input);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(input)
        );
        assert!(String::from_utf8_lossy(&out.stderr).contains("not a Packer"));
    }
}

#[test]
fn terraform_new_resources_deprecated_names_and_sent_empty_values() {
    let out = run(&[
        "terraform",
        &fixture("terraform/new_resources.json"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let got: Vec<(String, String, String)> =
        findings(&v).into_iter().map(|x| (x.0, x.1, x.2)).collect();
    let s = |a: &str, b: &str, c: &str| (a.to_string(), b.to_string(), c.to_string());
    assert_eq!(
        got,
        [
            // Required, so "" is sent; the optional description "" is not.
            s("tencentcloud_image.empty", "image_name", "TOO_SHORT"),
            s("alicloud_image.old", "name", "BAD_START"),
            s("tencentcloud_cvm_sync_image.s", "image_name", "TOO_LONG"),
            s("volcengine_image_import.i", "image_name", "BAD_START"),
            s("volcengine_image_import.i", "boot_mode", "NOT_ONE_OF"),
        ]
    );
    assert_eq!(v["findings"][1]["line"], 14);
    let not_read: Vec<&str> = v["not_read"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        not_read,
        ["alicloud_image_export", "alicloud_image_pipeline_thing"]
    );
}

#[test]
fn terraform_binary_plan_file_is_named() {
    let out = run_stdin(&["terraform", "-"], b"PK\x03\x04\x14\x00\x00\x00binary");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("terraform show -json"));
}

#[test]
fn terraform_configuration_with_variables_locals_count_and_for_each() {
    let dir = fixture("terraform/config");
    let out = run(&["terraform", &dir, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let got = findings(&v);
    let main = |a: &str, b: &str, c: &str, l, col| f(a, b, c, l, col);
    // "${local.prefix}-${formatdate(...)}" with var.env = "prod env": the space is refused.
    assert!(
        got.contains(&main(
            "alicloud_image.web",
            "image_name",
            "BAD_CHAR",
            16,
            17
        )),
        "{got:?}"
    );
    // for_each over a literal set: one check per instance, with Terraform's addresses.
    assert!(
        got.contains(&main(
            "alicloud_image.per_region[\"1b\"]",
            "image_name",
            "BAD_START",
            23,
            16
        )),
        "{got:?}"
    );
    assert!(
        got.contains(&main(
            "alicloud_image.per_region[\"a\"]",
            "image_name",
            "TOO_SHORT",
            23,
            16
        )),
        "{got:?}"
    );
    // The accounts from terraform.tfvars, one per counted resource: the second resource finds
    // the account shared by the first, and names it.
    let dup = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "ALREADY_SHARED")
        .expect("a repeat across resources");
    assert_eq!(dup["address"], "alicloud_image_share_permission.s[1]");
    assert_eq!(dup["also"], "alicloud_image_share_permission.s[0]");
    assert!(!got.iter().any(|x| x.2 == "DUPLICATE_ACCOUNT"), "{got:?}");
    assert!(
        got.contains(&main(
            "tencentcloud_cvm_image_share_permission.t",
            "account_ids",
            "BAD_ACCOUNT_ID",
            39,
            17
        )),
        "{got:?}"
    );
    // var.suffix is not declared: unknown, listed with its place.
    let unknown = v["unknown"].as_array().unwrap();
    assert!(
        unknown
            .iter()
            .any(|u| u["address"] == "tencentcloud_image.counted[1]" && u["line"] == 28)
    );
    // Modules are not followed, and say so.
    assert_eq!(v["not_read"][0]["address"], "module.more");

    // --var wins over the default; --var-file over terraform.tfvars.
    let vars = std::env::temp_dir().join(format!("ipf-places-{}.tfvars", std::process::id()));
    std::fs::write(&vars, "accounts = [\"1234567890123456\"]\n").unwrap();
    let out = run(&[
        "terraform",
        &dir,
        "--var",
        "env=prod",
        "--var-file",
        vars.to_str().unwrap(),
        "--format",
        "json",
    ]);
    std::fs::remove_file(&vars).unwrap();
    let got = findings(&json(&out));
    assert!(!got.iter().any(|x| x.0 == "alicloud_image.web"), "{got:?}");
    assert!(!got.iter().any(|x| x.2 == "ALREADY_SHARED"), "{got:?}");
}

#[test]
fn terraform_one_tf_file_and_bad_configurations() {
    let out = run(&[
        "terraform",
        &fixture("terraform/config/main.tf"),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let dir = std::env::temp_dir().join(format!("ipf-places-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("main.tf"),
        "resource \"alicloud_image\" \"x\" {\n  image_name = \n}\n",
    )
    .unwrap();
    let out = run(&["terraform", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("line 2"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(dir.join("main.tf"), "foo = 1\n").unwrap();
    let out = run(&["terraform", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a Terraform configuration"));
    std::fs::write(
        dir.join("main.tf"),
        "resource \"aws_instance\" \"x\" {\n}\n",
    )
    .unwrap();
    let out = run(&["terraform", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no image settings of"));
    std::fs::remove_dir_all(&dir).unwrap();
    // count over a huge literal costs nothing: checked once, unknown instance.
    let dir = std::env::temp_dir().join(format!("ipf-places-count-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("main.tf"),
        "resource \"alicloud_image\" \"x\" {\n  count = 1000000000\n  image_name = \"1x\"\n}\n",
    )
    .unwrap();
    let out = run(&["terraform", dir.to_str().unwrap(), "--format", "json"]);
    std::fs::remove_dir_all(&dir).unwrap();
    let got = findings(&json(&out));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].0, "alicloud_image.x[*]");
}

#[test]
fn check_input_honours_format_text() {
    let args = [
        "check",
        "--provider",
        "alibaba",
        "--field",
        "name",
        "--input",
        "-",
    ];
    let mut text_args = args.to_vec();
    text_args.extend(["--format", "text"]);
    let out = run_stdin(&text_args, b"web-1\nweb 2\n");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("<stdin>:2:4: name: BAD_CHAR"), "{text}");
    assert!(
        text.ends_with("refused: 2 value(s) checked, 1 invalid\n"),
        "{text}"
    );
    // Without --format, a batch stays JSON lines.
    let out = run_stdin(&args, b"web-1\n");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("{\"line\":1"));
}

#[test]
fn sarif_results_carry_rule_ids_and_regions() {
    let out = run(&["packer", &fixture("packer/vars"), "--format", "sarif"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    let rules: Vec<&str> = run0["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for r in run0["results"].as_array().unwrap() {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i], r["ruleId"]);
    }
    let first = &run0["results"][0];
    assert_eq!(first["ruleId"], "BAD_CHAR");
    let region = &first["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(15), Some(25))
    );
    // The help names the rule and its source.
    let help = run0["tool"]["driver"]["rules"]
        [rules.iter().position(|r| *r == "BAD_CHAR").unwrap()]["help"]["text"]
        .as_str()
        .unwrap();
    assert!(
        help.contains("Alibaba Cloud ECS create name (ImageName)") && help.contains("Source: "),
        "{help}"
    );
    assert!(rules.contains(&"NOT_READ"));
}

#[test]
fn options_list_their_values() {
    let out = run(&["packer", "--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("[possible values: text, json, sarif]"),
        "{help}"
    );
    assert!(help.contains("[possible values: latest, strict]"), "{help}");
    let out = run(&[
        "request",
        "--provider",
        "azure",
        "--action",
        "CreateImage",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains(&format!("known: {}", image_preflight::Provider::KNOWN))
    );
    let out = run(&["request", "--provider", "tencent", "--action", "Nope", "-"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("SyncImages"));
}

#[test]
fn variables_from_the_environment_come_before_the_files() {
    // TF_VAR_env sets var.env, as Terraform reads it; terraform.tfvars still sets accounts.
    let out = bin()
        .args([
            "terraform",
            &fixture("terraform/config"),
            "--format",
            "json",
        ])
        .env("TF_VAR_env", "prod")
        .output()
        .unwrap();
    let got = findings(&json(&out));
    assert!(!got.iter().any(|x| x.0 == "alicloud_image.web"), "{got:?}");
    assert!(got.iter().any(|x| x.2 == "ALREADY_SHARED"), "{got:?}");
    // PKR_VAR_family is overridden by the folder's a.auto.pkrvars.hcl ("aliyun-family").
    let out = bin()
        .args(["packer", &fixture("packer/vars"), "--format", "json"])
        .env("PKR_VAR_family", "good-family")
        .env("PKR_VAR_env", "prod")
        .output()
        .unwrap();
    let got = findings(&json(&out));
    assert!(
        got.iter()
            .any(|x| x.1 == "target_image_family" && x.2 == "FORBIDDEN_PREFIX"),
        "{got:?}"
    );
    assert!(
        !got.iter()
            .any(|x| x.1 == "image_name" && x.0 == "source.alicloud-ecs.web"),
        "{got:?}"
    );
}

#[test]
fn values_from_sensitive_variables_are_judged_but_never_shown() {
    for (reader, path) in [
        ("terraform", fixture("terraform/sensitive")),
        ("packer", fixture("packer/sensitive.pkr.hcl")),
    ] {
        for format in ["text", "json", "sarif"] {
            let out = run(&[reader, &path, "--format", format]);
            assert_eq!(out.status.code(), Some(1), "{reader} {format}");
            let text = String::from_utf8_lossy(&out.stdout);
            assert!(
                !text.contains("Top Secret") && !text.contains("Top"),
                "{reader} {format}: {text}"
            );
            assert!(text.contains("BAD_CHAR"), "{text}");
        }
    }
    // A variable that only starts like the sensitive one is shown.
    let out = run(&["terraform", &fixture("terraform/sensitive")]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("  b x\n"));
}

#[test]
fn terraform_json_configuration_files_are_listed_as_skipped() {
    let dir = std::env::temp_dir().join(format!("ipf-places-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("main.tf"),
        "resource \"alicloud_image\" \"x\" {\n  image_name = \"web\"\n}\n",
    )
    .unwrap();
    std::fs::write(dir.join("extra.tf.json"), "{\"resource\": {}}").unwrap();
    let out = run(&["terraform", dir.to_str().unwrap(), "--format", "json"]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    let skipped = v["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{v}");
    assert!(
        skipped[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("extra.tf.json")
    );
}
