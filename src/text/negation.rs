//! Negation scoping: for every word position, the negators ("not", "never", "without", …) and
//! denials ("a common mistake is to think …", "That's a myth.") whose scope covers it.

use super::analysis::as_spelled;
use super::analysis::Scopes;
use super::words::{
    CLAIM_NOUNS, CLOSING_REJECTIONS, DENIAL_CUES, DENIAL_LABELS, DENIAL_LINKS, HELD_TRUE, LABEL_LEADS, REJECTING_VERBS, REJECTIONS,
    REPORTERS, REPORT_VERBS, SHORT_DENIAL_WORDS,
};
use super::{is_negator, is_stop_word, Analysis, Atom, IdSlot, TermSet};
use std::sync::OnceLock;

/// How many content words after a negator it negates.
const NEGATION_REACH: usize = 6;

/// How many words a rejected claim's that-clause may run to ("the idea that … is a myth").
const CLAIM_REACH: usize = 40;

/// Most statement-level denials recorded for one position.
const MAX_DENIALS: usize = 32;

/// The word lists asked of every position, as bits of [`Cues`]: one lookup per position answers
/// them all, where each list was searched, a string comparison per entry, at every position.
mod cue {
    pub const DENIAL_CUE: u8 = 1;
    pub const DENIAL_LINK: u8 = 2;
    pub const REPORT_VERB: u8 = 4;
    pub const REPORTER: u8 = 8;
    pub const DENIAL_LABEL: u8 = 16;
    pub const LABEL_LEAD: u8 = 32;
    pub const CLAIM_NOUN: u8 = 64;
    pub const REJECTING_VERB: u8 = 128;
}

/// The words of the [`cue`] lists as a term set, with each word's bits: a position's word is
/// looked up by the id its atom remembers, so a word is hashed once per thread, not at every
/// position it stands at.
struct Cues {
    words: TermSet,
    bits: Vec<u8>,
}

