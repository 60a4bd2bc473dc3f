//! Limits on what a bank and an answer may hold. Banks come from other teams and answers from
//! candidates, so both are treated as hostile: anything over a limit is rejected with a located
//! problem (`file:line:col: field: message`) or a record error, never a stack overflow or
//! unbounded work. Documented in `docs/rubric-format.md` and the README.

/// Deepest nesting of `( … )` in one pattern. The parser checks it before it recurses, so a
/// pattern nested 50,000 deep is an error at its 33rd `(`, not a stack overflow.
pub const MAX_PATTERN_DEPTH: usize = 32;

/// Longest pattern string, in bytes.
pub const MAX_PATTERN_BYTES: usize = 4 * 1024;

/// Most alternatives in one compiled pattern: the items of every `|` in it, synonym expansions
/// included.
pub const MAX_PATTERN_ALTERNATIVES: usize = 256;

/// Most patterns per concept or red flag.
pub const MAX_PATTERNS_PER_ITEM: usize = 64;

/// Most concepts per rubric.
pub const MAX_CONCEPTS: usize = 64;

/// Most red flags per rubric.
pub const MAX_RED_FLAGS: usize = 64;

/// Largest file of a bank (a rubric, a reference answer, `synonyms.toml`, `params.toml`,
/// `lexicon.toml`), in bytes.
pub const MAX_BANK_FILE_BYTES: usize = 1024 * 1024;

/// Deepest folder of a bank below `rubrics/` or `corpus/` that is read (a symbolic link loop
/// ends here).
pub const MAX_BANK_FOLDER_DEPTH: usize = 4;

/// Largest answer graded by default, in bytes (`--max-answer-bytes` on `grade` and `batch`,
/// [`GradeOptions::max_answer_bytes`](crate::GradeOptions::max_answer_bytes) in the library).
pub const DEFAULT_MAX_ANSWER_BYTES: usize = 64 * 1024;
