//! One valid check, for `valgrind --tool=callgrind` (BENCHMARKS.md): a repeatable instruction
//! count that a change can be compared by without timing noise.
//! Usage: one_check [REPEATS] [rust|c]   (each repeat checks one 64-character ASCII Alibaba
//! name, by the Rust call or through the C ABI; provider, field and profile are run-time
//! values, as they are in a console)
use image_preflight::ffi::{ipf_field_check, ipf_status, ipf_validate};
use image_preflight::{Field, Operation, Profile, Provider, validate};
use std::hint::black_box;
use std::ptr::null_mut;

fn main() {
    let mut args = std::env::args().skip(1);
    let repeats: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(1);
    let through_c = args.next().as_deref() == Some("c");
    let name = "ubuntu-22.04_base:ubuntu-22.04_base:ubuntu-22.04_base:ubuntu-22.";
    assert_eq!(name.len(), 64);
    let mut valid = 0;
    for _ in 0..repeats {
        let ok = if through_c {
            let mut out = ipf_field_check::default();
            let v = black_box(name);
            // SAFETY: `v` is live for the call, `out` is a valid out-param, no details.
            let status = unsafe {
                ipf_validate(
                    black_box(Provider::Alibaba as u32),
                    black_box(Operation::Modify as u32),
                    black_box(Field::Name as u32),
                    black_box(Profile::Latest as u32),
                    v.as_ptr().cast(),
                    v.len(),
                    &mut out,
                    null_mut(),
                )
            };
            status == ipf_status::Ok && out.valid
        } else {
            validate(
                black_box(Provider::Alibaba),
                black_box(Operation::Modify),
                black_box(Field::Name),
                black_box(name),
                black_box(Profile::Latest),
            )
            .is_valid()
        };
        valid += usize::from(ok);
    }
    assert_eq!(valid, repeats);
}
