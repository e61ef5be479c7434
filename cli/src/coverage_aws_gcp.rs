//! The coverage rows of AWS EC2 and Google Compute Engine: the AMI and Compute Engine image
//! resources of Terraform and the amazon and googlecompute Packer plugins.

use super::{
    NO_RULE_ID, NO_RULE_OS, NO_RULE_REGIONS, NO_RULE_TAGS, NOT_TEXT, NotRead, Read, Row, Tool,
};

const AWS_AMI: &str = "hashicorp/terraform-provider-aws website/docs/r/ami.html.markdown";
const AWS_COPY: &str = "hashicorp/terraform-provider-aws website/docs/r/ami_copy.html.markdown (\"also exposes the full set of arguments from the aws_ami resource\")";
const AWS_FROM_INSTANCE: &str = "hashicorp/terraform-provider-aws website/docs/r/ami_from_instance.html.markdown; description: internal/service/ec2/ec2_ami_from_instance.go (CreateImageInput.Description)";
const AWS_LAUNCH: &str =
    "hashicorp/terraform-provider-aws website/docs/r/ami_launch_permission.html.markdown";
const GCE_IMAGE: &str =
    "hashicorp/terraform-provider-google website/docs/r/compute_image.html.markdown";
const GCE_IMAGE_IAM: &str =
    "hashicorp/terraform-provider-google website/docs/r/compute_image_iam.html.markdown";
const PK_AMZ: &str = "hashicorp/packer-plugin-amazon builder/common/ami_config.go, step_modify_ami_attributes.go, step_ami_region_copy.go @ 5028903a63216243753d3b0285cddde196db627c";
const PK_AMZ_OTHER: &str =
    "hashicorp/packer-plugin-amazon @ 5028903a63216243753d3b0285cddde196db627c";
const PK_GCE: &str = "hashicorp/packer-plugin-googlecompute builder/googlecompute/config.go, step_create_image.go @ 9c447ee426da3d5c56747d7aba18bbc7bdf62f94";
const PK_AMZ_IMPORT: &str = "hashicorp/packer-plugin-amazon post-processor/import/post-processor.go @ 5028903a63216243753d3b0285cddde196db627c";
const PK_GCE_IMPORT: &str = "hashicorp/packer-plugin-googlecompute post-processor/googlecompute-import/post-processor.go @ 9c447ee426da3d5c56747d7aba18bbc7bdf62f94";
const PK_GCE_OTHER: &str =
    "hashicorp/packer-plugin-googlecompute @ 9c447ee426da3d5c56747d7aba18bbc7bdf62f94";

/// The amazon builders that make an AMI from the AMI settings they all share.
pub const AMAZON_BUILDERS: &[&str] = &[
    "amazon-ebs",
    "amazon-ebssurrogate",
    "amazon-instance",
    "amazon-chroot",
];

