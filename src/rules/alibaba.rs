//! Alibaba Cloud ECS, API 2014-05-26.
//!
//! registry: Alibaba = 1, "alibaba"
//!
//! Official texts disagree in places (see [`CONFLICTS`]): `latest` follows the newest text
//! (the current API reference and OpenAPI metadata), `strict` keeps only what every text allows.

use crate::rules::*;

const NAME_MALFORMED: ProviderCode = code("InvalidImageName.Malformed", 400);
const DESCRIPTION_MALFORMED: ProviderCode = code("InvalidDescription.Malformed", 400);
const FAMILY_MALFORMED: ProviderCode = code("InvalidImageFamily.Malformed", 400);
const BOOT_MODE_NOT_SUPPORTED: ProviderCode = code("InvalidBootMode.NotSupport", 400);

/// The Python SDK whose request models `rules-audit/alibaba.json` holds.
const MODIFY_EN: &str = "Alibaba Cloud ECS API 2014-05-26, ModifyImageAttribute: English API reference (newer) and the Python SDK's request model (alibabacloud-ecs20140526 7.11.8, ModifyImageAttributeRequest)";
const MODIFY_ZH: &str = "Alibaba Cloud ECS API 2014-05-26, ModifyImageAttribute: Chinese API reference (older revision)";
const MODIFY_BOTH: &str = "Alibaba Cloud ECS API 2014-05-26, ModifyImageAttribute: English API reference (newer), Chinese API reference (older revision) and the Python SDK's request model (alibabacloud-ecs20140526 7.11.8, ModifyImageAttributeRequest)";
const CREATE_DOC: &str = "Alibaba Cloud ECS API 2014-05-26, CreateImage: API reference (parameters and error codes) and the Python SDK's request model (alibabacloud-ecs20140526 7.11.8, CreateImageRequest)";
const COPY_DOC: &str = "Alibaba Cloud ECS API 2014-05-26, CopyImage: API reference in English and in Chinese, and the Python SDK's request model (alibabacloud-ecs20140526 7.11.8, CopyImageRequest)";
const IMPORT_DOC: &str = "Alibaba Cloud ECS API 2014-05-26, ImportImage: API reference and the Python SDK's request model (alibabacloud-ecs20140526 7.11.8, ImportImageRequest)";
const SHARE_DOC: &str = "Alibaba Cloud ECS API 2014-05-26, ModifyImageSharePermission: API reference and error codes; Terraform alicloud_image_share_permission documentation";

const fn malformed(c: ProviderCode) -> FieldCodes {
    FieldCodes {
        too_short: Some(c),
        too_long: Some(c),
        malformed: Some(c),
    }
}

const LETTER: &CharSet = &CharSet::new(true, false, false, "");
const LETTER_OR_HAN: &CharSet = &CharSet::new(true, false, true, "");
const NAME_CHARS: &CharSet = &CharSet::new(true, true, true, ".:_-");
const NAME_CHARS_NO_DOT: &CharSet = &CharSet::new(true, true, true, ":_-");
const STRICT_CHARS: &CharSet = &CharSet::new(true, true, false, "_-");

const HTTP: [Forbidden; 2] = [
    Forbidden::any_case("http://"),
    Forbidden::any_case("https://"),
];
const RESERVED_EXACT: [Forbidden; 2] = [Forbidden::exact("acs:"), Forbidden::exact("aliyun")];
const RESERVED_ANY_CASE: [Forbidden; 2] =
    [Forbidden::any_case("acs:"), Forbidden::any_case("aliyun")];

const fn source(document: &'static str, note: &'static str) -> Source {
    source! {
        document,
        date: "undated",
        note,
        published: true,
    }
}

/// A name-like field (ImageName, ImageFamily): 2-128 characters; an empty value keeps the old
/// value (or lets the cloud choose one).
const fn name_like(
    parameter: &'static str,
    code: ProviderCode,
    allowed: &'static CharSet,
    first: &'static CharSet,
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
        last: None,
        forbidden_prefixes,
        forbidden_substrings,
        one_of: &[],
        codes: malformed(code),
        source,
    }
}

