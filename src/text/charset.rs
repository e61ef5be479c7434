//! Sets of characters a field allows, and the tests of a string against them: byte tables
//! for ASCII (16 bytes a step with SSSE3), the classes and extra characters beyond it.

use super::is_han;
use crate::fast::arch;

/// A set of ASCII bytes, for testing a whole string against at once.
///
/// Built by a `const fn`, so both tables are computed at compile time: testing one byte is one
/// load, and a whole string is tested with no branch per byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AsciiSet {
    /// `table[b]` is 1 when the byte `b` is in the set; 0 for every byte >= 0x80, so a walk over
    /// a non-ASCII value fails (and sends it to the full check).
    table: [u8; 256],
    /// The same bytes by nibble, for the SIMD test: bit `h` of `by_low_nibble[l]` is set when
    /// the byte `h << 4 | l` is in the set (`h` < 8, so only ASCII bytes).
    by_low_nibble: [u8; 16],
}

impl AsciiSet {
    /// The set of the bytes `b` with `table[b] == 1`; every entry must be 0 or 1, and 0 from
    /// 0x80 on.
    pub const fn from_table(table: [u8; 256]) -> AsciiSet {
        let mut by_low_nibble = [0u8; 16];
        let mut b = 0usize;
        while b < 256 {
            assert!(table[b] <= 1 && (b < 128 || table[b] == 0));
            if table[b] != 0 {
                by_low_nibble[b & 0x0F] |= 1 << (b >> 4);
            }
            b += 1;
        }
        AsciiSet {
            table,
            by_low_nibble,
        }
    }

    /// Whether the byte `b` is in the set.
    #[inline]
    pub const fn contains(&self, b: u8) -> bool {
        self.table[b as usize] != 0
    }

    /// The set by nibble (see `by_low_nibble`), for the SIMD tests of [`crate::fast::arch`].
    #[allow(dead_code, reason = "unused where only the portable path is built")]
    #[inline]
    pub(crate) fn by_low_nibble(&self) -> &[u8; 16] {
        &self.by_low_nibble
    }

    /// The set by byte (see `table`), for the tests of [`crate::fast::arch`] one byte at a
    /// time.
    #[inline]
    pub(crate) fn table(&self) -> &[u8; 256] {
        &self.table
    }

    /// The end of the value that starts at `bytes[start]` in a buffer of NUL-separated values
    /// (its first NUL, or the end of `bytes`), and whether every byte of the value is in the
    /// set: one pass, 16 bytes a step with SSSE3, finding both at once.
    // For the C ABI's packed batches only (src/ffi/packed.rs).
    #[cfg(feature = "ffi")]
    #[inline]
    pub(crate) fn split_at_nul(&self, bytes: &[u8], start: usize) -> (usize, bool) {
        arch::split_at_nul(self, bytes, start)
    }

    /// Whether every byte of `bytes` is in the set (so a value with any byte >= 0x80 is not).
    #[inline]
    pub fn contains_all(&self, bytes: &[u8]) -> bool {
        self.prefix_len(bytes) == bytes.len()
    }

    /// How many bytes at the start of `bytes` are in the set: `bytes.len()` when all are. 16
    /// bytes at a time (SIMD where the target has it, see [`crate::fast::arch`]), reading no
    /// more than 16 bytes past the first byte outside the set: a scan calls this again after
    /// every char it takes apart, so a test that read on to the end would make the scan
    /// quadratic. A scan of text that is not all ASCII starts where this stops, so its ASCII
    /// start is read once.
    #[inline]
    pub fn prefix_len(&self, bytes: &[u8]) -> usize {
        arch::prefix_len(self, bytes)
    }
}

