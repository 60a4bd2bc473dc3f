//! Measuring agreement with human markers: grade a set of marked answers and report Pearson and
//! Spearman correlation, quadratic weighted kappa, MAE/RMSE, the confusion matrix, per-kind and
//! per-question means, the worst disagreements, and per concept / red flag how often it fired on
//! answers marked low or missed on answers marked high.
//!
//! An [`EvalReport`] serialises to the JSON of `gograde eval --format json` and reads back from
//! it, so a saved run can be the baseline of a later one: [`Comparison`] sets the two side by side
//! (figures, per-kind means, the answers whose grade changed), and [`EvalPage`] renders a report,
//! with a comparison when given one, as one self-contained HTML page.

mod compare;
mod html;
mod page;

pub use compare::{AnswerChange, Comparison, KindChange, MetricChange, CHANGED};
pub use page::EvalPage;

use crate::bank::Bank;
use crate::grading::Grader;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How many of the largest disagreements a report lists.
pub const WORST: usize = 15;

/// The kind of a marked answer without one, in [`EvalReport::per_kind`].
pub const UNTAGGED: &str = "untagged";

/// An answer's kind as [`EvalReport::per_kind`] keys it.
pub fn kind_name(kind: Option<&str>) -> &str {
    kind.unwrap_or(UNTAGGED)
}

/// One marked answer, as a line of the JSONL input.
#[derive(Debug, Clone, Deserialize)]
pub struct MarkedAnswer {
    /// The question, by id or by wording.
    pub question: String,
    /// The answer as the candidate wrote it.
    pub answer: String,
    /// The human marker's grade, 0..=5.
    pub grade: u8,
    /// What sort of answer it is (`complete`, `partial`, `keyword-list`, `denial` …), so
    /// agreement can be read per kind.
    #[serde(default)]
    pub kind: Option<String>,
}

/// A marked answer that could not be graded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvalError {
    /// 1-based line of the input.
    pub line: usize,
    /// Why it could not be graded (an unreadable line, an unknown question …).
    pub reason: String,
}

/// One graded marked answer, with the evidence behind its grade.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvalRow {
    /// 1-based line of the input.
    pub line: usize,
    /// The question the answer was graded against.
    pub question_id: String,
    /// The marked answer's kind, if tagged.
    pub kind: Option<String>,
    /// The human grade, 0..=5.
    pub human: u8,
    /// The machine grade, 0..=5.
    pub grade: u8,
    /// The machine score, 0..=100.
    pub score: f64,
    /// Covered concepts and fired red flags: the evidence behind the grade.
    pub covered: Vec<String>,
    /// Ids of the red flags that fired.
    pub fired: Vec<String>,
    /// The reasons of the gates that capped the score.
    pub gates: Vec<String>,
    /// The answer as the candidate wrote it.
    #[serde(default)]
    pub answer: String,
    /// The answer's own words behind each covered concept and fired red flag, by id.
    #[serde(default)]
    pub quotes: BTreeMap<String, Vec<String>>,
}

/// One graded marked answer in brief: a point of the page's scatter, and what a comparison with
/// another run matches answers by.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalPoint {
    /// 1-based line of the input.
    pub line: usize,
    /// [`answer_key`] of the question and answer as written: the same marked answer has the same
    /// key in any run, wherever its line is.
    pub key: String,
    /// The question the answer was graded against.
    pub question_id: String,
    /// The marked answer's kind, if tagged.
    pub kind: Option<String>,
    /// The human grade, 0..=5.
    pub human: u8,
    /// The machine grade, 0..=5.
    pub grade: u8,
    /// The machine score, 0..=100.
    pub score: f64,
}

/// The key of a marked answer: the first 16 hex digits of SHA-256 over its question and answer
/// as written.
pub fn answer_key(question: &str, answer: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(question.as_bytes());
    h.update([0u8]);
    h.update(answer.as_bytes());
    h.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Mean human and machine grade of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupMean {
    /// Answers in the group.
    pub count: usize,
    /// Their mean human grade.
    pub human: f64,
    /// Their mean machine grade.
    pub machine: f64,
}

/// How a concept or red flag behaved on the marked answers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RuleStats {
    /// Credited/fired on answers.
    pub fired: usize,
    /// A concept credited on an answer marked ≤ 1, or a red flag fired on one marked ≥ 4.
    pub suspicious_hits: usize,
    /// A concept not credited on an answer marked 5.
    pub missed_on_full_marks: usize,
}

