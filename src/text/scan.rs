//! The scanner: raw text to words and clause/sentence breaks, with Unicode normalisation and
//! backtick and code-fence tracking; identifier and number helpers for the tokeniser.

use unicode_normalization::UnicodeNormalization;

/// A raw word found by the scanner, before it is turned into tokens.
pub(super) struct RawWord {
    /// Normalised text, original case kept (for camelCase splitting).
    pub(super) text: String,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) code: bool,
}

/// Boundaries the scanner saw between words.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Break {
    None,
    Clause,
    Sentence,
}

pub(super) enum Piece {
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
pub(super) fn scan(text: &str) -> (Vec<Piece>, u32, u32) {
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
pub(super) fn camel_parts(s: &str) -> Vec<&str> {
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

pub(super) fn is_number(s: &str) -> bool {
    !s.is_empty() && s.chars().next().is_some_and(|c| c.is_ascii_digit()) && s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '_')
}
