//! The one engine that runs a field rule over a string. No provider is named here: every
//! difference between clouds is data in [`crate::rules`].

use crate::excerpt::Excerpt;
use crate::fast::{Fast, fast_check, fast_valid};
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
    check_after(
        fast_check::<true>(rule, value.as_bytes()),
        rule,
        field,
        value,
        report,
    );
}

/// The report of `value` into the empty `report`, once the fast path has found `fast`.
#[inline(always)]
pub(crate) fn check_after(
    fast: Fast,
    rule: &FieldRule,
    field: Field,
    value: &str,
    report: &mut Report,
) {
    match fast {
        Fast::Valid(counts) => report.set_counts(field, counts),
        Fast::CharsTaken { counts, bad_start } => {
            report_taken(rule, field, value, counts, bad_start, report)
        }
        Fast::Refused => full_check(rule, field, value, report),
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
        runs: 0,
    };
    // One pass finds the bad chars (each run a violation at once, its span in all but clusters) and
    // counts; the faults before them in a report (the lengths, the first char) are known
    // only from the counts, so they go in front after it. The runs get their clusters at the
    // end, once the counts tell whether clusters are chars.
    let counts = faults::scan(rule, value, runs_from, |start, end| {
        found.bad_char(start, end)
    });
    // The refused ASCII bytes are read from the runs and a bad first char, if a forbidden
    // text needs them.
    found.finish(field, counts, bad_start.then(|| first.len_utf8()), None);
}

/// The report of a value whose chars the fast path took (see [`Fast::CharsTaken`]): only its
/// length, its first char and its forbidden texts are left to report, and it is not read char
/// by char again.
fn report_taken(
    rule: &FieldRule,
    field: Field,
    value: &str,
    counts: Counts,
    bad_start: Option<usize>,
    report: &mut Report,
) {
    let found = Found {
        rule,
        subject: field.into(),
        value,
        report,
        runs: 0,
    };
    // Every char is one the set takes: the set refused no byte.
    found.finish(field, counts, bad_start, Some(0));
}

/// Where the violations of one check go, with what every one of them shares.
struct Found<'a> {
    rule: &'a FieldRule,
    subject: Subject,
    value: &'a str,
    report: &'a mut Report,
    /// How many runs of bad chars are reported (the first violations, while the chars are
    /// read).
    runs: usize,
}

