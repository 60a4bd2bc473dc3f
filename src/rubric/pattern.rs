//! The rubric pattern language: parsing a pattern string into a tree of terms and operators.
//!
//! Syntax (documented for authors in `docs/rubric-format.md`):
//! `word`, `word*`, `=word`, `pkg.Ident`, `2KB`, `[a phrase]`, `a | b`, `( … )`,
//! `a ~ b`, `a ~N b`, `a .. b`, `a & b`, `a + b`, and the prefixes `not:` / `any:`.
//! Precedence, tightest first: `~`/`..`, `&`, `+`, `|` (alternatives of whole sub-patterns, as
//! in regular expressions).
//!
//! Terms are analysed with the same analyzer as answers ([`crate::text`]), so a pattern word
//! and an answer word meet on the same stem. Synonym groups are expanded here, at compile time.

use crate::rubric::limits::MAX_PATTERN_DEPTH;
use crate::text::{self, TokenKind};
use std::collections::HashMap;

/// Which polarity a pattern's match must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Polarity {
    /// Only text that is not negated (the default).
    Affirmed,
    /// Only negated text (`not:` prefix).
    Negated,
    /// Either (`any:` prefix).
    Any,
}

/// One matchable term.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Term {
    /// A word matched by stem; `fuzzy` when long enough to tolerate typos.
    Word {
        /// The word, normalised and lower-cased: the bare keyword, also compared for typos.
        text: String,
        /// Its stem, which an answer token must share.
        stem: String,
        /// Whether a near miss (a typo) still matches.
        fuzzy: bool,
    },
    /// `word*`: any token whose text starts with this.
    Prefix(String),
    /// `=word`, identifiers, numbers and quantities: the token text exactly.
    Exact(String),
}

/// A pattern tree.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Node {
    /// One term.
    Term(Term),
    /// Adjacent words (stop words between them skipped), in order, one sentence.
    Phrase(Vec<Term>),
    /// Any one of the alternatives (`|`, and synonym groups).
    Alt(Vec<Node>),
    /// All items in one sentence within `window` positions (first to last); `ordered[i]`
    /// when item `i` must come before item `i + 1` (`..`).
    Near {
        /// The items, in pattern order.
        items: Vec<Node>,
        /// Largest distance in positions from the first matched item to the last.
        window: u32,
        /// One flag per operator between items: `..` (ordered) or `~` (either order).
        ordered: Vec<bool>,
    },
    /// All items in one sentence, any distance.
    Sentence(Vec<Node>),
    /// All items anywhere in the text.
    Anywhere(Vec<Node>),
}

/// A compiled pattern.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Pattern {
    /// The pattern as written in the rubric (quoted by `gograde check`).
    pub source: String,
    /// Whether it matches affirmed text, negated text or either.
    pub polarity: Polarity,
    /// The compiled tree.
    pub root: Node,
}

/// A concept's or red flag's compiled patterns, read as a slice. Read back from a bank snapshot
/// they stay encoded until first used: a grade matches one rubric's patterns, and decoding every
/// rubric's was almost half of a cold start. Serialised as a list in human-readable formats and
/// as one byte string (postcard) in the snapshot.
#[derive(Clone)]
pub struct Patterns {
    encoded: Box<[u8]>,
    decoded: std::sync::OnceLock<Vec<Pattern>>,
}

impl Patterns {
    fn decoded(&self) -> &Vec<Pattern> {
        // The bytes passed the snapshot's checksum and were written by this very build.
        self.decoded.get_or_init(|| postcard::from_bytes(&self.encoded).expect("patterns in a checked snapshot"))
    }
}

impl From<Vec<Pattern>> for Patterns {
    fn from(patterns: Vec<Pattern>) -> Patterns {
        Patterns { encoded: Box::default(), decoded: std::sync::OnceLock::from(patterns) }
    }
}

impl std::ops::Deref for Patterns {
    type Target = [Pattern];
    fn deref(&self) -> &[Pattern] {
        self.decoded()
    }
}

impl<'a> IntoIterator for &'a Patterns {
    type Item = &'a Pattern;
    type IntoIter = std::slice::Iter<'a, Pattern>;
    fn into_iter(self) -> Self::IntoIter {
        self.decoded().iter()
    }
}

impl std::fmt::Debug for Patterns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.decoded(), f)
    }
}