/// AWS and Compute Engine resources.
pub(super) fn terraform_aws_gcp() -> Vec<Row> {
    let mut out = Vec::new();
    const IMAGE_BY_NAME: &str = "an AMI id, resolved by the cloud: the library has no rule for it";
    // RegisterImage, CopyImage and CreateImage; ModifyImageAttribute for a new description.
    for (ty, op, source) in [
        ("aws_ami", "create/modify", AWS_AMI),
        ("aws_ami_copy", "copy/modify", AWS_COPY),
        ("aws_ami_from_instance", "create/modify", AWS_FROM_INSTANCE),
    ] {
        out.extend(rows!(Terraform, "resource", ty, source, op:
            "name" => Read("name"),
            "description" => Read("description"),
            "tags" => NotRead(NO_RULE_TAGS),
            "deprecation_time" => NotRead("a time the library has no rule for (EnableImageDeprecation)"),
        ));
    }
    out.extend(rows!(Terraform, "resource", "aws_ami", AWS_AMI, "create":
        "boot_mode" => NotRead("the library has no rule for AWS's BootMode"),
        "architecture" => NotRead(NO_RULE_OS),
        "virtualization_type" => NotRead(NO_RULE_OS),
        "image_location" => NotRead("an S3 manifest path the library has no rule for"),
        "imds_support" => NotRead("an enum the library has no rule for"),
        "ebs_block_device" => NotRead("disk sizes and snapshot ids: no rule in the library"),
    ));
    out.extend(
        rows!(Terraform, "resource", "aws_ami_copy", AWS_COPY, "copy":
            "source_ami_id" => NotRead(IMAGE_BY_NAME),
            "source_ami_region" => NotRead(NO_RULE_REGIONS),
            "encrypted" => NotRead(NOT_TEXT),
            "kms_key_id" => NotRead(NO_RULE_ID),
        ),
    );
    out.extend(
        rows!(Terraform, "resource", "aws_ami_from_instance", AWS_FROM_INSTANCE, "create":
            "source_instance_id" => NotRead(NO_RULE_ID),
            "snapshot_without_reboot" => NotRead(NOT_TEXT),
        ),
    );
    out.extend(
        rows!(Terraform, "resource", "aws_ami_launch_permission", AWS_LAUNCH, "share":
            "account_id" => Read("add"),
            "group" => Read("add"),
            "organization_arn" => Read("add"),
            "organizational_unit_arn" => Read("add"),
            "image_id" => NotRead("the image the principals are gathered under, not judged itself"),
        ),
    );
    out.extend(
        rows!(Terraform, "resource", "google_compute_image", GCE_IMAGE, "create":
            "name" => Read("name"),
            "family" => Read("family"),
            "description" => Read("description"),
            "labels" => NotRead("labels: the library has no rule for them"),
            "licenses" => NotRead("license URIs: the library has no rule for them"),
            "source_disk" => NotRead(NO_RULE_ID),
            "source_image" => NotRead(NO_RULE_ID),
            "source_snapshot" => NotRead(NO_RULE_ID),
            "raw_disk" => NotRead("a Cloud Storage URL the library has no rule for"),
            "guest_os_features" => NotRead(NO_RULE_OS),
        ),
    );
    const IAM: &str = "IAM: Compute Engine images have no share call, and IAM members are principals the library does not judge";
    for ty in [
        "google_compute_image_iam_member",
        "google_compute_image_iam_binding",
        "google_compute_image_iam_policy",
    ] {
        out.extend(rows!(Terraform, "resource", ty, GCE_IMAGE_IAM, "share":
            "member" => NotRead(IAM),
        ));
    }
    out
}

