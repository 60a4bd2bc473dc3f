//! Matching compiled patterns against an analysed answer, with polarity and typo tolerance.
//!
//! A match ("hit") is the set of word positions that satisfied the pattern's terms. A hit
//! counts only if its polarity agrees with the pattern's: a negator that scopes any matched
//! word (and is not itself part of the match) denies the statement. Every hit becomes evidence: byte ranges and the answer's own words.

use crate::rubric::pattern::{Node, Pattern, Polarity, Term};
use crate::text::{
    fold_spelling, may_fold, osa_within, work, Admitted, Analysis, Atom, IdSlot, Lexicon, LexiconSource, Scopes, TermSet, Token, TokenKind,
};
use rustc_hash::FxHashMap;
use serde::Serialize;

/// Words of the answer that support a match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// Byte offset where the quoted words start in the answer.
    pub start: usize,
    /// Byte offset just past the quoted words.
    pub end: usize,
    /// The answer's own words from `start` to `end`.
    pub text: String,
    /// True when a word was matched only through typo tolerance.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub fuzzy: bool,
    /// The bank's term these words stand for, when they matched through the paraphrase lexicon
    /// or a synonym: you said “shut” (≈ close).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub means: Option<String>,
}

/// How a match was made, best first: the rubric's own words, an everyday wording from the
/// lexicon, a WordNet synonym, a typo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MatchKind {
    /// The rubric's own words (full credit).
    Exact,
    /// An everyday wording from the bank's paraphrase lexicon.
    Lexicon,
    /// A WordNet synonym.
    Synonym,
    /// A word matched only through typo tolerance.
    Typo,
}

/// What the matcher needs besides the answer: the bank's vocabulary, so that a real word is
/// never taken for a typo of another.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Vocabulary {
    stems: TermSet,
    /// Alphabetic stems of five or more letters by first letter (`a` first), sorted, each as its
    /// [`letter_set`] and its id in `stems`: the candidates for spelling correction.
    by_first: Vec<Vec<(u32, u32)>>,
    /// `by_first` regrouped by first letter and length ([`LONGEST_BY_LENGTH`] holding the longer
    /// ones), made when first asked: a misspelling's candidates are the stems of its letter
    /// within its allowed edits in length, a few of a letter's lengths. (Reading the whole letter
    /// was most of a correction.) Which stem is closest does not depend on the order they are
    /// read in: a tie is no correction.
    #[serde(skip)]
    by_length: std::sync::OnceLock<Vec<Vec<(u32, u32)>>>,
}

/// Stems of this many bytes or more share one list of [`Vocabulary::by_length`].
const LONGEST_BY_LENGTH: usize = 31;

/// The set of letters a lower-case ASCII word uses, one bit per letter. An edit changes at most
/// two letters of the set (a substitution drops one and adds one), so two words whose sets differ
/// in more than twice the allowed edits cannot be that close: a cheap test before the edit
/// distance.
fn letter_set(word: &str) -> u32 {
    word.bytes().filter(u8::is_ascii_lowercase).fold(0, |set, b| set | 1 << (b - b'a'))
}

impl Vocabulary {
    /// The vocabulary of these stems.
    pub fn new(stems: impl IntoIterator<Item = String>) -> Self {
        let mut stems: Vec<String> = stems.into_iter().collect();
        stems.sort_unstable();
        stems.dedup();
        let stems = TermSet::new(stems.iter().map(String::as_str), IdSlot::Vocabulary);
        let mut by_first = vec![Vec::new(); 26];
        // Ids follow the stems' order, so each list is sorted.
        for id in 0..stems.len() {
            let s = stems.term(id);
            if s.len() >= 5 && s.bytes().all(|b| b.is_ascii_lowercase()) {
                by_first[usize::from(s.as_bytes()[0] - b'a')].push((letter_set(s), id as u32));
            }
        }
        Vocabulary { stems, by_first, by_length: Default::default() }
    }

    /// The candidates for correction of a word of `len` bytes starting with letter `first` (0 for
    /// `a`) within `edits` (see [`Vocabulary::by_length`]).
    fn correction_candidates(&self, first: usize, len: usize, edits: usize) -> impl Iterator<Item = &(u32, u32)> {
        let by_length = self.by_length.get_or_init(|| {
            let lists = LONGEST_BY_LENGTH + 1;
            let mut by_length = vec![Vec::new(); self.by_first.len() * lists];
            for (letter, stems) in self.by_first.iter().enumerate() {
                for &(set, id) in stems {
                    let len = self.stems.term(id as usize).len().min(LONGEST_BY_LENGTH);
                    by_length[letter * lists + len].push((set, id));
                }
            }
            by_length
        });
        let (shortest, longest) = (len.saturating_sub(edits).min(LONGEST_BY_LENGTH), (len + edits).min(LONGEST_BY_LENGTH));
        (shortest..=longest).filter_map(move |n| by_length.get(first * (LONGEST_BY_LENGTH + 1) + n)).flatten()
    }

    /// Whether the bank knows this stem.
    pub fn contains(&self, stem: &str) -> bool {
        self.stems.id(stem).is_some()
    }

    /// [`Vocabulary::contains`] of an answer's word, which remembers the answer (see
    /// [`Atom`]): asked of every token of every answer.
    pub fn knows(&self, stem: &Atom) -> bool {
        self.stems.id_of(stem).is_some()
    }

    /// Whether token `i` of `a` has a stem of the bank: as recorded when the bank corrected the
    /// answer ([`Vocabulary::correct`]), else looked up.
    pub fn knows_token(&self, a: &Analysis, i: usize) -> bool {
        match a.known_stems.get(i) {
            Some(&known) if a.known_stems.len() == a.tokens.len() => known,
            _ => self.knows(&a.tokens[i].stem),
        }
    }

    /// The one bank stem an unknown word is a misspelling of: the closest within the edits its
    /// length allows, same first letter, not the word with a negating affix; none when two are
    /// equally close.
    pub fn correction(&self, word: &str) -> Option<&str> {
        if self.contains(word) {
            return None;
        }
        self.correction_of_unknown(word)
    }

    /// [`Vocabulary::correction`] of a word known not to be a bank stem.
    fn correction_of_unknown(&self, word: &str) -> Option<&str> {
        if word.len() < 5 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
            return None;
        }
        let edits = allowed_edits(word.len());
        let mut best: Option<(usize, &str)> = None;
        let mut tie = false;
        let letters = letter_set(word);
        let candidates = self
            .correction_candidates(usize::from(word.as_bytes()[0] - b'a'), word.len(), edits)
            // The letter sets first: they rule out most stems without reading them.
            .filter(|&&(set, _)| (set ^ letters).count_ones() as usize <= 2 * edits)
            .map(|&(_, id)| self.stems.term(id as usize))
            .filter(|c| c.len().abs_diff(word.len()) <= edits);
        for c in candidates {
            let Some(d) = osa_within(word, c, edits) else { continue };
            if differs_by_negating_affix(word, c) {
                continue;
            }
            match best {
                Some((b, _)) if d > b => {}
                Some((b, _)) if d == b => tie = true,
                _ => {
                    best = Some((d, c));
                    tie = false;
                }
            }
        }
        best.filter(|_| !tie).map(|(_, c)| c)
    }

    /// Add, beside each unknown answer word, the bank word it is a misspelling of, so that
    /// similarity and the gates read "recieves" as "receive" (patterns credit it as a typo).
    ///
    /// Also records in [`Analysis::known_stems`] which words and identifiers have a bank stem:
    /// the matcher asks that of every token of every answer, and each ask hashes and compares the
    /// stem's string.
    pub fn correct(&self, a: &mut Analysis) {
        let known: Vec<bool> = a.tokens.iter().map(|t| may_misspell(t.kind) && self.knows(&t.stem)).collect();
        let mut added = Vec::new();
        for (t, _) in a.tokens.iter().zip(&known).filter(|&(t, &known)| t.kind == TokenKind::Word && t.via.is_none() && !known) {
            if a.positions[t.pos as usize].stop {
                continue;
            }
            if let Some(c) = self.correction_of_unknown(&t.stem) {
                let c = crate::text::Atom::from(c);
                added.push(Token { text: c.clone(), stem: c, corrected: true, ..t.clone() });
            }
        }
        if !added.is_empty() {
            a.insert_tokens(added);
            a.index_positions();
        }
        // The answer's own tokens keep their order among the corrections, whose stems are bank
        // stems.
        let mut own = known.into_iter();
        a.known_stems = a.tokens.iter().map(|t| t.corrected || own.next().unwrap_or(false)).collect();
    }
}

