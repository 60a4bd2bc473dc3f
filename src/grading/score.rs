//! The score: the one place where coverage, similarity, penalties and gates become 0–100.
//!
//! The grader calls [`score`] on the parameter-free parts of a grade ([`ScoreInputs`]);
//! calibration calls it again on the same parts under other [`Params`], so a change here changes
//! both.
//!
//! Coverage is credited the way an interviewer gives partial credit. When a rubric marks core
//! concepts, the core carries `core_share` of the coverage and the depth concepts the rest, so an
//! answer with the core right and nothing else reaches a 3 and depth lifts it to 4 and 5; the
//! combined coverage is then mapped through a concave power (`coverage_exponent` < 1), so the
//! first points of an answer count more than the last.

use super::grade::{ConceptResult, GateKind, ReferenceFit};
use crate::bank::soft_align::probability;
use crate::bank::{Params, MODEL_FEATURES};

/// The parts of a grade that do not depend on the score parameters.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ScoreInputs {
    /// Weighted credit share of all concepts, 0..=1.
    pub coverage: f64,
    /// Weighted credit share of the core concepts, when the rubric marks any.
    pub core_coverage: Option<f64>,
    /// Weighted credit share of the other (depth) concepts; equals `coverage` without core.
    pub depth_coverage: f64,
    /// Demoted similarity to the reference, 0..=1.
    pub similarity: f64,
    /// IDF-weighted share of the answer's terms that its reference uses, 0..=1.
    pub precision: f64,
    /// Sum of the fired red flags' penalties.
    pub penalty: f64,
    /// Gates that apply.
    pub gates: Vec<GateKind>,
    /// The nearest marked examples: (grade 0..=5, similarity 0..=1), closest first.
    pub neighbours: Vec<(u8, f64)>,
    /// The concepts are key terms derived from the reference (no hand-written ones): similarity
    /// earns `reference_only.similarity_points` of the 100.
    pub reference_only: bool,
    /// Features of the reference-only model (`reference_only.model`): recall, precision,
    /// similarity and coverage, then (with marked examples) closest passing, closest failing and
    /// passing vote. `None` on rubrics with concepts.
    pub reference_features: Option<Vec<f64>>,
    /// The rubric is a draft (`drafted = true`): scored by `reference_only.model_drafted` (and
    /// `model_drafted_with_examples`).
    pub drafted: bool,
    /// The question was asked for a short answer: core coverage counts `brief_core_share`.
    pub brief: bool,
}

impl ScoreInputs {
    /// The inputs of graded concepts: coverage of all of them, of the core and of the depth.
    pub fn new(concepts: &[ConceptResult], similarity: f64, precision: f64, penalty: f64, gates: Vec<GateKind>) -> ScoreInputs {
        let share = |filter: &dyn Fn(&ConceptResult) -> bool| {
            let weight: f64 = concepts.iter().filter(|c| filter(c)).map(|c| c.weight).sum();
            (weight > 0.0).then(|| concepts.iter().filter(|c| filter(c)).map(|c| c.weight * c.credit).sum::<f64>() / weight)
        };
        let coverage = share(&|_| true).unwrap_or(0.0);
        let core_coverage = share(&|c| c.core);
        let depth_coverage = match core_coverage {
            // A rubric whose every concept is core has no depth to miss.
            Some(core) => share(&|c| !c.core).unwrap_or(core),
            None => coverage,
        };
        ScoreInputs {
            coverage,
            core_coverage,
            depth_coverage,
            similarity,
            precision,
            penalty,
            gates,
            neighbours: Vec::new(),
            reference_only: false,
            reference_features: None,
            drafted: false,
            brief: false,
        }
    }
}

/// The features of the reference-only model: an answer's alignment with its reference, its
/// similarity and key-term coverage, and (with marked examples) what the examples say.
pub(crate) fn reference_features(fit: &ReferenceFit, similarity: f64, coverage: f64) -> Vec<f64> {
    let mut features = vec![fit.recall, fit.precision, similarity, coverage, fit.overlap];
    if let (Some(c), Some(i), Some(v), Some(l)) = (fit.closest_passing, fit.closest_failing, fit.passing_vote, fit.passing_like_fit) {
        features.extend([c, i, v, l]);
    }
    features
}

