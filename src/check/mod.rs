//! The one engine that runs a field rule over a string. No provider is named here: every
//! difference between clouds is data in [`crate::rules`].

use crate::fast::fast_valid;
use crate::report::Report;
use crate::rules::{Empty, Field, FieldRule, Operation, Profile, Provider, ProviderCode};
use crate::text::{Counts, Span, Spans, find_all, starts_with};
use crate::violation::{Code, Subject, Violation};

/// At most this many runs of bad characters, and this many occurrences of one forbidden
/// substring, are reported one by one; the last reported run stretches to cover the rest, so
/// nothing is lost, while a megabyte of alternating bad characters does not become half a
/// million violations.
pub const MAX_RUNS: usize = 32;

mod faults;

use faults::At;

/// Checks one field's value against the provider's rule and collects every violation.
///
/// An empty `value` means the field was sent empty: whether that keeps, clears or is refused
/// is the rule's [`Empty`]. A field the provider does not have is reported as
/// [`Code::NotSupported`], whatever its value.
///
/// ```
/// use image_preflight::{validate, Code, Field, Operation, Profile, Provider};
///
/// let report = validate(Provider::Alibaba, Operation::Modify, Field::Name, "1abc", Profile::Latest);
/// let v = &report.violations[0];
/// assert_eq!(v.code, Code::BadStart);
/// assert_eq!(v.provider_code.unwrap().code, "InvalidImageName.Malformed");
/// assert_eq!((v.span.unwrap().char_start, v.span.unwrap().char_end), (0, 1));
/// ```
#[inline]
pub fn validate(
    provider: Provider,
    operation: Operation,
    field: Field,
    value: &str,
    profile: Profile,
) -> Report {
    // One report, filled where it will be returned: a report holds its first violation
    // inline, and building it in branches and moving it out would copy it on every check.
    let mut report = Report::default();
    validate_into(provider, operation, field, value, profile, &mut report);
    report
}

/// [`validate`] into an empty `report`.
#[inline(always)]
pub(crate) fn validate_into(
    provider: Provider,
    operation: Operation,
    field: Field,
    value: &str,
    profile: Profile,
    report: &mut Report,
) {
    match provider.rules().field(operation, field, profile) {
        Some(rule) => check_into(rule, field, value, report),
        None => {
            report.set_counts(field, Counts::of(value));
            report
                .violations
                .push(Violation::new(field.into(), Code::NotSupported, None));
        }
    }
}

/// Whether `value` breaks no rule: the verdict of [`validate`] without the report, for bulk
/// checks that only sort values into good and bad. Allocates nothing, and stops at the
/// first fault.
pub fn is_valid(
    provider: Provider,
    operation: Operation,
    field: Field,
    value: &str,
    profile: Profile,
) -> bool {
    match provider.rules().field(operation, field, profile) {
        Some(rule) => rule_accepts(rule, field, value),
        None => false,
    }
}

/// Whether `rule` accepts `value`: [`is_valid`] with the rule already looked up, for a batch.
/// The verdict of the fast path, which is exact (see [`crate::fast`]).
#[inline]
pub fn rule_accepts(rule: &FieldRule, _field: Field, value: &str) -> bool {
    fast_valid(rule, value.as_bytes()).is_some()
}

/// Runs `rule` over `value`. The valid path allocates nothing: the report's violation list
/// stays empty and every count is a number.
#[inline(always)]
pub fn check_rule(rule: &FieldRule, field: Field, value: &str) -> Report {
    let mut report = Report::default();
    check_into(rule, field, value, &mut report);
    report
}

/// [`check_rule`] into an empty `report`.
#[inline(always)]
fn check_into(rule: &FieldRule, field: Field, value: &str, report: &mut Report) {
    match fast_valid(rule, value.as_bytes()) {
        Some(counts) => report.set_counts(field, counts),
        None => full_check(rule, field, value, report),
    }
}

