//! The full check's one pass over a refused value: its counts in every unit and the runs of
//! chars its rule refuses. Counting, testing for joining chars and finding bad runs each read
//! the value again when done apart; a report is built on every refused keystroke, so they are
//! done together.

use crate::fast::{FREE_TEXT_ASCII, is_stray_control};
use crate::rules::FieldRule;
use crate::text::{Counts, never_joins};
use unicode_segmentation::UnicodeSegmentation;

/// Reads `value` once for `rule`, calling `bad` with the places `[start, end)` of each char
/// outside the rule's set (for free text, each stray control character) from byte `from` on,
/// in order; the chars before `from` are counted but not judged (a bad first char is its own
/// fault).
pub(super) fn scan(rule: &FieldRule, value: &str, from: usize, bad: impl FnMut(At, At)) -> Counts {
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

/// A place in the value, in three units (clusters are known only once the whole value is
/// read).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct At {
    pub byte: usize,
    pub char: usize,
    pub utf16: usize,
}

/// The pass, for a set given as its ASCII prefix test (`ascii_run`, 16 bytes a step), its
/// ASCII byte test and its test of other chars.
#[inline(always)]
fn scan_with(
    value: &str,
    from: usize,
    mut bad: impl FnMut(At, At),
    ascii_run: impl Fn(&[u8]) -> usize,
    ascii: impl Fn(u8) -> bool,
    other: impl Fn(char) -> bool,
) -> Counts {
    let bytes = value.as_bytes();
    let mut at = At {
        byte: 0,
        char: 0,
        utf16: 0,
    };
    let mut joins = false;
    while let Some(&b) = bytes.get(at.byte) {
        crate::work::add(1);
        if b < 0x80 {
            let good = ascii_run(&bytes[at.byte..]);
            if good > 0 {
                at.byte += good;
                at.char += good;
                at.utf16 += good;
                continue;
            }
            // CR is the one ASCII char that joins (CR LF is one cluster); one the set takes is
            // searched for after the loop.
            joins |= b == b'\r';
            let next = At {
                byte: at.byte + 1,
                char: at.char + 1,
                utf16: at.utf16 + 1,
            };
            if !ascii(b) && at.byte >= from {
                bad(at, next);
            }
            at = next;
            continue;
        }
        let c = value[at.byte..]
            .chars()
            .next()
            .expect("at lies on a char boundary");
        let next = At {
            byte: at.byte + c.len_utf8(),
            char: at.char + 1,
            utf16: at.utf16 + c.len_utf16(),
        };
        joins |= !never_joins(c);
        if !other(c) && at.byte >= from {
            bad(at, next);
        }
        at = next;
    }
    // A fold with no early exit vectorises; `contains` would call `memchr`.
    joins |= ascii(b'\r') && bytes.iter().fold(false, |seen, &b| seen | (b == b'\r'));
    let graphemes = if joins {
        crate::work::add(value.len());
        value.graphemes(true).count()
    } else {
        at.char
    };
    Counts {
        bytes: bytes.len(),
        chars: at.char,
        utf16: at.utf16,
        graphemes,
    }
}
