//! Every Terraform resource attribute and Packer builder / post-processor setting of the
//! clouds that reaches an image call, with whether the readers read it and where that is
//! written down.
//!
//! The readers' own tables ([`crate::terraform::IMAGE_RESOURCES`], [`crate::packer::BUILDERS`],
//! ...) say how a setting is read; this table says which settings exist. `cli/tests/coverage.rs`
//! holds the two to each other both ways, so a setting added to a reader without a row here, or
//! a row marked read that no reader reads, fails the build; and it renders this table into
//! `docs/pipelines.md`, failing when the page is stale.
//!
//! No provider schema can be had as a package here: the Go module proxy this project reaches
//! answers "not available" for the three providers' and the plugins' modules
//! (`go list -m -versions github.com/aliyun/terraform-provider-alicloud`, and the same for
//! tencentcloudstack/terraform-provider-tencentcloud, volcengine/terraform-provider-volcengine,
//! hashicorp/packer-plugin-alicloud, hashicorp/packer-plugin-tencentcloud and
//! volcengine/packer-plugin-volcengine, tried 2026-12-02), and the Terraform registry is not
//! one of the registries reached. So each row cites the public file it was taken from: the
//! provider's resource documentation, or the plugin's configuration struct at a named revision.

use crate::packer;
use crate::terraform;

/// Which tool's files the setting is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    Terraform,
    Packer,
}

impl Tool {
    pub fn key(self) -> &'static str {
        match self {
            Tool::Terraform => "terraform",
            Tool::Packer => "packer",
        }
    }
}

