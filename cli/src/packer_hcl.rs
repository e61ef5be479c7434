//! Packer HCL2 templates (`*.pkr.hcl`): the blocks that hold image settings, the variables and
//! locals that fill them in, and where each value is.
//!
//! Parsed with `hcl-edit` (through `hcl::edit`), which keeps byte spans; each value expression
//! is then converted to `hcl-rs`'s expression type for evaluation.

use crate::evaluate::{self, CleanName, context, known, scalar_text};
use crate::input::{ReadError, within_limit};
use crate::packer::{Builder, Parsed, Source, Value_, builder, not_read, packer_type};
use crate::template::{Owned, Syntax, split};
use hcl::Value;
use hcl::edit::Span;
use hcl::edit::structure::{Block, Body};
use hcl::eval::Context;
use hcl::expr::{Expression, TemplateExpr};

/// Variables from outside the templates, in the order Packer applies them (later wins).
#[derive(Clone, Debug, Default)]
pub struct VarInput {
    /// Values from the environment (`PKR_VAR_NAME`, `TF_VAR_NAME`), applied before the files:
    /// the value is the string as given.
    pub env: Vec<(String, String)>,
    /// Variable files (`*.auto.pkrvars.hcl`, then each `-var-file`): name and text.
    pub files: Vec<(String, String)>,
    /// `-var NAME=VALUE`: the value is the string as given.
    pub pairs: Vec<(String, String)>,
}

/// How many rounds of `locals` referring to other locals are followed: a chain deeper than this
/// stays unknown, so the work stays linear in the number of locals.
const LOCAL_ROUNDS: usize = 8;

pub(crate) fn parse(body: &str, what: &str) -> Result<Body, ReadError> {
    hcl::edit::parser::parse_body(body).map_err(|e| {
        ReadError::at(
            format!("{what}: {}", e.message()),
            e.location().line(),
            e.location().column(),
        )
    })
}

/// The context every template of one build is evaluated in: `var.*` from the variables'
/// defaults and `vars`, `local.*` from the `locals` blocks, and the shape-known functions.
pub fn variables(files: &[(&str, &str)], vars: &VarInput) -> Result<Context<'static>, ReadError> {
    let mut values = hcl::Map::new();
    let mut locals_exprs: Vec<(String, Expression)> = Vec::new();
    let empty = context(hcl::Map::new(), hcl::Map::new());
    for (name, text) in files {
        let body = parse(text, "not a Packer HCL2 template").map_err(|e| e.in_file(name))?;
        for block in body.blocks() {
            match (block.ident.as_str(), block.labels.as_slice()) {
                ("variable", [label]) => {
                    if let Some(d) = block.body.get_attribute("default") {
                        let expr: Expression = d.value.clone().into();
                        if let Some(v) = known(&expr, &empty) {
                            values.insert(label.as_str().to_string(), v);
                        }
                    }
                }
                ("locals", []) => {
                    for attr in block.body.attributes() {
                        locals_exprs
                            .push((attr.key.as_str().to_string(), attr.value.clone().into()));
                    }
                }
                ("local", [label]) => {
                    if let Some(e) = block.body.get_attribute("expression") {
                        locals_exprs.push((label.as_str().to_string(), e.value.clone().into()));
                    }
                }
                _ => {}
            }
        }
    }
    for (k, v) in &vars.env {
        values.insert(k.clone(), Value::from(v.as_str()));
    }
    for (name, text) in &vars.files {
        let body = parse(text, "not a variable file").map_err(|e| e.in_file(name))?;
        for attr in body.attributes() {
            let expr: Expression = attr.value.clone().into();
            match known(&expr, &empty) {
                Some(v) => values.insert(attr.key.as_str().to_string(), v),
                None => values.shift_remove(attr.key.as_str()),
            };
        }
    }
    for (k, v) in &vars.pairs {
        values.insert(k.clone(), Value::from(v.as_str()));
    }
    // Variables declared `sensitive = true`, and the locals whose expression names one (or
    // names such a local): a value made from them is judged but never shown.
    let mut secret: Vec<String> = Vec::new();
    for (_, text) in files {
        let Ok(body) = parse(text, "") else { continue };
        for block in body.blocks() {
            if let ("variable", [label]) = (block.ident.as_str(), block.labels.as_slice()) {
                let marked = block
                    .body
                    .get_attribute("sensitive")
                    .is_some_and(|a| a.value.to_string().trim() == "true");
                if marked {
                    secret.push(format!("var.{}", label.as_str()));
                }
            }
        }
    }
    for _ in 0..LOCAL_ROUNDS {
        let before = secret.len();
        for (k, e) in &locals_exprs {
            let name = format!("local.{k}");
            let text = format!("{e}");
            if !secret.contains(&name) && secret.iter().any(|s| names(&text, s)) {
                secret.push(name);
            }
        }
        if secret.len() == before {
            break;
        }
    }
    let mut locals = hcl::Map::new();
    for _ in 0..LOCAL_ROUNDS {
        let ctx = context(values.clone(), locals.clone());
        let before = locals.len();
        for (k, e) in &locals_exprs {
            if !locals.contains_key(k) {
                if let Some(v) = known(e, &ctx) {
                    locals.insert(k.clone(), v);
                }
            }
        }
        if locals.len() == before {
            break;
        }
    }
    let mut ctx = context(values, locals);
    // Kept in the context under a name no template can write (it has a space), for
    // [`refers_to_sensitive`].
    ctx.declare_var(
        hcl::Identifier::unchecked(SECRET_KEY),
        Value::Array(secret.into_iter().map(Value::from).collect()),
    );
    Ok(ctx)
}

