//! Batch input: answers from JSON Lines records and from interview transcripts (Markdown or plain
//! text), aligned to the bank and graded in input order, in parallel, in bounded memory.
//!
//! # Inputs
//!
//! - **JSON Lines**: one object per line, `{"id"?, "candidate"?, "question", "answer"}`. The
//!   question is an id or a wording; `id` (a string or a number) names the record in the output
//!   and defaults to its source (`file:line`); `candidate` defaults to the file's name without
//!   extension (`stdin` for standard input). Blank lines are skipped.
//! - **Transcripts**: one candidate per file. Questions are Markdown headings, or labelled lines
//!   `Q:` / `Question:` (`**Q:**`, `Q3:` …) with the answer after `A:` / `Answer:`, or after a
//!   blank line. Answers keep their lines, blank lines and fenced code blocks intact; nothing
//!   inside a fenced block is ever read as a heading or a label. The candidate is the file's name
//!   unless the transcript names one before its first question (`Candidate: Jane Doe`, or
//!   `candidate:` in a Markdown front matter).
//!
//! Heading-structured Markdown: the question headings are those of the most frequent heading
//! level (ties go to the shallowest; a lone `#` title does not count), so a title and section
//! headings (`## Part 1`) are skipped and headings inside an answer are kept with it. When a
//! Markdown file has `Q:` labels, headings only separate sections.
//!
//! # Records that cannot be graded
//!
//! Nothing is guessed: a line that is not JSON, a missing or empty field, bytes that are not
//! UTF-8, a record over [`MAX_RECORD_BYTES`], or a question the bank does not recognise (or
//! finds ambiguous, see [`Bank::resolve`](crate::Bank::resolve)) becomes a [`Row`] whose
//! outcome is a [`RecordError`] with the line and the reason (and, for questions, the closest
//! candidates). Every other record is still graded.
//!
//! # Order and memory
//!
//! [`grade_stream`] pulls `chunk_size` items from the input, grades them in parallel with rayon
//! and hands the rows to a sink in input order, then pulls the next chunk. At most one chunk of
//! records and grades is alive at a time; a JSON Lines record is never buffered beyond
//! [`MAX_RECORD_BYTES`], and a transcript file is read whole (one candidate's interview). Rows
//! never depend on the thread count or the chunk size.

use crate::bank::Candidate;
use crate::error::Error;
use crate::grading::Grade;
use crate::grading::Grader;
use rayon::prelude::*;
use serde::Deserialize;
use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;
use std::io::{self, BufRead};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The longest JSON Lines record read: a longer line becomes an error row without ever being
/// held in memory whole.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

/// Records graded per chunk by default.
pub const DEFAULT_CHUNK_SIZE: usize = 256;

/// Where a record comes from: a file (as given on the command line, or `stdin`) and a 1-based
/// line; line 0 means the whole file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Source {
    pub file: String,
    pub line: usize,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// One answer to grade.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The id the input gave the record, if any.
    pub id: Option<String>,
    pub candidate: String,
    /// The question as written: an id or a wording.
    pub question: String,
    pub answer: String,
    pub source: Source,
}

/// A record that cannot be graded, with what is known of it.
#[derive(Debug, Clone, PartialEq)]
pub struct BadRecord {
    pub id: Option<String>,
    /// Unknown when the record could not be read at all (invalid JSON, not UTF-8).
    pub candidate: Option<String>,
    pub question: Option<String>,
    pub source: Source,
    pub error: RecordError,
}

/// What the input yields: a record to grade, or the reason one cannot be.
pub type Item = std::result::Result<Record, Box<BadRecord>>;

/// Why a record was not graded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    #[error("line {line} is not UTF-8 (invalid byte at column {column})")]
    NotUtf8 { line: usize, column: usize },
    #[error("the record is longer than {limit} bytes")]
    TooLong { limit: usize },
    #[error("missing field \"{0}\"")]
    MissingField(&'static str),
    #[error("field \"{field}\" must be {expected}")]
    WrongType { field: &'static str, expected: &'static str },
    #[error("the question is empty")]
    EmptyQuestion,
    #[error("the answer is empty")]
    EmptyAnswer,
    #[error("an answer without a question before it")]
    AnswerWithoutQuestion,
    #[error("no question and answer found in the transcript")]
    NoQuestions,
    #[error("cannot read the file: {0}")]
    Unreadable(String),
    #[error("no question of the bank matches {query:?}{}", closest(candidates))]
    UnknownQuestion { query: String, candidates: Vec<Candidate> },
    #[error("{query:?} matches several questions about equally well{}", closest(candidates))]
    AmbiguousQuestion { query: String, candidates: Vec<Candidate> },
    #[error("grading failed: {0}")]
    Grading(String),
}

