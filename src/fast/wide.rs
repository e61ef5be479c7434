//! The fast path's verdict on text given as code points (UTF-32, as CPython copies a `str`
//! out through its limited API), for the common text alone: ASCII of the field's set and
//! main-block Han. That text needs no decoding, and its char count is its length, so its
//! verdict is a pass over the code points and the rule's few ASCII tests, with no UTF-8 to
//! write first (encoding a Chinese batch to UTF-8 and joining it cost CPython more than the
//! check).
//!
//! It only ever proves a value valid. Anything else (another script, a fault, a list field)
//! is left to the caller, which writes the value as UTF-8 and asks [`super::fast_valid`]: so
//! it can never disagree with the full check, and a test holds it to `fast_valid` for every
//! rule of the tables.

use super::FREE_TEXT_ASCII;
use crate::rules::FieldRule;
use crate::text::AsciiSet;

/// Whether `fast_valid` accepts the UTF-8 of `cps`, proven for text of ASCII the rule takes
/// and U+4E00..=U+9FFF (which every set with Han takes); `false` means "not proven here".
#[cfg(test)]
pub(crate) fn proven_valid(rule: &FieldRule, cps: &[u32]) -> bool {
    let (table, han) = common_text(rule);
    let (end, common) = split_common(cps, 0, table, han);
    end == cps.len() && common && proven_common(rule, searched_texts(rule), cps)
}

/// Each value of a batch of code points separated by 0s, in order: `each(start, end, proven)`
/// with `proven` true when `fast_valid` accepts the value's UTF-8 (see [`proven_common`]),
/// until `each` returns false or the code points end. What the values are tested against is
/// worked out once for the batch.
pub(crate) fn for_each_value(
    rule: Option<&FieldRule>,
    cps: &[u32],
    each: impl FnMut(usize, usize, bool) -> bool,
) {
    super::arch::for_each_value(rule, cps, each);
}

/// [`for_each_value`] with `split` as [`split_common`].
#[inline(always)]
pub(crate) fn values(
    rule: Option<&FieldRule>,
    cps: &[u32],
    mut each: impl FnMut(usize, usize, bool) -> bool,
    split: impl Fn(&[u32], usize, &AsciiSet, bool) -> (usize, bool),
) {
    // A field the provider lacks proves nothing.
    const NONE: AsciiSet = AsciiSet::from_table([0; 256]);
    let (table, han) = rule.map_or((&NONE, false), common_text);
    let searched = rule.map_or(0, searched_texts);
    let mut start = 0;
    loop {
        let (end, common) = split(cps, start, table, han);
        let proven =
            common && rule.is_some_and(|rule| proven_common(rule, searched, &cps[start..end]));
        if !each(start, end, proven) || end == cps.len() {
            return;
        }
        start = end + 1;
    }
}

/// The ASCII a rule's common text may hold, and whether main-block Han belongs to it.
#[inline]
pub(crate) fn common_text(rule: &FieldRule) -> (&AsciiSet, bool) {
    match &rule.allowed {
        Some(set) => (set.ascii(), set.han),
        None => (&FREE_TEXT_ASCII, true),
    }
}

/// The end of the value that starts at `cps[start]` (its first 0, or the end of `cps`), and
/// whether it is common text: every code point ASCII with its byte in `table`, or, with `han`,
/// in U+4E00..=U+9FFF. 16 code points a step with SSSE3; the steps may reach past the value
/// (into the next one of a packed batch), whose code points are not looked at.
#[cfg(test)]
fn split_common(cps: &[u32], start: usize, table: &AsciiSet, han: bool) -> (usize, bool) {
    super::arch::split_common(cps, start, table, han)
}

/// [`split_common`] code point by code point from `cps[i]`, the code points before it having
/// given `common`.
#[inline]
pub(crate) fn split_common_from(
    cps: &[u32],
    mut i: usize,
    mut common: bool,
    table: &AsciiSet,
    han: bool,
) -> (usize, bool) {
    while let Some(&cp) = cps.get(i) {
        crate::work::add(1);
        if cp == 0 {
            break;
        }
        common &= is_common(cp, table, han);
        i += 1;
    }
    (i, common)
}

