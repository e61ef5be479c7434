//! The valid path allocates nothing: proven with a counting global allocator.

use image_preflight::{Field, Operation, Profile, Provider, validate};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    // Per thread, so the test harness's own threads do not disturb the count.
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|n| n.set(n.get() + 1));
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_during(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn valid_values_allocate_nothing() {
    let long_han = "中".repeat(128);
    let valid: &[(Provider, Field, &str)] = &[
        (Provider::Alibaba, Field::Name, "ubuntu-22-base_v1"),
        (
            Provider::Alibaba,
            Field::Description,
            "Nightly build, 中文描述 😀",
        ),
        (Provider::Alibaba, Field::Family, "hangzhou-daily-update"),
        (Provider::Tencent, Field::Name, "any name at all 名字"),
        (Provider::Tencent, Field::Family, "fam"),
        (Provider::Volcengine, Field::Name, "中文.name_1-x"),
        (
            Provider::Volcengine,
            Field::Description,
            "中文描述，好。 Desc, with. words=1_2-3",
        ),
        (Provider::Volcengine, Field::Description, ""),
    ];
    for profile in Profile::ALL {
        for (p, f, v) in valid {
            let mut ok = false;
            let n = allocations_during(|| {
                ok = validate(*p, Operation::Modify, *f, v, *profile).is_valid();
            });
            assert!(ok, "{p} {f} {v:?} should be valid under {profile}");
            assert_eq!(n, 0, "{p} {f} {v:?} allocated {n} times");
        }
    }
    // Valid in the latest profile only: Chinese characters, '.' and ':'.
    for v in [long_han.as_str(), "ubuntu-22.04-base:v1_x"] {
        let n = allocations_during(|| {
            let r = validate(
                Provider::Alibaba,
                Operation::Modify,
                Field::Name,
                v,
                Profile::Latest,
            );
            assert!(r.is_valid());
        });
        assert_eq!(n, 0, "{v:?} allocated {n} times");
    }
}

#[test]
fn the_counter_counts() {
    // A check whose test could not fail would prove nothing: an invalid value allocates.
    let n = allocations_during(|| {
        let r = validate(
            Provider::Alibaba,
            Operation::Modify,
            Field::Name,
            "1abc",
            Profile::Latest,
        );
        assert!(!r.is_valid());
    });
    assert!(n > 0);
}