/// The agreement report: the JSON of `gograde eval --format json`, which reads back as one.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvalReport {
    /// Marked answers graded.
    pub graded: usize,
    /// Marked answers that could not be graded, by line.
    pub errors: Vec<EvalError>,
    /// Pearson correlation of the machine score with the human grade.
    pub pearson: f64,
    /// Spearman (rank) correlation of the machine score with the human grade.
    pub spearman: f64,
    /// Quadratic weighted kappa of the machine grade against the human grade.
    pub qwk: f64,
    /// Mean absolute difference between human and machine grades.
    pub mae: f64,
    /// Root mean square difference between human and machine grades.
    pub rmse: f64,
    /// `confusion[human][machine]`.
    pub confusion: [[usize; 6]; 6],
    /// Means per answer kind (`untagged` for answers without one).
    pub per_kind: BTreeMap<String, GroupMean>,
    /// Means per question id.
    pub per_question: BTreeMap<String, GroupMean>,
    /// The [`WORST`] largest disagreements between human and machine grade, largest first (ties
    /// in input order).
    pub worst: Vec<EvalRow>,
    /// Keyed `question/rule`.
    pub rules: BTreeMap<String, RuleStats>,
    /// Every graded answer in brief, in input order (empty in a report read from the JSON of a
    /// gograde that did not write them).
    #[serde(default)]
    pub rows: Vec<EvalPoint>,
}

/// Parse JSONL marked answers; bad lines become errors, good ones are kept with their line.
pub fn parse_marked(text: &str) -> (Vec<(usize, MarkedAnswer)>, Vec<EvalError>) {
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<MarkedAnswer>(line) {
            Ok(m) if m.grade <= 5 => ok.push((i + 1, m)),
            Ok(m) => errors.push(EvalError { line: i + 1, reason: format!("grade {} is outside 0..=5", m.grade) }),
            Err(e) => errors.push(EvalError { line: i + 1, reason: e.to_string() }),
        }
    }
    (ok, errors)
}

/// Grade every marked answer and compare.
pub fn evaluate(bank: &Bank, marked: &[(usize, MarkedAnswer)], mut errors: Vec<EvalError>) -> EvalReport {
    let grader = Grader::new(bank);
    let results: Vec<Result<(String, EvalRow), EvalError>> = marked
        .par_iter()
        .map(|(line, m)| {
            let g = grader.grade(&m.question, &m.answer).map_err(|e| EvalError { line: *line, reason: e.to_string() })?;
            let covered = g.concepts.iter().filter(|c| c.covered).map(|c| (&c.id, &c.evidence));
            let fired = g.red_flags.iter().filter(|f| f.fired).map(|f| (&f.id, &f.evidence));
            let quotes = covered
                .clone()
                .chain(fired.clone())
                .filter(|(_, ev)| !ev.is_empty())
                .map(|(id, ev)| (id.to_string(), ev.iter().map(|e| e.text.clone()).collect()))
                .collect();
            let row = EvalRow {
                line: *line,
                question_id: g.question_id.clone(),
                kind: m.kind.clone(),
                human: m.grade,
                grade: g.grade,
                score: g.score,
                covered: covered.map(|(id, _)| id.to_string()).collect(),
                fired: fired.map(|(id, _)| id.to_string()).collect(),
                gates: g.gates.iter().map(|x| x.reason.clone()).collect(),
                answer: m.answer.clone(),
                quotes,
            };
            Ok((answer_key(&m.question, &m.answer), row))
        })
        .collect();
    let mut rows = Vec::new();
    for r in results {
        match r {
            Ok(row) => rows.push(row),
            Err(e) => errors.push(e),
        }
    }
    errors.sort_by_key(|e| e.line);
    report(bank, rows, errors)
}

