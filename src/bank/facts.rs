//! What the gates need to know of a rubric's reference answer beyond its words, made on first
//! use: the sides a comparison question sets against each other, how much of the reference
//! itself is denied (a model answer that names myths to reject them), its claims, and which
//! words follow which in it.

use crate::bank::roles::{Roles, SideWords};
use crate::rubric::align::{claims, Claims};
use crate::text::{analyze, Analysis, Atom};
use rustc_hash::FxHashSet;

/// Facts about one rubric's reference answer (see the module).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReferenceFacts {
    /// The two sides of a comparison question, if it is one (see [`Roles`]).
    pub roles: Option<Roles>,
    /// The same, word by word, for a reference too short to give each side sentences of its own,
    /// on a rubric graded from its reference alone (see [`SideWords`]).
    pub side_words: Option<SideWords>,
    /// The share of the reference's content words under a statement-level denial (see
    /// [`crate::text::Analysis::unasserted_share`]).
    pub denied_share: f64,
    /// The reference's sentences as claims, for telling an answer that contradicts them (see
    /// [`crate::rubric::align::contradicted_sentences`]).
    pub claims: Claims,
    /// The reference's word order (see [`WordOrder`]).
    pub order: WordOrder,
}

/// Which words follow which in a reference answer, for telling its words shuffled from an answer
/// that says them: a sentence that reuses the reference's words keeps some of its word pairs
/// ("memory address", "another variable"), its words in random order keep almost none.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct WordOrder {
    /// Stems of neighbouring words of one sentence, in order.
    pairs: FxHashSet<(Atom, Atom)>,
    /// Distinct content stems.
    content: FxHashSet<Atom>,
}

/// How an answer's words follow each other against the reference's (see [`WordOrder::of_answer`]).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct OrderFit {
    /// Distinct content stems of the reference the answer says.
    pub shared: usize,
    /// The reference's distinct content stems.
    pub content: usize,
    /// The answer's distinct content stems.
    pub answer_content: usize,
    /// The answer's neighbouring word pairs (two function words are no pair: "of the" is in
    /// every text) and how many of them are the reference's.
    pub pairs: usize,
    pub kept: usize,
    /// The answer's words, and how many of them are function words.
    pub words: usize,
    pub function_words: usize,
}

impl OrderFit {
    /// Whether the answer says little but the reference's words: at least
    /// [`REORDERED_MIN_SHARED`] of the reference's content words and half of them, and four in
    /// five of its own content words the reference's.
    fn says_the_reference_s_words(&self) -> bool {
        self.shared >= REORDERED_MIN_SHARED && self.shared * 2 >= self.content && self.shared * 5 >= self.answer_content * 4
    }

    /// Whether such an answer is the reference's words shuffled: fewer than one in
    /// [`REORDERED_PAIRS_PER_KEPT`] of its neighbouring word pairs are the reference's, or over
    /// [`REORDERED_LONG_PAIRS`] pairs fewer than one in [`REORDERED_LONG_PAIRS_PER_KEPT`]; or
    /// fewer than that one in four and `out_of_order` (the order model, where it is not trusted
    /// alone, finds its word classes out of order). The shape model alone misses short answers,
    /// which it does not judge on questions graded from their reference, and words shuffled with
    /// their punctuation, whose full stops cut the line into sentences short enough to pass (117 of
    /// the shipped references so shuffled graded 4 or 5). No marked answer of the course banks'
    /// dev halves or of the Go sets is caught; of SemEval's correct answers two, "the shorter
    /// string has a higher pitch than the longer string" against "the shorter the string, the
    /// higher the pitch" and one like it.
    pub fn shuffled(&self, out_of_order: impl FnOnce() -> bool) -> bool {
        // Few pairs tell little: terse notes in the student's own order keep none of them, and
        // differ from the reference's words shuffled by lacking its function words.
        if self.pairs < REORDERED_MIN_PAIRS && self.function_words * REORDERED_SHORT_WORDS_PER_FUNCTION_WORD < self.words {
            return false;
        }
        let per_kept = if self.pairs >= REORDERED_LONG_PAIRS { REORDERED_LONG_PAIRS_PER_KEPT } else { REORDERED_PAIRS_PER_KEPT };
        self.kept * per_kept < self.pairs || self.kept * REORDERED_LONG_PAIRS_PER_KEPT < self.pairs && out_of_order()
    }
}

