//! The engine against its rules, and the fast path held to the full check.

use super::*;
use crate::text::CharSet;

/// The full check alone, as a report.
fn full(rule: &FieldRule, field: Field, value: &str) -> Report {
    let mut report = Report::default();
    full_check(rule, field, value, &mut report);
    report
}

/// The report of `value` as an Alibaba image name (ModifyImageAttribute, latest rules).
fn alibaba_name(value: &str) -> Report {
    validate(
        Provider::Alibaba,
        Operation::Modify,
        Field::Name,
        value,
        Profile::Latest,
    )
}

fn codes(p: Provider, op: Operation, f: Field, v: &str, pr: Profile) -> Vec<&'static str> {
    validate(p, op, f, v, pr)
        .violations
        .iter()
        .map(|v| v.code.key())
        .collect()
}

/// Pieces of values: characters inside and outside every set, the forbidden texts in
/// both cases, CRLF and control characters; Han inside and outside the main block, CJK and
/// full-width punctuation, combining marks, emoji with skin tones and joiners, flags,
/// Hangul jamo, Thai, Arabic, bidi, zero-width and other format characters.
const PIECES: [&str; 52] = [
    "a",
    "Z",
    "0",
    "-",
    ".",
    ":",
    "_",
    "/",
    " ",
    "h",
    "=",
    ",",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "\u{7f}",
    "\0",
    "\u{1b}",
    "http://",
    "HTTPS://",
    "hTtP:/",
    "acs:",
    "ACS:",
    "aliyun",
    "AliYun",
    "中",
    "镜像",
    "\u{4E00}",
    "\u{9FFF}",
    "\u{3400}",
    "\u{20000}",
    "\u{F900}",
    "〇",
    "，",
    "。",
    "、",
    "\u{3000}",
    "\u{302A}",
    "Ａ",
    "１",
    "ｱ\u{FF9E}",
    "e\u{301}",
    "\u{301}",
    "😀",
    "👍\u{1F3FD}",
    "👨\u{200D}👩\u{200D}👧",
    "🇨🇳",
    "\u{1100}\u{1161}",
    "ก\u{E33}",
    "\u{202E}\u{2066}\u{200B}\u{FEFF}\u{AD}",
    "\u{85}\u{2028}",
];

/// What ends or joins a run of Chinese text: the punctuation some sets take and some do
/// not, Han outside the main block and the char just below it, ASCII, an emoji, a mark.
const RUN_PIECES: [&str; 12] = [
    "，",
    "。",
    "、",
    "\u{3000}",
    "\u{4DFF}",
    "\u{4DC0}",
    "\u{3400}",
    "\u{20000}",
    "a",
    " ",
    "😀",
    "\u{301}",
];

/// The fast path's answer against the full check's, for every rule: counts exactly when
/// the full check finds no fault, and the same counts.
/// The counts and the runs of bad chars of `value`, found the plain way (a char at a time by
/// the set's own test, every unit counted apart, clusters by the segmentation crate): what
/// the full check's one pass is held to.
fn plain_faults(rule: &FieldRule, value: &str) -> (Counts, Vec<(usize, usize)>) {
    use unicode_segmentation::UnicodeSegmentation;
    let counts = Counts {
        bytes: value.len(),
        chars: value.chars().count(),
        utf16: value.encode_utf16().count(),
        graphemes: value.graphemes(true).count(),
    };
    let first = value.chars().next();
    let bad_start = rule
        .first
        .as_ref()
        .zip(first)
        .is_some_and(|(set, c)| !set.contains(c));
    let from = match first {
        Some(c) if bad_start && rule.allowed.is_some() => c.len_utf8(),
        _ => 0,
    };
    let ok = |c: char| match &rule.allowed {
        Some(set) => set.contains(c),
        None => !(c.is_ascii() && crate::fast::is_stray_control(c as u8)),
    };
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (at, c) in value[from..].char_indices() {
        let (start, end) = (from + at, from + at + c.len_utf8());
        if ok(c) {
            continue;
        }
        let full = runs.len() == MAX_RUNS;
        match runs.last_mut() {
            Some(last) if last.1 == start || full => last.1 = end,
            _ => runs.push((start, end)),
        }
    }
    (counts, runs)
}

