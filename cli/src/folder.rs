//! The templates of a Packer folder: `*.pkr.hcl` and `*.pkr.json` in name order, as `packer
//! build DIR` reads them. An entry with such a name that cannot be read as a file (a FIFO, a
//! socket, a device, a directory, a broken link) is listed, never skipped without a word; none
//! is opened, so a FIFO cannot hang the reader. Names are compared as bytes: a name that is not
//! UTF-8 is read like any other.

use crate::findings::Skipped;
use crate::input::ReadError;
use std::ffi::OsStr;
use std::fs::FileType;
use std::path::{Path, PathBuf};

/// What a folder holds for the reader.
#[derive(Debug, Default)]
pub struct Listing {
    pub files: Vec<PathBuf>,
    pub skipped: Vec<Skipped>,
}

fn is_template(name: &OsStr) -> bool {
    let b = name.as_encoded_bytes();
    b.ends_with(b".pkr.hcl") || b.ends_with(b".pkr.json")
}

/// What a file of this type is, for a person.
fn kind(t: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

/// Lists `dir`'s templates, and the entries named like one that are not regular files.
pub fn templates(dir: &Path) -> Result<Listing, ReadError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| ReadError::new(format!("cannot read the directory: {e}")))?;
    let mut out = Listing::default();
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                out.skipped.push(Skipped {
                    path: dir.to_string_lossy().into_owned(),
                    reason: format!("an entry could not be read: {e}"),
                });
                continue;
            }
        };
        let path = entry.path();
        if !is_template(&entry.file_name()) {
            continue;
        }
        // `metadata` follows a link and, like `file_type`, never opens the file.
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => out.files.push(path),
            Ok(m) => out.skipped.push(Skipped {
                path: path.to_string_lossy().into_owned(),
                reason: format!("{}, not read", kind(&m.file_type())),
            }),
            Err(e) => out.skipped.push(Skipped {
                path: path.to_string_lossy().into_owned(),
                reason: format!("cannot be read: {e}"),
            }),
        }
    }
    out.files.sort();
    out.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}
