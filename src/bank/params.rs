//! The bank-level score combination parameters (`rubrics/params.toml`).
//!
//! Every number that turns matches into a score lives here, not in code, so `gograde calibrate`
//! can fit them and an author can read them. Missing fields take the defaults below.

use serde::{Deserialize, Serialize};

/// How concept coverage, reference similarity and red flags combine into a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Params {
    /// Points (of 100) for full weighted concept coverage.
    pub concept_points: f64,
    /// Points (of 100) for full similarity to the reference answer.
    pub similarity_points: f64,
    /// Demoted BM25 similarity that earns the full similarity points (similarity is recall of
    /// the reference's terms, and a complete answer in its own words rarely passes ~0.5).
    pub similarity_full: f64,
    /// Share of a concept's weight earned when it matched only through a typo-tolerant word.
    pub fuzzy_credit: f64,
    /// ... only through an everyday wording of the paraphrase lexicon ("shut" for close).
    pub lexicon_credit: f64,
    /// ... only through a WordNet synonym.
    pub synonym_credit: f64,
    /// ... only because an answer sentence aligns with one of the concept's model sentences
    /// (its `says` and `examples`) and no pattern fired.
    pub alignment_credit: f64,
    /// Share of the coverage that core concepts carry when a rubric marks some; depth concepts
    /// carry the rest.
    pub core_share: f64,
    /// `core_share` when the question was asked for a short answer ("In one line, …"): the
    /// asker wants the core, so missing depth costs less.
    pub brief_core_share: f64,
    /// Coverage is raised to this power before it earns concept points (< 1 is concave: the
    /// first points of an answer count more than the last).
    pub coverage_exponent: f64,
    /// Similarity points are scaled by coverage^this: similarity alone cannot carry an answer
    /// that covers no concept (0 = independent).
    pub similarity_coverage_coupling: f64,
    /// An on-point answer earns similarity for its precision too: similarity counts as
    /// `max(recall / similarity_full, precision_weight × precision)`, where precision is the
    /// IDF-weighted share of the answer's own words that the reference uses. A short answer that
    /// gets the core right cannot recall much of a long reference (0 = recall only).
    pub precision_weight: f64,
    /// Minimum score for grades 1..=5.
    pub grade_thresholds: [f64; 5],
    /// Caps for answers that must not pass whatever they match (`[gates]`).
    pub gates: Gates,
    /// Free-text question lookup (`[lookup]`).
    pub lookup: Lookup,
    /// Key terms of questions graded from their reference answer alone (`[reference_only]`).
    pub reference_only: ReferenceOnly,
    /// Marked example answers as nearest neighbours (`[examples]`).
    pub examples: Examples,
}

/// How an answer borrows evidence from the rubric's marked examples (`[[example]]`), as
/// nearest neighbours: the score moves towards the similarity-weighted mean grade of the closest
/// ones, by a share that grows with how close the closest is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Examples {
    /// At most this many nearest examples are consulted.
    pub neighbours: usize,
    /// Examples less similar than this (cosine of IDF-weighted words, 0..=1) are not neighbours.
    pub min_similarity: f64,
    /// The share of the score the neighbours decide when the closest is identical; it scales
    /// with the closest one's similarity (0 = examples are shown but never change a score).
    pub weight: f64,
    /// Neighbours' grades are weighted by similarity raised to this power (higher: the closest
    /// decides more).
    pub similarity_power: f64,
}