/// Every check, collecting every violation into the empty `report`: the path for values the
/// fast path cannot prove.
pub(crate) fn full_check(rule: &FieldRule, field: Field, value: &str, report: &mut Report) {
    if !rule.one_of.is_empty() {
        report.set_counts(field, Counts::of(value));
        if !value.is_empty() && !rule.one_of.contains(&value) {
            let mut v = Violation::new(field.into(), Code::NotOneOf, rule.codes.malformed);
            v.span = Some(Span::of(value, 0, value.len()));
            v.found = Some(value.into());
            v.allowed = Some(rule.one_of);
            report.violations.push(v);
        }
        return;
    }
    if value.is_empty() {
        report.set_counts(field, Counts::default());
        if rule.empty == Empty::Invalid {
            let mut v = Violation::new(field.into(), Code::TooShort, rule.codes.too_short);
            v.span = Some(Span::default());
            v.limit = Some(rule.min_chars.max(1));
            v.actual = Some(0);
            report.violations.push(v);
        }
        return;
    }
    // The start set lies inside the allowed set (a table test holds every table to that), so
    // one bad first char is one fault, not two: the runs of bad chars start after it.
    let first = value.chars().next().expect("value is not empty");
    let bad_start = rule.first.as_ref().is_some_and(|set| !set.contains(first));
    let runs_from = if bad_start && rule.allowed.is_some() {
        first.len_utf8()
    } else {
        0
    };
    let mut found = Found {
        rule,
        subject: field.into(),
        value,
        report,
        refused_ascii: 0,
        runs: 0,
    };
    // One pass finds the bad chars (each run a violation at once, with its span in bytes) and
    // counts; the faults before them in a report (the lengths, the first char) are known
    // only from the counts, so they go in front after it. Every span is counted in the other
    // units at the end, front to back, once it is known whether clusters are chars.
    let scanned = faults::scan(rule, value, runs_from, |start, end| {
        found.bad_char(start, end)
    });
    let counts = scanned.counts;
    found.report.set_counts(field, counts);
    for i in 0..found.runs {
        let span = found.report.violations[i]
            .span
            .expect("a bad run has a span");
        found.report.violations[i].found = Some(value[span.byte_start..span.byte_end].into());
        found.note_refused(span.byte_start, span.byte_end);
    }
    let mut front = 0;
    if counts.chars < rule.min_chars {
        let mut v = found.at(Code::TooShort, rule.codes.too_short, 0, value.len());
        v.limit = Some(rule.min_chars);
        v.actual = Some(counts.chars);
        found.report.violations.insert(front, v);
        front += 1;
    }
    if let Some(max) = rule.max_chars.filter(|&max| counts.chars > max) {
        let cut = if counts.chars == counts.bytes {
            max
        } else {
            byte_offset_of_char(value, max)
        };
        let mut v = found.at(Code::TooLong, rule.codes.too_long, cut, value.len());
        v.limit = Some(max);
        v.actual = Some(counts.chars);
        found.report.violations.insert(front, v);
        front += 1;
    }
    if bad_start {
        let v = found.text(Code::BadStart, 0, first.len_utf8());
        found.report.violations.insert(front, v);
        found.note_refused(0, first.len_utf8());
        front += 1;
    }
    for f in rule.forbidden_prefixes {
        if starts_with(value.as_bytes(), f.text, f.ignore_case) {
            let v = found.text(Code::ForbiddenPrefix, 0, f.text.len());
            found.report.violations.push(v);
        }
    }
    for f in rule.forbidden_substrings {
        // A text with a byte the set refuses can only be where a refused byte was seen (the
        // fast path's proof, made exact for a value with faults): most refused values, such
        // as a name too long or with a bad first letter, are not searched at all.
        if rule
            .allowed
            .as_ref()
            .is_some_and(|set| !set.may_contain(f.needs & !found.refused_ascii))
        {
            continue;
        }
        let mut hits = find_all(value.as_bytes(), f.text, f.ignore_case);
        let mut reported = 0;
        while let Some(at) = hits.next() {
            reported += 1;
            let end = if reported == MAX_RUNS {
                hits.by_ref().last().unwrap_or(at) + f.text.len()
            } else {
                at + f.text.len()
            };
            let v = found.text(Code::ForbiddenSubstring, at, end);
            found.report.violations.push(v);
            if reported == MAX_RUNS {
                break;
            }
        }
    }
    // The runs of bad chars know their places in chars and UTF-16 units from the pass: where
    // clusters are chars, their clusters too.
    let runs = front..front + found.runs;
    let mut spans = Spans::new(value, counts, scanned.one_cluster_per_char);
    for (i, v) in found.report.violations.iter_mut().enumerate() {
        let Some(span) = &mut v.span else { continue };
        if runs.contains(&i) && scanned.one_cluster_per_char {
            (span.grapheme_start, span.grapheme_end) = (span.char_start, span.char_end);
        } else {
            *span = spans.span(span.byte_start, span.byte_end);
        }
    }
}

