//! Character classes and the four ways of counting a string.
//!
//! Every limit in the rule tables counts Unicode scalar values (Rust `char`). Forms and
//! terminals count differently (a browser's `maxlength` counts UTF-16 units, a person counts
//! grapheme clusters, a database may count bytes), so every count and every span is given in
//! all four units.

mod charset;

pub use charset::{AsciiSet, CharSet, ascii_needs};
use unicode_segmentation::UnicodeSegmentation;

/// The lengths of a string in the four units the library reports.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Counts {
    /// UTF-8 bytes.
    pub bytes: usize,
    /// Unicode scalar values: the unit every limit is counted in.
    pub chars: usize,
    /// UTF-16 code units, as a browser's `maxlength` counts them.
    pub utf16: usize,
    /// Extended grapheme clusters, as a person sees characters.
    pub graphemes: usize,
}

impl Counts {
    /// Counts `s` in every unit.
    ///
    /// ASCII is the common case (names typed on a keyboard), so it takes a fast path: every
    /// unit is one byte and the only multi-byte grapheme cluster is `"\r\n"`.
    pub fn of(s: &str) -> Counts {
        crate::work::add(s.len());
        if s.is_ascii() {
            let has_cr = s.as_bytes().contains(&b'\r');
            let crlf = if has_cr { s.matches("\r\n").count() } else { 0 };
            return Counts {
                bytes: s.len(),
                chars: s.len(),
                utf16: s.len(),
                graphemes: s.len() - crlf,
            };
        }
        let (chars, utf16) = units(s.as_bytes());
        // Chinese text is the common non-ASCII case: when every char is one that never joins a
        // neighbour, the value has one cluster per char and the segmentation tables need not
        // be consulted.
        let graphemes = if s.chars().all(never_joins) {
            chars
        } else {
            s.graphemes(true).count()
        };
        Counts {
            bytes: s.len(),
            chars,
            utf16,
            graphemes,
        }
    }
}

/// The chars and UTF-16 units of the UTF-8 `bytes`: a char per byte that is not a
/// continuation byte, and a second unit per 4-byte lead. Counted in byte-wide lanes over
/// pieces of at most 255 bytes, so the sums cannot overflow and the loop vectorises 16 bytes
/// to a step (with `usize` sums it would take two).
pub(crate) fn units(bytes: &[u8]) -> (usize, usize) {
    crate::work::add(bytes.len());
    let mut continuation = 0;
    let mut astral = 0;
    for piece in bytes.chunks(255) {
        let (c, a) = piece.iter().fold((0u8, 0u8), |(c, a), &b| {
            (c + u8::from((b as i8) < -64), a + u8::from(b >= 0xF0))
        });
        continuation += usize::from(c);
        astral += usize::from(a);
    }
    let chars = bytes.len() - continuation;
    (chars, chars + astral)
}

/// Whether `c` always forms a grapheme cluster of its own next to any other such char: ASCII
/// but CR; Latin, Greek and Cyrillic letters but their combining marks; general punctuation
/// but the zero-width joiners; symbols, arrows and the emoji blocks but the skin-tone
/// modifiers and regional indicators; CJK symbols and punctuation but the combining tone marks
/// U+302A-U+302F; kana but the combining voicing marks; Hangul syllables; the full-width
/// and half-width forms but the half-width voicing marks; Han but its two spacing marks
/// (U+16FF0, U+16FF1, Vietnamese reading marks). Each is of Grapheme_Cluster_Break
/// Other, Control or LF, or a Hangul syllable (LV, LVT), which joins only a jamo: no rule of
/// UAX #29 joins two of them. A test holds every one to the segmentation tables.
#[inline]
pub(crate) fn never_joins(c: char) -> bool {
    if c.is_ascii() {
        return c != '\r';
    }
    // Split by block first, so a char is held to a few ranges, not all of them: an emoji is
    // what a refused name most often holds. Han (is_han) is everywhere but in the first and
    // last groups' gaps, which it refuses at once.
    (match c {
        '\u{80}'..='\u{2FFF}' => matches!(c,
            '\u{A0}'..='\u{2FF}'
            | '\u{370}'..='\u{482}'
            | '\u{48A}'..='\u{52F}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205F}'
            | '\u{2100}'..='\u{2BFF}'),
        // The CJK Unified Ideographs first: Chinese text is the common case.
        '\u{3000}'..='\u{FFFF}' => matches!(c,
            '\u{4E00}'..='\u{9FFF}'
            | '\u{3000}'..='\u{3029}'
            | '\u{3030}'..='\u{303F}'
            | '\u{3041}'..='\u{3096}'
            | '\u{309B}'..='\u{30FF}'
            | '\u{AC00}'..='\u{D7A3}'
            | '\u{FF01}'..='\u{FF9D}'),
        _ => matches!(c,
            '\u{1F300}'..='\u{1F3FA}'
            | '\u{1F400}'..='\u{1F64F}'
            | '\u{1F680}'..='\u{1F6FF}'
            | '\u{1F900}'..='\u{1F9FF}'
            | '\u{1FA70}'..='\u{1FAFF}'),
    }) || (is_han(c) && !matches!(c, '\u{16FF0}'..='\u{16FF1}'))
}

