//! The C ABI renders the outcome layer: the same rules of use and the same JSON as every face.

use super::*;
use std::ptr::{null, null_mut};

fn s(text: &'static str) -> ipf_str {
    ipf_str::from_static(text)
}

unsafe fn json(report: *const ipf_report) -> String {
    let mut buf = vec![0u8; 4096];
    let mut len = 0;
    let status =
        unsafe { ipf_report_to_json(report, 0, buf.as_mut_ptr().cast(), buf.len(), &mut len) };
    assert_eq!(status, ipf_status::Ok);
    buf.truncate(len);
    String::from_utf8(buf).unwrap()
}

const NOTHING: ipf_attributes = ipf_attributes {
    name: ipf_str::EMPTY,
    description: ipf_str::EMPTY,
    family: ipf_str::EMPTY,
    deprecated: IPF_DEPRECATED_UNSET,
    boot_mode: ipf_str::EMPTY,
    status: ipf_str::EMPTY,
    license_type: ipf_str::EMPTY,
};

#[test]
fn a_request_that_sends_nothing_is_refused() {
    let mut outcome = ipf_outcome::default();
    unsafe {
        assert_eq!(
            ipf_validate_request(0, 0, 0, &NOTHING, null(), &mut outcome, null_mut()),
            ipf_status::InvalidArgument
        );
        let switch = ipf_attributes {
            deprecated: 1,
            ..NOTHING
        };
        assert_eq!(
            ipf_validate_request(0, 0, 0, &switch, null(), &mut outcome, null_mut()),
            ipf_status::Ok
        );
    }
}

