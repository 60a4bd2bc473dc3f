//! Everyday wordings of the bank's terms: the Go paraphrase lexicon and WordNet synonyms.
//!
//! A candidate who says "shut the channel" means `close`; one who says the runtime "halts" a
//! goroutine means it stops it. Before matching, [`Lexicon::expand`] finds such wordings in the
//! analysed answer and adds the bank's term at the same place, marked with the entry that put it
//! there. A pattern that matches through an added term earns a little less than the exact word,
//! and its evidence shows both: you said “shut” (≈ close).
//!
//! Three sources feed one table:
//!
//! - the bank's `rubrics/lexicon.toml` (multi-word on both sides, written for Go answers, each
//!   entry with a sentence that uses it);
//! - the built-in computing lexicon (`src/text/computing-lexicon.toml`, same format): groups of
//!   wordings that computer-science courses use for one thing ("lexer" / "lexical analyser",
//!   "hostname" / "domain name"), read both ways, by the questions graded from their reference
//!   alone (a bank of hand-written rubrics does not load it), so that a bank of model answers
//!   alone still knows that a student's wording is the teacher's;
//! - a table derived from WordNet 3.0 (`src/text/wordnet-synonyms.tsv`, made by
//!   `scripts/wordnet-synonyms.py`; single words, first senses only), restricted to the words the
//!   shipped patterns use.

use super::analysis::{analyze, Analysis, Token, TokenKind};
use super::atom::{Atom, IdSlot};
use super::term_set::TermSet;
use rustc_hash::FxHashMap;

/// Where an entry comes from, which decides its credit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum Source {
    /// The bank's paraphrase lexicon.
    Lexicon,
    /// The built-in computing lexicon (credited as the bank's own).
    Computing,
    /// The WordNet synonym table.
    WordNet,
}

/// One compiled entry: phrases (as stems) that mean `means`.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// The bank's wording, as written in the lexicon.
    pub means: String,
    /// Where the entry comes from (its credit depends on it).
    pub source: Source,
    /// The analysed words of `means`.
    terms: Terms,
}

/// The analysed content words of a wording: (text, stem, kind) per position.
type Terms = Vec<(Atom, Atom, TokenKind)>;

/// A phrase of an entry, as the stems of its words.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Phrase {
    /// The entries whose terms it adds.
    adds: Adds,
    /// Stems to find in order; function words are left out unless the phrase has nothing else.
    stems: Vec<String>,
    /// Whether the phrase's words are all function words (then matched with them).
    function_only: bool,
}

/// The entries a phrase stands for.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
enum Adds {
    /// One entry: the phrase is an everyday wording of its `means`.
    Entry(u32),
    /// Every wording of a group but the phrase's own: entries `first..end`, without `own`. (A
    /// group of six wordings is six phrases, not the thirty of each wording listing the others.)
    Group { first: u32, end: u32, own: u32 },
}

impl Adds {
    fn entries(self) -> impl Iterator<Item = u32> {
        let (range, own) = match self {
            Adds::Entry(e) => (e..e + 1, u32::MAX),
            Adds::Group { first, end, own } => (first..end, own),
        };
        range.filter(move |&e| e != own)
    }
}

/// At most this many other content words may stand between two words of a phrase ("shut the
/// channel down" for "shut down"); function words are skipped (see `phrase_at`).
pub const MAX_PHRASE_GAP: u32 = 2;

/// A compiled lexicon.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Lexicon {
    entries: Vec<Entry>,
    phrases: Vec<Phrase>,
    /// The first stems of phrases, and by a first stem's id there, the phrases that start with
    /// it: every answer token is looked up, by the id its atom remembers.
    starts: TermSet,
    started: Vec<Vec<u32>>,
    /// Made from the above when first asked (not stored in the snapshot): see [`PhraseStems`].
    #[serde(skip)]
    stems: std::sync::OnceLock<PhraseStems>,
}

