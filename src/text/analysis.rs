//! Text analysis shared by the concept matcher and the BM25 index.
//!
//! One analyzer serves both, so a word that matches a rubric pattern is the same term that the
//! index scores. It turns raw text (an answer, a reference, a pattern word) into positioned
//! tokens:
//!
//! - Unicode-normalised (NFKC per character, curly quotes folded) and lower-cased;
//! - Go identifiers kept whole *and* split (`sync.RWMutex` → `sync.rwmutex`, `sync`, `rwmutex`,
//!   `rw`, `mutex`), all at one position so phrases and windows count them once;
//! - `interface{}` read as `any`; sizes and durations normalised to one canonical token
//!   (`2KB` = `2 KiB` = `2048 bytes` → `#2048b`);
//! - British spellings folded to American before stemming (synchronise → synchronize);
//! - stemmed with Snowball English (rust-stemmers);
//! - stop words marked (never removed: windows count them), negators kept as content;
//! - sentence and clause boundaries, and for every position the negators whose scope covers it.

use super::atom::Atom;
use super::negation::negation_scopes;
use super::scan::{camel_parts, is_number, scan, splits_camel, Break, Piece, RawWord};
use super::stem::stem_word;
use super::words::{BRIEF_CUES, CLAUSE_WORDS, CONTRACTED_NT, GO_KEYWORDS, NEAR_NEGATOR_WORDS, NEGATORS, PROMPT_STEMS, STOP_WORDS};
use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::OnceLock;

/// What a token is, which decides how it may be matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TokenKind {
    /// An ordinary word: stemmed, typo-tolerant when long.
    Word,
    /// A Go identifier as written (`sync.rwmutex`, `waitgroup`, `gomaxprocs`): matched exactly.
    Ident,
    /// A piece of a split identifier (`rw`, `mutex` of `RWMutex`): matched exactly.
    IdentPart,
    /// A plain number.
    Number,
    /// A canonical size or duration (`#2048b`, `#10000000ns`).
    Quantity,
}

/// One token at one position. Several tokens may share a position (identifier parts).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Token {
    /// Normalised, lower-cased surface form.
    pub text: Atom,
    /// Snowball stem (equal to `text` for identifiers, numbers and quantities).
    pub stem: Atom,
    /// What kind of token it is, which decides how patterns match it.
    pub kind: TokenKind,
    /// Word position (index into [`Analysis::positions`]).
    pub pos: u32,
    /// Byte range in the original text: start.
    pub start: usize,
    /// Byte range in the original text: end (exclusive).
    pub end: usize,
    /// The lexicon entry that added this token where the answer used an everyday wording of a
    /// bank term (see [`crate::text::Lexicon`]); `None` for the text's own tokens.
    pub via: Option<u32>,
    /// Added by spelling correction: the bank's word that an unknown answer word at this
    /// position is one or two edits from.
    pub corrected: bool,
    /// Added by the computing lexicon: another wording of the answer's word, which only the
    /// questions that admit it read (see [`crate::text::Admitted`]); no index term.
    pub equivalent: bool,
}

/// Facts about one word position.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Position {
    /// 0-based sentence index: `&`, `~` and phrases never match across sentences.
    pub sentence: u32,
    /// 0-based clause index in the text; negation scope stops at a clause boundary.
    pub clause: u32,
    /// A function word (the, is, of …): skipped inside phrases, not indexed.
    pub stop: bool,
    /// This position is itself a negator (not, never, n't, without …).
    pub negator: bool,
    /// Byte range in the original text: start.
    pub start: usize,
    /// Byte range in the original text: end (exclusive).
    pub end: usize,
    /// Written inside backticks or a fenced code block, or looks like code.
    pub code: bool,
}

/// The analysed form of a text.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Analysis {
    /// Every token, in position order (a position may hold several).
    pub tokens: Vec<Token>,
    /// Facts about every word position, indexed by [`Token::pos`].
    pub positions: Vec<Position>,
    /// For every position, the local negators ("not", "never", "without" …) whose scope covers it.
    pub negated_by: Scopes,
    /// For every position, the statement-level denials covering it ("it is not true that …",
    /// "people think …", "… That's a myth."). Each flips the statement, so two cancel out.
    pub denied_by: Scopes,
    /// Number of sentences.
    pub sentence_count: u32,
    /// Count of code punctuation marks (`:=`, `<-`, block braces, `;` in code), for telling code
    /// from lists of terms.
    pub code_marks: u32,
    /// Count of list separators (commas, semicolons, line breaks), for telling lists from prose.
    pub list_separators: u32,
    /// Where a closing sentence that takes back everything said before it begins ("Just
    /// kidding, none of that is true.", "Scratch all that."): its first position. (Everything
    /// before it is denied, as by "That's a myth." for one sentence.)
    #[serde(default)]
    pub retracted_at: Option<u32>,
    /// Per token, whether it is a word or identifier whose stem is a word of the bank, as
    /// `Vocabulary::correct` found when the bank corrected this answer; empty until then.
    #[serde(skip)]
    pub known_stems: Vec<bool>,
    /// [`Analysis::position_starts`], kept by [`Analysis::index_positions`] whenever tokens are
    /// added: an answer's tokens are walked by position six to eight times, and each walk
    /// compared every token's position. Trusted only while it covers every token and position
    /// (empty in an analysis read back from a snapshot: such walks search as before).
    #[serde(skip)]
    starts: Vec<u32>,
}

/// For every position, a list of positions (the negators or denials that cover it), stored flat:
/// `scopes[p]` is position `p`'s list. Most positions have none, so one list per position (24
/// bytes each, twice per analysis) was most of the memory a long answer's negation took.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Scopes {
    /// Position `p`'s list is `items[starts[p]..starts[p + 1]]`.
    starts: Vec<u32>,
    items: Vec<u32>,
}

impl Scopes {
    /// The lists of `n` positions from `(position, item)` pairs; each list keeps its items in the
    /// order of the pairs.
    pub(crate) fn from_pairs(n: usize, pairs: &[(u32, u32)]) -> Scopes {
        // A counting sort in place: each list's end, then the pairs from the last back, each
        // list filled from its end, so that `starts[p]` ends at the list's start (no second
        // table of next free places to copy).
        let mut starts = vec![0u32; n + 1];
        for &(p, _) in pairs {
            starts[p as usize] += 1;
        }
        for p in 1..n {
            starts[p] += starts[p - 1];
        }
        starts[n] = pairs.len() as u32;
        let mut items = vec![0; pairs.len()];
        for &(p, item) in pairs.iter().rev() {
            starts[p as usize] -= 1;
            items[starts[p as usize] as usize] = item;
        }
        Scopes { starts, items }
    }

    /// Number of positions.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Whether there are no positions.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Position `p`'s list, if there is such a position.
    pub fn get(&self, p: usize) -> Option<&[u32]> {
        (p < self.len()).then(|| &self.items[self.starts[p] as usize..self.starts[p + 1] as usize])
    }

    /// Every position's list, in position order.
    pub fn iter(&self) -> impl Iterator<Item = &[u32]> {
        self.starts.windows(2).map(|w| &self.items[w[0] as usize..w[1] as usize])
    }
}

impl<'a> IntoIterator for &'a Scopes {
    type Item = &'a [u32];
    type IntoIter = Box<dyn Iterator<Item = &'a [u32]> + 'a>;
    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl std::ops::Index<usize> for Scopes {
    type Output = [u32];
    fn index(&self, p: usize) -> &[u32] {
        self.get(p).expect("a position of the analysis")
    }
}

impl Analysis {
    /// Is this position under any negation or denial?
    pub fn is_denied(&self, pos: usize) -> bool {
        !self.negated_by[pos].is_empty() || !self.denied_by[pos].is_empty()
    }