/// Caps for answers that must not pass whatever they match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Gates {
    /// Score cap for a bare list of keywords (no sentences, no code).
    pub keyword_list_cap: f64,
    /// A text is a keyword list when fewer than this share of its words are function words.
    pub keyword_list_function_share: f64,
    /// Score cap for words that do not form sentences (a dump of terms, shuffled words).
    pub term_dump_cap: f64,
    /// A dump has fewer than this share of function words ...
    pub dump_function_share: f64,
    /// ... or at least this share of its content words in long runs without function words,
    /// with fewer than `dump_run_function_share` function words (terse technical prose has
    /// runs too: "full slice expression `s[lo:hi:hi]`", but a third of its words are function
    /// words) ...
    pub dump_run_share: f64,
    /// See `dump_run_share`; a text that says the same pairs of terms over again (at least
    /// `dump_repeated_pairs` of them) is a dump whatever its function words.
    pub dump_run_function_share: f64,
    /// See `dump_run_function_share`.
    pub dump_repeated_pairs: f64,
    /// ... and a word order no more plausible than this (see `text::Shape::order`).
    pub dump_max_order: f64,
    /// Prose in run-on sentences (at least `shuffle_min_sentence_words` words each) in an order
    /// less plausible than this is shuffled words, whatever its share of function words ...
    pub shuffle_max_order: f64,
    /// Words per sentence from which a sentence counts as run-on (see `shuffle_max_order`).
    pub shuffle_min_sentence_words: usize,
    /// ... and so is any text in an order less plausible than this ...
    pub shuffle_strong_order: f64,
    /// ... when it has at least this many words of prose.
    pub shuffle_min_words: usize,
    /// Score cap for an answer that only restates the question.
    pub parrot_cap: f64,
    /// An answer whose content words are at least this share question words is parroting ...
    pub parrot_share: f64,
    /// ... when its concept coverage is below this.
    pub parrot_max_coverage: f64,
    /// A sentence whose content words are at least this share the question's restates it: a
    /// concept match made only of question words in such a sentence is void.
    pub restating_sentence_share: f64,
    /// Score cap for an answer to another question of the bank.
    pub off_topic_cap: f64,
    /// Another reference must be this many times more similar than the own one.
    pub off_topic_margin: f64,
    /// ... and at least this similar in absolute terms.
    pub off_topic_min_similarity: f64,
    /// ... and the own concept coverage below this.
    pub off_topic_max_coverage: f64,
    /// An answer that covers no concept at all is off-topic when another reference (not a
    /// near-duplicate) fits it this many times better than its own, with no similarity floor:
    /// with nothing of its own question in it, fitting another one better is enough. (A fluent
    /// answer to a nearby question shares a few general words with its own reference, and earned
    /// a grade 1 from that similarity alone.)
    pub off_topic_uncovered_margin: f64,
    /// An answer that covers none of a rubric's core concepts, with a similarity to the model
    /// answer below `no_core_max_similarity`, gets at most this: a fragment, not a partial answer.
    pub no_core_cap: f64,
    /// See `no_core_cap`.
    pub no_core_max_similarity: f64,
    /// Score cap for an answer with many misspelt words (below the top grade: experts marked
    /// correct answers full of typos a point down on every set we have) ...
    pub misspelt_cap: f64,
    /// ... at least this share of its plain lower-case words misspelt (neither the bank's words
    /// nor English ones) ...
    pub misspelt_share: f64,
    /// ... and at least this many of them.
    pub misspelt_min_words: usize,
    /// Score cap for an answer that states a value the question asks for (an order of growth, a
    /// count) but not the reference's ("O(n log n)" where the reference says "O(log n)"):
    /// questions graded from their reference alone, whose words cannot tell them apart.
    pub wrong_value_cap: f64,
    /// Score cap for an answer that offers the reference's value among others as alternatives
    /// ("O(log n) or O(n)", "62 or 64", "I think O(n^2) but maybe O(n)"): listing every value
    /// would always hold the right one. Markers judged such answers half right (2–2.5).
    pub hedged_value_cap: f64,
    /// Score cap for an answer of at least `unfocused_min_words` words most of which (at least
    /// `unfocused_share`) sit in passages that fit another question clearly better (see
    /// `grading::focus`): the model answers of a dozen questions pasted into every answer.
    pub unfocused_cap: f64,
    /// See `unfocused_cap`. Longer than any marked answer we have (the longest is 268 words).
    pub unfocused_min_words: usize,
    /// See `unfocused_cap`.
    pub unfocused_share: f64,
    /// Score cap for an answer that ends by taking back everything it said ("Just kidding,
    /// none of that is true."): what it claimed is denied, and nothing is left standing.
    pub retracted_cap: f64,
    /// Score cap for an answer to a comparison question that says of each side what the
    /// reference says of the other (see `bank::roles`): at least `swapped_roles_min_words`
    /// distinct words of the other side's, weighing at least `swapped_roles_ratio` times those
    /// said of the right side.
    pub swapped_roles_cap: f64,
    /// See `swapped_roles_cap`. (Marked answers say at most 12 such words, runs of good answers
    /// at most 16; the reference with its two sides swapped says 35 to 93.)
    pub swapped_roles_min_words: usize,
    /// See `swapped_roles_cap`.
    pub swapped_roles_ratio: f64,
    /// Score cap for an answer of at least `denied_min_words` content words of which at least
    /// `denied_share` it does not assert: under a statement-level denial ("It is not true that
    /// …", "…, but that is not true."), asked ("Does …?") or doubted ("I'm not sure whether
    /// …"): it says what is not so, or nothing. The same share in three or more sentences that
    /// are the reference's own with their polarity reversed is capped too. (Good answers on
    /// every marked set deny at most 27% of their content words, and deny, ask or doubt at most
    /// 38%; the reference denied sentence by sentence, 44–90%.)
    pub denied_cap: f64,
    /// See `denied_cap`.
    pub denied_min_words: usize,
    /// See `denied_cap`.
    pub denied_share: f64,
    /// An answer's sentences are compared with the reference's for reversed polarity (see
    /// `denied_cap`) only when its similarity to the reference is at least this: the reference
    /// said back with its claims reversed stays at 0.58 or more, while 99.5% of marked answers
    /// are below 0.5, so the comparison costs ordinary answers nothing.
    pub contradicted_min_similarity: f64,
    /// Fewer reversed sentences, three or more holding at least this share of the answer's
    /// content words (and less than `denied_share`), cap it at `contradicted_cap`: half of a
    /// right answer said back the wrong way round is no full answer ("Every type has not an
    /// alignment. … A field must not start at an offset that is a multiple of its alignment …").
    pub contradicted_share: f64,
    /// See `contradicted_share`.
    pub contradicted_cap: f64,
    /// Answers with fewer content words than this get at most `too_short_cap`.
    pub min_content_words: usize,
    /// Score cap for an answer with fewer than `min_content_words` content words.
    pub too_short_cap: f64,
}

