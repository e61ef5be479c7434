//! Whole requests through C: the attributes one request sets, judged alone or against an
//! image.

use super::image::ipf_image;
use super::report::{finish, ipf_outcome, ipf_report, provider_arg, use_status, value_arg};
use super::{IPF_DEPRECATED_UNSET, ipf_status, ipf_str, text_in};
use crate::rules::{Operation, Profile};
use crate::{AttributeChange, outcome};

/// The attributes one request sets (ModifyImageAttribute, CreateImage, CopyImage / SyncImages
/// or ImportImage). A string with `data` NULL is not sent; `deprecated` is
/// `IPF_DEPRECATED_UNSET` (-1), 0 or 1. `boot_mode`, `status` and `license_type` were appended
/// in 0.2.0; `architecture`, `platform`, `os_type`, `nvme_support` and `imds_support` in 0.3.0
/// (set them to `{NULL, 0}`, not sent, when a caller built for 0.2 is rebuilt).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ipf_attributes {
    pub name: ipf_str,
    pub description: ipf_str,
    pub family: ipf_str,
    pub deprecated: i32,
    /// `BootMode`.
    pub boot_mode: ipf_str,
    /// Alibaba `Status` (`Available` or `Deprecated`).
    pub status: ipf_str,
    /// `LicenseType` (ImportImage; Alibaba ModifyImageAttribute).
    pub license_type: ipf_str,
    /// `Architecture`.
    pub architecture: ipf_str,
    /// `Platform`.
    pub platform: ipf_str,
    /// `OSType` / `OsType`.
    pub os_type: ipf_str,
    /// Alibaba `Features.NvmeSupport`.
    pub nvme_support: ipf_str,
    /// Alibaba `Features.ImdsSupport`.
    pub imds_support: ipf_str,
}

pub(crate) fn nullable_text<'a>(s: &ipf_str) -> Result<Option<&'a str>, ipf_status> {
    if s.data.is_null() {
        return if s.len == 0 {
            Ok(None)
        } else {
            Err(ipf_status::NullArgument)
        };
    }
    // SAFETY: the caller promises `len` readable bytes at `data`.
    unsafe { text_in(s.data, s.len) }.map(Some)
}

/// Checks a whole request for `operation` (an `ipf_operation`: ModifyImageAttribute,
/// CreateImage, CopyImage / SyncImages or ImportImage): every field sent, and the deprecation
/// switch. When `image` is not NULL, the request is a modify judged against
/// that image too (a Tencent image shared with you cannot be renamed; an Alibaba image
/// shared with others cannot be deprecated); it must be of `provider`, and `operation`
/// must then be modify (else `IPF_STATUS_INVALID_ARGUMENT`). A request that sends no field
/// and no switch is `IPF_STATUS_INVALID_ARGUMENT` too (since 0.3.0; it was valid before), as
/// in every other face.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_validate_request(
    provider: u32,
    operation: u32,
    profile: u32,
    request: *const ipf_attributes,
    image: *const ipf_image,
    out: *mut ipf_outcome,
    details: *mut ipf_report,
) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let request = arg_ref!(request);
        let provider = tri!(provider_arg(provider));
        let operation = tri!(value_arg(Operation::from_number(operation)));
        let profile = tri!(value_arg(Profile::from_number(profile)));
        let deprecated = match request.deprecated {
            IPF_DEPRECATED_UNSET => None,
            0 => Some(false),
            1 => Some(true),
            _ => return ipf_status::InvalidArgument,
        };
        let change = AttributeChange {
            name: tri!(nullable_text(&request.name)),
            description: tri!(nullable_text(&request.description)),
            family: tri!(nullable_text(&request.family)),
            boot_mode: tri!(nullable_text(&request.boot_mode)),
            status: tri!(nullable_text(&request.status)),
            license_type: tri!(nullable_text(&request.license_type)),
            architecture: tri!(nullable_text(&request.architecture)),
            platform: tri!(nullable_text(&request.platform)),
            os_type: tri!(nullable_text(&request.os_type)),
            nvme_support: tri!(nullable_text(&request.nvme_support)),
            imds_support: tri!(nullable_text(&request.imds_support)),
            deprecated,
        };
        // SAFETY: the header requires NULL or a live image.
        let image = unsafe { image.as_ref() }.map(|i| &i.facts);
        let answer = match outcome::request(provider, operation, profile, &change, image) {
            Ok(answer) => answer,
            Err(e) => return use_status(&e),
        };
        // SAFETY: `out` checked; `details` NULL or live.
        unsafe { finish(answer, out, details) }
    }
}
