//! The C ABI called from Rust: every convention, and (under Miri) every unsafe path.

use super::*;
use crate::rules::{Field, Operation, Provider};
use std::ptr::{null, null_mut};

fn s(text: &str) -> ipf_str {
    ipf_str::borrowed(text)
}

unsafe fn text(x: ipf_str) -> &'static str {
    unsafe { std::str::from_utf8(std::slice::from_raw_parts(x.data.cast::<u8>(), x.len)).unwrap() }
}

#[test]
fn a_panic_becomes_a_status() {
    fn exploding() -> ipf_status {
        ffi_boundary! {
            panic!("a bug")
        }
    }
    assert_eq!(exploding(), ipf_status::Panic);
    fn exploding_free() {
        ffi_boundary_void! {
            panic!("a bug in a free function")
        }
    }
    exploding_free();
}

/// Found by the ffi fuzz target: a list field whose list is not published (any value passes:
/// Volcengine ImportImage LicenseType) gave counts without details and none with them.
#[test]
fn a_list_field_has_no_counts_with_or_without_details() {
    let (p, o, f) = (Provider::Volcengine, Operation::Import, Field::LicenseType);
    unsafe {
        let v = "~[";
        let mut quick = ipf_field_check::default();
        let st = ipf_validate(
            p as u32,
            o as u32,
            f as u32,
            0,
            v.as_ptr().cast(),
            v.len(),
            &mut quick,
            null_mut(),
        );
        assert_eq!(st, ipf_status::Ok);
        let mut report = null_mut();
        assert_eq!(ipf_report_new(&mut report), ipf_status::Ok);
        let mut full = ipf_field_check::default();
        let st = ipf_validate(
            p as u32,
            o as u32,
            f as u32,
            0,
            v.as_ptr().cast(),
            v.len(),
            &mut full,
            report,
        );
        assert_eq!(st, ipf_status::Ok);
        assert!(quick.valid && full.valid);
        assert_eq!(format!("{:?}", quick.counts), format!("{:?}", full.counts));
        ipf_report_free(report);
    }
}

#[test]
fn validate_with_and_without_details() {
    unsafe {
        let mut check = ipf_field_check::default();
        let v = "1abc";
        let st = ipf_validate(
            1,
            0,
            0,
            0,
            v.as_ptr().cast(),
            v.len(),
            &mut check,
            null_mut(),
        );
        assert_eq!(st, ipf_status::Ok);
        assert!(!check.valid);
        assert_eq!((check.violation_count, check.counts.chars), (1, 4));

        let mut report = null_mut();
        assert_eq!(ipf_report_new(&mut report), ipf_status::Ok);
        assert_eq!(
            ipf_validate(1, 0, 0, 0, v.as_ptr().cast(), v.len(), &mut check, report),
            ipf_status::Ok
        );
        let mut viol: ipf_violation = std::mem::zeroed();
        assert_eq!(ipf_report_violation(report, 0, &mut viol), ipf_status::Ok);
        assert_eq!(viol.code, crate::Code::BadStart as u32);
        assert_eq!(text(viol.provider_code), "InvalidImageName.Malformed");
        assert_eq!(
            (viol.http_status, viol.has_span, viol.span.char_end),
            (400, true, 1)
        );
        assert_eq!(
            ipf_report_violation(report, 1, &mut viol),
            ipf_status::OutOfRange
        );

        let mut need = 0;
        assert_eq!(
            ipf_report_message(report, 0, 1, null_mut(), 0, &mut need),
            ipf_status::BufferTooSmall
        );
        let mut buf = vec![0u8; need + 1];
        let mut len = 0;
        assert_eq!(
            ipf_report_message(report, 0, 1, buf.as_mut_ptr().cast(), buf.len(), &mut len),
            ipf_status::Ok
        );
        assert_eq!(
            std::str::from_utf8(&buf[..len]).unwrap(),
            "镜像名称不能以“1”开头。"
        );
        assert_eq!(buf[len], 0);
        let mut small = [0u8; 4];
        assert_eq!(
            ipf_report_message(report, 0, 0, small.as_mut_ptr().cast(), 4, &mut len),
            ipf_status::BufferTooSmall
        );
        assert_eq!(len, need_en(report));
        ipf_report_free(report);
        ipf_report_free(null_mut());
    }
}

