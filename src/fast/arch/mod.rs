//! The scans' inner loops, one module per instruction set, laid out as the `memchr` crate
//! lays out its own: `generic` (the portable path, byte by byte in pieces of 16), `x86_64`
//! (SSE2/SSSE3) and `wasm32` (`simd128`). Each module offers the same functions; which one the
//! rest of the crate calls is chosen here, once, when the crate is compiled. Within
//! `x86_64`, SSSE3 is a run-time test (cached by the standard library) that falls back to
//! `generic`; WebAssembly has no run-time test, so `simd128` is chosen at build time and the
//! npm package ships a build with it and one without (see `docs/javascript.md`).
//!
//! The cargo feature `portable` selects `generic` on every target, so that the path of
//! aarch64 and of engines without SIMD is tested on an x86-64 CI machine; Miri also runs it.

pub(crate) mod generic;

#[cfg(all(target_arch = "x86_64", not(miri), not(feature = "portable")))]
pub(crate) mod x86_64;
#[cfg(all(target_arch = "x86_64", not(miri), not(feature = "portable")))]
pub(crate) use x86_64 as chosen;

#[cfg(all(
    target_arch = "wasm32",
    target_feature = "simd128",
    not(miri),
    not(feature = "portable")
))]
pub(crate) mod wasm32;
#[cfg(all(
    target_arch = "wasm32",
    target_feature = "simd128",
    not(miri),
    not(feature = "portable")
))]
pub(crate) use wasm32 as chosen;

#[cfg(not(any(
    all(target_arch = "x86_64", not(miri), not(feature = "portable")),
    all(
        target_arch = "wasm32",
        target_feature = "simd128",
        not(miri),
        not(feature = "portable")
    )
)))]
pub(crate) use generic as chosen;

#[cfg(feature = "ffi")]
pub(crate) use chosen::{for_each_value, split_at_nul};
pub(crate) use chosen::{han_and_ascii, prefix_len, run_block};

#[cfg(all(test, feature = "ffi"))]
pub(crate) use chosen::split_common;

/// Whether the SIMD path of the target is the one built (for tests that hold it to the
/// portable one, and that say which they ran on).
#[cfg(test)]
pub(crate) const SIMD: bool = cfg!(any(
    all(target_arch = "x86_64", not(miri), not(feature = "portable")),
    all(
        target_arch = "wasm32",
        target_feature = "simd128",
        not(miri),
        not(feature = "portable")
    )
));

/// The start of the char that holds `bytes[at - 1]`, or `at` when that byte is ASCII: a char
/// boundary where the scan can resume after a block that failed at `at` or later. The bytes
/// from `from` to `at` passed the block test, so each continuation there follows its lead.
#[allow(dead_code, reason = "unused where only the portable path is built")]
pub(crate) fn resume_at(bytes: &[u8], from: usize, at: usize) -> usize {
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
