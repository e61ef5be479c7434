//! The checked-in header is exactly what cbindgen generates from the source now.
//! `IPF_BLESS_HEADER=1 cargo test --test header` rewrites it (scripts/gen-header.sh).

use std::path::PathBuf;

fn generate() -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut config =
        cbindgen::Config::from_file(root.join("cbindgen.toml")).expect("cbindgen.toml loads");
    let (major, minor, patch) = (
        env!("CARGO_PKG_VERSION_MAJOR"),
        env!("CARGO_PKG_VERSION_MINOR"),
        env!("CARGO_PKG_VERSION_PATCH"),
    );
    let number = major.parse::<u32>().unwrap() * 10000
        + minor.parse::<u32>().unwrap() * 100
        + patch.parse::<u32>().unwrap();
    // The version macros come from Cargo.toml, so a release cannot forget them.
    config.after_includes = Some(format!(
        "\n#define IPF_VERSION_MAJOR {major}\n#define IPF_VERSION_MINOR {minor}\n#define IPF_VERSION_PATCH {patch}\n\
         /** MAJOR * 10000 + MINOR * 100 + PATCH: compare with ipf_version_number(). */\n\
         #define IPF_VERSION_NUMBER {number}\n#define IPF_VERSION \"{}\"\n\n\
         /** `deprecated` of `ipf_attributes`: the switch is not sent. */\n\
         #define IPF_DEPRECATED_UNSET (-1)",
        env!("CARGO_PKG_VERSION")
    ));
    let mut out = Vec::new();
    cbindgen::Builder::new()
        .with_crate(&root)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header")
        .write(&mut out);
    String::from_utf8(out).unwrap()
}

#[test]
fn checked_in_header_is_current() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("include/image_preflight.h");
    let fresh = generate();
    if std::env::var_os("IPF_BLESS_HEADER").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == fresh,
        "include/image_preflight.h differs from what cbindgen generates now: run scripts/gen-header.sh and commit the result"
    );
}

#[test]
fn version_macros_match_cargo() {
    let header = generate();
    assert!(header.contains(&format!(
        "#define IPF_VERSION \"{}\"",
        env!("CARGO_PKG_VERSION")
    )));
    assert!(header.contains(&format!(
        "#define IPF_VERSION_MAJOR {}",
        env!("CARGO_PKG_VERSION_MAJOR")
    )));
}
