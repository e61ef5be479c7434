//! Hostile and huge input through the binary (issue 22), the output side: closed pipes and
//! full disks, caps on lines and values, bounded excerpts, text safe for logs.

mod common;

use common::*;
use serde_json::Value;
use std::process::Stdio;

// ---- output: closed pipes and full disks ----

/// Every command that prints more than a pipe holds, with the reader of its output gone.
fn big_outputs() -> Vec<(Vec<String>, Vec<u8>)> {
    let many_findings: Vec<String> = (0..2000)
        .map(|i| image(&format!("i{i}"), r#"{"image_name": "1bad"}"#))
        .collect();
    let lines: Vec<u8> = "1bad\n".repeat(50_000).into_bytes();
    let v = |args: &[&str]| args.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    vec![
        (v(&["rules", "--format", "json"]), Vec::new()),
        (v(&["terraform", "-"]), plan(&many_findings)),
        (
            v(&["terraform", "-", "--format", "json"]),
            plan(&many_findings),
        ),
        (
            v(&[
                "check",
                "--provider",
                "alibaba",
                "--field",
                "name",
                "--input",
                "-",
            ]),
            lines,
        ),
    ]
}

#[test]
fn a_closed_pipe_ends_quietly_with_status_141() {
    for (args, input) in big_outputs() {
        let mut child = bin()
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before (or while) the command writes: as `| head -c0`.
        drop(child.stdout.take());
        let out = feed_and_wait(child, &input);
        assert_eq!(out.status.code(), Some(141), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}

#[test]
fn a_full_disk_is_exit_2_with_a_message() {
    for (args, input) in big_outputs() {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full exists on Linux");
        let child = bin()
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(full)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = feed_and_wait(child, &input);
        refused(&out, "cannot write the output: No space left on device");
    }
}

// ---- caps on lines and values ----

const LIMIT: usize = 4 << 20;

#[test]
fn check_input_caps_a_line_at_the_library_size_limit() {
    let args = [
        "check",
        "--provider",
        "alibaba",
        "--field",
        "name",
        "--input",
    ];
    // /dev/zero has no newline: before the cap it grew ~400 MB/s until the machine gave out.
    let out = bin().args(args).arg("/dev/zero").output().unwrap();
    refused(
        &out,
        "line 1: the value is 4194306 bytes or more; the limit is 4194304 bytes",
    );
    let mut input = b"ok\n".to_vec();
    input.extend(std::iter::repeat_n(b'a', LIMIT + 1));
    input.push(b'\n');
    let out = run_stdin(&[&args[..], &["-"]].concat(), &input);
    refused(&out, "<stdin>: line 2: the value is 4194305 bytes or more");
    // Exactly the limit, with a CRLF: checked (too long for a name).
    let mut input = vec![b'a'; LIMIT];
    input.extend_from_slice(b"\r\n");
    let out = run_stdin(&[&args[..], &["-"]].concat(), &input);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

#[test]
fn every_reader_refuses_a_value_over_the_limit_naming_its_place() {
    let big = "a".repeat(LIMIT + 1);
    let out = run_stdin(
        &["terraform", "-"],
        &plan(&[image("big", &format!(r#"{{"image_name": "{big}"}}"#))]),
    );
    refused(
        &out,
        "alicloud_image.big: image_name: the value is 4194305 bytes or more",
    );
    let hcl = format!("source \"alicloud-ecs\" \"x\" {{\n  image_name = \"{big}\"\n}}\n");
    let out = run_stdin(&["packer", "-"], hcl.as_bytes());
    refused(
        &out,
        "source.alicloud-ecs.x: image_name: the value is 4194305 bytes",
    );
    let legacy =
        format!(r#"{{"builders": [{{"type": "alicloud-ecs", "image_description": "{big}"}}]}}"#);
    let out = run_stdin(&["packer", "-"], legacy.as_bytes());
    refused(
        &out,
        "builders[0]: image_description: the value is 4194305 bytes",
    );
    let body = format!(r#"{{"ImageId": "m-1", "ImageName": "{big}"}}"#);
    let out = run_stdin(
        &[
            "request",
            "--provider",
            "alibaba",
            "--action",
            "ModifyImageAttribute",
            "-",
        ],
        body.as_bytes(),
    );
    refused(&out, "ImageName: the value is 4194305 bytes");
    let body = format!(r#"{{"ImageId": "m-1", "AddAccount.1": "{big}"}}"#);
    let out = run_stdin(
        &[
            "request",
            "--provider",
            "alibaba",
            "--action",
            "ModifyImageSharePermission",
            "-",
        ],
        body.as_bytes(),
    );
    refused(&out, "AddAccount[0]: the value is 4194305 bytes");
}

// ---- bounded output ----

#[test]
fn a_finding_quotes_a_bounded_excerpt_unless_full_values_is_asked() {
    // A 1 MiB name with a space every 4 KiB: 33 faults (32 runs, then too long). Each finding
    // copied and printed the whole value: 33 MiB of JSON for a 1 MiB plan.
    let chunk = format!("{} ", "a".repeat(4095));
    let name = format!("中{}", chunk.repeat(256));
    let p = plan(&[image("big", &format!(r#"{{"image_name": "{name}"}}"#))]);
    let out = run_stdin(&["terraform", "-", "--format", "json"], &p);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json(&out);
    let findings = v["findings"].as_array().unwrap();
    assert!(findings.len() >= 33, "{}", findings.len());
    // Every byte counted: a fixed part per finding and at most MAX_EXCERPT_BYTES of value,
    // escaped (a char of the value takes at most 6 bytes of JSON).
    let per_finding = 1200 + 6 * image_preflight_cli::excerpt::MAX_EXCERPT_BYTES;
    assert!(
        out.stdout.len() <= findings.len() * per_finding,
        "{} bytes for {} findings",
        out.stdout.len(),
        findings.len()
    );
    for f in findings {
        let value = f["value"].as_str().unwrap();
        let at = &f["value_excerpt"];
        let (b0, b1) = (
            at["byte_start"].as_u64().unwrap() as usize,
            at["byte_end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&name[b0..b1], value, "the excerpt is the value's own bytes");
        assert_eq!(at["value_bytes"], name.len());
        assert_eq!(
            at["char_start"].as_u64().unwrap() as usize,
            name[..b0].chars().count()
        );
        let span = &f["span"];
        assert!(span["byte_start"].as_u64().unwrap() as usize >= b0);
        assert!(
            f["found"].as_str().map_or(0, str::len) <= image_preflight_cli::excerpt::FAULT_BYTES
        );
    }
    // The stretched last run quotes the rest of the value: cut, and said so.
    assert!(findings.iter().any(|f| f["found_truncated"] == true));
    let text = run_stdin(&["terraform", "-"], &p);
    assert!(
        text.stdout.len() <= findings.len() * per_finding,
        "{}",
        text.stdout.len()
    );
    assert!(String::from_utf8_lossy(&text.stdout).contains("  …aaa"));
    // On request, every value whole.
    let full = run_stdin(&["terraform", "-", "--format", "json", "--full-values"], &p);
    let v = json(&full);
    assert_eq!(v["findings"][0]["value"].as_str(), Some(name.as_str()));
    assert_eq!(v["findings"][0]["value_excerpt"], Value::Null);
}

// ---- output safe for logs ----

/// No line of `bytes` can start a CI annotation, and no control, C1 or bidi char is left.
fn safe_for_logs(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for line in text.lines() {
        assert!(!line.trim_start().starts_with("::"), "{what}: {line:?}");
    }
    let bad = text.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    });
    assert_eq!(bad, None, "{what}: {text:?}");
}

#[test]
fn text_output_escapes_control_characters_and_json_stays_exact() {
    let evil = "x\n::error file=a::injected\u{1b}[2J\r\u{9b}31m\u{202e}";
    let address = serde_json::to_string(&format!("alicloud_image.{evil}")).unwrap();
    let value = serde_json::to_string(&format!("1{evil}")).unwrap();
    let resource = format!(
        r#"{{"address": {address}, "mode": "managed", "type": "alicloud_image",
            "change": {{"actions": ["create"], "before": null, "after": {{"image_name": {value}}},
            "after_unknown": {{}}}}}}"#
    );
    let unknown = format!(
        r#"{{"address": {address}, "mode": "managed", "type": "alicloud_image",
            "change": {{"actions": ["create"], "before": null, "after": {{}},
            "after_unknown": {{"description": true}}}}}}"#
    );
    let p = plan(&[resource, unknown]);
    let out = run_stdin(&["terraform", "-"], &p);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    safe_for_logs("terraform", &out.stdout);
    assert!(String::from_utf8_lossy(&out.stdout).contains(
        "alicloud_image.x\\n::error file=a::injected\\u{1b}[2J\\r\\u{9b}31m\\u{202e}: image_name"
    ));
    // JSON keeps every char exactly.
    let v = json(&run_stdin(&["terraform", "-", "--format", "json"], &p));
    assert_eq!(
        v["findings"][0]["address"],
        format!("alicloud_image.{evil}")
    );
    assert_eq!(v["findings"][0]["value"], format!("1{evil}"));
    // A Packer label, a request parameter's name, a share account, an error's place.
    let hcl = "source \"alicloud-ecs\" \"a\\n::error::x\\u001b[31m\" {\n  image_name = \"1bad\\u001b\"\n}\n";
    let out = run_stdin(&["packer", "-"], hcl.as_bytes());
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    safe_for_logs("packer", &out.stdout);
    let body = r#"{"ImageId": "m-1", "ImageName": "ok", "X\n::error::y\u001b": 1}"#;
    let out = request("ModifyImageAttribute", body);
    let text = run_stdin(
        &[
            "request",
            "--provider",
            "alibaba",
            "--action",
            "ModifyImageAttribute",
            "-",
        ],
        body.as_bytes(),
    );
    assert_eq!(text.status.code(), Some(0), "{}", stderr(&out));
    safe_for_logs("request", &text.stdout);
    let out = bin()
        .args([
            "share",
            "--provider",
            "alibaba",
            "--owner",
            "1",
            "--add",
            "12\u{1b}[31m\n::error::x",
        ])
        .output()
        .unwrap();
    safe_for_logs("share", &out.stdout);
    let out = bin()
        .args(["terraform", "no\n::error::such\u{1b}[31m"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    safe_for_logs("error", &out.stderr);
}

#[test]
fn check_input_prints_each_value_once_and_cuts_long_quotes() {
    // 4 MiB of "a ": 32 runs of bad characters, the last stretched over the rest; its quote was
    // the rest of the value, printed again in the message with every space spelled U+0020.
    let mut line = "a ".repeat(LIMIT / 2 - 1);
    line.push('\n');
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
        line.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        out.stdout.len() <= line.len() + 64 * 1024,
        "{} bytes out for {} in",
        out.stdout.len(),
        line.len()
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["value"].as_str().unwrap().len(), line.len() - 1);
    let last = v["violations"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["found_truncated"], true, "{last}");
    assert!(
        last["message"].as_str().unwrap().ends_with("…\"."),
        "{last}"
    );
}

#[test]
fn check_quotes_a_long_value_around_each_fault() {
    // 100 KB of "a ": 33 faults, each marker line was as long as the value.
    let name = "a ".repeat(50_000);
    let out = bin()
        .args(["check", "--provider", "alibaba", "--name", &name])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    let faults = text.matches("InvalidImageName.Malformed").count();
    assert!(faults >= 33, "{text}");
    assert!(
        out.stdout.len() <= faults * 1500,
        "{} bytes",
        out.stdout.len()
    );
    assert!(text.contains("  a a a"));
}
