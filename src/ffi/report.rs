//! Validation through C: field checks, whole requests, and the report handle that holds the
//! details.

use super::{bytes_in, ipf_status, ipf_str, text_in, text_out, utf8_in};
use crate::check::{check_after, validate_into};
use crate::fast::Fast;
use crate::outcome::{Answer, Outcome, render};
use crate::report::Report;
use crate::rules::{Field, Operation, Profile, Provider};
use crate::text::{Counts, Span};
use crate::violation::Lang;
use crate::{export, validate};
use std::ffi::c_char;

/// The details of a check: every violation. Create one with `ipf_report_new`, pass it to any
/// number of checks (each replaces what it held, reusing its memory), free it with
/// `ipf_report_free`. Reading one report from several threads at once is safe; a check that
/// fills it needs it to itself.
pub struct ipf_report {
    pub(crate) report: Report,
    /// What the check that filled the report asked, for `ipf_report_to_json`.
    pub(crate) asked: Option<(Provider, Profile, Answer)>,
}

/// The lengths of a value in the four units the library counts.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct ipf_counts {
    pub bytes: usize,
    /// Unicode scalar values: the unit every limit counts.
    pub chars: usize,
    /// UTF-16 code units, as a browser's `maxlength` counts.
    pub utf16: usize,
    pub graphemes: usize,
}

impl From<Counts> for ipf_counts {
    fn from(c: Counts) -> Self {
        ipf_counts {
            bytes: c.bytes,
            chars: c.chars,
            utf16: c.utf16,
            graphemes: c.graphemes,
        }
    }
}

/// The answer to one field check, without a handle.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct ipf_field_check {
    pub valid: bool,
    pub violation_count: usize,
    pub counts: ipf_counts,
}

/// The answer to a request, share change, plan or delete, without a handle.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct ipf_outcome {
    pub valid: bool,
    pub violation_count: usize,
}

/// Where a fault lies, as half-open ranges in four units.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct ipf_span {
    pub byte_start: usize,
    pub byte_end: usize,
    pub char_start: usize,
    pub char_end: usize,
    pub utf16_start: usize,
    pub utf16_end: usize,
    pub grapheme_start: usize,
    pub grapheme_end: usize,
}

impl From<Span> for ipf_span {
    fn from(s: Span) -> Self {
        ipf_span {
            byte_start: s.byte_start,
            byte_end: s.byte_end,
            char_start: s.char_start,
            char_end: s.char_end,
            utf16_start: s.utf16_start,
            utf16_end: s.utf16_end,
            grapheme_start: s.grapheme_start,
            grapheme_end: s.grapheme_end,
        }
    }
}

/// One violation. The message and the offending text are copied out with
/// `ipf_report_message` and `ipf_report_found`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ipf_violation {
    /// An `ipf_subject`: what the violation is about.
    pub subject: u32,
    /// An `ipf_code`: the library's stable code.
    pub code: u32,
    /// The code the cloud would return; `len` 0 and `data` NULL where it has none. Static.
    pub provider_code: ipf_str,
    /// The HTTP status the cloud would answer with; 0 where not documented.
    pub http_status: u16,
    pub has_span: bool,
    pub span: ipf_span,
    pub has_limit: bool,
    pub limit: usize,
    pub has_actual: bool,
    pub actual: usize,
    /// For account faults: the position of the account in its list.
    pub has_index: bool,
    pub index: usize,
}

pub(crate) fn provider_arg(n: u32) -> Result<Provider, ipf_status> {
    Provider::from_number(n).ok_or(ipf_status::UnknownProvider)
}

/// The four numbers that say what a field check is for, each checked.
pub(crate) fn field_args(
    provider: u32,
    operation: u32,
    field: u32,
    profile: u32,
) -> Result<(Provider, Operation, Field, Profile), ipf_status> {
    Ok((
        provider_arg(provider)?,
        value_arg(Operation::from_number(operation))?,
        value_arg(Field::from_number(field))?,
        value_arg(Profile::from_number(profile))?,
    ))
}

pub(crate) fn value_arg<T>(parsed: Option<T>) -> Result<T, ipf_status> {
    parsed.ok_or(ipf_status::UnknownValue)
}

