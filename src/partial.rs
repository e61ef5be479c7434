//! Values only partly known before a build.
//!
//! A Packer template's `image_name = "web-${var.env}-{{timestamp}}"` is literal text around
//! expressions evaluated at build time. Some faults are certain whatever the expressions become:
//! a bad first character in a literal start, a forbidden prefix spelled out in that start, a bad
//! character or a forbidden text inside a literal, literal text already over the length limit.
//! [`check_pieces`] reports exactly those, by running the field's own rule over each literal,
//! with the parts of the rule that depend on what the expressions add switched off. Anything
//! the expressions could still make go away is never reported.

use crate::check::check_rule;
use crate::report::Report;
use crate::rules::{Empty, Field, FieldRule};
use crate::text::Span;
use crate::violation::{Code, Violation};

/// One piece of a templated value, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text that reaches the cloud as it is.
    Literal(&'a str),
    /// An expression, as written in the template (shown in the value, never checked).
    Hole(&'a str),
}

/// What [`check_pieces`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Partial {
    /// The value as written: literals and expressions in order. Spans point into this text.
    pub shown: String,
    /// Faults certain whatever the expressions become. For a value with no expression, the
    /// report of the whole check (with counts).
    pub report: Report,
    /// Whether the value had no expression, so `report` is the whole verdict. When false and
    /// `report` is valid, the value is unknown until the expressions are evaluated.
    pub complete: bool,
}