/// Points at `reference_only.full_marks_probability` (see [`model_points`]).
const FULL_MARKS_POINTS: f64 = 95.0;

/// The points of a fitted model's probability `p` that the answer is correct: 50 at even odds,
/// [`FULL_MARKS_POINTS`] at `full` (`reference_only.full_marks_probability`) and 100 at
/// certainty, linear in `p` between; below even odds, linear from 0 for an answer with
/// nothing in common with the reference (the model's probability at zero features, about 0.2 on
/// SemEval, is no grade for an empty answer) to 50.
fn model_points(model: &[f64], features: &[f64], full: f64) -> f64 {
    let floor = probability(model, &[]).min(0.49);
    let p = probability(model, features);
    // Above `full` the score still rises, slowly, so the order of sure answers is kept (a
    // threshold set above it still separates them).
    let points = match p {
        p if p >= full => FULL_MARKS_POINTS + (100.0 - FULL_MARKS_POINTS) * (p - full) / (1.0 - full).max(1e-9),
        p if p >= 0.5 => 50.0 + (FULL_MARKS_POINTS - 50.0) * (p - 0.5) / (full - 0.5),
        p => 50.0 * (p - floor) / (0.5 - floor),
    };
    points.clamp(0.0, 100.0)
}

/// How the score adds up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ScoreParts {
    /// Coverage with core and depth combined, before the concave mapping.
    pub coverage: f64,
    /// Points for coverage, after the concave mapping.
    pub concept_points: f64,
    /// Points for similarity to the reference, scaled by coverage.
    pub similarity_points: f64,
    /// Points taken off by fired red flags.
    pub penalty_points: f64,
    /// Points the nearest marked examples moved the score by (negative: down), if any.
    pub example_points: Option<f64>,
    /// concept + similarity − penalty, clamped to 0..=100.
    pub uncapped: f64,
    /// The uncapped score under the lowest gate cap.
    pub score: f64,
    /// The reference-only model's probability that the answer is correct, when it scored it.
    pub probability: Option<f64>,
}

/// The score cap of a gate.
pub(crate) fn cap_of(p: &Params, gate: GateKind) -> f64 {
    match gate {
        GateKind::Empty => 0.0,
        GateKind::TooShort => p.gates.too_short_cap,
        GateKind::KeywordList => p.gates.keyword_list_cap,
        GateKind::TermDump => p.gates.term_dump_cap,
        GateKind::RestatesQuestion => p.gates.parrot_cap,
        GateKind::OffTopic => p.gates.off_topic_cap,
        GateKind::NoCore => p.gates.no_core_cap,
        GateKind::Misspelt => p.gates.misspelt_cap,
        GateKind::WrongValue => p.gates.wrong_value_cap,
        GateKind::Unfocused => p.gates.unfocused_cap,
        GateKind::Retracted => p.gates.retracted_cap,
        GateKind::SwappedRoles => p.gates.swapped_roles_cap,
        GateKind::Denied => p.gates.denied_cap,
        GateKind::Contradicted => p.gates.contradicted_cap,
        GateKind::HedgedValue => p.gates.hedged_value_cap,
    }
}

/// Core and depth coverage combined (plain coverage when the rubric marks no core).
fn combined_coverage(p: &Params, inputs: &ScoreInputs) -> f64 {
    match inputs.core_coverage {
        Some(core) => {
            let share = if inputs.brief { p.brief_core_share } else { p.core_share };
            share * core + (1.0 - share) * inputs.depth_coverage
        }
        None => inputs.coverage,
    }
}

