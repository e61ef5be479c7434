//! The npm package's boundary, its Rust side called natively: the text buffer and the batch
//! buffers filled with arbitrary bytes and end lists (as `engine.js` fills them, and as a bug
//! there might), then `check_text`, `check_batch` and `batch_report`. Every answer is the core's
//! answer for the same value, anything that is not text or does not fit is `BAD_CALL` (2),
//! and nothing panics.
#![no_main]

use image_preflight::{Field, Operation, Profile, Provider, validate};
use image_preflight_wasm::{batch_report, check_batch, check_text, ends_buffer, out_buffer, text_buffer};
use libfuzzer_sys::fuzz_target;

const BAD_CALL: u32 = 2;

/// Copies `bytes` into the text buffer, made exactly that long.
fn fill(bytes: &[u8]) {
    let ptr = text_buffer(bytes.len());
    // SAFETY: text_buffer made the buffer `bytes.len()` long (under its limit).
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr, bytes.len()) };
}

fuzz_target!(|data: &[u8]| {
    let [a, b, c, rest @ ..] = data else { return };
    // The counts come from the tables, so a new provider, operation or field is fuzzed too.
    let n = |all: usize| all as u32 + 1;
    let (provider, operation, field, profile) = (
        u32::from(*a) % n(Provider::ALL.len()),
        u32::from(a >> 4) % n(Operation::ALL.len()),
        u32::from(*b) % n(Field::ALL.len()),
        u32::from(b >> 4) % n(Profile::ALL.len()),
    );
    let call = (|| {
        Some((
            Provider::from_number(provider)?,
            Operation::from_number(operation)?,
            Field::from_number(field)?,
            Profile::from_number(profile)?,
        ))
    })();
    let judge = |text: &str| call.map(|(p, o, f, pr)| validate(p, o, f, text, pr));

    // One value.
    fill(rest);
    let verdict = check_text(provider, operation, field, profile, rest.len());
    match (std::str::from_utf8(rest).ok().and_then(|t| judge(t).map(|r| (t, r))), verdict) {
        (None, v) => assert_eq!(v, BAD_CALL),
        (Some((_, report)), v) => {
            assert_eq!(v, u32::from(report.is_valid()));
            // SAFETY: the out buffer holds at least 6 numbers.
            let out = unsafe { std::slice::from_raw_parts(out_buffer(), 6) };
            if let Some(counts) = report.counts(call.unwrap().2) {
                assert_eq!(&out[1..6], &[1, counts.bytes as u32, counts.chars as u32, counts.utf16 as u32, counts.graphemes as u32]);
            }
        }
    }
    // A length past the buffer is a bad call, never a read past it.
    assert_eq!(check_text(provider, operation, field, profile, rest.len() + 1), BAD_CALL);

    // A batch: the bytes cut at each NUL, the ends in bytes or (with c's low bit) in UTF-16
    // units, now and then one end moved (c's next bits) as a broken caller would.
    let values: Vec<&[u8]> = rest.split(|&b| b == 0).collect();
    let joined: Vec<u8> = values.concat();
    let utf16 = c & 1 == 1;
    let mut ends = Vec::with_capacity(values.len());
    let mut end = 0u32;
    for v in &values {
        end += match (utf16, std::str::from_utf8(v)) {
            (true, Ok(t)) => t.encode_utf16().count() as u32,
            _ => v.len() as u32,
        };
        ends.push(end);
    }
    let moved = (c >> 1) % 8 == 0 && !ends.is_empty();
    if moved {
        let i = usize::from(c >> 4) % ends.len();
        ends[i] = ends[i].wrapping_add(1);
    }
    fill(&joined);
    let ptr = ends_buffer(ends.len());
    // SAFETY: ends_buffer made the list `ends.len()` long.
    unsafe { std::ptr::copy_nonoverlapping(ends.as_ptr(), ptr, ends.len()) };
    let answer = check_batch(provider, operation, field, profile, joined.len(), ends.len(), utf16);
    // SAFETY: check_batch's answer holds 6 numbers per value (at least 6).
    let answer = unsafe { std::slice::from_raw_parts(answer, 6 * ends.len().max(1)) };
    let texts: Option<Vec<&str>> = values.iter().map(|v| std::str::from_utf8(v).ok()).collect();
    match (texts, call) {
        (Some(texts), Some(_)) if !moved => {
            for (i, t) in texts.iter().enumerate() {
                let report = judge(t).unwrap();
                assert_eq!(answer[6 * i], u32::from(report.is_valid()), "value {i} {t:?}");
                if !report.is_valid() {
                    let json = batch_report(provider, operation, field, profile, 0, i).ok().expect("a report");
                    assert!(json.contains(r#""valid":false"#), "{json}");
                }
            }
        }
        // A moved end may still fit (at another char boundary, even joining two pieces that
        // are not text alone into one char): then each verdict is 0 or 1.
        _ if moved => assert!(answer[0] <= BAD_CALL),
        // Not text, not a known call: the whole batch is a bad call.
        _ => assert_eq!(answer[0], BAD_CALL),
    }
});
