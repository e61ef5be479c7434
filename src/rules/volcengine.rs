//! Volcengine ECS, API 2020-04-01.
//!
//! registry: Volcengine = 2, "volcengine"
//!
//! One official text per rule, so both profiles are the same. Volcengine has no image family.

use crate::rules::*;

const NAME_MALFORMED: ProviderCode = code("InvalidImageName.Malformed", 400);
const DESCRIPTION_MALFORMED: ProviderCode = code("InvalidDescription.Malformed", 400);
const MODIFY_DOC: &str =
    "Volcengine ECS API 2020-04-01, ModifyImageAttribute and CreateImage: API pages";
const COPY_DOC: &str = "Volcengine ECS API 2020-04-01, CopyImage: API page";
const IMPORT_DOC: &str = "Volcengine ECS API 2020-04-01, ImportImage: API page";
const SHARE_DOC: &str =
    "Volcengine ECS API 2020-04-01, ModifyImageSharePermission: API page (updated 2024-05-21)";

const fn malformed(c: ProviderCode) -> FieldCodes {
    FieldCodes {
        too_short: Some(c),
        too_long: Some(c),
        malformed: Some(c),
    }
}

const LETTER_OR_HAN: &CharSet = &CharSet::new(true, false, true, "");
const NAME_CHARS: &CharSet = &CharSet::new(true, true, true, "_-.");
const DESCRIPTION_CHARS: &CharSet = &CharSet::new(true, true, true, "_-=,. ，。");

const fn cited(document: &'static str, note: &'static str) -> Source {
    source! {
        document,
        date: "undated",
        note,
        published: true,
    }
}

const fn name(empty: Empty, source: Source) -> FieldRule {
    FieldRule {
        parameter: "ImageName",
        min_chars: 1,
        max_chars: Some(128),
        empty,
        allowed: Some(NAME_CHARS),
        first: Some(LETTER_OR_HAN),
        last: None,
        forbidden_prefixes: &[],
        forbidden_substrings: &[],
        one_of: &[],
        codes: malformed(NAME_MALFORMED),
        source,
    }
}

const NAME_NOTE: &str = "1-128 characters; starts with a letter or a Chinese character; Chinese characters, letters, digits, '_', '-', '.'.";

static NAME_MODIFY: FieldRule = name(
    Empty::Keep,
    cited(
        MODIFY_DOC,
        "1-128 characters; starts with a letter or a Chinese character; Chinese characters, letters, digits, '_', '-', '.'. An empty value keeps the old name.",
    ),
);
static NAME_CREATE: FieldRule = name(
    Empty::Invalid,
    cited(
        MODIFY_DOC,
        "1-128 characters; starts with a letter or a Chinese character; Chinese characters, letters, digits, '_', '-', '.'. CreateImage needs a name.",
    ),
);
static NAME_COPY: FieldRule = name(
    Empty::Invalid,
    cited(COPY_DOC, "Required; as CreateImage's ImageName."),
);
static NAME_IMPORT: FieldRule = name(Empty::Invalid, cited(IMPORT_DOC, NAME_NOTE));

const fn description(source: Source) -> FieldRule {
    FieldRule {
        parameter: "Description",
        min_chars: 0,
        max_chars: Some(255),
        empty: Empty::Clear,
        allowed: Some(DESCRIPTION_CHARS),
        first: Some(LETTER_OR_HAN),
        last: None,
        forbidden_prefixes: &[],
        forbidden_substrings: &[],
        one_of: &[],
        codes: malformed(DESCRIPTION_MALFORMED),
        source,
    }
}

static DESCRIPTION: FieldRule = description(cited(
    MODIFY_DOC,
    "0-255 characters; starts with a letter or a Chinese character; Chinese characters, letters, digits, '_ - = , .', full-width '，' and '。', and space. Omitted keeps the old value; empty clears it.",
));
static DESCRIPTION_COPY: FieldRule = description(cited(
    COPY_DOC,
    "As CreateImage's Description; omitted, the copy takes the source image's description.",
));
static DESCRIPTION_IMPORT: FieldRule =
    description(cited(IMPORT_DOC, "As CreateImage's Description."));

