//! The pipeline subcommands: `terraform`, `packer`, `request`, and `check --input`.
//!
//! Exit 0: clean. Exit 1: findings. Exit 2: unreadable input or bad usage, with a message on
//! stderr (and the line and column where the parser gives them).

use image_preflight::{Field, Lang, Operation, Profile, Provider};
use image_preflight_cli::excerpt::Values;
use image_preflight_cli::findings::Outcome;
use image_preflight_cli::input::{ReadError, read_all, read_path};
use image_preflight_cli::output::{self, emit, warn};
use image_preflight_cli::packer_hcl::VarInput;
use image_preflight_cli::{batch, folder, packer, request, safe, terraform_places};
use std::fmt::Write as _;
use std::io::BufRead;
use std::process::ExitCode;

use crate::keyed;

/// The pipeline readers' formats: the command line's two and SARIF.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum PipelineFormat {
    Text,
    Json,
    Sarif,
}

/// The options every pipeline reader shares.
#[derive(clap::Args)]
pub struct Common {
    #[arg(long, default_value = "latest", value_parser = keyed::<Profile>())]
    profile: Profile,
    #[arg(long, default_value = "en", value_parser = keyed::<Lang>())]
    lang: Lang,
    /// text (file:line:column: finding), json, or sarif (SARIF 2.1.0, for code scanning).
    #[arg(long, value_enum, default_value = "text")]
    format: PipelineFormat,
    /// Exit 1 when a value is unknown until apply or build, even with no finding.
    #[arg(long)]
    fail_on_unknown: bool,
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
    /// The plan's JSON file (`terraform show -json PLAN`), `-` for standard input, or a
    /// configuration: a folder of `*.tf` files or one `.tf` file, read with no plan.
    plan: String,
    /// With a configuration: a variable's value, as Terraform's `-var NAME=VALUE`.
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = image_preflight_cli::packer_hcl::var_pair)]
    vars: Vec<(String, String)>,
    /// With a configuration: a variable file, as Terraform's `-var-file` (repeatable), applied
    /// after `terraform.tfvars` and the `*.auto.tfvars` files.
    #[arg(long = "var-file", value_name = "FILE")]
    var_files: Vec<String>,
    #[command(flatten)]
    common: Common,
}

#[derive(clap::Args)]
pub struct PackerArgs {
    /// A template file, a directory of `*.pkr.hcl` / `*.pkr.json` files, or `-` for stdin.
    template: String,
    /// A variable's value, as Packer's `-var NAME=VALUE` (repeatable; later wins).
    #[arg(long = "var", value_name = "NAME=VALUE", value_parser = image_preflight_cli::packer_hcl::var_pair)]
    vars: Vec<(String, String)>,
    /// A variable file (`NAME = value` lines), as Packer's `-var-file` (repeatable), applied
    /// after the folder's `*.auto.pkrvars.hcl` files.
    #[arg(long = "var-file", value_name = "FILE")]
    var_files: Vec<String>,
    #[command(flatten)]
    common: Common,
}

#[derive(clap::Args)]
pub struct RequestArgs {
    #[arg(long, value_parser = keyed::<Provider>())]
    provider: Provider,
    /// The API action: ModifyImageAttribute, CreateImage, CopyImage (Tencent: SyncImages),
    /// ImportImage or ModifyImageSharePermission.
    #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(action_names()))]
    action: String,
    /// The request body's JSON file, or `-` for standard input.
    body: String,
    #[command(flatten)]
    common: Common,
}

/// Every provider's API action names, for `--action`'s possible values (which provider takes
/// which is checked by the reader).
fn action_names() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for p in Provider::ALL {
        let rules = p.rules();
        for name in rules.action_names().into_iter().chain(rules.share_action()) {
            if !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
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
        PipelineFormat::Json => outcome.to_json_with(common.lang, common.values()).pretty() + "\n",
        PipelineFormat::Text => outcome.to_text_with(common.lang, unknown_until, common.values()),
        PipelineFormat::Sarif => {
            image_preflight_cli::sarif::log(outcome, common.lang, common.profile).pretty() + "\n"
        }
    };
    emit(
        &text,
        exit_for(outcome.is_valid() && !(common.fail_on_unknown && outcome.has_unknown())),
    )
}

