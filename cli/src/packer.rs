//! `image-preflight packer`: Packer templates, HCL2 (`*.pkr.hcl`, see [`crate::packer_hcl`]),
//! HCL2 in JSON (`*.pkr.json`) and legacy JSON (`{"builders": [...]}`).
//!
//! Each builder's and post-processor's settings go to the image call [`BUILDERS`] names:
//! CreateImage, CopyImage (Alibaba's `image_copy_names`), ImportImage (`alicloud-import`),
//! ModifyImageSharePermission (share and unshare lists, for an image that is new). A templated
//! value is first filled in with what is known before the build ([`crate::evaluate`]), then
//! judged by [`image_preflight::partial::check_pieces`] on what is certain whatever the rest
//! becomes. Which settings exist and which are read is in [`crate::coverage`].

use crate::coverage::{self, Tool};
use crate::evaluate;
use crate::findings::{Finding, NotRead, Outcome};
use crate::input::{ReadError, text, within_limit};
use crate::place::{Lines, Step, json_offsets};
use crate::strict;
use crate::template::{Owned, Syntax, split};
use image_preflight::partial::{Piece, check_pieces};
use image_preflight::{
    Field, ImageFacts, Operation, Profile, Provider, ShareChange, Subject, judge, validate,
};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// One setting a reader reads, and where it goes.
pub struct Setting {
    pub name: &'static str,
    /// The operation key (`create`, `copy`, `import`) or `share`.
    pub operation: &'static str,
    /// The library's field key, or `add` / `remove` for a share list.
    pub field: &'static str,
    /// A list of values, each sent on its own (copy names) or as one list (shares).
    pub list: bool,
}

/// A builder or post-processor whose settings go to image calls.
pub struct Builder {
    /// `builder` or `post-processor`.
    pub kind: &'static str,
    pub builder_type: &'static str,
    pub provider: Provider,
    pub settings: &'static [Setting],
}

const fn one(name: &'static str, operation: &'static str, field: &'static str) -> Setting {
    Setting {
        name,
        operation,
        field,
        list: false,
    }
}

const fn list(name: &'static str, operation: &'static str, field: &'static str) -> Setting {
    Setting {
        name,
        operation,
        field,
        list: true,
    }
}

/// Setting names from each plugin's configuration (the sources are in [`crate::coverage`]).
pub const BUILDERS: &[Builder] = &[
    Builder {
        kind: "builder",
        builder_type: "alicloud-ecs",
        provider: Provider::Alibaba,
        settings: &[
            one("image_name", "create", "name"),
            one("image_description", "create", "description"),
            one("target_image_family", "create", "family"),
            one("boot_mode", "create", "boot_mode"),
            // StepRegionCopyImage: CopyImage per region, DestinationImageName from this list.
            list("image_copy_names", "copy", "name"),
            list("image_share_account", "share", "add"),
            list("image_unshare_account", "share", "remove"),
        ],
    },
    Builder {
        kind: "builder",
        builder_type: "tencentcloud-cvm",
        provider: Provider::Tencent,
        settings: &[
            one("image_name", "create", "name"),
            one("image_description", "create", "description"),
            list("image_share_accounts", "share", "add"),
        ],
    },
    Builder {
        kind: "builder",
        builder_type: "volcengine-ecs",
        provider: Provider::Volcengine,
        settings: &[one("target_image_name", "create", "name")],
    },
    Builder {
        kind: "post-processor",
        builder_type: "alicloud-import",
        provider: Provider::Alibaba,
        settings: &[
            one("image_name", "import", "name"),
            one("image_description", "import", "description"),
        ],
    },
];

/// A setting's value, as far as it is known before the build.
#[derive(Debug)]
pub(crate) enum Value_ {
    /// Not set (or null).
    Absent,
    /// Literal text and expressions.
    Text(Vec<Owned>),
    /// An expression with no literal text (a variable, a function call, a conditional...).
    Unknown,
    /// A list: each element's value and where it starts.
    List(Vec<(Value_, Option<usize>)>),
}

/// One builder's settings, with where it is and where each value starts (byte offsets).
pub(crate) struct Source {
    pub address: String,
    pub builder: &'static Builder,
    pub settings: Vec<(&'static Setting, Value_, Option<usize>)>,
    /// Settings whose value comes from a variable declared `sensitive`: judged, never shown.
    pub hidden: Vec<&'static str>,
}

/// Everything one template file gave the reader.
pub(crate) struct Parsed {
    pub sources: Vec<Source>,
    /// Each with the byte offset of its block.
    pub not_read: Vec<(NotRead, usize)>,
}

pub fn builder(kind: &str, builder_type: &str) -> Option<&'static Builder> {
    BUILDERS
        .iter()
        .find(|b| b.builder_type == builder_type && b.kind == kind)
}

