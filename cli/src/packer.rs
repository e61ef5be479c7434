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
use crate::evaluate::CleanName;
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
    /// The operation key (`create`, `copy`, `import`, `modify`) or `share`.
    pub operation: &'static str,
    /// The library's field key, or `add` / `remove` for a share list.
    pub field: &'static str,
    /// A list of values, each sent on its own (copy names) or as one list (shares).
    pub list: bool,
    /// An empty value is not sent: the plugin sends nothing, or its own default.
    pub skip_empty: bool,
    /// For a share list: the kind of principal its entries are sent as (the library's
    /// [`image_preflight::rules::Principal`] key), so `ami_groups = ["123456789012"]` is refused
    /// though the id would be a fine account.
    pub principal: Option<&'static str>,
}

/// How a builder sends its share lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareCalls {
    /// Every list in one request (AddAccount and RemoveAccount of one call).
    Together,
    /// Each list in a request of its own, in the order of the settings (the amazon plugin's
    /// StepModifyAMIAttributes makes one ModifyImageAttribute call per list).
    Apart,
}

/// A builder or post-processor whose settings go to image calls.
pub struct Builder {
    /// `builder` or `post-processor`.
    pub kind: &'static str,
    pub builder_type: &'static str,
    pub provider: Provider,
    pub settings: &'static [Setting],
    pub shares: ShareCalls,
    /// What the plugin's `clean_resource_name` template function makes of its text.
    pub clean: CleanName,
}

const fn one(name: &'static str, operation: &'static str, field: &'static str) -> Setting {
    Setting {
        name,
        operation,
        field,
        list: false,
        skip_empty: false,
        principal: None,
    }
}

/// A setting the plugin leaves out of the call when it is empty.
const fn optional(name: &'static str, operation: &'static str, field: &'static str) -> Setting {
    Setting {
        skip_empty: true,
        ..one(name, operation, field)
    }
}

const fn list(name: &'static str, operation: &'static str, field: &'static str) -> Setting {
    Setting {
        list: true,
        ..one(name, operation, field)
    }
}

/// A share list (`field` is `add` or `remove`) whose entries are principals of one kind.
const fn shares(name: &'static str, field: &'static str, principal: &'static str) -> Setting {
    Setting {
        principal: Some(principal),
        ..list(name, "share", field)
    }
}

/// The AMI settings every amazon builder shares (hashicorp/packer-plugin-amazon
/// builder/common/ami_config.go): the name goes to CreateImage or RegisterImage (the library's
/// `create` for both); the description and each share list to a ModifyImageAttribute call of
/// its own (StepModifyAMIAttributes), sent only when set.
const AMAZON: &[Setting] = &[
    one("ami_name", "create", "name"),
    optional("ami_description", "modify", "description"),
    shares("ami_users", "add", "account"),
    shares("ami_groups", "add", "group"),
    shares("ami_org_arns", "add", "organization"),
    shares("ami_ou_arns", "add", "organizational-unit"),
];

/// amazon-import (post-processor/import/post-processor.go): ImportImage takes no name or
/// description of ours; a set ami_name renames the import with a CopyImage, and the description
/// and share lists are ModifyImageAttribute calls, as for the builders.
const AMAZON_IMPORT: &[Setting] = &[
    optional("ami_name", "copy", "name"),
    optional("ami_description", "modify", "description"),
    shares("ami_users", "add", "account"),
    shares("ami_groups", "add", "group"),
    shares("ami_org_arns", "add", "organization"),
    shares("ami_ou_arns", "add", "organizational-unit"),
];

