//! Tencent Cloud CVM, API 2017-03-12.
//!
//! registry: Tencent = 0, "tencent"
//!
//! Tencent API 3.0 answers every business error with HTTP 200 and the code in the body, so no
//! code here carries an HTTP status.

use crate::rules::*;

const TOO_LARGE: ProviderCode = code_only("InvalidParameterValue.TooLarge");
const MISSING: ProviderCode = code_only("MissingParameter");
const BAD_FAMILY: ProviderCode = code_only("InvalidParameterValue.InvalidImageFamily");

const MODIFY_DOC: &str = "Tencent Cloud CVM API 2017-03-12, ModifyImageAttribute: international API page (updated 2025-11-21) and the Python SDK (tencentcloud-sdk-python-cvm 3.1.178, models.py; its release history)";
const CREATE_DOC: &str = "Tencent Cloud CVM API 2017-03-12, CreateImage: API page, the CLI's API model (TencentCloud/tencentcloud-cli, cvm 2017-03-12 api.json) and the Python SDK (tencentcloud-sdk-python-cvm 3.1.178, models.py)";
const SYNC_DOC: &str = "Tencent Cloud CVM API 2017-03-12, SyncImages: API page, the CLI's API model (TencentCloud/tencentcloud-cli, cvm 2017-03-12 api.json) and the Python SDK (tencentcloud-sdk-python-cvm 3.1.178, models.py)";
const IMPORT_DOC: &str = "Tencent Cloud CVM API 2017-03-12, ImportImage: API page, the CLI's API model (TencentCloud/tencentcloud-cli, cvm 2017-03-12 api.json) and the Python SDK (tencentcloud-sdk-python-cvm 3.1.178, models.py)";
const SHARE_DOC: &str =
    "Tencent Cloud CVM API 2017-03-12, ModifyImageSharePermission: API page (updated 2025-10-30)";

const LENGTH_CODES: FieldCodes = FieldCodes {
    too_short: Some(MISSING),
    too_long: Some(TOO_LARGE),
    malformed: None,
};

const fn cited(document: &'static str, date: &'static str, note: &'static str) -> Source {
    source! {
        document,
        date,
        note,
        published: true,
    }
}

const fn free_text(
    parameter: &'static str,
    min_chars: usize,
    max: usize,
    empty: Empty,
    source: Source,
) -> FieldRule {
    FieldRule {
        parameter,
        min_chars,
        max_chars: Some(max),
        empty,
        allowed: None,
        first: None,
        last: None,
        forbidden_prefixes: &[],
        forbidden_substrings: &[],
        one_of: &[],
        codes: LENGTH_CODES,
        source,
    }
}

const NAME_LATEST_NOTE: &str = "At most 60 characters and unique among the account's images in the region (InvalidImageName.Duplicate); no character set is published. Older docs call the length code InvalidParameter.ValueTooLarge.";
const NAME_STRICT_NOTE: &str = "At most 20 characters: the limit before tencentcloud-sdk-python 3.0.899 (2023-05-25; the Go SDK numbers its releases 1.0.x); the international English page still said 20 in 2024.";
const DESCRIPTION_STRICT_NOTE: &str =
    "At most 60 characters: the limit before tencentcloud-sdk-python 3.0.1103 (2024-03-08).";

/// An ImageName rule: 1 to `max` characters, no published character set.
const fn name(
    max: usize,
    empty: Empty,
    document: &'static str,
    date: &'static str,
    note: &'static str,
) -> FieldRule {
    free_text("ImageName", 1, max, empty, cited(document, date, note))
}

static NAME_MODIFY_LATEST: FieldRule =
    name(60, Empty::Keep, MODIFY_DOC, "2025-11-21", NAME_LATEST_NOTE);
static NAME_MODIFY_STRICT: FieldRule =
    name(20, Empty::Keep, MODIFY_DOC, "2023-05-25", NAME_STRICT_NOTE);
static NAME_CREATE_LATEST: FieldRule = name(
    60,
    Empty::Invalid,
    CREATE_DOC,
    "2025-11-21",
    NAME_LATEST_NOTE,
);
static NAME_CREATE_STRICT: FieldRule = name(
    20,
    Empty::Invalid,
    CREATE_DOC,
    "2023-05-25",
    NAME_STRICT_NOTE,
);
static NAME_SYNC: FieldRule = free_text(
    "ImageName",
    1,
    60,
    Empty::Keep,
    cited(
        SYNC_DOC,
        "undated",
        "Optional; at most 60 characters. Omitted or empty, the copy takes the source image's name. No older limit is documented for this parameter, so strict is the same.",
    ),
);
static NAME_IMPORT_LATEST: FieldRule = name(
    60,
    Empty::Invalid,
    IMPORT_DOC,
    "2025-11-21",
    NAME_LATEST_NOTE,
);
static NAME_IMPORT_STRICT: FieldRule = name(
    20,
    Empty::Invalid,
    IMPORT_DOC,
    "2023-05-25",
    NAME_STRICT_NOTE,
);

