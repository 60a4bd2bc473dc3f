//! Reports of a batch: the rows of [`crate::batch::transcript`] written as JSON Lines, CSV, Markdown or
//! one self-contained HTML page, with a summary per candidate.
//!
//! - **JSON Lines**: one object per answer in input order (`"type": "answer"`: the [`Grade`]
//!   contract plus `index`, `id`, `candidate`, `source`, `topic`; or `"type": "error"` with the
//!   reason), then one `"type": "summary"` object per candidate ([`CandidateSummary`]), then one
//!   `"type": "batch"` object with the totals.
//! - **CSV**: one row per answer, with a header.
//! - **Markdown**: a ranking, then a report per candidate: per question the grade and what was
//!   missing.
//! - **HTML**: one page for the whole batch with inline styles only (no script, no external
//!   asset): candidates ranked, strengths per topic, per-candidate detail.
//!
//! JSON Lines and CSV are written row by row. Summaries need only numbers per candidate (sums per
//! topic, counts per missed concept and fired red flag, each bounded by the bank's size) and the
//! rubric texts they quote, stored once per batch: memory grows with the number of candidates,
//! never with the number of answers. Markdown and HTML group answers by candidate, so they keep a
//! digest of every answer (scores, and the missing concepts' texts) until [`Report::finish`].
//! Output never depends on timing or thread count.

use crate::bank::Candidate;
use crate::batch::transcript::{Outcome, Row};
use crate::grading::Grade;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};

/// The format of a batch report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Jsonl,
    Csv,
    Markdown,
    Html,
}

/// Report settings.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// The bar of `--fail-under`: a candidate passes when their mean score is at least this.
    pub fail_under: Option<f64>,
    /// How many weakest concepts a summary lists.
    pub weakest: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions { fail_under: None, weakest: 5 }
    }
}

/// One candidate's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateSummary {
    pub candidate: String,
    /// Records of this candidate, graded or not.
    pub answers: u64,
    pub graded: u64,
    /// Records that could not be graded.
    pub errors: u64,
    /// Mean score of the graded answers, one decimal; null with none.
    pub mean_score: Option<f64>,
    /// Mean grade of the graded answers, one decimal.
    pub mean_grade: Option<f64>,
    /// How many answers got grade 0, 1, … 5.
    pub grade_counts: [u64; 6],
    /// Per topic of the bank, sorted by topic.
    pub topics: Vec<TopicSummary>,
    /// The concepts missed that weighed most, worst first.
    pub weakest_concepts: Vec<WeakConcept>,
    /// Misconceptions stated, most frequent first.
    pub red_flags: Vec<FiredFlag>,
    /// Against `--fail-under`: a candidate without any graded answer does not pass.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
}

/// A candidate's results in one topic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicSummary {
    pub topic: String,
    pub answers: u64,
    pub mean_score: f64,
    pub mean_grade: f64,
    pub grade_counts: [u64; 6],
}

/// A rubric concept a candidate missed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeakConcept {
    pub question_id: String,
    pub concept: String,
    pub says: String,
    pub hint: String,
    /// How many answers missed it.
    pub missed: u64,
    /// Share of the question's concept weight lost, summed over those answers.
    pub lost: f64,
}

/// A red flag a candidate's answers fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FiredFlag {
    pub question_id: String,
    pub red_flag: String,
    pub why: String,
    pub count: u64,
}

/// What a whole batch came to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchSummary {
    /// Every record read.
    pub answers: u64,
    pub graded: u64,
    /// Records that could not be graded.
    pub failed: u64,
    /// Failed records that could not be attributed to a candidate (unreadable lines).
    pub unattributed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_under: Option<f64>,
    /// Candidates in order of first appearance.
    #[serde(skip)]
    pub candidates: Vec<CandidateSummary>,
}

impl BatchSummary {
    /// The candidates below the `--fail-under` bar.
    pub fn below_bar(&self) -> Vec<&CandidateSummary> {
        self.candidates.iter().filter(|c| c.passed == Some(false)).collect()
    }

    /// Candidates best first: by mean score (none last), then by name.
    pub fn ranked(&self) -> Vec<&CandidateSummary> {
        let mut v: Vec<&CandidateSummary> = self.candidates.iter().collect();
        v.sort_by(|a, b| {
            let key = |c: &CandidateSummary| c.mean_score.unwrap_or(f64::NEG_INFINITY);
            key(b).total_cmp(&key(a)).then_with(|| a.candidate.cmp(&b.candidate))
        });
        v
    }
}

// ---------------------------------------------------------------------------------------------
// Aggregation

#[derive(Default)]
struct Sums {
    n: u64,
    score: f64,
    grade: f64,
    counts: [u64; 6],
}