/// Checks a value made of literal pieces and expressions against `rule`: see the module
/// documentation for what is reported.
///
/// ```
/// use image_preflight::partial::{check_pieces, Piece};
/// use image_preflight::{Code, Field, Operation, Profile, Provider};
///
/// let rule = Provider::Alibaba.rules().field(Operation::Modify, Field::Name, Profile::Latest).unwrap();
/// // "aliyun" spelled out at the start: refused whatever var.env is.
/// let p = check_pieces(rule, Field::Name, &[Piece::Literal("aliyun-"), Piece::Hole("${var.env}")]);
/// assert_eq!(p.report.violations[0].code, Code::ForbiddenPrefix);
/// // "ali" + an expression could become "aliyun..." or "alibaba...": not reported.
/// let p = check_pieces(rule, Field::Name, &[Piece::Literal("ali"), Piece::Hole("${var.env}")]);
/// assert!(p.report.is_valid() && !p.complete);
/// ```
pub fn check_pieces(rule: &FieldRule, field: Field, pieces: &[Piece<'_>]) -> Partial {
    let shown: String = pieces
        .iter()
        .map(|p| match p {
            Piece::Literal(s) | Piece::Hole(s) => *s,
        })
        .collect();
    if !pieces.iter().any(|p| matches!(p, Piece::Hole(_))) {
        let report = check_rule(rule, field, &shown);
        return Partial {
            shown,
            report,
            complete: true,
        };
    }
    // A list field (boot mode, status, license) takes whole values: with an expression in it,
    // the value may be any of them.
    if !rule.one_of.is_empty() {
        return Partial {
            shown,
            report: Report::default(),
            complete: false,
        };
    }
    // Length limits depend on what the expressions add; an empty piece is "not sent" nowhere.
    let inner = FieldRule {
        min_chars: 0,
        max_chars: None,
        empty: Empty::Keep,
        ..*rule
    };
    // Only the value's own start is held to the first-character set and the prefixes.
    let middle = FieldRule {
        first: None,
        forbidden_prefixes: &[],
        ..inner
    };
    // Only the value's own end is held to the last-character set: a literal an expression
    // follows does not end the value.
    let (inner_open, middle_open) = (
        FieldRule {
            last: None,
            ..inner
        },
        FieldRule {
            last: None,
            ..middle
        },
    );
    let end = pieces.len() - 1;
    let mut report = Report::default();
    let mut offset = 0;
    let mut known_chars = 0;
    let mut over: Option<usize> = None;
    for (i, piece) in pieces.iter().enumerate() {
        let text = match piece {
            Piece::Literal(s) | Piece::Hole(s) => *s,
        };
        if let Piece::Literal(lit) = piece {
            let piece_rule = match (i == 0, i == end) {
                (true, true) => &inner,
                (true, false) => &inner_open,
                (false, true) => &middle,
                (false, false) => &middle_open,
            };
            for mut v in check_rule(piece_rule, field, lit).violations {
                v.span = v
                    .span
                    .map(|s| Span::of(&shown, offset + s.byte_start, offset + s.byte_end));
                report.violations.push(v);
            }
            if let Some(max) = rule.max_chars {
                for (at, _) in lit.char_indices() {
                    known_chars += 1;
                    if known_chars == max + 1 {
                        over = Some(offset + at);
                    }
                }
            }
        }
        offset += text.len();
    }
    if let (Some(max), Some(start)) = (rule.max_chars, over) {
        let mut v = Violation::new(field.into(), Code::TooLong, rule.codes.too_long);
        v.span = Some(Span::of(&shown, start, shown.len()));
        v.limit = Some(max);
        v.actual = Some(known_chars);
        report.violations.push(v);
    }
    Partial {
        shown,
        report,
        complete: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{Operation, Profile, Provider};

    fn rule(p: Provider, f: Field) -> &'static FieldRule {
        p.rules()
            .field(Operation::Create, f, Profile::Latest)
            .unwrap()
    }

    fn codes(p: &Partial) -> Vec<&'static str> {
        p.report.violations.iter().map(|v| v.code.key()).collect()
    }

    #[test]
    fn certain_faults_are_reported_with_spans_in_the_written_value() {
        let r = rule(Provider::Alibaba, Field::Name);
        let p = check_pieces(
            r,
            Field::Name,
            &[
                Piece::Literal("1web "),
                Piece::Hole("${var.x}"),
                Piece::Literal("!"),
            ],
        );
        assert_eq!(codes(&p), ["BAD_START", "BAD_CHAR", "BAD_CHAR"]);
        let last = p.report.violations[2].span.unwrap();
        assert_eq!(&p.shown[last.byte_start..last.byte_end], "!");
        assert!(!p.complete);
    }

    #[test]
    fn what_an_expression_could_fix_is_not_reported() {
        let r = rule(Provider::Alibaba, Field::Name);
        // A digit after an expression: the expression supplies the first character.
        for pieces in [
            vec![Piece::Hole("${var.x}"), Piece::Literal("1abc")],
            vec![Piece::Literal("a"), Piece::Hole("{{timestamp}}")],
            vec![Piece::Literal("ali"), Piece::Hole("${var.x}")],
        ] {
            let p = check_pieces(r, Field::Name, &pieces);
            assert!(p.report.is_valid(), "{pieces:?}: {:?}", p.report);
        }
        // A forbidden text split by an expression may not be there at all.
        let d = rule(Provider::Alibaba, Field::Description);
        let split = [
            Piece::Literal("http:"),
            Piece::Hole("${x}"),
            Piece::Literal("//"),
        ];
        assert!(
            check_pieces(d, Field::Description, &split)
                .report
                .is_valid()
        );
    }

    /// A Compute Engine name may not end with `-`: only the literal that ends the value is
    /// held to that, since an expression after a literal supplies the last character.
    #[test]
    fn only_the_value_s_own_end_is_held_to_the_last_character() {
        let r = rule(Provider::Gcp, Field::Name);
        let open = check_pieces(
            r,
            Field::Name,
            &[Piece::Literal("web-"), Piece::Hole("${x}")],
        );
        assert!(open.report.is_valid(), "{:?}", open.report);
        let closed = check_pieces(
            r,
            Field::Name,
            &[Piece::Hole("${x}"), Piece::Literal("web-")],
        );
        assert_eq!(codes(&closed), ["BAD_END"]);
        let both = [
            Piece::Literal("a-"),
            Piece::Hole("${x}"),
            Piece::Literal("-"),
        ];
        assert_eq!(codes(&check_pieces(r, Field::Name, &both)), ["BAD_END"]);
    }

    #[test]
    fn literal_text_over_the_limit_is_too_long() {
        let r = rule(Provider::Alibaba, Field::Name);
        let long = "a".repeat(130);
        let p = check_pieces(
            r,
            Field::Name,
            &[Piece::Literal(&long), Piece::Hole("${var.x}")],
        );
        let v = &p.report.violations[0];
        assert_eq!(
            (v.code, v.limit, v.actual),
            (Code::TooLong, Some(128), Some(130))
        );
        assert_eq!(v.span.unwrap().char_start, 128);
    }

    #[test]
    fn a_list_value_with_an_expression_is_unknown() {
        let r = rule(Provider::Alibaba, Field::BootMode);
        let p = check_pieces(
            r,
            Field::BootMode,
            &[Piece::Literal("x-"), Piece::Hole("${v}")],
        );
        assert!(p.report.is_valid() && !p.complete);
        let p = check_pieces(r, Field::BootMode, &[Piece::Literal("BIOS")]);
        assert!(p.report.is_valid() && p.complete);
        let p = check_pieces(r, Field::BootMode, &[Piece::Literal("bios")]);
        assert_eq!(codes(&p), ["NOT_ONE_OF"]);
    }

    #[test]
    fn without_expressions_it_is_the_whole_check() {
        let r = rule(Provider::Tencent, Field::Name);
        let p = check_pieces(r, Field::Name, &[Piece::Literal("")]);
        assert!(p.complete);
        assert_eq!(codes(&p), ["TOO_SHORT"]);
    }
}
