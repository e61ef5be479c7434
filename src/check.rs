//! The one engine that runs a field rule over a string. No provider is named here: every
//! difference between clouds is data in [`crate::rules`].

use crate::rules::{Empty, Field, FieldRule, Operation, Profile, Provider, ProviderCode};
use crate::text::{AsciiSet, Counts, Span, find_all, starts_with};
use crate::violation::{Code, Report, Subject, Violation};

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
    match provider.rules().field(operation, field, profile) {
        Some(rule) => check_rule(rule, field, value),
        None => {
            let mut report = Report::default();
            report.set_counts(field, Counts::of(value));
            report
                .violations
                .push(Violation::new(field.into(), Code::NotSupported, None));
            report
        }
    }
}

/// Whether `value` breaks no rule: the verdict of [`validate`] without the report, for bulk
/// checks that only sort values into good and bad. Allocates nothing for a valid value.
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
pub fn rule_accepts(rule: &FieldRule, field: Field, value: &str) -> bool {
    ascii_valid(rule, value.as_bytes()).is_some() || full_check(rule, field, value).is_valid()
}
/// Runs `rule` over `value`. The valid path allocates nothing: the report's violation list
/// stays empty and every count is a number.
#[inline(always)]
pub fn check_rule(rule: &FieldRule, field: Field, value: &str) -> Report {
    if let Some(counts) = ascii_valid(rule, value.as_bytes()) {
        let mut report = Report::default();
        report.set_counts(field, counts);
        return report;
    }
    full_check(rule, field, value)
}

/// The fast path: an ASCII value (what people type into a name field almost always is) that
/// breaks no rule, proven in one pass over its bytes with no allocation and no decoding; its
/// counts come free, since every unit is one byte.
///
/// `None` means "not proven valid here", never "invalid": the full check then decides and
/// finds every violation, so the two paths cannot disagree on what a violation is.
#[inline]
///
/// It takes bytes, not a `&str`: the C ABI runs it before any UTF-8 check, which a value that
/// passes makes needless (every byte it accepts is ASCII).
pub(crate) fn ascii_valid(rule: &FieldRule, bytes: &[u8]) -> Option<Counts> {
    let len = bytes.len();
    // A list field is matched by the full check; its rule has no bounds for this path to use.
    if len == 0
        || !rule.one_of.is_empty()
        || len < rule.min_chars
        || rule.max_chars.is_some_and(|max| len > max)
    {
        return None;
    }
    if let Some(first) = &rule.first {
        if !first.contains_ascii(bytes[0]) {
            return None;
        }
    }
    // One load and one AND per byte, no branch: the loop runs at the speed of memory. A byte
    // >= 0x80 is 0 in every table, so a non-ASCII value fails here and takes the full check.
    let allowed = match &rule.allowed {
        Some(set) => set.all_ascii_in(bytes),
        None => FREE_TEXT_ASCII.contains_all(bytes),
    };
    if !allowed {
        return None;
    }
    if rule
        .forbidden_prefixes
        .iter()
        .any(|f| starts_with(bytes, f.text, f.ignore_case))
    {
        return None;
    }
    // A forbidden text with a byte the character set refuses cannot be in a value the set
    // accepts (Alibaba's names refuse the '/' of "http://"): only the others are searched, and
    // only when a byte that can start one is there; that test is a compare per byte with no
    // early exit, so it vectorises.
    for f in rule.forbidden_substrings {
        if rule
            .allowed
            .as_ref()
            .is_some_and(|set| !set.may_contain(f.needs))
        {
            continue;
        }
        let first = f.text.as_bytes()[0];
        let (fold, key) = if f.ignore_case && first.is_ascii_alphabetic() {
            (0x20, first | 0x20)
        } else {
            (0, first)
        };
        let candidate = bytes
            .iter()
            .fold(false, |seen, &b| seen | ((b | fold) == key));
        if candidate && find_all(bytes, f.text, f.ignore_case).next().is_some() {
            return None;
        }
    }
    // No character set holds CR, so only a free-text value can have a CRLF pair.
    let crlf = if rule.allowed.is_none() && bytes.contains(&b'\r') {
        // A CRLF pair cannot overlap another, so counting windows counts pairs.
        bytes.windows(2).filter(|w| w == b"\r\n").count()
    } else {
        0
    };
    Some(Counts {
        bytes: len,
        chars: len,
        utf16: len,
        graphemes: len - crlf,
    })
}

/// Every ASCII byte a field with no published character set takes: all but the stray control
/// characters (see [`is_stray_control`]).
const FREE_TEXT_ASCII: AsciiSet = {
    let mut table = [0u8; 256];
    let mut b = 0u8;
    while b < 128 {
        if !is_stray_control(b) {
            table[b as usize] = 1;
        }
        b += 1;
    }
    AsciiSet::from_table(table)
};

