//! The request-body reader on arbitrary bytes, for every provider and action: an answer or a
//! clear error, never a panic.
#![no_main]

use image_preflight::{Profile, Provider};
use image_preflight_cli::request;
use libfuzzer_sys::fuzz_target;

const ACTIONS: [&str; 6] = [
    "ModifyImageAttribute",
    "CreateImage",
    "CopyImage",
    "SyncImages",
    "ImportImage",
    "ModifyImageSharePermission",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let provider = Provider::ALL[selector as usize % Provider::ALL.len()];
    let action = ACTIONS[(selector as usize / 3) % ACTIONS.len()];
    let _ = request::check(body, provider, action, Profile::Latest);
});