fn agrees(value: &str) -> Result<(), proptest::test_runner::TestCaseError> {
    for rules in crate::rules::ALL {
        for e in rules.fields {
            let full = full(e.rule, e.field, value);
            let want = full
                .is_valid()
                .then(|| full.counts(e.field).unwrap_or_default());
            // A list field's value is not text: its counts mean nothing (rule_accepts below
            // holds the verdict).
            let fast = fast_valid(e.rule, value.as_bytes());
            let fast = if e.field.is_text() {
                fast
            } else {
                fast.map(|_| Counts::default())
            };
            proptest::prop_assert_eq!(fast, want, "{:?} {:?}", e, value);
            proptest::prop_assert_eq!(rule_accepts(e.rule, e.field, value), full.is_valid());
            proptest::prop_assert_eq!(check_rule(e.rule, e.field, value), full.clone());
            // Every forbidden text is reported where a plain search finds it, whether or
            // not the full check searched (see `Found::refused_ascii`).
            let mut want: Vec<usize> = e
                .rule
                .forbidden_substrings
                .iter()
                .flat_map(|f| find_all(value.as_bytes(), f.text, f.ignore_case).take(MAX_RUNS))
                .collect();
            let mut got: Vec<usize> = full
                .violations
                .iter()
                .filter(|v| v.code == Code::ForbiddenSubstring)
                .map(|v| v.span.unwrap().byte_start)
                .collect();
            want.sort_unstable();
            got.sort_unstable();
            proptest::prop_assert_eq!(got, want, "{:?} {:?}", e, value);
            if e.field.is_text() {
                let (counts, runs) = plain_faults(e.rule, value);
                proptest::prop_assert_eq!(full.counts(e.field), Some(counts));
                let got: Vec<(usize, usize)> = full
                    .violations
                    .iter()
                    .filter(|v| v.code == Code::BadChar)
                    .map(|v| (v.span.unwrap().byte_start, v.span.unwrap().byte_end))
                    .collect();
                proptest::prop_assert_eq!(got, runs, "{:?} {:?}", e, value);
                // Every span is the one counted from the start of the text.
                for v in full.violations.iter() {
                    let span = v.span.unwrap();
                    proptest::prop_assert_eq!(
                        span,
                        Span::of(value, span.byte_start, span.byte_end)
                    );
                }
            }
        }
    }
    Ok(())
}

