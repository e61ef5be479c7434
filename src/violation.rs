//! What a check finds: violations with stable codes, spans and messages in two languages.

use crate::excerpt::Excerpt;
use crate::rules::{Field, Principal, ProviderCode, keyed_enum};
use crate::text::Span;
use std::fmt::{self, Write};
use std::str::FromStr;

/// The language of a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(C)]
pub enum Lang {
    En = 0,
    Zh = 1,
}

keyed_enum!(Lang, "language" {
    En => "en",
    Zh => "zh",
});

/// What a violation is about.
///
/// Not an `ipf_field`: the numbers of the three text fields agree, the others do not
/// (`IPF_SUBJECT_BOOT_MODE` is 8, `IPF_FIELD_BOOT_MODE` is 3). Turn a subject into the field it
/// names with `ipf_subject_field`, never by its number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(C)]
pub enum Subject {
    Name = 0,
    Description = 1,
    Family = 2,
    /// The deprecation switch (`ImageDeprecated`, or a `Status` value that deprecates).
    Deprecation = 3,
    /// The image itself: its state, kind, flags or sharing.
    Image = 4,
    /// Accounts added (`SHARE`).
    Add = 5,
    /// Accounts removed (`CANCEL`).
    Remove = 6,
    /// The request as a whole.
    Request = 7,
    BootMode = 8,
    Status = 9,
    LicenseType = 10,
    Architecture = 11,
    Platform = 12,
    OsType = 13,
    NvmeSupport = 14,
    ImdsSupport = 15,
}

keyed_enum!(Subject, "subject" {
    Name => "name",
    Description => "description",
    Family => "family",
    Deprecation => "deprecation",
    Image => "image",
    Add => "add",
    Remove => "remove",
    Request => "request",
    BootMode => "boot_mode",
    Status => "status",
    LicenseType => "license_type",
    Architecture => "architecture",
    Platform => "platform",
    OsType => "os_type",
    NvmeSupport => "nvme_support",
    ImdsSupport => "imds_support",
});

impl Subject {
    /// The field this subject names, if it names one (the deprecation switch, the image, the
    /// share lists and the request as a whole are not fields).
    pub fn field(self) -> Option<Field> {
        Field::ALL
            .iter()
            .copied()
            .find(|&f| Subject::from(f) == self)
    }
}

impl From<Field> for Subject {
    fn from(f: Field) -> Subject {
        match f {
            Field::Name => Subject::Name,
            Field::Description => Subject::Description,
            Field::Family => Subject::Family,
            Field::BootMode => Subject::BootMode,
            Field::Status => Subject::Status,
            Field::LicenseType => Subject::LicenseType,
            Field::Architecture => Subject::Architecture,
            Field::Platform => Subject::Platform,
            Field::OsType => Subject::OsType,
            Field::NvmeSupport => Subject::NvmeSupport,
            Field::ImdsSupport => Subject::ImdsSupport,
        }
    }
}

/// The library's own code for a fault: stable across releases, whatever the providers
/// call it. Numbers are part of the C ABI and never reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(C)]
pub enum Code {
    /// Shorter than the least length (an empty value where one is required included).
    TooShort = 1,
    TooLong = 2,
    /// A character the field does not allow.
    BadChar = 3,
    /// A character the field does not allow first.
    BadStart = 4,
    ForbiddenPrefix = 5,
    ForbiddenSubstring = 6,
    /// The provider has no such field or switch.
    NotSupported = 7,
    /// A value outside the list the field takes (matched exactly).
    NotOneOf = 8,
    /// A character the field does not allow last (RFC 1035 names: not `-`).
    BadEnd = 9,
    /// The image's state does not allow the change.
    ImageState = 20,
    /// The image was shared with you: it is not yours to share or change.
    ImageNotOwned = 21,
    /// A public, marketplace or instance image.
    ImageKind = 22,
    ImageEncrypted = 23,
    ImageByol = 24,
    ImageDeprecated = 25,
    /// The image is shared with other accounts, which forbids the change.
    ImageShared = 26,
    /// Un-deprecating an image that is not deprecated.
    ImageNotDeprecated = 27,
    /// A share request that names no account.
    NoAccounts = 40,
    /// More accounts in one list of one request than the provider takes.
    TooManyInRequest = 41,
    /// More accounts than one image may be shared with.
    OverQuota = 42,
    ShareWithSelf = 43,
    AlreadyShared = 44,
    /// Cancelling a share the image does not have.
    NotShared = 45,
    BadAccountId = 46,
    /// The same account twice in one list.
    DuplicateAccount = 47,
    /// The same account both added and removed in one request.
    AddAndRemove = 48,
    /// Sharing and cancelling in one request where the provider takes one direction.
    MixedPermission = 49,
}