impl serde::Serialize for Patterns {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if s.is_human_readable() {
            return self.decoded().serialize(s);
        }
        match self.decoded.get() {
            Some(patterns) => s.serialize_bytes(&postcard::to_stdvec(patterns).map_err(serde::ser::Error::custom)?),
            None => s.serialize_bytes(&self.encoded),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Patterns {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Patterns, D::Error> {
        if d.is_human_readable() {
            return Vec::<Pattern>::deserialize(d).map(Patterns::from);
        }
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = Box<[u8]>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("encoded patterns")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Box<[u8]>, E> {
                Ok(v.into())
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Box<[u8]>, E> {
                Ok(v.into_boxed_slice())
            }
        }
        let encoded = d.deserialize_bytes(Bytes)?;
        Ok(Patterns { encoded, decoded: std::sync::OnceLock::new() })
    }
}

/// Why a pattern failed to parse; `offset` is a byte offset into the pattern string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// Byte offset of the fault in the pattern string.
    pub offset: usize,
    /// What is wrong there.
    pub message: String,
}

/// Default window per extra `~` term.
pub const WINDOW_PER_TERM: u32 = 8;

/// The window of `items` items joined by `~` or `..` without an explicit width: [`WINDOW_PER_TERM`]
/// per item after the first.
pub(crate) fn default_window(items: usize) -> u32 {
    WINDOW_PER_TERM * (items as u32).saturating_sub(1)
}

impl Term {
    /// A word matched by stem, typo-tolerant when it is at least [`FUZZY_MIN_LEN`] letters long
    /// and letters only. The parser and key-term derivation both build words here.
    pub(crate) fn word(text: &str, stem: &str) -> Term {
        let fuzzy = text.chars().count() >= FUZZY_MIN_LEN && text.chars().all(|c| c.is_alphabetic());
        Term::Word { text: text.to_string(), stem: stem.to_string(), fuzzy }
    }
}

/// Synonym groups, keyed by the analysed form of each member.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    groups: Vec<Vec<String>>,
    index: HashMap<String, usize>,
}

impl Synonyms {
    /// Build from groups of words or phrases. Later groups never override earlier ones.
    pub fn new(groups: &[Vec<String>]) -> Self {
        let mut s = Synonyms::default();
        s.extend(groups);
        s
    }

    /// Add groups (a rubric's own groups on top of the bank's).
    pub fn extend(&mut self, groups: &[Vec<String>]) {
        for group in groups {
            let id = self.groups.len();
            self.groups.push(group.clone());
            for member in group {
                self.index.entry(member_key(member)).or_insert(id);
            }
        }
    }

    fn group_of(&self, key: &str) -> Option<&[String]> {
        self.index.get(key).map(|&i| self.groups[i].as_slice())
    }
}

/// The analysed key of a synonym member or pattern word: stems joined by spaces.
fn member_key(text: &str) -> String {
    let a = text::analyze(text);
    let mut out = Vec::new();
    let mut last = u32::MAX;
    for t in &a.tokens {
        if t.pos != last {
            out.push(t.stem.clone());
            last = t.pos;
        }
    }
    out.join(" ")
}

#[derive(Debug, Clone, PartialEq)]
enum Lex {
    Word(String),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Bar,
    Near(Option<u32>),
    Ordered,
    Amp,
    Plus,
}

fn lex(src: &str, base: usize) -> Result<Vec<(usize, Lex)>, PatternError> {
    let mut out = Vec::new();
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let at = base + i;
        match c {
            b' ' | b'\t' | b'\n' => i += 1,
            b'(' => {
                out.push((at, Lex::LParen));
                i += 1
            }
            b')' => {
                out.push((at, Lex::RParen));
                i += 1
            }
            b'[' => {
                out.push((at, Lex::LBracket));
                i += 1
            }
            b']' => {
                out.push((at, Lex::RBracket));
                i += 1
            }
            b'|' => {
                out.push((at, Lex::Bar));
                i += 1
            }
            b'&' => {
                out.push((at, Lex::Amp));
                i += 1
            }
            b'~' => {
                i += 1;
                let start = i;
                while i < b.len() && b[i].is_ascii_digit() {
                    i += 1;
                }
                let n = if i > start {
                    let v: u32 = src[start..i].parse().map_err(|_| PatternError { offset: at, message: "window too large".into() })?;
                    if v == 0 || v > 200 {
                        return Err(PatternError { offset: at, message: format!("window ~{v} must be 1..=200") });
                    }
                    Some(v)
                } else {
                    None
                };
                out.push((at, Lex::Near(n)));
            }
            _ => {
                let start = i;
                while i < b.len() && !matches!(b[i], b' ' | b'\t' | b'\n' | b'(' | b')' | b'[' | b']' | b'|' | b'&' | b'~') {
                    i += 1;
                }
                let word = &src[start..i];
                match word {
                    "+" => out.push((at, Lex::Plus)),
                    ".." => out.push((at, Lex::Ordered)),
                    _ if word.contains("..") => {
                        return Err(PatternError { offset: at, message: format!("'{word}': put spaces around '..'") });
                    }
                    _ => out.push((at, Lex::Word(word.to_string()))),
                }
            }
        }
    }
    Ok(out)
}

