//! Amazon EC2, API 2016-11-15.
//!
//! registry: Aws = 3, "aws"
//!
//! The API model (boto/botocore `botocore/data/ec2/2016-11-15/service-2.json`, which the SDKs
//! and the API Reference are generated from) is the newest text; the error-code page and the
//! User Guide's console procedure are narrower (see [`CONFLICTS`]). AWS has no image family,
//! and an AMI cannot be renamed: ModifyImageAttribute and ImportImage have no name.

use crate::rules::*;

const MALFORMED: ProviderCode = code("InvalidAMIName.Malformed", 400);

const MODEL: &str = "Amazon EC2 API 2016-11-15: the API model, boto/botocore botocore/data/ec2/2016-11-15/service-2.json (develop at 0e6e240, 2026-08-07)";
const CREATE_DOC: &str = "Amazon EC2 API 2016-11-15, CreateImage and RegisterImage: the API model (boto/botocore botocore/data/ec2/2016-11-15/service-2.json, shapes ImageNameRequest and ImageDescriptionRequest, commit 8228777 of 2026-05-13 and later)";
const COPY_DOC: &str = "Amazon EC2 API 2016-11-15, CopyImage: the API model (boto/botocore botocore/data/ec2/2016-11-15/service-2.json, shapes ImageNameRequest and ImageDescriptionRequest, commit 8228777 of 2026-05-13 and later)";
const IMPORT_DOC: &str = "Amazon EC2 API 2016-11-15, ImportImage: the API model (boto/botocore botocore/data/ec2/2016-11-15/service-2.json at 0e6e240, ImportImageRequest)";
const MODIFY_DOC: &str = "Amazon EC2 API 2016-11-15, ModifyImageAttribute: the API model (boto/botocore botocore/data/ec2/2016-11-15/service-2.json at 0e6e240, ModifyImageAttributeRequest)";
const ERRORS_DOC: &str = "Error codes for the Amazon EC2 API, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html (InvalidAMIName.Malformed)";
const CONSOLE_DOC: &str = "Amazon EC2 User Guide, Create an Amazon EBS-backed AMI: awsdocs/amazon-ec2-user-guide doc_source/creating-an-ami-ebs.md (commit 1f5b43c of 2022-12-05 to e3707c4 of 2023-06-15)";
const SHARE_DOC: &str = "Amazon EC2 API 2016-11-15, ModifyImageAttribute (LaunchPermission, PermissionGroup, ImageState): the API model, boto/botocore botocore/data/ec2/2016-11-15/service-2.json; AWS Organizations API model botocore/data/organizations/2016-11-28/service-2.json (OrganizationArn, OrganizationalUnitArn), both at 0e6e240; Amazon EC2 User Guide: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/sharingamis-explicit.html, https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ami-quotas.html, https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/disable-an-ami.html";

/// Letters, digits, `( ) [ ] space . / - ' @ _`: the API model's text.
const NAME_CHARS: &CharSet = &CharSet::new(true, true, false, "()[] ./-'@_");
/// Letters, digits, `( ) . - / _`: the error-code page and the service's own message.
const NAME_CHARS_STRICT: &CharSet = &CharSet::new(true, true, false, "()./-_");

const fn cited(document: &'static str, date: &'static str, note: &'static str) -> Source {
    source! {
        document,
        date,
        note,
        published: true,
    }
}

/// An AMI `Name`: required, 3 to `max` characters of `allowed`; every fault is
/// `InvalidAMIName.Malformed`.
const fn name(max: usize, allowed: &'static CharSet, source: Source) -> FieldRule {
    FieldRule {
        parameter: "Name",
        min_chars: 3,
        max_chars: Some(max),
        empty: Empty::Invalid,
        allowed: Some(allowed),
        first: None,
        last: None,
        forbidden_prefixes: &[],
        forbidden_substrings: &[],
        one_of: &[],
        codes: FieldCodes {
            too_short: Some(MALFORMED),
            too_long: Some(MALFORMED),
            malformed: Some(MALFORMED),
        },
        source,
    }
}

