//! `gograde batch`: grade many answers (JSON Lines records or transcripts) in one go and write a
//! report: JSON Lines, CSV, Markdown or HTML, to stdout or atomically to `--out`.

use super::atomic::AtomicFile;
use super::output::extension;
use super::{exit, load_bank};
use anyhow::Context;
use gograde::batch::report::{Report, ReportFormat, ReportOptions};
use gograde::batch::{self, BatchInput, InputFormat, InputSource};
use gograde::rubric::limits::DEFAULT_MAX_ANSWER_BYTES;
use gograde::{GradeOptions, Grader};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;

const BATCH_AFTER_HELP: &str = "Exit codes: 0 every record graded (and every candidate at or above --fail-under); \
1 a candidate's mean score below --fail-under; 2 usage error; 3 invalid bank; 5 an input path missing or the report \
unwritable; 6 some records could not be graded (error rows; takes precedence over 1).";

#[derive(Debug, clap::Args)]
#[command(after_help = BATCH_AFTER_HELP)]
pub struct BatchArgs {
    /// JSON Lines files, transcripts (Markdown or text, one candidate per file), or folders of
    /// them; `-` or nothing reads JSON Lines from stdin.
    #[arg(value_name = "PATH")]
    pub inputs: Vec<PathBuf>,

    /// How to read the inputs; auto goes by extension (.jsonl/.ndjson/.json, .md/.markdown,
    /// anything else is plain text).
    #[arg(long, value_enum, default_value_t = InputKind::Auto)]
    pub input_format: InputKind,

    /// Report format [default: from --out's extension; else jsonl when stdout is not a
    /// terminal, markdown when it is].
    #[arg(long, value_enum)]
    pub format: Option<BatchFormat>,

    /// Write the report to this file, atomically (a temporary file renamed when complete).
    #[arg(short, long, value_name = "PATH")]
    pub out: Option<PathBuf>,

    /// Grading threads [default: one per core].
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,

    /// Records read and graded at a time: memory is bounded by this many records and grades.
    #[arg(long, value_name = "N", default_value_t = batch::DEFAULT_CHUNK_SIZE as u32, value_parser = clap::value_parser!(u32).range(1..))]
    pub chunk_size: u32,

    /// Exit with code 1 when a candidate's mean score is below this (0–100); a candidate with no
    /// graded answer is below any bar.
    #[arg(long, value_name = "SCORE", value_parser = parse_score)]
    pub fail_under: Option<f64>,

    /// An answer longer than this many bytes is not graded: its row is an error
    /// (answer-too-long).
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_MAX_ANSWER_BYTES)]
    pub max_answer_bytes: usize,

    /// No progress bar and no closing note on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InputKind {
    Auto,
    Jsonl,
    Markdown,
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BatchFormat {
    Jsonl,
    Csv,
    Markdown,
    Html,
}

impl From<BatchFormat> for ReportFormat {
    fn from(f: BatchFormat) -> Self {
        match f {
            BatchFormat::Jsonl => ReportFormat::Jsonl,
            BatchFormat::Csv => ReportFormat::Csv,
            BatchFormat::Markdown => ReportFormat::Markdown,
            BatchFormat::Html => ReportFormat::Html,
        }
    }
}

fn parse_score(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=100.0).contains(&x) => Ok(x),
        _ => Err(format!("expected a score from 0 to 100, not {s:?}")),
    }
}

fn choose_format(args: &BatchArgs) -> ReportFormat {
    if let Some(f) = args.format {
        return f.into();
    }
    if let Some(out) = &args.out {
        return match extension(out).as_str() {
            "csv" => ReportFormat::Csv,
            "md" | "markdown" => ReportFormat::Markdown,
            "html" | "htm" => ReportFormat::Html,
            _ => ReportFormat::Jsonl,
        };
    }
    if io::stdout().is_terminal() {
        ReportFormat::Markdown
    } else {
        ReportFormat::Jsonl
    }
}