/// Whether tokens of this kind can be misspellings: words and whole identifiers.
fn may_misspell(kind: TokenKind) -> bool {
    matches!(kind, TokenKind::Word | TokenKind::Ident)
}

type Positions = smallvec::SmallVec<[u32; 4]>;

#[derive(Debug, Clone)]
struct Hit {
    /// Matched positions, sorted (inline: most hits are one to four words, and a hit is made for
    /// every occurrence of every term).
    positions: Positions,
    /// The sentence of all positions, or `None` when they span sentences (`+`).
    sentence: Option<u32>,
    /// The weakest way any of its terms matched.
    kind: MatchKind,
    /// Positions matched through a lexicon token: (position, token index).
    via: Vec<(u32, u32)>,
}

/// "insensitive" is no typo of "sensitive": one word is the other with a negating affix added.
fn differs_by_negating_affix(a: &str, b: &str) -> bool {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    ["in", "un", "im", "non", "dis", "ir", "il", "less"].iter().any(|affix| {
        // `long` with this occurrence of the affix cut out equals `short`, compared in place.
        long.len() == short.len() + affix.len()
            && long.match_indices(affix).any(|(i, _)| short.starts_with(&long[..i]) && short[i..] == long[i + affix.len()..])
    })
}

/// Hits kept per node: answers are short, this only guards against pathological input.
const MAX_HITS: usize = 256;

/// An identifier of at least this many bytes tolerates one typo when the misspelt form is no
/// identifier or word of the bank (`RWnutex` for `RWMutex`, never `TryRLock` for `TryLock`).
pub const MIN_IDENT_TYPO_LEN: usize = 6;

/// Is `word` a misspelling of something starting with `prefix` (one edit, same first letter,
/// prefixes of [`MIN_PREFIX_TYPO_LEN`] or more)?
fn is_prefix_typo(word: &str, prefix: &str) -> bool {
    if prefix.len() < MIN_PREFIX_TYPO_LEN || !prefix.is_ascii() || !word.is_ascii() || word.as_bytes().first() != prefix.as_bytes().first()
    {
        return false;
    }
    (prefix.len() - 1..=prefix.len() + 1).filter(|&k| k <= word.len()).any(|k| osa_within(&word[..k], prefix, 1).is_some())
}

/// Prefix patterns at least this long tolerate one typo.
pub const MIN_PREFIX_TYPO_LEN: usize = 5;

/// Most candidate hits one combination search (`~`, `..`, `&`, `+`) looks at. With up to
/// [`MAX_HITS`] hits per item the search is bounded but grows as the power of the number of
/// items; this caps it. An answer needs hundreds of matches of each item before it is reached.
const MAX_SEARCH_STEPS: usize = 1 << 16;

/// Allowed edits for a word of this many characters.
pub fn allowed_edits(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Most entries a per-answer map is sized for up front (see [`Matcher::new`]).
pub(crate) const MAX_PRESIZED: usize = 1024;

/// What the possible misspellings of a term start with: every typo test (`is_typo_of`,
/// `is_prefix_typo`, the identifier test in `scan_term`) requires the same first letter, so the
/// other possible misspellings are left out of a term's candidates rather than tested one by one.
#[derive(Debug, Clone, Copy)]
struct TypoKey {
    /// The first byte of the term's text.
    text: Option<u8>,
    /// Words: the first byte of the stem, which a misspelling may share instead.
    stem: Option<Option<u8>>,
}

impl TypoKey {
    /// The key of `term`, if it tolerates typos.
    fn of(term: &Term) -> Option<TypoKey> {
        let first = |s: &str| s.as_bytes().first().copied();
        Some(match term {
            Term::Word { text, stem, fuzzy: true } => TypoKey { text: first(text), stem: Some(first(stem)) },
            Term::Exact(x) if x.len() >= MIN_IDENT_TYPO_LEN => TypoKey { text: first(x), stem: None },
            Term::Prefix(p) => TypoKey { text: first(p), stem: None },
            Term::Word { .. } | Term::Exact(_) => return None,
        })
    }
}

/// Where a first byte (`None` for an empty string) is kept in a table of 257.
fn first_index(first: Option<u8>) -> usize {
    first.map_or(256, usize::from)
}

/// A token that may be a misspelling, with the first bytes of its text and stem.
#[derive(Debug, Clone, Copy)]
struct TypoToken {
    index: u32,
    text_first: Option<u8>,
    stem_first: Option<u8>,
}

/// The tokens of one stem or text, in token order (inline: most words occur once or twice, and
/// a heap list per distinct word was a quarter of a matcher's set-up).
type TokenList = smallvec::SmallVec<[u32; 2]>;

/// Where a term matched: the position, how, and the token when it came from the lexicon; shared
/// between patterns (one allocation: the hits are gathered in [`Matcher::scratch`] and copied in).
/// A term's positions: a stretch of [`Matcher::hits`] (read with [`Matcher::hits_of`]).
type TermPositions = Span;

/// A stretch of a list, by its start and end.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    fn is_empty(self) -> bool {
        self.start == self.end
    }
}

#[derive(Debug, Clone, Copy)]
struct TermHit {
    pos: u32,
    kind: MatchKind,
    /// Index of the lexicon token that matched.
    via: Option<u32>,
}

/// A dense id for every distinct term of a set of patterns (one rubric's), made once and shared by
/// every answer graded against them: the matcher keeps each term's positions in a slot of a
/// vector instead of hashing the term's strings on every lookup, which was a third of the cost of
/// looking a term up.
///
/// Terms are found by the address of the term inside the patterns it was made from (the patterns
/// are borrowed for `'p`, so they cannot move); equal terms at different places share one id, so
/// they are still looked up once per answer. Addresses are only compared, never followed.
///
/// The table also indexes the terms by what an answer token must have to match them (its stem,
/// its text, the first byte of a prefix), so a matcher finds each term's tokens in one pass over
/// the answer ([`Matcher::with_terms`]) instead of hashing every token's stem and text into maps
/// and then each term's strings again to look its tokens up.
#[derive(Debug, Default)]
pub struct TermTable<'p> {
    ids: FxHashMap<usize, u32>,
    count: u32,
    /// Each term by its id, and its [`TypoKey`].
    terms: Vec<&'p Term>,
    typo_keys: Vec<Option<TypoKey>>,
    /// Each pattern's tree as [`Need`]s, found by the address of the pattern's root: whether a
    /// pattern can match at all is asked of every pattern for every answer, and walking these
    /// flat lists of ids reads a few cache lines where the tree was a chase through its nodes and
    /// a hash of every term's address.
    needs: Vec<Need>,
    needs_of: FxHashMap<usize, u32>,
    /// The terms whose tokens are those with this stem ([`Key::Stem`]) or this text
    /// ([`Key::Text`]): the stems and texts as a set, so that an answer's word is looked up by
    /// the id its atom remembers, and each one's terms by that id.
    keys: TermSet,
    keyed: Vec<smallvec::SmallVec<[(u32, Key); 2]>>,
    /// Prefix terms by the first byte of the prefix (indexed by the byte; empty when the
    /// patterns have none), and the terms of an empty prefix (every token).
    prefixes: Vec<Vec<PrefixTerm<'p>>>,
    empty_prefixes: Vec<u32>,
}

/// A prefix term of a [`TermTable`], with its first eight bytes as a number and the mask of
/// those it has: a token's text (its first eight bytes read once) starts with the prefix when
/// its masked bytes are those and the rest of a longer prefix follows. Every token was compared
/// byte by byte with every prefix of its first byte's bucket.
#[derive(Debug)]
struct PrefixTerm<'p> {
    id: u32,
    prefix: &'p str,
    head: u64,
    mask: u64,
}

/// The first eight bytes of `s` as a little-endian number, zeros past its end.
fn head_of(s: &str) -> u64 {
    let mut first = [0u8; 8];
    let n = s.len().min(8);
    first[..n].copy_from_slice(&s.as_bytes()[..n]);
    u64::from_le_bytes(first)
}

impl PrefixTerm<'_> {
    /// `str::starts_with`, for a text whose [`head_of`] is `head`.
    fn starts(&self, text: &str, head: u64) -> bool {
        let p = self.prefix.as_bytes();
        text.len() >= p.len() && head & self.mask == self.head && (p.len() <= 8 || text.as_bytes()[8..p.len()] == p[8..])
    }
}

