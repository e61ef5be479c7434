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

// ---- share lists: linear, and no underflow ----

mod counted {
    use std::cell::Cell;
    use std::cmp::Ordering;

    thread_local!(pub static COMPARISONS: Cell<usize> = const { Cell::new(0) });

    /// An account id that counts every comparison made of it.
    #[derive(PartialEq, Eq)]
    pub struct Id(pub u64);

    impl PartialOrd for Id {
        fn partial_cmp(&self, other: &Id) -> Option<Ordering> {
            Some(self.cmp(other))
        }
    }

    impl Ord for Id {
        fn cmp(&self, other: &Id) -> Ordering {
            COMPARISONS.with(|c| c.set(c.get() + 1));
            self.0.cmp(&other.0)
        }
    }
}

/// Comparisons per account of the share-list diff, on the worst cases: the lists disjoint,
/// equal, and one the other reversed.
fn comparisons_per_account(n: u64) -> f64 {
    use counted::{COMPARISONS, Id};
    let mut worst = 0;
    let a: Vec<Id> = (0..n).map(Id).collect();
    for b in [
        (n..2 * n).map(Id).collect::<Vec<_>>(),
        (0..n).map(Id).collect(),
        (0..n).rev().map(Id).collect(),
    ] {
        COMPARISONS.with(|c| c.set(0));
        let (left, right) = (a.iter().collect::<Vec<_>>(), b.iter().collect::<Vec<_>>());
        let (leaves, joins) = image_preflight_cli::shares::diff(&left, &right);
        assert_eq!(leaves.len() + joins.len(), 2 * n as usize);
        worst = worst.max(COMPARISONS.with(|c| c.get()));
    }
    worst as f64 / n as f64
}

#[test]
fn share_list_diff_work_grows_like_n_log_n() {
    // Pairwise comparison (the old reader) made n / 2 comparisons per account: 50,000 at
    // 100k accounts, 40 s for a 3 MB plan.
    let small = comparisons_per_account(1_000);
    let big = comparisons_per_account(64_000);
    assert!(
        big <= 2.0 * small,
        "{small} -> {big} comparisons per account"
    );
    assert!(big <= 8.0 * 17.0, "{big} comparisons per account at 64k");
}

fn share(address: &str, actions: &str, before: Option<&str>, after: Option<&str>) -> String {
    let side = |account: Option<&str>| {
        account.map_or("null".to_string(), |a| {
            format!(r#"{{"image_id": "m-1", "account_id": "{a}"}}"#)
        })
    };
    format!(
        r#"{{"address": "alicloud_image_share_permission.{address}", "mode": "managed",
            "type": "alicloud_image_share_permission",
            "change": {{"actions": [{actions}], "before": {}, "after": {}, "after_unknown": {{}}}}}}"#,
        side(before),
        side(after)
    )
}

