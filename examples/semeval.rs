//! Reference-only grading measured on SemEval-2013 Task 7 (SciEntsBank and Beetle).
//!
//! Every question becomes reference-only rubrics (one per reference answer, no hand-written
//! concepts); an answer's grade is its best grade over its question's references. Decision
//! thresholds are fitted on the `train` split only, then weighted F1 is reported on
//! `test-unseen-answers` for the 2-way (correct / incorrect) and 3-way (correct / contradictory
//! / incorrect) labels.
//!
//! Usage: `cargo run --release --example semeval [-- PATH/TO/semeval2013]`
//! (default `../shared/data/semeval2013`).

use gograde::{Bank, Grader, Params, ReferenceQuestion};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Row {
    split: String,
    qid: String,
    question: String,
    references: Vec<String>,
    answer: String,
    label: String,
    label_2way: String,
}

/// What the grader said about one answer (best over the question's references).
struct Scored {
    train: bool,
    /// Cross-validation fold of the answer's question (train only).
    fold: usize,
    score: f64,
    similarity: f64,
    contradiction: bool,
    label3: String,
    label2: String,
}

fn weighted_f1(gold: &[&str], pred: &[&str]) -> f64 {
    let labels: std::collections::BTreeSet<&str> = gold.iter().copied().collect();
    let mut total = 0.0;
    for l in &labels {
        let tp = gold.iter().zip(pred).filter(|(g, p)| *g == l && *p == l).count() as f64;
        let fp = gold.iter().zip(pred).filter(|(g, p)| *g != l && *p == l).count() as f64;
        let fn_ = gold.iter().zip(pred).filter(|(g, p)| *g == l && *p != l).count() as f64;
        let f1 = if tp == 0.0 { 0.0 } else { 2.0 * tp / (2.0 * tp + fp + fn_) };
        let support = gold.iter().filter(|g| *g == l).count() as f64;
        total += f1 * support;
    }
    total / gold.len() as f64
}

fn predict2(s: &Scored, t: f64) -> &'static str {
    if s.score >= t {
        "correct"
    } else {
        "incorrect"
    }
}

fn predict3(s: &Scored, t: f64, sim: f64) -> &'static str {
    if s.score >= t && !s.contradiction {
        "correct"
    } else if s.contradiction || s.similarity >= sim {
        "contradictory"
    } else {
        "incorrect"
    }
}

const FOLDS: usize = 5;

fn eval2(set: &[&Scored], t: f64) -> f64 {
    let gold: Vec<&str> = set.iter().map(|s| s.label2.as_str()).collect();
    let pred: Vec<&str> = set.iter().map(|s| predict2(s, t)).collect();
    weighted_f1(&gold, &pred)
}

fn eval3(set: &[&Scored], t: f64, s: f64) -> f64 {
    let gold: Vec<&str> = set.iter().map(|x| x.label3.as_str()).collect();
    let pred: Vec<&str> = set.iter().map(|x| predict3(x, t, s)).collect();
    weighted_f1(&gold, &pred)
}

fn grid() -> Vec<f64> {
    (0..=100).map(|x| x as f64).collect()
}

/// The 2-way score threshold that maximises weighted F1 on `set`.
fn fit2(set: &[&Scored]) -> f64 {
    grid().into_iter().max_by(|a, b| eval2(set, *a).total_cmp(&eval2(set, *b)).then(b.total_cmp(a))).unwrap()
}

/// The 3-way (score threshold, contradiction similarity, F1) that maximises weighted F1 on `set`.
fn fit3(set: &[&Scored]) -> (f64, f64, f64) {
    let sims: Vec<f64> = (0..=20).map(|x| x as f64 / 20.0).chain([2.0]).collect();
    let mut best3 = (0.0, 0.0, f64::MIN);
    for t in grid() {
        for &s in &sims {
            let f = eval3(set, t, s);
            if f > best3.2 {
                best3 = (t, s, f);
            }
        }
    }
    best3
}

