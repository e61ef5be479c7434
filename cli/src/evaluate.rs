//! What an HCL expression is before plan or build, where that can be known: variable defaults,
//! `-var` and variable files, `locals`, and a few functions whose result has a known shape.
//!
//! Evaluation is `hcl-rs`'s own (`hcl::eval`), over a context holding `var`, `local` (and, for
//! Terraform, `count` / `each`). An expression that needs anything else (a data source, a
//! resource attribute, a function not declared here) fails to evaluate and stays unknown: the
//! partial check then judges what no expression can change.
//!
//! Functions whose value depends on the clock are declared with a fixed sample of the exact
//! shape they return, so a value built from them is judged by that shape: `timestamp()` is an
//! RFC 3339 UTC time (20 chars: digits, `-`, `:`, `T`, `Z`), `formatdate` with a literal format
//! of fixed-width verbs gives as many digits, and Packer's `{{timestamp}}` is Unix seconds (10
//! digits). The sample is Go's reference time, 2006-01-02 15:04:05 UTC, so it is recognisable
//! in a finding's value.

use crate::template::Owned;
use hcl::Value;
use hcl::eval::{Context, Evaluate, FuncArgs, FuncDef, ParamType};

/// Go's reference time in RFC 3339, standing for any `timestamp()`.
pub const TIMESTAMP_SAMPLE: &str = "2006-01-02T15:04:05Z";
/// Go's reference time in Unix seconds, standing for any Packer `{{timestamp}}`.
pub const UNIX_SAMPLE: &str = "1136214245";

/// The evaluation context: `var.*`, `local.*` and the shape-known functions.
pub fn context(vars: hcl::Map<String, Value>, locals: hcl::Map<String, Value>) -> Context<'static> {
    let mut ctx = Context::new();
    ctx.declare_var("var", Value::Object(vars));
    ctx.declare_var("local", Value::Object(locals));
    declare_functions(&mut ctx);
    ctx
}

fn declare_functions(ctx: &mut Context) {
    ctx.declare_func(
        "timestamp",
        FuncDef::builder().build(|_| Ok(TIMESTAMP_SAMPLE.into())),
    );
    ctx.declare_func(
        "formatdate",
        FuncDef::builder()
            .params([ParamType::String, ParamType::String])
            .build(formatdate),
    );
    ctx.declare_func(
        "lower",
        FuncDef::builder()
            .param(ParamType::String)
            .build(|a| Ok(str_arg(&a, 0).to_lowercase().into())),
    );
    ctx.declare_func(
        "upper",
        FuncDef::builder()
            .param(ParamType::String)
            .build(|a| Ok(str_arg(&a, 0).to_uppercase().into())),
    );
    ctx.declare_func(
        "trimspace",
        FuncDef::builder()
            .param(ParamType::String)
            .build(|a| Ok(str_arg(&a, 0).trim().into())),
    );
    ctx.declare_func(
        "replace",
        FuncDef::builder()
            .params([ParamType::String, ParamType::String, ParamType::String])
            .build(|a| {
                let (s, from, to) = (str_arg(&a, 0), str_arg(&a, 1), str_arg(&a, 2));
                // A pattern in slashes is a regular expression.
                if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
                    return regex_replace(s, &from[1..from.len() - 1], to);
                }
                if from.is_empty() {
                    return Err("empty pattern".into());
                }
                Ok(s.replace(from, to).into())
            }),
    );
    // Collections: a set is a sorted list without repeats, as Terraform orders a set of strings.
    ctx.declare_func(
        "toset",
        FuncDef::builder()
            .param(ParamType::array_of(ParamType::Any))
            .build(|a| {
                let Some(Value::Array(items)) = a.first() else {
                    return Err("not a list".into());
                };
                let mut texts: Vec<String> =
                    items.iter().map(scalar_text).collect::<Result<_, _>>()?;
                texts.sort();
                texts.dedup();
                Ok(Value::Array(texts.into_iter().map(Value::from).collect()))
            }),
    );
    ctx.declare_func(
        "tolist",
        FuncDef::builder()
            .param(ParamType::array_of(ParamType::Any))
            .build(|a| Ok(a.first().cloned().unwrap_or(Value::Null))),
    );
    ctx.declare_func(
        "length",
        FuncDef::builder()
            .param(ParamType::Any)
            .build(|a| match a.first() {
                Some(Value::Array(v)) => Ok(Value::from(v.len() as u64)),
                Some(Value::Object(m)) => Ok(Value::from(m.len() as u64)),
                Some(Value::String(s)) => Ok(Value::from(s.chars().count() as u64)),
                _ => Err("no length".into()),
            }),
    );
    ctx.declare_func(
        "regex_replace",
        FuncDef::builder()
            .params([ParamType::String, ParamType::String, ParamType::String])
            .build(|a| regex_replace(str_arg(&a, 0), str_arg(&a, 1), str_arg(&a, 2))),
    );
    ctx.declare_func(
        "join",
        FuncDef::builder()
            .params([ParamType::String, ParamType::array_of(ParamType::Any)])
            .build(|a| {
                let sep = str_arg(&a, 0);
                let Some(Value::Array(items)) = a.get(1) else {
                    return Err("not a list".into());
                };
                let parts: Result<Vec<String>, String> = items.iter().map(scalar_text).collect();
                Ok(parts?.join(sep).into())
            }),
    );
}