pub fn run(bank: Option<&Path>, args: BatchArgs) -> anyhow::Result<ExitCode> {
    let forced = match args.input_format {
        InputKind::Auto => None,
        InputKind::Jsonl => Some(InputFormat::Jsonl),
        InputKind::Markdown => Some(InputFormat::Markdown),
        InputKind::Text => Some(InputFormat::Text),
    };
    let inputs = batch::collect_inputs(&args.inputs, forced)?;
    let total_bytes: Option<u64> = inputs
        .iter()
        .map(|(s, _)| match s {
            InputSource::File(p) => std::fs::metadata(p).ok().map(|m| m.len()),
            InputSource::Stdin => None,
        })
        .sum();
    let bank = load_bank(bank)?;
    let grader = Grader::with_options(&bank, GradeOptions { max_answer_bytes: args.max_answer_bytes, ..GradeOptions::default() });
    let pool = match args.threads {
        Some(n) => Some(rayon::ThreadPoolBuilder::new().num_threads(usize::from(n)).build().context("starting the grading threads")?),
        None => None,
    };
    let format = choose_format(&args);
    let options = ReportOptions { fail_under: args.fail_under, ..ReportOptions::default() };

    let sink = match &args.out {
        Some(path) => Sink::File(AtomicFile::create(path)?),
        None => Sink::Stdout(io::stdout()),
    };
    let destination = match &args.out {
        Some(path) => path.display().to_string(),
        None => "stdout".into(),
    };
    let mut report = Report::new(format, BufWriter::with_capacity(1 << 16, sink), options)?;
    let input = BatchInput::new(inputs);
    let bytes_read = input.bytes_read();
    let progress = progress_bar(args.quiet, total_bytes);
    let mut rows = 0u64;
    batch::grade_stream(&grader, input, args.chunk_size as usize, pool.as_ref(), |row| -> io::Result<()> {
        report.add(&row)?;
        rows += 1;
        if rows.is_multiple_of(64) {
            progress.set_position(if total_bytes.is_some() { bytes_read.load(Ordering::Relaxed) } else { rows });
            progress.set_message(format!("{rows} answers"));
        }
        Ok(())
    })
    .with_context(|| format!("writing the report to {destination}"))?;
    progress.finish_and_clear();
    let (writer, summary) = report.finish().with_context(|| format!("writing the report to {destination}"))?;
    let sink = writer.into_inner().map_err(|e| e.into_error()).with_context(|| format!("writing the report to {destination}"))?;
    match sink {
        Sink::File(file) => file.commit()?,
        Sink::Stdout(mut out) => out.flush().with_context(|| format!("writing the report to {destination}"))?,
    }

    if !args.quiet {
        let mut note =
            format!("gograde: graded {} of {} answers from {} candidates", summary.graded, summary.answers, summary.candidates.len());
        if summary.failed > 0 {
            note += &format!("; {} could not be graded (see the error rows)", summary.failed);
        }
        let below = summary.below_bar();
        if !below.is_empty() {
            let names: Vec<&str> = below.iter().map(|c| c.candidate.as_str()).collect();
            note += &format!("; below --fail-under: {}", names.join(", "));
        }
        eprintln!("{note}");
    }
    Ok(ExitCode::from(if summary.failed > 0 {
        exit::RECORDS
    } else if !summary.below_bar().is_empty() {
        exit::FAILED
    } else {
        exit::OK
    }))
}

fn progress_bar(quiet: bool, total_bytes: Option<u64>) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match total_bytes {
        Some(total) => ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()).with_style(
            ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} \u{b7} {msg} \u{b7} eta {eta}")
                .expect("a valid template"),
        ),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
            .with_style(ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg} ({per_sec})").expect("a valid template")),
    };
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// Where the report goes.
enum Sink {
    Stdout(io::Stdout),
    File(AtomicFile),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout(s) => s.write(buf),
            Sink::File(f) => f.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout(s) => s.flush(),
            Sink::File(f) => f.flush(),
        }
    }
}
