//! Typed errors of the library. The binary adds context with `anyhow`; nothing here prints.

use crate::bank::Candidate;
use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

/// One problem found while loading or checking a bank, located in its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Path of the file, relative to the bank root.
    pub file: String,
    /// 1-based line (0 when the problem concerns the whole file).
    pub line: usize,
    /// 1-based column (0 when unknown).
    pub col: usize,
    /// The field at fault, e.g. `concept[2].patterns[0]`.
    pub field: String,
    /// What is wrong, for the rubric author.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}: {}", self.file, self.line, self.col, self.field, self.message)
    }
}

/// Everything that can go wrong in the library.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The bank has errors; it does not grade until they are fixed.
    #[error("the bank has {} problem(s):\n{}", .0.len(), join_lines(.0))]
    Bank(Vec<Problem>),
    /// A file or folder could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// No question of the bank matches the id or text.
    #[error("no question matches {query:?}{}", Closest { candidates, questions: true })]
    UnknownQuestion {
        /// The id or text as given.
        query: String,
        /// The closest questions, best first (none for an unknown exact id).
        candidates: Vec<Candidate>,
    },
    /// Several questions match the text about equally well.
    #[error("{query:?} is ambiguous{}", Closest { candidates, questions: true })]
    AmbiguousQuestion {
        /// The text as given.
        query: String,
        /// The questions it could mean, best first.
        candidates: Vec<Candidate>,
    },
    /// The answer is longer than the grader takes (see
    /// [`GradeOptions::max_answer_bytes`](crate::GradeOptions::max_answer_bytes)).
    #[error("the answer is {bytes} bytes; at most {limit} are graded (--max-answer-bytes)")]
    AnswerTooLong {
        /// The answer's length in bytes.
        bytes: usize,
        /// The most bytes graded.
        limit: usize,
    },
    /// The search index failed (a bug or resource problem, never bad input).
    #[error("search index: {0}")]
    Index(String),
}

/// Library result type.
pub type Result<T> = std::result::Result<T, Error>;

fn join_lines(problems: &[Problem]) -> String {
    problems.iter().map(|p| p.to_string()).collect::<Vec<_>>().join("\n")
}

/// The closest questions of a failed lookup, after the message: `; closest: ` then each id with
/// its confidence, and with `questions` the question's text too. Nothing without candidates.
pub(crate) struct Closest<'a> {
    pub candidates: &'a [Candidate],
    pub questions: bool,
}

impl fmt::Display for Closest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let separator = if self.questions { "; " } else { ", " };
        for (i, c) in self.candidates.iter().enumerate() {
            f.write_str(if i == 0 { "; closest: " } else { separator })?;
            write!(f, "{} ({:.2})", c.id, c.confidence)?;
            if self.questions {
                write!(f, ": {}", c.question)?;
            }
        }
        Ok(())
    }
}

impl From<tantivy::TantivyError> for Error {
    fn from(e: tantivy::TantivyError) -> Self {
        Error::Index(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_lists_candidates_with_or_without_their_question() {
        let c = |id: &str, confidence| Candidate { id: id.into(), question: format!("What is {id}?"), confidence };
        let both = [c("a", 0.5), c("b", 0.25)];
        assert_eq!(Closest { candidates: &both, questions: true }.to_string(), "; closest: a (0.50): What is a?; b (0.25): What is b?");
        assert_eq!(Closest { candidates: &both, questions: false }.to_string(), "; closest: a (0.50), b (0.25)");
        assert_eq!(Closest { candidates: &[], questions: true }.to_string(), "");
    }
}