/// Free-text question lookup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Lookup {
    /// Below this confidence the lookup is reported as uncertain.
    pub min_confidence: f64,
    /// The runner-up must be at least this far behind, or the lookup is ambiguous.
    pub min_margin: f64,
    /// Weight of precision (the query's words found in a question's wordings) against recall
    /// (the closest wording's words found in the query): F-beta's beta.
    pub precision_beta: f64,
    /// When a wording is ambiguous and an answer is given, the answer's similarity to one
    /// candidate's reference must beat the next by this much to decide.
    pub answer_margin: f64,
    /// Or, when its fit reaches `answer_margin`, it must fit at least this many times as well as the
    /// next: a wrong answer fits every reference poorly, its own several times better.
    pub answer_ratio: f64,
    /// Failing that, a candidate whose question the answer echoes at least this much of
    /// (IDF-weighted share of its words), and twice as much as any other's, is the one asked.
    pub echo_floor: f64,
    /// A wording too unclear to resolve alone (confidence below `min_confidence`) is still
    /// resolved when the answer confirms one of the candidates at or above this confidence: it
    /// earns at least `confirm_grade` against that question's rubric.
    pub confirm_floor: f64,
    /// The grade an answer must earn to confirm an unclear wording's candidate.
    pub confirm_grade: u8,
    /// An unclear wording whose best candidate reaches this confidence, given with an answer
    /// that confirms none, is that candidate when no other is within `min_margin` of it, or the
    /// close one whose reference the answer fits clearly best (`answer_margin`). "So what's
    /// involved in building Go for another OS?" asks the cross-compilation question whatever
    /// the answer says.
    pub likely_floor: f64,
}

