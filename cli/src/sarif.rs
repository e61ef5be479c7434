//! `--format sarif`: the pipeline readers' outcome as SARIF 2.1.0, so code scanning shows each
//! finding on its line.
//!
//! Rule ids are the library's codes (`BAD_START`, `OVER_QUOTA`, ...). A code can come from
//! several rules (Alibaba's and Tencent's names both have `TOO_LONG`), so a rule's help lists
//! each rule this run's findings broke: the rule text the library generates and the document it
//! was read from. Values unknown until apply or build are `note` results (`UNKNOWN_VALUE`), and
//! builders or resources not read are `warning` results (`NOT_READ`), so neither is silent.

use crate::coverage;
use crate::findings::{Finding, Outcome};
use crate::place::Place;
use image_preflight::json::Json;
use image_preflight::{Field, Lang, Operation, Profile, export};
use std::collections::BTreeMap;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFO: &str = "https://github.com/image-preflight/image-preflight";

/// The SARIF log of one run of a reader.
pub fn log(outcome: &Outcome, lang: Lang, profile: Profile) -> Json {
    // rule id -> help lines, in id order so the log is stable.
    let mut rules: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut results = Vec::new();
    for f in &outcome.findings {
        let code = f.violation.code.key().to_string();
        let entry = rules
            .entry(code.clone())
            .or_insert_with(|| (format!("Refused by image-preflight: {code}"), Vec::new()));
        let help = rule_help(f, lang, profile);
        if !entry.1.contains(&help) {
            entry.1.push(help);
        }
        let mut message = format!(
            "{}: {} ({}): {}",
            f.address,
            f.attribute,
            f.operation,
            f.violation.message(lang)
        );
        if let Some(p) = f.violation.provider_code {
            message.push_str(&format!(" [{}]", p.code));
        }
        results.push(result(&code, "error", message, &f.place));
    }
    for u in &outcome.unknown {
        rules.entry("UNKNOWN_VALUE".into()).or_insert_with(|| {
            (
                "A value not known until apply or build".into(),
                vec!["Only what no expression can change was judged; the rest is known only when Terraform applies or Packer builds.".into()],
            )
        });
        let message = format!(
            "{}: {}: unknown until apply or build",
            u.address, u.attribute
        );
        results.push(result("UNKNOWN_VALUE", "note", message, &u.place));
    }
    for n in &outcome.not_read {
        rules.entry("NOT_READ".into()).or_insert_with(|| {
            (
                "A builder, post-processor or resource of these clouds that is not read".into(),
                vec![
                    "Its settings were not checked: see the coverage table in docs/pipelines.md."
                        .into(),
                ],
            )
        });
        let message = format!(
            "{} ({}): not read: {}",
            n.address, n.resource_type, n.reason
        );
        results.push(result("NOT_READ", "warning", message, &n.place));
    }
    let ids: Vec<String> = rules.keys().cloned().collect();
    for r in &mut results {
        if let Json::Obj(entries) = r {
            let id = entries
                .iter()
                .find(|(k, _)| k == "ruleId")
                .and_then(|(_, v)| match v {
                    Json::Str(s) => Some(s.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            let index = ids.iter().position(|x| *x == id).unwrap_or(0);
            r.set("ruleIndex", index);
        }
    }
    let rules: Vec<Json> = rules
        .into_iter()
        .map(|(id, (short, help))| {
            let text = help.join("\n");
            Json::object()
                .with("id", id)
                .with("shortDescription", Json::object().with("text", short))
                .with(
                    "help",
                    Json::object()
                        .with("text", text.clone())
                        .with("markdown", text),
                )
                .with("helpUri", format!("{INFO}/blob/main/docs/RULES.md"))
        })
        .collect();
    let driver = Json::object()
        .with("name", "image-preflight")
        .with("version", env!("CARGO_PKG_VERSION"))
        .with("informationUri", INFO)
        .with("rules", Json::Arr(rules));
    let run = Json::object()
        .with("tool", Json::object().with("driver", driver))
        .with("columnKind", "unicodeCodePoints")
        .with("results", Json::Arr(results));
    Json::object()
        .with("$schema", SCHEMA)
        .with("version", "2.1.0")
        .with("runs", Json::Arr(vec![run]))
}

fn result(rule: &str, level: &'static str, message: String, place: &Option<Place>) -> Json {
    let mut r = Json::object()
        .with("ruleId", rule.to_string())
        .with("level", level)
        .with("message", Json::object().with("text", message));
    if let Some(p) = place {
        let location = Json::object().with(
            "physicalLocation",
            Json::object()
                .with("artifactLocation", Json::object().with("uri", uri(&p.file)))
                .with(
                    "region",
                    Json::object()
                        .with("startLine", p.line)
                        .with("startColumn", p.column),
                ),
        );
        r.set("locations", Json::Arr(vec![location]));
    }
    r
}

/// A file name as a relative URI reference: path separators kept, anything else outside the
/// unreserved set percent-encoded.
fn uri(file: &str) -> String {
    let file = file.strip_prefix("./").unwrap_or(file);
    let mut out = String::new();
    for b in file.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The rule a finding broke, in words, with its source: "Alibaba Cloud ECS create name
/// (ImageName): 2 to 128 characters... Source: ...".
fn rule_help(f: &Finding, lang: Lang, profile: Profile) -> String {
    let provider = coverage::provider_of(&f.resource_type);
    let field = f.violation.field.key().parse::<Field>().ok();
    let operation = f.operation.parse::<Operation>().ok();
    match (provider, operation, field) {
        (Some(p), Some(op), Some(field)) => match p.rules().field(op, field, profile) {
            Some(rule) => format!(
                "{} {op} {field} ({}): {} Source: {}, {}.",
                p.rules().display_name,
                rule.parameter,
                export::hint(rule, lang),
                rule.source.document,
                rule.source.date
            ),
            None => format!("{} {op} {field}: not supported.", p.rules().display_name),
        },
        (Some(p), _, _) => format!(
            "{} image sharing: see `image-preflight rules --provider {}` for the limits and their sources.",
            p.rules().display_name,
            p.key()
        ),
        _ => f.violation.message(lang),
    }
}
