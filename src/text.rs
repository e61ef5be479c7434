//! Character classes and the four ways of counting a string.
//!
//! Every limit in the rule tables counts Unicode scalar values (Rust `char`). Forms and
//! terminals count differently (a browser's `maxlength` counts UTF-16 units, a person counts
//! grapheme clusters, a database may count bytes), so every count and every span is given in
//! all four units.

use unicode_script::{Script, UnicodeScript};
use unicode_segmentation::UnicodeSegmentation;

/// The lengths of a string in the four units the library reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Counts {
    /// UTF-8 bytes.
    pub bytes: usize,
    /// Unicode scalar values: the unit every limit is counted in.
    pub chars: usize,
    /// UTF-16 code units, as a browser's `maxlength` counts them.
    pub utf16: usize,
    /// Extended grapheme clusters, as a person sees characters.
    pub graphemes: usize,
}

impl Counts {
    /// Counts `s` in every unit.
    ///
    /// ASCII is the common case (names typed on a keyboard), so it takes a fast path: every
    /// unit is one byte and the only multi-byte grapheme cluster is `"\r\n"`.
    pub fn of(s: &str) -> Counts {
        if s.is_ascii() {
            let crlf = if s.as_bytes().contains(&b'\r') {
                s.matches("\r\n").count()
            } else {
                0
            };
            return Counts {
                bytes: s.len(),
                chars: s.len(),
                utf16: s.len(),
                graphemes: s.len() - crlf,
            };
        }
        let mut chars = 0;
        let mut utf16 = 0;
        // Chinese text is the common non-ASCII case: when every char is one that never joins a
        // neighbour (see `never_joins`), the value has one cluster per char and the
        // segmentation tables need not be consulted.
        let mut one_cluster_per_char = true;
        for c in s.chars() {
            chars += 1;
            utf16 += c.len_utf16();
            one_cluster_per_char &= never_joins(c);
        }
        let graphemes = if one_cluster_per_char {
            chars
        } else {
            s.graphemes(true).count()
        };
        Counts {
            bytes: s.len(),
            chars,
            utf16,
            graphemes,
        }
    }
}

/// Whether `c` always forms a grapheme cluster of its own next to any other such char: ASCII
/// but CR, Han, CJK symbols and punctuation but the combining tone marks U+302A-U+302F, and the
/// full-width ASCII forms. None is Extend, ZWJ, Prepend, SpacingMark, a regional indicator or a
/// Hangul jamo, so no rule of UAX #29 joins two of them.
fn never_joins(c: char) -> bool {
    if c.is_ascii() {
        return c != '\r';
    }
    matches!(c, '\u{3000}'..='\u{3029}' | '\u{3030}'..='\u{303F}' | '\u{FF01}'..='\u{FF60}')
        || is_han(c)
}

/// Where a fault lies, in the four units, as half-open ranges `[start, end)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub byte_start: usize,
    pub byte_end: usize,
    pub char_start: usize,
    pub char_end: usize,
    pub utf16_start: usize,
    pub utf16_end: usize,
    /// The first grapheme cluster the byte range touches.
    pub grapheme_start: usize,
    /// One past the last grapheme cluster the byte range touches: a fault inside a cluster
    /// (a stray combining mark, say) marks the whole cluster.
    pub grapheme_end: usize,
}

impl Span {
    /// The span of `text[byte_start..byte_end]`. Both ends must lie on char boundaries.
    pub fn of(text: &str, byte_start: usize, byte_end: usize) -> Span {
        debug_assert!(byte_start <= byte_end && byte_end <= text.len());
        debug_assert!(text.is_char_boundary(byte_start) && text.is_char_boundary(byte_end));
        // A value whose chars never join has the same offsets in chars and clusters: no need to
        // segment it once per span (a value with many faults has many spans).
        if text.chars().all(never_joins) {
            let before = Counts::of(&text[..byte_start]);
            let inside = Counts::of(&text[byte_start..byte_end]);
            return Span {
                byte_start,
                byte_end,
                char_start: before.chars,
                char_end: before.chars + inside.chars,
                utf16_start: before.utf16,
                utf16_end: before.utf16 + inside.utf16,
                grapheme_start: before.chars,
                grapheme_end: before.chars + inside.chars,
            };
        }
        let before = Counts::of(&text[..byte_start]);
        let inside = Counts::of(&text[byte_start..byte_end]);
        let (grapheme_start, grapheme_end) = grapheme_range(text, byte_start, byte_end);
        Span {
            byte_start,
            byte_end,
            char_start: before.chars,
            char_end: before.chars + inside.chars,
            utf16_start: before.utf16,
            utf16_end: before.utf16 + inside.utf16,
            grapheme_start,
            grapheme_end,
        }
    }
}