/// Grading a question that has no hand-written concepts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReferenceOnly {
    /// At most this many key terms are derived from the reference answer.
    pub max_key_terms: usize,
    /// When positive, a reference with n candidate key terms keeps at most
    /// `ceil(key_terms_per_word × n)` of them (still capped by `max_key_terms`).
    pub key_terms_per_word: f64,
    /// A key term the reference states in the negative ("not connected") must be negated in
    /// the answer too.
    pub follow_negation: bool,
    /// Weight of a pair of neighbouring key terms (`a ~ b`) relative to its words' mean weight;
    /// 0 derives no pairs.
    pub pair_weight: f64,
    /// Key-term weight is the term's bank IDF raised to this power.
    pub idf_power: f64,
    /// Words of the reference that the question also contains become key terms at this share
    /// of their weight; 0 leaves them out.
    pub question_word_weight: f64,
    /// Points (of 100) for similarity to the reference on these questions (the key terms earn
    /// the rest), in place of `similarity_points`: derived key terms are a weaker measure than
    /// hand-written concepts.
    pub similarity_points: f64,
    /// In the soft alignment of answer words to the reference's (and marked examples'), a word
    /// the question already says weighs this share of its IDF.
    pub alignment_question_weight: f64,
    /// Logistic model that scores an answer on a question without marked examples:
    /// `[bias, recall, precision, similarity, coverage, overlap]` (see `grading::ReferenceFit`); the score
    /// is 100 × its probability. Empty: the key-term and similarity points above.
    pub model: Vec<f64>,
    /// The model for a question with marked examples: the six weights above, then those of the
    /// closest passing example's F1, the closest failing one's, the passing vote and the passing
    /// share of the examples that fit the reference like the answer.
    pub model_with_examples: Vec<f64>,
    /// `model` for a draft (`drafted = true`): the same features, with the draft's concepts'
    /// coverage as coverage. Fitted apart: a draft's eight weighted concepts are not the derived
    /// key terms, and minimal rubrics' weights graded drafts below minimal rubrics.
    pub model_drafted: Vec<f64>,
    /// `model_with_examples` for a draft with marked examples.
    pub model_drafted_with_examples: Vec<f64>,
    /// Whether the off-topic gate caps answers to these questions. Off by default: on
    /// SemEval-2013 train (cross-validated by question) it capped a quarter of the correct
    /// answers, whose science questions share much of their vocabulary; the fitted model measures
    /// the answer against its own reference already.
    pub off_topic_gate: bool,
    /// Whether the restated-question gate caps answers to these questions. Off by default: a
    /// right answer to a science question reuses its words ("the bulb is in a closed path"),
    /// and the alignment already demotes question words.
    pub parrot_gate: bool,
    /// In the reference fit's precision, the answer is taken to say this many more words (each
    /// of the reference's mean weight) that the reference does not: a prior, so that one
    /// reference word alone ("network", to "What is a socket?") is not a precise answer. A long
    /// answer's precision barely moves. A question that asks for a name or a value ("Which
    /// traversal …?", "How many …?") has no prior: one word can answer it.
    pub precision_prior_words: f64,
    /// The model's probability at which an answer reaches the top grade: scores rise linearly
    /// from 50 at even odds to 95 here, then to 100 at certainty (so sure answers keep their
    /// order). A model fitted to marks regresses towards their mean (right answers in their own
    /// words reached p ≈ 0.65, grade 3 when 100 meant certainty); 0.7 had the lowest grade error
    /// on the dev halves of our Go answers graded from references alone and of the blind course
    /// bank (0.81 and 1.09 against 0.94 and 1.29 at certainty), Pearson unchanged.
    pub full_marks_probability: f64,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            concept_points: 85.0,
            similarity_points: 15.0,
            similarity_full: 0.45,
            fuzzy_credit: 0.85,
            lexicon_credit: 0.9,
            synonym_credit: 0.8,
            alignment_credit: 0.6,
            core_share: 0.6,
            brief_core_share: 1.0,
            coverage_exponent: 1.0,
            similarity_coverage_coupling: 0.5,
            precision_weight: 0.0,
            grade_thresholds: [12.0, 30.0, 48.0, 66.0, 82.0],
            gates: Gates::default(),
            lookup: Lookup::default(),
            reference_only: ReferenceOnly::default(),
            examples: Examples::default(),
        }
    }
}

impl Default for Examples {
    fn default() -> Self {
        Examples { neighbours: 3, min_similarity: 0.3, weight: 0.7, similarity_power: 2.0 }
    }
}

impl Default for Gates {
    fn default() -> Self {
        Gates {
            keyword_list_cap: 20.0,
            keyword_list_function_share: 0.18,
            term_dump_cap: 5.0,
            dump_function_share: 0.15,
            dump_run_share: 0.5,
            dump_run_function_share: 0.25,
            dump_repeated_pairs: 0.2,
            dump_max_order: 0.1,
            shuffle_max_order: -0.25,
            shuffle_min_sentence_words: 30,
            shuffle_strong_order: -0.5,
            shuffle_min_words: 12,
            parrot_cap: 10.0,
            parrot_share: 0.8,
            restating_sentence_share: 0.6,
            parrot_max_coverage: 0.5,
            off_topic_cap: 20.0,
            off_topic_margin: 1.5,
            off_topic_min_similarity: 0.12,
            off_topic_max_coverage: 0.5,
            off_topic_uncovered_margin: 1.0,
            min_content_words: 2,
            too_short_cap: 10.0,
            no_core_cap: 25.0,
            no_core_max_similarity: 0.12,
            misspelt_cap: 77.0,
            misspelt_share: 0.05,
            misspelt_min_words: 3,
            wrong_value_cap: 20.0,
            hedged_value_cap: 47.0,
            unfocused_cap: 40.0,
            unfocused_min_words: 300,
            unfocused_share: 0.6,
            retracted_cap: 5.0,
            swapped_roles_cap: 20.0,
            swapped_roles_min_words: 20,
            swapped_roles_ratio: 1.5,
            denied_cap: 20.0,
            denied_min_words: 12,
            denied_share: 0.5,
            contradicted_min_similarity: 0.5,
            contradicted_share: 0.25,
            contradicted_cap: 47.0,
        }
    }
}

