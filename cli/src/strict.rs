//! JSON read with every key kept: `serde_json::Value` keeps the last of two equal keys in an
//! object and drops the first without a word, so a request body or a resource's `after` with
//! `"ImageName"` twice would have one of its values never checked. Here a repeated key is an
//! error with its line and column (the command exits 2), as Terraform and the clouds' own
//! parsers may take either value.

use crate::input::ReadError;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Parses `text` as JSON, refusing a key repeated in one object; `what` starts the message.
pub fn parse(text: &str, what: &str) -> Result<Value, ReadError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Strict::deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v.0))
        .map_err(|e| ReadError::json(what, &e))?;
    Ok(value)
}

/// [`parse`] for a piece of `whole` (a raw value borrowed from it): the error's line and
/// column are counted in `whole`, where the user can find them.
pub fn parse_within(piece: &str, whole: &str, what: &str) -> Result<Value, ReadError> {
    parse(piece, what).map_err(|mut e| {
        let offset = (piece.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
        if let (Some(line), Some(before)) = (e.line, whole.get(..offset)) {
            let lines_before = before.bytes().filter(|&b| b == b'\n').count();
            if line == 1 {
                let last = before.rfind('\n').map_or(0, |p| p + 1);
                e.column = e.column.map(|c| c + before[last..].chars().count());
            }
            e.line = Some(line + lines_before);
        }
        e
    })
}

struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Strict, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(n.into()))
    }

    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Number::from_f64(n).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Strict::deserialize(d).map(|s| s.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "the key {key:?} is given twice in one object (only one would be checked)"
                )));
            }
            let Strict(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_key_is_an_error_at_its_place() {
        let e = parse("{\"a\": 1,\n \"b\": {\"x\": 1, \"x\": 2}}", "body").unwrap_err();
        assert!(e.message.contains("\"x\" is given twice"), "{e}");
        assert_eq!(e.line, Some(2));
        let v = parse(r#"{"a": [1, 2.5, "s", null, true, {"a": 1}]}"#, "body").unwrap();
        assert_eq!(v["a"][5]["a"], 1);
        let whole = "{\n  \"after\": {\"k\": 1, \"k\": 2}}";
        let at = whole.find("{\"k\"").unwrap();
        let e = parse_within(&whole[at..whole.len() - 1], whole, "after").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(23)), "{e}");
    }
}