/// Whether `cp` is common text (see [`split_common`]).
#[inline(always)]
fn is_common(cp: u32, table: &AsciiSet, han: bool) -> bool {
    ((cp < 0x80) & table.contains((cp & 0x7F) as u8)) | (han & in_main_block(cp))
}

/// Bit `i` set when text the rule's set takes may hold its forbidden text `i` (see
/// `CharSet::may_contain`), which must then be searched for; every bit past the 64th.
#[inline]
pub(crate) fn searched_texts(rule: &FieldRule) -> u64 {
    rule.forbidden_substrings
        .iter()
        .enumerate()
        .fold(0, |bits, (i, f)| {
            let may = rule
                .allowed
                .as_ref()
                .is_none_or(|set| set.may_contain(f.needs));
            bits | (u64::from(may || i >= 64) << i.min(63))
        })
}

/// Whether `fast_valid` accepts the UTF-8 of `cps`, already known to be common text of the
/// rule (see [`common_text`]) and free of 0; `searched` is [`searched_texts`] of the rule.
/// The code points may come as bytes when they are all ASCII (a packed UTF-8 batch's ASCII
/// values), each then its own char.
#[inline(always)]
pub(crate) fn proven_common<T: Copy + Into<u32>>(
    rule: &FieldRule,
    searched: u64,
    cps: &[T],
) -> bool {
    let Some(first) = cps.first().map(|&cp| cp.into()) else {
        return false;
    };
    if !rule.one_of.is_empty() {
        return false;
    }
    if let Some(set) = &rule.first {
        let ok = if first < 0x80 {
            set.contains_ascii(first as u8)
        } else {
            set.han
        };
        if !ok {
            return false;
        }
    }
    if let Some(set) = &rule.last {
        let last = cps[cps.len() - 1].into();
        let ok = if last < 0x80 {
            set.contains_ascii(last as u8)
        } else {
            set.han
        };
        if !ok {
            return false;
        }
    }
    // Each code point is one char.
    let chars = cps.len();
    if chars < rule.min_chars || rule.max_chars.is_some_and(|max| chars > max) {
        return false;
    }
    if rule
        .forbidden_prefixes
        .iter()
        .any(|f| starts_with(cps, f.text.as_bytes(), f.ignore_case))
    {
        return false;
    }
    // As in `fast_valid`: a forbidden text with a byte the set refuses cannot be in a value it
    // accepts. The others are searched, code point by code point (a Han char matches no byte
    // of an ASCII text, as none of its UTF-8 bytes does).
    searched == 0
        || !rule.forbidden_substrings.iter().enumerate().any(|(i, f)| {
            searched >> i.min(63) & 1 != 0
                && (0..cps.len()).any(|i| starts_with(&cps[i..], f.text.as_bytes(), f.ignore_case))
        })
}

/// U+4E00..=U+9FFF.
#[inline(always)]
fn in_main_block(cp: u32) -> bool {
    cp.wrapping_sub(0x4E00) <= 0x9FFF - 0x4E00
}

