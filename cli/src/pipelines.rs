//! The pipeline subcommands: `terraform`, `packer`, `request`, and `check --input`.
//!
//! Exit 0: clean. Exit 1: findings. Exit 2: unreadable input or bad usage, with a message on
//! stderr (and the line and column where the parser gives them).

use image_preflight::{Field, Lang, Operation, Profile, Provider};
use image_preflight_cli::excerpt::Values;
use image_preflight_cli::findings::Outcome;
use image_preflight_cli::input::{ReadError, read_all, read_path};
use image_preflight_cli::output::{self, emit, warn};
use image_preflight_cli::{batch, folder, packer, request, safe, terraform};
use std::fmt::Write as _;
use std::io::BufRead;
use std::process::ExitCode;

use crate::{Format, parse};

/// The options every pipeline reader shares.
#[derive(clap::Args)]
pub struct Common {
    #[arg(long, default_value = "latest", value_parser = parse::<Profile>)]
    profile: Profile,
    #[arg(long, default_value = "en", value_parser = parse::<Lang>)]
    lang: Lang,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Print each finding's whole value: by default a finding quotes a window of at most a few
    /// hundred bytes around the fault, with its place in the value.
    #[arg(long)]
    full_values: bool,
}

impl Common {
    fn values(&self) -> Values {
        if self.full_values {
            Values::Full
        } else {
            Values::Excerpt
        }
    }
}

#[derive(clap::Args)]
pub struct TerraformArgs {
    /// The plan's JSON file, or `-` for standard input.
    plan: String,
    #[command(flatten)]
    common: Common,
}

#[derive(clap::Args)]
pub struct PackerArgs {
    /// A template file, a directory of `*.pkr.hcl` / `*.pkr.json` files, or `-` for stdin.
    template: String,
    #[command(flatten)]
    common: Common,
}

#[derive(clap::Args)]
pub struct RequestArgs {
    #[arg(long, value_parser = parse::<Provider>)]
    provider: Provider,
    /// The API action: ModifyImageAttribute, CreateImage, CopyImage (Tencent: SyncImages),
    /// ImportImage or ModifyImageSharePermission.
    #[arg(long)]
    action: String,
    /// The request body's JSON file, or `-` for standard input.
    body: String,
    #[command(flatten)]
    common: Common,
}

fn unreadable(source: &str, e: &ReadError) -> ExitCode {
    let name = if source == "-" { "<stdin>" } else { source };
    warn(&format!("{name}: {e}"));
    ExitCode::from(2)
}

fn exit_for(valid: bool) -> ExitCode {
    if valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn print_outcome(outcome: &Outcome, common: &Common, unknown_until: &str) -> ExitCode {
    let text = match common.format {
        Format::Json => outcome.to_json_with(common.lang, common.values()).pretty() + "\n",
        Format::Text => outcome.to_text_with(common.lang, unknown_until, common.values()),
    };
    emit(&text, exit_for(outcome.is_valid()))
}

pub fn terraform(args: TerraformArgs) -> ExitCode {
    let result = read_all(&args.plan).and_then(|b| terraform::check(&b, args.common.profile));
    match result {
        Ok(outcome) => print_outcome(&outcome, &args.common, "apply"),
        Err(e) => unreadable(&args.plan, &e),
    }
}

pub fn packer(args: PackerArgs) -> ExitCode {
    let path = std::path::Path::new(&args.template);
    let listing = if args.template == "-" || !path.is_dir() {
        folder::Listing {
            files: vec![path.to_path_buf()],
            skipped: Vec::new(),
        }
    } else {
        match folder::templates(path) {
            Ok(l) => l,
            Err(e) => return unreadable(&args.template, &e),
        }
    };
    if listing.files.is_empty() {
        let mut message = "no *.pkr.hcl or *.pkr.json file in it".to_string();
        for s in &listing.skipped {
            let _ = write!(message, "; {}: {}", s.path, s.reason);
        }
        return unreadable(&args.template, &ReadError::new(message));
    }
    let mut all = Outcome {
        skipped: listing.skipped,
        ..Outcome::default()
    };
    for file in &listing.files {
        let name = file.to_string_lossy();
        let read = if args.template == "-" {
            read_all("-")
        } else {
            read_path(file)
        };
        match read.and_then(|b| packer::check(&b, args.common.profile)) {
            Ok(o) => {
                all.findings.extend(o.findings);
                all.unknown.extend(o.unknown);
                all.checked += o.checked;
            }
            Err(e) => return unreadable(&name, &e),
        }
    }
    print_outcome(&all, &args.common, "build")
}

pub fn request(args: RequestArgs) -> ExitCode {
    let c = &args.common;
    let result = read_all(&args.body)
        .and_then(|b| request::check(&b, args.provider, &args.action, c.profile));
    let checked = match result {
        Ok(r) => r,
        Err(e) => return unreadable(&args.body, &e),
    };
    let text = match c.format {
        Format::Json => {
            checked
                .to_json_with(args.provider, &args.action, c.lang, c.values())
                .pretty()
                + "\n"
        }
        Format::Text => {
            let mut text = String::new();
            for f in &checked.outcome.findings {
                text.push_str(&f.to_text_with(c.lang, c.values()));
            }
            if !checked.not_judged.is_empty() {
                let names = checked.not_judged.join(", ");
                let _ = writeln!(text, "not judged: {}", safe::text(&names));
            }
            let _ = writeln!(
                text,
                "{}: {} value(s) checked, {} finding(s)",
                if checked.outcome.is_valid() {
                    "ok"
                } else {
                    "refused"
                },
                checked.outcome.checked,
                checked.outcome.findings.len()
            );
            text
        }
    };
    emit(&text, exit_for(checked.outcome.is_valid()))
}

/// `check --field F --input FILE|-`.
pub fn batch(
    provider: Provider,
    operation: Operation,
    field: Field,
    profile: Profile,
    lang: Lang,
    input: &str,
) -> ExitCode {
    let Some(rule) = provider.rules().field(operation, field, profile) else {
        warn(&format!("{provider} has no {field} for {operation}"));
        return ExitCode::from(2);
    };
    let mut reader: Box<dyn BufRead> = if input == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(input) {
            Ok(f) => Box::new(std::io::BufReader::with_capacity(1 << 16, f)),
            Err(e) => {
                return unreadable(input, &ReadError::new(format!("cannot open it: {e}")));
            }
        }
    };
    let mut out = output::Watched::new(std::io::BufWriter::with_capacity(
        1 << 16,
        std::io::stdout().lock(),
    ));
    let result = batch::run(rule, field, lang, &mut reader, &mut out);
    // A write error is told by what the writer saw: a closed pipe ends quietly.
    if let Some(e) = out.error.take() {
        return output::failed(&e);
    }
    match result {
        Ok(totals) => exit_for(totals.invalid == 0),
        Err(e) => unreadable(input, &e),
    }
}
