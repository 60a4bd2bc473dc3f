//! Grading one answer: concept coverage, reference similarity, red flags, gates, and the score.
//!
//! The score is `concept_points × coverage + similarity_points × similarity' − penalties`,
//! capped by gates (empty, too short, keyword list, term dump, restated question, off-topic, no
//! core concept), then mapped to a grade by thresholds. All numbers come from the bank's `params.toml`.

use crate::bank::retrieval::{distinct_terms, example_features};
use crate::bank::roles::Roles;
use crate::bank::soft_align;
use crate::bank::OrderFit;
use crate::bank::{Asked, Bank, Candidate, LookupMemo, QuestionMatch};
use crate::error::{Error, Result};
use crate::grading::dumps::{
    is_glossed_notes, is_keyword_list, is_long_list_with_code, is_phrase_list, is_single_word_list, term_dump, DUMP_MIN_PROSE_WORDS,
};
use crate::grading::focus;
use crate::grading::{cap_of, reference_features, score, ScoreInputs};
use crate::grading::{Breakdown, ConceptResult, Gate, GateKind, Grade, NearestExample, OtherQuestion, RedFlagResult, ReferenceFit};
use crate::rubric::align;
use crate::rubric::limits::DEFAULT_MAX_ANSWER_BYTES;
use crate::rubric::matcher::{allowed_edits, Evidence, MatchKind, Matcher, PatternMatch, TermTable, Vocabulary, MAX_PRESIZED};
use crate::rubric::pattern::Pattern;
use crate::rubric::Rubric;
use crate::text::{
    self, enumerations, is_english_stem, is_stop_word, relates_list_items, repeated_pairs, stem_word, Analysis, Atom, CountedThing, IdSlot,
    TermSet, TokenKind, ValueKind,
};
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::OnceCell;
use std::sync::{Arc, OnceLock};

/// Options for grading.
#[derive(Debug, Clone)]
pub struct GradeOptions {
    /// Include the reference answer in the grade.
    pub include_reference: bool,
    /// A longer answer is not graded: [`Error::AnswerTooLong`]. Default
    /// [`DEFAULT_MAX_ANSWER_BYTES`].
    pub max_answer_bytes: usize,
}

impl Default for GradeOptions {
    fn default() -> Self {
        GradeOptions { include_reference: false, max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES }
    }
}

/// Grades answers against a bank. Cheap to create; share one across threads.
pub struct Grader<'b> {
    bank: &'b Bank,
    options: GradeOptions,
    /// Question wordings this grader has looked up.
    lookups: LookupMemo,
    /// Per rubric, the tables its answers' words are looked up in, made when the rubric is
    /// first graded.
    tables: Vec<OnceLock<RubricTables<'b>>>,
}

/// A rubric's tables an answer's words are looked up in (by the ids their atoms remember).
struct RubricTables<'b> {
    /// The ids of its patterns' terms.
    terms: TermTable<'b>,
    /// Its question's terms as the candidate is shown them (`Retrieval::asked_terms`).
    shown: TermSet,
    /// Its question's terms with its aliases' (`Retrieval::question_terms`).
    question: TermSet,
    /// On a question graded from its reference alone that asks for a value: its kind and the
    /// reference's (see [`wrong_value`]).
    value: Option<(ValueKind, String)>,
    /// On a question graded from its reference alone that asks for no value: the numbers its
    /// reference says of things ("three-way handshake"; see [`wrong_count`]).
    counted: Vec<CountedThing>,
    /// On a question that asks for a count, the unit the reference counts its value in ("32
    /// bits"), when it is one (see [`wrong_unit`]).
    unit: Option<String>,
    /// The prior of the reference fit's precision (`reference_only.precision_prior_words`),
    /// none when the question asks for a name or a value, which one word can answer.
    precision_prior: f64,
    /// Whether its question compares two things ([`Roles::compares`]): asked of every answer
    /// by the swapped-roles gate, and a split of the question's words each time.
    compares: bool,
}

impl<'b> Grader<'b> {
    /// A grader with the default options.
    pub fn new(bank: &'b Bank) -> Self {
        Self::with_options(bank, GradeOptions::default())
    }

    /// A grader with these options.
    pub fn with_options(bank: &'b Bank, options: GradeOptions) -> Self {
        let tables = (0..bank.rubric_count()).map(|_| OnceLock::new()).collect();
        Grader { bank, options, lookups: LookupMemo::default(), tables }
    }