static BOOT_MODE: FieldRule = one_of(
    "BootMode",
    &["BIOS", "UEFI"],
    Some(code("InvalidBootMode.Malformed", 400)),
    cited(
        "Volcengine ECS API 2020-04-01, ModifyImageAttribute and ImportImage: API pages",
        "BIOS or UEFI, matched exactly. CreateImage has no BootMode (its SDK request model, volcenginesdk-ecs 5.0.54, has none).",
    ),
);
/// The SDK model (volcenginesdk-ecs) has these parameters but no texts, and the API page's
/// lists could not be read in full: the values are not judged.
const UNREAD_LIST: &str = "The parameter exists (volcenginesdk-ecs 5.0.54, ImportImageRequest); its list of values is not in the SDK and was not read in full from the API page: any value passes.";
static LICENSE_TYPE_IMPORT: FieldRule = any_value("LicenseType", cited(IMPORT_DOC, UNREAD_LIST));
static ARCHITECTURE_IMPORT: FieldRule = one_of(
    "Architecture",
    &["amd64", "arm64"],
    None,
    source! {
        document: IMPORT_DOC,
        date: "undated",
        note: "amd64 or arm64, matched exactly. The page's example is amd64; its full list was not read here, so arm64 is the library's reading. No error code is published for another value.",
        published: false,
    },
);
static PLATFORM_IMPORT: FieldRule = any_value("Platform", cited(IMPORT_DOC, UNREAD_LIST));
static OS_TYPE_IMPORT: FieldRule = one_of(
    "OsType",
    &["Linux", "Windows"],
    None,
    cited(
        "Volcengine ECS API 2020-04-01, ImportImage: API page (also published as BytePlus ECS ImportImage, https://docs.byteplus.com/en/docs/ecs/ImportImage)",
        "Linux or Windows, matched exactly; omitted, the cloud derives it from Platform.",
    ),
);

use crate::image::ImageKind::{Custom, Marketplace, Public, SharedIn};
use Field::{Architecture, BootMode, Description, LicenseType, Name, OsType, Platform};
use Operation::{Copy, Create, Import, Modify};
use Profile::{Latest, Strict};

const INVALID_STATUS: Refusal = refuse(code("InvalidImageStatus", 400));

const FIELDS: &[FieldEntry] = &[
    entry(Modify, Name, Latest, &NAME_MODIFY),
    entry(Modify, Name, Strict, &NAME_MODIFY),
    entry(Modify, Description, Latest, &DESCRIPTION),
    entry(Modify, Description, Strict, &DESCRIPTION),
    entry(Modify, BootMode, Latest, &BOOT_MODE),
    entry(Modify, BootMode, Strict, &BOOT_MODE),
    entry(Create, Name, Latest, &NAME_CREATE),
    entry(Create, Name, Strict, &NAME_CREATE),
    entry(Create, Description, Latest, &DESCRIPTION),
    entry(Create, Description, Strict, &DESCRIPTION),
    entry(Copy, Name, Latest, &NAME_COPY),
    entry(Copy, Name, Strict, &NAME_COPY),
    entry(Copy, Description, Latest, &DESCRIPTION_COPY),
    entry(Copy, Description, Strict, &DESCRIPTION_COPY),
    entry(Import, Name, Latest, &NAME_IMPORT),
    entry(Import, Name, Strict, &NAME_IMPORT),
    entry(Import, Description, Latest, &DESCRIPTION_IMPORT),
    entry(Import, Description, Strict, &DESCRIPTION_IMPORT),
    entry(Import, BootMode, Latest, &BOOT_MODE),
    entry(Import, BootMode, Strict, &BOOT_MODE),
    entry(Import, LicenseType, Latest, &LICENSE_TYPE_IMPORT),
    entry(Import, LicenseType, Strict, &LICENSE_TYPE_IMPORT),
    entry(Import, Architecture, Latest, &ARCHITECTURE_IMPORT),
    entry(Import, Architecture, Strict, &ARCHITECTURE_IMPORT),
    entry(Import, Platform, Latest, &PLATFORM_IMPORT),
    entry(Import, Platform, Strict, &PLATFORM_IMPORT),
    entry(Import, OsType, Latest, &OS_TYPE_IMPORT),
    entry(Import, OsType, Strict, &OS_TYPE_IMPORT),
];