impl Sums {
    fn add(&mut self, g: &Grade) {
        self.n += 1;
        self.score += g.score;
        self.grade += f64::from(g.grade);
        self.counts[usize::from(g.grade.min(5))] += 1;
    }
}

/// The texts of the rubric items a batch meets (missed concepts, fired red flags), stored once
/// per batch so that per-candidate aggregates hold only numbers. Bounded by the bank's size.
#[derive(Default)]
struct Interner {
    index: HashMap<String, HashMap<String, u32>>,
    items: Vec<Interned>,
}

struct Interned {
    question_id: String,
    id: String,
    text: String,
    hint: String,
}

impl Interner {
    fn intern(&mut self, question_id: &str, id: &str, texts: impl FnOnce() -> (String, String)) -> u32 {
        if let Some(&i) = self.index.get(question_id).and_then(|m| m.get(id)) {
            return i;
        }
        let i = u32::try_from(self.items.len()).expect("fewer than 2^32 rubric items");
        let (text, hint) = texts();
        self.items.push(Interned { question_id: question_id.to_string(), id: id.to_string(), text, hint });
        self.index.entry(question_id.to_string()).or_default().insert(id.to_string(), i);
        i
    }

    fn key(&self, i: u32) -> (&str, &str) {
        let item = &self.items[i as usize];
        (&item.question_id, &item.id)
    }
}

/// One missed concept of a candidate: how often, and the share of weight lost.
#[derive(Default, Clone, Copy)]
struct Missed {
    count: u32,
    lost: f64,
}

#[derive(Default)]
struct CandidateSums {
    answers: u64,
    errors: u64,
    all: Sums,
    topics: BTreeMap<String, Sums>,
    /// Interned concept → misses.
    concepts: HashMap<u32, Missed>,
    /// Interned red flag → times fired.
    flags: HashMap<u32, u64>,
}

impl CandidateSums {
    fn add(&mut self, grade: &Grade, topic: &str, concept_texts: &mut Interner, flag_texts: &mut Interner) {
        self.all.add(grade);
        match self.topics.get_mut(topic) {
            Some(t) => t.add(grade),
            None => self.topics.entry(topic.to_string()).or_default().add(grade),
        }
        let total: f64 = grade.concepts.iter().map(|c| c.weight).sum();
        for c in grade.concepts.iter().filter(|c| c.credit < 1.0) {
            let key = concept_texts.intern(&grade.question_id, &c.id, || (c.says.clone(), c.hint.clone()));
            let e = self.concepts.entry(key).or_default();
            e.count += 1;
            if total > 0.0 {
                e.lost += c.weight * (1.0 - c.credit) / total;
            }
        }
        for f in grade.red_flags.iter().filter(|f| f.fired) {
            let key = flag_texts.intern(&grade.question_id, &f.id, || (f.why.clone(), String::new()));
            *self.flags.entry(key).or_default() += 1;
        }
    }

    fn summary(&self, name: &str, options: &ReportOptions, concept_texts: &Interner, flag_texts: &Interner) -> CandidateSummary {
        let mean = |sum: f64, n: u64| round1(sum / n as f64);
        let (mean_score, mean_grade) =
            if self.all.n > 0 { (Some(mean(self.all.score, self.all.n)), Some(mean(self.all.grade, self.all.n))) } else { (None, None) };
        let topics = self
            .topics
            .iter()
            .map(|(t, s)| TopicSummary {
                topic: t.clone(),
                answers: s.n,
                mean_score: mean(s.score, s.n),
                mean_grade: mean(s.grade, s.n),
                grade_counts: s.counts,
            })
            .collect();
        // Most weight lost first; ties by question and concept id, so the order is stable.
        let mut weakest: Vec<(u32, Missed)> = self.concepts.iter().map(|(&k, &m)| (k, m)).collect();
        weakest.sort_by(|a, b| b.1.lost.total_cmp(&a.1.lost).then_with(|| concept_texts.key(a.0).cmp(&concept_texts.key(b.0))));
        weakest.truncate(options.weakest);
        let weakest = weakest
            .into_iter()
            .map(|(k, m)| {
                let item = &concept_texts.items[k as usize];
                WeakConcept {
                    question_id: item.question_id.clone(),
                    concept: item.id.clone(),
                    says: item.text.clone(),
                    hint: item.hint.clone(),
                    missed: u64::from(m.count),
                    lost: round3(m.lost),
                }
            })
            .collect();
        let mut flags: Vec<(u32, u64)> = self.flags.iter().map(|(&k, &n)| (k, n)).collect();
        flags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| flag_texts.key(a.0).cmp(&flag_texts.key(b.0))));
        let red_flags = flags
            .into_iter()
            .map(|(k, count)| {
                let item = &flag_texts.items[k as usize];
                FiredFlag { question_id: item.question_id.clone(), red_flag: item.id.clone(), why: item.text.clone(), count }
            })
            .collect();
        CandidateSummary {
            candidate: name.to_string(),
            answers: self.answers,
            graded: self.all.n,
            errors: self.errors,
            mean_score,
            mean_grade,
            grade_counts: self.all.counts,
            topics,
            weakest_concepts: weakest,
            red_flags,
            passed: options.fail_under.map(|bar| mean_score.is_some_and(|m| m >= bar)),
        }
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// What Markdown and HTML keep of an answer.
struct Digest {
    index: u64,
    id: String,
    source: String,
    body: DigestBody,
}

