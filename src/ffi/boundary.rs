//! The panic boundary and the argument checks every export uses.

/// Runs an export's body inside `catch_unwind`: a panic becomes `IPF_STATUS_PANIC` instead of
/// unwinding into C, which would be undefined behaviour. Every export that returns a status
/// wraps its whole body in it (exports are written out plainly, so cbindgen sees them).
macro_rules! ffi_boundary {
    ($($body:tt)*) => {{
        let run = std::panic::AssertUnwindSafe(move || -> $crate::ffi::ipf_status { $($body)* });
        std::panic::catch_unwind(run).unwrap_or($crate::ffi::ipf_status::Panic)
    }};
}

/// As [`ffi_boundary!`], for the free functions, which return nothing: a panic is swallowed.
macro_rules! ffi_boundary_void {
    ($($body:tt)*) => {{
        let run = std::panic::AssertUnwindSafe(move || { $($body)* });
        let _ = std::panic::catch_unwind(run);
    }};
}

/// `&T` from a `*const T`, or return `IPF_STATUS_NULL_ARGUMENT`.
macro_rules! arg_ref {
    ($ptr:expr) => {
        // SAFETY: the header requires every non-NULL pointer to point to a live value.
        match unsafe { $ptr.as_ref() } {
            Some(r) => r,
            None => return $crate::ffi::ipf_status::NullArgument,
        }
    };
}

/// `&mut T` from a `*mut T`, or return `IPF_STATUS_NULL_ARGUMENT`.
macro_rules! arg_mut {
    ($ptr:expr) => {
        // SAFETY: the header requires every non-NULL pointer to point to a live value that no
        // other thread uses during the call.
        match unsafe { $ptr.as_mut() } {
            Some(r) => r,
            None => return $crate::ffi::ipf_status::NullArgument,
        }
    };
}

/// Fails with `IPF_STATUS_NULL_ARGUMENT` unless the out-pointer is non-NULL; checked before
/// any work so a bad call changes nothing.
macro_rules! arg_out {
    ($ptr:expr) => {
        if $ptr.is_null() {
            return $crate::ffi::ipf_status::NullArgument;
        }
    };
}

/// Unwraps a `Result<T, ipf_status>` or returns the status.
macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(status) => return status,
        }
    };
}