/// The amazon and googlecompute plugins.
pub(super) fn packer_aws_gcp() -> Vec<Row> {
    let mut out = Vec::new();
    for b in AMAZON_BUILDERS {
        out.extend(rows!(Packer, "builder", *b, PK_AMZ, "create":
            "ami_name" => Read("name"),
            "ami_virtualization_type" => NotRead(NO_RULE_OS),
            "tags" => NotRead(NO_RULE_TAGS),
            "encrypt_boot" => NotRead(NOT_TEXT),
            "kms_key_id" => NotRead(NO_RULE_ID),
        ));
        out.extend(rows!(Packer, "builder", *b, PK_AMZ, "modify":
            "ami_description" => Read("description"),
            "ami_product_codes" => NotRead("product codes: the library has no rule for them"),
            "imds_support" => NotRead("an enum the library has no rule for"),
            "deprecate_at" => NotRead("a time the library has no rule for (EnableImageDeprecation)"),
        ));
        out.extend(rows!(Packer, "builder", *b, PK_AMZ, "share":
            "ami_users" => Read("add"),
            "ami_groups" => Read("add"),
            "ami_org_arns" => Read("add"),
            "ami_ou_arns" => Read("add"),
            "snapshot_users" => NotRead("ModifySnapshotAttribute: the snapshots' permissions, not the image's"),
            "snapshot_groups" => NotRead("ModifySnapshotAttribute: the snapshots' permissions, not the image's"),
        ));
        out.extend(rows!(Packer, "builder", *b, PK_AMZ, "copy":
            "ami_regions" => NotRead("region ids: the library has no rule for them. Each copy is a CopyImage named ami_name, whose rule is CreateImage's (a test holds the two to each other), so ami_name is judged once; StepAMIRegionCopy sends no description"),
            "region_kms_key_ids" => NotRead(NO_RULE_ID),
        ));
        out.extend(rows!(Packer, "builder", *b, PK_AMZ, "delete":
            "force_deregister" => NotRead("DeregisterImage takes only an image id: nothing the library judges"),
            "force_delete_snapshot" => NotRead("DeleteSnapshot takes only a snapshot id: nothing the library judges"),
        ));
    }
    out.extend(
        rows!(Packer, "builder", "amazon-ebsvolume", PK_AMZ_OTHER, "create":
            "ebs_volumes" => NotRead("makes EBS volumes, no AMI"),
        ),
    );
    out.extend(
        rows!(Packer, "post-processor", "amazon-import", PK_AMZ_IMPORT, "copy":
            "ami_name" => Read("name"),
        ),
    );
    out.extend(
        rows!(Packer, "post-processor", "amazon-import", PK_AMZ_IMPORT, "modify":
            "ami_description" => Read("description"),
        ),
    );
    out.extend(
        rows!(Packer, "post-processor", "amazon-import", PK_AMZ_IMPORT, "share":
            "ami_users" => Read("add"),
            "ami_groups" => Read("add"),
            "ami_org_arns" => Read("add"),
            "ami_ou_arns" => Read("add"),
        ),
    );
    out.extend(
        rows!(Packer, "post-processor", "amazon-import", PK_AMZ_IMPORT, "import":
            "s3_bucket_name" => NotRead("an S3 bucket the library has no rule for"),
            "s3_key_name" => NotRead("an S3 object the library has no rule for"),
            "license_type" => NotRead("the library has no rule for AWS's ImportImage LicenseType"),
            "boot_mode" => NotRead("the library has no rule for AWS's BootMode"),
            "format" => NotRead(NO_RULE_OS),
            "platform" => NotRead(NO_RULE_OS),
            "architecture" => NotRead(NO_RULE_OS),
            "role_name" => NotRead("an IAM role the library has no rule for"),
        ),
    );
    out.extend(rows!(Packer, "builder", "googlecompute", PK_GCE, "create":
        "image_name" => Read("name"),
        "image_family" => Read("family"),
        "image_description" => Read("description"),
        "image_labels" => NotRead("labels: the library has no rule for them"),
        "image_licenses" => NotRead("license URIs: the library has no rule for them"),
        "image_project_id" => NotRead(NO_RULE_ID),
        "image_storage_locations" => NotRead(NO_RULE_REGIONS),
        "image_encryption_key" => NotRead(NO_RULE_ID),
        "image_guest_os_features" => NotRead(NO_RULE_OS),
        "image_architecture" => NotRead(NO_RULE_OS),
    ));
    out.extend(
        rows!(Packer, "post-processor", "googlecompute-import", PK_GCE_IMPORT, "import":
            "image_name" => Read("name"),
            "image_family" => Read("family"),
            "image_description" => Read("description"),
            "image_labels" => NotRead("labels: the library has no rule for them"),
            "image_storage_locations" => NotRead(NO_RULE_REGIONS),
            "image_guest_os_features" => NotRead(NO_RULE_OS),
            "image_architecture" => NotRead(NO_RULE_OS),
            "bucket" => NotRead("a Cloud Storage bucket the library has no rule for"),
            "gcs_object_name" => NotRead("a Cloud Storage object the library has no rule for"),
        ),
    );
    out.extend(rows!(Packer, "post-processor", "googlecompute-export", PK_GCE_OTHER, "export":
        "paths" => NotRead("exports an image to Cloud Storage: sets no image attribute the library judges"),
    ));
    out
}
