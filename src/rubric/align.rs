//! Model sentences: partial credit for a concept said in other words.
//!
//! Every concept's `says` and `examples` are model sentences. When no pattern of a concept fires,
//! an answer sentence that aligns with one of them still earns `alignment_credit`: its content
//! words (stems, plus the bank terms the lexicon added) cover enough of the model sentence's
//! rare words, question words left out, with the same polarity. In the spirit of Sultan et al.
//! (NAACL 2016) alignment and soft cardinality (SemEval 2013), without a language model.
//!
//! A sentence that fits one of the concept's counter-examples at least as well earns nothing:
//! counter-examples are written to be near misses.

use crate::text::{Analysis, Atom};
use rustc_hash::{FxHashMap, FxHashSet};

/// One model sentence: its content stems with their weights (bank IDF), and its polarity.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Model {
    terms: FxHashMap<String, f64>,
    total: f64,
    negated: bool,
}

/// The model sentences of one concept, and its counter-examples.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ConceptModels {
    models: Vec<Model>,
    counters: Vec<Model>,
}

/// An answer sentence that aligned with a model sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// The sentence, as positions of the answer.
    pub sentence: u32,
    /// Weighted share of the model sentence's words that the answer sentence has.
    pub recall: f64,
    /// The shared stems.
    pub shared: Vec<String>,
}

/// An answer sentence must hold at least this share of a model sentence's weight ...
pub const MIN_RECALL: f64 = 0.45;
/// ... in at least this many distinct content words.
pub const MIN_SHARED: usize = 2;

/// One sentence of a text as the aligner sees it.
#[derive(Debug, Clone)]
pub struct Sentence {
    id: u32,
    /// Shared with the answer's tokens, not copied; a stem may repeat (a set of them was a
    /// string hash per answer word, and the aligner's per-block map takes each once anyway).
    stems: Vec<Atom>,
    /// An odd number of negators in it, or a statement-level denial over it.
    negated: bool,
}

impl Sentence {
    /// The sentence's number in the analysis (`Position::sentence`).
    pub fn id(&self) -> u32 {
        self.id
    }
}

/// The sentences of a reference answer as [`contradicted_sentences`] compares them (the first 64
/// of four content stems or more): for every stem, the sentences that hold it (bits), and for
/// every sentence its number of distinct stems and its polarity.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Claims {
    holding: FxHashMap<Atom, u64>,
    sizes: Vec<usize>,
    negated: u64,
}

/// The claims of a reference answer (see [`Claims`]).
pub fn claims(a: &Analysis) -> Claims {
    let mut c = Claims::default();
    for s in sentences_without(a, |_| false) {
        let stems: FxHashSet<Atom> = s.stems.into_iter().collect();
        if stems.len() < CLAIM_MIN_STEMS || c.sizes.len() == 64 {
            continue;
        }
        let bit = 1u64 << c.sizes.len();
        c.sizes.push(stems.len());
        c.negated |= if s.negated { bit } else { 0 };
        for t in stems {
            *c.holding.entry(t).or_default() |= bit;
        }
    }
    c
}

/// Content stems a sentence needs before it is compared as a claim (see [`claims`]).
const CLAIM_MIN_STEMS: usize = 4;

