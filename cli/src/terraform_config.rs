//! `image-preflight terraform DIR`: a Terraform configuration read as written (`*.tf`), with no
//! plan, no provider and no network, so it can run where tflint runs (pre-commit, an editor).
//!
//! Variables come from their defaults, `terraform.tfvars`, `*.auto.tfvars` (name order), then
//! each `--var-file` and `--var`, in the order Terraform applies them; `locals` are evaluated
//! from those. A resource with `count` or `for_each` over a collection known here is checked
//! once per instance (`count.index`, `each.key`, `each.value`), with Terraform's instance
//! addresses. Every resource is taken as created: the configuration does not say what exists
//! (the plan reader does). Share resources are gathered per image as in a plan; an image named
//! by an expression not known here (`alicloud_image.web.id`) is keyed by that expression's
//! text, so resources sharing the same image are still counted together.

use crate::coverage::{self, Tool};
use crate::evaluate::{known, scalar_text};
use crate::findings::{Finding, NotRead, Outcome};
use crate::input::ReadError;
use crate::packer_hcl::{VarInput, parse, refers_to_sensitive};
use crate::place::{Lines, Place};
use crate::shares::{Grant, Ledger};
use crate::template::{Owned, Syntax, split};
use crate::terraform::{IMAGE_RESOURCES, SHARE_RESOURCES};
use hcl::Value;
use hcl::edit::Span;
use hcl::edit::structure::{Block, Body};
use hcl::eval::Context;
use hcl::expr::{Expression, TemplateExpr};
use image_preflight::partial::{Piece, check_pieces};
use image_preflight::{Field, Operation, Profile, Provider, validate};

/// The most instances one `count` or `for_each` is expanded to; past it, the resource is
/// checked once with the instance unknown, so a `count = 1e9` costs nothing.
const MAX_INSTANCES: usize = 1_000;

/// Checks the configuration files `files` (name, text) with the variables `vars` (the tfvars
/// files in the order Terraform loads them, then `--var`s).
pub fn check(
    files: &[(String, String)],
    vars: &VarInput,
    profile: Profile,
) -> Result<Outcome, ReadError> {
    let mut bodies = Vec::new();
    for (name, text) in files {
        let body = parse(text, "not a Terraform configuration").map_err(|e| e.in_file(name))?;
        bodies.push((name.as_str(), text.as_str(), body));
    }
    const TOP: &[&str] = &[
        "resource",
        "data",
        "variable",
        "locals",
        "module",
        "output",
        "provider",
        "terraform",
        "moved",
        "import",
        "removed",
        "check",
    ];
    for (name, _, body) in &bodies {
        if body.iter().next().is_some() && !body.blocks().any(|b| TOP.contains(&b.ident.as_str())) {
            return Err(ReadError::new(
                "not a Terraform configuration: no resource, variable, module or terraform block",
            )
            .in_file(name));
        }
    }
    let as_packer: Vec<(&str, &str)> = bodies.iter().map(|(n, t, _)| (*n, *t)).collect();
    // Variables and locals are declared the same way as in Packer templates.
    let mut ctx = crate::packer_hcl::variables(&as_packer, vars)?;
    let mut out = Outcome::default();
    let mut ledger = Ledger::default();
    let mut share_places = Vec::new();
    for (name, text, body) in &bodies {
        let lines = Lines::new(text);
        let mut file = File {
            name,
            lines: &lines,
            out: &mut out,
            ledger: &mut ledger,
            share_places: &mut share_places,
            profile,
        };
        let mut any = false;
        for block in body.blocks() {
            match (block.ident.as_str(), block.labels.as_slice()) {
                ("resource", [ty, label]) => {
                    any |= file.resource(ty.as_str(), label.as_str(), block, &mut ctx);
                }
                ("module", [label]) => {
                    file.out.not_read.push(NotRead {
                        address: format!("module.{}", label.as_str()),
                        resource_type: "module".into(),
                        reason: "modules are not followed in a configuration: check the plan \
                                 (`terraform show -json`) for their resources"
                            .into(),
                        place: block.ident.span().map(|s| lines.place(name, s.start)),
                    });
                    any = true;
                }
                _ => {}
            }
        }
        if !any {
            out.without_settings.push(name.to_string());
        }
    }
    let before = out.findings.len();
    ledger.judge(profile, &mut out);
    let share_places: std::collections::HashMap<String, Option<Place>> =
        share_places.into_iter().collect();
    for f in &mut out.findings[before..] {
        f.place = share_places.get(&f.address).cloned().flatten();
    }
    Ok(out)
}