/// Fills the optional out-params of a check from the outcome layer's answer.
///
/// # Safety
/// `outcome` must be writable; `details` NULL or a live report.
pub(crate) unsafe fn finish(
    answer: Outcome,
    outcome: *mut ipf_outcome,
    details: *mut ipf_report,
) -> ipf_status {
    let summary = ipf_outcome {
        valid: answer.report.is_valid(),
        violation_count: answer.report.violations.len(),
    };
    // SAFETY: the caller checked `outcome` and promises `details` is NULL or live.
    unsafe {
        outcome.write(summary);
        if let Some(d) = details.as_mut() {
            d.report = answer.report;
            d.asked = Some((answer.provider, answer.profile, answer.answer));
        }
    }
    ipf_status::Ok
}

/// The status of a call the outcome layer refuses: an unknown name or arguments that do not
/// go together.
pub(crate) fn use_status(e: &crate::Error) -> ipf_status {
    match e {
        crate::Error::Unknown { .. } => ipf_status::UnknownValue,
        crate::Error::UnknownState { .. } => ipf_status::UnknownState,
        _ => ipf_status::InvalidArgument,
    }
}

fn field_check(report: &Report, field: Field) -> ipf_field_check {
    ipf_field_check {
        valid: report.is_valid(),
        violation_count: report.violations.len(),
        counts: report.counts(field).map(Into::into).unwrap_or_default(),
    }
}

fn violation_at(report: &ipf_report, index: usize) -> Result<&crate::Violation, ipf_status> {
    report
        .report
        .violations
        .get(index)
        .ok_or(ipf_status::OutOfRange)
}

/// Creates an empty report. Free it with `ipf_report_free`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_report_new(out: *mut *mut ipf_report) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let report = Box::new(ipf_report { report: Report::default(), asked: None });
        // SAFETY: checked non-NULL.
        unsafe { out.write(Box::into_raw(report)) };
        ipf_status::Ok
    }
}

/// Frees a report from `ipf_report_new`. NULL does nothing.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_report_free(report: *mut ipf_report) {
    ffi_boundary_void! {
        if !report.is_null() {
            // SAFETY: the header requires a pointer from `ipf_report_new`, freed once.
            drop(unsafe { Box::from_raw(report) });
        }
    }
}

/// Checks one field's value (`value_len` bytes of UTF-8 at `value`, not NUL-terminated,
/// at most `IPF_MAX_TEXT_BYTES`; an empty value is sent empty).
///
/// `provider` is an `ipf_provider`, `operation` an `ipf_operation`, `field` an `ipf_field`,
/// `profile` an `ipf_profile`. Writes `*out`; when `details` is not NULL, it receives every
/// violation. A valid value allocates nothing. Safe from any number of threads at once
/// (each with its own `details`).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_validate(
    provider: u32,
    operation: u32,
    field: u32,
    profile: u32,
    value: *const c_char,
    value_len: usize,
    out: *mut ipf_field_check,
    details: *mut ipf_report,
) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let (provider, operation, field, profile) = tri!(field_args(provider, operation, field, profile));
        // SAFETY: the header requires `value_len` readable bytes at `value`.
        let bytes = tri!(unsafe { bytes_in(value, value_len) });
        let rule = provider.rules().field(operation, field, profile);
        // No details asked for: a value the fast path proves valid needs no report at all, nor
        // a UTF-8 check (the fast path accepts only UTF-8); one it refuses goes straight to the
        // report, not through the fast path twice.
        let fast = rule
            .filter(|_| details.is_null())
            .map(|rule| (rule, crate::fast::fast_check::<true>(rule, bytes)));
        if let Some((_, Fast::Valid(counts))) = fast {
            // A report keeps counts for text fields only; a list field whose list is not
            // published (any value passes) takes the text path here, so its counts are dropped
            // to give the answer the report gives.
            let counts = if field.is_text() { counts } else { Counts::default() };
            let check = ipf_field_check {
                valid: true,
                violation_count: 0,
                counts: counts.into(),
            };
            // SAFETY: checked non-NULL.
            unsafe { out.write(check) };
            return ipf_status::Ok;
        }
        let value = tri!(utf8_in(bytes));
        let mut report = Report::default();
        match fast {
            Some((rule, verdict)) => check_after(verdict, rule, field, value, &mut report),
            None => validate_into(provider, operation, field, value, profile, &mut report),
        }
        let check = field_check(&report, field);
        // SAFETY: checked non-NULL; `details` is NULL or live.
        unsafe {
            out.write(check);
            if let Some(d) = details.as_mut() {
                d.report = report;
                d.asked = Some((provider, profile, Answer::Field { operation, field }));
            }
        }
        ipf_status::Ok
    }
}