/// While a [`TermTable`] is made: each term by its content, each key's place by the key.
#[derive(Default)]
struct Seen<'p> {
    by_content: FxHashMap<&'p Term, u32>,
    by_key: FxHashMap<&'p str, usize>,
    keys: Vec<&'p str>,
}

/// One node of a pattern's tree, for [`Matcher::possible`]: a node's children follow it, and
/// `end` is where the node's subtree ends in the list.
#[derive(Debug, Clone, Copy)]
enum Need {
    /// The term with this id occurs.
    Term(u32),
    /// Any child can match (`|`).
    Any { end: u32 },
    /// Every child can match (phrases, `~`, `&`, `+`).
    All { end: u32 },
}

/// Which of a token's strings must equal a [`TermTable`] key for the token to be a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    Stem,
    Text,
}

impl<'p> TermTable<'p> {
    /// The table of every term of these patterns.
    pub fn new(patterns: impl IntoIterator<Item = &'p Pattern>) -> Self {
        fn walk<'p>(node: &'p Node, seen: &mut Seen<'p>, table: &mut TermTable<'p>) {
            let mut add = |t: &'p Term, table: &mut TermTable<'p>| {
                let next = seen.by_content.len() as u32;
                let id = *seen.by_content.entry(t).or_insert(next);
                table.ids.insert(t as *const Term as usize, id);
                if id == next {
                    table.terms.push(t);
                    table.typo_keys.push(TypoKey::of(t));
                    table.index(id, t, seen);
                }
                table.needs.push(Need::Term(id));
            };
            // A node with children: its `end` is known once they are in the list.
            let parent = |table: &mut TermTable<'p>, any: bool| {
                table.needs.push(if any { Need::Any { end: 0 } } else { Need::All { end: 0 } });
                table.needs.len() - 1
            };
            let close = |table: &mut TermTable<'p>, at: usize| {
                let end = table.needs.len() as u32;
                if let Need::Any { end: e } | Need::All { end: e } = &mut table.needs[at] {
                    *e = end;
                }
            };
            match node {
                Node::Term(t) => add(t, table),
                Node::Phrase(terms) => {
                    let at = parent(table, false);
                    terms.iter().for_each(|t| add(t, table));
                    close(table, at);
                }
                Node::Alt(items) | Node::Sentence(items) | Node::Anywhere(items) | Node::Near { items, .. } => {
                    let at = parent(table, matches!(node, Node::Alt(_)));
                    items.iter().for_each(|i| walk(i, seen, table));
                    close(table, at);
                }
            }
        }
        let mut seen = Seen::default();
        let mut table = TermTable::default();
        for p in patterns {
            let root = table.needs.len() as u32;
            walk(&p.root, &mut seen, &mut table);
            table.needs_of.insert(&p.root as *const Node as usize, root);
        }
        table.count = seen.by_content.len() as u32;
        table.keys = TermSet::new(seen.keys.iter().copied(), IdSlot::Terms);
        table
    }

    /// Index a new term by what its candidate tokens have (see [`Matcher::candidates`]).
    fn index(&mut self, id: u32, term: &'p Term, seen: &mut Seen<'p>) {
        let mut key = |k: &'p str, role: Key| {
            let next = seen.keys.len();
            let at = *seen.by_key.entry(k).or_insert(next);
            if at == next {
                seen.keys.push(k);
                self.keyed.push(Default::default());
            }
            self.keyed[at].push((id, role));
        };
        match term {
            Term::Word { text, stem, .. } => {
                key(stem, Key::Stem);
                key(text, Key::Text);
            }
            Term::Exact(x) => key(x, Key::Text),
            Term::Prefix(p) => match p.as_bytes().first() {
                Some(&b) => {
                    self.prefixes.resize_with(256, Vec::new);
                    let mask = if p.len() >= 8 { u64::MAX } else { (1u64 << (8 * p.len())) - 1 };
                    self.prefixes[usize::from(b)].push(PrefixTerm { id, prefix: p, head: head_of(p), mask });
                }
                None => self.empty_prefixes.push(id),
            },
        }
    }

    /// The terms keyed by the key with this id (a token's stem or text in `keys`).
    fn keyed(&self, key: Option<usize>) -> &[(u32, Key)] {
        key.map_or(&[], |k| &self.keyed[k])
    }

    fn id(&self, term: &Term) -> Option<u32> {
        self.ids.get(&(term as *const Term as usize)).copied()
    }

    /// Where the [`Need`]s of the pattern with this root start, if the table was made from it.
    fn needs_of(&self, root: &Node) -> Option<usize> {
        self.needs_of.get(&(root as *const Node as usize)).map(|&at| at as usize)
    }
}

/// Matches any number of patterns against one analysed answer, sharing the work: each term's
/// positions are found once, and each token's spelling fold is computed once.
pub struct Matcher<'a> {
    a: &'a Analysis,
    text: &'a str,
    vocab: &'a Vocabulary,
    lexicon: Option<&'a Lexicon>,
    /// The entries whose added terms count here (see [`Admitted`]).
    admitted: Option<&'a Admitted>,
    /// The tokens whose text folds to another spelling, with the folded text: computed when the
    /// first prefix term is looked up (only prefixes compare folded text).
    folded: std::cell::OnceCell<Vec<(u32, String)>>,
    /// Per token: an ordinary word the bank does not know, so possibly a misspelling. A word
    /// of the bank's vocabulary is never taken for a typo of another.
    may_be_typo: Vec<bool>,
    /// Token indices by stem and by text, and the tokens that may be misspellings: a term's
    /// tokens are looked up, not found by comparing the term with every token. The maps are made
    /// when a term outside the [`TermTable`] is first looked up (the table's terms have theirs
    /// in `table_candidates`).
    by_token: std::cell::OnceCell<TokenMaps<'a>>,
    typo_tokens: Vec<TypoToken>,
    /// The first bytes of the texts and of the stems of `typo_tokens` (by [`first_index`]): a
    /// term none of whose tokens occur and whose first letter no possible misspelling shares is
    /// known to be nowhere without a scan (most terms, for a given answer).
    typo_text_firsts: [bool; 257],
    typo_stem_firsts: [bool; 257],
    /// The distinct token texts, ordered by their first byte only: the texts a prefix can match
    /// are a range, searched with `starts_with` (ordering the distinct texts, not every token,
    /// keeps a long answer's set-up cheap, and a full string sort cost more than all the prefix
    /// searches). Made when the first prefix term is looked up: many rubrics have none.
    texts_by_first: std::cell::OnceCell<Vec<&'a str>>,
    /// Each term's positions, found once per answer. Keyed by the pattern's own term (patterns
    /// outlive the matcher), so a lookup neither clones the term nor allocates.
    positions: std::cell::RefCell<FxHashMap<&'a Term, TermPositions>>,
    /// The patterns' term ids, when the caller has them ([`Matcher::with_terms`]), and the
    /// positions of each id: a term of the table is looked up by index, not by hashing it.
    table: Option<&'a TermTable<'a>>,
    by_id: std::cell::RefCell<Vec<Option<TermPositions>>>,
    /// For each of the table's terms (by id), the tokens with the term's stem or text, or
    /// starting with its prefix (as written or folded), in token order: one pass over the answer
    /// finds them all. (Kept as flat per-id lists, like negation scopes are per position.)
    table_candidates: Scopes,
    /// Every term's positions, one after the other ([`TermPositions`] are stretches of it):
    /// one list per answer, where each term found was one allocation. Made with room for about
    /// one hit per token (growing it from empty cost more than the allocations it saves).
    hits: std::cell::RefCell<Vec<TermHit>>,
    /// Per term of the table (by id), whether it may occur at all (see
    /// [`Matcher::nowhere_in_table`]): asked of every term of every pattern, many of them more
    /// than once, so answered for all of them once.
    somewhere: Vec<bool>,
    /// Per token, whether its text is a word of the bank, asked once (0 not yet, 1 no, 2 yes):
    /// the typo test needs it for every fuzzy term the token is compared with.
    text_known: Vec<std::cell::Cell<u8>>,
    /// A term's candidate tokens and its hits while it is scanned, reused from term to term: a
    /// list of each, and the shared list's box, were three allocations per term found.
    scratch: std::cell::RefCell<(Vec<u32>, Vec<TermHit>)>,
    /// The hits of a combination's items and the hits chosen among them (see
    /// [`Matcher::combine`]), reused from pattern to pattern: two allocations per combination.
    combine_scratch: std::cell::RefCell<(Vec<TermHit>, Vec<TermHit>)>,
}