/// Packer's `regex_replace` and Terraform's `replace` with a `/pattern/`: RE2 syntax, which
/// the `regex` crate shares for what templates use; a pattern it cannot take, or one too big,
/// leaves the value unknown.
fn regex_replace(s: &str, pattern: &str, to: &str) -> Result<Value, String> {
    let re = regex::RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .build()
        .map_err(|e| e.to_string())?;
    Ok(re.replace_all(s, to).into_owned().into())
}

fn str_arg(args: &FuncArgs, i: usize) -> &str {
    args.get(i).and_then(Value::as_str).unwrap_or("")
}

/// The text a scalar value converts to in a string, as Terraform and Packer convert it.
pub fn scalar_text(v: &Value) -> Result<String, String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err("not a scalar".into()),
    }
}

/// `formatdate(FORMAT, time)` for a format made only of fixed-width verbs and literal text;
/// any other format (a month name, an unpadded number) has no one shape and stays unknown.
fn formatdate(args: FuncArgs) -> Result<Value, String> {
    let format = str_arg(&args, 0);
    let mut out = String::new();
    let mut rest = format;
    // Longest verbs first.
    const VERBS: &[(&str, &str)] = &[
        ("YYYY", "2006"),
        ("YY", "06"),
        ("MM", "01"),
        ("DD", "02"),
        ("HH", "15"),
        ("hh", "15"),
        ("mm", "04"),
        ("ss", "05"),
        ("ZZZZZ", "+00:00"),
        ("ZZZZ", "+0000"),
    ];
    'outer: while let Some(c) = rest.chars().next() {
        if c == '\'' {
            let Some(end) = rest[1..].find('\'') else {
                return Err("unterminated literal".into());
            };
            if end == 0 {
                out.push('\'');
            } else {
                out.push_str(&rest[1..1 + end]);
            }
            rest = &rest[end + 2..];
            continue;
        }
        if c.is_ascii_alphabetic() {
            for (verb, sample) in VERBS {
                if let Some(after) = rest.strip_prefix(verb) {
                    if after.starts_with(c) {
                        // A longer run of the same letter: a verb of another width.
                        return Err("a verb with no fixed shape".into());
                    }
                    out.push_str(sample);
                    rest = after;
                    continue 'outer;
                }
            }
            return Err("a verb with no fixed shape".into());
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    Ok(out.into())
}

/// The value of `expr`, where the context knows it.
pub fn known(expr: &hcl::Expression, ctx: &Context) -> Option<Value> {
    expr.evaluate(ctx).ok()
}

/// What a plugin's Go template function `clean_resource_name` makes of its text. Each plugin
/// registers its own under that one name, so the shape depends on the builder that renders the
/// setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CleanName {
    /// Lower case, and every byte but `a-z`, `0-9` and `-` made `-`: an RFC 1035 label's
    /// characters (hashicorp/packer-plugin-googlecompute builder/googlecompute/template_funcs.go,
    /// templateCleanImageName; the readers' shape for the alicloud, tencentcloud and volcengine builders too).
    Label,
    /// Case kept, and every byte but ASCII letters, digits and `( ) [ ] space . / - ' @ _`
    /// made `-`: the AMI name's characters (hashicorp/packer-plugin-amazon
    /// builder/common/template_funcs.go, templateCleanAMIName).
    AmiName,
    /// The plugin registers no such function: a template using it fails to render, so the
    /// value stays unknown (hashicorp/packer-plugin-googlecompute's googlecompute-import).
    Unregistered,
}

