//! What the command line's tests share: running the binary, feeding it, reading its answer,
//! the fixtures and their findings. Each test file uses some of these.
#![allow(dead_code)]

use serde_json::Value;
use std::io::Write;
use std::process::{Child, Command, Output, Stdio};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_image-preflight"))
}

/// The path of a file or folder under `cli/tests/fixtures/`.
pub fn fixture(path: &str) -> String {
    let p: std::path::PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", path]
        .iter()
        .collect();
    p.to_string_lossy().into_owned()
}

/// Runs the binary with `args` to its end.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("the binary runs")
}

/// Runs with `input` on stdin (written from a thread: the child may stop reading early).
pub fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    feed_and_wait(child, input)
}

pub fn feed_and_wait(mut child: Child, input: &[u8]) -> Output {
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            stderr(out)
        )
    })
}

/// Exit 2 with `needle` in the message, and no panic.
pub fn refused(out: &Output, needle: &str) {
    let e = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{e}");
    assert!(e.contains(needle), "{e:?} lacks {needle:?}");
    assert!(!e.contains("panicked"), "{e}");
}

/// A plan of `resources` (each a JSON object of one resource change).
pub fn plan(resources: &[String]) -> Vec<u8> {
    format!(
        r#"{{"format_version": "1.2", "resource_changes": [{}]}}"#,
        resources.join(",")
    )
    .into_bytes()
}

pub fn image(address_name: &str, after: &str) -> String {
    format!(
        r#"{{"address": "alicloud_image.{address_name}", "mode": "managed", "type": "alicloud_image",
            "change": {{"actions": ["create"], "before": null, "after": {after}, "after_unknown": {{}}}}}}"#
    )
}

pub fn request(action: &str, body: &str) -> Output {
    run_stdin(
        &[
            "request",
            "--provider",
            "alibaba",
            "--action",
            action,
            "-",
            "--format",
            "json",
        ],
        body.as_bytes(),
    )
}

/// A placed finding: (address, attribute, code, line, column).
pub type Placed = (String, String, String, u64, u64);

/// Every finding of a `--format json` answer, placed (line and column 0 where it has none).
pub fn placed(v: &Value) -> Vec<Placed> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["address"].as_str().unwrap().to_string(),
                f["attribute"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap_or(0),
                f["column"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

/// A placed finding, written short.
pub fn f(a: &str, b: &str, c: &str, l: u64, col: u64) -> Placed {
    (a.into(), b.into(), c.into(), l, col)
}