fn grapheme_range(text: &str, byte_start: usize, byte_end: usize) -> (usize, usize) {
    let mut start = 0;
    let mut end = 0;
    for (index, (offset, cluster)) in text.grapheme_indices(true).enumerate() {
        let cluster_end = offset + cluster.len();
        if cluster_end <= byte_start {
            start = index + 1;
        }
        if offset < byte_end || (byte_start == byte_end && offset <= byte_start) {
            end = index + 1;
        } else {
            break;
        }
    }
    if byte_start == byte_end {
        // An empty span (an empty value) sits between clusters: it covers none.
        end = start;
    }
    (start, end.max(start))
}

/// "Letter" in every provider's text means an ASCII letter.
pub fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
}

/// "Digit" means an ASCII digit: full-width digits are not digits to these APIs.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// "Chinese character" means a code point of Unicode `Script=Han`.
#[inline]
pub fn is_han(c: char) -> bool {
    // The CJK Unified Ideographs block is all Han: answer the common case without the
    // script table's search.
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || (!c.is_ascii() && c.script() == Script::Han)
}

/// A set of characters a field allows: some classes plus extra characters.
///
/// Built by a `const fn`, so the byte table is computed at compile time: testing an ASCII
/// character is one load, and a whole ASCII value is tested without a branch per byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CharSet {
    /// `ascii[b]` is 1 when the byte `b` is an ASCII character of the set; 0 for every byte
    /// >= 0x80, so a table walk over a non-ASCII value fails and sends it to the full check.
    ascii: [u8; 256],
    /// The ASCII characters of `extra`, in the first `ascii_extra_len` places, for the SIMD
    /// test; a set with more than 16 of them is tested through `ascii` alone.
    ascii_extra: [u8; 16],
    ascii_extra_len: u8,
    /// Whether `Script=Han` code points belong to the set.
    pub han: bool,
    /// Every character of the set outside the classes, in a stable order (for messages and the
    /// rule export).
    pub extra: &'static str,
    /// Whether ASCII letters belong to the set.
    pub letters: bool,
    /// Whether ASCII digits belong to the set.
    pub digits: bool,
}

impl CharSet {
    /// A set of the named classes plus `extra`.
    pub const fn new(letters: bool, digits: bool, han: bool, extra: &'static str) -> CharSet {
        let mut ascii = [0u8; 256];
        let mut b = 0u8;
        while b < 128 {
            if (letters && b.is_ascii_alphabetic()) || (digits && b.is_ascii_digit()) {
                ascii[b as usize] = 1;
            }
            b += 1;
        }
        let bytes = extra.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] < 128 {
                ascii[bytes[i] as usize] = 1;
            }
            i += 1;
        }
        let mut ascii_extra = [0u8; 16];
        let mut count = 0usize;
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] < 128 {
                if count < 16 {
                    ascii_extra[count] = bytes[i];
                }
                count += 1;
            }
            i += 1;
        }
        CharSet {
            ascii,
            ascii_extra,
            ascii_extra_len: if count <= 16 { count as u8 } else { u8::MAX },
            han,
            extra,
            letters,
            digits,
        }
    }

    /// Whether every byte of `bytes` is an ASCII character of the set (so a value with any
    /// byte >= 0x80 is not): one table load and one AND per byte, no branch.
    #[inline]
    pub fn all_ascii_in(&self, bytes: &[u8]) -> bool {
        #[cfg(target_arch = "x86_64")]
        if let Some(extra) = self.ascii_extra.get(..usize::from(self.ascii_extra_len)) {
            return sse2::all_in(bytes, self.letters, self.digits, extra, &self.ascii);
        }
        all_in_table(bytes, &self.ascii)
    }

    /// Whether the byte `b` is an ASCII character of the set.
    #[inline]
    pub fn contains_ascii(&self, b: u8) -> bool {
        self.ascii[usize::from(b)] != 0
    }

    /// Whether `c` is in the set.
    #[inline]
    pub fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            return self.contains_ascii(c as u8);
        }
        (self.han && is_han(c)) || self.extra.contains(c)
    }
}

