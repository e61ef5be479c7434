//! # image-preflight
//!
//! Tells, before any network call, whether Tencent Cloud CVM, Alibaba Cloud ECS or Volcengine
//! ECS will accept a custom image's name, description and image family, and whether a
//! share-permission change is legal from the image's current state. Every answer carries the
//! provider's own error code, a message in English or Chinese, and where in the text the fault
//! lies.
//!
//! ```
//! use image_preflight::{validate, Field, Lang, Operation, Profile, Provider};
//!
//! let report = validate(Provider::Alibaba, Operation::Modify, Field::Name, "aliyun-base", Profile::Latest);
//! assert!(!report.is_valid());
//! assert_eq!(report.violations[0].provider_code.unwrap().code, "InvalidImageName.Malformed");
//! assert_eq!(report.violations[0].message(Lang::En), "The image name may not start with \"aliyun\".");
//! ```

pub(crate) mod check;
mod error;
mod excerpt;
pub mod export;
mod fast;
/// The C ABI (`#[no_mangle]` exports): on by default; the WebAssembly build leaves it out.
#[cfg(feature = "ffi")]
pub mod ffi;
mod image;
pub mod json;
mod limits;
pub mod outcome;
pub mod partial;
pub mod pattern;
pub mod report;
pub mod rules;
mod share;
pub mod text;
mod violation;
mod work;

pub use check::{MAX_RUNS, check_rule, is_valid, rule_accepts, validate};
pub use error::Error;
pub use excerpt::Excerpt;
pub use image::{
    AttributeChange, ImageFacts, ImageKind, check_delete, judge_attributes, validate_request,
    validate_request_for,
};
pub use limits::{MAX_TEXT_BYTES, check_size};
pub use outcome::{Answer, Outcome};
pub use report::{Report, Violations};
pub use rules::{Field, Operation, Profile, Provider, ProviderCode};
pub use share::{
    ACCOUNT_ID_MAX_DIGITS, ShareChange, apply, is_account_id, judge, plan, principal_of,
};
pub use text::{Counts, Span};
pub use violation::{Code, Lang, Subject, Violation};

/// The README's Rust examples, compiled and run as doctests so they cannot go stale.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