    /// The bank it grades against.
    pub fn bank(&self) -> &'b Bank {
        self.bank
    }

    /// Grade `answer` to the question given by id or by its text.
    ///
    /// A wording that stays ambiguous between questions of nearly equal confidence, even with
    /// the answer's help ([`Bank::resolve_for_answer`]), is graded against each of them, and the
    /// most favourable grade is kept; [`QuestionMatch::alternatives`] names the others. An
    /// unclear wording is resolved when the answer confirms a candidate (see `grade_confirmed`)
    /// or, when its best candidate is likely (`lookup.likely_floor`), by its margin or the
    /// answer's fit to one candidate's reference. Only questions the wording itself made
    /// candidates (by their wordings, or the references its words fit best) can be chosen, so
    /// an answer cannot pull the question elsewhere.
    pub fn grade(&self, question: &str, answer: &str) -> Result<Grade> {
        // The answer is analysed once, when first needed: a wording found alone needs it only to
        // grade, an unclear one also to settle which question it asks.
        let analysis = OnceCell::new();
        let matched = match self.lookups.resolve(self.bank, question) {
            Err(Error::AmbiguousQuestion { query, candidates }) => {
                let terms = distinct_terms(self.analysed(&analysis, answer));
                match self.bank.settle_by_terms(query, candidates, &terms) {
                    Err(Error::AmbiguousQuestion { candidates, .. }) => {
                        return self.grade_most_favourable(question, answer, &analysis, &candidates);
                    }
                    other => other?,
                }
            }
            Err(Error::UnknownQuestion { query, candidates }) => return self.grade_unclear(question, answer, &analysis, query, candidates),
            other => other?,
        };
        // Asked in other words than the rubric's: restating those words is parroting too.
        let asked = (matched.id != question.trim()).then_some(question);
        let index = self.index_checked(&matched.id, answer)?;
        let mut grade = self.grade_analysed(index, self.bank.rubric(index), asked, answer, self.analysed(&analysis, answer))?;
        grade.matched_question = Some(matched);
        Ok(grade)
    }

    /// The answer's analysis, made on first use.
    fn analysed<'a>(&self, analysis: &'a OnceCell<Analysis>, answer: &str) -> &'a Analysis {
        analysis.get_or_init(|| self.bank.analyze_answer(answer))
    }

    /// A wording too unclear to resolve alone. Confirmed by the answer: graded against each
    /// candidate at or above `confirm_floor` (and the questions whose references best fit the
    /// wording's words), the best is kept if no gate capped it and it earns `confirm_grade` or is
    /// plainly about that question. "What is the best pizza topping?" comes within reach of a Go
    /// question by wording alone; only an answer to that question settles it. Failing that, the
    /// likely question (see [`Grader::likely`]), unless the answer plainly answers another one.
    fn grade_unclear(
        &self,
        question: &str,
        answer: &str,
        analysis: &OnceCell<Analysis>,
        query: String,
        candidates: Vec<Candidate>,
    ) -> Result<Grade> {
        let lookup = &self.bank.params().lookup;
        let mut confirmable: Vec<Candidate> = candidates.iter().filter(|c| c.confidence >= lookup.confirm_floor).cloned().collect();
        for c in self.lookups.reference_candidates(self.bank, question)? {
            if !confirmable.iter().any(|x| x.id == c.id) {
                confirmable.push(c);
            }
        }
        let mut graded = self.grade_each(question, answer, analysis, confirmable.iter())?;
        // Confirmed: no gate doubts it answers this question, and it either earns the grade or,
        // right or wrong, is about this question (no other reference fits it better, and it
        // shares enough with this one): a confidently wrong answer still answers the question it
        // was asked.
        let about = |g: &Grade| g.closest_other.is_none() && g.similarity >= self.bank.params().gates.off_topic_min_similarity;
        if let Some(best) = best_scored(&graded) {
            let (g, c) = &graded[best];
            if !g.gates.iter().any(|x| x.gate.doubts_the_answer()) && (g.grade >= lookup.confirm_grade || about(g)) {
                let matched = QuestionMatch { id: c.id.clone(), confidence: c.confidence, by_answer: true, alternatives: Vec::new() };
                let (mut grade, _) = graded.swap_remove(best);
                grade.matched_question = Some(matched);
                return Ok(grade);
            }
        }
        let matched = self.likely(query.clone(), candidates.clone(), &distinct_terms(self.analysed(analysis, answer)))?;
        // Graded above already, as a confirmable candidate, unless the parameters put
        // `likely_floor` under `confirm_floor`.
        let mut grade = match graded.iter().position(|(_, c)| c.id == matched.id) {
            Some(i) => graded.swap_remove(i).0,
            None => {
                let index = self.index_checked(&matched.id, answer)?;
                self.grade_analysed(index, self.bank.rubric(index), Some(question), answer, self.analysed(analysis, answer))?
            }
        };
        // An answer that another question fits clearly better says the wording meant that one;
        // one that fits nothing (an uncovered answer's off-topic gate) says nothing of the wording.
        let fits_another = grade.closest_other.as_ref().is_some_and(|o| o.similarity >= self.bank.params().gates.off_topic_min_similarity);
        if fits_another && grade.gates.iter().any(|g| g.gate == GateKind::OffTopic) {
            return Err(Error::UnknownQuestion { query, candidates });
        }
        grade.matched_question = Some(matched);
        Ok(grade)
    }

    /// The question an unclear wording likely means, when its best candidate reaches
    /// `lookup.likely_floor`: the best when no other is within `min_margin` of it, else the
    /// one the answer (its `terms`) settles. "So, channels?" stays unknown unless the answer
    /// says which channels question it answers.
    fn likely(&self, query: String, candidates: Vec<Candidate>, terms: &[Atom]) -> Result<QuestionMatch> {
        let lookup = &self.bank.params().lookup;
        let (top, second) = (candidates.first().map(|c| c.confidence), candidates.get(1).map(|c| c.confidence));
        match top {
            Some(top) if top >= lookup.likely_floor && second.is_none_or(|s| top - s >= lookup.min_margin) => {
                let c = &candidates[0];
                Ok(QuestionMatch { id: c.id.clone(), confidence: c.confidence, by_answer: false, alternatives: Vec::new() })
            }
            Some(top) if top >= lookup.likely_floor => match self.bank.settle_by_terms(query, candidates, terms) {
                Err(Error::AmbiguousQuestion { query, candidates }) => Err(Error::UnknownQuestion { query, candidates }),
                other => other,
            },
            _ => Err(Error::UnknownQuestion { query, candidates }),
        }
    }

    /// Grade against every candidate within the lookup margin of the best; keep the highest
    /// score (on a tie, the better wording match).
    fn grade_most_favourable(
        &self,
        question: &str,
        answer: &str,
        analysis: &OnceCell<Analysis>,
        candidates: &[Candidate],
    ) -> Result<Grade> {
        let margin = self.bank.params().lookup.min_margin;
        let top = candidates.first().map_or(0.0, |c| c.confidence);
        let close: Vec<&Candidate> = candidates.iter().filter(|c| top - c.confidence < margin).collect();
        let mut graded = self.grade_each(question, answer, analysis, close.iter().copied())?;
        let Some(best) = best_scored(&graded) else {
            return Err(Error::AmbiguousQuestion { query: question.trim().into(), candidates: candidates.to_vec() });
        };
        let (mut grade, chosen) = graded.swap_remove(best);
        let alternatives = close.iter().filter(|c| c.id != chosen.id).map(|c| c.id.clone()).collect();
        grade.matched_question =
            Some(QuestionMatch { id: chosen.id.clone(), confidence: chosen.confidence, by_answer: true, alternatives });
        Ok(grade)
    }

    /// The answer graded against each candidate as asked in `question`.
    fn grade_each<'c>(
        &self,
        question: &str,
        answer: &str,
        analysis: &OnceCell<Analysis>,
        candidates: impl Iterator<Item = &'c Candidate>,
    ) -> Result<Vec<(Grade, &'c Candidate)>> {
        candidates
            .map(|c| {
                let index = self.index_checked(&c.id, answer)?;
                Ok((self.grade_analysed(index, self.bank.rubric(index), Some(question), answer, self.analysed(analysis, answer))?, c))
            })
            .collect()
    }

    /// Grade `answer` to the question with this exact id.
    pub fn grade_id(&self, id: &str, answer: &str) -> Result<Grade> {
        self.grade_asked(id, None, answer)
    }

    /// Grade `answer` to the question with this exact id, asked in `wording` (when it differs
    /// from the rubric's, restating it is parroting too, as in [`Grader::grade`]). An id the
    /// bank does not have is an unknown question with the closest candidates, never a guess.
    pub fn grade_named(&self, id: &str, wording: Option<&str>, answer: &str) -> Result<Grade> {
        let id = id.trim();
        if self.bank.index_of(id).is_none() {
            let candidates = self.bank.candidates(id, 3).unwrap_or_default();
            return Err(Error::UnknownQuestion { query: id.into(), candidates });
        }
        let asked = wording.filter(|w| w.trim() != id);
        let mut grade = self.grade_asked(id, asked, answer)?;
        grade.matched_question = Some(QuestionMatch { id: id.into(), confidence: 1.0, by_answer: false, alternatives: Vec::new() });
        Ok(grade)
    }

    fn grade_asked(&self, id: &str, asked: Option<&str>, answer: &str) -> Result<Grade> {
        let index = self.index_checked(id, answer)?;
        let analysis = self.bank.analyze_answer(answer);
        self.grade_analysed(index, self.bank.rubric(index), asked, answer, &analysis)
    }

    /// The rubric index of `id`, once the answer is known to be short enough to grade.
    fn index_checked(&self, id: &str, answer: &str) -> Result<usize> {
        let index = self.bank.index_of(id).ok_or_else(|| Error::UnknownQuestion { query: id.into(), candidates: Vec::new() })?;
        if answer.len() > self.options.max_answer_bytes {
            return Err(Error::AnswerTooLong { bytes: answer.len(), limit: self.options.max_answer_bytes });
        }
        Ok(index)
    }

    fn grade_analysed<'r>(&self, index: usize, rubric: &'r Rubric, asked: Option<&str>, answer: &str, a: &Analysis) -> Result<Grade> {
        let params = self.bank.params();
        let tables = self.tables[index].get_or_init(|| {
            let own = self.bank.rubric(index);
            let value = own.graded_from_reference().then(|| text::reference_value(&own.question, &own.reference)).flatten();
            RubricTables {
                terms: TermTable::new(own.concepts.iter().flat_map(|c| &c.patterns).chain(own.red_flags.iter().flat_map(|f| &f.patterns))),
                shown: TermSet::new(self.bank.retrieval().asked_terms(index).iter().map(String::as_str), IdSlot::Shown),
                question: TermSet::new(self.bank.retrieval().question_terms(index).iter().map(String::as_str), IdSlot::Question),
                // The reference's unit of the count asked for ("32 bits"), when it is one.
                unit: match &value {
                    Some((ValueKind::Count, wanted)) => text::counted_things(&own.reference)
                        .into_iter()
                        .find(|t| t.number.to_string() == *wanted)
                        .map(|t| t.thing)
                        .filter(|thing| unit_family(thing).is_some()),
                    _ => None,
                },
                value,
                counted: match own.graded_from_reference() && text::asked_value(&own.question).is_none() {
                    true => text::counted_things(&own.reference),
                    false => Vec::new(),
                },
                precision_prior: match text::asks_for_a_phrase(&own.question) {
                    true => 0.0,
                    false => params.reference_only.precision_prior_words,
                },
                compares: Roles::compares(&own.question),
            }
        });
        let matcher = Matcher::new(a, answer, self.bank.vocabulary())
            .with_lexicon(self.bank.lexicon(), self.bank.admitted(index))
            .with_terms(&tables.terms);
        let credit_of = |kind: MatchKind| match kind {
            MatchKind::Exact => 1.0,
            MatchKind::Lexicon => params.lexicon_credit,
            MatchKind::Synonym => params.synonym_credit,
            MatchKind::Typo => params.fuzzy_credit,
        };
        // The best-credited match of any of the patterns (the first of equals).
        let find_any = |patterns: &'r [Pattern]| -> Option<PatternMatch> {
            let mut best: Option<PatternMatch> = None;
            for p in patterns {
                if let Some(m) = matcher.find(p) {
                    if m.kind == MatchKind::Exact {
                        return Some(m);
                    }
                    if best.as_ref().is_none_or(|b| credit_of(m.kind) > credit_of(b.kind)) {
                        best = Some(m);
                    }
                }
            }
            best
        };

        // A flag names a wrong claim about Go: a match that reaches into what the answer says of
        // the thing Go is contrasted with ("Unlike Java's reentrant locks, …", "In Java, …") is
        // no such claim (see `text::contrasted`).
        let contrasted = OnceCell::new();
        let about_go = |m: &PatternMatch| {
            let spans: &Vec<(usize, usize)> = contrasted.get_or_init(|| crate::text::contrasted(a));
            !m.evidence.iter().any(|e| spans.iter().any(|&(s, t)| s < e.end && e.start < t))
        };
        let red_flags: Vec<RedFlagResult> = rubric
            .red_flags
            .iter()
            .map(|f| {
                let found = find_any(&f.patterns).filter(about_go);
                RedFlagResult {
                    id: f.id.clone(),
                    fired: found.is_some(),
                    penalty: f.penalty,
                    evidence: found.map(|m| m.evidence).unwrap_or_default(),
                    why: f.why.clone(),
                }
            })
            .collect();
        // A sentence that states a misconception earns no concept credit: "a closure copies the
        // values of the outer variables" fires closure-copies-value and must not also cover
        // "closures capture outer variables", nor "Go guarantees sequential consistency for all
        // programs, so every goroutine sees the latest write" the memory model's purpose. A
        // match whose every quote lies in a sentence holding a fired red flag's quote is void,
        // and such a sentence aligns with no model sentence. (Voiding only matches that overlap
        // the flag's own words left misconceptions on the dev halves graded 0.64 and 2.36 where
        // experts gave 0.43 and 0.86; by sentence, 0.50 and 2.18.)
        let flagged: Vec<(usize, usize)> =
            red_flags.iter().filter(|f| f.fired).flat_map(|f| f.evidence.iter().map(|e| (e.start, e.end))).collect();
        let flagged_sentences: Vec<u32> =
            a.positions.iter().filter(|p| flagged.iter().any(|&(s, t)| p.start < t && s < p.end)).map(|p| p.sentence).collect();
        let in_flagged_sentence = |e: &Evidence| {
            // (Most answers state no misconception: then no position needs a look.)
            !flagged_sentences.is_empty()
                && e.start < e.end
                && a.positions.iter().any(|p| p.start < e.end && e.start < p.end && flagged_sentences.contains(&p.sentence))
        };
        // Words named side by side in a list relate nothing (see `relates_list_items`).
        let lists = enumerations(answer);
        // The sentences a model may align with, made when the patterns of a concept first find
        // nothing (an answer whose patterns cover every concept never asks).
        let sentences = OnceCell::new();
        let sentences = || {
            sentences.get_or_init(|| {
                let listed_sentences = list_sentences(a, &lists);
                align::sentences_without(a, |stem| tables.question.id_of(stem).is_some())
                    .into_iter()
                    .filter(|s| !flagged_sentences.contains(&s.id()) && listed_sentences.binary_search(&s.id()).is_err())
                    .collect::<Vec<align::Sentence>>()
            })
        };
        // A concept is not covered by restating the question (see `Restatement`). A rubric graded
        // from its reference alone weighs question words in its own model (on SemEval train the
        // rule moved cross-validation either way by under 0.01), so it keeps its key-term matches.
        let question = QuestionWords {
            shown: self.bank.retrieval().asked_terms(index),
            shown_ids: &tables.shown,
            asked: asked.map(|q| self.lookups.asked(q)).unwrap_or_default(),
            value: tables.value.as_ref(),
            counted: &tables.counted,
            unit: tables.unit.as_deref(),
        };
        // Made when a concept's match is first weighed (an answer that matches nothing, or a
        // rubric graded from its reference, never asks).
        let restatement = OnceCell::new();
        let restating = |evidence: &[Evidence]| {
            let r = restatement.get_or_init(|| Restatement::new(a, params.gates.restating_sentence_share, |stem| question.contains(stem)));
            r.quotes_only_restating(a, evidence)
        };
        let models = self.bank.concept_models(index);
        // Made when the patterns of a concept first find nothing (then its models are asked).
        let answer_sentences = std::cell::OnceCell::new();
        let concepts: Vec<ConceptResult> = rubric
            .concepts
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let found = find_any(&c.patterns).filter(|m| {
                    !m.evidence.iter().all(&in_flagged_sentence)
                        && !relates_list_items(answer, &lists, m.evidence.iter().map(|e| (e.start, e.end)))
                        && (rubric.graded_from_reference() || !restating(&m.evidence))
                });
                // No pattern fired: a sentence said in other words may still align with a model.
                let aligned = if found.is_none() {
                    models.get(k).and_then(|m| m.align(answer_sentences.get_or_init(|| align::AnswerSentences::new(sentences()))))
                } else {
                    None
                };
                let (credit, evidence) = match (found, &aligned) {
                    (Some(m), _) => (credit_of(m.kind), m.evidence),
                    (None, Some(al)) => (params.alignment_credit, vec![sentence_evidence(a, answer, al.sentence)]),
                    (None, None) => (0.0, Vec::new()),
                };
                ConceptResult {
                    id: c.id.clone(),
                    group: c.group.clone(),
                    says: c.says.clone(),
                    core: c.core,
                    covered: credit > 0.0,
                    aligned: aligned.is_some(),
                    credit,
                    weight: c.weight,
                    evidence,
                    hint: c.hint.clone(),
                }
            })
            .collect();

        let ScoreInputs { coverage, core_coverage, .. } = ScoreInputs::new(&concepts, 0.0, 0.0, 0.0, Vec::new());
        let terms = self.bank.retrieval().distinct_terms(a);
        let sim = self.bank.retrieval().similarity_with(&terms, index, |t| tables.question.id_of(t).is_some())?;

        // Another question fits clearly better, and it is not a near-duplicate of this one (a
        // repeated exam question answers both); or the answer covers nothing of this question and
        // another fits it better at all.
        let g = &params.gates;
        let off_topic = sim.best_other.is_some_and(|(other_index, other)| {
            let clearly_better =
                other >= g.off_topic_min_similarity && other >= g.off_topic_margin * sim.own_full && coverage < g.off_topic_max_coverage;
            let better_than_nothing = coverage == 0.0 && other > g.off_topic_uncovered_margin * sim.own_full;
            !self.bank.retrieval().related(index, other_index) && (clearly_better || better_than_nothing)
        });
        let closest_other = sim
            .best_other
            .filter(|&(_, s)| s > sim.own_full)
            .map(|(i, s)| OtherQuestion { id: self.bank.rubric(i).id.clone(), similarity: round(s, 3) });
        // On a question graded from its reference alone, the off-topic gate caps only when the
        // parameters ask for it (`reference_only.off_topic_gate`).
        let off_topic_gate = !rubric.graded_from_reference() || params.reference_only.off_topic_gate;
        let off_topic_of = (off_topic && off_topic_gate).then(|| closest_other.as_ref().map_or("another question", |o| o.id.as_str()));
        let growth = matches!(tables.value, Some((ValueKind::Growth, _)));
        let mut reference_fit =
            rubric.graded_from_reference().then(|| self.reference_fit(index, a, answer, tables.precision_prior, growth));
        let fit = Fit { coverage, core_coverage, similarity: sim.own, reference_recall: reference_fit.as_ref().map(|f| f.recall) };
        let drift = Drift {
            off_topic_of,
            unfocused: self.unfocused(index, a)?,
            swapped: if tables.compares { self.swapped_roles(index, a) } else { None },
            denied: self.denied(index, a, answer, sim.own),
            reordered: self.reordered(index, a),
        };
        let gates = self.gates(rubric, &question, answer, a, &terms, fit, drift);
        let penalty: f64 = red_flags.iter().filter(|f| f.fired).map(|f| f.penalty).sum();
        let nearest = if rubric.marked.is_empty() {
            Vec::new()
        } else {
            let e = &params.examples;
            self.bank.retrieval().nearest_examples(&example_features(a), index, e.neighbours, e.min_similarity)
        };
        let mut inputs = ScoreInputs::new(&concepts, sim.own, sim.precision, penalty, gates.iter().map(|g| g.gate).collect());
        inputs.neighbours = nearest.iter().map(|n| (n.grade, n.similarity)).collect();
        inputs.reference_only = rubric.graded_from_reference();
        inputs.drafted = rubric.drafted;
        inputs.brief = question.asked.brief;
        inputs.reference_features = reference_fit.as_ref().map(|fit| reference_features(fit, sim.own, inputs.coverage));
        let parts = score(params, &inputs);
        if let Some(fit) = reference_fit.as_mut() {
            fit.probability = parts.probability.map(|p| round(p, 3));
        }
        let final_score = round(parts.score, 1);
        Ok(Grade {
            question_id: rubric.id.clone(),
            question: rubric.question.clone(),
            score: final_score,
            grade: params.grade_of(final_score),
            concepts,
            red_flags,
            similarity: round(sim.own, 3),
            off_topic,
            closest_other,
            matched_question: None,
            gates,
            nearest_examples: nearest
                .iter()
                .map(|n| NearestExample {
                    answer: rubric.marked[n.example].answer.clone(),
                    grade: n.grade,
                    similarity: round(n.similarity, 3),
                })
                .collect(),
            breakdown: Breakdown {
                coverage: round(parts.coverage, 3),
                core_coverage: inputs.core_coverage.map(|c| round(c, 3)),
                precision: round(sim.precision, 3),
                concept_points: round(parts.concept_points, 1),
                similarity_points: round(parts.similarity_points, 1),
                penalty_points: round(parts.penalty_points, 1),
                example_points: parts.example_points.map(|x| round(x, 1)),
                uncapped: round(parts.uncapped, 1),
                brief: inputs.brief,
                reference_fit,
            },
            reference: self.options.include_reference.then(|| rubric.reference.clone()),
            bank_hash: self.bank.hash().to_string(),
        })
    }

    /// How an answer to a reference-only question aligns with its reference and marked examples.
    /// `growth`: the question asks for an order of growth, said in any spelling (see
    /// [`soft_align::spell_growth`]).
    fn reference_fit(&self, index: usize, a: &Analysis, answer: &str, precision_prior: f64, growth: bool) -> ReferenceFit {
        let retrieval = self.bank.retrieval();
        let weight = self.bank.alignment_weight(index);
        let words = self.bank.rubric_words(index);
        let mut answer_words = soft_align::content_words(a, answer, self.bank.admitted(index));
        if growth {
            soft_align::spell_growth(&mut answer_words, answer, false);
        }
        let al = soft_align::align(&answer_words, &words.reference, &weight);
        let examples = (!words.examples.is_empty()).then(|| soft_align::example_evidence(&answer_words, words, &al, &weight));
        ReferenceFit {
            recall: round(al.recall, 3),
            precision: round(al.precision_with_prior(precision_prior), 3),
            overlap: round(soft_align::overlap(&answer_words, &words.reference, retrieval.asked_terms(index)), 3),
            negated: round(al.negated, 3),
            matched: al.matched.iter().map(|&i| answer[answer_words[i].start..answer_words[i].end].to_string()).collect(),
            closest_passing: examples.map(|e| round(e.correct, 3)),
            closest_failing: examples.map(|e| round(e.incorrect, 3)),
            passing_vote: examples.map(|e| round(e.vote, 3)),
            passing_like_fit: examples.map(|e| round(e.like_fit, 3)),
            probability: None,
        }
    }

    /// The `unfocused` gate's reason, when most of a long answer is about other questions (see
    /// [`focus`]).
    fn unfocused(&self, index: usize, a: &Analysis) -> Result<Option<String>> {
        let g = &self.bank.params().gates;
        let found =
            focus::elsewhere(self.bank.retrieval(), a, index, g.unfocused_min_words, g.off_topic_min_similarity, g.off_topic_margin)?;
        let Some(e) = found.filter(|e| e.words > 0 && e.elsewhere as f64 >= g.unfocused_share * e.words as f64) else { return Ok(None) };
        let ids: Vec<&str> = e.others.iter().take(3).map(|&i| self.bank.rubric(i).id.as_str()).collect();
        let more = if e.others.len() > ids.len() { ", …" } else { "" };
        let share = 100.0 * e.elsewhere as f64 / e.words as f64;
        Ok(Some(format!("{share:.0}% of its {} words are about other questions ({}{more})", a.positions.len(), ids.join(", "))))
    }

    /// The `denied` gate's reason, when most of what an answer says it does not assert: it stands
    /// under a statement-level denial ("It is not true that X. It is not true that Y. …"), is
    /// asked ("Does X?") or doubted ("I'm not sure whether X."); or when most of it is the
    /// reference's own sentences with their polarity reversed ("A nil map cannot be read. …").
    /// On every marked set a good answer denies at most 27% of its content words, myth-busting
    /// ones included: they go on to say what is true. A reference that names myths to reject
    /// them denies as much itself, and its question is left alone. Reversed sentences holding
    /// less than half the answer but at least `gates.contradicted_share` of it are the
    /// `contradicted` gate's.
    fn denied(&self, index: usize, a: &Analysis, answer: &str, similarity: f64) -> Option<(GateKind, String)> {
        let g = &self.bank.params().gates;
        let (words, denied) = a.unasserted_share(answer);
        // The reference is read only for an answer that could be capped: one that denies enough,
        // or says the reference back closely enough to contradict it sentence by sentence.
        let denies = words >= g.denied_min_words && denied >= g.denied_share;
        let close = similarity >= g.contradicted_min_similarity;
        if !denies && !close {
            return None;
        }
        let facts = self.bank.reference_facts(index);
        if facts.denied_share >= g.denied_share / 2.0 {
            return None;
        }
        if denies {
            let reason = format!("it denies, doubts or asks most of what it says ({:.0}% of its content words)", denied * 100.0);
            return Some((GateKind::Denied, reason));
        }
        // Sentences that say the reference's own sentences with the opposite polarity, holding
        // the same share of its words: three or more by their count of negators (one sentence's
        // polarity is easily misread: "without", "doesn't" and "no" in one sentence of a right
        // answer), or reversed plainly in their words (see `Contradiction::plain`), one against
        // a reference of one or two claims ("A pointer is a variable that stores the address of
        // another."), two against a longer one.
        if facts.claims.is_empty() {
            return None;
        }
        let plain_needed = if facts.claims.len() < CONTRADICTED_MIN_SENTENCES { 1 } else { 2 };
        if (a.sentence_count as usize) < plain_needed {
            return None;
        }
        let found = align::contradicted_sentences(a, &facts.claims);
        let of = |keep: fn(&align::Contradiction) -> bool| found.iter().filter(|c| keep(c)).map(|c| c.sentence).collect::<Vec<u32>>();
        let (reversed, plain) = (of(|c| c.reversed), of(|c| c.plain));
        let contradicted = if facts.claims.len() >= CONTRADICTED_MIN_SENTENCES && reversed.len() >= CONTRADICTED_MIN_SENTENCES {
            reversed
        } else if plain.len() >= plain_needed {
            plain
        } else {
            return None;
        };
        let said = a.positions.iter().filter(|p| !p.stop && contradicted.contains(&p.sentence)).count();
        let share = said as f64 / words as f64;
        if share >= g.denied_share {
            let reason = format!("most of its sentences say the opposite of the model answer's ({said} of its {words} content words)");
            Some((GateKind::Denied, reason))
        } else if share >= g.contradicted_share {
            let n = contradicted.len();
            let reason = format!("{n} of its sentences say the opposite of the model answer's ({said} of its {words} content words)");
            Some((GateKind::Contradicted, reason))
        } else {
            None
        }
    }

    /// The answer's word pairs against the reference's, when it says little but the reference's
    /// words (see [`OrderFit::says_the_reference_s_words`]); the `term-dump` gate asks whether
    /// they are shuffled ([`OrderFit::shuffled`]).
    fn reordered(&self, index: usize, a: &Analysis) -> Option<OrderFit> {
        self.bank.reference_facts(index).order.of_answer(a)
    }

    /// The `swapped-roles` gate's reason, when an answer to a comparison question (the caller
    /// asks [`Roles::compares`]) says of each side what the reference says of the other (see
    /// [`crate::bank::roles`]).
    fn swapped_roles(&self, index: usize, a: &Analysis) -> Option<String> {
        let facts = self.bank.reference_facts(index);
        let g = &self.bank.params().gates;
        if let Some(roles) = &facts.roles {
            let retrieval = self.bank.retrieval();
            let fit = roles.fit(a, &|s| retrieval.idf(s));
            return (fit.swapped_words >= g.swapped_roles_min_words && fit.swapped >= g.swapped_roles_ratio * fit.kept).then(|| {
                let [x, y] = &roles.names;
                format!("it says of {x} what the model answer says of {y}, and the other way round ({} such words)", fit.swapped_words)
            });
        }
        // A short reference, graded alone: its students answer in a clause per side, and one that
        // says of each side only the other's words has swapped them ("A stack is FIFO and a queue
        // is LIFO"). Hand-written rubrics name such swaps as red flags.
        let side_words = facts.side_words.as_ref()?;
        let fit = side_words.fit(a);
        fit.swapped_both_ways().then(|| {
            let [x, y] = &side_words.names;
            format!(
                "it says of {x} only what the model answer says of {y}, and the other way round ({} such words)",
                fit.swapped[0] + fit.swapped[1]
            )
        })
    }

    /// The caps that apply to this answer.
    #[allow(clippy::too_many_arguments)]
    fn gates(
        &self,
        rubric: &Rubric,
        question: &QuestionWords,
        answer: &str,
        a: &Analysis,
        terms: &[Atom],
        fit: Fit,
        drift: Drift,
    ) -> Vec<Gate> {
        let params = self.bank.params();
        let g = &params.gates;
        let mut gates = Vec::new();
        let mut push = |gate: GateKind, reason: String| gates.push(Gate { gate, cap: cap_of(params, gate), reason });
        let content = a.content_positions();
        if a.positions.is_empty() {
            push(GateKind::Empty, "the answer is empty".into());
            return gates;
        }
        // "The constructor" can be the whole right answer: a short answer is capped only when it
        // covers nothing (of a reference alone: nothing of it aligns, "inorder" with "In-order").
        if content < g.min_content_words && fit.coverage == 0.0 && fit.reference_recall.unwrap_or(0.0) == 0.0 {
            push(GateKind::TooShort, format!("only {content} content word(s)"));
        }
        // Without hand-written concepts a short answer's shape says little: students answer "What
        // are the four conditions for deadlock?" with a list and "How does the handshake work?"
        // with "client sends SYN, server sends SYN-ACK, client sends ACK" (on a blind
        // computer-science bank, 2% of its answers, mostly right ones, were capped as dumps).
        // A list of single words is still judged ("two, left, right, child"); a numbered list's
        // numbers are not words ("1. Mutual exclusion 2. Hold & wait …").
        let words = || a.positions.iter().filter(|p| !p.stop && !answer[p.start..p.end].bytes().all(|b| b.is_ascii_digit())).count();
        let judge_shape = !rubric.graded_from_reference() || words() >= DUMP_MIN_PROSE_WORDS || is_single_word_list(answer);
        let shape = OnceCell::new();
        let shape = || shape.get_or_init(|| self.bank.shape_model().shape(a));
        // The order model alone calls prose shuffled from a dozen words on hand-written rubrics;
        // from a reference alone, where students' terse notes are answers ("RISC: few simple
        // instructions, all the same length, load-store architecture, …" fell to −0.5 and below
        // under a course bank's model), only from `REFERENCE_ONLY_ORDER_MIN_WORDS` words, and below
        // that with the reference's word pairs (see `reordered` below).
        let order_min_words =
            if rubric.graded_from_reference() { g.shuffle_min_words.max(REFERENCE_ONLY_ORDER_MIN_WORDS) } else { g.shuffle_min_words };
        // Nor are notes that gloss each term ("address bus - which memory location, data bus - the
        // actual data, …") a list of terms: from a reference alone only their order is judged.
        let notes = rubric.graded_from_reference() && judge_shape && is_glossed_notes(answer);
        let judge_lists = judge_shape && !notes;
        if judge_lists && is_keyword_list(a, g.keyword_list_function_share) {
            push(GateKind::KeywordList, "a list of terms without sentences that relate them".into());
        } else if let Some(reason) =
            judge_shape.then(|| term_dump(shape(), answer, g, order_min_words, notes, || repeated_pairs(a))).flatten()
        {
            push(GateKind::TermDump, reason);
        } else if judge_lists && is_long_list_with_code(a, answer) {
            push(GateKind::KeywordList, "a long list of single words and code, without sentences that relate them".into());
        } else if judge_lists && is_phrase_list(answer, content) {
            push(GateKind::KeywordList, "mostly a list of phrases without sentences that relate them".into());
        } else if let Some(fit) = drift.reordered.filter(|fit| fit.shuffled(|| shape().order < g.shuffle_max_order)) {
            let reason = format!(
                "the model answer's words in an order none of its sentences has ({} of its {} words, {} of {} word pairs in the model answer's order)",
                fit.shared, fit.content, fit.kept, fit.pairs
            );
            push(GateKind::TermDump, reason);
        }
        // Restating means the words the candidate was shown: the rubric's question, and the
        // wording it was asked in, not the aliases that only help lookup ("reference time Mon
        // Jan 2 15:04:05 MST 2006" is an alias of time-handling and the answer to it).
        if !terms.is_empty() {
            // A misspelt question word is still the question's ("gorutine" restates "goroutine").
            let vocab = self.bank.vocabulary();
            // Words the bank does not know (misspellings above all) say nothing either way.
            let (mut from_question, mut known) = (0, 0);
            // Nor does code restate: "`value, ok := m[key]`" shows the comma-ok form the question
            // names. (Only code with its marks and a word of its own: the question in backticks,
            // code and all, is still the question.)
            let in_code = |k: &crate::text::Token| a.positions[k.pos as usize].code;
            let own_code = a.code_marks > 0 && {
                let asked = rubric.question.to_lowercase();
                let surface = |k: &crate::text::Token| answer[k.start..k.end].to_lowercase();
                a.tokens.iter().any(|k| in_code(k) && !a.positions[k.pos as usize].stop && !asked.contains(&surface(k)))
            };
            // The stems said outside code, gathered once (most answers have no code of their own).
            let outside_code: FxHashSet<&str> =
                if own_code { a.tokens.iter().filter(|k| !in_code(k)).map(|k| k.stem.as_str()).collect() } else { FxHashSet::default() };
            let in_code_only = |t: &Atom| own_code && !outside_code.contains(t.as_str());
            for t in terms {
                let bank_word = vocab.knows(t);
                let asked = question.contains_or_misspells(t, bank_word) && !in_code_only(t);
                from_question += usize::from(asked);
                known += usize::from(asked || bank_word);
            }
            let known = known.max(1);
            let share = from_question as f64 / known as f64;
            // A short right answer reuses the question's words too: it is a restatement when it
            // covers little, or says nothing the question did not.
            let gate = !rubric.graded_from_reference() || params.reference_only.parrot_gate;
            if gate && share >= g.parrot_share && (fit.coverage < g.parrot_max_coverage || from_question == known) {
                push(GateKind::RestatesQuestion, format!("{:.0}% of its content words come from the question itself", share * 100.0));
            }
        }
        let wrong = question.value.and_then(|value| wrong_value(value, answer)).or_else(|| wrong_count(question.counted, answer));
        let wrong_in_unit = || question.value.zip(question.unit).and_then(|((_, wanted), unit)| wrong_unit(wanted, unit, answer));
        if let Some(reason) = wrong.or_else(wrong_in_unit) {
            push(GateKind::WrongValue, reason);
        } else if let Some(reason) = question.value.and_then(|value| hedged_value(value, answer)) {
            push(GateKind::HedgedValue, reason);
        }
        if let Some(other_id) = drift.off_topic_of {
            push(GateKind::OffTopic, format!("it answers {other_id} rather than {}", rubric.id));
        }
        if let Some(reason) = drift.unfocused {
            push(GateKind::Unfocused, reason);
        }
        if let Some(reason) = drift.swapped {
            push(GateKind::SwappedRoles, reason);
        }
        if let Some((gate, reason)) = drift.denied {
            push(gate, reason);
        }
        if let Some(p) = a.retracted_at.and_then(|p| a.positions.get(p as usize)) {
            push(GateKind::Retracted, format!("it ends by taking back everything it said: “{}”", answer[p.start..].trim()));
        }
        // An interviewer hears none of what the question is about, and the answer shares little
        // with the model answer: a drift to a nearby topic ("go install" to "go run or go
        // build?"), a restatement, or one depth point said in passing. At most a fragment, however
        // kind the coverage curve is to one concept. (Without the similarity condition, right
        // answers whose core the patterns missed were capped too.) Rubrics graded from their
        // reference alone are scored by their model, without this gate.
        if fit.core_coverage == Some(0.0) && fit.similarity < g.no_core_max_similarity && !rubric.graded_from_reference() {
            push(
                GateKind::NoCore,
                format!("none of the core concepts, and little in common with the model answer (similarity {:.2})", fit.similarity),
            );
        }
        // Experts took a point off correct answers full of typos on every marked set, ours and
        // the blind ones; the typos themselves still match (see `Vocabulary::correct`). Teachers'
        // marks of reference-only banks are about content, so those rubrics are left alone.
        if !rubric.graded_from_reference() {
            let (words, misspelt) = misspellings(a, answer, self.bank.vocabulary());
            if misspelt.len() >= g.misspelt_min_words && misspelt.len() as f64 >= g.misspelt_share * words as f64 {
                let shown: Vec<&str> = misspelt.iter().take(5).copied().collect();
                let more = if misspelt.len() > shown.len() { ", …" } else { "" };
                push(
                    GateKind::Misspelt,
                    format!("{} of {words} words misspelt ({}{more}): full marks need them spelt right", misspelt.len(), shown.join(", ")),
                );
            }
        }
        gates
    }
}

