//! The fast path: a value proven valid, or refused, in one pass over its bytes, with no
//! allocation and no report.
//!
//! [`fast_valid`] is exact: it returns counts for every value the full check
//! ([`crate::check::full_check`]) finds no fault in, and `None` for every other, so the verdict
//! of [`crate::is_valid`] is this function alone. A property test holds the two to each other
//! on arbitrary text (every script, combining marks, emoji, bidi and zero-width characters).
//!
//! It takes bytes, not a `&str`: the C ABI runs it before any UTF-8 check. Every multi-byte
//! sequence is decoded strictly (no overlong form, surrogate or code point past U+10FFFF), so
//! a value it accepts is valid UTF-8.

pub(crate) mod arch;
#[cfg(test)]
mod linear;
mod mixed;
pub(crate) mod run;
// Only the C ABI's packed batches (src/ffi/packed.rs) read values this way: without the `ffi`
// feature (the WebAssembly build) the module would be dead code.
#[cfg(feature = "ffi")]
pub(crate) mod wide;

use run::{run, run_char};

#[cfg(feature = "ffi")]
pub(crate) use wide::{common_text, for_each_value, proven_common, searched_texts};

use crate::rules::{Empty, FieldRule};
use crate::text::{AsciiSet, CharSet, Counts, find_all, starts_with};
use unicode_segmentation::UnicodeSegmentation;

/// The counts of `bytes` when `rule` accepts them; `None` when it refuses them or they are not
/// UTF-8.
#[inline]
pub(crate) fn fast_valid(rule: &FieldRule, bytes: &[u8]) -> Option<Counts> {
    match fast_check::<false>(rule, bytes) {
        Fast::Valid(counts) => Some(counts),
        Fast::CharsTaken { .. } | Fast::Refused => None,
    }
}

/// What the fast path found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fast {
    /// The rule accepts the value; its counts.
    Valid(Counts),
    /// Every char is one the rule takes (so the value is UTF-8), but the rule refuses the
    /// value: its length, a forbidden text in it, its last char (taken elsewhere but not last,
    /// `abc-`), or, with `bad_start` (the first char's byte length), its first char, which
    /// the rule takes elsewhere but not first (`1abc`). Its counts, so that a report need not
    /// read its chars again.
    CharsTaken {
        counts: Counts,
        bad_start: Option<usize>,
    },
    /// Anything else: not UTF-8, a char the rule refuses, a length refused from the byte
    /// length alone, a list field's value not in its list.
    Refused,
}

/// The fast path's one pass over `bytes` (see [`Fast`]). Only `REPORT` reads on past a bad
/// first char, to tell [`Fast::CharsTaken`]; a verdict alone stops there.
#[inline(always)]
pub(crate) fn fast_check<const REPORT: bool>(rule: &FieldRule, bytes: &[u8]) -> Fast {
    let len = bytes.len();
    if !rule.one_of.is_empty() {
        // A list field: empty is "not sent", anything else must be one of the list exactly.
        // Its value is not text, so it has no counts (a report keeps none for it either).
        let listed = len == 0 || rule.one_of.iter().any(|v| v.as_bytes() == bytes);
        return if listed {
            Fast::Valid(Counts::default())
        } else {
            Fast::Refused
        };
    }
    if len == 0 {
        // Empty means "not sent" unless the rule needs a value.
        return if rule.empty == Empty::Invalid {
            Fast::Refused
        } else {
            Fast::Valid(Counts::default())
        };
    }
    // A char is 1 to 4 bytes (1 in a set of ASCII only): the byte length bounds the char
    // length both ways, so most values too short or too long are refused before they are read.
    let widest = match &rule.allowed {
        Some(set) if set.ascii_only() => 1,
        _ => 4,
    };
    if len < rule.min_chars
        || rule
            .max_chars
            .is_some_and(|max| len > max.saturating_mul(widest))
    {
        return Fast::Refused;
    }
    let mut bad_start = None;
    if let Some(first) = &rule.first {
        let ok = match bytes[0] {
            b @ 0..0x80 => first.contains_ascii(b),
            _ if first.han && len >= 3 && main_block_han(bytes[0], bytes[1], bytes[2]) => true,
            _ => decode(bytes, 0).is_some_and(|(c, _)| first.contains(c)),
        };
        if !ok {
            let width = match bytes[0] {
                0..0x80 => Some(1),
                _ => decode(bytes, 0).map(|(_, width)| width),
            };
            match width {
                // The pass below holds the first char to the set like any other.
                Some(width) if REPORT => bad_start = Some(width),
                _ => return Fast::Refused,
            }
        }
    }
    // ASCII first (what a person types on a keyboard): 16 bytes per step, every count the
    // byte length. A byte >= 0x80 is in no ASCII table, so other text takes the char loop
    // from the first byte the ASCII test stopped at.
    let counts = match &rule.allowed {
        Some(set) => match set.ascii_prefix_len(bytes) {
            ascii if ascii == len => Some(ascii_counts(len, 0)),
            ascii => set_scan(set, bytes, ascii),
        },
        None => match FREE_TEXT_ASCII.prefix_len(bytes) {
            ascii if ascii == len => Some(ascii_counts(len, crlf_pairs(bytes))),
            ascii => free_scan(bytes, ascii),
        },
    };
    let Some(counts) = counts else {
        return Fast::Refused;
    };
    let taken = Fast::CharsTaken { counts, bad_start };
    if bad_start.is_some()
        || counts.chars < rule.min_chars
        || rule.max_chars.is_some_and(|max| counts.chars > max)
    {
        return taken;
    }
    if rule.last.as_ref().is_some_and(|set| !ends_in(set, bytes)) {
        return taken;
    }
    if rule
        .forbidden_prefixes
        .iter()
        .any(|f| starts_with(bytes, f.text, f.ignore_case))
    {
        return taken;
    }
    // A forbidden text with a byte the character set refuses cannot be in a value the set
    // accepts (a name that refuses '/' cannot hold "http://"): only the others are searched, and
    // only when a byte that can start one is there; that test is a compare per byte with no
    // early exit, so it vectorises. Forbidden texts are ASCII, and an ASCII byte is never part
    // of a multi-byte char, so a byte search finds exactly the char matches.
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
            return taken;
        }
    }
    Fast::Valid(counts)
}

