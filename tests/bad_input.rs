//! The bad-input matrix of docs/bad-input.md, row by row, for the Rust API and the
//! command line. The C, Python and Go rows are in tests/c/test_api.c,
//! bindings/python/tests/test_api.py and bindings/go/api_test.go.

use image_preflight::{
    Code, Error, Field, ImageFacts, Operation, Profile, Provider, Report, ShareChange, apply, plan,
    validate,
};

fn codes(p: Provider, f: Field, v: &str) -> Vec<(Code, Option<&'static str>)> {
    validate(p, Operation::Modify, f, v, Profile::Latest)
        .violations
        .iter()
        .map(|v| (v.code, v.provider_code.map(|c| c.code)))
        .collect()
}

fn alibaba_name(value: &str) -> Report {
    validate(
        Provider::Alibaba,
        Operation::Modify,
        Field::Name,
        value,
        Profile::Latest,
    )
}

#[test]
fn embedded_nul_is_a_bad_char() {
    // Refused by a character set with the provider's code, and in free text by the library.
    assert_eq!(
        codes(Provider::Alibaba, Field::Name, "ab\0cd"),
        [(Code::BadChar, Some("InvalidImageName.Malformed"))]
    );
    assert_eq!(
        codes(Provider::Tencent, Field::Name, "ab\0cd"),
        [(Code::BadChar, None)]
    );
    assert_eq!(
        codes(Provider::Alibaba, Field::Description, "ab\0cd"),
        [(Code::BadChar, None)]
    );
}

#[test]
fn a_megabyte_is_answered() {
    let value = "a".repeat(1_000_000);
    let report = alibaba_name(&value);
    let v = &report.violations[0];
    assert_eq!(
        (v.code, v.limit, v.actual),
        (Code::TooLong, Some(128), Some(1_000_000))
    );
    assert_eq!(v.span.unwrap().char_start, 128);
}

#[test]
fn a_hundred_megabytes_is_answered_by_the_rust_api() {
    // The Rust API has no size limit (the C ABI stops at IPF_MAX_TEXT_BYTES): it answers in
    // one pass, and a value of alternating bad characters reports at most MAX_RUNS runs.
    let value = "a!".repeat(50_000_000);
    let report = alibaba_name(&value);
    assert_eq!(report.violations[0].code, Code::TooLong);
    let bad = report
        .violations
        .iter()
        .filter(|v| v.code == Code::BadChar)
        .count();
    assert_eq!(bad, image_preflight::MAX_RUNS);
}

#[test]
fn unknown_names_are_errors() {
    assert!(matches!(
        "azure".parse::<Provider>(),
        Err(Error::Unknown {
            what: "provider",
            ..
        })
    ));
    assert!(matches!(
        "loose".parse::<Profile>(),
        Err(Error::Unknown {
            what: "profile",
            ..
        })
    ));
    let err = ImageFacts::new(Provider::Alibaba, "1")
        .with_state("NORMAL")
        .unwrap_err();
    assert!(matches!(err, Error::UnknownState { .. }));
    assert!(
        err.to_string()
            .contains("known states: Creating, Waiting, Available")
    );
    // A megabyte-long unknown name is not quoted back whole.
    let long = "x".repeat(1_000_000);
    assert!(long.parse::<Provider>().unwrap_err().to_string().len() < 200);
}

#[test]
fn account_lists_of_100000_entries_are_answered() {
    let many: Vec<String> = (0..100_000u64)
        .map(|i| (5_000_000_000_000_000 + i).to_string())
        .collect();
    let image = ImageFacts::new(Provider::Alibaba, "1234567890123456");
    let refused = apply(
        &image,
        &ShareChange::lists(many.clone(), Vec::<String>::new()),
        Profile::Latest,
    )
    .unwrap_err();
    let codes: Vec<Code> = refused.iter().map(|v| v.code).collect();
    assert_eq!(codes, [Code::TooManyInRequest, Code::OverQuota]);
    let tencent = ImageFacts::new(Provider::Tencent, "100000000001");
    let refused = plan(&tencent, &many, Profile::Latest).unwrap_err();
    assert_eq!(
        (refused[0].code, refused[0].actual),
        (Code::OverQuota, Some(100_000))
    );
    // The same ids twice each: every duplicate is named, none is lost.
    let twice: Vec<String> = many.iter().chain(&many).cloned().collect();
    let refused = apply(&tencent, &ShareChange::share(twice), Profile::Latest).unwrap_err();
    assert_eq!(
        refused
            .iter()
            .filter(|v| v.code == Code::DuplicateAccount)
            .count(),
        100_000
    );
}

#[test]
fn bidi_overrides_and_zero_width_characters() {
    for c in ['\u{202E}', '\u{200B}', '\u{2066}', '\u{FEFF}'] {
        let value = format!("ab{c}cd");
        // Outside every published character set, and shown by code point in messages.
        let report = alibaba_name(&value);
        assert_eq!(report.violations[0].code, Code::BadChar);
        assert!(
            report.violations[0]
                .message(image_preflight::Lang::En)
                .contains(&format!("U+{:04X}", c as u32))
        );
        assert_eq!(
            codes(Provider::Volcengine, Field::Name, &value)[0].0,
            Code::BadChar
        );
        // Tencent publishes no character set: they pass, as the cloud documents nothing else.
        assert!(codes(Provider::Tencent, Field::Name, &value).is_empty());
    }
}
