//! The scanner: raw text to words and clause/sentence breaks, with Unicode normalisation and
//! backtick and code-fence tracking; identifier and number helpers for the tokeniser.

use std::borrow::Cow;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// A raw word found by the scanner, before it is turned into tokens.
pub(super) struct RawWord<'t> {
    /// Normalised text, original case kept (for camelCase splitting): borrowed from the text
    /// when normalising changes nothing (plain ASCII, most words), so a word costs no copy.
    pub(super) text: Cow<'t, str>,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) code: bool,
    /// For every byte of `text`, the byte offset in the original text of the character it came
    /// from, and `end` last: normalisation changes lengths, the original offsets never move.
    /// Empty when `text` is the original ASCII unchanged (byte `k` is at `start + k`), which
    /// saves eight bytes per byte of most words.
    pub(super) origin: Vec<usize>,
    /// `text` is the original text unchanged.
    pub(super) verbatim: bool,
}

impl RawWord<'_> {
    /// The original byte offset of byte `k` of the normalised text (a char boundary there).
    pub(super) fn origin(&self, k: usize) -> usize {
        if self.origin.is_empty() {
            return (self.start + k).min(self.end);
        }
        self.origin.get(k).copied().unwrap_or(self.end)
    }
}

/// Boundaries the scanner saw between words.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Break {
    None,
    Clause,
    Sentence,
}

pub(super) enum Piece<'t> {
    Word(RawWord<'t>),
    Break(Break),
}

/// Normalise one character: NFKC (full-width and mathematical letters become ASCII), curly
/// quotes and dashes folded, and invisible characters (see [`is_invisible`]) and combining marks
/// removed ("gorou\u{301}tine" is "goroutine"; a precomposed "é" stays as it is written).
fn normalise_char(c: char, out: &mut String) {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{02BC}' => out.push('\''),
        '\u{201C}' | '\u{201D}' => out.push('"'),
        '\u{2010}' | '\u{2011}' => out.push('-'),
        c if c.is_ascii() => out.push(c),
        c if is_invisible(c) || is_combining_mark(c) => {}
        c => out.extend(std::iter::once(c).nfkc().filter(|m| !is_combining_mark(*m))),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Characters that show nothing (or only steer the display) and so must neither split nor
/// change a word: zero-width spaces and joiners, the soft hyphen, word joiners, bidi controls,
/// variation selectors, the byte order mark.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}' | '\u{FFA0}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Cyrillic and Greek letters that look like Latin ones, with the Latin letter: read as Latin
/// inside a word that has Latin letters ("gorоutine" with a Cyrillic о), or whose letters all
/// look Latin.
fn latin_lookalike(c: char) -> Option<char> {
    const FROM: &str = "аеорсухіјѕһԁԛԝӏɡАВЕКМНОРСТХІЈЅҮονρικατυΑΒΕΖΗΙΚΜΝΟΡΤΥΧ";
    const TO: &str = "aeopcyxijshdqwlgABEKMHOPCTXIJSYovpikatuABEZHIKMNOPTYX";
    FROM.chars().position(|x| x == c).and_then(|i| TO.chars().nth(i))
}

/// Replace look-alike letters by Latin ones in a word that mixes them with Latin letters or is
/// made of them only. Same byte offsets are kept through `origin`.
fn fold_lookalikes(word: &mut String, origin: &mut Vec<usize>) {
    if word.is_ascii() {
        return;
    }
    let letters = || word.chars().filter(|c| c.is_alphabetic());
    let has_latin = letters().any(|c| c.is_ascii_alphabetic());
    let all_lookalike = letters().all(|c| c.is_ascii_alphabetic() || latin_lookalike(c).is_some());
    if !(has_latin || all_lookalike) || !letters().any(|c| latin_lookalike(c).is_some()) {
        return;
    }
    let mut out = String::with_capacity(word.len());
    let mut map = Vec::with_capacity(word.len() + 1);
    for (k, c) in word.char_indices() {
        let c = latin_lookalike(c).unwrap_or(c);
        let at = origin[k];
        out.push(c);
        map.resize(out.len(), at);
    }
    map.push(*origin.last().unwrap_or(&0));
    *word = out;
    *origin = map;
}

/// ASCII letters, digits and '_': the bytes that continue a word by themselves.
static ASCII_WORD_BYTES: [bool; 256] = byte_set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