impl Cues {
    fn get() -> &'static Cues {
        static CUES: OnceLock<Cues> = OnceLock::new();
        CUES.get_or_init(|| {
            let lists: [(&[&'static str], u8); 8] = [
                (DENIAL_CUES, cue::DENIAL_CUE),
                (DENIAL_LINKS, cue::DENIAL_LINK),
                (REPORT_VERBS, cue::REPORT_VERB),
                (REPORTERS, cue::REPORTER),
                (DENIAL_LABELS, cue::DENIAL_LABEL),
                (LABEL_LEADS, cue::LABEL_LEAD),
                (CLAIM_NOUNS, cue::CLAIM_NOUN),
                (REJECTING_VERBS, cue::REJECTING_VERB),
            ];
            let mut words: Vec<(&str, u8)> = Vec::new();
            for (list, bit) in lists {
                for &w in list {
                    match words.iter_mut().find(|(x, _)| *x == w) {
                        Some((_, bits)) => *bits |= bit,
                        None => words.push((w, bit)),
                    }
                }
            }
            Cues { words: TermSet::new(words.iter().map(|&(w, _)| w), IdSlot::Cues), bits: words.iter().map(|&(_, b)| b).collect() }
        })
    }

    /// The bits of a word given as text.
    fn of(&self, w: &str) -> u8 {
        self.words.id(w).map_or(0, |id| self.bits[id])
    }

    /// The bits of an interned word.
    fn of_atom(&self, w: &Atom) -> u8 {
        self.words.id_of(w).map_or(0, |id| self.bits[id])
    }
}

/// For every position, which negators' scope covers it.
/// Returns the negators' scopes, the denials' scopes and where a closing retraction begins (see
/// [`Analysis::retracted_at`]).
pub(super) fn negation_scopes(a: &Analysis, text: &str) -> (Scopes, Scopes, Option<u32>) {
    let n = a.positions.len();
    // (covered position, negator) pairs, made into per-position lists at the end.
    let mut scopes: Vec<(u32, u32)> = Vec::new();
    let mut denials: Vec<(u32, u32)> = Vec::new();
    let mut denial_count: Vec<u8> = vec![0; n];
    // Each position's first word, read once (not searched for at every look).
    // (A misspelt negator reads as itself: "wihtout" reaches as far as "without". Slips are
    // looked up at negators only: no other word is one.)
    let table = Cues::get();
    let mut words: Vec<&str> = Vec::with_capacity(n);
    let mut cues: Vec<u8> = Vec::with_capacity(n);
    for (t, pos) in a.tokens_by_position().zip(&a.positions) {
        let (word, bits) = match t.first() {
            None => ("", 0),
            Some(t) if pos.negator => {
                let w = as_spelled(t.text.as_str());
                (w, table.of(w))
            }
            Some(t) => (t.text.as_str(), table.of_atom(&t.text)),
        };
        words.push(word);
        cues.push(bits);
    }
    let word_at = |p: usize| words[p];
    let is = |p: usize, bit: u8| cues[p] & bit != 0;
    // Whether a denial cue came earlier in the text.
    let mut denied_before = false;
    for p in 0..n {
        let w = word_at(p);
        let pos = &a.positions[p];
        // "A common mistake is to think X. Another is that Y.": the next mistake named.
        let another_denial = w == "another"
            && (p == 0 || a.positions[p - 1].sentence != pos.sentence)
            && denied_before
            && (p + 1..(p + 3).min(n)).any(|q| a.positions[q].sentence == pos.sentence && matches!(word_at(q), "is" | "one"));
        let is_denial_cue = another_denial
            || is(p, cue::DENIAL_CUE)
            && (p + 1..(p + 4).min(n)).any(|q| a.positions[q].sentence == pos.sentence && is(q, cue::DENIAL_LINK))
            // "people often think …": a belief reported, not asserted.
            || is(p, cue::REPORT_VERB)
                && (p.saturating_sub(2)..p).any(|q| a.positions[q].sentence == pos.sentence && is(q, cue::REPORTER));
        denied_before |= is_denial_cue;
        if !pos.negator && !is_denial_cue {
            continue;
        }
        // Pseudo-negations that assert rather than deny.
        let next = if p + 1 < n { word_at(p + 1) } else { "" };
        // "not only X but also Y" asserts both; "is not just as fast" still denies.
        // (Looked for only after "not only": scanning for every negator made a long sentence of
        // negators quadratic.)
        let but_follows =
            || (p + 2..n).take_while(|&q| a.positions[q].sentence <= pos.sentence + 1).any(|q| matches!(word_at(q), "but" | "also"));
        if pos.negator
            && (matches!((w, next), ("no", "doubt") | ("no", "matter"))
                || matches!((w, next), ("not", "only") | ("not", "just")) && but_follows())
        {
            continue;
        }
        if pos.negator && p > 0 && word_at(p - 1) == "or" && p > 1 && word_at(p - 2) == "whether" {
            continue;
        }
        // "doesn't block until full" / "never returns unless …" assert the condition: cancel.
        let clause_rest = (p + 1..n).take_while(|&q| a.positions[q].sentence == pos.sentence);
        let mut denies_rest = is_denial_cue;
        if pos.negator {
            let following: Vec<&str> = (p + 1..(p + 4).min(n)).map(word_at).collect();
            // "not true that X", and "don't believe (that) X", "never assume X": the claim denied.
            denies_rest = following.iter().any(|w| matches!(*w, "true" | "case" | "correct" | "right" | "accurate"))
                && following.contains(&"that")
                || following.first().is_some_and(|w| matches!(*w, "believe" | "assume"))
                || following.starts_with(&["think", "that"]);
            // The next negator starts its own scope ("doesn't panic and doesn't give you nil
            // unless …": the "unless" belongs to the second), and so does the next clause ("does
            // not kill the goroutine, it keeps running until …").
            let ends_in_until = (p + 1..n)
                .take_while(|&q| {
                    let qp = &a.positions[q];
                    qp.sentence == pos.sentence && !qp.negator && (qp.clause == pos.clause || matches!(word_at(q), "until" | "unless"))
                })
                .take(NEGATION_REACH + 2)
                .any(|q| matches!(word_at(q), "until" | "unless"));
            if ends_in_until && !denies_rest {
                continue;
            }
        }
        // "without" (and "instead of", "rather than") denies only its object ("without parentheses
        // is a method value", "instead of constructors you write a NewX function"), and the
        // hyphen prefix "non" only its own word ("non-preemptible loop makes it wait").
        // A turned-down action ("instead of running the input through sh") is a whole verb
        // phrase, so it reaches as far as "not" does.
        let gerund_follows = || (p + 2 < n) && word_at(p + 2).ends_with("ing");
        // A negator in a relative clause ("a key that isn't there causes a runtime panic") denies
        // that clause's predicate (two content words, for an adverb: "that are not still open"),
        // not the rest of the sentence after it.
        let relative = (p.saturating_sub(2)..p).any(|q| {
            matches!(word_at(q), "that" | "which" | "who")
                && a.positions[q].clause == pos.clause
                && q > 0
                && !a.positions[q - 1].stop
                && a.positions[q - 1].clause == pos.clause
        });
        let max_reach = match w {
            _ if relative => 2,
            "instead" | "rather" if gerund_follows() => NEGATION_REACH,
            "without" | "instead" | "rather" => 2,
            "non" => 1,
            _ => NEGATION_REACH,
        };
        let mut reach = 0;
        for q in clause_rest {
            super::work::add(1);
            let qp = &a.positions[q];
            // "A common mistake is to think X — it calls os.Exit, so defers never run": after
            // the claim, a dash, colon or semicolon starts the writer's own correction.
            if denies_rest && reach >= 2 && between(text, a, q - 1, q).contains(['—', '–', ';', ':']) {
                break;
            }
            // A scope ends at its clause, after NEGATION_REACH content words, or where the next
            // negator starts its own scope ("cannot take a timeout … and cannot select").
            if !denies_rest && (qp.clause != pos.clause || reach >= max_reach || qp.negator) {
                break;
            }
            // A denial covers the rest of its sentence, so every later position already has as
            // many denials as this one: past MAX_DENIALS, stop (otherwise a long sentence of
            // denials is quadratic in time and memory). Only whether a hit has one denial that
            // it does not itself contain matters.
            if denies_rest && denial_count[q] as usize >= MAX_DENIALS {
                break;
            }
            if denies_rest {
                denials.push((q as u32, p as u32));
                denial_count[q] += 1;
            } else {
                scopes.push((q as u32, p as u32));
            }
            if !qp.stop {
                reach += 1;
            }
        }
    }
    let retracted_at = deny_previous_sentence(a, text, &words, &mut denials);
    let rejecting_negators = deny_rejected_claims(a, text, &words, &cues, &mut denials);
    // "… doesn't hold up": such a negator rejects the claim; it negates no word of its own (a
    // flag that names "hold" must not read the claim as denied twice). One pass, so that a long
    // text of such claims stays linear.
    if !rejecting_negators.is_empty() {
        scopes.retain(|(_, negator)| rejecting_negators.binary_search(negator).is_err());
    }
    (Scopes::from_pairs(n, &scopes), Scopes::from_pairs(n, &denials), retracted_at)
}

/// "X, but that isn't true." / "X. That's a myth.": a short sentence that only denies negates
/// the sentence before it; one that takes back everything ("Just kidding, none of that is
/// true.") negates all before it. Returns where such a retraction begins when it ends the text.
/// `words` is each position's first word.
fn deny_previous_sentence(a: &Analysis, text: &str, words: &[&str], scopes: &mut Vec<(u32, u32)>) -> Option<u32> {
    let n = a.positions.len();
    let mut start = 0;
    let mut retracted_at = None;
    while start < n {
        let sentence = a.positions[start].sentence;
        let end = (start..n).find(|&q| a.positions[q].sentence != sentence).unwrap_or(n);
        let words = &words[start..end];
        // Only a short sentence after another can deny it: the word tests run for those alone.
        let denial_only = || words.iter().all(|w| SHORT_DENIAL_WORDS.contains(w) || is_negator(w) || is_stop_word(w));
        let negated_truth =
            || words.windows(2).any(|w| is_negator(w[0]) && (says_true(w[1]) || w[1] == "so")) || words.windows(3).any(not_what_happens);
        let plain_denial = || words.iter().any(|w| says_untrue(w) || matches!(*w, "myth" | "misconception"));
        // "Is it true that X? No." answers the question it follows.
        let answers_no = || {
            matches!(words, ["no"] | ["nope"] | ["not", "really"] | ["no", "it", "is", "not"])
                && between(text, a, start - 1, start).contains('?')
        };
        // "People often let each worker close the output. Don't — …": a bare prohibition, set off
        // by a dash or colon or standing alone, turns down what the sentence before describes.
        let bare_prohibition = || {
            let said = match words {
                ["don't" | "dont" | "never", ..] => 1,
                ["do", "not", ..] => 2,
                _ => return false,
            };
            words.len() == said || between(text, a, start + said - 1, start + said).contains(['—', '–', ':'])
        };
        if start > 0 && words.len() <= 8 && retracts_everything(words) {
            scopes.extend((0..start as u32).map(|q| (q, start as u32)));
            retracted_at = (end == n).then_some(start as u32);
        } else if start > 0
            && (words.len() <= 8 && denial_only() && (negated_truth() || plain_denial() || answers_no()) || bare_prohibition())
        {
            let previous = a.positions[start - 1].sentence;
            for q in (0..start).rev().take_while(|&q| a.positions[q].sentence == previous) {
                scopes.push((q as u32, start as u32));
            }
        }
        start = end;
    }
    retracted_at
}

/// A word that calls a claim true ("… is not true", "… isn't right", "none of it is correct").
fn says_true(w: &str) -> bool {
    matches!(w, "true" | "right" | "correct" | "accurate")
}

/// A word that calls a claim untrue ("That's wrong.", "All of the above is false.").
fn says_untrue(w: &str) -> bool {
    matches!(w, "wrong" | "false" | "incorrect" | "untrue")
}

/// A short sentence that takes back everything said before it: "Just kidding.", "None of the
/// above is true.", "Everything I said is wrong.", "Ignore everything above.", "I take it all
/// back." (`words`: the sentence's words, lower-cased). Only words that plainly reach the whole
/// answer count: "None of that is true." or "That is all wrong." after a myth denies the myth
/// (the sentence before), not the answer around it.
fn retracts_everything(words: &[&str]) -> bool {
    let lead = words.iter().take_while(|w| matches!(**w, "actually" | "ok" | "okay" | "so" | "well" | "but" | "oh" | "and")).count();
    let words = &words[lead..];
    let has = |w: &str| words.contains(&w);
    let jest = matches!(words, ["just" | "only", "kidding" | "joking", ..] | ["i'm" | "im", "kidding" | "joking", ..]);
    let everything =
        has("above") || has("everything") || words.windows(3).any(|w| w[0] == "all" && w[1] == "i" && matches!(w[2], "said" | "wrote"));
    let untrue = words.iter().any(|w| says_untrue(w) || matches!(*w, "nonsense" | "rubbish"));
    let none_true = words.iter().skip_while(|w| **w != "none").any(|w| says_true(w) || *w == "valid");
    let set_aside = matches!(words.first(), Some(&("ignore" | "disregard" | "forget" | "scratch")));
    let all_back = words.windows(4).any(|w| w == ["take", "it", "all", "back"] || w == ["take", "everything", "i", "said"]);
    jest || all_back || everything && (untrue || none_true || set_aside)
}

/// A that-clause the sentence rejects is denied: "The idea that X is a myth.", "Forget the
/// notion that X." The claim's that-clause runs to the verb that calls it a myth (or to the
/// sentence's end after a rejecting verb). ("Don't believe that X" is the negator's own scope.)
/// `words` is each position's first word, `cues` its [`cues`].
fn deny_rejected_claims(a: &Analysis, text: &str, words: &[&str], cues: &[u8], denials: &mut Vec<(u32, u32)>) -> Vec<u32> {
    let mut rejecting_negators = Vec::new();
    let n = a.positions.len();
    // Whether `p` opens its sentence, or follows at most two lead words that do.
    let opens_after_lead = |p: usize| {
        let sentence = a.positions[p].sentence;
        let mut first = p;
        while first > 0 && p - first < 2 && a.positions[first - 1].sentence == sentence && cues[first - 1] & cue::LABEL_LEAD != 0 {
            first -= 1;
        }
        first == 0 || a.positions[first - 1].sentence != sentence
    };
    for (p, &bits) in cues.iter().enumerate() {
        let sentence = a.positions[p].sentence;
        let in_sentence = |q: usize| q < n && a.positions[q].sentence == sentence;
        let opens_sentence = p == 0 || a.positions[p - 1].sentence != sentence;
        // "Myth: X." / "False: X." / "Another misconception: X." — a label that opens its
        // sentence (after a word or two such as "another", "a common") denies the rest of it.
        if bits & cue::DENIAL_LABEL != 0
            && opens_after_lead(p)
            && text.get(a.positions[p].end..).is_some_and(|rest| rest.trim_start().starts_with(':'))
        {
            for q in (p + 1..n).take_while(|&q| in_sentence(q)).take(CLAIM_REACH) {
                denials.push((q as u32, p as u32));
            }
            continue;
        }
        // "X — that's wrong." / "X, which is not true.": a closing clause that rejects what
        // came before it in the sentence.
        if opens_sentence {
            deny_before_closing_rejection(a, text, words, p, denials);
        }
        let claim_noun = bits & cue::CLAIM_NOUN != 0;
        let rejecting = bits & cue::REJECTING_VERB != 0;
        if !claim_noun && !rejecting {
            continue;
        }
        // "that" right after the noun; after a verb within three words ("forget the idea that").
        let within = if claim_noun { 2 } else { 4 };
        let Some(that) = (p + 1..p + within).take_while(|&q| in_sentence(q)).find(|&q| words[q] == "that") else {
            continue;
        };
        // Bounded, so that a long sentence of claims stays linear.
        let rest = || (that + 1..n).take_while(|&q| in_sentence(q)).take(CLAIM_REACH);
        let end = if rejecting {
            Some(rest().last().map_or(that + 1, |q| q + 1))
        } else {
            // The first "is/are/was/were" followed within three words by a rejection, or a
            // negated "hold" or "true" ("… doesn't hold up", "… isn't true").
            rest().find(|&q| {
                matches!(words[q], "is" | "are" | "was" | "were")
                    && (q + 1..q + 4).take_while(|&r| in_sentence(r)).any(|r| REJECTIONS.contains(&words[r]))
                    || is_negator(words[q]) && (q + 1..q + 3).take_while(|&r| in_sentence(r)).any(|r| HELD_TRUE.contains(&words[r]))
            })
        };
        if let Some(end) = end {
            for q in that + 1..end {
                super::work::add(1);
                denials.push((q as u32, p as u32));
            }
            if end < n && a.positions[end].negator {
                rejecting_negators.push(end as u32);
            }
        }
    }
    rejecting_negators.sort_unstable();
    rejecting_negators.dedup();
    rejecting_negators
}

/// The sentence opening at `first`, when a short clause set off by a dash, comma, semicolon or
/// colon rejects what came before it ("X — that's wrong: …", "X, which is not true", "X; this is
/// a myth"): the words before that clause are denied.
fn deny_before_closing_rejection(a: &Analysis, text: &str, words: &[&str], first: usize, denials: &mut Vec<(u32, u32)>) {
    let n = a.positions.len();
    let sentence = a.positions[first].sentence;
    let end = (first..n).take_while(|&q| a.positions[q].sentence == sentence).last().map_or(first, |q| q + 1);
    // "X — it doesn't;" / "X — they aren't.": a pronoun and a negated auxiliary, and nothing else
    // in their clause.
    let bare_denial = |k: usize| {
        k + 1 < end
            && words[k + 1].ends_with("n't")
            && (k + 2 == end || a.positions[k + 2].clause != a.positions[k + 1].clause)
            && matches!(words[k], "it" | "they" | "that" | "this")
    };
    let rejecting_clause = |k: usize| {
        let after = &words[k..(k + 4).min(end)];
        matches!(words[k], "that" | "that's" | "thats" | "which" | "this" | "it" | "it's" | "they")
            && between(text, a, k - 1, k).contains(['—', '–', '-', ',', ';', ':', '('])
            && (after.iter().any(|w| CLOSING_REJECTIONS.contains(w))
                || bare_denial(k)
                || after.windows(2).any(|w| is_negator(w[0]) && (says_true(w[1]) || w[1] == "so"))
                || after.windows(3).any(not_what_happens))
    };
    // Bounded, like a claim's clause, so that a long sentence stays linear.
    if let Some(k) = (first + 2..end).take(CLAIM_REACH).find(|&k| rejecting_clause(k)) {
        for q in first..k {
            denials.push((q as u32, k as u32));
        }
    }
}

/// "not the case", "not what happens": three words that deny a statement without calling it
/// false. ("…, which is not what you want" judges an action, not a claim.)
fn not_what_happens(w: &[&str]) -> bool {
    is_negator(w[0]) && matches!((w[1], w[2]), ("the", "case") | ("what", "happens" | "happen"))
}

/// The text between two positions (empty when they touch or overlap, as the parts of one
/// identifier do).
fn between<'t>(text: &'t str, a: &Analysis, before: usize, after: usize) -> &'t str {
    text.get(a.positions[before].end..a.positions[after].start).unwrap_or("")
}
