//! Question lookup: which question of the bank an id or a free-text wording means. A wording is
//! looked up with the bank's BM25 index; a low-confidence or ambiguous lookup is an error that
//! carries the closest [`Candidate`]s, never a guess.

use super::Bank;
use crate::bank::retrieval::distinct_terms;
use crate::error::{Error, Result};
use crate::grading::QuestionMatch;
use crate::text::{analyze, asks_for_brevity};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::sync::{Arc, RwLock};

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

    /// [`Bank::resolve_for_answer`], looking the wording up in `memo` first.
    pub(crate) fn resolve_for_answer_memo(&self, query: &str, answer: &str, memo: &LookupMemo) -> Result<QuestionMatch> {
        self.settle_by_answer(memo.resolve(self, query), answer)
    }

    pub(crate) fn settle_by_answer(&self, resolved: Result<QuestionMatch>, answer: &str) -> Result<QuestionMatch> {
        let (query, candidates) = match resolved {
            Err(Error::AmbiguousQuestion { query, candidates }) => (query, candidates),
            other => return other,
        };
        let lookup = &self.params().lookup;
        let terms = distinct_terms(&self.analyze_answer(answer));
        let top = candidates.first().map_or(0.0, |c| c.confidence);
        let mut fits: Vec<(f64, &Candidate)> = Vec::new();
        for c in candidates.iter().filter(|c| top - c.confidence < lookup.min_margin) {
            let index = self.index_of(&c.id).expect("a candidate is a question of the bank");
            fits.push((self.retrieval().similarity(&terms, index)?.own_full, c));
        }
        fits.sort_by(|a, b| b.0.total_cmp(&a.0));
        match fits.as_slice() {
            [(best, c), (second, _), ..] if best - second >= lookup.answer_margin => {
                Ok(QuestionMatch { id: c.id.clone(), confidence: c.confidence, by_answer: true, alternatives: Vec::new() })
            }
            _ => Err(Error::AmbiguousQuestion { query, candidates }),
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
    pub terms: Vec<String>,
    /// Whether it asks for a short answer ([`asks_for_brevity`]; lower-casing the wording and
    /// searching it for every cue on every answer cost 3% of a batch by text).
    pub brief: bool,
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
        let asked = Arc::new(Asked { terms: distinct_terms(&analyze(wording)), brief: asks_for_brevity(wording) });
        if let Ok(mut known) = self.asked.write() {
            if known.len() < Self::LIMIT {
                known.insert(wording.to_string(), asked.clone());
            }
        }
        asked
    }

    /// [`Bank::resolve`], remembered.
    fn resolve(&self, bank: &Bank, query: &str) -> Result<QuestionMatch> {
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
