//! Alibaba Cloud ECS, API 2014-05-26.
//!
//! Two official texts of ModifyImageAttribute disagree (seeds 001 and 003); `latest` follows
//! the current OpenAPI metadata, `strict` keeps only what every text allows.

use super::*;

const NAME_MALFORMED: ProviderCode = code("InvalidImageName.Malformed", 400);
const DESCRIPTION_MALFORMED: ProviderCode = code("InvalidDescription.Malformed", 400);
const FAMILY_MALFORMED: ProviderCode = code_only("InvalidImageFamily.Malformed");

const SEEDS: &str = "Alibaba Cloud ECS API 2014-05-26 ModifyImageAttribute (seeds 001 and 003, current OpenAPI metadata)";
const CREATE_DOC: &str = "Alibaba Cloud ECS API 2014-05-26 CreateImage";

const fn malformed(c: ProviderCode) -> FieldCodes {
    FieldCodes {
        too_short: Some(c),
        too_long: Some(c),
        malformed: Some(c),
    }
}

const LETTER: CharSet = CharSet::new(true, false, false, "");
const LETTER_OR_HAN: CharSet = CharSet::new(true, false, true, "");
const STRICT_CHARS: CharSet = CharSet::new(true, true, false, "_-");

const HTTP: [Forbidden; 2] = [
    Forbidden::any_case("http://"),
    Forbidden::any_case("https://"),
];
const RESERVED_EXACT: [Forbidden; 2] = [Forbidden::exact("acs:"), Forbidden::exact("aliyun")];
const RESERVED_ANY_CASE: [Forbidden; 2] =
    [Forbidden::any_case("acs:"), Forbidden::any_case("aliyun")];

const fn source(document: &'static str, note: &'static str) -> Source {
    Source {
        document,
        date: "undated",
        note,
        published: true,
    }
}

const fn name_like(
    parameter: &'static str,
    codes: FieldCodes,
    allowed: CharSet,
    first: CharSet,
    forbidden_prefixes: &'static [Forbidden],
    forbidden_substrings: &'static [Forbidden],
    source: Source,
) -> FieldRule {
    FieldRule {
        parameter,
        min_chars: 2,
        max_chars: Some(128),
        empty: Empty::Keep,
        allowed: Some(allowed),
        first: Some(first),
        forbidden_prefixes,
        forbidden_substrings,
        codes,
        source,
    }
}

const LATEST_NAME_NOTE: &str = "2-128 characters; starts with a letter or a Chinese character; letters, Chinese characters, digits, '.', ':', '_', '-'; no 'acs:' or 'aliyun' prefix; no http:// or https://. An empty value keeps the old name.";
const STRICT_NAME_NOTE: &str = "What every text allows: seed 001's parameter text has no '.', its error text has '.' but no ':'; seed 003 allows a Chinese first character. So: a letter first, then letters, digits, '_' and '-'; no 'acs:'/'aliyun' prefix in any case; no http(s):// anywhere. CreateImage is held to the same, so a name that passes strict can later be sent to ModifyImageAttribute unchanged.";

static NAME_LATEST: FieldRule = name_like(
    "ImageName",
    malformed(NAME_MALFORMED),
    CharSet::new(true, true, true, ".:_-"),
    LETTER_OR_HAN,
    &RESERVED_EXACT,
    &HTTP,
    source(SEEDS, LATEST_NAME_NOTE),
);
static NAME_STRICT: FieldRule = name_like(
    "ImageName",
    malformed(NAME_MALFORMED),
    STRICT_CHARS,
    LETTER,
    &RESERVED_ANY_CASE,
    &HTTP,
    source(SEEDS, STRICT_NAME_NOTE),
);
static NAME_CREATE_LATEST: FieldRule = name_like(
    "ImageName",
    malformed(NAME_MALFORMED),
    CharSet::new(true, true, true, ":_-"),
    LETTER_OR_HAN,
    &HTTP,
    &[],
    source(
        CREATE_DOC,
        "CreateImage differs from ModifyImageAttribute: no '.', no 'acs:'/'aliyun' rule, and http(s):// is refused only at the start. An empty name lets the cloud choose one.",
    ),
);
static NAME_CREATE_STRICT: FieldRule = NAME_STRICT;

static FAMILY_LATEST: FieldRule = name_like(
    "ImageFamily",
    malformed(FAMILY_MALFORMED),
    CharSet::new(true, true, true, ".:_-"),
    LETTER_OR_HAN,
    &RESERVED_EXACT,
    &HTTP,
    source(
        SEEDS,
        "As ImageName, with the same character set. An empty value keeps the old family.",
    ),
);
static FAMILY_STRICT: FieldRule = name_like(
    "ImageFamily",
    malformed(FAMILY_MALFORMED),
    STRICT_CHARS,
    LETTER,
    &RESERVED_ANY_CASE,
    &HTTP,
    source(SEEDS, "As the strict ImageName."),
);

