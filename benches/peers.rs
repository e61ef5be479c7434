//! Issue 17: every class of text beside what a user would write instead, a `regex`-crate
//! validator of the same rule, in the same run (figures in BENCHMARKS.md).
//! Run: cargo bench --bench peers
//!
//! Groups, each `<group>/<case>/<way>`:
//! - `alibaba_name`: the classes of the issue (`ascii-64`, `han-64`, `han-128`, `mixed-40`
//!   valid; `bad-start`, `emoji`, `ascii-129` invalid) by `validate` (a full report for an
//!   invalid value), `is_valid` and the regex; plus the valid values of the same length that a
//!   report is compared with (`valid-4`, `valid-12`, `ascii-128`).
//! - `volcengine_name`, `volcengine_description`, `tencent_name`: the other providers' rules
//!   whose character sets differ (Volcengine's description takes full-width punctuation;
//!   Tencent's name is free text).
//! - `aws_name`, `gcp_name`: an AMI name (CreateImage) and a Compute Engine name
//!   (images.insert), which take the fast path from their tables alone.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use image_preflight::{Field, Operation, Profile, Provider, is_valid, validate};
use regex::Regex;
use std::hint::black_box;

/// A validator written with the `regex` crate, as a console would without this library.
struct Peer {
    pattern: Regex,
    /// Prefixes refused exactly, and texts refused anywhere in any case.
    prefixes: &'static [&'static str],
    anywhere: Option<Regex>,
}

impl Peer {
    fn new(pattern: &str, prefixes: &'static [&'static str], anywhere: Option<&str>) -> Peer {
        Peer {
            pattern: Regex::new(pattern).unwrap(),
            prefixes,
            anywhere: anywhere.map(|a| Regex::new(a).unwrap()),
        }
    }

    fn valid(&self, value: &str) -> bool {
        self.pattern.is_match(value)
            && !self.prefixes.iter().any(|p| value.starts_with(p))
            && !self.anywhere.as_ref().is_some_and(|a| a.is_match(value))
    }
}

/// Alibaba ImageName, ModifyImageAttribute, latest: the rule of issue 17.
fn alibaba_name() -> Peer {
    Peer::new(
        r"^[A-Za-z\p{Han}][A-Za-z0-9\p{Han}.:_-]{1,127}$",
        &["acs:", "aliyun"],
        Some(r"(?i)https?://"),
    )
}

/// A valid value of `len` chars: `first`, then `fill` repeated.
fn value(first: &str, fill: &str, len: usize) -> String {
    let mut s = String::from(first);
    while s.chars().count() < len {
        s.push_str(fill);
    }
    s.chars().take(len).collect()
}

/// One group: every case by `validate`, `is_valid` and the peer, after checking that the
/// library and the peer agree on it.
fn group(
    c: &mut Criterion,
    name: &str,
    provider: Provider,
    field: Field,
    peer: &Peer,
    cases: &[(&str, String, bool)],
) {
    group_of(c, name, provider, Operation::Modify, field, peer, cases);
}

/// [`group`] for a field of another operation (an AMI's name is set only on creation).
fn group_of(
    c: &mut Criterion,
    name: &str,
    provider: Provider,
    operation: Operation,
    field: Field,
    peer: &Peer,
    cases: &[(&str, String, bool)],
) {
    let mut g = c.benchmark_group(name);
    for (label, v, valid) in cases {
        let lib = is_valid(provider, operation, field, v, Profile::Latest);
        assert_eq!(lib, *valid, "{name}/{label}: the library says {lib}");
        assert_eq!(peer.valid(v), *valid, "{name}/{label}: the regex disagrees");
        g.bench_with_input(BenchmarkId::new(*label, "validate"), v, |b, v| {
            b.iter(|| {
                let report = validate(provider, operation, field, black_box(v), Profile::Latest);
                // Kept in place, fully built: see benches/preflight.rs.
                black_box(&report);
                report.is_valid()
            })
        });
        g.bench_with_input(BenchmarkId::new(*label, "is_valid"), v, |b, v| {
            b.iter(|| is_valid(provider, operation, field, black_box(v), Profile::Latest))
        });
        g.bench_with_input(BenchmarkId::new(*label, "regex"), v, |b, v| {
            b.iter(|| peer.valid(black_box(v)))
        });
    }
    g.finish();
}

