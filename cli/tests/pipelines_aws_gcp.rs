//! The pipeline readers on AWS and Compute Engine: the amazon and googlecompute Packer
//! builders, the AMI and Compute Engine image resources of Terraform, and one Packer build
//! that makes images on several clouds at once.

use image_preflight::{Field, Operation, Profile, Provider, validate};
use image_preflight_cli::coverage::AMAZON_BUILDERS;
use image_preflight_cli::findings::Outcome;

mod common;

use common::{f, fixture, json, placed as findings, run};

/// (attribute, code, index) of every finding of an outcome read through the library.
fn codes(out: &Outcome) -> Vec<(String, &'static str, Option<usize>)> {
    out.findings
        .iter()
        .map(|f| {
            (
                f.attribute.clone(),
                f.violation.code.key(),
                f.violation.index,
            )
        })
        .collect()
}

fn packer(template: &str) -> Outcome {
    image_preflight_cli::packer::check(template.as_bytes(), Profile::Latest).unwrap()
}

/// amazon-ebs, googlecompute and alicloud-ecs in one template, one run: each builder is judged
/// by its own cloud, at the value's line and column, and `clean_resource_name` takes the shape
/// of the amazon plugin's function (case kept, `:` made `-`).
#[test]
fn one_packer_build_for_three_clouds() {
    let path = fixture("packer/multicloud/multi.pkr.hcl");
    let out = run(&["packer", &path, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    assert_eq!(
        findings(&v),
        vec![
            f("source.amazon-ebs.web", "ami_name", "BAD_CHAR", 16, 21),
            f(
                "source.amazon-ebs.web",
                "ami_users",
                "BAD_ACCOUNT_ID",
                18,
                38
            ),
            f(
                "source.amazon-ebs.web",
                "ami_org_arns",
                "BAD_ACCOUNT_ID",
                20,
                22
            ),
            f(
                "source.googlecompute.web",
                "image_family",
                "BAD_START",
                31,
                25
            ),
        ]
    );
    let all = v["findings"].as_array().unwrap();
    assert_eq!(all[0]["value"], "web 2006-01-02T15-04-05Z, Prod");
    assert_eq!(all[0]["provider_code"], "InvalidAMIName.Malformed");
    assert_eq!(all[0]["found"], ",");
    assert_eq!(all[1]["value"], "12345");
    assert_eq!(all[1]["index"], 1);
    assert_eq!(all[1]["provider_code"], "InvalidAMIAttributeItemValue");
    assert_eq!(all[3]["provider_code"], "invalid");
    // Name, description and five share principals on AWS, three values on GCE, one on Alibaba.
    assert_eq!(v["checked"], 11);
    assert!(v["unknown"].as_array().unwrap().is_empty());

    let text = run(&["packer", &path]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.starts_with(&format!(
            "{path}:16:21: source.amazon-ebs.web: ami_name (create): BAD_CHAR [InvalidAMIName.Malformed 400]"
        )),
        "{text}"
    );

    let sarif = json(&run(&["packer", &path, "--format", "sarif"]));
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let places: Vec<(String, u64, u64)> = results
        .iter()
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            (
                r["ruleId"].as_str().unwrap().to_string(),
                region["startLine"].as_u64().unwrap(),
                region["startColumn"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        places,
        vec![
            ("BAD_CHAR".to_string(), 16, 21),
            ("BAD_ACCOUNT_ID".to_string(), 18, 38),
            ("BAD_ACCOUNT_ID".to_string(), 20, 22),
            ("BAD_START".to_string(), 31, 25),
        ]
    );
}

/// The same in a legacy JSON template: amazon-chroot, googlecompute and tencentcloud-cvm. The
/// googlecompute `clean_resource_name` lowers the case, and `{{isotime}}` still starts with a
/// digit, which a Compute Engine name may not.
#[test]
fn one_legacy_packer_template_for_three_clouds() {
    let path = fixture("packer/multicloud/legacy.json");
    let v = json(&run(&["packer", &path, "--format", "json"]));
    assert_eq!(
        findings(&v),
        vec![
            f("builders[0]", "ami_groups", "BAD_ACCOUNT_ID", 9, 22),
            f("builders[1]", "image_name", "BAD_START", 16, 21),
        ]
    );
    assert_eq!(v["findings"][1]["value"], "2006-01-02t15-04-05z-web");
    assert_eq!(v["checked"], 6);
}

/// Every amazon builder reads the AMI settings they share, whatever else it does.
#[test]
fn every_amazon_builder_reads_the_ami_settings() {
    for ty in AMAZON_BUILDERS {
        let out = packer(&format!(
            "source \"{ty}\" \"x\" {{\n  ami_name = \"ab\"\n  ami_description = \"fine\"\n  ami_users = [\"123456789012\", \"12345\"]\n}}\n"
        ));
        assert_eq!(
            codes(&out),
            vec![
                ("ami_name".to_string(), "TOO_SHORT", None),
                ("ami_users".to_string(), "BAD_ACCOUNT_ID", Some(1)),
            ],
            "{ty}"
        );
        assert_eq!(out.findings[0].operation, "create", "{ty}");
        assert_eq!(out.checked, 4, "{ty}");
    }
}

/// The amazon plugin sends each share list in a ModifyImageAttribute of its own, one after
/// another: an id named in two lists is already shared when the second is sent, where one list
/// naming it twice is a duplicate. A description is ModifyImageAttribute's, which has no length
/// limit in the newest model and 255 under `strict`.
#[test]
fn amazon_share_lists_are_requests_of_their_own() {
    let out = packer(
        "source \"amazon-ebs\" \"x\" {\n  ami_name = \"web\"\n  ami_users = [\"123456789012\"]\n  ami_groups = [\"all\", \"123456789012\"]\n}\n",
    );
    assert_eq!(
        codes(&out),
        // An account id is no group (the setting names the kind): refused, not "already shared".
        vec![("ami_groups".to_string(), "BAD_ACCOUNT_ID", Some(1))],
        "{:?}",
        out.findings
    );
    let out = packer(
        "source \"amazon-ebs\" \"x\" {\n  ami_name = \"web\"\n  ami_users = [\"123456789012\", \"123456789012\"]\n}\n",
    );
    assert_eq!(
        codes(&out),
        vec![("ami_users".to_string(), "DUPLICATE_ACCOUNT", Some(1))]
    );
    let long = "d".repeat(256);
    let template = format!(
        "source \"amazon-ebs\" \"x\" {{\n  ami_name = \"web\"\n  ami_description = \"{long}\"\n}}\n"
    );
    assert!(packer(&template).findings.is_empty());
    let strict = image_preflight_cli::packer::check(template.as_bytes(), Profile::Strict).unwrap();
    assert_eq!(
        codes(&strict),
        vec![("ami_description".to_string(), "TOO_LONG", None)]
    );
    assert_eq!(strict.findings[0].operation, "modify");
}

/// googlecompute replaces an empty image_name with its own `packer-{{timestamp}}`, and sends
/// no empty family or description: none is judged. A name it would send is.
#[test]
fn googlecompute_empty_settings_are_not_sent() {
    let out = packer(
        "source \"googlecompute\" \"x\" {\n  image_name = \"\"\n  image_family = \"\"\n  image_description = \"\"\n}\n",
    );
    assert!(out.findings.is_empty(), "{:?}", out.findings);
    assert_eq!(out.checked, 0);
    let out = packer("source \"googlecompute\" \"x\" {\n  image_name = \"web-${uuidv4()}\"\n}\n");
    assert!(out.findings.is_empty());
    assert_eq!(out.unknown.len(), 1, "a UUID has no one shape");
    let out = packer("source \"googlecompute\" \"x\" {\n  image_name = \"Web-{{timestamp}}\"\n}\n");
    assert_eq!(
        codes(&out),
        vec![("image_name".to_string(), "BAD_START", None)]
    );
}

/// A share list from a variable declared sensitive is judged but never shown.
#[test]
fn sensitive_ami_users_are_judged_not_shown() {
    let out = packer(
        "variable \"acct\" {\n  default = \"12345\"\n  sensitive = true\n}\nsource \"amazon-ebs\" \"x\" {\n  ami_name = \"web\"\n  ami_users = [var.acct]\n}\n",
    );
    assert_eq!(out.findings.len(), 1);
    let f = &out.findings[0];
    assert!(f.sensitive);
    assert!(f.value.is_none());
    let shown = f.to_json(image_preflight::Lang::En).pretty();
    assert!(!shown.contains("12345"), "{shown}");
}

/// The Terraform configuration: each AMI resource's call, each launch permission's principal,
/// and Compute Engine's IAM bindings named as not read, never skipped silently.
#[test]
fn terraform_configuration_of_ami_and_compute_engine_resources() {
    let dir = fixture("terraform/aws_gcp");
    let v = json(&run(&["terraform", &dir, "--format", "json"]));
    assert_eq!(
        findings(&v),
        vec![
            f("aws_ami.registered", "name", "BAD_CHAR", 6, 25),
            f("aws_ami_copy.west", "name", "TOO_SHORT", 13, 23),
            f("google_compute_image.web", "name", "BAD_END", 45, 17),
            f(
                "aws_ami_launch_permission.account",
                "account_id",
                "BAD_ACCOUNT_ID",
                26,
                16
            ),
            f(
                "aws_ami_launch_permission.org",
                "organization_arn",
                "BAD_ACCOUNT_ID",
                36,
                22
            ),
        ]
    );
    let all = v["findings"].as_array().unwrap();
    assert_eq!(all[1]["operation"], "copy");
    assert_eq!(all[0]["operation"], "create");
    let not_read = v["not_read"].as_array().unwrap();
    assert_eq!(not_read.len(), 1);
    assert_eq!(not_read[0]["type"], "google_compute_image_iam_member");
    assert!(
        not_read[0]["reason"]
            .as_str()
            .unwrap()
            .contains("no share call"),
        "{}",
        not_read[0]
    );
    assert_eq!(not_read[0]["line"], 50);
    // The copy's description names another resource's id: unknown until apply.
    let unknown = v["unknown"].as_array().unwrap();
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0]["address"], "aws_ami_copy.west");
}

/// A plan: an AMI's name is ForceNew, so an update never sends it (a rename is a replacement,
/// planned as a create); a Compute Engine image changes only its labels in place; an image id
/// unknown until apply is placed where the plan marks it.
#[test]
fn terraform_plan_of_ami_and_compute_engine_resources() {
    let path = fixture("terraform/aws_gcp_plan.json");
    let v = json(&run(&["terraform", &path, "--format", "json"]));
    assert_eq!(
        findings(&v),
        vec![
            f("aws_ami_copy.west", "description", "TOO_LONG", 15, 54),
            f("google_compute_image.web", "family", "BAD_CHAR", 35, 46),
            f(
                "aws_ami_launch_permission.bad",
                "organization_arn",
                "BAD_ACCOUNT_ID",
                28,
                111
            ),
        ]
    );
    let unknown = v["unknown"].as_array().unwrap();
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert_eq!(unknown[0]["attribute"], "image_id");
    assert_eq!(
        (unknown[0]["line"].as_u64(), unknown[0]["column"].as_u64()),
        (Some(22), Some(39))
    );
    // aws_ami.web's description changes (checked, valid); its name is never sent by an update.
    assert_eq!(v["checked"], 6);
}

/// `ami_regions` is not judged on its own: each copy is a CopyImage named `ami_name`, judged
/// once under CreateImage's rule. That holds only while the two rules give the same verdicts.
#[test]
fn aws_copy_names_follow_the_create_rule() {
    let mut probes: Vec<String> = (0u8..128).map(|b| format!("ab{}", b as char)).collect();
    probes.extend([
        "ab".into(),
        "x".repeat(127),
        "x".repeat(128),
        "x".repeat(129),
    ]);
    probes.push("web é".into());
    for profile in [Profile::Latest, Profile::Strict] {
        for p in &probes {
            let verdict = |op| {
                validate(Provider::Aws, op, Field::Name, p, profile)
                    .violations
                    .iter()
                    .map(|v| (v.code, v.span))
                    .collect::<Vec<_>>()
            };
            assert_eq!(
                verdict(Operation::Copy),
                verdict(Operation::Create),
                "{profile:?} {p:?}"
            );
        }
    }
}

/// The import post-processors: amazon-import renames the imported AMI with a CopyImage when
/// ami_name is set, and sends the description and shares as the builders do; googlecompute-import
/// inserts the image, and registers no `clean_resource_name`, so a template using it stays
/// unknown.
#[test]
fn import_post_processors_of_both_clouds() {
    let out = packer(
        "build {\n  post-processor \"amazon-import\" {\n    ami_name = \"ab\"\n    ami_users = [\"12345\"]\n  }\n  post-processor \"googlecompute-import\" {\n    image_name = \"Web\"\n    image_family = \"web-{{timestamp | clean_resource_name}}\"\n  }\n}\n",
    );
    assert_eq!(
        codes(&out),
        vec![
            ("ami_name".to_string(), "TOO_SHORT", None),
            ("ami_users".to_string(), "BAD_ACCOUNT_ID", Some(0)),
            ("image_name".to_string(), "BAD_START", None),
        ]
    );
    let ops: Vec<&str> = out.findings.iter().map(|f| f.operation).collect();
    assert_eq!(ops, ["copy", "share", "import"]);
    assert_eq!(out.unknown.len(), 1);
    assert_eq!(out.unknown[0].attribute, "image_family");
    // Without ami_name the import keeps the name AWS gives it: nothing to judge.
    let out =
        packer("build {\n  post-processor \"amazon-import\" {\n    ami_name = \"\"\n  }\n}\n");
    assert!(out.findings.is_empty() && out.checked == 0);
}

/// An AMI resource type the table has no row for (the provider adds them: aws_ami_watermark) is
/// reported as not read, never passed over; other AWS and Google types are none of ours.
#[test]
fn unknown_ami_types_are_never_skipped_silently() {
    let plan = r#"{"format_version": "1.2", "resource_changes": [
      {"address": "aws_ami_watermark.w", "type": "aws_ami_watermark",
       "change": {"actions": ["create"], "before": null, "after": {}, "after_unknown": {}}},
      {"address": "aws_instance.i", "type": "aws_instance",
       "change": {"actions": ["create"], "before": null, "after": {}, "after_unknown": {}}},
      {"address": "google_compute_instance.i", "type": "google_compute_instance",
       "change": {"actions": ["create"], "before": null, "after": {}, "after_unknown": {}}}
    ]}"#;
    let out = image_preflight_cli::terraform::check(plan.as_bytes(), Profile::Latest).unwrap();
    let types: Vec<&str> = out
        .not_read
        .iter()
        .map(|n| n.resource_type.as_str())
        .collect();
    assert_eq!(types, ["aws_ami_watermark"]);
    assert!(out.not_read[0].reason.contains("not in the coverage table"));
}

