//! `gograde eval`: agreement with hand-marked answers, with an optional floor for CI, as text,
//! JSON or one HTML page (to stdout or atomically to `--out`), optionally beside a baseline run.

use super::output::{extension, Out};
use super::{atomic, exit, input::read_text_file, load_bank};
use gograde::quality::eval::{self, Comparison, EvalPage, EvalReport, MarkedAnswer};
use serde::Deserialize;
use std::fmt::Write;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Marked answers, one JSON object per line: {"question", "answer", "grade" 0-5, "kind"?}.
    pub file: PathBuf,
    /// Output format [default: from --out's extension (.html/.htm html, .json json); else text].
    #[arg(long, value_enum)]
    pub format: Option<EvalFormat>,
    /// Write the report to this file, atomically (a temporary file renamed when complete).
    #[arg(short, long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// A previous run's `gograde eval --format json` output: text and HTML add a before/after
    /// comparison (JSON stays this run's report alone, ready to be the next baseline).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// A TOML file with minimum `pearson`, `qwk` and maximum `mae`: exit 1 when agreement is worse.
    #[arg(long, value_name = "FILE")]
    pub floor: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EvalFormat {
    Text,
    Json,
    Html,
    /// The text report (accepted for scripts that ask every command for markdown).
    #[value(hide = true)]
    Markdown,
}

fn choose_format(args: &EvalArgs) -> EvalFormat {
    if let Some(f) = args.format {
        return f;
    }
    match args.out.as_deref().map(extension).as_deref() {
        Some("html" | "htm") => EvalFormat::Html,
        Some("json") => EvalFormat::Json,
        _ => EvalFormat::Text,
    }
}

/// Read a previous run's JSON report; marked answers given by mistake get a hint.
fn read_baseline(path: &Path) -> anyhow::Result<EvalReport> {
    let text = read_text_file(path)?;
    serde_json::from_str::<EvalReport>(&text).map_err(|e| {
        let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let why = if serde_json::from_str::<MarkedAnswer>(first).is_ok() {
            format!(
                "{}: these are marked answers, not an eval report; --baseline takes what `gograde eval FILE --format json` \
                 printed (save a run with `gograde eval {} --format json --out before.json`)",
                path.display(),
                path.display()
            )
        } else {
            format!("{}: not the JSON of `gograde eval --format json`: {e}", path.display())
        };
        anyhow::Error::new(io::Error::new(io::ErrorKind::InvalidData, why))
    })
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
        // A broken floor file is unreadable input (exit 5), like a broken baseline.
        Some(p) => Some(
            toml::from_str(&read_text_file(p)?)
                .map_err(|e| anyhow::Error::new(io::Error::new(io::ErrorKind::InvalidData, format!("{}: {e}", p.display()))))?,
        ),
        None => None,
    };
    let baseline = match &args.baseline {
        Some(p) => Some((p.display().to_string(), read_baseline(p)?)),
        None => None,
    };
    let bank = load_bank(bank)?;
    let (marked, errors) = eval::parse_marked(&text);
    let report = eval::evaluate(&bank, &marked, errors);
    let rendered = match choose_format(&args) {
        EvalFormat::Json => serde_json::to_string_pretty(&report)? + "\n",
        EvalFormat::Html => {
            let source = args.file.display().to_string();
            EvalPage { report: &report, marked: &marked, source: &source, baseline: baseline.as_ref().map(|(l, b)| (l.as_str(), b)) }
                .render()
        }
        EvalFormat::Text | EvalFormat::Markdown => {
            let mut s = render(&report);
            if let Some((label, before)) = &baseline {
                s += &render_comparison(label, &Comparison::new(before, &report));
            }
            s
        }
    };
    match &args.out {
        Some(path) => {
            atomic::write(path, &rendered)?;
            eprintln!("gograde: graded {} marked answers; report written to {}", report.graded, path.display());
        }
        None => out.print(&rendered)?,
    }
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

/// The text report's before/after section.
fn render_comparison(label: &str, c: &Comparison) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "\nbefore ({label}) -> after (this run)");
    let _ = writeln!(s, "  graded {} -> {}", c.graded.0, c.graded.1);
    for m in &c.metrics {
        let verdict = match m.improved() {
            Some(true) => "better",
            Some(false) => "worse",
            None => "same",
        };
        let _ = writeln!(s, "  {:<8} {:.3} -> {:.3} ({:+.3}, {verdict})", m.name, m.before, m.after, m.delta());
    }
    let _ = writeln!(s, "  per kind: human mean, gograde mean before -> after");
    let mean = |x: Option<(usize, f64)>| x.map_or_else(|| "-".to_string(), |(_, m)| format!("{m:.2}"));
    for k in &c.kinds {
        let _ = writeln!(s, "    {:<16} {:.2}  {} -> {}", k.kind, k.human, mean(k.before), mean(k.after));
    }
    if !c.baseline_has_rows {
        let _ = writeln!(s, "  the baseline lists no answers (an older gograde wrote it): answers cannot be paired");
        return s;
    }
    let _ = writeln!(
        s,
        "  {} of {} answers in the baseline; grade changed on {}: {} nearer the human grade, {} further",
        c.matched, c.graded.1, c.regraded, c.closer, c.further
    );
    for a in &c.changed {
        let _ = writeln!(
            s,
            "    line {} {} [{}]: human {} gograde {} -> {} (score {:.1} -> {:.1})",
            a.line,
            a.question_id,
            a.kind.as_deref().unwrap_or(eval::UNTAGGED),
            a.human,
            a.grade.0,
            a.grade.1,
            a.score.0,
            a.score.1
        );
    }
    s
}