#[test]
fn report_json_says_what_was_asked() {
    let mut report = null_mut();
    let mut outcome = ipf_outcome::default();
    let mut check = ipf_field_check::default();
    unsafe {
        assert_eq!(ipf_report_new(&mut report), ipf_status::Ok);
        assert_eq!(
            json(report),
            r#"{"valid":true,"violations":[],"counts":{}}"#
        );
        let value = "aliyun";
        ipf_validate(
            1,
            1,
            0,
            1,
            value.as_ptr().cast(),
            value.len(),
            &mut check,
            report,
        );
        let out = json(report);
        assert!(
            out.contains(r#""kind":"field","provider":"alibaba","operation":"create","field":"name","profile":"strict""#),
            "{out}"
        );
        let request = ipf_attributes {
            family: s("fam"),
            ..NOTHING
        };
        ipf_validate_request(0, 2, 0, &request, null(), &mut outcome, report);
        assert!(
            json(report).contains(r#""kind":"request","provider":"tencent","operation":"copy""#)
        );
        let mut image = null_mut();
        let owner = "100000000001";
        ipf_image_new(0, owner.as_ptr().cast(), owner.len(), &mut image);
        let add = [s("100000000002")];
        ipf_share_check(image, 0, add.as_ptr(), 1, null(), 0, &mut outcome, report);
        let out = json(report);
        assert!(
            out.ends_with(r#""shared_with":["100000000002"],"request":{"Permission":"SHARE","AccountIds":["100000000002"]}}"#),
            "{out}"
        );
        ipf_check_delete(image, &mut outcome, report);
        assert!(json(report).contains(r#""kind":"delete""#));
        ipf_image_free(image);
        ipf_report_free(report);
    }
}

fn pair(field: crate::Field, value: &'static str) -> ipf_field_value {
    ipf_field_value {
        field: field as u32,
        value: s(value),
    }
}

/// Alibaba ImportImage with (field, value) pairs, no image, no details.
unsafe fn import(pairs: &[ipf_field_value], out: &mut ipf_outcome) -> ipf_status {
    unsafe {
        ipf_validate_request_fields(
            1,
            3,
            0,
            pairs.as_ptr(),
            pairs.len(),
            IPF_DEPRECATED_UNSET,
            null(),
            out,
            null_mut(),
        )
    }
}

#[test]
fn pairs_reach_every_field_and_refuse_what_they_cannot_read() {
    use crate::Field;
    let mut out = ipf_outcome {
        valid: false,
        violation_count: 77,
    };
    unsafe {
        // A field ipf_attributes lacks, judged: arm64 takes only UEFI (a rule between fields).
        let arm_bios = [
            pair(Field::Architecture, "arm64"),
            pair(Field::BootMode, "BIOS"),
        ];
        assert_eq!(import(&arm_bios, &mut out), ipf_status::Ok);
        assert_eq!((out.valid, out.violation_count), (false, 1));
        let arm_uefi = [
            pair(Field::BootMode, "UEFI"),
            pair(Field::Architecture, "arm64"),
        ];
        assert_eq!(import(&arm_uefi, &mut out), ipf_status::Ok);
        assert!(out.valid);

        let untouched = ipf_outcome {
            valid: false,
            violation_count: 77,
        };
        let refused = |st: ipf_status, out: &ipf_outcome, want: ipf_status| {
            assert_eq!(st, want);
            assert_eq!((out.valid, out.violation_count), (false, 77), "{want:?}");
        };
        let twice = [
            pair(Field::Platform, "Ubuntu"),
            pair(Field::Platform, "Debian"),
        ];
        let mut o = untouched;
        refused(import(&twice, &mut o), &o, ipf_status::InvalidArgument);
        let unknown = [
            pair(Field::Name, "img"),
            ipf_field_value {
                field: 4242,
                value: s("x"),
            },
        ];
        refused(import(&unknown, &mut o), &o, ipf_status::UnknownValue);
        let bad = [0xffu8, 0xfe];
        let not_utf8 = [ipf_field_value {
            field: Field::OsType as u32,
            value: ipf_str {
                data: bad.as_ptr().cast(),
                len: bad.len(),
            },
        }];
        refused(import(&not_utf8, &mut o), &o, ipf_status::InvalidUtf8);
        let null_value = [ipf_field_value {
            field: Field::Name as u32,
            value: ipf_str {
                data: null(),
                len: 3,
            },
        }];
        refused(import(&null_value, &mut o), &o, ipf_status::NullArgument);
        let st = ipf_validate_request_fields(
            1,
            3,
            0,
            null(),
            2,
            IPF_DEPRECATED_UNSET,
            null(),
            &mut o,
            null_mut(),
        );
        refused(st, &o, ipf_status::NullArgument);
        let st = ipf_validate_request_fields(
            1,
            3,
            0,
            arm_uefi.as_ptr(),
            IPF_MAX_FIELD_VALUES + 1,
            IPF_DEPRECATED_UNSET,
            null(),
            &mut o,
            null_mut(),
        );
        refused(st, &o, ipf_status::TooLarge);
        let st = ipf_validate_request_fields(1, 3, 0, null(), 0, 2, null(), &mut o, null_mut());
        refused(st, &o, ipf_status::InvalidArgument);
        // Nothing sent at all, as ipf_validate_request.
        let st = ipf_validate_request_fields(
            1,
            3,
            0,
            null(),
            0,
            IPF_DEPRECATED_UNSET,
            null(),
            &mut o,
            null_mut(),
        );
        refused(st, &o, ipf_status::InvalidArgument);
        let st = ipf_validate_request_fields(
            1,
            3,
            0,
            arm_uefi.as_ptr(),
            2,
            IPF_DEPRECATED_UNSET,
            null(),
            null_mut(),
            null_mut(),
        );
        assert_eq!(st, ipf_status::NullArgument);
    }
}

#[test]
fn pairs_and_the_struct_agree_on_the_fields_they_share() {
    use crate::Field;
    let mut report = null_mut();
    let mut out = ipf_outcome::default();
    unsafe {
        ipf_report_new(&mut report);
        let request = ipf_attributes {
            name: s("1bad"),
            status: s("Gone"),
            deprecated: 1,
            ..NOTHING
        };
        ipf_validate_request(1, 0, 0, &request, null(), &mut out, report);
        let by_struct = json(report);
        let pairs = [pair(Field::Status, "Gone"), pair(Field::Name, "1bad")];
        let st = ipf_validate_request_fields(
            1,
            0,
            0,
            pairs.as_ptr(),
            pairs.len(),
            1,
            null(),
            &mut out,
            report,
        );
        assert_eq!(st, ipf_status::Ok);
        assert_eq!(json(report), by_struct);
        assert!(!out.valid);
        ipf_report_free(report);
    }
}
