//! Reference-only grading measured on SemEval-2013 Task 7 (SciEntsBank and Beetle).
//!
//! Every question becomes rubrics without hand-written concepts (one per reference answer); an
//! answer's grade is its best grade over its question's references. Four set-ups:
//!
//! - `minimal`: id, question, reference: key terms and similarity derived by the bank;
//! - `minimal + examples`: the same, with the question's `train` answers as marked examples
//!   (`[[example]]`, correct = 5, otherwise 0) that answers borrow evidence from;
//! - `drafted`: the rubric `gograde draft` writes from the question and reference, used as is;
//! - `drafted + examples`.
//!
//! A `train` answer is never its own example: train answers are graded in five folds, each
//! against a bank whose examples are the other folds' answers (test answers against all of them).
//! Decision thresholds are fitted on `train` only; the figures are weighted F1 on
//! `test-unseen-answers` for the 2-way (correct / incorrect) and 3-way (correct / contradictory
//! / incorrect) labels, and 5-fold cross-validation on `train` by question.
//!
//! Usage: `cargo run --release --example semeval [-- PATH/TO/semeval2013]`
//! (default `../shared/data/semeval2013`). `GOGRADE_SETUPS=minimal,drafted` runs some set-ups
//! only; `GOGRADE_PARAMS` (TOML of `params.toml`) overrides the default parameters.

use gograde::quality::draft::{draft, DraftRequest};
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
    (0..=100).map(|x| x as f64).collect()
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
        if kind == Rubrics::Minimal {
            return minimal;
        }
        // Drafted with word rarity from the minimal bank, as `gograde draft --bank` would.
        let mut files = BTreeMap::new();
        files.insert("rubrics/params.toml".to_string(), toml::to_string(params).expect("params serialise"));
        for q in &questions {
            let req = DraftRequest {
                id: q.id.clone(),
                topic: "semeval".into(),
                level: "mid".into(),
                question: q.question.clone(),
                reference: q.reference.clone(),
            };
            let mut text = draft(&minimal, &req);
            for e in &q.examples {
                text.push_str(&format!("\n[[example]]\nanswer = {}\ngrade = {}\n", toml::Value::String(e.answer.clone()), e.grade));
            }
            files.insert(format!("rubrics/semeval/{}.toml", q.id), text);
            files.insert(format!("corpus/semeval/{}.md", q.id), q.reference.clone());
        }
        Bank::from_files(files, "drafted".into()).expect("drafted rubrics load")
    }
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
                let scored = Scored {
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

fn figures(scored: &[Scored]) -> Figures {
    let (train, test): (Vec<&Scored>, Vec<&Scored>) = scored.iter().partition(|s| s.train);
    // Cross-validation on train, by question: thresholds fitted on the other folds.
    let (mut gold2, mut pred2, mut gold3, mut pred3) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for k in 0..FOLDS {
        let (held, rest): (Vec<&Scored>, Vec<&Scored>) = train.iter().partition(|s| s.fold == k);
        let t = fit2(&rest);
        let p3 = fit3(&rest);
        for s in held {
            gold2.push(s.label2.as_str());
            pred2.push(predict2(s, t));
            gold3.push(s.label3.as_str());
            pred3.push(predict3(s, p3));
        }
    }
    let t2 = fit2(&train);
    let p3 = fit3(&train);
    Figures { cv: (weighted_f1(&gold2, &pred2), weighted_f1(&gold3, &pred3)), test: (eval2(&test, t2), eval3(&test, p3)) }
}

fn run_corpus(path: &std::path::Path, setups: &[(&str, Rubrics, bool)], params: &Params) -> Result<(), Box<dyn std::error::Error>> {
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
        let f = figures(&score_rows(&rows, &questions, kind, with_examples, params));
        println!("  {label:<20} {:>11.3} {:>11.3} {:>11.3} {:>11.3}", f.cv.0, f.cv.1, f.test.0, f.test.1);
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
    for corpus in ["sciEntsBank", "beetle"] {
        run_corpus(&std::path::Path::new(&dir).join(format!("{corpus}.jsonl")), &setups, &params)?;
    }
    Ok(())
}
