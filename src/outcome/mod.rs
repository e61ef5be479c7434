//! The answers every face renders: a field check, a whole request, a share change (with the
//! provider request that would carry it), a share plan (its requests in the provider's own
//! parameter names) and a delete check.
//!
//! The command line, the C ABI and the WebAssembly boundary call only these functions, and the
//! Python and Go bindings read their answers through the C ABI, so the rules of use (which
//! arguments go together) are checked here once, and every JSON answer is written here once
//! ([`Outcome::to_json`]), in the shape `docs/schema/` publishes.

mod json;

#[cfg(feature = "ffi")]
pub(crate) use json::render;

use crate::check::validate;
use crate::error::Error;
use crate::image::{AttributeChange, ImageFacts, validate_request, validate_request_for};
use crate::report::Report;
use crate::rules::{Field, Operation, Profile, Provider};
use crate::share::{ShareChange, apply, plan as plan_requests};

/// What was asked, and the parts of the answer beside the violations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// One field's value checked for `operation`.
    Field { operation: Operation, field: Field },
    /// The attributes one request sets, checked for `operation` (against the image, for a
    /// modify given one).
    Request { operation: Operation },
    /// One share request: the accounts the image is shared with after it (as they were, when
    /// refused), and the request itself.
    Share {
        shared_with: Vec<String>,
        request: ShareChange,
    },
    /// The requests that reach a desired share set from `shared_with`, today's.
    Plan {
        shared_with: Vec<String>,
        requests: Vec<ShareChange>,
    },
    /// Deleting the image.
    Delete,
}

impl Answer {
    /// The stable key of the kind of answer: `field`, `request`, `share`, `plan`, `delete`.
    pub fn key(&self) -> &'static str {
        match self {
            Answer::Field { .. } => "field",
            Answer::Request { .. } => "request",
            Answer::Share { .. } => "share",
            Answer::Plan { .. } => "plan",
            Answer::Delete => "delete",
        }
    }

    /// The operation a field or request was checked for.
    pub fn operation(&self) -> Option<Operation> {
        match self {
            Answer::Field { operation, .. } | Answer::Request { operation } => Some(*operation),
            _ => None,
        }
    }
}

/// One answer: what was asked, of which provider under which profile, and what was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub provider: Provider,
    pub profile: Profile,
    pub answer: Answer,
    pub report: Report,
}

impl Outcome {
    pub fn is_valid(&self) -> bool {
        self.report.is_valid()
    }
}

/// Checks one field's value for `operation`.
pub fn field(
    provider: Provider,
    operation: Operation,
    field: Field,
    value: &str,
    profile: Profile,
) -> Outcome {
    Outcome {
        provider,
        profile,
        answer: Answer::Field { operation, field },
        report: validate(provider, operation, field, value, profile),
    }
}

/// Checks a whole request: every field it sends and its deprecation switch, and, for a modify
/// given the image it changes, what the image's kind, state and sharing forbid.
///
/// The rules of use: a request sends at least one field or the switch
/// ([`Error::NoFields`]); an image goes with a modify only ([`Error::ImageNeedsModify`]) and
/// must be of the request's provider ([`Error::ImageOfOtherProvider`]).
pub fn request(
    provider: Provider,
    operation: Operation,
    profile: Profile,
    change: &AttributeChange<'_>,
    image: Option<&ImageFacts>,
) -> Result<Outcome, Error> {
    if change.is_empty() {
        return Err(Error::NoFields {
            known: request_parts(),
        });
    }
    let report = match image {
        None => validate_request(provider, operation, profile, change),
        Some(facts) => {
            if facts.provider != provider {
                return Err(Error::ImageOfOtherProvider {
                    image: facts.provider.key(),
                    request: provider.key(),
                });
            }
            if operation != Operation::Modify {
                return Err(Error::ImageNeedsModify {
                    operation: operation.key(),
                });
            }
            validate_request_for(facts, profile, change)
        }
    };
    Ok(Outcome {
        provider,
        profile,
        answer: Answer::Request { operation },
        report,
    })
}

/// What a request may send, for [`Error::NoFields`]: every field's key, then `deprecated`.
fn request_parts() -> String {
    let mut known = Field::KNOWN.to_string();
    known.push_str(", deprecated");
    known
}

/// Judges one share request against the image. The answer's `shared_with` is the set after
/// the request when it is valid, and the image's set unchanged when it is refused.
pub fn share(facts: &ImageFacts, change: ShareChange, profile: Profile) -> Outcome {
    let (report, after) = match apply(facts, &change, profile) {
        Ok(after) => (Report::default(), after.shared_with),
        Err(found) => (Report::from(found), facts.shared_with.clone()),
    };
    Outcome {
        provider: facts.provider,
        profile,
        answer: Answer::Share {
            shared_with: after.into_iter().collect(),
            request: change,
        },
        report,
    }
}

/// Plans the requests that turn the image's share set into `desired` (no request when the
/// plan is refused or nothing needs to change).
pub fn plan<S: AsRef<str>>(facts: &ImageFacts, desired: &[S], profile: Profile) -> Outcome {
    let (report, requests) = match plan_requests(facts, desired, profile) {
        Ok(requests) => (Report::default(), requests),
        Err(found) => (Report::from(found), Vec::new()),
    };
    Outcome {
        provider: facts.provider,
        profile,
        answer: Answer::Plan {
            shared_with: facts.shared_with().iter().cloned().collect(),
            requests,
        },
        report,
    }
}

/// Judges deleting the image.
pub fn delete(facts: &ImageFacts, profile: Profile) -> Outcome {
    Outcome {
        provider: facts.provider,
        profile,
        answer: Answer::Delete,
        report: crate::image::check_delete(facts),
    }
}

#[cfg(test)]
mod tests;
