//! The split of a packed batch of code points with SSSE3: 16 code points a step.

use crate::fast::wide::{split_common_from, values};
use crate::rules::FieldRule;
use crate::text::AsciiSet;
use std::arch::x86_64::{
    __m128i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_cmpeq_epi32, _mm_cmpgt_epi32,
    _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_packs_epi16, _mm_packs_epi32,
    _mm_packus_epi16, _mm_set1_epi8, _mm_set1_epi32, _mm_setr_epi8, _mm_setzero_si128,
    _mm_shuffle_epi8, _mm_srli_epi16, _mm_sub_epi32, _mm_xor_si128,
};

/// See [`crate::fast::wide::for_each_value`].
///
/// # Safety
/// The CPU must have SSSE3.
#[target_feature(enable = "ssse3")]
pub(super) unsafe fn for_each_value(
    rule: Option<&FieldRule>,
    cps: &[u32],
    each: impl FnMut(usize, usize, bool) -> bool,
) {
    // SAFETY: this function has SSSE3.
    values(rule, cps, each, |cps, start, table, han| unsafe {
        split_common(cps, start, table, han)
    });
}

/// See `crate::fast::wide::split_common`.
///
/// # Safety
/// The CPU must have SSSE3.
#[target_feature(enable = "ssse3")]
#[inline]
pub(super) unsafe fn split_common(
    cps: &[u32],
    start: usize,
    table: &AsciiSet,
    han: bool,
) -> (usize, bool) {
    let mut i = start;
    let mut common = true;
    // SAFETY: each load reads 4 code points inside `cps` (`i + 16 <= len`) or the
    // set's table (unaligned loads are allowed anywhere).
    unsafe {
        let rows = _mm_loadu_si128(table.by_low_nibble().as_ptr().cast::<__m128i>());
        let bit_of_high = _mm_setr_epi8(1, 2, 4, 8, 16, 32, 64, -128, 0, 0, 0, 0, 0, 0, 0, 0);
        let nibble = _mm_set1_epi8(0x0F);
        let zero = _mm_setzero_si128();
        let han_lanes = if han { _mm_set1_epi8(-1) } else { zero };
        while i + 16 <= cps.len() {
            let v = [0, 4, 8, 12].map(|k| _mm_loadu_si128(cps[i + k..].as_ptr().cast()));
            // Four vectors of -1/0 per code point as one of -1/0 per byte, in order.
            let narrow = |m: [__m128i; 4]| {
                _mm_packs_epi16(_mm_packs_epi32(m[0], m[1]), _mm_packs_epi32(m[2], m[3]))
            };
            let ends = _mm_movemask_epi8(narrow(v.map(|x| _mm_cmpeq_epi32(x, zero)))) as u32;
            // cp - 4E00 below 5200, unsigned: flipping the top bit makes it a signed
            // compare.
            let in_block = v.map(|x| {
                let d = _mm_xor_si128(
                    _mm_sub_epi32(x, _mm_set1_epi32(0x4E00)),
                    _mm_set1_epi32(i32::MIN),
                );
                _mm_cmpgt_epi32(_mm_set1_epi32(i32::MIN + 0x5200), d)
            });
            // Each code point as a byte, by saturation: below 0x100 itself, above it 0xFF
            // (in no set), and from 2^31 on 0 (which no value holds: it ends one), so
            // only ASCII code points have a byte an ASCII table can hold.
            let b = _mm_packus_epi16(_mm_packs_epi32(v[0], v[1]), _mm_packs_epi32(v[2], v[3]));
            let hit = _mm_and_si128(
                _mm_shuffle_epi8(rows, _mm_and_si128(b, nibble)),
                _mm_shuffle_epi8(bit_of_high, _mm_and_si128(_mm_srli_epi16::<4>(b), nibble)),
            );
            let in_set = _mm_andnot_si128(
                _mm_cmpeq_epi8(b, zero),
                _mm_xor_si128(_mm_cmpeq_epi8(hit, zero), _mm_set1_epi8(-1)),
            );
            let ok = _mm_or_si128(in_set, _mm_and_si128(narrow(in_block), han_lanes));
            let ok = _mm_movemask_epi8(ok) as u32;
            if ends != 0 {
                let before = (1u32 << ends.trailing_zeros()) - 1;
                return (
                    i + ends.trailing_zeros() as usize,
                    common & (ok & before == before),
                );
            }
            common &= ok == 0xFFFF;
            i += 16;
        }
    }
    split_common_from(cps, i, common, table, han)
}
