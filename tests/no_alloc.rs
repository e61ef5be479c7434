//! The valid path allocates nothing, in any script; `is_valid` allocates nothing for any value;
//! the report of an invalid value with one fault allocates nothing, with more faults once (its
//! list of violations). Proven with a
//! counting global allocator.

mod common;

use image_preflight::{Field, Operation, Profile, Provider, is_valid, validate};
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
    let han_64 = "镜像名称".repeat(16);
    let mixed = "web服务器-v2.1_杭州:生产环境-ubuntu22.04基础镜像-prod";
    let rare_han = "𠀀㐀丽豈-v1";
    for v in [
        long_han.as_str(),
        &han_64,
        mixed,
        rare_han,
        "ubuntu-22.04-base:v1_x",
    ] {
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

/// Every valid value of the shared vectors, every provider's included: a new provider's
/// fields take the same fast path, with no allocation, as soon as its vectors exist.
#[test]
fn every_valid_field_vector_allocates_nothing() {
    let mut checked = 0;
    for (file, case) in common::cases("field") {
        if !case["expect"].as_array().unwrap().is_empty() {
            continue;
        }
        let parse = |key: &str| case[key].as_str().unwrap().to_string();
        let provider: Provider = parse("provider").parse().unwrap();
        let operation: Operation = parse("operation").parse().unwrap();
        let profile: Profile = parse("profile").parse().unwrap();
        let field: Field = parse("field").parse().unwrap();
        let value = common::value_of(&case, "value");
        let n = allocations_during(|| {
            assert!(validate(provider, operation, field, &value, profile).is_valid());
            assert!(is_valid(provider, operation, field, &value, profile));
        });
        assert_eq!(n, 0, "{file}:{} allocated {n} times", case["id"]);
        checked += 1;
    }
    assert!(checked > 100, "{checked}");
}

/// Valid free text in every script, with the chars that join their neighbours (combining
/// marks, emoji sequences, flags, jamo), which take the segmentation path.
#[test]
fn valid_text_in_any_script_allocates_nothing() {
    let texts = [
        "Ελληνικά Русский 日本語のテキスト 한국어 텍스트",
        "e\u{301}te\u{301} 👍\u{1F3FD} 👨\u{200D}👩\u{200D}👧 🇨🇳 \u{1100}\u{1161}\u{11A8}",
        "العربية עברית \u{202E}bidi\u{202C} zero\u{200B}width \u{FEFF}",
        "हिन्दी ภาษาไทย ក្នុង",
    ];
    for (p, f) in [
        (Provider::Tencent, Field::Name),
        (Provider::Tencent, Field::Description),
        (Provider::Alibaba, Field::Description),
    ] {
        for v in texts {
            let mut ok = false;
            let n = allocations_during(|| {
                ok = validate(p, Operation::Modify, f, v, Profile::Latest).is_valid()
                    && is_valid(p, Operation::Modify, f, v, Profile::Latest);
            });
            assert!(ok, "{p} {f} {v:?} should be valid");
            assert_eq!(n, 0, "{p} {f} {v:?} allocated {n} times");
        }
    }
}

/// Invalid values of every kind: a bad first character, an emoji, too long, a forbidden
/// prefix and substring, a run of bad characters longer than a violation keeps in place.
fn invalid_names() -> Vec<String> {
    vec![
        "1abc".into(),
        "build-😀-2024".into(),
        "a".repeat(129),
        "中".repeat(129),
        "aliyun-base".into(),
        "a http://x".into(),
        // Three faults at once: a forbidden prefix, bad characters, a forbidden substring.
        "aliyun http://x".into(),
        "a".into(),
        "镜像 名称".into(),
        format!("a{}", "!".repeat(40)),
    ]
}

#[test]
fn is_valid_of_an_invalid_value_allocates_nothing() {
    for v in invalid_names() {
        let mut ok = true;
        let n = allocations_during(|| {
            ok = is_valid(
                Provider::Alibaba,
                Operation::Modify,
                Field::Name,
                &v,
                Profile::Latest,
            );
        });
        assert!(!ok, "{v:?} should be invalid");
        assert_eq!(n, 0, "is_valid({v:?}) allocated {n} times");
    }
}

#[test]
fn the_report_of_an_invalid_value_allocates_at_most_once() {
    // A report keeps its first violation inline, so one fault costs no allocation and more
    // cost one (the list). The last name's long run of bad characters is one violation whose
    // quoted text is on the heap.
    let names = invalid_names();
    let mut seen = [false; 2];
    for (i, v) in names.iter().enumerate() {
        let mut violations = 0;
        let n = allocations_during(|| {
            let r = validate(
                Provider::Alibaba,
                Operation::Modify,
                Field::Name,
                v,
                Profile::Latest,
            );
            violations = r.violations.len();
        });
        assert!(violations > 0, "{v:?} should be invalid");
        let want = usize::from(violations > 1 || i == names.len() - 1);
        assert_eq!(
            n, want,
            "the report of {v:?} ({violations} violations) allocated {n} times"
        );
        seen[usize::from(violations > 1)] = true;
    }
    assert_eq!(seen, [true, true], "both one fault and several are covered");
}

#[test]
fn the_counter_counts() {
    // A check whose test could not fail would prove nothing: a report of two faults allocates.
    let n = allocations_during(|| {
        let r = validate(
            Provider::Alibaba,
            Operation::Modify,
            Field::Name,
            "1abc!",
            Profile::Latest,
        );
        assert_eq!(r.violations.len(), 2);
    });
    assert_eq!(n, 1);
}