    /// The number of content positions, and the share of them the text does not assert: under a
    /// statement-level denial ("It is not true that …", "…, but that is not true."), in a sentence that asks ("Does a buffered channel block only when
    /// full?"), or after a lead that doubts it ("I'm not sure whether …", "I don't know if …",
    /// "I wonder whether …"), or in a sentence that says "maybe" and then "maybe not" / "or not".
    pub fn unasserted_share(&self, text: &str) -> (usize, f64) {
        let content = self.content_positions();
        let (mut unasserted, mut first) = (0, 0);
        let n = self.positions.len();
        // "Maybe" and "wonder" are rare: only a text that says one is searched for it.
        let (maybe, wonder) = (text.contains("aybe"), text.contains("onder"));
        while first < n {
            let sentence = self.positions[first].sentence;
            let end = (first..n).find(|&p| self.positions[p].sentence != sentence).unwrap_or(n);
            let next = self.positions.get(end).map_or(text.len(), |p| p.start);
            let asks = text.get(self.positions[end - 1].end..next).is_some_and(|gap| gap.contains('?'));
            let from = if asks { first } else { self.doubted_from(first, end, maybe, wonder) };
            for p in first..end {
                unasserted += usize::from(!self.positions[p].stop && (p >= from || !self.denied_by[p].is_empty()));
            }
            first = end;
        }
        (content, if content == 0 { 0.0 } else { unasserted as f64 / content as f64 })
    }

    /// Where the doubted part of the sentence `first..end` begins (`end` when nothing is doubted):
    /// after "whether" or "if" following a negated "sure", "know", "idea", "certain", "remember"
    /// or "recall" (or "wonder") among its first eight words; or the whole sentence, when it says
    /// "maybe" and then "maybe not" or "or not".
    fn doubted_from(&self, first: usize, end: usize, maybe: bool, wonder: bool) -> usize {
        let stem = |p: usize| self.tokens_at(p as u32).next().map_or("", |t| t.stem.as_str());
        // Most sentences have no negator among their first eight words, and say no "wonder".
        let lead_end = end.min(first + 8);
        if !wonder && !(first..lead_end).any(|q| self.positions[q].negator) {
            return if maybe { self.hedged_both_ways(first, end) } else { end };
        }
        let lead = (first..lead_end).find(|&k| {
            let s = stem(k);
            (s == "wonder"
                || matches!(s, "sure" | "know" | "idea" | "certain" | "rememb" | "recal") && (first..k).any(|q| self.positions[q].negator))
                && (k + 1..end.min(k + 3)).any(|q| matches!(stem(q), "whether" | "if"))
        });
        if let Some(k) = lead {
            return (k + 1..end).find(|&q| matches!(stem(q), "whether" | "if")).map_or(end, |q| q + 1);
        }
        if maybe {
            self.hedged_both_ways(first, end)
        } else {
            end
        }
    }

    /// `first` when the sentence `first..end` says "maybe" and then "maybe not" or "or not" (all
    /// of it is doubted), else `end`.
    fn hedged_both_ways(&self, first: usize, end: usize) -> usize {
        let stem = |p: usize| self.tokens_at(p as u32).next().map_or("", |t| t.stem.as_str());
        let maybe: Vec<usize> = (first..end).filter(|&p| stem(p) == "mayb").collect();
        let both = maybe.len() >= 2 && maybe[1..].iter().any(|&m| m + 1 < end && self.positions[m + 1].negator)
            || !maybe.is_empty() && (first + 1..end).any(|p| stem(p - 1) == "or" && self.positions[p].negator);
        if both {
            first
        } else {
            end
        }
    }

    /// Number of content (non-stop) positions.
    pub fn content_positions(&self) -> usize {
        self.positions.iter().filter(|p| !p.stop).count()
    }

    /// The tokens of every position in turn, `positions.len()` slices: one pass instead of a
    /// search per position.
    pub fn tokens_by_position(&self) -> impl Iterator<Item = &[Token]> {
        let starts = self.position_starts();
        (0..self.positions.len()).map(move |p| &self.tokens[starts[p] as usize..starts[p + 1] as usize])
    }

    /// For every position, the index of its first token, and the number of tokens last: the
    /// tokens of position `p` are `tokens[starts[p]..starts[p + 1]]`, without a search.
    pub fn position_starts(&self) -> Cow<'_, [u32]> {
        match self.indexed() {
            Some(starts) => starts.into(),
            None => self.count_position_starts().into(),
        }
    }

    /// The kept [`Analysis::position_starts`], when they cover every token and position.
    fn indexed(&self) -> Option<&[u32]> {
        (self.starts.len() == self.positions.len() + 1 && self.starts.last() == Some(&(self.tokens.len() as u32))).then_some(&self.starts)
    }

    /// Add tokens among the text's own, as a stable sort by position of the tokens followed by
    /// `added` would place them (the text's own first at a position), by merging in place from
    /// the back: only the tokens after the first added one move, where sorting 200,000 tokens
    /// of a long answer walked them all and allocated a buffer. Tokens are in position order.
    pub(crate) fn insert_tokens(&mut self, mut added: Vec<Token>) {
        let Some(filler) = added.first().cloned() else { return };
        added.sort_by_key(|t| t.pos);
        let mut own = self.tokens.len();
        // Every slot past `own` is overwritten below; `filler` only makes room.
        self.tokens.resize(own + added.len(), filler);
        let mut k = self.tokens.len();
        for t in added.into_iter().rev() {
            while own > 0 && self.tokens[own - 1].pos > t.pos {
                own -= 1;
                k -= 1;
                self.tokens.swap(own, k);
            }
            k -= 1;
            self.tokens[k] = t;
        }
    }

    /// Index the tokens by position ([`Analysis::position_starts`]) after tokens were added.
    pub(crate) fn index_positions(&mut self) {
        self.starts = self.count_position_starts();
    }

    fn count_position_starts(&self) -> Vec<u32> {
        // Each position's first token, from the last token back (tokens are in position
        // order); a position without tokens starts where the next one does.
        let n = self.positions.len();
        let mut starts = vec![u32::MAX; n + 1];
        starts[n] = self.tokens.len() as u32;
        for (i, t) in self.tokens.iter().enumerate().rev() {
            starts[t.pos as usize] = i as u32;
        }
        for p in (0..n).rev() {
            if starts[p] == u32::MAX {
                starts[p] = starts[p + 1];
            }
        }
        starts
    }

    /// Tokens at a position.
    pub fn tokens_at(&self, pos: u32) -> impl Iterator<Item = &Token> {
        // Tokens are stored in position order; the index or a short binary search finds the
        // first one.
        let first = match self.indexed() {
            Some(starts) => starts.get(pos as usize).map_or(self.tokens.len(), |&s| s as usize),
            None => self.tokens.partition_point(|t| t.pos < pos),
        };
        self.tokens[first..].iter().take_while(move |t| t.pos == pos)
    }
}

/// The word lists a lower-cased word is on, as bits ([`listed`]).
pub(crate) mod lists {
    /// A function word (the, is, of …).
    pub const STOP: u8 = 1;
    /// A negator, or a contraction written without its apostrophe ("dont").
    pub const NEGATOR: u8 = 2;
    /// A word that starts a new clause ("because", "unless" …).
    pub const CLAUSE: u8 = 4;
    /// A Go keyword.
    pub const GO_KEYWORD: u8 = 8;
}

