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
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    if std::is_x86_feature_detected!("ssse3") {
        // SAFETY: the CPU has SSSE3, checked just above.
        return unsafe { ssse3::han_and_ascii(set.by_low_nibble(), bytes, from) };
    }
    // Elsewhere the char loop does it all.
    let _ = (set, bytes);
    Err(from)
}

/// The start of the char that holds `bytes[at - 1]`, or `at` when that byte is ASCII: a char
/// boundary where the scan can resume after a block that failed at `at` or later. The bytes
/// from `from` to `at` passed the block test, so each continuation there follows its lead.
#[cfg_attr(not(all(target_arch = "x86_64", not(miri))), allow(dead_code))]
fn resume_at(bytes: &[u8], from: usize, at: usize) -> usize {
    let mut k = at;
    while k > from && bytes[k - 1] & 0xC0 == 0x80 {
        k -= 1;
    }
    if k > from && bytes[k - 1] >= 0xC0 {
        k - 1
    } else {
        k
    }
}

#[cfg(all(target_arch = "x86_64", not(miri)))]
mod ssse3 {
    use super::resume_at;
    use std::arch::x86_64::{
        __m128i, _mm_add_epi8, _mm_alignr_epi8, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8,
        _mm_cmpgt_epi8, _mm_cvtsi128_si32, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8,
        _mm_or_si128, _mm_sad_epu8, _mm_set1_epi8, _mm_setr_epi8, _mm_setzero_si128,
        _mm_shuffle_epi8, _mm_slli_si128, _mm_srli_epi16, _mm_srli_si128, _mm_sub_epi8,
        _mm_xor_si128,
    };

    /// See [`super::han_and_ascii`]; `by_low_nibble` is the set's nibble table.
    ///
    /// # Safety
    /// The CPU must have SSSE3.
    #[target_feature(enable = "ssse3")]
    pub(super) unsafe fn han_and_ascii(
        by_low_nibble: &[u8; 16],
        bytes: &[u8],
        from: usize,
    ) -> Result<usize, usize> {
        let len = bytes.len();
        // SAFETY (of each use): `i + 16 <= len`.
        let at = |i: usize| unsafe { bytes.as_ptr().add(i).cast::<__m128i>() };
        let mut i = from;
        // SAFETY: each load of `bytes` reads 16 bytes from `at(i)` with `i + 16 <= len` (the
        // bytes before the last block are read as the blocks that start one and two bytes
        // earlier, never before byte 0); the others read the 16 or 18 bytes of a local array.
        unsafe {
            let rows = _mm_loadu_si128(by_low_nibble.as_ptr().cast::<__m128i>());
            // Continuations, counted per lane (a lane is -1 for each): summed at the end, and
            // every 255 blocks before a lane could wrap.
            let mut tails = _mm_setzero_si128();
            let mut continuations = 0;
            let mut blocks = 0;
            // The bytes before `from` are ASCII, which call for no continuation: zeros in
            // their place say the same.
            let (mut prev, mut prev_lead) = (_mm_setzero_si128(), _mm_setzero_si128());
            while i + 16 <= len {
                // Each byte's two before come from this block and the last one, and so do
                // their leads, tested once per byte.
                let x = _mm_loadu_si128(at(i));
                let x_lead = lead(x);
                let (bad, t) = faults(
                    x,
                    _mm_alignr_epi8::<15>(x, prev),
                    x_lead,
                    _mm_or_si128(
                        _mm_alignr_epi8::<15>(x_lead, prev_lead),
                        _mm_alignr_epi8::<14>(x_lead, prev_lead),
                    ),
                    rows,
                );
                if bad != 0 {
                    return Err(resume_at(bytes, from, i));
                }
                tails = _mm_add_epi8(tails, t);
                blocks += 1;
                if blocks == 255 {
                    continuations += lane_sum(tails);
                    tails = _mm_setzero_si128();
                    blocks = 0;
                }
                (prev, prev_lead) = (x, x_lead);
                i += 16;
            }
            if i < len {
                let lane = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
                let (x, p1, p2, new) = if len >= 16 {
                    // The 16 bytes that end the value, overlapping bytes that passed (their
                    // verdict is the same again, and before `from` they are ASCII of the
                    // set); only the new ones are counted. Before byte 0, zeros.
                    let j = len - 16;
                    let new = _mm_cmpgt_epi8(lane, _mm_set1_epi8((i - j) as i8 - 1));
                    let load = |k: usize| _mm_loadu_si128(at(k));
                    let x = load(j);
                    let (p1, p2) = match j {
                        0 => (_mm_slli_si128::<1>(x), _mm_slli_si128::<2>(x)),
                        1 => (load(0), _mm_slli_si128::<1>(load(0))),
                        _ => (load(j - 1), load(j - 2)),
                    };
                    (x, p1, p2, new)
                } else {
                    // Fewer than 16 bytes in all: the new ones after the two before them
                    // (zeros at `from`, see above), then zeros, whose lanes are not looked at.
                    let mut buf = [0u8; 18];
                    if i > from {
                        buf[..2].copy_from_slice(&bytes[i - 2..i]);
                    }
                    let n = len - i;
                    buf[2..2 + n].copy_from_slice(&bytes[i..]);
                    let load = |k: usize| _mm_loadu_si128(buf[k..].as_ptr().cast::<__m128i>());
                    let new = _mm_cmpgt_epi8(_mm_set1_epi8(n as i8), lane);
                    (load(2), load(1), load(0), new)
                };
                let (bad, t) = faults(x, p1, lead(x), _mm_or_si128(lead(p1), lead(p2)), rows);
                if bad & (_mm_movemask_epi8(new) as u32) != 0 {
                    return Err(resume_at(bytes, from, i));
                }
                tails = _mm_add_epi8(tails, _mm_and_si128(t, new));
            }
            continuations += lane_sum(tails);
            // A lead in the last two bytes calls for continuations past the end, which no lane
            // looked for (bytes before `from` are ASCII, so they pass this).
            if len > from && (bytes[len - 1] >= 0xC0 || (len >= 2 && bytes[len - 2] >= 0xC0)) {
                return Err(resume_at(bytes, from, len));
            }
            Ok(len - continuations)
        }
    }

