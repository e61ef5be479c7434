//! Packer templates in JSON: legacy templates (`{"builders": [...], "post-processors": [...]}`,
//! Go templates in strings) and HCL2 in JSON (`{"source": {"TYPE": {"NAME": {...}}}}`). Each
//! setting's place is found by one pass of [`crate::place::json_offsets`] over the text.

use crate::evaluate;
use crate::input::{ReadError, within_limit};
use crate::packer::{Builder, Parsed, Source, Value_, builder, not_read, packer_type};
use crate::place::{Step, json_offsets};
use crate::strict;
use crate::template::{Owned, Syntax, split};
use serde_json::Value;

/// A builder found in a JSON template: address, builder, settings object, its path in the
/// document, and the template syntax of its strings.
type Found<'a> = (
    String,
    &'static Builder,
    &'a serde_json::Map<String, Value>,
    Vec<Step>,
    Syntax,
);

pub(crate) fn sources(body: &str, vars: &crate::packer_hcl::VarInput) -> Result<Parsed, ReadError> {
    let root = strict::parse(body, "not a Packer JSON template")?;
    let Value::Object(top) = &root else {
        return Err(ReadError::new(
            "not a Packer JSON template: the top level is not an object",
        ));
    };
    // A legacy template's "variables" (string defaults), then --var, for `{{user `NAME`}}`.
    let mut user = hcl::Map::new();
    if let Some(Value::Object(vs)) = top.get("variables") {
        for (k, v) in vs {
            if let Some(s) = v.as_str() {
                user.insert(k.clone(), hcl::Value::from(s));
            }
        }
    }
    for (k, v) in &vars.pairs {
        user.insert(k.clone(), hcl::Value::from(v.as_str()));
    }
    let ctx = evaluate::context(user, hcl::Map::new());
    let mut out = Parsed {
        sources: Vec::new(),
        not_read: Vec::new(),
    };
    let mut found: Vec<Found> = Vec::new();
    let key = |k: &str| Step::Key(k.to_string());
    if let Some(builders) = top.get("builders") {
        // Legacy JSON: Go templates in strings.
        let Value::Array(list) = builders else {
            return Err(ReadError::new("builders should be a list"));
        };
        for (i, b) in list.iter().enumerate() {
            let Value::Object(settings) = b else {
                return Err(ReadError::new(format!("builders[{i}] should be an object")));
            };
            let Some(ty) = settings.get("type").and_then(Value::as_str) else {
                return Err(ReadError::new(format!("builders[{i}] has no type")));
            };
            let address = match settings.get("name").and_then(Value::as_str) {
                Some(name) => format!("builders[{i}] ({name})"),
                None => format!("builders[{i}]"),
            };
            match builder("builder", ty) {
                Some(kind) => found.push((
                    address,
                    kind,
                    settings,
                    vec![key("builders"), Step::Index(i)],
                    Syntax::Go,
                )),
                None => not_read("builder", ty, &address, 0, &mut out.not_read),
            }
        }
        // "post-processors": each entry a name, an object, or a list of those (a chain).
        if let Some(Value::Array(pps)) = top.get("post-processors") {
            for (i, entry) in pps.iter().enumerate() {
                let chain: Vec<(Option<usize>, &Value)> = match entry {
                    Value::Array(items) => items
                        .iter()
                        .enumerate()
                        .map(|(j, v)| (Some(j), v))
                        .collect(),
                    other => vec![(None, other)],
                };
                for (j, pp) in chain {
                    let Value::Object(settings) = pp else {
                        continue;
                    };
                    let Some(ty) = settings.get("type").and_then(Value::as_str) else {
                        continue;
                    };
                    let mut path = vec![key("post-processors"), Step::Index(i)];
                    let mut address = format!("post-processors[{i}]");
                    if let Some(j) = j {
                        path.push(Step::Index(j));
                        address.push_str(&format!("[{j}]"));
                    }
                    match builder("post-processor", ty) {
                        Some(kind) => found.push((address, kind, settings, path, Syntax::Go)),
                        None => not_read("post-processor", ty, &address, 0, &mut out.not_read),
                    }
                }
            }
        }
    } else {
        let known_top = [
            "source", "build", "variable", "locals", "local", "packer", "data",
        ];
        if !top.keys().any(|k| known_top.contains(&k.as_str())) {
            return Err(ReadError::new(
                "not a Packer template: no builders, source, build, variable or packer block",
            ));
        }
        // HCL2 in JSON: {"source": {"TYPE": {"NAME": {...}}}}, where any block level may also be
        // a list of such objects.
        for (si, sources) in each_object(top.get("source")) {
            for (ty, named) in sources {
                let Some(kind) = builder("builder", ty) else {
                    not_read("builder", ty, &format!("source.{ty}"), 0, &mut out.not_read);
                    continue;
                };
                for (ni, names) in each_object(Some(named)) {
                    for (name, body) in names {
                        for (bi, settings) in each_object(Some(body)) {
                            let mut path = vec![key("source")];
                            path.extend(si.map(Step::Index));
                            path.push(key(ty));
                            path.extend(ni.map(Step::Index));
                            path.push(key(name));
                            path.extend(bi.map(Step::Index));
                            let address = format!("source.{ty}.{name}");
                            found.push((address, kind, settings, path, Syntax::Hcl));
                        }
                    }
                }
            }
        }
    }
    // Every setting's offset, in one pass over the text.
    let mut paths = Vec::new();
    for (_, b, settings, path, _) in &found {
        for s in b.settings {
            let mut p = path.clone();
            p.push(key(s.name));
            if let Some(Value::Array(items)) = settings.get(s.name) {
                for i in 0..items.len() {
                    let mut e = p.clone();
                    e.push(Step::Index(i));
                    paths.push(e);
                }
            }
            paths.push(p);
        }
    }
    let offsets = json_offsets(body, &paths);
    let mut at = offsets.into_iter();
    for (address, b, settings, _, syntax) in found {
        out.sources
            .push(json_source(address, b, settings, syntax, &ctx, &mut at)?);
    }
    Ok(out)
}