/// A set of characters a field allows: some classes plus extra characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CharSet {
    /// The set's ASCII characters.
    ascii: AsciiSet,
    /// Bit `b` set for every ASCII byte `b` of the set and for the lower case of every ASCII
    /// letter of it: what [`CharSet::may_contain`] tests a forbidden text's bytes against.
    reach: u128,
    /// Whether `Script=Han` code points belong to the set.
    pub han: bool,
    /// Every character of the set outside the classes, in a stable order (for messages and the
    /// rule export).
    pub extra: &'static str,
    /// The chars of `extra` outside ASCII (at most [`WIDE_EXTRAS`]), then NULs: tested one by
    /// one, without decoding `extra` for every char.
    wide: [char; WIDE_EXTRAS],
    /// The UTF-8 of the chars of `wide` that take three bytes and never join a neighbour in a
    /// cluster (CJK punctuation, full-width forms), for the fast path's runs of three-byte
    /// chars; `run_extras_len` of them are used.
    run_extras: [[u8; 3]; WIDE_EXTRAS],
    run_extras_len: usize,
    /// Whether ASCII letters belong to the set (only the lower-case ones with `lower_only`).
    pub letters: bool,
    /// Whether the set's letters are `a`-`z` only: names that follow RFC 1035.
    pub lower_only: bool,
    /// Whether ASCII digits belong to the set.
    pub digits: bool,
}

impl CharSet {
    /// A set of the named classes plus `extra`.
    pub const fn new(letters: bool, digits: bool, han: bool, extra: &'static str) -> CharSet {
        CharSet::of(letters, false, digits, han, extra)
    }

    /// A set of the lower-case ASCII letters, digits if `digits`, and `extra`: nothing upper
    /// case, as in RFC 1035 labels.
    pub const fn lower_case(digits: bool, extra: &'static str) -> CharSet {
        CharSet::of(true, true, digits, false, extra)
    }

    const fn of(
        letters: bool,
        lower_only: bool,
        digits: bool,
        han: bool,
        extra: &'static str,
    ) -> CharSet {
        let mut table = [0u8; 256];
        let mut reach = 0u128;
        let bytes = extra.as_bytes();
        let mut b = 0u8;
        while b < 128 {
            let mut i = 0;
            let mut named = false;
            while i < bytes.len() {
                named |= bytes[i] == b;
                i += 1;
            }
            let letter = if lower_only {
                b.is_ascii_lowercase()
            } else {
                b.is_ascii_alphabetic()
            };
            if named || (letters && letter) || (digits && b.is_ascii_digit()) {
                table[b as usize] = 1;
                reach |= (1 << b) | (1 << b.to_ascii_lowercase());
            }
            b += 1;
        }
        let wide = wide_chars(extra);
        let (run_extras, run_extras_len) = three_byte(wide);
        CharSet {
            ascii: AsciiSet::from_table(table),
            reach,
            han,
            extra,
            wide,
            run_extras,
            run_extras_len,
            letters,
            lower_only,
            digits,
        }
    }

    /// Whether the set holds ASCII characters only: then a value it takes has one byte a char.
    #[inline]
    pub const fn ascii_only(&self) -> bool {
        !self.han && self.wide[0] == '\0'
    }

    /// Whether every byte of `bytes` is an ASCII character of the set (so a value with any
    /// byte >= 0x80 is not).
    #[inline]
    pub fn all_ascii_in(&self, bytes: &[u8]) -> bool {
        self.ascii.contains_all(bytes)
    }

    /// The set's ASCII characters.
    #[inline]
    pub(crate) fn ascii(&self) -> &AsciiSet {
        &self.ascii
    }

    /// The UTF-8 of the set's extra chars that take three bytes (see
    /// [`CharSet::run_extras`]): with Han, what a run of Chinese text may hold.
    #[inline]
    pub fn run_extras(&self) -> &[[u8; 3]] {
        &self.run_extras[..self.run_extras_len]
    }

    /// How many bytes at the start of `bytes` are ASCII characters of the set.
    #[inline]
    pub fn ascii_prefix_len(&self, bytes: &[u8]) -> usize {
        self.ascii.prefix_len(bytes)
    }

