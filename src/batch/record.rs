//! What flows through a batch: the [`Record`]s read from the inputs (or the [`BadRecord`]s that
//! could not be read, with a [`RecordError`]), and the [`Row`]s graded from them.
//!
//! Nothing is guessed: a line that is not JSON, a missing or empty field, bytes that are not
//! UTF-8, a record over [`MAX_RECORD_BYTES`](crate::batch::MAX_RECORD_BYTES), or a question the
//! bank does not recognise (or finds ambiguous, see [`Bank::resolve`](crate::Bank::resolve))
//! becomes a [`Row`] whose outcome is a [`RecordError`] with the line and the reason (and, for
//! questions, the closest candidates). Every other record is still graded.

use crate::bank::Candidate;
use crate::error::{Closest, Error};
use crate::grading::Grade;
use std::fmt;

/// Where a record comes from: a file (as given on the command line, or `stdin`) and a 1-based
/// line; line 0 means the whole file.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Source {
    /// The file as given on the command line, or `stdin`.
    pub file: String,
    /// 1-based line; 0 for the whole file.
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
    /// Whose answer it is: the record's `candidate`, a transcript's candidate, or the default.
    pub candidate: String,
    /// The question as written: an id or a wording (the record's `question`, else its
    /// `question_id`).
    pub question: String,
    /// The exact id of the question, when the input names one (`question_id`): it governs, and
    /// an id the bank does not have is an error, never a guess from the wording.
    pub question_id: Option<String>,
    /// The answer text to grade.
    pub answer: String,
    /// Where the record was read, for error messages and reports.
    pub source: Source,
}

/// A record that cannot be graded, with what is known of it.
#[derive(Debug, Clone, PartialEq)]
pub struct BadRecord {
    /// The id the input gave the record, if it could be read.
    pub id: Option<String>,
    /// Unknown when the record could not be read at all (invalid JSON, not UTF-8).
    pub candidate: Option<String>,
    /// The question as written, if it could be read.
    pub question: Option<String>,
    /// Where the record was read.
    pub source: Source,
    /// Why it cannot be graded.
    pub error: RecordError,
}

/// What the input yields: a record to grade, or the reason one cannot be.
pub type Item = std::result::Result<Record, Box<BadRecord>>;

/// Why a record was not graded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// A JSON Lines line that is not a JSON object (the parser's message).
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    /// Bytes that are not UTF-8; `column` is 1-based, in bytes.
    #[error("line {line} is not UTF-8 (invalid byte at column {column})")]
    NotUtf8 {
        /// The 1-based line.
        line: usize,
        /// The 1-based byte column of the first invalid byte.
        column: usize,
    },
    /// A record over the size limit (see [`MAX_RECORD_BYTES`](crate::batch::MAX_RECORD_BYTES)).
    #[error("the record is longer than {limit} bytes")]
    TooLong {
        /// The limit in bytes.
        limit: usize,
    },
    /// A required field (`question` or `question_id`, `answer`) is absent.
    #[error("missing field \"{0}\"")]
    MissingField(&'static str),
    /// A field of the wrong JSON type.
    #[error("field \"{field}\" must be {expected}")]
    WrongType {
        /// The field's name.
        field: &'static str,
        /// What it must be ("a string").
        expected: &'static str,
    },
    /// The question is empty or blank.
    #[error("the question is empty")]
    EmptyQuestion,
    /// The answer is empty or blank.
    #[error("the answer is empty")]
    EmptyAnswer,
    /// A transcript answer before any question.
    #[error("an answer without a question before it")]
    AnswerWithoutQuestion,
    /// A transcript in which no question and answer were recognised.
    #[error("no question and answer found in the transcript")]
    NoQuestions,
    /// An input file that cannot be read (the I/O error).
    #[error("cannot read the file: {0}")]
    Unreadable(String),
    /// No question of the bank matches the record's question.
    #[error("no question of the bank matches {query:?}{}", Closest { candidates, questions: false })]
    UnknownQuestion {
        /// The question as written.
        query: String,
        /// The closest questions, best first.
        candidates: Vec<Candidate>,
    },
    /// Several questions of the bank match about equally well.
    #[error("{query:?} matches several questions about equally well{}", Closest { candidates, questions: false })]
    AmbiguousQuestion {
        /// The question as written.
        query: String,
        /// The questions it could mean, best first.
        candidates: Vec<Candidate>,
    },
    /// The answer is longer than the grader takes.
    #[error("the answer is {bytes} bytes; at most {limit} are graded")]
    AnswerTooLong {
        /// The answer's length in bytes.
        bytes: usize,
        /// The most bytes graded.
        limit: usize,
    },
    /// Any other error of the library while grading (its message).
    #[error("grading failed: {0}")]
    Grading(String),
}

/// A question the bank does not recognise (or finds ambiguous) keeps its closest candidates;
/// any other error of the library fails the grading.
impl From<Error> for RecordError {
    fn from(e: Error) -> Self {
        match e {
            Error::UnknownQuestion { query, candidates } => RecordError::UnknownQuestion { query, candidates },
            Error::AmbiguousQuestion { query, candidates } => RecordError::AmbiguousQuestion { query, candidates },
            Error::AnswerTooLong { bytes, limit } => RecordError::AnswerTooLong { bytes, limit },
            e => RecordError::Grading(e.to_string()),
        }
    }
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
            RecordError::AnswerTooLong { .. } => "answer-too-long",
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
    /// Whose answer it is; `None` for a line that could not be read.
    pub candidate: Option<String>,
    /// Where the record was read.
    pub source: Source,
    /// The question as the input wrote it (kept for rows that could not be graded).
    pub question: Option<String>,
    /// The grade, or why there is none.
    pub outcome: Outcome,
}

/// A grade, or why there is none.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The record was graded.
    Graded {
        /// The grade (boxed: it is large beside a failure).
        grade: Box<Grade>,
        /// The topic of the question in the bank.
        topic: String,
    },
    /// The record was not graded, and why.
    Failed(RecordError),
}
