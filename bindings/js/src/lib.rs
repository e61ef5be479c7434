//! The image-preflight core as a WebAssembly module, for the npm package `image-preflight`.
//!
//! `core.js` beside this crate is the package's JavaScript API and the only caller of these
//! exports. Names cross as the core's stable numbers (the JavaScript side maps names to numbers
//! with the table from [`names`]); answers cross as JSON in camelCase, which `JSON.parse` turns
//! into plain objects.
//!
//! Text crosses two ways. The hot path, one value per keystroke or a batch of values, goes
//! through buffers in linear memory that the JavaScript side fills with
//! `TextEncoder.encodeInto` and reads numbers back from, so a valid value costs no allocation
//! and no JSON. Everything else goes through wasm-bindgen strings. Both would turn a lone
//! surrogate into U+FFFD, so the JavaScript side refuses such a string before either.

mod camel;
mod image;

use camel::camel;
use image::facts;
use image_preflight::json::Json;
use image_preflight::{
    Answer, AttributeChange, Error, Field, ImageKind, Lang, MAX_TEXT_BYTES, Operation, Outcome,
    Profile, Provider, Report, ShareChange, outcome, validate,
};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// What [`check_text`] answers.
const VALID: u32 = 1;
const INVALID: u32 = 0;
/// Not one of the core's numbers, or bytes that are not UTF-8: the JavaScript side never sends
/// these, so they mean a bug there, never a fault in the value.
const BAD_CALL: u32 = 2;

/// Numbers per value in the batch answer: verdict, counts present, bytes, chars, UTF-16 units,
/// graphemes.
const BATCH_STRIDE: usize = 6;

/// Linear-memory buffers shared with the JavaScript side, and the last invalid report.
#[derive(Default)]
struct Buffers {
    /// UTF-8 text, written by `TextEncoder.encodeInto`.
    text: Vec<u8>,
    /// Where each value of a batch ends in `text`.
    ends: Vec<u32>,
    /// The answer to [`check_text`] (`[counts present, bytes, chars, utf16, graphemes]`) or to
    /// [`check_batch`] ([`BATCH_STRIDE`] numbers per value).
    out: Vec<u32>,
    /// The answer to the last value [`check_text`] found invalid, for [`last_report`].
    last: Option<Outcome>,
}

/// SAFETY: wasm32-unknown-unknown without the atomics feature runs one thread, which is what
/// `TalckWasm` requires.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

thread_local! {
    static BUFFERS: RefCell<Buffers> = RefCell::new(Buffers {
        out: vec![0; BATCH_STRIDE],
        ..Buffers::default()
    });
}

/// Every name the core knows, with its stable number:
/// `{"providers": {"tencent": 0, ...}, "operations": ..., "fields": ..., "profiles": ...,
/// "langs": ..., "imageKinds": ..., "maxTextBytes": 4194304}`. The JavaScript side validates
/// names against it, so a name added to the core is known to JavaScript without a change
/// there, and refuses a text over the core's one size limit before copying it in.
#[wasm_bindgen]
pub fn names() -> String {
    fn table<T: Copy + Into<u32>>(all: &[T], key: impl Fn(T) -> &'static str) -> Json {
        let mut out = Json::object();
        for v in all {
            out.set(key(*v), Json::Int((*v).into().into()));
        }
        out
    }
    Json::object()
        .with("providers", table(Provider::ALL, Provider::key))
        .with("operations", table(Operation::ALL, Operation::key))
        .with("fields", table(Field::ALL, Field::key))
        .with("profiles", table(Profile::ALL, Profile::key))
        .with("langs", table(Lang::ALL, Lang::key))
        .with("imageKinds", table(ImageKind::ALL, ImageKind::key))
        .with("maxTextBytes", Json::Int(MAX_TEXT_BYTES as i64))
        .to_string()
}

/// Makes the text buffer `len` bytes long (at most [`MAX_TEXT_BYTES`]: the JavaScript side
/// never asks for more, so the memory a page keeps after a huge check is bounded) and returns
/// where it starts. The address holds until the next call with a larger `len`.
#[wasm_bindgen]
pub fn text_buffer(len: usize) -> *mut u8 {
    BUFFERS.with_borrow_mut(|b| {
        b.text.resize(len.min(MAX_TEXT_BYTES), 0);
        b.text.as_mut_ptr()
    })
}

/// Makes the batch's end list `count` long and returns where it starts.
#[wasm_bindgen]
pub fn ends_buffer(count: usize) -> *mut u32 {
    BUFFERS.with_borrow_mut(|b| {
        b.ends.resize(count, 0);
        b.ends.as_mut_ptr()
    })
}

