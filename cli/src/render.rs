//! The text format, for people: each value with a marker under the offending characters.

use crate::safe;
use image_preflight::rules::{Field, Profile, Provider};
use image_preflight::{Lang, Report, Violation};
use std::fmt::Write;
use unicode_width::UnicodeWidthChar;

/// One field's value, its counts, and every violation with a marker line under its span.
pub fn field(field: Field, value: &str, report: &Report, lang: Lang) -> String {
    let mut out = String::new();
    let status = if report.is_valid() { "ok" } else { "INVALID" };
    match report.counts(field) {
        Some(c) => {
            let _ = writeln!(
                out,
                "{}: {status} ({} chars, {} bytes, {} UTF-16 units, {} graphemes)",
                field.key(),
                c.chars,
                c.bytes,
                c.utf16,
                c.graphemes
            );
        }
        // A value from a list has no length worth showing.
        None => {
            let _ = writeln!(out, "{}: {status}", field.key());
        }
    }
    if value.len() > crate::excerpt::MAX_EXCERPT_BYTES {
        // A long value is quoted around each fault, not whole under every marker line.
        for v in &report.violations {
            out.push_str(&violation_excerpt(value, v, lang));
        }
        return out;
    }
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
        let _ = writeln!(
            out,
            "  {}{}: {}",
            v.code,
            provider(v),
            safe::text(&v.message(lang))
        );
    }
    out
}

/// One violation of a long value: its excerpt with the fault marked, then the message (its
/// quote cut as the readers cut it).
fn violation_excerpt(value: &str, v: &Violation, lang: Lang) -> String {
    use crate::excerpt::{self, Values};
    let mut out = String::new();
    let (line, marks) = excerpt::marked(value, v.span.as_ref(), Values::Excerpt);
    let _ = writeln!(out, "  {line}");
    if let Some(marks) = marks {
        let _ = writeln!(out, "  {marks}");
    }
    let (shown, was_cut) = excerpt::shown(v, Values::Excerpt);
    let _ = writeln!(
        out,
        "  {}{}: {}",
        v.code,
        provider(v),
        safe::text(&excerpt::message(&shown, lang, was_cut))
    );
    out
}

/// Each char as it can be shown on one line, with its width in terminal columns: control and
/// invisible characters become a visible stand-in so the markers stay aligned.
fn visible(value: &str) -> Vec<(String, usize)> {
    value
        .chars()
        .map(|c| match c.width() {
            Some(w) if w > 0 && !safe::is_unsafe(c) => (c.to_string(), w),
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
            safe::text(&v.message(lang))
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

/// The rule tables for people: per provider, operation and field, the hint the library
/// generates, the provider codes and the source; then the share limits.
pub fn rules(only: Option<Provider>, profile: Profile, lang: Lang) -> String {
    use image_preflight::rules::Operation;
    let mut out = String::new();
    for p in Provider::ALL
        .iter()
        .filter(|p| only.is_none_or(|o| o == **p))
    {
        let rules = p.rules();
        let _ = writeln!(
            out,
            "{} ({}, profile {profile})",
            rules.display_name,
            p.key()
        );
        for op in Operation::ALL {
            for f in Field::ALL {
                match rules.field(*op, *f, profile) {
                    None => {
                        let _ = writeln!(out, "  {op} {f}: not supported");
                    }
                    Some(rule) => {
                        let _ = writeln!(
                            out,
                            "  {op} {f} ({}): {}",
                            rule.parameter,
                            image_preflight::export::hint(rule, lang)
                        );
                        let codes: Vec<&str> = [
                            rule.codes.too_short,
                            rule.codes.too_long,
                            rule.codes.malformed,
                        ]
                        .iter()
                        .flatten()
                        .map(|c| c.code)
                        .collect::<std::collections::BTreeSet<_>>()
                        .into_iter()
                        .collect();
                        if !codes.is_empty() {
                            let _ = writeln!(out, "      codes: {}", codes.join(", "));
                        }
                        let published = if rule.source.published {
                            ""
                        } else {
                            " (unpublished: a library choice)"
                        };
                        let _ = writeln!(
                            out,
                            "      source: {}, {}{published}",
                            rule.source.document, rule.source.date
                        );
                    }
                }
            }
        }
        let share = &rules.share;
        let states: Vec<&str> = share.states.iter().map(|s| s.name).collect();
        let _ = writeln!(
            out,
            "  share: at most {} accounts per image ({}); {} per list per request; states: {}",
            share.per_image.get(profile),
            share.per_image_code.code,
            share
                .per_request
                .map_or("no published limit".to_string(), |n| format!("at most {n}")),
            states.join(", ")
        );
    }
    out
}

/// `value` on one line as [`field`] shows it, and a line of `^` under `span`: the pipeline
/// readers mark a fault in a value the same way.
pub fn marked(value: &str, span: &image_preflight::Span) -> (String, String) {
    let shown = visible(value);
    let line = shown.iter().map(|(s, _)| s.as_str()).collect::<String>();
    let mut marks = String::new();
    for (i, (_, width)) in shown.iter().enumerate() {
        let mark = if i >= span.char_start && i < span.char_end {
            '^'
        } else {
            ' '
        };
        marks.extend(std::iter::repeat_n(mark, *width));
    }
    if span.char_start == span.char_end {
        marks.push('^');
    }
    (line, marks.trim_end().to_string())
}
