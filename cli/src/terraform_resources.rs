//! The Terraform resource types the readers check, as data: which attributes go to which
//! image call ([`IMAGE_RESOURCES`]), which share an image ([`SHARE_RESOURCES`]), and which
//! are never updated in place. Attribute names follow each provider's resource documentation;
//! the rows of [`crate::coverage`] cite them. Kept apart from the plan reader so a provider's
//! resources are rows here, not code there.

use image_preflight::Provider;

/// A resource type whose attributes go to an image call.
pub struct ImageResource {
    pub resource_type: &'static str,
    pub provider: Provider,
    /// The operation key of the call that creates it (an update is always `modify`).
    pub on_create: &'static str,
    /// Attribute name and the library's field key.
    pub attributes: &'static [(&'static str, &'static str)],
    /// Attributes the provider sends even when `""` (required ones): the others are sent only
    /// when set.
    pub sent_empty: &'static [&'static str],
}

/// Attributes the Terraform provider sets with ModifyImageAttribute after the image is made,
/// because the create call has no such parameter: volcengine_image's boot_mode ("only effective
/// when modifying the image"; Volcengine CreateImage has no BootMode).
pub const SET_AFTER_CREATE: &[(&str, &str)] = &[("volcengine_image", "boot_mode")];

/// A resource type that shares an image with accounts.
pub struct ShareResource {
    pub resource_type: &'static str,
    pub provider: Provider,
    /// The attribute holding the account (a string) or accounts (a list of strings).
    pub accounts: &'static str,
    pub list: bool,
}

pub const IMAGE_RESOURCES: &[ImageResource] = &[
    // alicloud_image: ImageName, Description, ImageFamily, BootMode (CreateImage and
    // ModifyImageAttribute).
    ImageResource {
        resource_type: "alicloud_image",
        provider: Provider::Alibaba,
        on_create: "create",
        // `name` is the deprecated spelling of `image_name`; the provider still sends it.
        attributes: &[
            ("image_name", "name"),
            ("name", "name"),
            ("description", "description"),
            ("image_family", "family"),
            ("boot_mode", "boot_mode"),
        ],
        sent_empty: &[],
    },
    // alicloud_image_copy: CopyImage's DestinationImageName and DestinationDescription.
    ImageResource {
        resource_type: "alicloud_image_copy",
        provider: Provider::Alibaba,
        on_create: "copy",
        attributes: &[
            ("image_name", "name"),
            ("name", "name"),
            ("description", "description"),
        ],
        sent_empty: &[],
    },
    // alicloud_image_import: ImportImage; boot_mode is ForceNew, so only sent on create.
    ImageResource {
        resource_type: "alicloud_image_import",
        provider: Provider::Alibaba,
        on_create: "import",
        attributes: &[
            ("image_name", "name"),
            ("description", "description"),
            ("boot_mode", "boot_mode"),
        ],
        sent_empty: &[],
    },
    ImageResource {
        resource_type: "tencentcloud_image",
        provider: Provider::Tencent,
        on_create: "create",
        attributes: &[
            ("image_name", "name"),
            ("image_description", "description"),
            ("image_family", "family"),
        ],
        // image_name is Required: `""` is sent (and refused by CreateImage).
        sent_empty: &["image_name"],
    },
    // tencentcloud_cvm_import_image: ImportImage; every argument is ForceNew.
    ImageResource {
        resource_type: "tencentcloud_cvm_import_image",
        provider: Provider::Tencent,
        on_create: "import",
        attributes: &[
            ("image_name", "name"),
            ("image_description", "description"),
            ("boot_mode", "boot_mode"),
            ("license_type", "license_type"),
        ],
        sent_empty: &["image_name"],
    },
    // tencentcloud_cvm_sync_image: SyncImages, ImageName for the copies.
    ImageResource {
        resource_type: "tencentcloud_cvm_sync_image",
        provider: Provider::Tencent,
        on_create: "copy",
        attributes: &[("image_name", "name")],
        sent_empty: &[],
    },
    // volcengine_image: boot_mode is documented as "only effective when modifying the image".
    ImageResource {
        resource_type: "volcengine_image",
        provider: Provider::Volcengine,
        on_create: "create",
        attributes: &[
            ("image_name", "name"),
            ("description", "description"),
            ("boot_mode", "boot_mode"),
        ],
        sent_empty: &["image_name"],
    },
    // volcengine_image_import: ImportImage.
    ImageResource {
        resource_type: "volcengine_image_import",
        provider: Provider::Volcengine,
        on_create: "import",
        attributes: &[
            ("image_name", "name"),
            ("description", "description"),
            ("boot_mode", "boot_mode"),
        ],
        sent_empty: &["image_name"],
    },
    // aws_ami: RegisterImage. name is ForceNew; a new description is a ModifyImageAttribute.
    ImageResource {
        resource_type: "aws_ami",
        provider: Provider::Aws,
        on_create: "create",
        attributes: &[("name", "name"), ("description", "description")],
        sent_empty: &["name"],
    },
    // aws_ami_copy: CopyImage's Name and Description.
    ImageResource {
        resource_type: "aws_ami_copy",
        provider: Provider::Aws,
        on_create: "copy",
        attributes: &[("name", "name"), ("description", "description")],
        sent_empty: &["name"],
    },
    // aws_ami_from_instance: CreateImage's Name and Description.
    ImageResource {
        resource_type: "aws_ami_from_instance",
        provider: Provider::Aws,
        on_create: "create",
        attributes: &[("name", "name"), ("description", "description")],
        sent_empty: &["name"],
    },
    // google_compute_image: images.insert. Only labels change in place (FORCE_NEW).
    ImageResource {
        resource_type: "google_compute_image",
        provider: Provider::Gcp,
        on_create: "create",
        attributes: &[
            ("name", "name"),
            ("family", "family"),
            ("description", "description"),
        ],
        sent_empty: &["name"],
    },
];

