//! What a model states as a shape rather than a list or a length: a field's pattern (Compute
//! Engine's `name`), the characters a text names (EC2's "alphanumeric characters, parentheses
//! (()), ..."), the form of a share principal (the Organizations ARN patterns, EC2's
//! `PermissionGroup`), and the states an image can be in.
//!
//! A pattern is compared by probing, not by reading it: the same values go to the rule table
//! (through the library's own check) and to the pattern, and every value on which the two
//! disagree is a finding. The probes are each printable ASCII character alone, first, inside
//! and last, a few non-ASCII ones, and runs at and around each length bound, so a changed class,
//! first- or last-character rule or bound shows.

use super::strings;
use image_preflight::rules::{Empty, ShareRules};
use image_preflight::rules::{Field, FieldRule, Piece, Principal};
use image_preflight::{principal_of, rule_accepts};
use regex::Regex;
use serde_json::Value;

/// At most this many disagreeing values are named per comparison: enough to see the rule.
const SHOWN: usize = 4;

/// A pattern the models write for the whole value (the Organizations ARN patterns are anchored
/// at the start only; the service takes nothing after the id), compiled to match whole values.
fn whole(pattern: &str) -> Result<Regex, String> {
    let inner = pattern.trim_start_matches('^').trim_end_matches('$');
    Regex::new(&format!("^(?:{inner})$"))
        .map_err(|e| format!("unreadable pattern {pattern:?}: {e}"))
}

fn show(v: &str) -> String {
    let n = v.chars().count();
    if n > 100 {
        let head: String = v.chars().take(40).collect();
        let tail: String = v.chars().skip(n - 20).collect();
        format!("{head:?}…{tail:?} ({n} chars)")
    } else {
        format!("{v:?}")
    }
}

