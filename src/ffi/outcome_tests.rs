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
    architecture: ipf_str::EMPTY,
    platform: ipf_str::EMPTY,
    os_type: ipf_str::EMPTY,
    nvme_support: ipf_str::EMPTY,
    imds_support: ipf_str::EMPTY,
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