keyed_enum!(Code, "code" {
    TooShort => "TOO_SHORT",
    TooLong => "TOO_LONG",
    BadChar => "BAD_CHAR",
    BadStart => "BAD_START",
    ForbiddenPrefix => "FORBIDDEN_PREFIX",
    ForbiddenSubstring => "FORBIDDEN_SUBSTRING",
    NotSupported => "NOT_SUPPORTED",
    NotOneOf => "NOT_ONE_OF",
    BadEnd => "BAD_END",
    ImageState => "IMAGE_STATE",
    ImageNotOwned => "IMAGE_NOT_OWNED",
    ImageKind => "IMAGE_KIND",
    ImageEncrypted => "IMAGE_ENCRYPTED",
    ImageByol => "IMAGE_BYOL",
    ImageDeprecated => "IMAGE_DEPRECATED",
    ImageShared => "IMAGE_SHARED",
    ImageNotDeprecated => "IMAGE_NOT_DEPRECATED",
    NoAccounts => "NO_ACCOUNTS",
    TooManyInRequest => "TOO_MANY_IN_REQUEST",
    OverQuota => "OVER_QUOTA",
    ShareWithSelf => "SHARE_WITH_SELF",
    AlreadyShared => "ALREADY_SHARED",
    NotShared => "NOT_SHARED",
    BadAccountId => "BAD_ACCOUNT_ID",
    DuplicateAccount => "DUPLICATE_ACCOUNT",
    AddAndRemove => "ADD_AND_REMOVE",
    MixedPermission => "MIXED_PERMISSION",
});

/// One fault, with everything a console needs to show it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub field: Subject,
    pub code: Code,
    /// What the cloud would answer; `None` where it documents no code, or would not refuse
    /// (a request that is surely a mistake, such as the same account twice).
    pub provider_code: Option<ProviderCode>,
    /// Where in the text the fault lies (text fields only).
    pub span: Option<Span>,
    /// The limit broken, for length and count faults.
    pub limit: Option<usize>,
    /// The length or count found, for length and count faults.
    pub actual: Option<usize>,
    /// The offending text: the bad characters, the forbidden prefix as written, the account id.
    pub found: Option<Excerpt>,
    /// For account faults, the position of the account in its list.
    pub index: Option<usize>,
    /// For [`Code::NotOneOf`], every value the field takes.
    pub allowed: Option<&'static [&'static str]>,
    /// For [`Code::BadAccountId`], every form of id the provider shares with.
    pub expected: Option<&'static [Principal]>,
}

impl Violation {
    pub(crate) fn new(field: Subject, code: Code, provider_code: Option<ProviderCode>) -> Self {
        Violation {
            field,
            code,
            provider_code,
            span: None,
            limit: None,
            actual: None,
            found: None,
            index: None,
            allowed: None,
            expected: None,
        }
    }

    /// The HTTP status the cloud would answer with, where documented.
    pub fn http_status(&self) -> Option<u16> {
        self.provider_code.and_then(|c| c.http_status)
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let mut s = String::new();
        self.write_message(lang, &mut s)
            .expect("writing to a String cannot fail");
        s
    }

