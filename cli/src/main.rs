//! `image-preflight`: the command line over the library.
//!
//! Exit 0: valid. Exit 1: violations. Exit 2: bad usage, with a message on stderr.

mod render;

use clap::{Parser, Subcommand, ValueEnum};
use image_preflight::{Field, Lang, Operation, Profile, Provider, Report, export, validate};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "image-preflight",
    version,
    about = "Checks custom image names, descriptions, families and share changes before the cloud call"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check an image's name, description and family.
    Check(CheckArgs),
    /// Print the rule tables.
    Rules(RulesArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(clap::Args)]
struct CheckArgs {
    #[arg(long, value_parser = parse::<Provider>)]
    provider: Provider,
    #[arg(long, default_value = "modify", value_parser = parse::<Operation>)]
    operation: Operation,
    #[arg(long, default_value = "latest", value_parser = parse::<Profile>)]
    profile: Profile,
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    description: Option<String>,
    #[arg(long)]
    family: Option<String>,
    #[arg(long, default_value = "en", value_parser = parse::<Lang>)]
    lang: Lang,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(clap::Args)]
struct RulesArgs {
    #[arg(long, value_parser = parse::<Provider>)]
    provider: Option<Provider>,
    #[arg(long, default_value = "latest", value_parser = parse::<Profile>)]
    profile: Profile,
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
}

/// Parses a library key, so the command line accepts exactly what the library does.
fn parse<T: std::str::FromStr<Err = image_preflight::Error>>(s: &str) -> Result<T, String> {
    s.parse().map_err(|e: image_preflight::Error| e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => rules(args),
    }
}

fn check(args: CheckArgs) -> ExitCode {
    let given: Vec<(Field, &str)> = [
        (Field::Name, args.name.as_deref()),
        (Field::Description, args.description.as_deref()),
        (Field::Family, args.family.as_deref()),
    ]
    .into_iter()
    .filter_map(|(f, v)| v.map(|v| (f, v)))
    .collect();
    if given.is_empty() {
        eprintln!("image-preflight check: give at least one of --name, --description, --family");
        return ExitCode::from(2);
    }
    let mut report = Report::default();
    let mut reports = Vec::new();
    for (field, value) in &given {
        let r = validate(args.provider, args.operation, *field, value, args.profile);
        reports.push((*field, *value, r.clone()));
        report.merge(r);
    }
    match args.format {
        Format::Json => {
            let mut out = export::report_json(&report, args.lang);
            out.set("provider", args.provider.key());
            out.set("operation", args.operation.key());
            out.set("profile", args.profile.key());
            println!("{}", out.pretty());
        }
        Format::Text => {
            for (field, value, r) in &reports {
                print!("{}", render::field(*field, value, r, args.lang));
            }
        }
    }
    exit_for(report.is_valid())
}

fn rules(args: RulesArgs) -> ExitCode {
    let json = export::rules_json(args.provider, args.profile);
    match args.format {
        Format::Json => println!("{}", json.pretty()),
        Format::Text => print!("{}", render::rules(args.provider, args.profile)),
    }
    ExitCode::SUCCESS
}

fn exit_for(valid: bool) -> ExitCode {
    if valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
