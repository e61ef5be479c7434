//! Where a value is in its file: the line and column a finding is reported at.
//!
//! HCL gives byte spans through `hcl-edit`; `serde_json` gives none, so JSON inputs are walked
//! once by [`json_offsets`], a small scanner that records the offset of the values asked for.
//! Both turn into a line and column through [`Lines`], built once per file.

use std::collections::HashMap;

/// A finding's place: the file as given on the command line, and the 1-based line and column
/// (in characters) where the value starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// The start of every line of a text, for turning byte offsets into lines and columns.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines { text, starts }
    }

    /// The 1-based line and column (counted in chars) of byte `offset`; an offset past the end
    /// or inside a char is taken at the char it falls in.
    pub fn at(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        (line + 1, self.text[start..end].chars().count() + 1)
    }

    pub fn place(&self, file: &str, offset: usize) -> Place {
        let (line, column) = self.at(offset);
        Place {
            file: file.to_string(),
            line,
            column,
        }
    }
}

/// One step of a path into a JSON document.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// The byte offset of the value at each of `paths` in the JSON `text`, `None` where there is
/// none. One pass over the text whatever the number of paths; a text that is not JSON gives
/// `None` for whatever the scan did not reach (the readers have parsed it already).
pub fn json_offsets(text: &str, paths: &[Vec<Step>]) -> Vec<Option<usize>> {
    let mut out = vec![None; paths.len()];
    if paths.is_empty() {
        return out;
    }
    let mut wanted: HashMap<&[Step], Vec<usize>> = HashMap::new();
    // Every prefix of a wanted path, so the scan skips whole subtrees no path goes into.
    let mut prefixes: std::collections::HashSet<&[Step]> = std::collections::HashSet::new();
    for (i, p) in paths.iter().enumerate() {
        wanted.entry(p.as_slice()).or_default().push(i);
        for n in 0..p.len() {
            prefixes.insert(&p[..n]);
        }
    }
    let mut scanner = Scanner {
        b: text.as_bytes(),
        i: 0,
    };
    let mut path = Vec::new();
    scanner.value(&mut path, &wanted, &prefixes, &mut out);
    out
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
}

impl Scanner<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\n' | b'\r') {
            self.i += 1;
        }
    }

    /// Skips a string starting at its quote; returns its contents' byte range.
    fn string(&mut self) -> (usize, usize) {
        self.i += 1;
        let start = self.i;
        while self.i < self.b.len() && self.b[self.i] != b'"' {
            self.i += if self.b[self.i] == b'\\' { 2 } else { 1 };
        }
        let end = self.i.min(self.b.len());
        self.i += 1;
        (start, end)
    }

    fn value(
        &mut self,
        path: &mut Vec<Step>,
        wanted: &HashMap<&[Step], Vec<usize>>,
        prefixes: &std::collections::HashSet<&[Step]>,
        out: &mut [Option<usize>],
    ) {
        self.ws();
        if self.i >= self.b.len() {
            return;
        }
        if let Some(ids) = wanted.get(path.as_slice()) {
            for &id in ids {
                out[id] = Some(self.i);
            }
        }
        let descend = prefixes.contains(path.as_slice());
        match self.b[self.i] {
            b'{' => {
                self.i += 1;
                loop {
                    self.ws();
                    if self.i >= self.b.len() {
                        return;
                    }
                    match self.b[self.i] {
                        b'}' => {
                            self.i += 1;
                            return;
                        }
                        b',' => self.i += 1,
                        b'"' => {
                            let (s, e) = self.string();
                            self.ws();
                            if self.b.get(self.i) == Some(&b':') {
                                self.i += 1;
                            }
                            if descend {
                                let raw = std::str::from_utf8(&self.b[s..e]).unwrap_or("");
                                let key = if raw.contains('\\') {
                                    serde_json::from_str::<String>(&format!("\"{raw}\""))
                                        .unwrap_or_default()
                                } else {
                                    raw.to_string()
                                };
                                path.push(Step::Key(key));
                                self.value(path, wanted, prefixes, out);
                                path.pop();
                            } else {
                                self.skip();
                            }
                        }
                        _ => return,
                    }
                }
            }
            b'[' => {
                self.i += 1;
                let mut n = 0;
                loop {
                    self.ws();
                    if self.i >= self.b.len() {
                        return;
                    }
                    match self.b[self.i] {
                        b']' => {
                            self.i += 1;
                            return;
                        }
                        b',' => self.i += 1,
                        _ => {
                            if descend {
                                path.push(Step::Index(n));
                                self.value(path, wanted, prefixes, out);
                                path.pop();
                            } else {
                                self.skip();
                            }
                            n += 1;
                        }
                    }
                }
            }
            _ => self.skip(),
        }
    }

    /// Skips one value without recording anything: an iterative walk, so depth costs no stack.
    fn skip(&mut self) {
        self.ws();
        let mut depth = 0usize;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'"' => {
                    self.string();
                    if depth == 0 {
                        return;
                    }
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                    if depth == 0 {
                        self.i += 1;
                        return;
                    }
                }
                b',' | b':' if depth == 0 => return,
                _ => {}
            }
            self.i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_chars() {
        let l = Lines::new("ab\n中x\n");
        assert_eq!(l.at(0), (1, 1));
        assert_eq!(l.at(3), (2, 1));
        assert_eq!(l.at(6), (2, 2));
        assert_eq!(l.at(100), (3, 1));
    }

    #[test]
    fn json_offsets_find_nested_values_in_one_pass() {
        let text = r#"{"a": [1, {"b": "x"}], "c\"d": {"e": [true, "y"]}}"#;
        let paths = vec![
            vec![Step::Key("a".into()), Step::Index(1), Step::Key("b".into())],
            vec![
                Step::Key("c\"d".into()),
                Step::Key("e".into()),
                Step::Index(1),
            ],
            vec![Step::Key("missing".into())],
        ];
        let got = json_offsets(text, &paths);
        assert_eq!(&text[got[0].unwrap()..got[0].unwrap() + 3], "\"x\"");
        assert_eq!(&text[got[1].unwrap()..got[1].unwrap() + 3], "\"y\"");
        assert_eq!(got[2], None);
    }
}