const fn description(
    document: &'static str,
    max: usize,
    date: &'static str,
    note: &'static str,
) -> FieldRule {
    free_text(
        "ImageDescription",
        0,
        max,
        Empty::Keep,
        cited(document, date, note),
    )
}

static DESCRIPTION_LATEST: FieldRule =
    description(MODIFY_DOC, 256, "2025-11-21", "At most 256 characters.");
static DESCRIPTION_STRICT: FieldRule =
    description(MODIFY_DOC, 60, "2024-03-08", DESCRIPTION_STRICT_NOTE);
static DESCRIPTION_CREATE_LATEST: FieldRule =
    description(CREATE_DOC, 256, "2025-11-21", "At most 256 characters.");
static DESCRIPTION_CREATE_STRICT: FieldRule =
    description(CREATE_DOC, 60, "2024-03-08", DESCRIPTION_STRICT_NOTE);
static DESCRIPTION_IMPORT_LATEST: FieldRule =
    description(IMPORT_DOC, 256, "2025-11-21", "At most 256 characters.");
static DESCRIPTION_IMPORT_STRICT: FieldRule =
    description(IMPORT_DOC, 60, "2024-03-08", DESCRIPTION_STRICT_NOTE);

const FAMILY_UNPUBLISHED_NOTE: &str = "No format is published in any Tencent text; the API only says a badly formed family fails with InvalidParameterValue.InvalidImageFamily.";
const FAMILY_CHOICE_NOTE: &str = "A library choice of 1-128 characters, starting with a letter, of letters, digits, '-', '_' and '.', which the other clouds' family rules also accept.";

const fn family_latest(document: &'static str) -> FieldRule {
    FieldRule {
        parameter: "ImageFamily",
        min_chars: 0,
        max_chars: None,
        empty: Empty::Keep,
        allowed: None,
        first: None,
        last: None,
        forbidden_prefixes: &[],
        forbidden_substrings: &[],
        one_of: &[],
        codes: FieldCodes {
            too_short: None,
            too_long: None,
            malformed: Some(BAD_FAMILY),
        },
        source: cited(document, "2025-11-21", FAMILY_UNPUBLISHED_NOTE),
    }
}

const FAMILY_CHARS: &CharSet = &CharSet::new(true, true, false, "-_.");
const FAMILY_FIRST: &CharSet = &CharSet::new(true, false, false, "");

const fn family_strict(document: &'static str) -> FieldRule {
    FieldRule {
        parameter: "ImageFamily",
        min_chars: 1,
        max_chars: Some(128),
        empty: Empty::Keep,
        allowed: Some(FAMILY_CHARS),
        first: Some(FAMILY_FIRST),
        last: None,
        forbidden_prefixes: &[],
        forbidden_substrings: &[],
        one_of: &[],
        codes: FieldCodes {
            too_short: Some(BAD_FAMILY),
            too_long: Some(BAD_FAMILY),
            malformed: Some(BAD_FAMILY),
        },
        source: source! {
            document,
            date: "2025-11-21",
            note: FAMILY_CHOICE_NOTE,
            published: false,
        },
    }
}

static FAMILY_MODIFY_LATEST: FieldRule = family_latest(MODIFY_DOC);
static FAMILY_MODIFY_STRICT: FieldRule = family_strict(MODIFY_DOC);
static FAMILY_CREATE_LATEST: FieldRule = family_latest(CREATE_DOC);
static FAMILY_CREATE_STRICT: FieldRule = family_strict(CREATE_DOC);
static FAMILY_IMPORT_LATEST: FieldRule = family_latest(IMPORT_DOC);
static FAMILY_IMPORT_STRICT: FieldRule = family_strict(IMPORT_DOC);

static BOOT_MODE_IMPORT: FieldRule = one_of(
    "BootMode",
    &["Legacy BIOS", "UEFI"],
    Some(code_only("InvalidParameterValue.InvalidBootMode")),
    cited(
        IMPORT_DOC,
        "undated",
        "'Legacy BIOS' (with the space) or 'UEFI', matched exactly.",
    ),
);
static LICENSE_TYPE_IMPORT: FieldRule = one_of(
    "LicenseType",
    &["TencentCloud", "BYOL"],
    Some(code_only("InvalidParameterValue.InvalidLicenseType")),
    cited(
        IMPORT_DOC,
        "undated",
        "'TencentCloud' or 'BYOL' (bring your own licence), matched exactly.",
    ),
);

