//! `image-preflight completions SHELL` and `image-preflight man`: made from the clap
//! definition, so every subcommand the binary knows must be in them.

mod common;

use common::{bin, run};
use std::process::{Command, Stdio};

/// The subcommands, as the binary's own help lists them (not a list kept here).
fn subcommands() -> Vec<String> {
    let help = String::from_utf8(run(&["--help"]).stdout).unwrap();
    let listed: Vec<String> = help
        .split("Commands:\n")
        .nth(1)
        .expect("a Commands section")
        .lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|name| name != "help")
        .collect();
    assert!(listed.len() >= 9, "{listed:?}");
    for expected in ["check", "plan-share", "completions", "man"] {
        assert!(listed.iter().any(|n| n == expected), "{listed:?}");
    }
    listed
}

#[test]
fn every_shell_gets_a_script_naming_every_subcommand() {
    let subs = subcommands();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        for sub in &subs {
            assert!(script.contains(sub.as_str()), "{shell}: no {sub}");
        }
        // Flags of a subcommand come from the same definition.
        assert!(script.contains("boot-mode"), "{shell}: no --boot-mode");
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("possible values"));
}

#[test]
fn bash_completes_subcommands_and_flags() {
    let script = String::from_utf8(run(&["completions", "bash"]).stdout).unwrap();
    let dir = std::env::temp_dir().join(format!("ipf-completion-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("image-preflight.bash");
    std::fs::write(&file, script).unwrap();
    // What bash does on <TAB>: call the function `complete` registered for the command.
    let probe = |words: &str| -> String {
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source '{}'; f=$(complete -p image-preflight | sed -n 's/.*-F \\([^ ]*\\).*/\\1/p'); \
                 COMP_WORDS=({words}); COMP_CWORD=$((${{#COMP_WORDS[@]}} - 1)); COMP_LINE=\"${{COMP_WORDS[*]}}\"; \
                 COMP_POINT=${{#COMP_LINE}}; \"$f\" image-preflight \"${{COMP_WORDS[-1]}}\" \"${{COMP_WORDS[-2]}}\"; \
                 printf '%s\\n' \"${{COMPREPLY[@]}}\"",
                file.display()
            ))
            .output()
            .expect("bash runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let subs = probe("image-preflight pl");
    assert_eq!(subs.trim(), "plan-share");
    let flags = probe("image-preflight check --bo");
    assert!(flags.lines().any(|l| l == "--boot-mode"), "{flags}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_man_page_is_roff_naming_every_subcommand() {
    let out = run(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        page.contains(&format!(
            ".TH image-preflight 1  \"image-preflight {version}\""
        )),
        "{page}"
    );
    assert!(page.contains(".SH NAME\nimage\\-preflight \\- "), "{page}");
    for sub in subcommands() {
        let listed = format!("image\\-preflight\\-{}(1)", sub.replace('-', "\\-"));
        assert!(page.contains(&listed), "no {listed}");
    }
}

#[test]
fn man_out_dir_writes_one_page_per_subcommand() {
    let dir = std::env::temp_dir().join(format!("ipf-man-{}", std::process::id()));
    let out = run(&["man", "--out-dir", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let mut want: Vec<String> = subcommands()
        .iter()
        .map(|s| format!("image-preflight-{s}.1"))
        .collect();
    want.push("image-preflight.1".into());
    want.sort();
    let mut got: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    got.sort();
    assert_eq!(got, want);
    let check = std::fs::read_to_string(dir.join("image-preflight-check.1")).unwrap();
    assert!(check.contains("\\-\\-boot\\-mode"), "{check}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn man_into_a_file_that_cannot_be_made_says_why() {
    let out = run(&["man", "--out-dir", "/dev/null/nowhere"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("image-preflight: cannot write the manual pages into /dev/null/nowhere"),
        "{err}"
    );
}

#[test]
fn a_reader_that_stops_early_is_no_crash() {
    for args in [&["man"][..], &["completions", "zsh"][..]] {
        // The pipe's reading end is closed before the binary starts, so its first write fails
        // whatever the timing (closing it after the spawn raced the binary's write into the
        // pipe's buffer): a quiet exit 141, as for every subcommand (cli/src/output.rs).
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let child = bin()
            .args(args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(141), "{args:?}: {out:?}");
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