/// The answer's plain lower-case words (three letters or more, outside code) and those of them
/// that are misspelt: neither a function word nor the stem of a word of the bank or of English,
/// nor two words of the bank run together (`nilfunc`, `structtag`: names, not typos). Names,
/// identifiers and contractions are not plain words, so they are never counted.
fn misspellings<'t>(a: &Analysis, answer: &'t str, vocab: &Vocabulary) -> (usize, Vec<&'t str>) {
    let mut words = 0;
    let mut misspelt = Vec::new();
    for (i, t) in a.tokens.iter().enumerate().filter(|(_, t)| t.kind == TokenKind::Word && t.via.is_none() && !t.corrected) {
        let p = &a.positions[t.pos as usize];
        // (Code and short words first: they need no slice of the answer.)
        if p.code || t.end.saturating_sub(t.start) < 3 {
            continue;
        }
        let Some(word) = answer.get(t.start..t.end) else { continue };
        if !word.bytes().all(|b| b.is_ascii_lowercase()) {
            continue;
        }
        words += 1;
        if p.stop || p.negator {
            continue;
        }
        if !vocab.knows_token(a, i) && !is_english_stem(&t.stem) && !bank_words_run_together(word, vocab) {
            misspelt.push(word);
        }
    }
    (words, misspelt)
}

