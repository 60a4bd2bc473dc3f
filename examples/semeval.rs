//! Reference-only grading measured on SemEval-2013 Task 7 (SciEntsBank and Beetle).
//!
//! Every question becomes rubrics without hand-written concepts (one per reference answer); an
//! answer's grade is its best grade over its question's references. Four set-ups:
//!
//! - `minimal`: id, question, reference: key terms and similarity derived by the bank;
//! - `minimal + examples`: the same, with the question's `train` answers as marked examples
//!   (`[[example]]`, correct = 5, otherwise 0) that answers borrow evidence from;
//! - `drafted`: the rubric `gograde draft` writes from the question and reference, used as is
//!   (it says `drafted = true`, so it is scored by the reference-only model with its own concepts'
//!   coverage as the coverage feature);
//! - `drafted + examples`.
//!
//! A `train` answer is never its own example: train answers are graded in five folds, each
//! against a bank whose examples are the other folds' answers (test answers against all of them).
//! Decision thresholds are fitted on `train` only; the figures are weighted F1 on
//! `test-unseen-answers` for the 2-way (correct / incorrect) and 3-way (correct / contradictory
//! / incorrect) labels, and 5-fold cross-validation on `train` by question.
//!
//! Minimal rubrics are scored by a logistic model over the grade's `reference_fit` features
//! (`reference_only.model` and `model_with_examples`). Like the thresholds, the model is fitted on
//! `train` only: on the other folds for cross-validation, on all of a corpus's train answers for
//! its test figures. The last lines print the model fitted on both corpora's train answers, the
//! shipped defaults; `GOGRADE_REFIT=0` scores with the parameters' own model instead (thresholds
//! still fitted). The gates the grader applied cap the model's score as they cap the grade;
//! `GOGRADE_SKIP_GATES=OffTopic,RestatesQuestion` leaves those kinds out (to measure a gate).
//!
//! Usage: `cargo run --release --example semeval [-- PATH/TO/semeval2013]`
//! (default `../shared/data/semeval2013`). `GOGRADE_SETUPS=minimal,drafted` runs some set-ups
//! only; `GOGRADE_PARAMS` (TOML of `params.toml`) overrides the default parameters.

use gograde::quality::draft::{draft, DraftRequest};
use gograde::quality::eval::pearson;
use gograde::rubric::MarkedExample;
use gograde::{Bank, Grader, Params, ReferenceQuestion};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};

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
    /// A key term stated in the negative, or negated where the reference affirms it.
    contradiction: bool,
    /// Weighted share of contradictory answers among the nearest marked examples.
    contradictory_neighbours: f64,
    label3: String,
    label2: String,
    /// Per reference, the features of the reference-only model.
    features: Vec<Vec<f64>>,
    /// Per reference, the lowest cap of the gates that apply (100 without), and the penalty.
    caps: Vec<(f64, f64)>,
}

/// The features of the reference-only model in a grade (see `ReferenceFit`).
fn model_features(g: &gograde::Grade) -> Option<Vec<f64>> {
    let f = g.breakdown.reference_fit.as_ref()?;
    let mut x = vec![f.recall, f.precision, g.similarity, g.breakdown.coverage, f.overlap];
    if let (Some(c), Some(i), Some(v), Some(l)) = (f.closest_passing, f.closest_failing, f.passing_vote, f.passing_like_fit) {
        x.extend([c, i, v, l]);
    }
    Some(x)
}

fn sigmoid(w: &[f64], x: &[f64]) -> f64 {
    let z = w[0] + w[1..].iter().zip(x).map(|(a, b)| a * b).sum::<f64>();
    1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp())
}

