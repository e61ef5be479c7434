//! Docs that cannot drift: every ```console block of README.md and docs/*.md whose commands
//! run `image-preflight` is run here (through bash, with the binary under test first on PATH)
//! and its output compared line by line with what the block shows. A line may elide a middle
//! part with `...`.

use std::path::{Path, PathBuf};
use std::process::Command;

struct Example {
    file: String,
    command: String,
    expected: Vec<String>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn examples(path: &Path) -> Vec<Example> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "```console" {
            continue;
        }
        let mut block: Vec<&str> = Vec::new();
        for l in lines.by_ref() {
            if l.trim() == "```" {
                break;
            }
            block.push(l);
        }
        let mut i = 0;
        while i < block.len() {
            let Some(first) = block[i].strip_prefix("$ ") else {
                i += 1;
                continue;
            };
            let mut command = first.to_string();
            while command.ends_with('\\') && i + 1 < block.len() {
                command.pop();
                i += 1;
                command.push_str(block[i].trim_start());
                command.push(' ');
            }
            i += 1;
            let mut expected = Vec::new();
            while i < block.len() && !block[i].starts_with("$ ") {
                expected.push(block[i].to_string());
                i += 1;
            }
            if command.contains("image-preflight") {
                out.push(Example {
                    file: path.display().to_string(),
                    command,
                    expected,
                });
            }
        }
    }
    out
}

/// `line` as the docs show it matches `actual`: equal, or each `...`-separated part found in
/// order (the first at the start, the last at the end).
fn matches(shown: &str, actual: &str) -> bool {
    if !shown.contains("...") {
        return shown == actual;
    }
    let parts: Vec<&str> = shown.split("...").collect();
    let mut rest = actual;
    for (n, part) in parts.iter().enumerate() {
        if n == 0 {
            let Some(r) = rest.strip_prefix(part) else {
                return false;
            };
            rest = r;
        } else if n == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            let Some(at) = rest.find(part) else {
                return false;
            };
            rest = &rest[at + part.len()..];
        }
    }
    true
}

#[test]
fn every_console_example_prints_what_the_docs_show() {
    let mut files = vec![root().join("README.md")];
    for entry in std::fs::read_dir(root().join("docs")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "md") {
            files.push(p);
        }
    }
    files.sort();
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_image-preflight"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    let mut failures = Vec::new();
    for file in files {
        for ex in examples(&file) {
            let out = Command::new("bash")
                .arg("-c")
                .arg(format!("{} 2>&1", ex.command))
                .env("PATH", &path)
                .current_dir(root())
                .output()
                .expect("bash runs");
            let printed = String::from_utf8_lossy(&out.stdout);
            let actual: Vec<&str> = printed.lines().collect();
            let same = actual.len() == ex.expected.len()
                && ex.expected.iter().zip(&actual).all(|(s, a)| matches(s, a));
            if !same {
                failures.push(format!(
                    "{}: $ {}\n--- the docs show:\n{}\n--- it prints:\n{}",
                    ex.file,
                    ex.command,
                    ex.expected.join("\n"),
                    printed
                ));
            }
            ran += 1;
        }
    }
    assert!(ran >= 5, "only {ran} examples found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
