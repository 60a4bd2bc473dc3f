//! Reports of a batch: the rows of [`crate::batch::grade_stream`] written as JSON Lines, CSV,
//! Markdown or one self-contained HTML page, with a summary per candidate.
//!
//! - **JSON Lines** (`jsonl.rs`): one object per answer in input order (`"type": "answer"`: the
//!   [`Grade`](crate::Grade) contract plus `index`, `id`, `candidate`, `source`, `topic`; or
//!   `"type": "error"` with the reason), then one `"type": "summary"` object per candidate
//!   ([`CandidateSummary`]), then one `"type": "batch"` object with the totals.
//! - **CSV** (`csv.rs`): one row per answer, with a header.
//! - **Markdown** (`markdown.rs`) and **HTML** (`html.rs`, inline styles only: no script, no
//!   external asset): candidates ranked, strengths per topic, then per candidate (best first) the
//!   topics, the weakest concepts and every answer: what capped it, what was missing, what was
//!   wrong and what was covered. Both render one view model (`view.rs`), so they show the same
//!   sections in the same order.
//!
//! JSON Lines and CSV are written row by row. Summaries (`summary.rs`) need only numbers per
//! candidate and the rubric texts they quote, stored once per batch: memory grows with the number
//! of candidates, never with the number of answers. Markdown and HTML group answers by
//! candidate, so they keep a view of every answer (scores, and the concepts' texts) until
//! [`Report::finish`]. Output never depends on timing or thread count.
//!
//! A new format is one more renderer file here and one more [`ReportFormat`].

mod csv;
mod html;
mod jsonl;
mod markdown;
mod summary;
mod view;

pub use self::csv::{csv_header, csv_row, CSV_COLUMNS};
pub use jsonl::jsonl_row;
pub use summary::{BatchSummary, CandidateSummary, FiredFlag, TopicSummary, WeakConcept};
pub(crate) use view::{quoted, shorten};

/// The house style of gograde's HTML pages (the batch report's, and `eval`'s page builds on it).
pub(crate) const STYLE: &str = include_str!("style.css");

use crate::batch::{Outcome, Row};
use std::collections::HashMap;
use std::io::{self, Write};
use std::sync::Arc;
use summary::{CandidateSums, Texts};
use view::{AnswerView, ReportView};

/// The format of a batch report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    /// One JSON object per answer, then the summaries (`jsonl.rs`).
    Jsonl,
    /// One row per answer, with a header (`csv.rs`).
    Csv,
    /// Candidates ranked, then per candidate their answers (`markdown.rs`).
    Markdown,
    /// The Markdown report's sections as one self-contained page (`html.rs`).
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

/// Writes a batch report as rows arrive; [`Report::finish`] writes the summaries (and, for
/// Markdown and HTML, the whole document).
pub struct Report<W: Write> {
    format: ReportFormat,
    out: W,
    options: ReportOptions,
    /// Candidates' names in order of first appearance, shared with `by_name` (one copy each).
    names: Vec<Arc<str>>,
    by_name: HashMap<Arc<str>, usize>,
    sums: Vec<CandidateSums>,
    texts: Texts,
    /// Per candidate (same order as `names`), for Markdown and HTML only.
    answers_of: Vec<Vec<AnswerView>>,
    unattributed: Vec<AnswerView>,
    answers: u64,
    graded: u64,
    failed: u64,
    unattributed_count: u64,
}