/// Whether `word` is two content words of the bank, of three letters or more each, written as one.
fn bank_words_run_together(word: &str, vocab: &Vocabulary) -> bool {
    let is_bank_word = |part: &str| !is_stop_word(part) && vocab.contains(&stem_word(part));
    (3..word.len().saturating_sub(2)).any(|i| is_bank_word(&word[..i]) && is_bank_word(&word[i..]))
}

/// The position of the highest-scored grade (the first of equals: candidates come in order of
/// their wording match).
fn best_scored(graded: &[(Grade, &Candidate)]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, (g, _)) in graded.iter().enumerate() {
        if best.is_none_or(|b| g.score > graded[b].0.score) {
            best = Some(i);
        }
    }
    best
}

/// Where an answer strays from what its question's reference says, for the gates: to the
/// question it answers instead (`off-topic`), to other questions for most of a long answer
/// (`unfocused`), to the other side of a comparison (`swapped-roles`), or to denying what it says
/// (`denied`, `contradicted`). Each needs the bank beyond the rubric: other references, the reference's facts.
struct Drift<'a> {
    off_topic_of: Option<&'a str>,
    unfocused: Option<String>,
    /// Why the answer reads as the comparison the wrong way round (`swapped-roles`).
    swapped: Option<String>,
    /// Why the answer reads as denying what it says: `denied` or `contradicted`, and why.
    denied: Option<(GateKind, String)>,
    /// The answer's word pairs against the reference's, when it says mostly the reference's words
    /// (see [`Grader::reordered`]): a `term-dump` when they are shuffled.
    reordered: Option<OrderFit>,
}

