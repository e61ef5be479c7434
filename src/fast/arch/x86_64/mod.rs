//! x86-64: SSE2 (part of every x86-64 CPU) for the runs of Han, SSSE3 (all but the oldest)
//! for the character-set tests, each told once per call by the standard library's cached
//! CPU test; the portable path where SSSE3 is missing.

mod ascii;
mod mixed;
mod run;
#[cfg(feature = "ffi")]
mod wide;

use super::generic;
#[cfg(feature = "ffi")]
use crate::rules::FieldRule;
use crate::text::AsciiSet;

/// Whether the CPU has SSSE3 (the standard library caches the answer).
#[inline(always)]
fn ssse3() -> bool {
    std::is_x86_feature_detected!("ssse3")
}

/// See [`crate::text::AsciiSet::prefix_len`].
#[inline]
pub(crate) fn prefix_len(set: &AsciiSet, bytes: &[u8]) -> usize {
    if bytes.len() >= 8 && ssse3() {
        // SAFETY: the CPU has SSSE3 and the value is 8 bytes or more, checked just above.
        return unsafe { ascii::prefix_len(bytes, set.by_low_nibble()) };
    }
    generic::prefix_len(set, bytes)
}

/// See [`crate::text::AsciiSet::split_at_nul`].
#[cfg(feature = "ffi")]
#[inline]
pub(crate) fn split_at_nul(set: &AsciiSet, bytes: &[u8], start: usize) -> (usize, bool) {
    if ssse3() {
        // SAFETY: the CPU has SSSE3, checked just above.
        return unsafe { ascii::split_at_nul(bytes, start, set) };
    }
    generic::split_at_nul(set, bytes, start)
}

/// See `crate::fast::mixed::han_and_ascii`.
#[inline]
pub(crate) fn han_and_ascii(set: &AsciiSet, bytes: &[u8], from: usize) -> Result<usize, usize> {
    if ssse3() {
        // SAFETY: the CPU has SSSE3, checked just above.
        return unsafe { mixed::han_and_ascii(set.by_low_nibble(), bytes, from) };
    }
    generic::han_and_ascii(set, bytes, from)
}

/// See `crate::fast::run::run_block`.
#[inline]
pub(crate) fn run_block(block: &[u8; 48], extras: &[[u8; 3]]) -> usize {
    run::run_block_sse2(block, extras)
}

/// See [`crate::fast::wide::for_each_value`].
#[cfg(feature = "ffi")]
#[inline]
pub(crate) fn for_each_value(
    rule: Option<&FieldRule>,
    cps: &[u32],
    each: impl FnMut(usize, usize, bool) -> bool,
) {
    if ssse3() {
        // SAFETY: the CPU has SSSE3, checked just above.
        return unsafe { wide::for_each_value(rule, cps, each) };
    }
    generic::for_each_value(rule, cps, each)
}

/// See `crate::fast::wide::split_common`.
#[cfg(all(test, feature = "ffi"))]
pub(crate) fn split_common(
    cps: &[u32],
    start: usize,
    table: &AsciiSet,
    han: bool,
) -> (usize, bool) {
    if ssse3() {
        // SAFETY: the CPU has SSSE3, checked just above.
        return unsafe { wide::split_common(cps, start, table, han) };
    }
    generic::split_common(cps, start, table, han)
}