/// Where the answer of [`check_text`] or [`check_batch`] is. It moves when a batch grows it.
#[wasm_bindgen]
pub fn out_buffer() -> *const u32 {
    BUFFERS.with_borrow(|b| b.out.as_ptr())
}

fn lookup(provider: u32, operation: u32, field: u32, profile: u32) -> Option<Lookup> {
    Some(Lookup {
        provider: Provider::from_number(provider)?,
        operation: Operation::from_number(operation)?,
        field: Field::from_number(field)?,
        profile: Profile::from_number(profile)?,
    })
}

#[derive(Clone, Copy)]
struct Lookup {
    provider: Provider,
    operation: Operation,
    field: Field,
    profile: Profile,
}

impl Lookup {
    /// The one field's report: what [`validate_request`] answers for a request that sends only
    /// this field (a test holds the two together), without building the request.
    fn run(self, value: &str) -> Report {
        validate(
            self.provider,
            self.operation,
            self.field,
            value,
            self.profile,
        )
    }

    /// `report` as the core's answer to a request that sends only this field: what `check`
    /// answers in every face (docs/faces.md), assembled by the outcome layer, not here.
    fn answer(self, report: Report) -> Outcome {
        Outcome {
            provider: self.provider,
            profile: self.profile,
            answer: Answer::Request {
                operation: self.operation,
            },
            report,
        }
    }
}

/// Writes `[present, bytes, chars, utf16, graphemes]` of `field` in `report` to `out`.
fn write_counts(out: &mut [u32], report: &Report, field: Field) {
    match report.counts(field) {
        Some(c) => {
            for (slot, n) in out
                .iter_mut()
                .zip([1, c.bytes, c.chars, c.utf16, c.graphemes])
            {
                *slot = n as u32;
            }
        }
        None => out.fill(0),
    }
}

/// Checks the first `len` bytes of the text buffer as one field's value: [`VALID`] or
/// [`INVALID`], with the counts in the out buffer; an invalid value's report is kept for
/// [`last_report`].
#[wasm_bindgen]
pub fn check_text(provider: u32, operation: u32, field: u32, profile: u32, len: usize) -> u32 {
    let Some(call) = lookup(provider, operation, field, profile) else {
        return BAD_CALL;
    };
    BUFFERS.with_borrow_mut(|b| {
        let Some(Ok(value)) = b.text.get(..len).map(std::str::from_utf8) else {
            return BAD_CALL;
        };
        let report = call.run(value);
        write_counts(&mut b.out[1..BATCH_STRIDE], &report, call.field);
        if report.is_valid() {
            VALID
        } else {
            b.last = Some(call.answer(report));
            INVALID
        }
    })
}

/// The answer to the last value [`check_text`] found invalid, as camelCase JSON.
#[wasm_bindgen]
pub fn last_report(lang: u32) -> Result<String, JsError> {
    let lang = Lang::from_number(lang).ok_or_else(bad_call)?;
    BUFFERS.with_borrow(|b| Ok(render(b.last.as_ref().ok_or_else(bad_call)?, lang)))
}

/// What a valid one-field answer says beside its verdict and counts (`kind`, `provider`,
/// `operation`, `profile`), as the outcome layer writes it for a request of that field: the
/// JavaScript side reads it once per call and builds the hot path's valid answers from it.
#[wasm_bindgen]
pub fn asked(provider: u32, operation: u32, field: u32, profile: u32) -> Result<String, JsError> {
    let call = lookup(provider, operation, field, profile).ok_or_else(bad_call)?;
    Ok(render(&call.answer(Report::default()), Lang::En))
}

