//! The portable path: every scan one byte (or code point) at a time, in pieces of 16 so that
//! a test with no branch per byte can still stop early. What aarch64, wasm32 without
//! `simd128`, Miri and `--features portable` run, and what the SIMD paths fall back to.
//!
//! Each function reads no further than the piece holding the byte where its answer is
//! decided: the scans call them again after every char they take apart, so one that read on
//! to the end would make those scans quadratic (a test counts the steps, see
//! `crate::fast::linear`).

use crate::fast::run::run_char;
#[cfg(feature = "ffi")]
use crate::fast::wide::{split_common_from, values};
#[cfg(feature = "ffi")]
use crate::rules::FieldRule;
use crate::text::AsciiSet;
use crate::work;

/// See [`crate::text::AsciiSet::prefix_len`].
#[inline]
pub(crate) fn prefix_len(set: &AsciiSet, bytes: &[u8]) -> usize {
    prefix_in_table(bytes, set.table())
}

/// See [`crate::text::AsciiSet::split_at_nul`].
#[cfg(feature = "ffi")]
#[inline]
pub(crate) fn split_at_nul(set: &AsciiSet, bytes: &[u8], start: usize) -> (usize, bool) {
    split_at_nul_from(bytes, start, true, set.table())
}

/// See `crate::fast::mixed::han_and_ascii`: proves nothing here (the char loop does it all).
#[inline]
pub(crate) fn han_and_ascii(_: &AsciiSet, _: &[u8], from: usize) -> Result<usize, usize> {
    Err(from)
}

/// See `crate::fast::run::run_block`: char by char.
#[allow(dead_code, reason = "x86-64 always has SSE2 for this")]
#[inline]
pub(crate) fn run_block(block: &[u8; 48], extras: &[[u8; 3]]) -> usize {
    let n = block
        .chunks_exact(3)
        .take_while(|c| run_char(extras, c[0], c[1], c[2]))
        .count();
    work::add(n + 1);
    n
}

/// See [`crate::fast::wide::for_each_value`].
#[cfg(feature = "ffi")]
#[inline]
pub(crate) fn for_each_value(
    rule: Option<&FieldRule>,
    cps: &[u32],
    each: impl FnMut(usize, usize, bool) -> bool,
) {
    values(rule, cps, each, |cps, start, table, han| {
        split_common_from(cps, start, true, table, han)
    });
}

/// See `crate::fast::wide::split_common`.
#[cfg(all(test, feature = "ffi"))]
pub(crate) fn split_common(
    cps: &[u32],
    start: usize,
    table: &AsciiSet,
    han: bool,
) -> (usize, bool) {
    split_common_from(cps, start, true, table, han)
}

/// [`split_at_nul`] byte by byte from `bytes[i]`, the bytes before it having given `all`.
#[cfg(feature = "ffi")]
#[inline]
pub(crate) fn split_at_nul_from(
    bytes: &[u8],
    mut i: usize,
    mut all: bool,
    table: &[u8; 256],
) -> (usize, bool) {
    let start = i;
    while let Some(&b) = bytes.get(i) {
        if b == 0 {
            break;
        }
        all &= table[usize::from(b)] != 0;
        i += 1;
    }
    work::add(i - start + 1);
    (i, all)
}

/// Whether `table[b]` is 1 for every byte of `bytes`.
#[inline]
pub(crate) fn all_in_table(bytes: &[u8], table: &[u8; 256]) -> bool {
    bytes
        .iter()
        .fold(1u8, |all, &b| all & table[usize::from(b)])
        == 1
}

/// [`prefix_len`] by the byte table, 16 bytes a piece: the branch-free test of a piece first,
/// the place of the first byte outside the set only in the piece that has one.
#[inline]
pub(crate) fn prefix_in_table(bytes: &[u8], table: &[u8; 256]) -> usize {
    if bytes.len() <= 16 {
        // One piece (the short values x86-64 sends here too): no loop to set up.
        work::add(bytes.len() + 1);
        if all_in_table(bytes, table) {
            return bytes.len();
        }
        let stop = bytes.iter().position(|&b| table[usize::from(b)] == 0);
        return stop.unwrap_or(bytes.len());
    }
    let mut at = 0;
    for piece in bytes.chunks(16) {
        work::add(piece.len());
        if !all_in_table(piece, table) {
            let stop = piece.iter().position(|&b| table[usize::from(b)] == 0);
            return at + stop.unwrap_or(piece.len());
        }
        at += piece.len();
    }
    work::add(1);
    at
}
