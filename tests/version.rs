//! One version, written once in the workspace (`[workspace.package] version`), and every place
//! a user reads a version held to it: the crates, Cargo.lock, the npm package, the Python
//! package's source of its version, the C header, the CHANGELOG and the install commands the
//! documents quote. scripts/release.sh and the Debian packages read it from cargo metadata.

use regex::Regex;
use std::path::Path;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn read(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The body of a `[table]` of a TOML file, up to the next table.
fn table(toml: &str, name: &str) -> String {
    let toml = format!("\n{toml}");
    let head = format!("\n[{name}]\n");
    let start = toml.find(&head).unwrap_or_else(|| panic!("no [{name}]")) + head.len();
    let rest = &toml[start..];
    rest[..rest.find("\n[").unwrap_or(rest.len())].to_owned()
}

#[test]
fn the_workspace_holds_the_version_and_every_crate_inherits_it() {
    let root = read("Cargo.toml");
    assert!(
        table(&root, "workspace.package")
            .lines()
            .any(|l| l == format!("version = \"{VERSION}\"")),
        "[workspace.package] version is not {VERSION}"
    );
    for manifest in ["Cargo.toml", "cli/Cargo.toml", "bindings/js/Cargo.toml"] {
        let package = table(&read(manifest), "package");
        let versions: Vec<&str> = package
            .lines()
            .filter(|l| l.starts_with("version"))
            .collect();
        assert_eq!(versions, ["version.workspace = true"], "{manifest}");
    }
    let lock = read("Cargo.lock");
    for name in [
        "image-preflight",
        "image-preflight-cli",
        "image-preflight-wasm",
    ] {
        let entry = format!("name = \"{name}\"\nversion = \"{VERSION}\"\n");
        assert!(lock.contains(&entry), "Cargo.lock: {name} is not {VERSION}");
    }
}

#[test]
fn npm_and_python_packages_carry_the_version() {
    let quoted = format!("\"version\": \"{VERSION}\"");
    let package = read("bindings/js/package.json");
    assert!(package.contains(&quoted), "package.json is not {VERSION}");
    // The lock file names the package's own version twice: the top and the root package.
    let lock = read("bindings/js/package-lock.json");
    let head: String = lock.lines().take(10).collect::<Vec<_>>().join("\n");
    assert_eq!(
        head.matches(&quoted).count(),
        2,
        "package-lock.json:\n{head}"
    );
    // pyproject.toml takes its version from setup.py, which reads [workspace.package].
    let pyproject = read("bindings/python/pyproject.toml");
    assert!(pyproject.contains("dynamic = [\"version\"]"));
    assert!(
        !table(&pyproject, "project")
            .lines()
            .any(|l| l.starts_with("version"))
    );
    let setup = read("bindings/python/setup.py");
    assert!(
        setup.contains(r"^\[workspace\.package\]$"),
        "setup.py does not read [workspace.package]"
    );
}

#[test]
fn the_header_and_the_changelog_name_the_version() {
    let header = read("include/image_preflight.h");
    assert!(header.contains(&format!("#define IPF_VERSION \"{VERSION}\"")));
    let changelog = read("CHANGELOG.md");
    let first = changelog
        .lines()
        .find(|l| l.starts_with("## "))
        .expect("a release heading");
    assert!(
        first == format!("## {VERSION}") || first.starts_with(&format!("## {VERSION} ")),
        "the CHANGELOG's newest heading is {first:?}, not {VERSION}"
    );
}

/// Install commands in the documents name artifacts of this version, never an older one.
#[test]
fn the_documents_quote_this_versions_artifacts() {
    let semver = r"(\d+\.\d+\.\d+)";
    let patterns = [
        format!(r"bindings/go@v{semver}"),
        format!(r#"tag = "v{semver}""#),
        format!(r"image-preflight-{semver}\.tgz"),
        format!(r"image_preflight-{semver}(?:-cp|\.tar\.gz)"),
        format!(r"image-preflight-{semver}-x86_64"),
        format!(r"libimage-preflight[-a-z0-9]*_{semver}-"),
        format!(r"image-preflight_{semver}-"),
        format!(r"go/@v/v{semver}"),
    ]
    .map(|p| Regex::new(&p).unwrap());
    let mut files = vec![
        "README.md".to_owned(),
        "CONTRIBUTING.md".to_owned(),
        "bindings/go/doc.go".to_owned(),
    ];
    for dir in ["docs", "bindings/go", "bindings/js", "bindings/python"] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".md") {
                files.push(format!("{dir}/{name}"));
            }
        }
    }
    let mut seen = 0;
    for file in &files {
        let text = read(file);
        for pattern in &patterns {
            for found in pattern.captures_iter(&text) {
                seen += 1;
                assert_eq!(&found[1], VERSION, "{file}: {}", &found[0]);
            }
        }
    }
    // The Go module's README says how to get this version.
    assert!(read("bindings/go/README.md").contains(&format!("bindings/go@v{VERSION}")));
    assert!(
        seen >= 8,
        "only {seen} versioned install commands found: did the patterns rot?"
    );
}

/// The npm and Python packages are packed from their own folders, so each keeps a copy of the
/// licence texts: the copies must be the texts.
#[test]
fn binding_licence_copies_are_the_licences() {
    for licence in ["LICENSE-MIT", "LICENSE-APACHE"] {
        let text = read(licence);
        for dir in ["bindings/js", "bindings/python"] {
            assert!(
                read(&format!("{dir}/{licence}")) == text,
                "{dir}/{licence} differs"
            );
        }
    }
    let package = read("bindings/js/package.json");
    assert!(package.contains("\"LICENSE-MIT\"") && package.contains("\"LICENSE-APACHE\""));
}

/// The Go package refuses, at build time, a header of another minor version: that minor is
/// this one.
#[test]
fn the_go_package_asks_for_this_minor() {
    let mut parts = VERSION.split('.');
    let (major, minor) = (parts.next().unwrap(), parts.next().unwrap());
    let cgo = read("bindings/go/cgo.go");
    assert!(
        cgo.contains(&format!(
            "#if IPF_VERSION_MAJOR != {major} || IPF_VERSION_MINOR != {minor}\n"
        )),
        "bindings/go/cgo.go does not ask for {major}.{minor}"
    );
    assert!(cgo.contains(&format!("needs image_preflight {major}.{minor}.x")));
}
