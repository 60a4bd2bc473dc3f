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

use rust_stemmers::{Algorithm, Stemmer};
use std::sync::OnceLock;
use unicode_normalization::UnicodeNormalization;

/// What a token is, which decides how it may be matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone)]
pub struct Token {
    /// Normalised, lower-cased surface form.
    pub text: String,
    /// Snowball stem (equal to `text` for identifiers, numbers and quantities).
    pub stem: String,
    pub kind: TokenKind,
    /// Word position (index into [`Analysis::positions`]).
    pub pos: u32,
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
}

/// Facts about one word position.
#[derive(Debug, Clone)]
pub struct Position {
    pub sentence: u32,
    pub clause: u32,
    /// A function word (the, is, of …): skipped inside phrases, not indexed.
    pub stop: bool,
    /// This position is itself a negator (not, never, n't, without …).
    pub negator: bool,
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
    /// Written inside backticks or a fenced code block, or looks like code.
    pub code: bool,
}

/// The analysed form of a text.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub tokens: Vec<Token>,
    pub positions: Vec<Position>,
    /// For every position, the local negators ("not", "never", "without" …) whose scope covers it.
    pub negated_by: Vec<Vec<u32>>,
    /// For every position, the statement-level denials covering it ("it is not true that …",
    /// "people think …", "… That's a myth."). Each flips the statement, so two cancel out.
    pub denied_by: Vec<Vec<u32>>,
    pub sentence_count: u32,
    /// Count of code punctuation marks (`:=`, `<-`, block braces, `;` in code), for telling code
    /// from lists of terms.
    pub code_marks: u32,
    /// Count of list separators (commas, semicolons, line breaks), for telling lists from prose.
    pub list_separators: u32,
}

impl Analysis {
    /// Stems of content (non-stop) tokens, in order of first appearance, deduplicated.
    pub fn content_terms(&self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for t in &self.tokens {
            if self.positions[t.pos as usize].stop {
                continue;
            }
            if seen.insert(t.stem.as_str()) {
                out.push(t.stem.clone());
            }
        }
        out
    }

    /// Is this position under any negation or denial?
    pub fn is_denied(&self, pos: usize) -> bool {
        !self.negated_by[pos].is_empty() || !self.denied_by[pos].is_empty()
    }

    /// Number of content (non-stop) positions.
    pub fn content_positions(&self) -> usize {
        self.positions.iter().filter(|p| !p.stop).count()
    }

    /// Tokens at a position.
    pub fn tokens_at(&self, pos: u32) -> impl Iterator<Item = &Token> {
        // Tokens are stored in position order; a short binary search finds the first one.
        let first = self.tokens.partition_point(|t| t.pos < pos);
        self.tokens[first..].iter().take_while(move |t| t.pos == pos)
    }
}

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::English))
}

/// Stem one lower-case word, folding British spellings first. Stems are cached per thread:
/// a bank repeats the same few thousand words, and Snowball is the analyzer's main cost.
pub fn stem_word(word: &str) -> String {
    thread_local! {
        static CACHE: std::cell::RefCell<std::collections::HashMap<String, String>> = Default::default();
    }
    CACHE.with(|cache| {
        if let Some(stem) = cache.borrow().get(word) {
            return stem.clone();
        }
        let stem = stemmer().stem(&fold_british(word)).into_owned();
        let mut cache = cache.borrow_mut();
        // Bounded: a stream of unique words (a long batch) must not grow memory without limit.
        if cache.len() > 200_000 {
            cache.clear();
        }
        cache.insert(word.to_string(), stem.clone());
        stem
    })
}