const NAME_NOTE: &str = "Required; 3-128 alphanumeric characters, parentheses, square brackets, spaces, periods, slashes, dashes, single quotes, at-signs or underscores (CreateImageRequest.Name, the same text since API 2014-09-01; shape ImageNameRequest min 3, max 128 since 2026-05-13). ASCII only: the model says 'alphanumeric', and its ImageCriterion.ImageNames text spells the letters out as A-Z, a-z. Unique among the account's AMIs in the Region (InvalidAMIName.Duplicate), which cannot be checked offline.";
const NAME_STRICT_NOTE: &str = "What every text accepts: letters, digits, '(' ')' '.' '-' '/' '_' (the error-code page for InvalidAMIName.Malformed and the message the service returned in 2015-2018), at most 127 characters (the User Guide's console procedure, 2022-12 to 2023-06).";

static NAME_CREATE: FieldRule = name(128, NAME_CHARS, cited(CREATE_DOC, "2026-05-13", NAME_NOTE));
static NAME_CREATE_STRICT: FieldRule = name(
    127,
    NAME_CHARS_STRICT,
    cited(ERRORS_DOC, "undated", NAME_STRICT_NOTE),
);
static NAME_COPY: FieldRule = name(
    128,
    NAME_CHARS,
    cited(
        COPY_DOC,
        "2026-05-13",
        "Required; the same shape as CreateImage's Name (ImageNameRequest, 3-128). Before 2026-05 the model gave CopyImage's Name no constraint text; the service applies CreateImage's rule.",
    ),
);

/// A free-text `Description` of at most `max` characters (`None`: no limit published); no
/// error code is documented for it.
const fn description(max: Option<usize>, source: Source) -> FieldRule {
    FieldRule {
        parameter: "Description",
        min_chars: 0,
        max_chars: max,
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
            malformed: None,
        },
        source,
    }
}

/// ASCII: letters, digits, space, every printable mark, TAB and LF. What `strict` lets an AMI
/// description hold: EC2 has refused an em dash in one (see `ASCII_NOTE`), and no text says
/// which characters it takes. No CR: a set that names characters leaves CR to free text (the
/// fast path counts CRLF as one character only there), and strict may be the narrower.
const DESCRIPTION_ASCII: &CharSet =
    &CharSet::new(true, true, false, " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\t\n");

/// `description` with [`DESCRIPTION_ASCII`] as its characters.
const fn description_ascii(max: Option<usize>, source: Source) -> FieldRule {
    FieldRule {
        allowed: Some(DESCRIPTION_ASCII),
        ..description(max, source)
    }
}

const DESCRIPTION_NOTE: &str = "0-255 characters (shape ImageDescriptionRequest since 2026-05-13; 'Up to 255 characters' in the API Reference of API 2013-02-01). No character set and no error code are published; two public reports (2026) say an em dash (U+2014) was refused, which no AWS text states: strict keeps to ASCII.";
const ASCII_DOC: &str = "wendylabsinc/WendyOS-Builder#56 (2026-04-29) and metadist/synaplan#1546 (2026-08-21): Packer amazon builds whose AMI description held an em dash";
const ASCII_NOTE: &str = "Observed, not documented: EC2 refused an AMI description holding an em dash (U+2014) at the ModifyImageAttribute call that sets it (WendyOS-Builder#56: 'AWS ModifyImageAttribute rejects non-ASCII in the Description parameter'); both builds fixed it by keeping the description ASCII. No error code is published. strict keeps descriptions to printable ASCII, TAB and LF, with the same lengths; latest takes any character, as every AWS text does.";

static DESCRIPTION_CREATE: FieldRule =
    description(Some(255), cited(CREATE_DOC, "2026-05-13", DESCRIPTION_NOTE));
static DESCRIPTION_STRICT: FieldRule = description_ascii(
    Some(255),
    source! {
        document: ASCII_DOC,
        date: "2026-08-21",
        note: ASCII_NOTE,
        published: false,
    },
);
static DESCRIPTION_COPY: FieldRule =
    description(Some(255), cited(COPY_DOC, "2026-05-13", DESCRIPTION_NOTE));
static DESCRIPTION_MODIFY: FieldRule = description(
    None,
    cited(
        MODIFY_DOC,
        "2026-08-07",
        "An AttributeValue with no length in any model revision.",
    ),
);
static DESCRIPTION_MODIFY_STRICT: FieldRule = description_ascii(
    Some(255),
    source! {
        document: MODIFY_DOC,
        date: "2026-08-07",
        note: "The library's inference: ModifyImageAttribute sets the same AMI description that CreateImage, CopyImage and RegisterImage limit to 255 characters. ASCII only, as observed: EC2 refused an em dash here (wendylabsinc/WendyOS-Builder#56, metadist/synaplan#1546).",
        published: false,
    },
);
static DESCRIPTION_IMPORT: FieldRule = description(
    None,
    cited(
        IMPORT_DOC,
        "2026-08-07",
        "'A description string for the import image task': a plain String, no limit published.",
    ),
);