/// Every stem of the lexicon's phrases by id, so that an answer's stems are looked up once and a
/// phrase whose words the answer lacks is never looked for: most phrases a common word starts
/// (synonyms of "use", "run", "call" …) have a word the answer does not hold, and each was
/// looked for at every occurrence of its first word.
#[derive(Debug, Clone)]
struct PhraseStems {
    /// Every stem of every phrase. (It holds the first stems too, and answers for them: an atom
    /// remembers one id per slot, and a second set would evict the first one's ids.)
    all: TermSet,
    /// By id in `all`: where the phrases starting with that stem are in `started`, or
    /// [`PhraseStems::NO_PHRASE`].
    started_at: Vec<u32>,
    /// By phrase: the ids in `all` of its stems after the first, `rest[rest_starts[k]..
    /// rest_starts[k + 1]]` for phrase `k` (flat: a list per phrase was a thousand allocations,
    /// and a cold grade's peak memory grew by two megabytes).
    rest: Vec<u32>,
    rest_starts: Vec<u32>,
}

impl PhraseStems {
    const NO_PHRASE: u32 = u32::MAX;
}

/// The lexicon entries whose added terms count against one question, and how. An entry of the
/// computing lexicon counts only where the question's reference says the whole of its wording:
/// "preorder" is "preorder traversal", but it says nothing of the reference's "inorder
/// traversal", and the added "traversal" alone would match it. The bank's own entries and
/// WordNet's always count.
#[derive(Debug, Clone, Default)]
pub struct Admitted(Vec<Admission>);

/// How a term the lexicon added counts (see [`Admitted`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// As a word of the answer's own.
    Counts,
    /// As another wording of the answer's word: it matches the reference's wording, but weighs
    /// as the word the answer wrote (a computing-lexicon entry the reference says).
    Equivalent,
    /// Not at all.
    Refused,
}

impl Admitted {
    /// Every entry counts.
    pub fn all() -> Admitted {
        Admitted(Vec::new())
    }

    /// How a token added by entry `via` (none: the answer's own word) counts.
    pub fn of(&self, via: Option<u32>) -> Admission {
        via.and_then(|e| self.0.get(e as usize).copied()).unwrap_or(Admission::Counts)
    }

    /// Whether a token added by entry `via` counts at all.
    pub fn admits(&self, via: Option<u32>) -> bool {
        self.of(via) != Admission::Refused
    }
}

/// A lexicon entry before compiling.
#[derive(Debug, Clone)]
pub struct EntrySpec {
    /// The bank's wording the phrases stand for.
    pub means: String,
    /// Everyday wordings of `means`, matched in answers with up to [`MAX_PHRASE_GAP`] words between.
    pub phrases: Vec<String>,
    /// Where the entry comes from.
    pub source: Source,
}

impl Lexicon {
    /// Compile entries, and groups of wordings that each stand for all the others (of
    /// `group_source`). A phrase that analyses to nothing, or that contains a negator, is
    /// skipped here; `gograde check` reports it.
    pub fn new(specs: impl IntoIterator<Item = EntrySpec>, groups: impl IntoIterator<Item = Vec<String>>, group_source: Source) -> Lexicon {
        let mut lex = Lexicon::default();
        let mut starts: FxHashMap<String, Vec<u32>> = FxHashMap::default();
        let mut push_phrase = |lex: &mut Lexicon, p: Phrase| {
            let id = lex.phrases.len() as u32;
            starts.entry(p.stems[0].clone()).or_default().push(id);
            lex.phrases.push(p);
        };
        for spec in specs {
            let Some(terms) = terms_of(&spec.means) else { continue };
            let entry = lex.entries.len() as u32;
            lex.entries.push(Entry { means: spec.means.clone(), source: spec.source, terms });
            for p in spec.phrases.iter().filter_map(|phrase| compile_phrase(phrase, Adds::Entry(entry))) {
                push_phrase(&mut lex, p);
            }
        }
        for group in groups {
            let first = lex.entries.len() as u32;
            let wordings: Vec<(String, Terms)> = group.into_iter().filter_map(|w| terms_of(&w).map(|terms| (w, terms))).collect();
            let end = first + wordings.len() as u32;
            for (k, (wording, terms)) in wordings.into_iter().enumerate() {
                let own = first + k as u32;
                if let Some(p) = compile_phrase(&wording, Adds::Group { first, end, own }) {
                    push_phrase(&mut lex, p);
                }
                lex.entries.push(Entry { means: wording, source: group_source, terms });
            }
        }
        let mut starts: Vec<(String, Vec<u32>)> = starts.into_iter().collect();
        starts.sort_unstable();
        lex.starts = TermSet::new(starts.iter().map(|(stem, _)| stem.as_str()), IdSlot::Lexicon);
        lex.started = starts.into_iter().map(|(_, phrases)| phrases).collect();
        lex
    }

