//! Tencent Cloud CVM, API 2017-03-12.
//!
//! Tencent API 3.0 answers every business error with HTTP 200 and the code in the body, so no
//! code here carries an HTTP status.

use super::*;

const TOO_LARGE: ProviderCode = code_only("InvalidParameterValue.TooLarge");
const MISSING: ProviderCode = code_only("MissingParameter");
const BAD_FAMILY: ProviderCode = code_only("InvalidParameterValue.InvalidImageFamily");

const SEED_MODIFY: &str = "Tencent Cloud CVM API 2017-03-12 ModifyImageAttribute (seed 000)";

const LENGTH_CODES: FieldCodes = FieldCodes {
    too_short: Some(MISSING),
    too_long: Some(TOO_LARGE),
    malformed: None,
};

const fn name(max: usize, empty: Empty, date: &'static str, note: &'static str) -> FieldRule {
    FieldRule {
        parameter: "ImageName",
        min_chars: 1,
        max_chars: Some(max),
        empty,
        allowed: None,
        first: None,
        forbidden_prefixes: &[],
        forbidden_substrings: &[],
        codes: LENGTH_CODES,
        source: Source {
            document: SEED_MODIFY,
            date,
            note,
            published: true,
        },
    }
}

const fn description(max: usize, date: &'static str, note: &'static str) -> FieldRule {
    FieldRule {
        parameter: "ImageDescription",
        min_chars: 0,
        max_chars: Some(max),
        empty: Empty::Keep,
        allowed: None,
        first: None,
        forbidden_prefixes: &[],
        forbidden_substrings: &[],
        codes: LENGTH_CODES,
        source: Source {
            document: SEED_MODIFY,
            date,
            note,
            published: true,
        },
    }
}

const NAME_LATEST_NOTE: &str = "At most 60 characters and unique among the account's images in the region (InvalidImageName.Duplicate); no character set is published. Older docs call the length code InvalidParameter.ValueTooLarge.";
const NAME_STRICT_NOTE: &str = "At most 20 characters: the limit before SDK 3.0.899 (2023-05-25); the international English page still said 20 in 2024.";

static NAME_MODIFY_LATEST: FieldRule = name(60, Empty::Keep, "2025-11-21", NAME_LATEST_NOTE);
static NAME_MODIFY_STRICT: FieldRule = name(20, Empty::Keep, "2023-05-25", NAME_STRICT_NOTE);
static NAME_CREATE_LATEST: FieldRule = name(60, Empty::Invalid, "2025-11-21", NAME_LATEST_NOTE);
static NAME_CREATE_STRICT: FieldRule = name(20, Empty::Invalid, "2023-05-25", NAME_STRICT_NOTE);

static DESCRIPTION_LATEST: FieldRule = description(256, "2025-11-21", "At most 256 characters.");
static DESCRIPTION_STRICT: FieldRule = description(
    60,
    "2024-03-08",
    "At most 60 characters: the limit before SDK 3.0.1103 (2024-03-08).",
);

static FAMILY_LATEST: FieldRule = FieldRule {
    parameter: "ImageFamily",
    min_chars: 0,
    max_chars: None,
    empty: Empty::Keep,
    allowed: None,
    first: None,
    forbidden_prefixes: &[],
    forbidden_substrings: &[],
    codes: FieldCodes {
        too_short: None,
        too_long: None,
        malformed: Some(BAD_FAMILY),
    },
    source: Source {
        document: SEED_MODIFY,
        date: "2025-11-21",
        note: "No format is published; the API only says a badly formed family fails with InvalidParameterValue.InvalidImageFamily.",
        published: true,
    },
};

static FAMILY_STRICT: FieldRule = FieldRule {
    parameter: "ImageFamily",
    min_chars: 1,
    max_chars: Some(128),
    empty: Empty::Keep,
    allowed: Some(CharSet::new(true, true, false, "-_.")),
    first: Some(CharSet::new(true, false, false, "")),
    forbidden_prefixes: &[],
    forbidden_substrings: &[],
    codes: FieldCodes {
        too_short: Some(BAD_FAMILY),
        too_long: Some(BAD_FAMILY),
        malformed: Some(BAD_FAMILY),
    },
    source: Source {
        document: SEED_MODIFY,
        date: "2025-11-21",
        note: "Unpublished: a library choice of 1-128 characters, starting with a letter, of letters, digits, '-', '_' and '.', which the other clouds' family rules also accept.",
        published: false,
    },
};

use Field::{Description, Family, Name};
use Operation::{Create, Modify};
use Profile::{Latest, Strict};

const FIELDS: &[FieldEntry] = &[
    entry(Modify, Name, Latest, &NAME_MODIFY_LATEST),
    entry(Modify, Name, Strict, &NAME_MODIFY_STRICT),
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
    provider: Provider::Tencent,
    display_name: "Tencent Cloud CVM",
    fields: FIELDS,
    index: FieldIndex::of(FIELDS),
    share: ShareRules {
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
        per_image_code: code_only("OverQuota"),
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
        byol: Some(refuse(code_only("FailedOperation.BYOLImageShareFailed"))),
        deprecated: None,
        // Also listed as InvalidAccountIs.YourSelf.
        self_share: refuse(code_only("FailedOperation.AccountIsYourSelf")),
        already_shared: refuse(code_only("FailedOperation.AccountAlreadyExists")),
        bad_account: refuse(code_only("InvalidAccountId.NotFound")),
        source: Source {
            document: "Tencent Cloud CVM API 2017-03-12 ModifyImageSharePermission (seed 002)",
            date: "2025-10-30",
            note: "At most 500 accounts per image (50 before SDK 3.0.1090, 2024-02-05: the strict value). Root account ids only (FailedOperation.NotMasterAccount). Same region only.",
            published: true,
        },
    },
    attributes: AttributeRules {
        modify_shared_in: Some(refuse(code_only(
            "UnsupportedOperation.SharedImageModifyUnsupported",
        ))),
        deprecate_shared: None,
        deprecate_bad_state: None,
        undeprecate_not_deprecated: None,
        delete_shared: None,
        has_deprecation: true,
    },
};
