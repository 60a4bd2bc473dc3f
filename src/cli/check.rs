//! `gograde check`: validate the bank and run every rubric's quality bars.

use super::{exit, load_bank, output::Out};
use std::fmt::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Only check these question ids (default: all).
    pub ids: Vec<String>,
}

pub fn run(bank: Option<&Path>, args: CheckArgs, out: &Out) -> anyhow::Result<ExitCode> {
    // Load leniently: list every load problem, and still run the bars of the sound rubrics.
    let (bank, problems) = match bank {
        Some(dir) => gograde::Bank::from_dir_lenient(dir)?,
        None => (std::mem::ManuallyDrop::into_inner(load_bank(None)?), Vec::new()),
    };
    for id in &args.ids {
        if bank.get(id).is_none() {
            return Err(gograde::Error::UnknownQuestion { query: id.clone(), candidates: bank.candidates(id, 3)? }.into());
        }
    }
    let failures = gograde::quality::check::check_bank(&bank, &args.ids);
    let checked = if args.ids.is_empty() { bank.rubrics().len() } else { args.ids.len() };
    let mut s = String::new();
    for p in &problems {
        let _ = writeln!(s, "{p}");
    }
    for f in &failures {
        let _ = writeln!(s, "{}: {}: {}", f.file, f.bar, f.detail);
    }
    let failing: std::collections::BTreeSet<&str> = failures.iter().map(|f| f.rubric.as_str()).collect();
    let _ = writeln!(
        s,
        "checked {checked} rubric(s) of {}: {} load problem(s), {} quality failure(s) in {} rubric(s)",
        bank.origin(),
        problems.len(),
        failures.len(),
        failing.len()
    );
    out.print(&s)?;
    Ok(ExitCode::from(if !problems.is_empty() {
        exit::BANK
    } else if !failures.is_empty() {
        exit::FAILED
    } else {
        exit::OK
    }))
}
