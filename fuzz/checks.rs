//! What every fuzz target checks, shared by the targets (`fuzz/fuzz_targets/`) and by the replay of
//! the seed corpus and the regressions in `cargo test` (`tests/fuzz_replay.rs`), so a crash found
//! by the fuzzer is replayed by the same code.

#![allow(dead_code)]

use arbitrary::{Arbitrary, Unstructured};
use gograde::batch::{self, InputFormat, JsonlReader};
use gograde::rubric::pattern::{self, Synonyms};
use gograde::{Bank, Error, Grader};
use std::collections::BTreeMap;
use std::sync::OnceLock;

const REFERENCE: &str = "An unbuffered channel blocks the sender until a receiver takes the value.";

/// (a) Any bytes as a rubric file: the bank loads, or every problem has a file, a field and a
/// message. Never a panic.
pub fn rubric_toml(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let files = BTreeMap::from([
        ("rubrics/basics/demo.toml".to_string(), text.to_string()),
        ("corpus/basics/demo.md".to_string(), REFERENCE.to_string()),
    ]);
    match Bank::from_files(files, "fuzz".into()) {
        Ok(bank) => assert_eq!(bank.rubrics().len(), 1),
        Err(Error::Bank(problems)) => {
            assert!(!problems.is_empty());
            for p in problems {
                assert!(!p.file.is_empty() && !p.field.is_empty() && !p.message.is_empty(), "{p:?}");
                assert!(p.line <= text.lines().count() + 1, "{p:?}");
            }
        }
        Err(e) => panic!("unexpected error: {e}"),
    }
}

/// A pattern word: one of the bank's usual words, or anything.
#[derive(Debug, Arbitrary)]
pub enum Word {
    Known(u8),
    Any(String),
}

const WORDS: &[&str] = &[
    "goroutine",
    "channel",
    "unbuffered",
    "block*",
    "=go",
    "sync.WaitGroup",
    "2KB",
    "10ms",
    "not",
    "thread-safe",
    "receiv*",
    "the",
    "context",
    "select",
    "nil",
    "panic",
    "rendezvous",
    "Mutex",
    "é",
    "gorоutine",
    "a",
    "",
];

impl Word {
    fn render(&self, out: &mut String) {
        match self {
            Word::Known(i) => out.push_str(WORDS[*i as usize % WORDS.len()]),
            Word::Any(s) => out.push_str(s),
        }
    }
}

/// A pattern tree, rendered to the pattern language (often invalid, on purpose).
#[derive(Debug, Arbitrary)]
pub enum Ast {
    Word(Word),
    Phrase(Vec<Word>),
    Group(Box<Ast>),
    Alt(Vec<Ast>),
    Near(Box<Ast>, Option<u8>, Box<Ast>),
    Ordered(Box<Ast>, Box<Ast>),
    Sentence(Vec<Ast>),
    Anywhere(Vec<Ast>),
    Raw(String),
}

impl Ast {
    fn render(&self, out: &mut String) {
        let list = |items: &[Ast], sep: &str, out: &mut String| {
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push_str(sep);
                }
                item.render(out);
            }
        };
        match self {
            Ast::Word(w) => w.render(out),
            Ast::Phrase(ws) => {
                out.push('[');
                for w in ws {
                    w.render(out);
                    out.push(' ');
                }
                out.push(']');
            }
            Ast::Group(x) => {
                out.push('(');
                x.render(out);
                out.push(')');
            }
            Ast::Alt(xs) => list(xs, " | ", out),
            Ast::Near(a, n, b) => {
                a.render(out);
                out.push_str(" ~");
                if let Some(n) = n {
                    out.push_str(&n.to_string());
                }
                out.push(' ');
                b.render(out);
            }
            Ast::Ordered(a, b) => {
                a.render(out);
                out.push_str(" .. ");
                b.render(out);
            }
            Ast::Sentence(xs) => list(xs, " & ", out),
            Ast::Anywhere(xs) => list(xs, " + ", out),
            Ast::Raw(s) => out.push_str(s),
        }
    }
}

/// (b) Input of the pattern target: a polarity, a pattern tree, and a text to match it in.
#[derive(Debug, Arbitrary)]
pub struct PatternInput {
    pub polarity: u8,
    pub ast: Ast,
    pub text: String,
}

impl PatternInput {
    pub fn render(&self) -> String {
        let mut out = String::from(["", "not: ", "any: ", "  "][self.polarity as usize % 4]);
        self.ast.render(&mut out);
        out
    }
}

fn synonyms() -> &'static Synonyms {
    static S: OnceLock<Synonyms> = OnceLock::new();
    S.get_or_init(|| {
        Synonyms::new(&[vec!["rendezvous".into(), "synchronous handoff".into()], vec!["goroutine".into(), "go routine".into()]])
    })
}

/// (b) Parse a pattern and match it: errors point inside the pattern; a parsed pattern matches
/// any text with evidence on char boundaries inside it.
pub fn pattern(input: &PatternInput) {
    let src = input.render();
    match pattern::parse(&src, synonyms()) {
        Err(e) => {
            assert!(e.offset <= src.len(), "{e:?} in {src:?}");
            assert!(!e.message.is_empty());
        }
        Ok(p) => {
            let _ = p.root.alternatives();
            let mut terms = Vec::new();
            p.root.terms(&mut terms);
            let mut keywords = Vec::new();
            p.root.keywords(&mut keywords);
            for text in
                [input.text.as_str(), "An unbuffered channel blocks the goroutine until a receiver is ready; it is not thread-safe."]
            {
                for e in gograde::rubric::find_in(&p, text).unwrap_or_default() {
                    assert!(e.start <= e.end && e.end <= text.len(), "{e:?}");
                    assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end), "{e:?}");
                    assert_eq!(text[e.start..e.end], e.text);
                }
            }
        }
    }
}

