//! Writes, for every provider, operation, field and profile, the rule export's ECMAScript
//! pattern with generated values and the library's verdict on each, as JSON on stdout. The
//! Node test tests/js/patterns.test.mjs holds the pattern (compiled as the HTML `pattern`
//! attribute compiles it) to those verdicts.
//!
//! Usage: cargo run --example pattern_cases > cases.json

use image_preflight::json::Json;
use image_preflight::pattern::js_pattern;
use image_preflight::{Field, Operation, Profile, Provider, is_valid};

/// Pieces values are built from: every class the rules name, the characters at their edges,
/// and the forbidden prefixes and substrings in mixed case.
const PIECES: &[&str] = &[
    "a", "Z", "m", "0", "9", ".", ":", "_", "-", "=", ",", " ", "\t", "\n", "\r", "\r\n", "\0",
    "\u{1b}", "\u{7f}", "!", "/", "@", "中", "〇", "𠀀", "丂", "，", "。", "！", "；", "：", "１",
    "Ａ", "😀", "e\u{301}", "\u{202E}", "\u{200B}", "\u{FEFF}", "é", "ß", "ｶ", "가", "acs:",
    "ACS:", "Acs:", "aliyun", "ALIYUN", "aLiYun", "http://", "HTTP://", "hTtP://", "https://",
    "HTTPS://", "http:/", "https:", "`", "~", "|", "[", "]", "\\", "^", "$",
];

/// A small deterministic generator (xorshift), so every run writes the same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn values(rng: &mut Rng, min: usize, max: Option<usize>) -> Vec<String> {
    let mut out = vec![String::new()];
    // Lengths around every bound, in ASCII, Chinese characters and emoji (two UTF-16 units).
    let top = max.unwrap_or(300);
    for len in [
        1,
        2,
        3,
        min.saturating_sub(1),
        min,
        min + 1,
        top.saturating_sub(1),
        top,
        top + 1,
        top + 2,
    ] {
        for fill in ["a", "中", "😀", "a1"] {
            for first in ["", "a", "中", "1"] {
                let body: String = fill
                    .chars()
                    .cycle()
                    .take(len.saturating_sub(first.chars().count()))
                    .collect();
                out.push(format!("{first}{body}"));
            }
        }
    }
    // Random strings of pieces, most starting with a letter so the later pieces matter.
    for i in 0..1500 {
        let mut s = String::new();
        if i % 3 != 0 {
            s.push(['a', 'Q', '中'][rng.below(3)]);
        }
        for _ in 0..rng.below(12) {
            s.push_str(PIECES[rng.below(PIECES.len())]);
        }
        out.push(s);
    }
    out
}

fn main() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut rules = Vec::new();
    for p in Provider::ALL {
        for op in Operation::ALL {
            for f in Field::ALL {
                for pr in Profile::ALL {
                    let rule = p.rules().field(*op, *f, *pr);
                    let (min, max) = rule.map_or((0, Some(10)), |r| (r.min_chars, r.max_chars));
                    let cases: Vec<Json> = values(&mut rng, min, max)
                        .into_iter()
                        .map(|v| {
                            let valid = is_valid(*p, *op, *f, &v, *pr);
                            Json::Arr(vec![Json::from(v), Json::from(valid)])
                        })
                        .collect();
                    rules.push(
                        Json::object()
                            .with("key", format!("{p}/{op}/{f}/{pr}"))
                            .with("pattern", js_pattern(rule))
                            .with("minlength", rule.map(|r| r.min_chars))
                            .with("maxlength", rule.and_then(|r| r.max_chars))
                            .with("cases", Json::Arr(cases)),
                    );
                }
            }
        }
    }
    println!("{}", Json::Arr(rules));
}
