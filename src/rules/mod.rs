//! The rule tables: what each provider accepts, as plain static data.
//!
//! A provider is one file of data in this folder holding a [`ProviderRules`], with a
//! `registry:` line that gives its [`Provider`] value, number and key. The engine in
//! [`crate::check`] and [`crate::share`] reads these tables and never names a provider (a test
//! scans the engine's sources for that), so adding a cloud means adding a file here and
//! running `scripts/gen-providers.sh`, which writes the enum and [`ALL`].

use crate::text::{CharSet, ascii_needs};
use std::fmt;
use std::str::FromStr;

// The rules files, the `Provider` enum and `ALL`, generated from the `registry:` line of each
// rules file (scripts/gen-providers.sh), so a provider is its file and nothing more.
mod registry;
pub use registry::{ALL, Provider};

/// Gives a C-compatible enum (written out plainly, so cbindgen sees it) a stable lower-case key,
/// parsing from that key, its stable number, and a list of every value in order.
macro_rules! keyed_enum {
    ($name:ident, $what:literal { $($variant:ident => $key:literal),+ $(,)? }) => {
        impl $name {
            /// Every value, in the order of their stable numbers.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every key, comma-separated, in the order of their stable numbers: what an
            /// error about an unknown name lists.
            pub const KNOWN: &'static str = crate::rules::join_keys!($($key),+);

            /// The stable key used on the command line, in JSON and in the bindings.
            pub const fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// The value with the stable number `n`, as the C ABI passes it.
            pub fn from_number(n: u32) -> Option<$name> {
                // A match, not a search of ALL: it compiles to a range check.
                match n {
                    $(n if n == $name::$variant as u32 => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        /// The stable number, as the C ABI passes it.
        impl From<$name> for u32 {
            fn from(v: $name) -> u32 {
                v as u32
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.key())
            }
        }

        impl FromStr for $name {
            type Err = crate::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($key => Ok($name::$variant),)+
                    _ => Err(crate::Error::Unknown { what: $what, value: crate::error::shown(s), known: Self::KNOWN }),
                }
            }
        }
    };
}
pub(crate) use keyed_enum;

/// `"a, b, c"` from the literals `"a", "b", "c"`, at compile time.
macro_rules! join_keys {
    ($first:literal $(, $rest:literal)*) => { concat!($first $(, ", ", $rest)*) };
}
pub(crate) use join_keys;

/// The API call a value is checked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(C)]
pub enum Operation {
    /// `ModifyImageAttribute`: an omitted or empty field usually keeps the old value.
    Modify = 0,
    /// `CreateImage`.
    Create = 1,
    /// Copying an image to another region: Alibaba and Volcengine `CopyImage`, Tencent
    /// `SyncImages`.
    Copy = 2,
    /// `ImportImage`: an image made from a file in object storage.
    Import = 3,
}

keyed_enum!(Operation, "operation" {
    Modify => "modify",
    Create => "create",
    Copy => "copy",
    Import => "import",
});

/// An attribute of a custom image that a request sets: three texts, and three values each of
/// which is one of a published list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(C)]
pub enum Field {
    /// `ImageName` (Alibaba CopyImage: `DestinationImageName`).
    Name = 0,
    /// `ImageDescription` (Tencent) or `Description` (Alibaba CopyImage:
    /// `DestinationDescription`).
    Description = 1,
    /// `ImageFamily`.
    Family = 2,
    /// `BootMode`: one of a list.
    BootMode = 3,
    /// Alibaba `Status` (`Available` or `Deprecated`): one of a list.
    Status = 4,
    /// `LicenseType` (Tencent and Volcengine ImportImage, Alibaba ImportImage and
    /// ModifyImageAttribute): one of a list.
    LicenseType = 5,
    /// `Architecture` (ImportImage; Alibaba CreateImage): one of a list.
    Architecture = 6,
    /// `Platform`, the operating system distribution (Alibaba CreateImage and ImportImage;
    /// Volcengine ImportImage): one of a list.
    Platform = 7,
    /// `OSType` / `OsType` (Alibaba and Volcengine ImportImage): one of a list.
    OsType = 8,
    /// Alibaba `Features.NvmeSupport`: one of a list.
    NvmeSupport = 9,
    /// Alibaba `Features.ImdsSupport`: one of a list.
    ImdsSupport = 10,
}

keyed_enum!(Field, "field" {
    Name => "name",
    Description => "description",
    Family => "family",
    BootMode => "boot_mode",
    Status => "status",
    LicenseType => "license_type",
    Architecture => "architecture",
    Platform => "platform",
    OsType => "os_type",
    NvmeSupport => "nvme_support",
    ImdsSupport => "imds_support",
});

impl Field {
    /// The fields whose value is free text, as opposed to one of a list: the ones a report
    /// holds counts for. (Rust only: cbindgen would write it over names C does not have.)
    ///
    /// cbindgen:ignore
    pub const TEXT: [Field; 3] = [Field::Name, Field::Description, Field::Family];

    /// Whether the field's value is text (name, description, family) rather than one of a
    /// list.
    pub const fn is_text(self) -> bool {
        (self as u32) < 3
    }
}

/// Which official text a rule follows where texts disagree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(C)]
pub enum Profile {
    /// The newest official text (the default).
    Latest = 0,
    /// What every documented revision accepts: a value that passes is never refused for
    /// its format by any of them.
    Strict = 1,
}

keyed_enum!(Profile, "profile" {
    Latest => "latest",
    Strict => "strict",
});

impl Provider {
    /// The provider's rule table.
    pub fn rules(self) -> &'static ProviderRules {
        ALL[self as usize]
    }

    /// The provider's name as people know it.
    pub fn display_name(self) -> &'static str {
        self.rules().display_name
    }
}