/// Checks `count` values of one field, laid end to end in the text buffer, each ending at the
/// offset the end list gives: in bytes, or, when `utf16_ends`, in UTF-16 units (what JavaScript
/// knows without encoding each value on its own), turned into bytes here first. Returns where
/// the answer is: [`BATCH_STRIDE`] numbers per value, the first [`VALID`] or [`INVALID`] (or
/// [`BAD_CALL`] for the whole batch), then the counts as [`check_text`] writes them. An invalid
/// value's report comes from [`batch_report`], which reads the ends in bytes.
#[wasm_bindgen]
pub fn check_batch(
    provider: u32,
    operation: u32,
    field: u32,
    profile: u32,
    text_len: usize,
    count: usize,
    utf16_ends: bool,
) -> *const u32 {
    BUFFERS.with_borrow_mut(|b| {
        let Buffers {
            text, ends, out, ..
        } = b;
        out.clear();
        out.resize(count.max(1) * BATCH_STRIDE, 0);
        let call = lookup(provider, operation, field, profile);
        let text = text
            .get(..text_len)
            .and_then(|t| std::str::from_utf8(t).ok());
        // The ends, in bytes, fit the text.
        let fit = |text: &str, ends: &mut Vec<u32>| {
            (!utf16_ends
                || ends
                    .get_mut(..count)
                    .is_some_and(|e| utf16_to_bytes(text, e)))
                && ends_fit(text, ends, count)
        };
        match (call, text) {
            (Some(call), Some(text)) if fit(text, ends) => {
                let mut start = 0;
                for (&end, slot) in ends.iter().zip(out.chunks_exact_mut(BATCH_STRIDE)) {
                    let report = call.run(&text[start..end as usize]);
                    start = end as usize;
                    slot[0] = if report.is_valid() { VALID } else { INVALID };
                    write_counts(&mut slot[1..], &report, call.field);
                }
            }
            _ => out[0] = BAD_CALL,
        }
        out.as_ptr()
    })
}

/// Turns ascending offsets in UTF-16 units into byte offsets of `text`, in one pass over its
/// characters' lead bytes; false if one is not ascending or falls inside a character or past
/// the end.
fn utf16_to_bytes(text: &str, ends: &mut [u32]) -> bool {
    let bytes = text.as_bytes();
    let (mut at, mut units) = (0, 0);
    for end in ends {
        while units < *end {
            // `text` is UTF-8, so `at` is always at a lead byte: its character's length in
            // bytes, and in UTF-16 units (two for the four-byte characters past U+FFFF).
            let (len, n) = match bytes.get(at) {
                None => return false,
                Some(0..=0x7F) => (1, 1),
                Some(0xC0..=0xDF) => (2, 1),
                Some(0xE0..=0xEF) => (3, 1),
                Some(_) => (4, 2),
            };
            at += len;
            units += n;
        }
        if units != *end {
            return false;
        }
        *end = at as u32;
    }
    true
}

/// Whether the first `count` ends are ascending char boundaries of `text` (the rest are
/// dropped).
fn ends_fit(text: &str, ends: &mut Vec<u32>, count: usize) -> bool {
    if ends.len() < count {
        return false;
    }
    ends.truncate(count);
    let mut start = 0;
    ends.iter().all(|&end| {
        let end = end as usize;
        let fits = start <= end && text.is_char_boundary(end);
        start = end;
        fits
    })
}

/// The report of value `index` of the last batch, as camelCase JSON.
#[wasm_bindgen]
pub fn batch_report(
    provider: u32,
    operation: u32,
    field: u32,
    profile: u32,
    lang: u32,
    index: usize,
) -> Result<String, JsError> {
    let call = lookup(provider, operation, field, profile).ok_or_else(bad_call)?;
    let lang = Lang::from_number(lang).ok_or_else(bad_call)?;
    BUFFERS.with_borrow(|b| {
        let start = match index {
            0 => 0,
            i => *b.ends.get(i - 1).ok_or_else(bad_call)? as usize,
        };
        let end = *b.ends.get(index).ok_or_else(bad_call)? as usize;
        let value = b
            .text
            .get(start..end)
            .and_then(|t| std::str::from_utf8(t).ok())
            .ok_or_else(bad_call)?;
        Ok(render(&call.answer(call.run(value)), lang))
    })
}

fn bad_call() -> JsError {
    JsError::new("image-preflight: internal error: the WebAssembly module was called wrongly")
}

fn known<T>(value: Option<T>) -> Result<T, JsError> {
    value.ok_or_else(bad_call)
}

/// A whole `ModifyImageAttribute` (or `CreateImage`) request: the fields whose bit is set in
/// `present` (bit = the field's number; `values` holds every field by number), the deprecation
/// switch (-1 = not sent), and, when `owner` is given, the image the request changes.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)] // the boundary takes flat arguments, not objects
pub fn check_request(
    provider: u32,
    operation: u32,
    profile: u32,
    lang: u32,
    present: u32,
    values: Vec<String>,
    deprecated: i32,
    owner: Option<String>,
    state: Option<String>,
    kind: u32,
    flags: u32,
    shared_with: Vec<String>,
) -> Result<String, JsError> {
    let provider = known(Provider::from_number(provider))?;
    let operation = known(Operation::from_number(operation))?;
    let profile = known(Profile::from_number(profile))?;
    let lang = known(Lang::from_number(lang))?;
    let mut change = AttributeChange {
        deprecated: (deprecated >= 0).then_some(deprecated != 0),
        ..AttributeChange::default()
    };
    for &field in Field::ALL {
        if present & (1 << field as u32) != 0 {
            *change.slot(field) = Some(known(values.get(field as usize))?);
        }
    }
    let image = match owner {
        Some(owner) => Some(facts(provider, owner, state, kind, flags, shared_with)?),
        None => None,
    };
    let answer = outcome::request(provider, operation, profile, &change, image.as_ref())
        .map_err(use_error)?;
    Ok(render(&answer, lang))
}

