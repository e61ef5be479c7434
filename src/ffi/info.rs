//! What the library is and knows: version, names of enum values, status messages, the rule
//! export.

use super::report::{provider_arg, value_arg};
use super::{IPF_ALL_PROVIDERS, ipf_status, ipf_str, text_in, text_out};
use crate::image::ImageKind;
use crate::rules::{Field, Operation, Profile, Provider};
use crate::violation::{Code, Lang, Subject};
use std::ffi::c_char;

/// The enums whose values `ipf_enum_key` and `ipf_enum_from_key` name.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ipf_enum {
    Provider = 0,
    Operation = 1,
    Field = 2,
    Profile = 3,
    Lang = 4,
    ImageKind = 5,
    Code = 6,
    Subject = 7,
}

/// The key of value `value` of enum `which`, or `None`.
fn key_of(which: u32, value: u32) -> Result<&'static str, ipf_status> {
    let key = match which {
        0 => return provider_arg(value).map(Provider::key),
        1 => Operation::from_number(value).map(Operation::key),
        2 => Field::from_number(value).map(Field::key),
        3 => Profile::from_number(value).map(Profile::key),
        4 => Lang::from_number(value).map(Lang::key),
        5 => ImageKind::from_number(value).map(ImageKind::key),
        6 => Code::from_number(value).map(Code::key),
        7 => Subject::from_number(value).map(Subject::key),
        _ => None,
    };
    value_arg(key)
}

fn number_of(which: u32, key: &str) -> Result<u32, ipf_status> {
    fn n<T: Copy + Into<u32>>(all: &[T], key_of: fn(T) -> &'static str, key: &str) -> Option<u32> {
        all.iter().find(|v| key_of(**v) == key).map(|v| (*v).into())
    }
    let number = match which {
        0 => return n(Provider::ALL, Provider::key, key).ok_or(ipf_status::UnknownProvider),
        1 => n(Operation::ALL, Operation::key, key),
        2 => n(Field::ALL, Field::key, key),
        3 => n(Profile::ALL, Profile::key, key),
        4 => n(Lang::ALL, Lang::key, key),
        5 => n(ImageKind::ALL, ImageKind::key, key),
        6 => n(Code::ALL, Code::key, key),
        7 => n(Subject::ALL, Subject::key, key),
        _ => None,
    };
    value_arg(number)
}

/// The stable key of value `value` of enum `which` (an `ipf_enum`): `"alibaba"`,
/// `"modify"`, `"BAD_START"`, ... Static.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_enum_key(which: u32, value: u32, out: *mut ipf_str) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let key = tri!(key_of(which, value));
        // SAFETY: checked non-NULL.
        unsafe { out.write(ipf_str::from_static(key)) };
        ipf_status::Ok
    }
}

/// The value of enum `which` whose key is `key` (`key_len` bytes): how a binding turns
/// `"alibaba"` into `IPF_PROVIDER_ALIBABA`. An unknown provider gives
/// `IPF_STATUS_UNKNOWN_PROVIDER`, any other unknown key `IPF_STATUS_UNKNOWN_VALUE`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_enum_from_key(
    which: u32,
    key: *const c_char,
    key_len: usize,
    out: *mut u32,
) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        // SAFETY: the header requires `key_len` readable bytes at `key`.
        let key = tri!(unsafe { text_in(key, key_len) });
        let n = tri!(number_of(which, key));
        // SAFETY: checked non-NULL.
        unsafe { out.write(n) };
        ipf_status::Ok
    }
}

/// The library's version, `"MAJOR.MINOR.PATCH"` (static). Compare with the header's
/// `IPF_VERSION` to catch a header and a library that do not belong together.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_version(out: *mut ipf_str) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        // SAFETY: checked non-NULL.
        unsafe { out.write(ipf_str::from_static(env!("CARGO_PKG_VERSION"))) };
        ipf_status::Ok
    }
}

/// `MAJOR * 10000 + MINOR * 100 + PATCH`, as the header's `IPF_VERSION_NUMBER`.
pub(crate) fn version_number() -> u32 {
    let part = |s: &str| s.parse::<u32>().expect("Cargo versions are numbers");
    part(env!("CARGO_PKG_VERSION_MAJOR")) * 10000
        + part(env!("CARGO_PKG_VERSION_MINOR")) * 100
        + part(env!("CARGO_PKG_VERSION_PATCH"))
}

/// The library's version as one number, `MAJOR * 10000 + MINOR * 100 + PATCH`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_version_number(out: *mut u32) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        // SAFETY: checked non-NULL.
        unsafe { out.write(version_number()) };
        ipf_status::Ok
    }
}

/// The name and meaning of each status.
pub(crate) fn status_text(status: u32) -> Option<(&'static str, &'static str)> {
    Some(match status {
        0 => ("IPF_STATUS_OK", "ok"),
        1 => ("IPF_STATUS_NULL_ARGUMENT", "a required pointer was NULL"),
        2 => ("IPF_STATUS_INVALID_UTF8", "a string was not valid UTF-8"),
        3 => (
            "IPF_STATUS_TOO_LARGE",
            "a string or list was over the library's size limit",
        ),
        4 => ("IPF_STATUS_UNKNOWN_PROVIDER", "unknown provider"),
        5 => (
            "IPF_STATUS_UNKNOWN_VALUE",
            "unknown operation, field, profile, language, image kind or enum value",
        ),
        6 => (
            "IPF_STATUS_UNKNOWN_STATE",
            "the provider documents no such image state",
        ),
        7 => ("IPF_STATUS_BUFFER_TOO_SMALL", "the buffer is too small"),
        8 => ("IPF_STATUS_OUT_OF_RANGE", "index out of range"),
        9 => (
            "IPF_STATUS_NOT_FOUND",
            "the report holds no counts for that field",
        ),
        10 => (
            "IPF_STATUS_INVALID_ARGUMENT",
            "arguments that do not fit together",
        ),
        99 => (
            "IPF_STATUS_PANIC",
            "the library panicked (a bug; please report it)",
        ),
        _ => return None,
    })
}

/// The status's name (`"IPF_STATUS_INVALID_UTF8"`) and a short English description, both
/// static. Either out-param may be NULL; an unknown number gives `IPF_STATUS_UNKNOWN_VALUE`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_status_describe(
    status: u32,
    name: *mut ipf_str,
    message: *mut ipf_str,
) -> ipf_status {
    ffi_boundary! {
        let (n, m) = tri!(value_arg(status_text(status)));
        // SAFETY: each is NULL or writable.
        unsafe {
            if let Some(out) = name.as_mut() {
                *out = ipf_str::from_static(n);
            }
            if let Some(out) = message.as_mut() {
                *out = ipf_str::from_static(m);
            }
        }
        ipf_status::Ok
    }
}

/// Copies the rule tables as JSON (`{provider: {operation: {field: {...}}, "share": ...}}`,
/// as `image-preflight rules --format json` prints them) for `provider`, or every provider
/// with `IPF_ALL_PROVIDERS`, under `profile`; as `ipf_report_message` copies text.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_rules_json(
    provider: u32,
    profile: u32,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> ipf_status {
    ffi_boundary! {
        let only = if provider == IPF_ALL_PROVIDERS { None } else { Some(tri!(provider_arg(provider))) };
        let profile = tri!(value_arg(Profile::from_number(profile)));
        let json = crate::export::rules_json(only, profile).to_string();
        // SAFETY: the header requires `buf_len` writable bytes and a writable `out_len`.
        unsafe { text_out(&json, buf, buf_len, out_len) }
    }
}
