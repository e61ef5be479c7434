//! Values Terraform marks sensitive: `change.after_sensitive` and `change.before_sensitive`
//! mirror `after` and `before`, with `true` where a value is sensitive (the whole side, one
//! attribute, or one element of a list). Such a value is judged like any other, and shown as
//! `(sensitive)` in every format ([`crate::findings::Finding::hide`]).

use serde_json::Value;

/// Whether `mask` (an `*_sensitive` side) marks `attribute`, or its element `index`, sensitive.
pub fn marked(mask: &Value, attribute: &str, index: Option<usize>) -> bool {
    if mask == &Value::Bool(true) {
        return true;
    }
    match mask.get(attribute) {
        Some(Value::Bool(true)) => true,
        Some(Value::Array(items)) => {
            index.is_some_and(|i| items.get(i) == Some(&Value::Bool(true)))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_side_an_attribute_or_an_element() {
        assert!(marked(&json!(true), "image_name", None));
        assert!(marked(&json!({"image_name": true}), "image_name", None));
        assert!(!marked(&json!({"image_name": false}), "image_name", None));
        assert!(!marked(&json!({}), "image_name", None));
        assert!(!marked(&Value::Null, "image_name", None));
        assert!(marked(&json!({"ids": true}), "ids", Some(3)));
        assert!(marked(&json!({"ids": [false, true]}), "ids", Some(1)));
        assert!(!marked(&json!({"ids": [false, true]}), "ids", Some(0)));
    }
}