/// Whether `table[b]` is 1 for every byte of `bytes`.
#[inline]
pub(crate) fn all_in_table(bytes: &[u8], table: &[u8; 256]) -> bool {
    bytes
        .iter()
        .fold(1u8, |all, &b| all & table[usize::from(b)])
        == 1
}

/// The character-set test 16 bytes at a time. SSE2 is part of the x86-64 baseline, so it needs
/// no detection at run time. It computes what the byte table does: a byte is in the set when
/// it is an ASCII letter (with `letters`), an ASCII digit (with `digits`) or one of `extra`.
/// The compares are signed: a byte >= 0x80 is negative and so matches none of them, as the
/// table's 0 says.
#[cfg(target_arch = "x86_64")]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cmpgt_epi8, _mm_cmplt_epi8, _mm_loadu_si128,
        _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_setzero_si128,
    };

    #[inline]
    pub(super) fn all_in(
        bytes: &[u8],
        letters: bool,
        digits: bool,
        extra: &[u8],
        table: &[u8; 256],
    ) -> bool {
        let mut chunks = bytes.chunks_exact(16);
        // SAFETY: SSE2 is always present on x86-64, and every load reads the 16 bytes of one
        // chunk of `bytes` (an unaligned load, allowed anywhere).
        let all_ok = unsafe {
            let byte = |b: u8| _mm_set1_epi8(b as i8);
            let mut all = _mm_set1_epi8(-1);
            for chunk in chunks.by_ref() {
                let x = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
                let mut ok = _mm_setzero_si128();
                if letters {
                    let folded = _mm_or_si128(x, byte(0x20));
                    let letter = _mm_and_si128(
                        _mm_cmpgt_epi8(folded, byte(b'a' - 1)),
                        _mm_cmplt_epi8(folded, byte(b'z' + 1)),
                    );
                    ok = _mm_or_si128(ok, letter);
                }
                if digits {
                    let digit = _mm_and_si128(
                        _mm_cmpgt_epi8(x, byte(b'0' - 1)),
                        _mm_cmplt_epi8(x, byte(b'9' + 1)),
                    );
                    ok = _mm_or_si128(ok, digit);
                }
                for &e in extra {
                    ok = _mm_or_si128(ok, _mm_cmpeq_epi8(x, byte(e)));
                }
                all = _mm_and_si128(all, ok);
            }
            _mm_movemask_epi8(all) == 0xFFFF
        };
        all_ok && super::all_in_table(chunks.remainder(), table)
    }
}

/// Whether `text` starts with `prefix`, ignoring ASCII case when `ignore_case`.
pub fn starts_with(text: &str, prefix: &str, ignore_case: bool) -> bool {
    let (t, p) = (text.as_bytes(), prefix.as_bytes());
    t.len() >= p.len()
        && if ignore_case {
            t[..p.len()].eq_ignore_ascii_case(p)
        } else {
            &t[..p.len()] == p
        }
}

