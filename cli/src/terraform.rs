//! `image-preflight terraform`: the JSON of `terraform show -json PLAN` (format 1.x).
//!
//! Every created or updated resource of a known type has its attributes checked by the rules of
//! the API call the provider makes for it; share resources are gathered per image across the
//! whole plan (see [`crate::shares`]). Attribute names follow each provider's resource
//! documentation (`website/docs/r/*.html.markdown` in aliyun/terraform-provider-alicloud,
//! tencentcloudstack/terraform-provider-tencentcloud and volcengine/terraform-provider-volcengine).

use crate::coverage::{self, Tool};
use crate::findings::{Finding, NotRead, Outcome};
use crate::input::{ReadError, text, within_limit};
use crate::shares::{Grant, Ledger, diff};
use crate::{sensitive, strict};
use image_preflight::{Field, Operation, Profile, validate};
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;
use std::sync::Arc;

pub use crate::terraform_resources::*;

#[derive(Deserialize)]
struct Plan<'a> {
    format_version: Option<String>,
    #[serde(default, borrow)]
    resource_changes: Vec<ResourceChange<'a>>,
}

#[derive(Deserialize)]
struct ResourceChange<'a> {
    address: String,
    #[serde(default)]
    mode: Option<String>,
    #[serde(rename = "type")]
    resource_type: String,
    #[serde(borrow)]
    change: Change<'a>,
}

/// `before`, `after` and `after_unknown` stay raw until the resource is one we check: a large
/// plan's other resources are never built into values.
#[derive(Deserialize)]
struct Change<'a> {
    actions: Vec<String>,
    #[serde(default, borrow)]
    before: Option<&'a RawValue>,
    #[serde(default, borrow)]
    after: Option<&'a RawValue>,
    #[serde(default, borrow)]
    after_unknown: Option<&'a RawValue>,
    #[serde(default, borrow)]
    before_sensitive: Option<&'a RawValue>,
    #[serde(default, borrow)]
    after_sensitive: Option<&'a RawValue>,
}

/// One resource's change, its values parsed.
struct Resource<'p> {
    address: &'p str,
    resource_type: &'p str,
    creates: bool,
    updates: bool,
    before: Value,
    after: Value,
    after_unknown: Value,
    before_sensitive: Value,
    after_sensitive: Value,
}

impl Resource<'_> {
    fn unknown(&self, attribute: &str) -> bool {
        self.after_unknown.get(attribute) == Some(&Value::Bool(true))
    }

    /// A string attribute of `side`, `None` where absent or null; a value of another type is
    /// an unreadable plan.
    fn string<'v>(&self, side: &'v Value, attribute: &str) -> Result<Option<&'v str>, ReadError> {
        match side.get(attribute) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => {
                within_limit(&format!("{}: {attribute}", self.address), s)?;
                Ok(Some(s))
            }
            Some(other) => Err(wrong_type(self.address, attribute, "a string", other)),
        }
    }

    /// The accounts of a share attribute (a string or a list of strings) on `side`.
    fn accounts(
        &self,
        side: &Value,
        attribute: &str,
        list: bool,
    ) -> Result<Vec<(Option<usize>, String)>, ReadError> {
        if !list {
            return Ok(self
                .string(side, attribute)?
                .map(|s| vec![(None, s.to_string())])
                .unwrap_or_default());
        }
        match side.get(attribute) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .filter(|(_, v)| !v.is_null())
                .map(|(i, v)| match v {
                    Value::String(s) => {
                        within_limit(&format!("{}: {attribute}[{i}]", self.address), s)?;
                        Ok((Some(i), s.clone()))
                    }
                    other => Err(wrong_type(
                        self.address,
                        &format!("{attribute}[{i}]"),
                        "a string",
                        other,
                    )),
                })
                .collect(),
            Some(other) => Err(wrong_type(self.address, attribute, "a list", other)),
        }
    }
}

fn wrong_type(address: &str, attribute: &str, wanted: &str, found: &Value) -> ReadError {
    let kind = match found {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    };
    ReadError::new(format!(
        "{address}: {attribute} should be {wanted}, found {kind}"
    ))
}

/// One side of a change, parsed with every key kept: a key given twice is an error with its
/// place in the plan ([`strict`]), never a silent choice of one value.
fn parse_side(
    raw: Option<&RawValue>,
    plan: &str,
    address: &str,
    what: &str,
) -> Result<Value, ReadError> {
    let value = match raw {
        None => Value::Null,
        Some(r) => strict::parse_within(r.get(), plan, &format!("{address}: change.{what}"))?,
    };
    match value {
        Value::Null | Value::Object(_) | Value::Bool(_) => Ok(value),
        other => Err(wrong_type(
            address,
            &format!("change.{what}"),
            "an object",
            &other,
        )),
    }
}

