//! Hostile and huge input through the binary (issue 22): closed pipes and full disks, caps on
//! lines and values, bounded output, duplicates and aliases, secrets, and text safe for logs.

use serde_json::Value;
use std::io::Write;
use std::process::{Child, Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_image-preflight"))
}

/// Runs with `input` on stdin (written from a thread: the child may stop reading early).
fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    feed_and_wait(child, input)
}

fn feed_and_wait(mut child: Child, input: &[u8]) -> Output {
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            stderr(out)
        )
    })
}

/// Exit 2 with `needle` in the message, and no panic.
fn refused(out: &Output, needle: &str) {
    let e = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{e}");
    assert!(e.contains(needle), "{e:?} lacks {needle:?}");
    assert!(!e.contains("panicked"), "{e}");
}

/// A plan of `resources` (each a JSON object of one resource change).
fn plan(resources: &[String]) -> Vec<u8> {
    format!(
        r#"{{"format_version": "1.2", "resource_changes": [{}]}}"#,
        resources.join(",")
    )
    .into_bytes()
}

fn image(address_name: &str, after: &str) -> String {
    format!(
        r#"{{"address": "alicloud_image.{address_name}", "mode": "managed", "type": "alicloud_image",
            "change": {{"actions": ["create"], "before": null, "after": {after}, "after_unknown": {{}}}}}}"#
    )
}

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