/// How much of the rubric an answer covers and how close it is to the model answer: what the
/// gates weigh besides the answer's shape.
#[derive(Debug, Clone, Copy)]
struct Fit {
    /// Weighted credit share of all concepts.
    coverage: f64,
    /// Weighted credit share of the core concepts, when the rubric marks any.
    core_coverage: Option<f64>,
    /// Demoted similarity to the model answer.
    similarity: f64,
    /// On a question graded from its reference: the soft alignment's recall of the reference.
    reference_recall: Option<f64>,
}

/// The words of the question a candidate was shown: the rubric's question, and the wording it
/// was asked in, not the aliases that only help lookup ("reference time Mon Jan 2 15:04:05 MST
/// 2006" is an alias of time-handling and the answer to it).
struct QuestionWords<'r> {
    /// The rubric's question's terms, and the same as a set their atoms remember ids in.
    shown: &'r FxHashSet<String>,
    shown_ids: &'r TermSet,
    /// What the wording it was asked in says (empty when asked by id).
    asked: Arc<Asked>,
    /// The kind of value the question asks for and the reference's, if it asks for one and is
    /// graded from its reference alone.
    value: Option<&'r (ValueKind, String)>,
    /// The numbers the reference says of things, on such a question that asks for no value.
    counted: &'r [CountedThing],
    /// The unit of the count the question asks for, when the reference gives one.
    unit: Option<&'r str>,
}

