//! Interview transcripts (Markdown or plain text), one candidate per file. Questions are Markdown
//! headings, or labelled lines `Q:` / `Question:` (`**Q:**`, `Q3:` …) with the answer after
//! `A:` / `Answer:`, or after a blank line. Answers keep their lines, blank lines and fenced code
//! blocks intact; nothing inside a fenced block is ever read as a heading or a label. The
//! candidate is the file's name unless the transcript names one before its first question
//! (`Candidate: Jane Doe`, or `candidate:` in a Markdown front matter).
//!
//! Heading-structured Markdown: the question headings are those of the most frequent heading
//! level (ties go to the shallowest; a lone `#` title does not count), so a title and section
//! headings (`## Part 1`) are skipped and headings inside an answer are kept with it. When a
//! Markdown file has `Q:` labels, headings only separate sections.

use crate::batch::inputs::InputFormat;
use crate::batch::record::{BadRecord, Item, Record, RecordError, Source};
use std::borrow::Cow;

/// A transcript: one candidate's answers.
#[derive(Debug, Clone)]
pub struct Transcript {
    /// The candidate the transcript names (`Candidate: …`, front matter), or the default.
    pub candidate: String,
    /// Every question and answer in order, or why one cannot be graded.
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
            None => Ok(Record { id: None, candidate: candidate.to_string(), question, question_id: None, answer, source }),
        }
    }
}

/// Parse a transcript file. `format` is [`InputFormat::Markdown`] or [`InputFormat::Text`]
/// (JSON Lines is read with [`JsonlReader`](crate::batch::JsonlReader)).
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
}