struct Parser<'a> {
    toks: Vec<(usize, Lex)>,
    i: usize,
    /// How many `(` are open: checked before recursing (see [`MAX_PATTERN_DEPTH`]).
    depth: usize,
    end: usize,
    synonyms: &'a Synonyms,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Lex> {
        self.toks.get(self.i).map(|t| &t.1)
    }
    fn offset(&self) -> usize {
        self.toks.get(self.i).map(|t| t.0).unwrap_or(self.end)
    }
    fn err<T>(&self, message: impl Into<String>) -> Result<T, PatternError> {
        Err(PatternError { offset: self.offset(), message: message.into() })
    }

    fn alt(&mut self) -> Result<Node, PatternError> {
        let mut items = vec![self.anywhere()?];
        while self.peek() == Some(&Lex::Bar) {
            self.i += 1;
            items.push(self.anywhere()?);
        }
        Ok(if items.len() == 1 { items.pop().unwrap() } else { Node::Alt(items) })
    }

    fn anywhere(&mut self) -> Result<Node, PatternError> {
        let mut items = vec![self.sentence()?];
        while self.peek() == Some(&Lex::Plus) {
            self.i += 1;
            items.push(self.sentence()?);
        }
        Ok(if items.len() == 1 { items.pop().unwrap() } else { Node::Anywhere(items) })
    }

    fn sentence(&mut self) -> Result<Node, PatternError> {
        let mut items = vec![self.near()?];
        while self.peek() == Some(&Lex::Amp) {
            self.i += 1;
            items.push(self.near()?);
        }
        Ok(if items.len() == 1 { items.pop().unwrap() } else { Node::Sentence(items) })
    }

    fn near(&mut self) -> Result<Node, PatternError> {
        let mut items = vec![self.unit()?];
        let mut explicit: Option<u32> = None;
        let mut ordered = Vec::new();
        loop {
            match self.peek() {
                Some(Lex::Near(n)) => {
                    if let Some(n) = n {
                        explicit = Some(explicit.map_or(*n, |e| e.max(*n)));
                    }
                    ordered.push(false);
                }
                Some(Lex::Ordered) => ordered.push(true),
                _ => break,
            }
            self.i += 1;
            items.push(self.unit()?);
        }
        if items.len() == 1 {
            return Ok(items.pop().unwrap());
        }
        let window = explicit.unwrap_or(default_window(items.len()));
        Ok(Node::Near { items, window, ordered })
    }

    fn unit(&mut self) -> Result<Node, PatternError> {
        text::work::add(1);
        match self.peek().cloned() {
            Some(Lex::LParen) => {
                if self.depth >= MAX_PATTERN_DEPTH {
                    return self.err(format!("parentheses nested deeper than {MAX_PATTERN_DEPTH} levels"));
                }
                self.i += 1;
                self.depth += 1;
                let inner = self.alt()?;
                self.depth -= 1;
                if self.peek() != Some(&Lex::RParen) {
                    return self.err("expected ')'");
                }
                self.i += 1;
                Ok(inner)
            }
            Some(Lex::LBracket) => {
                let open = self.offset();
                self.i += 1;
                let mut words = Vec::new();
                while let Some(Lex::Word(w)) = self.peek().cloned() {
                    words.push((self.offset(), w));
                    self.i += 1;
                }
                if self.peek() != Some(&Lex::RBracket) {
                    return self.err("a phrase [ … ] holds only words and ends with ']'");
                }
                self.i += 1;
                if words.is_empty() {
                    return Err(PatternError { offset: open, message: "empty phrase []".into() });
                }
                let mut terms = Vec::new();
                for (at, w) in &words {
                    terms.extend(word_terms(w, *at)?);
                }
                Ok(self.expand(if terms.len() == 1 { Node::Term(terms.pop().unwrap()) } else { Node::Phrase(terms) }))
            }
            Some(Lex::Word(w)) => {
                let at = self.offset();
                self.i += 1;
                // Juxtaposed words form a phrase: `(method set | interface)`.
                if let Some(Lex::Word(_)) = self.peek() {
                    let mut terms = word_terms(&w, at)?;
                    while let Some(Lex::Word(next)) = self.peek().cloned() {
                        terms.extend(word_terms(&next, self.offset())?);
                        self.i += 1;
                    }
                    return Ok(self.expand(Node::Phrase(terms)));
                }
                let mut terms = word_terms(&w, at)?;
                let node = if terms.len() == 1 {
                    Node::Term(terms.pop().unwrap())
                } else if w.contains('-') {
                    // `thread-safe`: the parts as a phrase, or the joined word.
                    let joined = w.replace('-', "");
                    let mut alts = vec![Node::Phrase(terms)];
                    alts.extend(word_terms(&joined, at)?.into_iter().map(Node::Term));
                    Node::Alt(alts)
                } else {
                    Node::Phrase(terms)
                };
                Ok(self.expand(node))
            }
            Some(other) => self.err(format!("expected a word, '(' or '[', found {}", describe(&other))),
            None => self.err("pattern ends where a word was expected"),
        }
    }

    /// Replace a word or phrase that belongs to a synonym group by the whole group.
    fn expand(&self, node: Node) -> Node {
        let key = match &node {
            Node::Term(Term::Word { stem, .. }) => stem.clone(),
            Node::Term(Term::Exact(t)) => t.clone(),
            Node::Phrase(ts) if ts.iter().all(|t| matches!(t, Term::Word { .. } | Term::Exact(_))) => ts
                .iter()
                .map(|t| match t {
                    Term::Word { stem, .. } => stem.clone(),
                    Term::Exact(e) => e.clone(),
                    Term::Prefix(p) => p.clone(),
                })
                .collect::<Vec<_>>()
                .join(" "),
            _ => return node,
        };
        let Some(group) = self.synonyms.group_of(&key) else { return node };
        let mut alts = vec![node.clone()];
        for member in group {
            if member_key(member) == key {
                continue;
            }
            let mut terms: Vec<Term> = Vec::new();
            for w in member.split_whitespace() {
                if let Ok(ts) = word_terms(w, 0) {
                    terms.extend(ts);
                }
            }
            match terms.len() {
                0 => {}
                1 => alts.push(Node::Term(terms.pop().unwrap())),
                _ => alts.push(Node::Phrase(terms)),
            }
        }
        if alts.len() == 1 {
            node
        } else {
            Node::Alt(alts)
        }
    }
}

