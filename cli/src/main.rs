//! `image-preflight`: the command line over the library.
//!
//! Exit 0: valid. Exit 1: violations. Exit 2: bad usage, with a message on stderr.

mod generate;
mod pipelines;
mod reference;

use image_preflight_cli::output::{emit, warn};
use image_preflight_cli::render;
use std::fmt::Write as _;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use image_preflight::json::Json;
use image_preflight::{
    AttributeChange, Field, ImageFacts, ImageKind, Lang, Operation, Profile, Provider, Report,
    ShareChange, Subject, apply, export, judge_attributes, plan, validate,
};
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
    /// Check the attributes one request sets: name, description, family, boot mode, status,
    /// license type.
    Check(CheckArgs),
    /// Judge one share-permission request against the image's current state.
    Share(ShareArgs),
    /// Plan the requests that turn today's share set into the desired one.
    PlanShare(PlanArgs),
    /// Print the rule tables.
    Rules(RulesArgs),
    /// Check a Terraform plan: the JSON of `terraform show -json PLAN` (`-` for stdin).
    Terraform(pipelines::TerraformArgs),
    /// Check a Packer template (HCL2, HCL2 JSON or legacy JSON; a directory of them).
    Packer(pipelines::PackerArgs),
    /// Check one API request body in the provider's own parameter names.
    Request(pipelines::RequestArgs),
    /// Print the shell completion script for bash, zsh, fish, elvish or powershell.
    Completions(generate::CompletionsArgs),
    /// Print the manual page (roff), or write every page into a directory.
    Man(generate::ManArgs),
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Format {
    Text,
    Json,
}

/// `rules` can also write the rule reference (docs/RULES.md).
#[derive(Clone, Copy, ValueEnum)]
enum RulesFormat {
    Text,
    Json,
    Markdown,
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
    /// BootMode, matched exactly (Alibaba BIOS, UEFI, UEFI-Preferred; Tencent ImportImage
    /// "Legacy BIOS", UEFI; Volcengine BIOS, UEFI).
    #[arg(long)]
    boot_mode: Option<String>,
    /// Alibaba ModifyImageAttribute Status: Available or Deprecated.
    #[arg(long)]
    status: Option<String>,
    /// Tencent ImportImage LicenseType: TencentCloud or BYOL.
    #[arg(long)]
    license_type: Option<String>,
    /// Whose image it is: custom, shared-in, public, marketplace, instance.
    #[arg(long, value_parser = parse::<ImageKind>)]
    image_kind: Option<ImageKind>,
    #[arg(long, default_value = "en", value_parser = parse::<Lang>)]
    lang: Lang,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// With --input: the field every line's value is checked as.
    #[arg(long, value_parser = parse::<Field>, requires = "input")]
    field: Option<Field>,
    /// A file of values, one per line (`-` for stdin): one JSON object per line out.
    #[arg(
        long,
        requires = "field",
        conflicts_with_all = ["name", "description", "family", "boot_mode", "status", "license_type", "image_kind"]
    )]
    input: Option<String>,
}

