//! Command-line interface: clap definitions, dispatch, exit codes and error reporting.
//! Commands live one per module; none of this is part of the library.

mod atomic;
mod batch;
mod calibrate;
mod check;
mod completions;
mod draft;
mod eval;
mod find;
mod grade;
mod input;
mod list;
mod man;
mod output;
mod schema;
mod version;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::mem::ManuallyDrop;
use std::path::PathBuf;
use std::process::ExitCode;

pub use output::report_error;

/// Exit codes, documented in the README and in `--help`.
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// The command ran but the result failed a bar: `check` found problems, or a score was
    /// below `--fail-under`.
    pub const FAILED: u8 = 1;
    // 2 is bad command-line usage: clap exits with it before any command runs.
    /// The bank (rubrics, corpus, params) is invalid.
    pub const BANK: u8 = 3;
    /// The question is unknown or ambiguous.
    pub const QUESTION: u8 = 4;
    /// Input could not be read (file missing, not UTF-8, …).
    pub const INPUT: u8 = 5;
    /// `batch`: some records could not be graded (see the error rows); takes precedence over 1.
    pub const RECORDS: u8 = 6;
    /// An internal error (a bug).
    pub const INTERNAL: u8 = 70;

    /// Every exit code with its meaning, for the man page.
    pub const ALL: &[(u8, &str)] = &[
        (OK, "Success."),
        (FAILED, "The command ran but the result failed a bar: check found problems, or a score was below --fail-under."),
        (2, "Bad command-line usage."),
        (BANK, "The bank (rubrics, corpus, params) is invalid."),
        (QUESTION, "The question is unknown or ambiguous."),
        (INPUT, "Input could not be read (file missing, not UTF-8, ...)."),
        (RECORDS, "batch: some records could not be graded (see the error rows); takes precedence over 1."),
        (INTERNAL, "An internal error (a bug)."),
    ];
}

const AFTER_HELP: &str = "Exit codes: 0 success; 1 check failed or score below --fail-under; 2 usage error; \
3 invalid bank; 4 unknown or ambiguous question; 5 unreadable input; 6 batch: some records could not be graded; 70 internal error.";

/// Grade free-text answers to Go interview questions, and explain what they missed.
#[derive(Debug, Parser)]
#[command(name = "gograde", version, disable_version_flag = true, about, after_help = AFTER_HELP)]
pub struct Args {
    /// Print the version, and the bank's origin, question count and content hash.
    #[arg(short = 'V', long)]
    pub version: bool,

    /// A bank folder holding rubrics/ and corpus/ (default: the bank shipped in the binary).
    #[arg(long, global = true, value_name = "DIR", env = "GOGRADE_BANK")]
    pub bank: Option<PathBuf>,

    /// When to colour text output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// Output of the browsing commands (`list`, `find`): a table for people or JSON for programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Grade one answer and review it.
    Grade(grade::GradeArgs),
    /// List the questions of the bank.
    List(list::ListArgs),
    /// Show a question's rubric, hints and model answer.
    Show(list::ShowArgs),
    /// Find which question of the bank a wording means.
    Find(find::FindArgs),
    /// Validate the bank and run every rubric's quality bars.
    Check(check::CheckArgs),
    /// Measure agreement with hand-marked answers.
    Eval(eval::EvalArgs),
    /// Fit the score parameters to hand-marked answers (with cross-validation).
    Calibrate(calibrate::CalibrateArgs),
    /// Draft a rubric from a question and its reference answer.
    Draft(draft::DraftArgs),
    /// Grade many answers (JSON Lines or transcripts) and report per candidate.
    Batch(batch::BatchArgs),
    /// Print a shell completion script (question ids and topics included).
    Completions(completions::CompletionsArgs),
    /// Print the manual page (roff), covering every command.
    Man,
    /// Print a JSON Schema (rubric files), for editors to validate and complete.
    Schema(schema::SchemaArgs),
}

/// Run a parsed command line.
pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let out = output::Out::new(args.color);
    if args.version {
        return output::finish(version::run(args.bank.as_deref(), &out));
    }
    let Some(command) = args.command else {
        Args::command().error(clap::error::ErrorKind::MissingSubcommand, "a command is required; see --help").exit();
    };
    let result = match command {
        Command::Grade(a) => grade::run(args.bank.as_deref(), a, &out),
        Command::List(a) => list::list(args.bank.as_deref(), a, &out),
        Command::Show(a) => list::show(args.bank.as_deref(), a, &out),
        Command::Find(a) => find::run(args.bank.as_deref(), a, &out),
        Command::Check(a) => check::run(args.bank.as_deref(), a, &out),
        Command::Batch(a) => batch::run(args.bank.as_deref(), a),
        Command::Eval(a) => eval::run(args.bank.as_deref(), a, &out),
        Command::Calibrate(a) => calibrate::run(args.bank.as_deref(), a, &out),
        Command::Draft(a) => draft::run(args.bank.as_deref(), a, &out),
        Command::Completions(a) => completions::run(args.bank.as_deref(), a),
        Command::Man => man::run(&out),
        Command::Schema(a) => schema::run(a, &out),
    };
    output::finish(result)
}

/// Load the bank named by `--bank`, or the shipped one, through the snapshot cache unless
/// `GOGRADE_NO_CACHE` is set.
///
/// The bank lives until the process exits, so it is never dropped: freeing its hundreds of
/// thousands of small allocations one by one would add a third to a cold grade.
pub fn load_bank(path: Option<&std::path::Path>) -> Result<ManuallyDrop<gograde::Bank>, gograde::Error> {
    let bank = match (path, gograde::bank::BankCache::platform()) {
        (Some(p), Some(cache)) => cache.load_dir(p),
        (None, Some(cache)) => cache.shipped(),
        (Some(p), None) => gograde::Bank::from_dir(p),
        (None, None) => gograde::Bank::shipped(),
    };
    bank.map(ManuallyDrop::new)
}