/// An object, or each object of a list (HCL's JSON form of repeated blocks), with its index in
/// the list.
fn each_object(v: Option<&Value>) -> Vec<(Option<usize>, &serde_json::Map<String, Value>)> {
    match v {
        Some(Value::Object(m)) => vec![(None, m)],
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.as_object().map(|m| (Some(i), m)))
            .collect(),
        _ => Vec::new(),
    }
}

fn json_source(
    address: String,
    b: &'static Builder,
    settings: &serde_json::Map<String, Value>,
    syntax: Syntax,
    ctx: &hcl::eval::Context,
    offsets: &mut impl Iterator<Item = Option<usize>>,
) -> Result<Source, ReadError> {
    let scalar = |name: &str, v: &Value| -> Result<Value_, ReadError> {
        if let Value::String(s) = v {
            within_limit(&format!("{address}: {name}"), s)?;
        }
        Ok(match v {
            Value::Null => Value_::Absent,
            Value::String(s) => {
                Value_::Text(evaluate::fill_for(split(s, syntax), Some(ctx), b.clean))
            }
            Value::Number(n) => Value_::Text(vec![Owned::Literal(n.to_string())]),
            Value::Bool(x) => Value_::Text(vec![Owned::Literal(x.to_string())]),
            _ => return Err(packer_type(&address, name, "a string")),
        })
    };
    let mut out = Vec::new();
    for s in b.settings {
        // The offsets come in the order json_sources asked for them: each list element, then
        // the setting itself.
        let v = settings.get(s.name);
        let element_at: Vec<Option<usize>> = match v {
            Some(Value::Array(items)) => {
                (0..items.len()).map(|_| offsets.next().flatten()).collect()
            }
            _ => Vec::new(),
        };
        let at = offsets.next().flatten();
        let Some(v) = v else { continue };
        let value = if s.list {
            match v {
                Value::Null => Value_::Absent,
                Value::Array(items) => Value_::List(
                    items
                        .iter()
                        .zip(element_at)
                        .map(|(v, at)| Ok((scalar(s.name, v)?, at)))
                        .collect::<Result<_, ReadError>>()?,
                ),
                // An HCL JSON string here is an expression ("${var.accounts}").
                Value::String(x) if syntax == Syntax::Hcl && x.contains("${") => Value_::Unknown,
                _ => return Err(packer_type(&address, s.name, "a list")),
            }
        } else {
            scalar(s.name, v)?
        };
        out.push((s, value, at));
    }
    Ok(Source {
        address,
        builder: b,
        settings: out,
        hidden: Vec::new(),
    })
}