const fn description(
    prefixes: &'static [Forbidden],
    substrings: &'static [Forbidden],
    source: Source,
) -> FieldRule {
    FieldRule {
        parameter: "Description",
        min_chars: 2,
        max_chars: Some(256),
        empty: Empty::Keep,
        allowed: None,
        first: None,
        forbidden_prefixes: prefixes,
        forbidden_substrings: substrings,
        codes: malformed(DESCRIPTION_MALFORMED),
        source,
    }
}

static DESCRIPTION_LATEST: FieldRule = description(
    &HTTP,
    &[],
    source(
        SEEDS,
        "2-256 characters; does not start with http:// or https://. Seed 003's parameter text says 0-256, its error text 2-256. An empty value keeps the old description.",
    ),
);
static DESCRIPTION_STRICT: FieldRule = description(
    &[],
    &HTTP,
    source(SEEDS, "2-256 characters; no http:// or https:// anywhere."),
);

use Field::{Description, Family, Name};
use Operation::{Create, Modify};
use Profile::{Latest, Strict};

/// "Only your own custom images in state Available" has one documented code.
const INVALID_STATUS: Refusal = refuse(code_only("OperationDenied.InvalidImageStatus"));

const FIELDS: &[FieldEntry] = &[
    entry(Modify, Name, Latest, &NAME_LATEST),
    entry(Modify, Name, Strict, &NAME_STRICT),
    entry(Create, Name, Latest, &NAME_CREATE_LATEST),
    entry(Create, Name, Strict, &NAME_CREATE_STRICT),
    entry(Modify, Description, Latest, &DESCRIPTION_LATEST),
    entry(Modify, Description, Strict, &DESCRIPTION_STRICT),
    entry(Create, Description, Latest, &DESCRIPTION_LATEST),
    entry(Create, Description, Strict, &DESCRIPTION_STRICT),
    entry(Modify, Family, Latest, &FAMILY_LATEST),
    entry(Modify, Family, Strict, &FAMILY_STRICT),
    entry(Create, Family, Latest, &FAMILY_LATEST),
    entry(Create, Family, Strict, &FAMILY_STRICT),
];

pub(super) static RULES: ProviderRules = ProviderRules {
    provider: Provider::Alibaba,
    display_name: "Alibaba Cloud ECS",
    fields: FIELDS,
    index: FieldIndex::of(FIELDS),
    share: ShareRules {
        shape: ShareShape::Lists {
            add: "AddAccount",
            remove: "RemoveAccount",
        },
        per_image: Limit::same(50),
        per_image_code: code("QuotaExceed.ShareImageUser", 403),
        per_request: Some(10),
        // The API silently ignores ids past the tenth: there is no code, and the library
        // must refuse the request itself.
        per_request_code: None,
        empty_request: UNDOCUMENTED,
        states: &[
            ImageState {
                name: "Creating",
                shareable: false,
                deprecated: false,
            },
            ImageState {
                name: "Waiting",
                shareable: false,
                deprecated: false,
            },
            ImageState {
                name: "Available",
                shareable: true,
                deprecated: false,
            },
            ImageState {
                name: "UnAvailable",
                shareable: false,
                deprecated: false,
            },
            ImageState {
                name: "CreateFailed",
                shareable: false,
                deprecated: false,
            },
            ImageState {
                name: "Deprecated",
                shareable: false,
                deprecated: true,
            },
        ],
        bad_state: INVALID_STATUS,
        shared_in: INVALID_STATUS,
        not_custom: INVALID_STATUS,
        instance_image: None,
        encrypted: Some(refuse(code_only(
            "InvalidOperation.ServiceKeyEncryptedImageUnsupported",
        ))),
        byol: None,
        deprecated: Some(INVALID_STATUS),
        // The typo is the real code.
        self_share: refuse(code_only("InvalidAccount.Forbbiden")),
        already_shared: UNDOCUMENTED,
        bad_account: refuse(code_only("InvalidAccount.NotFound")),
        source: Source {
            document: "Alibaba Cloud ECS API 2014-05-26 ModifyImageSharePermission",
            date: "undated",
            note: "AddAccount.N and RemoveAccount.N take 1-10 ids each; ids past the tenth are silently ignored, so the library refuses such a request. At most 50 accounts per image. Only your own custom images in state Available.",
            published: true,
        },
    },
    attributes: AttributeRules {
        modify_shared_in: None,
        deprecate_shared: Some(refuse(code_only("ImageUseShared"))),
        deprecate_bad_state: Some(refuse(code_only("ImageStatus.NotAvailable"))),
        undeprecate_not_deprecated: Some(refuse(code_only("ImageStatus.NotDeprecated"))),
        delete_shared: None,
        has_deprecation: true,
    },
};
