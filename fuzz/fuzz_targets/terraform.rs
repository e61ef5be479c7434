//! The Terraform plan reader on arbitrary bytes: an answer or a clear error, never a panic.
//! Inputs that start like a plan reach the resource walk more often than random bytes.
#![no_main]

use image_preflight::Profile;
use image_preflight_cli::terraform;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = terraform::check(data, Profile::Latest);
    let mut framed = br#"{"format_version":"1.2","resource_changes":[{"address":"a","type":"alicloud_image_share_permission","change":{"actions":["create"],"after":"#.to_vec();
    framed.extend_from_slice(data);
    framed.extend_from_slice(b"}}]}");
    if let Ok(out) = terraform::check(&framed, Profile::Strict) {
        // Findings name where they are.
        assert!(out.findings.iter().all(|f| !f.address.is_empty()));
    }
});
