//! The rule tables held to the providers' own SDK models.
//!
//! `scripts/audit-rules.sh` writes `rules-audit/<provider>.json` from the official SDKs (needs
//! the registry); `rules-audit/decisions.json` says, for every parameter the library does not
//! judge, why, and for every value list or provider code the SDK does not publish, the public
//! text it comes from. [`audit`] compares the three, offline: the test `cli/tests/audit.rs`
//! fails on any finding, and `docs/RULES.md` carries [`summary`].
//!
//! What is compared: which parameters each operation has (a judged field must be one of
//! them), every stated list of values (equal to the table's `latest` list; `strict` may only
//! narrow it), every stated length (equal to the `latest` limits), every provider code (in
//! the SDK's published list where there is one), and, where a model states them as data
//! ([`shapes`]): a field's pattern, the characters its text names, the forms of the share
//! principals and the image states. What is not: formats stated only in prose (Tencent,
//! Alibaba and Volcengine names) — the extract keeps the text, and the tables cite it.

mod shapes;
mod summary;

pub use summary::summary;

use image_preflight::rules::{Field, Operation, Profile, Provider, ProviderCode, ShareShape};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The committed extracts, one per provider, and the decisions.
pub const EXTRACTS: [(Provider, &str); 5] = [
    (
        Provider::Tencent,
        include_str!("../../../rules-audit/tencent.json"),
    ),
    (
        Provider::Alibaba,
        include_str!("../../../rules-audit/alibaba.json"),
    ),
    (
        Provider::Volcengine,
        include_str!("../../../rules-audit/volcengine.json"),
    ),
    (Provider::Aws, include_str!("../../../rules-audit/aws.json")),
    (Provider::Gcp, include_str!("../../../rules-audit/gcp.json")),
];
pub const DECISIONS: &str = include_str!("../../../rules-audit/decisions.json");

/// One provider × operation: what the audit found.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Row {
    pub action: String,
    /// The library's operation (`create`, ...) the row is for.
    pub operation: String,
    /// Parameters judged, with what was compared (`values`, `lengths`, `pattern`,
    /// `characters`, `form`, or `present` where there was nothing to compare), joined by `+`.
    pub judged: Vec<(String, String)>,
    /// Parameters not judged, with the reason.
    pub not_judged: Vec<(String, String)>,
    /// Value lists and codes taken from a public text rather than the SDK.
    pub exceptions: Vec<String>,
}

/// Everything the audit of one provider found: `findings` are disagreements (empty when the
/// tables and the extract agree).
#[derive(Debug, Default, Clone)]
pub struct Audit {
    pub sdk: String,
    pub rows: Vec<Row>,
    pub findings: Vec<String>,
}

/// The provider's API action for each of the extract's operation keys.
fn action_of(provider: Provider, key: &str) -> Option<&'static str> {
    let rules = provider.rules();
    match key {
        "share" => rules.share_action(),
        "delete" => None,
        k => k.parse::<Operation>().ok().map(|op| rules.action(op)),
    }
}

fn decided<'d>(
    decisions: &'d Value,
    list: &str,
    provider: Provider,
    action: &str,
) -> Vec<&'d Value> {
    decisions[list]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|d| d["provider"] == provider.key() && d["action"] == action)
                .collect()
        })
        .unwrap_or_default()
}

/// `provider`'s `action` decisions of kind `list`, by the text of their `key` (the parameter or
/// the code each names), as `of` reads the rest of the decision.
fn decided_by<T>(
    decisions: &Value,
    list: &str,
    key: &str,
    provider: Provider,
    action: &str,
    of: impl Fn(&Value) -> T,
) -> BTreeMap<String, T> {
    decided(decisions, list, provider, action)
        .into_iter()
        .map(|d| (text(&d[key]), of(d)))
        .collect()
}

