//! WebAssembly with `simd128` (every engine since 2021-2023): the character-set test and the
//! runs of Han 16 bytes a step. WebAssembly has no run-time CPU test, so this module is
//! chosen when the build enables `simd128`; the npm package ships that build and one without
//! it, and its loader picks one (`bindings/js/engine.js`, `docs/javascript.md`). The mixed
//! test and the packed batches (which the npm package does not use) take the portable path.

use core::arch::wasm32::{
    i8x16_bitmask, i8x16_eq, i8x16_shuffle, i8x16_splat, i8x16_swizzle, u8x16, u8x16_ge, u8x16_le,
    u8x16_lt, u8x16_shr, u8x16_splat, v128, v128_and, v128_andnot, v128_load, v128_or,
};

use super::generic;
use crate::text::AsciiSet;

pub(crate) use generic::han_and_ascii;
#[cfg(all(test, feature = "ffi"))]
pub(crate) use generic::split_common;
#[cfg(feature = "ffi")]
pub(crate) use generic::{for_each_value, split_at_nul};

/// 16 bytes from `bytes[i..]`.
///
/// # Safety
/// `i + 16 <= bytes.len()`.
#[inline(always)]
unsafe fn load(bytes: &[u8], i: usize) -> v128 {
    debug_assert!(i + 16 <= bytes.len());
    // SAFETY: the caller keeps the 16 bytes inside `bytes`; unaligned loads are allowed.
    unsafe { v128_load(bytes.as_ptr().add(i).cast::<v128>()) }
}

/// Bit `k` set when byte `k` of `x` is outside the set whose nibble rows are `rows` (see
/// the x86-64 module: the same two table lookups, by `swizzle`, which gives 0 for an index
/// of 16 or more as `pshufb` does for one with its top bit set).
#[inline(always)]
fn outside(x: v128, rows: v128) -> u32 {
    let bit_of_high = u8x16(1, 2, 4, 8, 16, 32, 64, 128, 0, 0, 0, 0, 0, 0, 0, 0);
    let low = v128_and(x, u8x16_splat(0x0F));
    let high = u8x16_shr(x, 4);
    let hit = v128_and(i8x16_swizzle(rows, low), i8x16_swizzle(bit_of_high, high));
    u32::from(i8x16_bitmask(i8x16_eq(hit, u8x16_splat(0))))
}

/// See [`crate::text::AsciiSet::prefix_len`].
#[inline]
pub(crate) fn prefix_len(set: &AsciiSet, bytes: &[u8]) -> usize {
    let len = bytes.len();
    if len < 16 {
        return generic::prefix_len(set, bytes);
    }
    // SAFETY: every load of `bytes` starts at most 16 bytes before its end; the table is 16
    // bytes.
    unsafe {
        let rows = v128_load(set.by_low_nibble().as_ptr().cast::<v128>());
        let mut i = 0;
        while i + 16 <= len {
            let m = outside(load(bytes, i), rows);
            if m != 0 {
                return i + m.trailing_zeros() as usize;
            }
            i += 16;
        }
        // The last bytes as the 16 that end the value: those before `i` passed already.
        if i < len {
            let m = outside(load(bytes, len - 16), rows);
            if m != 0 {
                return len - 16 + m.trailing_zeros() as usize;
            }
        }
        len
    }
}

/// Per lane of the `k`th 16 bytes of a block: `lead` where the byte starts a char (its place
/// in the block a multiple of 3), else `tail`.
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

/// See `crate::fast::run::run_block`: every third byte a lead E4 to E9 and the others tails
/// 80 to BF, the byte after each E4 at least B8; or, at a lead's place, the three bytes of an
/// extra. The first lane that fails gives the char where the run ends.
#[inline]
pub(crate) fn run_block(block: &[u8; 48], extras: &[[u8; 3]]) -> usize {
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
    const LEAD: [[u8; 16]; 3] = [
        lanes(0, 0xFF, 0x00),
        lanes(1, 0xFF, 0x00),
        lanes(2, 0xFF, 0x00),
    ];
    let table = |t: &[u8; 16]| {
        // SAFETY: a 16-byte array.
        unsafe { v128_load(t.as_ptr().cast::<v128>()) }
    };
    // SAFETY: the three loads are the three 16-byte thirds of the 48-byte block.
    let v = unsafe { [load(block, 0), load(block, 16), load(block, 32)] };
    let zero = u8x16_splat(0);
    // The byte after each lane, and the one after that, across the thirds (zeros past the
    // block).
    let next = [
        i8x16_shuffle::<1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16>(v[0], v[1]),
        i8x16_shuffle::<1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16>(v[1], v[2]),
        i8x16_shuffle::<1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16>(v[2], zero),
    ];
    let after_next = [
        i8x16_shuffle::<2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17>(v[0], v[1]),
        i8x16_shuffle::<2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17>(v[1], v[2]),
        i8x16_shuffle::<2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17>(v[2], zero),
    ];
    let lane_ok = |k: usize| {
        let x = v[k];
        let in_range = v128_and(u8x16_ge(x, table(&LOW[k])), u8x16_le(x, table(&HIGH[k])));
        // A lead E4 whose next byte is below B8 is U+4000..U+4DFF: not all Han.
        let low_e4 = v128_and(
            i8x16_eq(x, u8x16_splat(0xE4)),
            u8x16_lt(next[k], u8x16_splat(0xB8)),
        );
        let mut ok = v128_andnot(in_range, low_e4);
        // An extra's lead is no Han lead, so its lane failed above; only a lead's place may
        // hold one.
        for e in extras {
            let is_extra = v128_and(
                v128_and(table(&LEAD[k]), i8x16_eq(x, i8x16_splat(e[0] as i8))),
                v128_and(
                    i8x16_eq(next[k], i8x16_splat(e[1] as i8)),
                    i8x16_eq(after_next[k], i8x16_splat(e[2] as i8)),
                ),
            );
            ok = v128_or(ok, is_extra);
        }
        ok
    };
    let ok = [lane_ok(0), lane_ok(1), lane_ok(2)];
    let ok_bits = ok.iter().enumerate().fold(0u64, |bits, (k, &o)| {
        bits | u64::from(i8x16_bitmask(o)) << (16 * k)
    });
    let failing = !ok_bits & ((1 << 48) - 1);
    (failing.trailing_zeros() as usize).min(48) / 3
}