/// Whether `cps` starts with the ASCII `text`.
fn starts_with<T: Copy + Into<u32>>(cps: &[T], text: &[u8], ignore_case: bool) -> bool {
    cps.len() >= text.len()
        && cps.iter().zip(text).all(|(&cp, &b)| {
            let cp: u32 = cp.into();
            cp == u32::from(b) || (ignore_case && cp < 0x80 && (cp as u8).eq_ignore_ascii_case(&b))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fast::{fast_valid, main_block_han};
    use crate::text::CharSet;

    fn agrees(value: &str) {
        let cps: Vec<u32> = value.chars().map(u32::from).collect();
        for rules in crate::rules::ALL {
            for e in rules.fields {
                if proven_valid(e.rule, &cps) {
                    assert!(
                        fast_valid(e.rule, value.as_bytes()).is_some(),
                        "{e:?} {value:?}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        /// Arbitrary text, every script: proven valid only where `fast_valid` accepts it.
        #[test]
        fn proven_only_where_the_fast_path_accepts(value in "\\PC{0,40}") {
            agrees(&value);
        }

        /// Text mostly of what this test proves, so most cases reach the rule's tests.
        #[test]
        fn proven_only_where_the_fast_path_accepts_common_text(
            value in "[a-zA-Z0-9.:_/ \r\n-]{0,4}[\u{4E00}-\u{9FFF}a-z0-9:._-]{0,140}",
        ) {
            agrees(&value);
        }
    }

    #[test]
    fn the_block_split_agrees_with_the_one_by_one_split() {
        let odd = [
            0x41,
            0x2D,
            0x7F,
            0x80,
            0xE9,
            0xFF,
            0x100,
            0x4DFF,
            0x4E00,
            0x9FFF,
            0xA000,
            0xD800,
            0x1_4E00,
            0x10_FFFF,
            0x11_0000,
            0x8000_0000,
            0x8000_4E41,
            u32::MAX,
        ];
        for (set, han) in [
            (CharSet::new(true, true, true, ".:_-"), true),
            (CharSet::new(true, false, false, "\u{7f}"), false),
        ] {
            let table = set.ascii();
            // Values of every length up to 40 in buffers of up to three, each odd code point
            // at every place, and the separator anywhere: the 16-wide steps end in each lane
            // and reach into the next value.
            for len in 0..=40usize {
                let base: Vec<u32> = (0..len)
                    .map(|i| [0x61, 0x4E2D, 0x2D, 0x955C][i % 4])
                    .collect();
                let mut buffer = base.clone();
                buffer.push(0);
                buffer.extend(&base);
                for at in 0..buffer.len() {
                    for &cp in &odd {
                        let mut b = buffer.clone();
                        b[at] = cp;
                        for start in [0, len + 1] {
                            if start > b.len() {
                                continue;
                            }
                            assert_eq!(
                                split_common(&b, start, table, han),
                                split_common_from(&b, start, true, table, han),
                                "{cp:#x} at {at} of {len}, from {start}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_main_block_by_code_point_is_the_main_block_by_bytes() {
        for cp in 0x800..=0xFFFF {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(
                in_main_block(cp),
                main_block_han(b[0], b[1], b[2]),
                "U+{cp:04X}"
            );
        }
        assert!(!in_main_block(0x4DFF) && !in_main_block(0xA000));
        assert!(!in_main_block(0x1_4E00) && !in_main_block(u32::MAX));
    }

    #[test]
    fn a_value_proven_valid_is_valid_for_every_rule() {
        let pieces = [
            "a", "Z", "7", "-", ".", ":", "_", "/", " ", "\r", "\n", "\t", "中", "镜", "鿿", "一",
            "，", "。", "\u{4DFF}", "😀", "é", "acs:", "aliyun", "ALIYUN", "http://", "HTTPS://",
            "\u{7f}", "\u{1}",
        ];
        let mut proven = 0;
        // Every string of up to three pieces; those of two padded to lengths around every
        // limit.
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    agrees(&format!("{a}{b}{c}"));
                }
                for pad in [1, 2, 60, 61, 62, 63, 125, 126, 127, 128, 250, 256, 1100] {
                    for filler in ["x", "镜"] {
                        agrees(&format!("{a}{b}{}", filler.repeat(pad)));
                        agrees(&format!("{}{a}{b}", filler.repeat(pad)));
                    }
                }
            }
        }
        // And it is not vacuous: the common names are proven.
        for name in [
            "生产环境基础镜像-000123",
            "web服务器-v2.1_杭州:生产环境-ubuntu22.04基础镜像-prod",
            "ubuntu-22.04-base-000123",
        ] {
            let cps: Vec<u32> = name.chars().map(u32::from).collect();
            for rules in crate::rules::ALL {
                for e in rules.fields {
                    proven += usize::from(proven_valid(e.rule, &cps));
                    assert_eq!(
                        proven_valid(e.rule, &cps),
                        fast_valid(e.rule, name.as_bytes()).is_some(),
                        "{e:?} {name:?}"
                    );
                }
            }
        }
        assert!(proven > 0);
    }
}
