//! `image-preflight request`: one API request body in the provider's own parameter names, as an
//! SDK sends it (`{"ImageId": "m-1", "AddAccount": ["123"]}`) or in the flattened wire form
//! (`{"AddAccount.1": "123"}`).
//!
//! Parameters are matched to fields through the rule tables' own `parameter` names for the
//! action's operation, and to share lists through the provider's share request shape; every
//! other parameter is listed as not judged, never refused.

use crate::excerpt::Values;
use crate::findings::{Finding, Outcome};
use crate::input::{ReadError, text, within_limit};
use crate::strict;
use image_preflight::json::Json;
use image_preflight::rules::{Empty, ShareShape};
use image_preflight::{
    Field, ImageFacts, Lang, Operation, Profile, Provider, ShareChange, Subject, judge, validate,
};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What a request's action is: an attribute call (an operation) or a share change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Attributes(Operation),
    Share,
}

/// The action by its API name, as the provider's rule table names its actions
/// (`ModifyImageAttribute`, `CreateImage`, `CopyImage` or Tencent's `SyncImages`, `ImportImage`,
/// `ModifyImageSharePermission`).
pub fn action(provider: Provider, name: &str) -> Result<Action, ReadError> {
    let rules = provider.rules();
    // Where one action both sets attributes and shares (EC2 ModifyImageAttribute), the body
    // tells which: see `check`.
    if let Some(op) = rules.operation_of(name) {
        return Ok(Action::Attributes(op));
    }
    if rules.share_action() == Some(name) {
        return Ok(Action::Share);
    }
    let mut names = rules.action_names();
    names.extend(rules.share_action().filter(|a| !names.contains(a)));
    Err(ReadError::new(format!(
        "unknown action {name:?} for {provider}: expected one of {}",
        names.join(", ")
    )))
}

/// The result of one request: findings, and the parameters the library does not judge.
#[derive(Debug, Default)]
pub struct Checked {
    pub outcome: Outcome,
    pub not_judged: Vec<String>,
}

impl Checked {
    pub fn to_json(&self, provider: Provider, action: &str, lang: Lang) -> Json {
        self.to_json_with(provider, action, lang, Values::Excerpt)
    }

    pub fn to_json_with(
        &self,
        provider: Provider,
        action: &str,
        lang: Lang,
        values: Values,
    ) -> Json {
        let mut out = self.outcome.to_json_with(lang, values);
        if let Json::Obj(entries) = &mut out {
            entries.retain(|(k, _)| k != "unknown");
        }
        out.with("provider", provider.key())
            .with("action", action.to_string())
            .with("not_judged", self.not_judged.clone())
    }
}

/// The body's parameters with flattened lists (`Name.1`, `Name.2`) gathered into arrays.
fn parameters(body: &Map<String, Value>) -> Result<BTreeMap<String, Value>, ReadError> {
    let mut out: BTreeMap<String, Value> = BTreeMap::new();
    let mut flat: BTreeMap<String, BTreeMap<u64, Value>> = BTreeMap::new();
    for (k, v) in body {
        match k.rsplit_once('.') {
            Some((name, n)) if !name.is_empty() && !name.contains('.') => match list_index(n) {
                Index::Of(n) => {
                    flat.entry(name.to_string())
                        .or_default()
                        .insert(n, v.clone());
                }
                Index::Alias => {
                    return Err(ReadError::new(format!(
                        "{k:?}: a list index is written {name}.1, {name}.2, ... (no sign, space, \
                         leading zero or 0, at most {}): this one may name the slot of another \
                         and one of the two would be dropped",
                        u64::MAX
                    )));
                }
                Index::Not => {
                    out.insert(k.clone(), v.clone());
                }
            },
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    for (name, items) in flat {
        if out.contains_key(&name) {
            return Err(ReadError::new(format!(
                "{name} is given both as a list and as {name}.N"
            )));
        }
        out.insert(name, Value::Array(items.into_values().collect()));
    }
    Ok(out)
}

/// What follows the last `.` of a parameter name.
enum Index {
    /// A list index as the APIs write it: 1, 2, ... in plain decimal.
    Of(u64),
    /// A number written another way (`01`, `+1`, ` 1`, `0`, or past `u64`): a parser may
    /// read it as the same slot as a plain one (`AddAccount.01` as `AddAccount.1`), so it is
    /// refused rather than kept apart or merged.
    Alias,
    /// Not a number: the parameter's own name (listed as not judged).
    Not,
}

fn list_index(n: &str) -> Index {
    let plain = !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !n.starts_with('0');
    if plain {
        return n.parse().map_or(Index::Alias, Index::Of);
    }
    let digits = n.trim().trim_start_matches(['+', '-']).trim_start();
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        Index::Alias
    } else {
        Index::Not
    }
}

fn strings(name: &str, v: &Value) -> Result<Vec<String>, ReadError> {
    match v {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => {
                    within_limit(&format!("{name}[{i}]"), s)?;
                    Ok(s.clone())
                }
                _ => Err(ReadError::new(format!("{name}[{i}] should be a string"))),
            })
            .collect(),
        Value::String(s) => {
            within_limit(name, s)?;
            Ok(vec![s.clone()])
        }
        _ => Err(ReadError::new(format!(
            "{name} should be a list of strings"
        ))),
    }
}

