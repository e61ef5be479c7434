//! [`Excerpt`]: the offending text of a violation, kept without an allocation when it is short.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// Bytes an excerpt holds in place: a bad character (up to 4 bytes), a forbidden text as
/// written (`HTTPS://`), a short run of bad characters, an account id of up to 22 digits.
const INLINE: usize = 22;

/// A piece of text a violation quotes: the bad characters, the forbidden text as written, the
/// account id. It reads as a `&str` (it derefs to one, and compares with `&str` and `String`).
///
/// Up to 22 bytes are kept in place, so reporting a bad character or a forbidden prefix
/// allocates nothing beyond the report's list of violations; longer text is kept on the heap.
///
/// ```
/// use image_preflight::{validate, Field, Operation, Profile, Provider};
///
/// let report = validate(Provider::Alibaba, Operation::Modify, Field::Name, "a😀", Profile::Latest);
/// let found = report.violations[0].found.as_deref();
/// assert_eq!(found, Some("😀"));
/// ```
#[derive(Clone)]
pub struct Excerpt(Repr);

#[derive(Clone)]
enum Repr {
    /// `len` bytes of UTF-8 at the start of `bytes`.
    Inline {
        len: u8,
        bytes: [u8; INLINE],
    },
    Heap(Box<str>),
}

impl Excerpt {
    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, bytes } => {
                // The bytes were copied from a `&str` of exactly `len` bytes (see `set`).
                std::str::from_utf8(&bytes[..usize::from(*len)])
                    .expect("an inline excerpt holds the UTF-8 of a str")
            }
            Repr::Heap(s) => s,
        }
    }

    /// Sets `slot` to the excerpt of `s`, written where it lies: one built aside and moved in
    /// is stored in pieces and read back whole, a stall on every refused keystroke.
    #[inline]
    pub(crate) fn set(slot: &mut Option<Excerpt>, s: &str) {
        crate::work::add(s.len());
        if s.len() > INLINE {
            *slot = Some(Excerpt(Repr::Heap(s.into())));
            return;
        }
        let e = slot.insert(Excerpt(Repr::Inline {
            len: s.len() as u8,
            bytes: [0; INLINE],
        }));
        if let Repr::Inline { bytes, .. } = &mut e.0 {
            bytes[..s.len()].copy_from_slice(s.as_bytes());
        }
    }
}

impl From<&str> for Excerpt {
    fn from(s: &str) -> Excerpt {
        let mut slot = None;
        Excerpt::set(&mut slot, s);
        slot.expect("set fills the slot")
    }
}

impl From<String> for Excerpt {
    fn from(s: String) -> Excerpt {
        if s.len() <= INLINE {
            Excerpt::from(s.as_str())
        } else {
            Excerpt(Repr::Heap(s.into_boxed_str()))
        }
    }
}

impl From<Excerpt> for String {
    fn from(e: Excerpt) -> String {
        match e.0 {
            Repr::Heap(s) => s.into_string(),
            Repr::Inline { .. } => e.as_str().to_owned(),
        }
    }
}

impl Deref for Excerpt {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Excerpt {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Excerpt {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Excerpt {
    fn eq(&self, other: &Excerpt) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Excerpt {}

impl PartialEq<str> for Excerpt {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Excerpt {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Excerpt {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl Hash for Excerpt {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept_in_place_and_long_text_on_the_heap() {
        for s in [
            "",
            "😀",
            "HTTPS://",
            "a".repeat(22).as_str(),
            "中".repeat(8).as_str(),
        ] {
            let e = Excerpt::from(s);
            assert_eq!(e, s);
            assert_eq!(String::from(e.clone()), s);
            assert_eq!(Excerpt::from(s.to_owned()), e);
        }
        assert!(matches!(
            Excerpt::from("a".repeat(22).as_str()).0,
            Repr::Inline { .. }
        ));
        assert!(matches!(
            Excerpt::from("中".repeat(8).as_str()).0,
            Repr::Heap(_)
        ));
        assert_eq!(
            format!("{:?} {}", Excerpt::from("x\"y"), Excerpt::from("z")),
            "\"x\\\"y\" z"
        );
    }
}
