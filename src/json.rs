//! A small JSON value and writer.
//!
//! The rule export and the reports cross the C ABI as JSON, so the library must write JSON
//! itself; a few dozen lines here keep serde out of what C programs link.

use std::borrow::Cow;
use std::fmt::{self, Write};

/// A JSON value. Objects keep their keys in insertion order, so output is stable.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i64),
    Str(Cow<'static, str>),
    Arr(Vec<Json>),
    Obj(Vec<(Cow<'static, str>, Json)>),
}

impl Json {
    /// An empty object, to be filled with [`Json::set`].
    pub fn object() -> Json {
        Json::Obj(Vec::new())
    }

    /// Adds `key: value` to an object (and does nothing to any other value).
    pub fn set(&mut self, key: impl Into<Cow<'static, str>>, value: impl Into<Json>) -> &mut Json {
        if let Json::Obj(entries) = self {
            entries.push((key.into(), value.into()));
        }
        self
    }

    /// Builder form of [`Json::set`].
    pub fn with(mut self, key: impl Into<Cow<'static, str>>, value: impl Into<Json>) -> Json {
        self.set(key, value);
        self
    }

    /// Pretty-printed with two-space indentation.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(0))
            .expect("writing to a String cannot fail");
        out
    }

    fn write(&self, out: &mut impl Write, indent: Option<usize>) -> fmt::Result {
        let newline = |out: &mut dyn Write, level: usize| -> fmt::Result {
            if indent.is_some() {
                out.write_char('\n')?;
                for _ in 0..level {
                    out.write_str("  ")?;
                }
            }
            Ok(())
        };
        let level = indent.unwrap_or(0);
        let inner = indent.map(|i| i + 1);
        match self {
            Json::Null => out.write_str("null"),
            Json::Bool(b) => write!(out, "{b}"),
            Json::Int(n) => write!(out, "{n}"),
            Json::Str(s) => write_string(out, s),
            Json::Arr(items) if items.is_empty() => out.write_str("[]"),
            Json::Arr(items) => {
                out.write_char('[')?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.write_char(',')?;
                    }
                    newline(out, level + 1)?;
                    item.write(out, inner)?;
                }
                newline(out, level)?;
                out.write_char(']')
            }
            Json::Obj(entries) if entries.is_empty() => out.write_str("{}"),
            Json::Obj(entries) => {
                out.write_char('{')?;
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.write_char(',')?;
                    }
                    newline(out, level + 1)?;
                    write_string(out, k)?;
                    out.write_str(if indent.is_some() { ": " } else { ":" })?;
                    v.write(out, inner)?;
                }
                newline(out, level)?;
                out.write_char('}')
            }
        }
    }
}

/// Compact, on one line.
impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f, None)
    }
}

fn write_string(out: &mut impl Write, s: &str) -> fmt::Result {
    out.write_char('"')?;
    // The text between two chars to escape is written in one piece: char by char, a found
    // text of a megabyte took a second to write in the npm package.
    let mut plain = 0;
    for (i, c) in s.char_indices() {
        let escaped = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            // U+2028/U+2029 are escaped so the output is also valid JavaScript source.
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => "",
            _ => continue,
        };
        out.write_str(&s[plain..i])?;
        plain = i + c.len_utf8();
        if escaped.is_empty() {
            // `\u` and four hex digits, as one piece.
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let cp = c as usize;
            let digits = [12, 8, 4, 0].map(|shift| HEX[(cp >> shift) & 0xF]);
            let escape = [b'\\', b'u', digits[0], digits[1], digits[2], digits[3]];
            out.write_str(std::str::from_utf8(&escape).expect("ASCII"))?;
        } else {
            out.write_str(escaped)?;
        }
    }
    out.write_str(&s[plain..])?;
    out.write_char('"')
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl From<usize> for Json {
    fn from(n: usize) -> Json {
        Json::Int(n as i64)
    }
}

impl From<u16> for Json {
    fn from(n: u16) -> Json {
        Json::Int(n.into())
    }
}

impl From<&'static str> for Json {
    fn from(s: &'static str) -> Json {
        Json::Str(Cow::Borrowed(s))
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::Str(Cow::Owned(s))
    }
}

impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(o: Option<T>) -> Json {
        o.map_or(Json::Null, Into::into)
    }
}

impl<T: Into<Json>> From<Vec<T>> for Json {
    fn from(items: Vec<T>) -> Json {
        Json::Arr(items.into_iter().map(Into::into).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_orders() {
        let j = Json::object()
            .with("b", "q\"\\\n\u{1}\u{2028}")
            .with("a", vec![1usize, 2])
            .with("n", None::<bool>);
        assert_eq!(
            j.to_string(),
            r#"{"b":"q\"\\\n\u0001\u2028","a":[1,2],"n":null}"#
        );
        assert_eq!(Json::object().pretty(), "{}");
        assert_eq!(
            Json::object().with("a", true).pretty(),
            "{\n  \"a\": true\n}"
        );
    }
}
