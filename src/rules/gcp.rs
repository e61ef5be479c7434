//! Google Compute Engine, API v1.
//!
//! registry: Gcp = 4, "gcp"
//!
//! One text per rule, so both profiles are the same. Every operation is `images.insert` but
//! modify (`images.patch`, which cannot change the name). The image API has no share call:
//! access is granted with IAM.

use crate::rules::*;

/// HTTP 400 with reason `invalid`: "Invalid value for field 'resource.name': '...'. Must be a
/// match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'".
const INVALID: ProviderCode = code("invalid", 400);

const INSERT_DOC: &str = "Compute Engine API v1, images.insert, Image resource (name, family, description): GoogleCloudPlatform/magic-modules mmv1/products/compute/Image.yaml (at 03b5591) and https://cloud.google.com/compute/docs/reference/rest/v1/images; naming: https://cloud.google.com/compute/docs/naming-resources";
const PATCH_DOC: &str = "Compute Engine API v1, images.patch: https://cloud.google.com/compute/docs/reference/rest/v1/images/patch ('Only the following fields can be modified: family, description, deprecation status'); Image resource: GoogleCloudPlatform/magic-modules mmv1/products/compute/Image.yaml (at 03b5591)";

/// RFC 1035 labels: lower-case letters, digits and `-`; a letter first; no `-` last.
const LABEL: &CharSet = &CharSet::lower_case(true, "-");
const LETTER: &CharSet = &CharSet::lower_case(false, "");
const LETTER_OR_DIGIT: &CharSet = &CharSet::lower_case(true, "");

const fn cited(document: &'static str, note: &'static str) -> Source {
    source! {
        document,
        date: "undated",
        note,
        published: true,
    }
}

/// A name or family: 1-63 characters of `[a-z]([-a-z0-9]*[a-z0-9])?`.
const fn label(parameter: &'static str, empty: Empty, source: Source) -> FieldRule {
    FieldRule {
        parameter,
        min_chars: 1,
        max_chars: Some(63),
        empty,
        allowed: Some(LABEL),
        first: Some(LETTER),
        last: Some(LETTER_OR_DIGIT),
        forbidden_prefixes: &[],
        forbidden_substrings: &[],
        one_of: &[],
        codes: FieldCodes {
            too_short: Some(INVALID),
            too_long: Some(INVALID),
            malformed: Some(INVALID),
        },
        source,
    }
}

static NAME: FieldRule = label(
    "name",
    Empty::Invalid,
    cited(
        INSERT_DOC,
        "Required by images.insert; 1-63 characters, RFC 1035: the regular expression [a-z]([-a-z0-9]*[a-z0-9])?, a lower-case letter first, then dashes, lower-case letters or digits, the last not a dash (the discovery document's pattern [a-z](?:[-a-z0-9]{0,61}[a-z0-9])? caps it at 63). Every fault is HTTP 400, reason 'invalid'. Unique in the project (HTTP 409), which cannot be checked offline.",
    ),
);

const FAMILY_NOTE: &str = "Optional; 'must comply with RFC1035': the same 1-63 characters and regular expression as the name, which the service applies to resource.family (HTTP 400, reason 'invalid'). An empty family is not sent.";

static FAMILY: FieldRule = label("family", Empty::Keep, cited(INSERT_DOC, FAMILY_NOTE));
static FAMILY_PATCH: FieldRule = label("family", Empty::Keep, cited(PATCH_DOC, FAMILY_NOTE));

const fn description(source: Source) -> FieldRule {
    FieldRule {
        parameter: "description",
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
            malformed: None,
        },
        source,
    }
}

const DESCRIPTION_NOTE: &str =
    "'An optional description of this resource': no length, character set or error is published.";

static DESCRIPTION: FieldRule = description(cited(INSERT_DOC, DESCRIPTION_NOTE));
static DESCRIPTION_PATCH: FieldRule = description(cited(PATCH_DOC, DESCRIPTION_NOTE));

/// The Image resource's `architecture` (ARM64 or X86_64, an enum in the discovery document)
/// takes any value for now: the call has it, so NOT_SUPPORTED would be a false refusal.
static ARCHITECTURE: FieldRule = any_value(
    "architecture",
    cited(
        INSERT_DOC,
        "The discovery document's enum: ARM64, X86_64 (ARCHITECTURE_UNSPECIFIED the default); not judged yet, any value passes.",
    ),
);