impl CleanName {
    fn apply(self, value: &str) -> Option<String> {
        // Byte by byte, as both plugins do: a character of several bytes becomes as many `-`.
        let (text, keep): (String, fn(u8) -> bool) = match self {
            CleanName::Label => (value.to_lowercase(), |b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'
            }),
            CleanName::AmiName => (value.to_string(), |b| {
                b.is_ascii_alphanumeric() || b"()[] ./-'@_".contains(&b)
            }),
            CleanName::Unregistered => return None,
        };
        Some(
            text.bytes()
                .map(|b| if keep(b) { char::from(b) } else { '-' })
                .collect(),
        )
    }
}

/// Pieces of a templated string with each `${...}` the context can evaluate to a scalar made
/// literal text; Go's `{{timestamp}}` becomes its Unix-seconds sample.
pub fn fill(pieces: Vec<Owned>, ctx: Option<&Context>) -> Vec<Owned> {
    fill_for(pieces, ctx, CleanName::Label)
}

/// [`fill`] for a builder whose `clean_resource_name` is `clean`.
pub fn fill_for(pieces: Vec<Owned>, ctx: Option<&Context>, clean: CleanName) -> Vec<Owned> {
    let mut out: Vec<Owned> = Vec::with_capacity(pieces.len());
    for p in pieces {
        let filled = match &p {
            Owned::Hole(h) => evaluate_hole(h, ctx, clean),
            Owned::Literal(_) => None,
        };
        match (filled, out.last_mut()) {
            (Some(text), Some(Owned::Literal(prev))) => prev.push_str(&text),
            (Some(text), _) => out.push(Owned::Literal(text)),
            (None, _) => match (p, out.last_mut()) {
                (Owned::Literal(s), Some(Owned::Literal(prev))) => prev.push_str(&s),
                (p, _) => out.push(p),
            },
        }
    }
    out.retain(|p| !matches!(p, Owned::Literal(s) if s.is_empty()));
    out
}

fn evaluate_hole(hole: &str, ctx: Option<&Context>, clean: CleanName) -> Option<String> {
    if let Some(go) = hole.strip_prefix("{{").and_then(|h| h.strip_suffix("}}")) {
        return go_pipeline(go, ctx, clean);
    }
    let ctx = ctx?;
    let inner = hole.strip_prefix("${")?.strip_suffix('}')?;
    let inner = inner.strip_prefix('~').unwrap_or(inner);
    let inner = inner.strip_suffix('~').unwrap_or(inner);
    let parsed = hcl::edit::parser::parse_expr(inner).ok()?;
    let expr: hcl::Expression = parsed.into();
    scalar_text(&known(&expr, ctx)?).ok()
}

/// A Go template pipeline of Packer's legacy templates whose result has one shape:
/// `timestamp` (Unix seconds), `isotime` (RFC 3339) or `isotime "LAYOUT"` with a layout of
/// zero-padded numbers only, then any of the filters `clean_resource_name` (the builder's own,
/// `clean`), `lower`, `upper`. `clean_ami_name`, its name before Packer 1.5, is no longer
/// registered by the amazon plugin: such a template fails to render, so it stays unknown.
fn go_pipeline(go: &str, ctx: Option<&Context>, clean: CleanName) -> Option<String> {
    let mut stages = go.split('|').map(str::trim);
    let head = stages.next()?;
    let quoted = |s: &str| -> Option<String> {
        let s = s.trim();
        s.strip_prefix('"')
            .and_then(|l| l.strip_suffix('"'))
            .or_else(|| s.strip_prefix('`').and_then(|l| l.strip_suffix('`')))
            .map(str::to_string)
    };
    let mut value = match head {
        "timestamp" => UNIX_SAMPLE.to_string(),
        "isotime" => TIMESTAMP_SAMPLE.to_string(),
        // `{{user `NAME`}}`: the legacy template's variable, where known.
        _ if head.starts_with("user ") => {
            let name = quoted(&head[5..])?;
            let expr = hcl::Expression::from(hcl::Traversal::new(
                hcl::Variable::new("var").ok()?,
                [hcl::TraversalOperator::GetAttr(
                    hcl::Identifier::new(name).ok()?,
                )],
            ));
            scalar_text(&known(&expr, ctx?)?).ok()?
        }
        _ => {
            let layout = head.strip_prefix("isotime")?.trim();
            let layout = layout
                .strip_prefix('"')
                .and_then(|l| l.strip_suffix('"'))
                .or_else(|| layout.strip_prefix('`').and_then(|l| l.strip_suffix('`')))?;
            fixed_go_layout(layout)?
        }
    };
    for filter in stages {
        value = match filter {
            "clean_resource_name" => clean.apply(&value)?,
            "lower" => value.to_lowercase(),
            "upper" => value.to_uppercase(),
            _ => return None,
        };
    }
    Some(value)
}