    /// The lexicon's [`PhraseStems`], made on first use.
    fn stems(&self) -> &PhraseStems {
        self.stems.get_or_init(|| {
            let mut stems: Vec<&str> = self.phrases.iter().flat_map(|p| &p.stems).map(String::as_str).collect();
            stems.sort_unstable();
            stems.dedup();
            let all = TermSet::new(stems, IdSlot::Lexicon);
            let id = |stem: &str| all.id(stem).expect("every phrase stem is in the set") as u32;
            let mut rest = Vec::new();
            let mut rest_starts = Vec::with_capacity(self.phrases.len() + 1);
            rest_starts.push(0);
            for p in &self.phrases {
                rest.extend(p.stems[1..].iter().map(|s| id(s)));
                rest_starts.push(rest.len() as u32);
            }
            let started_at = (0..all.len()).map(|id| self.starts.id(all.term(id)).map_or(PhraseStems::NO_PHRASE, |at| at as u32)).collect();
            PhraseStems { all, started_at, rest, rest_starts }
        })
    }

    /// The entry an added token came from.
    pub fn entry(&self, id: u32) -> &Entry {
        &self.entries[id as usize]
    }

    /// Number of entries (of both sources).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the lexicon has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// What a question with a hand-written rubric admits: everything but the computing lexicon
    /// (its patterns name their own wordings, and its bank's lexicon the everyday ones).
    pub fn admitted_without_computing(&self) -> Admitted {
        if !self.entries.iter().any(|e| e.source == Source::Computing) {
            return Admitted::all();
        }
        let of = |e: &Entry| if e.source == Source::Computing { Admission::Refused } else { Admission::Counts };
        Admitted(self.entries.iter().map(of).collect())
    }

    /// Which of the terms this lexicon adds to an answer count against a question graded from
    /// its reference alone, asked in `question` whose reference is `reference` (see
    /// [`Admitted`]).
    pub fn admitted_by(&self, question: &Analysis, reference: &Analysis) -> Admitted {
        let said: rustc_hash::FxHashSet<&str> = reference.tokens.iter().map(|t| t.stem.as_str()).collect();
        let mut admitted: Vec<Admission> = self
            .entries
            .iter()
            .map(|e| match e.source {
                Source::Computing if e.terms.iter().all(|(_, stem, _)| said.contains(stem.as_str())) => Admission::Equivalent,
                Source::Computing => Admission::Refused,
                _ => Admission::Counts,
            })
            .collect();
        // A wording the question says is no answer, and neither is its equivalent: "pass by
        // value" in "What is the difference between pass by value and pass by reference?" says
        // nothing of the reference's "passes a copy". And where the reference says a wording
        // itself, it asks for it: "dequeue" alone says the reference's "dequeue", not also its
        // "removes the element at the front".
        // (A phrase that is the wording's own words, "network card" in "network interface card",
        // is the wording itself.)
        for (text, is_reference) in [(question, false), (reference, true)] {
            self.each_phrase_in(text, &text.position_starts(), |phrase, _| {
                for id in phrase.adds.entries() {
                    let e = &self.entries[id as usize];
                    let own_words = phrase.stems.iter().all(|s| e.terms.iter().any(|(_, stem, _)| stem.as_str() == s));
                    if e.source == Source::Computing && !(is_reference && own_words) {
                        admitted[id as usize] = Admission::Refused;
                    }
                }
            });
        }
        Admitted(admitted)
    }

