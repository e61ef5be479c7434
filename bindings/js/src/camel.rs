//! The core's JSON in JavaScript's spelling: `provider_code` becomes `providerCode`, and a
//! violation's `field` (and a report's `counts` key) names the field as the JavaScript API
//! does (`boot_mode` becomes `bootMode`). Renaming the core's own output, rather than writing
//! it again, keeps every key the core adds.

use image_preflight::json::Json;
use std::borrow::Cow;

/// `json` with every object key, and every value of a `field` key, in camelCase.
pub fn camel(json: Json) -> Json {
    match json {
        Json::Obj(entries) => Json::Obj(
            entries
                .into_iter()
                .map(|(key, value)| {
                    let value = match value {
                        Json::Str(s) if key == "field" => Json::Str(camel_case(s)),
                        other => camel(other),
                    };
                    (camel_case(key), value)
                })
                .collect(),
        ),
        Json::Arr(items) => Json::Arr(items.into_iter().map(camel).collect()),
        other => other,
    }
}

/// `snake_case` as `snakeCase` (keys are ASCII); a word without `_` is returned as it is,
/// unallocated.
pub fn camel_case(s: Cow<'static, str>) -> Cow<'static, str> {
    if !s.contains('_') {
        return s;
    }
    let mut out = String::with_capacity(s.len());
    let mut upper = false;
    for c in s.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_field_names_only() {
        let json = Json::object()
            .with("provider_code", "Invalid_Thing")
            .with("field", "boot_mode")
            .with("found", "a_b")
            .with(
                "span",
                Json::object().with("utf16_start", 1usize).with("x", true),
            );
        assert_eq!(
            camel(json).to_string(),
            r#"{"providerCode":"Invalid_Thing","field":"bootMode","found":"a_b","span":{"utf16Start":1,"x":true}}"#
        );
    }
}