const SECRET_KEY: &str = "sensitive names";

/// Whether `text` names `name` (`var.x`, `local.y`) as a whole reference, not a longer one.
fn names(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + name.len()..].chars().next();
        let ident =
            |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-');
        !ident(before) && !ident(after) && before != Some('.')
    })
}

/// Whether an expression names a variable declared sensitive, or a local made from one.
pub(crate) fn refers_to_sensitive(expr: &hcl::edit::expr::Expression, ctx: &Context) -> bool {
    let secret = hcl::Expression::Variable(hcl::Variable::unchecked(SECRET_KEY));
    let Some(Value::Array(names_list)) = known(&secret, ctx) else {
        return false;
    };
    if names_list.is_empty() {
        return false;
    }
    let text = expr.to_string();
    names_list
        .iter()
        .filter_map(Value::as_str)
        .any(|n| names(&text, n))
}

/// The variables the environment sets with `prefix` (`PKR_VAR_`, `TF_VAR_`), in name order.
pub fn env_vars(prefix: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::env::vars_os()
        .filter_map(|(k, v)| {
            let k = k.to_str()?.strip_prefix(prefix)?.to_string();
            Some((k, v.into_string().ok()?))
        })
        .filter(|(k, _)| !k.is_empty())
        .collect();
    out.sort();
    out
}

/// The `NAME=VALUE` of a `-var` option.
pub fn var_pair(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("-var takes NAME=VALUE, not {s:?}")),
    }
}

/// The builders and post-processors of one template whose settings go to image calls.
pub(crate) fn sources(text: &str, ctx: &Context) -> Result<Parsed, ReadError> {
    let body = parse(text, "not a Packer HCL2 template")?;
    const TOP: &[&str] = &[
        "source",
        "build",
        "variable",
        "variables",
        "locals",
        "local",
        "packer",
        "data",
    ];
    if !body.blocks().any(|b| TOP.contains(&b.ident.as_str())) {
        return Err(ReadError::new(
            "not a Packer HCL2 template: no source, build, variable or packer block",
        ));
    }
    let mut out = Parsed {
        sources: Vec::new(),
        not_read: Vec::new(),
    };
    for block in body.blocks() {
        match (block.ident.as_str(), block.labels.as_slice()) {
            ("source", [ty, name]) => {
                let address = format!("source.{}.{}", ty.as_str(), name.as_str());
                match builder("builder", ty.as_str()) {
                    Some(b) => out.sources.push(source(address, b, &block.body, ctx)?),
                    None => not_read(
                        "builder",
                        ty.as_str(),
                        &address,
                        at(block),
                        &mut out.not_read,
                    ),
                }
            }
            ("build", _) => build(block, ctx, &mut out)?,
            _ => {}
        }
    }
    Ok(out)
}

