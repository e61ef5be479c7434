//! `image-preflight check --input FILE|-`: one value per line in, one JSON object per line out.
//!
//! Built for millions of values: the input is streamed, a valid value costs the library's fast
//! path and one buffered write, and only an invalid one builds a full report.

use crate::excerpt::{self, Values};
use crate::input::{MAX_VALUE_BYTES, ReadError, over_limit_message};
use image_preflight::json::Json;
use image_preflight::rules::FieldRule;
use image_preflight::{Field, Lang, check_rule, rule_accepts};
use std::io::{BufRead, Read, Write};

/// What a batch found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub lines: usize,
    pub invalid: usize,
}

/// Checks each line of `input` (without its `\n` or `\r\n`) by `rule`, writing
/// `{"line", "value", "valid", "violations"}` per line to `out`.
///
/// A line that is not UTF-8, or longer than [`MAX_VALUE_BYTES`], stops the batch with an error
/// naming it (lines before it have been written): a value the library cannot read is never
/// silently changed or skipped, and no line is buffered past the limit (`/dev/zero` has none).
pub fn run(
    rule: &FieldRule,
    field: Field,
    lang: Lang,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> Result<Totals, ReadError> {
    let mut totals = Totals::default();
    let mut buf = Vec::with_capacity(256);
    let mut line_out = String::with_capacity(256);
    loop {
        if !next_line(input, &mut buf, &mut totals)? {
            break;
        }
        let value = std::str::from_utf8(&buf).map_err(|e| {
            ReadError::at(
                "not valid UTF-8",
                totals.lines,
                String::from_utf8_lossy(&buf[..e.valid_up_to()])
                    .chars()
                    .count()
                    + 1,
            )
        })?;
        line_out.clear();
        line_out.push_str("{\"line\":");
        line_out.push_str(itoa(totals.lines, &mut [0u8; 20]));
        line_out.push_str(",\"value\":");
        push_json_string(&mut line_out, value);
        if rule_accepts(rule, field, value) {
            line_out.push_str(",\"valid\":true,\"violations\":[]}\n");
        } else {
            totals.invalid += 1;
            let report = check_rule(rule, field, value);
            let violations: Vec<Json> = report
                .violations
                .iter()
                .map(|v| excerpt::violation_json(v, lang, Values::Excerpt))
                .collect();
            line_out.push_str(",\"valid\":false,\"violations\":");
            line_out.push_str(&Json::Arr(violations).to_string());
            line_out.push_str("}\n");
        }
        out.write_all(line_out.as_bytes())
            .map_err(|e| ReadError::new(format!("cannot write the output: {e}")))?;
    }
    out.flush()
        .map_err(|e| ReadError::new(format!("cannot write the output: {e}")))?;
    Ok(totals)
}

/// `n` in decimal, in `buf`.
/// Reads the next line into `buf`, without its `\n` or `\r\n`, and counts it in `totals`.
/// Never buffers past the size limit: a longer line is an error naming its number. `false` at
/// the end of the input. Both batch formats read their lines through this.
pub(crate) fn next_line(
    input: &mut impl BufRead,
    buf: &mut Vec<u8>,
    totals: &mut Totals,
) -> Result<bool, ReadError> {
    buf.clear();
    // The limit, and room for "\r\n": one byte more is a line over the limit.
    let n = Read::take(&mut *input, MAX_VALUE_BYTES as u64 + 2)
        .read_until(b'\n', buf)
        .map_err(|e| ReadError::new(format!("cannot read the input: {e}")))?;
    if n == 0 {
        return Ok(false);
    }
    totals.lines += 1;
    if buf.last() == Some(&b'\n') {
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
    }
    if buf.len() > MAX_VALUE_BYTES {
        return Err(ReadError {
            message: over_limit_message(buf.len()),
            line: Some(totals.lines),
            column: None,
        });
    }
    Ok(true)
}

fn itoa(mut n: usize, buf: &mut [u8; 20]) -> &str {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[at..]).expect("digits are ASCII")
}

/// `s` as a JSON string: printable ASCII without quotes or backslashes is copied as it is;
/// anything else goes through the library's JSON writer, so both spell escapes the same way.
fn push_json_string(out: &mut String, s: &str) {
    if s.bytes()
        .all(|b| (0x20..0x7f).contains(&b) && b != b'"' && b != b'\\')
    {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        out.push_str(&Json::from(s.to_string()).to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image_preflight::{Operation, Profile, Provider};

    #[test]
    fn each_line_is_one_object() {
        let rule = Provider::Alibaba
            .rules()
            .field(Operation::Modify, Field::Name, Profile::Latest)
            .unwrap();
        let mut out = Vec::new();
        let input = "web-1\r\n1bad\n\"q\"\n";
        let t = run(rule, Field::Name, Lang::En, &mut input.as_bytes(), &mut out).unwrap();
        assert_eq!(
            t,
            Totals {
                lines: 3,
                invalid: 2
            }
        );
        let lines: Vec<serde_json::Value> = String::from_utf8(out)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["value"], "web-1");
        assert_eq!(lines[0]["valid"], true);
        assert_eq!(lines[1]["violations"][0]["code"], "BAD_START");
        assert_eq!(lines[2]["value"], "\"q\"");
        assert_eq!(itoa(1234567, &mut [0; 20]), "1234567");
    }

    #[test]
    fn invalid_utf8_names_its_line() {
        let rule = Provider::Tencent
            .rules()
            .field(Operation::Modify, Field::Name, Profile::Latest)
            .unwrap();
        let mut out = Vec::new();
        let e = run(
            rule,
            Field::Name,
            Lang::En,
            &mut &b"ok\nab\xff\n"[..],
            &mut out,
        )
        .unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(3)));
    }
}
