//! The field validators on arbitrary strings: never a panic, every span inside the value on
//! char boundaries and consistent in all four units, the same answer twice, and `is_valid`
//! agreeing with `validate`.
#![no_main]

use image_preflight::{Counts, Field, Operation, Profile, Provider, is_valid, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let [a, b, rest @ ..] = data else { return };
    let Ok(value) = std::str::from_utf8(rest) else { return };
    let provider = Provider::ALL[usize::from(*a) % Provider::ALL.len()];
    let operation = Operation::ALL[usize::from(a >> 2) % Operation::ALL.len()];
    let field = Field::ALL[usize::from(*b) % Field::ALL.len()];
    let profile = Profile::ALL[usize::from(b >> 4) % Profile::ALL.len()];

    let report = validate(provider, operation, field, value, profile);
    assert_eq!(report, validate(provider, operation, field, value, profile), "not the same answer twice");
    assert_eq!(is_valid(provider, operation, field, value, profile), report.is_valid());
    // A text field is counted; a list field's value is not.
    assert_eq!(report.counts(field).is_some(), field.is_text());
    let counts = Counts::of(value);
    if let Some(c) = report.counts(field) {
        assert_eq!(c, counts);
    }
    for v in &report.violations {
        let _ = v.message(image_preflight::Lang::En);
        let _ = v.message(image_preflight::Lang::Zh);
        let Some(s) = v.span else { continue };
        assert!(s.byte_start <= s.byte_end && s.byte_end <= value.len(), "{s:?}");
        assert!(value.is_char_boundary(s.byte_start) && value.is_char_boundary(s.byte_end), "{s:?}");
        let before = Counts::of(&value[..s.byte_start]);
        let inside = Counts::of(&value[s.byte_start..s.byte_end]);
        assert_eq!((s.char_start, s.char_end), (before.chars, before.chars + inside.chars));
        assert_eq!((s.utf16_start, s.utf16_end), (before.utf16, before.utf16 + inside.utf16));
        assert!(s.grapheme_start <= s.grapheme_end && s.grapheme_end <= counts.graphemes, "{s:?}");
        if let Some(found) = &v.found {
            assert_eq!(found, &value[s.byte_start..s.byte_end]);
        }
    }
});