/// An error code the cloud returns, with its HTTP status where the provider documents one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ProviderCode {
    pub code: &'static str,
    pub http_status: Option<u16>,
}

/// Where a rule comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source {
    /// The document or SDK the rule was read from.
    pub document: &'static str,
    /// When that text was current (ISO date), or `undated` where the document gives none.
    pub date: &'static str,
    /// Conflicts, older values and library choices behind the rule.
    pub note: &'static str,
    /// False where the provider publishes no rule and the library chose one.
    pub published: bool,
}

impl Source {
    /// The source as the tables keep it: without the `texts` feature (the WebAssembly build)
    /// its document, date and note are left out at compile time. The checker never reads them,
    /// and the npm package ships the rule export, citations included, as a file generated
    /// from these tables (docs/javascript.md, "Size"). The rules files write every source with
    /// [`source!`], which calls this (tests/providers.rs holds them to it).
    pub(crate) const fn kept(self) -> Source {
        if cfg!(feature = "texts") {
            self
        } else {
            Source {
                document: "",
                date: "",
                note: "",
                published: self.published,
            }
        }
    }
}

/// A [`Source`], written as its struct literal is, through [`Source::kept`].
macro_rules! source {
    ($($field:ident $(: $value:expr)?),+ $(,)?) => {
        $crate::rules::Source { $($field $(: $value)?),+ }.kept()
    };
}
pub(crate) use source;

/// A provider's conflicts as the tables keep them: none without the `texts` feature, as
/// [`Source::kept`].
pub(crate) const fn with_texts(conflicts: &'static [Conflict]) -> &'static [Conflict] {
    if cfg!(feature = "texts") {
        conflicts
    } else {
        &[]
    }
}

/// What an empty value means for a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub enum Empty {
    /// Empty is treated as omitted: the old value is kept (or a default is chosen).
    Keep = 0,
    /// Empty clears the value.
    Clear = 1,
    /// Empty is refused: the field needs a value.
    Invalid = 2,
}

impl Empty {
    pub const fn key(self) -> &'static str {
        match self {
            Empty::Keep => "keep",
            Empty::Clear => "clear",
            Empty::Invalid => "invalid",
        }
    }
}

/// A text a value must not start with, or must not contain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Forbidden {
    /// ASCII text.
    pub text: &'static str,
    /// Whether `HTTP://` matches `http://`.
    pub ignore_case: bool,
    /// The bytes of `text`, for [`CharSet::may_contain`].
    pub(crate) needs: u128,
}