/// Logistic regression by Newton's method, L2-penalised (not the bias): `[bias, weights…]`.
/// Targets may be soft (a mark of 0–5 as mark / 5) and each answer carries a weight. No weight
/// but the closest failing example's may be negative: a feature whose weight comes out below
/// zero is dropped (weight 0) and the rest refitted. The features are correlated measures of one
/// thing (how much of the reference the answer says), and a negative weight on one of them is an
/// artefact of the sample that does not carry over to another bank.
fn fit_logistic(xs: &[&[f64]], ys: &[f64], weights: &[f64]) -> Vec<f64> {
    let d = xs[0].len() + 1;
    let mut active = vec![true; d];
    loop {
        let w = newton(xs, ys, weights, &active);
        // Weight index of the closest failing example's F1 (after the bias, the plain features
        // and the closest passing example's): being close to a wrong answer should count against.
        let closest_failing = gograde::bank::MODEL_FEATURES + 2;
        let free = std::env::var("GOGRADE_FREE_SIGNS").is_ok();
        match (1..d).filter(|&i| !free && active[i] && w[i] < 0.0 && i != closest_failing).min_by(|&a, &b| w[a].total_cmp(&w[b])) {
            Some(i) => active[i] = false,
            None => return w,
        }
    }
}

/// One fit over the `active` weights (the others stay 0).
fn newton(xs: &[&[f64]], ys: &[f64], weights: &[f64], active: &[bool]) -> Vec<f64> {
    let d = active.len();
    let mut w = vec![0.0; d];
    let total: f64 = weights.iter().sum();
    for _ in 0..50 {
        let mut g = vec![0.0; d];
        let mut h = vec![vec![0.0; d]; d];
        for ((x, &y), &c) in xs.iter().zip(ys).zip(weights) {
            let p = sigmoid(&w, x);
            let c = c * xs.len() as f64 / total;
            let xx: Vec<f64> = std::iter::once(1.0).chain(x.iter().copied()).collect();
            for i in 0..d {
                g[i] += c * (p - y) * xx[i];
                for j in 0..d {
                    h[i][j] += c * p * (1.0 - p) * xx[i] * xx[j];
                }
            }
        }
        for i in 1..d {
            g[i] += w[i];
            h[i][i] += 1.0;
        }
        // Inactive weights stay 0: their rows and columns become the identity.
        for i in (0..d).filter(|&i| !active[i]) {
            g[i] = 0.0;
            h[i].iter_mut().for_each(|x| *x = 0.0);
            h.iter_mut().for_each(|row| row[i] = 0.0);
            h[i][i] = 1.0;
        }
        // Solve h · step = g by Gaussian elimination with partial pivoting.
        let mut m: Vec<Vec<f64>> = h.iter().zip(&g).map(|(row, gi)| row.iter().copied().chain([*gi]).collect()).collect();
        for c in 0..d {
            let p = (c..d).max_by(|&a, &b| m[a][c].abs().total_cmp(&m[b][c].abs())).unwrap();
            m.swap(c, p);
            let pivot = m[c].clone();
            for (r, row) in m.iter_mut().enumerate() {
                if r != c {
                    let f = row[c] / pivot[c];
                    row.iter_mut().zip(&pivot).skip(c).for_each(|(x, p)| *x -= f * p);
                }
            }
        }
        let step: Vec<f64> = (0..d).map(|i| m[i][d] / m[i][i]).collect();
        w.iter_mut().zip(&step).for_each(|(a, b)| *a -= b);
        if step.iter().all(|s| s.abs() < 1e-9) {
            break;
        }
    }
    w
}

/// The reference a model is fitted on: the one the answer aligns with best (recall + precision).
fn fitting_features(s: &Scored) -> &[f64] {
    s.features.iter().max_by(|a, b| (a[0] + a[1]).total_cmp(&(b[0] + b[1]))).expect("a reference")
}

/// Fit the model on `set`; `None` when its answers carry no features.
fn fit_model(set: &[&Scored]) -> Option<Vec<f64>> {
    if set.iter().any(|s| s.features.is_empty()) {
        return None;
    }
    let xs: Vec<&[f64]> = set.iter().map(|s| fitting_features(s)).collect();
    let ys: Vec<f64> = set.iter().map(|s| f64::from(u8::from(s.label2 == "correct"))).collect();
    Some(fit_logistic(&xs, &ys, &vec![1.0; xs.len()]))
}

