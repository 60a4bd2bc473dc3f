//! `gograde find`: which questions of the bank a wording means, with confidences.

use super::{load_bank, output::Out, TableFormat};
use std::fmt::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct FindArgs {
    /// A question as an interviewer might word it.
    pub text: String,
    /// How many candidates to show.
    #[arg(long, default_value_t = 5)]
    pub limit: usize,
    /// Output format (`json`: the candidates and the resolution as one JSON object).
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,
    /// Same as `--format json` (kept for scripts written before `--format`).
    #[arg(long, hide = true)]
    pub json: bool,
}

pub fn run(bank: Option<&Path>, args: FindArgs, out: &Out) -> anyhow::Result<ExitCode> {
    let bank = load_bank(bank)?;
    let candidates = bank.candidates(&args.text, args.limit)?;
    let verdict = match bank.resolve(&args.text) {
        Ok(m) => format!("resolves to {} (confidence {:.2})", m.id, m.confidence),
        Err(e) => format!("not resolved: {}", e.to_string().split(';').next().unwrap_or_default()),
    };
    let s = if args.json || args.format == TableFormat::Json {
        serde_json::json!({"candidates": candidates, "resolved": bank.resolve(&args.text).ok()}).to_string() + "\n"
    } else {
        let mut s = String::new();
        for c in &candidates {
            let _ = writeln!(s, "{:.3}  {:<40} {}", c.confidence, c.id, c.question);
        }
        let _ = writeln!(s, "{verdict}");
        s
    };
    out.print(&s)?;
    Ok(ExitCode::SUCCESS)
}
