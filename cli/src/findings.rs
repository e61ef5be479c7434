//! What the pipeline readers found, and its two formats: text for people and JSON.

use crate::excerpt::{self, Values};
use crate::place::Place;
use crate::safe;
use image_preflight::json::Json;
use image_preflight::{Lang, Violation};
use std::fmt::Write;
use std::sync::Arc;

/// What a finding shows instead of a value Terraform marks sensitive.
pub const SENSITIVE: &str = "(sensitive)";

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
    /// The value as written, where the violation's span points into it: shared by every
    /// finding of one value (one copy, however many faults it has).
    pub value: Option<Arc<str>>,
    /// The value is marked sensitive (Terraform's `after_sensitive`): judged, never shown.
    pub sensitive: bool,
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

/// A builder, post-processor or resource of the clouds that the reader does not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotRead {
    pub address: String,
    pub resource_type: String,
    pub reason: String,
    pub place: Option<Place>,
}

/// An entry of a folder that was not read (a FIFO, a device, a socket...), and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The path, lossily decoded where it is not UTF-8.
    pub path: String,
    pub reason: String,
}

/// Everything one input gave.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub unknown: Vec<Unknown>,
    /// How many values were checked (known or partly known).
    pub checked: usize,
    /// Entries of a folder that were not read.
    pub skipped: Vec<Skipped>,
    pub not_read: Vec<NotRead>,
    /// Files with no image setting of the clouds at all.
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

    /// Whether anything is unknown until apply or build (`--fail-on-unknown` fails on it).
    pub fn has_unknown(&self) -> bool {
        !self.unknown.is_empty()
    }

    /// `{"valid", "checked", "findings": [...], "unknown": [...], "skipped": [...]}`, each
    /// finding quoting an excerpt of its value.
    pub fn to_json(&self, lang: Lang) -> Json {
        self.to_json_with(lang, Values::Excerpt)
    }

    pub fn to_json_with(&self, lang: Lang, values: Values) -> Json {
        let findings = self
            .findings
            .iter()
            .map(|f| f.to_json_with(lang, values))
            .collect();
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
        let skipped = self
            .skipped
            .iter()
            .map(|s| {
                Json::object()
                    .with("path", s.path.clone())
                    .with("reason", s.reason.clone())
            })
            .collect();
        Json::object()
            .with("valid", self.is_valid())
            .with("checked", self.checked)
            .with("findings", Json::Arr(findings))
            .with("unknown", Json::Arr(unknown))
            .with("skipped", Json::Arr(skipped))
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

    /// One block per finding (address, attribute, code, message, the value with the fault
    /// marked), the unknown values, and a summary line.
    pub fn to_text(&self, lang: Lang, unknown_until: &str) -> String {
        self.to_text_with(lang, unknown_until, Values::Excerpt)
    }

    pub fn to_text_with(&self, lang: Lang, unknown_until: &str, values: Values) -> String {
        let mut out = String::new();
        for f in &self.findings {
            out.push_str(&f.to_text_with(lang, values));
        }
        for u in &self.unknown {
            let _ = writeln!(
                out,
                "{}{}: {}: unknown until {unknown_until}",
                prefix(&u.place),
                safe::text(&u.address),
                safe::text(&u.attribute)
            );
        }
        for n in &self.not_read {
            let _ = writeln!(
                out,
                "{}{} ({}): not read: {}",
                prefix(&n.place),
                safe::text(&n.address),
                safe::text(&n.resource_type),
                safe::text(&n.reason)
            );
        }
        for file in &self.without_settings {
            let _ = writeln!(
                out,
                "{}: no image settings of Alibaba Cloud, Tencent Cloud or Volcengine in it",
                safe::text(file)
            );
        }
        for s in &self.skipped {
            let _ = writeln!(
                out,
                "{}: skipped: {}",
                safe::text(&s.path),
                safe::text(&s.reason)
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
    /// Marks the finding's value sensitive and forgets it: the value and the text the
    /// violation quotes from it become [`SENSITIVE`] in every format (the message is made from
    /// that quote, so it cannot carry the value either).
    pub fn hide(&mut self) {
        self.sensitive = true;
        self.value = None;
        if self.violation.found.is_some() {
            self.violation.found = Some(SENSITIVE.into());
        }
    }

    /// The finding's place, then every key of the library's violation JSON except its
    /// `field` (the subject), which becomes `field` here too; `value` is the excerpt that
    /// `value_excerpt` places in the whole value (null where `value` is whole).
    pub fn to_json(&self, lang: Lang) -> Json {
        self.to_json_with(lang, Values::Excerpt)
    }

    pub fn to_json_with(&self, lang: Lang, values: Values) -> Json {
        let mut out = Json::object()
            .with("address", self.address.clone())
            .with("type", self.resource_type.clone())
            .with("attribute", self.attribute.clone())
            .with("operation", self.operation);
        if let Json::Obj(entries) = excerpt::violation_json(&self.violation, lang, values) {
            for (k, v) in entries {
                out.set(k, v);
            }
        }
        let (value, placed) = match (&self.value, self.sensitive) {
            (_, true) => (Json::from(SENSITIVE), Json::Null),
            (None, false) => (Json::Null, Json::Null),
            (Some(value), false) => {
                let w = excerpt::window(value, self.violation.span.as_ref(), values);
                let placed = if w.is_whole() {
                    Json::Null
                } else {
                    Json::object()
                        .with("byte_start", w.byte_start)
                        .with("byte_end", w.byte_start + w.text.len())
                        .with("char_start", w.char_start)
                        .with("char_end", w.char_end)
                        .with("value_bytes", w.value_bytes)
                };
                (Json::from(w.text.to_string()), placed)
            }
        };
        out.set("value", value);
        out.set("value_excerpt", placed);
        out.set("sensitive", self.sensitive);
        if let Some(id) = &self.image_id {
            out.set("image_id", id.clone());
        }
        if let Some(also) = &self.also {
            out.set("also", also.clone());
        }
        with_place(out, &self.place)
    }

    pub fn to_text(&self, lang: Lang) -> String {
        self.to_text_with(lang, Values::Excerpt)
    }

    /// `address: attribute (operation): CODE [provider code]: message`, then the value (its
    /// excerpt, `…` where cut) with `^` under the fault; control characters escaped.
    pub fn to_text_with(&self, lang: Lang, values: Values) -> String {
        let (v, found_cut) = excerpt::shown(&self.violation, values);
        let mut out = String::new();
        let provider = match v.provider_code {
            Some(p) => match p.http_status {
                Some(h) => format!(" [{} {h}]", p.code),
                None => format!(" [{}]", p.code),
            },
            None => String::new(),
        };
        let message = excerpt::message(&v, lang, found_cut);
        let _ = writeln!(
            out,
            "{}{}: {} ({}): {}{provider}: {}",
            prefix(&self.place),
            safe::text(&self.address),
            safe::text(&self.attribute),
            self.operation,
            v.code,
            safe::text(&message)
        );
        if let Some(also) = &self.also {
            let _ = writeln!(out, "  also: {}", safe::text(also));
        }
        if self.sensitive {
            let _ = writeln!(out, "  {SENSITIVE}");
            return out;
        }
        if let Some(value) = &self.value {
            let (line, marks) = excerpt::marked(value, v.span.as_ref(), values);
            let _ = writeln!(out, "  {line}");
            if let Some(marks) = marks {
                let _ = writeln!(out, "  {marks}");
            }
        }
        out
    }
}

/// `file:line:column: `, as compilers and linters start a message; nothing without a place.
fn prefix(place: &Option<Place>) -> String {
    match place {
        Some(p) => format!("{}:{}:{}: ", safe::text(&p.file), p.line, p.column),
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
