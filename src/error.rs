//! Errors in how the library is called, as opposed to violations of a provider's rules.

/// A call the library cannot answer: an unknown name, an impossible combination.
///
/// A value that breaks a provider's rule is never an `Error`: it is a
/// [`Violation`](crate::Violation) in a [`Report`](crate::Report).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A provider, operation, field, profile, language or image kind the library does not know.
    /// `known` lists the names it does know, so the message says what to write instead.
    #[error("unknown {what} {value:?}; known: {known}")]
    Unknown {
        what: &'static str,
        value: String,
        known: &'static str,
    },
    /// An image state the provider does not document.
    #[error("unknown image state {state:?} for {provider}; known states: {known}")]
    UnknownState {
        provider: &'static str,
        state: String,
        known: String,
    },
    /// A request that sends nothing: no field and no deprecation switch.
    #[error("a request needs at least one of: {known}")]
    NoFields { known: String },
    /// A request that sends one field twice: which value counts would be a guess.
    #[error("field {field:?} is given twice in one request")]
    FieldTwice { field: &'static str },
    /// An image given with a request other than a modify: only `ModifyImageAttribute` changes
    /// an existing image.
    #[error("an image goes with operation \"modify\" only, not \"{operation}\"")]
    ImageNeedsModify { operation: &'static str },
    /// An image of one provider given with a request to another.
    #[error("the image is a {image} image but the request is for {request}")]
    ImageOfOtherProvider {
        image: &'static str,
        request: &'static str,
    },
    /// An image kind the provider does not have (an `instance` image outside Tencent's tables).
    #[error("{provider} has no {kind} images; known kinds: {known}")]
    UnknownKind {
        provider: &'static str,
        kind: &'static str,
        known: String,
    },
    /// A text longer than [`MAX_TEXT_BYTES`](crate::MAX_TEXT_BYTES), refused unread by every
    /// face of the library but the Rust API (see [`check_size`](crate::check_size)).
    #[error("text of {bytes} bytes is over the limit of {limit} bytes")]
    TooLarge { bytes: usize, limit: usize },
}

/// At most this many chars of a caller's text are quoted back in an error message: an error
/// about a megabyte-long name should not be a megabyte long.
const SHOWN_CHARS: usize = 64;

/// `s`, cut to a readable length for an error message.
pub(crate) fn shown(s: &str) -> String {
    match s.char_indices().nth(SHOWN_CHARS) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
}