/// Reads a request body and checks every parameter the library judges.
pub fn check(
    bytes: &[u8],
    provider: Provider,
    action_name: &str,
    profile: Profile,
) -> Result<Checked, ReadError> {
    let action = action(provider, action_name)?;
    let body = strict::parse(text(bytes)?, "not a request body")?;
    let Value::Object(body) = body else {
        return Err(ReadError::new("a request body should be a JSON object"));
    };
    let params = parameters(&body)?;
    let action = match (action, provider.rules().share_rules()) {
        (Action::Attributes(_), Some(rules))
            if rules.action == action_name && names_shares(rules.shape, &body) =>
        {
            Action::Share
        }
        _ => action,
    };
    let mut checked = Checked::default();
    let finding = |attribute: &str, op: &'static str, value: Option<Arc<str>>, v| Finding {
        address: action_name.to_string(),
        resource_type: provider.key().to_string(),
        attribute: attribute.to_string(),
        operation: op,
        value,
        sensitive: false,
        image_id: params
            .get("ImageId")
            .and_then(Value::as_str)
            .map(str::to_string),
        violation: v,
        place: None,
        also: None,
    };
    match action {
        Action::Attributes(op) => {
            let rules = provider.rules();
            let mut judged = Vec::new();
            let mut judged_owned: Vec<String> = Vec::new();
            for field in Field::ALL {
                let Some(rule) = rules.field(op, *field, profile) else {
                    continue;
                };
                let parameter = rule.parameter;
                // EC2 sends an attribute as an AttributeValue: `{"Value": ...}`, or
                // `Description.Value` on the wire.
                let given = params
                    .get(parameter)
                    .map(|v| v.get("Value").filter(|_| v.is_object()).unwrap_or(v))
                    .or_else(|| params.get(&format!("{parameter}.Value")));
                let (value, shown) = match given {
                    None | Some(Value::Null) if rule.empty == Empty::Invalid => {
                        // A required parameter left out is judged as sent empty.
                        (String::new(), None)
                    }
                    None | Some(Value::Null) => continue,
                    Some(Value::String(s)) => {
                        within_limit(parameter, s)?;
                        (s.clone(), Some(Arc::from(s.as_str())))
                    }
                    Some(_) => {
                        return Err(ReadError::new(format!("{parameter} should be a string")));
                    }
                };
                judged.push(parameter);
                let value_form = format!("{parameter}.Value");
                if params.contains_key(&value_form) {
                    judged_owned.push(value_form);
                }
                checked.outcome.checked += 1;
                for v in validate(provider, op, *field, &value, profile).violations {
                    checked
                        .outcome
                        .findings
                        .push(finding(parameter, op.key(), shown.clone(), v));
                }
            }
            checked.not_judged = params
                .keys()
                .filter(|k| !judged.contains(&k.as_str()) && !judged_owned.contains(k))
                .cloned()
                .collect();
        }
        Action::Share => {
            let Some(rules) = provider.rules().share_rules() else {
                return Err(ReadError::new(format!("{provider} has no share call")));
            };
            let shape = rules.shape;
            let (change, judged): (ShareChange, Vec<&str>) = match shape {
                ShareShape::Lists { add, remove } => {
                    let get = |n| params.get(n).map_or(Ok(Vec::new()), |v| strings(n, v));
                    (
                        ShareChange::lists(get(add)?, get(remove)?),
                        vec![add, remove],
                    )
                }
                ShareShape::Items {
                    container,
                    add,
                    remove,
                } => {
                    let list = |direction| items(rules, &body, container, direction);
                    let ((add, add_kinds), (remove, remove_kinds)) = (list(add)?, list(remove)?);
                    (
                        ShareChange::lists(add, remove).given_as(add_kinds, remove_kinds),
                        vec![container],
                    )
                }
                ShareShape::Permission {
                    accounts,
                    permission,
                    share,
                    cancel,
                } => {
                    let ids = params
                        .get(accounts)
                        .map_or(Ok(Vec::new()), |v| strings(accounts, v))?;
                    let change = match params.get(permission).and_then(Value::as_str) {
                        Some(p) if p == share => ShareChange::share(ids),
                        Some(p) if p == cancel => ShareChange::cancel(ids),
                        _ => {
                            return Err(ReadError::new(format!(
                                "{permission} should be {share:?} or {cancel:?}"
                            )));
                        }
                    };
                    (change, vec![accounts, permission])
                }
            };
            // The image's shares today are not in the request: accounts removed are taken to
            // be shared, so only what the request itself gets wrong is reported.
            let facts =
                ImageFacts::new(provider, "").with_shared_with(change.remove.iter().cloned());
            let (add_name, remove_name) = match shape {
                ShareShape::Lists { add, remove } => (add.to_string(), remove.to_string()),
                ShareShape::Permission { accounts, .. } => (accounts.into(), accounts.into()),
                ShareShape::Items {
                    container,
                    add,
                    remove,
                } => (
                    format!("{container}.{add}"),
                    format!("{container}.{remove}"),
                ),
            };
            checked.outcome.checked += change.add.len() + change.remove.len();
            for v in judge(&facts, &change, profile).violations {
                let (name, list) = match v.field {
                    Subject::Remove => (remove_name.as_str(), &change.remove),
                    _ => (add_name.as_str(), &change.add),
                };
                let value = v
                    .index
                    .and_then(|i| list.get(i))
                    .map(|a| Arc::from(a.as_str()));
                checked
                    .outcome
                    .findings
                    .push(finding(name, "share", value, v));
            }
            checked.not_judged = params
                .keys()
                .filter(|k| {
                    !judged
                        .iter()
                        .any(|j| k == j || k.starts_with(&format!("{j}.")))
                })
                .cloned()
                .collect();
        }
    }
    Ok(checked)
}