/// Whether the last char of the UTF-8 `bytes` (not empty) is in `set`.
#[inline]
fn ends_in(set: &CharSet, bytes: &[u8]) -> bool {
    match bytes[bytes.len() - 1] {
        b @ 0..0x80 => set.contains_ascii(b),
        _ => {
            // The lead byte of the last char: the last byte that is not a continuation byte.
            let start = bytes.iter().rposition(|&b| b & 0xC0 != 0x80).unwrap_or(0);
            decode(bytes, start).is_some_and(|(c, _)| set.contains(c))
        }
    }
}

/// Every ASCII byte a field with no published character set takes: all but the stray control
/// characters (see [`is_stray_control`]).
pub(crate) const FREE_TEXT_ASCII: AsciiSet = {
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

/// C0 control characters other than TAB, LF and CR, and DEL.
pub(crate) const fn is_stray_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f
}

/// The counts of an ASCII value of `len` bytes holding `crlf` CRLF pairs (each one cluster).
fn ascii_counts(len: usize, crlf: usize) -> Counts {
    Counts {
        bytes: len,
        chars: len,
        utf16: len,
        graphemes: len - crlf,
    }
}

/// CRLF pairs in ASCII bytes (they cannot overlap, so counting windows counts pairs).
fn crlf_pairs(bytes: &[u8]) -> usize {
    if bytes.contains(&b'\r') {
        bytes.windows(2).filter(|w| w == b"\r\n").count()
    } else {
        0
    }
}

/// The counts of `bytes` when every char is in `set`, decoding strictly; `None` at the first
/// char outside it or the first byte that is not UTF-8.
///
/// Han in the CJK Unified Ideographs block (U+4E00..U+9FFF: lead byte E4 with a second byte
/// from B8, or E5 to E9) is what Chinese names are made of: it is told by its bytes, with no
/// decoding and no table. A char no set holds that may join its neighbours in a cluster sends
/// the value to segmentation for its cluster count, which no character set of the tables
/// needs (their extra chars are CJK punctuation and full-width forms).
///
/// The first `from` bytes are already known to be ASCII characters of the set.
fn set_scan(set: &CharSet, bytes: &[u8], mut from: usize) -> Option<Counts> {
    if set.han {
        // Most Chinese text is ASCII of the set and main-block Han alone, proven 16 bytes a
        // step; the char loop takes over where the block test meets anything else.
        match mixed::han_and_ascii(set.ascii(), bytes, from) {
            // Han never joins a neighbour, and of ASCII only CR does (CR LF is one cluster).
            Ok(chars) => {
                let joins = set.contains_ascii(b'\r') && bytes.contains(&b'\r');
                return Some(non_ascii_counts(bytes, chars, chars, joins));
            }
            Err(resume) => from = resume,
        }
    }
    // A run of three-byte chars is Han and the set's CJK punctuation only when the set has
    // Han at all.
    let runs = set.han.then(|| set.run_extras());
    scan(
        bytes,
        from,
        runs,
        |b| set.contains_ascii(b),
        |c| set.contains(c),
    )
}

/// The counts of free text (any char but the stray controls), decoding strictly; the first
/// `from` bytes are already known to be ASCII other than the stray controls.
fn free_scan(bytes: &[u8], from: usize) -> Option<Counts> {
    scan(bytes, from, Some(&[]), |b| !is_stray_control(b), |_| true)
}