/// Which word lists `w` is on ([`lists`]): one hash lookup answers them all, where scanning each
/// list cost a string comparison per entry for every word of every answer.
pub(crate) fn listed(w: &str) -> u8 {
    // The lists and the slips in one table: a word on neither (most words) cost two lookups.
    /// The listed words with their bits, and a bit per word shape ([`word_shape`]) they have.
    /// (The bits inside the static itself: a heap block of this size took a page of its own.)
    type Listed = (rustc_hash::FxHashMap<&'static str, u8>, [u64; 1024]);
    static LISTED: OnceLock<Listed> = OnceLock::new();
    let (listed, shapes) = LISTED.get_or_init(|| {
        let mut map = lists().clone();
        for (slip, &(_, bits)) in misspelt() {
            map.entry(slip.as_str()).or_insert(bits);
        }
        let mut shapes = [0u64; 1024];
        for w in map.keys() {
            let k = word_shape(w);
            shapes[k / 64] |= 1 << (k % 64);
        }
        (map, shapes)
    });
    // A content word (most words a gate reads by text) rarely shares its shape with a listed
    // one: then it is on no list without hashing it.
    let k = word_shape(w);
    if shapes[k / 64] & (1 << (k % 64)) == 0 {
        return 0;
    }
    listed.get(w).copied().unwrap_or(0)
}

/// A word's length (modulo 16) and its first and last bytes (their low six bits): 65,536
/// shapes, of which the lists' few hundred words and their slips take a few per cent.
fn word_shape(w: &str) -> usize {
    let b = w.as_bytes();
    let (first, last) = (b.first().map_or(0, |&c| usize::from(c & 63)), b.last().map_or(0, |&c| usize::from(c & 63)));
    (b.len() & 15) << 12 | first << 6 | last
}

/// The bits of a word written as the lists have it.
fn on_lists(w: &str) -> Option<u8> {
    lists().get(w).copied()
}

/// Every word of the lists, with its bits.
fn lists() -> &'static rustc_hash::FxHashMap<&'static str, u8> {
    static LISTS: OnceLock<rustc_hash::FxHashMap<&'static str, u8>> = OnceLock::new();
    LISTS.get_or_init(|| {
        let mut map = rustc_hash::FxHashMap::default();
        let sources: [(&[&'static str], u8); 5] = [
            (STOP_WORDS, lists::STOP),
            (NEGATORS, lists::NEGATOR),
            (CONTRACTED_NT, lists::NEGATOR),
            (CLAUSE_WORDS, lists::CLAUSE),
            (GO_KEYWORDS, lists::GO_KEYWORD),
        ];
        for (words, bit) in sources {
            for &w in words {
                *map.entry(w).or_insert(0) |= bit;
            }
        }
        map
    })
}

/// The word as the lists spell it: a misspelt negator or "instead" ([`misspelt_function_word`])
/// reads as the word it stands for, so the rules that name these words hold for their typos.
pub(crate) fn as_spelled(w: &str) -> &str {
    misspelt_function_word(w).map_or(w, |(base, _)| base)
}

/// The negator (or "instead") a misspelt word stands for, with that word's [`listed`] bits: "nto",
/// "wihtout", "doens't", "do't", "insted". A typo in a negator flips what a sentence claims (a
/// correct "goroutines are nto OS threads" stated the misconception), so the slips a typist makes
/// are read as the word: two neighbouring letters swapped or one doubled, and in a word of five
/// letters or more one dropped; never the first letter, never a real word
/// ([`NEAR_NEGATOR_WORDS`]) nor a word of any list.
fn misspelt_function_word(w: &str) -> Option<(&'static str, u8)> {
    misspelt().get(w).map(|(base, bits)| (base.as_str(), *bits))
}

/// Each slip ([`misspelt_function_word`]), with the word it stands for and that word's bits.
fn misspelt() -> &'static rustc_hash::FxHashMap<String, (String, u8)> {
    static MISSPELT: OnceLock<rustc_hash::FxHashMap<String, (String, u8)>> = OnceLock::new();
    MISSPELT.get_or_init(|| {
        // The contractions with their apostrophe ("doesn't"), beside the lists' forms ("doesnt").
        let apostrophed = CONTRACTED_NT.iter().map(|w| format!("{}n't", &w[..w.len() - 2]));
        let bases = NEGATORS.iter().chain(CONTRACTED_NT).chain(&["instead"]).map(|b| b.to_string()).chain(apostrophed);
        let mut map = rustc_hash::FxHashMap::default();
        for base in bases.filter(|b| b.len() >= 3) {
            let bits = on_lists(&base).unwrap_or(0) | if base.ends_with("n't") { lists::NEGATOR } else { 0 };
            let chars: Vec<char> = base.chars().collect();
            let mut slips = Vec::new();
            for i in 1..chars.len() {
                let mut doubled = chars.clone();
                doubled.insert(i, chars[i]);
                slips.push(doubled);
                if i + 1 < chars.len() {
                    let mut swapped = chars.clone();
                    swapped.swap(i, i + 1);
                    slips.push(swapped);
                }
                if chars.len() >= 5 {
                    let mut dropped = chars.clone();
                    dropped.remove(i);
                    slips.push(dropped);
                }
            }
            for slip in slips {
                let slip: String = slip.into_iter().collect();
                if slip != base && !slip.ends_with('\'') && !NEAR_NEGATOR_WORDS.contains(&slip.as_str()) && on_lists(&slip).is_none() {
                    map.entry(slip).or_insert_with(|| (base.clone(), bits));
                }
            }
        }
        map
    })
}

/// Is this lower-cased word a function word (the, is, of …)?
pub fn is_stop_word(w: &str) -> bool {
    listed(w) & lists::STOP != 0
}

/// Is this stem a prompt word ("explain", "describe", "walk [me through]"): a word that asks for
/// an answer without naming its topic?
pub fn is_prompt_stem(stem: &str) -> bool {
    PROMPT_STEMS.contains(&stem)
}

/// Does a question wording ask for a short answer ("In one line, …", "Quick: …")?
pub fn asks_for_brevity(wording: &str) -> bool {
    let lower = wording.to_lowercase();
    BRIEF_CUES.iter().any(|cue| {
        lower.match_indices(cue).any(|(i, m)| {
            let before = lower[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let after = lower[i + m.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            before && after
        })
    })
}

/// Is this lower-cased negator one that denies a verb, so its clause's claim ("not", "never",
/// "n't"), rather than a noun ("no", "without")?
pub fn is_verb_negator(w: &str) -> bool {
    super::words::VERB_NEGATORS.contains(&w) || w.ends_with("n't")
}

/// Is this lower-cased word a negator (not, never, without, any `n't` contraction …)?
pub fn is_negator(w: &str) -> bool {
    listed_negator(w, listed(w))
}

/// [`is_negator`] for a word whose [`listed`] bits are known.
pub(crate) fn listed_negator(w: &str, bits: u8) -> bool {
    bits & lists::NEGATOR != 0 || w.ends_with("n't")
}

/// Units a number may carry, with their factor to the canonical unit (bytes or nanoseconds).
fn unit_factor(unit: &str) -> Option<(u128, &'static str)> {
    Some(match unit {
        "b" | "byte" | "bytes" => (1, "b"),
        "kb" | "kib" | "k" | "kilobyte" | "kilobytes" | "kbyte" | "kbytes" => (1 << 10, "b"),
        "mb" | "mib" | "megabyte" | "megabytes" => (1 << 20, "b"),
        "gb" | "gib" | "gigabyte" | "gigabytes" => (1 << 30, "b"),
        "ns" | "nanosecond" | "nanoseconds" => (1, "ns"),
        "µs" | "μs" | "us" | "microsecond" | "microseconds" => (1_000, "ns"),
        "ms" | "millisecond" | "milliseconds" | "msec" => (1_000_000, "ns"),
        "s" | "sec" | "secs" | "second" | "seconds" => (1_000_000_000, "ns"),
        "min" | "mins" | "minute" | "minutes" => (60_000_000_000, "ns"),
        _ => return None,
    })
}

/// The canonical token of `number unit`, e.g. `#2048b`.
fn quantity_token(number: &str, unit: &str) -> Option<String> {
    let (factor, canon) = unit_factor(unit)?;
    let value: f64 = number.parse().ok()?;
    let scaled = value * factor as f64;
    if !scaled.is_finite() || scaled < 0.0 {
        return None;
    }
    Some(format!("#{}{}", scaled.round() as u128, canon))
}

/// Analyse a text.
pub fn analyze(text: &str) -> Analysis {
    let mut a = Analysis::default();
    // About one word per six bytes of prose (growing the lists was a tenth of turning words into
    // tokens). Capped at a power of two, so a huge answer's lists grow from there by doubling
    // to the same capacities as from empty (an uneven start left a 4 MB answer's token list a
    // quarter larger, 50 MiB more at its peak).
    let words = (text.len() / 6).min(1 << 16);
    a.positions.reserve(words);
    a.tokens.reserve((words + words / 4).min(1 << 16));
    let mut sentence = 0u32;
    let mut clause = 0u32;
    let mut pending_break = Break::None;
    let mut words_in_sentence = 0;
    let mut pieces = 0;
    // A lower-cased word's bytes, reused from word to word (see `lowercase_into`).
    let mut lower_buf = String::new();
    // Words are turned into tokens as the scanner finds them: a huge answer never holds all
    // its raw words at once.
    let (code_marks, list_separators) = scan(text, |piece| {
        pieces += 1;
        match piece {
            Piece::Break(b) => {
                if b == Break::Sentence || pending_break != Break::Sentence {
                    pending_break = b;
                }
            }
            Piece::Word(w) => {
                let after_comma = pending_break == Break::Clause;
                if pending_break == Break::Sentence && words_in_sentence > 0 {
                    sentence += 1;
                    clause += 1;
                    words_in_sentence = 0;
                } else if pending_break == Break::Clause && words_in_sentence > 0 {
                    clause += 1;
                }
                pending_break = Break::None;
                let lower = lowercase_into(&w.text, &mut lower_buf);
                let word = interned(lower);
                let bits = word.2;
                // "X panics, but Y returns zero": a contrast states a new proposition, so
                // windows do not reach across it (", while" is contrastive, bare "while" is not).
                let contrast = matches!(lower, "but" | "whereas" | "however" | "although" | "though") || (lower == "while" && after_comma);
                if contrast && words_in_sentence > 0 {
                    sentence += 1;
                    clause += 1;
                    words_in_sentence = 0;
                } else if bits & lists::CLAUSE != 0 && words_in_sentence > 0 {
                    clause += 1;
                }
                push_word(&mut a, &w, (lower, word), sentence, clause);
                words_in_sentence += 1;
            }
        }
    });
    super::work::add(text.len() + pieces);
    (a.code_marks, a.list_separators) = (code_marks, list_separators);
    a.sentence_count = if a.positions.is_empty() { 0 } else { sentence + 1 };
    merge_quantities(&mut a);
    a.index_positions();
    mark_turned_down(&mut a);
    (a.negated_by, a.denied_by, a.retracted_at) = negation_scopes(&a, text);
    a
}

/// "Pass the arguments separately instead of running the input through sh": the alternative an
/// answer turns down is denied, like "not running it through sh", so it neither states a
/// misconception nor earns the credit of saying it. "instead of" and "rather than" negate their
/// object, as "without" does (see `negation`); a bare "instead" negates nothing.
fn mark_turned_down(a: &mut Analysis) {
    // Each position's first word, in one pass over the tokens.
    let mut turned_down = Vec::new();
    let mut previous: Option<&str> = None;
    for (p, tokens) in a.tokens_by_position().enumerate() {
        let word = tokens.first().map(|t| t.text.as_str());
        if let (Some(w), Some(next)) = (previous, word) {
            // (A misspelt "insted" is looked up only before "of": most words are no such slip.)
            let turns_down = match next {
                "of" => as_spelled(w) == "instead",
                "than" => w == "rather",
                _ => false,
            };
            if turns_down && a.positions[p - 1].sentence == a.positions[p].sentence {
                turned_down.push(p - 1);
            }
        }
        previous = word;
    }
    for p in turned_down {
        // Still a function word for similarity and the shape model: only its scope changes.
        a.positions[p].negator = true;
    }
}

/// The byte classes [`push_word`] asks of a word, as bits of [`BYTE_CLASSES`].
mod class {
    pub const DOT: u8 = 1;
    pub const UNDERSCORE: u8 = 2;
    pub const SLASH: u8 = 4;
    pub const HYPHEN: u8 = 8;
    /// An ASCII capital.
    pub const CAPITAL: u8 = 16;
    /// A byte of a character outside ASCII.
    pub const NOT_ASCII: u8 = 32;
}

/// Each byte value's [`class`] bits.
static BYTE_CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'.' => class::DOT,
            b'_' => class::UNDERSCORE,
            b'/' => class::SLASH,
            b'-' => class::HYPHEN,
            b'A'..=b'Z' => class::CAPITAL,
            0x80.. => class::NOT_ASCII,
            _ => 0,
        };
        b += 1;
    }
    table
};

/// Turn one raw word into one or more positions and their tokens. `scanned` is the word's text
/// lower-cased and [`interned`], which the caller needed too: most words have nothing to trim,
/// and then they are not computed twice.
fn push_word(a: &mut Analysis, w: &RawWord, scanned: (&str, (Atom, Atom, u8)), sentence: u32, clause: u32) {
    let original = w.text.trim_end_matches(['.', '\'', '-']);
    let untrimmed = original.len() == w.text.len();
    let (scanned_lower, (scanned_text, scanned_stem, scanned_bits)) = scanned;
    let lower: Cow<'_, str> = if untrimmed { scanned_lower.into() } else { lowercase(original) };
    // One pass over the bytes for the three code characters and the hyphen ('.', '_', '/', '-'
    // are ASCII, so never part of a longer UTF-8 character), and for an ASCII capital after the
    // first byte: a `contains` or a walk over the characters each cost a search per word. Each
    // byte's classes are one table look-up, OR-ed together (a `match` per byte cost about 65
    // more instructions per word, a twentieth of analysing an answer).
    let bytes = original.as_bytes();
    let tail = bytes.get(1..).unwrap_or_default().iter().fold(0, |seen, &b| seen | BYTE_CLASSES[usize::from(b)]);
    let seen = tail | bytes.first().map_or(0, |&b| BYTE_CLASSES[usize::from(b)]);
    let has = |class: u8| seen & class != 0;
    let (dot, underscore, slash, hyphen) = (has(class::DOT), has(class::UNDERSCORE), has(class::SLASH), has(class::HYPHEN));
    let (capital_after_first, ascii) = (tail & class::CAPITAL != 0, !has(class::NOT_ASCII));
    // A capital after the first character: of an ASCII word, one after its first byte.
    let capital_in_tail = || match ascii {
        true => capital_after_first,
        false => original.chars().skip(1).any(|c| c.is_uppercase()),
    };
    // The upper-case test first: it is cheap and rules out camelCase in most words.
    let looks_like_code = w.code
        || dot && !is_number(original) && original.chars().any(|c| c.is_alphabetic())
        || underscore
        || slash
        || capital_in_tail() && splits_camel(original);
    let mk_pos = |a: &mut Analysis, stop: bool, negator: bool, start: usize, end: usize| -> u32 {
        a.positions.push(Position { sentence, clause, stop, negator, start, end, code: looks_like_code });
        (a.positions.len() - 1) as u32
    };
    let tok = |(text, stem): (Atom, Atom), kind: TokenKind, pos: u32| Token {
        text,
        stem,
        kind,
        pos,
        start: w.start,
        end: w.end,
        via: None,
        corrected: false,
        equivalent: false,
    };

    // Hyphenated words: each part gets its own position, the joined form rides on the first.
    // (Lower-casing an ASCII word keeps its hyphens, so its bytes told.)
    let hyphenated = if ascii { hyphen } else { lower.contains('-') };
    if hyphenated && !looks_like_code {
        let parts: Vec<&str> = lower.split('-').filter(|p| !p.is_empty()).collect();
        let joined: String = parts.concat();
        // Where each part is in the original text: the normalised word's pieces between hyphens,
        // mapped back through `origin` (normalisation and lower-casing may change lengths).
        let mut spans = Vec::new();
        let mut seg = 0;
        for (k, c) in original.char_indices().chain([(original.len(), '-')]) {
            if c == '-' {
                if k > seg {
                    spans.push((w.origin(seg), w.origin(k)));
                }
                seg = k + 1;
            }
        }
        let mut offset = w.start;
        for (k, part) in parts.iter().enumerate() {
            // Found in the word as written (the historical rule, kept so evidence does not move);
            // otherwise its span through the origin map.
            let old = w.text.get(offset - w.start..).and_then(|rest| rest.find(part)).map_or(w.start, |x| x + offset);
            let old_end = old + part.len();
            let old_fits = w.verbatim && old_end <= w.end && w.text.is_char_boundary(old_end - w.start);
            let (start, end) = match spans.get(k) {
                _ if old_fits => (old, old_end),
                Some(&span) if parts.len() == spans.len() => span,
                _ => (w.start, w.end),
            };
            offset = end;
            let negator = *part == "non" || is_negator(part);
            let pos = mk_pos(a, is_stop_word(part) && !negator, negator, start, end);
            let mut t = tok(word_atoms(part), word_kind(part), pos);
            t.start = start;
            t.end = end;
            a.tokens.push(t);
            if k == 0 {
                let mut j = tok(word_atoms(&joined), TokenKind::Word, pos);
                j.start = w.start;
                j.end = w.end;
                a.tokens.push(j);
            }
        }
        return;
    }

    let bits = if untrimmed { scanned_bits } else { listed(&lower) };
    let negator = listed_negator(&lower, bits);
    let stop = !negator && bits & lists::STOP != 0;
    let pos = mk_pos(a, stop, negator, w.start, w.end);
    if is_number(&lower) {
        a.tokens.push(tok(same_atoms(&lower), TokenKind::Number, pos));
        return;
    }
    // Number glued to a unit: 2KB, 10ms, 1.5GiB. (A number starts with a digit: most words
    // need no search.)
    let split = match lower.as_bytes().first() {
        Some(b) if b.is_ascii_digit() => lower.find(|c: char| !(c.is_ascii_digit() || c == '.')),
        _ => None,
    };
    if let Some(split) = split {
        let (num, unit) = lower.split_at(split);
        if is_number(num) {
            if let Some(q) = quantity_token(num, unit) {
                a.tokens.push(tok(same_atoms(num), TokenKind::Number, pos));
                a.tokens.push(tok(same_atoms(&q), TokenKind::Quantity, pos));
                return;
            }
        }
    }
    if looks_like_code {
        // A plain word in backticks (`defer`, `unsafe`) keeps its stem, so it meets the same
        // word written without them; real identifiers match by their text.
        // (An alphabetic word has no apostrophe and is no number, so its word stem is its stem.)
        let atoms = if lower.chars().all(|c| c.is_alphabetic()) { word_atoms(&lower) } else { same_atoms(&lower) };
        a.tokens.push(tok(atoms, TokenKind::Ident, pos));
        let mut seen = vec![lower.to_string()];
        for piece in original.split(['.', '_', '/']).filter(|p| !p.is_empty()) {
            let mut add = |s: String, a: &mut Analysis| {
                if !seen.contains(&s) {
                    // Without an apostrophe a part's stem is its word stem: interned alike.
                    let atoms = if s.contains('\'') { (Atom::from(s.as_str()), Atom::from(ident_part_stem(&s))) } else { word_atoms(&s) };
                    seen.push(s);
                    a.tokens.push(tok(atoms, TokenKind::IdentPart, pos));
                }
            };
            add(piece.to_lowercase(), a);
            // A hyphenated piece ("time-of-check/time-of-use") meets the same words written
            // alone: its parts and its joined form, as a hyphenated word gets them.
            if piece.contains('-') {
                let parts: Vec<String> = piece.split('-').filter(|p| !p.is_empty()).map(str::to_lowercase).collect();
                add(parts.concat(), a);
                for p in parts.into_iter().filter(|p| !is_stop_word(p)) {
                    add(p, a);
                }
            }
            // (Most pieces do not split: asked first, without collecting the parts.)
            if splits_camel(piece) {
                for p in camel_parts(piece) {
                    add(p.to_lowercase(), a);
                }
            }
        }
        return;
    }
    // Contractions keep their apostrophe form and gain the apostrophe-less one for matching.
    // (Not a number: that returned above.)
    let atoms = if untrimmed { (scanned_text, scanned_stem) } else { word_atoms(&lower) };
    a.tokens.push(tok(atoms, TokenKind::Word, pos));
}

/// Lower-case, without allocating for a word that already is (most words of prose).
fn lowercase(s: &str) -> Cow<'_, str> {
    // One pass over the bytes for both questions (a word is a few bytes: `is_ascii` and then a
    // search for a capital cost two setups each), a table look-up a byte (see `push_word`).
    let seen = s.bytes().fold(0, |seen, b| seen | BYTE_CLASSES[usize::from(b)]);
    if seen & class::NOT_ASCII != 0 {
        s.to_lowercase().into()
    } else if seen & class::CAPITAL != 0 {
        s.to_ascii_lowercase().into()
    } else {
        s.into()
    }
}