/// Whether `body` names a share list of `shape` (for an action that also sets attributes).
fn names_shares(shape: ShareShape, body: &Map<String, Value>) -> bool {
    let names: Vec<&str> = match shape {
        ShareShape::Lists { add, remove } => vec![add, remove],
        ShareShape::Permission { accounts, .. } => vec![accounts],
        ShareShape::Items { container, .. } => vec![container],
    };
    body.keys().any(|k| {
        names
            .iter()
            .any(|n| k == n || k.strip_prefix(n).is_some_and(|rest| rest.starts_with('.')))
    })
}

/// The ids of one direction of an item list: `{"LaunchPermission": {"Add": [{"UserId": "1"}]}}`
/// as an SDK sends it, or `LaunchPermission.Add.1.UserId` on the wire, each with the kind of
/// principal its parameter names (so the core refuses an account id sent as a `Group`).
fn items(
    rules: &'static image_preflight::rules::ShareRules,
    body: &Map<String, Value>,
    container: &str,
    direction: &str,
) -> Result<(Vec<String>, Vec<&'static str>), ReadError> {
    let kind_of = |p: &str| {
        rules
            .principals
            .iter()
            .find(|k| k.parameter == p)
            .map(|k| k.kind)
    };
    let known = |p: &str| kind_of(p).is_some();
    let mut out: BTreeMap<u64, (String, &'static str)> = BTreeMap::new();
    let place = format!("{container}.{direction}");
    if let Some(list) = body.get(container).and_then(|c| c.get(direction)) {
        let Value::Array(list) = list else {
            return Err(ReadError::new(format!("{place} should be a list")));
        };
        for (i, item) in list.iter().enumerate() {
            let one = item.as_object().filter(|o| o.len() == 1);
            match one.and_then(|o| o.iter().next()) {
                Some((k, Value::String(id))) if known(k) => {
                    out.insert(i as u64 + 1, (id.clone(), kind_of(k).expect("known")));
                }
                _ => {
                    return Err(ReadError::new(format!(
                        "{place}[{i}] should name one principal: {{\"{}\": \"...\"}}",
                        rules
                            .principals
                            .iter()
                            .map(|p| p.parameter)
                            .collect::<Vec<_>>()
                            .join("\" | \"")
                    )));
                }
            }
        }
    }
    for (k, v) in body {
        let Some(rest) = k.strip_prefix(&place).and_then(|r| r.strip_prefix('.')) else {
            continue;
        };
        let parsed = rest
            .split_once('.')
            .and_then(|(n, p)| Some((n.parse::<u64>().ok()?, p)));
        match (parsed, v) {
            (Some((n, p)), Value::String(id)) if n >= 1 && known(p) && !out.contains_key(&n) => {
                out.insert(n, (id.clone(), kind_of(p).expect("known")));
            }
            _ => {
                return Err(ReadError::new(format!(
                    "{k}: not one principal of {place}.N"
                )));
            }
        }
    }
    Ok(out.into_values().unzip())
}