/// Each AMI share setting, attribute and request parameter names the kind of principal it
/// holds: an account id in a group setting, or `all` in an account setting, is refused with
/// that kind's form alone, though the id would pass in the other setting.
#[test]
fn a_share_principal_is_judged_as_the_kind_its_setting_names() {
    let out = packer(
        "source \"amazon-ebs\" \"x\" {\n  ami_name = \"web\"\n  ami_users = [\"all\"]\n  ami_groups = [\"123456789012\"]\n}\n",
    );
    assert_eq!(
        codes(&out),
        vec![
            ("ami_users".to_string(), "BAD_ACCOUNT_ID", Some(0)),
            ("ami_groups".to_string(), "BAD_ACCOUNT_ID", Some(0)),
        ],
        "{:?}",
        out.findings
    );
    let expected = |i: usize| {
        let kinds = out.findings[i].violation.expected.unwrap();
        kinds.iter().map(|p| p.kind).collect::<Vec<_>>()
    };
    assert_eq!((expected(0), expected(1)), (vec!["account"], vec!["group"]));
    // The right kinds pass.
    let fine = packer(
        "source \"amazon-ebs\" \"x\" {\n  ami_name = \"web\"\n  ami_users = [\"123456789012\"]\n  ami_groups = [\"all\"]\n}\n",
    );
    assert!(fine.findings.is_empty(), "{:?}", fine.findings);

    let config = "resource \"aws_ami_launch_permission\" \"g\" {\n  image_id = \"ami-1\"\n  group = \"123456789012\"\n}\n\
resource \"aws_ami_launch_permission\" \"a\" {\n  image_id = \"ami-2\"\n  account_id = \"123456789012\"\n}\n";
    let out = image_preflight_cli::terraform_config::check(
        &[("main.tf".to_string(), config.to_string())],
        &Default::default(),
        Profile::Latest,
    )
    .unwrap();
    assert_eq!(
        codes(&out),
        vec![("group".to_string(), "BAD_ACCOUNT_ID", None)],
        "{:?}",
        out.findings
    );

    let body = br#"{"ImageId": "ami-1", "LaunchPermission": {"Add": [{"UserId": "123456789012"}, {"Group": "123456789012"}]}}"#;
    let checked = image_preflight_cli::request::check(
        body,
        Provider::Aws,
        "ModifyImageAttribute",
        Profile::Latest,
    )
    .unwrap();
    assert_eq!(
        codes(&checked.outcome),
        vec![(
            "LaunchPermission.Add".to_string(),
            "BAD_ACCOUNT_ID",
            Some(1)
        )],
        "{:?}",
        checked.outcome.findings
    );
}