/// Reads a plan's JSON and checks it.
pub fn check(bytes: &[u8], profile: Profile) -> Result<Outcome, ReadError> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(ReadError::new(
            "this is a binary plan file (a zip): give the output of `terraform show -json PLAN` instead",
        ));
    }
    let json = text(bytes)?;
    let plan: Plan = serde_json::from_str(json).map_err(|e| ReadError::json("not a plan", &e))?;
    match plan.format_version.as_deref() {
        Some(v) if v.split('.').next() == Some("1") => {}
        Some(v) => {
            return Err(ReadError::new(format!(
                "plan format_version {v} is not supported (1.x is)"
            )));
        }
        None => {
            return Err(ReadError::new(
                "not a Terraform plan: no format_version (give the output of `terraform show -json PLAN`)",
            ));
        }
    }
    let mut out = Outcome::default();
    let mut ledger = Ledger::default();
    let mut reported = std::collections::HashSet::new();
    for rc in &plan.resource_changes {
        if rc.mode.as_deref() == Some("data") {
            continue;
        }
        let image = IMAGE_RESOURCES
            .iter()
            .find(|k| k.resource_type == rc.resource_type);
        let shares: Vec<&ShareResource> = SHARE_RESOURCES
            .iter()
            .filter(|k| k.resource_type == rc.resource_type)
            .collect();
        if image.is_none() && shares.is_empty() {
            if let Some(reason) = coverage::why_not_read(Tool::Terraform, &rc.resource_type) {
                // Addresses are unique in a plan; a repeated one is reported once.
                if reported.insert(rc.address.as_str()) {
                    out.not_read.push(NotRead {
                        address: rc.address.clone(),
                        resource_type: rc.resource_type.clone(),
                        reason,
                        place: None,
                    });
                }
            }
            continue;
        }
        let has = |a: &str| rc.change.actions.iter().any(|x| x == a);
        let resource = Resource {
            address: &rc.address,
            resource_type: &rc.resource_type,
            creates: has("create"),
            updates: has("update"),
            before: parse_side(rc.change.before, json, &rc.address, "before")?,
            after: parse_side(rc.change.after, json, &rc.address, "after")?,
            after_unknown: parse_side(rc.change.after_unknown, json, &rc.address, "after_unknown")?,
            before_sensitive: parse_side(
                rc.change.before_sensitive,
                json,
                &rc.address,
                "before_sensitive",
            )?,
            after_sensitive: parse_side(
                rc.change.after_sensitive,
                json,
                &rc.address,
                "after_sensitive",
            )?,
        };
        if let Some(kind) = image {
            check_image(kind, &resource, profile, &mut out)?;
        }
        for (i, kind) in shares.iter().enumerate() {
            gather_shares(kind, &resource, i == 0, &mut ledger, &mut out)?;
        }
    }
    ledger.judge(profile, &mut out);
    Ok(out)
}

fn check_image(
    kind: &ImageResource,
    r: &Resource,
    profile: Profile,
    out: &mut Outcome,
) -> Result<(), ReadError> {
    // no-op, read and delete send nothing to check.
    let op_key = if r.creates {
        kind.on_create
    } else if r.updates && !FORCE_NEW.contains(&kind.resource_type) {
        "modify"
    } else {
        return Ok(());
    };
    // The tables name operations and fields by their library keys; a test holds every key to
    // the library, so none is skipped here.
    let Ok(operation) = op_key.parse::<Operation>() else {
        return Ok(());
    };
    for (attribute, field_key) in kind.attributes {
        let Ok(field) = field_key.parse::<Field>() else {
            continue;
        };
        if r.unknown(attribute) {
            out.unknown(r.address, attribute);
            continue;
        }
        let Some(value) = r.string(&r.after, attribute)? else {
            continue;
        };
        if r.creates && value.is_empty() && !kind.sent_empty.contains(attribute) {
            // The providers send an optional attribute only when it is set: "" is not sent.
            continue;
        }
        // Not sent with the create call, which has no such parameter, but by the
        // ModifyImageAttribute call the provider makes right after it: judged as that call.
        let operation = if r.creates && SET_AFTER_CREATE.contains(&(kind.resource_type, *attribute))
        {
            Operation::Modify
        } else {
            operation
        };
        if !r.creates && r.string(&r.before, attribute)? == Some(value) {
            // ModifyImageAttribute is sent only the attributes that change.
            continue;
        }
        if !r.creates && FORCE_NEW_ATTRIBUTES.contains(&(kind.resource_type, *attribute)) {
            // A change here is a replacement, which the plan shows as a create.
            continue;
        }
        out.checked += 1;
        let report = validate(kind.provider, operation, field, value, profile);
        // One copy of the value for all its findings.
        let shared: Option<Arc<str>> = (!report.is_valid()).then(|| value.into());
        let hidden = sensitive::marked(&r.after_sensitive, attribute, None);
        for v in report.violations {
            let mut f = Finding {
                address: r.address.to_string(),
                resource_type: r.resource_type.to_string(),
                attribute: attribute.to_string(),
                operation: operation.key(),
                value: shared.clone(),
                sensitive: false,
                image_id: None,
                violation: v,
                place: None,
                also: None,
            };
            if hidden {
                f.hide();
            }
            out.findings.push(f);
        }
    }
    Ok(())
}