/// The image a share change or plan is judged against.
#[derive(clap::Args)]
struct ImageArgs {
    #[arg(long, value_parser = parse::<Provider>)]
    provider: Provider,
    /// The account that owns the image.
    #[arg(long)]
    owner: String,
    /// The image's state in the provider's own spelling (default: the state that allows sharing).
    #[arg(long)]
    image_state: Option<String>,
    #[arg(long, default_value = "custom", value_parser = parse::<ImageKind>)]
    image_kind: ImageKind,
    #[arg(long)]
    encrypted: bool,
    #[arg(long)]
    byol: bool,
    #[arg(long)]
    deprecated: bool,
    /// The accounts the image is shared with today, comma-separated.
    #[arg(long, value_delimiter = ',', num_args = 0..)]
    shared_with: Vec<String>,
    #[arg(long, default_value = "latest", value_parser = parse::<Profile>)]
    profile: Profile,
    #[arg(long, default_value = "en", value_parser = parse::<Lang>)]
    lang: Lang,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

impl ImageArgs {
    fn facts(&self) -> Result<ImageFacts, image_preflight::Error> {
        let mut f = ImageFacts::new(self.provider, self.owner.clone());
        if let Some(state) = &self.image_state {
            f.set_state(state)?;
        }
        f.kind = self.image_kind;
        f.encrypted = self.encrypted;
        f.byol = self.byol;
        f.deprecated = self.deprecated;
        Ok(f.with_shared_with(self.shared_with.iter().filter(|s| !s.is_empty()).cloned()))
    }
}

#[derive(clap::Args)]
struct ShareArgs {
    #[command(flatten)]
    image: ImageArgs,
    /// Accounts to share with (Tencent: Permission=SHARE), comma-separated.
    #[arg(long, value_delimiter = ',', num_args = 0..)]
    add: Vec<String>,
    /// Accounts to stop sharing with (Tencent: Permission=CANCEL), comma-separated.
    #[arg(long, value_delimiter = ',', num_args = 0..)]
    remove: Vec<String>,
}

#[derive(clap::Args)]
struct PlanArgs {
    #[command(flatten)]
    image: ImageArgs,
    /// The accounts the image should be shared with, comma-separated.
    #[arg(long, value_delimiter = ',', num_args = 0.., required = true)]
    desired: Vec<String>,
}

#[derive(clap::Args)]
struct RulesArgs {
    #[arg(long, value_parser = parse::<Provider>)]
    provider: Option<Provider>,
    #[arg(long, default_value = "latest", value_parser = parse::<Profile>)]
    profile: Profile,
    /// The language of the text format.
    #[arg(long, default_value = "en", value_parser = parse::<Lang>)]
    lang: Lang,
    /// json (the rule tables), text (a summary) or markdown (the rule reference, every profile).
    #[arg(long, value_enum, default_value = "json")]
    format: RulesFormat,
}

/// Parses a library key, so the command line accepts exactly what the library does.
pub(crate) fn parse<T: std::str::FromStr<Err = image_preflight::Error>>(
    s: &str,
) -> Result<T, String> {
    s.parse().map_err(|e: image_preflight::Error| e.to_string())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(args),
        Command::Share(args) => share(args),
        Command::PlanShare(args) => plan_share(args),
        Command::Rules(args) => rules(args),
        Command::Terraform(args) => pipelines::terraform(args),
        Command::Packer(args) => pipelines::packer(args),
        Command::Request(args) => pipelines::request(args),
        Command::Completions(args) => generate::completions(args, Cli::command()),
        Command::Man(args) => generate::man(args, Cli::command()),
    }
}

fn check(args: CheckArgs) -> ExitCode {
    if let (Some(field), Some(input)) = (args.field, &args.input) {
        return pipelines::batch(
            args.provider,
            args.operation,
            field,
            args.profile,
            args.lang,
            input,
        );
    }
    let change = AttributeChange {
        name: args.name.as_deref(),
        description: args.description.as_deref(),
        family: args.family.as_deref(),
        boot_mode: args.boot_mode.as_deref(),
        status: args.status.as_deref(),
        license_type: args.license_type.as_deref(),
        deprecated: None,
    };
    let given: Vec<(Field, &str)> = change
        .fields()
        .into_iter()
        .filter_map(|(f, v)| v.map(|v| (f, v)))
        .collect();
    if given.is_empty() {
        warn(
            "check: give at least one of --name, --description, --family, --boot-mode, --status, --license-type",
        );
        return ExitCode::from(2);
    }
    let mut report = Report::default();
    let mut reports = Vec::new();
    for (field, value) in &given {
        let r = validate(args.provider, args.operation, *field, value, args.profile);
        reports.push((*field, *value, r.clone()));
        report.merge(r);
    }
    if let Some(kind) = args.image_kind {
        let mut facts = ImageFacts::new(args.provider, String::new());
        facts.kind = kind;
        report.merge(judge_attributes(&facts, &change));
    }
    let text = match args.format {
        Format::Json => {
            let mut out = export::report_json(&report, args.lang);
            out.set("provider", args.provider.key());
            out.set("operation", args.operation.key());
            out.set("profile", args.profile.key());
            out.pretty() + "\n"
        }
        Format::Text => {
            let mut text = String::new();
            for (field, value, r) in &reports {
                text.push_str(&render::field(*field, value, r, args.lang));
            }
            text.push_str(&render::violations(
                report
                    .violations
                    .iter()
                    .filter(|v| v.field == Subject::Image),
                args.lang,
            ));
            text
        }
    };
    emit(&text, exit_for(report.is_valid()))
}