impl Found<'_> {
    /// The report, once the chars are judged and counted: the counts, the quotes and clusters
    /// of the runs of bad chars, the faults that go before them (the lengths, a bad first char
    /// of `bad_start` bytes) and the forbidden texts after them. `refused` is the set of ASCII
    /// bytes the rule's set refused in the value, as bits, when the caller knows it.
    ///
    /// Each span is counted where its violation is made, in report order (front to back but
    /// for the faults that cover the whole value).
    #[inline(always)]
    fn finish(
        mut self,
        field: Field,
        counts: Counts,
        bad_start: Option<usize>,
        mut refused: Option<u128>,
    ) {
        self.report.set_counts(field, counts);
        let mut spans = Spans::new(self.value, counts);
        // The pass gave the runs their places in bytes, chars and UTF-16 units.
        for v in &mut self.report.violations[..self.runs] {
            let span = v.span.as_mut().expect("a bad run has a span");
            (span.grapheme_start, span.grapheme_end) = spans.clusters(
                span.byte_start,
                span.byte_end,
                (span.char_start, span.char_end),
            );
            Excerpt::set(&mut v.found, &self.value[span.byte_start..span.byte_end]);
        }
        let mut front = 0;
        if counts.chars < self.rule.min_chars {
            let (len, min) = (self.value.len(), self.rule.min_chars);
            let v = self.put(
                &mut spans,
                front,
                Code::TooShort,
                self.rule.codes.too_short,
                0,
                len,
            );
            v.limit = Some(min);
            v.actual = Some(counts.chars);
            front += 1;
        }
        if let Some(max) = self.rule.max_chars.filter(|&max| counts.chars > max) {
            let cut = if counts.chars == counts.bytes {
                max
            } else {
                byte_offset_of_char(self.value, max)
            };
            let len = self.value.len();
            let v = self.put(
                &mut spans,
                front,
                Code::TooLong,
                self.rule.codes.too_long,
                cut,
                len,
            );
            v.limit = Some(max);
            v.actual = Some(counts.chars);
            front += 1;
        }
        if let Some(first_len) = bad_start {
            self.text(&mut spans, front, Code::BadStart, 0, first_len);
        }
        if let Some(last) = &self.rule.last {
            // A last char the set refuses is a bad char already, and a lone char that may not
            // start is one fault, not two.
            let c = self
                .value
                .chars()
                .next_back()
                .expect("a checked value is not empty");
            let at = self.value.len() - c.len_utf8();
            let allowed = self.rule.allowed.as_ref().is_none_or(|set| set.contains(c));
            if allowed && !last.contains(c) && !(at == 0 && bad_start.is_some()) {
                let end = self.report.violations.len();
                self.text(&mut spans, end, Code::BadEnd, at, self.value.len());
            }
        }
        for f in self.rule.forbidden_prefixes {
            if starts_with(self.value.as_bytes(), f.text, f.ignore_case) {
                let end = self.report.violations.len();
                self.text(&mut spans, end, Code::ForbiddenPrefix, 0, f.text.len());
            }
        }
        for f in self.rule.forbidden_substrings {
            // A text with a byte the set refuses can only be where a refused byte was seen (the
            // fast path's proof, made exact for a value with faults): most refused values, such
            // as a name too long or with a bad first letter, are not searched at all.
            if self.rule.allowed.as_ref().is_some_and(|set| {
                !set.may_contain(f.needs & !*refused.get_or_insert_with(|| self.refused_ascii()))
            }) {
                continue;
            }
            let mut hits = find_all(self.value.as_bytes(), f.text, f.ignore_case);
            let mut reported = 0;
            while let Some(at) = hits.next() {
                reported += 1;
                let end = if reported == MAX_RUNS {
                    hits.by_ref().last().unwrap_or(at) + f.text.len()
                } else {
                    at + f.text.len()
                };
                let index = self.report.violations.len();
                self.text(&mut spans, index, Code::ForbiddenSubstring, at, end);
                if reported == MAX_RUNS {
                    break;
                }
            }
        }
    }

    /// A new violation at `index` in the report, at bytes `[start, end)` of the value, to be
    /// filled in place.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn put(
        &mut self,
        spans: &mut Spans,
        index: usize,
        code: Code,
        provider_code: Option<ProviderCode>,
        start: usize,
        end: usize,
    ) -> &mut Violation {
        // Each part is written where it lies once the violation is placed: parts made before
        // and kept aside are stored in pieces and read back whole, which stalls.
        let v = (self.report.violations).insert_new(index, self.subject, code, None);
        v.provider_code = provider_code;
        spans.set(&mut v.span, start, end);
        v
    }

    /// A new violation at `index` quoting the text it found.
    #[inline(always)]
    fn text(&mut self, spans: &mut Spans, index: usize, code: Code, start: usize, end: usize) {
        let value = self.value;
        let v = self.put(spans, index, code, self.rule.codes.malformed, start, end);
        Excerpt::set(&mut v.found, &value[start..end]);
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
        let v = (self.report.violations).insert_new(self.runs, self.subject, Code::BadChar, code);
        v.span = Some(Span {
            byte_start: start.byte,
            byte_end: end.byte,
            char_start: start.char,
            char_end: end.char,
            utf16_start: start.utf16,
            utf16_end: end.utf16,
            ..Span::default()
        });
        self.runs += 1;
    }

    /// The ASCII bytes of the bad first char and of every run of bad chars reported, in both
    /// cases, as bits (see [`crate::text::ascii_needs`]).
    fn refused_ascii(&self) -> u128 {
        let mut bits = 0u128;
        for v in self.report.violations.iter() {
            if let (Code::BadStart | Code::BadChar, Some(span)) = (v.code, v.span) {
                crate::work::add(span.byte_end - span.byte_start);
                for &b in &self.value.as_bytes()[span.byte_start..span.byte_end] {
                    if b.is_ascii() {
                        bits |= (1 << b) | (1 << b.to_ascii_lowercase());
                    }
                }
            }
        }
        bits
    }
}

/// The byte offset of the `n`th char of `s` (or `s.len()`).
fn byte_offset_of_char(s: &str, n: usize) -> usize {
    crate::work::add(n);
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests;
