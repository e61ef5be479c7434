//! The image a share change, a delete or an attribute change is judged against, from the flat
//! arguments the JavaScript side passes.

use image_preflight::{Error, ImageFacts, ImageKind, Provider};
use wasm_bindgen::JsError;

/// Bits of the `flags` argument.
const ENCRYPTED: u32 = 1;
const BYOL: u32 = 2;
const DEPRECATED: u32 = 4;
const CUSTOMER_KEY: u32 = 8;

/// The image: `state` in the provider's spelling (None: the state that allows sharing), `kind`
/// by its number. An unknown state is an error naming the provider's states.
pub fn facts(
    provider: Provider,
    owner: String,
    state: Option<String>,
    kind: u32,
    flags: u32,
    shared_with: Vec<String>,
) -> Result<ImageFacts, JsError> {
    let mut image = ImageFacts::new(provider, owner).with_shared_with(shared_with);
    if let Some(state) = state {
        image.set_state(&state).map_err(|e| match e {
            // Written here rather than by the error's Display, whose `{:?}` would bring Rust's
            // Debug escaping and its Unicode tables into the .wasm for this one message.
            Error::UnknownState {
                provider,
                state,
                known,
            } => JsError::new(&format!(
                "image-preflight: unknown image state \"{state}\" for {provider}; known states: {known}"
            )),
            _ => super::bad_call(),
        })?;
    }
    let kind = ImageKind::from_number(kind).ok_or_else(super::bad_call)?;
    image.set_kind(kind).map_err(|e| match e {
        Error::UnknownKind {
            provider,
            kind,
            known,
        } => JsError::new(&format!(
            "image-preflight: {provider} has no {kind} images; known kinds: {known}"
        )),
        _ => super::bad_call(),
    })?;
    image.encrypted = flags & ENCRYPTED != 0;
    image.byol = flags & BYOL != 0;
    image.deprecated = flags & DEPRECATED != 0;
    image.customer_key = flags & CUSTOMER_KEY != 0;
    Ok(image)
}
