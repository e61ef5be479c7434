//! The promise that every check is linear in its input, held by counting work (see
//! [`crate::work`]), never by timing: each worst case is checked at two sizes against every
//! rule of the tables, and the steps of the larger must be about twice those of the smaller,
//! and a few per byte. CI runs this on the portable path too (`--features portable`, the path
//! of aarch64 and of WebAssembly engines without SIMD), where a scan that re-read the rest of
//! the value after each char it took apart once made "中 " repeated quadratic.

use crate::check::check_rule;
use crate::fast::{fast_check, fast_valid};
use crate::work;

/// Worst cases, each a piece repeated: a char the set refuses after each char that is taken
/// apart, long runs of refused chars, scripts mixed char by char, clusters of many chars,
/// forbidden texts over and over, runs of Han broken by other chars.
const PIECES: &[&str] = &[
    "中 ",
    "a b\u{1}",
    "\u{1}",
    "😀",
    "aé中😀한Ωж ",
    "👨\u{200D}👩\u{200D}👧",
    "e\u{301}",
    "中😀",
    "http://",
    "https://aliyun",
    "acs:",
    "\r\n",
    "1中",
    "中，",
    "镜像名称",
    "a-",
    "\u{202E}x",
    "🇨🇳",
];

/// A value of `reps` pieces, and one with a refused char at its end after a long good start.
fn values(piece: &str, reps: usize) -> [String; 2] {
    [piece.repeat(reps), format!("{}\u{1}😀", piece.repeat(reps))]
}

/// The steps the check of `value` against every rule takes: its report, and its verdict.
fn steps(value: &str) -> Vec<u64> {
    let mut out = Vec::new();
    for rules in crate::rules::ALL {
        for e in rules.fields {
            work::take();
            let report = check_rule(e.rule, e.field, value);
            std::hint::black_box(report);
            let _ = std::hint::black_box(fast_valid(e.rule, value.as_bytes()));
            let _ = std::hint::black_box(fast_check::<true>(e.rule, value.as_bytes()));
            out.push(work::take());
        }
    }
    out
}

#[test]
#[cfg_attr(miri, ignore = "megabytes of text: run natively")]
fn every_check_is_linear_on_worst_cases() {
    // Big enough that a quadratic term dwarfs every constant (1,000 pieces is 2,000 to 18,000
    // bytes), small enough to take a second or two.
    let reps = 1_000;
    for piece in PIECES {
        for (small, large) in values(piece, reps).iter().zip(values(piece, 2 * reps)) {
            let (a, b) = (steps(small), steps(&large));
            for (k, (&a, &b)) in a.iter().zip(&b).enumerate() {
                // Twice the input: about twice the work (a little over, for the constant
                // parts such as the refused char at the end).
                assert!(
                    b <= 2 * a + a / 8 + 256,
                    "{piece:?} rule {k}: {a} steps for {} bytes, {b} for {} (simd: {})",
                    small.len(),
                    large.len(),
                    crate::fast::arch::SIMD
                );
                // And a few steps per byte: the report's passes over the value (counts,
                // clusters, excerpts, the runs' clusters) are a bounded number.
                assert!(
                    b <= 48 * large.len() as u64,
                    "{piece:?} rule {k}: {b} steps for {} bytes",
                    large.len()
                );
            }
        }
    }
}
