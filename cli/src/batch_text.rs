//! `check --field F --input FILE --format text`: one line per fault, as linters write them
//! (`FILE:LINE:COLUMN: CODE [provider code]: message`, the column that of the fault in the
//! value), the value with the fault marked, and a summary. Valid lines print nothing.
//! Streamed like the JSON form ([`crate::batch`]): one line in memory at a time.

use crate::batch::next_line;
use crate::excerpt::{self, Values};
use crate::input::ReadError;
use crate::safe;
use image_preflight::rules::FieldRule;
use image_preflight::{Field, Lang, check_rule, rule_accepts};
use std::io::{BufRead, Write};

pub use crate::batch::Totals;

pub fn run(
    rule: &FieldRule,
    field: Field,
    lang: Lang,
    name: &str,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> Result<Totals, ReadError> {
    let write_err = |e: std::io::Error| ReadError::new(format!("cannot write the output: {e}"));
    let mut totals = Totals::default();
    let mut buf = Vec::with_capacity(256);
    loop {
        if !next_line(input, &mut buf, &mut totals)? {
            break;
        }
        let value = std::str::from_utf8(&buf).map_err(|e| {
            let column = String::from_utf8_lossy(&buf[..e.valid_up_to()])
                .chars()
                .count()
                + 1;
            ReadError::at("not valid UTF-8", totals.lines, column)
        })?;
        if rule_accepts(rule, field, value) {
            continue;
        }
        totals.invalid += 1;
        for v in check_rule(rule, field, value).violations {
            let column = v.span.map_or(1, |s| s.char_start + 1);
            let (v, found_cut) = excerpt::shown(&v, Values::Excerpt);
            let provider = match v.provider_code {
                Some(p) => match p.http_status {
                    Some(h) => format!(" [{} {h}]", p.code),
                    None => format!(" [{}]", p.code),
                },
                None => String::new(),
            };
            // A bounded excerpt of the value, control characters escaped, as the readers
            // show one.
            let (shown, marks) = excerpt::marked(value, v.span.as_ref(), Values::Excerpt);
            writeln!(
                out,
                "{}:{}:{column}: {field}: {}{provider}: {}\n  {shown}",
                safe::text(name),
                totals.lines,
                v.code,
                safe::text(&excerpt::message(&v, lang, found_cut))
            )
            .map_err(write_err)?;
            if let Some(marks) = marks {
                writeln!(out, "  {marks}").map_err(write_err)?;
            }
        }
    }
    writeln!(
        out,
        "{}: {} value(s) checked, {} invalid",
        if totals.invalid == 0 { "ok" } else { "refused" },
        totals.lines,
        totals.invalid
    )
    .map_err(write_err)?;
    out.flush().map_err(write_err)?;
    Ok(totals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image_preflight::{Operation, Profile, Provider};

    #[test]
    fn faults_are_written_as_file_line_column() {
        let rule = Provider::Alibaba
            .rules()
            .field(Operation::Modify, Field::Name, Profile::Latest)
            .unwrap();
        let mut out = Vec::new();
        let input = "web-1\r\nweb 2\n";
        let t = run(
            rule,
            Field::Name,
            Lang::En,
            "names.txt",
            &mut input.as_bytes(),
            &mut out,
        )
        .unwrap();
        assert_eq!((t.lines, t.invalid), (2, 1));
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with("names.txt:2:4: name: BAD_CHAR [InvalidImageName.Malformed 400]: "),
            "{text}"
        );
        assert!(text.contains("\n  web 2\n     ^\n"), "{text}");
        assert!(
            text.ends_with("refused: 2 value(s) checked, 1 invalid\n"),
            "{text}"
        );
    }
}
