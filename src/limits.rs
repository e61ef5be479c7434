//! The one size limit of every face of the library: the C ABI (`IPF_MAX_TEXT_BYTES`), Python
//! and Go (through it) and the npm package refuse a longer text with their `TOO_LARGE` error,
//! before they copy it. The Rust API answers text of any length (it copies nothing, and every
//! check is linear), and offers [`check_size`] to a caller that wants the same bound.

use crate::Error;

/// The longest text, in UTF-8 bytes, that the C ABI, Python, Go and the npm package take (4
/// MiB): far past every limit of every provider, so a longer input is a mistake, not a name.
pub const MAX_TEXT_BYTES: usize = 4 * 1024 * 1024;

/// `Err(Error::TooLarge)` when a text of `bytes` UTF-8 bytes is over [`MAX_TEXT_BYTES`].
///
/// ```
/// use image_preflight::{check_size, Error, MAX_TEXT_BYTES};
///
/// assert!(check_size(MAX_TEXT_BYTES).is_ok());
/// assert!(matches!(check_size(MAX_TEXT_BYTES + 1), Err(Error::TooLarge { .. })));
/// ```
pub fn check_size(bytes: usize) -> Result<(), Error> {
    if bytes > MAX_TEXT_BYTES {
        return Err(Error::TooLarge {
            bytes,
            limit: MAX_TEXT_BYTES,
        });
    }
    Ok(())
}
