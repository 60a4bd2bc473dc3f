//! JSON Lines: one object per answer in input order (`"type": "answer"` or `"type": "error"`),
//! written as it arrives; at the end one `"type": "summary"` object per candidate and one
//! `"type": "batch"` object with the totals.

use crate::bank::Candidate;
use crate::batch::{Outcome, Row};
use crate::grading::json::{grade_fields, Object};
use serde::Serialize;
use std::io::{self, Write};

use super::summary::{BatchSummary, CandidateSummary};

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

/// The decimal digits of `n`, written into the end of `buf`.
fn itoa_usize(mut n: usize, buf: &mut [u8; 20]) -> &str {
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[at..]).expect("ASCII digits")
}

pub(super) fn write_row<W: Write>(out: &mut W, row: &Row) -> io::Result<()> {
    match &row.outcome {
        Outcome::Graded { grade, topic } => {
            // By hand (`grading::json`), as serde's derive would write it with the grade flattened
            // in: this is most of a batch's output. Into one buffer per thread, reused from row to
            // row (each row was a fresh 8 kB allocation).
            thread_local! {
                static LINE: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(Vec::with_capacity(8192));
            }
            LINE.with_borrow_mut(|line| {
                line.clear();
                let mut o = Object::open(line);
                o.str("type", "answer");
                o.u64("index", row.index);
                o.str("id", &row.id);
                o.opt_str("candidate", row.candidate.as_deref());
                // "file:line" as `Source`'s `Display` writes it, without the formatting machinery
                // for the whole (a tenth of writing a row's fields by hand).
                let mut source = String::with_capacity(row.source.file.len() + 12);
                source.push_str(&row.source.file);
                source.push(':');
                source.push_str(itoa_usize(row.source.line, &mut [0; 20]));
                o.str("source", &source);
                o.str("topic", topic);
                grade_fields(&mut o, grade);
                o.close();
                out.write_all(line)
            })?
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

#[derive(Serialize)]
struct Tagged<'a, T> {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(flatten)]
    inner: &'a T,
}

/// One candidate's summary object.
pub(super) fn write_candidate_summary<W: Write>(out: &mut W, candidate: &CandidateSummary) -> io::Result<()> {
    let mut line = Vec::new();
    summary_row(&mut line, candidate);
    line.push(b'\n');
    out.write_all(&line)
}

/// The totals, after every candidate's summary.
pub(super) fn write_totals<W: Write>(out: &mut W, summary: &BatchSummary) -> io::Result<()> {
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

/// One candidate's summary row, by hand as for the answer rows (a batch of many candidates
/// writes one each): what serde's derive writes for it with `"type": "summary"` first.
fn summary_row(out: &mut Vec<u8>, c: &CandidateSummary) {
    let mut o = Object::open(out);
    o.str("type", "summary");
    o.str("candidate", &c.candidate);
    o.u64("answers", c.answers);
    o.u64("graded", c.graded);
    o.u64("errors", c.errors);
    o.opt_f64("mean_score", c.mean_score);
    o.opt_f64("mean_grade", c.mean_grade);
    o.u64s("grade_counts", &c.grade_counts);
    o.objects("topics", &c.topics, |o, t| {
        o.str("topic", &t.topic);
        o.u64("answers", t.answers);
        o.f64("mean_score", t.mean_score);
        o.f64("mean_grade", t.mean_grade);
        o.u64s("grade_counts", &t.grade_counts);
    });
    o.objects("weakest_concepts", &c.weakest_concepts, |o, w| {
        o.str("question_id", &w.question_id);
        o.fixed("concept", &w.concept);
        o.fixed("says", &w.says);
        o.fixed("hint", &w.hint);
        o.u64("missed", w.missed);
        o.f64("lost", w.lost);
    });
    o.objects("red_flags", &c.red_flags, |o, f| {
        o.str("question_id", &f.question_id);
        o.fixed("red_flag", &f.red_flag);
        o.fixed("why", &f.why);
        o.u64("count", f.count);
    });
    if let Some(passed) = c.passed {
        o.bool("passed", passed);
    }
    o.close();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::report::{FiredFlag, TopicSummary, WeakConcept};
    use crate::rubric::{write_json, FixedText};

    #[test]
    fn line_numbers_are_written_as_display_writes_them() {
        for n in [0, 1, 9, 10, 99, 100, 12345, 1 << 40, usize::MAX] {
            assert_eq!(itoa_usize(n, &mut [0; 20]), n.to_string());
        }
    }

    #[test]
    fn summary_rows_are_serdes() {
        let full = CandidateSummary {
            candidate: "ann \"a\"".into(),
            answers: 3,
            graded: 2,
            errors: 1,
            mean_score: Some(61.25),
            mean_grade: Some(1.0 / 3.0),
            grade_counts: [0, 1, 0, 1, 0, 0],
            topics: vec![TopicSummary {
                topic: "t\n".into(),
                answers: 2,
                mean_score: 61.25,
                mean_grade: 2.5,
                grade_counts: [0, 1, 0, 1, 0, 0],
            }],
            weakest_concepts: vec![WeakConcept {
                question_id: "q".into(),
                concept: FixedText::new("c"),
                says: FixedText::new("s \"x\""),
                hint: FixedText::new("h"),
                missed: 2,
                lost: 12.5,
            }],
            red_flags: vec![FiredFlag { question_id: "q".into(), red_flag: FixedText::new("f"), why: FixedText::new("w"), count: 1 }],
            passed: Some(false),
        };
        let bare = CandidateSummary {
            mean_score: None,
            mean_grade: None,
            topics: vec![],
            weakest_concepts: vec![],
            red_flags: vec![],
            passed: None,
            ..full.clone()
        };
        for c in [full, bare] {
            #[derive(Serialize)]
            struct Tagged<'a> {
                #[serde(rename = "type")]
                kind: &'static str,
                #[serde(flatten)]
                inner: &'a CandidateSummary,
            }
            let mut serde = Vec::new();
            write_json(&mut serde, &Tagged { kind: "summary", inner: &c }, false).unwrap();
            let mut hand = Vec::new();
            summary_row(&mut hand, &c);
            assert_eq!(String::from_utf8(hand).unwrap(), String::from_utf8(serde).unwrap());
        }
    }
}
