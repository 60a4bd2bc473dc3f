//! Question lookup: which question of the bank an id or a free-text wording means. A wording is
//! looked up with the bank's BM25 index; a low-confidence or ambiguous lookup is an error that
//! carries the closest [`Candidate`]s, never a guess.

use super::Bank;
use crate::bank::retrieval::distinct_terms;
use crate::error::{Error, Result};
use crate::text::{analyze, asks_for_brevity, Atom, IdSlot, TermSet};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::sync::{Arc, OnceLock, RwLock};

/// Which question of the bank a free-text wording means.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionMatch {
    /// The id of the question the wording resolved to.
    pub id: String,
    /// 1.0 for an exact id; otherwise the lookup's confidence 0..=1.
    pub confidence: f64,
    /// The wording was ambiguous between near-identical questions and the answer decided: it
    /// fits this question's reference clearly better than the others'.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub by_answer: bool,
    /// Other questions the wording could equally mean. The answer was graded against each of
    /// them and this one, and kept the most favourable grade: an unclear question is the
    /// asker's fault, not the candidate's.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub alternatives: Vec<String>,
}

/// A question the lookup could not settle, with the closest candidates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The candidate question's id.
    pub id: String,
    /// Its wording in the bank, so a user can tell which one was meant.
    pub question: String,
    /// How well the wording matched it, 0..=1 (three decimals).
    pub confidence: f64,
}

impl Bank {
    /// Candidate questions for a wording, best first.
    pub fn candidates(&self, text: &str, limit: usize) -> Result<Vec<Candidate>> {
        let hits = self.retrieval().lookup(&analyze(text), limit, self.params().lookup.precision_beta)?;
        Ok(hits
            .into_iter()
            .map(|(i, c)| Candidate { id: self.rubric(i).id.clone(), question: self.rubric(i).question.to_string(), confidence: round3(c) })
            .collect())
    }

    /// Questions whose reference answers best fit a wording's words, best first, with their
    /// wording confidence (0 when the wording matched none of their wordings): where an unclear
    /// wording names something only a reference mentions, the answer may confirm one of them.
    pub fn reference_candidates(&self, text: &str, limit: usize) -> Result<Vec<Candidate>> {
        let a = analyze(text);
        let by_wording = self.retrieval().lookup(&a, usize::MAX, self.params().lookup.precision_beta)?;
        Ok(self
            .retrieval()
            .closest_references(&a, limit)
            .into_iter()
            .map(|i| Candidate {
                id: self.rubric(i).id.clone(),
                question: self.rubric(i).question.to_string(),
                confidence: round3(by_wording.iter().find(|(r, _)| *r == i).map_or(0.0, |(_, c)| *c)),
            })
            .collect())
    }

    /// Resolve an id or a free-text wording to one question. A low-confidence or ambiguous
    /// lookup is an error carrying the closest candidates: never a guess.
    pub fn resolve(&self, query: &str) -> Result<QuestionMatch> {
        let trimmed = query.trim();
        if let Some(i) = self.index_of(trimmed) {
            return Ok(QuestionMatch { id: self.rubric(i).id.clone(), confidence: 1.0, by_answer: false, alternatives: Vec::new() });
        }
        let candidates = self.candidates(trimmed, 3)?;
        let lookup = &self.params().lookup;
        match candidates.as_slice() {
            [] => Err(Error::UnknownQuestion { query: trimmed.into(), candidates }),
            [top, ..] if top.confidence < lookup.min_confidence => Err(Error::UnknownQuestion { query: trimmed.into(), candidates }),
            [top, second, ..] if top.confidence - second.confidence < lookup.min_margin => {
                Err(Error::AmbiguousQuestion { query: trimmed.into(), candidates })
            }
            [top, ..] => Ok(QuestionMatch { id: top.id.clone(), confidence: top.confidence, by_answer: false, alternatives: Vec::new() }),
        }
    }
}

impl Bank {
    /// Resolve a wording with the answer's help. When the wording alone is ambiguous between
    /// questions of nearly equal confidence ("what does a nil channel do in a select?" fits the
    /// nil-channel and the nil-values questions), the one whose reference the answer fits
    /// clearly best is taken. Only candidates the wording already made close can win, so an
    /// off-topic answer cannot pull the question elsewhere; an unknown wording stays unknown.
    pub fn resolve_for_answer(&self, query: &str, answer: &str) -> Result<QuestionMatch> {
        self.settle_by_answer(self.resolve(query), answer)
    }

    fn settle_by_answer(&self, resolved: Result<QuestionMatch>, answer: &str) -> Result<QuestionMatch> {
        match resolved {
            Err(Error::AmbiguousQuestion { query, candidates }) => {
                self.settle_by_terms(query, candidates, &distinct_terms(&self.analyze_answer(answer)))
            }
            other => other,
        }
    }