fn closest(candidates: &[Candidate]) -> String {
    if candidates.is_empty() {
        return String::new();
    }
    let list: Vec<String> = candidates.iter().map(|c| format!("{} ({:.2})", c.id, c.confidence)).collect();
    format!("; closest: {}", list.join(", "))
}

impl RecordError {
    /// A stable kebab-case name for tools.
    pub fn kind(&self) -> &'static str {
        match self {
            RecordError::InvalidJson(_) => "invalid-json",
            RecordError::NotUtf8 { .. } => "not-utf8",
            RecordError::TooLong { .. } => "too-long",
            RecordError::MissingField(_) => "missing-field",
            RecordError::WrongType { .. } => "wrong-type",
            RecordError::EmptyQuestion => "empty-question",
            RecordError::EmptyAnswer => "empty-answer",
            RecordError::AnswerWithoutQuestion => "answer-without-question",
            RecordError::NoQuestions => "no-questions",
            RecordError::Unreadable(_) => "unreadable",
            RecordError::UnknownQuestion { .. } => "unknown-question",
            RecordError::AmbiguousQuestion { .. } => "ambiguous-question",
            RecordError::Grading(_) => "grading-failed",
        }
    }

    /// The closest questions of the bank, for an unknown or ambiguous question.
    pub fn candidates(&self) -> &[Candidate] {
        match self {
            RecordError::UnknownQuestion { candidates, .. } | RecordError::AmbiguousQuestion { candidates, .. } => candidates,
            _ => &[],
        }
    }
}

/// One record of the output, in input order.
#[derive(Debug, Clone)]
pub struct Row {
    /// 0-based position in the input.
    pub index: u64,
    /// The record's id, or its source when the input gave none.
    pub id: String,
    pub candidate: Option<String>,
    pub source: Source,
    /// The question as the input wrote it (kept for rows that could not be graded).
    pub question: Option<String>,
    pub outcome: Outcome,
}

/// A grade, or why there is none.
#[derive(Debug, Clone)]
pub enum Outcome {
    Graded {
        grade: Box<Grade>,
        /// The topic of the question in the bank.
        topic: String,
    },
    Failed(RecordError),
}

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    Jsonl,
    Markdown,
    Text,
}

impl InputFormat {
    /// By extension: `.jsonl`, `.ndjson`, `.json` are JSON Lines; `.md`, `.markdown` are
    /// Markdown; anything else is plain text.
    pub fn from_path(path: &Path) -> InputFormat {
        let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        match ext.as_str() {
            "jsonl" | "ndjson" | "json" => InputFormat::Jsonl,
            "md" | "markdown" => InputFormat::Markdown,
            _ => InputFormat::Text,
        }
    }
}

/// An input of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputSource {
    Stdin,
    File(PathBuf),
}

impl InputSource {
    /// How the input is named in sources.
    pub fn name(&self) -> String {
        match self {
            InputSource::Stdin => "stdin".into(),
            InputSource::File(p) => p.display().to_string(),
        }
    }

    /// The candidate of records that do not name one: the file's name without extension.
    pub fn default_candidate(&self) -> String {
        match self {
            InputSource::Stdin => "stdin".into(),
            InputSource::File(p) => p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string()),
        }
    }
}

const FOLDER_EXTENSIONS: [&str; 6] = ["jsonl", "ndjson", "json", "md", "markdown", "txt"];

/// Expand the paths of a command line into inputs: `-` is standard input, a folder contributes
/// its files with a known extension (`.jsonl .ndjson .json .md .markdown .txt`, recursively,
/// sorted by path, hidden ones skipped), and a file is taken whatever its extension. No path
/// means standard input. `format` overrides the choice by extension.
pub fn collect_inputs(paths: &[PathBuf], format: Option<InputFormat>) -> crate::Result<Vec<(InputSource, InputFormat)>> {
    let mut inputs = Vec::new();
    if paths.is_empty() {
        inputs.push((InputSource::Stdin, format.unwrap_or(InputFormat::Jsonl)));
    }
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push((InputSource::Stdin, format.unwrap_or(InputFormat::Jsonl)));
        } else if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files)?;
            files.sort();
            inputs.extend(files.into_iter().map(|f| {
                let fmt = format.unwrap_or_else(|| InputFormat::from_path(&f));
                (InputSource::File(f), fmt)
            }));
        } else if path.exists() {
            inputs.push((InputSource::File(path.clone()), format.unwrap_or_else(|| InputFormat::from_path(path))));
        } else {
            return Err(Error::Io { path: path.clone(), source: io::Error::new(io::ErrorKind::NotFound, "no such file or folder") });
        }
    }
    Ok(inputs)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> crate::Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
            if FOLDER_EXTENSIONS.contains(&ext.as_str()) {
                out.push(path);
            }
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// JSON Lines

