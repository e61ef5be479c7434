//! The one engine that runs a field rule over a string. No provider is named here: every
//! difference between clouds is data in [`crate::rules`].

use crate::fast::{fast_valid, is_stray_control};
use crate::report::Report;
use crate::rules::{Empty, Field, FieldRule, Operation, Profile, Provider, ProviderCode};
use crate::text::{Counts, Span, Spans, find_all, starts_with};
use crate::violation::{Code, Subject, Violation};

/// At most this many runs of bad characters, and this many occurrences of one forbidden
/// substring, are reported one by one; the last reported run stretches to cover the rest, so
/// nothing is lost, while a megabyte of alternating bad characters does not become half a
/// million violations.
pub const MAX_RUNS: usize = 32;

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
    let (counts, one_cluster_per_char) = Counts::scan(value);
    report.set_counts(field, counts);
    let mut found = Found {
        rule,
        subject: field.into(),
        value,
        spans: Spans::new(value, counts, one_cluster_per_char),
        report,
        refused_ascii: 0,
    };
    if !rule.one_of.is_empty() {
        if !value.is_empty() && !rule.one_of.contains(&value) {
            let mut v = Violation::new(field.into(), Code::NotOneOf, rule.codes.malformed);
            v.span = Some(Span::of(value, 0, value.len()));
            v.found = Some(value.into());
            v.allowed = Some(rule.one_of);
            found.report.violations.push(v);
        }
        return;
    }
    if value.is_empty() {
        if rule.empty == Empty::Invalid {
            found.length(
                Code::TooShort,
                rule.codes.too_short,
                0,
                0,
                rule.min_chars.max(1),
                0,
            );
        }
        return;
    }
    if counts.chars < rule.min_chars {
        found.length(
            Code::TooShort,
            rule.codes.too_short,
            0,
            value.len(),
            rule.min_chars,
            counts.chars,
        );
    }
    if let Some(max) = rule.max_chars.filter(|&max| counts.chars > max) {
        let cut = byte_offset_of_char(value, max);
        found.length(
            Code::TooLong,
            rule.codes.too_long,
            cut,
            value.len(),
            max,
            counts.chars,
        );
    }
    let mut scan_from = 0;
    if let Some(first) = &rule.first {
        let c = value.chars().next().expect("value is not empty");
        if !first.contains(c) {
            found.text(Code::BadStart, 0, c.len_utf8());
            found.note_refused(0, c.len_utf8());
            // The start set lies inside the allowed set (a table test holds every table to
            // that), so one bad first character is one fault, not two.
            scan_from = c.len_utf8();
        }
    }
    match &rule.allowed {
        // An ASCII rest the set takes whole (a value refused for its length, say) is proven
        // clean 16 bytes at a time rather than char by char.
        Some(allowed) if allowed.all_ascii_in(&value.as_bytes()[scan_from..]) => {}
        Some(allowed) => found.bad_chars(scan_from, |c| allowed.contains(c), rule.codes.malformed),
        // No provider publishes what a free-text field takes, and none documents control
        // characters: a NUL or an escape code in an image name is surely a mistake, so the
        // library refuses them itself (with no provider code: the cloud's answer is unknown).
        // TAB, LF and CR stay allowed: a description may have lines.
        None if value.bytes().any(is_stray_control) => {
            found.bad_chars(0, |c| !c.is_ascii() || !is_stray_control(c as u8), None)
        }
        None => {}
    }
    for f in rule.forbidden_prefixes {
        if starts_with(value.as_bytes(), f.text, f.ignore_case) {
            found.text(Code::ForbiddenPrefix, 0, f.text.len());
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
            if reported == MAX_RUNS {
                let last = hits.by_ref().last().unwrap_or(at);
                found.text(Code::ForbiddenSubstring, at, last + f.text.len());
                break;
            }
            found.text(Code::ForbiddenSubstring, at, at + f.text.len());
        }
    }
}

/// Where the violations of one check go, with what every one of them shares.
struct Found<'a> {
    rule: &'a FieldRule,
    subject: Subject,
    value: &'a str,
    spans: Spans<'a>,
    report: &'a mut Report,
    /// The ASCII bytes of every reported bad first character and run of bad characters, in
    /// both cases, as bits (see [`crate::text::ascii_needs`]).
    refused_ascii: u128,
}

impl Found<'_> {
    fn length(
        &mut self,
        code: Code,
        provider_code: Option<ProviderCode>,
        start: usize,
        end: usize,
        limit: usize,
        actual: usize,
    ) {
        let mut v = Violation::new(self.subject, code, provider_code);
        v.span = Some(self.spans.span(start, end));
        v.limit = Some(limit);
        v.actual = Some(actual);
        self.report.violations.push(v);
    }

    fn text(&mut self, code: Code, start: usize, end: usize) {
        self.text_with(code, start, end, self.rule.codes.malformed);
    }

    fn text_with(
        &mut self,
        code: Code,
        start: usize,
        end: usize,
        provider_code: Option<ProviderCode>,
    ) {
        let mut v = Violation::new(self.subject, code, provider_code);
        v.span = Some(self.spans.span(start, end));
        v.found = Some(self.value[start..end].into());
        self.report.violations.push(v);
    }

    /// Every run of chars `ok` refuses, from byte `from` on, as `BAD_CHAR`.
    fn bad_chars(
        &mut self,
        from: usize,
        ok: impl Fn(char) -> bool,
        provider_code: Option<ProviderCode>,
    ) {
        let mut runs = bad_runs(self.value, from, ok);
        let mut reported = 0;
        while let Some((start, mut end)) = runs.next() {
            reported += 1;
            if reported == MAX_RUNS {
                for (_, rest_end) in runs.by_ref() {
                    end = rest_end;
                }
            }
            self.text_with(Code::BadChar, start, end, provider_code);
            self.note_refused(start, end);
        }
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
    if s.is_ascii() {
        return n.min(s.len());
    }
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// Maximal runs `[start, end)` of chars that `ok` refuses, from byte `from` on.
///
/// ASCII bytes are tested one by one without decoding: a multi-byte char never contains an
/// ASCII byte, so a byte < 0x80 is always a whole char.
fn bad_runs<'a>(
    value: &'a str,
    from: usize,
    ok: impl Fn(char) -> bool + 'a,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let bytes = value.as_bytes();
    let mut at = from;
    std::iter::from_fn(move || {
        let mut start = None;
        while at < bytes.len() {
            let (c, width) = if bytes[at] < 0x80 {
                (bytes[at] as char, 1)
            } else {
                let c = value[at..]
                    .chars()
                    .next()
                    .expect("at lies on a char boundary");
                (c, c.len_utf8())
            };
            if ok(c) {
                if let Some(s) = start {
                    return Some((s, at));
                }
            } else if start.is_none() {
                start = Some(at);
            }
            at += width;
        }
        start.map(|s| (s, bytes.len()))
    })
}

#[cfg(test)]
mod tests;
