//! The configuration readers on arbitrary text: a Terraform configuration (`terraform DIR`,
//! with variables, locals, count and for_each evaluated) and a Packer template with variables,
//! as one build. An answer or a clear error, never a panic; each finding's span lies inside its
//! value, and each place inside the text.
#![no_main]

use image_preflight::Profile;
use image_preflight_cli::findings::Outcome;
use image_preflight_cli::packer_hcl::VarInput;
use image_preflight_cli::{packer, terraform_config};
use libfuzzer_sys::fuzz_target;

fn sound(out: &Outcome, text: &str) {
    let lines = text.split('\n').count();
    for f in &out.findings {
        if let (Some(value), Some(span)) = (&f.value, &f.violation.span) {
            assert!(span.byte_end <= value.len(), "{f:?}");
            assert!(value.is_char_boundary(span.byte_start) && value.is_char_boundary(span.byte_end));
        }
        if let Some(p) = &f.place {
            assert!(p.line >= 1 && p.line <= lines && p.column >= 1, "{f:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let files = vec![("main.tf".to_string(), text.to_string())];
    if let Ok(out) = terraform_config::check(&files, &VarInput::default(), Profile::Latest) {
        sound(&out, text);
    }
    // The same text as a resource's name, with a variable and a local to evaluate.
    let wrapped = format!(
        "variable \"v\" {{\n  default = \"x\"\n}}\nlocals {{\n  l = \"${{var.v}}-{text}\"\n}}\nresource \"alicloud_image\" \"r\" {{\n  count = 2\n  image_name = \"${{local.l}}{text}\"\n}}\n"
    );
    let files = vec![("main.tf".to_string(), wrapped.clone())];
    if let Ok(out) = terraform_config::check(&files, &VarInput::default(), Profile::Latest) {
        sound(&out, &wrapped);
    }
    let pkr = vec![("a.pkr.hcl".to_string(), data.to_vec())];
    if let Ok(out) = packer::check_files(&pkr, &VarInput::default(), Profile::Latest) {
        sound(&out, text);
    }
});