    /// The close candidates of an ambiguous wording (within `min_margin` of the best) settled by
    /// an answer, given by its [`distinct_terms`]; still ambiguous when it settles none.
    pub(crate) fn settle_by_terms(&self, query: String, candidates: Vec<Candidate>, terms: &[Atom]) -> Result<QuestionMatch> {
        let lookup = &self.params().lookup;
        let top = candidates.first().map_or(0.0, |c| c.confidence);
        let close: Vec<(usize, &Candidate)> = candidates
            .iter()
            .filter(|c| top - c.confidence < lookup.min_margin)
            .map(|c| (self.index_of(&c.id).expect("a candidate is a question of the bank"), c))
            .collect();
        // Best first, by `measure` of each close candidate.
        let ranked = |measure: &dyn Fn(usize) -> Result<f64>| -> Result<Vec<(f64, &Candidate)>> {
            let mut by: Vec<(f64, &Candidate)> = close.iter().map(|&(i, c)| Ok((measure(i)?, c))).collect::<Result<_>>()?;
            by.sort_by(|a, b| b.0.total_cmp(&a.0));
            Ok(by)
        };
        // The reference the answer fits clearly best: by a margin, or (where every fit is low,
        // as a wrong answer's is) several times the next fit. Failing that, the one question the
        // answer echoes most of while echoing under half as much of any other: a restated
        // question restates the question it was asked.
        let settled = match ranked(&|i| Ok(self.retrieval().similarity(terms, i)?.own_full))?.as_slice() {
            [(best, c), (second, _), ..]
                if best - second >= lookup.answer_margin || (*best >= lookup.answer_margin && *best >= lookup.answer_ratio * second) =>
            {
                Some(*c)
            }
            _ => match ranked(&|i| self.retrieval().question_recall(terms, i))?.as_slice() {
                [(best, c), (second, _), ..] if *best >= lookup.echo_floor && 2.0 * second <= *best => Some(*c),
                _ => None,
            },
        };
        match settled {
            Some(c) => Ok(QuestionMatch { id: c.id.clone(), confidence: c.confidence, by_answer: true, alternatives: Vec::new() }),
            None => Err(Error::AmbiguousQuestion { query, candidates }),
        }
    }
}

/// Wordings already looked up, with what the lookup said (the part that does not depend on the
/// answer). A batch names the same question in the same words thousands of times, and a lookup
/// by wording costs about as much as grading the answer. Bounded: past [`LookupMemo::LIMIT`]
/// wordings, new ones are looked up every time.
#[derive(Debug, Default)]
pub(crate) struct LookupMemo {
    known: RwLock<FxHashMap<String, Looked>>,
    /// What each wording says about how it was asked, computed once per wording.
    asked: RwLock<FxHashMap<String, Arc<Asked>>>,
}

/// What a question's wording tells the grader besides which question it is.
#[derive(Debug, Default)]
pub(crate) struct Asked {
    /// Its distinct index terms, for the restatement gate (which compares an answer with the
    /// words it was asked in).
    pub terms: Vec<Atom>,
    /// The same as a set their atoms remember ids in: the gate asks of every answer word.
    pub term_ids: TermSet,
    /// Whether it asks for a short answer ([`asks_for_brevity`]; lower-casing the wording and
    /// searching it for every cue on every answer cost 3% of a batch by text).
    pub brief: bool,
    /// The questions whose references best fit its words ([`Bank::reference_candidates`]), once
    /// an answer has needed them: an unclear wording looked them up again for every answer.
    by_reference: OnceLock<Vec<Candidate>>,
}

/// A remembered lookup.
#[derive(Debug, Clone)]
enum Looked {
    Found(QuestionMatch),
    Unknown(Vec<Candidate>),
    Ambiguous(Vec<Candidate>),
}

impl LookupMemo {
    /// Most wordings remembered.
    pub const LIMIT: usize = 10_000;

    /// What a wording says about how it was asked, remembered like its lookup.
    pub(crate) fn asked(&self, wording: &str) -> Arc<Asked> {
        if let Some(asked) = self.asked.read().ok().and_then(|known| known.get(wording).cloned()) {
            return asked;
        }
        let terms = distinct_terms(&analyze(wording));
        let term_ids = TermSet::new(terms.iter().map(Atom::as_str), IdSlot::Asked);
        let asked = Arc::new(Asked { terms, term_ids, brief: asks_for_brevity(wording), ..Asked::default() });
        if let Ok(mut known) = self.asked.write() {
            if known.len() < Self::LIMIT {
                known.insert(wording.to_string(), asked.clone());
            }
        }
        asked
    }