/// Where the violations of one check go, with what every one of them shares.
struct Found<'a> {
    rule: &'a FieldRule,
    subject: Subject,
    value: &'a str,
    report: &'a mut Report,
    /// The ASCII bytes of every reported bad first character and run of bad characters, in
    /// both cases, as bits (see [`crate::text::ascii_needs`]).
    refused_ascii: u128,
    /// How many runs of bad chars are reported (the first violations, while the chars are
    /// read).
    runs: usize,
}

impl Found<'_> {
    /// A violation at bytes `[start, end)`; its span is counted in the other units later.
    fn at(
        &self,
        code: Code,
        provider_code: Option<ProviderCode>,
        start: usize,
        end: usize,
    ) -> Violation {
        let mut v = Violation::new(self.subject, code, provider_code);
        v.span = Some(Span {
            byte_start: start,
            byte_end: end,
            ..Span::default()
        });
        v
    }

    /// A violation quoting the text it found.
    fn text(&self, code: Code, start: usize, end: usize) -> Violation {
        let mut v = self.at(code, self.rule.codes.malformed, start, end);
        v.found = Some(self.value[start..end].into());
        v
    }

    /// A refused char at `[start, end)`: a new run of bad chars, or the end of the last one
    /// when it touches it or when [`MAX_RUNS`] are reported already (the last stretches to
    /// cover the rest, so nothing is lost while a megabyte of alternating bad chars does not
    /// become half a million violations). No provider publishes what a free-text field
    /// takes, and none documents control characters: the library refuses those itself, with
    /// no provider code.
    fn bad_char(&mut self, start: At, end: At) {
        if let Some(last) = self.runs.checked_sub(1) {
            let span = self.report.violations[last]
                .span
                .as_mut()
                .expect("a run has a span");
            if span.byte_end == start.byte || self.runs == MAX_RUNS {
                (span.byte_end, span.char_end, span.utf16_end) = (end.byte, end.char, end.utf16);
                return;
            }
        }
        let code = self.rule.allowed.as_ref().and(self.rule.codes.malformed);
        let mut v = Violation::new(self.subject, Code::BadChar, code);
        v.span = Some(Span {
            byte_start: start.byte,
            byte_end: end.byte,
            char_start: start.char,
            char_end: end.char,
            utf16_start: start.utf16,
            utf16_end: end.utf16,
            ..Span::default()
        });
        self.report.violations.push(v);
        self.runs += 1;
    }

    /// Keeps the ASCII bytes of `value[start..end]` in [`Found::refused_ascii`].
    fn note_refused(&mut self, start: usize, end: usize) {
        for &b in &self.value.as_bytes()[start..end] {
            if b.is_ascii() {
                self.refused_ascii |= (1 << b) | (1 << b.to_ascii_lowercase());
            }
        }
    }
}

/// The byte offset of the `n`th char of `s` (or `s.len()`).
fn byte_offset_of_char(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests;