pub fn terraform(args: TerraformArgs) -> ExitCode {
    let path = std::path::Path::new(&args.plan);
    if path.is_dir() || args.plan.ends_with(".tf") {
        return terraform_config(&args);
    }
    let file = if args.plan == "-" {
        "<stdin>"
    } else {
        args.plan.as_str()
    };
    let result = read_all(&args.plan)
        .and_then(|b| terraform_places::check_file(&b, file, args.common.profile));
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
    let mut read = Vec::new();
    for file in &listing.files {
        let (name, bytes) = if args.template == "-" {
            ("<stdin>".to_string(), read_all("-"))
        } else {
            (file.to_string_lossy().into_owned(), read_path(file))
        };
        match bytes {
            Ok(b) => read.push((name, b)),
            Err(e) => return unreadable(&name, &e),
        }
    }
    let mut vars = VarInput {
        env: image_preflight_cli::packer_hcl::env_vars("PKR_VAR_"),
        ..VarInput::default()
    };
    let mut var_files = auto_var_files(&args.template);
    var_files.extend(args.var_files.iter().cloned());
    for f in &var_files {
        let text =
            read_all(f).and_then(|b| image_preflight_cli::input::text(&b).map(str::to_string));
        match text {
            Ok(t) => vars.files.push((f.clone(), t)),
            Err(e) => return unreadable(f, &e),
        }
    }
    vars.pairs = args.vars.clone();
    match packer::check_files(&read, &vars, args.common.profile) {
        Ok(mut all) => {
            all.skipped = listing.skipped;
            print_outcome(&all, &args.common, "build")
        }
        Err(e) => unreadable(&args.template, &e),
    }
}

/// `terraform DIR`: the configuration itself.
fn terraform_config(args: &TerraformArgs) -> ExitCode {
    let dir = std::path::Path::new(&args.plan);
    let (files, var_dir) = if dir.is_dir() {
        (files_ending(&args.plan, &[".tf"]), args.plan.clone())
    } else {
        let parent = dir
            .parent()
            .map_or(".".to_string(), |p| p.to_string_lossy().into_owned());
        (
            vec![args.plan.clone()],
            if parent.is_empty() {
                ".".into()
            } else {
                parent
            },
        )
    };
    if files.is_empty() {
        return unreadable(&args.plan, &ReadError::new("no *.tf file in it"));
    }
    let read_text = |f: &String| -> Result<(String, String), ReadError> {
        let b = read_all(f)?;
        Ok((f.clone(), image_preflight_cli::input::text(&b)?.to_string()))
    };
    let mut texts = Vec::new();
    for f in &files {
        match read_text(f) {
            Ok(t) => texts.push(t),
            Err(e) => return unreadable(f, &e),
        }
    }
    let mut vars = VarInput {
        env: image_preflight_cli::packer_hcl::env_vars("TF_VAR_"),
        ..VarInput::default()
    };
    let tfvars = std::path::Path::new(&var_dir).join("terraform.tfvars");
    let mut var_files: Vec<String> = Vec::new();
    if tfvars.is_file() {
        var_files.push(tfvars.to_string_lossy().into_owned());
    }
    var_files.extend(files_ending(&var_dir, &[".auto.tfvars"]));
    var_files.extend(args.var_files.iter().cloned());
    for f in &var_files {
        match read_text(f) {
            Ok(t) => vars.files.push(t),
            Err(e) => return unreadable(f, &e),
        }
    }
    vars.pairs = args.vars.clone();
    match image_preflight_cli::terraform_config::check(&texts, &vars, args.common.profile) {
        Ok(mut out) => {
            // Never silent: JSON configuration files are listed, not skipped without a word.
            if dir.is_dir() {
                for f in files_ending(&args.plan, &[".tf.json"]) {
                    out.skipped.push(image_preflight_cli::findings::Skipped {
                        path: f,
                        reason: "a JSON configuration is not read: check the plan \
                                 (`terraform show -json`) for its resources"
                            .into(),
                    });
                }
            }
            print_outcome(&out, &args.common, "apply")
        }
        Err(e) => unreadable(&args.plan, &e),
    }
}