    /// Writes the message in `lang` to `out`.
    pub fn write_message(&self, lang: Lang, out: &mut impl Write) -> fmt::Result {
        let what = subject_name(self.field, lang);
        let found = self.found.as_deref().unwrap_or("");
        let limit = self.limit.unwrap_or(0);
        let actual = self.actual.unwrap_or(0);
        use Code::*;
        match lang {
            Lang::En => match self.code {
                TooShort if actual == 0 => write!(out, "The {what} must not be empty here."),
                TooShort => write!(
                    out,
                    "The {what} is {actual} character{} long; it must be at least {limit}.",
                    plural(actual)
                ),
                TooLong => write!(
                    out,
                    "The {what} is {actual} character{} long; it may be at most {limit}.",
                    plural(actual)
                ),
                BadChar => {
                    write!(out, "The {what} may not contain ")?;
                    each_char(found, lang, out)?;
                    out.write_str(".")
                }
                BadStart => {
                    write!(out, "The {what} may not start with ")?;
                    each_char(found, lang, out)?;
                    out.write_str(".")
                }
                BadEnd => {
                    write!(out, "The {what} may not end with ")?;
                    each_char(found, lang, out)?;
                    out.write_str(".")
                }
                ForbiddenPrefix => write!(out, "The {what} may not start with \"{found}\"."),
                ForbiddenSubstring => write!(out, "The {what} may not contain \"{found}\"."),
                NotSupported if self.field == Subject::Request => {
                    write!(out, "This cloud has no API call for this request.")
                }
                NotSupported => write!(out, "This cloud has no {what} here."),
                NotOneOf => write!(
                    out,
                    "The {what} may not be {}; it must be one of {} (exactly as written).",
                    quoted(found),
                    listed(self.allowed, "\"", "\"", ", ")
                ),
                ImageState => write!(
                    out,
                    "The image's state \"{found}\" does not allow this change."
                ),
                ImageNotOwned => write!(
                    out,
                    "The image was shared with you by another account; only its owner can change or share it."
                ),
                ImageKind => write!(
                    out,
                    "Only your own custom images can be changed this way; this is a {found} image."
                ),
                ImageEncrypted if found.is_empty() => {
                    write!(out, "Encrypted images cannot be shared.")
                }
                ImageEncrypted => write!(out, "Encrypted images cannot be shared with {found}."),
                ImageByol => write!(out, "BYOL images cannot be shared."),
                ImageDeprecated => write!(out, "A deprecated image cannot be shared."),
                ImageShared => write!(
                    out,
                    "The image is shared with {actual} account{}; cancel every share first.",
                    plural(actual)
                ),
                ImageNotDeprecated => write!(out, "The image is not deprecated."),
                NoAccounts => write!(out, "The request names no account."),
                TooManyInRequest => write!(
                    out,
                    "One request may name at most {limit} account{} in this list; it names {actual}. The cloud would drop or refuse the rest.",
                    plural(limit)
                ),
                OverQuota => write!(
                    out,
                    "The image would be shared with {actual} account{}; at most {limit} {} allowed.",
                    plural(actual),
                    if limit == 1 { "is" } else { "are" }
                ),
                ShareWithSelf => write!(
                    out,
                    "Account {found} owns the image: you cannot share an image with yourself."
                ),
                AlreadyShared => write!(out, "Account {found} already has the image."),
                NotShared => write!(
                    out,
                    "Account {found} does not have the image: there is nothing to cancel."
                ),
                BadAccountId => write!(
                    out,
                    "{} is not an id this cloud shares with: it takes {}.",
                    quoted(found),
                    forms(self.expected, Lang::En)
                ),
                DuplicateAccount => write!(out, "Account {found} is named twice in the same list."),
                AddAndRemove => write!(
                    out,
                    "Account {found} is both added and removed in one request."
                ),
                MixedPermission => write!(
                    out,
                    "One request either shares or cancels: send the removals and the additions separately."
                ),
            },
            Lang::Zh => match self.code {
                TooShort if actual == 0 => write!(out, "{what}不能为空。"),
                TooShort => write!(out, "{what}长度为 {actual} 个字符，至少需要 {limit} 个。"),
                TooLong => write!(out, "{what}长度为 {actual} 个字符，最多允许 {limit} 个。"),
                BadChar => {
                    write!(out, "{what}不能包含")?;
                    each_char(found, lang, out)?;
                    out.write_str("。")
                }
                BadStart => {
                    write!(out, "{what}不能以")?;
                    each_char(found, lang, out)?;
                    out.write_str("开头。")
                }
                BadEnd => {
                    write!(out, "{what}不能以")?;
                    each_char(found, lang, out)?;
                    out.write_str("结尾。")
                }
                ForbiddenPrefix => write!(out, "{what}不能以“{found}”开头。"),
                ForbiddenSubstring => write!(out, "{what}不能包含“{found}”。"),
                NotSupported if self.field == Subject::Request => {
                    write!(out, "该云平台没有处理此请求的接口。")
                }
                NotSupported => write!(out, "该云平台在此操作中不支持{what}。"),
                NotOneOf => write!(
                    out,
                    "{what}不能为{}，只能是{}之一（须完全一致）。",
                    quoted_zh(found),
                    listed(self.allowed, "“", "”", "、")
                ),
                ImageState => write!(out, "镜像当前状态“{found}”不支持此操作。"),
                ImageNotOwned => write!(
                    out,
                    "该镜像是其他账号共享给您的，只有其所有者可以修改或共享。"
                ),
                ImageKind => write!(
                    out,
                    "只能对您自己的自定义镜像执行此操作，该镜像类型为 {found}。"
                ),
                ImageEncrypted if found.is_empty() => write!(out, "加密镜像不支持共享。"),
                ImageEncrypted => write!(out, "加密镜像不能共享给 {found}。"),
                ImageByol => write!(out, "BYOL 镜像不支持共享。"),
                ImageDeprecated => write!(out, "已弃用的镜像不能共享。"),
                ImageShared => write!(out, "该镜像已共享给 {actual} 个账号，请先取消全部共享。"),
                ImageNotDeprecated => write!(out, "该镜像未被弃用。"),
                NoAccounts => write!(out, "请求中没有任何账号。"),
                TooManyInRequest => write!(
                    out,
                    "单次请求的该列表最多 {limit} 个账号，当前为 {actual} 个，多出的账号会被云平台忽略或拒绝。"
                ),
                OverQuota => write!(out, "镜像将共享给 {actual} 个账号，最多允许 {limit} 个。"),
                ShareWithSelf => write!(out, "账号 {found} 是镜像的所有者，不能将镜像共享给自己。"),
                AlreadyShared => write!(out, "账号 {found} 已经拥有该镜像的共享。"),
                NotShared => write!(out, "账号 {found} 没有该镜像的共享，无需取消。"),
                BadAccountId => write!(
                    out,
                    "{} 不是该云平台可共享的对象：应为{}。",
                    quoted_zh(found),
                    forms(self.expected, Lang::Zh)
                ),
                DuplicateAccount => write!(out, "账号 {found} 在同一列表中出现了两次。"),
                AddAndRemove => write!(out, "账号 {found} 在同一请求中既被添加又被移除。"),
                MixedPermission => write!(out, "单次请求只能共享或取消共享，请分开发送。"),
            },
        }
    }
}

