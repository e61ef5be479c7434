//! The C ABI on raw pointer + length: any bytes, valid UTF-8 or not, get a status and never a
//! crash; valid text gets the answer the Rust API gives; the report's accessors and text
//! copies stay inside the buffers they are given.
#![no_main]

use image_preflight::ffi::*;
use image_preflight::{Field, Operation, Profile, Provider, validate};
use libfuzzer_sys::fuzz_target;
use std::ptr::null_mut;

fuzz_target!(|data: &[u8]| {
    let [a, b, rest @ ..] = data else { return };
    // One past the last known number of each enum is in range too: it must be refused.
    // The counts come from the tables, so a new provider, operation or field is fuzzed too.
    let n = |all: usize| all as u32 + 1;
    let (provider, operation, field, profile) = (
        u32::from(*a) % n(Provider::ALL.len()),
        u32::from(a >> 4) % n(Operation::ALL.len()),
        u32::from(*b) % n(Field::ALL.len()),
        u32::from(b >> 4) % n(Profile::ALL.len()),
    );
    let mut check = ipf_field_check::default();
    let mut report = null_mut();
    // SAFETY: every pointer handed over is valid for the call, as the header requires.
    unsafe {
        assert_eq!(ipf_report_new(&mut report), ipf_status::Ok);
        let st = ipf_validate(provider, operation, field, profile, rest.as_ptr().cast(), rest.len(), &mut check, report);
        // Without details, ipf_validate runs the fast path on the raw bytes first: same status,
        // same verdict, same counts as the full answer.
        let mut quick = ipf_field_check::default();
        let quick_st = ipf_validate(provider, operation, field, profile, rest.as_ptr().cast(), rest.len(), &mut quick, null_mut());
        assert_eq!(quick_st, st);
        if st == ipf_status::Ok {
            assert_eq!((quick.valid, quick.violation_count), (check.valid, check.violation_count));
            assert_eq!(format!("{:?}", quick.counts), format!("{:?}", check.counts));
        }
        let known = Provider::from_number(provider).is_some()
            && Operation::from_number(operation).is_some()
            && Field::from_number(field).is_some()
            && Profile::from_number(profile).is_some();
        match std::str::from_utf8(rest) {
            _ if !known => assert_ne!(st, ipf_status::Ok),
            Err(_) => assert_eq!(st, ipf_status::InvalidUtf8),
            Ok(text) => {
                assert_eq!(st, ipf_status::Ok);
                let p = Provider::from_number(provider).unwrap();
                let o = Operation::from_number(operation).unwrap();
                let f = Field::from_number(field).unwrap();
                let pr = Profile::from_number(profile).unwrap();
                let rust = validate(p, o, f, text, pr);
                assert_eq!(check.valid, rust.is_valid());
                assert_eq!(check.violation_count, rust.violations.len());
                let mut small = [0u8; 7];
                for i in 0..check.violation_count {
                    let mut v = std::mem::zeroed::<ipf_violation>();
                    assert_eq!(ipf_report_violation(report, i, &mut v), ipf_status::Ok);
                    let mut len = 0;
                    let st = ipf_report_message(report, i, 1, small.as_mut_ptr().cast(), small.len(), &mut len);
                    assert!(st == ipf_status::Ok || (st == ipf_status::BufferTooSmall && len >= small.len()));
                    let st = ipf_report_found(report, i, small.as_mut_ptr().cast(), small.len(), &mut len);
                    assert!(st == ipf_status::Ok || st == ipf_status::BufferTooSmall);
                }
            }
        }
        // The packed batch: the same bytes cut at every NUL.
        let count = rest.iter().filter(|b| **b == 0).count() + 1;
        let mut flags = vec![7u8; count];
        let st = ipf_validate_packed(provider, operation, field, profile, rest.as_ptr().cast(), rest.len(), count, flags.as_mut_ptr());
        if st == ipf_status::Ok {
            assert!(flags.iter().all(|f| *f <= 1));
        } else {
            assert!(flags.iter().all(|f| *f == 7), "written on failure");
        }
        ipf_report_free(report);
    }
});
