//! Focus: how much of a long answer is about other questions of the bank.
//!
//! Concept patterns and similarity look for what an answer says about its own question; neither
//! notices what else it says. Pasting the model answers of a dozen questions into every answer
//! (60 KB of them) covered every concept of each and graded 5, however little of it was about
//! the question asked. So a long answer is cut into passages of a few sentences, each passage is
//! compared with every reference of the bank, and when most of the answer's words sit in
//! passages that clearly fit another question (the off-topic gate's own test, near-duplicate
//! questions excepted) the `unfocused` gate caps it: the right content buried in unrelated text.

use crate::bank::retrieval::{distinct_terms_of, Retrieval};
use crate::error::Result;
use crate::text::{Analysis, Atom};
use std::collections::BTreeMap;

/// A passage closes at the first sentence end after this many words.
pub const PASSAGE_WORDS: usize = 40;
/// At most this many passages are compared (evenly spread), so a huge answer costs no more.
pub const MAX_PASSAGES: usize = 64;

/// What a long answer says about other questions.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Elsewhere {
    /// Words of the passages compared.
    pub words: usize,
    /// Words of those passages that fit another question clearly better than this one.
    pub elsewhere: usize,
    /// The other questions (rubric indexes), most words first.
    pub others: Vec<usize>,
}

/// Passage-by-passage placement of an answer of at least `min_words` words against rubric
/// `own`; `None` for a shorter answer. A passage is elsewhere when another reference fits it at
/// least `min_similarity` and `margin` times better than its own (as the off-topic gate judges a
/// whole answer), and that question is not a near-duplicate of this one.
pub(crate) fn elsewhere(
    retrieval: &Retrieval,
    a: &Analysis,
    own: usize,
    min_words: usize,
    min_similarity: f64,
    margin: f64,
) -> Result<Option<Elsewhere>> {
    if a.positions.len() < min_words {
        return Ok(None);
    }
    let passages = passages(a);
    let step = passages.len().div_ceil(MAX_PASSAGES).max(1);
    let (mut words, mut elsewhere) = (0, 0);
    let mut others: BTreeMap<usize, usize> = BTreeMap::new();
    for &(first, end) in passages.iter().step_by(step) {
        let n = (end - first) as usize;
        words += n;
        let sim = retrieval.similarity(&passage_terms(a, first, end), own)?;
        if let Some((other, s)) = sim.best_other {
            if s >= min_similarity && s >= margin * sim.own_full && !retrieval.related(own, other) {
                elsewhere += n;
                *others.entry(other).or_default() += n;
            }
        }
    }
    let mut others: Vec<(usize, usize)> = others.into_iter().collect();
    others.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    Ok(Some(Elsewhere { words, elsewhere, others: others.into_iter().map(|(i, _)| i).collect() }))
}

/// The answer's passages as ranges of positions `[first, end)`: whole sentences, closed at the
/// first sentence end after [`PASSAGE_WORDS`] words (the last one takes what is left).
fn passages(a: &Analysis) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut first = 0u32;
    for (i, p) in a.positions.iter().enumerate() {
        let i = i as u32;
        let sentence_ends = a.positions.get(i as usize + 1).is_none_or(|next| next.sentence != p.sentence);
        if sentence_ends && (i + 1 - first) as usize >= PASSAGE_WORDS {
            out.push((first, i + 1));
            first = i + 1;
        }
    }
    if (first as usize) < a.positions.len() {
        out.push((first, a.positions.len() as u32));
    }
    out
}

/// The distinct index terms of the positions `[first, end)` (see [`distinct_terms_of`]).
fn passage_terms(a: &Analysis, first: u32, end: u32) -> Vec<Atom> {
    // Tokens are in position order.
    let (lo, hi) = (a.tokens.partition_point(|t| t.pos < first), a.tokens.partition_point(|t| t.pos < end));
    distinct_terms_of(a, &a.tokens[lo..hi])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    #[test]
    fn passages_are_whole_sentences_of_at_least_forty_words_and_cover_the_answer() {
        // Ten sentences of ten words.
        let text = "one two three four five six seven eight nine ten. ".repeat(10);
        let a = analyze(&text);
        assert_eq!(a.positions.len(), 100);
        assert_eq!(passages(&a), vec![(0, 40), (40, 80), (80, 100)]);
        // One long sentence is one passage; an empty text has none.
        let a = analyze(&"word ".repeat(90));
        assert_eq!(passages(&a), vec![(0, 90)]);
        assert!(passages(&analyze("")).is_empty());
        let terms = passage_terms(&analyze("Channels block. Channels and mutexes block"), 2, 6);
        let terms: Vec<&str> = terms.iter().map(|t| t.as_str()).collect();
        assert_eq!(terms, ["channel", "mutex", "block"], "distinct stems of the second sentence, function words left out");
    }
}
