//! Templated values: whatever the expressions become, every fault `check_pieces` reports on
//! the literal pieces is one the full check of the finished value reports too (it never
//! refuses what the expressions could make right), and a value with no expression gets the
//! full check's exact answer.
#![no_main]

use arbitrary::Arbitrary;
use image_preflight::partial::{Piece, check_pieces};
use image_preflight::{Code, check_rule};
use image_preflight_cli::template::{Owned, Syntax, split};
use libfuzzer_sys::fuzz_target;
use std::collections::BTreeSet;

#[derive(Arbitrary, Debug)]
struct Input {
    rule: u16,
    pieces: Vec<(bool, String)>,
    /// What each expression becomes.
    fills: Vec<String>,
    template: String,
}

fuzz_target!(|input: Input| {
    let entries: Vec<_> = image_preflight::rules::ALL
        .iter()
        .flat_map(|r| r.fields.iter())
        .collect();
    let entry = entries[input.rule as usize % entries.len()];
    let pieces: Vec<Piece> = input
        .pieces
        .iter()
        .map(|(hole, s)| if *hole { Piece::Hole(s) } else { Piece::Literal(s) })
        .collect();
    let partial = check_pieces(entry.rule, entry.field, &pieces);
    let mut fills = input.fills.iter().cycle();
    let filled: String = pieces
        .iter()
        .map(|p| match p {
            Piece::Literal(s) => s.to_string(),
            Piece::Hole(_) => fills.next().cloned().unwrap_or_default(),
        })
        .collect();
    let full = check_rule(entry.rule, entry.field, &filled);
    if partial.complete {
        assert_eq!(partial.report, full);
    } else {
        let found: BTreeSet<_> = full.violations.iter().map(|v| v.code).collect();
        for v in &partial.report.violations {
            // A bad character after an expression that turns out empty is the first one: the
            // full check calls it BAD_START, the same refusal; so is a bad last character that
            // turns out to be the only one.
            let same = found.contains(&v.code)
                || (matches!(v.code, Code::BadChar | Code::BadEnd)
                    && found.contains(&Code::BadStart));
            assert!(same, "{v:?} not in {:?} for {filled:?}", full.violations);
        }
    }
    // Whatever the splitter makes of a template, the spans fit the value shown.
    for syntax in [Syntax::Go, Syntax::Hcl, Syntax::HclQuoted] {
        let owned = split(&input.template, syntax);
        let borrowed: Vec<Piece> = owned.iter().map(Owned::as_piece).collect();
        let p = check_pieces(entry.rule, entry.field, &borrowed);
        for v in &p.report.violations {
            if let Some(span) = v.span {
                assert!(span.byte_end <= p.shown.len());
            }
        }
    }
});
