//! Grading: the [`Grader`] combines concept coverage, similarity to the reference answer,
//! red-flag penalties and gates into a [`Grade`], the stable JSON contract (`grade.rs`: every
//! type a grade is made of, and nothing computed); [`feedback`] renders one grade as text, JSON
//! or Markdown. A new gate goes in `grader.rs` (its [`GateKind`] in `grade.rs`, its cap in `score.rs`; whether
//! an answer is a list or a dump of terms is `dumps.rs`); how
//! much of a long answer is about other questions is `focus.rs`;
//! the score formula, shared with calibration, is `score.rs`.

mod dumps;
pub mod feedback;
mod focus;
mod grade;
mod grader;
pub(crate) mod json;
mod score;

/// Which question a wording means lives with the lookup that decides it; a [`Grade`] carries one.
pub use crate::bank::QuestionMatch;
pub use grade::{Breakdown, ConceptResult, Gate, GateKind, Grade, NearestExample, OtherQuestion, RedFlagResult, ReferenceFit};
pub use grader::{GradeOptions, Grader};
pub(crate) use score::{cap_of, reference_features, score, ScoreInputs};