/// Deleting the image: Volcengine refuses while it is shared.
#[wasm_bindgen]
pub fn check_delete(
    provider: u32,
    lang: u32,
    owner: String,
    state: Option<String>,
    kind: u32,
    flags: u32,
    shared_with: Vec<String>,
) -> Result<String, JsError> {
    let provider = known(Provider::from_number(provider))?;
    let lang = known(Lang::from_number(lang))?;
    let image = facts(provider, owner, state, kind, flags, shared_with)?;
    Ok(render(&outcome::delete(&image, Profile::Latest), lang))
}

/// `{valid, violations, counts, kind, provider, profile, sharedWith, request}`: one share
/// request applied to the image (the set as it was when refused), and the request in the
/// provider's own parameter names.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)] // the boundary takes flat arguments, not objects
pub fn share(
    provider: u32,
    profile: u32,
    lang: u32,
    owner: String,
    state: Option<String>,
    kind: u32,
    flags: u32,
    shared_with: Vec<String>,
    add: Vec<String>,
    remove: Vec<String>,
) -> Result<String, JsError> {
    let provider = known(Provider::from_number(provider))?;
    let profile = known(Profile::from_number(profile))?;
    let lang = known(Lang::from_number(lang))?;
    let image = facts(provider, owner, state, kind, flags, shared_with)?;
    let answer = outcome::share(&image, ShareChange::lists(add, remove), profile);
    Ok(render(&answer, lang))
}

/// `{valid, violations, counts, kind, provider, profile, sharedWith, requests}`: the requests,
/// in the provider's own parameter names, that turn the image's share set into `desired`.
#[wasm_bindgen]
#[allow(clippy::too_many_arguments)] // the boundary takes flat arguments, not objects
pub fn plan_share(
    provider: u32,
    profile: u32,
    lang: u32,
    owner: String,
    state: Option<String>,
    kind: u32,
    flags: u32,
    shared_with: Vec<String>,
    desired: Vec<String>,
) -> Result<String, JsError> {
    let provider = known(Provider::from_number(provider))?;
    let profile = known(Profile::from_number(profile))?;
    let lang = known(Lang::from_number(lang))?;
    let image = facts(provider, owner, state, kind, flags, shared_with)?;
    Ok(render(&outcome::plan(&image, &desired, profile), lang))
}

/// The outcome layer's JSON with camelCase keys, but for the provider's own parameter names.
fn render(answer: &Outcome, lang: Lang) -> String {
    camel_except(answer.to_json(lang), &["request", "requests"]).to_string()
}

/// A call the outcome layer refuses, as a JavaScript error. Written per variant rather than by
/// the error's Display, whose other arms would bring Rust's Debug escaping into the .wasm.
fn use_error(e: Error) -> JsError {
    let message = match e {
        // The core's keys (`boot_mode`) in the spelling `fields` takes (`bootMode`), written
        // char by char: mapping camel_case over the list and joining it cost 1.5 kB of .wasm.
        Error::NoFields { known } => {
            let mut message = "image-preflight: a request needs at least one of: ".to_string();
            let mut upper = false;
            for c in known.chars() {
                match c {
                    '_' => upper = true,
                    c if upper => {
                        message.push(c.to_ascii_uppercase());
                        upper = false;
                    }
                    c => message.push(c),
                }
            }
            message
        }
        Error::ImageNeedsModify { .. } => "image-preflight: options.image is the image a modify changes: give it with operation \"modify\" only".to_string(),
        Error::ImageOfOtherProvider { .. } => {
            "image-preflight: the image is of another provider than the request".to_string()
        }
        _ => return bad_call(),
    };
    JsError::new(&message)
}