/// Whether the readers judge a setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// Judged as the library's field `field` (`name`, `description`, `family`, `boot_mode`,
    /// `architecture`, ...) of the row's operation, or as the share list `add` / `remove`.
    Read(&'static str),
    /// Not judged, and why.
    NotRead(&'static str),
}

/// One setting of one resource type, builder or post-processor.
#[derive(Clone, Copy, Debug)]
pub struct Row {
    pub tool: Tool,
    /// `resource`, `builder` or `post-processor`.
    pub kind: &'static str,
    /// The resource, builder or post-processor type.
    pub component: &'static str,
    pub setting: &'static str,
    /// The image call it reaches: `create`, `copy`, `import`, `modify`, `share`, `delete`, or
    /// two joined by `/` (Terraform: the call that creates it / the call an update makes).
    pub operation: &'static str,
    pub reach: Reach,
    /// The public file the row was taken from.
    pub source: &'static str,
}

const ALI_IMAGE: &str =
    "aliyun/terraform-provider-alicloud website/docs/r/image.html.markdown (provider 1.227.0+)";
const ALI_COPY: &str = "aliyun/terraform-provider-alicloud website/docs/r/image_copy.html.markdown";
const ALI_IMPORT: &str =
    "aliyun/terraform-provider-alicloud website/docs/r/image_import.html.markdown";
const ALI_SHARE: &str =
    "aliyun/terraform-provider-alicloud website/docs/r/image_share_permission.html.markdown";
const ALI_EXPORT: &str =
    "aliyun/terraform-provider-alicloud website/docs/r/image_export.html.markdown";
const TC_IMAGE: &str =
    "tencentcloudstack/terraform-provider-tencentcloud website/docs/r/image.html.markdown";
const TC_IMPORT: &str = "tencentcloudstack/terraform-provider-tencentcloud website/docs/r/cvm_import_image.html.markdown (tencentcloud/services/cvm/resource_tc_cvm_import_image.md)";
const TC_SYNC: &str = "tencentcloudstack/terraform-provider-tencentcloud website/docs/r/cvm_sync_image.html.markdown (tencentcloud/services/cvm/resource_tc_cvm_sync_image.md)";
const TC_SHARE: &str = "tencentcloudstack/terraform-provider-tencentcloud website/docs/r/cvm_image_share_permission.html.markdown";
const VE_IMAGE: &str =
    "volcengine/terraform-provider-volcengine website/docs/r/image.html.markdown";
const VE_IMPORT: &str =
    "volcengine/terraform-provider-volcengine website/docs/r/image_import.html.markdown";
const VE_SHARE: &str =
    "volcengine/terraform-provider-volcengine website/docs/r/image_share_permission.html.markdown";
const PK_ALI: &str = "hashicorp/packer-plugin-alicloud builder/ecs/image_config.go @ 203f332f4ecbfd76764f16cfa74f116d8d4fd030";
const PK_ALI_DOCS: &str =
    "hashicorp/packer-plugin-alicloud .web-docs/components/builder/alicloud-ecs/README.md";
const PK_ALI_IMPORT: &str = "hashicorp/packer-plugin-alicloud post-processor/alicloud-import/post-processor.go @ 0811aee9ea5a27bfe82d2825562064e7e8826875 (buildImportImageRequest)";
const PK_TC: &str = "hashicorp/packer-plugin-tencentcloud builder/tencentcloud/cvm/image_config.go @ 0b2806721487dd1959b68eba49627e3c3365252b";
const PK_VE: &str = "volcengine/packer-plugin-volcengine builder/ecs/volcengine_ecs_config.go @ 00172e5622a6fc1733845ef7facce8fb24583b31";

const NO_RULE_ID: &str = "an id the library has no rule for (the cloud resolves it)";
const NO_RULE_REGIONS: &str = "region ids: the library has no rule for them";
const NO_RULE_TAGS: &str = "tags: the library has no rule for them";
const DELETE_BY_ID: &str = "DeleteImage takes only an image id: nothing the library judges";
const NOT_TEXT: &str = "a boolean or number, not a value the library judges";
const NO_RULE_OS: &str = "an OS, platform, architecture or format the library has no rule for";
/// A list field the library judges (`check --architecture`, `--platform`, `--os-type`,
/// `--license-type`) that the Terraform readers do not read yet: the attributes are Computed or
/// have a provider default, so a plan that leaves them out shows a value the user never wrote
/// (or marks it unknown until apply), and the readers cannot yet tell the two apart.
const LIST_NOT_READ_TF: &str = "judged by the library's list field of the same name, but not read from Terraform yet: a Computed or defaulted attribute the configuration leaves out shows in the plan as if written";

macro_rules! rows {
    ($tool:ident, $kind:literal, $component:expr, $source:ident, $op:tt: $( $setting:literal => $reach:expr ),+ $(,)?) => {
        [$( Row { tool: Tool::$tool, kind: $kind, component: $component, setting: $setting, operation: $op, reach: $reach, source: $source } ),+]
    };
}

use Reach::{NotRead, Read};

// AWS's and Compute Engine's rows, in a file of their own (the macro above is in scope there).
#[path = "coverage_aws_gcp.rs"]
mod aws_gcp;
pub use aws_gcp::AMAZON_BUILDERS;
use aws_gcp::{packer_aws_gcp, terraform_aws_gcp};

/// The table, grouped by component. Order is the order of the rendered table.
pub fn rows() -> Vec<Row> {
    let mut out = Vec::new();
    out.extend(rows!(Terraform, "resource", "alicloud_image", ALI_IMAGE, "create/modify":
        "image_name" => Read("name"),
        "name" => Read("name"),
        "description" => Read("description"),
        "image_family" => Read("family"),
        "boot_mode" => Read("boot_mode"),
        "license_type" => NotRead("the library has no rule for Alibaba's CreateImage LicenseType"),
        "instance_id" => NotRead(NO_RULE_ID),
        "snapshot_id" => NotRead(NO_RULE_ID),
        "resource_group_id" => NotRead(NO_RULE_ID),
        "architecture" => NotRead(LIST_NOT_READ_TF),
        "platform" => NotRead(LIST_NOT_READ_TF),
        "disk_device_mapping" => NotRead("disk sizes and snapshot ids: no rule in the library"),
        "tags" => NotRead(NO_RULE_TAGS),
        "detection_strategy" => NotRead("an enum the library has no rule for"),
        "features" => NotRead("an enum the library has no rule for"),
    ));
    out.extend(
        rows!(Terraform, "resource", "alicloud_image", ALI_IMAGE, "delete":
            "delete_auto_snapshot" => NotRead(DELETE_BY_ID),
            "force" => NotRead(DELETE_BY_ID),
        ),
    );
    out.extend(
        rows!(Terraform, "resource", "alicloud_image_copy", ALI_COPY, "copy/modify":
            "image_name" => Read("name"),
            "name" => Read("name"),
            "description" => Read("description"),
            "source_image_id" => NotRead(NO_RULE_ID),
            "source_region_id" => NotRead(NO_RULE_REGIONS),
            "encrypted" => NotRead(NOT_TEXT),
            "kms_key_id" => NotRead(NO_RULE_ID),
            "tags" => NotRead(NO_RULE_TAGS),
        ),
    );
    out.extend(rows!(Terraform, "resource", "alicloud_image_import", ALI_IMPORT, "import/modify":
        "image_name" => Read("name"),
        "description" => Read("description"),
        "boot_mode" => Read("boot_mode"),
        "license_type" => NotRead(LIST_NOT_READ_TF),
        "architecture" => NotRead(LIST_NOT_READ_TF),
        "os_type" => NotRead(LIST_NOT_READ_TF),
        "platform" => NotRead(LIST_NOT_READ_TF),
        "disk_device_mapping" => NotRead("OSS buckets and objects, disk sizes: no rule in the library"),
    ));
    out.extend(
        rows!(Terraform, "resource", "alicloud_image_share_permission", ALI_SHARE, "share":
            "account_id" => Read("add"),
            "image_id" => NotRead("the image the accounts are gathered under, not judged itself"),
        ),
    );
    out.extend(
        rows!(Terraform, "resource", "alicloud_image_export", ALI_EXPORT, "export":
            "image_id" => NotRead("ExportImage sets no image attribute the library judges"),
            "oss_bucket" => NotRead("ExportImage sets no image attribute the library judges"),
            "oss_prefix" => NotRead("ExportImage sets no image attribute the library judges"),
        ),
    );
    out.extend(
        rows!(Terraform, "resource", "tencentcloud_image", TC_IMAGE, "create/modify":
            "image_name" => Read("name"),
            "image_description" => Read("description"),
            "image_family" => Read("family"),
            "instance_id" => NotRead(NO_RULE_ID),
            "snapshot_ids" => NotRead(NO_RULE_ID),
            "data_disk_ids" => NotRead(NO_RULE_ID),
            "force_poweroff" => NotRead(NOT_TEXT),
            "sysprep" => NotRead(NOT_TEXT),
        ),
    );
    out.extend(
        rows!(Terraform, "resource", "tencentcloud_cvm_import_image", TC_IMPORT, "import":
            "image_name" => Read("name"),
            "image_description" => Read("description"),
            "boot_mode" => Read("boot_mode"),
            "license_type" => Read("license_type"),
            "architecture" => NotRead(LIST_NOT_READ_TF),
            "os_type" => NotRead("ImportImage OsType takes any value: its list is given only at run time (DescribeImportImageOs)"),
            "os_version" => NotRead(NO_RULE_OS),
            "image_url" => NotRead("a COS URL the library has no rule for"),
            "dry_run" => NotRead(NOT_TEXT),
            "force" => NotRead(NOT_TEXT),
            "tag_specification" => NotRead(NO_RULE_TAGS),
            "tags" => NotRead(NO_RULE_TAGS),
        ),
    );
    out.extend(
        rows!(Terraform, "resource", "tencentcloud_cvm_sync_image", TC_SYNC, "copy":
            "image_name" => Read("name"),
            "image_id" => NotRead(NO_RULE_ID),
            "destination_regions" => NotRead(NO_RULE_REGIONS),
            "image_set_required" => NotRead(NOT_TEXT),
            "encrypt" => NotRead(NOT_TEXT),
            "kms_key_id" => NotRead(NO_RULE_ID),
            "dry_run" => NotRead(NOT_TEXT),
        ),
    );
    out.extend(
        rows!(Terraform, "resource", "tencentcloud_cvm_image_share_permission", TC_SHARE, "share":
            "account_ids" => Read("add"),
            "image_id" => NotRead("the image the accounts are gathered under, not judged itself"),
        ),
    );
    out.extend(
        rows!(Terraform, "resource", "volcengine_image", VE_IMAGE, "create/modify":
            "image_name" => Read("name"),
            "description" => Read("description"),
            "boot_mode" => Read("boot_mode"),
            "instance_id" => NotRead(NO_RULE_ID),
            "snapshot_id" => NotRead(NO_RULE_ID),
            "snapshot_group_id" => NotRead(NO_RULE_ID),
            "create_whole_image" => NotRead(NOT_TEXT),
            "project_name" => NotRead("a project name the library has no rule for"),
            "tags" => NotRead(NO_RULE_TAGS),
        ),
    );
    out.extend(rows!(Terraform, "resource", "volcengine_image_import", VE_IMPORT, "import/modify":
        "image_name" => Read("name"),
        "description" => Read("description"),
        "boot_mode" => Read("boot_mode"),
        "url" => NotRead("a TOS URL the library has no rule for"),
        "platform" => NotRead("ImportImage Platform takes any value: the library could not read its full list"),
        "platform_version" => NotRead(NO_RULE_OS),
        "os_type" => NotRead("judged by the library's os_type (Linux, Windows), but not read: this resource's text spells the value linux, and which case the API takes is not published"),
        "architecture" => NotRead(LIST_NOT_READ_TF),
        "license_type" => NotRead("ImportImage LicenseType takes any value: the library could not read its full list"),
        "project_name" => NotRead("a project name the library has no rule for"),
        "tags" => NotRead(NO_RULE_TAGS),
    ));
    out.extend(
        rows!(Terraform, "resource", "volcengine_image_share_permission", VE_SHARE, "share":
            "account_id" => Read("add"),
            "image_id" => NotRead("the image the accounts are gathered under, not judged itself"),
        ),
    );
    out.extend(rows!(Packer, "builder", "alicloud-ecs", PK_ALI, "create":
        "image_name" => Read("name"),
        "image_description" => Read("description"),
        "image_version" => NotRead("the library has no rule for ImageVersion"),
        "resource_group_id" => NotRead(NO_RULE_ID),
        "image_ignore_data_disks" => NotRead(NOT_TEXT),
        "image_encrypted" => NotRead(NOT_TEXT),
        "tags" => NotRead(NO_RULE_TAGS),
        "tag" => NotRead(NO_RULE_TAGS),
        "system_disk_mapping" => NotRead("disk names and sizes: no image rule in the library"),
        "image_disk_mappings" => NotRead("disk names and sizes: no image rule in the library"),
    ));
    out.extend(
        rows!(Packer, "builder", "alicloud-ecs", PK_ALI_DOCS, "create":
            "target_image_family" => Read("family"),
            "boot_mode" => Read("boot_mode"),
        ),
    );
    out.extend(rows!(Packer, "builder", "alicloud-ecs", PK_ALI, "copy":
        "image_copy_names" => Read("name"),
        "image_copy_regions" => NotRead(NO_RULE_REGIONS),
    ));
    out.extend(rows!(Packer, "builder", "alicloud-ecs", PK_ALI, "share":
        "image_share_account" => Read("add"),
        "image_unshare_account" => Read("remove"),
    ));
    out.extend(rows!(Packer, "builder", "alicloud-ecs", PK_ALI, "delete":
        "image_force_delete" => NotRead(DELETE_BY_ID),
        "image_force_delete_snapshots" => NotRead(DELETE_BY_ID),
        "image_force_delete_instances" => NotRead(DELETE_BY_ID),
    ));
    out.extend(rows!(Packer, "post-processor", "alicloud-import", PK_ALI_IMPORT, "import":
        "image_name" => Read("name"),
        "image_description" => Read("description"),
        "image_os_type" => Read("os_type"),
        "image_platform" => Read("platform"),
        "image_architecture" => Read("architecture"),
        "image_system_size" => NotRead(NOT_TEXT),
        "format" => NotRead(NO_RULE_OS),
        "oss_bucket_name" => NotRead("an OSS bucket the library has no rule for"),
        "oss_key_name" => NotRead("an OSS object the library has no rule for"),
        "image_share_account" => NotRead("declared, but buildImportImageRequest sends no share at this revision"),
        "image_copy_regions" => NotRead("declared, but the post-processor copies nothing at this revision"),
    ));
    out.extend(
        rows!(Packer, "post-processor", "alicloud-import", PK_ALI_IMPORT, "delete":
            "image_force_delete" => NotRead(DELETE_BY_ID),
        ),
    );
    out.extend(
        rows!(Packer, "builder", "tencentcloud-cvm", PK_TC, "create":
            "image_name" => Read("name"),
            "image_description" => Read("description"),
            "reboot" => NotRead(NOT_TEXT),
            "force_poweroff" => NotRead(NOT_TEXT),
            "sysprep" => NotRead(NOT_TEXT),
        ),
    );
    out.extend(rows!(Packer, "builder", "tencentcloud-cvm", PK_TC, "copy":
        "image_copy_regions" => NotRead(NO_RULE_REGIONS),
    ));
    out.extend(rows!(Packer, "builder", "tencentcloud-cvm", PK_TC, "share":
        "image_share_accounts" => Read("add"),
    ));
    out.extend(
        rows!(Packer, "builder", "tencentcloud-cvm", PK_TC, "delete":
            "image_force_delete" => NotRead(DELETE_BY_ID),
        ),
    );
    out.extend(rows!(Packer, "builder", "volcengine-ecs", PK_VE, "create":
        "target_image_name" => Read("name"),
    ));
    out.extend(terraform_aws_gcp());
    out.extend(packer_aws_gcp());
    out
}

/// The component types of `tool` that have a row (read or not).
pub fn components(tool: Tool) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for r in rows().iter().filter(|r| r.tool == tool) {
        if !out.contains(&r.component) {
            out.push(r.component);
        }
    }
    out
}