pub(super) static RULES: ProviderRules = ProviderRules {
    provider: Provider::Volcengine,
    display_name: "Volcengine ECS",
    actions: [
        "ModifyImageAttribute",
        "CreateImage",
        "CopyImage",
        "ImportImage",
    ],
    same_as: &[],
    kinds: &[Custom, SharedIn, Public, Marketplace],
    fields: FIELDS,
    index: FieldIndex::of(FIELDS),
    share: Sharing::Call(ShareRules {
        action: "ModifyImageSharePermission",
        principals: DIGITS_ACCOUNT,
        shape: ShareShape::Lists {
            add: "AddAccounts",
            remove: "RemoveAccounts",
        },
        per_image: Limit::same(50),
        per_image_code: Some(code("LimitExceeded.MaximumShareImageAccount", 400)),
        // "AddAccounts.N: at most 50 accounts" per request; no image holds more than 50
        // shares, so no RemoveAccounts list can usefully hold more either.
        per_request: Some(50),
        per_request_code: Some(code("LimitExceeded.MaximumShareImageAccount", 400)),
        empty_request: refuse(code("MissingParameter.AddAccountsAndRemoveAccounts", 400)),
        states: &[
            ImageState {
                name: "available",
                shareable: true,
                deprecated: false,
            },
            // Not in the ModifyImageSharePermission page: the library's own names for the
            // states DescribeImages reports, pending a published list.
            ImageState {
                name: "creating",
                shareable: false,
                deprecated: false,
            },
            ImageState {
                name: "error",
                shareable: false,
                deprecated: false,
            },
        ],
        bad_state: INVALID_STATUS,
        // "Images shared to you cannot be shared on": no code of its own is documented.
        shared_in: INVALID_STATUS,
        not_custom: INVALID_STATUS,
        instance_image: None,
        encrypted: None,
        encrypted_public: None,
        encrypted_customer_key: None,
        byol: None,
        deprecated: None,
        self_share: UNDOCUMENTED,
        already_shared: UNDOCUMENTED,
        bad_account: refuse(code("InvalidAccount.Malformed", 400)),
        source: source! {
            document: SHARE_DOC,
            date: "2024-05-21",
            note: "At least one of AddAccounts and RemoveAccounts; at most 50 accounts per image; only custom images in state available; no cross-region sharing; images shared to you cannot be shared on.",
            published: true,
        },
    }),
    attributes: AttributeRules {
        // "An image shared with you cannot be renamed or re-described" (the sharing pages);
        // no code of its own is documented.
        modify_shared_in: Some(UNDOCUMENTED),
        deprecate_shared: None,
        deprecate_bad_state: None,
        undeprecate_not_deprecated: None,
        // "An image shared with others cannot be deleted until every share is cancelled":
        // no code of its own is documented.
        delete_shared: Some(UNDOCUMENTED),
        has_deprecation: false,
        deprecating_status: None,
    },
    cross: &[CrossRule {
        operations: &[Import],
        when: Architecture,
        is: &["arm64"],
        then: BootMode,
        must_be: &["UEFI"],
        refusal: UNDOCUMENTED,
        source: cited(
            IMPORT_DOC,
            "An ARM image boots with UEFI only. No error code is published.",
        ),
    }],
    conflicts: &[],
};
