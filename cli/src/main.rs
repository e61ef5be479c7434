//! `image-preflight`: the command line over the library.
//!
//! Exit 0: valid. Exit 1: violations. Exit 2: bad usage, with a message on stderr.

mod generate;
mod pipelines;
mod reference;

use image_preflight_cli::output::{emit, warn};
use image_preflight_cli::render;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use image_preflight::rules::Sharing;
use image_preflight::{
    AttributeChange, Field, ImageFacts, ImageKind, Lang, Operation, Outcome, Profile, Provider,
    ShareChange, export, outcome,
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
    /// Judge deleting the image (Volcengine refuses while it is shared).
    Delete(DeleteArgs),
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
    #[arg(long, value_parser = keyed::<Provider>())]
    provider: Provider,
    #[arg(long, default_value = "modify", value_parser = keyed::<Operation>())]
    operation: Operation,
    #[arg(long, default_value = "latest", value_parser = keyed::<Profile>())]
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
    /// LicenseType, matched exactly (Tencent ImportImage TencentCloud, BYOL; Alibaba ImportImage
    /// Auto, Aliyun, BYOL, strict Aliyun, BYOL; Alibaba ModifyImageAttribute BYOL).
    #[arg(long)]
    license_type: Option<String>,
    /// The deprecation switch the request sends (Tencent ImageDeprecated; for Alibaba, as
    /// Status=Deprecated or Available).
    #[arg(long, value_name = "true|false")]
    deprecated: Option<bool>,
    /// Architecture, matched exactly (ImportImage; Alibaba CreateImage).
    #[arg(long)]
    architecture: Option<String>,
    /// Platform, the OS distribution, matched exactly (Alibaba CreateImage and ImportImage).
    #[arg(long)]
    platform: Option<String>,
    /// OSType / OsType, matched exactly (ImportImage).
    #[arg(long)]
    os_type: Option<String>,
    /// Alibaba Features.NvmeSupport: supported or unsupported.
    #[arg(long)]
    nvme_support: Option<String>,
    /// Alibaba Features.ImdsSupport: v1 or v2.
    #[arg(long)]
    imds_support: Option<String>,
    /// Whose image it is: custom, shared-in, public, marketplace, instance.
    #[arg(long, value_parser = keyed::<ImageKind>())]
    image_kind: Option<ImageKind>,
    #[arg(long, default_value = "en", value_parser = keyed::<Lang>())]
    lang: Lang,
    /// text (the default) or json; with --input, json lines (the default) or text, one
    /// `FILE:LINE:COLUMN:` line per fault.
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// With --input: the field every line's value is checked as.
    #[arg(long, value_parser = keyed::<Field>(), requires = "input")]
    field: Option<Field>,
    /// A file of values, one per line (`-` for stdin): one JSON object per line out.
    #[arg(
        long,
        requires = "field",
        conflicts_with_all = ["name", "description", "family", "boot_mode", "status", "license_type", "architecture", "platform", "os_type", "nvme_support", "imds_support", "deprecated", "image_kind"]
    )]
    input: Option<String>,
}

/// The image a share change or plan is judged against.
#[derive(clap::Args)]
struct ImageArgs {
    #[arg(long, value_parser = keyed::<Provider>())]
    provider: Provider,
    /// The account that owns the image.
    #[arg(long)]
    owner: String,
    /// The image's state in the provider's own spelling (default: the state that allows sharing).
    #[arg(long)]
    image_state: Option<String>,
    #[arg(long, default_value = "custom", value_parser = keyed::<ImageKind>())]
    image_kind: ImageKind,
    #[arg(long)]
    encrypted: bool,
    /// With --encrypted: the key is one you manage (KMS), not the provider's service key.
    #[arg(long, requires = "encrypted")]
    customer_key: bool,
    #[arg(long)]
    byol: bool,
    #[arg(long)]
    deprecated: bool,
    /// The accounts the image is shared with today, comma-separated.
    #[arg(long, value_delimiter = ',', num_args = 0..)]
    shared_with: Vec<String>,
    #[arg(long, default_value = "latest", value_parser = keyed::<Profile>())]
    profile: Profile,
    #[arg(long, default_value = "en", value_parser = keyed::<Lang>())]
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
        f.set_kind(self.image_kind)?;
        f.encrypted = self.encrypted;
        f.customer_key = self.customer_key;
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
struct DeleteArgs {
    #[command(flatten)]
    image: ImageArgs,
}

#[derive(clap::Args)]
struct RulesArgs {
    #[arg(long, value_parser = keyed::<Provider>())]
    provider: Option<Provider>,
    #[arg(long, default_value = "latest", value_parser = keyed::<Profile>())]
    profile: Profile,
    /// The language of the text format.
    #[arg(long, default_value = "en", value_parser = keyed::<Lang>())]
    lang: Lang,
    /// json (the rule tables), text (a summary) or markdown (the rule reference, every profile).
    #[arg(long, value_enum, default_value = "json")]
    format: RulesFormat,
}

/// A library enum whose keys the command line takes.
pub(crate) trait Keyed: Sized + Clone + Send + Sync + 'static {
    fn keys() -> Vec<&'static str>;
}

macro_rules! keyed {
    ($($t:ty),+) => {
        $(impl Keyed for $t {
            fn keys() -> Vec<&'static str> {
                <$t>::ALL.iter().map(|v| v.key()).collect()
            }
        })+
    };
}
keyed!(Provider, Operation, Field, Profile, Lang, ImageKind);

