//! docs/RULES.md is exactly what `image-preflight rules --format markdown` writes now.
//! `IPF_BLESS_RULES=1 cargo test -p image-preflight-cli --test reference` rewrites it
//! (scripts/gen-rules.sh).

use std::path::PathBuf;
use std::process::Command;

#[test]
fn checked_in_rule_reference_is_current() {
    let out = Command::new(env!("CARGO_BIN_EXE_image-preflight"))
        .args(["rules", "--format", "markdown"])
        .output()
        .expect("the command line runs");
    assert!(out.status.success());
    let fresh = String::from_utf8(out.stdout).unwrap();
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/RULES.md");
    if std::env::var_os("IPF_BLESS_RULES").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == fresh,
        "docs/RULES.md differs from `image-preflight rules --format markdown`: run scripts/gen-rules.sh and commit the result"
    );
}

#[test]
fn the_reference_covers_every_operation_field_and_conflict() {
    let out = Command::new(env!("CARGO_BIN_EXE_image-preflight"))
        .args(["rules", "--format", "markdown", "--provider", "alibaba"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "### ModifyImageAttribute (`modify`)",
        "### CreateImage (`create`)",
        "### CopyImage (`copy`)",
        "### ImportImage (`import`)",
        "### ModifyImageSharePermission (sharing)",
        "`DestinationImageName`",
        "one of `BIOS`, `UEFI`, `UEFI-Preferred`",
        "`InvalidImageFamily.Malformed` 400",
        "`InvalidAccount.Forbbiden` 404",
        "CreateImage ImageName: the parameter text against the same page's error table",
        "CopyImage DestinationImageName: the first character",
    ] {
        assert!(text.contains(needle), "missing {needle:?}");
    }
    assert!(
        !text.contains("Tencent"),
        "--provider alibaba shows only Alibaba"
    );
}
