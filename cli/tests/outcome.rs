//! The command line renders the outcome layer: the same rules of use as every other face, the
//! deprecation switch, the delete check, and summary lines in the chosen language.

mod common;

use common::{json, run};
use serde_json::Value;
use std::process::{Command, Output};

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn check_takes_the_deprecation_switch() {
    // Volcengine has no deprecation switch: the request is refused, not the flag.
    let out = run(&[
        "check",
        "--provider",
        "volcengine",
        "--deprecated",
        "true",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let v = json(&out);
    assert_eq!(v["violations"][0]["field"], "deprecation");
    assert_eq!(v["violations"][0]["code"], "NOT_SUPPORTED");
    assert_eq!(v["kind"], "request");
    assert_eq!(v["operation"], "modify");
    // The switch alone is a request (Tencent has it).
    let out = run(&["check", "--provider", "tencent", "--deprecated", "false"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

#[test]
fn check_refuses_the_same_bad_calls_as_every_face() {
    // No field: refused for every provider, naming the flags a request may send.
    for p in image_preflight::Provider::ALL.iter().map(|p| p.key()) {
        let out = run(&["check", "--provider", p]);
        assert_eq!(out.status.code(), Some(2), "{p}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("at least one of: --name, --description, --family, --boot-mode")
                && err.trim_end().ends_with("--deprecated"),
            "{p}: {err}"
        );
    }
    let out = run(&[
        "check",
        "--provider",
        "tencent",
        "--operation",
        "create",
        "--name",
        "x",
        "--image-kind",
        "shared-in",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("operation \"modify\" only"), "{err}");
    let out = run(&["check", "--provider", "azure", "--name", "x"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("known: {}", image_preflight::Provider::KNOWN)),
        "{err}"
    );
}

#[test]
fn delete_is_judged_against_the_image() {
    let out = run(&[
        "delete",
        "--provider",
        "volcengine",
        "--owner",
        "2100000001",
        "--shared-with",
        "2100000002",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let v = json(&out);
    assert_eq!(v["kind"], "delete");
    assert_eq!(v["violations"][0]["code"], "IMAGE_SHARED");
    let out = run(&[
        "delete",
        "--provider",
        "volcengine",
        "--owner",
        "2100000001",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "ok\n");
}

#[test]
fn summary_lines_follow_the_language_and_numbers_agree() {
    let out = run(&[
        "share",
        "--provider",
        "alibaba",
        "--owner",
        "1000000000000001",
        "--add",
        "1000000000000002",
    ]);
    assert!(
        stdout(&out).ends_with("ok: shared with 1 account\n"),
        "{}",
        stdout(&out)
    );
    let out = run(&[
        "share",
        "--provider",
        "alibaba",
        "--owner",
        "1000000000000001",
        "--add",
        "1000000000000002",
        "--lang",
        "zh",
    ]);
    assert!(
        stdout(&out).ends_with("通过：共享给 1 个账号\n"),
        "{}",
        stdout(&out)
    );
    let out = run(&["check", "--provider", "tencent", "--name", "a"]);
    assert!(
        stdout(&out).starts_with("name: ok (1 char, 1 byte, 1 UTF-16 unit, 1 grapheme)"),
        "{}",
        stdout(&out)
    );
    let out = run(&[
        "check",
        "--provider",
        "tencent",
        "--name",
        "a",
        "--lang",
        "zh",
    ]);
    assert!(
        stdout(&out).starts_with("name：通过（1 个字符"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn share_and_plan_say_what_was_asked() {
    let out = run(&[
        "plan-share",
        "--provider",
        "tencent",
        "--owner",
        "100000000001",
        "--shared-with",
        "100000000002",
        "--desired",
        "100000000003",
        "--format",
        "json",
    ]);
    let v = json(&out);
    assert_eq!(v["kind"], "plan");
    assert_eq!(v["provider"], "tencent");
    assert_eq!(v["profile"], "latest");
    assert_eq!(v["requests"][0]["Permission"], "CANCEL");
}

/// Runs the repository's schema validator over `(schema, stdout)` pairs.
fn validate(docs: &[(&str, String)]) {
    use std::io::Write;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut child = Command::new("python3")
        .arg(root.join("tests/schema/validate.py"))
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs the schema validator");
    {
        let mut stdin = child.stdin.take().unwrap();
        for (name, doc) in docs {
            let one_line: Value =
                serde_json::from_str(doc).unwrap_or_else(|e| panic!("{e}: {doc}"));
            writeln!(stdin, "{name}\t{one_line}").unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_json_output_fits_the_published_schemas() {
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let runs: Vec<(&str, Vec<String>)> = vec![
        (
            "report",
            vec![
                "check",
                "--provider",
                "alibaba",
                "--name",
                "1abc",
                "--description",
                "http://x",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
        ),
        (
            "report",
            vec![
                "check",
                "--provider",
                "tencent",
                "--name",
                "ok",
                "--image-kind",
                "shared-in",
                "--lang",
                "zh",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
        ),
        (
            "report",
            vec![
                "check",
                "--provider",
                "alibaba",
                "--boot-mode",
                "uefi",
                "--deprecated",
                "true",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
        ),
        (
            "share",
            vec![
                "share",
                "--provider",
                "tencent",
                "--owner",
                "100000000001",
                "--add",
                "100000000002",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
        ),
        (
            "share",
            vec![
                "share",
                "--provider",
                "alibaba",
                "--owner",
                "1",
                "--add",
                "1,x",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
        ),
        (
            "plan",
            vec![
                "plan-share",
                "--provider",
                "volcengine",
                "--owner",
                "2100000001",
                "--shared-with",
                "2100000002",
                "--desired",
                "2100000003",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
        ),
        (
            "delete",
            vec![
                "delete",
                "--provider",
                "volcengine",
                "--owner",
                "2100000001",
                "--shared-with",
                "2100000002",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
        ),
        (
            "pipeline",
            vec![
                "terraform".into(),
                format!("{fixtures}/terraform/mixed.json"),
            ],
        ),
        (
            "pipeline",
            vec![
                "terraform".into(),
                format!("{fixtures}/terraform/shares_51.json"),
            ],
        ),
        (
            "pipeline",
            vec!["packer".into(), format!("{fixtures}/packer")],
        ),
        (
            "pipeline",
            vec![
                "request".into(),
                "--provider".into(),
                "tencent".into(),
                "--action".into(),
                "ModifyImageSharePermission".into(),
                format!("{fixtures}/request/tencent_share.json"),
            ],
        ),
    ];
    let mut docs = Vec::new();
    for (schema, mut args) in runs {
        args.extend(["--format".to_string(), "json".to_string()]);
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&argv);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{argv:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        docs.push((schema, stdout(&out)));
    }
    validate(&docs);
}