/// Token indices by stem and by text.
struct TokenMaps<'a> {
    by_stem: FxHashMap<&'a str, TokenList>,
    by_text: FxHashMap<&'a str, TokenList>,
}

impl<'a> Matcher<'a> {
    pub fn new(a: &'a Analysis, text: &'a str, vocab: &'a Vocabulary) -> Self {
        // Words and whole identifiers the bank does not know may be misspellings ("RWnutex");
        // a known word or identifier never is. An answer the bank corrected says which are known.
        let may_be_typo: Vec<bool> = (a.tokens.iter().enumerate()).map(|(i, t)| may_misspell(t.kind) && !vocab.knows_token(a, i)).collect();
        let n = a.tokens.len();
        let typo_tokens: Vec<TypoToken> = (0..n as u32)
            .filter(|&i| may_be_typo[i as usize])
            .map(|i| {
                let t = &a.tokens[i as usize];
                TypoToken { index: i, text_first: t.text.as_bytes().first().copied(), stem_first: t.stem.as_bytes().first().copied() }
            })
            .collect();
        let (mut typo_text_firsts, mut typo_stem_firsts) = ([false; 257], [false; 257]);
        for t in &typo_tokens {
            typo_text_firsts[first_index(t.text_first)] = true;
            typo_stem_firsts[first_index(t.stem_first)] = true;
        }
        Matcher {
            a,
            text,
            vocab,
            lexicon: None,
            admitted: None,
            folded: Default::default(),
            may_be_typo,
            by_token: Default::default(),
            typo_tokens,
            typo_text_firsts,
            typo_stem_firsts,
            texts_by_first: Default::default(),
            positions: Default::default(),
            text_known: vec![std::cell::Cell::new(0); n],
            table: None,
            by_id: Default::default(),
            table_candidates: Scopes::default(),
            hits: std::cell::RefCell::new(Vec::with_capacity(n.min(4096))),
            somewhere: Vec::new(),
            scratch: Default::default(),
            combine_scratch: Default::default(),
        }
    }

