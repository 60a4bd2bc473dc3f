//! `gograde list` and `gograde show`: browse the bank.

use super::{load_bank, output::Out, TableFormat};
use anyhow::Context;
use gograde::rubric::{Level, Rubric};
use std::fmt::Write;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only this topic.
    #[arg(long)]
    pub topic: Option<String>,
    /// Only this level (junior, mid, senior).
    #[arg(long, value_parser = ["junior", "mid", "senior"])]
    pub level: Option<String>,
    /// Output format (`json`: one JSON object per question).
    #[arg(long, value_enum, default_value_t = TableFormat::Text)]
    pub format: TableFormat,
    /// Same as `--format json` (kept for scripts written before `--format`).
    #[arg(long, hide = true)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The question id (or its text).
    pub id: String,
}

pub fn list(bank: Option<&Path>, args: ListArgs, out: &Out) -> anyhow::Result<ExitCode> {
    let bank = load_bank(bank)?;
    let level = args.level.as_deref().and_then(Level::parse);
    let mut rubrics: Vec<&Rubric> = bank
        .rubrics()
        .iter()
        .filter(|r| args.topic.as_deref().is_none_or(|t| r.topic == t))
        .filter(|r| level.is_none_or(|l| r.level == l))
        .collect();
    rubrics.sort_by(|a, b| (&a.topic, &a.id).cmp(&(&b.topic, &b.id)));
    let json = args.json || args.format == TableFormat::Json;
    let mut s = String::new();
    for r in &rubrics {
        if json {
            let v = serde_json::json!({"id": r.id, "topic": r.topic, "level": r.level, "question": r.question});
            let _ = writeln!(s, "{v}");
        } else {
            let _ = writeln!(s, "{:<42} {:<24} {:<7} {}", r.id, r.topic, r.level.as_str(), r.question);
        }
    }
    if !json {
        let _ = writeln!(s, "{} question(s)", rubrics.len());
    }
    out.print(&s)?;
    Ok(ExitCode::SUCCESS)
}

pub fn show(bank: Option<&Path>, args: ShowArgs, out: &Out) -> anyhow::Result<ExitCode> {
    let bank = load_bank(bank)?;
    let m = bank.resolve(&args.id)?;
    let r = bank.get(&m.id).context("resolved question vanished")?;
    let mut s = String::new();
    let _ = writeln!(s, "{}  [{} · {} · {}]", r.question, r.id, r.topic, r.level.as_str());
    if !r.aliases.is_empty() {
        let _ = writeln!(s, "also asked as:");
        for a in &r.aliases {
            let _ = writeln!(s, "  - {a}");
        }
    }
    if let Some(note) = &r.version_note {
        let _ = writeln!(s, "version note: {note}");
    }
    let _ = writeln!(s, "\nconcepts:");
    for c in &r.concepts {
        let group = c.group.as_deref().map(|g| format!("[{g}] ")).unwrap_or_default();
        let _ = writeln!(s, "  {} (weight {}) {}{}", c.id, c.weight, group, c.says);
        let _ = writeln!(s, "      hint: {}", c.hint);
        for p in &c.patterns {
            let _ = writeln!(s, "      pattern: {}", p.source);
        }
    }
    if !r.red_flags.is_empty() {
        let _ = writeln!(s, "\nred flags:");
        for f in &r.red_flags {
            let _ = writeln!(s, "  {} (−{}) {}", f.id, f.penalty, f.why);
            for p in &f.patterns {
                let _ = writeln!(s, "      pattern: {}", p.source);
            }
        }
    }
    let _ = writeln!(s, "\nmodel answer:\n{}", r.reference.trim_end());
    out.print(&s)?;
    Ok(ExitCode::SUCCESS)
}