/// A JSON string's text, `""` for anything else.
fn text(v: &Value) -> String {
    v.as_str().unwrap_or("").to_string()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Every provider code the tables attach to one operation (by its extract key).
fn codes_of(provider: Provider, key: &str) -> BTreeSet<&'static str> {
    let rules = provider.rules();
    let mut out = BTreeSet::new();
    let mut add = |c: Option<ProviderCode>| {
        if let Some(c) = c {
            out.insert(c.code);
        }
    };
    match key {
        "share" => {
            let Some(s) = rules.share_rules() else {
                return out;
            };
            add(s.per_image_code);
            add(s.per_request_code);
            for r in [
                Some(s.empty_request),
                Some(s.bad_state),
                Some(s.shared_in),
                Some(s.not_custom),
                s.instance_image,
                s.encrypted,
                s.encrypted_customer_key,
                s.encrypted_public,
                s.byol,
                s.deprecated,
                Some(s.self_share),
                Some(s.already_shared),
                Some(s.bad_account),
            ]
            .into_iter()
            .flatten()
            {
                add(r.provider_code);
            }
        }
        "delete" => add(rules.attributes.delete_shared.and_then(|r| r.provider_code)),
        k => {
            let Ok(op) = k.parse::<Operation>() else {
                return out;
            };
            for e in rules.fields.iter().filter(|e| e.operation == op) {
                let c = e.rule.codes;
                add(c.too_short);
                add(c.too_long);
                add(c.malformed);
            }
            for c in rules.cross.iter().filter(|c| c.operations.contains(&op)) {
                add(c.refusal.provider_code);
            }
            if op == Operation::Modify {
                let a = &rules.attributes;
                for r in [
                    a.modify_shared_in,
                    a.deprecate_shared,
                    a.deprecate_bad_state,
                    a.undeprecate_not_deprecated,
                ]
                .into_iter()
                .flatten()
                {
                    add(r.provider_code);
                }
            }
        }
    }
    out
}

/// The parameters the share rules judge.
fn share_parameters(provider: Provider) -> Vec<String> {
    let Some(rules) = provider.rules().share_rules() else {
        return Vec::new();
    };
    match rules.shape {
        ShareShape::Permission {
            accounts,
            permission,
            ..
        } => vec![accounts.to_string(), permission.to_string()],
        ShareShape::Lists { add, remove } => vec![add.to_string(), remove.to_string()],
        // Each item parameter under both lists: LaunchPermission.Add.N.UserId, ...
        ShareShape::Items {
            container,
            add,
            remove,
        } => [add, remove]
            .iter()
            .flat_map(|list| {
                rules
                    .principals
                    .iter()
                    .map(move |p| format!("{container}.{list}.N.{}", p.parameter))
            })
            .collect(),
    }
}