use crate::image::ImageKind::{Custom, Public, SharedIn};
use Field::{Architecture, Description, Family, Name};
use Operation::{Copy, Create, Import, Modify};
use Profile::{Latest, Strict};

const FIELDS: &[FieldEntry] = &[
    entry(Modify, Description, Latest, &DESCRIPTION_PATCH),
    entry(Modify, Description, Strict, &DESCRIPTION_PATCH),
    entry(Modify, Family, Latest, &FAMILY_PATCH),
    entry(Modify, Family, Strict, &FAMILY_PATCH),
    entry(Create, Name, Latest, &NAME),
    entry(Create, Name, Strict, &NAME),
    entry(Create, Description, Latest, &DESCRIPTION),
    entry(Create, Description, Strict, &DESCRIPTION),
    entry(Create, Family, Latest, &FAMILY),
    entry(Create, Family, Strict, &FAMILY),
    entry(Copy, Name, Latest, &NAME),
    entry(Copy, Name, Strict, &NAME),
    entry(Copy, Description, Latest, &DESCRIPTION),
    entry(Copy, Description, Strict, &DESCRIPTION),
    entry(Copy, Family, Latest, &FAMILY),
    entry(Copy, Family, Strict, &FAMILY),
    entry(Import, Name, Latest, &NAME),
    entry(Import, Name, Strict, &NAME),
    entry(Import, Description, Latest, &DESCRIPTION),
    entry(Import, Description, Strict, &DESCRIPTION),
    entry(Import, Family, Latest, &FAMILY),
    entry(Import, Family, Strict, &FAMILY),
    entry(Create, Architecture, Latest, &ARCHITECTURE),
    entry(Create, Architecture, Strict, &ARCHITECTURE),
    entry(Copy, Architecture, Latest, &ARCHITECTURE),
    entry(Copy, Architecture, Strict, &ARCHITECTURE),
    entry(Import, Architecture, Latest, &ARCHITECTURE),
    entry(Import, Architecture, Strict, &ARCHITECTURE),
];

const fn state(name: &'static str, ready: bool) -> ImageState {
    ImageState {
        name,
        shareable: ready,
        deprecated: false,
    }
}

pub(super) static RULES: ProviderRules = ProviderRules {
    provider: Provider::Gcp,
    display_name: "Google Compute Engine",
    actions: [
        "images.patch",
        "images.insert",
        "images.insert",
        "images.insert",
    ],
    same_as: &[],
    fields: FIELDS,
    index: FieldIndex::of(FIELDS),
    kinds: &[Custom, SharedIn, Public],
    share: Sharing::NoCall {
        en: "Compute Engine images have no share call: access is granted with IAM (for example roles/compute.imageUser bound on the image or the project with images.setIamPolicy), whose members are IAM principals, not account ids.",
        zh: "Compute Engine 镜像没有共享接口：访问权限通过 IAM 授予（例如在镜像或项目上用 images.setIamPolicy 绑定 roles/compute.imageUser），其成员是 IAM 主体而非账号 ID。",
        // Image.status: the discovery document's enum is DELETING, FAILED, PENDING, READY
        // (its prose names only the last three).
        states: &[
            state("READY", true),
            state("PENDING", false),
            state("FAILED", false),
            state("DELETING", false),
        ],
        source: cited(
            "Compute Engine: Managing access to custom images, https://cloud.google.com/compute/docs/images/managing-access-custom-images; GoogleCloudPlatform/magic-modules mmv1/products/compute/Image.yaml (iam_policy, allowed_iam_role roles/compute.imageUser)",
            "'To let users create, delete, use, or share your custom images, you must grant them the appropriate Identity and Access Management (IAM) roles.' IAM members are outside what this library checks.",
        ),
    },
    attributes: AttributeRules {
        modify_shared_in: None,
        deprecate_shared: None,
        deprecate_bad_state: None,
        undeprecate_not_deprecated: None,
        delete_shared: None,
        // images.patch: "Only the following fields can be modified: family, description,
        // deprecation status" (images.deprecate sets it too); no refusal is documented.
        has_deprecation: true,
        deprecating_status: None,
    },
    cross: &[],
    conflicts: &[],
};
