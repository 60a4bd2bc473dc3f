//! Soft alignment of an answer's content words to a reference answer's (and to marked example
//! answers'), for questions graded from their reference alone.
//!
//! Every content word of the reference is matched to the answer word that fits it best: the same
//! stem (1), a word the bank's lexicon or spelling correction put at the answer's place (the
//! analysis carries it as a stem of that place), a word one or two typing slips away
//! ([`FUZZY_MATCH`]) or sharing a long prefix ("evaporation" / "evaporates", [`PREFIX_MATCH`]).
//! Words are weighted by their bank IDF, and words the question already says earn only
//! `reference_only.alignment_question_weight` of theirs (restating the question is no answer; the
//! trick of Mohler et al. 2011 and Sultan et al. 2016). Recall is the weighted share of the
//! reference's words the answer matched, precision the share of the answer's words the reference
//! matched.
//!
//! The same alignment compares an answer with the rubric's marked examples: its F1 with the
//! closest correct and the closest incorrect example, the vote of the nearest ones, and how the
//! examples that fit the reference the way the answer does were marked. A fitted
//! logistic model (`reference_only.model`, `model_with_examples`) turns these into the score.

use crate::text::{Admission, Admitted, Analysis, TokenKind};
use rustc_hash::{FxHashMap, FxHashSet};

/// Credit of a word one or two typing slips from a reference word (normalised
/// Damerau–Levenshtein similarity of the stems at least [`FUZZY_SIMILARITY`], both at least four
/// letters).
pub const FUZZY_MATCH: f64 = 0.7;
/// Normalised edit similarity from which two stems are a fuzzy match.
pub const FUZZY_SIMILARITY: f64 = 0.75;
/// Credit of a word that shares its first [`PREFIX_LETTERS`] letters with a reference word.
pub const PREFIX_MATCH: f64 = 0.6;
/// See [`PREFIX_MATCH`].
pub const PREFIX_LETTERS: usize = 5;
/// An example scores `1 − NEGATION_DISCOUNT × (negated share)` of its F1 when the answer says its
/// matched words with the other polarity ("is connected" against "is not connected").
pub const NEGATION_DISCOUNT: f64 = 0.5;
/// At most this many nearest examples vote.
pub const VOTERS: usize = 5;
/// Examples fit the reference "the way the answer does" within about this much recall…
pub const FIT_RECALL_BAND: f64 = 0.1;
/// …and this much precision (see [`ExampleEvidence::like_fit`]).
pub const FIT_PRECISION_BAND: f64 = 0.2;

/// One content word position of a text: its stems (the word's own and any the lexicon or
/// spelling correction added there), its byte range and whether it is said in the negative.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    stems: Vec<String>,
    /// Other spellings of the word ("two" for "2"): they match, but weigh nothing of their own.
    other_spellings: Vec<String>,
    /// Other wordings of the word that the reference says (from the computing lexicon, see
    /// [`Admitted`]): they match, but weigh nothing of their own, nor make it a question word.
    equivalents: Vec<String>,
    /// A word of an order of growth in a reference ("n" in "O(n^2)"): it matches only that value
    /// said in some spelling, as "n" alone says no order of growth (see [`spell_growth`]).
    value_only: bool,
    negated: bool,
    pub start: usize,
    pub end: usize,
}

/// Numbers written as words, by value: "2" and "two" are one word to an aligner.
const NUMBER_WORDS: [&str; 13] =
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

/// The content words of an analysed `text`, one per position, in order. A word also carries its
/// other spellings that students and references swap freely: a small number in digits or in
/// words ("2" / "two"), and a hyphenated compound run together ("in-order" / "inorder",
/// "pre-emption" / "preemption", held by the compound's last word). Of the terms the lexicon
/// added, only those `admitted` count.
pub(crate) fn content_words(a: &Analysis, text: &str, admitted: &Admitted) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    let mut last = u32::MAX;
    for t in &a.tokens {
        let p = &a.positions[t.pos as usize];
        if p.stop || p.negator || t.kind == TokenKind::IdentPart {
            continue;
        }
        if t.pos == last {
            if let Some(w) = out.last_mut() {
                match admitted.of(t.via) {
                    Admission::Counts => w.stems.push(t.stem.as_str().to_owned()),
                    Admission::Equivalent => w.equivalents.push(t.stem.as_str().to_owned()),
                    Admission::Refused => {}
                }
            }
            continue;
        }
        last = t.pos;
        // A local negation and a statement-level denial cancel out, as in the key terms.
        let (i, n, d) = (t.pos as usize, &a.negated_by, &a.denied_by);
        let negated = n.get(i).is_some_and(|v| !v.is_empty()) ^ d.get(i).is_some_and(|v| !v.is_empty());
        let stems = vec![t.stem.as_str().to_owned()];
        out.push(Word {
            stems,
            other_spellings: other_spellings(a, text, i),
            equivalents: Vec::new(),
            value_only: false,
            negated,
            start: p.start,
            end: p.end,
        });
    }
    out
}