    /// Whether a value made only of the set's ASCII characters may contain `text`, whose bytes
    /// are `needs` (see [`ascii_needs`]). `false` is a proof: some byte of `text` is not in
    /// the set, so a value the set accepts cannot hold it and need not be searched. `true`
    /// may be wrong the other way (a letter of an exact text is tested in either case), which
    /// only costs a search.
    #[inline]
    pub fn may_contain(&self, needs: u128) -> bool {
        needs & !self.reach == 0
    }

    /// Whether the byte `b` is an ASCII character of the set.
    #[inline]
    pub fn contains_ascii(&self, b: u8) -> bool {
        self.ascii.contains(b)
    }

    /// Whether `c` is in the set.
    #[inline]
    pub fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            return self.contains_ascii(c as u8);
        }
        // The common cases first and without a search: the CJK Unified Ideographs, then the
        // set's few extra chars one by one (a `str` search would call `memcmp`), then the
        // script table for the rest of Han.
        (self.han && ('\u{4E00}'..='\u{9FFF}').contains(&c))
            || self.wide.contains(&c)
            || (self.han && is_han(c))
    }
}

/// How many chars outside ASCII a set's `extra` may name (the tables name two: `，` and `。`).
const WIDE_EXTRAS: usize = 4;

/// The chars of `extra` outside ASCII, decoded at compile time, then NULs (NUL is ASCII, so
/// it never matches a char this array is searched for).
const fn wide_chars(extra: &str) -> [char; WIDE_EXTRAS] {
    let b = extra.as_bytes();
    let mut out = ['\0'; WIDE_EXTRAS];
    let (mut i, mut n) = (0, 0);
    while i < b.len() {
        let lead = b[i] as u32;
        let (width, mut cp) = match lead {
            0..0x80 => (1, lead),
            0xC0..0xE0 => (2, lead & 0x1F),
            0xE0..0xF0 => (3, lead & 0x0F),
            _ => (4, lead & 0x07),
        };
        let mut k = 1;
        while k < width {
            cp = (cp << 6) | (b[i + k] as u32 & 0x3F);
            k += 1;
        }
        if width > 1 {
            assert!(n < WIDE_EXTRAS, "too many non-ASCII extra chars in a set");
            out[n] = match char::from_u32(cp) {
                Some(c) => c,
                None => panic!("not a char"),
            };
            n += 1;
        }
        i += width;
    }
    out
}

/// The UTF-8 of the chars of `wide` (from U+0800 to U+FFFF) that never join a neighbour,
/// and how many there are. Joining is told by the ranges of [`never_joins`] that such extras
/// come from: CJK symbols and punctuation but the combining tone marks, and the full-width
/// forms (a test holds this to `never_joins` for every table).
const fn three_byte(wide: [char; WIDE_EXTRAS]) -> ([[u8; 3]; WIDE_EXTRAS], usize) {
    let mut out = [[0u8; 3]; WIDE_EXTRAS];
    let mut n = 0;
    let mut i = 0;
    while i < WIDE_EXTRAS {
        let cp = wide[i] as u32;
        let cjk_punctuation = cp >= 0x3000 && cp <= 0x303F && !(cp >= 0x302A && cp <= 0x302F);
        let full_width = cp >= 0xFF01 && cp <= 0xFF60;
        if cjk_punctuation || full_width {
            out[n] = [
                0xE0 | (cp >> 12) as u8,
                0x80 | ((cp >> 6) & 0x3F) as u8,
                0x80 | (cp & 0x3F) as u8,
            ];
            n += 1;
        }
        i += 1;
    }
    (out, n)
}

