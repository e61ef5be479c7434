//! Reports and the rule tables as JSON: the one format the command line, the C ABI and the
//! bindings share.

use crate::json::Json;
use crate::report::Report;
use crate::rules::{
    Empty, Field, FieldRule, Forbidden, Operation, Profile, Provider, ProviderCode, Refusal,
    ShareShape, Sharing,
};
use crate::text::{CharSet, Counts, Span};
use crate::violation::{Lang, Violation};

/// `{"code": ..., "http_status": ...}` or `null`.
pub fn provider_code_json(code: Option<ProviderCode>) -> Json {
    code.map_or(Json::Null, |c| {
        Json::object()
            .with("code", c.code)
            .with("http_status", c.http_status)
    })
}

pub fn span_json(span: &Span) -> Json {
    Json::object()
        .with("byte_start", span.byte_start)
        .with("byte_end", span.byte_end)
        .with("char_start", span.char_start)
        .with("char_end", span.char_end)
        .with("utf16_start", span.utf16_start)
        .with("utf16_end", span.utf16_end)
        .with("grapheme_start", span.grapheme_start)
        .with("grapheme_end", span.grapheme_end)
}

pub fn counts_json(c: &Counts) -> Json {
    Json::object()
        .with("bytes", c.bytes)
        .with("chars", c.chars)
        .with("utf16", c.utf16)
        .with("graphemes", c.graphemes)
}

/// One violation with its message in `lang`.
pub fn violation_json(v: &Violation, lang: Lang) -> Json {
    Json::object()
        .with("field", v.field.key())
        .with("code", v.code.key())
        .with("provider_code", v.provider_code.map(|c| c.code))
        .with("http_status", v.http_status())
        .with("message", v.message(lang))
        .with("span", v.span.as_ref().map_or(Json::Null, span_json))
        .with("limit", v.limit)
        .with("actual", v.actual)
        .with("found", v.found.as_deref().map(str::to_owned))
        .with("index", v.index)
        .with(
            "allowed",
            v.allowed.map_or(Json::Null, |list| {
                Json::Arr(list.iter().map(|&a| a.into()).collect())
            }),
        )
}

/// `{"valid", "violations", "counts"}`.
pub fn report_json(report: &Report, lang: Lang) -> Json {
    let mut counts = Json::object();
    for f in Field::ALL {
        if let Some(c) = report.counts(*f) {
            counts.set(f.key(), counts_json(&c));
        }
    }
    Json::object()
        .with("valid", report.is_valid())
        .with(
            "violations",
            Json::Arr(
                report
                    .violations
                    .iter()
                    .map(|v| violation_json(v, lang))
                    .collect(),
            ),
        )
        .with("counts", counts)
}

fn charset_json(set: &CharSet) -> Json {
    Json::object()
        .with("letters", set.letters)
        .with("lower_only", set.lower_only)
        .with("digits", set.digits)
        .with("han", set.han)
        .with("extra", set.extra)
}

fn forbidden_json(list: &[Forbidden]) -> Json {
    Json::Arr(
        list.iter()
            .map(|f| {
                Json::object()
                    .with("text", f.text)
                    .with("ignore_case", f.ignore_case)
            })
            .collect(),
    )
}