    /// -1 in the lanes of the Han leads E4..=E9 (`v - E4 <= 5`, unsigned).
    ///
    /// # Safety
    /// The CPU must have SSSE3.
    #[target_feature(enable = "ssse3")]
    #[inline]
    unsafe fn lead(v: __m128i) -> __m128i {
        let d = _mm_sub_epi8(v, _mm_set1_epi8(0xE4_u8 as i8));
        _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(5)), d)
    }

    /// The count of continuations in `tails`, whose lanes are -1 for each.
    ///
    /// # Safety
    /// The CPU must have SSSE3.
    #[target_feature(enable = "ssse3")]
    #[inline]
    unsafe fn lane_sum(tails: __m128i) -> usize {
        let counts = _mm_sub_epi8(_mm_setzero_si128(), tails);
        let sums = _mm_sad_epu8(counts, _mm_setzero_si128());
        (_mm_cvtsi128_si32(sums) + _mm_cvtsi128_si32(_mm_srli_si128::<8>(sums))) as usize
    }

    /// Bit `k` set when byte `k` of `x` breaks the text the test accepts, given the byte before
    /// each (`p1`), whether each is a lead (`x_lead`) and whether a lead one or two bytes before
    /// calls for a continuation (`due`); and -1 in the lanes of continuation bytes.
    ///
    /// # Safety
    /// The CPU must have SSSE3.
    #[target_feature(enable = "ssse3")]
    #[inline]
    unsafe fn faults(
        x: __m128i,
        p1: __m128i,
        x_lead: __m128i,
        due: __m128i,
        rows: __m128i,
    ) -> (u32, __m128i) {
        let bit_of_high = _mm_setr_epi8(1, 2, 4, 8, 16, 32, 64, -128, 0, 0, 0, 0, 0, 0, 0, 0);
        let nibble = _mm_set1_epi8(0x0F);
        // As in the ASCII test: a byte >= 0x80 has no bit, so it is never in the set.
        let in_set = _mm_and_si128(
            _mm_shuffle_epi8(rows, _mm_and_si128(x, nibble)),
            _mm_shuffle_epi8(bit_of_high, _mm_and_si128(_mm_srli_epi16::<4>(x), nibble)),
        );
        let outside_set = _mm_cmpeq_epi8(in_set, _mm_setzero_si128());
        // 80..=BF are the bytes below -64 as signed.
        let tail = _mm_cmpgt_epi8(_mm_set1_epi8(-64), x);
        let stray = _mm_andnot_si128(_mm_or_si128(x_lead, tail), outside_set);
        // After E4, 80..=B7 (below -72 as signed) is U+4000..U+4DFF: not all Han.
        let low_e4 = _mm_and_si128(
            _mm_cmpeq_epi8(p1, _mm_set1_epi8(0xE4_u8 as i8)),
            _mm_cmpgt_epi8(_mm_set1_epi8(0xB8_u8 as i8), x),
        );
        let bad = _mm_or_si128(_mm_or_si128(_mm_xor_si128(due, tail), stray), low_e4);
        (_mm_movemask_epi8(bad) as u32, tail)
    }
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
                #[cfg(all(target_arch = "x86_64", not(miri)))]
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
            let chars = name.chars().count();
            #[cfg(all(target_arch = "x86_64", not(miri)))]
            if std::is_x86_feature_detected!("ssse3") {
                assert_eq!(han_and_ascii(&set, name.as_bytes(), 0), Ok(chars));
            }
            agrees(&set, name.as_bytes(), 0);
        }
    }
}