/// Parses a library key, so the command line accepts exactly what the library does: `--help`
/// lists the keys, and an unknown value gets the library's own message, which names the known
/// ones (the same words every face of the library uses).
pub(crate) fn keyed<T>() -> KeyedParser<T>
where
    T: Keyed + std::str::FromStr<Err = image_preflight::Error>,
{
    KeyedParser(std::marker::PhantomData)
}

#[derive(Clone)]
pub(crate) struct KeyedParser<T>(std::marker::PhantomData<T>);

impl<T> clap::builder::TypedValueParser for KeyedParser<T>
where
    T: Keyed + std::str::FromStr<Err = image_preflight::Error>,
{
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let text = value
            .to_str()
            .ok_or_else(|| clap::Error::new(clap::error::ErrorKind::InvalidUtf8).with_cmd(cmd))?;
        text.parse::<T>().map_err(|e| {
            let name = arg.map_or_else(String::new, |a| format!("--{}: ", a.get_id()));
            clap::Error::raw(clap::error::ErrorKind::InvalidValue, format!("{name}{e}\n"))
                .with_cmd(cmd)
        })
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            T::keys().into_iter().map(clap::builder::PossibleValue::new),
        ))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(args),
        Command::Share(args) => share(args),
        Command::PlanShare(args) => plan_share(args),
        Command::Delete(args) => delete(args),
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
            // Text only when asked for: the JSON lines stay the default of a batch.
            matches!(args.format, Some(Format::Text)),
        );
    }
    let change = AttributeChange {
        name: args.name.as_deref(),
        description: args.description.as_deref(),
        family: args.family.as_deref(),
        boot_mode: args.boot_mode.as_deref(),
        status: args.status.as_deref(),
        license_type: args.license_type.as_deref(),
        architecture: args.architecture.as_deref(),
        platform: args.platform.as_deref(),
        os_type: args.os_type.as_deref(),
        nvme_support: args.nvme_support.as_deref(),
        imds_support: args.imds_support.as_deref(),
        deprecated: args.deprecated,
    };
    // The image a modify changes: only its kind is known here.
    let image = args.image_kind.map(|kind| {
        let mut facts = ImageFacts::new(args.provider, String::new());
        facts.set_kind(kind).map(|()| facts)
    });
    let image = match image.transpose() {
        Ok(image) => image,
        Err(e) => {
            warn(&format!("check: {e}"));
            return ExitCode::from(2);
        }
    };
    let answer = match outcome::request(
        args.provider,
        args.operation,
        args.profile,
        &change,
        image.as_ref(),
    ) {
        Ok(answer) => answer,
        // What a request may send, as this command's flags (`--boot-mode`).
        Err(image_preflight::Error::NoFields { known }) => {
            let flags: Vec<String> = known
                .split(", ")
                .map(|k| format!("--{}", k.replace('_', "-")))
                .collect();
            warn(&format!(
                "check: a request needs at least one of: {}",
                flags.join(", ")
            ));
            return ExitCode::from(2);
        }
        Err(e) => {
            warn(&format!("check: {e}"));
            return ExitCode::from(2);
        }
    };
    let text = match args.format.unwrap_or(Format::Text) {
        Format::Json => answer.to_json(args.lang).pretty() + "\n",
        Format::Text => render::request(&change, &answer.report, args.lang),
    };
    emit(&text, exit_for(answer.is_valid()))
}

/// Reads the image's facts, or says why not (exit 2).
fn facts_or_usage(args: &ImageArgs) -> Result<ImageFacts, ExitCode> {
    args.facts().map_err(|e| {
        warn(&e.to_string());
        ExitCode::from(2)
    })
}

/// Where the provider has no share call, why not (exit 2).
fn share_supported_or_usage(provider: Provider) -> Result<(), ExitCode> {
    match &provider.rules().share {
        Sharing::Call(_) => Ok(()),
        Sharing::NoCall { en, .. } => {
            eprintln!("image-preflight: sharing is not supported for {provider}: {en}");
            Err(ExitCode::from(2))
        }
    }
}

fn share(args: ShareArgs) -> ExitCode {
    if let Err(code) = share_supported_or_usage(args.image.provider) {
        return code;
    }
    let facts = match facts_or_usage(&args.image) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let change = ShareChange::lists(args.add.clone(), args.remove.clone());
    let answer = outcome::share(&facts, change, args.image.profile);
    print_answer(&answer, args.image.format, args.image.lang)
}

fn plan_share(args: PlanArgs) -> ExitCode {
    if let Err(code) = share_supported_or_usage(args.image.provider) {
        return code;
    }
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
    let answer = outcome::plan(&facts, &desired, args.image.profile);
    print_answer(&answer, args.image.format, args.image.lang)
}

fn delete(args: DeleteArgs) -> ExitCode {
    let facts = match facts_or_usage(&args.image) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let answer = outcome::delete(&facts, args.image.profile);
    print_answer(&answer, args.image.format, args.image.lang)
}

/// A share, plan or delete answer in the chosen format; the exit code follows its verdict.
fn print_answer(answer: &Outcome, format: Format, lang: Lang) -> ExitCode {
    let text = match format {
        Format::Json => answer.to_json(lang).pretty() + "\n",
        Format::Text => render::image_answer(answer, lang),
    };
    emit(&text, exit_for(answer.is_valid()))
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
