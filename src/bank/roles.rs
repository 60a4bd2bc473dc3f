//! Roles: the two things a comparison question sets against each other ("make and new",
//! "buffered and unbuffered channels"), and what the reference says of each.
//!
//! Concept patterns and similarity see which words an answer uses near each other, not which of
//! the two things it says them of: the reference with "make" and "new" swapped throughout says
//! the opposite on every point and covered every concept (grade 5 on 11 of 15 comparison
//! questions). So the reference's sentences that name one side only give each side its own
//! words (those the other side's sentences do not use), and an answer's sentences that name one
//! side are checked against them: an answer that mostly says of each side what the reference
//! says of the other has swapped their roles.

use crate::text::{Analysis, Token, TokenKind};
use rustc_hash::FxHashSet;
use std::collections::BTreeSet;

/// The two sides are named at most this many words apart in the question.
pub const MAX_APART: u32 = 6;

/// A word that says the question compares ("vs", "differ", "compared", "contrast", "decide
/// between", "the distinction", "rather than"). Asked of every answer's question: no allocation.
fn is_comparing(w: &str) -> bool {
    let starts = |p: &str| w.len() >= p.len() && w.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes());
    ["vs", "versus", "between", "rather"].iter().any(|x| w.eq_ignore_ascii_case(x))
        || ["differ", "compar", "contrast", "distin"].iter().any(|p| starts(p))
}

/// Whether a token can name a side: a whole word the text itself says (not an identifier's
/// part — "RWMutex" names no "Mutex" — nor a word the lexicon or spelling correction added).
fn names_a_side(t: &Token) -> bool {
    t.kind != TokenKind::IdentPart && t.via.is_none() && !t.corrected
}

/// Each side needs this many sentences of its own in the reference to be told apart.
pub const MIN_SIDE_SENTENCES: usize = 2;

/// The two sides of a comparison question and the reference's words for each.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Roles {
    /// The two sides' stems.
    pub sides: [String; 2],
    /// The two sides as the question words them ("unbuffered", "buffered").
    pub names: [String; 2],
    /// Per side: the stems of the reference's sentences naming that side only, less those of
    /// the other side's sentences and the question's own.
    words: [FxHashSet<String>; 2],
}

/// How an answer's words for each side match the reference's: IDF mass said of the side the
/// reference says it of (`kept`), and of the other side (`swapped`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct RoleFit {
    pub kept: f64,
    pub swapped: f64,
    /// Distinct stems said of the other side.
    pub swapped_words: usize,
}

/// Per sentence: the stems of its words that can name a side ([`names_a_side`]) and its content
/// stems.
fn sentences(a: &Analysis) -> Vec<(FxHashSet<&str>, FxHashSet<&str>)> {
    let mut out: Vec<(FxHashSet<&str>, FxHashSet<&str>)> = Vec::new();
    let mut current = u32::MAX;
    for t in &a.tokens {
        let p = &a.positions[t.pos as usize];
        if p.sentence != current {
            current = p.sentence;
            out.push(Default::default());
        }
        let (names, content) = out.last_mut().expect("pushed above");
        if names_a_side(t) {
            names.insert(t.stem.as_str());
        }
        if !p.stop {
            content.insert(t.stem.as_str());
        }
    }
    out
}

/// Pairs of stems the question sets against each other: two words it asks about, at most
/// [`MAX_APART`] words apart with "and", "or", "vs", "versus", "from", "with", "than", "instead"
/// or "between" between them ("unbuffered and buffered", "go run instead of go build", "a
/// goroutine different from an operating-system thread").
/// Each pair is (stem, stem, word, word).
fn set_against(question: &str, asked: &FxHashSet<String>) -> Vec<(String, String, String, String)> {
    let a = crate::text::analyze(question);
    let named: Vec<(u32, &str, &str)> = a
        .tokens
        .iter()
        .filter(|t| names_a_side(t) && !a.positions[t.pos as usize].stop && asked.contains(t.stem.as_str()))
        .filter(|t| t.stem.as_str().len() >= 3 && !is_comparing(t.text.as_str()))
        .map(|t| (t.pos, t.stem.as_str(), t.text.as_str()))
        .collect();
    let connector = |p: u32| {
        a.tokens.iter().any(|t| {
            t.pos == p && matches!(t.text.as_str(), "and" | "or" | "vs" | "versus" | "from" | "with" | "than" | "instead" | "between")
        })
    };
    let mut out = Vec::new();
    for (i, &(p, x, xn)) in named.iter().enumerate() {
        for &(q, y, yn) in &named[i + 1..] {
            if x != y && q - p <= MAX_APART && (p + 1..q).any(connector) {
                out.push((x.to_string(), y.to_string(), xn.to_string(), yn.to_string()));
            }
        }
    }
    out
}

impl Roles {
    /// Whether a question compares at all ("vs", "differ", "compare", …): a question that does
    /// not has no roles, and its reference need not be read for them.
    pub fn compares(question: &str) -> bool {
        question.split(|c: char| !c.is_alphanumeric()).any(is_comparing)
    }

