//! The text format, for people: each value with a marker under the offending characters.

use image_preflight::rules::{Field, Profile, Provider};
use image_preflight::{Lang, Report, Violation};
use std::fmt::Write;
use unicode_width::UnicodeWidthChar;

/// One field's value, its counts, and every violation with a marker line under its span.
pub fn field(field: Field, value: &str, report: &Report, lang: Lang) -> String {
    let mut out = String::new();
    let c = report.counts(field).unwrap_or_default();
    let status = if report.is_valid() { "ok" } else { "INVALID" };
    let _ = writeln!(
        out,
        "{}: {status} ({} chars, {} bytes, {} UTF-16 units, {} graphemes)",
        field.key(),
        c.chars,
        c.bytes,
        c.utf16,
        c.graphemes
    );
    let shown = visible(value);
    if !report.is_valid() {
        let _ = writeln!(
            out,
            "  {}",
            shown.iter().map(|(s, _)| s.as_str()).collect::<String>()
        );
    }
    for v in &report.violations {
        if let Some(span) = v.span {
            let mut line = String::from("  ");
            for (i, (_, width)) in shown.iter().enumerate() {
                let mark = if i >= span.char_start && i < span.char_end {
                    '^'
                } else {
                    ' '
                };
                line.extend(std::iter::repeat_n(mark, *width));
            }
            if span.char_start == span.char_end {
                line.push('^');
            }
            let _ = writeln!(out, "{}", line.trim_end());
        }
        let _ = writeln!(out, "  {}{}: {}", v.code, provider(v), v.message(lang));
    }
    out
}

/// Each char as it can be shown on one line, with its width in terminal columns: control and
/// invisible characters become a visible stand-in so the markers stay aligned.
fn visible(value: &str) -> Vec<(String, usize)> {
    value
        .chars()
        .map(|c| match c.width() {
            Some(w) if w > 0 && !c.is_control() => (c.to_string(), w),
            _ => ("\u{FFFD}".to_string(), 1),
        })
        .collect()
}

/// Violations without a span (share and image faults), one a line.
pub fn violations<'a>(vs: impl Iterator<Item = &'a Violation>, lang: Lang) -> String {
    let mut out = String::new();
    for v in vs {
        let _ = writeln!(
            out,
            "{}: {}{}: {}",
            v.field,
            v.code,
            provider(v),
            v.message(lang)
        );
    }
    out
}

fn provider(v: &Violation) -> String {
    match v.provider_code {
        Some(p) => match p.http_status {
            Some(h) => format!(" [{} {h}]", p.code),
            None => format!(" [{}]", p.code),
        },
        None => String::new(),
    }
}

/// A short text summary of the rule tables.
pub fn rules(only: Option<Provider>, profile: Profile) -> String {
    let json = image_preflight::export::rules_json(only, profile);
    json.pretty()
}