/// camelCase keys everywhere but under `keep`, which hold the provider's own parameter names.
fn camel_except(json: Json, keep: &[&str]) -> Json {
    match json {
        Json::Obj(entries) => Json::Obj(
            entries
                .into_iter()
                .map(|(k, v)| {
                    if keep.contains(&k.as_ref()) {
                        (k, v)
                    } else {
                        let Json::Obj(one) = camel(Json::Obj(vec![(k, v)])) else {
                            unreachable!("camel keeps an object an object")
                        };
                        one.into_iter().next().expect("one entry in, one out")
                    }
                })
                .collect(),
        ),
        other => camel(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_list_every_key_with_its_number() {
        let names = names();
        // Every provider of the tables with its number, in order.
        let providers: Vec<String> = (Provider::ALL.iter())
            .map(|p| format!("\"{}\":{}", p.key(), *p as u32))
            .collect();
        let head = format!("{{\"providers\":{{{}}}", providers.join(","));
        assert!(names.starts_with(&head), "{names}");
        assert!(names.contains(r#""imageKinds":{"custom":0,"#));
    }

    #[test]
    fn text_is_checked_from_the_buffer() {
        let value = "aliyun-base";
        let ptr = text_buffer(value.len());
        // SAFETY: text_buffer made the buffer exactly this long.
        unsafe { std::ptr::copy_nonoverlapping(value.as_ptr(), ptr, value.len()) };
        let verdict = check_text(1, 0, 0, 0, value.len());
        assert_eq!(verdict, INVALID);
        let Ok(json) = last_report(0) else {
            panic!("no report of the invalid value")
        };
        // The outcome layer's answer to a request of that field: what was asked comes with it.
        assert!(
            json.contains(r#""kind":"request","provider":"alibaba","operation":"modify""#),
            "{json}"
        );
        let Ok(asked) = asked(1, 0, 0, 0) else {
            panic!("no answer for a known call")
        };
        assert!(
            asked.starts_with(r#"{"valid":true,"violations":[]"#),
            "{asked}"
        );
        assert!(
            asked.contains(r#""kind":"request","provider":"alibaba""#),
            "{asked}"
        );
        assert!(
            json.contains(r#""providerCode":"InvalidImageName.Malformed""#),
            "{json}"
        );
        assert!(json.contains(r#""utf16Start":0"#), "{json}");
        assert_eq!(check_text(1, 0, 0, 0, 4), VALID, "\"aliy\" is a good name");
        assert_eq!(check_text(9, 0, 0, 0, 4), BAD_CALL);
        assert_eq!(check_text(1, 0, 0, 0, 1000), BAD_CALL);
    }

    #[test]
    fn utf16_ends_become_byte_ends() {
        let text = "ab中😀c";
        let mut ends = [0, 2, 3, 5, 5, 6];
        assert!(utf16_to_bytes(text, &mut ends));
        assert_eq!(ends, [0, 2, 5, 9, 9, 10]);
        for bad in [&[4][..], &[7], &[3, 2], &[2, 4, 5]] {
            assert!(!utf16_to_bytes(text, &mut bad.to_vec()), "{bad:?}");
        }
        let mut none: [u32; 0] = [];
        assert!(utf16_to_bytes(text, &mut none));
        assert!(utf16_to_bytes("", &mut [0]));
        assert!(!utf16_to_bytes("", &mut [1]));
    }

    #[test]
    fn one_field_is_judged_as_a_request_holding_it() {
        let values = [
            "",
            "ok-name",
            "aliyun",
            "中文😀",
            "UEFI",
            "uefi",
            "Deprecated",
            "a\u{202E}b",
        ];
        for p in Provider::ALL {
            for op in Operation::ALL {
                for f in Field::ALL {
                    for pr in Profile::ALL {
                        let call = Lookup {
                            provider: *p,
                            operation: *op,
                            field: *f,
                            profile: *pr,
                        };
                        for v in values {
                            let change = AttributeChange::default().with(*f, v);
                            assert_eq!(
                                call.run(v),
                                outcome::request(*p, *op, *pr, &change, None)
                                    .unwrap()
                                    .report,
                                "{p} {op} {f} {pr} {v:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn share_keeps_the_provider_parameter_names() {
        let out = share(
            0,
            0,
            0,
            "100000000001".into(),
            None,
            0,
            0,
            vec![],
            vec!["200000000001".into()],
            vec![],
        )
        .map_err(|_| "share failed")
        .unwrap();
        assert!(out.contains(r#""sharedWith":["200000000001"]"#), "{out}");
        assert!(
            out.contains(r#""request":{"Permission":"SHARE","AccountIds""#),
            "{out}"
        );
    }
}