/// The loop of [`set_scan`] and [`free_scan`] from `bytes[from]`: every ASCII byte must pass
/// `ascii`, every other char `other`. With `runs`, main-block Han and the three-byte chars it
/// lists (which never join) are taken by their bytes, in runs (they pass `other`). The bytes
/// before `from` are whole chars that passed: ASCII, or main-block Han of a set with Han.
#[inline(always)]
fn scan(
    bytes: &[u8],
    from: usize,
    runs: Option<&[[u8; 3]]>,
    ascii: impl Fn(u8) -> bool,
    other: impl Fn(char) -> bool,
) -> Option<Counts> {
    let mut rest = &bytes[from..];
    let mut joins = false;
    // Only the test of each char is in the loop; the units are counted after it by a fold
    // that vectorises.
    while let Some(&b) = rest.first() {
        crate::work::add(1);
        if b < 0x80 {
            if !ascii(b) {
                return None;
            }
            rest = &rest[1..];
            continue;
        }
        if let (Some(extras), &[b0, b1, b2, ..]) = (runs, rest) {
            if run_char(extras, b0, b1, b2) {
                rest = run(bytes, rest, extras);
                continue;
            }
        }
        let (c, width) = decode(rest, 0)?;
        if !other(c) {
            return None;
        }
        joins |= !crate::text::never_joins(c);
        rest = &rest[width..];
    }
    // CR is the one ASCII char that joins (CR LF is one cluster): searched once, and only
    // when it passed.
    joins |= ascii(b'\r') && bytes.contains(&b'\r');
    let (chars, utf16) = crate::text::units(bytes);
    Some(non_ascii_counts(bytes, chars, utf16, joins))
}

/// Whether the three bytes are the UTF-8 of a char in U+4E00..=U+9FFF, every one of which is
/// `Script=Han`.
#[inline(always)]
fn main_block_han(b0: u8, b1: u8, b2: u8) -> bool {
    // As one number, the UTF-8 of U+4E00..=U+9FFF is the range E4B880..=E9BFBF with the two
    // tail bytes of the form 10xxxxxx: one subtraction and two compares.
    let v = u32::from_be_bytes([0, b0, b1, b2]);
    (v & 0xC0C0 == 0x8080) & (v.wrapping_sub(0xE4_B880) <= 0xE9_BFBF - 0xE4_B880)
}

/// Counts from a scan; a value with a char that may join is segmented (UTF-8 already proven).
fn non_ascii_counts(bytes: &[u8], chars: usize, utf16: usize, joins: bool) -> Counts {
    let graphemes = if joins {
        crate::work::add(bytes.len());
        std::str::from_utf8(bytes)
            .map(|s| s.graphemes(true).count())
            .unwrap_or(chars)
    } else {
        chars
    };
    Counts {
        bytes: bytes.len(),
        chars,
        utf16,
        graphemes,
    }
}

/// The char starting at `bytes[i]` (a byte >= 0x80) and its width, or `None` when the bytes
/// there are not the shortest UTF-8 form of a scalar value.
#[inline]
pub(crate) fn decode(bytes: &[u8], i: usize) -> Option<(char, usize)> {
    let b0 = bytes[i];
    // The lead byte gives the width, the bits it carries and the least code point of that
    // width (a smaller one is an overlong form); C0, C1 and F5 to FF lead nothing.
    let (width, lead_bits, least) = match b0 {
        0xC2..=0xDF => (2, b0 & 0x1F, 0x80),
        0xE0..=0xEF => (3, b0 & 0x0F, 0x800),
        0xF0..=0xF4 => (4, b0 & 0x07, 0x1_0000),
        _ => return None,
    };
    let seq = bytes.get(i..i + width)?;
    let mut cp = u32::from(lead_bits);
    for &b in &seq[1..] {
        if b & 0xC0 != 0x80 {
            return None;
        }
        cp = (cp << 6) | u32::from(b & 0x3F);
    }
    if cp < least {
        return None;
    }
    // Surrogates and values past U+10FFFF are not chars.
    char::from_u32(cp).map(|c| (c, width))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_is_strict_utf8() {
        // Every 1- to 4-byte sequence from a sample of bytes: accepted exactly when the
        // standard library accepts it as one char.
        let tails = [0x80u8, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0x41];
        for b0 in 0x80..=0xFFu8 {
            for &b1 in &tails {
                for &b2 in &tails {
                    for &b3 in &tails {
                        let bytes = [b0, b1, b2, b3];
                        let want = (2..=4).find_map(|w| {
                            std::str::from_utf8(&bytes[..w])
                                .ok()
                                .map(|s| (s.chars().next().unwrap(), w))
                        });
                        assert_eq!(decode(&bytes, 0), want, "{bytes:02x?}");
                    }
                }
            }
        }
        // Cut short.
        assert_eq!(decode("中".as_bytes().get(..2).unwrap(), 0), None);
    }

    #[test]
    fn the_han_byte_test_is_the_main_block() {
        for cp in 0x800u32..=0xFFFF {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let mut buf = [0u8; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            let want = ('\u{4E00}'..='\u{9FFF}').contains(&c);
            assert_eq!(main_block_han(b[0], b[1], b[2]), want, "U+{cp:04X}");
            assert!(!want || crate::text::is_han(c));
        }
    }
}