    /// The roles of a `question` that compares ("… vs …", "how do they differ", "compare", "in
    /// what ways is X different from Y") and whose `asked` stems name two things that the
    /// `reference` speaks of in separate sentences, at least [`MIN_SIDE_SENTENCES`] each (the
    /// pair with the most such sentences); `None` for any other question.
    pub fn of(question: &str, reference: &Analysis, asked: &FxHashSet<String>) -> Option<Roles> {
        if !Roles::compares(question) {
            return None;
        }
        let sentences = sentences(reference);
        let alone = |x: &str, y: &str| sentences.iter().filter(|(n, _)| n.contains(x) && !n.contains(y)).count();
        let mut best: Option<(usize, [String; 2], [String; 2])> = None;
        for (x, y, xn, yn) in set_against(question, asked) {
            let n = alone(&x, &y).min(alone(&y, &x));
            if n >= MIN_SIDE_SENTENCES && best.as_ref().is_none_or(|(m, ..)| n > *m) {
                best = Some((n, [x, y], [xn, yn]));
            }
        }
        let (_, sides, names) = best?;
        let [x, y] = [sides[0].as_str(), sides[1].as_str()];
        let side_words = |x: &str, y: &str| -> FxHashSet<&str> {
            sentences.iter().filter(|(n, _)| n.contains(x) && !n.contains(y)).flat_map(|(_, c)| c.iter().copied()).collect()
        };
        let (wx, wy) = (side_words(x, y), side_words(y, x));
        let own = |mine: &FxHashSet<&str>, theirs: &FxHashSet<&str>| -> FxHashSet<String> {
            mine.iter().filter(|s| !theirs.contains(*s) && !asked.contains(**s)).map(|s| s.to_string()).collect()
        };
        let words = [own(&wx, &wy), own(&wy, &wx)];
        Some(Roles { sides, names, words })
    }

    /// How `answer`'s sentences that name one side only use the reference's words for each side,
    /// each distinct stem weighed by `idf` once per side.
    pub fn fit<'a>(&self, answer: &'a Analysis, idf: &dyn Fn(&str) -> f64) -> RoleFit {
        let [x, y] = [self.sides[0].as_str(), self.sides[1].as_str()];
        // Ordered, so that the sums add up in one order on every run.
        let mut said: [BTreeSet<&'a str>; 2] = Default::default();
        // One pass: the current sentence's content stems and which sides it names.
        let (mut content, mut names, mut current): (Vec<&'a str>, [bool; 2], u32) = (Vec::new(), [false; 2], u32::MAX);
        let mut close = |content: &mut Vec<&'a str>, names: [bool; 2]| {
            if names[0] != names[1] {
                said[usize::from(names[1])].extend(content.iter().copied());
            }
            content.clear();
        };
        for t in &answer.tokens {
            let p = &answer.positions[t.pos as usize];
            if p.sentence != current {
                close(&mut content, names);
                (names, current) = ([false; 2], p.sentence);
            }
            if names_a_side(t) {
                names[0] |= t.stem.as_str() == x;
                names[1] |= t.stem.as_str() == y;
            }
            if !p.stop {
                content.push(t.stem.as_str());
            }
        }
        close(&mut content, names);
        let mut fit = RoleFit::default();
        for (side, said) in said.iter().enumerate() {
            for s in said {
                if self.words[side].contains(*s) {
                    fit.kept += idf(s);
                } else if self.words[1 - side].contains(*s) {
                    fit.swapped += idf(s);
                    fit.swapped_words += 1;
                }
            }
        }
        fit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{analyze, stem_word};

    fn asked(q: &str) -> FxHashSet<String> {
        analyze(q).tokens.iter().map(|t| t.stem.as_str().to_string()).filter(|s| s.len() > 2).collect()
    }

    #[test]
    fn the_two_sides_come_from_the_question_and_swapping_them_is_seen() {
        let reference = "A buffered channel has a queue of fixed capacity. Sends to a buffered channel block only when the queue is full. \
                         An unbuffered channel has no queue. A send on an unbuffered channel waits until a receiver takes the value, a handoff.";
        let question = "Buffered or unbuffered channels: how do they differ?";
        let roles = Roles::of(question, &analyze(reference), &asked(question)).expect("two sides");
        let mut sides = roles.sides.clone();
        sides.sort();
        assert_eq!(sides, [stem_word("buffered"), stem_word("unbuffered")]);
        let one = |_: &str| 1.0;
        let right = roles.fit(
            &analyze("Buffered channels have a queue and block when it is full. Unbuffered ones wait for a receiver: a handoff."),
            &one,
        );
        let swapped = roles.fit(
            &analyze("Unbuffered channels have a queue and block when it is full. Buffered ones wait for a receiver: a handoff."),
            &one,
        );
        assert!(right.kept >= 4.0 && right.swapped == 0.0, "{right:?}");
        assert!(swapped.swapped >= 4.0 && swapped.kept == 0.0, "{swapped:?}");
        // A question that compares nothing has no sides.
        let question = "What are buffered and unbuffered channels for?";
        assert!(Roles::of(question, &analyze(reference), &asked(question)).is_none());
    }
}