enum DigestBody {
    Graded {
        question_id: String,
        question: String,
        topic: String,
        score: f64,
        grade: u8,
        covered: Vec<String>,
        /// (says, hint)
        missing: Vec<(String, String)>,
        /// (quoted words, why)
        wrong: Vec<(String, String)>,
        caps: Vec<String>,
    },
    Failed {
        kind: &'static str,
        reason: String,
        question: Option<String>,
        candidates: Vec<Candidate>,
    },
}

fn digest(row: &Row) -> Digest {
    let body = match &row.outcome {
        Outcome::Graded { grade: g, topic } => DigestBody::Graded {
            question_id: g.question_id.clone(),
            question: g.question.clone(),
            topic: topic.clone(),
            score: g.score,
            grade: g.grade,
            covered: g.concepts.iter().filter(|c| c.covered).map(|c| c.says.clone()).collect(),
            missing: g.concepts.iter().filter(|c| !c.covered).map(|c| (c.says.clone(), c.hint.clone())).collect(),
            wrong: g
                .red_flags
                .iter()
                .filter(|f| f.fired)
                .map(|f| (f.evidence.iter().map(|e| format!("\u{201c}{}\u{201d}", e.text)).collect::<Vec<_>>().join(", "), f.why.clone()))
                .collect(),
            caps: g.gates.iter().map(|x| x.reason.clone()).collect(),
        },
        Outcome::Failed(e) => DigestBody::Failed {
            kind: e.kind(),
            reason: e.to_string(),
            question: row.question.clone(),
            candidates: e.candidates().to_vec(),
        },
    };
    Digest { index: row.index, id: row.id.clone(), source: row.source.to_string(), body }
}

// ---------------------------------------------------------------------------------------------
// The writer

/// Writes a batch report as rows arrive; [`Report::finish`] writes the summaries (and, for
/// Markdown and HTML, the whole document).
pub struct Report<W: Write> {
    format: ReportFormat,
    out: W,
    options: ReportOptions,
    names: Vec<String>,
    by_name: HashMap<String, usize>,
    sums: Vec<CandidateSums>,
    concept_texts: Interner,
    flag_texts: Interner,
    /// Per candidate (same order as `names`), for Markdown and HTML.
    digests: Vec<Vec<Digest>>,
    unattributed: Vec<Digest>,
    answers: u64,
    graded: u64,
    failed: u64,
    unattributed_count: u64,
}

impl<W: Write> Report<W> {
    /// Start a report (CSV writes its header here).
    pub fn new(format: ReportFormat, mut out: W, options: ReportOptions) -> io::Result<Self> {
        if format == ReportFormat::Csv {
            out.write_all(CSV_HEADER.as_bytes())?;
        }
        Ok(Report {
            format,
            out,
            options,
            names: Vec::new(),
            by_name: HashMap::new(),
            sums: Vec::new(),
            concept_texts: Interner::default(),
            flag_texts: Interner::default(),
            digests: Vec::new(),
            unattributed: Vec::new(),
            answers: 0,
            graded: 0,
            failed: 0,
            unattributed_count: 0,
        })
    }

    /// Add the next row (rows must come in input order).
    pub fn add(&mut self, row: &Row) -> io::Result<()> {
        self.answers += 1;
        let slot = row.candidate.as_ref().map(|name| match self.by_name.get(name) {
            Some(&i) => i,
            None => {
                self.by_name.insert(name.clone(), self.names.len());
                self.names.push(name.clone());
                self.sums.push(CandidateSums::default());
                self.digests.push(Vec::new());
                self.names.len() - 1
            }
        });
        match &row.outcome {
            Outcome::Graded { grade, topic } => {
                self.graded += 1;
                if let Some(i) = slot {
                    self.sums[i].answers += 1;
                    self.sums[i].add(grade, topic, &mut self.concept_texts, &mut self.flag_texts);
                }
            }
            Outcome::Failed(_) => {
                self.failed += 1;
                match slot {
                    Some(i) => {
                        self.sums[i].answers += 1;
                        self.sums[i].errors += 1;
                    }
                    None => self.unattributed_count += 1,
                }
            }
        }
        match self.format {
            ReportFormat::Jsonl => {
                write_jsonl_row(&mut self.out, row)?;
            }
            ReportFormat::Csv => {
                self.out.write_all(csv_row(row).as_bytes())?;
            }
            ReportFormat::Markdown | ReportFormat::Html => match slot {
                Some(i) => self.digests[i].push(digest(row)),
                None => self.unattributed.push(digest(row)),
            },
        }
        Ok(())
    }