/// British → American spelling for the suffixes that change the stem. Applied to both sides of
/// every comparison, so an over-eager fold can only merge a word with its own variant.
fn fold_british(word: &str) -> std::borrow::Cow<'_, str> {
    if word.len() < 6 || !word.is_ascii() {
        return word.into();
    }
    for (from, to) in [
        ("isation", "ization"),
        ("isations", "izations"),
        ("ising", "izing"),
        ("ised", "ized"),
        ("ises", "izes"),
        ("ise", "ize"),
        ("yse", "yze"),
        ("ysed", "yzed"),
        ("ysing", "yzing"),
        ("our", "or"),
        ("ours", "ors"),
        ("ourable", "orable"),
        ("ogue", "og"),
        ("elled", "eled"),
        ("elling", "eling"),
    ] {
        if let Some(base) = word.strip_suffix(from) {
            if base.len() >= 3 {
                return format!("{base}{to}").into();
            }
        }
    }
    word.into()
}

/// Could [`fold_spelling`] change this word? (A cheap test before the allocating fold.)
pub fn may_fold(w: &str) -> bool {
    w.contains("is") || w.contains("ys") || w.contains("our")
}

/// British → American spelling anywhere inside a word, for prefix patterns (`synchroniz*` meets
/// "synchronises"). Applied to both sides, so it can only merge a word with its own variant.
pub fn fold_spelling(w: &str) -> String {
    w.replace("isat", "izat").replace("ise", "ize").replace("isi", "izi").replace("yse", "yze").replace("our", "or")
}

/// English function words. Negators are deliberately absent: they carry meaning here.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "etc",
    "even",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "gets",
    "got",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "it's",
    "just",
    "let",
    "lets",
    "let's",
    "like",
    "may",
    "me",
    "might",
    "more",
    "most",
    "much",
    "must",
    "my",
    "myself",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "per",
    "quite",
    "rather",
    "really",
    "same",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "that's",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "there's",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "too",
    "under",
    "up",
    "us",
    "use",
    "used",
    "uses",
    "using",
    "very",
    "via",
    "was",
    "way",
    "we",
    "well",
    "were",
    "what",
    "what's",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "basically",
    "actually",
    "simply",
    "just",
    "thing",
    "things",
    "something",
    "e.g",
    "i.e",
    "eg",
    "ie",
    "kind",
    "sort",
    "lot",
    "lots",
    "i'm",
    "i'd",
    "i've",
    "you're",
    "we're",
    "they're",
    "it'll",
    "you'll",
    "we'll",
    "they'll",
    "yes",
    "so",
    "anyway",
    "anyways",
    "pretty",
    "maybe",
    "say",
    "says",
    "said",
];

/// Words that negate what follows them in their clause.
const NEGATORS: &[&str] =
    &["not", "no", "never", "cannot", "without", "none", "nothing", "neither", "nor", "nobody", "nowhere", "non", "nope"];

/// Words that end a negator's scope (a new clause starts).
const CLAUSE_WORDS: &[&str] = &[
    "but",
    "however",
    "whereas",
    "although",
    "though",
    "while",
    "because",
    "unless",
    "until",
    "since",
    "instead",
    "yet",
    "otherwise",
    "except",
    "so",
    "then",
];

/// Cue words that deny a whole statement that follows ("a common mistake is to think …").
const DENIAL_CUES: &[&str] =
    &["myth", "misconception", "mistake", "wrong", "false", "incorrect", "untrue", "fallacy", "misbelief", "misunderstanding"];
/// What must follow a denial cue within three words for it to count as one.
const DENIAL_LINKS: &[&str] = &[
    "that",
    "to",
    "is",
    "are",
    "was",
    "think",
    "thinking",
    "believe",
    "believing",
    "assume",
    "assuming",
    "say",
    "saying",
    "claim",
    "claiming",
    "idea",
    "belief",
    "notion",
    ":",
];

/// Verbs that report someone else's belief ("people think …") when a reporter precedes them.
const REPORT_VERBS: &[&str] = &["say", "says", "think", "thinks", "believe", "believes", "claim", "claims", "assume", "assumes"];
const REPORTERS: &[&str] = &[
    "people",
    "some",
    "many",
    "others",
    "beginners",
    "juniors",
    "newcomers",
    "folks",
    "someone",
    "somebody",
    "candidates",
    "devs",
    "developers",
    "often",
    "sometimes",
    "wrongly",
    "mistakenly",
];
/// Words a sentence that only denies the previous one may consist of.
const SHORT_DENIAL_WORDS: &[&str] = &[
    "true",
    "right",
    "correct",
    "accurate",
    "case",
    "wrong",
    "false",
    "incorrect",
    "untrue",
    "myth",
    "misconception",
    "actually",
    "common",
];

