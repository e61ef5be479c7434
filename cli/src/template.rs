//! Splitting a templated string into literal text and expressions, for
//! [`image_preflight::partial::check_pieces`].
//!
//! Two template languages reach the readers: HCL's (`${expr}` interpolations, `%{...}`
//! directives, `$${` and `%%{` escapes, `~` strip markers) and Go's, used by Packer's legacy
//! JSON templates (`{{timestamp}}`, `{{user `x`}}`). The splitter errs on the side of "unknown":
//! whatever it cannot place for certain becomes part of an expression, never literal text, so a
//! fault is only reported in text that surely reaches the cloud.

use image_preflight::partial::Piece;

/// A piece that owns its text (literal text may differ from what was written, once unescaped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owned {
    Literal(String),
    Hole(String),
}

impl Owned {
    pub fn as_piece(&self) -> Piece<'_> {
        match self {
            Owned::Literal(s) => Piece::Literal(s),
            Owned::Hole(s) => Piece::Hole(s),
        }
    }
}

/// Which template syntax a string is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// Go templates only (`{{ ... }}`): Packer's legacy JSON templates.
    Go,
    /// HCL templates whose escapes were already undone (HCL JSON strings, heredocs): `${`,
    /// `%{`, `$${`, `%%{`; Go's `{{ }}` too, which Packer still passes through some plugins.
    Hcl,
    /// An HCL quoted string as written between its quotes: backslash escapes as well.
    HclQuoted,
}

/// The pieces of `s`. Adjacent literals are merged; an empty literal is left out.
pub fn split(s: &str, syntax: Syntax) -> Vec<Owned> {
    let mut out: Vec<Owned> = Vec::new();
    let mut lit = String::new();
    let b = s.as_bytes();
    let mut i = 0;
    // A directive (`%{if}`, `%{for}`) decides which literal text is there at all: the whole
    // value is then one expression.
    if syntax != Syntax::Go && has_directive(s) {
        return vec![Owned::Hole(s.to_string())];
    }
    while i < b.len() {
        let rest = &s[i..];
        if syntax != Syntax::Go && (rest.starts_with("$${") || rest.starts_with("%%{")) {
            lit.push_str(&rest[1..3]);
            i += 3;
        } else if syntax != Syntax::Go && rest.starts_with("${") {
            let end = hcl_end(s, i + 2);
            let hole = &s[i..end];
            if hole[2..].starts_with('~') {
                let kept = lit.trim_end().len();
                lit.truncate(kept);
            }
            flush(&mut out, &mut lit);
            out.push(Owned::Hole(hole.to_string()));
            i = end;
            if hole.ends_with("~}") {
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
            }
        } else if rest.starts_with("{{") {
            let end = rest.find("}}").map_or(s.len(), |e| i + e + 2);
            flush(&mut out, &mut lit);
            out.push(Owned::Hole(s[i..end].to_string()));
            i = end;
        } else if syntax == Syntax::HclQuoted && b[i] == b'\\' {
            let (c, used) = unescape(rest);
            match c {
                Some(c) => lit.push(c),
                // An escape HCL would have refused: not known text.
                None => {
                    flush(&mut out, &mut lit);
                    out.push(Owned::Hole(rest[..used].to_string()));
                }
            }
            i += used;
        } else {
            let c = rest.chars().next().expect("i < len on a char boundary");
            lit.push(c);
            i += c.len_utf8();
        }
    }
    flush(&mut out, &mut lit);
    out
}

fn flush(out: &mut Vec<Owned>, lit: &mut String) {
    if !lit.is_empty() {
        out.push(Owned::Literal(std::mem::take(lit)));
    }
}

/// Whether `s` has a `%{` that is not the escape `%%{`.
fn has_directive(s: &str) -> bool {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(1))
        .any(|i| b[i] == b'%' && b[i + 1] == b'{' && (i == 0 || b[i - 1] != b'%'))
}

/// One past the `}` closing an interpolation whose body starts at `from`, skipping nested
/// braces and quoted strings; the end of `s` when it is never closed.
fn hcl_end(s: &str, from: usize) -> usize {
    let b = s.as_bytes();
    let mut depth = 0usize;
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'"' => {
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' => depth += 1,
            b'}' if depth == 0 => return i + 1,
            b'}' => depth -= 1,
            _ => {}
        }
        i += 1;
    }
    s.len()
}

/// The char an HCL backslash escape at the start of `s` stands for, and its length.
fn unescape(s: &str) -> (Option<char>, usize) {
    let mut chars = s.chars();
    chars.next(); // the backslash
    let simple = |c| (Some(c), 2);
    match chars.next() {
        Some('n') => simple('\n'),
        Some('r') => simple('\r'),
        Some('t') => simple('\t'),
        Some('"') => simple('"'),
        Some('\\') => simple('\\'),
        Some(u @ ('u' | 'U')) => {
            let digits = if u == 'u' { 4 } else { 8 };
            let hex = s.get(2..2 + digits);
            let c = hex
                .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .and_then(char::from_u32);
            match c {
                Some(c) => (Some(c), 2 + digits),
                // Only the hex digits that are there belong to the refused escape: counting
                // `digits` bytes could end inside the next character.
                None => {
                    let hex_run = s[2..].bytes().take(digits);
                    (None, 2 + hex_run.take_while(u8::is_ascii_hexdigit).count())
                }
            }
        }
        Some(other) => (None, 1 + other.len_utf8()),
        None => (None, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(s: &str) -> Owned {
        Owned::Literal(s.into())
    }
    fn hole(s: &str) -> Owned {
        Owned::Hole(s.into())
    }

    #[test]
    fn hcl_interpolations_escapes_and_strip_markers() {
        assert_eq!(
            split(r#"web-${var.env}-\"x\"-$${y}"#, Syntax::HclQuoted),
            [lit("web-"), hole("${var.env}"), lit("-\"x\"-${y}")]
        );
        assert_eq!(
            split(r#"a ${~ f("}") ~}  b"#, Syntax::Hcl),
            [lit("a"), hole(r#"${~ f("}") ~}"#), lit("b")]
        );
        assert_eq!(
            split("x${unclosed", Syntax::Hcl),
            [lit("x"), hole("${unclosed")]
        );
        assert_eq!(
            split("a%{if x}b%{endif}", Syntax::Hcl),
            [hole("a%{if x}b%{endif}")]
        );
        assert_eq!(split("100%%{x}", Syntax::Hcl), [lit("100%{x}")]);
    }

    #[test]
    fn a_refused_unicode_escape_ends_on_a_character_boundary() {
        // Found by the `partial` fuzz target: eight bytes after `\U` end inside `\u{484}`.
        assert_eq!(
            split("\\U//////%\u{484}x", Syntax::HclQuoted),
            [hole("\\U"), lit("//////%\u{484}x")]
        );
        assert_eq!(
            split("\\u12g4-\\U0001F600", Syntax::HclQuoted),
            [hole("\\u12"), lit("g4-\u{1F600}")]
        );
    }

    #[test]
    fn go_templates() {
        assert_eq!(
            split("packer-{{timestamp}}-${x}", Syntax::Go),
            [lit("packer-"), hole("{{timestamp}}"), lit("-${x}")]
        );
        assert_eq!(split("{{user `n`", Syntax::Go), [hole("{{user `n`")]);
    }
}