/// `(address, code)` of every finding.
fn found(v: &Value) -> Vec<(String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["address"].as_str().unwrap().to_string(),
                f["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn two_deletions_of_one_account_neither_underflow_nor_misplace_the_quota_finding() {
    // One account shared today by two resources, both deleted; 51 new accounts: the 51st
    // addition is the one past Alibaba's 50. Counting removals (2) against accounts (1)
    // underflowed: a panic with overflow checks, the finding on the wrong resource without.
    let mut rs = vec![
        share("gone_a", r#""delete""#, Some("1000"), None),
        share("gone_b", r#""delete""#, Some("1000"), None),
    ];
    rs.extend((0..51).map(|i| {
        share(
            &format!("new{i}"),
            r#""create""#,
            None,
            Some(&format!("{}", 2000 + i)),
        )
    }));
    let out = run_stdin(&["terraform", "-", "--format", "json"], &plan(&rs));
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json(&out);
    assert!(
        found(&v).contains(&(
            "alicloud_image_share_permission.new50".into(),
            "OVER_QUOTA".into()
        )),
        "{:?}",
        found(&v)
    );
    // 49 kept, one account removed twice, three added: the second addition is the 51st.
    let mut rs: Vec<String> = (0..49)
        .map(|i| {
            let a = format!("{}", 3000 + i);
            share(&format!("kept{i}"), r#""no-op""#, Some(&a), Some(&a))
        })
        .collect();
    rs.push(share("gone_a", r#""delete""#, Some("1000"), None));
    rs.push(share("gone_b", r#""delete""#, Some("1000"), None));
    rs.extend((0..3).map(|i| {
        share(
            &format!("new{i}"),
            r#""create""#,
            None,
            Some(&format!("{}", 2000 + i)),
        )
    }));
    let out = run_stdin(&["terraform", "-", "--format", "json"], &plan(&rs));
    let v = json(&out);
    let quota: Vec<_> = found(&v)
        .into_iter()
        .filter(|(_, c)| c == "OVER_QUOTA")
        .collect();
    assert_eq!(
        quota,
        [(
            "alicloud_image_share_permission.new1".to_string(),
            "OVER_QUOTA".to_string()
        )]
    );
    assert_eq!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "OVER_QUOTA")
            .unwrap()["actual"],
        52
    );
}

// ---- nothing dropped ----

fn request(action: &str, body: &str) -> Output {
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

#[test]
fn request_index_aliases_are_refused_not_collapsed() {
    // AddAccount.1 and AddAccount.01 went into one slot: one account dropped, the request passed.
    for alias in [
        "01",
        "+1",
        " 1",
        "1 ",
        "0",
        "-1",
        "00",
        "99999999999999999999999",
    ] {
        let body = format!(
            r#"{{"ImageId": "m-1", "AddAccount.1": "1234567890", "AddAccount.{alias}": "bad id"}}"#
        );
        let out = request("ModifyImageSharePermission", &body);
        refused(
            &out,
            &format!("\"AddAccount.{alias}\": a list index is written AddAccount.1"),
        );
    }
    // Plain indexes are still gathered, in index order; a name after a dot is not an index.
    let body = r#"{"ImageId": "m-1", "AddAccount.2": "222", "AddAccount.10": "x", "AddAccount.1": "111", "Tag.Key": "k"}"#;
    let out = request("ModifyImageSharePermission", body);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["findings"][0]["code"], "BAD_ACCOUNT_ID");
    assert_eq!(v["findings"][0]["index"], 2);
    assert_eq!(v["not_judged"], serde_json::json!(["ImageId", "Tag.Key"]));
}

#[test]
fn a_key_given_twice_is_refused_with_its_place() {
    // serde_json keeps the last of two keys: the first value was never checked.
    let body = "{\"ImageId\": \"m-1\",\n \"ImageName\": \"1bad\", \"ImageName\": \"good\"}";
    refused(
        &request("ModifyImageAttribute", body),
        "line 2, column 33: not a request body: the key \"ImageName\" is given twice",
    );
    let p = plan(&[image(
        "dup",
        "{\"image_name\": \"1bad\",\n  \"image_name\": \"ok\"}",
    )]);
    refused(
        &run_stdin(&["terraform", "-"], &p),
        "line 3, column 14: alicloud_image.dup: change.after: the key \"image_name\" is given twice",
    );
    // The plan's own structure: `after` twice in one change.
    let twice = r#"{"format_version": "1.2", "resource_changes": [{"address": "a", "type": "alicloud_image",
        "change": {"actions": ["create"], "after": {"image_name": "1bad"}, "after": {"image_name": "ok"}}}]}"#;
    refused(
        &run_stdin(&["terraform", "-"], twice.as_bytes()),
        "not a plan: duplicate field `after`",
    );
    let legacy =
        r#"{"builders": [{"type": "alicloud-ecs", "image_name": "1bad", "image_name": "ok"}]}"#;
    refused(
        &run_stdin(&["packer", "-"], legacy.as_bytes()),
        "not a Packer JSON template: the key \"image_name\" is given twice",
    );
    let hcl =
        "source \"alicloud-ecs\" \"x\" {\n  image_name = \"1bad\"\n  image_name = \"ok\"\n}\n";
    refused(
        &run_stdin(&["packer", "-"], hcl.as_bytes()),
        "line 3, column 3: not a Packer HCL2 template",
    );
}

#[cfg(unix)]
#[test]
fn a_packer_folder_lists_what_it_does_not_read_and_never_opens_a_fifo() {
    use std::os::unix::ffi::OsStrExt;
    let dir = std::env::temp_dir().join(format!("ipf-folder-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let template = "source \"alicloud-ecs\" \"x\" {\n  image_name = \"1bad\"\n}\n";
    // A FIFO would block an open() until a writer came: it must be listed, not opened.
    let fifo = dir.join("a-fifo.pkr.hcl");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::net::UnixListener::bind(dir.join("b-socket.pkr.json")).unwrap();
    std::os::unix::fs::symlink("/dev/null", dir.join("c-device.pkr.hcl")).unwrap();
    std::fs::create_dir(dir.join("d-dir.pkr.hcl")).unwrap();
    // A name that is not UTF-8 is read like any other.
    let odd = std::ffi::OsStr::from_bytes(b"e-\xff.pkr.hcl");
    std::fs::write(dir.join(odd), template).unwrap();
    let out = bin()
        .args(["packer", dir.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    let text = bin()
        .args(["packer", dir.to_str().unwrap()])
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v["findings"][0]["code"], "BAD_START");
    let skipped: Vec<(String, String)> = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let path = s["path"].as_str().unwrap();
            let name = path.rsplit('/').next().unwrap().to_string();
            (name, s["reason"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(
        skipped,
        [
            (
                "a-fifo.pkr.hcl".into(),
                "a FIFO (named pipe), not read".into()
            ),
            ("b-socket.pkr.json".into(), "a socket, not read".into()),
            ("c-device.pkr.hcl".into(), "a device, not read".into()),
            ("d-dir.pkr.hcl".into(), "a directory, not read".into()),
        ]
    );
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("a-fifo.pkr.hcl: skipped: a FIFO (named pipe), not read\n"),
        "{text}"
    );
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

// ---- secrets ----

#[test]
fn values_marked_sensitive_are_judged_but_never_printed() {
    let secrets = [
        "TOPSECRET-9f8e7d",
        "http://",
        "@@##$$%%",
        "456secretacct",
        "img-SECRETIMG",
        "SECRETACCT2",
    ];
    let image = r#"{"address": "alicloud_image.s", "mode": "managed", "type": "alicloud_image",
        "change": {"actions": ["create"], "before": null,
          "after": {"image_name": "http://TOPSECRET-9f8e7d @@##$$%%", "description": "ok"},
          "after_unknown": {}, "before_sensitive": false, "after_sensitive": {"image_name": true}}}"#;
    let list = r#"{"address": "tencentcloud_cvm_image_share_permission.s", "mode": "managed",
        "type": "tencentcloud_cvm_image_share_permission",
        "change": {"actions": ["create"], "before": null,
          "after": {"image_id": "img-SECRETIMG", "account_ids": ["123", "456secretacct"]},
          "after_unknown": {}, "after_sensitive": {"image_id": true, "account_ids": [false, true]}}}"#;
    let whole = r#"{"address": "alicloud_image_share_permission.s", "mode": "managed",
        "type": "alicloud_image_share_permission",
        "change": {"actions": ["delete"], "before": {"image_id": "m-1", "account_id": "SECRETACCT2"},
          "after": null, "after_unknown": {}, "before_sensitive": true, "after_sensitive": false}}"#;
    let p = plan(&[image.to_string(), list.to_string(), whole.to_string()]);
    for args in [
        &["terraform", "-"][..],
        &["terraform", "-", "--format", "json"],
        &["terraform", "-", "--full-values"],
        &[
            "terraform",
            "-",
            "--format",
            "json",
            "--full-values",
            "--lang",
            "zh",
        ],
    ] {
        let out = run_stdin(args, &p);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        for secret in secrets {
            for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
                assert!(
                    !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                    "{args:?}: {secret:?} in {stream}: {}",
                    String::from_utf8_lossy(bytes)
                );
            }
        }
        assert!(String::from_utf8_lossy(&out.stdout).contains("(sensitive)"));
    }
    // Judged all the same: the name's faults, the bad account ids.
    let v = json(&run_stdin(&["terraform", "-", "--format", "json"], &p));
    let codes: Vec<(&str, &str, bool)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["address"].as_str().unwrap(),
                f["code"].as_str().unwrap(),
                f["sensitive"] == true,
            )
        })
        .collect();
    assert!(
        codes.contains(&("alicloud_image.s", "FORBIDDEN_PREFIX", true)),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("alicloud_image.s", "BAD_CHAR", true)),
        "{codes:?}"
    );
    assert!(
        codes.contains(&(
            "tencentcloud_cvm_image_share_permission.s",
            "BAD_ACCOUNT_ID",
            true
        )),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("alicloud_image_share_permission.s", "BAD_ACCOUNT_ID", true)),
        "{codes:?}"
    );
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "BAD_ACCOUNT_ID")
        .unwrap();
    assert_eq!(f["value"], "(sensitive)");
    assert_eq!(f["found"], "(sensitive)");
    assert_eq!(f["image_id"], "(sensitive)");
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
