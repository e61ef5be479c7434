//! `image-preflight packer`: Packer templates, HCL2 (`*.pkr.hcl`, see [`crate::packer_hcl`]),
//! HCL2 in JSON (`*.pkr.json`) and legacy JSON (`{"builders": [...]}`, both in
//! [`crate::packer_json`]).
//!
//! Each builder's and post-processor's settings go to the image call [`BUILDERS`] names:
//! CreateImage, CopyImage (Alibaba's `image_copy_names`), ImportImage (`alicloud-import`),
//! ModifyImageSharePermission (share and unshare lists, for an image that is new). A templated
//! value is first filled in with what is known before the build ([`crate::evaluate`]), then
//! judged by [`image_preflight::partial::check_pieces`] on what is certain whatever the rest
//! becomes. Which settings exist and which are read is in [`crate::coverage`].

use crate::coverage::{self, Tool};
use crate::findings::{Finding, NotRead, Outcome};
use crate::input::{ReadError, text};
use crate::place::Lines;
use crate::template::Owned;
use image_preflight::partial::{Piece, check_pieces};
use image_preflight::{
    Field, ImageFacts, Operation, Profile, Provider, ShareChange, Subject, judge, validate,
};
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
            crate::packer_json::sources(body, vars)
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

/// Makes a finding of one setting: attribute, operation, value, violation.
type MakeFinding<'a> =
    dyn Fn(&str, &'static str, Option<String>, image_preflight::Violation) -> Finding + 'a;

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