/// A Go time layout applied to Go's reference time is the layout itself, where every number in
/// it is one of the zero-padded verbs (`2006`, `01`, `02`, `15`, `03`, `04`, `05`, `06`); a
/// layout with unpadded numbers, names (`Jan`, `Mon`) or zones has no one shape.
fn fixed_go_layout(layout: &str) -> Option<String> {
    if layout.chars().any(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    let b = layout.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let verb = ["2006", "01", "02", "15", "03", "04", "05", "06"]
                .iter()
                .find(|v| layout[i..].starts_with(**v))?;
            i += verb.len();
        } else {
            i += 1;
        }
    }
    Some(layout.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> Context<'static> {
        let mut vars = hcl::Map::new();
        vars.insert("env".to_string(), Value::from("prod env"));
        context(vars, hcl::Map::new())
    }

    #[test]
    fn known_variables_and_shaped_functions_become_literal_text() {
        let pieces = vec![
            Owned::Literal("web-".into()),
            Owned::Hole("${var.env}".into()),
            Owned::Literal("-".into()),
            Owned::Hole("${formatdate(\"YYYYMMDD'T'hhmm\", timestamp())}".into()),
            Owned::Hole("${var.missing}".into()),
            Owned::Hole("{{timestamp}}".into()),
        ];
        assert_eq!(
            fill(pieces, Some(&ctx())),
            [
                Owned::Literal("web-prod env-20060102T1504".into()),
                Owned::Hole("${var.missing}".into()),
                Owned::Literal(UNIX_SAMPLE.into()),
            ]
        );
    }

    /// Each plugin's `clean_resource_name`: the amazon one keeps case and the AMI name's
    /// punctuation, the Compute Engine one makes an RFC 1035 label's characters; both turn
    /// each byte of a wider character into `-`.
    #[test]
    fn clean_resource_name_is_the_builders_own() {
        let c = ctx();
        let ami = |s: &str| go_pipeline(s, Some(&c), CleanName::AmiName);
        assert_eq!(
            ami("isotime | clean_resource_name").unwrap(),
            "2006-01-02T15-04-05Z"
        );
        assert_eq!(
            CleanName::AmiName
                .apply("Web (v1) [x] a.b/c-d'e@f_g:h,é")
                .unwrap(),
            "Web (v1) [x] a.b/c-d'e@f_g-h---"
        );
        assert_eq!(CleanName::Label.apply("Web_1.é").unwrap(), "web-1---");
        let none = |s: &str| go_pipeline(s, Some(&c), CleanName::Unregistered);
        assert_eq!(none("timestamp | clean_resource_name"), None);
        assert_eq!(none("timestamp").unwrap(), UNIX_SAMPLE);
        assert_eq!(ami("clean_ami_name"), None);
        assert_eq!(ami("isotime | clean_ami_name"), None);
    }

    #[test]
    fn go_pipelines_and_regex_replace_of_known_shapes() {
        let c = ctx();
        let go = |s: &str| go_pipeline(s, Some(&c), CleanName::Label);
        assert_eq!(
            go("isotime | clean_resource_name").unwrap(),
            "2006-01-02t15-04-05z"
        );
        assert_eq!(go(" isotime \"20060102-1504\" ").unwrap(), "20060102-1504");
        assert_eq!(go("isotime \"Jan 2\""), None);
        assert_eq!(go("isotime \"2006-1-2\""), None);
        assert_eq!(go("user `x`"), None);
        assert_eq!(go("user `env` | clean_resource_name").unwrap(), "prod-env");
        let hole = "${regex_replace(timestamp(), \"[- TZ:]\", \"\")}";
        assert_eq!(
            evaluate_hole(hole, Some(&ctx()), CleanName::Label).unwrap(),
            "20060102150405"
        );
        let hole = "${replace(var.env, \"/\\\\s+/\", \"-\")}";
        assert_eq!(
            evaluate_hole(hole, Some(&ctx()), CleanName::Label).unwrap(),
            "prod-env"
        );
        assert_eq!(
            evaluate_hole(
                "${regex_replace(\"a\", \"(\", \"\")}",
                Some(&ctx()),
                CleanName::Label
            ),
            None
        );
    }

    #[test]
    fn formats_without_one_shape_stay_unknown() {
        for format in ["MMM", "D", "YYYYY", "'open"] {
            let hole = format!("${{formatdate(\"{format}\", timestamp())}}");
            assert_eq!(
                evaluate_hole(&hole, Some(&ctx()), CleanName::Label),
                None,
                "{format}"
            );
        }
    }
}