/// How many content words after a negator it negates.
const NEGATION_REACH: usize = 6;

pub fn is_stop_word(w: &str) -> bool {
    static SET: OnceLock<std::collections::HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().copied().collect()).contains(w)
}

pub fn is_negator(w: &str) -> bool {
    NEGATORS.contains(&w) || w.ends_with("n't") || w.ends_with("nt") && CONTRACTED_NT.contains(&w)
}

/// Contractions written without the apostrophe.
const CONTRACTED_NT: &[&str] = &[
    "dont", "doesnt", "isnt", "arent", "cant", "wont", "shouldnt", "wouldnt", "couldnt", "didnt", "hasnt", "havent", "wasnt", "werent",
    "mustnt", "neednt",
];

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

/// A raw word found by the scanner, before it is turned into tokens.
struct RawWord {
    /// Normalised text, original case kept (for camelCase splitting).
    text: String,
    start: usize,
    end: usize,
    code: bool,
}

/// Boundaries the scanner saw between words.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Break {
    None,
    Clause,
    Sentence,
}

enum Piece {
    Word(RawWord),
    Break(Break),
}

/// Normalise one character: NFKC, curly quotes and dashes folded.
fn normalise_char(c: char, out: &mut String) {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' => out.push('\''),
        '\u{201C}' | '\u{201D}' => out.push('"'),
        '\u{2010}' | '\u{2011}' => out.push('-'),
        c if c.is_ascii() => out.push(c),
        c => out.extend(std::iter::once(c).nfkc()),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Split text into words and boundaries, tracking backticks and code fences.
