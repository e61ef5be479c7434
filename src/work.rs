//! A count of the steps the scans take, kept only in the crate's own tests: the promise that
//! a check is linear in its input is held by counting work on worst-case inputs, never by
//! timing (see `crate::fast::linear`). Each loop whose cost is the length of what it is given
//! adds that length here; outside `cfg(test)` this is nothing at all.

#[cfg(test)]
thread_local! {
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts `n` steps.
#[inline(always)]
pub(crate) fn add(n: usize) {
    #[cfg(test)]
    STEPS.with(|s| s.set(s.get() + n as u64));
    #[cfg(not(test))]
    let _ = n;
}

/// The steps counted on this thread since the last call.
#[cfg(test)]
pub(crate) fn take() -> u64 {
    STEPS.with(|s| s.replace(0))
}