const fn amazon(builder_type: &'static str) -> Builder {
    Builder {
        kind: "builder",
        builder_type,
        provider: Provider::Aws,
        settings: AMAZON,
        shares: ShareCalls::Apart,
        clean: CleanName::AmiName,
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
            shares("image_share_account", "add", "account"),
            shares("image_unshare_account", "remove", "account"),
        ],
        shares: ShareCalls::Together,
        clean: CleanName::Label,
    },
    Builder {
        kind: "builder",
        builder_type: "tencentcloud-cvm",
        provider: Provider::Tencent,
        settings: &[
            one("image_name", "create", "name"),
            one("image_description", "create", "description"),
            shares("image_share_accounts", "add", "account"),
        ],
        shares: ShareCalls::Together,
        clean: CleanName::Label,
    },
    Builder {
        kind: "builder",
        builder_type: "volcengine-ecs",
        provider: Provider::Volcengine,
        settings: &[one("target_image_name", "create", "name")],
        shares: ShareCalls::Together,
        clean: CleanName::Label,
    },
    Builder {
        kind: "post-processor",
        builder_type: "alicloud-import",
        provider: Provider::Alibaba,
        // buildImportImageRequest sends these three as Architecture, OSType and Platform.
        settings: &[
            one("image_name", "import", "name"),
            one("image_description", "import", "description"),
            one("image_architecture", "import", "architecture"),
            one("image_os_type", "import", "os_type"),
            one("image_platform", "import", "platform"),
        ],
        shares: ShareCalls::Together,
        clean: CleanName::Label,
    },
    // amazon-ebs: CreateImage; amazon-ebssurrogate: RegisterImage (CreateImage with
    // use_create_image); amazon-instance and amazon-chroot: RegisterImage.
    amazon("amazon-ebs"),
    amazon("amazon-ebssurrogate"),
    amazon("amazon-instance"),
    amazon("amazon-chroot"),
    // googlecompute: StepCreateImage, one images.insert with Name, Family and Description. An
    // empty image_name is replaced by the plugin's default `packer-{{timestamp}}`; an empty
    // family or description is not sent.
    Builder {
        kind: "builder",
        builder_type: "googlecompute",
        provider: Provider::Gcp,
        settings: &[
            optional("image_name", "create", "name"),
            optional("image_family", "create", "family"),
            optional("image_description", "create", "description"),
        ],
        shares: ShareCalls::Together,
        clean: CleanName::Label,
    },
    Builder {
        kind: "post-processor",
        builder_type: "amazon-import",
        provider: Provider::Aws,
        settings: AMAZON_IMPORT,
        shares: ShareCalls::Apart,
        clean: CleanName::AmiName,
    },
    // googlecompute-import: one images.insert of the uploaded tarball (rawDisk); image_name is
    // required. It registers no template functions of its own.
    Builder {
        kind: "post-processor",
        builder_type: "googlecompute-import",
        provider: Provider::Gcp,
        settings: &[
            one("image_name", "import", "name"),
            optional("image_family", "import", "family"),
            optional("image_description", "import", "description"),
        ],
        shares: ShareCalls::Together,
        clean: CleanName::Unregistered,
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

/// A builder or post-processor this reader does not read: reported when it is one of the
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
    // The share requests, each with its two lists: (account, setting, list position).
    let mut requests: Vec<Request> = Vec::new();
    let mut opened_for = "";
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
                            if requests.is_empty()
                                || b.shares == ShareCalls::Apart && opened_for != name
                            {
                                requests.push(Request::default());
                                opened_for = name;
                            }
                            let request = requests.last_mut().expect("pushed above");
                            let list = if setting.field == "remove" {
                                &mut request.remove
                            } else {
                                &mut request.add
                            };
                            list.push((text_of(p), name, i, setting.principal));
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
    // A new image is shared with nobody; accounts a request removes are taken to be shared, as
    // the request reader does, so only the shape of the lists is judged for them. Requests made
    // one after another see what the earlier ones shared.
    let mut shared: Vec<String> = Vec::new();
    for request in requests {
        let (add, remove) = (&request.add, &request.remove);
        out.checked += add.len() + remove.len();
        let ids = |l: &[Entry]| l.iter().map(|e| e.0.clone()).collect::<Vec<_>>();
        // Kinds go by position: given only when every entry of the list has one.
        let kinds = |l: &[Entry]| {
            let kinds: Option<Vec<_>> = l.iter().map(|e| e.3).collect();
            kinds.unwrap_or_default()
        };
        let facts = ImageFacts::new(b.provider, "")
            .with_shared_with(shared.iter().cloned().chain(ids(remove)));
        let change = ShareChange::lists(ids(add), ids(remove)).given_as(kinds(add), kinds(remove));
        let report = judge(&facts, &change, profile);
        if report.is_valid() {
            shared.extend(ids(add));
        }
        // A fault of the whole request is placed on its first list.
        let first = add.first().or(remove.first()).map_or("", |e| e.1);
        for mut v in report.violations {
            let list = if v.field == Subject::Remove {
                remove
            } else {
                add
            };
            let element = v.index.and_then(|i| list.get(i));
            let attribute = element.map_or(first, |e| e.1);
            let value = element.map(|e| e.0.clone());
            if matches!(v.field, Subject::Add | Subject::Remove) {
                v.index = element.map(|e| e.2);
            }
            out.findings.push(finding(attribute, "share", value, v));
        }
    }
}

/// One share request's lists: (account, setting, position in the setting's list).
/// An entry: the id, its setting, its position there, the kind of principal it is sent as.
type Entry = (String, &'static str, usize, Option<&'static str>);

#[derive(Default)]
struct Request {
    add: Vec<Entry>,
    remove: Vec<Entry>,
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
    if setting.skip_empty && pieces.is_empty() {
        return;
    }
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
