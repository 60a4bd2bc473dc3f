//! JSON Lines: one object per answer in input order (`"type": "answer"` or `"type": "error"`),
//! written as it arrives; at the end one `"type": "summary"` object per candidate and one
//! `"type": "batch"` object with the totals.

use crate::bank::Candidate;
use crate::batch::{Outcome, Row};
use crate::grading::json::{grade_fields, Object};
use crate::rubric::write_json;
use serde::Serialize;
use std::io::{self, Write};

use super::summary::BatchSummary;

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
    write_row(&mut v, row).expect("writing to a Vec cannot fail");
    String::from_utf8(v).expect("JSON is UTF-8").trim_end().to_string()
}

pub(super) fn write_row<W: Write>(out: &mut W, row: &Row) -> io::Result<()> {
    match &row.outcome {
        Outcome::Graded { grade, topic } => {
            // By hand (`grading::json`), as serde's derive would write it with the grade flattened
            // in: this is most of a batch's output.
            let mut line = Vec::with_capacity(8192);
            let mut o = Object::open(&mut line);
            o.str("type", "answer");
            o.u64("index", row.index);
            o.str("id", &row.id);
            o.opt_str("candidate", row.candidate.as_deref());
            o.str("source", &row.source.to_string());
            o.str("topic", topic);
            grade_fields(&mut o, grade);
            o.close();
            out.write_all(&line)?
        }
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

/// The summaries: one object per candidate, then the totals.
pub(super) fn write_summary<W: Write>(out: &mut W, summary: &BatchSummary) -> io::Result<()> {
    #[derive(Serialize)]
    struct Tagged<'a, T> {
        #[serde(rename = "type")]
        kind: &'static str,
        #[serde(flatten)]
        inner: &'a T,
    }
    for c in &summary.candidates {
        write_json(&mut *out, &Tagged { kind: "summary", inner: c }, false)?;
        out.write_all(b"\n")?;
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
        batch: summary,
        below_fail_under: summary.fail_under.map(|_| summary.below_bar().iter().map(|c| c.candidate.as_str()).collect()),
    };
    serde_json::to_writer(&mut *out, &Tagged { kind: "batch", inner: &totals })?;
    out.write_all(b"\n")
}