    /// Add the bank's terms wherever the answer uses one of their everyday wordings.
    pub fn expand(&self, a: &mut Analysis) {
        if self.started.is_empty() || a.tokens.is_empty() {
            return;
        }
        let mut added: Vec<Token> = Vec::new();
        // What `added` holds, by position and stem: a lookup, not a scan (the scan made a long
        // answer of one repeated phrase quadratic).
        let mut added_at: rustc_hash::FxHashSet<(u32, &str)> = rustc_hash::FxHashSet::default();
        let starts = a.position_starts();
        self.each_phrase_in(a, &starts, |phrase, span| {
            let start = a.positions[span[0] as usize].start;
            let end = a.positions[*span.last().unwrap() as usize].end;
            for id in phrase.adds.entries() {
                let entry = &self.entries[id as usize];
                for (k, (text, stem, kind)) in entry.terms.iter().enumerate() {
                    let pos = span[k.min(span.len() - 1)];
                    let present = tokens_in(a, &starts, pos).iter().any(|x| x.stem == *stem) || added_at.contains(&(pos, stem.as_str()));
                    if present {
                        continue;
                    }
                    added_at.insert((pos, stem.as_str()));
                    added.push(Token {
                        text: text.clone(),
                        stem: stem.clone(),
                        kind: *kind,
                        pos,
                        start,
                        end,
                        via: Some(id),
                        corrected: false,
                        equivalent: entry.source == Source::Computing,
                    });
                }
            }
        });
        if !added.is_empty() {
            // The answer's own tokens stay first at their position.
            a.insert_tokens(added);
            a.index_positions();
        }
    }

    /// Calls `found` with each phrase `a` says and the positions it spans, in text order.
    /// `starts` are `a`'s [`Analysis::position_starts`].
    fn each_phrase_in<'s>(&'s self, a: &Analysis, starts: &[u32], mut found: impl FnMut(&'s Phrase, &[u32])) {
        let stems = self.stems();
        // Which phrase stems the text has, and each token's stem's id (phrases are then found
        // by comparing ids, not strings).
        let mut has = vec![0u64; stems.all.len().div_ceil(64)];
        let ids: Vec<u32> = a
            .tokens
            .iter()
            .map(|t| match stems.all.id_of(&t.stem) {
                Some(id) => {
                    has[id / 64] |= 1 << (id % 64);
                    id as u32
                }
                None => NO_STEM,
            })
            .collect();
        let holds = |id: u32| has[id as usize / 64] & (1 << (id % 64)) != 0;
        for t in 0..a.tokens.len() {
            super::work::add(1);
            let stem = ids[t];
            if stem == NO_STEM {
                continue;
            }
            let start = stems.started_at[stem as usize];
            if start == PhraseStems::NO_PHRASE {
                continue;
            }
            let candidates = &self.started[start as usize];
            super::work::add(candidates.len());
            let first = a.tokens[t].pos;
            for &id in candidates {
                // A word the text lacks anywhere is nowhere after this one either.
                let rest = &stems.rest[stems.rest_starts[id as usize] as usize..stems.rest_starts[id as usize + 1] as usize];
                if !rest.iter().all(|&s| holds(s)) {
                    continue;
                }
                let phrase = &self.phrases[id as usize];
                if let Some(span) = phrase_at(a, starts, &ids, rest, phrase.function_only, first) {
                    found(phrase, &span);
                }
            }
        }
    }
}

/// The tokens of position `p`, by the answer's [`Analysis::position_starts`].
fn tokens_in<'a>(a: &'a Analysis, starts: &[u32], p: u32) -> &'a [Token] {
    &a.tokens[starts[p as usize] as usize..starts[p as usize + 1] as usize]
}