/// The score of a grade's parts under `p`.
pub(crate) fn score(p: &Params, inputs: &ScoreInputs) -> ScoreParts {
    let coverage = combined_coverage(p, inputs).clamp(0.0, 1.0);
    let cap = inputs.gates.iter().map(|&g| cap_of(p, g)).fold(100.0, f64::min);
    // A reference-only question with a fitted model: 100 × the model's probability of a correct
    // answer. With marked examples, the examples' model when there is one; else the plain model,
    // and the nearest examples shift its score as they shift any other.
    if let Some(features) = inputs.reference_features.as_deref().filter(|_| inputs.reference_only) {
        let r = &p.reference_only;
        let (plain_model, examples_model) = match inputs.drafted {
            true => (&r.model_drafted, &r.model_drafted_with_examples),
            false => (&r.model, &r.model_with_examples),
        };
        let (model, features) = match features.len() > MODEL_FEATURES {
            true if examples_model.len() == features.len() + 1 => (examples_model, features),
            _ => (plain_model, &features[..MODEL_FEATURES.min(features.len())]),
        };
        if model.len() == features.len() + 1 {
            let probability = probability(model, features);
            // With the examples' model, the examples moved the score from the plain model's.
            let plain = &features[..MODEL_FEATURES.min(features.len())];
            let (base, example_points) = match features.len() > MODEL_FEATURES {
                true if plain_model.len() == MODEL_FEATURES + 1 => {
                    let base = model_points(plain_model, plain, r.full_marks_probability);
                    (base, Some(model_points(model, features, r.full_marks_probability) - base))
                }
                true => (model_points(model, features, r.full_marks_probability), None),
                false => {
                    let base = model_points(model, features, r.full_marks_probability);
                    (base, example_shift(p, base, &inputs.neighbours))
                }
            };
            let uncapped = (base + example_points.unwrap_or(0.0) - inputs.penalty).clamp(0.0, 100.0);
            return ScoreParts {
                coverage,
                concept_points: base,
                similarity_points: 0.0,
                penalty_points: inputs.penalty,
                example_points,
                uncapped,
                score: uncapped.min(cap),
                probability: Some(probability),
            };
        }
    }
    // Derived key terms measure an answer less well than hand-written concepts: on
    // reference-only rubrics similarity carries its own share (chosen by cross-validation).
    let (concept_weight, similarity_weight) = match inputs.reference_only {
        true => (100.0 - p.reference_only.similarity_points, p.reference_only.similarity_points),
        false => (p.concept_points, p.similarity_points),
    };
    let concept_points = concept_weight * coverage.powf(p.coverage_exponent);
    let similarity = (inputs.similarity / p.similarity_full).max(p.precision_weight * inputs.precision).min(1.0);
    let similarity_points = similarity_weight * similarity * coverage.powf(p.similarity_coverage_coupling);
    let base = concept_points + similarity_points;
    let example_points = example_shift(p, base, &inputs.neighbours);
    let uncapped = (base + example_points.unwrap_or(0.0) - inputs.penalty).clamp(0.0, 100.0);
    ScoreParts {
        coverage,
        concept_points,
        similarity_points,
        penalty_points: inputs.penalty,
        example_points,
        uncapped,
        score: uncapped.min(cap),
        probability: None,
    }
}

