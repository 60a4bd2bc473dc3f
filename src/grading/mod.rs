//! Grading: the [`Grader`] combines concept coverage, similarity to the reference answer,
//! red-flag penalties and gates into a [`Grade`], the stable JSON contract (`grade.rs`: every
//! type a grade is made of, and nothing computed); [`feedback`] renders one grade as text, JSON
//! or Markdown. A new gate goes in `grader.rs` (and its [`GateKind`] in `grade.rs`).

pub mod feedback;
mod grade;
mod grader;

pub use grade::{Breakdown, ConceptResult, Gate, GateKind, Grade, OtherQuestion, QuestionMatch, RedFlagResult};
pub use grader::{is_keyword_list, GradeOptions, Grader};