/// `set` scored by the model `w` (best over references, as the grader's best grade), or as graded.
fn rescored(set: &[&Scored], w: Option<&Vec<f64>>) -> Vec<Scored> {
    set.iter()
        .map(|s| Scored {
            score: match w {
                Some(w) => {
                    s.features.iter().zip(&s.caps).map(|(x, (cap, pen))| (100.0 * sigmoid(w, x) - pen).clamp(0.0, *cap)).fold(0.0, f64::max)
                }
                None => s.score,
            },
            label3: s.label3.clone(),
            label2: s.label2.clone(),
            features: Vec::new(),
            caps: Vec::new(),
            ..**s
        })
        .collect()
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

/// 3-way: correct above the score threshold `t` unless a contradiction cue fires; contradictory
/// when a cue fires (negation, similarity of at least `sim`, or at least `c` of the neighbours'
/// weight contradictory).
fn predict3(s: &Scored, (t, sim, c): (f64, f64, f64)) -> &'static str {
    let neighbours = s.contradictory_neighbours >= c;
    if s.score >= t && !s.contradiction && !neighbours {
        "correct"
    } else if s.contradiction || neighbours || s.similarity >= sim {
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

fn eval3(set: &[&Scored], p: (f64, f64, f64)) -> f64 {
    let gold: Vec<&str> = set.iter().map(|x| x.label3.as_str()).collect();
    let pred: Vec<&str> = set.iter().map(|x| predict3(x, p)).collect();
    weighted_f1(&gold, &pred)
}

fn grid() -> Vec<f64> {
    // Tenths of a point, as grades print scores: above `full_marks_probability` a whole point
    // spans a twentieth of the probability.
    (0..=1000).map(|x| x as f64 / 10.0).collect()
}

/// The 2-way score threshold that maximises weighted F1 on `set`.
fn fit2(set: &[&Scored]) -> f64 {
    grid().into_iter().max_by(|a, b| eval2(set, *a).total_cmp(&eval2(set, *b)).then(b.total_cmp(a))).unwrap()
}

/// The 3-way (score threshold, contradiction similarity, contradictory share) that maximises
/// weighted F1 on `set`.
fn fit3(set: &[&Scored]) -> (f64, f64, f64) {
    let sims: Vec<f64> = (0..=10).map(|x| x as f64 / 10.0).chain([2.0]).collect();
    let shares = [0.3, 0.5, 0.7, 2.0];
    let mut best = ((0.0, 0.0, 0.0), f64::MIN);
    for t in (0..=100).step_by(2).map(|x| x as f64) {
        for &s in &sims {
            for &c in &shares {
                let f = eval3(set, (t, s, c));
                if f > best.1 {
                    best = ((t, s, c), f);
                }
            }
        }
    }
    best.0
}

#[derive(Clone, Copy, PartialEq)]
enum Rubrics {
    Minimal,
    Drafted,
}

/// Per question: its wording, its references and its ids (one rubric per reference).
struct Questions {
    by_qid: BTreeMap<String, (String, Vec<String>)>,
    ids_of: BTreeMap<String, Vec<String>>,
}

impl Questions {
    fn of(rows: &[Row]) -> Questions {
        let mut by_qid: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
        for r in rows {
            by_qid.entry(r.qid.clone()).or_insert_with(|| (r.question.clone(), r.references.clone()));
        }
        let ids_of = by_qid
            .iter()
            .map(|(qid, (_, refs))| {
                let base = qid.to_lowercase().replace(['_', '.'], "-");
                (qid.clone(), (0..refs.len()).map(|k| format!("{base}-{k}")).collect())
            })
            .collect();
        Questions { by_qid, ids_of }
    }

    /// A bank of the questions, each carrying `examples[qid]` as marked examples.
    fn bank(&self, kind: Rubrics, params: &Params, examples: &HashMap<&str, Vec<MarkedExample>>) -> Bank {
        let mut questions = Vec::new();
        for (qid, (question, references)) in &self.by_qid {
            for (id, reference) in self.ids_of[qid].iter().zip(references) {
                let examples = examples.get(qid.as_str()).cloned().unwrap_or_default();
                questions.push(ReferenceQuestion { id: id.clone(), question: question.clone(), reference: reference.clone(), examples });
            }
        }
        let minimal = Bank::from_references(questions.clone(), params.clone()).expect("the questions load");
        match kind {
            Rubrics::Minimal => minimal,
            Rubrics::Drafted => drafted_bank(&questions, params, &minimal),
        }
    }
}

/// The questions' rubrics as `gograde draft --bank` writes them (word rarity from `minimal`,
/// the bank of their minimal rubrics), marked examples appended.
fn drafted_bank(questions: &[ReferenceQuestion], params: &Params, minimal: &Bank) -> Bank {
    let mut files = BTreeMap::new();
    files.insert("rubrics/params.toml".to_string(), toml::to_string(params).expect("params serialise"));
    for q in questions {
        let req = DraftRequest {
            id: q.id.clone(),
            topic: "semeval".into(),
            level: "mid".into(),
            question: q.question.clone(),
            reference: q.reference.clone(),
        };
        let mut text = draft(minimal, &req);
        for e in &q.examples {
            text.push_str(&format!("\n[[example]]\nanswer = {}\ngrade = {}\n", toml::Value::String(e.answer.clone()), e.grade));
        }
        files.insert(format!("rubrics/semeval/{}.toml", q.id), text);
        files.insert(format!("corpus/semeval/{}.md", q.id), q.reference.clone());
    }
    Bank::from_files(files, "drafted".into()).expect("drafted rubrics load")
}

/// A train answer's example fold (answers of a question are dealt round the folds).
fn example_folds(rows: &[Row]) -> Vec<usize> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    rows.iter()
        .map(|r| {
            let n = seen.entry(r.qid.as_str()).or_default();
            *n += 1;
            *n % FOLDS
        })
        .collect()
}

fn score_rows(rows: &[Row], questions: &Questions, kind: Rubrics, with_examples: bool, params: &Params) -> Vec<Scored> {
    let fold_of: BTreeMap<&String, usize> = questions.by_qid.keys().enumerate().map(|(i, q)| (q, i % FOLDS)).collect();
    let folds = example_folds(rows);
    // The label of a train answer, to read the nearest examples' labels off a grade.
    let mut label_of: HashMap<(&str, &str), &str> = HashMap::new();
    for r in rows.iter().filter(|r| r.split == "train") {
        label_of.entry((r.qid.as_str(), r.answer.as_str())).or_insert(r.label.as_str());
    }
    let examples_without = |fold: Option<usize>| -> HashMap<&str, Vec<MarkedExample>> {
        let mut out: HashMap<&str, Vec<MarkedExample>> = HashMap::new();
        if !with_examples {
            return out;
        }
        for (r, f) in rows.iter().zip(&folds) {
            if r.split == "train" && Some(*f) != fold {
                let grade = if r.label_2way == "correct" { 5 } else { 0 };
                out.entry(r.qid.as_str()).or_default().push(MarkedExample { answer: r.answer.clone(), grade });
            }
        }
        out
    };
    // Which bank grades which answer: test answers the bank with every train answer as an
    // example; train answers the one without their own fold (one bank when there are no examples).
    let mut groups: Vec<(Option<usize>, Vec<usize>)> = Vec::new();
    if with_examples {
        groups.push((None, (0..rows.len()).filter(|&i| rows[i].split != "train").collect()));
        for f in 0..FOLDS {
            groups.push((Some(f), (0..rows.len()).filter(|&i| rows[i].split == "train" && folds[i] == f).collect()));
        }
    } else {
        groups.push((None, (0..rows.len()).collect()));
    }
    let mut scored: Vec<Option<Scored>> = (0..rows.len()).map(|_| None).collect();
    for (fold, members) in groups {
        let bank = questions.bank(kind, params, &examples_without(fold));
        let grader = Grader::new(&bank);
        let results: Vec<(usize, Scored)> = members
            .par_iter()
            .map(|&i| {
                let r = &rows[i];
                let grades: Vec<gograde::Grade> =
                    questions.ids_of[&r.qid].iter().map(|id| grader.grade_id(id, &r.answer).expect("known id")).collect();
                let best = grades.iter().max_by(|a, b| a.score.total_cmp(&b.score)).expect("a reference");
                // A key term of the reference stated in the negative is a contradiction cue.
                let contradiction =
                    grades.iter().any(|g| g.concepts.iter().any(|c| !c.covered && c.evidence.is_empty()) && g.similarity > 0.5)
                        && gograde::text::analyze(&r.answer).positions.iter().any(|p| p.negator);
                let (mut contra, mut total) = (0.0, 0.0);
                for n in &best.nearest_examples {
                    let w = n.similarity * n.similarity;
                    total += w;
                    if label_of.get(&(r.qid.as_str(), n.answer.as_str())) == Some(&"contradictory") {
                        contra += w;
                    }
                }
                let features = grades.iter().filter_map(model_features).collect();
                let skip = std::env::var("GOGRADE_SKIP_GATES").unwrap_or_default();
                let caps = grades
                    .iter()
                    .map(|g| {
                        let cap = g.gates.iter().filter(|x| !skip.contains(&format!("{:?}", x.gate))).map(|x| x.cap).fold(100.0, f64::min);
                        (cap, g.breakdown.penalty_points)
                    })
                    .collect();
                let scored = Scored {
                    caps,
                    features,
                    train: r.split == "train",
                    fold: fold_of[&r.qid],
                    score: best.score,
                    similarity: best.similarity,
                    contradiction,
                    contradictory_neighbours: if total > 0.0 { contra / total } else { 0.0 },
                    label3: r.label.clone(),
                    label2: r.label_2way.clone(),
                };
                (i, scored)
            })
            .collect();
        for (i, s) in results {
            scored[i] = Some(s);
        }
    }
    scored.into_iter().map(|s| s.expect("every answer graded")).collect()
}

/// Figures of one set-up: CV on train (2-way, 3-way) and test (2-way, 3-way).
struct Figures {
    cv: (f64, f64),
    test: (f64, f64),
}

fn figures(scored: &[Scored], refit: bool) -> Figures {
    let (train, test): (Vec<&Scored>, Vec<&Scored>) = scored.iter().partition(|s| s.train);
    // Cross-validation on train, by question: the model and thresholds fitted on the other folds.
    let (mut gold2, mut pred2, mut gold3, mut pred3) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for k in 0..FOLDS {
        let (held, rest): (Vec<&Scored>, Vec<&Scored>) = train.iter().partition(|s| s.fold == k);
        let w = if refit { fit_model(&rest) } else { None };
        let (held, rest) = (rescored(&held, w.as_ref()), rescored(&rest, w.as_ref()));
        let rest: Vec<&Scored> = rest.iter().collect();
        let t = fit2(&rest);
        let p3 = fit3(&rest);
        for s in &held {
            gold2.push(s.label2.clone());
            pred2.push(predict2(s, t));
            gold3.push(s.label3.clone());
            pred3.push(predict3(s, p3));
        }
    }
    let w = if refit { fit_model(&train) } else { None };
    let (train, test) = (rescored(&train, w.as_ref()), rescored(&test, w.as_ref()));
    let (train, test): (Vec<&Scored>, Vec<&Scored>) = (train.iter().collect(), test.iter().collect());
    let t2 = fit2(&train);
    let p3 = fit3(&train);
    let (gold2, gold3): (Vec<&str>, Vec<&str>) = (gold2.iter().map(String::as_str).collect(), gold3.iter().map(String::as_str).collect());
    Figures { cv: (weighted_f1(&gold2, &pred2), weighted_f1(&gold3, &pred3)), test: (eval2(&test, t2), eval3(&test, p3)) }
}

/// The Go answers' share of the plain model's fit, against SemEval train's 1.
const GO_SHARE: f64 = 5.0;
/// Each blind course bank's share of the plain model's fit (dev halves only).
const COURSE_SHARE: f64 = 1.0;

/// A marked answer (a Go one, or a course bank's) graded against a rubric of its question made from its reference.
struct MarkedAnswer {
    features: Vec<f64>,
    /// The grader's score with the parameters given (the shipped model by default).
    score: f64,
    /// The grade of that score.
    grade: f64,
    mark: f64,
    /// From a test half (reported, never fitted on).
    test: bool,
}

/// Marked answers graded from `source`'s references alone (id, question and reference of every
/// rubric, no concepts), as a team with its own model answers would: `sets` are files of
/// `tests/data` (and whether each is a test half), each answer's mark its `mark` field (or
/// `grade`).
fn marked_reference_only(
    source: &Bank,
    sets: &[(&str, bool)],
    params: &Params,
    kind: Rubrics,
) -> Result<Vec<MarkedAnswer>, Box<dyn std::error::Error>> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let questions: Vec<ReferenceQuestion> = source
        .rubrics()
        .iter()
        .map(|r| ReferenceQuestion {
            id: r.id.clone(),
            question: r.question.to_string(),
            reference: r.reference.clone(),
            examples: Vec::new(),
        })
        .collect();
    let minimal = Bank::from_references(questions.clone(), params.clone())?;
    let bank = match kind {
        Rubrics::Minimal => minimal,
        Rubrics::Drafted => drafted_bank(&questions, params, &minimal),
    };
    let grader = Grader::new(&bank);
    let mut out = Vec::new();
    for &(set, test) in sets {
        let text = std::fs::read_to_string(root.join(format!("tests/data/{set}.jsonl")))?;
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line)?;
            let id = v.get("question_id").or(v.get("question")).and_then(|q| q.as_str()).unwrap_or_default();
            let (Some(answer), Some(mark)) = (v["answer"].as_str(), v.get("mark").unwrap_or(&v["grade"]).as_f64()) else { continue };
            let Ok(g) = grader.grade_id(id, answer) else { continue };
            if let Some(features) = model_features(&g) {
                out.push(MarkedAnswer { features, score: g.score, grade: f64::from(g.grade), mark, test });
            }
        }
    }
    Ok(out)
}