/// The answer's sentences that say what a sentence of the reference says, with the opposite
/// polarity: most of the words of each (70% of the answer sentence's distinct stems, 60% of the
/// reference sentence's), one negated and the other not ("A nil map can be read." against "A
/// nil map cannot be read."), and no reference sentence as close with the same polarity. The
/// reference said back with its claims negated contradicts it; an answer in its own words
/// seldom comes that close to a sentence of the reference and says the opposite.
pub fn contradicted_sentences(a: &Analysis, reference: &Claims) -> Vec<u32> {
    let mut out = Vec::new();
    if reference.sizes.is_empty() {
        return out;
    }
    let mut shared = [0usize; 64];
    // One sentence at a time, its stems borrowed (as [`sentences_without`] reads them, without
    // copying them), and its polarity.
    let mut stems: Vec<&Atom> = Vec::new();
    let (mut negators, mut denied) = (0usize, false);
    let mut judge = |id: u32, stems: &mut Vec<&Atom>, negated: bool| {
        if stems.len() < CLAIM_MIN_STEMS {
            return;
        }
        // An upper bound first, with repeated stems counted each time: a sentence that shares
        // too few stems with every reference sentence even so (nearly every sentence of a long
        // answer) needs no sorting of its stems by their strings. Exact: the bound is never
        // below the count of distinct stems shared.
        let mut touched = 0u64;
        for t in stems.iter() {
            let mut bits = reference.holding.get(*t).copied().unwrap_or(0);
            touched |= bits;
            while bits != 0 {
                shared[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
        }
        let mut close = false;
        while touched != 0 {
            let i = touched.trailing_zeros() as usize;
            touched &= touched - 1;
            close |= std::mem::take(&mut shared[i]) * 10 >= reference.sizes[i] * 6;
        }
        if !close {
            return;
        }
        stems.sort_unstable();
        stems.dedup();
        if stems.len() < CLAIM_MIN_STEMS {
            return;
        }
        // Each stem counts for every reference sentence that holds it.
        let mut touched = 0u64;
        for t in stems.iter() {
            let mut bits = reference.holding.get(*t).copied().unwrap_or(0);
            touched |= bits;
            while bits != 0 {
                shared[bits.trailing_zeros() as usize] += 1;
                bits &= bits - 1;
            }
        }
        let (mut same, mut opposite) = (false, false);
        while touched != 0 {
            let i = touched.trailing_zeros() as usize;
            touched &= touched - 1;
            let n = std::mem::take(&mut shared[i]);
            if n * 10 >= stems.len() * 7 && n * 10 >= reference.sizes[i] * 6 {
                let reversed = (reference.negated & (1 << i) != 0) != negated;
                (same, opposite) = (same || !reversed, opposite || reversed);
            }
        }
        if opposite && !same {
            out.push(id);
        }
    };
    let mut current = None;
    for ((i, p), tokens) in a.positions.iter().enumerate().zip(a.tokens_by_position()) {
        if current != Some(p.sentence) {
            if let Some(id) = current {
                judge(id, &mut stems, (negators % 2 == 1) ^ denied);
            }
            (current, negators, denied) = (Some(p.sentence), 0, false);
            stems.clear();
        }
        negators += usize::from(p.negator);
        denied |= !a.denied_by[i].is_empty();
        if !p.stop && !p.negator {
            stems.extend(tokens.iter().map(|t| &t.stem));
        }
    }
    if let Some(id) = current {
        judge(id, &mut stems, (negators % 2 == 1) ^ denied);
    }
    out
}

/// Content stems of each sentence of an analysed text, with the sentence's polarity; words in
/// `leave_out` (the question's) are left out.
pub fn sentences(a: &Analysis, leave_out: &FxHashSet<String>) -> Vec<Sentence> {
    sentences_without(a, |stem| leave_out.contains(stem.as_str()))
}

/// [`sentences`], leaving out the stems `leave_out` says are the question's.
pub fn sentences_without(a: &Analysis, leave_out: impl Fn(&Atom) -> bool) -> Vec<Sentence> {
    let mut out: Vec<Sentence> = Vec::new();
    let mut negators = 0usize;
    let mut denied = false;
    for ((i, p), tokens) in a.positions.iter().enumerate().zip(a.tokens_by_position()) {
        if out.last().is_none_or(|s| s.id != p.sentence) {
            if let Some(last) = out.last_mut() {
                last.negated = (negators % 2 == 1) ^ denied;
            }
            out.push(Sentence { id: p.sentence, stems: Vec::new(), negated: false });
            (negators, denied) = (0, false);
        }
        negators += usize::from(p.negator);
        denied |= !a.denied_by[i].is_empty();
        if !p.stop && !p.negator {
            let current = out.last_mut().unwrap();
            current.stems.extend(tokens.iter().filter(|t| !leave_out(&t.stem)).map(|t| t.stem.clone()));
        }
    }
    if let Some(last) = out.last_mut() {
        last.negated = (negators % 2 == 1) ^ denied;
    }
    out
}

fn model(a: &Analysis, leave_out: &FxHashSet<String>, idf: &dyn Fn(&str) -> f64) -> Option<Model> {
    let distinct = |s: &Sentence| s.stems.iter().collect::<FxHashSet<_>>().len();
    let longest = sentences(a, leave_out).into_iter().max_by_key(distinct)?;
    let terms: FxHashMap<String, f64> = longest.stems.into_iter().map(|s| (s.to_string(), idf(&s).max(0.1))).collect();
    let total = terms.values().sum();
    (terms.len() >= MIN_SHARED).then_some(Model { terms, total, negated: longest.negated })
}

/// The weighted share of `m`'s words that the sentence with bit `bit` of `present` has;
/// `shared` is left holding those words and their weights, sorted (the weights are summed in
/// that order). `present` are `m`'s words that the answer has, sorted, each with its weight and
/// the sentences that have it ([`AnswerSentences`]). Borrowed, into a buffer the caller reuses:
/// only the best alignment's words are copied.
fn recall<'m>(m: &Model, present: &[(&'m str, f64, u64)], bit: u64, shared: &mut Vec<(&'m str, f64)>) -> f64 {
    shared.clear();
    shared.extend(present.iter().filter(|&&(_, _, in_sentences)| in_sentences & bit != 0).map(|&(t, w, _)| (t, w)));
    let weight: f64 = shared.iter().map(|&(_, w)| w).sum();
    if m.total > 0.0 {
        weight / m.total
    } else {
        0.0
    }
}