/// One field rule: its bounds, characters, forbidden texts, codes and source.
pub fn field_rule_json(rule: &FieldRule) -> Json {
    let codes = if rule.one_of.is_empty() {
        Json::object()
            .with("too_short", provider_code_json(rule.codes.too_short))
            .with("too_long", provider_code_json(rule.codes.too_long))
            .with("malformed", provider_code_json(rule.codes.malformed))
    } else {
        Json::object().with("not_one_of", provider_code_json(rule.codes.malformed))
    };
    Json::object()
        .with("supported", true)
        .with("parameter", rule.parameter)
        .with("pattern", crate::pattern::js_pattern(Some(rule)))
        .with("minlength", rule.min_chars)
        .with("maxlength", rule.max_chars)
        .with("length_unit", "code points")
        // A browser's maxlength counts UTF-16 units, two for a char past U+FFFF (an emoji):
        // twice the limit never cuts a value the library accepts; the pattern enforces the
        // real limit in code points.
        .with("html_maxlength", rule.max_chars.map(|m| m * 2))
        .with(
            "hint",
            Json::object()
                .with("en", hint(rule, Lang::En))
                .with("zh", hint(rule, Lang::Zh)),
        )
        .with("empty", rule.empty.key())
        .with(
            "one_of",
            if rule.one_of.is_empty() {
                Json::Null
            } else {
                Json::Arr(rule.one_of.iter().map(|&v| v.into()).collect())
            },
        )
        .with("allowed", rule.allowed.map_or(Json::Null, charset_json))
        .with("first", rule.first.map_or(Json::Null, charset_json))
        .with("last", rule.last.map_or(Json::Null, charset_json))
        .with(
            "forbidden_prefixes",
            forbidden_json(rule.forbidden_prefixes),
        )
        .with(
            "forbidden_substrings",
            forbidden_json(rule.forbidden_substrings),
        )
        .with("provider_codes", codes)
        .with("source", source_json(&rule.source))
}

/// What a field takes, in words, for a form to show beside it: generated from the rule, so
/// it says what the library checks.
pub fn hint(rule: &FieldRule, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    if !rule.one_of.is_empty() {
        let values = rule.one_of.join(if zh { "、" } else { ", " });
        return if zh {
            format!("以下之一（须完全一致）：{values}。留空则保持原值。")
        } else {
            format!("One of, exactly as written: {values}. Empty keeps the current value.")
        };
    }
    let mut parts: Vec<String> = Vec::new();
    let (min, max) = (rule.min_chars, rule.max_chars);
    parts.push(match (max, zh) {
        (Some(max), false) if min > 0 => format!("{min} to {max} characters"),
        (Some(max), false) => format!("at most {max} characters"),
        (None, false) => "any length".into(),
        (Some(max), true) if min > 0 => format!("{min} 到 {max} 个字符"),
        (Some(max), true) => format!("最多 {max} 个字符"),
        (None, true) => "长度不限".into(),
    });
    let set_words = |set: &CharSet| {
        let mut words: Vec<String> = Vec::new();
        if set.letters {
            words.push(
                match (zh, set.lower_only) {
                    (false, false) => "letters",
                    (false, true) => "lower-case letters",
                    (true, false) => "英文字母",
                    (true, true) => "小写英文字母",
                }
                .into(),
            );
        }
        if set.han {
            words.push(if zh { "中文" } else { "Chinese characters" }.into());
        }
        if set.digits {
            words.push(if zh { "数字" } else { "digits" }.into());
        }
        // Each extra char quoted on its own, so a rule that allows "." never reads "_ - .." at
        // the end of a sentence; one that cannot be seen (space, TAB, LF) is named, as
        // messages name it.
        for c in set.extra.chars() {
            words.push(match (crate::violation::invisible_name(c), zh) {
                (Some(names), zh) => names[usize::from(zh)].into(),
                (None, false) => format!("\"{c}\""),
                (None, true) => format!("“{c}”"),
            });
        }
        words.join(if zh { "、" } else { ", " })
    };
    if let Some(first) = &rule.first {
        parts.push(if zh {
            format!("以{}开头", set_words(first).replace("、", "或"))
        } else {
            format!("starting with {}", set_words(first).replace(", ", " or "))
        });
    }
    if let Some(last) = &rule.last {
        parts.push(if zh {
            format!("以{}结尾", set_words(last).replace("、", "或"))
        } else {
            format!("ending with {}", set_words(last).replace(", ", " or "))
        });
    }
    if let Some(allowed) = &rule.allowed {
        parts.push(if zh {
            format!("可包含{}", set_words(allowed))
        } else {
            format!("made of {}", set_words(allowed))
        });
    }
    let forbidden = |list: &[crate::rules::Forbidden]| {
        list.iter()
            .map(|f| f.text.to_string())
            .collect::<Vec<_>>()
            .join(if zh { " 或 " } else { " or " })
    };
    // Each clause in English and in Chinese, which puts the texts in the middle of a prefix rule.
    let clauses = [
        (
            rule.forbidden_prefixes,
            "not starting with ",
            "不能以 ",
            " 开头",
        ),
        (
            rule.forbidden_substrings,
            "not containing ",
            "不能包含 ",
            "",
        ),
    ];
    for (list, en, zh_before, zh_after) in clauses {
        if list.is_empty() {
            continue;
        }
        let case = match (list.iter().any(|f| f.ignore_case), zh) {
            (true, false) => " in any case",
            (true, true) => "（不区分大小写）",
            _ => "",
        };
        parts.push(if zh {
            format!("{zh_before}{}{zh_after}{case}", forbidden(list))
        } else {
            format!("{en}{}{case}", forbidden(list))
        });
    }
    let empty = match (rule.empty, zh) {
        (Empty::Keep, false) => "Empty keeps the current value.",
        (Empty::Clear, false) => "Empty clears the value.",
        (Empty::Invalid, false) => "Required.",
        (Empty::Keep, true) => "留空则保持原值。",
        (Empty::Clear, true) => "留空则清除。",
        (Empty::Invalid, true) => "必填。",
    };
    if zh {
        format!("{}。{empty}", parts.join("；"))
    } else {
        let mut text = parts.join("; ");
        if let Some(first) = text.get(..1) {
            text = first.to_ascii_uppercase() + &text[1..];
        }
        format!("{text}. {empty}")
    }
}