impl Forbidden {
    pub const fn any_case(text: &'static str) -> Forbidden {
        Forbidden {
            text,
            ignore_case: true,
            needs: ascii_needs(text, true),
        }
    }

    pub const fn exact(text: &'static str) -> Forbidden {
        Forbidden {
            text,
            ignore_case: false,
            needs: ascii_needs(text, false),
        }
    }
}

/// The provider code returned for each kind of fault in one field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldCodes {
    pub too_short: Option<ProviderCode>,
    pub too_long: Option<ProviderCode>,
    /// Bad characters, bad first character, forbidden prefixes and substrings.
    pub malformed: Option<ProviderCode>,
}

/// Everything a provider accepts in one text field, for one operation and profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldRule {
    /// The provider's parameter name (`ImageName`, `Description`, ...).
    pub parameter: &'static str,
    /// Least length in chars of a non-empty value.
    pub min_chars: usize,
    /// Greatest length in chars; `None` where no limit is published.
    pub max_chars: Option<usize>,
    pub empty: Empty,
    /// The characters allowed anywhere; `None` where any character is allowed. Sets are
    /// shared by reference: a set is a few hundred bytes of tables, and the WebAssembly
    /// build carries every rule.
    pub allowed: Option<&'static CharSet>,
    /// The characters allowed first; `None` where any allowed character may come first.
    pub first: Option<&'static CharSet>,
    /// The characters allowed last (RFC 1035: not `-`); `None` where any allowed character
    /// may come last.
    pub last: Option<&'static CharSet>,
    pub forbidden_prefixes: &'static [Forbidden],
    pub forbidden_substrings: &'static [Forbidden],
    /// For a field whose value is one of a list: every value the API takes, matched exactly
    /// (the APIs compare case-sensitively). Empty for a text field.
    pub one_of: &'static [&'static str],
    pub codes: FieldCodes,
    pub source: Source,
}

impl FieldRule {
    /// The same rule, cited to another document: for an operation whose text repeats
    /// another's.
    pub(crate) const fn cited(self, document: &'static str, note: &'static str) -> FieldRule {
        FieldRule {
            source: Source {
                document,
                note,
                ..self.source
            }
            .kept(),
            ..self
        }
    }
}

/// One row of a provider's field table.
#[derive(Clone, Copy, Debug)]
pub struct FieldEntry {
    pub operation: Operation,
    pub field: Field,
    pub profile: Profile,
    pub rule: &'static FieldRule,
}

/// One state of an image, in the provider's own spelling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImageState {
    pub name: &'static str,
    /// Whether an image in this state may be shared; for a provider with no share call, the
    /// state a finished image is in. The first such state is an image's default.
    pub shareable: bool,
    /// Whether this state means the image is deprecated.
    pub deprecated: bool,
}

/// A refusal of a whole request, with the provider's code where one is documented.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub provider_code: Option<ProviderCode>,
}

/// How a provider spells a share request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShareShape {
    /// One list and a direction: Tencent `AccountIds.N` + `Permission` (`SHARE`/`CANCEL`).
    Permission {
        accounts: &'static str,
        permission: &'static str,
        share: &'static str,
        cancel: &'static str,
    },
    /// Two lists in one request: Alibaba `AddAccount.N`/`RemoveAccount.N`.
    Lists {
        add: &'static str,
        remove: &'static str,
    },
    /// Two lists of items under one parameter, each item naming one principal by the
    /// parameter of its kind ([`Principal::parameter`]): AWS
    /// `LaunchPermission.Add.N.UserId` / `.Group` / `.OrganizationArn` and `.Remove.N...`.
    Items {
        container: &'static str,
        add: &'static str,
        remove: &'static str,
    },
}

/// One piece of the form of a principal's id: a fixed text, or a run of characters of a set.
// Static table data, read in place and never moved: the sizes of the variants do not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece {
    /// This text exactly (case-sensitively).
    Text(&'static str),
    /// `min` to `max` characters of the set. The text after a run must not start with a
    /// character of its set (a table test holds every form to that), so a run is matched
    /// greedily, in one pass.
    Run {
        set: &'static CharSet,
        min: usize,
        max: usize,
    },
}

