//! Whole requests through C: the attributes one request sets, judged alone or against an
//! image.

use super::image::ipf_image;
use super::report::{finish, ipf_outcome, ipf_report, provider_arg, use_status, value_arg};
use super::{IPF_DEPRECATED_UNSET, ipf_status, ipf_str, text_in};
use crate::rules::{Field, Operation, Profile};
use crate::{AttributeChange, outcome};

/// The attributes one request sets (ModifyImageAttribute, CreateImage, CopyImage / SyncImages
/// or ImportImage). A string with `data` NULL is not sent; `deprecated` is
/// `IPF_DEPRECATED_UNSET` (-1), 0 or 1. `boot_mode`, `status` and `license_type` were appended
/// in 0.2.0. This layout is frozen: callers allocate it, so a field appended here would be read
/// past the end of a struct compiled against an older header. Every other field reaches the
/// library through `ipf_validate_request_fields`.
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
}

/// One field a request sends: `field` is an `ipf_field`, `value` its UTF-8 text (an empty
/// value is sent empty; `data` may be NULL only with `len` 0).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ipf_field_value {
    pub field: u32,
    pub value: ipf_str,
}

/// The most pairs `ipf_validate_request_fields` takes: a request names each field at most once,
/// so more pairs than fields is a mistake whatever they hold (a generous bound, so appended
/// fields never meet it).
pub const IPF_MAX_FIELD_VALUES: usize = 1024;

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
        let deprecated = tri!(deprecated_arg(request.deprecated));
        let mut change = AttributeChange { deprecated, ..AttributeChange::default() };
        // The fields this struct has had since 0.2.0, and no other: see `ipf_attributes`.
        let texts = [
            (Field::Name, &request.name),
            (Field::Description, &request.description),
            (Field::Family, &request.family),
            (Field::BootMode, &request.boot_mode),
            (Field::Status, &request.status),
            (Field::LicenseType, &request.license_type),
        ];
        for (field, text) in texts {
            change.set(field, tri!(nullable_text(text)));
        }
        // SAFETY: the header requires NULL or a live image.
        unsafe { judge(provider, operation, profile, &change, image, out, details) }
    }
}

/// Checks a whole request, as `ipf_validate_request` does, given as `count` (field, value)
/// pairs at `fields` (NULL only when `count` is 0), in any order: every field the library
/// knows, including those `ipf_attributes` lacks, and any appended later, without a new
/// struct. `deprecated` is `IPF_DEPRECATED_UNSET` (-1), 0 or 1.
///
/// A field number the library does not know is `IPF_STATUS_UNKNOWN_VALUE`; a field given twice,
/// or a `deprecated` other than -1, 0 or 1, is `IPF_STATUS_INVALID_ARGUMENT`; more than
/// `IPF_MAX_FIELD_VALUES` pairs is `IPF_STATUS_TOO_LARGE`. A value is read as `ipf_validate`
/// reads one (NULL with a length, invalid UTF-8, over `IPF_MAX_TEXT_BYTES` each have their
/// status). Every pair is read before anything is judged; `*out` and `details` are written
/// only on `IPF_STATUS_OK`. `image`, `out` and `details` are as in `ipf_validate_request`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_validate_request_fields(
    provider: u32,
    operation: u32,
    profile: u32,
    fields: *const ipf_field_value,
    count: usize,
    deprecated: i32,
    image: *const ipf_image,
    out: *mut ipf_outcome,
    details: *mut ipf_report,
) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let provider = tri!(provider_arg(provider));
        let operation = tri!(value_arg(Operation::from_number(operation)));
        let profile = tri!(value_arg(Profile::from_number(profile)));
        let deprecated = tri!(deprecated_arg(deprecated));
        let pairs: &[ipf_field_value] = if count == 0 {
            &[]
        } else if fields.is_null() {
            return ipf_status::NullArgument;
        } else if count > IPF_MAX_FIELD_VALUES {
            return ipf_status::TooLarge;
        } else {
            // SAFETY: the header requires `count` readable pairs at the non-NULL `fields`.
            unsafe { std::slice::from_raw_parts(fields, count) }
        };
        let mut change = AttributeChange { deprecated, ..AttributeChange::default() };
        for pair in pairs {
            let field = tri!(value_arg(Field::from_number(pair.field)));
            // `{NULL, 0}` is an empty value: a pair always sends its field.
            let value = tri!(nullable_text(&pair.value)).unwrap_or_default();
            if let Err(e) = change.send(field, value) {
                return use_status(&e);
            }
        }
        // SAFETY: the header requires NULL or a live image.
        unsafe { judge(provider, operation, profile, &change, image, out, details) }
    }
}

/// The deprecation switch as C gives it.
fn deprecated_arg(n: i32) -> Result<Option<bool>, ipf_status> {
    match n {
        IPF_DEPRECATED_UNSET => Ok(None),
        0 => Ok(Some(false)),
        1 => Ok(Some(true)),
        _ => Err(ipf_status::InvalidArgument),
    }
}

/// The outcome layer's answer to a request, into the out-params.
///
/// # Safety
/// `image` NULL or live; `out` checked non-NULL; `details` NULL or live.
unsafe fn judge(
    provider: crate::Provider,
    operation: Operation,
    profile: Profile,
    change: &AttributeChange<'_>,
    image: *const ipf_image,
    out: *mut ipf_outcome,
    details: *mut ipf_report,
) -> ipf_status {
    // SAFETY: the caller promises NULL or a live image.
    let image = unsafe { image.as_ref() }.map(|i| &i.facts);
    match outcome::request(provider, operation, profile, change, image) {
        // SAFETY: passed on under the caller's contract.
        Ok(answer) => unsafe { finish(answer, out, details) },
        Err(e) => use_status(&e),
    }
}
