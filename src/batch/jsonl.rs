//! JSON Lines input: one object per line, `{"id"?, "candidate"?, "question", "answer"}`. The
//! question is an id or a wording; a `question_id` (a string or a number) names the question by
//! its exact id instead, or beside a `question` that then only says how it was asked (as
//! `gograde eval`'s marked answers do); `id` (a string or a number) names the record in the output and
//! defaults to its source (`file:line`); `candidate` defaults to the file's name without
//! extension (`stdin` for standard input). Blank lines are skipped. A record is never buffered
//! beyond [`MAX_RECORD_BYTES`].

use crate::batch::record::{BadRecord, Item, Record, RecordError, Source};
use serde::Deserialize;
use std::io::{self, BufRead};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// The longest JSON Lines record read: a longer line becomes an error row without ever being
/// held in memory whole.
pub const MAX_RECORD_BYTES: usize = 1 << 20;

#[derive(Deserialize)]
struct RawRecord {
    id: Option<serde_json::Value>,
    candidate: Option<serde_json::Value>,
    question: Option<serde_json::Value>,
    question_id: Option<serde_json::Value>,
    answer: Option<serde_json::Value>,
}

/// Parse one JSON Lines record (the line without its newline).
pub(crate) fn parse_jsonl_record(bytes: &[u8], source: Source, default_candidate: &str) -> Item {
    let bad = |source: Source, error| Box::new(BadRecord { id: None, candidate: None, question: None, source, error });
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let line = source.line;
            return Err(bad(source, RecordError::NotUtf8 { line, column: e.valid_up_to() + 1 }));
        }
    };
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => {}
        _ => return Err(bad(source, RecordError::InvalidJson("expected one JSON object per line".into()))),
    }
    // (Checked as UTF-8 above: read as a `str`, whose strings serde_json does not check again.)
    let raw: RawRecord = match serde_json::from_str(text) {
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
        // (Most candidates need no trimming: then the string itself is kept, not a copy.)
        Some(serde_json::Value::String(s)) if s.trim().len() == s.len() && !s.is_empty() => record.candidate = Some(s),
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => record.candidate = Some(s.trim().to_string()),
        None | Some(serde_json::Value::String(_)) => record.candidate = Some(default_candidate.to_string()),
        Some(_) => {
            record.candidate = Some(default_candidate.to_string());
            return fail(record, RecordError::WrongType { field: "candidate", expected: "a string" });
        }
    }
    let question_id = match raw.question_id {
        None => None,
        Some(serde_json::Value::String(s)) => Some(s.trim().to_string()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        Some(_) => return fail(record, RecordError::WrongType { field: "question_id", expected: "a string or a number" }),
    };
    let question = match (raw.question, &question_id) {
        // A blank wording beside an id says nothing: the id is the question as written.
        (Some(serde_json::Value::String(s)), Some(id)) if s.trim().is_empty() => id.clone(),
        (Some(serde_json::Value::String(s)), _) => s,
        (None, Some(id)) => id.clone(),
        (None, None) => return fail(record, RecordError::MissingField("question")),
        (Some(_), _) => return fail(record, RecordError::WrongType { field: "question", expected: "a string" }),
    };
    // A failed record names its question; a graded one moves it into the record (no copy).
    let fail_asked = |mut record: BadRecord, question: String, error| {
        record.question = Some(question);
        fail(record, error)
    };
    if question.trim().is_empty() || question_id.as_ref().is_some_and(|id| id.is_empty()) {
        return fail_asked(record, question, RecordError::EmptyQuestion);
    }
    let answer = match raw.answer {
        None => return fail_asked(record, question, RecordError::MissingField("answer")),
        Some(serde_json::Value::String(s)) => s,
        Some(_) => return fail_asked(record, question, RecordError::WrongType { field: "answer", expected: "a string" }),
    };
    if answer.trim().is_empty() {
        return fail_asked(record, question, RecordError::EmptyAnswer);
    }
    Ok(Record { id: record.id, candidate: record.candidate.unwrap_or_default(), question, question_id, answer, source: record.source })
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
    /// Read `reader`, naming records after `file`; records without a (non-blank) `candidate` get
    /// `default_candidate`.
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
        // (memchr reads many bytes per step; a byte-by-byte search was a third of reading a
        // record.)
        let (used, end) = match memchr::memchr(b'\n', available) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_lines_are_bounded() {
        let long =
            format!("{{\"question\":\"q\",\"answer\":\"{}\"}}\n{{\"question\":\"q\",\"answer\":\"a\"}}\n", "x".repeat(MAX_RECORD_BYTES));
        let items: Vec<Item> = JsonlReader::new(long.as_bytes(), "f".into(), "f".into()).collect();
        assert_eq!(items[0].as_ref().unwrap_err().error.kind(), "too-long");
        assert_eq!(items[1].as_ref().unwrap().source.line, 2);
    }
}