/// The bytes of the ASCII `text` as bits, for [`CharSet::may_contain`]; letters in lower case
/// when `ignore_case`.
pub const fn ascii_needs(text: &str, ignore_case: bool) -> u128 {
    let bytes = text.as_bytes();
    let mut needs = 0u128;
    let mut i = 0;
    while i < bytes.len() {
        assert!(bytes[i] < 128, "a forbidden text is ASCII");
        let b = if ignore_case {
            bytes[i].to_ascii_lowercase()
        } else {
            bytes[i]
        };
        needs |= 1 << b;
        i += 1;
    }
    needs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fast::arch::generic::{all_in_table, prefix_in_table};
    use crate::text::never_joins;

    #[cfg(feature = "ffi")]
    #[test]
    fn the_split_at_a_nul_agrees_with_the_byte_table() {
        for set in [
            CharSet::new(true, true, true, ".:_-"),
            CharSet::new(false, true, false, "\t~ "),
        ] {
            let a = set.ascii;
            let filler = (1..=255u8).find(|&b| a.contains(b)).unwrap();
            // Values of every length up to two and a half steps, then a NUL and a second value:
            // every byte at every place (a NUL there ends the value early), from either start.
            for len in 0..=40usize {
                let mut buffer = vec![filler; len];
                buffer.push(0);
                buffer.extend(std::iter::repeat_n(filler, 20));
                for at in 0..buffer.len() {
                    for b in 0..=255u8 {
                        let mut value = buffer.clone();
                        value[at] = b;
                        for start in [0, len.min(value.len())] {
                            let end = value[start..]
                                .iter()
                                .position(|&b| b == 0)
                                .map_or(value.len(), |i| start + i);
                            let all = value[start..end].iter().all(|&b| a.contains(b));
                            assert_eq!(
                                a.split_at_nul(&value, start),
                                (end, all),
                                "{b:#x} at {at} of {len}, from {start}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn the_simd_test_agrees_with_the_byte_table() {
        let sets = [
            CharSet::new(true, true, true, ".:_-"),
            CharSet::new(true, false, false, ""),
            CharSet::new(false, true, false, "\t~ "),
            CharSet::new(false, false, false, "\u{7f}\u{0}"),
        ];
        for set in sets {
            let a = set.ascii;
            let filler = (0..=255u8).find(|&b| a.contains(b)).unwrap();
            // Every byte value at every place of values of every length up to two and a half
            // chunks, so each lands in each lane, in the overlapping tests of the short values
            // and of the last 16 bytes, and in the byte table's test.
            for len in 1..=40 {
                for b in 0..=255u8 {
                    for at in 0..len {
                        let mut value = vec![filler; len];
                        value[at] = b;
                        assert_eq!(a.contains_all(&value), a.contains(b), "{b:#x} at {at}");
                        assert_eq!(all_in_table(&value, &a.table), a.contains(b));
                        // And where the set's run stops: at `at`, or at the end; a second
                        // byte outside the set further on does not move it.
                        let stop = if a.contains(b) { len } else { at };
                        assert_eq!(a.prefix_len(&value), stop, "{b:#x} at {at} of {len}");
                        assert_eq!(prefix_in_table(&value, &a.table), stop);
                        if !a.contains(b) && at + 1 < len {
                            value[len - 1] = b;
                            assert_eq!(a.prefix_len(&value), at, "{b:#x} at {at}, end of {len}");
                        }
                    }
                }
            }
        }
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
    fn sets_of_chars() {
        let set = CharSet::new(true, true, true, "._，");
        assert!(set.contains('a') && set.contains('7') && set.contains('中'));
        assert!(set.contains('.') && set.contains('，') && !set.contains(':'));
        assert!(!set.contains('😀') && !set.contains('\0'));
        let wide = CharSet::new(false, false, false, "a，b。😀é");
        assert_eq!(wide.wide, ['，', '。', '😀', 'é']);
        assert_eq!(wide.run_extras(), ["，".as_bytes(), "。".as_bytes()]);
        // The run extras never join: by the table of `never_joins`, for every char they may
        // be drawn from.
        for c in '\u{800}'..='\u{FFFF}' {
            let mut buf = [0u8; 4];
            c.encode_utf8(&mut buf);
            let set = three_byte([c, '\0', '\0', '\0']);
            if set.1 == 1 {
                assert!(never_joins(c), "{c:?}");
                assert_eq!(&set.0[0], &buf[..3]);
            }
        }
        assert!(wide.contains('😀') && wide.contains('é') && !wide.contains('中'));
    }
}