/// The values on which `accepts` and `pattern` disagree, as a finding, or `None`.
fn disagreements(
    what: &str,
    pattern: &str,
    probes: &[String],
    accepts: impl Fn(&str) -> bool,
) -> Option<String> {
    let re = match whole(pattern) {
        Ok(re) => re,
        Err(e) => return Some(format!("{what}: {e}")),
    };
    let differ: Vec<String> = probes
        .iter()
        .filter(|v| accepts(v) != re.is_match(v))
        .map(|v| {
            let table = if accepts(v) { "takes" } else { "refuses" };
            format!("{} (the table {table} it)", show(v))
        })
        .collect();
    (!differ.is_empty()).then(|| {
        format!(
            "{what}: the table and the model's pattern {pattern} disagree on {} value(s): {}",
            differ.len(),
            differ
                .iter()
                .take(SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// Values around `rule`'s bounds and every printable ASCII character in each place.
fn field_probes(rule: &FieldRule) -> Vec<String> {
    // A value the rule and any sane pattern take in every place: a lower-case letter.
    let fill = "a";
    let mut out = Vec::new();
    for b in 0x20u8..0x7f {
        let c = char::from(b);
        for v in [
            c.to_string(),
            format!("{c}{fill}{fill}{fill}"),
            format!("{fill}{fill}{c}{fill}"),
            format!("{fill}{fill}{fill}{c}"),
        ] {
            out.push(v);
        }
    }
    for v in ["é", "a中b", "aaé", "a\u{2014}a", "aa\u{1F600}"] {
        out.push(v.to_string());
    }
    let mut lengths = vec![0, 1, 2, 3, 4, rule.min_chars, rule.min_chars + 1];
    lengths.push(rule.min_chars.saturating_sub(1));
    if let Some(max) = rule.max_chars {
        lengths.extend([max.saturating_sub(1), max, max + 1, max + 2]);
    }
    for n in lengths {
        out.push(fill.repeat(n));
        if n > 1 {
            out.push(format!("{}1", fill.repeat(n - 1)));
            out.push(format!("{}-", fill.repeat(n - 1)));
        }
    }
    // An empty value is not sent where the rule keeps the old one: no pattern applies to it.
    if rule.empty == Empty::Keep {
        out.retain(|v| !v.is_empty());
    }
    out.sort();
    out.dedup();
    out
}

/// `rule` (for `field`) against a pattern the model states for the parameter.
pub fn field_pattern(field: Field, rule: &FieldRule, pattern: &str) -> Option<String> {
    disagreements(
        &format!("{}: pattern", rule.parameter),
        pattern,
        &field_probes(rule),
        |v| rule_accepts(rule, field, v),
    )
}

/// `rule`'s ASCII characters against the ones a text names: letters, digits and `named`.
pub fn field_chars(rule: &FieldRule, named: &str) -> Option<String> {
    let Some(set) = rule.allowed else {
        return Some(format!(
            "{}: the model's text names the characters it takes ({named:?}), but the table judges none",
            rule.parameter
        ));
    };
    let stated = |b: u8| b.is_ascii_alphanumeric() || named.as_bytes().contains(&b);
    let (mut more, mut fewer) = (String::new(), String::new());
    for b in 0x20u8..0x7f {
        match (set.contains_ascii(b), stated(b)) {
            (true, false) => more.push(char::from(b)),
            (false, true) => fewer.push(char::from(b)),
            _ => {}
        }
    }
    (!more.is_empty() || !fewer.is_empty()).then(|| {
        format!(
            "{}: the table takes {more:?} beyond the model's text and refuses {fewer:?} that it names (letters, digits and {named:?})",
            rule.parameter
        )
    })
}

/// A whole id of `form`: the least of each run, in the first character of its set.
fn example(form: &[Piece], stretch: Option<(usize, usize)>, swap: Option<(usize, char)>) -> String {
    let mut out = String::new();
    for (i, piece) in form.iter().enumerate() {
        match *piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Run { set, min, .. } => {
                let Some(c) = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                    .chars()
                    .find(|c| set.contains(*c))
                else {
                    continue;
                };
                let n = stretch.filter(|(at, _)| *at == i).map_or(min, |(_, n)| n);
                let mut run: String = std::iter::repeat_n(c, n).collect();
                if let Some((_, s)) = swap.filter(|(at, _)| *at == i) {
                    if !run.is_empty() {
                        run.replace_range(0..c.len_utf8(), &s.to_string());
                    }
                }
                out.push_str(&run);
            }
        }
    }
    out
}

/// Ids around every bound of `principal`'s form, with every printable ASCII character in the
/// first place of each run, and a few that add to or cut a valid id.
fn principal_probes(principal: &Principal) -> Vec<String> {
    let form = principal.form;
    let mut out = vec![String::new(), example(form, None, None)];
    for (i, piece) in form.iter().enumerate() {
        if let Piece::Run { min, max, .. } = *piece {
            for n in [min.saturating_sub(1), min, min + 1, max - 1, max, max + 1] {
                out.push(example(form, Some((i, n)), None));
            }
            for b in 0x20u8..0x7f {
                out.push(example(form, None, Some((i, char::from(b)))));
            }
        }
    }
    let valid = example(form, None, None);
    out.extend([
        format!("{valid}/x"),
        format!("{valid}\n"),
        format!(" {valid}"),
        valid.to_uppercase(),
        valid[..valid.len() - 1].to_string(),
    ]);
    out.sort();
    out.dedup();
    out
}

/// One principal of `rules` against what the model states of its parameter: a list of values
/// (the group) or a pattern (accounts, organization and OU ARNs).
pub fn principal(
    rules: &ShareRules,
    principal: &Principal,
    values: &[String],
    pattern: Option<&str>,
) -> Option<String> {
    let is_this = |v: &str| principal_of(rules, v).is_some_and(|p| p.kind == principal.kind);
    if !values.is_empty() {
        let have: Vec<String> = match principal.form {
            [Piece::Text(t)] => vec![t.to_string()],
            _ => Vec::new(),
        };
        let mut want = values.to_vec();
        want.sort();
        return (have != want).then(|| {
            format!(
                "{} ({}): the table takes {have:?}, the model's list is {want:?}",
                principal.parameter, principal.kind
            )
        });
    }
    let pattern = pattern?;
    disagreements(
        &format!("{} ({})", principal.parameter, principal.kind),
        pattern,
        &principal_probes(principal),
        is_this,
    )
}

/// Every principal of `share` against the model's statement of its parameter (by the
/// parameter's name in `stated`, the extract's `share_principals`).
pub fn principals(share: &ShareRules, stated: &Value) -> Vec<String> {
    let Some(stated) = stated.as_object() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in share.principals {
        let Some(s) = stated.get(p.parameter) else {
            out.push(format!(
                "{} ({}): the model states no form for it",
                p.parameter, p.kind
            ));
            continue;
        };
        out.extend(principal(
            share,
            p,
            &strings(&s["values"]),
            s["pattern"].as_str(),
        ));
    }
    for name in stated.keys() {
        if !share.principals.iter().any(|p| p.parameter == name) {
            out.push(format!(
                "the model states a principal {name}, which the tables do not take"
            ));
        }
    }
    out
}