/// A folder's files whose names end with one of `endings`, in name order.
fn files_ending(dir: &str, endings: &[&str]) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| endings.iter().any(|e| n.ends_with(e)))
        })
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

/// A folder's `*.auto.pkrvars.hcl` files in name order, as `packer build DIR` loads them.
fn auto_var_files(path: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(path) else {
        return Vec::new();
    };
    let mut out: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.ends_with(".auto.pkrvars.hcl"))
        })
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

pub fn request(args: RequestArgs) -> ExitCode {
    let c = &args.common;
    let file = if args.body == "-" {
        "<stdin>"
    } else {
        args.body.as_str()
    };
    let result = read_all(&args.body).and_then(|b| {
        let mut checked = request::check(&b, args.provider, &args.action, c.profile)?;
        place_request(
            &mut checked.outcome,
            image_preflight_cli::input::text(&b)?,
            file,
        );
        Ok(checked)
    });
    let checked = match result {
        Ok(r) => r,
        Err(e) => return unreadable(&args.body, &e),
    };
    let text = match c.format {
        PipelineFormat::Json => {
            checked
                .to_json_with(args.provider, &args.action, c.lang, c.values())
                .pretty()
                + "\n"
        }
        PipelineFormat::Sarif => {
            image_preflight_cli::sarif::log(&checked.outcome, c.lang, c.profile).pretty() + "\n"
        }
        PipelineFormat::Text => {
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

/// Each finding of a request body placed at its parameter: `Param` (an element of it, for a
/// list) or, in the flattened wire form, `Param.N`.
fn place_request(out: &mut Outcome, text: &str, file: &str) {
    use image_preflight_cli::place::{Lines, Step, json_offsets};
    let mut paths = Vec::new();
    for f in &out.findings {
        let key = Step::Key(f.attribute.clone());
        let index = f.violation.index;
        paths.push(match index {
            Some(i) => vec![key.clone(), Step::Index(i)],
            None => vec![key.clone()],
        });
        paths.push(vec![key]);
        paths.push(vec![Step::Key(format!(
            "{}.{}",
            f.attribute,
            index.map_or(1, |i| i + 1)
        ))]);
    }
    let offsets = json_offsets(text, &paths);
    let lines = Lines::new(text);
    for (f, at) in out.findings.iter_mut().zip(offsets.chunks(3)) {
        f.place = at.iter().flatten().next().map(|&o| lines.place(file, o));
    }
}

/// `check --field F --input FILE|-`: JSON lines, or with `--format text` one line per fault.
pub fn batch(
    provider: Provider,
    operation: Operation,
    field: Field,
    profile: Profile,
    lang: Lang,
    input: &str,
    text: bool,
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
    let name = if input == "-" { "<stdin>" } else { input };
    let totals = if text {
        image_preflight_cli::batch_text::run(rule, field, lang, name, &mut reader, &mut out)
    } else {
        batch::run(rule, field, lang, &mut reader, &mut out)
    };
    // A write error is told by what the writer saw: a closed pipe ends quietly.
    if let Some(e) = out.error.take() {
        return output::failed(&e);
    }
    match totals {
        Ok(totals) => exit_for(totals.invalid == 0),
        Err(e) => unreadable(input, &e),
    }
}