fn scan(text: &str) -> (Vec<Piece>, u32, u32) {
    let mut pieces = Vec::new();
    let mut code_marks = 0u32;
    let list_separators = text.chars().filter(|c| matches!(c, ',' | ';' | '\n' | '|' | '\u{2022}')).count() as u32;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    let mut in_backticks = false;
    let mut in_fence = false;
    let mut line_start = true;
    let n = chars.len();
    let byte_at = |k: usize| if k < n { chars[k].0 } else { text.len() };
    while i < n {
        let (_, c) = chars[i];
        // Code fences: ``` at the start of a line toggles code mode.
        if line_start && c == '`' && text[byte_at(i)..].starts_with("```") {
            in_fence = !in_fence;
            pieces.push(Piece::Break(Break::Sentence));
            while i < n && chars[i].1 != '\n' {
                i += 1;
            }
            continue;
        }
        if c == '\n' {
            // A newline ends a sentence in code, before a list item, or at a blank line;
            // otherwise it is a soft wrap inside prose.
            let rest = &text[byte_at(i + 1)..];
            let next_line = rest.trim_start_matches([' ', '\t']);
            let list_item = next_line.starts_with("- ")
                || next_line.starts_with("* ")
                || next_line.starts_with("+ ")
                || next_line.starts_with('#')
                || next_line.starts_with('\n')
                || next_line
                    .split_once(['.', ')'])
                    .is_some_and(|(d, _)| !d.is_empty() && d.len() <= 3 && d.chars().all(|c| c.is_ascii_digit()));
            if in_fence || list_item || rest.is_empty() {
                pieces.push(Piece::Break(Break::Sentence));
            }
            line_start = true;
            in_backticks = false;
            i += 1;
            continue;
        }
        if !c.is_whitespace() {
            line_start = false;
        }
        if c == '`' {
            in_backticks = !in_backticks;
            i += 1;
            continue;
        }
        if is_word_char(c) {
            let start = i;
            let mut j = i;
            // A word: word chars, joined by '.', '\'', '-' when a word char follows.
            while j < n {
                let cj = chars[j].1;
                if is_word_char(cj) {
                    j += 1;
                    continue;
                }
                // '/' joins import paths (`net/http`, `golang.org/x/sync/errgroup`).
                let joiner = matches!(cj, '.' | '\'' | '\u{2019}' | '-' | '/');
                if joiner && j + 1 < n && is_word_char(chars[j + 1].1) {
                    j += 1;
                    continue;
                }
                // Thousands separators: "10,000" is one number.
                let digits_before = chars[start..j].iter().all(|&(_, d)| d.is_ascii_digit());
                let three_digits_after = j + 3 < n + 1
                    && chars[j + 1..(j + 4).min(n)].iter().filter(|&&(_, d)| d.is_ascii_digit()).count() == 3
                    && (j + 4 >= n || !chars[j + 4].1.is_alphanumeric());
                if cj == ',' && digits_before && three_digits_after {
                    j += 1;
                    continue;
                }
                break;
            }
            let mut word = String::new();
            for &(_, ch) in &chars[start..j] {
                normalise_char(ch, &mut word);
            }
            // "10,000" → "10000" (commas only join digit groups).
            if word.contains(',') {
                word.retain(|c| c != ',');
            }
            let code = in_backticks || in_fence;
            // `interface{}` reads as `any`.
            let mut end_idx = j;
            if word.eq_ignore_ascii_case("interface") && text[byte_at(j)..].starts_with("{}") {
                word = "any".to_string();
                end_idx = j + 2;
            }
            pieces.push(Piece::Word(RawWord { text: word, start: byte_at(start), end: byte_at(end_idx), code }));
            i = end_idx;
            continue;
        }
        // Punctuation.
        match c {
            '.' if (i + 1 < n && chars[i + 1].1 == '.') || (i > 0 && chars[i - 1].1 == '.') => {
                // An ellipsis ("go func() { ... }()") ends nothing.
            }
            '\u{2026}' => {}
            '.' | '!' | '?' => {
                let next = if i + 1 < n { chars[i + 1].1 } else { ' ' };
                if next.is_whitespace() || i + 1 == n || matches!(next, '"' | '\'' | ')') {
                    pieces.push(Piece::Break(Break::Sentence));
                } else if c == '.' {
                    pieces.push(Piece::Break(Break::Clause));
                }
            }
            ';' => {
                // Independent clauses: windows never reach across a semicolon.
                code_marks += u32::from(in_fence || in_backticks);
                pieces.push(Piece::Break(Break::Sentence));
            }
            ':' if i + 1 < n && is_word_char(chars[i + 1].1) => {
                // `//go:build`, `go:embed`, `host:port`: a colon inside a token is no clause break.
            }
            ',' | ':' | '(' | ')' | '\u{2014}' | '\u{2013}' | '"' => {
                if c == ':' && i + 1 < n && chars[i + 1].1 == '=' {
                    code_marks += 1;
                }
                pieces.push(Piece::Break(Break::Clause));
            }
            '{' | '}' => {
                // `struct{}` and `interface{}` in prose are names, not code blocks.
                let empty_pair = (c == '{' && i + 1 < n && chars[i + 1].1 == '}') || (c == '}' && i > 0 && chars[i - 1].1 == '{');
                code_marks += u32::from(!empty_pair);
                pieces.push(Piece::Break(Break::Clause));
            }
            '<' if i + 1 < n && chars[i + 1].1 == '-' => {
                code_marks += 1;
            }
            '-' if i + 1 < n && chars[i + 1].1 == ' ' && i > 0 && chars[i - 1].1 == ' ' => {
                pieces.push(Piece::Break(Break::Clause));
            }
            _ => {}
        }
        i += 1;
    }
    (pieces, code_marks, list_separators)
}

