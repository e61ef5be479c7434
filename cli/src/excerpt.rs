//! The part of a value a finding quotes: a bounded window around the fault, so a 22 MB value
//! with thirty violations prints a few hundred bytes per finding, not 22 MB each (it wrote
//! 800 MB of JSON and took 1.5 GB). The whole value is printed only on request
//! (`--full-values`).

use image_preflight::json::Json;
use image_preflight::{Lang, Span, Violation, export};

/// Bytes of context kept on each side of the fault.
pub const CONTEXT_BYTES: usize = 64;
/// Bytes of the fault itself kept; a longer fault (a run of 10,000 bad characters) is cut.
pub const FAULT_BYTES: usize = 128;
/// The most an excerpt holds, whatever the value: context, fault, context, and at most 3 bytes
/// on each side to end on a character boundary.
pub const MAX_EXCERPT_BYTES: usize = CONTEXT_BYTES + FAULT_BYTES + CONTEXT_BYTES + 6;

/// Which part of a value is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Values {
    /// A window around each fault (the default).
    Excerpt,
    /// Every value whole (`--full-values`).
    Full,
}

/// A window of a value, and where it lies in the whole value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window<'a> {
    pub text: &'a str,
    pub byte_start: usize,
    pub char_start: usize,
    pub char_end: usize,
    /// Bytes of the whole value.
    pub value_bytes: usize,
}

impl Window<'_> {
    /// Whether the window is the whole value.
    pub fn is_whole(&self) -> bool {
        self.text.len() == self.value_bytes
    }

    /// `span` (of the whole value) in the window's chars, cut to the window.
    pub fn relative(&self, span: &Span) -> Span {
        let at = |c: usize| c.clamp(self.char_start, self.char_end) - self.char_start;
        Span {
            char_start: at(span.char_start),
            char_end: at(span.char_end),
            ..*span
        }
    }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The window of `value` around `span` (from the start where there is none), in time
/// proportional to the window, not the value: the span's own offsets place it.
pub fn window<'a>(value: &'a str, span: Option<&Span>, values: Values) -> Window<'a> {
    let whole = |chars: Option<usize>| Window {
        text: value,
        byte_start: 0,
        char_start: 0,
        char_end: chars.unwrap_or_else(|| value.chars().count()),
        value_bytes: value.len(),
    };
    if values == Values::Full || value.len() <= MAX_EXCERPT_BYTES {
        return whole(None);
    }
    // A span that does not fit the value (it should always) is not trusted for offsets.
    let span = span.filter(|s| {
        s.byte_start <= s.byte_end
            && s.byte_end <= value.len()
            && value.is_char_boundary(s.byte_start)
            && value.is_char_boundary(s.byte_end)
    });
    let (start, end, char_start) = match span {
        Some(s) => {
            let start = floor_boundary(value, s.byte_start.saturating_sub(CONTEXT_BYTES));
            let fault_end = s.byte_end.min(s.byte_start + FAULT_BYTES);
            let end = ceil_boundary(value, fault_end + CONTEXT_BYTES);
            let before = value[start..s.byte_start].chars().count();
            (start, end, s.char_start - before.min(s.char_start))
        }
        None => (0, floor_boundary(value, FAULT_BYTES + 2 * CONTEXT_BYTES), 0),
    };
    let text = &value[start..end];
    Window {
        text,
        byte_start: start,
        char_start,
        char_end: char_start + text.chars().count(),
        value_bytes: value.len(),
    }
}

/// `found` cut to [`FAULT_BYTES`] on a character boundary, and whether it was cut.
pub fn cut(found: &str, values: Values) -> (&str, bool) {
    if values == Values::Full || found.len() <= FAULT_BYTES {
        return (found, false);
    }
    (&found[..floor_boundary(found, FAULT_BYTES)], true)
}

/// The excerpt of `value` around `span` on one line (`…` where cut), and the `^` line under
/// the span when there is one: what text output shows of a value.
pub fn marked(value: &str, span: Option<&Span>, values: Values) -> (String, Option<String>) {
    let w = window(value, span, values);
    let before = if w.byte_start > 0 { "…" } else { "" };
    let after = if w.byte_start + w.text.len() < w.value_bytes {
        "…"
    } else {
        ""
    };
    let shown = format!("{before}{}{after}", w.text);
    match span {
        Some(span) => {
            let mut rel = w.relative(span);
            let shift = before.chars().count();
            rel.char_start += shift;
            rel.char_end += shift;
            let (line, marks) = crate::render::marked(&shown, &rel);
            (line, Some(marks))
        }
        None => (crate::render::marked(&shown, &Span::default()).0, None),
    }
}

/// `v` as it is shown: its quote cut to [`FAULT_BYTES`], and whether it was cut.
pub fn shown(v: &Violation, values: Values) -> (Violation, bool) {
    let mut shown = v.clone();
    let Some(found) = &v.found else {
        return (shown, false);
    };
    let (kept, was_cut) = cut(found, values);
    if was_cut {
        shown.found = Some(kept.into());
    }
    (shown, was_cut)
}

/// The message of `v`, whose quote is cut when `was_cut`: `…` ends the quote.
pub fn message(v: &Violation, lang: Lang, was_cut: bool) -> String {
    if !was_cut {
        return v.message(lang);
    }
    let mut marked = v.clone();
    if let Some(found) = &v.found {
        marked.found = Some(format!("{}…", found.as_str()).into());
    }
    marked.message(lang)
}

/// The library's violation JSON with its quote cut to [`FAULT_BYTES`] (a run of bad
/// characters can be the whole value, and the message quotes it again, escaped), and
/// `found_truncated`.
pub fn violation_json(v: &Violation, lang: Lang, values: Values) -> Json {
    let (shown, was_cut) = shown(v, values);
    let mut out = export::violation_json(&shown, lang);
    if was_cut {
        out.set("message", message(&shown, lang, true));
    }
    out.set("found_truncated", was_cut);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use image_preflight::{Field, Operation, Profile, Provider, validate};

    #[test]
    fn a_window_is_bounded_and_placed_by_the_span() {
        let value = format!("{}中 bad{}", "a".repeat(1000), "é".repeat(1000));
        let r = validate(
            Provider::Alibaba,
            Operation::Modify,
            Field::Name,
            &value,
            Profile::Latest,
        );
        let bad = r
            .violations
            .iter()
            .find(|v| v.found.as_deref() == Some(" "))
            .unwrap();
        let span = bad.span.as_ref().unwrap();
        let w = window(&value, Some(span), Values::Excerpt);
        assert!(w.text.len() <= MAX_EXCERPT_BYTES);
        assert!(!w.is_whole());
        assert_eq!(&value[w.byte_start..w.byte_start + w.text.len()], w.text);
        assert_eq!(value[..w.byte_start].chars().count(), w.char_start);
        let rel = w.relative(span);
        assert_eq!(w.text.chars().nth(rel.char_start), Some(' '));
        assert_eq!(rel.char_end - rel.char_start, 1);
        assert!(window(&value, Some(span), Values::Full).is_whole());
        assert!(window("short", None, Values::Excerpt).is_whole());
        let start = window(&value, None, Values::Excerpt);
        assert_eq!((start.byte_start, start.char_start), (0, 0));
        assert!(start.text.len() <= MAX_EXCERPT_BYTES);
        assert_eq!(
            cut(&"é".repeat(100), Values::Excerpt),
            (&*"é".repeat(64), true)
        );
    }
}