impl<W: Write> Report<W> {
    /// Start a report (CSV writes its header here).
    pub fn new(format: ReportFormat, mut out: W, options: ReportOptions) -> io::Result<Self> {
        if format == ReportFormat::Csv {
            out.write_all(csv_header().as_bytes())?;
        }
        Ok(Report {
            format,
            out,
            options,
            names: Vec::new(),
            by_name: HashMap::new(),
            sums: Vec::new(),
            texts: Texts::default(),
            answers_of: Vec::new(),
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
        let slot = row.candidate.as_ref().map(|name| match self.by_name.get(name.as_str()) {
            Some(&i) => i,
            None => {
                let name: Arc<str> = Arc::from(name.as_str());
                self.by_name.insert(name.clone(), self.names.len());
                self.names.push(name);
                self.sums.push(CandidateSums::default());
                if matches!(self.format, ReportFormat::Markdown | ReportFormat::Html) {
                    self.answers_of.push(Vec::new());
                }
                self.names.len() - 1
            }
        });
        match &row.outcome {
            Outcome::Graded { grade, topic } => {
                self.graded += 1;
                if let Some(i) = slot {
                    self.sums[i].add(grade, topic, &mut self.texts);
                }
            }
            Outcome::Failed(_) => {
                self.failed += 1;
                match slot {
                    Some(i) => self.sums[i].add_failed(),
                    None => self.unattributed_count += 1,
                }
            }
        }
        match self.format {
            ReportFormat::Jsonl => jsonl::write_row(&mut self.out, row)?,
            ReportFormat::Csv => self.out.write_all(csv_row(row).as_bytes())?,
            ReportFormat::Markdown | ReportFormat::Html => match slot {
                Some(i) => self.answers_of[i].push(AnswerView::new(row)),
                None => self.unattributed.push(AnswerView::new(row)),
            },
        }
        Ok(())
    }

    /// The summary of the rows so far.
    pub fn summary(&self) -> BatchSummary {
        BatchSummary {
            candidates: self.names.iter().zip(&self.sums).map(|(n, s)| s.summary(n, &self.options, &self.texts)).collect(),
            ..self.totals()
        }
    }

    /// The batch's totals, without its candidates.
    fn totals(&self) -> BatchSummary {
        BatchSummary {
            answers: self.answers,
            graded: self.graded,
            failed: self.failed,
            unattributed: self.unattributed_count,
            fail_under: self.options.fail_under,
            candidates: Vec::new(),
        }
    }

    /// Write the summaries (or the whole Markdown or HTML document), flush, and hand back the
    /// writer with the summary.
    ///
    /// JSON Lines and CSV reports are written as they go, and so are their candidates'
    /// summaries: the summary handed back carries each candidate's counts, means and pass, but
    /// not their topics, weakest concepts and red flags (in the report already). Holding every
    /// candidate's details at once would double a batch's memory at its end (100,000
    /// candidates: about 95 MB).
    pub fn finish(mut self) -> io::Result<(W, BatchSummary)> {
        let summary = match self.format {
            ReportFormat::Jsonl | ReportFormat::Csv => self.stream_summaries()?,
            ReportFormat::Markdown | ReportFormat::Html => {
                let summary = self.summary();
                let view = ReportView::new(&summary, &self.answers_of, &self.unattributed);
                let document = if self.format == ReportFormat::Html { html::render(&view) } else { markdown::render(&view) };
                self.out.write_all(document.as_bytes())?;
                summary
            }
        };
        self.out.flush()?;
        Ok((self.out, summary))
    }

    /// Summarise the candidates one at a time (JSON Lines writes each summary, then the totals),
    /// freeing each one's topics, missed concepts and red flags as it goes, and only then make
    /// the summary handed back (counts, means and pass per candidate): made alongside the
    /// details, its list raised a batch's peak memory at the end (100,000 candidates: 25 MB).
    fn stream_summaries(&mut self) -> io::Result<BatchSummary> {
        // Rows are all in: names need not be found any more.
        self.by_name = HashMap::new();
        for (name, sums) in self.names.iter().zip(&mut self.sums) {
            if self.format == ReportFormat::Jsonl {
                jsonl::write_candidate_summary(&mut self.out, &sums.summary(name, &self.options, &self.texts))?;
            }
            sums.drop_details();
        }
        let summary = self.summary();
        if self.format == ReportFormat::Jsonl {
            jsonl::write_totals(&mut self.out, &summary)?;
        }
        Ok(summary)
    }
}

#[cfg(test)]
mod tests {
    use super::view::{self, fixture, ReportView};
    use super::{html, markdown};

    /// Where each label first appears after the previous one, or `None` if it does not.
    fn positions(doc: &str, labels: &[&str]) -> Vec<Option<usize>> {
        let mut from = 0;
        labels
            .iter()
            .map(|l| {
                let at = doc[from..].find(l).map(|i| from + i);
                from = at.map_or(from, |i| i + l.len());
                at
            })
            .collect()
    }

    #[test]
    fn markdown_and_html_show_the_same_sections_in_the_same_order() {
        let (summary, answers, unattributed) = fixture::batch();
        let v = ReportView::new(&summary, &answers, &unattributed);
        let (md, html) = (markdown::render(&v), html::render(&v));
        let per_candidate = [
            view::BY_TOPIC,
            view::WEAKEST,
            "capped",
            view::MISSING,
            view::WRONG,
            view::COVERED,
            "sourdough",
            "no question of the bank matches",
        ];
        let mut labels = vec![view::RANKING, view::TOPICS];
        for name in ["onerror", "Ann"] {
            labels.push(name);
            labels.extend(per_candidate);
        }
        labels.extend([view::UNATTRIBUTED, view::MISSING, view::WRONG, view::COVERED]);
        for (format, doc) in [("markdown", &md), ("html", &html)] {
            let at = positions(doc, &labels);
            let lost: Vec<&str> = labels.iter().zip(&at).filter(|(_, p)| p.is_none()).map(|(l, _)| *l).collect();
            assert!(lost.is_empty(), "{format}: not found in order: {lost:?}\n{doc}");
        }
    }
}