/// Byte offsets of every non-overlapping occurrence of `needle` in `text`, ignoring ASCII
/// case when `ignore_case`. `needle` is ASCII, so every match lies on char boundaries.
pub fn find_all<'a>(
    text: &'a str,
    needle: &'a str,
    ignore_case: bool,
) -> impl Iterator<Item = usize> + 'a {
    let (t, n) = (text.as_bytes(), needle.as_bytes());
    debug_assert!(needle.is_ascii() && !needle.is_empty());
    let (first_lower, first_upper) = if ignore_case {
        (n[0].to_ascii_lowercase(), n[0].to_ascii_uppercase())
    } else {
        (n[0], n[0])
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        while at + n.len() <= t.len() {
            // Skip to the next byte that can start a match before comparing a whole window.
            let last_start = t.len() - n.len();
            let skip = t[at..=last_start]
                .iter()
                .position(|&b| b == first_lower || b == first_upper)?;
            let here = at + skip;
            let window = &t[here..here + n.len()];
            let hit = if ignore_case {
                window.eq_ignore_ascii_case(n)
            } else {
                window == n
            };
            if hit {
                at = here + n.len();
                return Some(here);
            }
            at = here + 1;
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_in_every_unit() {
        assert_eq!(
            Counts::of("a中😀\r\n"),
            Counts {
                bytes: 1 + 3 + 4 + 2,
                chars: 5,
                utf16: 6,
                graphemes: 4
            }
        );
        assert_eq!(Counts::of("ab\r\n").graphemes, 3);
        assert_eq!(Counts::of("e\u{301}").graphemes, 1);
    }

    #[test]
    fn spans_cover_touched_clusters() {
        let s = "ae\u{301}b";
        // The combining mark alone touches the cluster "é".
        let span = Span::of(s, 2, 4);
        assert_eq!((span.char_start, span.char_end), (2, 3));
        assert_eq!((span.grapheme_start, span.grapheme_end), (1, 2));
        let empty = Span::of("", 0, 0);
        assert_eq!((empty.grapheme_start, empty.grapheme_end), (0, 0));
    }

    #[test]
    fn chars_that_never_join_agree_with_segmentation() {
        // Every char never_joins accepts, next to its neighbours and to ASCII, stays one cluster.
        let sample: String = ('\u{3000}'..='\u{303F}')
            .chain('\u{FF01}'..='\u{FF60}')
            .chain(['中', '〇', 'a', ' ', '\n', '\t'])
            .filter(|c| never_joins(*c))
            .collect();
        assert_eq!(sample.graphemes(true).count(), sample.chars().count());
        assert!(!never_joins('\u{302A}') && !never_joins('\r') && !never_joins('\u{FF9E}'));
    }

    #[test]
    #[cfg_attr(miri, ignore = "tens of thousands of calls: run natively")]
    fn the_set_test_agrees_with_the_table_for_every_byte_anywhere() {
        let sets = [
            CharSet::new(true, true, true, ".:_-"),
            CharSet::new(true, false, false, ""),
            CharSet::new(false, true, false, ""),
            CharSet::new(true, true, false, "_-=,. ，。"),
            CharSet::new(false, false, false, "!\"#$%&'()*+,-./:;<=>?@[]"), // more than 16 extras
        ];
        for set in &sets {
            for b in 0..=255u8 {
                for len in [1usize, 15, 16, 17, 33, 64] {
                    for at in [0, len / 2, len - 1] {
                        let mut bytes = vec![b'a'; len];
                        if !set.letters {
                            bytes = vec![b'0'; len];
                        }
                        if !set.contains_ascii(bytes[0]) {
                            continue;
                        }
                        bytes[at] = b;
                        let want = bytes.iter().all(|&x| set.contains_ascii(x));
                        assert_eq!(
                            set.all_ascii_in(&bytes),
                            want,
                            "byte {b:#x} at {at} of {len}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn classes() {
        assert!(is_han('中') && is_han('〇') && !is_han('a') && !is_han('，'));
        assert!(!is_digit('１') && !is_letter('é'));
        let set = CharSet::new(true, true, true, "._，");
        assert!(set.contains('a') && set.contains('7') && set.contains('中'));
        assert!(set.contains('.') && set.contains('，') && !set.contains(':'));
        assert!(!set.contains('😀'));
    }

    #[test]
    fn searching_ignores_ascii_case_only_when_asked() {
        assert!(starts_with("HTTP://x", "http://", true));
        assert!(!starts_with("HTTP://x", "http://", false));
        let hits: Vec<_> = find_all("a http:// b HtTp://", "http://", true).collect();
        assert_eq!(hits, vec![2, 12]);
    }
}
