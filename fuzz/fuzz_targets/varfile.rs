//! Variable files (`*.tfvars`, `*.pkrvars.hcl`, `--var-file`) and `--var NAME=VALUE` on
//! arbitrary text, applied to a template that uses them: an answer or a clear error, never a
//! panic; the spans of what is found lie inside its value.
#![no_main]

use image_preflight::Profile;
use image_preflight_cli::packer_hcl::{VarInput, var_pair};
use image_preflight_cli::{packer, terraform_config};
use libfuzzer_sys::fuzz_target;

const TEMPLATE: &str = "variable \"name\" {\n  default = \"web\"\n}\nsource \"alicloud-ecs\" \"x\" {\n  image_name = \"${var.name}-1\"\n  image_share_account = var.accounts\n}\n";
const CONFIG: &str = "variable \"name\" {\n  default = \"web\"\n}\nresource \"tencentcloud_image\" \"x\" {\n  for_each = var.names\n  image_name = \"${var.name}-${each.key}\"\n}\nresource \"alicloud_image_share_permission\" \"s\" {\n  count = length(var.accounts)\n  image_id = \"m-1\"\n  account_id = var.accounts[count.index]\n}\n";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut vars = VarInput {
        env: vec![("env".to_string(), text.to_string())],
        files: vec![("x.tfvars".to_string(), text.to_string())],
        pairs: Vec::new(),
    };
    if let Ok(pair) = var_pair(text) {
        vars.pairs.push(pair);
    }
    let pkr = vec![("a.pkr.hcl".to_string(), TEMPLATE.as_bytes().to_vec())];
    if let Ok(out) = packer::check_files(&pkr, &vars, Profile::Latest) {
        for f in &out.findings {
            if let (Some(value), Some(span)) = (&f.value, &f.violation.span) {
                assert!(span.byte_end <= value.len(), "{f:?}");
            }
        }
    }
    let tf = vec![("main.tf".to_string(), CONFIG.to_string())];
    if let Ok(out) = terraform_config::check(&tf, &vars, Profile::Latest) {
        for f in &out.findings {
            if let (Some(value), Some(span)) = (&f.value, &f.violation.span) {
                assert!(span.byte_end <= value.len(), "{f:?}");
            }
        }
    }
});