/// One kind of principal a share request may name: an account, a group, an organisation...
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Principal {
    /// The library's key for the kind (`account`, `group`, `organization`, `organizational-unit`).
    pub kind: &'static str,
    /// The parameter an item of this kind is sent in, for [`ShareShape::Items`] (`UserId`);
    /// the list's own parameter for the other shapes.
    pub parameter: &'static str,
    /// The whole id, piece by piece.
    pub form: &'static [Piece],
    /// What the form is, in words, for messages: English and Chinese.
    pub en: &'static str,
    pub zh: &'static str,
    /// Whether the principal counts towards the per-image limit.
    pub counted: bool,
    /// Whether sharing with it makes the image public.
    pub public: bool,
}

/// The principal every provider before AWS shares with: an account id of 1 to 32 digits.
/// Providers publish no format beyond "digits" (Tencent and Volcengine ids have 10, Alibaba's
/// 16); 32 digits leaves room for all of them while refusing a pasted paragraph.
pub(crate) const DIGITS_ACCOUNT: &[Principal] = &[Principal {
    kind: "account",
    parameter: "AccountId",
    form: &[Piece::Run {
        set: &CharSet::new(false, true, false, ""),
        min: 1,
        max: 32,
    }],
    en: "an account id of 1 to 32 digits",
    zh: "1 到 32 位数字的账号 ID",
    counted: true,
    public: false,
}];

/// A limit with the profile it depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub latest: usize,
    pub strict: usize,
}

impl Limit {
    pub const fn same(n: usize) -> Limit {
        Limit {
            latest: n,
            strict: n,
        }
    }

    pub fn get(self, profile: Profile) -> usize {
        match profile {
            Profile::Latest => self.latest,
            Profile::Strict => self.strict,
        }
    }
}

/// What a provider's share call (`ModifyImageSharePermission`) accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShareRules {
    /// The API action that changes who an image is shared with.
    pub action: &'static str,
    pub shape: ShareShape,
    /// The kinds of principal a request may name, tried in order.
    pub principals: &'static [Principal],
    /// Principals an image may be shared with (the [`Principal::counted`] ones).
    pub per_image: Limit,
    /// `None` where no code is documented.
    pub per_image_code: Option<ProviderCode>,
    /// Accounts one list of one request may hold; `None` where no number is published.
    pub per_request: Option<usize>,
    /// The code where a request holds more; `None` where the cloud silently drops the rest
    /// or documents no code.
    pub per_request_code: Option<ProviderCode>,
    /// A request naming no account at all.
    pub empty_request: Refusal,
    /// The states of an image, in the provider's spelling.
    pub states: &'static [ImageState],
    pub bad_state: Refusal,
    /// Shared with you by another account.
    pub shared_in: Refusal,
    /// Public and marketplace images.
    pub not_custom: Refusal,
    /// A Tencent instance image; `None` where the provider has no such kind.
    pub instance_image: Option<Refusal>,
    /// An image encrypted with the provider's service key (or a key of unknown kind).
    pub encrypted: Option<Refusal>,
    /// An image encrypted with a key the customer manages: Alibaba shares these, and refuses
    /// only service-key images.
    pub encrypted_customer_key: Option<Refusal>,
    /// An encrypted image, made public (a [`Principal::public`] one added).
    pub encrypted_public: Option<Refusal>,
    pub byol: Option<Refusal>,
    /// A deprecated image; `None` where deprecation does not stop sharing.
    pub deprecated: Option<Refusal>,
    pub self_share: Refusal,
    /// Sharing with an account that has the image already.
    pub already_shared: Refusal,
    pub bad_account: Refusal,
    pub source: Source,
}

/// Attribute changes that depend on the image's sharing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttributeRules {
    /// Renaming or re-describing an image shared with you.
    pub modify_shared_in: Option<Refusal>,
    /// Deprecating an image shared with others.
    pub deprecate_shared: Option<Refusal>,
    /// Deprecating an image whose state does not allow it.
    pub deprecate_bad_state: Option<Refusal>,
    /// Un-deprecating an image that is not deprecated.
    pub undeprecate_not_deprecated: Option<Refusal>,
    /// Deleting an image shared with others.
    pub delete_shared: Option<Refusal>,
    /// Whether the API has a deprecation switch at all.
    pub has_deprecation: bool,
    /// The value of the list field [`Field::Status`] that deprecates the image (Alibaba
    /// `Status=Deprecated`); any other accepted value of it un-deprecates. `None` where the
    /// switch is a boolean or absent.
    pub deprecating_status: Option<&'static str>,
}