/// `build { source "source.TYPE.NAME" { ... } post-processor "TYPE" { ... } post-processors
/// { post-processor "TYPE" { ... } } }`.
fn build(block: &Block, ctx: &Context, out: &mut Parsed) -> Result<(), ReadError> {
    let post = |inner: &Block, address: String, out: &mut Parsed| -> Result<(), ReadError> {
        let [ty] = inner.labels.as_slice() else {
            return Ok(());
        };
        match builder("post-processor", ty.as_str()) {
            Some(b) => out.sources.push(source(address, b, &inner.body, ctx)?),
            None => not_read(
                "post-processor",
                ty.as_str(),
                &address,
                at(inner),
                &mut out.not_read,
            ),
        }
        Ok(())
    };
    for (i, inner) in block.body.blocks().enumerate() {
        match (inner.ident.as_str(), inner.labels.as_slice()) {
            ("source", [label]) => {
                let mut parts = label.as_str().splitn(3, '.');
                let (Some("source"), Some(ty)) = (parts.next(), parts.next()) else {
                    continue;
                };
                let address = format!("build.{}", label.as_str());
                match builder("builder", ty) {
                    Some(b) => out.sources.push(source(address, b, &inner.body, ctx)?),
                    None => not_read("builder", ty, &address, at(inner), &mut out.not_read),
                }
            }
            ("post-processor", [ty]) => post(
                inner,
                format!("build.post-processor.{}[{i}]", ty.as_str()),
                out,
            )?,
            ("post-processors", []) => {
                for (j, pp) in inner.body.blocks().enumerate() {
                    if pp.ident.as_str() == "post-processor" {
                        let ty = pp.labels.first().map_or("", |l| l.as_str());
                        post(pp, format!("build.post-processors[{i}].{ty}[{j}]"), out)?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Where a block starts.
fn at(block: &Block) -> usize {
    block.ident.span().map_or(0, |s| s.start)
}

fn source(
    address: String,
    b: &'static Builder,
    body: &Body,
    ctx: &Context,
) -> Result<Source, ReadError> {
    let mut settings = Vec::new();
    let mut hidden = Vec::new();
    for attr in body.attributes() {
        let key = attr.key.as_str();
        let Some(setting) = b.settings.iter().find(|s| s.name == key) else {
            continue;
        };
        if refers_to_sensitive(&attr.value, ctx) {
            hidden.push(setting.name);
        }
        let at = attr.value.span().map(|r| r.start);
        let expr: Expression = attr.value.clone().into();
        let value = if setting.list {
            list(&address, key, &attr.value, &expr, ctx, b.clean)?
        } else {
            scalar(&address, key, &expr, ctx, b.clean)?
        };
        settings.push((setting, value, at));
    }
    Ok(Source {
        address,
        builder: b,
        settings,
        hidden,
    })
}

fn list(
    address: &str,
    name: &str,
    edit: &hcl::edit::expr::Expression,
    expr: &Expression,
    ctx: &Context,
    clean: CleanName,
) -> Result<Value_, ReadError> {
    Ok(match (edit, expr) {
        (hcl::edit::expr::Expression::Array(items), Expression::Array(exprs)) => Value_::List(
            items
                .iter()
                .zip(exprs)
                .map(|(e, x)| {
                    let value = scalar(address, name, x, ctx, clean)?;
                    Ok((value, e.span().map(|r| r.start)))
                })
                .collect::<Result<_, ReadError>>()?,
        ),
        (_, Expression::Null) => Value_::Absent,
        (_, e) if is_literal(e) => return Err(packer_type(address, name, "a list")),
        (_, e) => match known(e, ctx) {
            Some(Value::Array(items)) => {
                Value_::List(items.iter().map(|v| (value_setting(v), None)).collect())
            }
            _ => Value_::Unknown,
        },
    })
}

fn value_setting(v: &Value) -> Value_ {
    match v {
        Value::Null => Value_::Absent,
        other => match scalar_text(other) {
            Ok(s) => Value_::Text(vec![Owned::Literal(s)]),
            Err(_) => Value_::Unknown,
        },
    }
}

fn is_literal(e: &Expression) -> bool {
    matches!(
        e,
        Expression::Array(_)
            | Expression::Object(_)
            | Expression::String(_)
            | Expression::Bool(_)
            | Expression::Number(_)
    )
}

/// A string setting's value. Numbers and booleans become their text, as Packer converts them.
fn scalar(
    address: &str,
    name: &str,
    e: &Expression,
    ctx: &Context,
    clean: CleanName,
) -> Result<Value_, ReadError> {
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
        Expression::Null => Value_::Absent,
        Expression::String(s) => {
            Value_::Text(evaluate::fill_for(split(s, Syntax::Go), Some(ctx), clean))
        }
        Expression::Number(n) => Value_::Text(vec![Owned::Literal(n.to_string())]),
        Expression::Bool(b) => Value_::Text(vec![Owned::Literal(b.to_string())]),
        Expression::TemplateExpr(t) => {
            let pieces = match t.as_ref() {
                TemplateExpr::QuotedString(raw) => split(raw, Syntax::HclQuoted),
                TemplateExpr::Heredoc(h) => split(h.template.as_str(), Syntax::Hcl),
            };
            Value_::Text(evaluate::fill_for(pieces, Some(ctx), clean))
        }
        Expression::Array(_) | Expression::Object(_) => {
            return Err(packer_type(address, name, "a string"));
        }
        Expression::Parenthesis(inner) => scalar(address, name, inner, ctx, clean)?,
        other => match known(other, ctx) {
            Some(v) => value_setting(&v),
            None => Value_::Unknown,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_from_sensitive_variables_are_known_as_such() {
        let text = "variable \"s\" {\n  default = \"a b\"\n  sensitive = true\n}\nvariable \"t\" {\n  default = \"x\"\n}\nlocals {\n  n = \"w-${var.s}\"\n  m = local.n\n  o = var.t\n}\n";
        let ctx = variables(&[("a.pkr.hcl", text)], &VarInput::default()).unwrap();
        let expr = |s: &str| hcl::edit::parser::parse_expr(s).unwrap();
        assert!(refers_to_sensitive(&expr("var.s"), &ctx));
        assert!(refers_to_sensitive(&expr("\"x-${local.m}\""), &ctx));
        assert!(!refers_to_sensitive(&expr("local.o"), &ctx));
        assert!(!refers_to_sensitive(&expr("var.st"), &ctx));
    }
}
