//! Question lookup: which question of the bank an id or a free-text wording means. A wording is
//! looked up with the bank's BM25 index; a low-confidence or ambiguous lookup is an error that
//! carries the closest [`Candidate`]s, never a guess.

use super::Bank;
use crate::bank::retrieval::distinct_terms;
use crate::error::{Error, Result};
use crate::grading::QuestionMatch;
use crate::text::analyze;
use serde::Serialize;

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
            .map(|(i, c)| Candidate {
                id: self.rubrics()[i].id.clone(),
                question: self.rubrics()[i].question.clone(),
                confidence: round3(c),
            })
            .collect())
    }

    /// Resolve an id or a free-text wording to one question. A low-confidence or ambiguous
    /// lookup is an error carrying the closest candidates: never a guess.
    pub fn resolve(&self, query: &str) -> Result<QuestionMatch> {
        let trimmed = query.trim();
        if let Some(i) = self.index_of(trimmed) {
            return Ok(QuestionMatch { id: self.rubrics()[i].id.clone(), confidence: 1.0, by_answer: false });
        }
        let candidates = self.candidates(trimmed, 3)?;
        let lookup = &self.params().lookup;
        match candidates.as_slice() {
            [] => Err(Error::UnknownQuestion { query: trimmed.into(), candidates }),
            [top, ..] if top.confidence < lookup.min_confidence => Err(Error::UnknownQuestion { query: trimmed.into(), candidates }),
            [top, second, ..] if top.confidence - second.confidence < lookup.min_margin => {
                Err(Error::AmbiguousQuestion { query: trimmed.into(), candidates })
            }
            [top, ..] => Ok(QuestionMatch { id: top.id.clone(), confidence: top.confidence, by_answer: false }),
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
        let (query, candidates) = match self.resolve(query) {
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
                Ok(QuestionMatch { id: c.id.clone(), confidence: c.confidence, by_answer: true })
            }
            _ => Err(Error::AmbiguousQuestion { query, candidates }),
        }
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
