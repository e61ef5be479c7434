//! `image-preflight packer`: Packer templates, HCL2 (`*.pkr.hcl`), HCL2 in JSON (`*.pkr.json`)
//! and legacy JSON (`{"builders": [...]}`).
//!
//! The `alicloud-ecs` and `tencentcloud-cvm` builders' names, descriptions and families go to
//! each cloud's CreateImage; their share lists to ModifyImageSharePermission, for an image that
//! is new and so shared with nobody. A templated value is judged by
//! [`image_preflight::partial::check_pieces`] on what is known whatever its expressions become.

use crate::findings::{Finding, Outcome};
use crate::input::{ReadError, text, within_limit};
use crate::strict;
use crate::template::{Owned, Syntax, split};
use hcl::expr::{Expression, TemplateExpr};
use image_preflight::partial::{Piece, check_pieces};
use image_preflight::{
    Field, ImageFacts, Operation, Profile, Provider, ShareChange, Subject, judge, validate,
};
use serde_json::Value;
use std::sync::Arc;

/// A builder whose settings go to image calls.
pub struct Builder {
    pub builder_type: &'static str,
    pub provider: Provider,
    /// Setting name and the library's field key (all sent to CreateImage).
    pub settings: &'static [(&'static str, &'static str)],
    /// The list of accounts the new image is shared with.
    pub share: &'static str,
}

/// Setting names from each plugin's builder documentation (hashicorp/packer-plugin-alicloud
/// `alicloud-ecs`, hashicorp/packer-plugin-tencentcloud `tencentcloud-cvm`).
pub const BUILDERS: &[Builder] = &[
    Builder {
        builder_type: "alicloud-ecs",
        provider: Provider::Alibaba,
        settings: &[
            ("image_name", "name"),
            ("image_description", "description"),
            ("target_image_family", "family"),
        ],
        share: "image_share_account",
    },
    Builder {
        builder_type: "tencentcloud-cvm",
        provider: Provider::Tencent,
        settings: &[("image_name", "name"), ("image_description", "description")],
        share: "image_share_accounts",
    },
];

/// A setting's value, as far as it is known before the build.
#[derive(Debug)]
enum Setting {
    /// Not set (or null).
    Absent,
    /// Literal text and expressions.
    Text(Vec<Owned>),
    /// An expression with no literal text (a variable, a function call, a conditional...).
    Unknown,
    /// A list: each element's value.
    List(Vec<Setting>),
}

/// One builder's settings, with where it is.
struct Source {
    address: String,
    builder: &'static Builder,
    settings: Vec<(&'static str, Setting)>,
}

/// Reads a template (HCL2, or JSON when it starts with `{`) and checks it.
pub fn check(bytes: &[u8], profile: Profile) -> Result<Outcome, ReadError> {
    let body = text(bytes)?;
    let sources = if body.trim_start().starts_with('{') {
        json_sources(body)?
    } else {
        hcl_sources(body)?
    };
    let mut out = Outcome::default();
    for source in &sources {
        check_source(source, profile, &mut out);
    }
    Ok(out)
}

fn builder(builder_type: &str) -> Option<&'static Builder> {
    BUILDERS.iter().find(|b| b.builder_type == builder_type)
}