/// See [`OrderFit::says_the_reference_s_words`].
const REORDERED_MIN_SHARED: usize = 5;
/// See [`OrderFit::shuffled`].
const REORDERED_PAIRS_PER_KEPT: usize = 10;
/// Pairs below which their order alone tells nothing: terse notes of eight of the reference's
/// words in the student's own order ("data hiding + bundling. Members private, access via public
/// functions only", marked 5) keep none of their eight pairs. Below it an answer is judged
/// shuffled only if one in [`REORDERED_SHORT_WORDS_PER_FUNCTION_WORD`] of its words or more is a
/// function word, as in prose (the reference's words shuffled keep its function words).
const REORDERED_MIN_PAIRS: usize = 10;
/// See [`REORDERED_MIN_PAIRS`].
const REORDERED_SHORT_WORDS_PER_FUNCTION_WORD: usize = 4;
/// See [`OrderFit::shuffled`]: a long answer that says the reference's words keeps two in five of
/// its pairs or more (the Go bank's marked answers: 0.43 at least); the shipped references
/// shuffled keep 0.18 at most, where a short answer in the student's own order may keep none
/// ("Stable = equal elements keep their original relative order").
const REORDERED_LONG_PAIRS: usize = 20;
/// See [`REORDERED_LONG_PAIRS`].
const REORDERED_LONG_PAIRS_PER_KEPT: usize = 4;

/// Each position's first stem, with whether it is a function word and its sentence.
fn words(a: &Analysis) -> impl Iterator<Item = (&Atom, bool, u32)> {
    a.positions.iter().zip(a.tokens_by_position()).filter_map(|(p, t)| t.first().map(|t| (&t.stem, p.stop, p.sentence)))
}

impl WordOrder {
    fn of(a: &Analysis) -> WordOrder {
        let mut order = WordOrder::default();
        let mut previous: Option<(&Atom, u32)> = None;
        for (stem, stop, sentence) in words(a) {
            if let Some((p, _)) = previous.filter(|&(_, s)| s == sentence) {
                order.pairs.insert((p.clone(), stem.clone()));
            }
            if !stop {
                order.content.insert(stem.clone());
            }
            previous = Some((stem, sentence));
        }
        order
    }

    /// How `answer`'s words follow each other against the reference's, when it says little but
    /// the reference's words ([`OrderFit::says_the_reference_s_words`]); `None` for most answers.
    pub fn of_answer(&self, answer: &Analysis) -> Option<OrderFit> {
        // Half the reference's distinct content stems take at least as many content positions:
        // most answers to a long reference have fewer, and need no set of their stems built.
        let positions = answer.content_positions();
        if positions < REORDERED_MIN_SHARED || positions * 2 < self.content.len() {
            return None;
        }
        let mut fit = OrderFit { content: self.content.len(), ..OrderFit::default() };
        let own: FxHashSet<&Atom> = words(answer).filter(|&(_, stop, _)| !stop).map(|(stem, _, _)| stem).collect();
        fit.answer_content = own.len();
        fit.shared = own.iter().filter(|s| self.content.contains(**s)).count();
        if !fit.says_the_reference_s_words() {
            return None;
        }
        let mut previous: Option<(&Atom, bool, u32)> = None;
        for (stem, stop, sentence) in words(answer) {
            fit.words += 1;
            fit.function_words += usize::from(stop);
            if let Some((p, p_stop, _)) = previous.filter(|&(_, _, s)| s == sentence) {
                if !(stop && p_stop) {
                    fit.pairs += 1;
                    fit.kept += usize::from(self.pairs.contains(&(p.clone(), stem.clone())));
                }
            }
            previous = Some((stem, stop, sentence));
        }
        Some(fit)
    }
}

impl ReferenceFacts {
    /// The facts of a rubric's `reference`, asked as `question` (whose stems are `asked`);
    /// `graded_from_reference` for a rubric without hand-written concepts, the only kind whose
    /// short comparisons are read word by word (see [`SideWords`]).
    pub fn of(question: &str, reference: &str, asked: &FxHashSet<String>, graded_from_reference: bool) -> ReferenceFacts {
        let a = analyze(reference);
        let roles = Roles::of(question, &a, asked);
        // Word by word only where sentences give no sides.
        let side_words = (graded_from_reference && roles.is_none()).then(|| SideWords::of(question, &a, asked)).flatten();
        ReferenceFacts { roles, side_words, denied_share: a.unasserted_share(reference).1, claims: claims(&a), order: WordOrder::of(&a) }
    }
}
