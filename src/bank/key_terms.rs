//! Key terms of a reference answer: its rarest content words that the question does not already
//! say. Questions without hand-written concepts are graded on them ([`derive_concepts`]), and
//! `gograde draft` proposes them as a new rubric's patterns ([`crate::quality::draft`]). Both
//! choose words the same way: [`candidates`] lists the content words a key term may be, and
//! [`keep_heaviest`] keeps the rarest. The terms and nodes themselves are built by
//! [`crate::rubric::pattern`], with the parser's own window and typo rules.

use crate::bank::retrieval::Retrieval;
use crate::bank::ReferenceOnly;
use crate::rubric::pattern::default_window;
use crate::rubric::pattern::{Node, Pattern, Polarity, Term};
use crate::rubric::Concept;
use crate::text::{enumerations, relates_list_items, Analysis, Token, TokenKind};
use rustc_hash::FxHashSet;

/// A word of a text that may become a key term.
pub(crate) struct Candidate<'a> {
    /// The first token of the text with this stem.
    pub token: &'a Token,
    /// Its index in the analysis: its place in the text.
    pub order: usize,
    /// How much it counts as a key term; the heaviest are kept.
    pub weight: f64,
}

/// The words of `a` that may become key terms, in text order: content words (neither function
/// words nor negators) of one of `kinds`, the first occurrence of each stem only. A word whose
/// stem is in `question` is left out when `skip_question_words`; otherwise it is kept, and
/// `weight` is told it is a question word.
pub(crate) fn candidates<'a>(
    a: &'a Analysis,
    kinds: &[TokenKind],
    question: &FxHashSet<String>,
    skip_question_words: bool,
    weight: impl Fn(&Token, bool) -> f64,
) -> Vec<Candidate<'a>> {
    let mut seen = FxHashSet::default();
    let mut out = Vec::new();
    for (order, t) in a.tokens.iter().enumerate() {
        let pos = &a.positions[t.pos as usize];
        if pos.stop || pos.negator || !kinds.contains(&t.kind) {
            continue;
        }
        let in_question = question.contains(t.stem.as_str());
        if (in_question && skip_question_words) || !seen.insert(t.stem.as_str()) {
            continue;
        }
        out.push(Candidate { token: t, order, weight: weight(t, in_question) });
    }
    out
}

/// Keep the `max` heaviest candidates (of equal weights, the earlier in the text), in text
/// order, so the choice is deterministic.
pub(crate) fn keep_heaviest(words: &mut Vec<Candidate<'_>>, max: usize) {
    words.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.order.cmp(&b.order)));
    words.truncate(max);
    words.sort_by_key(|w| w.order);
}