/// Split an identifier piece at camelCase and digit boundaries: `RWMutex` → `RW`, `Mutex`.
fn camel_parts(s: &str) -> Vec<&str> {
    let b: Vec<(usize, char)> = s.char_indices().collect();
    let mut parts = Vec::new();
    let mut start = 0;
    for k in 1..b.len() {
        let (prev, cur) = (b[k - 1].1, b[k].1);
        let next = b.get(k + 1).map(|x| x.1);
        let boundary = (prev.is_lowercase() && cur.is_uppercase())
            || (prev.is_uppercase() && cur.is_uppercase() && next.is_some_and(|n| n.is_lowercase()))
            || (prev.is_alphabetic() && cur.is_ascii_digit() && !is_version_like(s));
        if boundary {
            parts.push(&s[start..b[k].0]);
            start = b[k].0;
        }
    }
    parts.push(&s[start..]);
    parts
}

fn is_version_like(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_digit() || c == '.')
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.chars().next().is_some_and(|c| c.is_ascii_digit()) && s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '_')
}

/// Analyse a text.
pub fn analyze(text: &str) -> Analysis {
    let (pieces, code_marks, list_separators) = scan(text);
    let mut a = Analysis { code_marks, list_separators, ..Default::default() };
    let mut sentence = 0u32;
    let mut clause = 0u32;
    let mut pending_break = Break::None;
    let mut words_in_sentence = 0;
    for piece in pieces {
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
                let lower = w.text.to_lowercase();
                // "X panics, but Y returns zero": a contrast states a new proposition, so
                // windows do not reach across it (", while" is contrastive, bare "while" is not).
                let contrast =
                    matches!(lower.as_str(), "but" | "whereas" | "however" | "although" | "though") || (lower == "while" && after_comma);
                if contrast && words_in_sentence > 0 {
                    sentence += 1;
                    clause += 1;
                    words_in_sentence = 0;
                } else if CLAUSE_WORDS.contains(&lower.as_str()) && words_in_sentence > 0 {
                    clause += 1;
                }
                push_word(&mut a, &w, sentence, clause);
                words_in_sentence += 1;
            }
        }
    }
    a.sentence_count = if a.positions.is_empty() { 0 } else { sentence + 1 };
    merge_quantities(&mut a);
    (a.negated_by, a.denied_by) = negation_scopes(&a);
    a
}