unsafe fn need_en(report: *const ipf_report) -> usize {
    let mut n = 0;
    unsafe { ipf_report_message(report, 0, 0, null_mut(), 0, &mut n) };
    n
}

#[test]
fn validate_with_options() {
    unsafe {
        let options = ipf_field_options {
            provider: 1,
            operation: 0,
            field: 0,
            profile: 0,
        };
        let mut check = ipf_field_check::default();
        let v = "1abc";
        assert_eq!(
            ipf_validate_with(&options, v.as_ptr().cast(), v.len(), &mut check, null_mut()),
            ipf_status::Ok
        );
        assert!(!check.valid && check.violation_count == 1);
        let unknown = ipf_field_options {
            provider: 9,
            ..options
        };
        assert_eq!(
            ipf_validate_with(&unknown, v.as_ptr().cast(), v.len(), &mut check, null_mut()),
            ipf_status::UnknownProvider
        );
        assert_eq!(
            ipf_validate_with(null(), v.as_ptr().cast(), v.len(), &mut check, null_mut()),
            ipf_status::NullArgument
        );
    }
}

#[test]
fn invalid_utf8_is_refused_on_every_path() {
    // Values the fast path would accept but for one byte, which makes them invalid UTF-8: a
    // stray continuation byte, a truncated sequence, an overlong NUL, a surrogate. Every
    // provider, field and profile, with and without details.
    let name = b"web-base-image-20";
    for tail in [
        &b"\x80"[..],
        b"\xe4\xb8",
        b"\xc0\x80",
        b"\xed\xa0\x80",
        b"\xff",
    ] {
        let value: Vec<u8> = name.iter().chain(tail).copied().collect();
        for provider in 0..3 {
            for field in 0..3 {
                for profile in 0..2 {
                    for op in 0..2 {
                        let mut check = ipf_field_check::default();
                        let mut details = null_mut();
                        unsafe {
                            assert_eq!(ipf_report_new(&mut details), ipf_status::Ok);
                            for d in [null_mut(), details] {
                                let status = ipf_validate(
                                    provider,
                                    op,
                                    field,
                                    profile,
                                    value.as_ptr().cast(),
                                    value.len(),
                                    &mut check,
                                    d,
                                );
                                assert_eq!(status, ipf_status::InvalidUtf8, "{value:?}");
                            }
                            ipf_report_free(details);
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn bad_input_gets_its_own_status() {
    unsafe {
        let mut check = ipf_field_check::default();
        let bad = [0x61u8, 0xff];
        assert_eq!(
            ipf_validate(0, 0, 0, 0, bad.as_ptr().cast(), 2, &mut check, null_mut()),
            ipf_status::InvalidUtf8
        );
        assert_eq!(
            ipf_validate(0, 0, 0, 0, null(), 0, &mut check, null_mut()),
            ipf_status::NullArgument
        );
        assert_eq!(
            ipf_validate(0, 0, 0, 0, bad.as_ptr().cast(), 1, null_mut(), null_mut()),
            ipf_status::NullArgument
        );
        assert_eq!(
            ipf_validate(7, 0, 0, 0, bad.as_ptr().cast(), 1, &mut check, null_mut()),
            ipf_status::UnknownProvider
        );
        assert_eq!(
            ipf_validate(0, 9, 0, 0, bad.as_ptr().cast(), 1, &mut check, null_mut()),
            ipf_status::UnknownValue
        );
        // The length is refused before the bytes are read.
        assert_eq!(
            ipf_validate(
                0,
                0,
                0,
                0,
                bad.as_ptr().cast(),
                IPF_MAX_TEXT_BYTES + 1,
                &mut check,
                null_mut()
            ),
            ipf_status::TooLarge
        );
        assert_eq!(
            check.violation_count, 0,
            "out-params are written only on success"
        );
    }
}

#[test]
fn validate_many_answers_each_value() {
    unsafe {
        let values = [s("ok-name"), s("1bad"), s("")];
        let mut out = [ipf_field_check::default(); 3];
        assert_eq!(
            ipf_validate_many(1, 0, 0, 0, values.as_ptr(), 3, out.as_mut_ptr()),
            ipf_status::Ok
        );
        assert_eq!(
            [out[0].valid, out[1].valid, out[2].valid],
            [true, false, true]
        );
        let broken = [
            s("fine"),
            ipf_str {
                data: null(),
                len: 3,
            },
        ];
        let mut out2 = [ipf_field_check::default(); 2];
        assert_eq!(
            ipf_validate_many(1, 0, 0, 0, broken.as_ptr(), 2, out2.as_mut_ptr()),
            ipf_status::NullArgument
        );
        assert!(!out2[0].valid, "nothing written on failure");
    }
}

#[test]
#[cfg_attr(miri, ignore = "asks the allocator for terabytes: run natively")]
fn an_absurd_batch_count_is_too_large_not_an_abort() {
    // Counts no array can hold, and one whose list of texts cannot be allocated: a status,
    // before a value is read (the arrays hold one entry).
    unsafe {
        let values = [s("fine")];
        let mut out = [ipf_field_check::default(); 1];
        for count in [usize::MAX, usize::MAX / 16, 1 << 58, 1 << 40] {
            assert_eq!(
                ipf_validate_many(1, 0, 0, 0, values.as_ptr(), count, out.as_mut_ptr()),
                ipf_status::TooLarge,
                "{count}"
            );
            assert!(!out[0].valid, "nothing written");
        }
    }
}

#[test]
fn validate_packed_splits_on_nul() {
    unsafe {
        let data = "ok-name\u{0}1bad\u{0}";
        let mut out = [9u8; 3];
        assert_eq!(
            ipf_validate_packed(
                1,
                0,
                0,
                0,
                data.as_ptr().cast(),
                data.len(),
                3,
                out.as_mut_ptr()
            ),
            ipf_status::Ok
        );
        assert_eq!(out, [1, 0, 1], "the third value is empty: kept, so valid");
        let mut untouched = [9u8; 2];
        // Three values where two are announced.
        assert_eq!(
            ipf_validate_packed(
                1,
                0,
                0,
                0,
                data.as_ptr().cast(),
                data.len(),
                2,
                untouched.as_mut_ptr()
            ),
            ipf_status::InvalidArgument
        );
        let bad = b"ok\0\xff";
        assert_eq!(
            ipf_validate_packed(
                1,
                0,
                0,
                0,
                bad.as_ptr().cast(),
                bad.len(),
                2,
                untouched.as_mut_ptr()
            ),
            ipf_status::InvalidUtf8
        );
        assert_eq!(untouched, [9, 9]);
        assert_eq!(
            ipf_validate_packed(1, 0, 0, 0, null(), 0, 0, null_mut()),
            ipf_status::Ok
        );
        // One empty value is zero bytes; a family Volcengine does not have is refused.
        let mut one = [9u8; 1];
        assert_eq!(
            ipf_validate_packed(2, 0, 2, 0, "".as_ptr().cast(), 0, 1, one.as_mut_ptr()),
            ipf_status::Ok
        );
        assert_eq!(one, [0]);
    }
}

#[test]
fn requests_images_shares_and_plans() {
    unsafe {
        let owner = "100000000001";
        let mut image = null_mut();
        assert_eq!(
            ipf_image_new(0, owner.as_ptr().cast(), owner.len(), &mut image),
            ipf_status::Ok
        );
        assert_eq!(
            ipf_image_set_state(image, "Available".as_ptr().cast(), 9),
            ipf_status::UnknownState
        );
        assert_eq!(
            ipf_image_set_state(image, "NORMAL".as_ptr().cast(), 6),
            ipf_status::Ok
        );
        assert_eq!(ipf_image_set_kind(image, 42), ipf_status::UnknownValue);
        let shared = [s("200000000002"), s("200000000001")];
        assert_eq!(
            ipf_image_set_shared_with(image, shared.as_ptr(), 2),
            ipf_status::Ok
        );
        let mut first = ipf_str::EMPTY;
        assert_eq!(
            ipf_image_shared_with_at(image, 0, &mut first),
            ipf_status::Ok
        );
        assert_eq!(text(first), "200000000001");

        let mut outcome = ipf_outcome::default();
        let mut report = null_mut();
        ipf_report_new(&mut report);
        let add = [s("200000000003")];
        assert_eq!(
            ipf_share_apply(image, 0, add.as_ptr(), 1, null(), 0, &mut outcome, report),
            ipf_status::Ok
        );
        assert!(outcome.valid);
        let mut n = 0;
        ipf_image_shared_with_count(image, &mut n);
        assert_eq!(n, 3);
        // Refused: the owner itself; the image is untouched.
        let me = [s(owner)];
        assert_eq!(
            ipf_share_apply(image, 0, me.as_ptr(), 1, null(), 0, &mut outcome, report),
            ipf_status::Ok
        );
        assert!(!outcome.valid);
        ipf_image_shared_with_count(image, &mut n);
        assert_eq!(n, 3);

        let desired = [s("200000000003"), s("200000000004")];
        let mut plan = null_mut();
        assert_eq!(
            ipf_share_plan(
                image,
                0,
                desired.as_ptr(),
                2,
                &mut plan,
                &mut outcome,
                report
            ),
            ipf_status::Ok
        );
        assert!(outcome.valid);
        ipf_plan_request_count(plan, &mut n);
        assert_eq!(n, 2);
        ipf_plan_list_count(plan, 0, ipf_list::Remove as u32, &mut n);
        assert_eq!(n, 2);
        let mut acct = ipf_str::EMPTY;
        assert_eq!(
            ipf_plan_account(plan, 1, ipf_list::Add as u32, 0, &mut acct),
            ipf_status::Ok
        );
        assert_eq!(text(acct), "200000000004");
        assert_eq!(
            ipf_plan_account(plan, 1, 7, 0, &mut acct),
            ipf_status::UnknownValue
        );
        let mut len = 0;
        assert_eq!(
            ipf_plan_to_json(plan, null_mut(), 0, &mut len),
            ipf_status::BufferTooSmall
        );
        ipf_plan_free(plan);
        ipf_plan_free(null_mut());

        let request = ipf_attributes {
            name: s("new-name"),
            description: ipf_str::EMPTY,
            family: ipf_str::EMPTY,
            deprecated: IPF_DEPRECATED_UNSET,
            boot_mode: ipf_str::EMPTY,
            status: ipf_str::EMPTY,
            license_type: ipf_str::EMPTY,
        };
        ipf_image_set_kind(image, crate::ImageKind::SharedIn as u32);
        assert_eq!(
            ipf_validate_request(0, 0, 0, &request, image, &mut outcome, report),
            ipf_status::Ok
        );
        assert!(!outcome.valid);
        assert_eq!(
            ipf_validate_request(1, 0, 0, &request, image, &mut outcome, report),
            ipf_status::InvalidArgument
        );
        let odd = ipf_attributes {
            deprecated: 2,
            ..request
        };
        assert_eq!(
            ipf_validate_request(0, 0, 0, &odd, null(), &mut outcome, report),
            ipf_status::InvalidArgument
        );
        assert_eq!(
            ipf_check_delete(image, &mut outcome, report),
            ipf_status::Ok
        );
        ipf_report_free(report);
        ipf_image_free(image);
        ipf_image_free(null_mut());
    }
}

#[test]
fn names_versions_and_rules() {
    unsafe {
        let mut n = 0;
        assert_eq!(
            ipf_enum_from_key(
                ipf_enum::Provider as u32,
                "alibaba".as_ptr().cast(),
                7,
                &mut n
            ),
            ipf_status::Ok
        );
        assert_eq!(n, 1);
        assert_eq!(
            ipf_enum_from_key(ipf_enum::Provider as u32, "aws".as_ptr().cast(), 3, &mut n),
            ipf_status::Ok
        );
        assert_eq!(n, 3);
        assert_eq!(
            ipf_enum_from_key(
                ipf_enum::Provider as u32,
                "azure".as_ptr().cast(),
                5,
                &mut n
            ),
            ipf_status::UnknownProvider
        );
        assert_eq!(
            ipf_enum_from_key(ipf_enum::Code as u32, "NOPE".as_ptr().cast(), 4, &mut n),
            ipf_status::UnknownValue
        );
        let mut key = ipf_str::EMPTY;
        assert_eq!(
            ipf_enum_key(ipf_enum::Code as u32, 46, &mut key),
            ipf_status::Ok
        );
        assert_eq!(text(key), "BAD_ACCOUNT_ID");
        assert_eq!(ipf_version_number(&mut n), ipf_status::Ok);
        assert_eq!(n, info::version_number());
        let (mut name, mut msg) = (ipf_str::EMPTY, ipf_str::EMPTY);
        assert_eq!(ipf_status_describe(99, &mut name, &mut msg), ipf_status::Ok);
        assert_eq!(text(name), "IPF_STATUS_PANIC");
        assert_eq!(
            ipf_status_describe(12345, &mut name, null_mut()),
            ipf_status::UnknownValue
        );
        let mut len = 0;
        assert_eq!(
            ipf_rules_json(IPF_ALL_PROVIDERS, 0, null_mut(), 0, &mut len),
            ipf_status::BufferTooSmall
        );
        let mut buf = vec![0u8; len + 1];
        assert_eq!(
            ipf_rules_json(
                IPF_ALL_PROVIDERS,
                0,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut len
            ),
            ipf_status::Ok
        );
        assert!(
            std::str::from_utf8(&buf[..len])
                .unwrap()
                .starts_with("{\"tencent\"")
        );
        assert_eq!(
            ipf_rules_json(5, 0, buf.as_mut_ptr().cast(), buf.len(), &mut len),
            ipf_status::UnknownProvider
        );
    }
}

#[test]
fn every_status_has_a_description() {
    for st in [0u32, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 99] {
        assert!(info::status_text(st).is_some(), "{st}");
    }
}

#[test]
fn a_list_field_names_what_it_takes() {
    unsafe {
        let mut report = null_mut();
        assert_eq!(ipf_report_new(&mut report), ipf_status::Ok);
        let mut check = ipf_field_check::default();
        let v = "UEFI-Preferred";
        let (volcengine, modify, boot_mode) = (2, 0, 3);
        assert_eq!(
            ipf_validate(
                volcengine,
                modify,
                boot_mode,
                0,
                v.as_ptr().cast(),
                v.len(),
                &mut check,
                report
            ),
            ipf_status::Ok
        );
        assert!(!check.valid);
        let mut violation = std::mem::MaybeUninit::<ipf_violation>::uninit();
        assert_eq!(
            ipf_report_violation(report, 0, violation.as_mut_ptr()),
            ipf_status::Ok
        );
        let violation = violation.assume_init();
        assert_eq!(violation.code, crate::Code::NotOneOf as u32);
        assert_eq!(violation.http_status, 400);
        assert_eq!(text(violation.provider_code), "InvalidBootMode.Malformed");
        let mut value = ipf_str::EMPTY;
        assert_eq!(ipf_report_allowed(report, 0, 0, &mut value), ipf_status::Ok);
        assert_eq!(text(value), "BIOS");
        assert_eq!(ipf_report_allowed(report, 0, 1, &mut value), ipf_status::Ok);
        assert_eq!(text(value), "UEFI");
        assert_eq!(
            ipf_report_allowed(report, 0, 2, &mut value),
            ipf_status::OutOfRange
        );
        assert_eq!(
            ipf_report_allowed(report, 1, 0, &mut value),
            ipf_status::OutOfRange
        );
        assert_eq!(
            ipf_report_allowed(report, 0, 0, null_mut()),
            ipf_status::NullArgument
        );
        // A list value has no counts to give.
        let mut counts = ipf_counts::default();
        assert_eq!(
            ipf_report_counts(report, boot_mode, &mut counts),
            ipf_status::NotFound
        );
        ipf_report_free(report);
    }
}

/// `ipf_validate_packed` as documented, written plainly: the NULs counted, the UTF-8 checked
/// and each value's size measured before any value is judged by `ipf_validate`.
fn packed_reference(numbers: [u32; 4], bytes: &[u8], count: usize) -> Result<Vec<u8>, ipf_status> {
    let [provider, operation, field, profile] = numbers;
    if bytes.iter().filter(|&&b| b == 0).count() + 1 != count {
        return Err(ipf_status::InvalidArgument);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| ipf_status::InvalidUtf8)?;
    if text.split('\0').any(|v| v.len() > IPF_MAX_TEXT_BYTES) {
        return Err(ipf_status::TooLarge);
    }
    let mut out = Vec::new();
    for value in text.split('\0') {
        let mut check = ipf_field_check::default();
        let status = unsafe {
            ipf_validate(
                provider,
                operation,
                field,
                profile,
                value.as_ptr().cast(),
                value.len(),
                &mut check,
                null_mut(),
            )
        };
        match status {
            ipf_status::Ok => out.push(u8::from(check.valid)),
            other => return Err(other),
        }
    }
    Ok(out)
}

/// Every provider, operation, field and profile, as numbers.
fn every_field() -> impl Iterator<Item = [u32; 4]> {
    (0..3).flat_map(|p| {
        (0..4).flat_map(move |o| (0..6).flat_map(move |f| (0..2).map(move |r| [p, o, f, r])))
    })
}

fn packed_agrees(bytes: &[u8], count: usize) -> Result<(), proptest::test_runner::TestCaseError> {
    for numbers in every_field() {
        let [provider, operation, field, profile] = numbers;
        let mut out = vec![7u8; count];
        let status = unsafe {
            ipf_validate_packed(
                provider,
                operation,
                field,
                profile,
                bytes.as_ptr().cast(),
                bytes.len(),
                count,
                out.as_mut_ptr(),
            )
        };
        match packed_reference(numbers, bytes, count) {
            Ok(want) => {
                proptest::prop_assert_eq!(status, ipf_status::Ok, "{:?} {:?}", numbers, bytes);
                proptest::prop_assert_eq!(out, want, "{:?} {:?}", numbers, bytes);
            }
            Err(want) => {
                proptest::prop_assert_eq!(status, want, "{:?} {:?}", numbers, bytes);
                proptest::prop_assert!(out.iter().all(|&b| b == 7), "written on failure");
            }
        }
    }
    Ok(())
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(64))]

    /// On batches of text from every plane, each verdict is `ipf_validate`'s.
    #[test]
    fn validate_packed_agrees_with_validate(values in proptest::collection::vec(proptest::prelude::any::<String>(), 1..12)) {
        let values: Vec<String> = values.into_iter().map(|v| v.replace('\0', "")).collect();
        packed_agrees(values.join("\0").as_bytes(), values.len())?;
    }

    /// On batches of names in one script (ASCII, Han, Hangul, emoji, marks), long enough to
    /// cross every length limit.
    #[test]
    fn validate_packed_agrees_on_scripts(
        values in proptest::collection::vec(
            (proptest::sample::select(&[0x2Du32, 0x41, 0x61, 0x300, 0x3000, 0x4E00, 0xAC00, 0xFF00, 0x1F600, 0x20000][..]),
             proptest::collection::vec(0u32..0x40, 0..140)),
            1..8,
        )
    ) {
        let values: Vec<String> = values
            .iter()
            .map(|(start, offsets)| offsets.iter().filter_map(|&o| char::from_u32(start + o)).filter(|&c| c != '\0').collect())
            .collect();
        packed_agrees(values.join("\0").as_bytes(), values.len())?;
    }

    /// On raw bytes (not always UTF-8, any number of NULs) and any announced count, the status
    /// is the documented one, in the documented order, and nothing is written unless it is OK.
    #[test]
    fn validate_packed_status_on_raw_bytes(
        bytes in proptest::collection::vec(proptest::sample::select(&[0u8, b'a', b'1', b'-', 0xe4, 0xb8, 0xad, 0xff, 0x80][..]), 0..24),
        extra in 0usize..3,
    ) {
        let nuls = bytes.iter().filter(|&&b| b == 0).count();
        for count in [nuls + 1, nuls + extra, (nuls + 1).saturating_sub(extra)] {
            if count > 0 {
                packed_agrees(&bytes, count)?;
            }
        }
    }
}

#[test]
fn validate_packed_refuses_oversize_values_after_the_other_faults() {
    let mut big = vec![b'a'; IPF_MAX_TEXT_BYTES + 1];
    let mut out = [7u8; 2];
    let call = |bytes: &[u8], count: usize, out: &mut [u8]| unsafe {
        ipf_validate_packed(
            1,
            0,
            0,
            0,
            bytes.as_ptr().cast(),
            bytes.len(),
            count,
            out.as_mut_ptr(),
        )
    };
    assert_eq!(call(&big, 1, &mut out), ipf_status::TooLarge);
    big.extend_from_slice(b"\0ok");
    assert_eq!(call(&big, 2, &mut out), ipf_status::TooLarge);
    assert_eq!(
        call(&big, 1, &mut out),
        ipf_status::InvalidArgument,
        "a miscount first"
    );
    big.push(0xff);
    assert_eq!(
        call(&big, 2, &mut out),
        ipf_status::InvalidUtf8,
        "then text that is not UTF-8"
    );
    assert_eq!(out, [7, 7]);
    let exact = vec![b'a'; IPF_MAX_TEXT_BYTES];
    assert_eq!(call(&exact, 1, &mut out), ipf_status::Ok);
    assert_eq!(out[0], 0, "too long for a name, but not too large");
}

/// The steps of reading back a share set of `n` accounts index by index, and whether every
/// account came back in sorted order.
unsafe fn read_back_steps(n: usize) -> (u64, bool) {
    unsafe {
        let owner = "100000000001";
        let mut image = null_mut();
        ipf_image_new(0, owner.as_ptr().cast(), owner.len(), &mut image);
        let ids: Vec<String> = (0..n)
            .map(|i| format!("{}", 300_000_000_000u64 + i as u64))
            .collect();
        let list: Vec<ipf_str> = ids.iter().rev().map(|id| s(id)).collect();
        assert_eq!(
            ipf_image_set_shared_with(image, list.as_ptr(), n),
            ipf_status::Ok
        );
        crate::work::take();
        let mut in_order = true;
        for (i, want) in ids.iter().enumerate() {
            let mut id = ipf_str::EMPTY;
            assert_eq!(ipf_image_shared_with_at(image, i, &mut id), ipf_status::Ok);
            in_order &= text(id) == want;
        }
        let steps = crate::work::take();
        ipf_image_free(image);
        (steps, in_order)
    }
}

#[test]
fn reading_a_share_set_back_is_linear() {
    // Walking the set to each index made reading it back quadratic (100,000 accounts: 14 s
    // in C). Twice the accounts must be about twice the steps.
    let ((a, ok_a), (b, ok_b)) = unsafe { (read_back_steps(2_000), read_back_steps(4_000)) };
    assert!(ok_a && ok_b, "every account, in sorted order");
    assert!(
        b <= 2 * a + a / 8,
        "{a} steps for 2,000 accounts, {b} for 4,000"
    );
    // And the order is made again after a change.
    unsafe {
        let mut image = null_mut();
        ipf_image_new(0, "1".as_ptr().cast(), 1, &mut image);
        let mut id = ipf_str::EMPTY;
        ipf_image_set_shared_with(image, [s("200000000002")].as_ptr(), 1);
        ipf_image_shared_with_at(image, 0, &mut id);
        assert_eq!(text(id), "200000000002");
        ipf_image_set_shared_with(image, [s("200000000001")].as_ptr(), 1);
        ipf_image_shared_with_at(image, 0, &mut id);
        assert_eq!(text(id), "200000000001");
        ipf_image_free(image);
    }
}
