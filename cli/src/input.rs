//! Reading an input file (or standard input) and the one error type of every reader.

use std::fmt;
use std::io::Read;

/// The largest input a reader takes. A Terraform plan of a few thousand resources is tens of
/// megabytes; this leaves room for the biggest while refusing a runaway pipe before it eats
/// the machine's memory.
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// The longest value a reader checks, and the longest line of `check --input`: the library's
/// one size limit for a text (the C ABI's `IPF_MAX_TEXT_BYTES`, 4 MiB), so every face refuses
/// the same values. A name or description is at most a few hundred characters; anything near
/// this is a runaway input, refused before it is copied.
pub const MAX_VALUE_BYTES: usize = image_preflight::ffi::IPF_MAX_TEXT_BYTES;

/// `value` is at most [`MAX_VALUE_BYTES`], or an error naming `place` and the limit.
pub fn within_limit(place: &str, value: &str) -> Result<(), ReadError> {
    if value.len() > MAX_VALUE_BYTES {
        return Err(over_limit(place, value.len()));
    }
    Ok(())
}

/// The error for a value of `len` bytes (or more) at `place`, over [`MAX_VALUE_BYTES`].
pub fn over_limit(place: &str, len: usize) -> ReadError {
    ReadError::new(format!("{place}: {}", over_limit_message(len)))
}

pub fn over_limit_message(len: usize) -> String {
    format!(
        "the value is {len} bytes or more; the limit is {MAX_VALUE_BYTES} bytes (4 MiB, the library's size limit for one text)"
    )
}

/// Why an input could not be read: the command exits 2 with this on stderr.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    pub message: String,
    /// 1-based, where the parser gives one.
    pub line: Option<usize>,
    /// 1-based, where the parser gives one.
    pub column: Option<usize>,
}

impl ReadError {
    pub fn new(message: impl Into<String>) -> ReadError {
        ReadError {
            message: message.into(),
            line: None,
            column: None,
        }
    }

    pub fn at(message: impl Into<String>, line: usize, column: usize) -> ReadError {
        ReadError {
            message: message.into(),
            line: Some(line),
            column: Some(column),
        }
    }

    /// The same error, said of `file` (a build reads several).
    pub fn in_file(mut self, file: &str) -> ReadError {
        if file != "<stdin>" && file != "-" && !self.message.starts_with(file) {
            self.message = format!("{file}: {}", self.message);
        }
        self
    }

    /// A `serde_json` error, with its line and column (serde_json reports 0 for "no position").
    pub fn json(what: &str, e: &serde_json::Error) -> ReadError {
        let message = format!("{what}: {}", json_message(e));
        if e.line() == 0 {
            ReadError::new(message)
        } else {
            ReadError::at(message, e.line(), e.column())
        }
    }
}

/// serde_json's message without its own " at line L column C" tail (we print the position
/// ourselves, once).
fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(at) if e.line() != 0 => full[..at].to_string(),
        _ => full,
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "line {l}, column {c}: {}", self.message),
            (Some(l), None) => write!(f, "line {l}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads `path` whole (`-` is standard input), refusing more than [`MAX_INPUT_BYTES`].
pub fn read_all(path: &str) -> Result<Vec<u8>, ReadError> {
    if path == "-" {
        return read_capped(std::io::stdin().lock(), path);
    }
    read_path(std::path::Path::new(path))
}

/// Reads the file at `path` whole (its name need not be UTF-8), refusing more than
/// [`MAX_INPUT_BYTES`].
pub fn read_path(path: &std::path::Path) -> Result<Vec<u8>, ReadError> {
    let shown = path.to_string_lossy();
    let file = std::fs::File::open(path)
        .map_err(|e| ReadError::new(format!("cannot open {shown}: {e}")))?;
    read_capped(file, &shown)
}

fn read_capped(opened: impl Read, shown: &str) -> Result<Vec<u8>, ReadError> {
    let mut out = Vec::new();
    opened
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| ReadError::new(format!("cannot read {shown}: {e}")))?;
    if out.len() as u64 > MAX_INPUT_BYTES {
        return Err(ReadError::new(format!(
            "{shown} is larger than {} MiB",
            MAX_INPUT_BYTES >> 20
        )));
    }
    Ok(out)
}

/// The input as text, or where its first invalid UTF-8 byte is.
pub fn text(bytes: &[u8]) -> Result<&str, ReadError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let before = &bytes[..at];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1;
        ReadError::at("not valid UTF-8 (is this a binary file?)", line, column)
    })
}