/// The pattern target's bytes as libFuzzer hands them to `fuzz_target!(|input: PatternInput|)`.
pub fn pattern_bytes(data: &[u8]) {
    if let Ok(input) = PatternInput::arbitrary_take_rest(Unstructured::new(data)) {
        pattern(&input);
    }
}

fn shipped() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| Bank::shipped().expect("the shipped bank loads"))
}

/// (c) Grade any answer: the first two bytes choose the shipped rubric (so a run covers them
/// all), the rest is the answer. Score 0–100, grade 0–5, evidence on char boundaries inside the
/// answer and quoting it.
pub fn grade(data: &[u8]) {
    if data.len() < 2 {
        return;
    }
    let bank = shipped();
    let which = u16::from_le_bytes([data[0], data[1]]) as usize % bank.rubrics().len();
    let id = bank.rubrics()[which].id.clone();
    let answer = String::from_utf8_lossy(&data[2..]);
    grade_one(bank, &id, &answer);
}

pub fn grade_one(bank: &Bank, id: &str, answer: &str) {
    let g = match Grader::new(bank).grade_id(id, answer) {
        Ok(g) => g,
        Err(Error::AnswerTooLong { .. }) => return,
        Err(e) => panic!("{id}: {e}"),
    };
    assert!((0.0..=100.0).contains(&g.score), "{id}: score {}", g.score);
    assert!(g.grade <= 5, "{id}: grade {}", g.grade);
    let evidence = g.concepts.iter().flat_map(|c| &c.evidence).chain(g.red_flags.iter().flat_map(|f| &f.evidence));
    for e in evidence {
        assert!(e.start <= e.end && e.end <= answer.len(), "{id}: {e:?}");
        assert!(answer.is_char_boundary(e.start) && answer.is_char_boundary(e.end), "{id}: {e:?}");
        assert_eq!(answer[e.start..e.end], e.text, "{id}");
    }
}

/// (c2) Any bytes as a question wording and an answer (split at the first newline), graded the way
/// `gograde batch` grades a question given as text: a grade or an unknown-question error, never a
/// panic; a question settled by the answer is one the wording itself made a candidate (by its
/// wordings, or by the reference answers that best fit its words).
/// (Whether the kept grade is the best of them is `tests/lookup.rs`'s to check: each candidate is
/// graded with the asked wording, which the restatement gate reads, and no public call does that.)
pub fn grade_wording(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (question, answer) = text.split_once('\n').unwrap_or((&text, ""));
    let bank = shipped();
    let grader = Grader::new(bank);
    let g = match grader.grade(question, answer) {
        Ok(g) => g,
        Err(Error::UnknownQuestion { .. } | Error::AmbiguousQuestion { .. } | Error::AnswerTooLong { .. }) => return,
        Err(e) => panic!("{question:?}: {e}"),
    };
    assert!((0.0..=100.0).contains(&g.score) && g.grade <= 5, "{question:?}: {} {}", g.score, g.grade);
    let Some(m) = g.matched_question.as_ref().filter(|m| m.by_answer) else { return };
    let mut candidates = bank.candidates(question.trim(), 3).expect("the lookup ran once already");
    candidates.extend(bank.reference_candidates(question, 2).expect("the lookup ran once already"));
    for id in std::iter::once(&m.id).chain(&m.alternatives) {
        assert!(candidates.iter().any(|c| &c.id == id), "{question:?}: {id} is not a candidate of {candidates:?}");
    }
}

/// (d) Any bytes as a transcript (Markdown or text, by the first byte) and as JSON Lines:
/// never a panic, and every item is a record with a question and an answer or an error with a
/// line inside the input.
pub fn batch_input(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else { return };
    let lines = rest.split(|&b| b == b'\n').count();
    let format = if first % 2 == 0 { InputFormat::Markdown } else { InputFormat::Text };
    let t = batch::parse_transcript(rest, format, "fuzz.md", "fuzz");
    for item in &t.items {
        match item {
            Ok(r) => {
                assert!(!r.question.trim().is_empty() && !r.answer.trim().is_empty(), "{r:?}");
                assert!(r.source.line <= lines, "{r:?}");
            }
            Err(bad) => assert!(bad.source.line <= lines, "{bad:?}"),
        }
    }
    let mut last = 0;
    let mut non_blank = rest
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(k, l)| if k == 0 { l.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(l) } else { l })
        .filter(|l| l.iter().any(|b| !b.is_ascii_whitespace()))
        .count();
    for item in JsonlReader::new(std::io::Cursor::new(rest), "fuzz.jsonl".into(), "fuzz".into()) {
        let line = match &item {
            Ok(r) => r.source.line,
            Err(bad) => bad.source.line,
        };
        assert!(line > last && line <= lines, "line {line} after {last} of {lines}");
        last = line;
        non_blank = non_blank.saturating_sub(1);
    }
    assert_eq!(non_blank, 0, "every non-blank line is a record or an error");
}