/// The forms of id a provider shares with, in words.
fn forms(expected: Option<&[Principal]>, lang: Lang) -> String {
    let words: Vec<&str> = expected
        .unwrap_or_default()
        .iter()
        .map(|p| if lang == Lang::Zh { p.zh } else { p.en })
        .collect();
    match lang {
        Lang::En => words.join(" or "),
        Lang::Zh => words.join("或"),
    }
}

fn subject_name(s: Subject, lang: Lang) -> &'static str {
    match (lang, s) {
        (Lang::En, Subject::Name) => "image name",
        (Lang::En, Subject::Description) => "image description",
        (Lang::En, Subject::Family) => "image family",
        (Lang::En, Subject::Deprecation) => "image deprecation switch",
        (Lang::En, Subject::Image) => "image",
        (Lang::En, Subject::Add) => "list of accounts to add",
        (Lang::En, Subject::Remove) => "list of accounts to remove",
        (Lang::En, Subject::Request) => "request",
        (Lang::En, Subject::BootMode) => "boot mode",
        (Lang::En, Subject::Status) => "image status",
        (Lang::En, Subject::LicenseType) => "license type",
        (Lang::En, Subject::Architecture) => "architecture",
        (Lang::En, Subject::Platform) => "operating system distribution",
        (Lang::En, Subject::OsType) => "operating system type",
        (Lang::En, Subject::NvmeSupport) => "NVMe support",
        (Lang::En, Subject::ImdsSupport) => "metadata access mode",
        (Lang::Zh, Subject::Name) => "镜像名称",
        (Lang::Zh, Subject::Description) => "镜像描述",
        (Lang::Zh, Subject::Family) => "镜像族系",
        (Lang::Zh, Subject::Deprecation) => "镜像弃用开关",
        (Lang::Zh, Subject::Image) => "镜像",
        (Lang::Zh, Subject::Add) => "添加共享的账号列表",
        (Lang::Zh, Subject::Remove) => "移除共享的账号列表",
        (Lang::Zh, Subject::Request) => "请求",
        (Lang::Zh, Subject::BootMode) => "启动模式",
        (Lang::Zh, Subject::Status) => "镜像状态",
        (Lang::Zh, Subject::LicenseType) => "许可证类型",
        (Lang::Zh, Subject::Architecture) => "系统架构",
        (Lang::Zh, Subject::Platform) => "操作系统发行版",
        (Lang::Zh, Subject::OsType) => "操作系统类型",
        (Lang::Zh, Subject::NvmeSupport) => "NVMe 支持",
        (Lang::Zh, Subject::ImdsSupport) => "元数据访问模式",
    }
}