fn run_corpus(path: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path)?;
    let rows: Vec<Row> = text.lines().filter(|l| !l.trim().is_empty()).map(serde_json::from_str).collect::<Result<_, _>>()?;
    let mut refs: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for r in &rows {
        refs.entry(r.qid.clone()).or_insert_with(|| (r.question.clone(), r.references.clone()));
    }
    let mut questions = Vec::new();
    let mut ids_of: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (qid, (question, references)) in &refs {
        for (k, reference) in references.iter().enumerate() {
            let id = format!("{}-{k}", qid.to_lowercase().replace(['_', '.'], "-"));
            ids_of.entry(qid.clone()).or_default().push(id.clone());
            questions.push(ReferenceQuestion { id, question: question.clone(), reference: reference.clone() });
        }
    }
    // `GOGRADE_REFERENCE_ONLY` (JSON of `params.reference_only`) overrides the defaults, for
    // cross-validated experiments.
    let mut params = Params::default();
    if let Ok(json) = std::env::var("GOGRADE_REFERENCE_ONLY") {
        params.reference_only = serde_json::from_str(&json)?;
    }
    let bank = Bank::from_references(questions, params)?;
    let fold_of: BTreeMap<&String, usize> = refs.keys().enumerate().map(|(i, q)| (q, i % FOLDS)).collect();
    let grader = Grader::new(&bank);
    let scored: Vec<Scored> = rows
        .par_iter()
        .map(|r| {
            let grades: Vec<gograde::Grade> = ids_of[&r.qid].iter().map(|id| grader.grade_id(id, &r.answer).expect("known id")).collect();
            let best = grades.iter().max_by(|a, b| a.score.total_cmp(&b.score)).expect("a reference");
            // A key term of the reference stated in the negative is a contradiction cue.
            let contradiction = grades.iter().any(|g| g.concepts.iter().any(|c| !c.covered && c.evidence.is_empty()) && g.similarity > 0.5)
                && gograde::text::analyze(&r.answer).positions.iter().any(|p| p.negator);
            Scored {
                train: r.split == "train",
                fold: fold_of[&r.qid],
                score: best.score,
                similarity: best.similarity,
                contradiction,
                label3: r.label.clone(),
                label2: r.label_2way.clone(),
            }
        })
        .collect();
    let (train, test): (Vec<&Scored>, Vec<&Scored>) = scored.iter().partition(|s| s.train);
    let t2 = fit2(&train);
    let best3 = fit3(&train);
    // Cross-validation on train, by question: thresholds fitted on the other folds.
    let (mut gold2, mut pred2, mut gold3, mut pred3) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for k in 0..FOLDS {
        let (held, rest): (Vec<&Scored>, Vec<&Scored>) = train.iter().partition(|s| s.fold == k);
        let t = fit2(&rest);
        let (t3, s3, _) = fit3(&rest);
        for s in held {
            gold2.push(s.label2.as_str());
            pred2.push(predict2(s, t));
            gold3.push(s.label3.as_str());
            pred3.push(predict3(s, t3, s3));
        }
    }
    let name = path.file_stem().unwrap().to_string_lossy();
    println!("{name}: {} train / {} test answers, {} questions, {} references", train.len(), test.len(), refs.len(), bank.rubrics().len());
    println!(
        "  {FOLDS}-fold CV on train (by question): 2-way {:.3}, 3-way {:.3}",
        weighted_f1(&gold2, &pred2),
        weighted_f1(&gold3, &pred3)
    );
    if std::env::var("GOGRADE_CV_ONLY").is_ok() {
        return Ok(());
    }
    println!("  2-way weighted F1: train {:.3}, test-unseen-answers {:.3} (score threshold {t2})", eval2(&train, t2), eval2(&test, t2));
    println!(
        "  3-way weighted F1: train {:.3}, test-unseen-answers {:.3} (score threshold {}, contradiction similarity {})",
        best3.2,
        eval3(&test, best3.0, best3.1),
        best3.0,
        best3.1
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| format!("{}/../shared/data/semeval2013", env!("CARGO_MANIFEST_DIR")));
    for corpus in ["sciEntsBank", "beetle"] {
        run_corpus(&std::path::Path::new(&dir).join(format!("{corpus}.jsonl")))?;
    }
    Ok(())
}
