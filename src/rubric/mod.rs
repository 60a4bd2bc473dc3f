//! Rubrics: the TOML format a question is written in (weighted concepts, red flags, hints),
//! the small pattern language its concepts and red flags are written in, and the matcher that
//! finds a pattern in an analysed answer, with evidence. A new pattern operator goes in
//! [`pattern`] (syntax and the `Node` tree) and `matcher.rs` (how it matches); a new rubric field
//! goes in `format.rs`.

pub(crate) mod align;
mod format;
pub mod limits;
pub(crate) mod matcher;
pub mod pattern;
mod text;

pub(crate) use format::{line_col, parse_rubric, LexiconFile, SynonymsFile};
pub use format::{schema_json, Concept, Level, MarkedExample, RedFlag, Rubric};
pub use matcher::{Evidence, MatchKind};
pub use text::{write_json, FixedText};

/// Match one pattern against a text with an empty bank vocabulary, as grading would: the
/// evidence of the best match, honouring polarity. For fuzzing and tests; grading uses one
/// matcher per answer for all of a rubric's patterns.
#[doc(hidden)]
pub fn find_in(pattern: &pattern::Pattern, text: &str) -> Option<Vec<Evidence>> {
    let analysis = crate::text::analyze(text);
    let vocab = matcher::Vocabulary::new(std::iter::empty());
    matcher::find(pattern, &analysis, text, &vocab).map(|m| m.evidence)
}