const LATEST_NAME_NOTE: &str = "2-128 characters; starts with a letter or a Chinese character; letters, Chinese characters, digits, '.', ':', '_', '-'; no 'acs:' or 'aliyun' prefix; no http:// or https://. An empty value keeps the old name.";
const STRICT_NAME_NOTE: &str = "What every text allows: CreateImage's parameter text has no '.', the error texts have '.' but no ':'; the English CopyImage text wants a letter first. So: a letter first, then letters, digits, '_' and '-'; no 'acs:'/'aliyun' prefix in any case; no http(s):// anywhere. Every operation is held to the same, so a name that passes strict can be sent to any of them unchanged.";

static NAME_LATEST: FieldRule = name_like(
    "ImageName",
    NAME_MALFORMED,
    NAME_CHARS,
    LETTER_OR_HAN,
    &RESERVED_EXACT,
    &HTTP,
    source(MODIFY_EN, LATEST_NAME_NOTE),
);
static NAME_STRICT: FieldRule = name_like(
    "ImageName",
    NAME_MALFORMED,
    STRICT_CHARS,
    LETTER,
    &RESERVED_ANY_CASE,
    &HTTP,
    source(MODIFY_BOTH, STRICT_NAME_NOTE),
);
static NAME_CREATE_LATEST: FieldRule = name_like(
    "ImageName",
    NAME_MALFORMED,
    NAME_CHARS,
    LETTER_OR_HAN,
    &HTTP,
    &[],
    source(
        CREATE_DOC,
        "2-128 characters; a letter or a Chinese character first; letters, Chinese characters, digits, '.', ':', '_', '-'; does not start with http:// or https://. The parameter text lists no '.', but the same page's error table (InvalidImageName.Malformed), every other operation's text, Terraform's alicloud_image.image_name and images named 'web-1.2' made every day take it: latest accepts '.', strict does not (see the conflicts). An empty name lets the cloud choose one.",
    ),
);
static NAME_CREATE_STRICT: FieldRule = NAME_STRICT.cited(CREATE_DOC, STRICT_NAME_NOTE);

static NAME_COPY_LATEST: FieldRule = name_like(
    "DestinationImageName",
    NAME_MALFORMED,
    NAME_CHARS,
    LETTER_OR_HAN,
    &RESERVED_EXACT,
    &HTTP,
    source(
        COPY_DOC,
        "2-128 characters; a letter or a Chinese character first (the Chinese text; the English text says a letter); letters, Chinese characters, digits, '.', ':', '_', '-'; no 'acs:'/'aliyun' prefix; no http(s):// anywhere. An empty value lets the cloud name the copy.",
    ),
);
static NAME_COPY_STRICT: FieldRule = name_like(
    "DestinationImageName",
    NAME_MALFORMED,
    STRICT_CHARS,
    LETTER,
    &RESERVED_ANY_CASE,
    &HTTP,
    source(COPY_DOC, STRICT_NAME_NOTE),
);
static NAME_IMPORT_LATEST: FieldRule = NAME_LATEST.cited(IMPORT_DOC, "As ModifyImageAttribute (latest): 2-128 characters; a letter or a Chinese character first; letters, Chinese characters, digits, '.', ':', '_', '-'; no 'acs:'/'aliyun' prefix; no http(s):// anywhere.");
static NAME_IMPORT_STRICT: FieldRule = NAME_STRICT.cited(IMPORT_DOC, STRICT_NAME_NOTE);