    /// The two questions whose references best fit a wording's words
    /// ([`Bank::reference_candidates`]), remembered with the wording.
    pub(crate) fn reference_candidates(&self, bank: &Bank, wording: &str) -> Result<Vec<Candidate>> {
        let asked = self.asked(wording);
        if let Some(found) = asked.by_reference.get() {
            return Ok(found.clone());
        }
        let found = bank.reference_candidates(wording, 2)?;
        Ok(asked.by_reference.get_or_init(|| found).clone())
    }

    /// [`Bank::resolve`], remembered: what the wording alone says.
    pub(crate) fn resolve(&self, bank: &Bank, query: &str) -> Result<QuestionMatch> {
        let trimmed = query.trim();
        let remembered = self.known.read().ok().and_then(|known| known.get(trimmed).cloned());
        let looked = match remembered {
            Some(looked) => looked,
            None => {
                let looked = match bank.resolve(trimmed) {
                    Ok(found) => Looked::Found(found),
                    Err(Error::UnknownQuestion { candidates, .. }) => Looked::Unknown(candidates),
                    Err(Error::AmbiguousQuestion { candidates, .. }) => Looked::Ambiguous(candidates),
                    Err(other) => return Err(other),
                };
                if let Ok(mut known) = self.known.write() {
                    if known.len() < Self::LIMIT {
                        known.insert(trimmed.to_string(), looked.clone());
                    }
                }
                looked
            }
        };
        match looked {
            Looked::Found(found) => Ok(found),
            Looked::Unknown(candidates) => Err(Error::UnknownQuestion { query: trimmed.into(), candidates }),
            Looked::Ambiguous(candidates) => Err(Error::AmbiguousQuestion { query: trimmed.into(), candidates }),
        }
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The answer's reference fits and question echoes for each candidate of an ambiguous
    /// wording, best first.
    fn fits_of(bank: &Bank, wording: &str, answer: &str) -> (Vec<f64>, Vec<(String, f64)>) {
        let Err(Error::AmbiguousQuestion { candidates, .. }) = bank.resolve(wording) else { panic!("{wording:?} is not ambiguous") };
        let terms = distinct_terms(&bank.analyze_answer(answer));
        let top = candidates[0].confidence;
        let close = candidates.iter().filter(|c| top - c.confidence < bank.params().lookup.min_margin);
        let mut fits = Vec::new();
        let mut echoes = Vec::new();
        for c in close {
            let i = bank.index_of(&c.id).unwrap();
            fits.push(bank.retrieval().similarity(&terms, i).unwrap().own_full);
            echoes.push((c.id.clone(), bank.retrieval().question_recall(&terms, i).unwrap()));
        }
        fits.sort_by(|a, b| b.total_cmp(a));
        echoes.sort_by(|a, b| b.1.total_cmp(&a.1));
        (fits, echoes)
    }

    #[test]
    fn a_wrong_answer_settles_the_question_its_reference_fits_several_times_better() {
        let bank = Bank::shipped().unwrap();
        let wording = "What is GOMAXPROCS?";
        let answer = "With one P only one goroutine runs at a time, so goroutines never interleave: data races are impossible and the mutexes can go.";
        let (fits, _) = fits_of(&bank, wording, answer);
        let lookup = &bank.params().lookup;
        // No margin decides it, but one fit is several times the other.
        assert!(fits[0] - fits[1] < lookup.answer_margin && fits[0] >= lookup.answer_ratio * fits[1], "{fits:?}");
        let m = bank.resolve_for_answer(wording, answer).unwrap();
        assert_eq!(m.id, "gomaxprocs-one");
        assert!(m.by_answer);
    }

    #[test]
    fn an_answer_that_restates_one_candidates_question_settles_it() {
        let bank = Bank::shipped().unwrap();
        let wording = "What is GOMAXPROCS?";
        let answer = "When a Go program runs with GOMAXPROCS=1, what changes is how goroutines execute, whether data \
                      races are then impossible, and when the setting is actually useful.";
        let (fits, echoes) = fits_of(&bank, wording, answer);
        let lookup = &bank.params().lookup;
        let by_fit =
            fits[0] - fits[1] >= lookup.answer_margin || fits[0] >= lookup.answer_margin && fits[0] >= lookup.answer_ratio * fits[1];
        assert!(!by_fit, "the references do not settle it: {fits:?}");
        assert_eq!(echoes[0].0, "gomaxprocs-one", "{echoes:?}");
        let m = bank.resolve_for_answer(wording, answer).unwrap();
        assert_eq!(m.id, "gomaxprocs-one");
        // Echoing two questions alike settles nothing.
        let both =
            "GOMAXPROCS=1 changes how goroutines execute; the GOMAXPROCS setting controls a default value you override in a container.";
        let (_, echoes) = fits_of(&bank, wording, both);
        assert!(echoes[0].1 < 2.0 * echoes[1].1 || echoes[0].1 < lookup.echo_floor, "{echoes:?}");
    }
}