/// How many of `bytes` are one of `set`. Counted a block of 255 at a time in one byte each, which
/// the compiler does for many bytes at once (a filtered count took one byte at a time, a tenth
/// of scanning an answer).
pub(crate) fn count_bytes<const N: usize>(bytes: &[u8], set: [u8; N]) -> usize {
    let in_set = |b: u8| set.iter().fold(false, |found, &s| found | (s == b));
    bytes.chunks(255).map(|block| usize::from(block.iter().fold(0u8, |n, &b| n + u8::from(in_set(b))))).sum()
}

/// A table of the 256 byte values, true for those in `bytes`: one load tells whether a byte is
/// one of a set (made at compile time for a `static`).
pub(crate) const fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut k = 0;
    while k < bytes.len() {
        set[bytes[k] as usize] = true;
        k += 1;
    }
    set
}

/// The character starting at byte `at` of `text` (a char boundary before its end).
fn char_at(text: &str, at: usize) -> char {
    // Most characters are ASCII: one byte, no decoding.
    match text.as_bytes()[at] {
        b if b.is_ascii() => char::from(b),
        _ => text[at..].chars().next().expect("a character starts here"),
    }
}

/// The byte just past the character starting at byte `at`.
fn next_char(text: &str, at: usize) -> usize {
    at + char_at(text, at).len_utf8()
}