/// Gives the words of each order of growth `text` states the value as another spelling, so that
/// "quadratic", "n^2" and "n squared" say the reference's "O(n^2)": for a question that asks for
/// one, the value is the answer, in whatever spelling (see [`crate::text::growth_spans`]). A
/// reference's value words (`reference`) match nothing else: "n" or "2" alone is no answer to
/// "What is the worst-case time complexity of bubble sort?".
pub(crate) fn spell_growth(words: &mut [Word], text: &str, reference: bool) {
    // Values and words both come in text order: the words of each value are found from where the
    // last value's ended (a search of every word per value would make a long list quadratic).
    let mut first = 0;
    for (value, range) in crate::text::growth_spans(text) {
        let spelling = format!("{VALUE_MARK}{}", crate::text::growth_key(&value));
        while words.get(first).is_some_and(|w| w.end <= range.start) {
            first += 1;
        }
        for w in words[first..].iter_mut().take_while(|w| w.start < range.end) {
            crate::text::work::add(1);
            w.other_spellings.push(spelling.clone());
            w.value_only |= reference;
        }
    }
}

/// Marks a value's spelling (see [`spell_growth`]); no stem starts with it.
const VALUE_MARK: char = '=';

impl Word {
    /// The spellings the word matches by: its stems and other spellings, or only its value.
    fn spellings(&self) -> impl Iterator<Item = &str> {
        let value_only = self.value_only;
        (self.stems.iter().chain(&self.other_spellings).chain(&self.equivalents))
            .map(String::as_str)
            .filter(move |s| !value_only || s.starts_with(VALUE_MARK))
    }
}

/// The other spellings of the word at position `i` (see [`content_words`]).
fn other_spellings(a: &Analysis, text: &str, i: usize) -> Vec<String> {
    let p = &a.positions[i];
    let Some(word) = text.get(p.start..p.end) else { return Vec::new() };
    let word = word.to_ascii_lowercase();
    let mut out = Vec::new();
    match word.parse::<usize>() {
        Ok(n) => out.extend(NUMBER_WORDS.get(n).map(|w| w.to_string())),
        Err(_) => out.extend(NUMBER_WORDS.iter().position(|w| *w == word).map(|n| n.to_string())),
    }
    if let Some(before) = i.checked_sub(1).map(|j| &a.positions[j]) {
        let joined = before.end + 1 == p.start && text.as_bytes().get(before.end) == Some(&b'-');
        if let Some(first) = text.get(before.start..before.end).filter(|_| joined) {
            out.push(crate::text::stem_word(&format!("{}{word}", first.to_ascii_lowercase())));
        }
    }
    out
}

/// How well two stems match, 0..=1.
fn stem_match(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    // The edit distance is at least the difference in length: most pairs of words are too far
    // apart in length to be a slip, and need no distance computed (it was most of aligning).
    let reachable = 1.0 - la.abs_diff(lb) as f64 / la.max(lb) as f64 >= FUZZY_SIMILARITY;
    if la.min(lb) >= 4 && reachable && strsim::normalized_damerau_levenshtein(a, b) >= FUZZY_SIMILARITY {
        return FUZZY_MATCH;
    }
    if a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count() >= PREFIX_LETTERS {
        return PREFIX_MATCH;
    }
    0.0
}

fn word_match(a: &Word, b: &Word) -> f64 {
    let mut best = 0.0f64;
    for s in a.spellings() {
        for t in b.spellings() {
            best = best.max(stem_match(s, t));
        }
    }
    best
}

