//! `gograde grade`: grade one answer given as an argument, a file, or on stdin.

use super::{exit, input::read_text_file, load_bank, output::Out, Format};
use anyhow::Context;
use gograde::grading::feedback;
use gograde::rubric::limits::DEFAULT_MAX_ANSWER_BYTES;
use gograde::{Bank, GradeOptions, Grader, QuestionMatch};
use std::io::{BufRead, Read, Write};
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

/// Where the answer comes from: typed at a terminal, or given (argument, file, pipe).
fn answer_is_typed(args: &GradeArgs) -> bool {
    args.answer_file.is_none() && matches!(args.answer.as_deref(), Some("-") | None) && Out::stdin_is_terminal()
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

/// At a terminal, settle the question before the answer is typed, so typed text is never lost
/// to a wording that does not resolve: an unclear wording offers its candidates to pick from.
fn resolve_at_terminal(bank: &Bank, question: &str) -> anyhow::Result<QuestionMatch> {
    let candidates = match bank.resolve(question) {
        Ok(m) => return Ok(m),
        Err(gograde::Error::AmbiguousQuestion { candidates, .. } | gograde::Error::UnknownQuestion { candidates, .. })
            if !candidates.is_empty() =>
        {
            candidates
        }
        Err(e) => return Err(e.into()),
    };
    eprintln!("Which question do you mean?");
    for (k, c) in candidates.iter().enumerate() {
        eprintln!("  {}. {} ({})", k + 1, c.question, c.id);
    }
    loop {
        eprint!("Number (1-{}), or empty to give up: ", candidates.len());
        std::io::stderr().flush().ok();
        let mut line = String::new();
        if std::io::stdin().lock().read_line(&mut line).context("reading the choice")? == 0 || line.trim().is_empty() {
            anyhow::bail!(gograde::Error::AmbiguousQuestion { query: question.into(), candidates });
        }
        if let Some(c) = line.trim().parse::<usize>().ok().and_then(|k| k.checked_sub(1)).and_then(|k| candidates.get(k)) {
            return Ok(QuestionMatch { id: c.id.clone(), confidence: c.confidence, by_answer: false, alternatives: Vec::new() });
        }
    }
}

pub fn run(bank: Option<&Path>, args: GradeArgs, out: &Out) -> anyhow::Result<ExitCode> {
    let typed = answer_is_typed(&args);
    let (bank, answer) = if typed {
        (load_bank(bank)?, None)
    } else {
        // A given answer is read before the bank loads, so a bad file fails fast.
        let answer = read_answer(&args)?;
        (load_bank(bank)?, Some(answer))
    };
    let grader = Grader::with_options(&bank, GradeOptions { include_reference: args.reference, max_answer_bytes: args.max_answer_bytes });
    let grade = match answer {
        Some(answer) => grader.grade(&args.question, &answer)?,
        None => {
            let matched = resolve_at_terminal(&bank, &args.question)?;
            let rubric = bank.get(&matched.id).expect("a resolved question is in the bank");
            eprintln!("Question ({}): {}", rubric.id, rubric.question);
            let answer = read_answer(&args)?;
            let mut grade = grader.grade_id(&matched.id, &answer)?;
            grade.matched_question = Some(matched);
            grade
        }
    };
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