struct File<'a> {
    name: &'a str,
    lines: &'a Lines<'a>,
    out: &'a mut Outcome,
    ledger: &'a mut Ledger,
    share_places: &'a mut Vec<(String, Option<Place>)>,
    profile: Profile,
}

/// One instance of a resource: its address and what `count` / `each` is for it.
struct Instance {
    address: String,
    var: Option<(&'static str, Value)>,
}

impl File<'_> {
    fn place(&self, span: Option<std::ops::Range<usize>>) -> Option<Place> {
        span.map(|s| self.lines.place(self.name, s.start))
    }

    /// Checks one `resource` block; whether it is one of the clouds' image resources.
    fn resource(&mut self, ty: &str, label: &str, block: &Block, ctx: &mut Context) -> bool {
        let image = IMAGE_RESOURCES.iter().find(|k| k.resource_type == ty);
        let shares: Vec<_> = SHARE_RESOURCES
            .iter()
            .filter(|k| k.resource_type == ty)
            .collect();
        let address = format!("{ty}.{label}");
        if image.is_none() && shares.is_empty() {
            if let Some(reason) = coverage::why_not_read(Tool::Terraform, ty) {
                let place = self.place(block.ident.span());
                self.out.not_read.push(NotRead {
                    address,
                    resource_type: ty.to_string(),
                    reason,
                    place,
                });
                return true;
            }
            return false;
        }
        // One context for the whole configuration: each instance's `count` or `each` is
        // declared in it for the instance and taken out after, so no instance copies the
        // variables.
        for instance in instances(&address, &block.body, ctx) {
            if let Some((name, value)) = &instance.var {
                ctx.declare_var(*name, value.clone());
            }
            if let Some(kind) = image {
                self.image(kind, ty, &instance, &block.body, ctx);
            }
            for kind in &shares {
                let s = (kind.provider, kind.accounts, kind.list);
                self.share(s, ty, &instance, &block.body, ctx);
            }
            if let Some((name, _)) = &instance.var {
                ctx.declare_var(*name, Value::Null);
            }
        }
        true
    }

