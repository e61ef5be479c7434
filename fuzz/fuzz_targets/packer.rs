//! The Packer template reader on arbitrary bytes (HCL2, HCL2 JSON and legacy JSON): an answer
//! or a clear error, never a panic; each finding's span lies inside the value it marks, and its
//! text output carries no control character from the input and quotes a bounded excerpt.
#![no_main]

use image_preflight::Profile;
use image_preflight_cli::packer;
use libfuzzer_sys::fuzz_target;

fn spans_fit(out: &image_preflight_cli::findings::Outcome) {
    use image_preflight_cli::excerpt::{MAX_EXCERPT_BYTES, Values, window};
    for f in &out.findings {
        if let (Some(value), Some(span)) = (&f.value, &f.violation.span) {
            assert!(span.byte_end <= value.len(), "{f:?}");
            assert!(value.is_char_boundary(span.byte_start) && value.is_char_boundary(span.byte_end));
        }
        if let Some(value) = &f.value {
            let w = window(value, f.violation.span.as_ref(), Values::Excerpt);
            assert!(w.text.len() <= MAX_EXCERPT_BYTES || w.is_whole(), "{f:?}");
            assert_eq!(&value[w.byte_start..w.byte_start + w.text.len()], w.text);
        }
    }
    for values in [Values::Excerpt, Values::Full] {
        let text = out.to_text_with(image_preflight::Lang::En, "build", values);
        assert!(!text.chars().any(|c| c != '\n' && image_preflight_cli::safe::is_unsafe(c)), "{text:?}");
        let _ = out.to_json_with(image_preflight::Lang::Zh, values).pretty();
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(out) = packer::check(data, Profile::Latest) {
        spans_fit(&out);
    }
    // The same text as a builder's image name, in each syntax.
    if let Ok(text) = std::str::from_utf8(data) {
        let hcl = format!("source \"alicloud-ecs\" \"x\" {{\n  image_name = \"{text}\"\n}}\n");
        if let Ok(out) = packer::check(hcl.as_bytes(), Profile::Latest) {
            spans_fit(&out);
        }
        let quoted = image_preflight::json::Json::from(text.to_string());
        let legacy = format!("{{\"builders\":[{{\"type\":\"tencentcloud-cvm\",\"image_name\":{quoted}}}]}}");
        let out = packer::check(legacy.as_bytes(), Profile::Latest).expect("a valid legacy template");
        spans_fit(&out);
    }
});