    /// The token maps (see the field), made on first use.
    fn maps(&self) -> &TokenMaps<'a> {
        self.by_token.get_or_init(|| {
            // Sized up front for an ordinary answer's words (growing the maps was a third of
            // their cost), but no further: a huge answer has far fewer distinct words than tokens.
            let capacity = self.a.tokens.len().min(MAX_PRESIZED);
            let mut by_stem: FxHashMap<&str, TokenList> = FxHashMap::with_capacity_and_hasher(capacity, Default::default());
            let mut by_text: FxHashMap<&str, TokenList> = FxHashMap::with_capacity_and_hasher(capacity, Default::default());
            for (i, t) in self.a.tokens.iter().enumerate() {
                by_stem.entry(t.stem.as_str()).or_default().push(i as u32);
                by_text.entry(t.text.as_str()).or_default().push(i as u32);
            }
            TokenMaps { by_stem, by_text }
        })
    }

    /// Look the terms of these patterns up by their ids (terms of other patterns still match).
    pub fn with_terms(mut self, table: &'a TermTable<'a>) -> Self {
        self.table = Some(table);
        self.by_id = std::cell::RefCell::new(vec![None; table.count as usize]);
        // Most tokens are candidates of a term or two at most: sized once for an ordinary answer,
        // not grown by doubling. No further: a huge answer's list grows to the same capacities as
        // from empty (sized for all its tokens, a 1 MB answer's list doubled once more, 5 MiB more
        // at its peak).
        let mut pairs: Vec<(u32, u32)> = Vec::with_capacity(self.a.tokens.len().min(MAX_PRESIZED));
        // Folded spellings matter to prefixes only: most rubrics have none.
        let folded = if table.prefixes.is_empty() { &[] } else { self.folded() };
        let mut next_folded = 0;
        for (i, t) in self.a.tokens.iter().enumerate() {
            let i = i as u32;
            let (stem, text) = (table.keys.id_of(&t.stem), table.keys.id_of(&t.text));
            if stem == text {
                // One key for both roles (most words, and every identifier, are their own stem).
                pairs.extend(table.keyed(stem).iter().map(|&(id, _)| (id, i)));
            } else {
                for (key, role) in [(stem, Key::Stem), (text, Key::Text)] {
                    pairs.extend(table.keyed(key).iter().filter(|&&(_, r)| r == role).map(|&(id, _)| (id, i)));
                }
            }
            // Prefixes, of the text as written and as folded to American spelling.
            let mut prefixed = |text: &str| {
                if let Some(terms) = text.as_bytes().first().and_then(|&b| table.prefixes.get(usize::from(b))) {
                    // (`starts_with` called `memcmp` for every prefix of the bucket.)
                    let head = head_of(text);
                    pairs.extend(terms.iter().filter(|p| p.starts(text, head)).map(|p| (p.id, i)));
                }
            };
            prefixed(&t.text);
            while folded.get(next_folded).is_some_and(|&(j, _)| j < i) {
                next_folded += 1;
            }
            if let Some((_, f)) = folded.get(next_folded).filter(|&&(j, _)| j == i) {
                prefixed(f);
            }
            pairs.extend(table.empty_prefixes.iter().map(|&id| (id, i)));
        }
        // Bucketed by term id, each bucket in token order (a counting sort: sorting the pairs
        // was a sixth of the set-up).
        self.table_candidates = Scopes::from_pairs(table.count as usize, &pairs);
        self.somewhere = self
            .table_candidates
            .iter()
            .zip(&table.typo_keys)
            .map(|(found, &key)| !found.is_empty() || self.misspelling_possible(key))
            .collect();
        self
    }

    /// Read tokens the lexicon added (see [`Lexicon::expand`]) as everyday wordings of the bank's
    /// terms, those `admitted` only, and name the term in the evidence.
    pub fn with_lexicon(mut self, lexicon: &'a Lexicon, admitted: &'a Admitted) -> Self {
        self.lexicon = Some(lexicon);
        self.admitted = Some(admitted);
        self
    }

    /// How a token matches when its text or stem equals the term's.
    fn kind_of(&self, t: &Token) -> MatchKind {
        if t.corrected {
            return MatchKind::Typo;
        }
        match (t.via, self.lexicon) {
            (None, _) => MatchKind::Exact,
            (Some(e), Some(lex)) if lex.entry(e).source == LexiconSource::WordNet => MatchKind::Synonym,
            (Some(_), _) => MatchKind::Lexicon,
        }
    }

    /// The best match of `pattern`, honouring polarity.
    pub fn find(&self, pattern: &'a Pattern) -> Option<PatternMatch> {
        let possible = match self.table.and_then(|t| Some((t, t.needs_of(&pattern.root)?))) {
            Some((table, at)) => self.needed(table, at),
            None => self.possible(&pattern.root),
        };
        if !possible {
            return None;
        }
        let mut hits = self.eval(&pattern.root);
        hits.sort_by_key(|h| h.kind);
        let hit = hits.into_iter().find(|h| match pattern.polarity {
            Polarity::Any => true,
            Polarity::Affirmed => !self.is_negated(h),
            Polarity::Negated => self.is_negated(h),
        })?;
        Some(PatternMatch { evidence: self.evidence_for(&hit), kind: hit.kind })
    }

    fn term_positions(&self, term: &'a Term) -> TermPositions {
        if let Some(id) = self.table.and_then(|t| t.id(term)) {
            return self.table_term_positions(id, term);
        }
        if let Some(found) = self.positions.borrow().get(term) {
            return *found;
        }
        let found = self.scan_term(term, None);
        self.positions.borrow_mut().insert(term, found);
        found
    }

    /// The positions of the table's term `id` (which is `term`).
    fn table_term_positions(&self, id: u32, term: &Term) -> TermPositions {
        if let Some(found) = &self.by_id.borrow()[id as usize] {
            return *found;
        }
        let found = if self.nowhere_in_table(id) {
            work::add(1);
            Span::default()
        } else {
            self.scan_term(term, Some(id))
        };
        self.by_id.borrow_mut()[id as usize] = Some(found);
        found
    }

    /// Whether the table's term `id` is known to be nowhere without a scan: no token has its
    /// stem, text or prefix, and no possible misspelling shares its first letter (most terms, for
    /// a given answer).
    fn nowhere_in_table(&self, id: u32) -> bool {
        !self.somewhere[id as usize]
    }

    /// Whether a possible misspelling shares the first letter of a term with this [`TypoKey`].
    fn misspelling_possible(&self, key: Option<TypoKey>) -> bool {
        key.is_some_and(|TypoKey { text, stem }| {
            self.typo_text_firsts[first_index(text)] || stem.is_some_and(|s| self.typo_stem_firsts[first_index(s)])
        })
    }

    /// [`Matcher::possible`] of the node whose [`Need`]s start at `at`.
    fn needed(&self, table: &TermTable<'a>, at: usize) -> bool {
        let children = |end: u32| {
            let mut next = at + 1;
            std::iter::from_fn(move || {
                (next < end as usize).then(|| {
                    let child = next;
                    next = match table.needs[child] {
                        Need::Term(_) => child + 1,
                        Need::Any { end } | Need::All { end } => end as usize,
                    };
                    child
                })
            })
        };
        match table.needs[at] {
            // Most terms are nowhere: that is known without caching their (empty) positions.
            Need::Term(id) => !self.nowhere_in_table(id) && !self.table_term_positions(id, table.terms[id as usize]).is_empty(),
            Need::Any { end } => children(end).any(|c| self.needed(table, c)),
            Need::All { end } => children(end).all(|c| self.needed(table, c)),
        }
    }

    /// A term's positions, shared between the patterns that use the term.
    fn shared(&self, found: &[TermHit]) -> TermPositions {
        if found.is_empty() {
            return Span::default();
        }
        let mut hits = self.hits.borrow_mut();
        let start = hits.len() as u32;
        hits.extend_from_slice(found);
        Span { start, end: hits.len() as u32 }
    }

    /// The hits of a term's positions. (Borrowed from [`Matcher::hits`]: find every term's
    /// positions before reading any, as a term not looked up yet adds its hits there.)
    fn hits_of(&self, span: TermPositions) -> std::cell::Ref<'_, [TermHit]> {
        std::cell::Ref::map(self.hits.borrow(), |hits| &hits[span.start as usize..span.end as usize])
    }

    /// The distinct token texts, by first byte (see the field).
    fn texts_by_first(&self) -> &[&'a str] {
        self.texts_by_first.get_or_init(|| {
            let mut texts: Vec<&str> = self.maps().by_text.keys().copied().collect();
            texts.sort_unstable_by_key(|t| t.as_bytes().first().copied());
            texts
        })
    }

    /// Whether token `i`'s text is a word of the bank (asked once per token).
    fn text_known(&self, i: usize) -> bool {
        let known = &self.text_known[i];
        if known.get() == 0 {
            known.set(if self.vocab.knows(&self.a.tokens[i].text) { 2 } else { 1 });
        }
        known.get() == 2
    }

    /// The tokens whose text folds to another spelling, in token order, with that spelling.
    fn folded(&self) -> &[(u32, String)] {
        self.folded.get_or_init(|| {
            // Folded once per distinct text, not per token: few texts can fold, so a short list
            // remembers them.
            let mut seen: Vec<(&str, Option<String>)> = Vec::new();
            let mut folded: Vec<(u32, String)> = Vec::new();
            for (i, t) in self.a.tokens.iter().enumerate() {
                let text = t.text.as_str();
                if !may_fold(text) {
                    continue;
                }
                let f = match seen.iter().find(|(s, _)| *s == text) {
                    Some((_, f)) => f.clone(),
                    None => {
                        let f = Some(fold_spelling(text)).filter(|f| f != text);
                        seen.push((text, f.clone()));
                        f
                    }
                };
                folded.extend(f.map(|f| (i as u32, f)));
            }
            folded
        })
    }

    /// The folded spelling of token `i`, when it differs from its text.
    fn folded_text(&self, i: usize) -> Option<&str> {
        let folded = self.folded();
        folded.binary_search_by_key(&(i as u32), |&(j, _)| j).ok().map(|k| folded[k].1.as_str())
    }

    /// The tokens that can match `term`, in token order: those with its stem or text, and, where
    /// the term tolerates typos, the tokens that may be misspellings; every token for a prefix.
    /// `id` is the term's id in the [`TermTable`], when it is one of the table's. Into `all`, which
    /// is empty.
    fn candidates(&self, term: &Term, id: Option<u32>, all: &mut Vec<u32>) {
        if let Some(id) = id {
            return self.table_candidates_of(id, all);
        }
        fn get<'m>(map: &'m FxHashMap<&str, TokenList>, key: &str) -> &'m [u32] {
            map.get(key).map_or(&[], |v| v.as_slice())
        }
        let first = |s: &str| s.as_bytes().first().copied();
        match term {
            Term::Word { text, stem, .. } => all.extend(get(&self.maps().by_stem, stem).iter().chain(get(&self.maps().by_text, text))),
            Term::Exact(x) => all.extend_from_slice(get(&self.maps().by_text, x)),
            Term::Prefix(p) => {
                let texts = self.texts_by_first();
                // Texts with the prefix's first byte (every text for an empty prefix).
                let range = match first(p) {
                    Some(b) => {
                        let from = texts.partition_point(|t| t.as_bytes().first().copied() < Some(b));
                        let to = texts.partition_point(|t| t.as_bytes().first().copied() <= Some(b));
                        &texts[from..to]
                    }
                    None => texts,
                };
                let starting = range.iter().filter(|t| t.starts_with(p.as_str())).flat_map(|t| self.maps().by_text[t].iter().copied());
                let folded = self.folded().iter().filter(|(_, f)| f.starts_with(p.as_str())).map(|&(i, _)| i);
                all.extend(starting.chain(folded));
            }
        }
        self.push_typos(TypoKey::of(term), all);
        all.sort_unstable();
        all.dedup();
    }

    /// The candidates of a term of the table: its tokens found by [`Matcher::with_terms`], and
    /// the possible misspellings.
    fn table_candidates_of(&self, id: u32, all: &mut Vec<u32>) {
        all.extend_from_slice(&self.table_candidates[id as usize]);
        // A token can be a candidate twice (by its stem and its text, or a prefix of its text
        // as written and as folded), and then twice in a row.
        all.dedup();
        let found = all.len();
        // The key is the table's: the term itself is not read (patterns are cold in the cache, one
        // rubric after another, and most terms occur in no answer).
        self.push_typos(self.table.and_then(|t| t.typo_keys[id as usize]), all);
        if all.len() > found {
            all.sort_unstable();
            all.dedup();
        }
    }

    /// Add the tokens that may be misspellings of a term with this [`TypoKey`].
    fn push_typos(&self, key: Option<TypoKey>, out: &mut Vec<u32>) {
        let Some(TypoKey { text, stem }) = key else { return };
        out.extend(self.typo_tokens.iter().filter(|t| t.text_first == text || stem.is_some_and(|s| t.stem_first == s)).map(|t| t.index));
    }

    /// The positions of `term`, shared; `id` as for [`Matcher::candidates`].
    fn scan_term(&self, term: &Term, id: Option<u32>) -> TermPositions {
        // (Nothing below scans another term, so the scratch lists are free.)
        let mut scratch = self.scratch.borrow_mut();
        let (candidates, out) = &mut *scratch;
        candidates.clear();
        out.clear();
        self.candidates(term, id, candidates);
        work::add(candidates.len() + 1);
        for &i in candidates.iter() {
            let i = i as usize;
            let t = &self.a.tokens[i];
            if out.last().is_some_and(|h| h.pos == t.pos && h.kind == MatchKind::Exact) {
                continue;
            }
            let own = t.via.is_none();
            if !own && self.admitted.is_some_and(|a| !a.admits(t.via)) {
                continue;
            }
            let kind = match term {
                Term::Exact(x) if t.text == *x => Some(self.kind_of(t)),
                // A misspelt identifier: one edit, same first letter, long enough to be unambiguous.
                Term::Exact(x) => (own
                    && t.kind == TokenKind::Ident
                    && self.may_be_typo[i]
                    && x.len() >= MIN_IDENT_TYPO_LEN
                    && x.as_bytes().first() == t.text.as_bytes().first()
                    && t.text.len().abs_diff(x.len()) <= 1
                    && osa_within(&t.text, x, 1) == Some(1))
                .then_some(MatchKind::Typo),
                // Prefixes are stored folded (see `pattern`); fold the word only when it could change.
                Term::Prefix(p) if t.text.starts_with(p.as_str()) || self.folded_text(i).is_some_and(|f| f.starts_with(p.as_str())) => {
                    Some(self.kind_of(t))
                }
                // "evalluates" for `evaluat*`: the word's start is one edit from a long prefix.
                Term::Prefix(p) => {
                    (own && t.kind == TokenKind::Word && self.may_be_typo[i] && is_prefix_typo(&t.text, p)).then_some(MatchKind::Typo)
                }
                Term::Word { text, stem, fuzzy } => {
                    if t.stem == *stem || t.text == *text {
                        Some(self.kind_of(t))
                    } else if own
                        && *fuzzy
                        && self.may_be_typo[i]
                        && (self.is_typo_of(&t.stem, false, stem) || self.is_typo_of(&t.text, self.text_known(i), text))
                    {
                        Some(MatchKind::Typo)
                    } else {
                        None
                    }
                }
            };
            if let Some(kind) = kind {
                let hit = TermHit { pos: t.pos, kind, via: (!own).then_some(i as u32) };
                match out.last_mut() {
                    Some(last) if last.pos == t.pos => {
                        if kind < last.kind {
                            *last = hit;
                        }
                    }
                    _ => out.push(hit),
                }
            }
        }
        self.shared(out)
    }

    /// Is the answer word (by stem) a misspelling of the pattern word? Never when the answer
    /// word is itself a word of the bank (`known`, asked by the caller once per token), and never
    /// across a different first letter.
    fn is_typo_of(&self, answer_stem: &str, known: bool, pattern_stem: &str) -> bool {
        // Cheapest tests first: this runs for every answer word against every fuzzy term.
        if answer_stem.as_bytes().first() != pattern_stem.as_bytes().first() {
            return false;
        }
        let len = answer_stem.chars().count();
        let pattern_len = pattern_stem.chars().count();
        let edits = allowed_edits(len.max(pattern_len).min(len + 1));
        if edits == 0 || len.abs_diff(pattern_len) > edits || known {
            return false;
        }
        // The distance first: it rules out far more pairs than the affix test.
        osa_within(answer_stem, pattern_stem, edits).is_some() && !differs_by_negating_affix(answer_stem, pattern_stem)
    }

    /// Whether `node` can match at all: every term it needs occurs in the answer. `eval` finds
    /// no hit where this is false, and this asks only the cached term positions, so a pattern
    /// that cannot match (most patterns, for a given answer) builds no hit lists: before, `a ~ b`
    /// built and sorted every hit of `a` before finding that `b` never occurs.
    fn possible(&self, node: &'a Node) -> bool {
        match node {
            Node::Term(t) => !self.term_positions(t).is_empty(),
            Node::Phrase(terms) => terms.iter().all(|t| !self.term_positions(t).is_empty()),
            Node::Alt(items) => items.iter().any(|i| self.possible(i)),
            Node::Near { items, .. } | Node::Sentence(items) | Node::Anywhere(items) => items.iter().all(|i| self.possible(i)),
        }
    }

    fn eval(&self, node: &'a Node) -> Vec<Hit> {
        let mut hits = match node {
            // Hits are in position order and only the first MAX_HITS are kept: make no more.
            Node::Term(t) => {
                let found = self.term_positions(t);
                self.hits_of(found).iter().take(MAX_HITS).map(|&h| self.term_hit(h)).collect()
            }
            Node::Phrase(terms) => self.phrase(terms),
            // Alternatives of terms (most of them) are merged as term hits, each made a `Hit` once.
            Node::Alt(_) if is_single_position(node) => {
                let mut hits = Vec::new();
                self.single_position_hits(node, &mut hits);
                hits.into_iter().map(|h| self.term_hit(h)).collect()
            }
            Node::Alt(items) => {
                // A term's hits are its positions, found once: asking first whether it can match
                // looked them up twice. Other alternatives that cannot match are left out unbuilt.
                let can_match = |i: &&'a Node| matches!(i, Node::Term(_)) || self.possible(i);
                let mut all: Vec<Hit> = items.iter().filter(can_match).flat_map(|i| self.eval(i)).collect();
                work::add(all.len());
                all.sort_by(|x, y| x.positions.cmp(&y.positions).then(x.kind.cmp(&y.kind)));
                all.dedup_by(|x, y| x.positions == y.positions);
                all
            }
            Node::Near { items, window, ordered } => self.combine(items, Some(*window), ordered, true),
            Node::Sentence(items) => self.combine(items, None, &[], true),
            Node::Anywhere(items) => self.combine(items, None, &[], false),
        };
        hits.truncate(MAX_HITS);
        hits
    }

    fn sentence(&self, p: u32) -> u32 {
        self.a.positions[p as usize].sentence
    }

    /// The hit of one term at one position.
    fn term_hit(&self, h: TermHit) -> Hit {
        Hit {
            positions: smallvec::smallvec![h.pos],
            sentence: Some(self.sentence(h.pos)),
            kind: h.kind,
            via: h.via.map(|v| vec![(h.pos, v)]).unwrap_or_default(),
        }
    }

    /// The hits of a node that [`is_single_position`], as `eval` finds them, but as term hits:
    /// each is one position of one sentence, so a term hit says all a `Hit` would (without its
    /// small vector of positions and its list of lexicon tokens). Appended to `out`, so that the
    /// items of one combination share one list (one allocation for all, not one each, grown).
    fn single_position_hits(&self, node: &'a Node, out: &mut Vec<TermHit>) {
        let start = out.len();
        match node {
            Node::Term(t) => {
                let found = self.term_positions(t);
                out.extend(self.hits_of(found).iter().take(MAX_HITS));
            }
            Node::Alt(items) => {
                for item in items {
                    if let Node::Term(t) = item {
                        let found = self.term_positions(t);
                        out.extend(self.hits_of(found).iter().take(MAX_HITS));
                    }
                }
                work::add(out.len() - start);
                // Stable, by position then kind, as `eval` sorts alternatives' hits: of the hits
                // at one position, the best kind of the first alternative that has it is kept.
                out[start..].sort_by_key(|h| (h.pos, h.kind));
                // `dedup_by_key(|h| h.pos)` of the appended hits: the first of each position.
                let mut kept = start;
                for i in start..out.len() {
                    if kept == start || out[kept - 1].pos != out[i].pos {
                        out[kept] = out[i];
                        kept += 1;
                    }
                }
                out.truncate(kept);
            }
            _ => unreachable!("a node of single positions"),
        }
        out.truncate(start + MAX_HITS);
    }

    fn phrase(&self, terms: &'a [Term]) -> Vec<Hit> {
        let mut found: smallvec::SmallVec<[TermPositions; 4]> = smallvec::SmallVec::with_capacity(terms.len());
        for t in terms {
            let positions = self.term_positions(t);
            // Every word is needed: a missing one ends the search before the others are looked up.
            if positions.is_empty() {
                return Vec::new();
            }
            found.push(positions);
        }
        let hits = self.hits.borrow();
        let per_term: smallvec::SmallVec<[&[TermHit]; 4]> = found.iter().map(|s| &hits[s.start as usize..s.end as usize]).collect();
        let mut out = Vec::new();
        for first in per_term[0].iter() {
            // In position order, and only the first MAX_HITS are kept (see `eval`).
            if out.len() >= MAX_HITS {
                break;
            }
            work::add(per_term.len());
            let mut hit = Hit {
                positions: smallvec::smallvec![first.pos],
                sentence: Some(self.sentence(first.pos)),
                kind: first.kind,
                via: Vec::new(),
            };
            hit.via.extend(first.via.map(|v| (first.pos, v)));
            let mut ok = true;
            for next in &per_term[1..] {
                let prev = *hit.positions.last().unwrap();
                // The next content word after `prev`, skipping stop words, in the same sentence.
                let mut q = prev + 1;
                // Term hits are in position order: a binary search, not a scan (a scan made a long
                // answer repeating a phrase's first word quadratic).
                let at = |q: u32| next.binary_search_by_key(&q, |h| h.pos).ok().map(|i| &next[i]);
                while (q as usize) < self.a.positions.len() && self.a.positions[q as usize].stop && at(q).is_none() {
                    work::add(1);
                    q += 1;
                }
                // A phrase never spans a clause break: `[case order]` is not "case, and the order".
                match at(q) {
                    Some(h) if self.a.positions[h.pos as usize].clause == self.a.positions[prev as usize].clause => {
                        hit.positions.push(h.pos);
                        hit.kind = hit.kind.max(h.kind);
                        hit.via.extend(h.via.map(|v| (h.pos, v)));
                    }
                    _ => {
                        ok = false;
                        break;
                    }
                }
            }
            if ok {
                out.push(hit);
            }
        }
        out
    }

    /// Pick one hit per item so that all share a sentence (if `same_sentence`), fit `window`
    /// and keep `ordered`; positions of different items never overlap.
    ///
    /// Every item can match: `eval` is only asked of nodes that can ([`Matcher::find`] asks
    /// first, `|` leaves out the alternatives that cannot), and a node of items can match only
    /// when they all can. (Asking again here looked every term up once more.)
    fn combine(&self, items: &'a [Node], window: Option<u32>, ordered: &[bool], same_sentence: bool) -> Vec<Hit> {
        debug_assert!(items.iter().all(|i| self.possible(i)));
        // Items of terms and alternatives of terms (most `~` and `&` patterns) are searched as
        // term hits: making a `Hit` of each was most of the cost of combining them.
        if items.iter().all(is_single_position) {
            // Every item's hits in one list, each item's a stretch of it; the list and the
            // chosen hits reused from pattern to pattern (nothing below combines again).
            let mut scratch = self.combine_scratch.borrow_mut();
            let (hits, chosen) = &mut *scratch;
            hits.clear();
            chosen.clear();
            let mut ends: smallvec::SmallVec<[usize; 4]> = smallvec::SmallVec::with_capacity(items.len());
            for item in items {
                let start = hits.len();
                self.single_position_hits(item, hits);
                if hits.len() == start {
                    return Vec::new();
                }
                ends.push(hits.len());
            }
            let lists: smallvec::SmallVec<[&[TermHit]; 4]> =
                ends.iter().scan(0, |start, &end| Some(&hits[std::mem::replace(start, end)..end])).collect();
            let mut out = Vec::new();
            let mut budget = MAX_SEARCH_STEPS;
            self.search_single(&lists, 0, chosen, window, ordered, same_sentence, &mut out, &mut budget);
            out.sort_by_key(|h: &Hit| (h.kind, h.positions.last().unwrap() - h.positions[0], h.positions[0]));
            return out;
        }
        let mut lists: Vec<Vec<Hit>> = Vec::with_capacity(items.len());
        for item in items {
            let hits = self.eval(item);
            // Every item is needed: one without hits ends the search before the rest are evaluated.
            if hits.is_empty() {
                return Vec::new();
            }
            lists.push(hits);
        }
        let mut out = Vec::new();
        let mut chosen: Vec<&Hit> = Vec::with_capacity(items.len());
        let mut budget = MAX_SEARCH_STEPS;
        self.search(&lists, 0, &mut chosen, window, ordered, same_sentence, &mut out, &mut budget);
        // Prefer exact over fuzzy, then the tightest span, then the earliest.
        out.sort_by_key(|h: &Hit| (h.kind, h.positions.last().unwrap() - h.positions[0], h.positions[0]));
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn search<'h>(
        &self,
        lists: &'h [Vec<Hit>],
        k: usize,
        chosen: &mut Vec<&'h Hit>,
        window: Option<u32>,
        ordered: &[bool],
        same_sentence: bool,
        out: &mut Vec<Hit>,
        budget: &mut usize,
    ) {
        if out.len() >= MAX_HITS {
            return;
        }
        if k == lists.len() {
            let mut positions: Positions = chosen.iter().flat_map(|h| h.positions.iter().copied()).collect();
            positions.sort_unstable();
            let sentence = if same_sentence { chosen[0].sentence } else { None };
            let kind = chosen.iter().map(|h| h.kind).max().unwrap_or(MatchKind::Exact);
            let via = chosen.iter().flat_map(|h| h.via.iter().copied()).collect();
            out.push(Hit { positions, sentence, kind, via });
            return;
        }
        for h in &lists[k] {
            if *budget == 0 {
                return;
            }
            *budget -= 1;
            work::add(1);
            if same_sentence && (h.sentence.is_none() || chosen.first().is_some_and(|c| c.sentence != h.sentence)) {
                continue;
            }
            if chosen.iter().any(|c| c.positions.iter().any(|p| h.positions.contains(p))) {
                continue;
            }
            let must_follow = k > 0 && ordered.get(k - 1).copied().unwrap_or(false);
            if must_follow && chosen.last().is_some_and(|c| c.positions.last() >= h.positions.first()) {
                continue;
            }
            if let Some(w) = window {
                let lo = chosen.iter().map(|c| c.positions[0]).chain([h.positions[0]]).min().unwrap();
                let hi = chosen.iter().map(|c| *c.positions.last().unwrap()).chain([*h.positions.last().unwrap()]).max().unwrap();
                if hi - lo > w {
                    continue;
                }
            }
            chosen.push(h);
            self.search(lists, k + 1, chosen, window, ordered, same_sentence, out, budget);
            chosen.pop();
        }
    }

    /// [`Matcher::search`] over items of single positions (see [`Matcher::single_position_hits`]):
    /// the same hits in the same order, within the same budget.
    #[allow(clippy::too_many_arguments)]
    fn search_single(
        &self,
        lists: &[&[TermHit]],
        k: usize,
        chosen: &mut Vec<TermHit>,
        window: Option<u32>,
        ordered: &[bool],
        same_sentence: bool,
        out: &mut Vec<Hit>,
        budget: &mut usize,
    ) {
        if out.len() >= MAX_HITS {
            return;
        }
        if k == lists.len() {
            let mut positions: Positions = chosen.iter().map(|h| h.pos).collect();
            positions.sort_unstable();
            let sentence = if same_sentence { Some(self.sentence(chosen[0].pos)) } else { None };
            let kind = chosen.iter().map(|h| h.kind).max().unwrap_or(MatchKind::Exact);
            let via = chosen.iter().filter_map(|h| h.via.map(|v| (h.pos, v))).collect();
            out.push(Hit { positions, sentence, kind, via });
            return;
        }
        let must_follow = k > 0 && ordered.get(k - 1).copied().unwrap_or(false);
        for &h in lists[k] {
            if *budget == 0 {
                return;
            }
            *budget -= 1;
            work::add(1);
            if same_sentence && chosen.first().is_some_and(|c| self.sentence(c.pos) != self.sentence(h.pos)) {
                continue;
            }
            if chosen.iter().any(|c| c.pos == h.pos) {
                continue;
            }
            if must_follow && chosen.last().is_some_and(|c| c.pos >= h.pos) {
                continue;
            }
            if let Some(w) = window {
                let lo = chosen.iter().map(|c| c.pos).fold(h.pos, u32::min);
                let hi = chosen.iter().map(|c| c.pos).fold(h.pos, u32::max);
                if hi - lo > w {
                    continue;
                }
            }
            chosen.push(h);
            self.search_single(lists, k + 1, chosen, window, ordered, same_sentence, out, budget);
            chosen.pop();
        }
    }

    /// Is this hit denied? A local negator ("not", "never" …) that the pattern did not match
    /// itself and that scopes any matched word denies it once, however many there are ("isn't a
    /// subtype and can't be passed" is two denials, not an affirmation). A statement-level denial
    /// ("it is not true that …", "people assume …", "… That's a myth.") flips it once, however
    /// many deny the same statement ("people assume X, but that's not the case" denies X once),
    /// so "not true that X is not Y" affirms.
    fn is_negated(&self, hit: &Hit) -> bool {
        let external = |lists: &crate::text::Scopes| {
            let mut v: Vec<u32> =
                hit.positions.iter().flat_map(|&p| lists[p as usize].iter().copied()).filter(|n| !hit.positions.contains(n)).collect();
            v.sort_unstable();
            v.dedup();
            v.len()
        };
        let local = usize::from(external(&self.a.negated_by) > 0);
        (local + external(&self.a.denied_by).min(1)) % 2 == 1
    }
}