impl QuestionWords<'_> {
    /// Whether `stem` is a word of the question.
    fn contains(&self, stem: &Atom) -> bool {
        self.shown_ids.id_of(stem).is_some() || self.asked.term_ids.id_of(stem).is_some()
    }

    /// Whether `stem` is a word of the question or, being no word of the bank (`bank_word`,
    /// `Vocabulary::contains`, which the caller needs too), misspells one.
    fn contains_or_misspells(&self, stem: &Atom, bank_word: bool) -> bool {
        self.contains(stem)
            || !bank_word
                && self.shown.iter().map(String::as_str).chain(self.asked.terms.iter().map(Atom::as_str)).any(|q| {
                    q.as_bytes().first() == stem.as_bytes().first()
                        && crate::text::osa_within(q, stem, allowed_edits(q.chars().count().min(stem.chars().count()))).is_some()
                })
    }
}

/// Where an answer says the question back. A concept is not covered by restating the question:
/// "So I would design the resources, pick the methods, choose the status codes, handle the errors
/// and structure the Go code" to a question about "resources, methods, status codes, errors and
/// the Go-side structure". A match whose content words are all the question's, in a sentence made
/// mostly of the question's words (`gates.restating_sentence_share`), is void; a right answer
/// often names its point in the question's words ("return a plain nil") and says more around it.
struct Restatement {
    /// The answer's content positions, and whether each is a word of the question.
    content: Vec<(usize, bool)>,
    /// Sentences whose content words are mostly the question's, ascending.
    sentences: Vec<u32>,
}

