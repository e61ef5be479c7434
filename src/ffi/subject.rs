//! Subjects and fields: two enums whose numbers differ past the text fields, so a C caller
//! turns one into the other by this function, never by a cast.

use super::ipf_status;
use super::report::value_arg;
use crate::violation::Subject;

/// The `ipf_field` that `subject` (an `ipf_subject`, e.g. a violation's `subject`) names;
/// `IPF_STATUS_NOT_FOUND` for a subject that is not a field (the deprecation switch, the image,
/// a share list, the request), `IPF_STATUS_UNKNOWN_VALUE` for a number that is no subject.
/// Since 0.3.0.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ipf_subject_field(subject: u32, out: *mut u32) -> ipf_status {
    ffi_boundary! {
        arg_out!(out);
        let subject = tri!(value_arg(Subject::from_number(subject)));
        let field = tri!(subject.field().ok_or(ipf_status::NotFound));
        // SAFETY: checked non-NULL.
        unsafe { out.write(field as u32) };
        ipf_status::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Field;

    #[test]
    fn every_field_is_its_subject_and_back() {
        for f in Field::ALL {
            let mut out = u32::MAX;
            // SAFETY: `out` is a live u32.
            let status = unsafe { ipf_subject_field(crate::Subject::from(*f) as u32, &mut out) };
            assert_eq!((status, out), (ipf_status::Ok, *f as u32), "{f}");
        }
        let mut out = 7;
        // SAFETY: as above.
        unsafe {
            assert_eq!(
                ipf_subject_field(Subject::Image as u32, &mut out),
                ipf_status::NotFound
            );
            assert_eq!(ipf_subject_field(99, &mut out), ipf_status::UnknownValue);
            assert_eq!(
                ipf_subject_field(0, std::ptr::null_mut()),
                ipf_status::NullArgument
            );
        }
        assert_eq!(out, 7, "out is written only on OK");
    }
}