/// Whether every hit of `node` is one position: a term, or alternatives of terms.
fn is_single_position(node: &Node) -> bool {
    match node {
        Node::Term(_) => true,
        Node::Alt(items) => items.iter().all(|i| matches!(i, Node::Term(_))),
        _ => false,
    }
}

/// The result of matching one pattern.
#[derive(Debug, Clone)]
pub struct PatternMatch {
    pub evidence: Vec<Evidence>,
    pub kind: MatchKind,
}

/// Find the best match of one `pattern` in the analysed `text`, honouring polarity. (To match
/// many patterns against one answer, make one [`Matcher`] and call [`Matcher::find`].)
pub fn find(pattern: &Pattern, analysis: &Analysis, text: &str, vocab: &Vocabulary) -> Option<PatternMatch> {
    Matcher::new(analysis, text, vocab).find(pattern)
}

impl Matcher<'_> {
    /// One quoted span per sentence the hit touches; words matched through the lexicon quote the
    /// whole everyday wording and name the bank's term.
    fn evidence_for(&self, hit: &Hit) -> Vec<Evidence> {
        let (a, text) = (self.a, self.text);
        let fuzzy = hit.kind == MatchKind::Typo;
        let mut out: Vec<Evidence> = Vec::new();
        let mut current: Option<(u32, usize, usize, Vec<String>)> = None;
        let flush = |c: Option<(u32, usize, usize, Vec<String>)>, out: &mut Vec<Evidence>| {
            if let Some((_, start, end, means)) = c {
                let means = (!means.is_empty()).then(|| means.join(", "));
                out.push(Evidence { start, end, text: text[start..end].to_string(), fuzzy, means });
            }
        };
        for &p in &hit.positions {
            let pos = &a.positions[p as usize];
            let (mut start, mut end) = (pos.start, pos.end);
            let mut means = None;
            if let Some(&(_, t)) = hit.via.iter().find(|(q, _)| *q == p) {
                let token = &a.tokens[t as usize];
                (start, end) = (start.min(token.start), end.max(token.end));
                means = self.lexicon.and_then(|l| token.via.map(|e| l.entry(e).means.clone()));
            }
            match &mut current {
                Some((s, cs, ce, m)) if *s == pos.sentence => {
                    *cs = (*cs).min(start);
                    *ce = (*ce).max(end);
                    m.extend(means.filter(|x| !m.contains(x)));
                }
                _ => {
                    flush(current.take(), &mut out);
                    current = Some((pos.sentence, start, end, means.into_iter().collect()));
                }
            }
        }
        flush(current, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rubric::pattern::{parse, Synonyms};
    use crate::text::analyze;

    fn vocab() -> Vocabulary {
        Vocabulary::new(["mute", "char", "chan", "block", "receiv", "mutex"].map(String::from))
    }

    fn matches(pattern: &str, text: &str) -> bool {
        let p = parse(pattern, &Synonyms::default()).unwrap();
        find(&p, &analyze(text), text, &vocab()).is_some()
    }

    #[test]
    fn prefix_heads_start_texts_as_starts_with_does() {
        let words = ["", "s", "sy", "syn", "sync", "synchro", "synchron", "synchroniz", "synchronize", "synchronise", "éa", "ab\u{e9}"];
        for prefix in words.iter().filter(|p| !p.is_empty()) {
            let mask = if prefix.len() >= 8 { u64::MAX } else { (1u64 << (8 * prefix.len())) - 1 };
            let term = PrefixTerm { id: 0, prefix, head: head_of(prefix), mask };
            for text in words {
                assert_eq!(term.starts(text, head_of(text)), text.starts_with(prefix), "{text:?} {prefix:?}");
            }
        }
    }

    #[test]
    fn stems_and_windows() {
        assert!(matches("unbuffered ~ block ~ receiv*", "An unbuffered send blocks until a receiver is ready."));
        assert!(!matches("unbuffered ~ block", "Unbuffered channels exist. Sends may block."), "one sentence only");
        assert!(!matches("a ~2 d", "a b c d"));
        assert!(matches("a ~3 d", "a b c d"));
        assert!(matches("close .. panic", "Closing twice will panic."));
        assert!(!matches("panic .. close", "Closing twice will panic."));
        assert!(matches("defer & recover", "You defer a function and in it, much later in this long sentence, call recover."));
        assert!(matches("wg.Add + wg.Wait", "Call wg.Add(1).\nThen later wg.Wait()."));
        assert!(matches("close .. send ~ panic", "If you close it then send, it will panic."));
        assert!(!matches("close .. send ~ panic", "If you send after you close it, it will panic."));
    }

    #[test]
    fn phrases_skip_stop_words() {
        assert!(matches("[capacity zero]", "it has a capacity of zero"));
        assert!(!matches("[capacity zero]", "capacity is not zero"));
        assert!(matches("[happens before]", "a happens-before edge"));
        assert!(!matches("[case order]", "pick a case, and the order is random"), "phrases stay in one clause");
    }

    #[test]
    fn polarity() {
        assert!(matches("map ~ safe ~ concurr*", "Maps are safe for concurrent writes."));
        assert!(!matches("map ~ safe ~ concurr*", "Maps are not safe for concurrent writes."));
        assert!(matches("not: map ~ safe ~ concurr*", "Maps aren't safe for concurrent writes."));
        assert!(!matches("not: map ~ safe ~ concurr*", "Maps are safe for concurrent writes."));
        assert!(!matches("goroutine ~ [os thread]", "Goroutines are not OS threads."));
        assert!(matches("buffered ~ never ~ block", "Buffered channels never block."));
        assert!(!matches("buffered ~ never ~ block", "It is not true that buffered channels never block."));
        assert!(matches("any: map ~ safe", "maps are not safe"));
        assert!(!matches("not: atomic ~ ordering", "It is not true that atomics give no ordering."), "a denied negation affirms");
        assert!(matches("not: type ~ subtype", "The outer type isn't a subtype and can't be passed there."));
        assert!(matches("buffered ~ block ~ full", "A buffered send doesn't block until the buffer is full."));
    }

    #[test]
    fn typo_tolerance_grows_with_length_and_protects_words() {
        assert!(matches("goroutine", "gorutines are cheap"));
        assert!(matches("receive", "it recieves the value"));
        assert!(!matches("mutex", "Mute the output"), "short words are never fuzzy");
        assert!(!matches("chan", "a char value"));
        assert!(!matches("block", "blakc"), "five-letter words allow one edit, but this is two");
        assert!(matches("block", "blokc"), "a swap is one edit");
        assert!(matches("channel", "chanel"));
        assert!(matches("unbuffered", "an unbufferd channel"), "a typo that changes the stem still matches by its text");
        assert!(matches("synchroniz*", "it synchronises them"));
        assert!(matches("self-document*", "the code is self-documenting"));
        assert!(matches("(SetMaxOpenConns | max* ~ open) ~ cap", "SetMaxOpenConns caps the pool"));
        assert!(!matches("[case sensitive] | casesensitive", "key matching is case-insensitive"), "an added 'in' is no typo");
        assert!(!matches("goroutine", "horoutine"), "the first letter must match");
        let p = parse("synchronous", &Synonyms::default()).unwrap();
        let t = "it is synchronus";
        assert!(find(&p, &analyze(t), t, &vocab()).unwrap().kind == MatchKind::Typo);
    }

    #[test]
    fn identifiers_never_turn_into_other_identifiers() {
        assert!(matches("sync.Mutex", "use a sync.Mutex"));
        assert!(matches("mutex", "guard it with sync.RWMutex"));
        assert!(!matches("rwmutex", "guard it with sync.Mutex"));
        // A misspelling the bank does not know is a typo of the identifier, at typo credit ...
        let p = parse("sync.Mutex", &Synonyms::default()).unwrap();
        let t = "use a sync.Mutx";
        assert_eq!(find(&p, &analyze(t), t, &vocab()).unwrap().kind, MatchKind::Typo);
        // ... but an identifier the bank knows is never read as another one.
        let known = Vocabulary::new(["tryrlock".to_string()]);
        let p = parse("TryLock", &Synonyms::default()).unwrap();
        let t = "call TryRLock";
        assert!(find(&p, &analyze(t), t, &known).is_none());
    }

    #[test]
    fn evidence_quotes_the_answer() {
        let text = "Well. On an unbuffered channel the sender waits for a receiver.";
        let p = parse("unbuffered ~ (wait | block) ~ receiv*", &Synonyms::default()).unwrap();
        let m = find(&p, &analyze(text), text, &vocab()).unwrap();
        assert_eq!(m.evidence.len(), 1);
        assert_eq!(m.evidence[0].text, "unbuffered channel the sender waits for a receiver");
        assert_eq!(&text[m.evidence[0].start..m.evidence[0].end], m.evidence[0].text);
    }
}