/// Where a fault lies, in the four units, as half-open ranges `[start, end)`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub byte_start: usize,
    pub byte_end: usize,
    pub char_start: usize,
    pub char_end: usize,
    pub utf16_start: usize,
    pub utf16_end: usize,
    /// The first grapheme cluster the byte range touches.
    pub grapheme_start: usize,
    /// One past the last grapheme cluster the byte range touches: a fault inside a cluster
    /// (a stray combining mark, say) marks the whole cluster.
    pub grapheme_end: usize,
}

impl Span {
    /// The span of bytes `[start, end)` of a text whose every char is one byte and one cluster
    /// (ASCII without CR LF): the same offsets in every unit.
    #[inline]
    pub(crate) const fn bytes(start: usize, end: usize) -> Span {
        Span {
            byte_start: start,
            byte_end: end,
            char_start: start,
            char_end: end,
            utf16_start: start,
            utf16_end: end,
            grapheme_start: start,
            grapheme_end: end,
        }
    }

    /// The span of `text[byte_start..byte_end]`. Both ends must lie on char boundaries.
    pub fn of(text: &str, byte_start: usize, byte_end: usize) -> Span {
        let mut span = None;
        Spans::new(text, Counts::of(text)).set(&mut span, byte_start, byte_end);
        span.expect("set fills the slot")
    }
}

/// The spans of one text, counted front to back: each span counts on from the end of the one
/// before rather than from the start of the text, so the spans of a check, found in order, cost
/// one pass in all. A span that starts before the last one ended counts from the start again.
pub(crate) struct Spans<'a> {
    text: &'a str,
    /// Whether cluster offsets are char offsets: as many clusters as chars makes every
    /// cluster one char.
    one_cluster_per_char: bool,
    /// Whether every byte is a cluster of its own (ASCII without CR LF: a name typed on a
    /// keyboard), so every offset is the byte offset.
    one_cluster_per_byte: bool,
    /// How far the counting has come: a byte offset and the chars and UTF-16 units before it.
    byte: usize,
    chars: usize,
    utf16: usize,
}

impl<'a> Spans<'a> {
    /// The spans of `text`, whose counts are `counts`.
    pub(crate) fn new(text: &'a str, counts: Counts) -> Spans<'a> {
        Spans {
            text,
            // Clusters never outnumber chars, nor chars UTF-16 units, nor units bytes: as many
            // clusters as bytes makes all four counts one.
            one_cluster_per_byte: counts.graphemes == counts.bytes,
            one_cluster_per_char: counts.graphemes == counts.chars,
            byte: 0,
            chars: 0,
            utf16: 0,
        }
    }

    /// Sets `slot` to the span of `text[byte_start..byte_end]`; both ends must lie on char
    /// boundaries. The span is written where it lies: one made aside and moved in is stored in
    /// pieces and read back whole, which stalls on every refused keystroke.
    #[inline(always)]
    pub(crate) fn set(&mut self, slot: &mut Option<Span>, byte_start: usize, byte_end: usize) {
        debug_assert!(byte_start <= byte_end && byte_end <= self.text.len());
        debug_assert!(self.text.is_char_boundary(byte_start));
        debug_assert!(self.text.is_char_boundary(byte_end));
        if self.one_cluster_per_byte {
            *slot = Some(Span::bytes(byte_start, byte_end));
        } else {
            *slot = Some(self.counted(byte_start, byte_end));
        }
    }

    /// The span of bytes `[byte_start, byte_end)` of a text that is not ASCII (or has a CR LF).
    #[inline(never)]
    fn counted(&mut self, byte_start: usize, byte_end: usize) -> Span {
        let (char_start, utf16_start) = self.advance_to(byte_start);
        let (char_end, utf16_end) = self.advance_to(byte_end);
        let (grapheme_start, grapheme_end) =
            self.clusters(byte_start, byte_end, (char_start, char_end));
        Span {
            byte_start,
            byte_end,
            char_start,
            char_end,
            utf16_start,
            utf16_end,
            grapheme_start,
            grapheme_end,
        }
    }

    /// The clusters `[start, end)` of the chars `[char_start, char_end)` at bytes
    /// `[byte_start, byte_end)`, for a span whose other units are known.
    #[inline]
    pub(crate) fn clusters(
        &self,
        byte_start: usize,
        byte_end: usize,
        chars: (usize, usize),
    ) -> (usize, usize) {
        if self.one_cluster_per_char {
            chars
        } else {
            grapheme_range(self.text, byte_start, byte_end)
        }
    }

    /// The chars and UTF-16 units before byte `to`.
    fn advance_to(&mut self, to: usize) -> (usize, usize) {
        if to < self.byte {
            (self.byte, self.chars, self.utf16) = (0, 0, 0);
        }
        let (chars, utf16) = units(&self.text.as_bytes()[self.byte..to]);
        self.byte = to;
        self.chars += chars;
        self.utf16 += utf16;
        (self.chars, self.utf16)
    }
}

fn grapheme_range(text: &str, byte_start: usize, byte_end: usize) -> (usize, usize) {
    let mut start = 0;
    let mut end = 0;
    for (index, (offset, cluster)) in text.grapheme_indices(true).enumerate() {
        crate::work::add(cluster.len());
        let cluster_end = offset + cluster.len();
        if cluster_end <= byte_start {
            start = index + 1;
        }
        if offset < byte_end || (byte_start == byte_end && offset <= byte_start) {
            end = index + 1;
        } else {
            break;
        }
    }
    if byte_start == byte_end {
        // An empty span (an empty value) sits between clusters: it covers none.
        end = start;
    }
    (start, end.max(start))
}

/// "Letter" in every provider's text means an ASCII letter.
pub fn is_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
}

