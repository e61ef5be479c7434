//! Each field rule as an ECMAScript regular expression, for web forms: the HTML `pattern`
//! attribute compiles a pattern with the `v` flag and anchors it as `^(?:pattern)$`, and so
//! anchored it accepts exactly the values the library accepts (a Node test holds the two to
//! that on generated strings), lengths included, counted in code points.
//!
//! Every pattern is written in the part of the syntax that the `u` flag and the `v` flag read
//! alike, so the same text also serves `new RegExp(p, "u")` in a browser without `v`: inside a
//! class only syntax characters are escaped with `\`, and the punctuators `v` reserves are
//! written as `\xHH`, which both flags read as the character.

use crate::rules::{Empty, FieldRule, Forbidden};
use crate::text::CharSet;
use std::fmt::Write;

/// The pattern of `rule`, or of a field the provider does not have (`None`): a class that
/// matches nothing, so no value passes.
pub fn js_pattern(rule: Option<&FieldRule>) -> String {
    let Some(rule) = rule else { return "[]".into() };
    let mut out = String::new();
    if !rule.one_of.is_empty() {
        // Exactly one of the values; empty is not sent, so it keeps the old value.
        for value in rule.one_of {
            out.push('|');
            value.chars().for_each(|c| escape_outside(&mut out, c));
        }
        return out;
    }
    if rule.empty != Empty::Invalid {
        // Empty keeps or clears the value: it is accepted.
        out.push('|');
    }
    if !rule.forbidden_prefixes.is_empty() {
        out.push_str("(?!");
        alternatives(&mut out, rule.forbidden_prefixes);
        out.push(')');
    }
    if !rule.forbidden_substrings.is_empty() {
        // `[\s\S]`, not `[^]`: Node 20's V8 mishandles `(?![^]*x)` before a negated class
        // under the `v` flag (`^(?:(?![^]*x)[^a]*)$` accepts "x"); the Node test caught it.
        out.push_str("(?![\\s\\S]*(?:");
        alternatives(&mut out, rule.forbidden_substrings);
        out.push_str("))");
    }
    if let Some(last) = &rule.last {
        // The last char, tested ahead of the body (`$` is the end of the value here).
        out.push_str("(?=[\\s\\S]*");
        out.push_str(&class(last));
        out.push_str("$)");
    }
    let allowed = rule.allowed.map_or_else(free_text_class, class);
    // A non-empty value: at least one char, whatever the least length says.
    let min = rule.min_chars.max(1);
    match rule.first {
        Some(first) => {
            out.push_str(&class(first));
            out.push_str(&allowed);
            repeat(&mut out, min - 1, rule.max_chars.map(|m| m - 1));
        }
        None => {
            out.push_str(&allowed);
            repeat(&mut out, min, rule.max_chars);
        }
    }
    out
}

fn repeat(out: &mut String, min: usize, max: Option<usize>) {
    match max {
        Some(max) => write!(out, "{{{min},{max}}}"),
        None => write!(out, "{{{min},}}"),
    }
    .expect("writing to a String cannot fail");
}

fn alternatives(out: &mut String, list: &[Forbidden]) {
    for (i, f) in list.iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        for c in f.text.chars() {
            if f.ignore_case && c.is_ascii_alphabetic() {
                write!(
                    out,
                    "[{}{}]",
                    c.to_ascii_lowercase(),
                    c.to_ascii_uppercase()
                )
                .unwrap();
            } else {
                escape_outside(out, c);
            }
        }
    }
}

/// The syntax characters, escaped outside a class.
fn escape_outside(out: &mut String, c: char) {
    if "^$\\.*+?()[]{}|/".contains(c) {
        out.push('\\');
    }
    out.push(c);
}

/// A char inside a class, read alike under `u` and `v`. Syntax characters and `-` are escaped
/// with `\` (both flags allow it; `v` requires it for some). The punctuators `v` reserves when
/// doubled (`&&`, `!!`, ...) are written `\xHH`: `u` refuses `\:` and `\&`, and a bare one
/// next to its twin would not compile under `v`. TAB and LF are written `\t` and `\n`, so a
/// pattern holds no raw control character (an HTML attribute would fold a raw LF).
fn escape_inside(out: &mut String, c: char) {
    if c == '\t' {
        out.push_str("\\t");
    } else if c == '\n' {
        out.push_str("\\n");
    } else if "^$\\.*+?()[]{}|/-".contains(c) {
        out.push('\\');
        out.push(c);
    } else if "&!#%,:;<=>@`~".contains(c) {
        write!(out, "\\x{:02X}", c as u32).expect("writing to a String cannot fail");
    } else {
        out.push(c);
    }
}

fn class(set: &CharSet) -> String {
    let mut out = String::from("[");
    if set.letters {
        out.push_str(if set.lower_only { "a-z" } else { "A-Za-z" });
    }
    if set.digits {
        out.push_str("0-9");
    }
    for c in set.extra.chars() {
        escape_inside(&mut out, c);
    }
    if set.han {
        out.push_str(&han_ranges());
    }
    out.push(']');
    out
}

/// Any char but the C0 controls other than TAB, LF and CR, and DEL: what the library takes in
/// a field with no published character set.
fn free_text_class() -> String {
    r"[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F]".into()
}

/// Every `Script=Han` code point, as class ranges from the library's own Unicode tables, so a
/// browser with another Unicode version agrees with the library anyway.
fn han_ranges() -> String {
    let mut out = String::new();
    for &(from, to) in han_table() {
        if from == to {
            write!(out, "\\u{{{from:X}}}").unwrap();
        } else {
            write!(out, "\\u{{{from:X}}}-\\u{{{to:X}}}").unwrap();
        }
    }
    out
}

/// The ranges `[from, to]` of `Script=Han`: the very table the checks use.
fn han_table() -> &'static [(u32, u32)] {
    &crate::text::HAN_RANGES
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Field, Operation, Profile, Provider};

    #[test]
    fn patterns_read_as_written() {
        let rule = Provider::Alibaba
            .rules()
            .field(Operation::Modify, Field::Name, Profile::Latest);
        let p = js_pattern(rule);
        assert!(p.starts_with("|(?!acs:|aliyun)(?![\\s\\S]*(?:[hH][tT][tT][pP]:\\/\\/|[hH][tT][tT][pP][sS]:\\/\\/))[A-Za-z\\u{"));
        assert!(p.ends_with("]{1,127}"));
        assert!(p.contains("0-9\\.\\x3A_\\-"));
        let none =
            Provider::Volcengine
                .rules()
                .field(Operation::Modify, Field::Family, Profile::Latest);
        assert_eq!(js_pattern(none), "[]");
        let free = Provider::Tencent
            .rules()
            .field(Operation::Create, Field::Name, Profile::Strict);
        assert_eq!(js_pattern(free), r"[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F]{1,20}");
        assert!(han_ranges().starts_with("\\u{2E80}-"));
    }
}
