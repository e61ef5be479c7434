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

use crate::rules::{Empty, FieldRule};
use crate::text::{AsciiSet, CharSet, Counts, find_all, starts_with};
use unicode_segmentation::UnicodeSegmentation;

/// The counts of `bytes` when `rule` accepts them; `None` when it refuses them or they are not
/// UTF-8.
#[inline]
pub(crate) fn fast_valid(rule: &FieldRule, bytes: &[u8]) -> Option<Counts> {
    let len = bytes.len();
    if !rule.one_of.is_empty() {
        // A list field: empty is "not sent", anything else must be one of the list exactly.
        // Its value is not text, so it has no counts (a report keeps none for it either).
        let listed = len == 0 || rule.one_of.iter().any(|v| v.as_bytes() == bytes);
        return listed.then_some(Counts::default());
    }
    if len == 0 {
        // Empty means "not sent" unless the rule needs a value.
        return (rule.empty != Empty::Invalid).then_some(Counts::default());
    }
    // A char is 1 to 4 bytes: the byte length bounds the char length both ways, so most
    // values too short or too long are refused before they are read.
    if len < rule.min_chars
        || rule
            .max_chars
            .is_some_and(|max| len > max.saturating_mul(4))
    {
        return None;
    }
    if let Some(first) = &rule.first {
        let ok = match bytes[0] {
            b @ 0..0x80 => first.contains_ascii(b),
            _ if first.han && len >= 3 && main_block_han(bytes[0], bytes[1], bytes[2]) => true,
            _ => decode(bytes, 0).is_some_and(|(c, _)| first.contains(c)),
        };
        if !ok {
            return None;
        }
    }
    // ASCII first (what a person types on a keyboard): 16 bytes per step, every count the
    // byte length. A byte >= 0x80 is in no ASCII table, so other text takes the char loop.
    let counts = match &rule.allowed {
        Some(set) if set.all_ascii_in(bytes) => ascii_counts(len, 0),
        Some(set) => set_scan(set, bytes)?,
        None if FREE_TEXT_ASCII.contains_all(bytes) => ascii_counts(len, crlf_pairs(bytes)),
        None => free_scan(bytes)?,
    };
    if counts.chars < rule.min_chars || rule.max_chars.is_some_and(|max| counts.chars > max) {
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
            return None;
        }
    }
    Some(counts)
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
fn set_scan(set: &CharSet, bytes: &[u8]) -> Option<Counts> {
    scan(
        bytes,
        set.han,
        |b| set.contains_ascii(b),
        |c| set.contains(c),
    )
}

/// The counts of free text (any char but the stray controls), decoding strictly.
fn free_scan(bytes: &[u8]) -> Option<Counts> {
    scan(bytes, true, |b| !is_stray_control(b), |_| true)
}

/// The loop of [`set_scan`] and [`free_scan`]: every ASCII byte must pass `ascii`, every other
/// char `other`, with main-block Han taken by its bytes when `han` (it passes `other`).
#[inline(always)]
fn scan(
    bytes: &[u8],
    han: bool,
    ascii: impl Fn(u8) -> bool,
    other: impl Fn(char) -> bool,
) -> Option<Counts> {
    let mut rest = bytes;
    let mut joins = false;
    // Only the test of each char is in the loop; the units are counted after it by a fold
    // that vectorises.
    loop {
        match *rest {
            [] => break,
            [b, ref tail @ ..] if b < 0x80 => {
                if !ascii(b) {
                    return None;
                }
                // CR is the one ASCII char that joins (CR LF is one cluster).
                joins |= b == b'\r';
                rest = tail;
            }
            [b0, b1, b2, ref tail @ ..] if han && main_block_han(b0, b1, b2) => {
                rest = han_run(bytes, rest, tail);
            }
            _ => {
                let (c, width) = decode(rest, 0)?;
                if !other(c) {
                    return None;
                }
                joins |= !crate::text::never_joins(c);
                rest = &rest[width..];
            }
        }
    }
    let (chars, utf16) = crate::text::units(bytes);
    Some(non_ascii_counts(bytes, chars, utf16, joins))
}

/// What is left of `bytes` after a run of Han that starts at `rest` (whose first char, already
/// tested, leaves `tail`): 16 chars to a step while they last, then the last 48 bytes of the
/// value in one step when they end the run, then char by char.
#[inline]
fn han_run<'a>(bytes: &'a [u8], rest: &'a [u8], tail: &'a [u8]) -> &'a [u8] {
    let run_start = bytes.len() - rest.len();
    let mut rest = tail;
    // A block is tried only when its first and last chars start with a Han lead byte, so
    // text that mixes short runs of Han with other chars does not pay for failed blocks.
    while let Some((block, after)) = rest.split_first_chunk::<48>() {
        if !(han_lead(block[0]) & han_lead(block[45])) || !han_block(block) {
            break;
        }
        rest = after;
    }
    // Fewer than 48 bytes left: the block that ends the value starts on a char of this run
    // when it reaches back no further than the run's start by a whole number of chars.
    let at = bytes.len() - rest.len();
    if !rest.is_empty()
        && rest.len() < 48
        && rest.len() % 3 == 0
        && at - run_start >= 48 - rest.len()
    {
        if let Some(last) = bytes.last_chunk::<48>() {
            if han_block(last) {
                return &[];
            }
        }
    }
    while let [b0, b1, b2, ref after @ ..] = *rest {
        if !main_block_han(b0, b1, b2) {
            break;
        }
        rest = after;
    }
    rest
}