static FAMILY_LATEST: FieldRule = name_like(
    "ImageFamily",
    FAMILY_MALFORMED,
    NAME_CHARS,
    LETTER_OR_HAN,
    &RESERVED_EXACT,
    &HTTP,
    source(
        MODIFY_EN,
        "As ImageName, with the same character set. An empty value keeps the old family.",
    ),
);
static FAMILY_STRICT: FieldRule = name_like(
    "ImageFamily",
    FAMILY_MALFORMED,
    STRICT_CHARS,
    LETTER,
    &RESERVED_ANY_CASE,
    &HTTP,
    source(MODIFY_BOTH, "As the strict ImageName."),
);
static FAMILY_CREATE_LATEST: FieldRule = name_like(
    "ImageFamily",
    FAMILY_MALFORMED,
    NAME_CHARS_NO_DOT,
    LETTER_OR_HAN,
    &RESERVED_EXACT,
    &HTTP,
    source(
        CREATE_DOC,
        "2-128 characters; a letter or a Chinese character first; letters, Chinese characters, digits, ':', '_', '-' (no '.', unlike ModifyImageAttribute and ImportImage); no 'aliyun'/'acs:' prefix; no http(s):// anywhere.",
    ),
);
static FAMILY_CREATE_STRICT: FieldRule =
    FAMILY_STRICT.cited(CREATE_DOC, "As the strict ImageName.");

const fn description(
    parameter: &'static str,
    prefixes: &'static [Forbidden],
    substrings: &'static [Forbidden],
    source: Source,
) -> FieldRule {
    FieldRule {
        parameter,
        min_chars: 2,
        max_chars: Some(256),
        empty: Empty::Keep,
        allowed: None,
        first: None,
        last: None,
        forbidden_prefixes: prefixes,
        forbidden_substrings: substrings,
        one_of: &[],
        codes: malformed(DESCRIPTION_MALFORMED),
        source,
    }
}

static DESCRIPTION_LATEST: FieldRule = description(
    "Description",
    &HTTP,
    &[],
    source(
        MODIFY_EN,
        "2-256 characters; does not start with http:// or https://. The older Chinese parameter text says 0-256, its error text 2-256. An empty value keeps the old description.",
    ),
);
static DESCRIPTION_STRICT: FieldRule = description(
    "Description",
    &[],
    &HTTP,
    source(
        MODIFY_BOTH,
        "2-256 characters; no http:// or https:// anywhere.",
    ),
);
static DESCRIPTION_CREATE_LATEST: FieldRule = DESCRIPTION_LATEST.cited(
    CREATE_DOC,
    "2-256 characters; does not start with http:// or https://.",
);
static DESCRIPTION_CREATE_STRICT: FieldRule = DESCRIPTION_STRICT.cited(
    CREATE_DOC,
    "As the strict ModifyImageAttribute Description, so that it can be sent there unchanged.",
);
static DESCRIPTION_COPY: FieldRule = description(
    "DestinationDescription",
    &HTTP,
    &[],
    source(
        COPY_DOC,
        "2-256 characters; does not start with http:// or https://. An empty value keeps the source image's description.",
    ),
);
static DESCRIPTION_IMPORT: FieldRule = DESCRIPTION_LATEST.cited(
    IMPORT_DOC,
    "2-256 characters; does not start with http:// or https://.",
);

