//! One valid check, for `valgrind --tool=callgrind` (BENCHMARKS.md): a repeatable instruction
//! count that a change can be compared by without timing noise.
//! Usage: one_check [REPEATS]   (each repeat checks one 64-character ASCII Alibaba name)
use image_preflight::{Field, Operation, Profile, Provider, validate};
use std::hint::black_box;

fn main() {
    let repeats: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let name = "ubuntu-22.04_base:ubuntu-22.04_base:ubuntu-22.04_base:ubuntu-22.";
    assert_eq!(name.len(), 64);
    let mut valid = 0;
    for _ in 0..repeats {
        valid += usize::from(
            validate(
                black_box(Provider::Alibaba),
                black_box(Operation::Modify),
                black_box(Field::Name),
                black_box(name),
                black_box(Profile::Latest),
            )
            .is_valid(),
        );
    }
    assert_eq!(valid, repeats);
}