fn source_json(s: &crate::rules::Source) -> Json {
    Json::object()
        .with("document", s.document)
        .with("date", s.date)
        .with("note", s.note)
        .with("published", s.published)
}

fn refusal_json(r: Option<Refusal>) -> Json {
    match r {
        None => Json::Null,
        Some(r) => Json::object().with("provider_code", provider_code_json(r.provider_code)),
    }
}

fn states_json(states: &[crate::rules::ImageState]) -> Json {
    Json::Arr(
        states
            .iter()
            .map(|st| {
                Json::object()
                    .with("name", st.name)
                    .with("shareable", st.shareable)
                    .with("deprecated", st.deprecated)
            })
            .collect(),
    )
}

fn principal_json(p: &crate::rules::Principal) -> Json {
    Json::object()
        .with("kind", p.kind)
        .with("parameter", p.parameter)
        .with("form", Json::object().with("en", p.en).with("zh", p.zh))
        .with("counted", p.counted)
        .with("public", p.public)
}

fn share_json(provider: Provider, profile: Profile) -> Json {
    let s = match provider.rules().share {
        Sharing::Call(rules) => rules,
        Sharing::NoCall {
            en,
            zh,
            states,
            source,
        } => {
            return Json::object()
                .with("supported", false)
                .with("reason", Json::object().with("en", en).with("zh", zh))
                .with("states", states_json(states))
                .with("source", source_json(&source));
        }
    };
    let shape = match s.shape {
        ShareShape::Permission {
            accounts,
            permission,
            share,
            cancel,
        } => Json::object()
            .with("accounts", accounts)
            .with("permission", permission)
            .with("share", share)
            .with("cancel", cancel),
        ShareShape::Lists { add, remove } => Json::object().with("add", add).with("remove", remove),
        ShareShape::Items {
            container,
            add,
            remove,
        } => Json::object()
            .with("container", container)
            .with("add", add)
            .with("remove", remove),
    };
    Json::object()
        .with("supported", true)
        .with("action", s.action)
        .with("parameters", shape)
        .with(
            "principals",
            Json::Arr(s.principals.iter().map(principal_json).collect()),
        )
        .with("per_image", s.per_image.get(profile))
        .with("per_image_code", provider_code_json(s.per_image_code))
        .with("per_request", s.per_request)
        .with("per_request_code", provider_code_json(s.per_request_code))
        .with("states", states_json(s.states))
        .with("self_share", refusal_json(Some(s.self_share)))
        .with("already_shared", refusal_json(Some(s.already_shared)))
        .with("bad_account", refusal_json(Some(s.bad_account)))
        .with("encrypted", refusal_json(s.encrypted))
        .with(
            "encrypted_customer_key",
            refusal_json(s.encrypted_customer_key),
        )
        .with("encrypted_public", refusal_json(s.encrypted_public))
        .with("byol", refusal_json(s.byol))
        .with("source", source_json(&s.source))
}

