//! gograde grades free-text answers to Go interview questions without a language model, and
//! explains what an answer covered, missed and got wrong.
//!
//! A [`Bank`] holds the questions: per question a TOML rubric (weighted concepts written in a
//! small pattern language, red-flag misconceptions, hints) and a reference answer. A [`Grader`]
//! scores an answer by combining
//!
//! - concept coverage: stemmed, typo-tolerant, negation-aware pattern matching ([`rubric`]);
//! - similarity to the reference answer: BM25 over the whole bank with tantivy, question words
//!   demoted ([`bank`]), which also detects answers to a different question;
//! - red-flag penalties, never fired by a sentence that denies the misconception;
//! - gates that cap empty answers, keyword lists, restated questions, off-topic answers,
//!   answers with none of the core concepts, and the gaming attempts a lexical grader is open to:
//!   an answer taken back, or denied, asked or doubted throughout, the model answer said back
//!   with its claims reversed (all of them, or a third or so: `contradicted`), a comparison
//!   answered the wrong way round, the right answer buried in other questions' model answers, a
//!   wrong value or count where the reference gives one (an order of growth in any spelling),
//!   or the right one offered among others as alternatives (`hedged-value`).
//!
//! A question with no hand-written concepts is graded from its reference alone: a small fitted
//! model over the soft alignment of the answer's words with the reference's
//! (`bank/soft_align.rs`), similarity and key terms derived from the reference.
//!
//! The resulting [`Grade`] carries the evidence for every point: byte offsets and the answer's
//! own words. [`grading::feedback`] renders it as a review (text, JSON, Markdown).
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
//! # Where things live
//!
//! Data flows one way, and each folder of `src/` is one layer of it:
//!
//! 1. [`text`]: the analyzer. Raw text becomes positioned, stemmed tokens with sentence, clause
//!    and negation facts. A change to tokenising, stemming, stop words or negation scope goes here.
//! 2. [`rubric`]: the rubric format, the pattern language and the matcher that finds a pattern in
//!    an analysed answer. A new pattern operator goes in [`rubric::pattern`] and
//!    `rubric/matcher.rs`.
//! 3. [`bank`]: loading and validating a bank, its score [`Params`], the BM25 index
//!    (`bank/retrieval.rs`) and question lookup ([`Bank::resolve`]).
//! 4. [`grading`]: the [`Grader`], the [`Grade`] it returns (the JSON contract) and the feedback
//!    renderers. A new gate goes in the grader, its kind in the contract; whether an answer is a
//!    list or a dump of terms is `grading/dumps.rs`; what a gate needs to know of a reference
//!    beyond its words is in `bank/facts.rs`; a value an answer states is `text/values.rs`.
//! 5. [`batch`]: many answers at once, from JSON Lines or transcripts, and the per-candidate
//!    reports. A new report format goes in [`batch::report`].
//!
//! Beside the pipeline, [`quality`] holds the tools for rubric writers: bank checks, agreement
//! with hand-marked answers, parameter calibration and rubric drafts. Errors are in [`Error`].
//! The command-line interface (`src/cli`) is not part of the library.
//!
//! The library never prints; errors are typed ([`Error`]).

#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod bank;
pub mod batch;
mod error;
pub mod grading;
pub mod quality;
pub mod rubric;
pub mod text;

pub use bank::{Bank, Candidate, Params, ReferenceQuestion};
pub use error::{Error, Problem, Result};
pub use grading::{Grade, GradeOptions, Grader, QuestionMatch};
pub use rubric::Rubric;
