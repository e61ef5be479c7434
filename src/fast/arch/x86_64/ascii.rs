//! The character-set test 16 bytes at a time, by two table lookups per byte (`pshufb`): one by
//! the low nibble gives the high nibbles the set has for it as bits, one by the high nibble
//! gives that nibble's bit. The cost is the same for every set, however many characters it
//! names. A byte >= 0x80 has a high nibble of 8 or more, whose bit is 0, so it is never in the
//! set, as the byte table says.

#[cfg(feature = "ffi")]
use crate::fast::arch::generic;
#[cfg(feature = "ffi")]
use crate::text::AsciiSet;
use std::arch::x86_64::{
    __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_loadl_epi64, _mm_loadu_si128, _mm_movemask_epi8,
    _mm_set1_epi8, _mm_setr_epi8, _mm_setzero_si128, _mm_shuffle_epi8, _mm_srli_epi16,
    _mm_unpacklo_epi64,
};

/// # Safety
/// The CPU must have SSSE3, and `bytes` must be at least 8 long.
#[target_feature(enable = "ssse3")]
pub(super) unsafe fn prefix_len(bytes: &[u8], by_low_nibble: &[u8; 16]) -> usize {
    let len = bytes.len();
    debug_assert!(len >= 8);
    let at = |i: usize| bytes[i..].as_ptr().cast::<__m128i>();
    // SAFETY: every load reads 16 (or, by `_mm_loadl_epi64`, 8) bytes that lie inside
    // `by_low_nibble` or `bytes`: each starts at most 16 (8) bytes before the end
    // (unaligned loads are allowed anywhere).
    unsafe {
        let rows = _mm_loadu_si128(by_low_nibble.as_ptr().cast::<__m128i>());
        if len < 16 {
            // The first 8 bytes and the last 8 as one vector; they overlap when the value
            // is shorter than 16, which only tests a byte twice.
            let x = _mm_unpacklo_epi64(_mm_loadl_epi64(at(0)), _mm_loadl_epi64(at(len - 8)));
            return match outside(x, rows) {
                0 => len,
                m if m & 0xFF != 0 => m.trailing_zeros() as usize,
                m => len + m.trailing_zeros() as usize - 16,
            };
        }
        // Out at the first 16 bytes with a byte outside the set: Chinese text, which fails
        // at its first byte, costs one step here, not a pass over the value.
        let mut i = 0;
        while i + 16 <= len {
            let m = outside(_mm_loadu_si128(at(i)), rows);
            if m != 0 {
                return i + m.trailing_zeros() as usize;
            }
            i += 16;
        }
        // The last bytes as the 16 that end the value: those before `i` passed already.
        if i < len {
            let m = outside(_mm_loadu_si128(at(len - 16)), rows);
            if m != 0 {
                return len - 16 + m.trailing_zeros() as usize;
            }
        }
        len
    }
}

#[cfg(feature = "ffi")]
/// See [`AsciiSet::split_at_nul`].
///
/// # Safety
/// The CPU must have SSSE3.
#[target_feature(enable = "ssse3")]
pub(super) unsafe fn split_at_nul(bytes: &[u8], start: usize, set: &AsciiSet) -> (usize, bool) {
    let mut i = start;
    let mut all = true;
    // SAFETY: each load reads 16 bytes inside `bytes` (`i + 16 <= len`) or the set's
    // table.
    unsafe {
        let rows = _mm_loadu_si128(set.by_low_nibble().as_ptr().cast::<__m128i>());
        while i + 16 <= bytes.len() {
            let x = _mm_loadu_si128(bytes.as_ptr().add(i).cast::<__m128i>());
            let nul = _mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_setzero_si128())) as u32;
            let out = outside(x, rows);
            if nul != 0 {
                let before = (1u32 << nul.trailing_zeros()) - 1;
                return (i + nul.trailing_zeros() as usize, all & (out & before == 0));
            }
            all &= out == 0;
            i += 16;
        }
    }
    generic::split_at_nul_from(bytes, i, all, set.table())
}

/// Bit `k` set when byte `k` of `x` is outside the set whose rows are `rows`.
///
/// # Safety
/// The CPU must have SSSE3.
#[target_feature(enable = "ssse3")]
#[inline]
unsafe fn outside(x: __m128i, rows: __m128i) -> u32 {
    let bit_of_high = _mm_setr_epi8(1, 2, 4, 8, 16, 32, 64, -128, 0, 0, 0, 0, 0, 0, 0, 0);
    let nibble = _mm_set1_epi8(0x0F);
    let low = _mm_and_si128(x, nibble);
    let high = _mm_and_si128(_mm_srli_epi16(x, 4), nibble);
    let hit = _mm_and_si128(
        _mm_shuffle_epi8(rows, low),
        _mm_shuffle_epi8(bit_of_high, high),
    );
    _mm_movemask_epi8(_mm_cmpeq_epi8(hit, _mm_setzero_si128())) as u32
}