/// Split text into words and boundaries, tracking backticks and code fences: each is handed to
/// `emit` in text order. Returns the counts of code marks and list separators.
///
/// The text is walked by byte offset, each character decoded where it is read (most are one
/// ASCII byte): a list of every decoded character took eight bytes per byte of text, so a 1 MB
/// answer allocated, and the kernel zeroed, another 8 MB.
pub(super) fn scan<'t>(text: &'t str, mut emit: impl FnMut(Piece<'t>)) -> (u32, u32) {
    let mut code_marks = 0u32;
    // Counted on bytes: the four ASCII separators are never part of a longer UTF-8 character,
    // and the bullet is found by its three bytes (decoding every character cost more).
    let ascii_separators = count_bytes(text.as_bytes(), [b',', b';', b'\n', b'|']);
    let list_separators = (ascii_separators + text.matches('\u{2022}').count()) as u32;
    let bytes = text.as_bytes();
    let n = text.len();
    // Byte offsets below: every one is a char boundary. An ASCII byte is never part of a longer
    // UTF-8 character, so "the byte before is '.'" is "the character before is '.'".
    let mut i = 0;
    let mut in_backticks = false;
    let mut in_fence = false;
    let mut line_start = true;
    while i < n {
        // A space (most of what this loop reads between words of prose) changes nothing below:
        // no line start, fence, word or break; skipped before any of them is asked.
        if bytes[i] == b' ' {
            i += 1;
            continue;
        }
        let c = char_at(text, i);
        // Code fences: ``` at the start of a line opens code mode, and ``` anywhere in it closes
        // it. An opening fence's language tag is skipped, not the rest of its line: an answer
        // pasted on one line ("```go for i := 0; … ``` The cause, …") kept none of its words.
        if (line_start || in_fence) && c == '`' && text[i..].starts_with("```") {
            in_fence = !in_fence;
            emit(Piece::Break(Break::Sentence));
            i += 3;
            if in_fence {
                while i < n && !bytes[i].is_ascii_whitespace() {
                    i = next_char(text, i);
                }
            }
            line_start = false;
            continue;
        }
        if c == '\n' {
            // A newline ends a sentence in code, before a list item, or at a blank line;
            // otherwise it is a soft wrap inside prose.
            let rest = &text[i + 1..];
            let next_line = rest.trim_start_matches([' ', '\t']);
            let list_item = next_line.starts_with("- ")
                || next_line.starts_with("* ")
                || next_line.starts_with("+ ")
                || next_line.starts_with('#')
                || next_line.starts_with('\n')
                // "1." or "12)": up to three digits then '.' or ')'. Only the line's first bytes
                // are looked at (searching the whole rest of the text made many lines quadratic).
                || next_line
                    .bytes()
                    .take(4)
                    .position(|b| b == b'.' || b == b')')
                    .is_some_and(|d| d > 0 && next_line.as_bytes()[..d].iter().all(u8::is_ascii_digit));
            if in_fence || list_item || rest.is_empty() {
                emit(Piece::Break(Break::Sentence));
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
                // ASCII letters, digits and '_' (most of a word) by byte: no decoding, and no
                // Unicode table asked (an ASCII character is no combining mark nor invisible).
                // A run of them at once, one table look-up a byte.
                j += bytes[j..].iter().position(|&b| !ASCII_WORD_BYTES[usize::from(b)]).unwrap_or(n - j);
                if j == n {
                    break;
                }
                let b = bytes[j];
                let cj = char_at(text, j);
                let after = j + cj.len_utf8();
                // Combining marks belong to the letter before them.
                if !b.is_ascii() && (is_word_char(cj) || is_combining_mark(cj)) {
                    j = after;
                    continue;
                }
                // Invisible characters inside a word ("go\u{200B}routine", a soft hyphen) join it.
                if !b.is_ascii() && is_invisible(cj) {
                    let mut k = j;
                    while k < n && (is_invisible(char_at(text, k)) || is_combining_mark(char_at(text, k))) {
                        k = next_char(text, k);
                    }
                    if k < n && is_word_char(char_at(text, k)) {
                        j = k;
                        continue;
                    }
                    break;
                }
                // '/' joins import paths (`net/http`, `golang.org/x/sync/errgroup`).
                let joiner = matches!(cj, '.' | '\'' | '\u{2019}' | '-' | '/');
                if joiner && after < n && is_word_char(char_at(text, after)) {
                    j = after;
                    continue;
                }
                // Thousands separators: "10,000" is one number: digits, then a comma and three
                // digits not followed by a letter or digit. (Looked at only at a comma: this runs
                // at the end of every word. Digits are ASCII, so bytes are characters here.)
                let digits_before = || bytes[start..j].iter().all(u8::is_ascii_digit);
                let three_digits_after = || {
                    bytes.get(j + 1..j + 4).is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                        && (j + 4 >= n || !char_at(text, j + 4).is_alphanumeric())
                };
                if cj == ',' && digits_before() && three_digits_after() {
                    j = after;
                    continue;
                }
                break;
            }
            let raw = &text[start..j];
            // `verbatim`: the word is the text as written (known without comparing the two for
            // plain ASCII, most words).
            let (mut word, mut origin, mut verbatim): (Cow<'t, str>, Vec<usize>, bool) = if raw.is_ascii() && !raw.contains(',') {
                // Plain ASCII normalises to itself: no per-character work, no origin map, no copy.
                (raw.into(), Vec::new(), true)
            } else {
                let mut word = String::new();
                let mut origin = Vec::new();
                for (at, ch) in raw.char_indices() {
                    // "10,000" → "10000" (commas only join digit groups).
                    if ch != ',' {
                        normalise_char(ch, &mut word);
                        origin.resize(word.len(), start + at);
                    }
                }
                origin.push(j);
                fold_lookalikes(&mut word, &mut origin);
                let verbatim = word == raw;
                (word.into(), origin, verbatim)
            };
            let code = in_backticks || in_fence;
            // `interface{}` reads as `any`.
            let mut end = j;
            if word.eq_ignore_ascii_case("interface") && text[j..].starts_with("{}") {
                word = "any".into();
                verbatim = false;
                end = j + 2;
                origin = vec![start; word.len()];
                origin.push(end);
            }
            if word.is_empty() {
                // Only marks that normalise to nothing (an alphabetic combining mark alone).
                i = end;
                continue;
            }
            emit(Piece::Word(RawWord { text: word, start, end, code, origin, verbatim }));
            i = end;
            continue;
        }
        // Punctuation. The next character, if any, starts at `after`.
        let after = i + c.len_utf8();
        let next = (after < n).then(|| char_at(text, after));
        let previous = i.checked_sub(1).map(|p| bytes[p]);
        match c {
            '.' if next == Some('.') || previous == Some(b'.') => {
                // An ellipsis ("go func() { ... }()") ends nothing.
            }
            '\u{2026}' => {}
            '.' if next.is_some_and(char::is_whitespace) && abbreviation_ends_nothing(text, i, after) => {
                // "i.e.", "e.g.", "vs." go on with the sentence ("Use a buffer, e.g. a
                // bytes.Buffer, …"), and so does "etc." before a lower-case word.
                emit(Piece::Break(Break::Clause));
            }
            '.' | '!' | '?' => {
                if next.is_none_or(|x| x.is_whitespace() || matches!(x, '"' | '\'' | ')')) {
                    emit(Piece::Break(Break::Sentence));
                } else if c == '.' {
                    emit(Piece::Break(Break::Clause));
                }
            }
            ';' => {
                // Independent clauses: windows never reach across a semicolon.
                code_marks += u32::from(in_fence || in_backticks);
                emit(Piece::Break(Break::Sentence));
            }
            ':' if next.is_some_and(is_word_char) => {
                // `//go:build`, `go:embed`, `host:port`: a colon inside a token is no clause break.
            }
            // A quotation mark is no break: `defer is not "too slow"` denies what it quotes.
            ',' | ':' | '(' | ')' | '\u{2014}' | '\u{2013}' => {
                if c == ':' && next == Some('=') {
                    code_marks += 1;
                }
                emit(Piece::Break(Break::Clause));
            }
            '{' | '}' => {
                // `struct{}` and `interface{}` in prose are names, not code blocks.
                let empty_pair = (c == '{' && next == Some('}')) || (c == '}' && previous == Some(b'{'));
                code_marks += u32::from(!empty_pair);
                emit(Piece::Break(Break::Clause));
            }
            '<' if next == Some('-') => {
                code_marks += 1;
            }
            '-' if next == Some(' ') && previous == Some(b' ') => {
                emit(Piece::Break(Break::Clause));
            }
            _ => {}
        }
        i = after;
    }
    (code_marks, list_separators)
}

