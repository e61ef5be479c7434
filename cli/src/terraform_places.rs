//! Where each finding of a Terraform plan is: the line and column of its value in the plan's
//! JSON, found by one pass of [`crate::place::json_offsets`] over the text.

use crate::findings::Outcome;
use crate::input::{ReadError, text};
use crate::place::{Lines, Step, json_offsets};
use crate::terraform::{SHARE_RESOURCES, check};
use image_preflight::Profile;
use serde::Deserialize;

/// Reads a plan's JSON and checks it, each finding placed at its value in `file`.
pub fn check_file(bytes: &[u8], file: &str, profile: Profile) -> Result<Outcome, ReadError> {
    let mut out = check(bytes, profile)?;
    let json = text(bytes)?;
    // The index of each resource in resource_changes, found by a second, raw read of the
    // addresses only.
    #[derive(Deserialize)]
    struct Addresses {
        #[serde(default)]
        resource_changes: Vec<AddressOnly>,
    }
    #[derive(Deserialize)]
    struct AddressOnly {
        address: String,
    }
    let plan: Addresses =
        serde_json::from_str(json).map_err(|e| ReadError::json("not a plan", &e))?;
    let index: std::collections::HashMap<&str, usize> = plan
        .resource_changes
        .iter()
        .enumerate()
        .map(|(i, r)| (r.address.as_str(), i))
        .collect();
    let path_in = |side: &str, address: &str, attribute: &str, item: Option<usize>| {
        let i = *index.get(address)?;
        let (name, inner) = match attribute.split_once('[') {
            Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (attribute, item),
        };
        let mut p = vec![
            Step::Key("resource_changes".into()),
            Step::Index(i),
            Step::Key("change".into()),
            Step::Key(side.into()),
            Step::Key(name.to_string()),
        ];
        p.extend(inner.map(Step::Index));
        Some(p)
    };
    let list_attr = |ty: &str| {
        SHARE_RESOURCES
            .iter()
            .any(|s| s.resource_type == ty && s.list)
    };
    let mut paths = Vec::new();
    for f in &out.findings {
        let item = f.violation.index.filter(|_| list_attr(&f.resource_type));
        paths.push(path_in("after", &f.address, &f.attribute, item).unwrap_or_default());
    }
    // A value unknown until apply is left out of `after` and marked in `after_unknown`: it is
    // placed at the first of the two the plan has.
    for u in &out.unknown {
        for side in ["after", "after_unknown"] {
            paths.push(path_in(side, &u.address, &u.attribute, None).unwrap_or_default());
        }
    }
    for n in &out.not_read {
        let p = index
            .get(n.address.as_str())
            .map(|&i| vec![Step::Key("resource_changes".into()), Step::Index(i)]);
        paths.push(p.unwrap_or_default());
    }
    let offsets = json_offsets(json, &paths);
    let lines = Lines::new(json);
    let mut at = offsets.into_iter().map(|o| o.map(|o| lines.place(file, o)));
    for f in &mut out.findings {
        f.place = at.next().flatten();
    }
    for u in &mut out.unknown {
        let (after, marked) = (at.next().flatten(), at.next().flatten());
        u.place = after.or(marked);
    }
    for n in &mut out.not_read {
        n.place = at.next().flatten();
    }
    Ok(out)
}
