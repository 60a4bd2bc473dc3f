//! Rubrics: the TOML format a question is written in (weighted concepts, red flags, hints),
//! the small pattern language its concepts and red flags are written in, and the matcher that
//! finds a pattern in an analysed answer, with evidence. A new pattern operator goes in
//! [`pattern`] (syntax and the `Node` tree) and `matcher.rs` (how it matches); a new rubric field
//! goes in `format.rs`.

mod format;
pub mod limits;
pub(crate) mod matcher;
pub mod pattern;

pub(crate) use format::{line_col, parse_rubric, LexiconFile, SynonymsFile};
pub use format::{Concept, Level, RedFlag, Rubric};
pub use matcher::{Evidence, MatchKind};