/// The Go sets graded from the shipped references (`marked_reference_only`).
const GO_SETS: [(&str, bool); 5] =
    [("marked-answers", false), ("blind-dev", false), ("holdout-dev", false), ("blind-test", true), ("holdout-test", true)];
/// A blind course bank (`tests/data/<dir>`) and its marked answers.
struct CourseBank {
    name: &'static str,
    dir: &'static str,
    /// Files of `tests/data`, and whether each is a test half.
    sets: &'static [(&'static str, bool)],
    /// Whether the plain model is fitted on its dev halves.
    fitted: bool,
}

const COURSE_BANKS: [CourseBank; 5] = [
    CourseBank { name: "course", dir: "course-bank", sets: &[("course-dev", false), ("course-test", true)], fitted: true },
    CourseBank { name: "course2", dir: "course2-bank", sets: &[("course2-test", true)], fitted: false },
    CourseBank { name: "course3", dir: "course3-bank", sets: &[("course3-dev", false), ("course3-test", true)], fitted: true },
    CourseBank { name: "course4", dir: "course4-bank", sets: &[("course4-dev", false), ("course4-test", true)], fitted: false },
    CourseBank { name: "course5", dir: "course5-bank", sets: &[("course5-dev", false), ("course5-test", true)], fitted: false },
];
/// The answers of dev halves (the ones a fit may see).
fn dev_halves(all: &[MarkedAnswer]) -> Vec<&MarkedAnswer> {
    all.iter().filter(|g| !g.test).collect()
}