/// [`lowercase`], written into `buf` when it changes the word: one buffer serves every word of
/// a text, where each word with a capital allocated its own copy.
fn lowercase_into<'s>(s: &'s str, buf: &'s mut String) -> &'s str {
    let seen = s.bytes().fold(0, |seen, b| seen | BYTE_CLASSES[usize::from(b)]);
    if seen & class::NOT_ASCII != 0 {
        *buf = s.to_lowercase();
        buf
    } else if seen & class::CAPITAL != 0 {
        buf.clear();
        buf.push_str(s);
        buf.make_ascii_lowercase();
        buf
    } else {
        s
    }
}

/// A token whose stem is its text (numbers, quantities, identifiers): interned on this thread
/// like words ([`interned`]), so an identifier's atom, too, remembers its ids in the bank's tables.
fn same_atoms(s: &str) -> (Atom, Atom) {
    thread_local! {
        static SAME: RefCell<rustc_hash::FxHashSet<Atom>> = Default::default();
    }
    let atom = SAME.with(|same| {
        if let Some(atom) = same.borrow().get(s) {
            return atom.clone();
        }
        let atom = Atom::from(s);
        let mut same = same.borrow_mut();
        if same.len() >= MAX_INTERNED {
            same.clear();
        }
        same.insert(atom.clone());
        atom
    });
    (atom.clone(), atom)
}

