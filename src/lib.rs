//! gograde grades free-text answers to Go interview questions without a language model, and
//! explains what an answer covered, missed and got wrong.
//!
//! A [`Bank`] holds the questions: per question a TOML rubric (weighted concepts written in a
//! small pattern language, red-flag misconceptions, hints) and a reference answer. A [`Grader`]
//! scores an answer by combining
//!
//! - concept coverage: stemmed, typo-tolerant, negation-aware pattern matching ([`matcher`]);
//! - similarity to the reference answer: BM25 over the whole bank with tantivy, question words
//!   demoted ([`retrieval`]), which also detects answers to a different question;
//! - red-flag penalties, never fired by a sentence that denies the misconception;
//! - gates that cap empty answers, keyword lists, restated questions and off-topic answers.
//!
//! The resulting [`Grade`] carries the evidence for every point: byte offsets and the answer's
//! own words. [`feedback`] renders it as a review (text, JSON, Markdown).
//!
//! # Example
//!
//! ```
//! use gograde::{Bank, Grader};
//!
//! let bank = Bank::shipped()?;
//! let grader = Grader::new(&bank);
//! let grade = grader.grade(
//!     "channels-buffered-vs-unbuffered",
//!     "An unbuffered channel has no capacity: a send blocks until another goroutine receives, \
//!      so the two goroutines synchronise. A buffered channel only blocks the sender when its \
//!      buffer is full, which decouples producer and consumer for bursts.",
//! )?;
//! assert!(grade.grade >= 3);
//! for concept in grade.concepts.iter().filter(|c| c.covered) {
//!     assert!(!concept.evidence.is_empty());
//! }
//! # Ok::<(), gograde::Error>(())
//! ```
//!
//! The library never prints; errors are typed ([`Error`]).

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod analyze;
pub mod bank;
pub mod calibrate;
pub mod check;
pub mod draft;
pub mod error;
pub mod eval;
pub mod feedback;
pub mod grade;
pub mod grader;
pub mod matcher;
pub mod params;
pub mod pattern;
pub mod report;
pub mod retrieval;
pub mod rubric;
pub mod transcript;

pub use bank::{Bank, QuestionMatch, ReferenceQuestion};
pub use error::{Candidate, Error, Problem, Result};
pub use grade::Grade;
pub use grader::{GradeOptions, Grader};
pub use params::Params;
pub use rubric::Rubric;
