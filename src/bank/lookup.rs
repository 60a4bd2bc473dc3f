//! Question lookup: which question of the bank an id or a free-text wording means. A wording is
//! looked up with the bank's BM25 index; a low-confidence or ambiguous lookup is an error that
//! carries the closest [`Candidate`]s, never a guess.

use super::Bank;
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
            return Ok(QuestionMatch { id: self.rubrics()[i].id.clone(), confidence: 1.0 });
        }
        let candidates = self.candidates(trimmed, 3)?;
        let lookup = &self.params().lookup;
        match candidates.as_slice() {
            [] => Err(Error::UnknownQuestion { query: trimmed.into(), candidates }),
            [top, ..] if top.confidence < lookup.min_confidence => Err(Error::UnknownQuestion { query: trimmed.into(), candidates }),
            [top, second, ..] if top.confidence - second.confidence < lookup.min_margin => {
                Err(Error::AmbiguousQuestion { query: trimmed.into(), candidates })
            }
            [top, ..] => Ok(QuestionMatch { id: top.id.clone(), confidence: top.confidence }),
        }
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
