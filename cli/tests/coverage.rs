//! The coverage table (cli/src/coverage.rs) held to the readers, to the library and to
//! docs/pipelines.md; and every setting it marks as read probed with a refused value.
//!
//! Regenerate the page's table with `IMAGE_PREFLIGHT_BLESS=1 cargo test -p image-preflight-cli
//! --test coverage`.

use image_preflight::{Operation, Profile, Provider, validate};
use image_preflight_cli::coverage::{Reach, Tool, markdown, read_by_the_readers, rows};
use image_preflight_cli::{packer, terraform};
use std::collections::BTreeSet;

const BEGIN: &str = "<!-- coverage:begin (generated from cli/src/coverage.rs) -->\n";
const END: &str = "<!-- coverage:end -->";

#[test]
fn docs_show_the_table() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/pipelines.md");
    let page = std::fs::read_to_string(path).unwrap();
    let (Some(b), Some(e)) = (page.find(BEGIN), page.find(END)) else {
        panic!("docs/pipelines.md has no coverage markers");
    };
    let want = markdown();
    let have = &page[b + BEGIN.len()..e];
    if have != want {
        if std::env::var_os("IMAGE_PREFLIGHT_BLESS").is_some() {
            let fresh = format!("{}{want}{}", &page[..b + BEGIN.len()], &page[e..]);
            std::fs::write(path, fresh).unwrap();
        } else {
            panic!(
                "docs/pipelines.md's coverage table is stale: run IMAGE_PREFLIGHT_BLESS=1 cargo test -p image-preflight-cli --test coverage"
            );
        }
    }
}

/// Every setting a reader reads has a row marked read, with the same field and call; every row
/// marked read is read by a reader; every other row says why not.
#[test]
fn the_table_and_the_readers_agree_both_ways() {
    let table = rows();
    let mut seen = BTreeSet::new();
    for r in &table {
        assert!(
            seen.insert((r.tool.key(), r.component, r.setting, r.operation)),
            "{} {} listed twice",
            r.component,
            r.setting
        );
        assert!(
            !r.source.is_empty(),
            "{} {} has no source",
            r.component,
            r.setting
        );
        if let Reach::NotRead(why) = r.reach {
            assert!(why.len() > 10, "{} {}: no reason", r.component, r.setting);
        }
    }
    let read = read_by_the_readers();
    for (tool, component, setting, op, field) in &read {
        let row = table.iter().find(|r| {
            r.tool == *tool
                && r.component == *component
                && r.setting == *setting
                && r.operation.split('/').next() == Some(*op)
        });
        let row = row.unwrap_or_else(|| panic!("{component} {setting} ({op}) has no row"));
        assert_eq!(row.reach, Reach::Read(field), "{component} {setting}");
    }
    for r in &table {
        if let Reach::Read(field) = r.reach {
            let op = r.operation.split('/').next().unwrap();
            assert!(
                read.contains(&(r.tool, r.component, r.setting, op, field)),
                "{} {} is marked read but no reader reads it",
                r.component,
                r.setting
            );
        }
    }
}

/// A value the library refuses for `field` of `op`, if there is one.
fn refused(provider: Provider, op: &str, field: &str) -> Option<String> {
    if field == "add" || field == "remove" {
        return Some("not-an-id".into());
    }
    let op: Operation = op.parse().unwrap();
    let field = field.parse().unwrap();
    ["1 bad", &"x".repeat(300), "http://x", "NOPE", ""]
        .into_iter()
        .find(|v| !validate(provider, op, field, v, Profile::Latest).is_valid())
        .map(str::to_string)
}

/// The probe of the issue, for every row marked read: one refused value in one setting of a
/// file, and the reader must report it at that setting.
#[test]
fn every_read_setting_reports_a_refused_value() {
    let mut probed = 0;
    for r in rows() {
        let Reach::Read(field) = r.reach else {
            continue;
        };
        let op = r.operation.split('/').next().unwrap();
        let outcome = match r.tool {
            Tool::Packer => {
                let b = packer::BUILDERS
                    .iter()
                    .find(|b| b.builder_type == r.component)
                    .unwrap();
                let Some(bad) = refused(b.provider, op, field) else {
                    continue;
                };
                let s = b.settings.iter().find(|s| s.name == r.setting).unwrap();
                let quoted = format!("{bad:?}");
                let value = if s.list {
                    format!("[{quoted}]")
                } else {
                    quoted
                };
                let hcl = if b.kind == "builder" {
                    format!(
                        "source \"{}\" \"x\" {{\n  {} = {value}\n}}\n",
                        r.component, r.setting
                    )
                } else {
                    format!(
                        "build {{\n  post-processor \"{}\" {{\n    {} = {value}\n  }}\n}}\n",
                        r.component, r.setting
                    )
                };
                packer::check(hcl.as_bytes(), Profile::Latest).unwrap()
            }
            Tool::Terraform => {
                let provider = terraform::IMAGE_RESOURCES
                    .iter()
                    .find(|k| k.resource_type == r.component)
                    .map(|k| k.provider)
                    .or_else(|| {
                        terraform::SHARE_RESOURCES
                            .iter()
                            .find(|k| k.resource_type == r.component)
                            .map(|k| k.provider)
                    })
                    .unwrap();
                let Some(bad) = refused(provider, op, field) else {
                    continue;
                };
                let list = terraform::SHARE_RESOURCES
                    .iter()
                    .any(|k| k.resource_type == r.component && k.list);
                let value = if list {
                    serde_json::json!([bad])
                } else {
                    serde_json::json!(bad)
                };
                let plan = serde_json::json!({
                    "format_version": "1.2",
                    "resource_changes": [{
                        "address": format!("{}.x", r.component),
                        "type": r.component,
                        "change": {
                            "actions": ["create"],
                            "before": null,
                            "after": {"image_id": "m-1", r.setting: value},
                            "after_unknown": {}
                        }
                    }]
                });
                terraform::check(plan.to_string().as_bytes(), Profile::Latest).unwrap()
            }
        };
        assert!(
            outcome
                .findings
                .iter()
                .any(|f| f.attribute.starts_with(r.setting)),
            "{} {}: a refused value was not reported: {outcome:?}",
            r.component,
            r.setting
        );
        probed += 1;
    }
    assert!(probed >= 30, "only {probed} settings probed");
}