/// "Digit" means an ASCII digit: full-width digits are not digits to these APIs.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// "Chinese character" means a code point of Unicode `Script=Han`.
#[inline]
pub fn is_han(c: char) -> bool {
    // The CJK Unified Ideographs block is all Han: answer the common case without the
    // script table's search. No Han char lies below U+2E80, from U+A000 to U+F8FF, from U+FB00
    // to U+16FDF (full-width forms included) or from U+17000 to U+1FFFF (emoji included), so
    // a char there is refused without it either; a test holds this to the table for every char.
    if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return true;
    }
    if matches!(c, '\0'..='\u{2E7F}' | '\u{A000}'..='\u{F8FF}' | '\u{FB00}'..='\u{16FDF}' | '\u{17000}'..='\u{1FFFF}')
    {
        return false;
    }
    let cp = c as u32;
    HAN_RANGES
        .binary_search_by(|&(from, to)| {
            if to < cp {
                std::cmp::Ordering::Less
            } else if from > cp {
                std::cmp::Ordering::Greater
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// Every code point of Unicode `Script=Han` (Unicode 18.0), as sorted inclusive ranges: 21
/// ranges where a general script table costs tens of kilobytes in every build, the
/// WebAssembly package's included. A test holds it to the `unicode-script` crate's table for
/// every char, so a new Unicode version that moves a Han code point fails it.
pub const HAN_RANGES: [(u32, u32); 21] = [
    (0x2E80, 0x2E99),
    (0x2E9B, 0x2EF3),
    (0x2F00, 0x2FD5),
    (0x3005, 0x3005),
    (0x3007, 0x3007),
    (0x3021, 0x3029),
    (0x3038, 0x303B),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFA6D),
    (0xFA70, 0xFAD9),
    (0x16FE2, 0x16FE3),
    (0x16FF0, 0x16FF6),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B81E),
    (0x2B820, 0x2CEAD),
    (0x2CEB0, 0x2EBE0),
    (0x2EBF0, 0x2EE5D),
    (0x2F800, 0x2FA1D),
    (0x30000, 0x3134A),
    (0x31350, 0x33479),
];

/// Whether `text` starts with `prefix`, ignoring ASCII case when `ignore_case`.
///
/// A byte loop rather than a slice compare: prefixes are a few bytes and most values differ at
/// the first, which the loop sees at once where a slice compare calls `memcmp`.
#[inline]
pub fn starts_with(text: &[u8], prefix: &str, ignore_case: bool) -> bool {
    let (t, p) = (text, prefix.as_bytes());
    t.len() >= p.len()
        && t.iter()
            .zip(p)
            .all(|(&a, &b)| a == b || (ignore_case && a.eq_ignore_ascii_case(&b)))
}

/// The first place in `hay` of a byte `b` with `b | fold == key`: 16 bytes are tested at once
/// by a fold with no branch (which vectorises), and only a piece that has one is searched.
#[inline]
fn first_candidate(hay: &[u8], fold: u8, key: u8) -> Option<usize> {
    let is = |b: u8| (b | fold) == key;
    let mut base = 0;
    for piece in hay.chunks(16) {
        crate::work::add(piece.len());
        if piece.iter().fold(false, |seen, &b| seen | is(b)) {
            return piece.iter().position(|&b| is(b)).map(|p| base + p);
        }
        base += piece.len();
    }
    None
}

/// Byte offsets of every non-overlapping occurrence of `needle` in `text`, ignoring ASCII
/// case when `ignore_case`. `needle` is ASCII, so every match lies on char boundaries.
pub fn find_all<'a>(
    text: &'a [u8],
    needle: &'a str,
    ignore_case: bool,
) -> impl Iterator<Item = usize> + 'a {
    let (t, n) = (text, needle.as_bytes());
    debug_assert!(needle.is_ascii() && !needle.is_empty());
    // A byte `b` can start a match when `b | fold == key`: with `fold` 0x20, a letter in
    // either case.
    let (fold, key) = if ignore_case && n[0].is_ascii_alphabetic() {
        (0x20, n[0] | 0x20)
    } else {
        (0, n[0])
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        while at + n.len() <= t.len() {
            // Skip to the next byte that can start a match before comparing a whole window.
            let last_start = t.len() - n.len();
            let skip = first_candidate(&t[at..=last_start], fold, key)?;
            let here = at + skip;
            let window = &t[here..here + n.len()];
            crate::work::add(n.len());
            let hit = if ignore_case {
                window.eq_ignore_ascii_case(n)
            } else {
                window == n
            };
            if hit {
                at = here + n.len();
                return Some(here);
            }
            at = here + 1;
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_in_every_unit() {
        assert_eq!(
            Counts::of("a中😀\r\n"),
            Counts {
                bytes: 1 + 3 + 4 + 2,
                chars: 5,
                utf16: 6,
                graphemes: 4
            }
        );
        assert_eq!(Counts::of("ab\r\n").graphemes, 3);
        assert_eq!(Counts::of("e\u{301}").graphemes, 1);
    }

    #[test]
    fn spans_cover_touched_clusters() {
        let s = "ae\u{301}b";
        // The combining mark alone touches the cluster "é".
        let span = Span::of(s, 2, 4);
        assert_eq!((span.char_start, span.char_end), (2, 3));
        assert_eq!((span.grapheme_start, span.grapheme_end), (1, 2));
        let empty = Span::of("", 0, 0);
        assert_eq!((empty.grapheme_start, empty.grapheme_end), (0, 0));
    }

    #[test]
    #[cfg_attr(miri, ignore = "every char: run natively")]
    fn every_char_that_never_joins_stands_alone_next_to_each_kind() {
        // Whether two chars join depends only on their Grapheme_Cluster_Break values (no rule
        // of UAX #29 that needs a third char applies without an Extend, ZWJ or regional
        // indicator, none of which never_joins accepts). One of each value never_joins
        // accepts (Other, Control, LF, LV, LVT, an emoji) beside every char it accepts, and
        // the char beside itself (two regional indicators would join), must be two clusters.
        let kinds = ['a', '中', '\n', '\u{AD}', '가', '각', '😀', '\t', '，'];
        for c in (0..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|&c| never_joins(c))
        {
            // The unified ideographs are tens of thousands of chars of one kind: a sample of
            // them is enough. Every other Han char is tried (U+16FF0 is a spacing mark).
            let ideograph =
                matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{20000}'..);
            if ideograph && (c as u32) % 61 != 0 {
                continue;
            }
            for k in kinds.into_iter().chain([c]) {
                for pair in [[c, k], [k, c]] {
                    let s: String = pair.iter().collect();
                    assert_eq!(
                        s.graphemes(true).count(),
                        2,
                        "U+{:04X} beside U+{:04X}",
                        c as u32,
                        k as u32
                    );
                }
            }
        }
    }

    #[test]
    fn chars_that_never_join_agree_with_segmentation() {
        // Every char never_joins accepts, next to its neighbours and to ASCII, stays one cluster.
        let sample: String = ('\u{3000}'..='\u{303F}')
            .chain('\u{FF01}'..='\u{FF60}')
            .chain(['中', '〇', 'a', ' ', '\n', '\t'])
            .filter(|c| never_joins(*c))
            .collect();
        assert_eq!(sample.graphemes(true).count(), sample.chars().count());
        assert!(!never_joins('\u{302A}') && !never_joins('\r') && !never_joins('\u{FF9E}'));
    }

    #[test]
    #[cfg_attr(miri, ignore = "every char: run natively")]
    fn the_quick_han_answers_agree_with_the_script_table() {
        use unicode_script::{Script, UnicodeScript};
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            assert_eq!(is_han(c), c.script() == Script::Han, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn classes_of_chars() {
        assert!(is_han('中') && is_han('〇') && !is_han('a') && !is_han('，'));
        assert!(!is_digit('１') && !is_letter('é'));
    }

    #[test]
    fn searching_ignores_ascii_case_only_when_asked() {
        assert!(starts_with(b"HTTP://x", "http://", true));
        assert!(!starts_with(b"HTTP://x", "http://", false));
        let hits: Vec<_> = find_all(b"a http:// b HtTp://", "http://", true).collect();
        assert_eq!(hits, vec![2, 12]);
    }
}