#[derive(Deserialize)]
struct RawRecord {
    id: Option<serde_json::Value>,
    candidate: Option<serde_json::Value>,
    question: Option<serde_json::Value>,
    answer: Option<serde_json::Value>,
}

/// Parse one JSON Lines record (the line without its newline).
pub fn parse_jsonl_record(bytes: &[u8], source: Source, default_candidate: &str) -> Item {
    let bad = |source: Source, error| Box::new(BadRecord { id: None, candidate: None, question: None, source, error });
    if let Err(e) = std::str::from_utf8(bytes) {
        let line = source.line;
        return Err(bad(source, RecordError::NotUtf8 { line, column: e.valid_up_to() + 1 }));
    }
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => {}
        _ => return Err(bad(source, RecordError::InvalidJson("expected one JSON object per line".into()))),
    }
    let raw: RawRecord = match serde_json::from_slice(bytes) {
        Ok(r) => r,
        Err(e) => return Err(bad(source, RecordError::InvalidJson(e.to_string()))),
    };
    let mut record = BadRecord { id: None, candidate: None, question: None, source, error: RecordError::EmptyAnswer };
    let fail = |mut record: BadRecord, error| {
        record.error = error;
        Err(Box::new(record))
    };
    match raw.id {
        None => {}
        Some(serde_json::Value::String(s)) => record.id = Some(s),
        Some(serde_json::Value::Number(n)) => record.id = Some(n.to_string()),
        Some(_) => return fail(record, RecordError::WrongType { field: "id", expected: "a string or a number" }),
    }
    match raw.candidate {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => record.candidate = Some(s.trim().to_string()),
        None | Some(serde_json::Value::String(_)) => record.candidate = Some(default_candidate.to_string()),
        Some(_) => {
            record.candidate = Some(default_candidate.to_string());
            return fail(record, RecordError::WrongType { field: "candidate", expected: "a string" });
        }
    }
    let question = match raw.question {
        None => return fail(record, RecordError::MissingField("question")),
        Some(serde_json::Value::String(s)) => s,
        Some(_) => return fail(record, RecordError::WrongType { field: "question", expected: "a string" }),
    };
    record.question = Some(question.clone());
    if question.trim().is_empty() {
        return fail(record, RecordError::EmptyQuestion);
    }
    let answer = match raw.answer {
        None => return fail(record, RecordError::MissingField("answer")),
        Some(serde_json::Value::String(s)) => s,
        Some(_) => return fail(record, RecordError::WrongType { field: "answer", expected: "a string" }),
    };
    if answer.trim().is_empty() {
        return fail(record, RecordError::EmptyAnswer);
    }
    Ok(Record { id: record.id, candidate: record.candidate.unwrap_or_default(), question, answer, source: record.source })
}

/// Reads JSON Lines records one line at a time, never holding more than [`MAX_RECORD_BYTES`] of
/// a line.
pub struct JsonlReader<R> {
    reader: R,
    file: String,
    default_candidate: String,
    line: usize,
    buf: Vec<u8>,
    consumed: Arc<AtomicU64>,
    done: bool,
}

impl<R: BufRead> JsonlReader<R> {
    pub fn new(reader: R, file: String, default_candidate: String) -> Self {
        JsonlReader { reader, file, default_candidate, line: 0, buf: Vec::new(), consumed: Arc::default(), done: false }
    }

    /// Count the bytes read into this counter (for progress).
    pub fn with_counter(mut self, consumed: Arc<AtomicU64>) -> Self {
        self.consumed = consumed;
        self
    }
}

/// Read one line into `buf`, keeping at most `max` bytes of it. Returns the bytes consumed
/// (0 at the end) and whether the line (without its newline) was longer than `max`.
fn read_line_bounded<R: BufRead>(reader: &mut R, buf: &mut Vec<u8>, max: usize) -> io::Result<(usize, bool)> {
    let mut total = 0;
    let mut length = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let (used, end) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let content = if end { used - 1 } else { used };
        let room = (max + 1).saturating_sub(buf.len());
        buf.extend_from_slice(&available[..content.min(room)]);
        length += content;
        total += used;
        reader.consume(used);
        if end {
            break;
        }
    }
    Ok((total, length > max))
}

