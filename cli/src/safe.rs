//! Text output that is safe to print: what a plan, a template or a request body puts in an
//! address, a label, a file name or a value can never start a new log line (a CI annotation such
//! as `::error::` is one line) or reach the terminal as an escape sequence.
//!
//! JSON output needs none of this: its writer escapes every control character, and the values
//! stay exact there.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether `c` is escaped in text output: C0 controls (newline, carriage return, tab, ESC...),
/// DEL, C1 controls (U+0080 to U+009F, which some terminals take as CSI), the bidirectional
/// overrides, embeddings, isolates and marks (which reorder what the reader sees), and the Unicode
/// line and paragraph separators (which some log viewers break lines at).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// `s` with every unsafe char escaped (`\n`, `\r`, `\t`, else `\u{1b}`); borrowed when there is
/// none, the usual case.
pub fn text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_separators_and_bidi_are_escaped() {
        assert_eq!(text("web-1"), "web-1");
        assert!(matches!(text("中文 ok"), Cow::Borrowed(_)));
        assert_eq!(
            text("a\nb\r\t\u{1b}[31m\u{7f}\u{9b}\u{202e}\u{2066}\u{2028}"),
            "a\\nb\\r\\t\\u{1b}[31m\\u{7f}\\u{9b}\\u{202e}\\u{2066}\\u{2028}"
        );
    }
}