fn describe(l: &Lex) -> &'static str {
    match l {
        Lex::Word(_) => "a word",
        Lex::LParen => "'('",
        Lex::RParen => "')'",
        Lex::LBracket => "'['",
        Lex::RBracket => "']'",
        Lex::Bar => "'|'",
        Lex::Near(_) => "'~'",
        Lex::Ordered => "'..'",
        Lex::Amp => "'&'",
        Lex::Plus => "'+'",
    }
}

/// Minimum length of a pattern word for typo tolerance (the answer word's length sets the edits).
const FUZZY_MIN_LEN: usize = 5;

/// Turn one pattern word into its term(s): usually one; a hyphenated word gives its parts.
fn word_terms(word: &str, at: usize) -> Result<Vec<Term>, PatternError> {
    let bad = |m: String| PatternError { offset: at, message: m };
    if let Some(exact) = word.strip_prefix('=') {
        if exact.is_empty() {
            return Err(bad("'=' must be followed by a word".into()));
        }
        return Ok(vec![Term::Exact(exact.to_lowercase())]);
    }
    if let Some(prefix) = word.strip_suffix('*') {
        if prefix.chars().count() < 3 || prefix.contains('*') {
            return Err(bad(format!("prefix '{word}' is too short: use at least 3 letters before '*'")));
        }
        // `self-document*` meets the joined form of "self-documenting".
        // Stored with British spellings folded, as the matcher folds answer words.
        return Ok(vec![Term::Prefix(text::fold_spelling(&prefix.to_lowercase().replace('-', "")))]);
    }
    if word.contains('*') {
        return Err(bad(format!("'*' is only allowed at the end of a word: '{word}'")));
    }
    // Fast path: a plain lower-case word needs no full analysis.
    if word.len() > 1 && word.chars().all(|c| c.is_ascii_lowercase()) {
        return Ok(vec![Term::word(word, &text::stem_word(word))]);
    }
    let a = text::analyze(word);
    if a.tokens.is_empty() {
        return Err(bad(format!("'{word}' contains no word characters")));
    }
    // One term per position; at a position prefer the quantity, then the whole identifier.
    let mut terms = Vec::new();
    for pos in 0..a.positions.len() as u32 {
        let toks: Vec<_> = a.tokens_at(pos).collect();
        let pick = toks
            .iter()
            .find(|t| t.kind == TokenKind::Quantity)
            .or_else(|| toks.iter().find(|t| t.kind == TokenKind::Ident))
            .or_else(|| toks.first())
            .unwrap();
        terms.push(match pick.kind {
            TokenKind::Word => Term::word(&pick.text, &pick.stem),
            _ => Term::Exact(pick.text.to_string()),
        });
    }
    Ok(terms)
}