/// A builder or post-processor this reader does not read: reported when it is one of the three
/// clouds'.
pub(crate) fn not_read(
    kind: &str,
    builder_type: &str,
    address: &str,
    at: usize,
    out: &mut Vec<(NotRead, usize)>,
) {
    if builder(kind, builder_type).is_some() {
        return;
    }
    if let Some(reason) = coverage::why_not_read(Tool::Packer, builder_type) {
        let n = NotRead {
            address: address.to_string(),
            resource_type: builder_type.to_string(),
            reason,
            place: None,
        };
        out.push((n, at));
    }
}

/// Reads one template (HCL2, or JSON when it starts with `{`) and checks it, with no variables
/// given and no file name.
pub fn check(bytes: &[u8], profile: Profile) -> Result<Outcome, ReadError> {
    check_files(
        &[("<stdin>".to_string(), bytes.to_vec())],
        &Default::default(),
        profile,
    )
}

/// Reads the templates of one build (a file, or a folder's files) and checks them. Variables
/// come from the templates' defaults, then `vars` (the `*.auto.pkrvars.hcl` files, `-var-file`
/// files and `-var` options, in the order Packer applies them, as `name = expression` HCL).
pub fn check_files(
    files: &[(String, Vec<u8>)],
    vars: &crate::packer_hcl::VarInput,
    profile: Profile,
) -> Result<Outcome, ReadError> {
    let mut texts = Vec::new();
    for (name, bytes) in files {
        texts.push((name.as_str(), text(bytes).map_err(|e| e.in_file(name))?));
    }
    let hcl: Vec<(&str, &str)> = texts
        .iter()
        .filter(|(_, t)| !t.trim_start().starts_with('{'))
        .copied()
        .collect();
    let ctx = crate::packer_hcl::variables(&hcl, vars)?;
    let mut out = Outcome::default();
    for (name, body) in &texts {
        let lines = Lines::new(body);
        let parsed = if body.trim_start().starts_with('{') {
            json_sources(body, vars)
        } else {
            crate::packer_hcl::sources(body, &ctx)
        }
        .map_err(|e| e.in_file(name))?;
        let before = (out.findings.len(), out.unknown.len());
        if parsed.sources.is_empty() && parsed.not_read.is_empty() {
            out.without_settings.push(name.to_string());
        }
        for (mut n, at) in parsed.not_read {
            n.place = Some(lines.place(name, at));
            out.not_read.push(n);
        }
        let mut spots = Vec::new();
        for source in &parsed.sources {
            let first = out.findings.len();
            check_source(source, profile, &mut out, &mut spots);
            for f in &mut out.findings[first..] {
                let setting = f.attribute.split('[').next().unwrap_or("");
                if source.hidden.contains(&setting) {
                    f.hide();
                }
            }
        }
        // Places: each finding and unknown at its value (the element's, for a list), looked
        // up in a map so that many settings cost no more than one pass.
        let mut exact: HashMap<(&str, &str, Option<usize>), usize> = HashMap::new();
        for (address, attribute, index, at) in &spots {
            exact
                .entry((address.as_str(), attribute.as_str(), *index))
                .or_insert(*at);
        }
        let spot = |address: &str, attribute: &str, index: Option<usize>| {
            exact
                .get(&(address, attribute, index))
                .or_else(|| exact.get(&(address, attribute, None)))
                .map(|&at| lines.place(name, at))
        };
        for f in &mut out.findings[before.0..] {
            f.place = spot(&f.address, &f.attribute, f.violation.index);
        }
        for u in &mut out.unknown[before.1..] {
            u.place = spot(&u.address, &u.attribute, None);
        }
    }
    Ok(out)
}

/// A spot: address, attribute, list position, byte offset.
type Spot = (String, String, Option<usize>, usize);

pub(crate) fn packer_type(address: &str, name: &str, wanted: &str) -> ReadError {
    ReadError::new(format!("{address}: {name} should be {wanted}"))
}

/// A builder found in a JSON template: address, builder, settings object, its path in the
/// document, and the template syntax of its strings.
type Found<'a> = (
    String,
    &'static Builder,
    &'a serde_json::Map<String, Value>,
    Vec<Step>,
    Syntax,
);

/// Makes a finding of one setting: attribute, operation, value, violation.
type MakeFinding<'a> =
    dyn Fn(&str, &'static str, Option<String>, image_preflight::Violation) -> Finding + 'a;

fn json_sources(body: &str, vars: &crate::packer_hcl::VarInput) -> Result<Parsed, ReadError> {
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
            Value::String(s) => Value_::Text(evaluate::fill(split(s, syntax), Some(ctx))),
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

fn text_of(pieces: &[Owned]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Owned::Literal(s) | Owned::Hole(s) => s.as_str(),
        })
        .collect()
}

