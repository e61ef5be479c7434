//! docs/faces.md names each idea in each face; every name in its table must be in that face's
//! source, so a rename updates the page or fails here.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir` ending in one of `exts`, read whole and joined.
fn source(dirs: &[&str], exts: &[&str]) -> String {
    fn walk(p: &Path, exts: &[&str], out: &mut String) {
        if p.is_dir() {
            for e in std::fs::read_dir(p).unwrap() {
                let e = e.unwrap().path();
                if !e.ends_with("node_modules") && !e.ends_with("target") && !e.ends_with("tests") {
                    walk(&e, exts, out);
                }
            }
        } else if exts.iter().any(|x| p.to_string_lossy().ends_with(x)) {
            out.push_str(&std::fs::read_to_string(p).unwrap_or_default());
        }
    }
    let mut out = String::new();
    for d in dirs {
        walk(&root().join(d), exts, &mut out);
    }
    out
}

#[test]
fn every_name_in_the_faces_table_is_in_its_face() {
    let page = std::fs::read_to_string(root().join("docs/faces.md")).unwrap();
    let faces = [
        ("Rust", source(&["src"], &[".rs"])),
        ("C", source(&["include"], &[".h"])),
        ("Python", source(&["bindings/python/src"], &[".py"])),
        ("Go", source(&["bindings/go"], &[".go"])),
        // The package and its WebAssembly boundary.
        (
            "JavaScript",
            source(&["bindings/js"], &[".js", ".d.ts", ".rs"]),
        ),
        // The command line prints the core's errors as they are.
        (
            "CLI",
            source(&["cli/src"], &[".rs"]) + &source(&["src/error.rs"], &[".rs"]),
        ),
    ];
    let header = "| Idea | Rust | C | Python | Go | JavaScript | CLI |";
    assert!(page.contains(header), "the table's header changed");
    let mut rows = 0;
    let mut missing = Vec::new();
    for line in page.lines().skip_while(|l| *l != header).skip(2) {
        if !line.starts_with('|') {
            break;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 7, "{line}");
        rows += 1;
        for ((face, text), cell) in faces.iter().zip(&cells[1..]) {
            if *cell == "—" {
                continue;
            }
            let name = cell.trim_matches('`');
            // A Rust path names its last part; a CLI flag is spelt with underscores in clap's
            // fields, a subcommand in CamelCase.
            let name = name.rsplit("::").next().unwrap();
            let candidates = [
                name.to_string(),
                name.trim_start_matches("--").replace('-', "_"),
                name.split('-')
                    .map(|w| {
                        let mut c = w.chars();
                        c.next()
                            .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
                    })
                    .collect(),
            ];
            if !candidates
                .iter()
                .any(|c| !c.is_empty() && text.contains(c.as_str()))
            {
                missing.push(format!("{face}: {name} ({})", cells[0]));
            }
        }
    }
    assert!(rows >= 15, "{rows} rows");
    assert!(
        missing.is_empty(),
        "names in docs/faces.md not in their face:\n{}",
        missing.join("\n")
    );
}
