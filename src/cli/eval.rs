//! `gograde eval`: agreement with hand-marked answers, with an optional floor for CI.

use super::{exit, input::read_text_file, load_bank, output::Out, Format};
use gograde::quality::eval::{self, EvalReport};
use serde::Deserialize;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Marked answers, one JSON object per line: {"question", "answer", "grade" 0-5, "kind"?}.
    pub file: PathBuf,
    /// Output format (text or json).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// A TOML file with minimum `pearson`, `qwk` and maximum `mae`: exit 1 when agreement is worse.
    #[arg(long, value_name = "FILE")]
    pub floor: Option<PathBuf>,
}

/// The agreement floor CI holds the grader to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Floor {
    pearson: f64,
    qwk: f64,
    mae: f64,
}

pub fn run(bank: Option<&Path>, args: EvalArgs, out: &Out) -> anyhow::Result<ExitCode> {
    let text = read_text_file(&args.file)?;
    let floor: Option<Floor> = match &args.floor {
        Some(p) => Some(toml::from_str(&read_text_file(p)?).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?),
        None => None,
    };
    let bank = load_bank(bank)?;
    let (marked, errors) = eval::parse_marked(&text);
    let report = eval::evaluate(&bank, &marked, errors);
    let rendered = match args.format {
        Format::Json => serde_json::to_string_pretty(&report)? + "\n",
        _ => render(&report),
    };
    out.print(&rendered)?;
    if let Some(f) = floor {
        let mut below = Vec::new();
        if report.pearson < f.pearson {
            below.push(format!("pearson {:.3} < {:.3}", report.pearson, f.pearson));
        }
        if report.qwk < f.qwk {
            below.push(format!("qwk {:.3} < {:.3}", report.qwk, f.qwk));
        }
        if report.mae > f.mae {
            below.push(format!("mae {:.3} > {:.3}", report.mae, f.mae));
        }
        if !below.is_empty() {
            eprintln!("gograde: agreement below the floor: {}", below.join(", "));
            return Ok(ExitCode::from(exit::FAILED));
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn render(r: &EvalReport) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "graded {} marked answers ({} could not be graded)", r.graded, r.errors.len());
    let _ = writeln!(s, "pearson {:.3}  spearman {:.3}  qwk {:.3}  mae {:.3}  rmse {:.3}", r.pearson, r.spearman, r.qwk, r.mae, r.rmse);
    let _ = writeln!(s, "\nconfusion (rows: human grade, columns: gograde grade)");
    let _ = writeln!(s, "       0    1    2    3    4    5");
    for (h, row) in r.confusion.iter().enumerate() {
        let cells: Vec<String> = row.iter().map(|c| format!("{c:4}")).collect();
        let _ = writeln!(s, "  {h}  {}", cells.join(" "));
    }
    let _ = writeln!(s, "\nper kind: count, human mean, gograde mean");
    for (k, m) in &r.per_kind {
        let _ = writeln!(s, "  {k:<16} {:4}  {:.2}  {:.2}", m.count, m.human, m.machine);
    }
    let _ = writeln!(s, "\nworst disagreements");
    for w in &r.worst {
        let _ = writeln!(
            s,
            "  line {} {} [{}]: human {} gograde {} (score {}); covered {:?}; red flags {:?}; gates {:?}",
            w.line,
            w.question_id,
            w.kind.as_deref().unwrap_or("-"),
            w.human,
            w.grade,
            w.score,
            w.covered,
            w.fired,
            w.gates
        );
    }
    let noisy: Vec<_> = r.rules.iter().filter(|(_, st)| st.suspicious_hits > 0 || st.missed_on_full_marks > 0).collect();
    if !noisy.is_empty() {
        let _ = writeln!(s, "\nrules to review (suspicious hits: a concept on an answer marked <= 1 or a red flag on one marked >= 4; misses on answers marked 5)");
        for (k, st) in noisy {
            let _ =
                writeln!(s, "  {k:<60} fired {:3}  suspicious {:3}  missed {:3}", st.fired, st.suspicious_hits, st.missed_on_full_marks);
        }
    }
    for e in &r.errors {
        let _ = writeln!(s, "line {}: {}", e.line, e.reason);
    }
    s
}