/// Whether `component` of `tool` belongs to one of the clouds' image families: `not_read` is reported for
/// those the readers do not read.
pub fn of_a_covered_cloud(tool: Tool, component: &str) -> bool {
    // AWS and Google have far more resource types than images: only their image families.
    let prefixes: &[&str] = match tool {
        Tool::Terraform => &[
            "alicloud_",
            "tencentcloud_",
            "volcengine_",
            "aws_ami",
            "google_compute_image",
        ],
        Tool::Packer => &[
            "alicloud-",
            "tencentcloud-",
            "volcengine-",
            "amazon-",
            "googlecompute",
        ],
    };
    prefixes.iter().any(|p| component.starts_with(p))
}

/// Why a component of one of the clouds is not read, or `None` when it is. Terraform
/// resource types that are not about images (`alicloud_instance`) are none of our business;
/// an image type with no row is reported, so a new provider resource is never skipped silently.
pub fn why_not_read(tool: Tool, component: &str) -> Option<String> {
    if !of_a_covered_cloud(tool, component) {
        return None;
    }
    let all = rows();
    let mine: Vec<&Row> = all
        .iter()
        .filter(|r| r.tool == tool && r.component == component)
        .collect();
    if mine.iter().any(|r| matches!(r.reach, Reach::Read(_))) {
        return None;
    }
    if let Some(r) = mine.first() {
        if let Reach::NotRead(why) = r.reach {
            return Some(why.to_string());
        }
    }
    let about_images = match tool {
        // Every aws_ami* type is about an AMI, whatever its name says.
        Tool::Terraform => component.contains("image") || component.starts_with("aws_ami"),
        // Every builder and post-processor of these clouds makes or changes an image.
        Tool::Packer => true,
    };
    about_images.then(|| {
        "not in the coverage table (docs/pipelines.md): its settings are not checked".to_string()
    })
}