/// Quotes offending text so that invisible characters (spaces, zero-width and bidi controls)
/// are seen: they are named by code point.
fn quoted(found: &str) -> String {
    let mut out = String::from("\"");
    escape_invisible(found, &mut out);
    out.push('"');
    out
}

/// The values of a list, each quoted, joined by `sep`.
fn listed(values: Option<&[&str]>, open: &str, close: &str, sep: &str) -> String {
    values
        .unwrap_or_default()
        .iter()
        .map(|v| format!("{open}{v}{close}"))
        .collect::<Vec<_>>()
        .join(sep)
}

fn quoted_zh(found: &str) -> String {
    let mut out = String::from("“");
    escape_invisible(found, &mut out);
    out.push('”');
    out
}

/// At most this many chars of the offending text are quoted in a message, then "…": a run of
/// bad characters may cover most of a megabyte value (the last reported run stretches to the
/// end), and a message a megabyte long (seven, with every char named by code point) is no
/// message. The whole text stays in `found`, and the span says where it is. 160 is more than the command line's cut of a long `found` (128 bytes and "…"), so a quote
/// it cut is shown as it cut it.
const QUOTED_CHARS: usize = 160;

/// The plural ending of an English noun counted `n` times ("1 character", "2 characters").
fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Refused chars, each on its own: a visible one quoted ("!"), an invisible or formatting one
/// named with its code point ("right-to-left override (U+202E)", "空格（U+0020）"), so two
/// adjacent refused chars never read as one token.
fn each_char(found: &str, lang: Lang, out: &mut impl Write) -> fmt::Result {
    let zh = lang == Lang::Zh;
    for (i, c) in found.chars().enumerate() {
        if i > 0 {
            out.write_str(if zh { "、" } else { ", " })?;
        }
        if i == QUOTED_CHARS {
            out.write_str("…")?;
            break;
        }
        match invisible_name(c) {
            Some(names) if zh => write!(out, "{}（U+{:04X}）", names[1], c as u32)?,
            Some(names) => write!(out, "{} (U+{:04X})", names[0], c as u32)?,
            None if zh => write!(out, "“{c}”")?,
            None => write!(out, "\"{c}\"")?,
        }
    }
    Ok(())
}

/// Names of the chars that cannot be seen, in English and Chinese, as data: a table is smaller
/// in the WebAssembly build than a match of this many arms.
static INVISIBLE: [(char, [&str; 2]); 24] = [
    (' ', ["space", "空格"]),
    ('\t', ["tab", "制表符"]),
    ('\n', ["line feed", "换行符"]),
    ('\r', ["carriage return", "回车符"]),
    ('\0', ["null character", "空字符"]),
    ('\u{00A0}', ["no-break space", "不换行空格"]),
    ('\u{00AD}', ["soft hyphen", "软连字符"]),
    ('\u{3000}', ["ideographic space", "全角空格"]),
    ('\u{200B}', ["zero-width space", "零宽空格"]),
    ('\u{200C}', ["zero-width non-joiner", "零宽非连接符"]),
    ('\u{200D}', ["zero-width joiner", "零宽连接符"]),
    ('\u{200E}', ["left-to-right mark", "从左至右标记"]),
    ('\u{200F}', ["right-to-left mark", "从右至左标记"]),
    ('\u{202A}', ["left-to-right embedding", "从左至右嵌入"]),
    ('\u{202B}', ["right-to-left embedding", "从右至左嵌入"]),
    ('\u{202C}', ["pop directional formatting", "弹出方向格式"]),
    ('\u{202D}', ["left-to-right override", "从左至右覆盖"]),
    ('\u{202E}', ["right-to-left override", "从右至左覆盖"]),
    ('\u{2060}', ["word joiner", "词连接符"]),
    ('\u{2066}', ["left-to-right isolate", "从左至右隔离"]),
    ('\u{2067}', ["right-to-left isolate", "从右至左隔离"]),
    ('\u{2068}', ["first strong isolate", "首强隔离"]),
    ('\u{2069}', ["pop directional isolate", "弹出方向隔离"]),
    ('\u{FEFF}', ["zero-width no-break space", "零宽不换行空格"]),
];