/// The analysed content words of an entry's wording: (text, stem, kind) per position; none when
/// it has no content word.
fn terms_of(means: &str) -> Option<Terms> {
    let m = analyze(means);
    let mut terms: Terms = Vec::new();
    let mut last = u32::MAX;
    for t in &m.tokens {
        if t.pos != last && !m.positions[t.pos as usize].stop {
            terms.push((t.text.clone(), t.stem.clone(), t.kind));
        }
        last = t.pos;
    }
    (!terms.is_empty()).then_some(terms)
}

fn compile_phrase(phrase: &str, adds: Adds) -> Option<Phrase> {
    let a = analyze(phrase);
    if a.positions.iter().any(|p| p.negator) {
        return None;
    }
    let first_stem = |p: usize| a.tokens_at(p as u32).next().map(|t| t.stem.as_str().to_owned());
    let content: Vec<String> = (0..a.positions.len()).filter(|&p| !a.positions[p].stop).filter_map(first_stem).collect();
    if !content.is_empty() {
        return Some(Phrase { adds, stems: content, function_only: false });
    }
    let all: Vec<String> = (0..a.positions.len()).filter_map(first_stem).collect();
    (!all.is_empty()).then_some(Phrase { adds, stems: all, function_only: true })
}

/// Function words skipped between two words of a phrase, besides the [`MAX_PHRASE_GAP`] other
/// words ("puts it on the channel" for "put … channel").
const MAX_SKIPPED_FUNCTION_WORDS: u32 = 4;

/// A token whose stem no phrase has (see `each_phrase_in`).
const NO_STEM: u32 = u32::MAX;

/// The positions where a phrase matches starting at `first`, if it does: its words in order, in
/// one clause, with at most [`MAX_PHRASE_GAP`] other content words (and a few function words)
/// between two of them. `rest` are the ids of its stems after the first, `ids` each token's stem's
/// id (or [`NO_STEM`]), `starts` the answer's [`Analysis::position_starts`].
fn phrase_at(
    a: &Analysis,
    starts: &[u32],
    ids: &[u32],
    rest: &[u32],
    function_only: bool,
    first: u32,
) -> Option<smallvec::SmallVec<[u32; 4]>> {
    let clause = a.positions[first as usize].clause;
    let mut span = smallvec::smallvec![first];
    let mut prev = first;
    let gap = if function_only { 0 } else { MAX_PHRASE_GAP + MAX_SKIPPED_FUNCTION_WORDS };
    for &stem in rest {
        let mut content_between = 0;
        let mut found = None;
        for q in prev + 1..=(prev + 1 + gap).min(a.positions.len() as u32 - 1) {
            let pos = &a.positions[q as usize];
            // Clauses only grow along the text, and a third content word in between is too
            // many: no later position can be the word's.
            if pos.clause != clause {
                break;
            }
            if (function_only || !pos.stop) && ids[starts[q as usize] as usize..starts[q as usize + 1] as usize].contains(&stem) {
                found = Some(q);
                break;
            }
            if !pos.stop {
                content_between += 1;
                if content_between > MAX_PHRASE_GAP {
                    break;
                }
            }
        }
        let found = found?;
        span.push(found);
        prev = found;
    }
    Some(span)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn send_lexicon() -> Lexicon {
        Lexicon::new(
            [EntrySpec { means: "send".into(), phrases: vec!["put on the channel".into()], source: Source::Lexicon }],
            [],
            Source::Computing,
        )
    }

    fn reads_send(lexicon: &Lexicon, text: &str) -> bool {
        let mut a = analyze(text);
        lexicon.expand(&mut a);
        a.tokens.iter().any(|t| t.stem == "send" && t.via.is_some())
    }

    #[test]
    fn function_words_between_phrase_words_are_skipped_content_words_counted() {
        let lex = send_lexicon();
        assert!(reads_send(&lex, "The producer puts it on the channel."), "function words are skipped");
        assert!(reads_send(&lex, "The producer puts each finished value on the channel."), "two other words may stand between");
        assert!(!reads_send(&lex, "The producer puts each finished parsed value on the channel."), "three may not");
        assert!(!reads_send(&lex, "The producer puts it away, and then reads the channel."), "nor a clause break");
    }
}