/// Turn one raw word into one or more positions and their tokens.
fn push_word(a: &mut Analysis, w: &RawWord, sentence: u32, clause: u32) {
    let original = w.text.trim_end_matches(['.', '\'', '-']);
    let lower = original.to_lowercase();
    let looks_like_code = w.code
        || original.contains('.') && !is_number(original) && original.chars().any(|c| c.is_alphabetic())
        || original.contains('_')
        || original.contains('/')
        || camel_parts(original).len() > 1 && original.chars().skip(1).any(|c| c.is_uppercase());
    let mk_pos = |a: &mut Analysis, stop: bool, negator: bool, start: usize, end: usize| -> u32 {
        a.positions.push(Position { sentence, clause, stop, negator, start, end, code: looks_like_code });
        (a.positions.len() - 1) as u32
    };
    let tok = |text: String, stem: String, kind: TokenKind, pos: u32| Token { text, stem, kind, pos, start: w.start, end: w.end };

    // Hyphenated words: each part gets its own position, the joined form rides on the first.
    if lower.contains('-') && !looks_like_code {
        let parts: Vec<&str> = lower.split('-').filter(|p| !p.is_empty()).collect();
        let joined: String = parts.concat();
        let mut offset = w.start;
        for (k, part) in parts.iter().enumerate() {
            let start = w.text[offset - w.start..].find(part).map(|x| x + offset).unwrap_or(w.start);
            let end = start + part.len();
            offset = end;
            let negator = *part == "non" || is_negator(part);
            let pos = mk_pos(a, is_stop_word(part) && !negator, negator, start, end);
            let mut t = tok(part.to_string(), word_stem(part), word_kind(part), pos);
            t.start = start;
            t.end = end;
            a.tokens.push(t);
            if k == 0 {
                let mut j = tok(joined.clone(), word_stem(&joined), TokenKind::Word, pos);
                j.start = w.start;
                j.end = w.end;
                a.tokens.push(j);
            }
        }
        return;
    }

    let negator = is_negator(&lower);
    let stop = !negator && is_stop_word(&lower);
    let pos = mk_pos(a, stop, negator, w.start, w.end);
    if is_number(&lower) {
        a.tokens.push(tok(lower.clone(), lower.clone(), TokenKind::Number, pos));
        return;
    }
    // Number glued to a unit: 2KB, 10ms, 1.5GiB.
    if let Some(split) = lower.find(|c: char| !(c.is_ascii_digit() || c == '.')) {
        let (num, unit) = lower.split_at(split);
        if is_number(num) {
            if let Some(q) = quantity_token(num, unit) {
                a.tokens.push(tok(num.to_string(), num.to_string(), TokenKind::Number, pos));
                a.tokens.push(tok(q.clone(), q, TokenKind::Quantity, pos));
                return;
            }
        }
    }
    if looks_like_code {
        // A plain word in backticks (`defer`, `unsafe`) keeps its stem, so it meets the same
        // word written without them; real identifiers match by their text.
        let stem = if lower.chars().all(|c| c.is_alphabetic()) { stem_word(&lower) } else { lower.clone() };
        a.tokens.push(tok(lower.clone(), stem, TokenKind::Ident, pos));
        let mut seen = vec![lower.clone()];
        for piece in original.split(['.', '_', '/']).filter(|p| !p.is_empty()) {
            let mut add = |s: String, a: &mut Analysis| {
                if !seen.contains(&s) {
                    seen.push(s.clone());
                    a.tokens.push(tok(s.clone(), ident_part_stem(&s), TokenKind::IdentPart, pos));
                }
            };
            add(piece.to_lowercase(), a);
            let parts = camel_parts(piece);
            if parts.len() > 1 {
                for p in parts {
                    add(p.to_lowercase(), a);
                }
            }
        }
        return;
    }
    // Contractions keep their apostrophe form and gain the apostrophe-less one for matching.
    a.tokens.push(tok(lower.clone(), word_stem(&lower), word_kind(&lower), pos));
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
                extra.push(Token { text: q.clone(), stem: q, kind: TokenKind::Quantity, pos: t.pos, start: t.start, end: unit.end });
            }
        }
    }
    if !extra.is_empty() {
        a.tokens.extend(extra);
        a.tokens.sort_by_key(|t| t.pos);
    }
}

/// For every position, which negators' scope covers it.
fn negation_scopes(a: &Analysis) -> (Vec<Vec<u32>>, Vec<Vec<u32>>) {
    let n = a.positions.len();
    let mut scopes: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut denials: Vec<Vec<u32>> = vec![Vec::new(); n];
    let word_at = |p: usize| a.tokens_at(p as u32).next().map(|t| t.text.as_str()).unwrap_or("");
    for p in 0..n {
        let w = word_at(p);
        let pos = &a.positions[p];
        let is_denial_cue = DENIAL_CUES.contains(&w)
            && (p + 1..(p + 4).min(n)).any(|q| a.positions[q].sentence == pos.sentence && DENIAL_LINKS.contains(&word_at(q)))
            // "people often think …": a belief reported, not asserted.
            || REPORT_VERBS.contains(&w)
                && (p.saturating_sub(2)..p).any(|q| a.positions[q].sentence == pos.sentence && REPORTERS.contains(&word_at(q)));
        if !pos.negator && !is_denial_cue {
            continue;
        }
        // Pseudo-negations that assert rather than deny.
        let next = if p + 1 < n { word_at(p + 1) } else { "" };
        // "not only X but also Y" asserts both; "is not just as fast" still denies.
        let but_follows =
            (p + 2..n).take_while(|&q| a.positions[q].sentence <= pos.sentence + 1).any(|q| matches!(word_at(q), "but" | "also"));
        if pos.negator
            && (matches!((w, next), ("no", "doubt") | ("no", "matter"))
                || matches!((w, next), ("not", "only") | ("not", "just")) && but_follows)
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
            denies_rest =
                following.iter().any(|w| matches!(*w, "true" | "case" | "correct" | "right" | "accurate")) && following.contains(&"that");
            let ends_in_until = (p + 1..n)
                .take_while(|&q| a.positions[q].sentence == pos.sentence)
                .take(NEGATION_REACH + 2)
                .any(|q| matches!(word_at(q), "until" | "unless"));
            if ends_in_until && !denies_rest {
                continue;
            }
        }
        // "without" denies only its object ("without parentheses is a method value"), and the
        // hyphen prefix "non" only its own word ("non-preemptible loop makes it wait").
        let max_reach = match w {
            "without" => 2,
            "non" => 1,
            _ => NEGATION_REACH,
        };
        let mut reach = 0;
        for q in clause_rest {
            let qp = &a.positions[q];
            // A scope ends at its clause, after NEGATION_REACH content words, or where the next
            // negator starts its own scope ("cannot take a timeout … and cannot select").
            if !denies_rest && (qp.clause != pos.clause || reach >= max_reach || qp.negator) {
                break;
            }
            if denies_rest {
                denials[q].push(p as u32);
            } else {
                scopes[q].push(p as u32);
            }
            if !qp.stop {
                reach += 1;
            }
        }
    }
    deny_previous_sentence(a, &word_at, &mut denials);
    (scopes, denials)
}