static BOOT_MODE: FieldRule = one_of(
    "BootMode",
    &["BIOS", "UEFI", "UEFI-Preferred"],
    Some(BOOT_MODE_NOT_SUPPORTED),
    source(
        "Alibaba Cloud ECS API 2014-05-26, ModifyImageAttribute and CreateImage: API reference",
        "BIOS, UEFI or UEFI-Preferred, matched exactly.",
    ),
);
static BOOT_MODE_IMPORT: FieldRule = one_of(
    "BootMode",
    &["BIOS", "UEFI"],
    Some(BOOT_MODE_NOT_SUPPORTED),
    source(
        IMPORT_DOC,
        "BIOS or UEFI only (UEFI-Preferred is not taken on import), matched exactly.",
    ),
);
static LICENSE_TYPE_MODIFY: FieldRule = one_of(
    "LicenseType",
    &["BYOL"],
    None,
    source(
        MODIFY_EN,
        "'Currently, only BYOL is supported', matched exactly. No error code is published for another value.",
    ),
);
// The newest model lists Aliyun and BYOL; until 7.8.7 it also listed Auto, the default then,
// and Terraform's alicloud_image_import still sends Auto whenever license_type is left out.
// Refusing Auto would fail every such configuration, so only strict takes the narrow list.
static LICENSE_TYPE_IMPORT: FieldRule = one_of(
    "LicenseType",
    &["Auto", "Aliyun", "BYOL"],
    None,
    source(
        IMPORT_DOC,
        "Auto, Aliyun or BYOL, matched exactly: Aliyun and BYOL from the newest text (for Windows Server images); Auto from the texts up to alibabacloud-ecs20140526 7.8.7 (the default there) and Terraform's alicloud_image_import, which sends it by default. No error code is published for another value.",
    ),
);
static LICENSE_TYPE_IMPORT_STRICT: FieldRule = one_of(
    "LicenseType",
    &["Aliyun", "BYOL"],
    None,
    source(
        IMPORT_DOC,
        "Aliyun or BYOL, matched exactly: the newest text's list (for Windows Server images). No error code is published for another value.",
    ),
);
const ARCHITECTURES: &[&str] = &["i386", "x86_64", "arm64"];
static ARCHITECTURE_CREATE: FieldRule = one_of(
    "Architecture",
    ARCHITECTURES,
    None,
    source(
        CREATE_DOC,
        "i386, x86_64 or arm64, matched exactly (for an image made from a data disk snapshot).",
    ),
);
static ARCHITECTURE_IMPORT: FieldRule = one_of(
    "Architecture",
    ARCHITECTURES,
    None,
    source(IMPORT_DOC, "i386, x86_64 or arm64, matched exactly."),
);
const PLATFORMS_IMPORT: &[&str] = &[
    "Aliyun",
    "Anolis",
    "CentOS",
    "Ubuntu",
    "CoreOS",
    "SUSE",
    "Debian",
    "OpenSUSE",
    "FreeBSD",
    "RedHat",
    "Kylin",
    "UOS",
    "Fedora",
    "Fedora CoreOS",
    "CentOS Stream",
    "AlmaLinux",
    "Rocky Linux",
    "Gentoo",
    "Customized Linux",
    "Others Linux",
    "Windows Server 2022",
    "Windows Server 2019",
    "Windows Server 2016",
    "Windows Server 2012",
    "Windows Server 2008",
    "Windows Server 2003",
    "Other Windows",
];
/// CreateImage lists the same distributions but `Other Windows`, the last.
const PLATFORMS_CREATE: &[&str] = PLATFORMS_IMPORT.split_at(PLATFORMS_IMPORT.len() - 1).0;
static PLATFORM_CREATE: FieldRule = one_of(
    "Platform",
    PLATFORMS_CREATE,
    None,
    source(
        CREATE_DOC,
        "One of the 26 distributions listed, matched exactly (spaces included).",
    ),
);
static PLATFORM_IMPORT: FieldRule = one_of(
    "Platform",
    PLATFORMS_IMPORT,
    None,
    source(
        IMPORT_DOC,
        "One of the 27 distributions listed ('Other Windows' included), matched exactly.",
    ),
);
static OS_TYPE_IMPORT: FieldRule = one_of(
    "OSType",
    &["windows", "linux"],
    None,
    source(
        IMPORT_DOC,
        "windows or linux, in lower case, matched exactly.",
    ),
);
static NVME_SUPPORT: FieldRule = one_of(
    "Features.NvmeSupport",
    &["supported", "unsupported"],
    None,
    source(
        "Alibaba Cloud ECS API 2014-05-26, ModifyImageAttribute and ImportImage: API reference and the Python SDK's request models (alibabacloud-ecs20140526 7.11.8)",
        "supported or unsupported, matched exactly: ImportImage's text lists them; ModifyImageAttribute's text names the attribute without repeating the list.",
    ),
);
static IMDS_SUPPORT: FieldRule = one_of(
    "Features.ImdsSupport",
    &["v1", "v2"],
    None,
    source(
        "Alibaba Cloud ECS API 2014-05-26, ModifyImageAttribute, CreateImage and ImportImage: the Python SDK's request models (alibabacloud-ecs20140526 7.11.8)",
        "v1 or v2, matched exactly. ModifyImageAttribute cannot change v2 back to v1.",
    ),
);
static STATUS: FieldRule = one_of(
    "Status",
    &["Available", "Deprecated"],
    // No code is published for another value: the library's own code stands alone.
    None,
    source(
        MODIFY_EN,
        "Available or Deprecated, matched exactly. No error code is published for another value.",
    ),
);