/// ImportImage's list parameters take any value: AWS states their values in prose only
/// (Architecture "i386 | x86_64", Platform "Windows | Linux", LicenseType AWS or BYOL, and
/// BootMode's enum whose uefi-preferred the text says import refuses), with no word on case or
/// on newer values (arm64); refusing them as NOT_SUPPORTED would be false, since the call has
/// them. `rules-audit/decisions.json` keeps what the model states.
const IMPORT_LIST_NOTE: &str = "A parameter of ImportImageRequest whose values the model states in prose only: any value passes.";

static ARCHITECTURE_IMPORT: FieldRule = any_value(
    "Architecture",
    cited(IMPORT_DOC, "2026-08-07", IMPORT_LIST_NOTE),
);
static PLATFORM_IMPORT: FieldRule = any_value(
    "Platform",
    cited(IMPORT_DOC, "2026-08-07", IMPORT_LIST_NOTE),
);
static LICENSE_TYPE_IMPORT: FieldRule = any_value(
    "LicenseType",
    cited(IMPORT_DOC, "2026-08-07", IMPORT_LIST_NOTE),
);
static BOOT_MODE_IMPORT: FieldRule = any_value(
    "BootMode",
    cited(IMPORT_DOC, "2026-08-07", IMPORT_LIST_NOTE),
);

use crate::image::ImageKind::{Custom, Marketplace, Public, SharedIn};
use Field::{Architecture, BootMode, Description, LicenseType, Name, Platform};
use Operation::{Copy, Create, Import, Modify};
use Profile::{Latest, Strict};

const FIELDS: &[FieldEntry] = &[
    entry(Modify, Description, Latest, &DESCRIPTION_MODIFY),
    entry(Modify, Description, Strict, &DESCRIPTION_MODIFY_STRICT),
    entry(Create, Name, Latest, &NAME_CREATE),
    entry(Create, Name, Strict, &NAME_CREATE_STRICT),
    entry(Create, Description, Latest, &DESCRIPTION_CREATE),
    entry(Create, Description, Strict, &DESCRIPTION_STRICT),
    entry(Copy, Name, Latest, &NAME_COPY),
    entry(Copy, Name, Strict, &NAME_CREATE_STRICT),
    entry(Copy, Description, Latest, &DESCRIPTION_COPY),
    entry(Copy, Description, Strict, &DESCRIPTION_STRICT),
    entry(Import, Description, Latest, &DESCRIPTION_IMPORT),
    entry(Import, Description, Strict, &DESCRIPTION_IMPORT),
    entry(Import, BootMode, Latest, &BOOT_MODE_IMPORT),
    entry(Import, BootMode, Strict, &BOOT_MODE_IMPORT),
    entry(Import, LicenseType, Latest, &LICENSE_TYPE_IMPORT),
    entry(Import, LicenseType, Strict, &LICENSE_TYPE_IMPORT),
    entry(Import, Architecture, Latest, &ARCHITECTURE_IMPORT),
    entry(Import, Architecture, Strict, &ARCHITECTURE_IMPORT),
    entry(Import, Platform, Latest, &PLATFORM_IMPORT),
    entry(Import, Platform, Strict, &PLATFORM_IMPORT),
];