fn hcl_sources(body: &str) -> Result<Vec<Source>, ReadError> {
    let parsed = hcl::parse(body).map_err(|e| match e {
        hcl::Error::Parse(p) => ReadError::at(
            format!("not a Packer HCL2 template: {}", p.message()),
            p.location().line(),
            p.location().column(),
        ),
        other => ReadError::new(format!("not a Packer HCL2 template: {other}")),
    })?;
    let mut out = Vec::new();
    for block in parsed.blocks() {
        match (block.identifier(), block.labels()) {
            ("source", [ty, name]) => {
                if let Some(b) = builder(ty.as_str()) {
                    let address = format!("source.{}.{}", ty.as_str(), name.as_str());
                    out.push(hcl_source(address, b, &block.body)?);
                }
            }
            // `build { source "source.TYPE.NAME" { image_name = ... } }` overrides settings.
            ("build", _) => {
                for inner in block.body.blocks() {
                    let ([label], "source") = (inner.labels(), inner.identifier()) else {
                        continue;
                    };
                    let mut parts = label.as_str().splitn(3, '.');
                    let (Some("source"), Some(ty)) = (parts.next(), parts.next()) else {
                        continue;
                    };
                    if let Some(b) = builder(ty) {
                        let address = format!("build.{}", label.as_str());
                        out.push(hcl_source(address, b, &inner.body)?);
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

fn hcl_source(address: String, b: &'static Builder, body: &hcl::Body) -> Result<Source, ReadError> {
    let mut settings = Vec::new();
    for attr in body.attributes() {
        let key = attr.key();
        let wanted = b.settings.iter().map(|(s, _)| *s).chain([b.share]);
        let Some(name) = wanted.into_iter().find(|s| *s == key) else {
            continue;
        };
        let setting = if name == b.share {
            match &attr.expr {
                Expression::Array(items) => Setting::List(
                    items
                        .iter()
                        .map(|e| hcl_scalar(&address, name, e))
                        .collect::<Result<_, _>>()?,
                ),
                Expression::Null => Setting::Absent,
                e if is_literal(e) => return Err(packer_type(&address, name, "a list")),
                _ => Setting::Unknown,
            }
        } else {
            hcl_scalar(&address, name, &attr.expr)?
        };
        settings.push((name, setting));
    }
    Ok(Source {
        address,
        builder: b,
        settings,
    })
}

fn is_literal(e: &Expression) -> bool {
    matches!(
        e,
        Expression::Array(_) | Expression::Object(_) | Expression::String(_) | Expression::Bool(_)
    ) || matches!(e, Expression::Number(_))
}

/// A string setting's value. Numbers and booleans become their text, as Packer converts them.
fn hcl_scalar(address: &str, name: &str, e: &Expression) -> Result<Setting, ReadError> {
    let place = || format!("{address}: {name}");
    match e {
        Expression::String(s) => within_limit(&place(), s)?,
        Expression::TemplateExpr(t) => match t.as_ref() {
            TemplateExpr::QuotedString(raw) => within_limit(&place(), raw)?,
            TemplateExpr::Heredoc(h) => within_limit(&place(), h.template.as_str())?,
        },
        _ => {}
    }
    Ok(match e {
        Expression::Null => Setting::Absent,
        Expression::String(s) => Setting::Text(split(s, Syntax::Go)),
        Expression::Number(n) => Setting::Text(vec![Owned::Literal(n.to_string())]),
        Expression::Bool(b) => Setting::Text(vec![Owned::Literal(b.to_string())]),
        Expression::TemplateExpr(t) => match t.as_ref() {
            TemplateExpr::QuotedString(raw) => Setting::Text(split(raw, Syntax::HclQuoted)),
            TemplateExpr::Heredoc(h) => Setting::Text(split(h.template.as_str(), Syntax::Hcl)),
        },
        Expression::Array(_) | Expression::Object(_) => {
            return Err(packer_type(address, name, "a string"));
        }
        Expression::Parenthesis(inner) => hcl_scalar(address, name, inner)?,
        _ => Setting::Unknown,
    })
}

fn packer_type(address: &str, name: &str, wanted: &str) -> ReadError {
    ReadError::new(format!("{address}: {name} should be {wanted}"))
}

fn json_sources(body: &str) -> Result<Vec<Source>, ReadError> {
    let root = strict::parse(body, "not a Packer JSON template")?;
    let Value::Object(top) = &root else {
        return Err(ReadError::new(
            "not a Packer JSON template: the top level is not an object",
        ));
    };
    let mut out = Vec::new();
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
            let Some(kind) = builder(ty) else { continue };
            let address = match settings.get("name").and_then(Value::as_str) {
                Some(name) => format!("builders[{i}] ({name})"),
                None => format!("builders[{i}]"),
            };
            out.push(json_source(address, kind, settings, Syntax::Go)?);
        }
        return Ok(out);
    }
    // HCL2 in JSON: {"source": {"TYPE": {"NAME": {...}}}}, where any block level may also be a
    // list of such objects.
    for sources in each_object(top.get("source")) {
        for (ty, named) in sources {
            let Some(kind) = builder(ty) else { continue };
            for names in each_object(Some(named)) {
                for (name, body) in names {
                    for settings in each_object(Some(body)) {
                        let address = format!("source.{ty}.{name}");
                        out.push(json_source(address, kind, settings, Syntax::Hcl)?);
                    }
                }
            }
        }
    }
    Ok(out)
}

/// An object, or each object of a list (HCL's JSON form of repeated blocks).
fn each_object(v: Option<&Value>) -> Vec<&serde_json::Map<String, Value>> {
    match v {
        Some(Value::Object(m)) => vec![m],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    }
}

fn json_source(
    address: String,
    b: &'static Builder,
    settings: &serde_json::Map<String, Value>,
    syntax: Syntax,
) -> Result<Source, ReadError> {
    let scalar = |name: &str, v: &Value| -> Result<Setting, ReadError> {
        if let Value::String(s) = v {
            within_limit(&format!("{address}: {name}"), s)?;
        }
        Ok(match v {
            Value::Null => Setting::Absent,
            Value::String(s) => Setting::Text(split(s, syntax)),
            Value::Number(n) => Setting::Text(vec![Owned::Literal(n.to_string())]),
            Value::Bool(x) => Setting::Text(vec![Owned::Literal(x.to_string())]),
            _ => return Err(packer_type(&address, name, "a string")),
        })
    };
    let mut out = Vec::new();
    for (name, _) in b.settings {
        if let Some(v) = settings.get(*name) {
            out.push((*name, scalar(name, v)?));
        }
    }
    match settings.get(b.share) {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            let list = items
                .iter()
                .map(|v| scalar(b.share, v))
                .collect::<Result<_, _>>()?;
            out.push((b.share, Setting::List(list)));
        }
        // An HCL JSON string here is an expression ("${var.accounts}").
        Some(Value::String(s)) if syntax == Syntax::Hcl && s.contains("${") => {
            out.push((b.share, Setting::Unknown));
        }
        Some(_) => return Err(packer_type(&address, b.share, "a list")),
    }
    Ok(Source {
        address,
        builder: b,
        settings: out,
    })
}

fn check_source(source: &Source, profile: Profile, out: &mut Outcome) {
    let b = source.builder;
    let finding = |attribute: &str, operation: &'static str, value: Option<Arc<str>>, v| Finding {
        address: source.address.clone(),
        resource_type: b.builder_type.to_string(),
        attribute: attribute.to_string(),
        operation,
        value,
        sensitive: false,
        image_id: None,
        violation: v,
    };
    for (name, setting) in &source.settings {
        if *name == b.share {
            let Setting::List(items) = setting else {
                if matches!(setting, Setting::Unknown) {
                    out.unknown(&source.address, name);
                }
                continue;
            };
            // Elements known whole are judged; the rest are unknown.
            let mut known = Vec::new();
            let mut positions = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match item {
                    Setting::Text(pieces)
                        if pieces.iter().all(|p| matches!(p, Owned::Literal(_))) =>
                    {
                        let s: String = pieces
                            .iter()
                            .map(|p| match p {
                                Owned::Literal(s) | Owned::Hole(s) => s.as_str(),
                            })
                            .collect();
                        known.push(s);
                        positions.push(i);
                    }
                    Setting::Absent => {}
                    _ => out.unknown(&source.address, &format!("{name}[{i}]")),
                }
            }
            if known.is_empty() {
                continue;
            }
            out.checked += known.len();
            let change = ShareChange::lists(known.clone(), Vec::<String>::new());
            let report = judge(&ImageFacts::new(b.provider, ""), &change, profile);
            for mut v in report.violations {
                let value = v.index.map(|i| Arc::from(known[i].as_str()));
                if v.field == Subject::Add {
                    v.index = v.index.map(|i| positions[i]);
                }
                out.findings.push(finding(name, "share", value, v));
            }
            continue;
        }
        let Some((_, field_key)) = b.settings.iter().find(|(s, _)| s == name) else {
            continue;
        };
        let Ok(field) = field_key.parse::<Field>() else {
            continue;
        };
        let pieces = match setting {
            Setting::Absent => continue,
            Setting::Unknown | Setting::List(_) => {
                out.unknown(&source.address, name);
                continue;
            }
            Setting::Text(pieces) => pieces,
        };
        out.checked += 1;
        let operation = Operation::Create;
        let Some(rule) = b.provider.rules().field(operation, field, profile) else {
            // Reported as NOT_SUPPORTED by the library's own check.
            let shown: String = pieces
                .iter()
                .map(|p| match p {
                    Owned::Literal(s) | Owned::Hole(s) => s.as_str(),
                })
                .collect();
            let value: Arc<str> = Arc::from(shown.as_str());
            for v in validate(b.provider, operation, field, &shown, profile).violations {
                out.findings
                    .push(finding(name, operation.key(), Some(value.clone()), v));
            }
            continue;
        };
        let borrowed: Vec<Piece> = pieces.iter().map(Owned::as_piece).collect();
        let partial = check_pieces(rule, field, &borrowed);
        if !partial.complete && partial.report.is_valid() {
            out.unknown(&source.address, name);
        }
        let shown: Arc<str> = Arc::from(partial.shown.as_str());
        for v in partial.report.violations {
            out.findings
                .push(finding(name, operation.key(), Some(shown.clone()), v));
        }
    }
}
