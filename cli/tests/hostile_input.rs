//! Hostile input through the readers (issue 22): share lists linear and without underflow,
//! nothing dropped (aliases, repeated keys, folder entries), no secret printed.

mod common;

use common::*;
use serde_json::Value;
use std::process::Command;

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