    /// The summary of the rows so far.
    pub fn summary(&self) -> BatchSummary {
        BatchSummary {
            answers: self.answers,
            graded: self.graded,
            failed: self.failed,
            unattributed: self.unattributed_count,
            fail_under: self.options.fail_under,
            candidates: self
                .names
                .iter()
                .zip(&self.sums)
                .map(|(n, s)| s.summary(n, &self.options, &self.concept_texts, &self.flag_texts))
                .collect(),
        }
    }

    /// Write the summaries (or the whole Markdown or HTML document), flush, and hand back the
    /// writer with the summary.
    pub fn finish(mut self) -> io::Result<(W, BatchSummary)> {
        let summary = self.summary();
        match self.format {
            ReportFormat::Jsonl => {
                #[derive(Serialize)]
                struct Tagged<'a, T> {
                    #[serde(rename = "type")]
                    kind: &'static str,
                    #[serde(flatten)]
                    inner: &'a T,
                }
                for c in &summary.candidates {
                    serde_json::to_writer(&mut self.out, &Tagged { kind: "summary", inner: c })?;
                    self.out.write_all(b"\n")?;
                }
                #[derive(Serialize)]
                struct Totals<'a> {
                    candidates: usize,
                    #[serde(flatten)]
                    batch: &'a BatchSummary,
                    #[serde(skip_serializing_if = "Option::is_none")]
                    below_fail_under: Option<Vec<&'a str>>,
                }
                let totals = Totals {
                    candidates: summary.candidates.len(),
                    batch: &summary,
                    below_fail_under: summary.fail_under.map(|_| summary.below_bar().iter().map(|c| c.candidate.as_str()).collect()),
                };
                serde_json::to_writer(&mut self.out, &Tagged { kind: "batch", inner: &totals })?;
                self.out.write_all(b"\n")?;
            }
            ReportFormat::Csv => {}
            ReportFormat::Markdown => {
                let text = render_markdown(&summary, &self.names, &self.digests, &self.unattributed);
                self.out.write_all(text.as_bytes())?;
            }
            ReportFormat::Html => {
                let text = render_html(&summary, &self.names, &self.digests, &self.unattributed);
                self.out.write_all(text.as_bytes())?;
            }
        }
        self.out.flush()?;
        Ok((self.out, summary))
    }
}

// ---------------------------------------------------------------------------------------------
// JSON Lines

#[derive(Serialize)]
struct AnswerRow<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    index: u64,
    id: &'a str,
    candidate: Option<&'a str>,
    source: String,
    topic: &'a str,
    #[serde(flatten)]
    grade: &'a Grade,
}

#[derive(Serialize)]
struct ErrorRow<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    index: u64,
    id: &'a str,
    candidate: Option<&'a str>,
    source: String,
    line: usize,
    question: Option<&'a str>,
    error: &'static str,
    reason: String,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    candidates: &'a [Candidate],
}

/// One row as a JSON object (without the newline).
pub fn jsonl_row(row: &Row) -> String {
    let mut v = Vec::new();
    write_jsonl_row(&mut v, row).expect("writing to a Vec cannot fail");
    String::from_utf8(v).expect("JSON is UTF-8").trim_end().to_string()
}

fn write_jsonl_row<W: Write>(out: &mut W, row: &Row) -> io::Result<()> {
    match &row.outcome {
        Outcome::Graded { grade, topic } => serde_json::to_writer(
            &mut *out,
            &AnswerRow {
                kind: "answer",
                index: row.index,
                id: &row.id,
                candidate: row.candidate.as_deref(),
                source: row.source.to_string(),
                topic,
                grade,
            },
        )?,
        Outcome::Failed(e) => serde_json::to_writer(
            &mut *out,
            &ErrorRow {
                kind: "error",
                index: row.index,
                id: &row.id,
                candidate: row.candidate.as_deref(),
                source: row.source.to_string(),
                line: row.source.line,
                question: row.question.as_deref(),
                error: e.kind(),
                reason: e.to_string(),
                candidates: e.candidates(),
            },
        )?,
    }
    out.write_all(b"\n")
}

// ---------------------------------------------------------------------------------------------
// CSV

