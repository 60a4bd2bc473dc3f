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
use std::cmp::Ordering;

/// One model sentence: its content stems with their weights (bank IDF), and its polarity.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
struct Model {
    /// The stems with their weights, ordered by stem (the order [`present`] gives them in).
    terms: Vec<(String, f64)>,
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
/// of four content stems or more): for every stem, the sentences that hold it and those where it
/// stands negated at least once (bits), and for every sentence its number of distinct stems and
/// its polarity.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Claims {
    holding: FxHashMap<Atom, u64>,
    negated_in: FxHashMap<Atom, u64>,
    /// Where a stem stands under a verb's negator ("are not connected"; see
    /// [`crate::text::is_verb_negator`]).
    denied_in: FxHashMap<Atom, u64>,
    sizes: Vec<usize>,
    negated: u64,
}

impl Claims {
    /// How many sentences of the reference are compared as claims.
    pub fn len(&self) -> usize {
        self.sizes.len()
    }

    /// Whether no sentence of the reference is compared as a claim.
    pub fn is_empty(&self) -> bool {
        self.sizes.is_empty()
    }
}

/// Calls `f` with every sentence of `a`: its number, its polarity (an odd number of negators, or
/// a statement-level denial) and its distinct content stems, each with whether it stands negated
/// (see `negated_anywhere`) and whether by a verb's negator (see [`crate::text::is_verb_negator`]).
/// Words the lexicon added beside the text's own are left out. Each stem comes after its
/// [`sort_prefix`] (which `f` ignores).
fn each_claim<'a>(a: &'a Analysis, negated_anywhere: bool, mut f: impl FnMut(u32, bool, &[(u64, &'a Atom, bool, bool)])) {
    let mut stems: Vec<(u64, &Atom, bool, bool)> = Vec::new();
    let (mut negators, mut denied) = (0usize, false);
    let mut judge = |id: u32, stems: &mut Vec<(u64, &'a Atom, bool, bool)>, negated: bool| {
        // A stem said more than once is negated where it is negated everywhere in the sentence,
        // or with `negated_anywhere`, where it is negated once (the order of the sort keeps that
        // one first). The order is the stems' as strings; their first bytes as one number
        // decide most comparisons without a call to compare strings (a 1 MB answer's sorts were
        // 5% of its instructions).
        stems.sort_unstable_by(|x, y| {
            // (The same atom twice, the commonest tie, needs no look at its bytes.)
            let by_stem = x.0.cmp(&y.0).then_with(|| if Atom::ptr_eq(x.1, y.1) { Ordering::Equal } else { x.1.cmp(y.1) });
            by_stem.then(if negated_anywhere { y.2.cmp(&x.2) } else { x.2.cmp(&y.2) })
        });
        stems.dedup_by(|later, first| later.1 == first.1);
        f(id, negated, stems);
        stems.clear();
    };
    let mut current = None;
    for ((i, p), tokens) in a.positions.iter().enumerate().zip(a.tokens_by_position()) {
        if current != Some(p.sentence) {
            if let Some(id) = current {
                judge(id, &mut stems, (negators % 2 == 1) ^ denied);
            }
            (current, negators, denied) = (Some(p.sentence), 0, false);
        }
        negators += usize::from(p.negator);
        denied |= !a.denied_by[i].is_empty();
        if !p.stop && !p.negator {
            // A local negator and a statement-level denial cancel out. The prefix "non" makes a
            // term of its word ("non-key attribute"), it denies no claim.
            let local = a.negated_by[i].iter().any(|&n| a.tokens_at(n).all(|t| t.text.as_str() != "non"));
            let negated = local == a.denied_by[i].is_empty();
            let verbal = negated && a.negated_by[i].iter().any(|&n| a.tokens_at(n).any(|t| crate::text::is_verb_negator(t.text.as_str())));
            stems.extend(tokens.iter().filter(|t| t.via.is_none()).map(|t| (sort_prefix(&t.stem), &t.stem, negated, verbal)));
        }
    }
    if let Some(id) = current {
        judge(id, &mut stems, (negators % 2 == 1) ^ denied);
    }
}

/// A string's first eight bytes as a big-endian number, zeros after a shorter string's end: the
/// numbers of two strings compare as the strings do, or are equal (then the strings decide).
fn sort_prefix(s: &str) -> u64 {
    let mut first = [0u8; 8];
    let n = s.len().min(8);
    first[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_be_bytes(first)
}

/// The claims of a reference answer (see [`Claims`]).
pub fn claims(a: &Analysis) -> Claims {
    let mut c = Claims::default();
    each_claim(a, true, |_, negated, stems| {
        if stems.len() < CLAIM_MIN_STEMS || c.sizes.len() == 64 {
            return;
        }
        let bit = 1u64 << c.sizes.len();
        c.sizes.push(stems.len());
        c.negated |= if negated { bit } else { 0 };
        for &(_, t, negated, verbal) in stems {
            *c.holding.entry(t.clone()).or_default() |= bit;
            if negated {
                *c.negated_in.entry(t.clone()).or_default() |= bit;
            }
            if verbal {
                *c.denied_in.entry(t.clone()).or_default() |= bit;
            }
        }
    });
    c
}

/// Content stems a sentence needs before it is compared as a claim (see [`claims`]).
const CLAIM_MIN_STEMS: usize = 4;

/// A sentence of the answer that says a sentence of the reference with the opposite polarity
/// (see [`contradicted_sentences`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contradiction {
    /// The sentence's number in the answer's analysis.
    pub sentence: u32,
    /// Its polarity (by the count of its negators) is the opposite of the reference sentence's
    /// and of no other as close.
    pub reversed: bool,
    /// Read in the words, not only in the count of negators: the two sentences share four in
    /// five of each one's stems, and some shared word stands negated in the answer's and nowhere
    /// in the reference's, or plainly in the answer's where a verb's negator denies it in the
    /// reference's ("are connected" against "are not connected"). A negator in an aside ("or the
    /// default route if nothing else matches") or a noun's the reference has and the answer
    /// leaves out (its reach may run further than its writer meant: "no return type that is
    /// called automatically") reverses no claim plainly, nor does the same negator placed
    /// elsewhere ("are not connected" against "is not connected to the positive terminal").
    /// Fewer sentences are trusted when plain (see `Grader::denied`).
    pub plain: bool,
}

/// The answer's sentences that say what a sentence of the reference says, with the opposite
/// polarity: most of the words of each (70% of the answer sentence's distinct stems, 60% of the
/// reference sentence's), one negated and the other not ("A nil map can be read." against "A
/// nil map cannot be read."; see [`Contradiction`] for the two readings). The reference said
/// back with its claims negated contradicts it; an answer in its own words seldom comes that
/// close to a sentence of the reference and says the opposite.
pub fn contradicted_sentences(a: &Analysis, reference: &Claims) -> Vec<Contradiction> {
    let mut out = Vec::new();
    if reference.sizes.is_empty() {
        return out;
    }
    // Per reference sentence: the stems it shares with the answer's sentence, and those of them
    // negated in the answer's and not in the reference's.
    let (mut shared, mut added) = ([0usize; 64], [0usize; 64]);
    each_claim(a, false, |id, negated, stems| {
        if stems.len() < CLAIM_MIN_STEMS {
            return;
        }
        // Each stem counts for every reference sentence that holds it.
        let mut touched = 0u64;
        for &(_, t, stem_negated, _) in stems {
            let mut bits = reference.holding.get(t).copied().unwrap_or(0);
            // Negated here and nowhere in that sentence, or said plainly where a verb's negator
            // denies it there.
            let added_in = if stem_negated {
                !reference.negated_in.get(t).copied().unwrap_or(0)
            } else {
                reference.denied_in.get(t).copied().unwrap_or(0)
            };
            touched |= bits;
            while bits != 0 {
                let i = bits.trailing_zeros() as usize;
                shared[i] += 1;
                added[i] += usize::from(added_in & (1 << i) != 0);
                bits &= bits - 1;
            }
        }
        let (mut same, mut opposite, mut plain, mut kept) = (false, false, false, false);
        while touched != 0 {
            let i = touched.trailing_zeros() as usize;
            touched &= touched - 1;
            let (n, added) = (std::mem::take(&mut shared[i]), std::mem::take(&mut added[i]));
            if n * 10 >= stems.len() * 7 && n * 10 >= reference.sizes[i] * 6 {
                let reversed = (reference.negated & (1 << i) != 0) != negated;
                (same, opposite) = (same || !reversed, opposite || reversed);
                plain |= reversed && added > 0 && n * 5 >= stems.len() * 4 && n * 5 >= reference.sizes[i] * 4;
                kept |= added == 0 && !reversed;
            }
        }
        let plain = plain && !kept;
        if opposite && !same || plain {
            out.push(Contradiction { sentence: id, reversed: opposite && !same, plain });
        }
    });
    out
}

/// Content stems of each sentence of an analysed text, with the sentence's polarity; words in
/// `leave_out` (the question's) are left out.
pub fn sentences(a: &Analysis, leave_out: &FxHashSet<String>) -> Vec<Sentence> {
    sentences_without(a, |stem| leave_out.contains(stem.as_str()))
}

/// Room made for a sentence's stems in [`sentences_without`]: most sentences have fewer content
/// words.
const SENTENCE_STEMS: usize = 12;

/// [`sentences`], leaving out the stems `leave_out` says are the question's.
pub fn sentences_without(a: &Analysis, leave_out: impl Fn(&Atom) -> bool) -> Vec<Sentence> {
    // Sized up front (a huge answer's list no further than an ordinary one's); each sentence's
    // stems with room for an ordinary sentence's content words: grown from empty, they were a
    // few allocations per sentence.
    let mut out: Vec<Sentence> = Vec::with_capacity((a.sentence_count as usize).min(crate::rubric::matcher::MAX_PRESIZED));
    let mut negators = 0usize;
    let mut denied = false;
    for ((i, p), tokens) in a.positions.iter().enumerate().zip(a.tokens_by_position()) {
        if out.last().is_none_or(|s| s.id != p.sentence) {
            if let Some(last) = out.last_mut() {
                last.negated = (negators % 2 == 1) ^ denied;
            }
            out.push(Sentence { id: p.sentence, stems: Vec::with_capacity(SENTENCE_STEMS), negated: false });
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
    // (Summed in the map's order, as always: the total's last bits depend on it.)
    let total = terms.values().sum();
    let mut terms: Vec<(String, f64)> = terms.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
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
    // In the model's order, by stem: no sort (the model's words are distinct).
    m.terms.iter().filter_map(|(t, w)| holding.get(t.as_str()).map(|&in_sentences| (t.as_str(), *w, in_sentences))).collect()
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
        let plain = |sentence| vec![Contradiction { sentence, reversed: true, plain: true }];
        assert_eq!(contradicted("Reading a nil map does not return the zero value of its element type."), plain(0));
        assert_eq!(contradicted("Writing to a nil map never panics at run time."), plain(0));
        // The same claim, or another sentence, does not.
        assert!(contradicted("Reading a nil map returns the zero value of its element type.").is_empty());
        assert!(contradicted("A nil map has no buckets, so a write has nowhere to go.").is_empty());
    }

    #[test]
    fn a_negator_the_answer_adds_reverses_one_sentence_plainly_and_a_noun_s_it_drops_does_not() {
        let reference = claims(&analyze(
            "A constructor is a special member function with the same name as the class and no return type that is called automatically when an object is created.",
        ));
        let contradicted = |t: &str| contradicted_sentences(&analyze(t), &reference);
        // Without the reference's "no", the answer's count of negators differs, but what it
        // negates is the reference's reach, not a claim of its own.
        let found = contradicted("A constructor is a special member function with the same name as the class that is called automatically when an object is created.");
        assert!(found.iter().all(|c| !c.plain), "{found:?}");
        let found = contradicted("A constructor is not a special member function with the same name as the class and no return type that is called automatically when an object is created.");
        assert!(found.iter().any(|c| c.plain), "{found:?}");
        // "non" makes a term; it negates no claim.
        let reference = claims(&analyze(
            "A transitive dependency is when a non-key attribute depends on another non-key attribute, which depends on the key.",
        ));
        let found = contradicted_sentences(
            &analyze("A transitive dependency is when a non-key attribute depends on another non-key attribute"),
            &reference,
        );
        assert!(found.iter().all(|c| !c.plain), "{found:?}");
    }

    #[test]
    fn dropping_the_reference_s_verb_negator_reverses_one_sentence_plainly() {
        let reference = claims(&analyze("Terminal 1 and the positive terminal are not connected, because of the gap."));
        let contradicted = |t: &str| contradicted_sentences(&analyze(t), &reference);
        let found = contradicted("Terminal 1 and the positive terminal are connected, because of the gap.");
        assert!(found.iter().any(|c| c.plain), "{found:?}");
        // The same negation elsewhere in the sentence keeps the claim.
        let found = contradicted("Terminal 1 is not connected to the positive terminal, because of the gap.");
        assert!(found.iter().all(|c| !c.plain), "{found:?}");
    }
}
