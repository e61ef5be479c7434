//! Text of a set's ASCII characters and main-block Han, mixed in any order, proven so 16 bytes
//! at a time.
//!
//! Chinese names are short runs of Han between ASCII ("生产环境基础镜像-000123",
//! "web服务器-v2.1_杭州"): too short for the run step of 16 Han chars, so the char loop took
//! them one by one, and that loop was most of the cost of such a name. Here every byte of a
//! 16-byte block is classified at once: an ASCII byte of the set (the nibble tables of
//! [`AsciiSet`]), a Han lead E4 to E9, or a continuation 80 to BF where, and only where, a lead
//! one or two bytes before calls for one, the byte after E4 at least B8 (U+4E00..U+9FFF, every
//! one of which is `Script=Han`). Any other byte (another script, the set's CJK punctuation,
//! an emoji, bytes that are not UTF-8) stops the test, and the caller's char loop takes over
//! from a char boundary before that block: this test only ever says "valid", never "invalid".

use crate::text::AsciiSet;

/// The char count of `bytes` when every char from `from` on is an ASCII character of `set` or
/// in U+4E00..=U+9FFF (so the text is UTF-8 and each char is one UTF-16 unit); otherwise
/// `Err` with a char boundary at or after `from` up to which every char is such a char. The
/// bytes before `from` must be ASCII characters of the set.
#[inline]
pub(super) fn han_and_ascii(set: &AsciiSet, bytes: &[u8], from: usize) -> Result<usize, usize> {
    // Text whose first char past its ASCII start is no main-block Han (an emoji, another
    // script) would fail the first block: it goes to the char loop at once.
    if bytes
        .get(from)
        .is_some_and(|&b| b >= 0x80 && !(0xE4..=0xE9).contains(&b))
    {
        return Err(from);
    }
    // The portable path proves nothing here: the char loop does it all.
    super::arch::han_and_ascii(set, bytes, from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::CharSet;

    /// What the test must say, char by char: `Some(chars)` when every char from `from` on is
    /// an ASCII char of the set or main-block Han.
    fn by_chars(set: &AsciiSet, bytes: &[u8], from: usize) -> Option<usize> {
        let text = std::str::from_utf8(bytes).ok()?;
        text[from..]
            .chars()
            .all(|c| match c {
                c if c.is_ascii() => set.contains(c as u8),
                c => ('\u{4E00}'..='\u{9FFF}').contains(&c),
            })
            .then(|| text.chars().count())
    }

    fn agrees(set: &AsciiSet, bytes: &[u8], from: usize) {
        let want = by_chars(set, bytes, from);
        match han_and_ascii(set, bytes, from) {
            Ok(chars) => assert_eq!(Some(chars), want, "{bytes:02x?} from {from}"),
            Err(at) => {
                // Not a verdict, only where the char loop resumes: a char boundary with every
                // char before it accepted.
                assert!(from <= at && at <= bytes.len(), "{bytes:02x?}: {at}");
                assert!(
                    by_chars(set, &bytes[..at], from).is_some(),
                    "{bytes:02x?}: {at}"
                );
                // Where SSSE3 is there, valid text is always proven here.
                #[cfg(all(target_arch = "x86_64", not(miri), not(feature = "portable")))]
                if std::is_x86_feature_detected!("ssse3") {
                    assert_eq!(want, None, "{bytes:02x?} from {from}");
                }
            }
        }
    }

    /// Text made of `pieces` picked by a fixed pseudo-random sequence, cut to `len` bytes.
    fn text(pieces: &[&str], seed: u64, len: usize) -> Vec<u8> {
        let mut state = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let mut out = Vec::new();
        while out.len() < len {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            out.extend_from_slice(pieces[(state >> 33) as usize % pieces.len()].as_bytes());
        }
        out.truncate(len);
        out
    }

    const PIECES: &[&str] = &[
        "a", "Z", "7", "-", ".", "中", "镜像", "一", "鿿", "丁", "龥",
    ];

    #[test]
    #[cfg_attr(miri, ignore = "hundreds of thousands of values: run natively")]
    fn every_byte_at_every_place_of_every_length() {
        let set = *CharSet::new(true, true, true, ".:_-").ascii();
        for len in 0..=80 {
            for seed in 0..4 {
                // Cut anywhere: a Han char cut short at the end, or split across blocks.
                let base = text(PIECES, seed, len);
                agrees(&set, &base, 0);
                let near_a_block_edge = [14, 15, 16, 17, 18, 30, 31, 32, 33, 34, 47, 48, 49]
                    .iter()
                    .any(|&edge| len.abs_diff(edge) <= 1);
                for at in 0..len {
                    for b in 0..=255u8 {
                        if !near_a_block_edge && seed > 0 && b % 7 != 0 && b < 0xE0 {
                            continue;
                        }
                        let mut value = base.clone();
                        value[at] = b;
                        agrees(&set, &value, 0);
                    }
                }
            }
        }
    }

    #[test]
    fn sequences_that_are_not_main_block_han_at_every_offset() {
        let set = *CharSet::new(true, true, true, ".:_-").ascii();
        let odd: &[&[u8]] = &[
            b"\xE4\xB7\xBF",     // U+4DFF, just below the block
            b"\xE4\xB8\x80",     // U+4E00, its first char
            b"\xE4\x80\x80",     // U+4000
            b"\xEA\xB0\x80",     // U+AC00, Hangul
            b"\xE5\x80",         // cut short
            b"\xE5",             // a lone lead
            b"\x80",             // a continuation with no lead
            b"\xBF\xBF",         // two
            b"\xE0\x80\x80",     // overlong NUL
            b"\xC0\xAF",         // overlong '/'
            b"\xED\xA0\x80",     // a surrogate
            b"\xF0\x9F\x98\x80", // an emoji, four bytes
            b"\xF0\xA0\x80\x80", // U+20000, Han outside the main block
            "，".as_bytes(),
            b"\r\n",
            b" ",
            b"\0",
        ];
        for len in [
            0, 1, 2, 5, 13, 14, 15, 16, 17, 18, 29, 30, 31, 32, 33, 46, 47, 48, 64,
        ] {
            let base = text(PIECES, len as u64, len);
            for seq in odd {
                for at in 0..=len {
                    let mut value = base[..at].to_vec();
                    value.extend_from_slice(seq);
                    value.extend_from_slice(&base[at..]);
                    agrees(&set, &value, 0);
                    // And after an ASCII start the test is told to skip.
                    let mut prefixed = b"web-v2".to_vec();
                    prefixed.extend_from_slice(&value);
                    for from in 0..=6 {
                        agrees(&set, &prefixed, from);
                    }
                }
            }
        }
    }

    #[test]
    fn names_of_the_benchmarks() {
        let set = *CharSet::new(true, true, true, ".:_-").ascii();
        for name in [
            "生产环境基础镜像-000123",
            "web服务器-v2.1_杭州:生产环境-ubuntu22.04基础镜像-prod",
            "build-镜-2024",
            &"镜像名称".repeat(32),
            // Past 255 blocks, where the per-lane counts are summed before they could wrap.
            &format!("a{}-1", "镜像名称".repeat(1000)),
        ] {
            #[cfg(all(target_arch = "x86_64", not(miri), not(feature = "portable")))]
            if std::is_x86_feature_detected!("ssse3") {
                let chars = name.chars().count();
                assert_eq!(han_and_ascii(&set, name.as_bytes(), 0), Ok(chars));
            }
            agrees(&set, name.as_bytes(), 0);
        }
    }
}