impl<R: BufRead> Iterator for JsonlReader<R> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        while !self.done {
            self.buf.clear();
            let (n, too_long) = match read_line_bounded(&mut self.reader, &mut self.buf, MAX_RECORD_BYTES) {
                Ok(r) => r,
                Err(e) => {
                    self.done = true;
                    let source = Source { file: self.file.clone(), line: self.line + 1 };
                    let error = RecordError::Unreadable(e.to_string());
                    return Some(Err(Box::new(BadRecord { id: None, candidate: None, question: None, source, error })));
                }
            };
            if n == 0 {
                self.done = true;
                break;
            }
            self.line += 1;
            self.consumed.fetch_add(n as u64, Ordering::Relaxed);
            let source = Source { file: self.file.clone(), line: self.line };
            if too_long {
                let error = RecordError::TooLong { limit: MAX_RECORD_BYTES };
                return Some(Err(Box::new(BadRecord { id: None, candidate: None, question: None, source, error })));
            }
            let mut bytes: &[u8] = &self.buf;
            if self.line == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
            if bytes.iter().all(|b| b.is_ascii_whitespace()) {
                continue;
            }
            return Some(parse_jsonl_record(bytes, source, &self.default_candidate));
        }
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Transcripts

/// A transcript: one candidate's answers.
#[derive(Debug, Clone)]
pub struct Transcript {
    pub candidate: String,
    pub items: Vec<Item>,
}

struct Line<'a> {
    no: usize,
    text: Cow<'a, str>,
    /// The 1-based column of the first invalid byte, when the line is not UTF-8.
    bad_column: Option<usize>,
    /// Inside a fenced code block (fences included).
    code: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Question,
    Answer,
    Candidate,
}

fn split_lines(bytes: &[u8]) -> Vec<Line<'_>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut lines = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    let mut parts: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    if parts.last().is_some_and(|l| l.is_empty()) {
        parts.pop();
    }
    for (i, raw) in parts.into_iter().enumerate() {
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        let (text, bad_column) = match std::str::from_utf8(raw) {
            Ok(s) => (Cow::Borrowed(s), None),
            Err(e) => (String::from_utf8_lossy(raw), Some(e.valid_up_to() + 1)),
        };
        let code = match (fence, fence_of(&text)) {
            (None, Some((c, n, _))) => {
                fence = Some((c, n));
                true
            }
            (Some((c, n)), Some((c2, n2, rest_blank))) if c == c2 && n2 >= n && rest_blank => {
                fence = None;
                true
            }
            (Some(_), _) => true,
            (None, None) => false,
        };
        lines.push(Line { no: i + 1, text, bad_column, code });
    }
    lines
}

/// A code fence: its character, its length, and whether nothing follows it.
fn fence_of(text: &str) -> Option<(u8, usize, bool)> {
    let indent = text.len() - text.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let t = &text.as_bytes()[indent..];
    let c = *t.first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = t.iter().take_while(|&&b| b == c).count();
    (n >= 3).then(|| (c, n, text[indent + n..].trim().is_empty()))
}

