//! `check --input` at scale: the batch loop over 100,000 valid ASCII names held in memory, into
//! a byte sink (reading and writing a file adds the kernel's copy; see BENCHMARKS.md for the
//! whole command timed on a file). Throughput is printed in names per second.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use image_preflight::{Field, Lang, Operation, Profile, Provider};
use image_preflight_cli::batch;
use std::hint::black_box;

const NAMES: usize = 100_000;

/// Names like a build system's: a prefix, a role, a date and a build number.
fn names() -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..NAMES {
        out.extend_from_slice(format!("web-server_v2.{}-20261123-build{i:06}\n", i % 7).as_bytes());
    }
    out
}

fn bench(c: &mut Criterion) {
    let input = names();
    let mut group = c.benchmark_group("batch");
    group.throughput(Throughput::Elements(NAMES as u64));
    group.sample_size(20);
    for (provider, label) in [
        (Provider::Alibaba, "alibaba"),
        (Provider::Tencent, "tencent"),
    ] {
        let rule = provider
            .rules()
            .field(Operation::Modify, Field::Name, Profile::Latest)
            .expect("every provider has a name");
        let mut out = Vec::with_capacity(input.len() * 4);
        group.bench_function(format!("{label}_names_valid-100000"), |b| {
            b.iter(|| {
                out.clear();
                let totals =
                    batch::run(rule, Field::Name, Lang::En, &mut &input[..], &mut out).unwrap();
                assert_eq!(totals.invalid, 0);
                black_box(out.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