/// `rows` are keyed by [`answer_key`], in input order.
fn report(bank: &Bank, keyed: Vec<(String, EvalRow)>, errors: Vec<EvalError>) -> EvalReport {
    let points = keyed
        .iter()
        .map(|(key, r)| EvalPoint {
            line: r.line,
            key: key.clone(),
            question_id: r.question_id.clone(),
            kind: r.kind.clone(),
            human: r.human,
            grade: r.grade,
            score: r.score,
        })
        .collect();
    let rows: Vec<EvalRow> = keyed.into_iter().map(|(_, r)| r).collect();
    let human: Vec<f64> = rows.iter().map(|r| r.human as f64).collect();
    let scores: Vec<f64> = rows.iter().map(|r| r.score).collect();
    let grades: Vec<f64> = rows.iter().map(|r| r.grade as f64).collect();
    let mut confusion = [[0usize; 6]; 6];
    for r in &rows {
        confusion[r.human as usize][r.grade as usize] += 1;
    }
    let n = rows.len().max(1) as f64;
    let mae = rows.iter().map(|r| (r.human as f64 - r.grade as f64).abs()).sum::<f64>() / n;
    let rmse = (rows.iter().map(|r| (r.human as f64 - r.grade as f64).powi(2)).sum::<f64>() / n).sqrt();
    let group = |key: &dyn Fn(&EvalRow) -> String| {
        let mut m: BTreeMap<String, (usize, f64, f64)> = BTreeMap::new();
        for r in &rows {
            let e = m.entry(key(r)).or_default();
            e.0 += 1;
            e.1 += r.human as f64;
            e.2 += r.grade as f64;
        }
        m.into_iter().map(|(k, (c, h, g))| (k, GroupMean { count: c, human: h / c as f64, machine: g / c as f64 })).collect()
    };
    let per_kind = group(&|r| kind_name(r.kind.as_deref()).to_string());
    let per_question = group(&|r| r.question_id.clone());
    let mut rules: BTreeMap<String, RuleStats> = BTreeMap::new();
    for r in &rows {
        let Some(rubric) = bank.get(&r.question_id) else { continue };
        for c in &rubric.concepts {
            let st = rules.entry(format!("{}/{}", r.question_id, c.id)).or_default();
            let hit = r.covered.iter().any(|id| c.id == *id);
            st.fired += usize::from(hit);
            st.suspicious_hits += usize::from(hit && r.human <= 1);
            st.missed_on_full_marks += usize::from(!hit && r.human == 5);
        }
        for f in &rubric.red_flags {
            let st = rules.entry(format!("{}/{}", r.question_id, f.id)).or_default();
            let hit = r.fired.iter().any(|id| f.id == *id);
            st.fired += usize::from(hit);
            st.suspicious_hits += usize::from(hit && r.human >= 4);
        }
    }
    let mut worst = rows.clone();
    worst.sort_by(|a, b| {
        let da = (a.human as i32 - a.grade as i32).abs();
        let db = (b.human as i32 - b.grade as i32).abs();
        db.cmp(&da).then(a.line.cmp(&b.line))
    });
    worst.truncate(WORST);
    EvalReport {
        graded: rows.len(),
        errors,
        pearson: pearson(&scores, &human),
        spearman: spearman(&scores, &human),
        qwk: quadratic_weighted_kappa(
            &human.iter().map(|&h| h as usize).collect::<Vec<_>>(),
            &grades.iter().map(|&g| g as usize).collect::<Vec<_>>(),
            6,
        ),
        mae,
        rmse,
        confusion,
        per_kind,
        per_question,
        worst,
        rules,
        rows: points,
    }
}

/// Pearson correlation; 0 when either side is constant.
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    if n < 2 {
        return 0.0;
    }
    let mx = x.iter().sum::<f64>() / n as f64;
    let my = y.iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx).powi(2);
        syy += (y[i] - my).powi(2);
    }
    if sxx == 0.0 || syy == 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

/// Ranks with ties averaged (1-based).
fn ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && x[idx[j + 1]] == x[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman rank correlation.
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    pearson(&ranks(x), &ranks(y))
}

/// Quadratic weighted kappa between two integer ratings in 0..k.
pub fn quadratic_weighted_kappa(a: &[usize], b: &[usize], k: usize) -> f64 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.0;
    }
    let mut observed = vec![vec![0.0; k]; k];
    let mut ha = vec![0.0; k];
    let mut hb = vec![0.0; k];
    for i in 0..n {
        observed[a[i]][b[i]] += 1.0;
        ha[a[i]] += 1.0;
        hb[b[i]] += 1.0;
    }
    let (mut num, mut den) = (0.0, 0.0);
    for i in 0..k {
        for j in 0..k {
            let w = ((i as f64 - j as f64) / (k as f64 - 1.0)).powi(2);
            let expected = ha[i] * hb[j] / n as f64;
            num += w * observed[i][j];
            den += w * expected;
        }
    }
    if den == 0.0 {
        1.0
    } else {
        1.0 - num / den
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn correlations() {
        let x = [1.0, 2.0, 3.0, 4.0];
        assert!((pearson(&x, &[2.0, 4.0, 6.0, 8.0]) - 1.0).abs() < 1e-12);
        assert!((pearson(&x, &[8.0, 6.0, 4.0, 2.0]) + 1.0).abs() < 1e-12);
        assert_eq!(pearson(&x, &[1.0, 1.0, 1.0, 1.0]), 0.0);
        assert!((spearman(&x, &[1.0, 10.0, 100.0, 1000.0]) - 1.0).abs() < 1e-12, "monotone is rank-perfect");
        assert_eq!(ranks(&[5.0, 1.0, 5.0]), vec![2.5, 1.0, 2.5]);
    }

    #[test]
    fn kappa() {
        assert!((quadratic_weighted_kappa(&[0, 1, 2, 3], &[0, 1, 2, 3], 4) - 1.0).abs() < 1e-12);
        let off_by_one = quadratic_weighted_kappa(&[0, 1, 2, 3], &[1, 2, 3, 3], 4);
        let reversed = quadratic_weighted_kappa(&[0, 1, 2, 3], &[3, 2, 1, 0], 4);
        assert!(off_by_one > 0.5 && reversed < 0.0, "{off_by_one} {reversed}");
    }

    #[test]
    fn bad_lines_are_reported_not_dropped() {
        let (ok, errors) = parse_marked(
            "{\"question\":\"q\",\"answer\":\"a\",\"grade\":3}\nnot json\n{\"question\":\"q\",\"answer\":\"a\",\"grade\":9}\n",
        );
        assert_eq!(ok.len(), 1);
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), vec![2, 3]);
    }
}