/// Holds `provider`'s tables to `extract` (the text of `rules-audit/<provider>.json`) and
/// `decisions` (the text of `rules-audit/decisions.json`).
pub fn audit(provider: Provider, extract: &str, decisions: &str) -> Audit {
    let mut out = Audit::default();
    let (extract, decisions): (Value, Value) = match (
        serde_json::from_str(extract),
        serde_json::from_str(decisions),
    ) {
        (Ok(e), Ok(d)) => (e, d),
        (e, d) => {
            out.findings.push(format!(
                "unreadable: extract {:?}, decisions {:?}",
                e.err(),
                d.err()
            ));
            return out;
        }
    };
    let rules = provider.rules();
    out.sdk = format!(
        "{} {}",
        extract["sdk"]["package"].as_str().unwrap_or("?"),
        extract["sdk"]["version"].as_str().unwrap_or("?")
    );
    let service_codes: BTreeSet<String> = strings(&extract["service_error_codes"])
        .into_iter()
        .collect();
    let operations = extract["operations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for key in ["modify", "create", "copy", "import"] {
        if !operations.iter().any(|o| o["operation"] == key) {
            out.findings
                .push(format!("{provider}: the extract has no {key} operation"));
        }
    }
    for op_json in &operations {
        let key = op_json["operation"].as_str().unwrap_or("");
        let action = text(&op_json["action"]);
        let mut row = Row {
            action: action.clone(),
            operation: key.to_string(),
            ..Row::default()
        };
        // An action the tables judge with another's rules (AWS RegisterImage, CreateImage's),
        // as decisions.json records with its source: held to the same table rows.
        let alias = decided(&decisions, "same_rules", provider, &action)
            .first()
            .map(|d| text(&d["as"]));
        // The tables judge such an action too (`same_as`): the two must name the same one.
        let judged_as = (rules.same_as.iter())
            .find(|(name, _)| *name == action)
            .map(|(_, op)| rules.action(*op).to_string());
        if judged_as != alias {
            out.findings.push(format!(
                "{provider} {action}: the tables judge it as {}, decisions.json says {}",
                judged_as.as_deref().unwrap_or("nothing"),
                alias.as_deref().unwrap_or("nothing")
            ));
        }
        if let Some(expected) = action_of(provider, key) {
            if alias.as_deref() == Some(expected) {
                row.exceptions
                    .push(format!("judged with {expected}'s rules"));
            } else if expected != action {
                out.findings.push(format!(
                    "{provider} {key}: the tables call it {expected}, the extract {action}"
                ));
            }
        }
        let params: BTreeMap<&str, &Value> = op_json["parameters"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|p| (p["name"].as_str().unwrap_or(""), p))
                    .collect()
            })
            .unwrap_or_default();
        let not_judged = decided_by(
            &decisions,
            "not_judged",
            "parameter",
            provider,
            &action,
            |d| text(&d["reason"]),
        );
        let values_elsewhere = decided_by(
            &decisions,
            "values_not_in_sdk",
            "parameter",
            provider,
            &action,
            |d| text(&d["source"]),
        );
        // Values `latest` takes beyond the SDK's list, each with the public text or real use
        // that supports it (a false refusal costs more than a false accept); strict keeps the
        // SDK's list.
        let values_beyond = decided_by(
            &decisions,
            "values_beyond_sdk",
            "parameter",
            provider,
            &action,
            |d| (strings(&d["values"]), text(&d["source"])),
        );
        let mut judged: BTreeSet<String> = BTreeSet::new();
        let mut say = |s: String| out.findings.push(format!("{provider} {action}: {s}"));
        // The share call's parameters, on whichever operation of the extract is that call
        // (AWS shares through ModifyImageAttribute, the action that also sets a description).
        let is_share = rules.share_action() == Some(action.as_str());
        if is_share {
            if let Some(share) = rules.share_rules() {
                for finding in shapes::principals(share, &extract["share_principals"]) {
                    say(finding);
                }
            }
            // Items name their principals by parameter: those forms are compared above.
            let how = if extract["share_principals"].is_object() {
                "form"
            } else {
                "present"
            };
            for p in share_parameters(provider) {
                if !params.contains_key(p.as_str()) {
                    say(format!(
                        "{p} is judged, but the SDK model has no such parameter"
                    ));
                }
                judged.insert(p.clone());
                row.judged.push((p, how.to_string()));
            }
        }
        if let Ok(op) = key.parse::<Operation>() {
            for field in Field::ALL {
                let (Some(latest), strict) = (
                    rules.field(op, *field, Profile::Latest),
                    rules.field(op, *field, Profile::Strict),
                ) else {
                    continue;
                };
                let name = latest.parameter;
                let Some(p) = params.get(name) else {
                    say(format!(
                        "`{field}` is judged as {name}, but the SDK model has no such parameter"
                    ));
                    continue;
                };
                if !field.is_text() && latest.one_of.is_empty() {
                    // Any value passes: the parameter is there, its values are not judged.
                    if !not_judged.contains_key(name) {
                        say(format!(
                            "{name} takes any value, but decisions.json gives no reason"
                        ));
                    }
                    continue;
                }
                judged.insert(name.to_string());
                let mut compared: Vec<&str> = Vec::new();
                let stated = strings(&p["values"]);
                if !field.is_text() {
                    let mut want = stated.clone();
                    want.sort();
                    let mut have: Vec<String> =
                        latest.one_of.iter().map(|s| s.to_string()).collect();
                    have.sort();
                    if stated.is_empty() {
                        match values_elsewhere.get(name) {
                            Some(src) => row.exceptions.push(format!("{name} values from {src}")),
                            None => say(format!(
                                "{name}: the SDK states no values and decisions.json names no public source for {have:?}"
                            )),
                        }
                    } else {
                        // The SDK's list plus what decisions.json records beyond it. A recorded
                        // value the SDK states again is then counted twice, so a stale record
                        // fails as a mismatch too.
                        let (beyond, why) = values_beyond.get(name).cloned().unwrap_or_default();
                        let mut expected = want.clone();
                        expected.extend(beyond.iter().cloned());
                        expected.sort();
                        if have != expected {
                            let added = if beyond.is_empty() {
                                String::new()
                            } else {
                                format!(" and decisions.json adds {beyond:?}")
                            };
                            say(format!(
                                "{name}: the table takes {have:?}, the SDK's text states {want:?}{added}"
                            ));
                        } else {
                            compared.push("values");
                            if !beyond.is_empty() {
                                let quoted: Vec<String> =
                                    beyond.iter().map(|v| format!("`{v}`")).collect();
                                row.exceptions.push(format!(
                                    "{name} also takes {} under latest (strict keeps the SDK's list): {why}",
                                    quoted.join(", ")
                                ));
                            }
                        }
                        if let Some(v) = strict.and_then(|strict| {
                            strict
                                .one_of
                                .iter()
                                .find(|v| beyond.iter().any(|b| b == *v))
                        }) {
                            say(format!(
                                "{name}: strict takes {v:?}, which the SDK's text does not state"
                            ));
                        }
                    }
                    if let Some(strict) = strict {
                        if let Some(v) = strict.one_of.iter().find(|v| !latest.one_of.contains(v)) {
                            say(format!("{name}: strict takes {v:?}, which latest does not"));
                        }
                    }
                } else {
                    if let Some(pattern) = p["pattern"].as_str() {
                        if let Some(f) = shapes::field_pattern(*field, latest, pattern) {
                            say(f);
                        }
                        compared.push("pattern");
                    }
                    if let Some(named) = p["chars"].as_str() {
                        if let Some(f) = shapes::field_chars(latest, named) {
                            say(f);
                        }
                        compared.push("characters");
                    }
                    let least = p["min_chars"].as_u64().map(|n| n as usize);
                    let most = p["max_chars"].as_u64().map(|n| n as usize);
                    if let Some(n) = least {
                        if latest.min_chars != n {
                            say(format!(
                                "{name}: the table's least length is {}, the SDK's text says {n}",
                                latest.min_chars
                            ));
                        }
                        if !compared.contains(&"lengths") {
                            compared.push("lengths");
                        }
                    }
                    if let Some(n) = most {
                        if latest.max_chars != Some(n) {
                            say(format!(
                                "{name}: the table's greatest length is {:?}, the SDK's text says {n}",
                                latest.max_chars
                            ));
                        }
                        if !compared.contains(&"lengths") {
                            compared.push("lengths");
                        }
                    }
                }
                if compared.is_empty() {
                    compared.push("present");
                }
                row.judged.push((name.to_string(), compared.join("+")));
            }
        }
        for (name, reason) in &not_judged {
            if judged.contains(name) {
                say(format!(
                    "{name} is judged, yet decisions.json says it is not"
                ));
            } else if !params.contains_key(name.as_str()) {
                say(format!(
                    "decisions.json names {name}, which the SDK model lacks"
                ));
            } else {
                row.not_judged.push((name.clone(), reason.clone()));
            }
        }
        // A parameter decisions.json names as one of the library's fields must have a row
        // (any value, at least): without one the library answers NOT_SUPPORTED for a
        // parameter the operation has, a false refusal.
        if let Ok(op) = key.parse::<Operation>() {
            for d in decided(&decisions, "not_judged", provider, &action) {
                let (Some(name), Some(f)) = (d["parameter"].as_str(), d["field"].as_str()) else {
                    continue;
                };
                match f.parse::<Field>() {
                    Ok(field) if rules.field(op, field, Profile::Latest).is_none() => say(format!(
                        "{name} is the library's `{field}`, which the table refuses on {key} (NOT_SUPPORTED) though the model has it"
                    )),
                    Ok(_) => {}
                    Err(_) => say(format!(
                        "decisions.json names an unknown field {f:?} for {name}"
                    )),
                }
            }
        }
        for name in params.keys() {
            if !judged.contains(*name) && !not_judged.contains_key(*name) {
                say(format!("{name} is neither judged nor listed as not judged"));
            }
        }
        for name in values_elsewhere.keys() {
            if !judged.contains(name) {
                say(format!(
                    "decisions.json gives a value source for {name}, which is not judged"
                ));
            }
        }
        // Codes: in the operation's published list, else the service's, else a public source.
        let listed: Option<BTreeSet<String>> = op_json["error_codes"]
            .as_array()
            .map(|_| strings(&op_json["error_codes"]).into_iter().collect())
            .or_else(|| (!service_codes.is_empty()).then(|| service_codes.clone()));
        let sourced = decided_by(&decisions, "code_sources", "code", provider, &action, |d| {
            text(&d["source"])
        });
        let mut attached = codes_of(provider, key);
        if is_share && key != "share" {
            attached.extend(codes_of(provider, "share"));
        }
        for code in &attached {
            let in_sdk = listed.as_ref().is_some_and(|l| l.contains(*code));
            match (in_sdk, sourced.get(*code)) {
                (true, _) => {}
                (false, Some(src)) => row.exceptions.push(format!("`{code}` from {src}")),
                (false, None) => say(format!(
                    "`{code}` is not in the SDK's published codes and decisions.json names no public source"
                )),
            }
        }
        for code in sourced.keys() {
            if !attached.contains(code.as_str()) {
                say(format!(
                    "decisions.json sources `{code}`, which the tables do not attach here"
                ));
            }
        }
        out.rows.push(row);
    }
    if let Some(stated) = extract["image_states"].as_array() {
        let mut want: Vec<&str> = stated.iter().filter_map(|s| s.as_str()).collect();
        let mut have: Vec<&str> = rules.states().iter().map(|s| s.name).collect();
        want.sort();
        have.sort();
        if want != have {
            out.findings.push(format!(
                "{provider}: the tables know the image states {have:?}, the model {want:?}"
            ));
        }
    }
    out
}

/// Every provider's audit, from the committed files.
pub fn committed() -> Vec<(Provider, Audit)> {
    EXTRACTS
        .iter()
        .map(|(p, text)| (*p, audit(*p, text, DECISIONS)))
        .collect()
}
