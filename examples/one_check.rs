//! One check, repeated, for `valgrind --tool=callgrind` (BENCHMARKS.md): a repeatable
//! instruction count that a change can be compared by without timing noise.
//!
//! Usage: one_check [REPEATS] [rust|c|is_valid] [CLASS]
//!
//! Each repeat checks one Alibaba ImageName (ModifyImageAttribute, latest) of the class CLASS
//! (default `ascii-64`; see [`CLASSES`]) by `validate`, through the C ABI (`ipf_validate`, no
//! details) or by `is_valid`. Provider, field and profile are run-time values, as they are in
//! a console. The per-check count is (count for 1001 repeats - count for 1) / 1000.
use image_preflight::ffi::{ipf_field_check, ipf_status, ipf_validate};
use image_preflight::{Field, Operation, Profile, Provider, is_valid, validate};
use std::hint::black_box;
use std::ptr::null_mut;

/// The classes of issue 17: a name, and whether the rule accepts it.
const CLASSES: &[(&str, bool)] = &[
    ("ascii-64", true),
    ("han-64", true),
    ("han-128", true),
    ("mixed-40", true),
    ("bad-start", false),
    ("emoji", false),
    ("ascii-129", false),
    // The valid values a report is compared with: the lengths of the three invalid classes.
    ("valid-4", true),
    ("valid-12", true),
    ("ascii-128", true),
];

/// The value of a class (the same values the criterion benchmarks use).
fn value(class: &str) -> String {
    match class {
        "ascii-64" => "ubuntu-22.04_base:ubuntu-22.04_base:ubuntu-22.04_base:ubuntu-22.".into(),
        "han-64" => "镜像名称".repeat(16),
        "han-128" => "镜像名称".repeat(32),
        "mixed-40" => "web服务器-v2.1_杭州:生产环境-ubuntu22.04基础镜像-prod".into(),
        "bad-start" => "1abc".into(),
        "emoji" => "build-😀-2024".into(),
        "ascii-129" => "a".repeat(129),
        "valid-4" => "abcd".into(),
        "valid-12" => "build-镜-2024".into(),
        "ascii-128" => format!("u{}", "buntu-22.04_base:".repeat(8))[..128].to_string(),
        other => panic!("unknown class {other:?}; one of {CLASSES:?}"),
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let repeats: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    let how = args.next().unwrap_or_else(|| "rust".into());
    let class = args.next().unwrap_or_else(|| "ascii-64".into());
    let want = CLASSES
        .iter()
        .find(|(c, _)| *c == class)
        .map(|&(_, valid)| valid);
    let name = value(&class);
    let (p, op, f, pr) = (
        Provider::Alibaba,
        Operation::Modify,
        Field::Name,
        Profile::Latest,
    );
    let mut valid = 0;
    for _ in 0..repeats {
        let ok = match how.as_str() {
            "c" => {
                let mut out = ipf_field_check::default();
                let v = black_box(name.as_str());
                // SAFETY: `v` is live for the call, `out` is a valid out-param, no details.
                let status = unsafe {
                    ipf_validate(
                        black_box(p as u32),
                        black_box(op as u32),
                        black_box(f as u32),
                        black_box(pr as u32),
                        v.as_ptr().cast(),
                        v.len(),
                        &mut out,
                        null_mut(),
                    )
                };
                status == ipf_status::Ok && out.valid
            }
            "is_valid" => is_valid(
                black_box(p),
                black_box(op),
                black_box(f),
                black_box(&name),
                black_box(pr),
            ),
            "rust" => {
                let report = validate(
                    black_box(p),
                    black_box(op),
                    black_box(f),
                    black_box(&name),
                    black_box(pr),
                );
                black_box(&report);
                report.is_valid()
            }
            other => panic!("unknown way {other:?}: rust, c or is_valid"),
        };
        valid += usize::from(ok);
    }
    let expected = if want == Some(true) { repeats } else { 0 };
    assert_eq!(valid, expected, "{class} judged wrongly");
}