/// Every share setting and share attribute names a kind of principal its cloud has, and every
/// Packer share list names one (kinds are matched to ids by position, so one without a kind
/// would leave its whole request judged by form alone).
#[test]
fn every_share_setting_names_a_principal_of_its_cloud() {
    let kinds = |p: Provider| -> Vec<&'static str> {
        let rules = p
            .rules()
            .share_rules()
            .expect("a share setting's cloud shares");
        rules.principals.iter().map(|k| k.kind).collect()
    };
    for b in image_preflight_cli::packer::BUILDERS {
        for s in b.settings.iter().filter(|s| s.operation == "share") {
            let kind = s
                .principal
                .unwrap_or_else(|| panic!("{} has no kind", s.name));
            assert!(kinds(b.provider).contains(&kind), "{}: {kind}", s.name);
        }
    }
    for r in image_preflight_cli::terraform::SHARE_RESOURCES {
        assert!(
            kinds(r.provider).contains(&r.principal),
            "{}.{}: {}",
            r.resource_type,
            r.accounts,
            r.principal
        );
    }
}

/// RegisterImage is read as an action of its own and judged with CreateImage's rules; a cloud
/// without it names the actions it has.
#[test]
fn register_image_requests_are_judged_as_create_image() {
    let checked = image_preflight_cli::request::check(
        br#"{"Name": "ab", "Description": "x", "Architecture": "arm64"}"#,
        Provider::Aws,
        "RegisterImage",
        Profile::Latest,
    )
    .unwrap();
    let found: Vec<_> = (checked.outcome.findings.iter())
        .map(|f| (f.attribute.as_str(), f.operation, f.violation.code.key()))
        .collect();
    assert_eq!(found, [("Name", "create", "TOO_SHORT")]);
    assert_eq!(checked.not_judged, ["Architecture"]);
    let err = image_preflight_cli::request::check(
        b"{}",
        Provider::Tencent,
        "RegisterImage",
        Profile::Latest,
    )
    .unwrap_err();
    assert!(err.to_string().contains("expected one of"), "{err}");
}