const CONFLICTS: &[Conflict] = &[
    Conflict {
        operations: &[Create, Copy],
        field: Name,
        topic: "which characters an AMI name may hold",
        readings: &[
            Reading {
                document: MODEL,
                says: "letters, digits, ( ) [ ] space . / - ' @ _ (CreateImageRequest.Name, unchanged from API 2014-09-01 to the 2026-08 model; the newest text)",
            },
            Reading {
                document: ERRORS_DOC,
                says: "letters, digits, - _ . / ( ) (also the service's own message, quoted in hashicorp/packer#2774, 2015-09-24)",
            },
            Reading {
                document: "Amazon EC2 API Reference, API version 2013-02-01, CreateImage",
                says: "letters, digits, ( ) , / - _ (no period, space or brackets; the comma is refused by the service: hashicorp/packer#2774)",
            },
        ],
        resolution: "latest: the API model's set; strict: the error page's set, which the model's contains. The 2013 text is superseded (its comma is refused, and it lacks the '.' both newer texts allow).",
    },
    Conflict {
        operations: &[Create, Copy],
        field: Name,
        topic: "the longest AMI name",
        readings: &[
            Reading {
                document: MODEL,
                says: "3-128 characters (shape ImageNameRequest, 2026-05-13)",
            },
            Reading {
                document: CONSOLE_DOC,
                says: "'up to 127 characters' (the console procedure)",
            },
        ],
        resolution: "latest: 128; strict: 127",
    },
    Conflict {
        operations: &[Modify],
        field: Description,
        topic: "the longest description set by ModifyImageAttribute",
        readings: &[
            Reading {
                document: MODIFY_DOC,
                says: "Description is an AttributeValue with no length",
            },
            Reading {
                document: CREATE_DOC,
                says: "the AMI description is 0-255 characters when it is set at creation",
            },
        ],
        resolution: "latest: no limit; strict: 255",
    },
    Conflict {
        operations: &[Create, Copy, Modify],
        field: Description,
        topic: "which characters an AMI description may hold",
        readings: &[
            Reading {
                document: MODEL,
                says: "a String of 0-255 characters (ImageDescriptionRequest; ModifyImageAttribute's AttributeValue): no character set",
            },
            Reading {
                document: "wendylabsinc/WendyOS-Builder#56 (2026-04-29)",
                says: "'AWS ModifyImageAttribute rejects non-ASCII in the Description parameter': an em dash (U+2014) failed the build at its last call",
            },
            Reading {
                document: "metadist/synaplan#1546 (2026-08-21)",
                says: "an AMI description with an em dash, which EC2 rejects, failed the build at its last API call",
            },
        ],
        resolution: "latest: any character, as every AWS text (none sets a character set); strict: printable ASCII, TAB and LF only, as observed twice; no code is documented, so the refusal carries none",
    },
];

/// `[0-9]`, `[a-z0-9]`: the classes of the Organizations ARN patterns.
const DIGITS: &CharSet = &CharSet::new(false, true, false, "");
const LOWER_ALNUM: &CharSet = &CharSet::lower_case(true, "");
const ORG_PREFIX: Piece = Piece::Text("arn:aws:organizations::");
const ACCOUNT_12: Piece = Piece::Run {
    set: DIGITS,
    min: 12,
    max: 12,
};

const PRINCIPALS: &[Principal] = &[
    Principal {
        kind: "account",
        parameter: "UserId",
        form: &[ACCOUNT_12],
        en: "an AWS account id of exactly 12 digits, without hyphens",
        zh: "12 位数字的 AWS 账号 ID（不含连字符）",
        counted: true,
        public: false,
    },
    Principal {
        kind: "group",
        parameter: "Group",
        form: &[Piece::Text("all")],
        en: "the group all (public)",
        zh: "公开组 all",
        counted: false,
        public: true,
    },
    Principal {
        kind: "organization",
        parameter: "OrganizationArn",
        form: &[
            ORG_PREFIX,
            ACCOUNT_12,
            Piece::Text(":organization/o-"),
            Piece::Run {
                set: LOWER_ALNUM,
                min: 10,
                max: 32,
            },
        ],
        en: "an organization ARN, arn:aws:organizations::<12 digits>:organization/o-<10-32 of a-z 0-9>",
        zh: "组织 ARN：arn:aws:organizations::<12 位数字>:organization/o-<10-32 个 a-z 0-9>",
        counted: true,
        public: false,
    },
    Principal {
        kind: "organizational-unit",
        parameter: "OrganizationalUnitArn",
        form: &[
            ORG_PREFIX,
            ACCOUNT_12,
            Piece::Text(":ou/o-"),
            Piece::Run {
                set: LOWER_ALNUM,
                min: 10,
                max: 32,
            },
            Piece::Text("/ou-"),
            Piece::Run {
                set: LOWER_ALNUM,
                min: 4,
                max: 32,
            },
            Piece::Text("-"),
            Piece::Run {
                set: LOWER_ALNUM,
                min: 8,
                max: 32,
            },
        ],
        en: "an OU ARN, arn:aws:organizations::<12 digits>:ou/o-<10-32 of a-z 0-9>/ou-<4-32>-<8-32 of a-z 0-9>",
        zh: "组织单元 ARN：arn:aws:organizations::<12 位数字>:ou/o-<10-32 个 a-z 0-9>/ou-<4-32 个>-<8-32 个 a-z 0-9>",
        counted: true,
        public: false,
    },
];