/// What one field check is for: the provider, operation, field and profile (an
/// `ipf_provider`, `ipf_operation`, `ipf_field` and `ipf_profile`). Fill one once and check any
/// number of values with `ipf_validate_with`.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct ipf_field_options {
    pub provider: u32,
    pub operation: u32,
    pub field: u32,
    pub profile: u32,
}

/// `ipf_validate` with its options in a struct: the same answer, for callers that check many
/// values the same way (and for bindings, where every argument costs).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_validate_with(
    options: *const ipf_field_options,
    value: *const c_char,
    value_len: usize,
    out: *mut ipf_field_check,
    details: *mut ipf_report,
) -> ipf_status {
    ffi_boundary! {
        let o = arg_ref!(options);
        // SAFETY: the caller's pointers are passed on unchanged, under the same contract.
        unsafe { ipf_validate(o.provider, o.operation, o.field, o.profile, value, value_len, out, details) }
    }
}

/// Checks `count` values of one field in one call: `out` must hold `count` entries, and
/// `out[i]` answers `values[i]`. Fetch the violations of an invalid value with
/// `ipf_validate`. Every value is read before anything is written: on any status but OK,
/// `out` is untouched.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_validate_many(
    provider: u32,
    operation: u32,
    field: u32,
    profile: u32,
    values: *const ipf_str,
    count: usize,
    out: *mut ipf_field_check,
) -> ipf_status {
    ffi_boundary! {
        if count > 0 {
            arg_out!(out);
        }
        let (provider, operation, field, profile) = tri!(field_args(provider, operation, field, profile));
        if count > 0 && values.is_null() {
            return ipf_status::NullArgument;
        }
        if count == 0 {
            return ipf_status::Ok;
        }
        // A count no array can hold, or one whose list of texts cannot be allocated, is a
        // status: an allocation that fails would abort the caller's process, and the slices
        // below would not exist.
        let mut texts = Vec::new();
        let widest = size_of::<ipf_str>().max(size_of::<ipf_field_check>());
        if count > isize::MAX as usize / widest || texts.try_reserve_exact(count).is_err() {
            return ipf_status::TooLarge;
        }
        // SAFETY: the header requires `count` readable entries.
        let items = unsafe { std::slice::from_raw_parts(values, count) };
        for s in items {
            // SAFETY: each entry must point to `len` readable bytes.
            texts.push(tri!(unsafe { text_in(s.data, s.len) }));
        }
        // SAFETY: the header requires `count` writable entries at `out`.
        let out = unsafe { std::slice::from_raw_parts_mut(out, count) };
        for (slot, text) in out.iter_mut().zip(texts) {
            *slot = field_check(&validate(provider, operation, field, text, profile), field);
        }
        ipf_status::Ok
    }
}

/// Whether the report holds no violation.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_report_valid(report: *const ipf_report, out: *mut bool) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let report = arg_ref!(report);
        // SAFETY: checked non-NULL.
        unsafe { out.write(report.report.is_valid()) };
        ipf_status::Ok
    }
}

/// How many violations the report holds.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_report_violation_count(
    report: *const ipf_report,
    out: *mut usize,
) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let report = arg_ref!(report);
        // SAFETY: checked non-NULL.
        unsafe { out.write(report.report.violations.len()) };
        ipf_status::Ok
    }
}