impl Default for Lookup {
    fn default() -> Self {
        Lookup {
            min_confidence: 0.4,
            min_margin: 0.08,
            precision_beta: 1.0,
            answer_margin: 0.05,
            answer_ratio: 3.0,
            echo_floor: 0.67,
            confirm_floor: 0.2,
            confirm_grade: 3,
            likely_floor: 0.3,
        }
    }
}

impl Default for ReferenceOnly {
    fn default() -> Self {
        ReferenceOnly {
            max_key_terms: 10,
            key_terms_per_word: 0.0,
            follow_negation: true,
            pair_weight: 2.0,
            idf_power: 1.0,
            question_word_weight: 0.3,
            similarity_points: 25.0,
            alignment_question_weight: 0.2,
            // Fitted by `cargo run --release --example semeval` on SemEval-2013 train answers
            // (SciEntsBank and Beetle pooled; test answers never seen), no weight negative but
            // the closest failing example's; `model` and `model_drafted` also on marked answers
            // graded from references alone: our Go answers' dev halves and the dev halves of two
            // blind course banks (`tests/data/course-*`, `course3-*`), with precision's prior of
            // two words. A draft's own coverage weighed against the mark there and was dropped,
            // so drafts now grade like minimal rubrics.
            model: vec![-1.239, 1.411, 1.526, 1.312, 0.0, 2.310],
            model_with_examples: vec![-2.999, 0.0, 0.0, 0.158, 1.259, 0.0, 2.618, -1.784, 1.691, 2.101],
            model_drafted: vec![-1.239, 1.411, 1.526, 1.312, 0.0, 2.310],
            model_drafted_with_examples: vec![-3.014, 0.380, 0.0, 0.441, 0.267, 0.0, 2.587, -1.796, 1.747, 2.088],
            off_topic_gate: false,
            parrot_gate: false,
            full_marks_probability: 0.7,
            precision_prior_words: 2.0,
        }
    }
}

/// Features of `reference_only.model`: recall, precision, similarity, coverage, overlap.
pub const MODEL_FEATURES: usize = 5;
/// Extra features of `reference_only.model_with_examples`: closest passing, closest failing, vote,
/// passing share of the examples that fit the reference like the answer.
pub const EXAMPLE_FEATURES: usize = 4;

impl Params {
    /// The integer grade 0..=5 of a score 0..=100.
    pub fn grade_of(&self, score: f64) -> u8 {
        self.grade_thresholds.iter().filter(|&&t| score >= t).count() as u8
    }