/// The alignment of an answer with one text (a reference or an example).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Alignment {
    /// Weighted share of the text's words the answer matched, 0..=1.
    pub recall: f64,
    /// Weighted share of the answer's words the text matched, 0..=1.
    pub precision: f64,
    /// Share of the matched weight said with the other polarity, 0..=1.
    pub negated: f64,
    /// The weight of the answer's words (precision's denominator).
    pub answer_weight: f64,
    /// The mean weight of the text's words.
    pub text_word_weight: f64,
    /// Indexes of the answer's words that matched a word of the text.
    pub matched: Vec<usize>,
}

impl Alignment {
    /// Precision as if the answer also said `words` words of the text's mean weight that the
    /// text does not (see `reference_only.precision_prior_words`).
    pub fn precision_with_prior(&self, words: f64) -> f64 {
        let prior = words * self.text_word_weight;
        if self.answer_weight + prior > 0.0 {
            self.precision * self.answer_weight / (self.answer_weight + prior)
        } else {
            0.0
        }
    }

    /// The harmonic mean of recall and precision.
    pub fn f1(&self) -> f64 {
        if self.recall + self.precision > 0.0 {
            2.0 * self.recall * self.precision / (self.recall + self.precision)
        } else {
            0.0
        }
    }
}

/// A word's weight: its IDF and the share of it a match earns (below 1 for question words).
pub(crate) type Weight<'a> = dyn Fn(&Word) -> (f64, f64) + 'a;

/// Align `answer` with `text`; `weight` gives a word's weight (see [`Weight`]). In recall a
/// question word of the text weighs its share only; in precision an answer word the question
/// already says weighs in full but earns only its share, so restating the question is not
/// precise.
pub(crate) fn align(answer: &[Word], text: &[Word], weight: &Weight) -> Alignment {
    let mut matched = vec![false; answer.len()];
    let (mut hit, mut all, mut negated, mut idfs, mut words) = (0.0, 0.0, 0.0, 0.0, 0usize);
    // An answer word said again matches as it did the first time: each text word is compared with
    // the first of every distinct answer word only (the best match is the first of equals).
    let mut spelt = FxHashSet::default();
    let distinct: Vec<usize> = (0..answer.len())
        .filter(|&i| {
            let w = &answer[i];
            spelt.insert((w.stems.as_slice(), w.other_spellings.as_slice(), w.equivalents.as_slice(), w.value_only))
        })
        .collect();
    let mut seen = FxHashSet::default();
    for r in text {
        if !seen.insert(r.stems[0].as_str()) {
            continue;
        }
        let (idf, share) = weight(r);
        let w = idf * share;
        all += w;
        idfs += idf;
        words += 1;
        let best = distinct.iter().map(|&i| (i, word_match(&answer[i], r))).max_by(|x, y| x.1.total_cmp(&y.1).then(y.0.cmp(&x.0)));
        if let Some((i, m)) = best.filter(|&(_, m)| m > 0.0) {
            hit += w * m;
            matched[i] = true;
            if answer[i].negated != r.negated {
                negated += w * m;
            }
        }
    }
    let recall = if all > 0.0 { hit / all } else { 0.0 };
    let negated = if hit > 0.0 { negated / hit } else { 0.0 };
    let (mut hit, mut all) = (0.0, 0.0);
    let mut seen = FxHashSet::default();
    for (i, a) in answer.iter().enumerate() {
        if !seen.insert(a.stems[0].as_str()) {
            continue;
        }
        let (idf, share) = weight(a);
        all += idf;
        let m = text.iter().map(|r| word_match(a, r)).fold(0.0, f64::max);
        if m > 0.0 {
            matched[i] = true;
        }
        hit += idf * share * m;
    }
    let precision = if all > 0.0 { hit / all } else { 0.0 };
    let text_word_weight = if words > 0 { idfs / words as f64 } else { 0.0 };
    Alignment {
        recall,
        precision,
        negated,
        answer_weight: all,
        text_word_weight,
        matched: matched.iter().enumerate().filter(|(_, &m)| m).map(|(i, _)| i).collect(),
    }
}