/// An ATX heading: its level and title.
fn heading(text: &str) -> Option<(usize, &str)> {
    let indent = text.len() - text.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let t = &text[indent..];
    let level = t.bytes().take_while(|&b| b == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &t[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let mut title = rest.trim();
    let closed = title.trim_end_matches('#');
    if closed.is_empty() || closed.ends_with([' ', '\t']) {
        title = closed.trim_end();
    }
    Some((level, title))
}

const MARKUP: [char; 2] = ['*', '_'];

/// A label at the start of a line (`Q:`, `**Answer:**`, `Question 3:`, `Candidate: …`) and the
/// text after it. Single-letter labels must be upper-case. `loose` (for headings) also accepts
/// `.`, `)` and dashes after a question label.
fn label(text: &str, loose: bool) -> Option<(Label, &str)> {
    let s = text.trim_start();
    let after_markup = s.trim_start_matches(MARKUP);
    let markup = &s[..s.len() - after_markup.len()];
    if markup.len() > 3 {
        return None;
    }
    let word_len = after_markup.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(after_markup.len());
    let word = &after_markup[..word_len];
    let kind = match word {
        "Q" => Label::Question,
        "A" => Label::Answer,
        w if w.eq_ignore_ascii_case("question") => Label::Question,
        w if w.eq_ignore_ascii_case("answer") => Label::Answer,
        w if w.eq_ignore_ascii_case("candidate") || w.eq_ignore_ascii_case("interviewee") => Label::Candidate,
        _ => return None,
    };
    let mut rest = &after_markup[word_len..];
    if kind != Label::Candidate {
        let digits = rest.trim_start();
        let n = digits.find(|c: char| !c.is_ascii_digit()).unwrap_or(digits.len());
        if n > 0 {
            rest = &digits[n..];
        }
    }
    rest = rest.trim_start_matches(MARKUP).trim_start();
    let separators: &[char] = if loose && kind == Label::Question { &[':', '.', ')', '-', '\u{2013}', '\u{2014}'] } else { &[':'] };
    let after = rest.strip_prefix(separators)?;
    let content = after.trim_start_matches(MARKUP).trim();
    let content = if markup.is_empty() { content } else { content.strip_suffix(markup).map(str::trim_end).unwrap_or(content) };
    Some((kind, content))
}

/// A heading's title as a question: without `Q3:`-style labels, `3.` numbering, and wrapping
/// bold or backticks (so `` ## `errgroup` `` names the question by id).
fn question_of_heading(title: &str) -> String {
    let mut q = match label(title, true) {
        Some((Label::Question, rest)) => rest,
        _ => title,
    };
    let digits = q.find(|c: char| !c.is_ascii_digit()).unwrap_or(q.len());
    if digits > 0 && q[digits..].starts_with(['.', ')']) {
        q = q[digits + 1..].trim_start();
    }
    let mut q = q.trim();
    for wrap in ["**", "__", "`"] {
        if q.len() > 2 * wrap.len() && q.starts_with(wrap) && q.ends_with(wrap) {
            q = q[wrap.len()..q.len() - wrap.len()].trim();
        }
    }
    q.to_string()
}

/// A question being collected.
struct Pending {
    line: usize,
    question: Vec<String>,
    answer: Vec<String>,
    /// The answer has begun (after `A:`, a blank line, or a question heading).
    in_answer: bool,
    /// A blank line followed the question's lines.
    gap: bool,
    /// The first line that is not UTF-8, and its bad column.
    bad: Option<(usize, usize)>,
    orphan: bool,
}

impl Pending {
    fn new(line: usize) -> Self {
        Pending { line, question: Vec::new(), answer: Vec::new(), in_answer: false, gap: false, bad: None, orphan: false }
    }

    fn note(&mut self, line: &Line<'_>) {
        if let (None, Some(col)) = (self.bad, line.bad_column) {
            self.bad = Some((line.no, col));
        }
    }

    fn push_answer(&mut self, text: &str) {
        if self.answer.is_empty() {
            if let Some((Label::Answer, rest)) = label(text, false) {
                if !rest.is_empty() {
                    self.answer.push(rest.to_string());
                }
                return;
            }
            if text.trim().is_empty() {
                return;
            }
        }
        self.answer.push(text.to_string());
    }

    fn finish(self, file: &str, candidate: &str) -> Item {
        let source = Source { file: file.to_string(), line: self.line };
        let question = self.question.iter().map(|q| q.trim()).filter(|q| !q.is_empty()).collect::<Vec<_>>().join(" ");
        let mut answer = self.answer;
        while answer.last().is_some_and(|l| l.trim().is_empty()) {
            answer.pop();
        }
        let answer = answer.join("\n");
        let error = if let Some((line, column)) = self.bad {
            Some(RecordError::NotUtf8 { line, column })
        } else if self.orphan {
            Some(RecordError::AnswerWithoutQuestion)
        } else if question.is_empty() {
            Some(RecordError::EmptyQuestion)
        } else if answer.trim().is_empty() {
            Some(RecordError::EmptyAnswer)
        } else {
            None
        };
        match error {
            Some(error) => Err(Box::new(BadRecord {
                id: None,
                candidate: Some(candidate.to_string()),
                question: (!question.is_empty()).then_some(question),
                source,
                error,
            })),
            None => Ok(Record { id: None, candidate: candidate.to_string(), question, answer, source }),
        }
    }
}

/// Parse a transcript file. `format` is [`InputFormat::Markdown`] or [`InputFormat::Text`]
/// (JSON Lines is read with [`JsonlReader`]).
pub fn parse_transcript(bytes: &[u8], format: InputFormat, file: &str, default_candidate: &str) -> Transcript {
    let mut lines = split_lines(bytes);
    let markdown = format == InputFormat::Markdown;
    let mut candidate: Option<String> = None;
    if markdown {
        take_front_matter(&mut lines, &mut candidate);
    }
    let has_labels = lines.iter().any(|l| !l.code && matches!(label(&l.text, false), Some((Label::Question, _))));
    let question_level = (markdown && !has_labels).then(|| question_heading_level(&lines)).flatten();

    let mut pendings: Vec<Pending> = Vec::new();
    let mut current: Option<Pending> = None;
    for line in &lines {
        if !line.code {
            if markdown {
                if let Some((level, title)) = heading(&line.text) {
                    match question_level {
                        Some(q) if level == q => {
                            pendings.extend(current.take());
                            let mut p = Pending::new(line.no);
                            p.note(line);
                            p.question.push(question_of_heading(title));
                            p.in_answer = true;
                            current = Some(p);
                            continue;
                        }
                        Some(q) if level > q => {}
                        _ => {
                            // A title or a section heading: it ends the current answer.
                            pendings.extend(current.take());
                            continue;
                        }
                    }
                }
            }
            match label(&line.text, false) {
                Some((Label::Candidate, name)) if current.is_none() && pendings.is_empty() && candidate.is_none() && !name.is_empty() => {
                    candidate = Some(name.to_string());
                    continue;
                }
                Some((Label::Question, text)) if has_labels => {
                    pendings.extend(current.take());
                    let mut p = Pending::new(line.no);
                    p.note(line);
                    p.question.push(text.to_string());
                    current = Some(p);
                    continue;
                }
                Some((Label::Answer, text)) if has_labels || current.is_none() => match current.as_mut() {
                    Some(p) if !p.in_answer => {
                        p.note(line);
                        p.in_answer = true;
                        if !text.is_empty() {
                            p.answer.push(text.to_string());
                        }
                        continue;
                    }
                    Some(_) => {}
                    None => {
                        let mut p = Pending::new(line.no);
                        p.note(line);
                        p.orphan = true;
                        p.in_answer = true;
                        if !text.is_empty() {
                            p.answer.push(text.to_string());
                        }
                        current = Some(p);
                        continue;
                    }
                },
                _ => {}
            }
        }
        let Some(p) = current.as_mut() else { continue };
        p.note(line);
        if p.in_answer {
            p.push_answer(&line.text);
        } else if line.text.trim().is_empty() {
            p.gap = true;
        } else if p.gap || line.code {
            // After a blank line (or at a code block), an unlabelled answer begins.
            p.in_answer = true;
            p.push_answer(&line.text);
        } else {
            p.question.push(line.text.to_string());
        }
    }
    pendings.extend(current);
    let candidate = candidate.unwrap_or_else(|| default_candidate.to_string());
    let mut items: Vec<Item> = pendings.into_iter().map(|p| p.finish(file, &candidate)).collect();
    if items.is_empty() {
        let line = lines.iter().find_map(|l| l.bad_column.map(|c| (l.no, c)));
        let error = match line {
            Some((line, column)) => RecordError::NotUtf8 { line, column },
            None => RecordError::NoQuestions,
        };
        let source = Source { file: file.to_string(), line: line.map_or(1, |l| l.0) };
        items.push(Err(Box::new(BadRecord { id: None, candidate: Some(candidate.clone()), question: None, source, error })));
    }
    Transcript { candidate, items }
}

/// A Markdown front matter (`---` … `---` on the first lines): its `candidate:` or `name:`
/// names the candidate. Its lines are removed.
fn take_front_matter(lines: &mut Vec<Line<'_>>, candidate: &mut Option<String>) {
    if lines.first().is_none_or(|l| l.text.trim_end() != "---") {
        return;
    }
    let Some(end) = lines.iter().skip(1).position(|l| matches!(l.text.trim_end(), "---" | "...")) else { return };
    for l in &lines[1..=end] {
        if let Some((key, value)) = l.text.split_once(':') {
            let key = key.trim().to_ascii_lowercase();
            let value = value.trim().trim_matches(['"', '\'']).trim();
            if matches!(key.as_str(), "candidate" | "name") && !value.is_empty() && candidate.is_none() {
                *candidate = Some(value.to_string());
            }
        }
    }
    lines.drain(..=end + 1);
}

/// The heading level of the questions: the most frequent level, ties to the shallowest; a lone
/// level-1 heading (a title) counts only when there is no other heading.
fn question_heading_level(lines: &[Line<'_>]) -> Option<usize> {
    let mut counts = [0usize; 7];
    for l in lines.iter().filter(|l| !l.code) {
        if let Some((level, _)) = heading(&l.text) {
            counts[level] += 1;
        }
    }
    if counts[1] == 1 && counts[2..].iter().any(|&c| c > 0) {
        counts[1] = 0;
    }
    let most = *counts.iter().max()?;
    (most > 0).then(|| (1..=6).find(|&l| counts[l] == most)).flatten()
}

// ---------------------------------------------------------------------------------------------
// Many inputs as one stream

enum Current {
    Idle,
    Jsonl(Box<JsonlReader<Box<dyn BufRead>>>),
    Items(std::vec::IntoIter<Item>),
}

/// All inputs of a batch as one stream of items, in order: JSON Lines read line by line,
/// transcripts one file at a time. A file that cannot be opened or read yields an error item.
pub struct BatchInput {
    queue: VecDeque<(InputSource, InputFormat)>,
    current: Current,
    consumed: Arc<AtomicU64>,
}

impl BatchInput {
    pub fn new(inputs: Vec<(InputSource, InputFormat)>) -> Self {
        BatchInput { queue: inputs.into(), current: Current::Idle, consumed: Arc::default() }
    }

    /// A counter of the input bytes read so far (for progress).
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.consumed)
    }

    fn open_next(&mut self) -> bool {
        let Some((source, format)) = self.queue.pop_front() else { return false };
        let name = source.name();
        let default_candidate = source.default_candidate();
        let unreadable = |e: io::Error| {
            let error = RecordError::Unreadable(e.to_string());
            let source = Source { file: name.clone(), line: 0 };
            Current::Items(vec![Err(Box::new(BadRecord { id: None, candidate: None, question: None, source, error }))].into_iter())
        };
        self.current = match format {
            InputFormat::Jsonl => {
                let reader: io::Result<Box<dyn BufRead>> = match &source {
                    InputSource::Stdin => Ok(Box::new(io::stdin().lock())),
                    InputSource::File(p) => {
                        std::fs::File::open(p).map(|f| Box::new(io::BufReader::with_capacity(1 << 16, f)) as Box<dyn BufRead>)
                    }
                };
                match reader {
                    Ok(r) => Current::Jsonl(Box::new(
                        JsonlReader::new(r, name.clone(), default_candidate).with_counter(Arc::clone(&self.consumed)),
                    )),
                    Err(e) => unreadable(e),
                }
            }
            InputFormat::Markdown | InputFormat::Text => {
                let bytes = match &source {
                    InputSource::Stdin => {
                        let mut b = Vec::new();
                        io::Read::read_to_end(&mut io::stdin().lock(), &mut b).map(|_| b)
                    }
                    InputSource::File(p) => std::fs::read(p),
                };
                match bytes {
                    Ok(bytes) => {
                        self.consumed.fetch_add(bytes.len() as u64, Ordering::Relaxed);
                        Current::Items(parse_transcript(&bytes, format, &name, &default_candidate).items.into_iter())
                    }
                    Err(e) => unreadable(e),
                }
            }
        };
        true
    }
}

impl Iterator for BatchInput {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            let next = match &mut self.current {
                Current::Idle => None,
                Current::Jsonl(r) => r.next(),
                Current::Items(items) => items.next(),
            };
            if next.is_some() {
                return next;
            }
            if !self.open_next() {
                self.current = Current::Idle;
                return None;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Grading

/// Align one item to the bank and grade it. An unknown or ambiguous question is an error row
/// carrying the closest candidates; it is never graded against a guessed rubric.
pub fn grade_item(grader: &Grader<'_>, index: u64, item: Item) -> Row {
    let record = match item {
        Ok(r) => r,
        Err(bad) => {
            let bad = *bad;
            return Row {
                index,
                id: bad.id.unwrap_or_else(|| bad.source.to_string()),
                candidate: bad.candidate,
                source: bad.source,
                question: bad.question,
                outcome: Outcome::Failed(bad.error),
            };
        }
    };
    let outcome = match grader.grade(&record.question, &record.answer) {
        Ok(grade) => {
            let topic = grader.bank().get(&grade.question_id).map(|r| r.topic.clone()).unwrap_or_default();
            Outcome::Graded { grade: Box::new(grade), topic }
        }
        Err(Error::UnknownQuestion { query, candidates }) => Outcome::Failed(RecordError::UnknownQuestion { query, candidates }),
        Err(Error::AmbiguousQuestion { query, candidates }) => Outcome::Failed(RecordError::AmbiguousQuestion { query, candidates }),
        Err(e) => Outcome::Failed(RecordError::Grading(e.to_string())),
    };
    Row {
        index,
        id: record.id.unwrap_or_else(|| record.source.to_string()),
        candidate: Some(record.candidate),
        source: record.source,
        question: Some(record.question),
        outcome,
    }
}

/// Grade a chunk in parallel (on the current rayon pool), keeping its order.
pub fn grade_chunk(grader: &Grader<'_>, first_index: u64, items: Vec<Item>) -> Vec<Row> {
    items.into_par_iter().enumerate().map(|(i, item)| grade_item(grader, first_index + i as u64, item)).collect()
}

/// Grade a stream of items chunk by chunk and hand every row to `sink` in input order. With a
/// `pool`, grading runs on it; otherwise on rayon's global pool. The items and the sink stay on
/// the calling thread. Returns the number of rows; stops at the sink's first error.
pub fn grade_stream<I, E, F>(
    grader: &Grader<'_>,
    items: I,
    chunk_size: usize,
    pool: Option<&rayon::ThreadPool>,
    mut sink: F,
) -> Result<u64, E>
where
    I: IntoIterator<Item = Item>,
    F: FnMut(Row) -> Result<(), E>,
{
    let chunk_size = chunk_size.max(1);
    let mut items = items.into_iter();
    let mut index = 0u64;
    loop {
        let chunk: Vec<Item> = items.by_ref().take(chunk_size).collect();
        if chunk.is_empty() {
            return Ok(index);
        }
        let n = chunk.len() as u64;
        let rows = match pool {
            Some(pool) => pool.install(|| grade_chunk(grader, index, chunk)),
            None => grade_chunk(grader, index, chunk),
        };
        index += n;
        for row in rows {
            sink(row)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn questions(t: &Transcript) -> Vec<(String, String)> {
        t.items.iter().map(|i| i.as_ref().map(|r| (r.question.clone(), r.answer.clone())).unwrap()).collect()
    }

    #[test]
    fn labels() {
        assert_eq!(label("Q: what?", false), Some((Label::Question, "what?")));
        assert_eq!(label("**Q:** what?", false), Some((Label::Question, "what?")));
        assert_eq!(label("**Q3**: what?", false), Some((Label::Question, "what?")));
        assert_eq!(label("__Answer:__ yes", false), Some((Label::Answer, "yes")));
        assert_eq!(label("**Q: what?**", false), Some((Label::Question, "what?")));
        assert_eq!(label("Question 12: what?", false), Some((Label::Question, "what?")));
        assert_eq!(label("a: 1", false), None);
        assert_eq!(label("Questions: none", false), None);
        assert_eq!(label("Q1. what?", false), None);
        assert_eq!(label("Q1. what?", true), Some((Label::Question, "what?")));
        assert_eq!(label("**Candidate:** Jane Doe", false), Some((Label::Candidate, "Jane Doe")));
    }

    #[test]
    fn text_with_labels_multiline_and_unlabelled_answers() {
        let text = "Candidate: Jane\n\nQ: first\nquestion?\nA: line one\n\n  indented\n\nQuestion 2: second?\n\nthe answer\n";
        let t = parse_transcript(text.as_bytes(), InputFormat::Text, "t.txt", "t");
        assert_eq!(t.candidate, "Jane");
        assert_eq!(
            questions(&t),
            vec![("first question?".into(), "line one\n\n  indented".into()), ("second?".into(), "the answer".into())]
        );
        assert_eq!(t.items[1].as_ref().unwrap().source.line, 9);
    }

    #[test]
    fn markdown_headings_keep_code_blocks() {
        let md = "# Interview\n\n## 1. `errgroup`\n\n**A:** It waits.\n\n```go\n# not a heading\nQ: not a label\n```\n### a sub-heading\nmore\n\n## Q2: second?\ntext\n";
        let t = parse_transcript(md.as_bytes(), InputFormat::Markdown, "t.md", "t");
        let q = questions(&t);
        assert_eq!(q[0].0, "errgroup");
        assert_eq!(q[0].1, "It waits.\n\n```go\n# not a heading\nQ: not a label\n```\n### a sub-heading\nmore");
        assert_eq!(q[1], ("second?".into(), "text".into()));
    }

    #[test]
    fn malformed_transcript_records() {
        let text: &[u8] = b"A: orphan\n\nQ: no answer here\n\nQ: bad \xff byte\nA: x\n";
        let t = parse_transcript(text, InputFormat::Text, "t.txt", "t");
        let errors: Vec<&str> = t.items.iter().map(|i| i.as_ref().unwrap_err().error.kind()).collect();
        assert_eq!(errors, ["answer-without-question", "empty-answer", "not-utf8"]);
        let t = parse_transcript(b"just prose\n", InputFormat::Text, "t.txt", "t");
        assert_eq!(t.items[0].as_ref().unwrap_err().error, RecordError::NoQuestions);
    }

    #[test]
    fn jsonl_lines_are_bounded() {
        let long =
            format!("{{\"question\":\"q\",\"answer\":\"{}\"}}\n{{\"question\":\"q\",\"answer\":\"a\"}}\n", "x".repeat(MAX_RECORD_BYTES));
        let items: Vec<Item> = JsonlReader::new(long.as_bytes(), "f".into(), "f".into()).collect();
        assert_eq!(items[0].as_ref().unwrap_err().error.kind(), "too-long");
        assert_eq!(items[1].as_ref().unwrap().source.line, 2);
    }
}