/// The English and Chinese names of a char that cannot be seen, or `None` for a visible one.
pub(crate) fn invisible_name(c: char) -> Option<[&'static str; 2]> {
    if let Some((_, names)) = INVISIBLE.iter().find(|(k, _)| *k == c) {
        return Some(*names);
    }
    if c.is_control() {
        Some(["control character", "控制字符"])
    } else if c.is_whitespace() {
        Some(["white space", "空白字符"])
    } else if is_format(c) {
        Some(["formatting character", "格式字符"])
    } else {
        None
    }
}

fn escape_invisible(found: &str, out: &mut String) {
    for (i, c) in found.chars().enumerate() {
        if i == QUOTED_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() || c.is_whitespace() || is_format(c) {
            let _ = write!(out, "U+{:04X}", c as u32);
        } else {
            out.push(c);
        }
    }
}

/// Zero-width and bidirectional formatting characters (Unicode category Cf, the common ones).
fn is_format(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_named() {
        let mut v = Violation::new(Subject::Name, Code::BadChar, None);
        v.found = Some("!\u{202E} ".into());
        assert_eq!(
            v.message(Lang::En),
            "The image name may not contain \"!\", right-to-left override (U+202E), space (U+0020)."
        );
        assert_eq!(
            v.message(Lang::Zh),
            "镜像名称不能包含“!”、从右至左覆盖（U+202E）、空格（U+0020）。"
        );
    }

    #[test]
    fn numbers_agree() {
        let mut v = Violation::new(Subject::Name, Code::TooShort, None);
        (v.limit, v.actual) = (Some(2), Some(1));
        assert_eq!(
            v.message(Lang::En),
            "The image name is 1 character long; it must be at least 2."
        );
        v.code = Code::TooLong;
        (v.limit, v.actual) = (Some(1), Some(3));
        assert_eq!(
            v.message(Lang::En),
            "The image name is 3 characters long; it may be at most 1."
        );
        let mut v = Violation::new(Subject::Image, Code::ImageShared, None);
        v.actual = Some(1);
        assert_eq!(
            v.message(Lang::En),
            "The image is shared with 1 account; cancel every share first."
        );
    }

    #[test]
    fn a_long_run_is_quoted_in_part() {
        // A message once quoted the whole run: a megabyte of U+0001 made a 6 MB message.
        let mut v = Violation::new(Subject::Name, Code::BadChar, None);
        v.found = Some("\u{1}".repeat(1_000_000).as_str().into());
        let message = v.message(Lang::En);
        assert_eq!(message.matches("(U+0001)").count(), 160, "{message}");
        assert!(
            message.ends_with("(U+0001), ….") && message.len() < 5_000,
            "{message}"
        );
        assert!(v.message(Lang::Zh).ends_with("（U+0001）、…。"));
        v.found = Some("a".repeat(160).as_str().into());
        assert!(!v.message(Lang::Zh).contains('…'));
        assert_eq!(
            v.found.as_deref().map(str::len),
            Some(160),
            "found keeps the whole text"
        );
    }

    #[test]
    fn codes_keep_their_numbers() {
        for c in Code::ALL {
            assert_eq!(Code::from_number(*c as u32), Some(*c));
            assert_eq!(c.key().parse::<Code>().unwrap(), *c);
        }
        assert_eq!(Code::TooShort as u32, 1);
        assert_eq!(Code::MixedPermission as u32, 49);
    }
}