impl Restatement {
    /// `is_question_stem` tells a stem of the question (as the bank asks it or as it was asked).
    fn new(a: &Analysis, share: f64, is_question_stem: impl Fn(&Atom) -> bool) -> Restatement {
        // (Each position's first token, in one pass over the tokens.)
        // (Both lists sized up front, a huge answer's no further than an ordinary one's: grown
        // from empty, they were a handful of reallocations.)
        let mut content: Vec<(usize, bool)> = Vec::with_capacity(a.positions.len().min(MAX_PRESIZED));
        content.extend(
            (a.positions.iter().zip(a.tokens_by_position()).enumerate())
                .filter(|(_, (position, _))| !position.stop)
                .map(|(p, (_, tokens))| (p, tokens.first().is_some_and(|t| is_question_stem(&t.stem)))),
        );
        // Per sentence, in order: its content words and how many are the question's.
        let mut per_sentence: Vec<(u32, usize, usize)> = Vec::with_capacity((a.sentence_count as usize).min(MAX_PRESIZED));
        for &(p, asked) in &content {
            let s = a.positions[p].sentence;
            match per_sentence.last_mut() {
                Some(last) if last.0 == s => {
                    last.1 += 1;
                    last.2 += usize::from(asked);
                }
                _ => per_sentence.push((s, 1, usize::from(asked))),
            }
        }
        let sentences = per_sentence.into_iter().filter(|&(_, n, q)| q as f64 >= share * n as f64).map(|(s, _, _)| s).collect();
        Restatement { content, sentences }
    }

    /// Whether every content word the evidence quotes is the question's, in a restating sentence.
    fn quotes_only_restating(&self, a: &Analysis, evidence: &[Evidence]) -> bool {
        let mut quoted = self
            .content
            .iter()
            .filter(|&&(p, _)| evidence.iter().any(|e| e.start <= a.positions[p].start && a.positions[p].end <= e.end))
            .peekable();
        quoted.peek().is_some() && quoted.all(|&(p, asked)| asked && self.sentences.binary_search(&a.positions[p].sentence).is_ok())
    }
}

/// Sentences most of whose content words are items of a list (see [`enumerations`]): they align
/// with no model sentence.
fn list_sentences(a: &Analysis, lists: &[Vec<(usize, usize)>]) -> Vec<u32> {
    if lists.is_empty() {
        return Vec::new();
    }
    // Items and positions both come in text order: one walk over the two (a megabyte of prose
    // holds thousands of lists).
    let items: Vec<(usize, usize)> = lists.iter().flatten().copied().collect();
    let mut next = 0;
    let mut counts: FxHashMap<u32, (usize, usize)> = FxHashMap::default();
    for p in a.positions.iter().filter(|p| !p.stop) {
        while next < items.len() && items[next].1 <= p.start {
            next += 1;
        }
        let listed = items.get(next).is_some_and(|&(s, t)| p.start >= s && p.end <= t);
        let entry = counts.entry(p.sentence).or_default();
        entry.0 += usize::from(listed);
        entry.1 += 1;
    }
    let mut out: Vec<u32> = counts.into_iter().filter(|(_, (listed, all))| listed * 5 >= all * 3).map(|(id, _)| id).collect();
    out.sort_unstable();
    out
}