/// One share attribute of a resource (`first`: the resource's first share row, which alone
/// reports an image id unknown until apply).
fn gather_shares(
    kind: &ShareResource,
    r: &Resource,
    first: bool,
    ledger: &mut Ledger,
    out: &mut Outcome,
) -> Result<(), ReadError> {
    // Where a grant's account comes from (`before` for removals, `after` for additions)
    // says whether it is sensitive.
    let grant_on = |mask: &Value, position: Option<usize>, account: &str| Grant {
        address: r.address.to_string(),
        resource_type: r.resource_type.to_string(),
        attribute: kind.accounts.to_string(),
        position,
        account: account.to_string(),
        sensitive: sensitive::marked(mask, kind.accounts, position),
    };
    let removed = |position, account: &str| grant_on(&r.before_sensitive, position, account);
    let grant = |position, account: &str| grant_on(&r.after_sensitive, position, account);
    for (side, mask) in [
        (&r.before, &r.before_sensitive),
        (&r.after, &r.after_sensitive),
    ] {
        if let (Some(image), true) = (
            r.string(side, "image_id")?,
            sensitive::marked(mask, "image_id", None),
        ) {
            ledger.hide_image(kind.provider, image);
        }
    }
    let before_image = r.string(&r.before, "image_id")?;
    let before = r.accounts(&r.before, kind.accounts, kind.list)?;
    if let Some(image) = before_image {
        for (_, account) in &before {
            ledger.existing(kind.provider, image, account);
        }
    }
    if !r.creates && !r.updates {
        // Deleted: its accounts stop being shared. no-op and read: what is shared today.
        if r.before.is_object() && r.after.is_null() {
            if let Some(image) = before_image {
                for (position, account) in &before {
                    ledger.remove(kind.provider, image, removed(*position, account));
                }
            }
        }
        return Ok(());
    }
    if r.unknown("image_id") {
        if first {
            out.unknown(r.address, "image_id");
        }
        return Ok(());
    }
    let Some(image) = r.string(&r.after, "image_id")? else {
        return Ok(());
    };
    if r.unknown(kind.accounts) {
        out.unknown(r.address, kind.accounts);
    }
    let after = r.accounts(&r.after, kind.accounts, kind.list)?;
    let unknown_items = r.after_unknown.get(kind.accounts).and_then(Value::as_array);
    let same_image = before_image == Some(image);
    fn keys(side: &[(Option<usize>, String)]) -> Vec<&str> {
        side.iter().map(|(_, a)| a.as_str()).collect()
    }
    let (leaves, joins) = diff::<str>(&keys(&before), &keys(&after));
    // Accounts that leave this image (all of them when the image changes).
    if let Some(old) = before_image {
        for ((position, account), leaves) in before.iter().zip(leaves) {
            if !same_image || leaves {
                ledger.remove(kind.provider, old, removed(*position, account));
            }
        }
    }
    let mut request = Vec::new();
    for ((position, account), joins) in after.iter().zip(joins) {
        let item_unknown = position
            .and_then(|p| unknown_items.and_then(|u| u.get(p)))
            .is_some_and(|u| u == &Value::Bool(true));
        if item_unknown {
            out.unknown(
                r.address,
                &format!("{}[{}]", kind.accounts, position.unwrap_or(0)),
            );
            continue;
        }
        out.checked += 1;
        request.push(account.clone());
        if !same_image || joins {
            ledger.add(kind.provider, image, grant(*position, account));
        }
    }
    if kind.list {
        ledger.request(kind.provider, grant(None, ""), request);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every operation and field key of the tables is one the library knows, so no attribute is
    /// ever skipped for want of a rule.
    #[test]
    fn every_table_key_is_a_library_key() {
        for r in IMAGE_RESOURCES {
            assert!(r.on_create.parse::<Operation>().is_ok(), "{}", r.on_create);
            for (attribute, field) in r.attributes {
                let field: Field = field.parse().unwrap();
                let mut ops = vec![r.on_create.parse::<Operation>().unwrap()];
                if !FORCE_NEW.contains(&r.resource_type)
                    && !FORCE_NEW_ATTRIBUTES.contains(&(r.resource_type, *attribute))
                {
                    ops.push(Operation::Modify);
                }
                for op in ops {
                    let after_create = SET_AFTER_CREATE.contains(&(r.resource_type, *attribute));
                    if op != Operation::Modify && after_create {
                        // Not sent on create: the call must indeed lack it.
                        assert!(
                            r.provider
                                .rules()
                                .field(op, field, Profile::Latest)
                                .is_none()
                        );
                        continue;
                    }
                    assert!(
                        r.provider
                            .rules()
                            .field(op, field, Profile::Latest)
                            .is_some(),
                        "{} {attribute} has no rule for {op}",
                        r.resource_type
                    );
                }
            }
        }
    }
}
