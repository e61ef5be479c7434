//! The full check's one pass over a refused value: its counts in every unit, the runs of
//! chars its rule refuses, and whether its grapheme clusters are its chars. Counting, testing
//! for joining chars and finding bad runs each read the value again when done apart; a report
//! is built on every refused keystroke, so they are done together.

use crate::fast::{FREE_TEXT_ASCII, is_stray_control};
use crate::rules::FieldRule;
use crate::text::{Counts, never_joins, units};
use unicode_segmentation::UnicodeSegmentation;

/// What the pass found.
pub(super) struct Scanned {
    pub counts: Counts,
    /// Whether no char joins a neighbour, so every cluster is one char (see
    /// [`crate::text::Spans`]).
    pub one_cluster_per_char: bool,
}

/// Reads `value` once for `rule`, calling `bad` with the bytes `[start, end)` of each char
/// outside the rule's set (for free text, each stray control character) from byte `from` on,
/// in order; the chars before `from` are counted but not judged (a bad first char is its own
/// fault).
pub(super) fn scan(
    rule: &FieldRule,
    value: &str,
    from: usize,
    bad: impl FnMut(usize, usize),
) -> Scanned {
    match &rule.allowed {
        Some(set) => scan_with(
            value,
            from,
            bad,
            |bytes| set.ascii_prefix_len(bytes),
            |b| set.contains_ascii(b),
            |c| set.contains(c),
        ),
        None => scan_with(
            value,
            from,
            bad,
            |bytes| FREE_TEXT_ASCII.prefix_len(bytes),
            |b| !is_stray_control(b),
            |_| true,
        ),
    }
}

/// The pass, for a set given as its ASCII prefix test (`ascii_run`, 16 bytes a step), its
/// ASCII byte test and its test of other chars.
#[inline(always)]
fn scan_with(
    value: &str,
    from: usize,
    mut bad: impl FnMut(usize, usize),
    ascii_run: impl Fn(&[u8]) -> usize,
    ascii: impl Fn(u8) -> bool,
    other: impl Fn(char) -> bool,
) -> Scanned {
    let bytes = value.as_bytes();
    let mut at = 0;
    let mut all_ascii = true;
    let mut joins = false;
    while let Some(&b) = bytes.get(at) {
        if b < 0x80 {
            let good = ascii_run(&bytes[at..]);
            if good > 0 {
                at += good;
                continue;
            }
            if !ascii(b) && at >= from {
                bad(at, at + 1);
            }
            at += 1;
            continue;
        }
        all_ascii = false;
        let c = value[at..]
            .chars()
            .next()
            .expect("at lies on a char boundary");
        let width = c.len_utf8();
        joins |= !never_joins(c);
        if !other(c) && at >= from {
            bad(at, at + width);
        }
        at += width;
    }
    // CR is the one ASCII char that joins (CR LF is one cluster). A fold with no early exit
    // vectorises; `contains` would call `memchr`.
    joins |= bytes.iter().fold(false, |seen, &b| seen | (b == b'\r'));
    let (chars, utf16) = if all_ascii {
        (bytes.len(), bytes.len())
    } else {
        units(bytes)
    };
    let graphemes = if joins {
        value.graphemes(true).count()
    } else {
        chars
    };
    Scanned {
        counts: Counts {
            bytes: bytes.len(),
            chars,
            utf16,
            graphemes,
        },
        one_cluster_per_char: !joins,
    }
}