pub const SHARE_RESOURCES: &[ShareResource] = &[
    ShareResource {
        resource_type: "alicloud_image_share_permission",
        provider: Provider::Alibaba,
        accounts: "account_id",
        list: false,
    },
    ShareResource {
        resource_type: "tencentcloud_cvm_image_share_permission",
        provider: Provider::Tencent,
        accounts: "account_ids",
        list: true,
    },
    ShareResource {
        resource_type: "volcengine_image_share_permission",
        provider: Provider::Volcengine,
        accounts: "account_id",
        list: false,
    },
    // aws_ami_launch_permission: one principal per resource, in whichever of four attributes
    // names its kind; each is a row, and the readers take the one that is set.
    ShareResource {
        resource_type: "aws_ami_launch_permission",
        provider: Provider::Aws,
        accounts: "account_id",
        list: false,
    },
    ShareResource {
        resource_type: "aws_ami_launch_permission",
        provider: Provider::Aws,
        accounts: "group",
        list: false,
    },
    ShareResource {
        resource_type: "aws_ami_launch_permission",
        provider: Provider::Aws,
        accounts: "organization_arn",
        list: false,
    },
    ShareResource {
        resource_type: "aws_ami_launch_permission",
        provider: Provider::Aws,
        accounts: "organizational_unit_arn",
        list: false,
    },
];

/// Resources whose every argument is ForceNew: a change replaces them (a create), never an
/// in-place update.
pub const FORCE_NEW: &[&str] = &[
    "tencentcloud_cvm_import_image",
    "tencentcloud_cvm_sync_image",
    "google_compute_image",
];

/// Attributes that are ForceNew in a resource that otherwise updates in place: a change to
/// one replaces the resource, so an update never sends it (and the update call may have no
/// such parameter: an AMI cannot be renamed).
pub const FORCE_NEW_ATTRIBUTES: &[(&str, &str)] = &[
    ("aws_ami", "name"),
    ("aws_ami_copy", "name"),
    ("aws_ami_from_instance", "name"),
];
