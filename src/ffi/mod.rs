//! The C ABI: every `ipf_` function, over the same engine the Rust API uses.
//!
//! Conventions (stated once for C users in docs/c-api.md, "API conventions"):
//! - every function returns an [`ipf_status`] with a stable number; free functions return
//!   nothing;
//! - results go through out-params, written only when the status is `IPF_STATUS_OK` (the one
//!   exception: a buffer too small learns the length it needs);
//! - strings in are pointer + length, UTF-8, at most [`IPF_MAX_TEXT_BYTES`]; NULL pointers,
//!   invalid UTF-8 and oversize input each have their own status;
//! - every export runs inside the `ffi_boundary!` panic boundary: a panic becomes
//!   `IPF_STATUS_PANIC` and never unwinds into C;
//! - each handle has exactly one free function, and freeing NULL does nothing.

#![allow(non_camel_case_types)]
#![allow(clippy::missing_safety_doc)] // every export's safety contract is in the header docs

#[macro_use]
mod boundary;
mod image;
mod info;
mod packed;
mod report;
mod request;
mod subject;

pub use image::*;
pub use info::*;
pub use packed::*;
pub use report::*;
pub use request::*;
pub use subject::*;

use std::ffi::c_char;

/// What a call did. The numbers are stable: new statuses get new numbers.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ipf_status {
    /// The call did what it says; out-params are written.
    Ok = 0,
    /// A required pointer was NULL.
    NullArgument = 1,
    /// A string was not valid UTF-8.
    InvalidUtf8 = 2,
    /// A string or list was over its documented limit ([`IPF_MAX_TEXT_BYTES`], [`IPF_MAX_ACCOUNTS`]).
    TooLarge = 3,
    /// A provider number or name the library does not know.
    UnknownProvider = 4,
    /// An operation, field, profile, language, image kind, list or enum number or name the
    /// library does not know.
    UnknownValue = 5,
    /// An image state the provider does not document.
    UnknownState = 6,
    /// The caller's buffer cannot hold the text and its NUL; `*out_len` says how many bytes
    /// the text needs (without the NUL).
    BufferTooSmall = 7,
    /// An index past the end of a list.
    OutOfRange = 8,
    /// A report holds no counts for that field: it was not checked.
    NotFound = 9,
    /// Arguments that do not fit together (an image of another provider, a `deprecated` other
    /// than -1, 0 or 1, an image with a CreateImage request).
    InvalidArgument = 10,
    /// The library panicked: a bug. The call had no effect on its arguments.
    Panic = 99,
}

/// A string as pointer + length, UTF-8, not NUL-terminated.
///
/// In: `data` may be NULL only where a function says so (with `len` 0). Out: strings the
/// library hands out live as long as the library (static tables) or as long as the handle
/// they come from, as each function says. Print one with `printf("%.*s", (int)s.len, s.data)`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ipf_str {
    pub data: *const c_char,
    pub len: usize,
}

impl ipf_str {
    pub(crate) fn from_static(s: &'static str) -> ipf_str {
        ipf_str {
            data: s.as_ptr().cast(),
            len: s.len(),
        }
    }

    /// Borrows a string the library owns (from a handle) for as long as the handle.
    pub(crate) fn borrowed(s: &str) -> ipf_str {
        ipf_str {
            data: s.as_ptr().cast(),
            len: s.len(),
        }
    }

    pub(crate) const EMPTY: ipf_str = ipf_str {
        data: std::ptr::null(),
        len: 0,
    };
}

/// The longest string the library takes, in bytes (4 MiB): far past every limit of every
/// provider, so a longer input is a mistake, not a name.
pub const IPF_MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;

// The C ABI's limit is the core's one limit (cbindgen writes only a literal into the header).
const _: () = assert!(IPF_MAX_TEXT_BYTES == crate::MAX_TEXT_BYTES);

/// The longest account list the library takes in one call.
pub const IPF_MAX_ACCOUNTS: usize = 1024 * 1024;

/// `provider` argument of `ipf_rules_json`: every provider.
pub const IPF_ALL_PROVIDERS: u32 = u32::MAX;

/// `deprecated` of `ipf_attributes`: the switch is not sent. Written into the header by
/// tests/header.rs as `(-1)`: cbindgen would write a bare `-1`, which misparses after a `-`.
pub const IPF_DEPRECATED_UNSET: i32 = -1;

/// Reads `len` bytes at `data` as UTF-8.
///
/// # Safety
/// `data` must be NULL or point to `len` readable bytes.
pub(crate) unsafe fn text_in<'a>(data: *const c_char, len: usize) -> Result<&'a str, ipf_status> {
    // SAFETY: passed on under the same contract.
    utf8_in(unsafe { bytes_in(data, len) }?)
}

/// Reads `len` bytes at `data`, not yet checked as UTF-8.
///
/// # Safety
/// `data` must be NULL or point to `len` readable bytes.
pub(crate) unsafe fn bytes_in<'a>(data: *const c_char, len: usize) -> Result<&'a [u8], ipf_status> {
    if data.is_null() {
        return Err(ipf_status::NullArgument);
    }
    if len > IPF_MAX_TEXT_BYTES {
        return Err(ipf_status::TooLarge);
    }
    // SAFETY: the caller promises `len` readable bytes at the non-NULL `data`.
    Ok(unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) })
}

/// The text of bytes from [`bytes_in`].
pub(crate) fn utf8_in(bytes: &[u8]) -> Result<&str, ipf_status> {
    std::str::from_utf8(bytes).map_err(|_| ipf_status::InvalidUtf8)
}

/// Reads an array of `count` strings.
///
/// # Safety
/// `items` must be NULL (with `count` 0) or point to `count` readable `ipf_str`, each of which
/// satisfies [`text_in`].
pub(crate) unsafe fn list_in<'a>(
    items: *const ipf_str,
    count: usize,
) -> Result<Vec<&'a str>, ipf_status> {
    if count == 0 {
        return Ok(Vec::new());
    }
    if items.is_null() {
        return Err(ipf_status::NullArgument);
    }
    if count > IPF_MAX_ACCOUNTS {
        return Err(ipf_status::TooLarge);
    }
    // SAFETY: the caller promises `count` readable items.
    let items = unsafe { std::slice::from_raw_parts(items, count) };
    items
        .iter()
        // SAFETY: the caller promises each item is readable as `text_in` needs.
        .map(|s| unsafe { text_in(s.data, s.len) })
        .collect()
}

/// Copies `text` and a NUL into the caller's buffer.
///
/// `buf` may be NULL when `buf_len` is 0: a size query, answered with
/// `IPF_STATUS_BUFFER_TOO_SMALL` and the length needed.
///
/// # Safety
/// `buf` must be NULL or point to `buf_len` writable bytes; `out_len` must be NULL or writable.
pub(crate) unsafe fn text_out(
    text: &str,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> ipf_status {
    if out_len.is_null() || (buf.is_null() && buf_len > 0) {
        return ipf_status::NullArgument;
    }
    // SAFETY: checked non-NULL; the caller promises it is writable.
    unsafe { out_len.write(text.len()) };
    if buf.is_null() || buf_len < text.len() + 1 {
        return ipf_status::BufferTooSmall;
    }
    // SAFETY: `buf` holds at least `text.len() + 1` writable bytes, and cannot overlap `text`,
    // which the library owns.
    unsafe {
        std::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), text.len());
        buf.add(text.len()).write(0);
    }
    ipf_status::Ok
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod outcome_tests;