    /// Problems with the values themselves (ranges, order), as (field, message).
    pub fn validate(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if !self.grade_thresholds.windows(2).all(|w| w[0] < w[1]) {
            out.push(("grade_thresholds".into(), "must be strictly increasing".into()));
        }
        for (name, v) in [
            ("concept_points", self.concept_points),
            ("similarity_points", self.similarity_points),
            ("gates.keyword_list_cap", self.gates.keyword_list_cap),
            ("gates.parrot_cap", self.gates.parrot_cap),
            ("gates.off_topic_cap", self.gates.off_topic_cap),
            ("gates.no_core_cap", self.gates.no_core_cap),
            ("gates.misspelt_cap", self.gates.misspelt_cap),
            ("gates.wrong_value_cap", self.gates.wrong_value_cap),
            ("gates.hedged_value_cap", self.gates.hedged_value_cap),
            ("gates.unfocused_cap", self.gates.unfocused_cap),
            ("gates.retracted_cap", self.gates.retracted_cap),
            ("gates.swapped_roles_cap", self.gates.swapped_roles_cap),
            ("gates.denied_cap", self.gates.denied_cap),
            ("gates.contradicted_cap", self.gates.contradicted_cap),
            ("reference_only.similarity_points", self.reference_only.similarity_points),
        ] {
            if !(0.0..=100.0).contains(&v) {
                out.push((name.into(), format!("{v} is outside 0..=100")));
            }
        }
        let full = self.reference_only.full_marks_probability;
        if !(full > 0.5 && full <= 1.0) {
            out.push(("reference_only.full_marks_probability".into(), format!("{full} must be above 0.5 and at most 1")));
        }
        if (self.concept_points + self.similarity_points - 100.0).abs() > 1e-6 {
            out.push(("concept_points".into(), "concept_points + similarity_points must be 100".into()));
        }
        for (name, v) in [
            ("fuzzy_credit", self.fuzzy_credit),
            ("lexicon_credit", self.lexicon_credit),
            ("synonym_credit", self.synonym_credit),
            ("alignment_credit", self.alignment_credit),
            ("core_share", self.core_share),
            ("brief_core_share", self.brief_core_share),
            ("precision_weight", self.precision_weight),
            ("examples.min_similarity", self.examples.min_similarity),
            ("examples.weight", self.examples.weight),
            ("gates.dump_run_function_share", self.gates.dump_run_function_share),
            ("gates.dump_repeated_pairs", self.gates.dump_repeated_pairs),
            ("gates.restating_sentence_share", self.gates.restating_sentence_share),
            ("lookup.min_confidence", self.lookup.min_confidence),
            ("lookup.confirm_floor", self.lookup.confirm_floor),
            ("lookup.likely_floor", self.lookup.likely_floor),
            ("lookup.echo_floor", self.lookup.echo_floor),
            ("gates.no_core_max_similarity", self.gates.no_core_max_similarity),
            ("gates.misspelt_share", self.gates.misspelt_share),
        ] {
            if !(0.0..=1.0).contains(&v) {
                out.push((name.into(), "must be within 0..=1".into()));
            }
        }
        if self.gates.off_topic_uncovered_margin < 1.0 {
            out.push(("gates.off_topic_uncovered_margin".into(), "must be at least 1".into()));
        }
        if self.lookup.answer_ratio < 1.0 {
            out.push(("lookup.answer_ratio".into(), "must be at least 1".into()));
        }
        if !(self.coverage_exponent > 0.0 && self.coverage_exponent <= 2.0) {
            out.push(("coverage_exponent".into(), "must be within (0, 2]".into()));
        }
        for (name, model, len) in [
            ("reference_only.model", &self.reference_only.model, MODEL_FEATURES),
            ("reference_only.model_with_examples", &self.reference_only.model_with_examples, MODEL_FEATURES + EXAMPLE_FEATURES),
            ("reference_only.model_drafted", &self.reference_only.model_drafted, MODEL_FEATURES),
            (
                "reference_only.model_drafted_with_examples",
                &self.reference_only.model_drafted_with_examples,
                MODEL_FEATURES + EXAMPLE_FEATURES,
            ),
        ] {
            if !model.is_empty() && model.len() != len + 1 {
                out.push((name.into(), format!("must be empty or hold {} numbers (a bias and {len} weights)", len + 1)));
            }
            if model.iter().any(|w| !w.is_finite()) {
                out.push((name.into(), "must hold finite numbers".into()));
            }
        }
        if !(0.0..=1.0).contains(&self.reference_only.alignment_question_weight) {
            out.push(("reference_only.alignment_question_weight".into(), "must be within 0..=1".into()));
        }
        if self.lookup.confirm_grade > 5 {
            out.push(("lookup.confirm_grade".into(), "must be a grade, 0..=5".into()));
        }
        if self.similarity_full <= 0.0 {
            out.push(("similarity_full".into(), "must be positive".into()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_follow_thresholds() {
        let p = Params::default();
        assert_eq!(p.grade_of(0.0), 0);
        assert_eq!(p.grade_of(p.grade_thresholds[0]), 1);
        assert_eq!(p.grade_of(100.0), 5);
        assert!(p.validate().is_empty());
    }

    #[test]
    fn bad_values_are_reported() {
        let p = Params { grade_thresholds: [10.0, 5.0, 20.0, 30.0, 40.0], fuzzy_credit: 2.0, ..Params::default() };
        let fields: Vec<String> = p.validate().into_iter().map(|(f, _)| f).collect();
        assert!(fields.contains(&"grade_thresholds".to_string()));
        assert!(fields.contains(&"fuzzy_credit".to_string()));
    }
}