/// Plain overlap: the share of the text's distinct content stems that some answer word carries,
/// unweighted, exact stems only, leaving out the words the question already says (restating the
/// question is no answer). Cruder than [`align`]'s recall, and for that reason a steadier
/// feature across banks: on SemEval train and on our marked Go answers graded from references
/// alone it predicts the mark better than the IDF-weighted soft recall.
pub(crate) fn overlap(answer: &[Word], text: &[Word], question: &FxHashSet<String>) -> f64 {
    let said: FxHashSet<&str> = answer.iter().flat_map(Word::spellings).collect();
    // A reference word counts once (by its stem), and is said in any of its spellings ("inorder"
    // says "In-order").
    let mut wanted: FxHashMap<&str, bool> = FxHashMap::default();
    for w in text.iter().filter(|w| !question.contains(&w.stems[0])) {
        let heard = w.spellings().any(|s| said.contains(s));
        *wanted.entry(w.stems[0].as_str()).or_default() |= heard;
    }
    if wanted.is_empty() {
        return 0.0;
    }
    wanted.values().filter(|&&heard| heard).count() as f64 / wanted.len() as f64
}

/// A rubric's texts as content words, computed once per rubric.
#[derive(Debug, Clone, Default)]
pub(crate) struct RubricWords {
    pub reference: Vec<Word>,
    /// Per marked example: its words and whether it passes (grade ≥ 3).
    pub examples: Vec<(Vec<Word>, bool)>,
    /// Per marked example: its recall and precision against the reference (the same for every
    /// answer, so aligned once).
    pub example_fits: Vec<(f64, f64)>,
}

impl RubricWords {
    /// A rubric's reference and marked examples as content words, with each example's fit to
    /// the reference under `weight`.
    pub fn new(reference: Vec<Word>, examples: Vec<(Vec<Word>, bool)>, weight: &Weight) -> RubricWords {
        let example_fits = examples.iter().map(|(words, _)| align(words, &reference, weight)).map(|e| (e.recall, e.precision)).collect();
        RubricWords { reference, examples, example_fits }
    }
}

/// What the marked examples say about an answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ExampleEvidence {
    /// Alignment F1 with the closest passing example (0 without one).
    pub correct: f64,
    /// Alignment F1 with the closest failing example (0 without one).
    pub incorrect: f64,
    /// Squared-F1-weighted share of passing examples among the [`VOTERS`] closest (0.5 when
    /// none is close at all).
    pub vote: f64,
    /// Share of passing examples among those that fit the reference the way the answer does:
    /// each example weighs `exp(−(Δrecall / 0.1)² − (Δprecision / 0.2)²)`, its recall and
    /// precision against the reference beside the answer's, and the passing share of all the
    /// examples counts as one more example. This question's own threshold on the reference fit:
    /// how much of the reference a passing answer says differs from question to question (3 % to
    /// 83 % of SciEntsBank train answers pass, by question), and the examples show where it lies.
    pub like_fit: f64,
}

/// Compare an answer with a rubric's marked examples; `fit` is the answer's alignment with the
/// reference.
pub(crate) fn example_evidence(answer: &[Word], rubric: &RubricWords, fit: &Alignment, weight: &Weight) -> ExampleEvidence {
    let examples = &rubric.examples;
    let passing = examples.iter().filter(|e| e.1).count() as f64 / examples.len().max(1) as f64;
    let (mut yes, mut total) = (passing, 1.0);
    for ((_, pass), &(recall, precision)) in examples.iter().zip(&rubric.example_fits) {
        let d = ((recall - fit.recall) / FIT_RECALL_BAND).powi(2) + ((precision - fit.precision) / FIT_PRECISION_BAND).powi(2);
        let k = (-d).exp();
        total += k;
        if *pass {
            yes += k;
        }
    }
    let like_fit = yes / total;
    let mut sims: Vec<(f64, bool)> = examples
        .iter()
        .map(|(words, pass)| {
            let al = align(answer, words, weight);
            (al.f1() * (1.0 - NEGATION_DISCOUNT * al.negated), *pass)
        })
        .collect();
    sims.sort_by(|a, b| b.0.total_cmp(&a.0));
    let best = |pass: bool| sims.iter().find(|s| s.1 == pass).map_or(0.0, |s| s.0);
    let (mut yes, mut total) = (0.0, 0.0);
    for &(s, pass) in sims.iter().take(VOTERS) {
        total += s * s;
        if pass {
            yes += s * s;
        }
    }
    ExampleEvidence { correct: best(true), incorrect: best(false), vote: if total > 0.0 { yes / total } else { 0.5 }, like_fit }
}