use crate::image::ImageKind::{Custom, Instance, Marketplace, Public, SharedIn};
static ARCHITECTURE_IMPORT_LATEST: FieldRule = one_of(
    "Architecture",
    &["x86_64", "i386", "arm_64"],
    None,
    cited(
        IMPORT_DOC,
        "undated",
        "x86_64, i386 or arm_64, matched exactly (the SDK's text). No error code is published for another value.",
    ),
);
static ARCHITECTURE_IMPORT_STRICT: FieldRule = one_of(
    "Architecture",
    &["x86_64", "i386"],
    None,
    cited(
        "Tencent Cloud CVM API 2017-03-12, ImportImage: international API page (updated 2024-11-27)",
        "2024-11-27",
        "x86_64 or i386: the international page lists no arm_64.",
    ),
);
static OS_TYPE_IMPORT: FieldRule = any_value(
    "OsType",
    cited(
        IMPORT_DOC,
        "undated",
        "The values are what DescribeImportImageOs returns, not a published list: any value passes.",
    ),
);

use Field::{Architecture, BootMode, Description, Family, LicenseType, Name, OsType};
use Operation::{Copy, Create, Import, Modify};
use Profile::{Latest, Strict};

const FIELDS: &[FieldEntry] = &[
    entry(Modify, Name, Latest, &NAME_MODIFY_LATEST),
    entry(Modify, Name, Strict, &NAME_MODIFY_STRICT),
    entry(Modify, Description, Latest, &DESCRIPTION_LATEST),
    entry(Modify, Description, Strict, &DESCRIPTION_STRICT),
    entry(Modify, Family, Latest, &FAMILY_MODIFY_LATEST),
    entry(Modify, Family, Strict, &FAMILY_MODIFY_STRICT),
    entry(Create, Name, Latest, &NAME_CREATE_LATEST),
    entry(Create, Name, Strict, &NAME_CREATE_STRICT),
    entry(Create, Description, Latest, &DESCRIPTION_CREATE_LATEST),
    entry(Create, Description, Strict, &DESCRIPTION_CREATE_STRICT),
    entry(Create, Family, Latest, &FAMILY_CREATE_LATEST),
    entry(Create, Family, Strict, &FAMILY_CREATE_STRICT),
    entry(Copy, Name, Latest, &NAME_SYNC),
    entry(Copy, Name, Strict, &NAME_SYNC),
    entry(Import, Name, Latest, &NAME_IMPORT_LATEST),
    entry(Import, Name, Strict, &NAME_IMPORT_STRICT),
    entry(Import, Description, Latest, &DESCRIPTION_IMPORT_LATEST),
    entry(Import, Description, Strict, &DESCRIPTION_IMPORT_STRICT),
    entry(Import, Family, Latest, &FAMILY_IMPORT_LATEST),
    entry(Import, Family, Strict, &FAMILY_IMPORT_STRICT),
    entry(Import, BootMode, Latest, &BOOT_MODE_IMPORT),
    entry(Import, BootMode, Strict, &BOOT_MODE_IMPORT),
    entry(Import, LicenseType, Latest, &LICENSE_TYPE_IMPORT),
    entry(Import, LicenseType, Strict, &LICENSE_TYPE_IMPORT),
    entry(Import, Architecture, Latest, &ARCHITECTURE_IMPORT_LATEST),
    entry(Import, Architecture, Strict, &ARCHITECTURE_IMPORT_STRICT),
    entry(Import, OsType, Latest, &OS_TYPE_IMPORT),
    entry(Import, OsType, Strict, &OS_TYPE_IMPORT),
];