/// The CSV columns.
pub const CSV_HEADER: &str = "index,id,candidate,source,status,question_id,question,topic,score,grade,coverage,covered,missing,red_flags,gates,off_topic,error,reason,closest\n";

fn csv_field(out: &mut String, value: &str) {
    if value.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// One row as a CSV line (RFC 4180 quoting, `\n` ended). Lists are `;`-separated ids.
pub fn csv_row(row: &Row) -> String {
    let mut fields: Vec<String> =
        vec![row.index.to_string(), row.id.clone(), row.candidate.clone().unwrap_or_default(), row.source.to_string()];
    match &row.outcome {
        Outcome::Graded { grade: g, topic } => {
            let ids = |it: &mut dyn Iterator<Item = &str>| it.collect::<Vec<_>>().join(";");
            fields.extend([
                "graded".into(),
                g.question_id.clone(),
                g.question.clone(),
                topic.clone(),
                format!("{:.1}", g.score),
                g.grade.to_string(),
                format!("{:.3}", g.breakdown.coverage),
                ids(&mut g.concepts.iter().filter(|c| c.covered).map(|c| c.id.as_str())),
                ids(&mut g.concepts.iter().filter(|c| !c.covered).map(|c| c.id.as_str())),
                ids(&mut g.red_flags.iter().filter(|f| f.fired).map(|f| f.id.as_str())),
                g.gates
                    .iter()
                    .map(|x| serde_json::to_value(x.gate).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default())
                    .collect::<Vec<_>>()
                    .join(";"),
                g.off_topic.to_string(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        Outcome::Failed(e) => {
            fields.extend([
                "error".into(),
                String::new(),
                row.question.clone().unwrap_or_default(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                e.kind().into(),
                e.to_string(),
                e.candidates().iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(";"),
            ]);
        }
    }
    let mut line = String::new();
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        csv_field(&mut line, f);
    }
    line.push('\n');
    line
}

// ---------------------------------------------------------------------------------------------
// Markdown

/// Text for a table cell or a heading: no line breaks, `|` escaped, no raw HTML.
fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('<', "&lt;").replace('>', "&gt;").replace(['\n', '\r'], " ")
}

fn fmt_opt(x: Option<f64>) -> String {
    x.map_or_else(|| "\u{2014}".to_string(), |v| format!("{v:.1}"))
}

fn verdict(passed: Option<bool>) -> &'static str {
    match passed {
        Some(true) => "pass",
        Some(false) => "below the bar",
        None => "",
    }
}

fn render_markdown(summary: &BatchSummary, names: &[String], digests: &[Vec<Digest>], unattributed: &[Digest]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Batch report\n");
    let _ = writeln!(
        s,
        "{} answers from {} candidates: {} graded, {} could not be graded.{}\n",
        summary.answers,
        summary.candidates.len(),
        summary.graded,
        summary.failed,
        summary.fail_under.map(|b| format!(" Pass mark: mean score {b:.1}.")).unwrap_or_default()
    );
    let ranked = summary.ranked();
    if !ranked.is_empty() {
        let _ = writeln!(
            s,
            "| Rank | Candidate | Mean score | Mean grade | Graded | Not graded |{}",
            if summary.fail_under.is_some() { " Result |" } else { "" }
        );
        let _ = writeln!(s, "|---:|---|---:|---:|---:|---:|{}", if summary.fail_under.is_some() { "---|" } else { "" });
        for (rank, c) in ranked.iter().enumerate() {
            let _ = write!(
                s,
                "| {} | {} | {} | {} | {} | {} |",
                rank + 1,
                md_cell(&c.candidate),
                fmt_opt(c.mean_score),
                fmt_opt(c.mean_grade),
                c.graded,
                c.errors
            );
            if summary.fail_under.is_some() {
                let _ = write!(s, " {} |", verdict(c.passed));
            }
            s.push('\n');
        }
        s.push('\n');
    }
    for (i, c) in summary.candidates.iter().enumerate() {
        let _ = writeln!(s, "## {}\n", md_cell(&names[i]));
        let _ = writeln!(
            s,
            "Mean score **{}**/100 \u{b7} mean grade **{}**/5 \u{b7} {} graded, {} not graded{}\n",
            fmt_opt(c.mean_score),
            fmt_opt(c.mean_grade),
            c.graded,
            c.errors,
            c.passed.map(|_| format!(" \u{b7} {}", verdict(c.passed))).unwrap_or_default()
        );
        if !c.topics.is_empty() {
            let topics: Vec<String> =
                c.topics.iter().map(|t| format!("{} {:.0} ({} answer{})", t.topic, t.mean_score, t.answers, plural(t.answers))).collect();
            let _ = writeln!(s, "**By topic:** {}\n", topics.join(" \u{b7} "));
        }
        if !c.weakest_concepts.is_empty() {
            let _ = writeln!(s, "**Weakest concepts:**\n");
            for w in &c.weakest_concepts {
                let _ = writeln!(s, "- `{}`: {}", w.question_id, w.says);
            }
            s.push('\n');
        }
        let _ = writeln!(s, "| # | Question | Grade | Score |\n|---:|---|---:|---:|");
        for (n, d) in digests[i].iter().enumerate() {
            match &d.body {
                DigestBody::Graded { question_id, grade, score, .. } => {
                    let _ = writeln!(s, "| {} | `{}` | {}/5 | {:.0} |", n + 1, question_id, grade, score);
                }
                DigestBody::Failed { kind, question, .. } => {
                    let q = question.as_deref().map(|q| md_cell(&shorten(q, 60))).unwrap_or_else(|| "\u{2014}".into());
                    let _ = writeln!(s, "| {} | {} | not graded | {} |", n + 1, q, kind);
                }
            }
        }
        s.push('\n');
        for (n, d) in digests[i].iter().enumerate() {
            markdown_answer(&mut s, n + 1, d);
        }
    }
    if !unattributed.is_empty() {
        let _ = writeln!(s, "## Records without a candidate\n");
        for (n, d) in unattributed.iter().enumerate() {
            markdown_answer(&mut s, n + 1, d);
        }
    }
    s
}

fn markdown_answer(s: &mut String, n: usize, d: &Digest) {
    match &d.body {
        DigestBody::Graded { question_id, question, score, grade, missing, wrong, caps, .. } => {
            let _ = writeln!(s, "### {n}. {}\n", md_cell(question));
            let _ = writeln!(
                s,
                "`{question_id}` \u{b7} **grade {grade}/5** \u{b7} score {score:.0}/100 \u{b7} {} \u{b7} id `{}`\n",
                d.source, d.id
            );
            for c in caps {
                let _ = writeln!(s, "> \u{26a0} capped: {c}\n");
            }
            if missing.is_empty() {
                let _ = writeln!(s, "Nothing missing.\n");
            } else {
                let _ = writeln!(s, "**Missing**\n");
                for (says, hint) in missing {
                    let _ = writeln!(s, "- {says} \u{2014} *{hint}*");
                }
                s.push('\n');
            }
            if !wrong.is_empty() {
                let _ = writeln!(s, "**Wrong**\n");
                for (quote, why) in wrong {
                    let _ = writeln!(s, "- {quote}: {why}");
                }
                s.push('\n');
            }
        }
        DigestBody::Failed { kind, reason, question, candidates } => {
            let title = question.as_deref().map(|q| shorten(q, 100)).unwrap_or_else(|| untitled(kind).into());
            let _ = writeln!(s, "### {n}. {}\n", md_cell(&title));
            let _ = writeln!(s, "**Not graded** \u{b7} {} \u{b7} {}\n", d.source, md_cell(reason));
            if !candidates.is_empty() {
                let _ = writeln!(s, "Closest questions of the bank:\n");
                for c in candidates {
                    let _ = writeln!(s, "- `{}` ({:.2}): {}", c.id, c.confidence, c.question);
                }
                s.push('\n');
            }
        }
    }
}

/// The title of a record without a question.
fn untitled(kind: &str) -> &'static str {
    match kind {
        "invalid-json" | "not-utf8" | "too-long" | "unreadable" => "(unreadable record)",
        _ => "(no question)",
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn shorten(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max - 1).collect();
    format!("{}\u{2026}", cut.trim_end())
}

// ---------------------------------------------------------------------------------------------
// HTML

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A colour from red (0) to green (100).
fn heat(score: f64) -> String {
    let hue = (score.clamp(0.0, 100.0) * 1.2).round();
    format!("hsl({hue}, 65%, 82%)")
}

const CSS: &str = r#"
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #d9dee8; --panel: #f6f8fb; --accent: #2457c5; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink); background: #fff; }
header { background: #1d2330; color: #fff; padding: 24px 32px; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; color: #c9d1e3; }
main { max-width: 1100px; margin: 0 auto; padding: 8px 32px 48px; }
h2 { margin-top: 36px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { margin-bottom: 6px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
.bar { background: #e8ebf2; border-radius: 4px; height: 12px; min-width: 120px; position: relative; }
.bar > span { display: block; height: 100%; border-radius: 4px; background: var(--accent); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 13px; font-weight: 600; white-space: nowrap; }
.g0, .g1 { background: #fbd5d5; color: #8a1c1c; }
.g2, .g3 { background: #fcebc2; color: #7a5300; }
.g4, .g5 { background: #cdeed6; color: #14622e; }
.err { background: #e4e7ee; color: #3c4454; }
.pass { background: #cdeed6; color: #14622e; }
.fail { background: #fbd5d5; color: #8a1c1c; }
.stats { color: var(--muted); margin-top: 0; }
.heat td { text-align: center; }
.heat td:first-child { text-align: left; }
details { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0; background: #fff; }
details > summary { cursor: pointer; padding: 8px 12px; list-style-position: inside; }
details[open] > summary { border-bottom: 1px solid var(--line); background: var(--panel); }
details > div { padding: 4px 16px 10px; }
.muted { color: var(--muted); font-size: 13px; }
.topics { display: grid; grid-template-columns: minmax(160px, max-content) 1fr 48px; gap: 4px 12px; align-items: center; max-width: 640px; }
ul { margin: 4px 0 8px; padding-left: 20px; }
li { margin: 2px 0; }
.hint { color: var(--muted); font-style: italic; }
.candidate { margin-top: 40px; }
@media print { details { break-inside: avoid; } details > div { display: block; } }
"#;

fn render_html(summary: &BatchSummary, names: &[String], digests: &[Vec<Digest>], unattributed: &[Digest]) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>gograde batch report</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
    );
    let _ = writeln!(
        s,
        "<header><h1>Batch report</h1><p>{} answers from {} candidates \u{b7} {} graded \u{b7} {} could not be graded{}</p></header>\n<main>",
        summary.answers,
        summary.candidates.len(),
        summary.graded,
        summary.failed,
        summary.fail_under.map(|b| format!(" \u{b7} pass mark {b:.1}")).unwrap_or_default()
    );
    let slot_of: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let ranked = summary.ranked();

    // Ranking.
    let _ = writeln!(s, "<section id=\"ranking\"><h2>Candidates ranked</h2>\n<table>\n<thead><tr><th class=\"num\">#</th><th>Candidate</th><th class=\"num\">Mean score</th><th></th><th class=\"num\">Mean grade</th><th class=\"num\">Graded</th><th class=\"num\">Not graded</th>{}</tr></thead>\n<tbody>", if summary.fail_under.is_some() { "<th>Result</th>" } else { "" });
    for (rank, c) in ranked.iter().enumerate() {
        let slot = slot_of[c.candidate.as_str()];
        let score = c.mean_score.unwrap_or(0.0);
        let _ = write!(
            s,
            "<tr><td class=\"num\">{}</td><td><a href=\"#c{slot}\">{}</a></td><td class=\"num\">{}</td><td><div class=\"bar\"><span style=\"width:{score:.1}%\"></span></div></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            rank + 1,
            esc(&c.candidate),
            fmt_opt(c.mean_score),
            fmt_opt(c.mean_grade),
            c.graded,
            c.errors
        );
        match c.passed {
            Some(true) => s.push_str("<td><span class=\"badge pass\">pass</span></td>"),
            Some(false) => s.push_str("<td><span class=\"badge fail\">below the bar</span></td>"),
            None => {}
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table></section>\n");

    // Strengths by topic: topics × candidates.
    let mut topics: Vec<&str> = summary.candidates.iter().flat_map(|c| c.topics.iter().map(|t| t.topic.as_str())).collect();
    topics.sort_unstable();
    topics.dedup();
    if !topics.is_empty() {
        let _ = write!(s, "<section id=\"topics\"><h2>Strengths by topic</h2>\n<p class=\"stats\">Mean score per topic (answers in brackets), candidates in rank order.</p>\n<table class=\"heat\">\n<thead><tr><th>Topic</th>");
        for c in &ranked {
            let _ = write!(s, "<th>{}</th>", esc(&c.candidate));
        }
        s.push_str("</tr></thead>\n<tbody>\n");
        for topic in &topics {
            let _ = write!(s, "<tr><td>{}</td>", esc(topic));
            for c in &ranked {
                match c.topics.iter().find(|t| t.topic == *topic) {
                    Some(t) => {
                        let _ = write!(
                            s,
                            "<td style=\"background:{}\">{:.0} <span class=\"muted\">({})</span></td>",
                            heat(t.mean_score),
                            t.mean_score,
                            t.answers
                        );
                    }
                    None => s.push_str("<td class=\"muted\">\u{2014}</td>"),
                }
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</tbody></table></section>\n");
    }

    // Per candidate.
    for c in &ranked {
        let slot = slot_of[c.candidate.as_str()];
        let _ = writeln!(s, "<section class=\"candidate\" id=\"c{slot}\"><h2>{}</h2>", esc(&c.candidate));
        let _ = writeln!(
            s,
            "<p class=\"stats\">Mean score <strong>{}</strong>/100 \u{b7} mean grade <strong>{}</strong>/5 \u{b7} {} graded \u{b7} {} not graded{}</p>",
            fmt_opt(c.mean_score),
            fmt_opt(c.mean_grade),
            c.graded,
            c.errors,
            c.passed.map(|_| format!(" \u{b7} {}", verdict(c.passed))).unwrap_or_default()
        );
        if !c.topics.is_empty() {
            s.push_str("<h3>By topic</h3>\n<div class=\"topics\">\n");
            for t in &c.topics {
                let _ = writeln!(
                    s,
                    "<span>{} <span class=\"muted\">({})</span></span><div class=\"bar\"><span style=\"width:{:.1}%;background:{}\"></span></div><span class=\"num\">{:.0}</span>",
                    esc(&t.topic),
                    t.answers,
                    t.mean_score,
                    heat_strong(t.mean_score),
                    t.mean_score
                );
            }
            s.push_str("</div>\n");
        }
        if !c.weakest_concepts.is_empty() {
            s.push_str("<h3>Weakest concepts</h3>\n<ul>\n");
            for w in &c.weakest_concepts {
                let _ = writeln!(s, "<li>{} <span class=\"muted\">({})</span></li>", esc(&w.says), esc(&w.question_id));
            }
            s.push_str("</ul>\n");
        }
        s.push_str("<h3>Answers</h3>\n");
        for d in &digests[slot] {
            html_answer(&mut s, d);
        }
        s.push_str("</section>\n");
    }
    if !unattributed.is_empty() {
        s.push_str("<section class=\"candidate\" id=\"unattributed\"><h2>Records without a candidate</h2>\n");
        for d in unattributed {
            html_answer(&mut s, d);
        }
        s.push_str("</section>\n");
    }
    let _ = writeln!(
        s,
        "</main>\n<footer style=\"text-align:center;color:#5b6475;padding:16px\">gograde {}</footer>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    s
}

fn heat_strong(score: f64) -> String {
    let hue = (score.clamp(0.0, 100.0) * 1.2).round();
    format!("hsl({hue}, 60%, 45%)")
}

fn html_answer(s: &mut String, d: &Digest) {
    match &d.body {
        DigestBody::Graded { question_id, question, topic, score, grade, covered, missing, wrong, caps } => {
            let _ = writeln!(
                s,
                "<details><summary><span class=\"badge g{grade}\">{grade}/5</span> <strong>{score:.0}</strong> \u{b7} {}</summary><div>",
                esc(question)
            );
            let _ = writeln!(
                s,
                "<p class=\"muted\">{} \u{b7} {} \u{b7} {} \u{b7} answer #{} ({})</p>",
                esc(question_id),
                esc(topic),
                esc(&d.source),
                d.index + 1,
                esc(&d.id)
            );
            for c in caps {
                let _ = writeln!(s, "<p>\u{26a0} capped: {}</p>", esc(c));
            }
            if !missing.is_empty() {
                s.push_str("<strong>Missing</strong><ul>\n");
                for (says, hint) in missing {
                    let _ = writeln!(s, "<li>{} <span class=\"hint\">{}</span></li>", esc(says), esc(hint));
                }
                s.push_str("</ul>\n");
            }
            if !wrong.is_empty() {
                s.push_str("<strong>Wrong</strong><ul>\n");
                for (quote, why) in wrong {
                    let _ = writeln!(s, "<li>{}: {}</li>", esc(quote), esc(why));
                }
                s.push_str("</ul>\n");
            }
            if !covered.is_empty() {
                s.push_str("<strong>Covered</strong><ul>\n");
                for says in covered {
                    let _ = writeln!(s, "<li>{}</li>", esc(says));
                }
                s.push_str("</ul>\n");
            }
            s.push_str("</div></details>\n");
        }
        DigestBody::Failed { kind, reason, question, candidates } => {
            let title = question.as_deref().map(|q| shorten(q, 120)).unwrap_or_else(|| untitled(kind).into());
            let _ = writeln!(s, "<details><summary><span class=\"badge err\">not graded</span> {}</summary><div>", esc(&title));
            let _ = writeln!(
                s,
                "<p class=\"muted\">{} \u{b7} {} \u{b7} answer #{}</p><p>{}</p>",
                esc(kind),
                esc(&d.source),
                d.index + 1,
                esc(reason)
            );
            if !candidates.is_empty() {
                s.push_str("<strong>Closest questions of the bank</strong><ul>\n");
                for c in candidates {
                    let _ = writeln!(s, "<li><code>{}</code> ({:.2}): {}</li>", esc(&c.id), c.confidence, esc(&c.question));
                }
                s.push_str("</ul>\n");
            }
            s.push_str("</div></details>\n");
        }
    }
}
