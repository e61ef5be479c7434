//! Every answer as JSON, in the one shape `docs/schema/outcome.schema.json` publishes: the
//! report's `valid`, `violations` and `counts`, then what was asked (`kind`, `provider`,
//! `operation` and `field` where they apply, `profile`), then the parts of a share or plan.

use super::{Answer, Outcome};
use crate::export::report_json;
use crate::json::Json;
use crate::report::Report;
use crate::rules::{Profile, Provider};
use crate::share::ShareChange;
use crate::violation::Lang;

impl Outcome {
    /// The answer as JSON, messages in `lang`.
    pub fn to_json(&self, lang: Lang) -> Json {
        render(
            self.provider,
            self.profile,
            &self.answer,
            &self.report,
            lang,
        )
    }

    /// The share request (or each planned request) in the provider's own parameter names.
    pub fn requests(&self) -> &[ShareChange] {
        self.answer.requests()
    }
}

impl Answer {
    /// The share request, or each planned request; none for the other answers.
    pub fn requests(&self) -> &[ShareChange] {
        match self {
            Answer::Share { request, .. } => std::slice::from_ref(request),
            Answer::Plan { requests, .. } => requests,
            _ => &[],
        }
    }
}

/// [`Outcome::to_json`] from the outcome's parts, for a holder that keeps the report apart
/// (the C ABI's report handle, which checks refill in place).
pub(crate) fn render(
    provider: Provider,
    profile: Profile,
    answer: &Answer,
    report: &Report,
    lang: Lang,
) -> Json {
    let mut out = report_json(report, lang);
    out.set("kind", answer.key());
    out.set("provider", provider.key());
    if let Some(operation) = answer.operation() {
        out.set("operation", operation.key());
    }
    if let Answer::Field { field, .. } = answer {
        out.set("field", field.key());
    }
    out.set("profile", profile.key());
    let rules = &provider.rules().share;
    match answer {
        Answer::Share {
            shared_with,
            request,
        } => {
            out.set("shared_with", accounts(shared_with));
            out.set("request", request.to_provider_json(rules));
        }
        Answer::Plan {
            shared_with,
            requests,
        } => {
            out.set("shared_with", accounts(shared_with));
            out.set(
                "requests",
                Json::Arr(requests.iter().map(|r| r.to_provider_json(rules)).collect()),
            );
        }
        _ => {}
    }
    out
}

fn accounts(ids: &[String]) -> Json {
    Json::Arr(ids.iter().cloned().map(Json::from).collect())
}