/// The table as the Markdown `docs/pipelines.md` shows between its coverage markers.
pub fn markdown() -> String {
    let mut out = String::from(
        "| tool | kind | type | setting | call | read as | source |\n| --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for r in rows() {
        let reach = match r.reach {
            Reach::Read(field) => format!("**{field}**"),
            Reach::NotRead(why) => format!("not read: {why}"),
        };
        out.push_str(&format!(
            "| {} | {} | `{}` | `{}` | {} | {reach} | {} |\n",
            r.tool.key(),
            r.kind,
            r.component,
            r.setting,
            r.operation,
            r.source
        ));
    }
    out
}

/// Every setting the readers read, as (tool, component, setting, operation, field), from the
/// readers' own tables: what `cli/tests/coverage.rs` holds to [`rows`].
pub fn read_by_the_readers() -> Vec<(Tool, &'static str, &'static str, &'static str, &'static str)>
{
    let mut out = Vec::new();
    for r in terraform::IMAGE_RESOURCES {
        for (attribute, field) in r.attributes {
            out.push((
                Tool::Terraform,
                r.resource_type,
                *attribute,
                r.on_create,
                *field,
            ));
        }
    }
    for r in terraform::SHARE_RESOURCES {
        out.push((Tool::Terraform, r.resource_type, r.accounts, "share", "add"));
    }
    for b in packer::BUILDERS {
        for s in b.settings {
            out.push((Tool::Packer, b.builder_type, s.name, s.operation, s.field));
        }
    }
    out
}

/// Which provider a Terraform resource type, Packer builder or post-processor type, or (for
/// request bodies) provider key belongs to.
pub fn provider_of(resource_type: &str) -> Option<image_preflight::Provider> {
    let t = terraform::IMAGE_RESOURCES
        .iter()
        .find(|k| k.resource_type == resource_type)
        .map(|k| k.provider);
    let s = terraform::SHARE_RESOURCES
        .iter()
        .find(|k| k.resource_type == resource_type)
        .map(|k| k.provider);
    let p = packer::BUILDERS
        .iter()
        .find(|b| b.builder_type == resource_type)
        .map(|b| b.provider);
    t.or(s).or(p).or_else(|| resource_type.parse().ok())
}