proptest::proptest! {
    /// The fast path is exact on values made of the pieces that matter to the rules.
    #[test]
    fn fast_path_agrees_with_full_check(
        picks in proptest::collection::vec(0..PIECES.len(), 0..80)
    ) {
        let value: String = picks.iter().map(|&i| PIECES[i]).collect();
        agrees(&value)?;
    }

    /// ... and on arbitrary text, from every plane.
    #[test]
    fn fast_path_agrees_on_any_text(value in proptest::prelude::any::<String>()) {
        agrees(&value)?;
    }

    /// ... and on chars of one script, short enough to land inside the length limits.
    #[test]
    fn fast_path_agrees_on_one_script(
        start in proptest::sample::select(&[0x41u32, 0x300, 0x600, 0xE00, 0x1100, 0x2000, 0x3000, 0x3400, 0x4E00, 0xAC00, 0xFE00, 0xFF00, 0x1F300, 0x20000][..]),
        offsets in proptest::collection::vec(0u32..0x180, 1..40),
    ) {
        let value: String = offsets.iter().filter_map(|&o| char::from_u32(start + o)).collect();
        agrees(&value)?;
    }

    /// ... and on long runs of Chinese text with CJK punctuation, where the fast path
    /// tests 16 chars at a time and the 48 bytes that end the value in one step: runs of
    /// every length, ended by every kind of char.
    #[test]
    fn fast_path_agrees_on_long_chinese_runs(
        picks in proptest::collection::vec(0..RUN_PIECES.len() * 4, 0..200)
    ) {
        // Three in four picks are main-block Han, so runs grow long.
        let value: String = picks
            .iter()
            .map(|&i| RUN_PIECES.get(i).copied().unwrap_or(["镜", "像", "构"][i % 3]))
            .collect();
        agrees(&value)?;
    }

    /// ... and on such text with one byte changed, as the C ABI may pass it: UTF-8 or not.
    #[test]
    fn fast_path_on_corrupted_chinese_bytes(
        picks in proptest::collection::vec(0..RUN_PIECES.len() * 4, 16..120),
        at in proptest::prelude::any::<proptest::sample::Index>(),
        byte in proptest::prelude::any::<u8>(),
    ) {
        let text: String = picks
            .iter()
            .map(|&i| RUN_PIECES.get(i).copied().unwrap_or(["镜", "像", "构"][i % 3]))
            .collect();
        let mut value = text.into_bytes();
        let i = at.index(value.len());
        value[i] = byte;
        for rules in crate::rules::ALL {
            for e in rules.fields {
                let fast = fast_valid(e.rule, &value);
                let fast = if e.field.is_text() { fast } else { fast.map(|_| Counts::default()) };
                match std::str::from_utf8(&value) {
                    Ok(text) => proptest::prop_assert_eq!(fast, full(e.rule, e.field, text).is_valid().then(|| full(e.rule, e.field, text).counts(e.field).unwrap_or_default())),
                    Err(_) => proptest::prop_assert_eq!(fast, None),
                }
            }
        }
    }

    /// On raw bytes (as the C ABI passes them), the fast path accepts only UTF-8, and
    /// answers UTF-8 as it answers the same text.
    #[test]
    fn fast_path_on_bytes_accepts_only_utf8(
        bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..24),
        prefix in 0..PIECES.len(),
    ) {
        let mut value = PIECES[prefix].as_bytes().to_vec();
        value.extend(bytes);
        for rules in crate::rules::ALL {
            for e in rules.fields {
                let fast = fast_valid(e.rule, &value);
                match std::str::from_utf8(&value) {
                    Ok(text) => proptest::prop_assert_eq!(fast, fast_valid(e.rule, text.as_bytes())),
                    Err(_) => proptest::prop_assert_eq!(fast, None),
                }
            }
        }
    }
}

#[test]
fn the_fast_path_takes_chinese_text() {
    // Not a property: a plain statement that these take the fast path's char loop and are
    // counted right, for a reader.
    let rule = Provider::Alibaba
        .rules()
        .field(Operation::Modify, Field::Name, Profile::Latest)
        .unwrap();
    let c = fast_valid(rule, "镜像-v1.0_杭州𠀀".as_bytes()).unwrap();
    assert_eq!(
        (c.bytes, c.chars, c.utf16, c.graphemes),
        (4 * 3 + 6 + 4, 11, 12, 11)
    );
    assert_eq!(fast_valid(rule, "镜像😀".as_bytes()), None);
    assert_eq!(fast_valid(rule, "镜".repeat(129).as_bytes()), None);
    assert!(fast_valid(rule, "镜".repeat(128).as_bytes()).is_some());
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
    let r = alibaba_name("ab!!c#镜😀😀");
    let runs: Vec<_> = r
        .violations
        .iter()
        .map(|v| (v.code, v.span.unwrap().byte_start, v.span.unwrap().byte_end))
        .collect();
    assert_eq!(
        runs,
        [
            (Code::BadChar, 2, 4),
            (Code::BadChar, 5, 6),
            (Code::BadChar, 9, 17)
        ]
    );
    assert_eq!(r.violations[2].found.as_deref(), Some("😀😀"));
}

#[test]
fn many_runs_are_capped_but_covered() {
    let value = format!("a{}", "!a".repeat(100));
    let r = alibaba_name(&value);
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
    let r = alibaba_name(&value);
    let span = r.violations[0].span.unwrap();
    assert_eq!((span.char_start, span.char_end), (128, 129));
    assert_eq!((span.byte_start, span.utf16_start), (384, 128));
}