/// Words interned on this thread, text → [`word_stem`]. Bounded like the stem cache, so a stream
/// of unique words (a long batch, a huge answer of random letters) cannot grow memory forever.
const MAX_INTERNED: usize = 200_000;

/// The interned text and [`word_stem`] of a lower-case word: computed the first time this thread
/// sees the word, then shared by every token of it.
fn word_atoms(word: &str) -> (Atom, Atom) {
    let (text, stem, _) = interned(word);
    (text, stem)
}

/// [`word_atoms`] and the word's [`listed`] bits, all remembered with the word: the scanner's
/// words are looked up here once, where the word lists were a second lookup per word.
fn interned(word: &str) -> (Atom, Atom, u8) {
    thread_local! {
        static WORDS: RefCell<rustc_hash::FxHashMap<Atom, (Atom, u8)>> = Default::default();
    }
    WORDS.with(|words| {
        if let Some((text, (stem, bits))) = words.borrow().get_key_value(word) {
            return (text.clone(), stem.clone(), *bits);
        }
        let text = Atom::from(word);
        // A misspelt negator stems as the word it stands for ("nto" is "not" to every rule).
        let stemmed = word_stem(as_spelled(word));
        // Identifiers, numbers and many short words are their own stem: share the string.
        let stem = if stemmed == word { text.clone() } else { Atom::from(stemmed) };
        let bits = listed(word);
        let mut words = words.borrow_mut();
        if words.len() >= MAX_INTERNED {
            words.clear();
        }
        words.insert(text.clone(), (stem.clone(), bits));
        (text, stem, bits)
    })
}

