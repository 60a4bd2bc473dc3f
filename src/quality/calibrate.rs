//! Fitting the bank's score parameters to hand-marked answers.
//!
//! Each marked answer is graded once; its score is then recomputed arithmetically from the
//! grade's breakdown under every candidate parameter set of a small, fixed grid (concept vs
//! similarity points, the similarity that counts as full, and a scale on the grade thresholds).
//! The set with the best quadratic weighted kappa wins; ties go to the earlier grid point, so
//! the fit is deterministic. Cross-validation holds out whole questions (grouped k-fold), so the
//! reported held-out figures show how the fit carries to questions it has not seen.

use crate::bank::Bank;
use crate::bank::Params;
use crate::grading::Grader;
use crate::grading::{reference_features, score, Gate, Grade, ScoreInputs};
use crate::quality::eval::{pearson, quadratic_weighted_kappa, MarkedAnswer};
use rayon::prelude::*;
use serde::Serialize;

/// The parts of a grade that do not depend on the tuned parameters.
#[derive(Debug, Clone)]
pub(crate) struct Components {
    question_id: String,
    human: u8,
    inputs: ScoreInputs,
}

impl Components {
    fn from_grade(g: &Grade, human: u8, (reference_only, drafted): (bool, bool)) -> Self {
        let gates = g.gates.iter().map(|x: &Gate| x.gate).collect();
        let mut inputs = ScoreInputs::new(&g.concepts, g.similarity, g.breakdown.precision, g.breakdown.penalty_points, gates);
        inputs.neighbours = g.nearest_examples.iter().map(|n| (n.grade, n.similarity)).collect();
        inputs.reference_only = reference_only;
        inputs.drafted = drafted;
        inputs.brief = g.breakdown.brief;
        inputs.reference_features = g.breakdown.reference_fit.as_ref().map(|fit| reference_features(fit, g.similarity, inputs.coverage));
        Components { question_id: g.question_id.clone(), human, inputs }
    }

    /// The score these components earn under `p` (the grader's own formula).
    pub(crate) fn score(&self, p: &Params) -> f64 {
        score(p, &self.inputs).score
    }
}

/// Agreement of one parameter set on a set of answers.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Fit {
    /// Quadratic weighted kappa of the machine grade against the human grade (what is maximised).
    pub qwk: f64,
    /// Pearson correlation of the machine score with the human grade.
    pub pearson: f64,
    /// Mean absolute difference between human and machine grades.
    pub mae: f64,
}

fn fit_of(rows: &[&Components], p: &Params) -> Fit {
    let scores: Vec<f64> = rows.iter().map(|r| r.score(p)).collect();
    let grades: Vec<usize> = scores.iter().map(|&s| p.grade_of(s) as usize).collect();
    let human: Vec<usize> = rows.iter().map(|r| r.human as usize).collect();
    let mae = grades.iter().zip(&human).map(|(g, h)| (*g as f64 - *h as f64).abs()).sum::<f64>() / rows.len().max(1) as f64;
    Fit {
        qwk: quadratic_weighted_kappa(&human, &grades, 6),
        pearson: pearson(&scores, &human.iter().map(|&h| h as f64).collect::<Vec<_>>()),
        mae,
    }
}

/// Base thresholds scaled by the grid's threshold factor.
const BASE_THRESHOLDS: [f64; 5] = [12.0, 30.0, 48.0, 66.0, 82.0];

/// The candidate parameter sets, in a fixed order, derived from `base` (caps and gates kept).
pub(crate) fn grid(base: &Params) -> Vec<Params> {
    let mut out = Vec::new();
    for concept_points in [50.0, 55.0, 60.0, 65.0, 70.0, 75.0, 80.0, 85.0, 90.0, 95.0] {
        for similarity_full in [0.2, 0.25, 0.3, 0.35, 0.45] {
            for scale in (10..=20).map(|k| k as f64 * 0.05) {
                for coverage_exponent in [1.0, 0.8, 0.65, 0.5, 0.4, 0.3] {
                    for (core_share, precision_weight) in
                        [0.5, 0.65, 0.8].into_iter().flat_map(|c| [(c, 0.0), (c, 0.3), (c, 0.4), (c, 0.5)])
                    {
                        let mut p = base.clone();
                        p.precision_weight = precision_weight;
                        p.coverage_exponent = coverage_exponent;
                        p.core_share = core_share;
                        p.concept_points = concept_points;
                        p.similarity_points = 100.0 - concept_points;
                        p.similarity_full = similarity_full;
                        p.grade_thresholds = BASE_THRESHOLDS.map(|t| (t * scale * 10.0).round() / 10.0);
                        // Caps must stay below the grade-2 threshold so a gated answer grades at most 1.
                        let under = p.grade_thresholds[1] - 0.5;
                        p.gates.keyword_list_cap = p.gates.keyword_list_cap.min(under);
                        p.gates.parrot_cap = p.gates.parrot_cap.min(under);
                        p.gates.off_topic_cap = p.gates.off_topic_cap.min(under);
                        p.gates.too_short_cap = p.gates.too_short_cap.min(under);
                        out.push(p);
                    }
                }
            }
        }
    }
    out
}

