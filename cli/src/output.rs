//! Standard output and standard error without a panic: `println!` panics (exit 101, with a
//! backtrace hint) when the reader of a pipe has gone (`image-preflight ... | head -1`) or the
//! disk is full (`> /dev/full`).
//!
//! A closed pipe ends the command quietly with exit status 141, what a shell reports for a
//! Unix tool stopped by SIGPIPE (`grep`, `cat`): `head` users see nothing on stderr, and a
//! pipeline under `set -o pipefail` still learns that the output was cut short. Any other write
//! error is exit 2 with a message.

use crate::safe;
use std::io::{self, Write};
use std::process::ExitCode;

/// The exit status after the reader of standard output went away: 128 + SIGPIPE (13).
pub const BROKEN_PIPE: u8 = 141;

/// Writes `text` to standard output and returns `status`, or the status of the write error.
pub fn emit(text: &str, status: ExitCode) -> ExitCode {
    emit_bytes(text.as_bytes(), status)
}

/// [`emit`] for bytes (a manual page or a completion script made by a generator).
pub fn emit_bytes(bytes: &[u8], status: ExitCode) -> ExitCode {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => status,
        Err(e) => failed(&e),
    }
}

/// The exit status for a failed write to standard output (and the message, but for a closed
/// pipe).
pub fn failed(e: &io::Error) -> ExitCode {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return ExitCode::from(BROKEN_PIPE);
    }
    warn(&format!("cannot write the output: {e}"));
    ExitCode::from(2)
}

/// One line on standard error, `image-preflight: ` first, with control characters escaped
/// (a message may quote a path or an address from the input). A failure to write it is
/// ignored: there is nowhere left to say anything.
pub fn warn(message: &str) {
    let _ = writeln!(
        io::stderr().lock(),
        "image-preflight: {}",
        safe::text(message)
    );
}

/// A writer that keeps the first error of the writer it wraps, for callers whose own error
/// type does not carry the [`io::ErrorKind`] (a closed pipe must still be told from a full disk).
pub struct Watched<W> {
    inner: W,
    pub error: Option<io::Error>,
}

impl<W: Write> Watched<W> {
    pub fn new(inner: W) -> Watched<W> {
        Watched { inner, error: None }
    }

    fn keep<T>(&mut self, r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r {
            if self.error.is_none() {
                self.error = Some(io::Error::new(e.kind(), e.to_string()));
            }
        }
        r
    }
}

impl<W: Write> Write for Watched<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = self.inner.write(buf);
        self.keep(r)
    }

    fn flush(&mut self) -> io::Result<()> {
        let r = self.inner.flush();
        self.keep(r)
    }
}