/// Where Tencent's official texts disagree: the older limits, kept by `strict`.
const CONFLICTS: &[Conflict] = &[
    Conflict {
        operations: &[Modify, Create, Import],
        field: Name,
        topic: "the longest ImageName",
        readings: &[
            Reading {
                document: MODIFY_DOC,
                says: "at most 60 characters (tencentcloud-sdk-python 3.0.899, 2023-05-25, and later)",
            },
            Reading {
                document: "Tencent Cloud CVM API 2017-03-12, ModifyImageAttribute: international English page (as of 2024) and tencentcloud-sdk-python before 3.0.899",
                says: "at most 20 characters",
            },
        ],
        resolution: "latest: 60; strict: 20",
    },
    Conflict {
        operations: &[Modify, Create, Import],
        field: Description,
        topic: "the longest ImageDescription",
        readings: &[
            Reading {
                document: MODIFY_DOC,
                says: "at most 256 characters (tencentcloud-sdk-python 3.0.1103, 2024-03-08, and later)",
            },
            Reading {
                document: "Tencent Cloud CVM API 2017-03-12: tencentcloud-sdk-python before 3.0.1103",
                says: "at most 60 characters",
            },
        ],
        resolution: "latest: 256; strict: 60",
    },
    Conflict {
        operations: &[Import],
        field: Architecture,
        topic: "the architectures ImportImage takes",
        readings: &[
            Reading {
                document: IMPORT_DOC,
                says: "x86_64, i386 or arm_64 (the SDK's text)",
            },
            Reading {
                document: "Tencent Cloud CVM API 2017-03-12, ImportImage: international API page (updated 2024-11-27)",
                says: "x86_64 or i386",
            },
        ],
        resolution: "latest: x86_64, i386, arm_64; strict: x86_64, i386",
    },
];

pub(super) static RULES: ProviderRules = ProviderRules {
    provider: Provider::Tencent,
    display_name: "Tencent Cloud CVM",
    actions: [
        "ModifyImageAttribute",
        "CreateImage",
        "SyncImages",
        "ImportImage",
    ],
    same_as: &[],
    kinds: &[Custom, SharedIn, Public, Marketplace, Instance],
    fields: FIELDS,
    index: FieldIndex::of(FIELDS),
    share: Sharing::Call(ShareRules {
        action: "ModifyImageSharePermission",
        principals: DIGITS_ACCOUNT,
        shape: ShareShape::Permission {
            accounts: "AccountIds",
            permission: "Permission",
            share: "SHARE",
            cancel: "CANCEL",
        },
        per_image: Limit {
            latest: 500,
            strict: 50,
        },
        per_image_code: Some(code_only("OverQuota")),
        // "InvalidParameterValue.LimitExceeded" exists, but no number is published.
        per_request: None,
        per_request_code: Some(code_only("InvalidParameterValue.LimitExceeded")),
        empty_request: refuse(MISSING),
        states: &[
            ImageState {
                name: "CREATING",
                shareable: false,
                deprecated: false,
            },
            ImageState {
                name: "NORMAL",
                shareable: true,
                deprecated: false,
            },
            ImageState {
                name: "CREATEFAILED",
                shareable: false,
                deprecated: false,
            },
            ImageState {
                name: "SYNCING",
                shareable: false,
                deprecated: false,
            },
            ImageState {
                name: "IMPORTING",
                shareable: false,
                deprecated: false,
            },
            ImageState {
                name: "IMPORTFAILED",
                shareable: false,
                deprecated: false,
            },
        ],
        bad_state: refuse(code_only("InvalidParameterValue.InvalidImageState")),
        shared_in: refuse(code_only("UnauthorizedOperation.ImageNotBelongToAccount")),
        not_custom: refuse(code_only("InvalidParameterValue.InvalidImageId")),
        instance_image: Some(refuse(code_only(
            "InvalidParameter.InstanceImageNotSupport",
        ))),
        encrypted: Some(refuse(code_only(
            "UnsupportedOperation.EncryptedImagesNotSupported",
        ))),
        encrypted_public: None,
        // Tencent shares no encrypted image, whatever the key.
        encrypted_customer_key: Some(refuse(code_only(
            "UnsupportedOperation.EncryptedImagesNotSupported",
        ))),
        byol: Some(refuse(code_only("FailedOperation.BYOLImageShareFailed"))),
        deprecated: None,
        // Also listed as InvalidAccountIs.YourSelf.
        self_share: refuse(code_only("FailedOperation.AccountIsYourSelf")),
        already_shared: refuse(code_only("FailedOperation.AccountAlreadyExists")),
        bad_account: refuse(code_only("InvalidAccountId.NotFound")),
        source: source! {
            document: SHARE_DOC,
            date: "2025-10-30",
            note: "At most 500 accounts per image (50 before SDK 3.0.1090, 2024-02-05: the strict value). Root account ids only (FailedOperation.NotMasterAccount). Same region only.",
            published: true,
        },
    }),
    attributes: AttributeRules {
        modify_shared_in: Some(refuse(code_only(
            "UnsupportedOperation.SharedImageModifyUnsupported",
        ))),
        deprecate_shared: None,
        deprecate_bad_state: None,
        undeprecate_not_deprecated: None,
        // DeleteImages: "InvalidImageId.InShared", an image shared with others.
        delete_shared: Some(refuse(code_only("InvalidImageId.InShared"))),
        has_deprecation: true,
        deprecating_status: None,
    },
    cross: &[],
    conflicts: with_texts(CONFLICTS),
};
