//! The mixed test of `crate::fast::mixed` with SSSE3: a set's ASCII and main-block Han in any
//! order, 16 bytes a step.

use crate::fast::arch::resume_at;
use std::arch::x86_64::{
    __m128i, _mm_add_epi8, _mm_alignr_epi8, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8,
    _mm_cmpgt_epi8, _mm_cvtsi128_si32, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8,
    _mm_or_si128, _mm_sad_epu8, _mm_set1_epi8, _mm_setr_epi8, _mm_setzero_si128, _mm_shuffle_epi8,
    _mm_slli_si128, _mm_srli_epi16, _mm_srli_si128, _mm_sub_epi8, _mm_xor_si128,
};

/// See `crate::fast::mixed::han_and_ascii`; `by_low_nibble` is the set's nibble table.
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