/// A rule between two fields of one request, as a provider states it: when `when` is sent
/// with one of `is`, `then`, if sent (and not empty), must be one of `must_be`. A value of
/// `then` outside the list is reported on `then` as `NOT_ONE_OF`, with `must_be` as what it
/// takes; an omitted `then` lets the cloud choose, which the providers say it does rightly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CrossRule {
    pub operations: &'static [Operation],
    pub when: Field,
    pub is: &'static [&'static str],
    pub then: Field,
    pub must_be: &'static [&'static str],
    pub refusal: Refusal,
    pub source: Source,
}

/// Two official texts that disagree, each reading, and what each profile follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The operations the disagreement is about.
    pub operations: &'static [Operation],
    pub field: Field,
    /// What the texts disagree on, in a few words.
    pub topic: &'static str,
    /// Each text, and what it says.
    pub readings: &'static [Reading],
    /// What `latest` and `strict` take from the readings.
    pub resolution: &'static str,
}

/// What one official text says on a point of conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    pub document: &'static str,
    pub says: &'static str,
}

const OPERATIONS: usize = 4;
const FIELDS: usize = 11;
const PROFILES: usize = 2;

/// A provider's field table indexed by operation, field and profile, built from its rows at
/// compile time, so looking a rule up is three array indexes rather than a search.
#[derive(Debug)]
pub struct FieldIndex([[[Option<&'static FieldRule>; PROFILES]; FIELDS]; OPERATIONS]);

impl FieldIndex {
    /// Indexes `entries`; a row repeated for the same key is a mistake the build refuses.
    pub const fn of(entries: &[FieldEntry]) -> FieldIndex {
        let mut index = [[[None; PROFILES]; FIELDS]; OPERATIONS];
        let mut i = 0;
        while i < entries.len() {
            let e = &entries[i];
            let slot = &mut index[e.operation as usize][e.field as usize][e.profile as usize];
            assert!(
                slot.is_none(),
                "two rules for one operation, field and profile"
            );
            *slot = Some(e.rule);
            i += 1;
        }
        FieldIndex(index)
    }
}

/// How a provider shares an image: a call the library judges, or none.
// Static table data, as `Piece`.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sharing {
    Call(ShareRules),
    /// The image API has no share call (access is granted another way, such as IAM): a
    /// share request is refused as [`crate::Code::NotSupported`], for this reason.
    NoCall {
        /// Why, in English and Chinese.
        en: &'static str,
        zh: &'static str,
        /// The states of an image, in the provider's spelling.
        states: &'static [ImageState],
        source: Source,
    },
}

/// One provider: every rule the library knows of it.
#[derive(Debug)]
pub struct ProviderRules {
    pub provider: Provider,
    pub display_name: &'static str,
    /// The API action of each [`Operation`], by its number (`SyncImages` for Tencent's copy).
    pub actions: [&'static str; OPERATIONS],
    /// Other actions that take an operation's fields under the same rules, judged as that
    /// operation (EC2's RegisterImage names and describes an AMI as CreateImage does).
    pub same_as: &'static [(&'static str, Operation)],
    /// The rows of the field table, as written.
    pub fields: &'static [FieldEntry],
    /// The same rows, indexed.
    pub index: FieldIndex,
    /// The kinds of image the provider has (Tencent's `instance` only there).
    pub kinds: &'static [crate::image::ImageKind],
    pub share: Sharing,
    pub attributes: AttributeRules,
    /// Rules between two fields of one request.
    pub cross: &'static [CrossRule],
    /// Where the provider's official texts disagree (the `latest` and `strict` profiles are
    /// how the library reads them).
    pub conflicts: &'static [Conflict],
}

impl ProviderRules {
    /// The API action `operation` stands for (`CreateImage`, `SyncImages`, ...).
    pub fn action(&self, operation: Operation) -> &'static str {
        self.actions[operation as usize]
    }

    /// The operation an API action is judged as: its own, or the one it has the same rules as
    /// ([`ProviderRules::same_as`]).
    pub fn operation_of(&self, action: &str) -> Option<Operation> {
        (Operation::ALL.iter().copied())
            .find(|op| self.action(*op) == action)
            .or_else(|| {
                (self.same_as.iter())
                    .find(|(name, _)| *name == action)
                    .map(|(_, op)| *op)
            })
    }

    /// Every API action whose fields the tables judge: the operations' own, then the others
    /// judged as one of them.
    pub fn action_names(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::new();
        let all = Operation::ALL.iter().map(|op| self.action(*op));
        for name in all.chain(self.same_as.iter().map(|(name, _)| *name)) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// The rule for one field, or `None` where the provider has no such field.
    #[inline]
    pub fn field(
        &self,
        operation: Operation,
        field: Field,
        profile: Profile,
    ) -> Option<&'static FieldRule> {
        self.index.0[operation as usize][field as usize][profile as usize]
    }

    /// The share call's rules, or `None` where the provider has no share call.
    pub fn share_rules(&self) -> Option<&ShareRules> {
        match &self.share {
            Sharing::Call(rules) => Some(rules),
            Sharing::NoCall { .. } => None,
        }
    }

    /// The share call's action, or `None` where the provider has no share call.
    pub fn share_action(&self) -> Option<&'static str> {
        match self.share {
            Sharing::Call(rules) => Some(rules.action),
            Sharing::NoCall { .. } => None,
        }
    }

    /// The states of an image, in the provider's spelling.
    pub fn states(&self) -> &'static [ImageState] {
        match self.share {
            Sharing::Call(rules) => rules.states,
            Sharing::NoCall { states, .. } => states,
        }
    }

    /// The state named `name` in the provider's spelling.
    pub fn state(&self, name: &str) -> Option<&'static ImageState> {
        self.states().iter().find(|s| s.name == name)
    }

    /// The state in which sharing is allowed (a finished image's state).
    pub fn shareable_state(&self) -> &'static ImageState {
        self.states()
            .iter()
            .find(|s| s.shareable)
            .expect("every provider has a shareable state")
    }
}