/// "X, but that isn't true." / "X. That's a myth.": a short sentence that only denies negates
/// the sentence before it.
fn deny_previous_sentence<'a>(a: &'a Analysis, word_at: &dyn Fn(usize) -> &'a str, scopes: &mut [Vec<u32>]) {
    let n = a.positions.len();
    let mut start = 0;
    while start < n {
        let sentence = a.positions[start].sentence;
        let end = (start..n).find(|&q| a.positions[q].sentence != sentence).unwrap_or(n);
        let words: Vec<&str> = (start..end).map(word_at).collect();
        let denial_only = words.iter().all(|w| SHORT_DENIAL_WORDS.contains(w) || is_negator(w) || is_stop_word(w));
        let negated_truth = words.windows(2).any(|w| is_negator(w[0]) && matches!(w[1], "true" | "right" | "correct" | "accurate" | "so"))
            || words.windows(3).any(|w| is_negator(w[0]) && w[1] == "the" && w[2] == "case");
        let plain_denial = words.iter().any(|w| matches!(*w, "wrong" | "false" | "incorrect" | "untrue" | "myth" | "misconception"));
        if start > 0 && words.len() <= 8 && denial_only && (negated_truth || plain_denial) {
            let previous = a.positions[start - 1].sentence;
            for q in (0..start).rev().take_while(|&q| a.positions[q].sentence == previous) {
                scopes[q].push(start as u32);
            }
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(a: &Analysis) -> Vec<&str> {
        a.tokens.iter().map(|t| t.text.as_str()).collect()
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
        ] {
            let a = analyze(text);
            let i = a.tokens.iter().find(|t| t.text == "holds").unwrap().pos as usize;
            assert!(a.is_denied(i), "{text}");
        }
        let a = analyze("An unbuffered channel holds nothing. That is why sends block.");
        assert!((0..3).all(|p| !a.is_denied(p)), "a following sentence with content denies nothing");
    }

    #[test]
    fn pseudo_negations_do_not_negate() {
        let a = analyze("A buffered send doesn't block until the buffer is full.");
        assert!(a.negated_by.iter().all(|s| s.is_empty()));
        let b = analyze("Not only goroutines but also channels are cheap.");
        assert!(b.negated_by.iter().all(|s| s.is_empty()));
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
    fn a_negator_scope_ends_at_the_next_negator() {
        let a = analyze("Wait cannot take a timeout and you cannot select on it.");
        let i = a.tokens.iter().find(|t| t.text == "select").unwrap().pos as usize;
        assert_eq!(a.negated_by[i].len(), 1, "only the second cannot scopes select");
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
}