use crate::image::ImageKind::{Custom, Marketplace, Public, SharedIn};
use Field::{
    Architecture, BootMode, Description, Family, ImdsSupport, LicenseType, Name, NvmeSupport,
    OsType, Platform, Status,
};
use Operation::{Copy, Create, Import, Modify};
use Profile::{Latest, Strict};

/// "Only your own custom images in state Available" has one documented code.
const INVALID_STATUS: Refusal = refuse(code("OperationDenied.InvalidImageStatus", 403));

const FIELDS: &[FieldEntry] = &[
    entry(Modify, Name, Latest, &NAME_LATEST),
    entry(Modify, Name, Strict, &NAME_STRICT),
    entry(Modify, Description, Latest, &DESCRIPTION_LATEST),
    entry(Modify, Description, Strict, &DESCRIPTION_STRICT),
    entry(Modify, Family, Latest, &FAMILY_LATEST),
    entry(Modify, Family, Strict, &FAMILY_STRICT),
    entry(Modify, BootMode, Latest, &BOOT_MODE),
    entry(Modify, BootMode, Strict, &BOOT_MODE),
    entry(Modify, Status, Latest, &STATUS),
    entry(Modify, Status, Strict, &STATUS),
    entry(Modify, LicenseType, Latest, &LICENSE_TYPE_MODIFY),
    entry(Modify, LicenseType, Strict, &LICENSE_TYPE_MODIFY),
    entry(Modify, NvmeSupport, Latest, &NVME_SUPPORT),
    entry(Modify, NvmeSupport, Strict, &NVME_SUPPORT),
    entry(Modify, ImdsSupport, Latest, &IMDS_SUPPORT),
    entry(Modify, ImdsSupport, Strict, &IMDS_SUPPORT),
    entry(Create, Name, Latest, &NAME_CREATE_LATEST),
    entry(Create, Name, Strict, &NAME_CREATE_STRICT),
    entry(Create, Description, Latest, &DESCRIPTION_CREATE_LATEST),
    entry(Create, Description, Strict, &DESCRIPTION_CREATE_STRICT),
    entry(Create, Family, Latest, &FAMILY_CREATE_LATEST),
    entry(Create, Family, Strict, &FAMILY_CREATE_STRICT),
    entry(Create, BootMode, Latest, &BOOT_MODE),
    entry(Create, BootMode, Strict, &BOOT_MODE),
    entry(Create, Architecture, Latest, &ARCHITECTURE_CREATE),
    entry(Create, Architecture, Strict, &ARCHITECTURE_CREATE),
    entry(Create, Platform, Latest, &PLATFORM_CREATE),
    entry(Create, Platform, Strict, &PLATFORM_CREATE),
    entry(Create, ImdsSupport, Latest, &IMDS_SUPPORT),
    entry(Create, ImdsSupport, Strict, &IMDS_SUPPORT),
    entry(Copy, Name, Latest, &NAME_COPY_LATEST),
    entry(Copy, Name, Strict, &NAME_COPY_STRICT),
    entry(Copy, Description, Latest, &DESCRIPTION_COPY),
    entry(Copy, Description, Strict, &DESCRIPTION_COPY),
    entry(Import, Name, Latest, &NAME_IMPORT_LATEST),
    entry(Import, Name, Strict, &NAME_IMPORT_STRICT),
    entry(Import, Description, Latest, &DESCRIPTION_IMPORT),
    entry(Import, Description, Strict, &DESCRIPTION_IMPORT),
    entry(Import, BootMode, Latest, &BOOT_MODE_IMPORT),
    entry(Import, BootMode, Strict, &BOOT_MODE_IMPORT),
    entry(Import, LicenseType, Latest, &LICENSE_TYPE_IMPORT),
    entry(Import, LicenseType, Strict, &LICENSE_TYPE_IMPORT_STRICT),
    entry(Import, Architecture, Latest, &ARCHITECTURE_IMPORT),
    entry(Import, Architecture, Strict, &ARCHITECTURE_IMPORT),
    entry(Import, Platform, Latest, &PLATFORM_IMPORT),
    entry(Import, Platform, Strict, &PLATFORM_IMPORT),
    entry(Import, OsType, Latest, &OS_TYPE_IMPORT),
    entry(Import, OsType, Strict, &OS_TYPE_IMPORT),
    entry(Import, NvmeSupport, Latest, &NVME_SUPPORT),
    entry(Import, NvmeSupport, Strict, &NVME_SUPPORT),
    entry(Import, ImdsSupport, Latest, &IMDS_SUPPORT),
    entry(Import, ImdsSupport, Strict, &IMDS_SUPPORT),
];