/// Reads the image's facts, or says why not (exit 2).
fn facts_or_usage(args: &ImageArgs) -> Result<ImageFacts, ExitCode> {
    args.facts().map_err(|e| {
        warn(&e.to_string());
        ExitCode::from(2)
    })
}

fn share(args: ShareArgs) -> ExitCode {
    let facts = match facts_or_usage(&args.image) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let change = ShareChange::lists(args.add.clone(), args.remove.clone());
    let (report, after) = match apply(&facts, &change, args.image.profile) {
        Ok(after) => (Report::default(), after),
        Err(found) => (Report::from(found), facts),
    };
    let rules = &args.image.provider.rules().share;
    let text = match args.image.format {
        Format::Json => {
            let out = export::report_json(&report, args.image.lang)
                .with("shared_with", sorted(&after))
                .with("request", change.to_provider_json(rules));
            out.pretty() + "\n"
        }
        Format::Text => {
            // The request's JSON escapes control characters itself.
            let mut text = format!("request: {}\n", change.to_provider_json(rules));
            text.push_str(&render::violations(
                report.violations.iter(),
                args.image.lang,
            ));
            let _ = writeln!(
                text,
                "{}: shared with {} account(s)",
                if report.is_valid() { "ok" } else { "refused" },
                after.shared_with().len()
            );
            text
        }
    };
    emit(&text, exit_for(report.is_valid()))
}

fn plan_share(args: PlanArgs) -> ExitCode {
    let facts = match facts_or_usage(&args.image) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let desired: Vec<&str> = args
        .desired
        .iter()
        .map(String::as_str)
        .filter(|s| !s.is_empty())
        .collect();
    let (report, requests) = match plan(&facts, &desired, args.image.profile) {
        Ok(requests) => (Report::default(), requests),
        Err(found) => (Report::from(found), Vec::new()),
    };
    let rules = &args.image.provider.rules().share;
    let shaped: Vec<Json> = requests.iter().map(|r| r.to_provider_json(rules)).collect();
    let text = match args.image.format {
        Format::Json => {
            let out = export::report_json(&report, args.image.lang)
                .with("shared_with", sorted(&facts))
                .with("requests", shaped);
            out.pretty() + "\n"
        }
        Format::Text => {
            let mut text = render::violations(report.violations.iter(), args.image.lang);
            for (i, r) in shaped.iter().enumerate() {
                let _ = writeln!(text, "request {}: {r}", i + 1);
            }
            if report.is_valid() {
                let _ = writeln!(text, "ok: {} request(s)", shaped.len());
            }
            text
        }
    };
    emit(&text, exit_for(report.is_valid()))
}

fn sorted(facts: &ImageFacts) -> Json {
    Json::Arr(
        facts
            .shared_with()
            .iter()
            .cloned()
            .map(Json::from)
            .collect(),
    )
}

fn rules(args: RulesArgs) -> ExitCode {
    let json = export::rules_json(args.provider, args.profile);
    let text = match args.format {
        RulesFormat::Json => json.pretty() + "\n",
        RulesFormat::Text => render::rules(args.provider, args.profile, args.lang),
        RulesFormat::Markdown => reference::markdown(args.provider),
    };
    emit(&text, ExitCode::SUCCESS)
}

fn exit_for(valid: bool) -> ExitCode {
    if valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
