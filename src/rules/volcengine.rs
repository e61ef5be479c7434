//! Volcengine ECS, API 2020-04-01.
//!
//! One official text per rule, so both profiles are the same. Volcengine has no image family.

use super::*;

const NAME_MALFORMED: ProviderCode = code("InvalidImageName.Malformed", 400);
const DESCRIPTION_MALFORMED: ProviderCode = code("InvalidDescription.Malformed", 400);
const DOCS: &str = "Volcengine ECS API 2020-04-01 ModifyImageAttribute and CreateImage (official docs, not a seed)";

const fn malformed(c: ProviderCode) -> FieldCodes {
    FieldCodes {
        too_short: Some(c),
        too_long: Some(c),
        malformed: Some(c),
    }
}

const LETTER_OR_HAN: CharSet = CharSet::new(true, false, true, "");

const fn name(empty: Empty, note: &'static str) -> FieldRule {
    FieldRule {
        parameter: "ImageName",
        min_chars: 1,
        max_chars: Some(128),
        empty,
        allowed: Some(CharSet::new(true, true, true, "_-.")),
        first: Some(LETTER_OR_HAN),
        forbidden_prefixes: &[],
        forbidden_substrings: &[],
        codes: malformed(NAME_MALFORMED),
        source: Source {
            document: DOCS,
            date: "undated",
            note,
            published: true,
        },
    }
}

static NAME_MODIFY: FieldRule = name(
    Empty::Keep,
    "1-128 characters; starts with a letter or a Chinese character; Chinese characters, letters, digits, '_', '-', '.'. An empty value keeps the old name.",
);
static NAME_CREATE: FieldRule = name(
    Empty::Invalid,
    "1-128 characters; starts with a letter or a Chinese character; Chinese characters, letters, digits, '_', '-', '.'. CreateImage needs a name.",
);

static DESCRIPTION: FieldRule = FieldRule {
    parameter: "Description",
    min_chars: 0,
    max_chars: Some(255),
    empty: Empty::Clear,
    allowed: Some(CharSet::new(true, true, true, "_-=,. ，。")),
    first: Some(LETTER_OR_HAN),
    forbidden_prefixes: &[],
    forbidden_substrings: &[],
    codes: malformed(DESCRIPTION_MALFORMED),
    source: Source {
        document: DOCS,
        date: "undated",
        note: "0-255 characters; starts with a letter or a Chinese character; Chinese characters, letters, digits, '_ - = , .', full-width '，' and '。', and space. Omitted keeps the old value; empty clears it.",
        published: true,
    },
};

use Field::{Description, Name};
use Operation::{Create, Modify};
use Profile::{Latest, Strict};

const INVALID_STATUS: Refusal = refuse(code("InvalidImageStatus", 400));

const FIELDS: &[FieldEntry] = &[
    entry(Modify, Name, Latest, &NAME_MODIFY),
    entry(Modify, Name, Strict, &NAME_MODIFY),
    entry(Create, Name, Latest, &NAME_CREATE),
    entry(Create, Name, Strict, &NAME_CREATE),
    entry(Modify, Description, Latest, &DESCRIPTION),
    entry(Modify, Description, Strict, &DESCRIPTION),
    entry(Create, Description, Latest, &DESCRIPTION),
    entry(Create, Description, Strict, &DESCRIPTION),
];

pub(super) static RULES: ProviderRules = ProviderRules {
    provider: Provider::Volcengine,
    display_name: "Volcengine ECS",
    fields: FIELDS,
    index: FieldIndex::of(FIELDS),
    share: ShareRules {
        shape: ShareShape::Lists {
            add: "AddAccounts",
            remove: "RemoveAccounts",
        },
        per_image: Limit::same(50),
        per_image_code: code("LimitExceeded.MaximumShareImageAccount", 400),
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
            // Not in the seed: the other states DescribeImages reports.
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
        byol: None,
        deprecated: None,
        self_share: UNDOCUMENTED,
        already_shared: UNDOCUMENTED,
        bad_account: refuse(code("InvalidAccount.Malformed", 400)),
        source: Source {
            document: "Volcengine ECS API 2020-04-01 ModifyImageSharePermission (seed 004)",
            date: "2024-05-21",
            note: "At least one of AddAccounts and RemoveAccounts; at most 50 accounts per image; only custom images in state available; no cross-region sharing; images shared to you cannot be shared on.",
            published: true,
        },
    },
    attributes: AttributeRules {
        modify_shared_in: None,
        deprecate_shared: None,
        deprecate_bad_state: None,
        undeprecate_not_deprecated: None,
        // "An image shared with others cannot be deleted until every share is cancelled":
        // no code of its own is documented.
        delete_shared: Some(UNDOCUMENTED),
        has_deprecation: false,
    },
};