/// How far the nearest marked examples move a score of `base` points: towards their
/// similarity-weighted mean grade (as points, grade × 20), by `weight` × the closest one's
/// similarity. `None` without neighbours.
fn example_shift(p: &Params, base: f64, neighbours: &[(u8, f64)]) -> Option<f64> {
    let closest = neighbours.iter().map(|&(_, s)| s).fold(0.0, f64::max);
    let weights: Vec<f64> = neighbours.iter().map(|&(_, s)| s.powf(p.examples.similarity_power)).collect();
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return None;
    }
    let points = neighbours.iter().zip(&weights).map(|(&(g, _), w)| w * f64::from(g) * 20.0).sum::<f64>() / total;
    Some(p.examples.weight * closest * (points - base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_right_without_depth_lands_between_nothing_and_everything() {
        let p = Params { core_share: 0.6, coverage_exponent: 0.6, similarity_points: 0.0, concept_points: 100.0, ..Params::default() };
        let core_only = ScoreInputs { coverage: 0.5, core_coverage: Some(1.0), depth_coverage: 0.0, ..Default::default() };
        let all = ScoreInputs { coverage: 1.0, core_coverage: Some(1.0), depth_coverage: 1.0, ..Default::default() };
        let depth_only = ScoreInputs { coverage: 0.5, core_coverage: Some(0.0), depth_coverage: 1.0, ..Default::default() };
        let s = |i: &ScoreInputs| score(&p, i).score;
        assert!((s(&all) - 100.0).abs() < 1e-9);
        assert!(s(&core_only) > s(&depth_only), "the core counts more than the same weight of depth");
        assert!(s(&core_only) > 60.0 * 0.6, "the mapping is concave: {}", s(&core_only));
    }

    #[test]
    fn an_on_point_answer_earns_similarity_through_precision() {
        let p = Params { precision_weight: 0.3, similarity_full: 0.25, ..Params::default() };
        let short = ScoreInputs { coverage: 0.5, depth_coverage: 0.5, similarity: 0.02, precision: 0.9, ..Default::default() };
        let parts = score(&p, &short);
        let expected = p.similarity_points * 0.27 * 0.5f64.powf(p.similarity_coverage_coupling);
        assert!((parts.similarity_points - expected).abs() < 1e-9, "{} != {expected}", parts.similarity_points);
        let long = ScoreInputs { similarity: 0.2, ..short.clone() };
        assert!(score(&p, &long).similarity_points > parts.similarity_points, "recall still counts when it earns more");
        let off = Params { precision_weight: 0.0, ..p };
        assert!(score(&off, &short).similarity_points < parts.similarity_points);
    }

    #[test]
    fn marked_neighbours_pull_the_score_towards_their_grade_by_how_close_they_are() {
        let p = Params::default();
        let half = ScoreInputs { coverage: 0.5, depth_coverage: 0.5, ..Default::default() };
        let alone = score(&p, &half);
        assert_eq!(alone.example_points, None);
        let near_five = ScoreInputs { neighbours: vec![(5, 1.0)], ..half.clone() };
        let parts = score(&p, &near_five);
        let expected = p.examples.weight * (100.0 - alone.uncapped);
        assert!((parts.example_points.unwrap() - expected).abs() < 1e-9, "{parts:?}");
        let far_five = ScoreInputs { neighbours: vec![(5, 0.4)], ..half.clone() };
        assert!(score(&p, &far_five).score < parts.score && score(&p, &far_five).score > alone.score);
        let near_zero = ScoreInputs { neighbours: vec![(0, 0.9), (5, 0.3)], ..half.clone() };
        assert!(score(&p, &near_zero).score < alone.score, "the closest decides most");
        // Gates still cap.
        let gated = ScoreInputs { gates: vec![GateKind::OffTopic], ..near_five };
        assert_eq!(score(&p, &gated).score, p.gates.off_topic_cap);
    }

    #[test]
    fn reference_only_rubrics_give_similarity_their_own_share() {
        let p = Params::default();
        let inputs = ScoreInputs { coverage: 0.5, depth_coverage: 0.5, similarity: p.similarity_full, ..Default::default() };
        let derived = ScoreInputs { reference_only: true, ..inputs.clone() };
        let (written, derived) = (score(&p, &inputs), score(&p, &derived));
        let coupling = 0.5f64.powf(p.similarity_coverage_coupling);
        assert!((written.similarity_points - p.similarity_points * coupling).abs() < 1e-9, "{written:?}");
        assert!((derived.similarity_points - p.reference_only.similarity_points * coupling).abs() < 1e-9, "{derived:?}");
        assert!((derived.concept_points - (100.0 - p.reference_only.similarity_points) * 0.5).abs() < 1e-9, "{derived:?}");
    }

    #[test]
    fn a_question_asked_for_a_short_answer_weighs_the_core_by_its_own_share() {
        let p = Params { core_share: 0.7, brief_core_share: 1.0, ..Params::default() };
        let core_only = ScoreInputs { core_coverage: Some(1.0), depth_coverage: 0.0, ..Default::default() };
        let brief = ScoreInputs { brief: true, ..core_only.clone() };
        assert!((combined_coverage(&p, &core_only) - 0.7).abs() < 1e-9);
        assert!((combined_coverage(&p, &brief) - 1.0).abs() < 1e-9);
        // Without core concepts there is nothing to weigh.
        let plain = ScoreInputs { coverage: 0.4, brief: true, ..Default::default() };
        assert!((combined_coverage(&p, &plain) - 0.4).abs() < 1e-9);
    }

    #[test]
    fn a_fitted_model_scores_reference_only_answers_and_shows_what_the_examples_moved() {
        let p = Params::default();
        let sigmoid = |w: &[f64], x: &[f64]| 1.0 / (1.0 + (-(w[0] + w[1..].iter().zip(x).map(|(a, b)| a * b).sum::<f64>())).exp());
        let plain = vec![0.3, 0.4, 0.15, 0.2, 0.2];
        let inputs = ScoreInputs { reference_only: true, reference_features: Some(plain.clone()), ..Default::default() };
        let parts = score(&p, &inputs);
        let (prob, floor) = (sigmoid(&p.reference_only.model, &plain), sigmoid(&p.reference_only.model, &[0.0; MODEL_FEATURES]));
        let full = p.reference_only.full_marks_probability;
        let expected = match prob {
            p if p >= full => FULL_MARKS_POINTS + (100.0 - FULL_MARKS_POINTS) * (p - full) / (1.0 - full),
            p if p >= 0.5 => 50.0 + (FULL_MARKS_POINTS - 50.0) * (p - 0.5) / (full - 0.5),
            p => 50.0 * (p - floor) / (0.5 - floor),
        };
        assert!((parts.score - expected).abs() < 1e-9, "{parts:?}");
        // From `full_marks_probability` up, the top grade, and surer answers still score higher.
        let sure = ScoreInputs { reference_features: Some(vec![1.0; MODEL_FEATURES]), ..inputs.clone() };
        let surer = ScoreInputs { reference_features: Some(vec![1.2; MODEL_FEATURES]), ..inputs.clone() };
        let (a, b) = (score(&p, &sure).score, score(&p, &surer).score);
        assert!(p.grade_of(a) == 5 && a < b && b < 100.0, "{a} {b}");
        assert_eq!(parts.probability, Some(prob));
        // A draft has weights of its own (fitted apart; now the same as a minimal rubric's).
        let drafted = score(&p, &ScoreInputs { drafted: true, ..inputs.clone() });
        assert_eq!(drafted.probability, Some(sigmoid(&p.reference_only.model_drafted, &plain)));
        let nothing = ScoreInputs { reference_features: Some(vec![0.0; MODEL_FEATURES]), ..inputs.clone() };
        assert_eq!(score(&p, &nothing).score, 0.0, "an answer with nothing in common earns nothing");
        assert_eq!(parts.example_points, None);
        // Close to a passing example: the examples' model, and the points it added over the plain one.
        let with = ScoreInputs { reference_features: Some([plain.clone(), vec![0.9, 0.2, 1.0, 0.9]].concat()), ..inputs.clone() };
        let moved = score(&p, &with);
        assert!(moved.example_points.unwrap() > 0.0 && (moved.concept_points - parts.score).abs() < 1e-9, "{moved:?}");
        // Gates still cap; without a model the key-term formula applies.
        let gated = ScoreInputs { gates: vec![GateKind::TermDump], ..with };
        assert_eq!(score(&p, &gated).score, p.gates.term_dump_cap);
        let mut none = p.clone();
        none.reference_only.model.clear();
        assert_eq!(score(&none, &inputs).probability, None);
    }

    #[test]
    fn gates_cap_and_penalties_subtract() {
        let p = Params::default();
        let full = ScoreInputs { coverage: 1.0, depth_coverage: 1.0, similarity: 1.0, ..Default::default() };
        assert!((score(&p, &full).score - 100.0).abs() < 1e-9);
        let gated = ScoreInputs { gates: vec![GateKind::TermDump], ..full.clone() };
        assert_eq!(score(&p, &gated).score, p.gates.term_dump_cap);
        let flagged = ScoreInputs { penalty: 30.0, ..full };
        assert!((score(&p, &flagged).score - 70.0).abs() < 1e-9);
    }
}