fn alibaba(c: &mut Criterion) {
    let cases = [
        (
            "ascii-64",
            "ubuntu-22.04_base:ubuntu-22.04_base:ubuntu-22.04_base:ubuntu-22.".to_string(),
            true,
        ),
        ("han-64", "镜像名称".repeat(16), true),
        ("han-128", "镜像名称".repeat(32), true),
        (
            "mixed-40",
            "web服务器-v2.1_杭州:生产环境-ubuntu22.04基础镜像-prod".to_string(),
            true,
        ),
        ("bad-start", "1abc".to_string(), false),
        ("emoji", "build-😀-2024".to_string(), false),
        ("ascii-129", "a".repeat(129), false),
        // The valid values of the same lengths as the invalid ones, for the report target.
        ("valid-4", "abcd".to_string(), true),
        ("valid-12", "build-镜-2024".to_string(), true),
        ("ascii-128", value("u", "buntu-22.04_base:", 128), true),
    ];
    group(
        c,
        "alibaba_name",
        Provider::Alibaba,
        Field::Name,
        &alibaba_name(),
        &cases,
    );
}

fn others(c: &mut Criterion) {
    let volcengine_name = Peer::new(r"^[A-Za-z\p{Han}][A-Za-z0-9\p{Han}_.-]{0,127}$", &[], None);
    group(
        c,
        "volcengine_name",
        Provider::Volcengine,
        Field::Name,
        &volcengine_name,
        &[
            ("han-64", "镜像名称".repeat(16), true),
            ("han-128", "镜像名称".repeat(32), true),
            ("emoji", "build-😀-2024".to_string(), false),
        ],
    );
    let volcengine_description = Peer::new(
        r"^[A-Za-z\p{Han}][A-Za-z0-9\p{Han}_\-=,. ，。]{0,254}$",
        &[],
        None,
    );
    group(
        c,
        "volcengine_description",
        Provider::Volcengine,
        Field::Description,
        &volcengine_description,
        &[
            ("han-255", value("每", "日构建，镜像。", 255), true),
            (
                "mixed-120",
                value("N", "ightly 构建，web 镜像。", 120),
                true,
            ),
            ("bad-char-64", value("每", "日构建！", 64), false),
        ],
    );
    // Free text: any char but the C0 controls other than TAB, LF and CR, and DEL.
    let tencent_name = Peer::new(r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F]{1,60}$", &[], None);
    group(
        c,
        "tencent_name",
        Provider::Tencent,
        Field::Name,
        &tencent_name,
        &[
            ("han-60", value("镜", "像名称", 60), true),
            ("mixed-40", value("web", " 服务器 v2 镜像", 40), true),
            ("han-61", value("镜", "像名称", 61), false),
        ],
    );
}

/// Issue 25: the clouds whose fields came as data only, with no path of their own: an AMI
/// name (CreateImage, the API model's set) and a Compute Engine name (RFC 1035: lower case, a
/// letter first, no '-' last).
fn clouds(c: &mut Criterion) {
    let aws_name = Peer::new(r"^[A-Za-z0-9()\[\] ./'@_-]{3,128}$", &[], None);
    group_of(
        c,
        "aws_name",
        Provider::Aws,
        Operation::Create,
        Field::Name,
        &aws_name,
        &[
            (
                "ascii-64",
                value("p", "acker-ubuntu-22.04 (x86_64) ", 64),
                true,
            ),
            ("ascii-128", value("w", "eb-base [prod] v1.2/", 128), true),
            ("bad-char", "web,prod-2024".to_string(), false),
            ("ascii-129", "a".repeat(129), false),
        ],
    );
    let gcp_name = Peer::new(r"^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$", &[], None);
    group_of(
        c,
        "gcp_name",
        Provider::Gcp,
        Operation::Create,
        Field::Name,
        &gcp_name,
        &[
            (
                "ascii-40",
                value("u", "buntu-2204-v20240101-", 39) + "1",
                true,
            ),
            ("ascii-63", value("w", "eb-base-", 62) + "1", true),
            ("bad-end", "ubuntu-2204-v20240101-".to_string(), false),
            (
                "bad-start",
                "CentOS-7-x86-64-GenericCloud-1704".to_string(),
                false,
            ),
            ("ascii-64", "a".repeat(64), false),
        ],
    );
}

criterion_group!(benches, alibaba, others, clouds);
criterion_main!(benches);