/// Whether the 48 bytes are 16 chars of U+4E00..=U+9FFF (see [`main_block_han`]), tested
/// 16 bytes at a time: every third byte a lead E4 to E9, the others tails 80 to BF, and the
/// byte after each E4 at least B8. SSE2, which every x86-64 CPU has; elsewhere char by char.
#[inline]
fn han_block(block: &[u8; 48]) -> bool {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    {
        han_block_sse2(block)
    }
    #[cfg(not(all(target_arch = "x86_64", not(miri))))]
    {
        block
            .chunks_exact(3)
            .all(|c| main_block_han(c[0], c[1], c[2]))
    }
}

/// Per lane of the `k`th 16 bytes of a block: `lead` where the byte starts a char (its place
/// in the block a multiple of 3), else `tail`.
#[cfg(all(target_arch = "x86_64", not(miri)))]
const fn lanes(k: usize, lead: u8, tail: u8) -> [u8; 16] {
    let mut out = [tail; 16];
    let mut i = 0;
    while i < 16 {
        if (16 * k + i) % 3 == 0 {
            out[i] = lead;
        }
        i += 1;
    }
    out
}

#[cfg(all(target_arch = "x86_64", not(miri)))]
fn han_block_sse2(block: &[u8; 48]) -> bool {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8,
        _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_slli_si128,
        _mm_srli_si128,
    };
    const LOW: [[u8; 16]; 3] = [
        lanes(0, 0xE4, 0x80),
        lanes(1, 0xE4, 0x80),
        lanes(2, 0xE4, 0x80),
    ];
    const HIGH: [[u8; 16]; 3] = [
        lanes(0, 0xE9, 0xBF),
        lanes(1, 0xE9, 0xBF),
        lanes(2, 0xE9, 0xBF),
    ];
    // SAFETY: SSE2 is part of x86-64; every load reads 16 bytes inside `block` or one of the
    // constant tables (unaligned loads are allowed anywhere).
    unsafe {
        let load = |bytes: &[u8]| _mm_loadu_si128(bytes.as_ptr().cast::<__m128i>());
        let v = [load(&block[..16]), load(&block[16..32]), load(&block[32..])];
        // The byte after each lane. Only a lead's matters, and the one lead whose next byte is
        // in the following 16 is the last lane of the first 16 (place 15).
        let next = [
            _mm_or_si128(_mm_srli_si128::<1>(v[0]), _mm_slli_si128::<15>(v[1])),
            _mm_srli_si128::<1>(v[1]),
            _mm_srli_si128::<1>(v[2]),
        ];
        let e4 = _mm_set1_epi8(0xE4_u8 as i8);
        let b8 = _mm_set1_epi8(0xB8_u8 as i8);
        let mut ok = _mm_set1_epi8(-1);
        for k in 0..3 {
            let x = v[k];
            let (low, high) = (load(&LOW[k]), load(&HIGH[k]));
            let in_range = _mm_and_si128(
                _mm_cmpeq_epi8(_mm_max_epu8(x, low), x),
                _mm_cmpeq_epi8(_mm_min_epu8(x, high), x),
            );
            // A lead E4 whose next byte is below B8 is U+4000..U+4DFF: not all Han.
            let low_e4 = _mm_andnot_si128(
                _mm_cmpeq_epi8(_mm_max_epu8(next[k], b8), next[k]),
                _mm_cmpeq_epi8(x, e4),
            );
            ok = _mm_and_si128(ok, _mm_andnot_si128(low_e4, in_range));
        }
        _mm_movemask_epi8(ok) == 0xFFFF
    }
}

/// Whether `b` is a lead byte of a char in U+4E00..=U+9FFF (E4 to E9).
#[inline(always)]
fn han_lead(b: u8) -> bool {
    b.wrapping_sub(0xE4) <= 0xE9 - 0xE4
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
    let tail = |k: usize| {
        bytes
            .get(i + k)
            .filter(|&&b| b & 0xC0 == 0x80)
            .map(|&b| u32::from(b & 0x3F))
    };
    let b0 = u32::from(bytes[i]);
    let (cp, width) = match bytes[i] {
        0xC2..=0xDF => (((b0 & 0x1F) << 6) | tail(1)?, 2),
        0xE0..=0xEF => {
            let cp = ((b0 & 0x0F) << 12) | (tail(1)? << 6) | tail(2)?;
            if cp < 0x800 {
                return None;
            }
            (cp, 3)
        }
        0xF0..=0xF4 => {
            let cp = ((b0 & 0x07) << 18) | (tail(1)? << 12) | (tail(2)? << 6) | tail(3)?;
            if cp < 0x1_0000 {
                return None;
            }
            (cp, 4)
        }
        _ => return None,
    };
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
    fn the_block_test_agrees_with_the_char_test() {
        let han: Vec<u8> = "一中乿丸龥鿿亜镜像名称杭州基础生".bytes().collect();
        assert_eq!(han.len(), 48);
        let by_chars = |b: &[u8; 48]| b.chunks_exact(3).all(|c| main_block_han(c[0], c[1], c[2]));
        let block: [u8; 48] = han.clone().try_into().unwrap();
        assert!(han_block(&block));
        // Every byte value at every place: the block test says what the char test says.
        for at in 0..48 {
            for b in 0..=255u8 {
                let mut block: [u8; 48] = han.clone().try_into().unwrap();
                block[at] = b;
                assert_eq!(han_block(&block), by_chars(&block), "{b:#x} at {at}");
            }
        }
        // And a lead E4 at every char place, with every second byte.
        for at in (0..48).step_by(3) {
            for b in 0x80..=0xBFu8 {
                let mut block: [u8; 48] = han.clone().try_into().unwrap();
                block[at] = 0xE4;
                block[at + 1] = b;
                assert_eq!(han_block(&block), b >= 0xB8, "{b:#x} at {at}");
            }
        }
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