fn word_kind(w: &str) -> TokenKind {
    if is_number(w) {
        TokenKind::Number
    } else {
        TokenKind::Word
    }
}

fn word_stem(w: &str) -> String {
    if let Some(base) = w.strip_suffix("'s").filter(|b| !b.contains('\'') && b.len() > 1) {
        return stem_word(base);
    }
    if w.contains('\'') {
        return w.replace('\'', "");
    }
    if is_number(w) {
        return w.to_string();
    }
    stem_word(w)
}

/// Identifier parts are stemmed like words so `Done` in `ctx.Done` meets the word "done", but
/// they are never typo-tolerant (see [`TokenKind::IdentPart`]).
fn ident_part_stem(w: &str) -> String {
    if is_number(w) {
        w.to_string()
    } else {
        stem_word(w)
    }
}

/// `2 KB`, `10 ms`: a number followed by a unit word gains the canonical quantity token.
fn merge_quantities(a: &mut Analysis) {
    let mut extra = Vec::new();
    for (i, t) in a.tokens.iter().enumerate() {
        if t.kind != TokenKind::Number {
            continue;
        }
        let next_pos = t.pos + 1;
        if next_pos as usize >= a.positions.len() || a.positions[next_pos as usize].sentence != a.positions[t.pos as usize].sentence {
            continue;
        }
        if let Some(unit) = a.tokens[i + 1..].iter().find(|u| u.pos == next_pos) {
            if let Some(q) = quantity_token(&t.text, &unit.text) {
                let q = Atom::from(q);
                extra.push(Token {
                    text: q.clone(),
                    stem: q,
                    kind: TokenKind::Quantity,
                    pos: t.pos,
                    start: t.start,
                    end: unit.end,
                    via: None,
                    corrected: false,
                    equivalent: false,
                });
            }
        }
    }
    a.insert_tokens(extra);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(a: &Analysis) -> Vec<&str> {
        a.tokens.iter().map(|t| t.text.as_str()).collect()
    }

    #[test]
    fn a_wording_that_asks_for_a_short_answer_is_told_apart() {
        for w in
            ["In one line: what is a closure?", "Quick: what does select do?", "Short answer: unlimited goroutines?", "tl;dr on errgroup"]
        {
            assert!(asks_for_brevity(w), "{w}");
        }
        // Cue words inside other words or with another meaning nearby do not count.
        for w in ["What is a goroutine?", "How does the quicksort in sort.Slice work?", "Explain the pipeline pattern."] {
            assert!(!asks_for_brevity(w), "{w}");
        }
    }

    #[test]
    fn identifiers_are_kept_whole_and_split() {
        let a = analyze("Use sync.RWMutex here.");
        let t = texts(&a);
        for want in ["sync.rwmutex", "sync", "rwmutex", "rw", "mutex"] {
            assert!(t.contains(&want), "missing {want} in {t:?}");
        }
        let pos: Vec<u32> = a.tokens.iter().filter(|t| t.text.contains("mutex")).map(|t| t.pos).collect();
        assert!(pos.windows(2).all(|w| w[0] == w[1]), "split parts share a position");
        let path = analyze("import net/http and runtime/metrics");
        assert!(texts(&path).contains(&"net/http") && texts(&path).contains(&"http"));
        assert!(texts(&path).contains(&"runtime/metrics"));
        let wg = analyze("call wg.Add(1) first");
        assert!(texts(&wg).contains(&"wg.add"));
        assert!(texts(&wg).contains(&"add"));
    }

    #[test]
    fn numbers_with_thousands_separators_and_colons_inside_tokens() {
        let a = analyze("more than 10,000 threads, 1,2,3");
        assert!(texts(&a).contains(&"10000"), "{:?}", texts(&a));
        assert!(texts(&a).contains(&"1") && texts(&a).contains(&"3"), "a list of digits stays a list");
        let b = analyze("//go:build linux");
        assert_eq!(b.positions[0].clause, b.positions[1].clause);
    }

    #[test]
    fn empty_interface_reads_as_any() {
        let a = analyze("func f(v interface{}) {}");
        assert!(texts(&a).contains(&"any"));
    }

    #[test]
    fn sizes_are_normalised() {
        for s in ["2KB", "2 KB", "2 KiB", "2048 bytes", "2kb"] {
            let a = analyze(&format!("the stack starts at {s}"));
            assert!(texts(&a).contains(&"#2048b"), "{s}: {:?}", texts(&a));
        }
        let d = analyze("after 10ms it is preempted");
        assert!(texts(&d).contains(&"#10000000ns"));
    }

    #[test]
    fn stems_fold_british_spelling() {
        assert_eq!(stem_word("synchronise"), stem_word("synchronize"));
        assert_eq!(stem_word("behaviour"), stem_word("behavior"));
        assert_eq!(stem_word("blocked"), stem_word("blocking"));
    }

    #[test]
    fn abbreviations_do_not_end_a_sentence() {
        for text in [
            "Two keys collide, i.e. they get the same slot.",
            "Use a buffer, e.g. a bytes.Buffer, to batch writes.",
            "Mutex vs. RWMutex is about readers.",
            "Channels, mutexes etc. are primitives.",
        ] {
            assert_eq!(analyze(text).sentence_count, 1, "{text}");
        }
        assert_eq!(analyze("Channels, mutexes etc. Then it stops.").sentence_count, 2);
    }

    #[test]
    fn a_code_fence_on_one_line_with_prose_loses_no_words() {
        let text = "```go for i := 0; i < 3; i++ { go func() { fmt.Println(i) }() } ``` The closures share one loop variable.";
        let a = analyze(text);
        let words: Vec<&str> = a.positions.iter().map(|p| &text[p.start..p.end]).collect();
        for w in ["for", "fmt.Println", "closures", "share", "loop", "variable"] {
            assert!(words.contains(&w), "{w}: {words:?}");
        }
        assert!(!words.contains(&"go") || words.iter().filter(|w| **w == "go").count() == 1, "the language tag is no word: {words:?}");
        // The prose after the closing fence is prose.
        let prose = a.positions.iter().find(|p| &text[p.start..p.end] == "closures").unwrap();
        assert!(!prose.code);
    }

    #[test]
    fn sentences_and_clauses() {
        let a = analyze("Channels block. Mutexes lock, but atomics do not.\n- a list item\n- another");
        assert_eq!(a.sentence_count, 5, "a contrast starts a new proposition");
        let b = analyze("Sends block while the buffer is full; receives block when it is empty.");
        assert_eq!(b.sentence_count, 2, "bare 'while' does not split, a semicolon does");
        let wg = analyze("Call wg.Add(1) before go. Then wait.");
        assert_eq!(wg.sentence_count, 2, "the dot in wg.Add does not end a sentence");
    }

    #[test]
    fn negation_scope_is_clause_bounded() {
        let a = analyze("Maps are not safe for concurrent writes, so use a mutex.");
        let idx = |w: &str| a.tokens.iter().find(|t| t.text == w).unwrap().pos as usize;
        assert!(!a.negated_by[idx("safe")].is_empty());
        assert!(!a.negated_by[idx("concurrent")].is_empty());
        assert!(a.negated_by[idx("mutex")].is_empty(), "the comma ends the scope");
        assert!(a.negated_by[idx("maps")].is_empty(), "scope runs forward only");
    }

    #[test]
    fn denial_of_a_whole_statement() {
        let a = analyze("It is not true that buffered channels never block on send.");
        let idx = |w: &str| a.tokens.iter().find(|t| t.text == w).unwrap().pos as usize;
        assert!(a.denied_by[idx("send")].contains(&(idx("not") as u32)));
        let b = analyze("A common mistake is to think that select picks the first ready case.");
        let i = b.tokens.iter().find(|t| t.text == "first").unwrap().pos as usize;
        assert!(b.is_denied(i));
        let c = analyze("The wrong goroutine reads the value.");
        assert!((0..c.positions.len()).all(|p| !c.is_denied(p)), "an adjective 'wrong' denies nothing");
    }

    #[test]
    fn a_denial_after_the_claim_negates_it() {
        for text in [
            "People sometimes say an unbuffered channel holds one item, but that isn't right.",
            "An unbuffered channel holds one item. That's a myth.",
            "Many people think an unbuffered channel holds one item.",
            "Some conclude an unbuffered channel holds one item — that's not what happens.",
            "An unbuffered channel holds one item. That is not the case.",
        ] {
            let a = analyze(text);
            let i = a.tokens.iter().find(|t| t.text == "holds").unwrap().pos as usize;
            assert!(a.is_denied(i), "{text}");
        }
        let a = analyze("An unbuffered channel holds nothing. That is why sends block.");
        assert!((0..3).all(|p| !a.is_denied(p)), "a following sentence with content denies nothing");
        // The writer's correction after a dash is asserted, not denied with the claim.
        let a = analyze("A common mistake is to think log.Fatal is a normal error log — it calls os.Exit, so deferred calls never run.");
        let at = |a: &Analysis, w: &str| a.tokens.iter().find(|t| t.text == w).unwrap().pos as usize;
        assert!(a.is_denied(at(&a, "normal")) && !a.is_denied(at(&a, "exit")));
        assert!(a.denied_by[at(&a, "run")].is_empty(), "\"never run\" is the writer's own negation, not the claim's denial");
        // "X — it doesn't;" rejects X; "you might assume X" reports a belief.
        let a = analyze("You might assume reading from a nil map panics — it doesn't; lookups return the zero value.");
        assert!(a.is_denied(at(&a, "panics")) && !a.is_denied(at(&a, "lookups")));
        // "Another is that …" names the next mistake.
        let a = analyze("A common mistake is to think maps are safe. Another is that goroutines are threads.");
        assert!(a.is_denied(at(&a, "threads")));
        let a = analyze("Goroutines are cheap. Another is that they start fast.");
        assert!(!a.is_denied(at(&a, "start")), "no mistake named before");
        let a = analyze("Sending on a closed channel panics, which is not what you want.");
        let i = a.tokens.iter().find(|t| t.text == "panics").unwrap().pos as usize;
        assert!(!a.is_denied(i), "an action judged unwelcome is still asserted");
    }

    #[test]
    fn pseudo_negations_do_not_negate() {
        let a = analyze("A buffered send doesn't block until the buffer is full.");
        assert!(a.negated_by.iter().all(|s| s.is_empty()));
        let b = analyze("Not only goroutines but also channels are cheap.");
        assert!(b.negated_by.iter().all(|s| s.is_empty()));
    }

    #[test]
    fn labelled_rejected_and_reported_beliefs_are_denied() {
        for (text, claimed, asserted) in [
            ("Another misconception: a ticker queues missed ticks; it buffers at most one.", "queues", Some("buffers")),
            ("A common myth: select picks the first ready case.", "first", None),
            ("The belief that a ticker queues missed ticks doesn't hold up; it buffers one.", "queues", Some("buffers")),
            ("The idea that select is ordered isn't true.", "ordered", None),
            ("Someone had assumed a buffered channel is a lock-free queue.", "queue", None),
            ("A teammate thought maps were safe for concurrent writes.", "safe", None),
            ("People let each worker close the output. Don't — the first to finish closes it.", "worker", Some("finish")),
            ("Each worker closes the output. Don't.", "worker", None),
        ] {
            let a = analyze(text);
            let at = |w: &str| a.tokens.iter().find(|t| t.text == w).map(|t| t.pos as usize).unwrap_or_else(|| panic!("{w} in {text}"));
            assert!(a.is_denied(at(claimed)), "{text}: {claimed}");
            if let Some(w) = asserted {
                assert!(!a.is_denied(at(w)), "{text}: {w}");
            }
        }
        // The negator that rejects the claim negates nothing itself: a flag naming "hold" must not
        // read "time.Sleep holds the thread … doesn't hold up" as denied twice.
        let a = analyze("The belief that time.Sleep holds the thread doesn't hold up.");
        let hold = a.tokens.iter().rev().find(|t| t.text == "hold").unwrap().pos as usize;
        assert!(a.negated_by[hold].is_empty() && !a.is_denied(hold));
    }

    #[test]
    fn without_negates_only_its_object_and_ellipses_end_nothing() {
        let a = analyze("c.Inc without parentheses is a method value");
        let i = a.tokens.iter().find(|t| t.text == "value").unwrap().pos as usize;
        assert!(a.negated_by[i].is_empty());
        assert_eq!(analyze("go func() { ... }() runs it").sentence_count, 1);
        let b = analyze("It is not just as fast as a mutex.");
        assert!(b.negated_by.iter().any(|s| !s.is_empty()), "'not just' without 'but' still denies");
    }

    #[test]
    fn the_alternative_turned_down_is_negated() {
        let negated = |text: &str, word: &str| {
            let a = analyze(text);
            a.tokens.iter().find(|t| t.text == word).is_some_and(|t| !a.negated_by[t.pos as usize].is_empty())
        };
        let exec = "Pass the arguments to exec.Command instead of running user input through sh -c.";
        assert!(negated(exec, "sh"), "a turned-down action is denied as a whole");
        assert!(!negated(exec, "arguments"), "what is done instead is not");
        let ctor = "Instead of constructors you write a NewServer function by convention.";
        assert!(negated(ctor, "constructors"));
        assert!(!negated(ctor, "convention"), "a turned-down noun denies only itself");
        assert!(negated("Prefer channels rather than mutexes here.", "mutexes"));
        assert!(!negated("Use a channel instead. It blocks the sender.", "blocks"), "a bare instead denies nothing");
    }

    #[test]
    fn a_negator_scope_ends_at_the_next_negator() {
        let a = analyze("Wait cannot take a timeout and you cannot select on it.");
        let i = a.tokens.iter().find(|t| t.text == "select").unwrap().pos as usize;
        assert_eq!(a.negated_by[i].len(), 1, "only the second cannot scopes select");
        // The "unless" that cancels a negation is the second one's, not the first's.
        let b = analyze("A missing key doesn't panic and doesn't give you nil unless the zero value is nil.");
        let i = b.tokens.iter().find(|t| t.text == "panic").unwrap().pos as usize;
        assert!(!b.negated_by[i].is_empty(), "doesn't panic stays denied");
        let c = analyze("The timeout does not kill the goroutine, it keeps running until the work completes.");
        let i = c.tokens.iter().find(|t| t.text == "kill").unwrap().pos as usize;
        assert!(!c.negated_by[i].is_empty(), "an until in the next clause cancels nothing");
    }

    #[test]
    fn a_misspelt_negator_still_negates_and_a_near_real_word_does_not() {
        let negated = |text: &str, word: &str| {
            let a = analyze(text);
            a.tokens.iter().find(|t| t.text == word).is_some_and(|t| !a.negated_by[t.pos as usize].is_empty())
        };
        for text in [
            "Goroutines are nto OS threads.",
            "Goroutines are noot OS threads.",
            "A nil map read doens't panic.",
            "A nil map read do't panic.",
            "A type satisfies it wihtout declaring threads.",
            "Goroutines are nevr OS threads.",
        ] {
            assert!(negated(text, "threads") || negated(text, "panic"), "{text}");
        }
        // The misspelling stems as its word, and keeps its own text for the evidence.
        let a = analyze("It is nto safe.");
        assert_eq!((a.tokens[2].text.as_str(), a.tokens[2].stem.as_str()), ("nto", "not"));
        // Real words one slip from a negator are themselves.
        assert!(!negated("I want threads.", "threads"));
        assert!(!negated("He was noting threads.", "threads"));
        // "insted of" turns its object down like "instead of".
        assert!(negated("Pass the arguments separately insted of running a shell.", "shell"));
    }

    #[test]
    fn a_negated_relative_clause_denies_only_itself() {
        let a = analyze("Indexing a map with a key that isn't there causes a runtime panic.");
        let i = a.tokens.iter().find(|t| t.text == "panic").unwrap().pos as usize;
        assert!(a.negated_by[i].is_empty(), "the main clause is asserted");
        let b = analyze("A channel that is not closed by its sender keeps its receivers waiting.");
        let i = b.tokens.iter().find(|t| t.text == "closed").unwrap().pos as usize;
        assert!(!b.negated_by[i].is_empty(), "the relative clause is denied");
        // Not a relative clause: "that" after a function word.
        let c = analyze("It is true that a missing key does not panic.");
        let i = c.tokens.iter().find(|t| t.text == "panic").unwrap().pos as usize;
        assert!(!c.negated_by[i].is_empty());
    }

    #[test]
    fn a_closing_retraction_takes_back_everything_before_it() {
        let claims = "Goroutines are OS threads. Channels copy values.";
        let denied = |text: &str, word: &str| {
            let a = analyze(text);
            let i = a.tokens.iter().find(|t| t.text == word).unwrap().pos as usize;
            a.is_denied(i)
        };
        for retraction in [
            "Just kidding, none of that is true.",
            "None of the above is correct.",
            "Actually, scratch everything above.",
            "All of the above is wrong.",
            "Everything I said is false.",
            "I take it all back.",
            "Ignore everything above.",
            "I'm joking.",
        ] {
            let text = format!("{claims} {retraction}");
            assert!(denied(&text, "threads") && denied(&text, "copy"), "{retraction}");
            let a = analyze(&text);
            assert_eq!(a.retracted_at.map(|p| &text[a.positions[p as usize].start..]), Some(retraction));
        }
        // What follows a retraction stands; so does everything when no retraction is made.
        let text = format!("Goroutines are OS threads. Just kidding. {claims}");
        let a = analyze(&text);
        assert!(a.retracted_at.is_none());
        assert!(!a.is_denied(a.positions.len() - 1), "the last claim stands");
        let kept =
            ["None of it can be freed.", "That is all.", "Ignore all errors in tests.", "None of that is true.", "That is all wrong."];
        for kept in kept {
            let text = format!("{claims} {kept}");
            assert!(analyze(&text).retracted_at.is_none() && !denied(&text, "threads"), "{kept}");
        }
    }

    #[test]
    fn a_negation_reaches_into_the_words_it_quotes() {
        let a = analyze("In modern Go defer is not \"too slow\" anymore.");
        let i = a.tokens.iter().find(|t| t.text == "slow").unwrap().pos as usize;
        assert!(!a.negated_by[i].is_empty());
    }

    #[test]
    fn possessives_stem_like_their_noun() {
        let a = analyze("the package's init");
        assert_eq!(a.tokens[1].stem, stem_word("package"));
    }

    #[test]
    fn contractions_are_negators() {
        let a = analyze("Goroutines aren't OS threads and dont map 1:1.");
        assert!(a.positions.iter().filter(|p| p.negator).count() == 2);
    }

    #[test]
    fn hyphenated_pieces_of_an_identifier_split_like_words() {
        let a = analyze("time-of-check/time-of-use");
        let t = texts(&a);
        assert!(t.contains(&"timeofcheck") && t.contains(&"check") && t.contains(&"timeofuse"), "{t:?}");
    }

    #[test]
    fn hyphenated_words_split_and_join() {
        let a = analyze("a thread-safe hand-off");
        let t = texts(&a);
        assert!(t.contains(&"threadsafe") && t.contains(&"thread") && t.contains(&"safe"));
        let nb = analyze("select with default is non-blocking");
        let i = nb.tokens.iter().find(|t| t.text == "blocking").unwrap().pos as usize;
        assert!(!nb.negated_by[i].is_empty());
        let np = analyze("a non-preemptible loop makes it wait");
        let w = np.tokens.iter().find(|t| t.text == "wait").unwrap().pos as usize;
        assert!(np.negated_by[w].is_empty(), "non- negates only its own word");
    }

    #[test]
    fn offsets_point_into_the_original() {
        let text = "Les goroutines “ne” sont pas des threads — wg.Done()";
        let a = analyze(text);
        for t in &a.tokens {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
        let wg = a.tokens.iter().find(|t| t.text == "wg.done").unwrap();
        assert_eq!(&text[wg.start..wg.end], "wg.Done");
    }

    #[test]
    fn analysis_never_panics_on_odd_input() {
        for s in [
            "",
            " ",
            "```",
            "`",
            "...",
            "-",
            "a-",
            "-a",
            "1.",
            "2.5GB",
            "\u{0}",
            "x.y.",
            "é́",
            "'''",
            "n't",
            "12345678901234567890123456789012345678901234567890kb",
        ] {
            let _ = analyze(s);
        }
    }

    #[test]
    fn questions_and_doubts_are_not_asserted() {
        let share = |t: &str| analyze(t).unasserted_share(t).1;
        assert_eq!(share("A buffered channel blocks the sender only when its buffer is full."), 0.0);
        assert_eq!(share("Does a buffered channel block the sender only when its buffer is full?"), 1.0);
        assert!(share("I'm not sure whether a buffered channel blocks the sender when its buffer is full.") > 0.6);
        assert!(share("I don't know if a buffered channel blocks the sender when its buffer is full.") > 0.6);
        assert!(share("I wonder whether the sender blocks when the buffer is full.") > 0.5);
        assert_eq!(share("Maybe the sender blocks when the buffer is full, maybe not."), 1.0);
        // A hedge that still asserts, and a question answered, assert.
        assert_eq!(share("I think the sender blocks when the buffer is full."), 0.0);
        let answered = share("What happens when the buffer is full? The sender blocks until a receiver takes a value out.");
        assert!(answered < 0.5, "{answered}");
        // "If" after a sure that is not negated is a condition, not a doubt.
        assert_eq!(share("Make sure if the buffer is full that the sender blocks."), 0.0);
    }
}