/// The plain model fitted on SemEval train answers `set` and on marked answers graded from
/// references (marks 0–5 as soft labels), each group weighing its share times the SemEval ones
/// in all.
fn fit_with_marked(set: &[Scored], marked: &[(Vec<&MarkedAnswer>, f64)]) -> Vec<f64> {
    let mut xs: Vec<&[f64]> = set.iter().map(fitting_features).collect();
    let mut ys: Vec<f64> = set.iter().map(|s| f64::from(u8::from(s.label2 == "correct"))).collect();
    let mut weights = vec![1.0; xs.len()];
    let n = xs.len() as f64;
    for (answers, share) in marked {
        let each = share * n / answers.len().max(1) as f64;
        for g in answers {
            xs.push(&g.features);
            ys.push(g.mark / 5.0);
            weights.push(each);
        }
    }
    fit_logistic(&xs, &ys, &weights)
}

/// Train answers' scores per set-up label, kept to fit the shipped model on both corpora.
type Pooled = BTreeMap<String, Vec<Scored>>;

fn run_corpus(
    path: &std::path::Path,
    setups: &[(&str, Rubrics, bool)],
    params: &Params,
    refit: bool,
    pooled: &mut Pooled,
) -> Result<(), Box<dyn std::error::Error>> {
    let text = std::fs::read_to_string(path)?;
    let rows: Vec<Row> = text.lines().filter(|l| !l.trim().is_empty()).map(serde_json::from_str).collect::<Result<_, _>>()?;
    let questions = Questions::of(&rows);
    let name = path.file_stem().unwrap().to_string_lossy();
    let train = rows.iter().filter(|r| r.split == "train").count();
    println!(
        "{name}: {train} train / {} test answers, {} questions, {} references",
        rows.len() - train,
        questions.by_qid.len(),
        questions.ids_of.values().map(Vec::len).sum::<usize>()
    );
    println!("  {:<20} {:>11} {:>11} {:>11} {:>11}", "set-up", "CV 2-way", "CV 3-way", "test 2-way", "test 3-way");
    for &(label, kind, with_examples) in setups {
        let scored = score_rows(&rows, &questions, kind, with_examples, params);
        let f = figures(&scored, refit);
        println!("  {label:<20} {:>11.3} {:>11.3} {:>11.3} {:>11.3}", f.cv.0, f.cv.1, f.test.0, f.test.1);
        pooled.entry(label.to_string()).or_default().extend(scored.into_iter().filter(|s| s.train));
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).unwrap_or_else(|| format!("{}/../shared/data/semeval2013", env!("CARGO_MANIFEST_DIR")));
    let params: Params = match std::env::var("GOGRADE_PARAMS") {
        Ok(text) => toml::from_str(&text)?,
        Err(_) => Params::default(),
    };
    let all = [
        ("minimal", Rubrics::Minimal, false),
        ("minimal + examples", Rubrics::Minimal, true),
        ("drafted", Rubrics::Drafted, false),
        ("drafted + examples", Rubrics::Drafted, true),
    ];
    let wanted = std::env::var("GOGRADE_SETUPS").ok();
    let setups: Vec<_> = all
        .into_iter()
        .filter(|(label, _, _)| wanted.as_deref().is_none_or(|w| w.split(',').any(|x| x.trim() == label.replace(" + ", "+"))))
        .collect();
    // The model and thresholds are fitted on each corpus's train answers (and again per fold for
    // cross-validation); GOGRADE_REFIT=0 scores with the parameters' own model instead.
    let refit = std::env::var("GOGRADE_REFIT").map_or(true, |v| v != "0");
    let mut pooled = Pooled::new();
    for corpus in ["sciEntsBank", "beetle"] {
        run_corpus(&std::path::Path::new(&dir).join(format!("{corpus}.jsonl")), &setups, &params, refit, &mut pooled)?;
    }
    // The model fitted on both corpora's train answers: the shipped `[reference_only]` defaults.
    // Drafts (`drafted = true`) have their own weights (`model_drafted`, `…_with_examples`).
    // The plain model also learns from our marked Go answers (dev halves only) graded from the
    // shipped bank's references alone: long references and marks 0–5 where SemEval has short
    // ones and correct/incorrect, so the weights hold on banks unlike either.
    let share = |var: &str, default: f64| std::env::var(var).ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let (go_share, course_share) = (share("GOGRADE_GO_SHARE", GO_SHARE), share("GOGRADE_COURSE_SHARE", COURSE_SHARE));
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let shipped = Bank::shipped()?;
    for (label, kind, key) in [("minimal", Rubrics::Minimal, "model"), ("drafted", Rubrics::Drafted, "model_drafted")] {
        let Some(set) = pooled.get(label) else { continue };
        let go = marked_reference_only(&shipped, &GO_SETS, &params, kind)?;
        let mut sources = vec![("Go", go)];
        for course in &COURSE_BANKS {
            let bank = Bank::from_dir(&root.join("tests/data").join(course.dir))?;
            sources.push((course.name, marked_reference_only(&bank, course.sets, &params, kind)?));
        }
        let mut marked = vec![(dev_halves(&sources[0].1), go_share)];
        for ((_, all), course) in sources[1..].iter().zip(&COURSE_BANKS) {
            if course.fitted {
                marked.push((dev_halves(all), course_share));
            }
        }
        let w = fit_with_marked(set, &marked);
        println!(
            "Answers graded from {label} rubrics of their references (Pearson with the marks): score / similarity / overlap / this model; grades' mean absolute error"
        );
        for (source, all) in &sources {
            for (name, test) in [("dev", false), ("test", true)] {
                let part: Vec<&MarkedAnswer> = all.iter().filter(|g| g.test == test).collect();
                if part.is_empty() {
                    continue;
                }
                let m: Vec<f64> = part.iter().map(|g| g.mark).collect();
                let r = |f: &dyn Fn(&MarkedAnswer) -> f64| pearson(&part.iter().map(|g| f(g)).collect::<Vec<_>>(), &m);
                let mae = part.iter().map(|g| (g.grade - g.mark).abs()).sum::<f64>() / part.len().max(1) as f64;
                println!(
                    "  {source} {name} halves, {} answers: {:.3} / {:.3} / {:.3} / {:.3}; MAE {mae:.3}",
                    part.len(),
                    r(&|g| g.score),
                    r(&|g| g.features[2]),
                    r(&|g| g.features[4]),
                    r(&|g| sigmoid(&w, &g.features))
                );
            }
        }
        let w: Vec<String> = w.iter().map(|x| format!("{x:.3}")).collect();
        println!(
            "{key} = [{}]  # fitted on both corpora's train answers, the Go dev halves (share {go_share}) and the course and course3 dev halves (share {course_share} each)",
            w.join(", ")
        );
    }
    for (label, key) in [("minimal + examples", "model_with_examples"), ("drafted + examples", "model_drafted_with_examples")] {
        let Some(set) = pooled.get(label) else { continue };
        if let Some(w) = fit_model(&set.iter().collect::<Vec<_>>()) {
            let w: Vec<String> = w.iter().map(|x| format!("{x:.3}")).collect();
            println!("{key} = [{}]  # fitted on both corpora's train answers", w.join(", "));
        }
    }
    Ok(())
}
