//! The speed targets of the library, measured (issue 8; figures in BENCHMARKS.md).
//! Run: cargo bench --bench preflight

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use image_preflight::ffi::{ipf_field_check, ipf_validate};
use image_preflight::{
    AttributeChange, Field, ImageFacts, Operation, Profile, Provider, ShareChange, apply, plan,
    validate, validate_request,
};
use std::hint::black_box;
use std::ptr::null_mut;

/// Keeps a report, fully built, in memory where the optimiser cannot drop any of it, without
/// moving it out of the measured closure: handing a 128-byte value back to the harness would
/// measure the harness's copy, not the check.
#[inline(always)]
fn keep(report: image_preflight::Report) -> bool {
    black_box(&report);
    report.is_valid()
}

/// A valid value of `len` chars starting with `first` and repeating `fill`.
fn value(first: &str, fill: &str, len: usize) -> String {
    let mut s = String::from(first);
    while s.chars().count() < len {
        s.push_str(fill);
    }
    s.chars().take(len).collect()
}

fn fields(c: &mut Criterion) {
    let mut g = c.benchmark_group("field");
    let cases: Vec<(&str, Provider, Field, String)> = vec![
        (
            "alibaba/name/ascii-64",
            Provider::Alibaba,
            Field::Name,
            value("u", "buntu-22.04_base:", 64),
        ),
        (
            "alibaba/name/ascii-128",
            Provider::Alibaba,
            Field::Name,
            value("u", "buntu-22.04_base:", 128),
        ),
        (
            "alibaba/name/han-128",
            Provider::Alibaba,
            Field::Name,
            value("镜", "像名称", 128),
        ),
        (
            "alibaba/description/ascii-256",
            Provider::Alibaba,
            Field::Description,
            value("N", "ightly build ", 256),
        ),
        (
            "alibaba/description/han-256",
            Provider::Alibaba,
            Field::Description,
            value("每", "日构建镜像", 256),
        ),
        (
            "alibaba/family/ascii-128",
            Provider::Alibaba,
            Field::Family,
            value("h", "angzhou-daily", 128),
        ),
        (
            "tencent/name/ascii-60",
            Provider::Tencent,
            Field::Name,
            value("w", "eb base ", 60),
        ),
        (
            "tencent/name/han-60",
            Provider::Tencent,
            Field::Name,
            value("镜", "像名称", 60),
        ),
        (
            "tencent/description/ascii-256",
            Provider::Tencent,
            Field::Description,
            value("N", "ightly build ", 256),
        ),
        (
            "tencent/family/ascii-128",
            Provider::Tencent,
            Field::Family,
            value("f", "amily", 128),
        ),
        (
            "volcengine/name/ascii-128",
            Provider::Volcengine,
            Field::Name,
            value("w", "eb_base.v1-", 128),
        ),
        (
            "volcengine/name/han-128",
            Provider::Volcengine,
            Field::Name,
            value("镜", "像名称", 128),
        ),
        (
            "volcengine/description/ascii-255",
            Provider::Volcengine,
            Field::Description,
            value("N", "ightly build, ", 255),
        ),
        (
            "volcengine/description/han-255",
            Provider::Volcengine,
            Field::Description,
            value("每", "日构建，镜像。", 255),
        ),
        // Worst cases: every character refused, or a forbidden substring over and over.
        (
            "alibaba/name/invalid-128",
            Provider::Alibaba,
            Field::Name,
            "!".repeat(128),
        ),
        (
            "alibaba/name/http-128",
            Provider::Alibaba,
            Field::Name,
            format!("a{}", "http://".repeat(18)),
        ),
    ];
    for (label, p, f, v) in &cases {
        g.bench_with_input(BenchmarkId::from_parameter(label), v, |b, v| {
            b.iter(|| {
                keep(validate(
                    *p,
                    Operation::Modify,
                    *f,
                    black_box(v),
                    Profile::Latest,
                ))
            })
        });
    }
    g.finish();
}

fn request(c: &mut Criterion) {
    let name = value("u", "buntu-22.04-base-", 64);
    let description = value("N", "ightly build of the web base image ", 128);
    let family = "web-base-family";
    let change = AttributeChange {
        name: Some(&name),
        description: Some(&description),
        family: Some(family),
        ..AttributeChange::default()
    };
    c.bench_function("request/alibaba/three-fields", |b| {
        b.iter(|| {
            keep(validate_request(
                Provider::Alibaba,
                Operation::Modify,
                Profile::Latest,
                black_box(&change),
            ))
        })
    });
}

fn abi(c: &mut Criterion) {
    let name = value("u", "buntu-22.04_base:", 64);
    let mut g = c.benchmark_group("abi");
    g.bench_function("rust/alibaba/name/ascii-64", |b| {
        b.iter(|| {
            keep(validate(
                Provider::Alibaba,
                Operation::Modify,
                Field::Name,
                black_box(&name),
                Profile::Latest,
            ))
        })
    });
    g.bench_function("c/alibaba/name/ascii-64", |b| {
        let mut out = ipf_field_check::default();
        b.iter(|| {
            let v = black_box(&name);
            // SAFETY: `v` is live for the call; `out` is a valid out-param; no details.
            unsafe { ipf_validate(1, 0, 0, 0, v.as_ptr().cast(), v.len(), &mut out, null_mut()) }
        })
    });
    g.finish();
}

fn accounts(start: u64, n: u64) -> Vec<String> {
    (start..start + n).map(|i| i.to_string()).collect()
}

fn shares(c: &mut Criterion) {
    let mut g = c.benchmark_group("share");
    let full = ImageFacts::new(Provider::Tencent, "100000000001")
        .with_shared_with(accounts(3_000_000_000, 500));
    let cancel = ShareChange::cancel(accounts(3_000_000_000, 10));
    g.bench_function("apply/tencent/500-shared/cancel-10", |b| {
        b.iter(|| apply(black_box(&full), black_box(&cancel), Profile::Latest))
    });
    let desired = accounts(4_000_000_000, 500);
    g.bench_function("plan/tencent/500-to-500", |b| {
        b.iter(|| plan(black_box(&full), black_box(&desired), Profile::Latest))
    });
    let too_many = accounts(5_000_000_000, 10_000);
    g.bench_function("plan/tencent/10000-refused", |b| {
        b.iter(|| plan(black_box(&full), black_box(&too_many), Profile::Latest).unwrap_err())
    });
    g.finish();
}

criterion_group!(benches, fields, request, abi, shares);
criterion_main!(benches);