/// Parse a pattern string. `synonyms` are expanded into alternatives.
pub fn parse(source: &str, synonyms: &Synonyms) -> Result<Pattern, PatternError> {
    let trimmed = source.trim_start();
    let lead = source.len() - trimmed.len();
    let (polarity, body, base) = if let Some(rest) = trimmed.strip_prefix("not:") {
        (Polarity::Negated, rest, lead + 4)
    } else if let Some(rest) = trimmed.strip_prefix("any:") {
        (Polarity::Any, rest, lead + 4)
    } else {
        (Polarity::Affirmed, trimmed, lead)
    };
    if body.trim().is_empty() {
        return Err(PatternError { offset: base, message: "empty pattern".into() });
    }
    let toks = lex(body, base)?;
    let mut p = Parser { toks, i: 0, depth: 0, end: source.len(), synonyms };
    let root = p.alt()?;
    if p.i < p.toks.len() {
        return p.err(format!("unexpected {} here (join terms with an operator: | ~ .. & +)", describe(&p.toks[p.i].1)));
    }
    Ok(Pattern { source: source.to_string(), polarity, root })
}

impl Node {
    /// `a ~ b ~ …`: all items in one sentence, in any order, within the default window.
    pub(crate) fn near(items: Vec<Node>) -> Node {
        Node::Near { window: default_window(items.len()), ordered: vec![false; items.len().saturating_sub(1)], items }
    }

    /// How many alternatives the tree holds: the items of every [`Node::Alt`] in it.
    pub fn alternatives(&self) -> usize {
        match self {
            Node::Term(_) | Node::Phrase(_) => 0,
            Node::Alt(xs) => xs.len() + xs.iter().map(Node::alternatives).sum::<usize>(),
            Node::Near { items: xs, .. } | Node::Sentence(xs) | Node::Anywhere(xs) => xs.iter().map(Node::alternatives).sum(),
        }
    }

    /// Every term in the tree, in order (for keyword lists and vocabulary).
    pub fn terms(&self, out: &mut Vec<Term>) {
        match self {
            Node::Term(t) => out.push(t.clone()),
            Node::Phrase(ts) => out.extend(ts.iter().cloned()),
            Node::Alt(xs) | Node::Near { items: xs, .. } | Node::Sentence(xs) | Node::Anywhere(xs) => xs.iter().for_each(|x| x.terms(out)),
        }
    }