    fn image(
        &mut self,
        kind: &crate::terraform::ImageResource,
        ty: &str,
        at: &Instance,
        body: &Body,
        ctx: &Context,
    ) {
        let Ok(operation) = kind.on_create.parse::<Operation>() else {
            return;
        };
        for (attribute, field_key) in kind.attributes {
            let Ok(field) = field_key.parse::<Field>() else {
                continue;
            };
            let Some(attr) = body.get_attribute(attribute) else {
                continue;
            };
            let place = self.place(attr.value.span());
            let expr: Expression = attr.value.clone().into();
            let pieces = match text_pieces(&expr, ctx) {
                Pieces::Absent => continue,
                Pieces::Unknown => {
                    self.unknown(&at.address, attribute, place);
                    continue;
                }
                Pieces::Text(p) => p,
            };
            let whole_empty = pieces.is_empty();
            if whole_empty && !kind.sent_empty.contains(attribute) {
                // An optional attribute set to "" is not sent.
                continue;
            }
            self.out.checked += 1;
            // A value made from a variable declared sensitive is judged, never shown.
            let hidden = refers_to_sensitive(&attr.value, ctx);
            let finding = |value: String, v| {
                let mut f = Finding {
                    address: at.address.clone(),
                    resource_type: ty.to_string(),
                    attribute: attribute.to_string(),
                    operation: operation.key(),
                    value: Some(std::sync::Arc::from(value.as_str())),
                    sensitive: false,
                    image_id: None,
                    violation: v,
                    place: place.clone(),
                    also: None,
                };
                if hidden {
                    f.hide();
                }
                f
            };
            let rule = kind.provider.rules().field(operation, field, self.profile);
            let Some(rule) = rule else {
                let shown: String = pieces.iter().map(text_of).collect();
                let report = validate(kind.provider, operation, field, &shown, self.profile);
                for v in report.violations {
                    self.out.findings.push(finding(shown.clone(), v));
                }
                continue;
            };
            let borrowed: Vec<Piece> = pieces.iter().map(Owned::as_piece).collect();
            let partial = check_pieces(rule, field, &borrowed);
            if !partial.complete && partial.report.is_valid() {
                self.unknown(&at.address, attribute, place.clone());
            }
            for v in partial.report.violations {
                self.out.findings.push(finding(partial.shown.clone(), v));
            }
        }
    }

    fn share(
        &mut self,
        (provider, accounts, list): (Provider, &str, bool),
        ty: &str,
        at: &Instance,
        body: &Body,
        ctx: &Context,
    ) {
        let Some(image_attr) = body.get_attribute("image_id") else {
            return;
        };
        let image_expr: Expression = image_attr.value.clone().into();
        // An image not known here is keyed by the expression that names it.
        let image = match known(&image_expr, ctx).as_ref().map(scalar_text) {
            Some(Ok(s)) => s,
            _ => image_attr.value.to_string(),
        };
        let image = image.trim().to_string();
        let Some(attr) = body.get_attribute(accounts) else {
            return;
        };
        let hidden = refers_to_sensitive(&attr.value, ctx);
        let grant = |position, account: &str| Grant {
            address: at.address.clone(),
            resource_type: ty.to_string(),
            attribute: accounts.to_string(),
            position,
            account: account.to_string(),
            // Accounts from a variable declared sensitive are judged, never shown.
            sensitive: hidden,
        };
        let expr: Expression = attr.value.clone().into();
        let items: Vec<(Option<usize>, Pieces)> = if list {
            match known(&expr, ctx) {
                Some(Value::Array(values)) => values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (Some(i), value_pieces(v)))
                    .collect(),
                _ => match &expr {
                    Expression::Array(exprs) => exprs
                        .iter()
                        .enumerate()
                        .map(|(i, e)| (Some(i), text_pieces(e, ctx)))
                        .collect(),
                    _ => {
                        let place = self.place(attr.value.span());
                        self.unknown(&at.address, accounts, place);
                        return;
                    }
                },
            }
        } else {
            vec![(None, text_pieces(&expr, ctx))]
        };
        let mut request = Vec::new();
        for (position, item) in items {
            let account = match item {
                Pieces::Absent => continue,
                Pieces::Text(p) if p.iter().all(|p| matches!(p, Owned::Literal(_))) => {
                    p.iter().map(text_of).collect::<String>()
                }
                _ => {
                    let name = match position {
                        Some(i) => format!("{accounts}[{i}]"),
                        None => accounts.to_string(),
                    };
                    let place = self.place(attr.value.span());
                    self.unknown(&at.address, &name, place);
                    continue;
                }
            };
            self.out.checked += 1;
            request.push(account.clone());
            self.ledger.add(provider, &image, grant(position, &account));
        }
        if list {
            self.ledger.request(provider, grant(None, ""), request);
        }
        // Share findings are made by the ledger, which knows no places: each of this
        // resource's is placed at its accounts attribute when the ledger is judged.
        let place = self.place(attr.value.span());
        self.share_places.push((at.address.clone(), place));
    }

    fn unknown(&mut self, address: &str, attribute: &str, place: Option<Place>) {
        self.out.unknown(address, attribute);
        if let Some(u) = self.out.unknown.last_mut() {
            u.place = place;
        }
    }
}