/// One provider's rules under `profile`: `{operation: {field: {...}}, "share": {...}}`.
pub fn provider_rules_json(provider: Provider, profile: Profile) -> Json {
    let rules = provider.rules();
    let mut out = Json::object().with("name", rules.display_name);
    for op in Operation::ALL {
        let mut fields = Json::object();
        for f in Field::ALL {
            let rule = rules.field(*op, *f, profile);
            fields.set(
                f.key(),
                rule.map_or_else(
                    || {
                        Json::object()
                            .with("supported", false)
                            .with("pattern", crate::pattern::js_pattern(None))
                    },
                    field_rule_json,
                ),
            );
        }
        out.set(op.key(), fields);
    }
    // Each API action whose fields are judged, with the operation it is judged as (EC2's
    // RegisterImage as create, beside CreateImage).
    let mut actions = Json::object();
    for name in rules.action_names() {
        let op = rules
            .operation_of(name)
            .expect("a named action has an operation");
        actions.set(name, op.key());
    }
    out.with("actions", actions)
        .with("share", share_json(provider, profile))
        .with("cross", cross_json(rules.cross))
        .with("conflicts", conflicts_json(rules.conflicts))
}

/// The rules between two fields of one request: when `when` is sent with one of `is`, `then`,
/// if sent, must be one of `must_be` (a `NOT_ONE_OF` on `then` otherwise).
pub fn cross_json(cross: &[crate::rules::CrossRule]) -> Json {
    let strs = |list: &[&'static str]| Json::Arr(list.iter().map(|&v| v.into()).collect());
    Json::Arr(
        cross
            .iter()
            .map(|c| {
                Json::object()
                    .with(
                        "operations",
                        Json::Arr(c.operations.iter().map(|o| o.key().into()).collect()),
                    )
                    .with("when", c.when.key())
                    .with("is", strs(c.is))
                    .with("then", c.then.key())
                    .with("must_be", strs(c.must_be))
                    .with("refusal", refusal_json(Some(c.refusal)))
                    .with("source", source_json(&c.source))
            })
            .collect(),
    )
}

/// Where the provider's official texts disagree, each reading, and what each profile takes.
pub fn conflicts_json(conflicts: &[crate::rules::Conflict]) -> Json {
    Json::Arr(
        conflicts
            .iter()
            .map(|c| {
                Json::object()
                    .with(
                        "operations",
                        Json::Arr(c.operations.iter().map(|o| o.key().into()).collect()),
                    )
                    .with("field", c.field.key())
                    .with("topic", c.topic)
                    .with(
                        "readings",
                        Json::Arr(
                            c.readings
                                .iter()
                                .map(|r| {
                                    Json::object()
                                        .with("document", r.document)
                                        .with("says", r.says)
                                })
                                .collect(),
                        ),
                    )
                    .with("resolution", c.resolution)
            })
            .collect(),
    )
}

/// Every provider's rules under `profile` (or only `provider`'s): `{provider: {...}}`.
///
/// Without the `texts` feature the tables hold no citations, notes or conflicts, so neither
/// does this: the npm package ships the export made with them (examples/js_rules.rs).
pub fn rules_json(provider: Option<Provider>, profile: Profile) -> Json {
    let mut out = Json::object();
    for p in Provider::ALL
        .iter()
        .filter(|p| provider.is_none_or(|only| only == **p))
    {
        out.set(p.key(), provider_rules_json(*p, profile));
    }
    out
}
