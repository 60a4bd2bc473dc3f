//! `gograde draft`: a rubric draft from a question and its reference answer, for an author to edit.

use super::{input::read_text_file, load_bank, output::Out};
use gograde::quality::draft::{self, DraftRequest};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct DraftArgs {
    /// The question text.
    #[arg(long)]
    pub question: String,
    /// The reference answer (Markdown).
    #[arg(long, value_name = "FILE")]
    pub reference: PathBuf,
    /// Rubric id (default: from the question).
    #[arg(long)]
    pub id: Option<String>,
    #[arg(long, default_value = "misc")]
    pub topic: String,
    #[arg(long, default_value = "mid", value_parser = ["junior", "mid", "senior"])]
    pub level: String,
}

pub fn run(bank: Option<&Path>, args: DraftArgs, out: &Out) -> anyhow::Result<ExitCode> {
    let reference = read_text_file(&args.reference)?;
    let bank = load_bank(bank)?;
    let req = DraftRequest {
        id: args.id.unwrap_or_else(|| draft::slug(&args.question)),
        topic: args.topic,
        level: args.level,
        question: args.question,
        reference,
    };
    out.print(&draft::draft(&bank, &req))?;
    Ok(ExitCode::SUCCESS)
}