fn check_source(source: &Source, profile: Profile, out: &mut Outcome, spots: &mut Vec<Spot>) {
    let b = source.builder;
    let finding = |attribute: &str, operation: &'static str, value: Option<String>, v| Finding {
        address: source.address.clone(),
        resource_type: b.builder_type.to_string(),
        attribute: attribute.to_string(),
        operation,
        value: value.map(|v| Arc::from(v.as_str())),
        sensitive: false,
        image_id: None,
        violation: v,
        place: None,
        also: None,
    };
    let mut spot = |attribute: &str, index: Option<usize>, at: Option<usize>| {
        if let Some(at) = at {
            spots.push((source.address.clone(), attribute.to_string(), index, at));
        }
    };
    // The share lists of the one ModifyImageSharePermission call: (account, list position).
    let mut add: Vec<(String, usize)> = Vec::new();
    let mut remove: Vec<(String, usize)> = Vec::new();
    let mut share_names = ("", "");
    for (setting, value, at) in &source.settings {
        let name = setting.name;
        spot(name, None, *at);
        if setting.list {
            let Value_::List(items) = value else {
                if matches!(value, Value_::Unknown | Value_::Text(_)) {
                    out.unknown(&source.address, name);
                }
                continue;
            };
            for (i, (item, item_at)) in items.iter().enumerate() {
                spot(name, Some(i), *item_at);
                let element = format!("{name}[{i}]");
                spot(&element, None, *item_at);
                if setting.operation == "share" {
                    match item {
                        Value_::Text(p) if p.iter().all(|p| matches!(p, Owned::Literal(_))) => {
                            let list = if setting.field == "remove" {
                                share_names.1 = name;
                                &mut remove
                            } else {
                                share_names.0 = name;
                                &mut add
                            };
                            list.push((text_of(p), i));
                        }
                        Value_::Absent => {}
                        _ => out.unknown(&source.address, &element),
                    }
                } else {
                    check_one(source, setting, &element, item, profile, out, &finding);
                }
            }
            continue;
        }
        check_one(source, setting, name, value, profile, out, &finding);
    }
    if add.is_empty() && remove.is_empty() {
        return;
    }
    out.checked += add.len() + remove.len();
    // A new image is shared with nobody; accounts it removes are taken to be shared, as the
    // request reader does, so only the shape of the lists is judged for them.
    let facts =
        ImageFacts::new(b.provider, "").with_shared_with(remove.iter().map(|(a, _)| a.clone()));
    let change = ShareChange::lists(
        add.iter().map(|(a, _)| a.clone()).collect::<Vec<_>>(),
        remove.iter().map(|(a, _)| a.clone()).collect::<Vec<_>>(),
    );
    let report = judge(&facts, &change, profile);
    for mut v in report.violations {
        let (list, attribute) = if v.field == Subject::Remove {
            (&remove, share_names.1)
        } else {
            (&add, share_names.0)
        };
        let attribute = if attribute.is_empty() {
            // A fault of the whole change: placed on whichever list there is.
            if share_names.0.is_empty() {
                share_names.1
            } else {
                share_names.0
            }
        } else {
            attribute
        };
        let value = v.index.and_then(|i| list.get(i)).map(|(a, _)| a.clone());
        if matches!(v.field, Subject::Add | Subject::Remove) {
            v.index = v.index.and_then(|i| list.get(i)).map(|(_, p)| *p);
        }
        out.findings.push(finding(attribute, "share", value, v));
    }
}

fn check_one(
    source: &Source,
    setting: &Setting,
    attribute: &str,
    value: &Value_,
    profile: Profile,
    out: &mut Outcome,
    finding: &MakeFinding,
) {
    let b = source.builder;
    let (Ok(field), Ok(operation)) = (
        setting.field.parse::<Field>(),
        setting.operation.parse::<Operation>(),
    ) else {
        return;
    };
    let pieces = match value {
        Value_::Absent => return,
        Value_::Unknown | Value_::List(_) => {
            out.unknown(&source.address, attribute);
            return;
        }
        Value_::Text(pieces) => pieces,
    };
    out.checked += 1;
    let Some(rule) = b.provider.rules().field(operation, field, profile) else {
        // Reported as NOT_SUPPORTED by the library's own check.
        let shown = text_of(pieces);
        for v in validate(b.provider, operation, field, &shown, profile).violations {
            out.findings
                .push(finding(attribute, operation.key(), Some(shown.clone()), v));
        }
        return;
    };
    let borrowed: Vec<Piece> = pieces.iter().map(Owned::as_piece).collect();
    let partial = check_pieces(rule, field, &borrowed);
    if !partial.complete && partial.report.is_valid() {
        out.unknown(&source.address, attribute);
    }
    for v in partial.report.violations {
        out.findings.push(finding(
            attribute,
            operation.key(),
            Some(partial.shown.clone()),
            v,
        ));
    }
}
