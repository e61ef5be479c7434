//! `completions` and `man`: the shell completions and the manual pages, made from the very
//! clap definition the command line parses with, so neither can fall behind a flag.
//!
//! Both are written into memory first and then out through `output`, as every other
//! subcommand writes: clap's own writers panic when stdout is closed early
//! (`image-preflight man | head`).

use clap::Command;
use clap_complete::Shell;
use image_preflight_cli::output::{emit_bytes, warn};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    shell: Shell,
}

#[derive(clap::Args)]
pub(crate) struct ManArgs {
    /// Write image-preflight.1 and one page per subcommand (image-preflight-check.1, ...) into
    /// this directory instead of printing image-preflight.1.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
}

pub(crate) fn completions(args: CompletionsArgs, mut cmd: Command) -> ExitCode {
    let name = cmd.get_name().to_owned();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, name.clone(), &mut script);
    if args.shell == Shell::Bash {
        script = bash_state_labels(&script, &name);
    }
    write_stdout(&script)
}

/// clap_complete 4.6.12's bash script spells its states two ways when the command's name has a
/// hyphen: the loop that reads the words arrives at `image__preflight__subcmd__check`, the
/// arms wait for `image__subcmd__preflight__subcmd__check`, so no subcommand's flags ever
/// complete (https://github.com/clap-rs/clap/issues/6421, open). The arms are respelt the way
/// the loop spells them; a script without the fault is left as it is.
fn bash_state_labels(script: &[u8], name: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(script);
    let wrong = name.replace('-', "__subcmd__");
    let right = name.replace('-', "__");
    if wrong == right {
        return script.to_vec();
    }
    text.replace(&format!("{wrong}__subcmd__"), &format!("{right}__subcmd__"))
        .replace(&format!("        {wrong})"), &format!("        {right})"))
        .into_bytes()
}

pub(crate) fn man(args: ManArgs, cmd: Command) -> ExitCode {
    let Some(dir) = args.out_dir else {
        return match page(&cmd) {
            Ok(roff) => write_stdout(&roff),
            Err(e) => fail(&format!("cannot render the manual page: {e}")),
        };
    };
    match write_pages(&cmd, &dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!(
            "cannot write the manual pages into {}: {e}",
            dir.display()
        )),
    }
}

fn page(cmd: &Command) -> std::io::Result<Vec<u8>> {
    let mut roff = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut roff)?;
    Ok(roff)
}

/// The top page and one per subcommand, named as man(1) looks them up: `man image-preflight`,
/// `man image-preflight-check`.
fn write_pages(cmd: &Command, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    clap_mangen::generate_to(cmd.clone(), dir)
}

fn write_stdout(bytes: &[u8]) -> ExitCode {
    emit_bytes(bytes, ExitCode::SUCCESS)
}

fn fail(message: &str) -> ExitCode {
    warn(message);
    ExitCode::from(2)
}