/// A value as values are compared: orders of growth with their variables named freely ("O(n + m)"
/// is "O(V + E)"), counts as they are.
fn value_key(kind: ValueKind, value: &str) -> String {
    match kind {
        ValueKind::Growth => text::growth_key(value),
        ValueKind::Count => value.to_string(),
    }
}

/// Why an answer states the wrong value: it states some of the kind the question asks for, but
/// not the reference's.
fn wrong_value((kind, wanted): &(ValueKind, String), answer: &str) -> Option<String> {
    let said = text::stated_values(answer, *kind);
    let key = |v: &str| value_key(*kind, v);
    (!said.is_empty() && !said.iter().any(|s| key(s) == key(wanted)))
        .then(|| format!("it says {} where the reference says {wanted}", said.join(", ")))
}

/// Units of one quantity, as stems: a count in one is wrong in another ("32 bytes" where the
/// reference says "32 bits"), a count in anything else ("32 address lines") is no unit.
const UNIT_FAMILIES: [&[&str]; 2] = [
    &["bit", "byte", "kb", "mb", "gb", "tb", "kib", "mib", "gib", "kilobyt", "megabyt", "gigabyt", "terabyt", "nibbl"],
    &["ns", "ms", "µs", "us", "second", "millisecond", "microsecond", "nanosecond", "minut", "hour", "day", "cycl"],
];

/// Which of the [`UNIT_FAMILIES`] a counted thing's stem is a unit of.
fn unit_family(thing: &str) -> Option<usize> {
    UNIT_FAMILIES.iter().position(|family| family.contains(&thing))
}

/// Why an answer gives the reference's count in another unit of the same quantity: "32 bytes"
/// where the reference says "32 bits", and the number in the reference's unit nowhere.
fn wrong_unit(wanted: &str, unit: &str, answer: &str) -> Option<String> {
    let said: Vec<CountedThing> = text::counted_things(answer).into_iter().filter(|t| t.number.to_string() == wanted).collect();
    if said.iter().any(|t| t.thing == unit) {
        return None;
    }
    let family = unit_family(unit)?;
    let other = said.iter().find(|t| unit_family(&t.thing) == Some(family))?;
    Some(format!("it says {} where the reference counts {wanted} in {unit}s", other.said))
}

/// Words that offer values as alternatives: "O(n) or O(n^2)", "maybe O(n)".
const HEDGES: [&str; 9] = ["or", "maybe", "perhaps", "possibly", "either", "might", "could", "probably", "guess"];

/// Why an answer hedges: it states the reference's value and others, and offers them as
/// alternatives, with a hedge between the first value and the last (or "either" just before
/// the first). Listing every value would otherwise always hold the right one. Values given for
/// different cases ("O(log n) in the worst case, O(1) at best", "or O(1) if the key is in the
/// middle") are no hedge.
fn hedged_value((kind, wanted): &(ValueKind, String), answer: &str) -> Option<String> {
    let spans = text::stated_value_spans(answer, *kind);
    text::work::add(spans.len());
    let keys: Vec<String> = spans.iter().map(|(v, _)| value_key(*kind, v)).collect();
    let wanted_key = value_key(*kind, wanted);
    let said = |range: &std::ops::Range<usize>| answer[range.clone()].trim().to_string();
    let right = &spans[keys.iter().position(|k| *k == wanted_key)?];
    // The other values, each once, in the order said (one pass: an answer may state thousands).
    let mut seen = FxHashSet::default();
    let others: Vec<String> =
        spans.iter().zip(&keys).filter(|(_, k)| **k != wanted_key && seen.insert(k.as_str())).map(|((_, range), _)| said(range)).collect();
    if others.is_empty() {
        return None;
    }
    let (first, last) = (spans.first()?.1.start, spans.last()?.1.end);
    // From the word before the first value ("either") to the end of the last one's sentence
    // (where a case it is for is named: "or O(1) if the key is in the middle").
    let from = answer[..first].trim_end().rfind(|c: char| !c.is_alphanumeric()).map_or(0, |i| i + 1);
    let to = answer[last..].find(['.', ';', '\n']).map_or(answer.len(), |i| last + i);
    let region = answer[from..to].to_lowercase();
    let words: Vec<&str> = region.split(|c: char| !c.is_alphabetic()).collect();
    let hedged = words.iter().any(|w| HEDGES.contains(w)) && !words.iter().any(|w| CASES.contains(w));
    let listed = match others.len() {
        n if n > MAX_LISTED_VALUES => format!("{} and {} more", others[..MAX_LISTED_VALUES].join(", "), n - MAX_LISTED_VALUES),
        _ => others.join(", "),
    };
    hedged.then(|| format!("it offers {listed} as well as {}", said(&right.1)))
}

/// At most this many other values are named in a `hedged-value` reason.
const MAX_LISTED_VALUES: usize = 5;

/// Words that tell the cases values are for apart: such values are no hedge.
const CASES: [&str; 7] = ["if", "when", "unless", "case", "best", "worst", "average"];

/// Why an answer gives a wrong number of something the reference counts: "a 4-way handshake"
/// where the reference says "three-way", and none of the reference's numbers anywhere. A lexical
/// match sees the same words.
fn wrong_count(reference: &[CountedThing], answer: &str) -> Option<String> {
    if reference.is_empty() {
        return None;
    }
    let said = text::counted_things(answer);
    // A number of the reference's said of anything ("3 addresses (two operands and one result)"
    // against "three operands") is an answer counting another way.
    if said.iter().any(|t| reference.iter().any(|r| r.number == t.number)) {
        return None;
    }
    // So every number the answer says is none of the reference's: the first of a thing the
    // reference counts is wrong.
    said.iter().find_map(|s| {
        let right = reference.iter().find(|r| r.thing == s.thing)?;
        Some(format!("it says {} where the reference says {}", s.said, right.said))
    })
}

/// Sentences contradicting the reference that an answer needs before it is capped as denied.
const CONTRADICTED_MIN_SENTENCES: usize = 3;

/// Prose words from which the order model alone may call an answer to a question graded from its
/// reference shuffled: below 60, real answers' mean log ratio per transition reached −0.69 on the
/// marked sets, as low as shuffled words'.
const REFERENCE_ONLY_ORDER_MIN_WORDS: usize = 60;

/// The whole of one sentence of the answer, as evidence.
fn sentence_evidence(a: &Analysis, answer: &str, sentence: u32) -> Evidence {
    let spans = a.positions.iter().filter(|p| p.sentence == sentence).map(|p| (p.start, p.end));
    let (start, end) = spans.fold((usize::MAX, 0), |(s, e), (ps, pe)| (s.min(ps), e.max(pe)));
    let (start, end) = if start <= end { (start, end) } else { (0, 0) };
    Evidence { start, end, text: answer[start..end].to_string(), fuzzy: false, means: None }
}

fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

impl Grade {
    /// The evidence of every covered concept, in answer order (for highlighting).
    pub fn all_evidence(&self) -> Vec<&Evidence> {
        let mut e: Vec<&Evidence> = self.concepts.iter().flat_map(|c| c.evidence.iter()).collect();
        e.sort_by_key(|e| e.start);
        e
    }
}