/// Shorthand for the tables: one row of a field table.
pub(crate) const fn entry(
    operation: Operation,
    field: Field,
    profile: Profile,
    rule: &'static FieldRule,
) -> FieldEntry {
    FieldEntry {
        operation,
        field,
        profile,
        rule,
    }
}

/// Shorthand for the tables: a field whose value is one of `values`, matched exactly. An empty
/// value is not sent, so it keeps the old value (or lets the cloud choose its default); every
/// fault has the one `code` the provider documents for a bad value (or none).
pub(crate) const fn one_of(
    parameter: &'static str,
    values: &'static [&'static str],
    code: Option<ProviderCode>,
    source: Source,
) -> FieldRule {
    FieldRule {
        parameter,
        min_chars: 0,
        max_chars: None,
        empty: Empty::Keep,
        allowed: None,
        first: None,
        last: None,
        forbidden_prefixes: &[],
        forbidden_substrings: &[],
        one_of: values,
        // A value outside the list is the one fault such a field has.
        codes: FieldCodes {
            too_short: None,
            too_long: None,
            malformed: code,
        },
        source,
    }
}

/// Shorthand for the tables: a parameter the operation has whose values the library does not
/// judge (no list is published where the library can read it): every value passes, and the
/// audit (`rules-audit/not-judged.json`) says why.
pub(crate) const fn any_value(parameter: &'static str, source: Source) -> FieldRule {
    one_of(parameter, &[], None, source)
}

/// Shorthand for the tables: a provider code with an HTTP status.
pub(crate) const fn code(code: &'static str, http_status: u16) -> ProviderCode {
    ProviderCode {
        code,
        http_status: Some(http_status),
    }
}

/// Shorthand for the tables: a provider code whose HTTP status is not documented.
pub(crate) const fn code_only(code: &'static str) -> ProviderCode {
    ProviderCode {
        code,
        http_status: None,
    }
}