/// An answer's sentences as [`ConceptModels::align`] reads them: in blocks of 64, each with the
/// sentences (bits) of the block that hold each stem. Every concept's model words are then looked
/// up once per block, where they were looked up in every sentence.
pub struct AnswerSentences<'s> {
    blocks: Vec<(&'s [Sentence], FxHashMap<&'s str, u64>)>,
}

impl<'s> AnswerSentences<'s> {
    pub fn new(sentences: &'s [Sentence]) -> Self {
        let blocks = sentences
            .chunks(64)
            .map(|block| {
                // Sized for the block's stems, repeats and all (growing the map from empty rehashed
                // it four or five times for an ordinary answer), but no further.
                let stems = block.iter().map(|s| s.stems.len()).sum::<usize>().min(crate::rubric::matcher::MAX_PRESIZED);
                let mut holding: FxHashMap<&str, u64> = FxHashMap::with_capacity_and_hasher(stems, Default::default());
                for (j, s) in block.iter().enumerate() {
                    for stem in &s.stems {
                        *holding.entry(stem.as_str()).or_default() |= 1 << j;
                    }
                }
                (block, holding)
            })
            .collect();
        AnswerSentences { blocks }
    }
}

/// `m`'s words that a block's sentences have (see [`recall`]).
fn present<'m>(m: &'m Model, holding: &FxHashMap<&str, u64>) -> Vec<(&'m str, f64, u64)> {
    let mut present: Vec<(&str, f64, u64)> =
        m.terms.iter().filter_map(|(t, &w)| holding.get(t.as_str()).map(|&in_sentences| (t.as_str(), w, in_sentences))).collect();
    present.sort_unstable_by(|a, b| a.0.cmp(b.0));
    present
}

impl ConceptModels {
    /// Build from a concept's model sentences and counter-examples, analysed; `leave_out` are the
    /// question's words (restating the question aligns with nothing), `idf` weighs the words.
    pub fn new(models: &[Analysis], counters: &[Analysis], leave_out: &FxHashSet<String>, idf: &dyn Fn(&str) -> f64) -> Self {
        ConceptModels {
            models: models.iter().filter_map(|a| model(a, leave_out, idf)).collect(),
            counters: counters.iter().filter_map(|a| model(a, leave_out, idf)).collect(),
        }
    }

    /// The best-aligned answer sentence (see [`sentences`]), if one aligns well enough.
    pub fn align(&self, answer: &AnswerSentences) -> Option<Alignment> {
        if self.models.is_empty() {
            return None;
        }
        let mut shared = Vec::new();
        let mut best: Option<Alignment> = None;
        for (block, holding) in &answer.blocks {
            // A model whose words in the whole block are too few, or weigh too little, aligns
            // with none of its sentences: a sentence shares a part of them, and its weight is
            // summed over that part in the same order (weights are positive, so the part's sum is
            // never the larger, rounding included). Such a model's sentences are not read, nor,
            // without another model, the counter-examples.
            let models: Vec<_> = self
                .models
                .iter()
                .map(|m| (m, present(m, holding)))
                .filter(|(m, present)| {
                    let weight: f64 = present.iter().map(|&(_, w, _)| w).sum();
                    present.len() >= MIN_SHARED && weight / m.total >= MIN_RECALL
                })
                .collect();
            if models.is_empty() {
                continue;
            }
            let counters: Vec<_> = self.counters.iter().map(|c| (c, present(c, holding))).collect();
            for (j, s) in block.iter().enumerate() {
                let bit = 1 << j;
                let counter = counters
                    .iter()
                    .filter(|(c, _)| c.negated == s.negated)
                    .map(|(c, present)| recall(c, present, bit, &mut shared))
                    .fold(0.0, f64::max);
                for (m, present) in models.iter().filter(|(m, _)| m.negated == s.negated) {
                    let r = recall(m, present, bit, &mut shared);
                    if r >= MIN_RECALL && shared.len() >= MIN_SHARED && r > counter && best.as_ref().is_none_or(|b| r > b.recall) {
                        best = Some(Alignment { sentence: s.id, recall: r, shared: shared.iter().map(|&(t, _)| t.to_string()).collect() });
                    }
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    #[test]
    fn a_sentence_of_the_reference_with_its_polarity_reversed_contradicts_it() {
        let reference =
            claims(&analyze("Reading a nil map returns the zero value of its element type. Writing to a nil map panics at run time."));
        let contradicted = |t: &str| contradicted_sentences(&analyze(t), &reference);
        assert_eq!(contradicted("Reading a nil map does not return the zero value of its element type."), vec![0]);
        assert_eq!(contradicted("Writing to a nil map never panics at run time."), vec![0]);
        // The same claim, or another sentence, does not.
        assert!(contradicted("Reading a nil map returns the zero value of its element type.").is_empty());
        assert!(contradicted("A nil map has no buckets, so a write has nowhere to go.").is_empty());
    }
}
