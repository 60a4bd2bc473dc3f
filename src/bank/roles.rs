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

/// What a short comparison's reference says of each side, word by word: each content word goes
/// to the side named last before it ("A stack is last-in-first-out (LIFO) …; a queue is FIFO
/// …"), and each side keeps the words the other side's do not use. A reference that speaks of
/// both sides in one sentence has no [`Roles`], and a student's answer to it is a clause or two:
/// "A stack is FIFO and a queue is LIFO" says of each side only what the reference says of the
/// other.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SideWords {
    /// The two sides' stems, and their names as the question words them.
    sides: [String; 2],
    pub names: [String; 2],
    /// Per side: the stems the reference says of it only, less the question's.
    words: [FxHashSet<String>; 2],
}

/// How an answer's words for each side match [`SideWords`]: per side, the distinct stems it says
/// of that side that the reference says of it (`kept`) and of the other side (`swapped`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct SideFit {
    pub kept: [usize; 2],
    pub swapped: [usize; 2],
}

impl SideFit {
    /// Each side said only in the other side's words: nothing kept, something swapped both ways.
    pub fn swapped_both_ways(&self) -> bool {
        self.kept == [0, 0] && self.swapped.iter().all(|&n| n >= 1)
    }
}

/// Per side, the content stems `a` says after naming it (and before naming the other): the walk
/// [`SideWords`] and [`SideWords::fit`] share.
fn words_by_side<'a>(a: &'a Analysis, sides: [&str; 2]) -> [BTreeSet<&'a str>; 2] {
    let mut said: [BTreeSet<&'a str>; 2] = Default::default();
    let mut current: Option<usize> = None;
    for t in &a.tokens {
        if names_a_side(t) {
            if let Some(side) = sides.iter().position(|&s| s == t.stem.as_str()) {
                current = Some(side);
                continue;
            }
        }
        // The text's own words, as said: what the lexicon adds for a word ("running": "runtime",
        // "execute") would say of a side what its writer did not, and a side is not what is
        // denied of it ("an interpreter runs it without producing a target program").
        let p = t.pos as usize;
        let denied = |scopes: &crate::text::Scopes| scopes.get(p).is_some_and(|l| !l.is_empty());
        let own_word = t.via.is_none() && !t.equivalent && !denied(&a.negated_by) && !denied(&a.denied_by);
        if let Some(side) = current.filter(|_| own_word && !a.positions[t.pos as usize].stop) {
            said[side].insert(t.stem.as_str());
        }
    }
    said
}

impl SideWords {
    /// The side words of a `question` that compares two things its `asked` stems name (the pair
    /// whose sides have the most words of their own, each at least one); `None` for any other.
    pub fn of(question: &str, reference: &Analysis, asked: &FxHashSet<String>) -> Option<SideWords> {
        if !Roles::compares(question) {
            return None;
        }
        let mut best: Option<(usize, SideWords)> = None;
        for (x, y, xn, yn) in set_against(question, asked) {
            let said = words_by_side(reference, [x.as_str(), y.as_str()]);
            let own = |mine: &BTreeSet<&str>, theirs: &BTreeSet<&str>| -> FxHashSet<String> {
                mine.iter().filter(|s| !theirs.contains(*s) && !asked.contains(**s)).map(|s| s.to_string()).collect()
            };
            let words = [own(&said[0], &said[1]), own(&said[1], &said[0])];
            let n = words[0].len().min(words[1].len());
            if n >= 1 && best.as_ref().is_none_or(|(m, _)| n > *m) {
                best = Some((n, SideWords { sides: [x, y], names: [xn, yn], words }));
            }
        }
        best.map(|(_, side_words)| side_words)
    }

    /// How `answer`'s words for each side match the reference's.
    pub fn fit(&self, answer: &Analysis) -> SideFit {
        let said = words_by_side(answer, [self.sides[0].as_str(), self.sides[1].as_str()]);
        let mut fit = SideFit::default();
        for (side, said) in said.iter().enumerate() {
            fit.kept[side] = said.iter().filter(|s| self.words[side].contains(**s)).count();
            fit.swapped[side] = said.iter().filter(|s| self.words[1 - side].contains(**s)).count();
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

    #[test]
    fn a_short_comparison_gives_each_side_the_words_said_after_naming_it() {
        let reference =
            "A stack is last-in-first-out (LIFO): items are pushed and popped at the top; a queue is first-in-first-out (FIFO): \
                         items join at the back and leave from the front.";
        let question = "What is the difference between a stack and a queue?";
        let sides = SideWords::of(question, &analyze(reference), &asked(question)).expect("two sides");
        assert!(sides.fit(&analyze("A stack is FIFO and a queue is LIFO.")).swapped_both_ways());
        let right = sides.fit(&analyze("A stack is LIFO, you pop the top; a queue is FIFO."));
        assert!(!right.swapped_both_ways() && right.kept[0] >= 2 && right.kept[1] >= 1, "{right:?}");
        // What is denied of a side is not said of it.
        assert!(!sides.fit(&analyze("A stack is not FIFO and a queue is not LIFO.")).swapped_both_ways());
    }
}