/// Violation `index` (from 0). Its `provider_code` is static.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_report_violation(
    report: *const ipf_report,
    index: usize,
    out: *mut ipf_violation,
) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let report = arg_ref!(report);
        let v = tri!(violation_at(report, index));
        let c = ipf_violation {
            subject: v.field as u32,
            code: v.code as u32,
            provider_code: v.provider_code.map_or(ipf_str::EMPTY, |p| ipf_str::from_static(p.code)),
            http_status: v.http_status().unwrap_or(0),
            has_span: v.span.is_some(),
            span: v.span.map(Into::into).unwrap_or_default(),
            has_limit: v.limit.is_some(),
            limit: v.limit.unwrap_or(0),
            has_actual: v.actual.is_some(),
            actual: v.actual.unwrap_or(0),
            has_index: v.index.is_some(),
            index: v.index.unwrap_or(0),
        };
        // SAFETY: checked non-NULL.
        unsafe { out.write(c) };
        ipf_status::Ok
    }
}

/// Copies violation `index`'s message in `lang` (an `ipf_lang`) and a NUL into `buf`
/// (`buf_len` bytes). `*out_len` gets the message's length in bytes without the NUL, also
/// when the status is `IPF_STATUS_BUFFER_TOO_SMALL`; `buf` NULL with `buf_len` 0 asks for
/// the length only.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_report_message(
    report: *const ipf_report,
    index: usize,
    lang: u32,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> ipf_status {
    ffi_boundary! {
        let report = arg_ref!(report);
        let lang = tri!(value_arg(Lang::from_number(lang)));
        let v = tri!(violation_at(report, index));
        // SAFETY: the header requires `buf_len` writable bytes at `buf` and a writable `out_len`.
        unsafe { text_out(&v.message(lang), buf, buf_len, out_len) }
    }
}

/// Copies violation `index`'s offending text (the bad characters, the forbidden prefix as
/// written, the account id; empty where there is none) as `ipf_report_message` does. The
/// text may hold a NUL of its own: `*out_len` is its true length.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_report_found(
    report: *const ipf_report,
    index: usize,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> ipf_status {
    ffi_boundary! {
        let report = arg_ref!(report);
        let v = tri!(violation_at(report, index));
        // SAFETY: as for `ipf_report_message`.
        unsafe { text_out(v.found.as_deref().unwrap_or(""), buf, buf_len, out_len) }
    }
}

/// Value `n` (from 0) of the list a `NOT_ONE_OF` violation's field takes: `IPF_STATUS_OUT_OF_RANGE`
/// past the last one, and for a violation that carries no list. The string is static.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_report_allowed(
    report: *const ipf_report,
    index: usize,
    n: usize,
    out: *mut ipf_str,
) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let report = arg_ref!(report);
        let v = tri!(violation_at(report, index));
        match v.allowed.and_then(|list| list.get(n)) {
            // SAFETY: checked non-NULL.
            Some(value) => unsafe { out.write(ipf_str::from_static(value)) },
            None => return ipf_status::OutOfRange,
        }
        ipf_status::Ok
    }
}

/// The counts of `field`'s value (an `ipf_field`), where the check that filled the report
/// checked it; otherwise `IPF_STATUS_NOT_FOUND`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_report_counts(
    report: *const ipf_report,
    field: u32,
    out: *mut ipf_counts,
) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let report = arg_ref!(report);
        let field = tri!(value_arg(Field::from_number(field)));
        match report.report.counts(field) {
            // SAFETY: checked non-NULL.
            Some(c) => unsafe { out.write(c.into()) },
            None => return ipf_status::NotFound,
        }
        ipf_status::Ok
    }
}

/// Copies the whole answer as JSON, messages in `lang`, as `ipf_report_message` copies text:
/// the shape of `docs/schema/outcome.schema.json` (`{"valid", "violations", "counts", "kind",
/// "provider", "profile", ...}`, with `shared_with` and `request` or `requests` after a share
/// check or plan). A report no check has filled yet gives `{"valid", "violations", "counts"}`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_report_to_json(
    report: *const ipf_report,
    lang: u32,
    buf: *mut c_char,
    buf_len: usize,
    out_len: *mut usize,
) -> ipf_status {
    ffi_boundary! {
        let report = arg_ref!(report);
        let lang = tri!(value_arg(Lang::from_number(lang)));
        let json = match &report.asked {
            Some((provider, profile, answer)) => render(*provider, *profile, answer, &report.report, lang),
            None => export::report_json(&report.report, lang),
        }
        .to_string();
        // SAFETY: as for `ipf_report_message`.
        unsafe { text_out(&json, buf, buf_len, out_len) }
    }
}