/// A value as pieces of literal text and expressions, where it is text at all.
enum Pieces {
    Absent,
    Unknown,
    Text(Vec<Owned>),
}

fn text_of(p: &Owned) -> &str {
    match p {
        Owned::Literal(s) | Owned::Hole(s) => s,
    }
}

fn value_pieces(v: &Value) -> Pieces {
    match v {
        Value::Null => Pieces::Absent,
        other => match scalar_text(other) {
            Ok(s) if s.is_empty() => Pieces::Text(Vec::new()),
            Ok(s) => Pieces::Text(vec![Owned::Literal(s)]),
            Err(_) => Pieces::Unknown,
        },
    }
}

fn text_pieces(e: &Expression, ctx: &Context) -> Pieces {
    match e {
        Expression::Null => Pieces::Absent,
        Expression::String(s) => {
            Pieces::Text(crate::evaluate::fill(split(s, Syntax::Hcl), Some(ctx)))
        }
        Expression::TemplateExpr(t) => {
            let pieces = match t.as_ref() {
                TemplateExpr::QuotedString(raw) => split(raw, Syntax::HclQuoted),
                TemplateExpr::Heredoc(h) => split(h.template.as_str(), Syntax::Hcl),
            };
            Pieces::Text(crate::evaluate::fill(pieces, Some(ctx)))
        }
        Expression::Parenthesis(inner) => text_pieces(inner, ctx),
        other => match known(other, ctx) {
            Some(v) => value_pieces(&v),
            None => Pieces::Unknown,
        },
    }
}

/// The instances of a resource: one, or one per `count` index or `for_each` element when the
/// collection is known here (at most [`MAX_INSTANCES`]); each with the variable (`count` or
/// `each`) it sees.
fn instances(address: &str, body: &Body, ctx: &Context) -> Vec<Instance> {
    let unknown_instance = || {
        vec![Instance {
            address: format!("{address}[*]"),
            var: None,
        }]
    };
    if let Some(count) = body.get_attribute("count") {
        let expr: Expression = count.value.clone().into();
        let n = known(&expr, ctx).and_then(|v| match v {
            Value::Number(n) => n.as_u64(),
            _ => None,
        });
        return match n {
            Some(n) if n <= MAX_INSTANCES as u64 => (0..n as usize)
                .map(|i| {
                    let mut index = hcl::Map::new();
                    index.insert("index".to_string(), Value::from(i as u64));
                    Instance {
                        address: format!("{address}[{i}]"),
                        var: Some(("count", Value::Object(index))),
                    }
                })
                .collect(),
            _ => unknown_instance(),
        };
    }
    if let Some(each) = body.get_attribute("for_each") {
        let expr: Expression = each.value.clone().into();
        let pairs: Option<Vec<(String, Value)>> = match known(&expr, ctx) {
            Some(Value::Object(m)) if m.len() <= MAX_INSTANCES => Some(m.into_iter().collect()),
            Some(Value::Array(items)) if items.len() <= MAX_INSTANCES => items
                .into_iter()
                .map(|v| scalar_text(&v).ok().map(|k| (k, v)))
                .collect(),
            _ => None,
        };
        return match pairs {
            Some(pairs) => pairs
                .into_iter()
                .map(|(k, v)| {
                    let mut each = hcl::Map::new();
                    each.insert("key".to_string(), Value::from(k.as_str()));
                    each.insert("value".to_string(), v);
                    Instance {
                        address: format!("{address}[{k:?}]"),
                        var: Some(("each", Value::Object(each))),
                    }
                })
                .collect(),
            None => unknown_instance(),
        };
    }
    vec![Instance {
        address: address.to_string(),
        var: None,
    }]
}