/// Where Alibaba's official texts disagree.
const CONFLICTS: &[Conflict] = &[
    Conflict {
        operations: &[Modify],
        field: Name,
        topic: "which characters an ImageName (and ImageFamily) may hold, and what may come first",
        readings: &[
            Reading {
                document: MODIFY_EN,
                says: "parameter text: a letter or a Chinese character first; digits, '.', ':', '_', '-'; no 'aliyun'/'acs:' prefix; no http(s):// anywhere",
            },
            Reading {
                document: MODIFY_ZH,
                says: "error text (InvalidImageName.Malformed): '.' allowed, ':' not mentioned",
            },
        ],
        resolution: "latest: a letter or a Chinese character first, letters, Chinese characters, digits, '.', ':', '_', '-' (the newest parameter text); strict: a letter first, then letters, digits, '_', '-' only, and the 'acs:'/'aliyun' prefixes refused in any case",
    },
    Conflict {
        operations: &[Modify],
        field: Description,
        topic: "the least length of a Description, and where http(s):// is refused",
        readings: &[
            Reading {
                document: MODIFY_EN,
                says: "2-256 characters; does not start with http:// or https://",
            },
            Reading {
                document: MODIFY_ZH,
                says: "parameter text 0-256 characters, error text 2-256",
            },
        ],
        resolution: "latest: 2-256, http(s):// refused at the start; strict: 2-256, http(s):// refused anywhere",
    },
    Conflict {
        operations: &[Create],
        field: Name,
        topic: "CreateImage ImageName: the parameter text against the same page's error table",
        readings: &[
            Reading {
                document: CREATE_DOC,
                says: "parameter text: no '.', http(s):// refused only at the start, no 'acs:'/'aliyun' rule",
            },
            Reading {
                document: CREATE_DOC,
                says: "error table (InvalidImageName.Malformed): '.' allowed, 'acs:'/'aliyun' prefixes refused, http(s):// refused anywhere",
            },
        ],
        resolution: "latest: '.' accepted, as the error table, every other operation's text, Terraform's alicloud_image.image_name and real images ('web-1.2') have it; http(s):// refused at the start, as the parameter text says. strict: the narrow reading and more ('.' refused, the prefixes in any case, http(s):// anywhere), as the strict ModifyImageAttribute ImageName",
    },
    Conflict {
        operations: &[Copy],
        field: Name,
        topic: "CopyImage DestinationImageName: the first character",
        readings: &[
            Reading {
                document: "Alibaba Cloud ECS API 2014-05-26, CopyImage: English API reference",
                says: "must start with a letter",
            },
            Reading {
                document: "Alibaba Cloud ECS API 2014-05-26, CopyImage: Chinese API reference",
                says: "must start with a letter or a Chinese character",
            },
        ],
        resolution: "latest: a letter or a Chinese character; strict: a letter (with the strict ModifyImageAttribute character set, as for every Alibaba name under strict)",
    },
    Conflict {
        operations: &[Import],
        field: LicenseType,
        topic: "ImportImage LicenseType: whether Auto is a value",
        readings: &[
            Reading {
                document: "Alibaba Cloud ECS API 2014-05-26, ImportImage: the Python SDK's request model, alibabacloud-ecs20140526 7.9.0 and later (ImportImageRequest.license_type)",
                says: "Aliyun or BYOL, default Aliyun; it takes effect only for Windows Server images",
            },
            Reading {
                document: "Alibaba Cloud ECS API 2014-05-26, ImportImage: the Python SDK's request model, alibabacloud-ecs20140526 6.0.0 to 7.8.7 (ImportImageRequest.license_type)",
                says: "Auto, Aliyun or BYOL, default Auto (ECS detects the OS and picks a license, else BYOL)",
            },
            Reading {
                document: "aliyun/terraform-provider-alicloud, alicloud/resource_alicloud_image_import.go and website/docs/r/image_import.html.markdown",
                says: "license_type: Auto, Aliyun or BYOL, default Auto, sent as LicenseType on every create",
            },
        ],
        resolution: "latest: Auto, Aliyun, BYOL (the older text and what Terraform sends by default: a refusal of Auto would fail every alicloud_image_import that leaves license_type out); strict: Aliyun, BYOL (the newest text)",
    },
];