/// Every check, collecting every violation: the path for values the fast path cannot prove.
pub(crate) fn full_check(rule: &FieldRule, field: Field, value: &str) -> Report {
    let mut report = Report::default();
    let counts = Counts::of(value);
    report.set_counts(field, counts);
    let mut found = Found {
        rule,
        subject: field.into(),
        value,
        report: &mut report,
    };
    if !rule.one_of.is_empty() {
        if !value.is_empty() && !rule.one_of.contains(&value) {
            let mut v = Violation::new(field.into(), Code::NotOneOf, rule.codes.malformed);
            v.span = Some(Span::of(value, 0, value.len()));
            v.found = Some(value.to_owned());
            v.allowed = Some(rule.one_of);
            report.violations.push(v);
        }
        return report;
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
        return report;
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
            // The start set lies inside the allowed set (a table test holds every table to
            // that), so one bad first character is one fault, not two.
            scan_from = c.len_utf8();
        }
    }
    match &rule.allowed {
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
    report
}

/// Where the violations of one check go, with what every one of them shares.
struct Found<'a> {
    rule: &'a FieldRule,
    subject: Subject,
    value: &'a str,
    report: &'a mut Report,
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
        v.span = Some(Span::of(self.value, start, end));
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
        v.span = Some(Span::of(self.value, start, end));
        v.found = Some(self.value[start..end].to_owned());
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
        }
    }
}

/// C0 control characters other than TAB, LF and CR, and DEL.
const fn is_stray_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f
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
mod tests {
    use super::*;
    use crate::text::CharSet;

    fn codes(p: Provider, op: Operation, f: Field, v: &str, pr: Profile) -> Vec<&'static str> {
        validate(p, op, f, v, pr)
            .violations
            .iter()
            .map(|v| v.code.key())
            .collect()
    }

    /// Pieces of values: characters inside and outside every set, the forbidden texts in
    /// both cases, CRLF, a control character and a Han character.
    const PIECES: [&str; 22] = [
        "a", "Z", "0", "-", ".", ":", "_", "/", " ", "h", "\r\n", "\r", "\t", "\u{7f}", "中",
        "http://", "HTTPS://", "hTtP:/", "acs:", "ACS:", "aliyun", "AliYun",
    ];

    proptest::proptest! {
        /// The fast path never accepts what the full check refuses, gives the same counts, and
        /// for a non-empty ASCII value is exact: it says "not proven" only for an invalid one.
        #[test]
        fn fast_path_agrees_with_full_check(
            picks in proptest::collection::vec(0..PIECES.len(), 0..80)
        ) {
            let value: String = picks.iter().map(|&i| PIECES[i]).collect();
            for rules in crate::rules::ALL {
                for e in rules.fields {
                    let full = full_check(e.rule, e.field, &value);
                    match ascii_valid(e.rule, value.as_bytes()) {
                        Some(counts) => {
                            proptest::prop_assert!(full.is_valid(), "{:?} {:?}", e, value);
                            proptest::prop_assert_eq!(Some(counts), full.counts(e.field));
                        }
                        None if value.is_ascii() && !value.is_empty() => {
                            proptest::prop_assert!(!full.is_valid(), "{:?} {:?}", e, value);
                        }
                        None => {}
                    }
                }
            }
        }
    }

    #[test]
    fn a_set_without_a_byte_of_a_text_cannot_contain_it() {
        let name = CharSet::new(true, true, true, ".:_-");
        let text = |t, any_case| crate::text::ascii_needs(t, any_case);
        assert!(!name.may_contain(text("http://", true)));
        assert!(name.may_contain(text("aliyun", false)));
        assert!(name.may_contain(text("ACS:", true)));
        assert!(!CharSet::new(false, true, false, "").may_contain(text("a", true)));
        // A set of upper-case letters holds "HTTP://", which matches "http://" in any case.
        assert!(CharSet::new(false, false, false, "HTP:/").may_contain(text("http://", true)));
    }

    #[test]
    fn runs_merge_neighbours() {
        let runs: Vec<_> = bad_runs("ab!!c#", 0, |c| c.is_ascii_alphabetic()).collect();
        assert_eq!(runs, vec![(2, 4), (5, 6)]);
    }

    #[test]
    fn many_runs_are_capped_but_covered() {
        let value = format!("a{}", "!a".repeat(100));
        let r = validate(
            Provider::Alibaba,
            Operation::Modify,
            Field::Name,
            &value,
            Profile::Latest,
        );
        let bad: Vec<_> = r
            .violations
            .iter()
            .filter(|v| v.code == Code::BadChar)
            .collect();
        assert_eq!(bad.len(), MAX_RUNS);
        assert_eq!(bad.last().unwrap().span.unwrap().byte_end, value.len() - 1);
    }

    #[test]
    fn a_missing_field_is_reported() {
        assert_eq!(
            codes(
                Provider::Volcengine,
                Operation::Modify,
                Field::Family,
                "fam",
                Profile::Latest
            ),
            ["NOT_SUPPORTED"]
        );
    }

    #[test]
    fn too_long_points_past_the_limit() {
        let value = "中".repeat(129);
        let r = validate(
            Provider::Alibaba,
            Operation::Modify,
            Field::Name,
            &value,
            Profile::Latest,
        );
        let span = r.violations[0].span.unwrap();
        assert_eq!((span.char_start, span.char_end), (128, 129));
        assert_eq!((span.byte_start, span.utf16_start), (384, 128));
    }
}
