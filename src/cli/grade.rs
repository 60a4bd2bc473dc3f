//! `gograde grade`: grade one answer given as an argument, a file, or on stdin.

use super::{exit, input::read_text_file, load_bank, output::Out, Format};
use anyhow::Context;
use gograde::grading::feedback;
use gograde::rubric::limits::DEFAULT_MAX_ANSWER_BYTES;
use gograde::{GradeOptions, Grader};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct GradeArgs {
    /// The question: its id (see `gograde list`) or its text.
    #[arg(short, long, value_name = "ID|TEXT")]
    pub question: String,

    /// The answer; `-` or none reads stdin.
    #[arg(value_name = "ANSWER", conflicts_with = "answer_file")]
    pub answer: Option<String>,

    /// Read the answer from a file.
    #[arg(long, value_name = "FILE")]
    pub answer_file: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Include the model answer in the review.
    #[arg(long)]
    pub reference: bool,

    /// Exit with code 1 when the score is below this (0–100).
    #[arg(long, value_name = "SCORE")]
    pub fail_under: Option<f64>,

    /// Refuse (exit 5) an answer longer than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_ANSWER_BYTES)]
    pub max_answer_bytes: usize,
}

fn read_answer(args: &GradeArgs) -> anyhow::Result<String> {
    if let Some(path) = &args.answer_file {
        return read_text_file(path);
    }
    match args.answer.as_deref() {
        Some("-") | None => {
            if Out::stdin_is_terminal() {
                eprintln!("Type your answer; finish with Ctrl-D on a new line.");
            }
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes).context("reading the answer from stdin")?;
            String::from_utf8(bytes).map_err(|e| {
                anyhow::Error::new(std::io::Error::new(std::io::ErrorKind::InvalidData, e)).context("the answer on stdin is not UTF-8")
            })
        }
        Some(text) => Ok(text.to_string()),
    }
}

pub fn run(bank: Option<&Path>, args: GradeArgs, out: &Out) -> anyhow::Result<ExitCode> {
    let answer = read_answer(&args)?;
    let bank = load_bank(bank)?;
    let grader = Grader::with_options(&bank, GradeOptions { include_reference: args.reference, max_answer_bytes: args.max_answer_bytes });
    let grade = grader.grade(&args.question, &answer)?;
    let text = match args.format {
        Format::Text => feedback::render_text(&grade),
        Format::Json => feedback::render_json(&grade) + "\n",
        Format::Markdown => feedback::render_markdown(&grade),
    };
    out.print(&text)?;
    Ok(ExitCode::from(match args.fail_under {
        Some(min) if grade.score < min => exit::FAILED,
        _ => exit::OK,
    }))
}
