//! `gograde calibrate`: fit the bank's score parameters to marked answers and write them.

use super::{input::read_text_file, load_bank, output::Out, Format};
use anyhow::Context;
use gograde::quality::calibrate::{self, Fit};
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct CalibrateArgs {
    /// Marked answers, one JSON object per line: {"question", "answer", "grade" 0-5, "kind"?}.
    pub file: PathBuf,
    /// Folds for cross-validation (questions are held out whole).
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Where to write the fitted parameters (default: rubrics/params.toml of --bank, or of the
    /// current folder).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Only report; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Output format (text or json).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

fn fit_line(name: &str, f: &Fit) -> String {
    format!("{name:<18} qwk {:.3}  pearson {:.3}  mae {:.3}", f.qwk, f.pearson, f.mae)
}

pub fn run(bank_dir: Option<&Path>, args: CalibrateArgs, out: &Out) -> anyhow::Result<ExitCode> {
    let text = read_text_file(&args.file)?;
    let bank = load_bank(bank_dir)?;
    let (marked, bad_lines) = gograde::quality::eval::parse_marked(&text);
    let c = calibrate::calibrate(&bank, &marked, args.folds);
    let target = args.out.clone().unwrap_or_else(|| bank_dir.unwrap_or(Path::new(".")).join("rubrics/params.toml"));
    if !args.dry_run {
        let body = toml::to_string_pretty(&c.params).context("serialising the parameters")?;
        let header = format!(
            "# Fitted by `gograde calibrate {}` on {} answers to {} questions.\n# in-sample qwk {:.3}, {}-fold cross-validated (questions held out) qwk {:.3}.\n",
            args.file.display(),
            c.answers,
            c.questions,
            c.in_sample.qwk,
            c.folds,
            c.cross_validated.qwk
        );
        let tmp = target.with_extension("toml.tmp");
        std::fs::write(&tmp, header + &body).with_context(|| format!("writing {}", tmp.display()))?;
        std::fs::rename(&tmp, &target).with_context(|| format!("replacing {}", target.display()))?;
    }
    let rendered = match args.format {
        Format::Json => serde_json::to_string_pretty(&c)? + "\n",
        _ => {
            let mut s = String::new();
            let _ = writeln!(
                s,
                "{} answers to {} questions ({} lines could not be graded)",
                c.answers,
                c.questions,
                c.errors.len() + bad_lines.len()
            );
            let _ = writeln!(s, "{}", fit_line("current params", &c.before));
            let _ = writeln!(s, "{}", fit_line("fitted, in-sample", &c.in_sample));
            let _ = writeln!(s, "{}", fit_line(&format!("fitted, {}-fold CV", c.folds), &c.cross_validated));
            let p = &c.params;
            let _ = writeln!(
                s,
                "concept_points {} similarity_points {} similarity_full {} grade_thresholds {:?}",
                p.concept_points, p.similarity_points, p.similarity_full, p.grade_thresholds
            );
            let _ = writeln!(s, "{} {}", if args.dry_run { "would write" } else { "wrote" }, target.display());
            s
        }
    };
    out.print(&rendered)?;
    Ok(ExitCode::SUCCESS)
}