const fn state(name: &'static str, shareable: bool) -> ImageState {
    ImageState {
        name,
        shareable,
        deprecated: false,
    }
}

pub(super) static RULES: ProviderRules = ProviderRules {
    provider: Provider::Aws,
    display_name: "Amazon EC2",
    actions: [
        "ModifyImageAttribute",
        "CreateImage",
        "CopyImage",
        "ImportImage",
    ],
    // RegisterImageRequest's Name and Description have CreateImageRequest's shapes
    // (ImageNameRequest, ImageDescriptionRequest) in the API model.
    same_as: &[("RegisterImage", Create)],
    fields: FIELDS,
    index: FieldIndex::of(FIELDS),
    kinds: &[Custom, SharedIn, Public, Marketplace],
    share: Sharing::Call(ShareRules {
        action: "ModifyImageAttribute",
        principals: PRINCIPALS,
        shape: ShareShape::Items {
            container: "LaunchPermission",
            add: "Add",
            remove: "Remove",
        },
        // "AMI sharing": 1,000 entities per AMI per Region, a default (adjustable) quota; an
        // organization or OU counts once, whatever it holds. No code is documented.
        per_image: Limit::same(1000),
        per_image_code: None,
        // LaunchPermission.UserId: "Up to 10 000 account IDs can be specified in a single
        // request".
        per_request: Some(10_000),
        per_request_code: None,
        // Observed: "MissingParameter: The request must contain the parameter
        // LaunchPermission", status 400 (hashicorp/packer#2305, 2015-06-24).
        empty_request: refuse(code("MissingParameter", 400)),
        states: &[
            state("available", true),
            state("pending", false),
            state("invalid", false),
            state("deregistered", false),
            state("transient", false),
            state("failed", false),
            state("error", false),
            // "A disabled AMI can't be shared"; disabling removes every launch permission.
            state("disabled", false),
        ],
        bad_state: refuse(code_only("InvalidAMIID.Unavailable")),
        // "Recipients can't delete, share, or modify it": no code is documented.
        shared_in: UNDOCUMENTED,
        not_custom: UNDOCUMENTED,
        instance_image: None,
        // "You can't share AMIs that are backed by snapshots that are encrypted with the
        // default AWS managed key"; one encrypted with a customer managed KMS key may be
        // shared with accounts, organizations and OUs. None that is encrypted may be made
        // public. No code is documented for either.
        encrypted: Some(UNDOCUMENTED),
        encrypted_customer_key: None,
        encrypted_public: Some(UNDOCUMENTED),
        byol: None,
        deprecated: None,
        self_share: UNDOCUMENTED,
        already_shared: UNDOCUMENTED,
        // "If you are specifying a userId, check that it is in the form of an AWS account ID,
        // without hyphens"; status 400 as observed (hashicorp/packer#1068).
        bad_account: refuse(code("InvalidAMIAttributeItemValue", 400)),
        source: source! {
            document: SHARE_DOC,
            date: "2026-08-07",
            note: "LaunchPermission.Add.N / .Remove.N, each item one of UserId (12 digits), Group (only 'all'), OrganizationArn, OrganizationalUnitArn (an org or OU id alone is refused). At most 1,000 entities per AMI per Region (a default, adjustable quota, since 2022-11; before it the guide said there was no limit); an organization or OU counts once. Only the owner shares; only an available AMI (a disabled one can't be shared). Encrypted AMIs only with a customer managed key, never public; AMIs with a Marketplace product code cannot be made public; block public access, when on, refuses public sharing (OperationNotPermitted), which the facts cannot tell. Sharing is per Region. Sharing with the owner's own account and the same id twice are not documented: the library refuses them.",
            published: true,
        },
    }),
    attributes: AttributeRules {
        // "Recipients can't delete, share, or modify it": no code is documented.
        modify_shared_in: Some(UNDOCUMENTED),
        deprecate_shared: None,
        deprecate_bad_state: None,
        undeprecate_not_deprecated: None,
        delete_shared: None,
        has_deprecation: false,
        deprecating_status: None,
    },
    cross: &[],
    conflicts: with_texts(CONFLICTS),
};