/// Split an identifier piece at camelCase and digit boundaries: `RWMutex` → `RW`, `Mutex`.
pub(super) fn camel_parts(s: &str) -> Vec<&str> {
    if s.is_ascii() {
        return ascii_camel_parts(s);
    }
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

/// Whether [`camel_parts`] splits `s` (more than one part), without making the parts.
pub(super) fn splits_camel(s: &str) -> bool {
    if !s.is_ascii() {
        return camel_parts(s).len() > 1;
    }
    let b = s.as_bytes();
    (1..b.len()).any(|k| {
        let (prev, cur) = (b[k - 1], b[k]);
        (prev.is_ascii_lowercase() && cur.is_ascii_uppercase())
            || (prev.is_ascii_uppercase() && cur.is_ascii_uppercase() && b.get(k + 1).is_some_and(u8::is_ascii_lowercase))
            || (prev.is_ascii_alphabetic() && cur.is_ascii_digit())
    })
}

/// [`camel_parts`] of an ASCII identifier, by byte: the same boundaries without first copying
/// every character with its offset into a list. (A letter before the digit means the piece is
/// not version-like.)
fn ascii_camel_parts(s: &str) -> Vec<&str> {
    let b = s.as_bytes();
    let mut parts = Vec::new();
    let mut start = 0;
    for k in 1..b.len() {
        let (prev, cur) = (b[k - 1], b[k]);
        let boundary = (prev.is_ascii_lowercase() && cur.is_ascii_uppercase())
            || (prev.is_ascii_uppercase() && cur.is_ascii_uppercase() && b.get(k + 1).is_some_and(u8::is_ascii_lowercase))
            || (prev.is_ascii_alphabetic() && cur.is_ascii_digit());
        if boundary {
            parts.push(&s[start..k]);
            start = k;
        }
    }
    parts.push(&s[start..]);
    parts
}

fn is_version_like(s: &str) -> bool {
    s.chars().all(|c| c.is_ascii_digit() || c == '.')
}

pub(super) fn is_number(s: &str) -> bool {
    !s.is_empty() && s.chars().next().is_some_and(|c| c.is_ascii_digit()) && s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '_')
}

/// Whether the full stop at `dot` (followed by whitespace, from `after`) closes an abbreviation
/// that does not end the sentence: one of [`super::words::ABBREVIATIONS`] always, "etc." when the
/// next word starts in lower case.
fn abbreviation_ends_nothing(text: &str, dot: usize, after: usize) -> bool {
    let bytes = text.as_bytes();
    let start = bytes[..dot].iter().rposition(|b| !(b.is_ascii_alphabetic() || *b == b'.')).map_or(0, |p| p + 1);
    let word = &text[start..dot];
    if word.len() > 6 {
        return false;
    }
    let is = |w: &str| word.eq_ignore_ascii_case(w);
    if super::words::ABBREVIATIONS.iter().any(|w| is(w)) {
        return true;
    }
    is("etc") && text[after..].trim_start().chars().next().is_some_and(char::is_lowercase)
}
