//! What the pipeline readers found, and its two formats: text for people and JSON.

use crate::place::Place;
use crate::render;
use image_preflight::json::Json;
use image_preflight::{Lang, Violation, export};
use std::fmt::Write;

/// One violation in one attribute of one resource (or builder, or request parameter).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Where it is: a Terraform resource address, a Packer source, a request.
    pub address: String,
    /// The resource or builder type (`alicloud_image`, `alicloud-ecs`, the API action).
    pub resource_type: String,
    /// The attribute or parameter as written (`image_name`, `AddAccount`).
    pub attribute: String,
    /// The API call it goes to: an operation key (`create`, `modify`, `copy`, `import`) or
    /// `share` for ModifyImageSharePermission.
    pub operation: &'static str,
    /// The value as written, where the violation's span points into it.
    pub value: Option<String>,
    /// The image a share finding is about, where known.
    pub image_id: Option<String>,
    pub violation: Violation,
    /// Where the value is in its file, when the input is a file.
    pub place: Option<Place>,
    /// Another resource the finding is about too (the one that first shared the account).
    pub also: Option<String>,
}

/// A value the reader cannot know until apply or build time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unknown {
    pub address: String,
    pub attribute: String,
    pub place: Option<Place>,
}

/// A builder, post-processor or resource of the three clouds that the reader does not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotRead {
    pub address: String,
    pub resource_type: String,
    pub reason: String,
    pub place: Option<Place>,
}

/// Everything one input gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub unknown: Vec<Unknown>,
    /// How many values were checked (known or partly known).
    pub checked: usize,
    pub not_read: Vec<NotRead>,
    /// Files with no image setting of the three clouds at all.
    pub without_settings: Vec<String>,
}

impl Outcome {
    pub fn is_valid(&self) -> bool {
        self.findings.is_empty()
    }

    pub fn unknown(&mut self, address: &str, attribute: &str) {
        self.unknown.push(Unknown {
            address: address.to_string(),
            attribute: attribute.to_string(),
            place: None,
        });
    }

    /// `{"valid", "checked", "findings": [...], "unknown": [...]}`.
    pub fn to_json(&self, lang: Lang) -> Json {
        let findings = self.findings.iter().map(|f| f.to_json(lang)).collect();
        let unknown = self
            .unknown
            .iter()
            .map(|u| {
                with_place(
                    Json::object()
                        .with("address", u.address.clone())
                        .with("attribute", u.attribute.clone()),
                    &u.place,
                )
            })
            .collect();
        let not_read = self
            .not_read
            .iter()
            .map(|n| {
                with_place(
                    Json::object()
                        .with("address", n.address.clone())
                        .with("type", n.resource_type.clone())
                        .with("reason", n.reason.clone()),
                    &n.place,
                )
            })
            .collect();
        Json::object()
            .with("valid", self.is_valid())
            .with("checked", self.checked)
            .with("findings", Json::Arr(findings))
            .with("unknown", Json::Arr(unknown))
            .with("not_read", Json::Arr(not_read))
            .with(
                "without_settings",
                Json::Arr(
                    self.without_settings
                        .iter()
                        .cloned()
                        .map(Json::from)
                        .collect(),
                ),
            )
    }

    /// Whether anything is unknown until apply or build (`--fail-on-unknown` fails on it).
    pub fn has_unknown(&self) -> bool {
        !self.unknown.is_empty()
    }

    /// One block per finding (address, attribute, code, message, the value with the fault
    /// marked), the unknown values, and a summary line.
    pub fn to_text(&self, lang: Lang, unknown_until: &str) -> String {
        let mut out = String::new();
        for f in &self.findings {
            out.push_str(&f.to_text(lang));
        }
        for u in &self.unknown {
            let _ = writeln!(
                out,
                "{}{}: {}: unknown until {unknown_until}",
                prefix(&u.place),
                u.address,
                u.attribute
            );
        }
        for n in &self.not_read {
            let _ = writeln!(
                out,
                "{}{} ({}): not read: {}",
                prefix(&n.place),
                n.address,
                n.resource_type,
                n.reason
            );
        }
        for file in &self.without_settings {
            let _ = writeln!(
                out,
                "{file}: no image settings of Alibaba Cloud, Tencent Cloud or Volcengine in it"
            );
        }
        let _ = writeln!(
            out,
            "{}: {} value(s) checked, {} finding(s), {} unknown until {unknown_until}",
            if self.is_valid() { "ok" } else { "refused" },
            self.checked,
            self.findings.len(),
            self.unknown.len()
        );
        out
    }
}

impl Finding {
    /// The finding's place, then every key of the library's violation JSON except its
    /// `field` (the subject), which becomes `field` here too.
    pub fn to_json(&self, lang: Lang) -> Json {
        let mut out = Json::object()
            .with("address", self.address.clone())
            .with("type", self.resource_type.clone())
            .with("attribute", self.attribute.clone())
            .with("operation", self.operation);
        if let Json::Obj(entries) = export::violation_json(&self.violation, lang) {
            for (k, v) in entries {
                out.set(k, v);
            }
        }
        out.set("value", self.value.clone());
        if let Some(id) = &self.image_id {
            out.set("image_id", id.clone());
        }
        if let Some(also) = &self.also {
            out.set("also", also.clone());
        }
        with_place(out, &self.place)
    }

    pub fn to_text(&self, lang: Lang) -> String {
        let v = &self.violation;
        let mut out = String::new();
        let provider = match v.provider_code {
            Some(p) => match p.http_status {
                Some(h) => format!(" [{} {h}]", p.code),
                None => format!(" [{}]", p.code),
            },
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "{}{}: {} ({}): {}{provider}: {}",
            prefix(&self.place),
            self.address,
            self.attribute,
            self.operation,
            v.code,
            v.message(lang)
        );
        if let Some(also) = &self.also {
            let _ = writeln!(out, "  also: {also}");
        }
        if let Some(value) = &self.value {
            match &v.span {
                Some(span) => {
                    let (line, marks) = render::marked(value, span);
                    let _ = writeln!(out, "  {line}\n  {marks}");
                }
                None => {
                    let _ = writeln!(out, "  {}", render::marked(value, &Default::default()).0);
                }
            }
        }
        out
    }
}

/// `file:line:column: `, as compilers and linters start a message; nothing without a place.
fn prefix(place: &Option<Place>) -> String {
    match place {
        Some(p) => format!("{}:{}:{}: ", p.file, p.line, p.column),
        None => String::new(),
    }
}

/// `file`, `line` and `column` added to an object, when there is a place.
fn with_place(mut json: Json, place: &Option<Place>) -> Json {
    if let Some(p) = place {
        json.set("file", p.file.clone());
        json.set("line", p.line);
        json.set("column", p.column);
    }
    json
}