/// A word weighs its IDF (at least 0.5); question words earn `question_weight` of it.
pub(crate) fn word_weight<'a>(
    idf: &'a dyn Fn(&str) -> f64,
    question: &'a FxHashSet<String>,
    question_weight: f64,
) -> impl Fn(&Word) -> (f64, f64) + 'a {
    move |w: &Word| {
        let idf = w.stems.iter().map(|s| idf(s)).fold(0.0, f64::max).max(0.5);
        // Said in other spelling, a question word is still the question's.
        let asked = w.stems.iter().chain(&w.other_spellings).any(|s| question.contains(s));
        (idf, if asked { question_weight } else { 1.0 })
    }
}

/// The logistic model: `weights[0] + Σ weights[i] × features[i − 1]` through the sigmoid.
pub(crate) fn probability(weights: &[f64], features: &[f64]) -> f64 {
    let z = weights[0] + weights[1..].iter().zip(features).map(|(w, x)| w * x).sum::<f64>();
    1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    fn words(s: &str) -> Vec<Word> {
        content_words(&analyze(s), s, &Admitted::all())
    }

    /// The stems of a question, as the grader leaves them out.
    fn question_stems(s: &str) -> FxHashSet<String> {
        analyze(s).tokens.iter().map(|t| t.stem.as_str().to_owned()).collect()
    }

    #[test]
    fn stems_typos_and_prefixes_align_and_question_words_count_less() {
        let reference = words("The water evaporates and leaves the salt behind.");
        let idf = |_: &str| 1.0;
        let none = FxHashSet::default();
        let w = word_weight(&idf, &none, 0.2);
        let full = align(&words("Water evaporated, leaving the salt."), &reference, &w);
        assert!(full.recall > 0.7 && full.precision > 0.99, "{full:?}");
        let typo = align(&words("the watr evaporation leaves salt"), &reference, &w);
        assert!(typo.recall > 0.6 && typo.recall < full.recall + 0.3, "{typo:?}");
        let question = question_stems("What happens to the salt water?");
        let wq = word_weight(&idf, &question, 0.2);
        let parrot = align(&words("salt water"), &reference, &wq);
        assert!(parrot.recall < 0.25 && parrot.precision < 0.25, "restating the question is neither: {parrot:?}");
    }

    #[test]
    fn overlap_counts_exact_stems_once_and_leaves_the_question_out() {
        let reference = words("The water evaporates and leaves the salt behind; the water is gone.");
        let none = FxHashSet::default();
        // water (twice), evapor, leav, salt, behind, gone: the answer says four of the six.
        let o = overlap(&words("Water evaporated, leaving only salts."), &reference, &none);
        assert!((o - 4.0 / 6.0).abs() < 1e-9, "{o}");
        // Words one slip away earn nothing here (the soft recall credits those).
        assert_eq!(overlap(&words("watr evaperates"), &reference, &none), 0.0);
        let question = question_stems("What happens to the salt water?");
        assert_eq!(overlap(&words("salt water, salt water"), &reference, &question), 0.0, "restating the question");
        assert!((overlap(&words("it evaporates and leaves"), &reference, &question) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn a_word_said_in_the_negative_is_counted_as_such() {
        let reference = words("The terminals are connected.");
        let idf = |_: &str| 1.0;
        let none = FxHashSet::default();
        let w = word_weight(&idf, &none, 1.0);
        assert_eq!(align(&words("the terminals are connected"), &reference, &w).negated, 0.0);
        assert!(align(&words("the terminals are not connected"), &reference, &w).negated > 0.4);
    }

    #[test]
    fn the_closest_examples_decide_the_vote() {
        let idf = |_: &str| 1.0;
        let none = FxHashSet::default();
        let w = word_weight(&idf, &none, 1.0);
        let examples = vec![(words("the bulb is in a closed path"), true), (words("the battery is dead"), false)];
        let reference = words("the bulb is in a closed path with the battery");
        let rubric = RubricWords::new(reference, examples, &w);
        let evidence = |answer: &str| {
            let a = words(answer);
            let fit = align(&a, &rubric.reference, &w);
            example_evidence(&a, &rubric, &fit, &w)
        };
        let e = evidence("bulb in a closed path");
        assert!(e.correct > e.incorrect && e.vote > 0.5, "{e:?}");
        assert_eq!(evidence("zebra").vote, 0.5);
        // The passing example fits the reference as this answer does; the failing one as "zebra".
        assert!(e.like_fit > 0.5 && evidence("zebra").like_fit < 0.5, "{e:?}");
    }
}
