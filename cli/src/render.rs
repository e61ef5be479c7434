//! The text format, for people: each value with a marker under the offending characters.

use crate::safe;
use image_preflight::rules::{Field, Profile, Provider};
use image_preflight::{Answer, AttributeChange, Lang, Outcome, Report, Subject, Violation};
use std::fmt::Write;
use unicode_width::UnicodeWidthChar;

/// A whole request's answer: each field sent with its own violations marked, then what the
/// image and the deprecation switch refuse.
pub fn request(change: &AttributeChange<'_>, report: &Report, lang: Lang) -> String {
    let mut out = String::new();
    for (field, value) in change.fields() {
        let Some(value) = value else { continue };
        let subject = Subject::from(field);
        out.push_str(&field_lines(
            field,
            value,
            report,
            report.violations.iter().filter(|v| v.field == subject),
            lang,
        ));
    }
    let fields: Vec<Subject> = Field::ALL.iter().map(|&f| Subject::from(f)).collect();
    out.push_str(&violations(
        report
            .violations
            .iter()
            .filter(|v| !fields.contains(&v.field)),
        lang,
    ));
    out
}

/// A share, plan or delete answer for people: the request(s) in the provider's names, the
/// violations, and a summary line in `lang`.
pub fn image_answer(answer: &Outcome, lang: Lang) -> String {
    let mut out = String::new();
    let zh = lang == Lang::Zh;
    match &answer.answer {
        Answer::Share { shared_with, .. } => {
            for r in answer.requests() {
                let _ = writeln!(
                    out,
                    "request: {}",
                    r.to_provider_json(&answer.provider.rules().share)
                );
            }
            out.push_str(&violations(answer.report.violations.iter(), lang));
            let n = shared_with.len();
            let _ = match (answer.is_valid(), zh) {
                (true, false) => writeln!(out, "ok: shared with {}", accounts(n)),
                (false, false) => writeln!(out, "refused: shared with {}", accounts(n)),
                (true, true) => writeln!(out, "通过：共享给 {n} 个账号"),
                (false, true) => writeln!(out, "拒绝：共享给 {n} 个账号"),
            };
        }
        Answer::Plan { requests, .. } => {
            out.push_str(&violations(answer.report.violations.iter(), lang));
            for (i, r) in requests.iter().enumerate() {
                let json = r.to_provider_json(&answer.provider.rules().share);
                let _ = if zh {
                    writeln!(out, "请求 {}：{json}", i + 1)
                } else {
                    writeln!(out, "request {}: {json}", i + 1)
                };
            }
            if answer.is_valid() {
                let n = requests.len();
                let _ = if zh {
                    writeln!(out, "通过：{n} 个请求")
                } else {
                    writeln!(
                        out,
                        "ok: {n} {}",
                        if n == 1 { "request" } else { "requests" }
                    )
                };
            }
        }
        _ => {
            out.push_str(&violations(answer.report.violations.iter(), lang));
            if answer.is_valid() {
                let _ = writeln!(out, "{}", if zh { "通过" } else { "ok" });
            }
        }
    }
    out
}

fn accounts(n: usize) -> String {
    format!("{n} {}", if n == 1 { "account" } else { "accounts" })
}

/// One field's value, its counts, and every violation with a marker line under its span.
pub fn field(field: Field, value: &str, report: &Report, lang: Lang) -> String {
    field_lines(field, value, report, report.violations.iter(), lang)
}

fn field_lines<'a>(
    field: Field,
    value: &str,
    report: &Report,
    found: impl Iterator<Item = &'a Violation> + Clone,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let valid = found.clone().next().is_none();
    let status = match (valid, lang == Lang::Zh) {
        (true, false) => "ok",
        (false, false) => "INVALID",
        (true, true) => "通过",
        (false, true) => "不通过",
    };
    match report.counts(field) {
        Some(c) if lang == Lang::Zh => {
            let _ = writeln!(
                out,
                "{}：{status}（{} 个字符，{} 字节，{} 个 UTF-16 单元，{} 个字素）",
                field.key(),
                c.chars,
                c.bytes,
                c.utf16,
                c.graphemes
            );
        }
        Some(c) => {
            let _ = writeln!(
                out,
                "{}: {status} ({}, {}, {}, {})",
                field.key(),
                plural(c.chars, "char", "chars"),
                plural(c.bytes, "byte", "bytes"),
                plural(c.utf16, "UTF-16 unit", "UTF-16 units"),
                plural(c.graphemes, "grapheme", "graphemes")
            );
        }
        // A value from a list has no length worth showing.
        None => {
            let _ = writeln!(out, "{}: {status}", field.key());
        }
    }
    if value.len() > crate::excerpt::MAX_EXCERPT_BYTES {
        // A long value is quoted around each fault, not whole under every marker line.
        for v in found {
            out.push_str(&violation_excerpt(value, v, lang));
        }
        return out;
    }
    let shown = visible(value);
    if !valid {
        let _ = writeln!(
            out,
            "  {}",
            shown.iter().map(|(s, _)| s.as_str()).collect::<String>()
        );
    }
    for v in found {
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

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
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
