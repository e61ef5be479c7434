//! `ipf_validate_packed_utf32` (the Python binding's batch path) on arbitrary code points:
//! every verdict is the per-value answer of `ipf_validate` on the value's UTF-8; a value that
//! is not text (a surrogate, a number past U+10FFFF) is `IPF_STATUS_INVALID_UTF8`; a miscount
//! is `IPF_STATUS_INVALID_ARGUMENT`; on any status but OK the verdicts are untouched.
#![no_main]

use image_preflight::ffi::*;
use image_preflight::{Field, Operation, Profile, Provider};
use libfuzzer_sys::fuzz_target;
use std::ptr::null_mut;

fuzz_target!(|data: &[u8]| {
    let [a, b, c, rest @ ..] = data else { return };
    // The counts come from the tables, so a new provider, operation or field is fuzzed too.
    let n = |all: usize| all as u32 + 1;
    let (provider, operation, field, profile) = (
        u32::from(*a) % n(Provider::ALL.len()),
        u32::from(a >> 4) % n(Operation::ALL.len()),
        u32::from(*b) % n(Field::ALL.len()),
        u32::from(b >> 4) % n(Profile::ALL.len()),
    );
    // Code points from the bytes: mostly small ones (ASCII, Han, the separator 0), some of
    // every other kind, surrogates and numbers past U+10FFFF included.
    let cps: Vec<u32> = rest
        .chunks(2)
        .map(|p| {
            let x = u32::from(p[0]) | u32::from(*p.get(1).unwrap_or(&0)) << 8;
            match p[0] % 8 {
                0 => 0,
                1..=3 => x & 0x7F,
                4 | 5 => 0x4E00 + (x % 0x5200),
                6 => x.wrapping_mul(0x11) % 0x11_0000,
                _ => x.wrapping_mul(0x1_0001),
            }
        })
        .collect();
    let zeros = cps.iter().filter(|&&cp| cp == 0).count();
    // The true count, or a miscount now and then.
    let count = match c % 16 {
        0 => zeros,
        1 => zeros + 2,
        _ => zeros + 1,
    };
    let mut flags = vec![7u8; count.max(1)];
    // SAFETY: the buffers are valid for the call, as the header requires.
    let st = unsafe {
        ipf_validate_packed_utf32(provider, operation, field, profile, cps.as_ptr(), cps.len(), count, flags.as_mut_ptr())
    };
    let values: Vec<&[u32]> = cps.split(|&cp| cp == 0).collect();
    let known = Provider::from_number(provider).is_some()
        && Operation::from_number(operation).is_some()
        && Field::from_number(field).is_some()
        && Profile::from_number(profile).is_some();
    let texts: Option<Vec<String>> = values
        .iter()
        .map(|v| v.iter().map(|&cp| char::from_u32(cp)).collect::<Option<String>>())
        .collect();
    if st != ipf_status::Ok {
        assert!(flags.iter().all(|&f| f == 7), "verdicts written on {st:?}");
    }
    if !known {
        assert_ne!(st, ipf_status::Ok);
        return;
    }
    if count == 0 {
        let empty = if cps.is_empty() { ipf_status::Ok } else { ipf_status::InvalidArgument };
        assert_eq!(st, empty);
        return;
    }
    if count != values.len() {
        assert_eq!(st, ipf_status::InvalidArgument);
        return;
    }
    let Some(texts) = texts else {
        assert_eq!(st, ipf_status::InvalidUtf8);
        return;
    };
    assert_eq!(st, ipf_status::Ok);
    for (i, text) in texts.iter().enumerate() {
        let mut check = ipf_field_check::default();
        // SAFETY: as above.
        let one = unsafe {
            ipf_validate(provider, operation, field, profile, text.as_ptr().cast(), text.len(), &mut check, null_mut())
        };
        assert_eq!(one, ipf_status::Ok);
        assert_eq!(flags[i] == 1, check.valid, "value {i} {text:?}");
    }
});