pub(super) static RULES: ProviderRules = ProviderRules {
    provider: Provider::Alibaba,
    display_name: "Alibaba Cloud ECS",
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
            add: "AddAccount",
            remove: "RemoveAccount",
        },
        per_image: Limit::same(50),
        per_image_code: Some(code("QuotaExceed.ShareImageUser", 403)),
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
        // Only an image encrypted with the service key is refused (403); one encrypted with
        // a customer key can be shared.
        encrypted: Some(refuse(code(
            "InvalidOperation.ServiceKeyEncryptedImageUnsupported",
            403,
        ))),
        encrypted_public: None,
        encrypted_customer_key: None,
        byol: None,
        deprecated: Some(INVALID_STATUS),
        // The typo is the real code.
        self_share: refuse(code("InvalidAccount.Forbbiden", 404)),
        already_shared: UNDOCUMENTED,
        bad_account: refuse(code("InvalidAccount.NotFound", 404)),
        source: source! {
            document: SHARE_DOC,
            date: "undated",
            note: "AddAccount.N and RemoveAccount.N take 1-10 ids each; ids past the tenth are silently ignored, so the library refuses such a request. At most 50 accounts per image (also in Terraform's alicloud_image_share_permission documentation). Only your own custom images in state Available.",
            published: true,
        },
    }),
    attributes: AttributeRules {
        modify_shared_in: None,
        deprecate_shared: Some(refuse(code("ImageUseShared", 403))),
        deprecate_bad_state: Some(refuse(code("ImageStatus.NotAvailable", 403))),
        undeprecate_not_deprecated: Some(refuse(code("ImageStatus.NotDeprecated", 403))),
        // DeleteImage answers ImageUseShared (403) for an image shared with others.
        delete_shared: Some(refuse(code("ImageUseShared", 403))),
        has_deprecation: true,
        deprecating_status: Some("Deprecated"),
    },
    cross: &[CrossRule {
        operations: &[Import],
        when: Architecture,
        is: &["arm64"],
        then: BootMode,
        must_be: &["UEFI"],
        refusal: UNDOCUMENTED,
        source: source(
            IMPORT_DOC,
            "BootMode: 'If Architecture=arm64, the default value is UEFI, and only UEFI can be specified.' No error code is published.",
        ),
    }],
    conflicts: with_texts(CONFLICTS),
};