    /// A plain word rendering of one way to satisfy this node (first alternative everywhere):
    /// the "bare keywords" of a pattern.
    pub fn keywords(&self, out: &mut Vec<String>) {
        let term_text = |t: &Term| match t {
            Term::Word { text, .. } => text.clone(),
            Term::Prefix(p) => p.clone(),
            Term::Exact(e) => e.trim_start_matches('#').to_string(),
        };
        match self {
            Node::Term(t) => out.push(term_text(t)),
            Node::Phrase(ts) => out.push(ts.iter().map(term_text).collect::<Vec<_>>().join(" ")),
            Node::Alt(xs) => {
                // The first alternative that says something: "only", "all", "each" are not keywords.
                let mut chosen = Vec::new();
                for x in xs {
                    let mut k = Vec::new();
                    x.keywords(&mut k);
                    if k.iter().any(|w| w.split(' ').any(|w| !text::is_stop_word(w))) {
                        chosen = k;
                        break;
                    }
                }
                out.extend(chosen);
            }
            Node::Near { items, .. } | Node::Sentence(items) | Node::Anywhere(items) => items.iter().for_each(|x| x.keywords(out)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Pattern {
        parse(s, &Synonyms::default()).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }

    #[test]
    fn precedence_and_prefixes() {
        let pat = p("not: (a | b) ~ c & d + e");
        assert_eq!(pat.polarity, Polarity::Negated);
        let Node::Anywhere(top) = &pat.root else { panic!("{:?}", pat.root) };
        assert_eq!(top.len(), 2);
        let Node::Sentence(s) = &top[0] else { panic!() };
        let Node::Near { items, window, ordered } = &s[0] else { panic!() };
        assert_eq!((items.len(), *window, ordered.as_slice()), (2, 8, &[false][..]));
        assert!(matches!(items[0], Node::Alt(_)));
        // `|` is loosest: alternatives of whole sub-patterns.
        let Node::Alt(alts) = p("make ~ new | new ~ make").root else { panic!() };
        assert!(alts.iter().all(|a| matches!(a, Node::Near { .. })));
    }

    #[test]
    fn terms_are_analysed_like_answers() {
        assert!(matches!(&p("blocking").root, Node::Term(Term::Word { stem, .. }) if stem == "block"));
        assert_eq!(p("sync.RWMutex").root, Node::Term(Term::Exact("sync.rwmutex".into())));
        assert_eq!(p("2KB").root, Node::Term(Term::Exact("#2048b".into())));
        assert_eq!(p("concurr*").root, Node::Term(Term::Prefix("concurr".into())));
        assert_eq!(p("=go").root, Node::Term(Term::Exact("go".into())));
        assert!(matches!(p("[happens before]").root, Node::Phrase(ref t) if t.len() == 2));
    }

    #[test]
    fn windows_grow_with_terms_and_can_be_explicit() {
        assert!(matches!(p("a ~ b ~ c").root, Node::Near { window: 16, .. }));
        assert!(matches!(p("a ~20 b ~ c").root, Node::Near { window: 20, .. }));
        assert!(matches!(p("a .. b").root, Node::Near { ref ordered, .. } if ordered == &[true]));
        assert!(matches!(p("a .. b ~ c").root, Node::Near { ref ordered, .. } if ordered == &[true, false]));
        assert!(matches!(p("(method set | interface)").root, Node::Alt(ref alts) if matches!(alts[0], Node::Phrase(_))));
    }

    #[test]
    fn errors_name_the_offset() {
        let e = parse("a ~ (b | c", &Synonyms::default()).unwrap_err();
        assert_eq!(e.offset, 10);
        assert!(parse("not:", &Synonyms::default()).is_err());
        assert!(parse("ab*", &Synonyms::default()).is_err());
        assert!(parse("a ~0 b", &Synonyms::default()).is_err());
        assert!(parse("[]", &Synonyms::default()).is_err());
    }

    #[test]
    fn nesting_is_limited_before_recursion() {
        let deep = format!("{}a{}", "(".repeat(50_000), ")".repeat(50_000));
        let e = parse(&deep, &Synonyms::default()).unwrap_err();
        assert_eq!(e.offset, MAX_PATTERN_DEPTH);
        assert!(e.message.contains("nested deeper"), "{e:?}");
        let ok = format!("{}a{}", "(".repeat(MAX_PATTERN_DEPTH), ")".repeat(MAX_PATTERN_DEPTH));
        assert!(parse(&ok, &Synonyms::default()).is_ok());
    }

    #[test]
    fn synonyms_expand_to_alternatives() {
        let syn = Synonyms::new(&[vec!["rendezvous".into(), "synchronous handoff".into()]]);
        let pat = parse("unbuffered ~ rendezvous", &syn).unwrap();
        let Node::Near { items, .. } = pat.root else { panic!() };
        let Node::Alt(alts) = &items[1] else { panic!("{:?}", items[1]) };
        assert_eq!(alts.len(), 2);
        assert!(matches!(alts[1], Node::Phrase(_)));
    }

    #[test]
    fn keywords_take_first_alternatives() {
        let mut out = Vec::new();
        p("unbuffered ~ (block | wait) ~ [the receiver]").root.keywords(&mut out);
        assert_eq!(out, vec!["unbuffered", "block", "the receiver"]);
    }
}