pub(crate) const fn refuse(code: ProviderCode) -> Refusal {
    Refusal {
        provider_code: Some(code),
    }
}

/// A refusal the provider documents no code for (or a mistake it would not refuse).
pub(crate) const UNDOCUMENTED: Refusal = Refusal {
    provider_code: None,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for p in Provider::ALL {
            assert_eq!(p.key().parse::<Provider>().unwrap(), *p);
            assert_eq!(p.rules().provider, *p);
        }
        assert!("amazon".parse::<Provider>().is_err());
        // Appended, never renumbered: the C ABI passes these numbers.
        for (i, p) in Provider::ALL.iter().enumerate() {
            assert_eq!(*p as usize, i);
        }
        assert_eq!(Provider::Aws as u32, 3);
    }

    #[test]
    fn every_table_is_consistent() {
        for rules in ALL {
            for e in rules.fields {
                let r = e.rule;
                if let Some(max) = r.max_chars {
                    assert!(r.min_chars <= max, "{:?}", e);
                }
                // The engine reports a bad first character as BAD_START only; that is right
                // only while every allowed first character is allowed anywhere.
                if let (Some(first), Some(all)) = (r.first, r.allowed) {
                    for b in 0..128u8 {
                        assert!(!first.contains_ascii(b) || all.contains_ascii(b), "{:?}", e);
                    }
                    assert!(!first.han || all.han);
                }
                // Likewise BAD_END for the last character.
                if let Some(last) = r.last {
                    let all = r.allowed.expect("a last-character rule goes with a set");
                    for b in 0..128u8 {
                        assert!(!last.contains_ascii(b) || all.contains_ascii(b), "{:?}", e);
                    }
                    assert!(!last.han || all.han);
                }
                // The fast path counts CRLF pairs only in free text (check::ascii_valid).
                if let Some(all) = r.allowed {
                    assert!(!all.contains_ascii(b'\r'), "{:?}", e);
                }
                for f in r.forbidden_prefixes.iter().chain(r.forbidden_substrings) {
                    assert!(f.text.is_ascii() && !f.text.is_empty());
                }
                // A text field has no list; a list field is a list and nothing else (an empty
                // list: any value, see any_value).
                assert!(!e.field.is_text() || r.one_of.is_empty(), "{:?}", e);
                if !e.field.is_text() {
                    assert!(r.allowed.is_none() && r.first.is_none() && r.max_chars.is_none());
                    assert!(r.forbidden_prefixes.is_empty() && r.forbidden_substrings.is_empty());
                    assert!(r.one_of.iter().all(|v| !v.is_empty()));
                }
                // Users must be able to look a rule's source up: no local file is named.
                let cited = format!("{} {}", r.source.document, r.source.note).to_lowercase();
                assert!(
                    !cited.contains("seed") && !cited.contains("rules.md"),
                    "{:?}",
                    e
                );
            }
            assert!(rules.states().iter().any(|s| s.shareable));
            assert!(rules.kinds.contains(&crate::image::ImageKind::Custom));
            if let Some(share) = rules.share_rules() {
                assert!(!share.principals.is_empty());
                for p in share.principals {
                    assert!(!p.form.is_empty(), "{p:?}");
                    // A run is matched greedily: what follows it must not start inside its set.
                    for w in p.form.windows(2) {
                        if let [Piece::Run { set, min, max }, next] = w {
                            assert!(min <= max && *max > 0, "{p:?}");
                            if let Piece::Text(t) = next {
                                assert!(!set.contains(t.chars().next().unwrap()), "{p:?}");
                            } else {
                                panic!("two runs in a row: {p:?}");
                            }
                        }
                    }
                }
            }
            // A cross-field rule is about two list fields the operation judges.
            for c in rules.cross {
                for op in c.operations {
                    for f in [c.when, c.then] {
                        let r = rules.field(*op, f, Profile::Latest).expect("cross field");
                        assert!(!f.is_text() && !r.one_of.is_empty(), "{:?}", c);
                    }
                    let then = rules.field(*op, c.then, Profile::Latest).unwrap();
                    assert!(c.must_be.iter().all(|v| then.one_of.contains(v)), "{:?}", c);
                }
            }
        }
    }
}
