//! Gives the shared library (the C ABI's cdylib) an ELF SONAME, so that programs linked against
//! it record `libimage_preflight.so.<ABI major>` and keep working across compatible upgrades.
//! `scripts/install.sh` installs the file as `libimage_preflight.so.<ABI major>.<minor>.<patch>`
//! with the `.so.<ABI major>` and `.so` links beside it.

/// The ABI major of the C library: raised only when a change breaks programs built against an
/// earlier release (a function removed or changed, a struct's layout changed). It is not the
/// crate's major version: a 0.x crate keeps `libimage_preflight.so.0` while its ABI holds.
const ABI_MAJOR: u32 = 0;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    // ELF SONAMEs exist on Linux (glibc or musl) and the BSDs; macOS uses install names and
    // WebAssembly has no shared libraries of this kind.
    if matches!(
        os.as_str(),
        "linux" | "android" | "freebsd" | "netbsd" | "openbsd" | "dragonfly"
    ) {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libimage_preflight.so.{ABI_MAJOR}");
    }
}