/// Key terms of a reference answer as concepts, for questions without hand-written ones: its
/// content words that the question does not already contain, the rarest in the bank first, and
/// pairs of neighbouring ones (see [`ReferenceOnly`] for the options: negation, pairs,
/// length-dependent count).
pub(crate) fn derive_concepts(
    reference: &Analysis,
    reference_text: &str,
    question_terms: &FxHashSet<String>,
    retrieval: &Retrieval,
    options: &ReferenceOnly,
) -> Vec<Concept> {
    const KINDS: [TokenKind; 4] = [TokenKind::Word, TokenKind::Ident, TokenKind::Quantity, TokenKind::Number];
    let mut words = candidates(reference, &KINDS, question_terms, options.question_word_weight <= 0.0, |t, in_question| {
        let share = if in_question { options.question_word_weight } else { 1.0 };
        retrieval.idf(&t.stem).max(0.1).powf(options.idf_power) * share
    });
    // Pairs are neighbours within a clause: `a ~ b` does not match across a comma, so a pair of
    // list items ("owner, permissions") would be a concept the reference itself does not cover.
    let clause = |w: &Candidate| reference.positions[w.token.pos as usize].clause;
    let negated = |w: &Candidate| {
        let p = w.token.pos as usize;
        options.follow_negation
            && ((!reference.negated_by.get(p).is_none_or(|v| v.is_empty())) ^ !reference.denied_by.get(p).is_none_or(|v| v.is_empty()))
    };
    // Neighbouring content words of one clause, before any are dropped; two forms of one word
    // ("last-in" gives last, in and lastin at one place) are no pair, and neither are two items
    // of a list ("hold and wait" in "mutual exclusion, hold and wait, no preemption, …"): the
    // grader reads such words as named side by side, not related, in the reference too.
    let lists = enumerations(reference_text);
    let pairs: Vec<(usize, usize)> = if options.pair_weight > 0.0 {
        (1..words.len())
            .filter(|&i| {
                let (a, b) = (words[i - 1].token.pos, words[i].token.pos);
                let span = (words[i - 1].token.start.min(words[i].token.start), words[i - 1].token.end.max(words[i].token.end));
                clause(&words[i]) == clause(&words[i - 1])
                    && a != b
                    && b.abs_diff(a) <= default_window(2)
                    && !relates_list_items(reference_text, &lists, [span])
            })
            .map(|i| (words[i - 1].order, words[i].order))
            .collect()
    } else {
        Vec::new()
    };
    let mut max = options.max_key_terms;
    if options.key_terms_per_word > 0.0 {
        max = max.min((options.key_terms_per_word * words.len() as f64).ceil() as usize);
    }
    keep_heaviest(&mut words, max.max(1));
    let term_of = |w: &Candidate| Node::Term(Term::word(&w.token.text, &w.token.stem));
    let polarity_of = |negated: bool| if negated { Polarity::Negated } else { Polarity::Affirmed };
    let mut concepts: Vec<Concept> = words
        .iter()
        .map(|w| {
            let text = &w.token.text;
            Concept {
                id: format!("key-{text}").into(),
                group: Some("key terms of the reference".into()),
                weight: w.weight,
                core: false,
                says: format!("Uses the reference answer's key term \u{201c}{text}\u{201d}.").into(),
                hint: format!("The model answer relies on \u{201c}{text}\u{201d}.").into(),
                patterns: vec![Pattern {
                    source: if negated(w) { format!("not: {text}") } else { text.to_string() },
                    polarity: polarity_of(negated(w)),
                    root: term_of(w),
                }]
                .into(),
                examples: Vec::new(),
                counter_examples: Vec::new(),
            }
        })
        .collect();
    for (a, b) in pairs {
        // Only pairs of two kept key terms.
        let (Some(a), Some(b)) = (words.iter().find(|w| w.order == a), words.iter().find(|w| w.order == b)) else {
            continue;
        };
        let (a_text, b_text) = (&a.token.text, &b.token.text);
        let phrase = format!("{a_text} ~ {b_text}");
        let polarity = if negated(a) == negated(b) { polarity_of(negated(a)) } else { Polarity::Any };
        concepts.push(Concept {
            id: format!("pair-{a_text}-{b_text}").into(),
            group: Some("key phrases of the reference".into()),
            weight: options.pair_weight * (a.weight + b.weight) / 2.0,
            core: false,
            says: format!("Relates the reference answer's \u{201c}{a_text}\u{201d} and \u{201c}{b_text}\u{201d}.").into(),
            hint: format!("The model answer says \u{201c}{phrase}\u{201d}.").into(),
            patterns: vec![Pattern { source: phrase, polarity, root: Node::near(vec![term_of(a), term_of(b)]) }].into(),
            examples: Vec::new(),
            counter_examples: Vec::new(),
        });
    }
    concepts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::pattern::{parse, Synonyms};
    use crate::text::analyze;

    fn stems(text: &str) -> FxHashSet<String> {
        analyze(text).tokens.iter().map(|t| t.stem.as_str().to_owned()).collect()
    }

    #[test]
    fn candidates_are_content_words_once_each_and_not_the_questions() {
        let a = analyze("A buffered channel blocks the sender, and a buffered channel is not unbuffered.");
        let texts = |skip: bool| -> Vec<String> {
            let words = candidates(&a, &[TokenKind::Word], &stems("What is a channel?"), skip, |_, q| if q { 0.5 } else { 1.0 });
            words.iter().map(|w| format!("{}:{}", w.token.text, w.weight)).collect()
        };
        assert_eq!(texts(true), ["buffered:1", "blocks:1", "sender:1", "unbuffered:1"]);
        assert_eq!(texts(false), ["buffered:1", "channel:0.5", "blocks:1", "sender:1", "unbuffered:1"]);
    }

    #[test]
    fn the_heaviest_are_kept_in_text_order_earlier_first_on_ties() {
        let a = analyze("alpha beta gamma delta");
        let mut words = candidates(&a, &[TokenKind::Word], &FxHashSet::default(), true, |t, _| match t.text.as_str() {
            "beta" | "gamma" | "delta" => 3.0,
            _ => 1.0,
        });
        keep_heaviest(&mut words, 2);
        assert_eq!(words.iter().map(|w| w.token.text.as_str()).collect::<Vec<_>>(), ["beta", "gamma"]);
    }

    #[test]
    fn derived_terms_and_pairs_are_what_the_parser_builds() {
        let parsed = |s: &str| parse(s, &Synonyms::default()).unwrap().root;
        let a = analyze("Closing wakes receivers.");
        let words = candidates(&a, &[TokenKind::Word], &FxHashSet::default(), true, |_, _| 1.0);
        let term = |i: usize| Node::Term(Term::word(&words[i].token.text, &words[i].token.stem));
        assert_eq!(term(0), parsed("closing"));
        assert_eq!(Node::near(vec![term(0), term(2)]), parsed("closing ~ receivers"));
    }
}