fn best<'a>(rows: &[&Components], candidates: &'a [Params]) -> (&'a Params, Fit) {
    let mut best: Option<(&Params, Fit)> = None;
    for p in candidates {
        let f = fit_of(rows, p);
        if best.as_ref().is_none_or(|(_, b)| f.qwk > b.qwk + 1e-12) {
            best = Some((p, f));
        }
    }
    best.expect("a non-empty grid")
}

/// The outcome of a calibration.
#[derive(Debug, Clone, Serialize)]
pub struct Calibration {
    /// The fitted parameters, ready to be written as `params.toml`.
    pub params: Params,
    /// Marked answers graded.
    pub answers: usize,
    /// Distinct questions among them.
    pub questions: usize,
    /// Agreement of the current parameters, before fitting.
    pub before: Fit,
    /// Agreement of the fitted parameters on all the answers (in-sample).
    pub in_sample: Fit,
    /// Mean held-out agreement over the folds (questions held out whole).
    pub cross_validated: Fit,
    /// Number of cross-validation folds used: as asked, within 2 and the number of questions.
    pub folds: usize,
    /// Lines that could not be graded, with why.
    pub errors: Vec<(usize, String)>,
}

/// Grade the marked answers once and keep the parameter-free components.
pub(crate) fn components(bank: &Bank, marked: &[(usize, MarkedAnswer)]) -> (Vec<Components>, Vec<(usize, String)>) {
    let grader = Grader::new(bank);
    let results: Vec<_> = marked
        .par_iter()
        .map(|(line, m)| {
            let grade = grader.grade(&m.question, &m.answer);
            (
                *line,
                grade.map(|g| {
                    Components::from_grade(
                        &g,
                        m.grade,
                        bank.get(&g.question_id).map_or((false, false), |r| (r.graded_from_reference(), r.drafted)),
                    )
                }),
            )
        })
        .collect();
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for (line, r) in results {
        match r {
            Ok(c) => ok.push(c),
            Err(e) => errors.push((line, e.to_string())),
        }
    }
    (ok, errors)
}

/// Fit the parameters, with grouped k-fold cross-validation.
pub fn calibrate(bank: &Bank, marked: &[(usize, MarkedAnswer)], folds: usize) -> Calibration {
    let (rows, errors) = components(bank, marked);
    let all: Vec<&Components> = rows.iter().collect();
    let candidates = grid(bank.params());
    let before = fit_of(&all, bank.params());
    let (params, in_sample) = best(&all, &candidates);
    let mut questions: Vec<&str> = rows.iter().map(|r| r.question_id.as_str()).collect();
    questions.sort_unstable();
    questions.dedup();
    let folds = folds.clamp(2, questions.len().max(2));
    let fold_of = |q: &str| questions.binary_search(&q).unwrap_or(0) % folds;
    let mut held = Vec::new();
    for k in 0..folds {
        let train: Vec<&Components> = rows.iter().filter(|r| fold_of(&r.question_id) != k).collect();
        let test: Vec<&Components> = rows.iter().filter(|r| fold_of(&r.question_id) == k).collect();
        if train.is_empty() || test.is_empty() {
            continue;
        }
        let (p, _) = best(&train, &candidates);
        held.push(fit_of(&test, p));
    }
    let n = held.len().max(1) as f64;
    let cross_validated = Fit {
        qwk: held.iter().map(|f| f.qwk).sum::<f64>() / n,
        pearson: held.iter().map(|f| f.pearson).sum::<f64>() / n,
        mae: held.iter().map(|f| f.mae).sum::<f64>() / n,
    };
    Calibration {
        params: params.clone(),
        answers: rows.len(),
        questions: questions.len(),
        before,
        in_sample,
        cross_validated,
        folds,
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(human: u8, coverage: f64, similarity: f64) -> Components {
        let inputs = ScoreInputs { coverage, depth_coverage: coverage, similarity, ..Default::default() };
        Components { question_id: format!("q{human}"), human, inputs }
    }

    #[test]
    fn recomputed_scores_follow_the_formula_and_gates() {
        let p = Params::default();
        let r = row(5, 1.0, 1.0);
        assert!((r.score(&p) - 100.0).abs() < 1e-9);
        let mut gated = row(0, 1.0, 1.0);
        gated.inputs.gates.push(crate::grading::GateKind::KeywordList);
        assert_eq!(gated.score(&p), p.gates.keyword_list_cap);
    }

    #[test]
    fn the_fit_prefers_parameters_that_agree_with_the_marks() {
        // Humans follow similarity here, not coverage: the fit must move towards similarity.
        let rows: Vec<Components> =
            (0..60).map(|i| row((i % 6) as u8, 0.3 + 0.1 * ((i * 7 % 5) as f64 / 5.0), (i % 6) as f64 / 5.0 * 0.3)).collect();
        let refs: Vec<&Components> = rows.iter().collect();
        let candidates = grid(&Params::default());
        let (p, fit) = best(&refs, &candidates);
        assert!(p.similarity_points >= 40.0, "{p:?}");
        assert!(fit.qwk > fit_of(&refs, &Params::default()).qwk, "{fit:?}");
        // Deterministic: the same input gives the same choice.
        assert_eq!(best(&refs, &candidates).0, p);
    }
}
