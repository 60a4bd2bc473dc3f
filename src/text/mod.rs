//! Text: the one analyzer that turns raw text (an answer, a reference answer, a pattern word)
//! into positioned, stemmed tokens with sentence, clause and negation facts. The concept matcher
//! and the BM25 index both read its [`Analysis`], so a word that matches a pattern is the same
//! term the index scores. A change to tokenising goes in `analysis.rs` (tokens) or `scan.rs`
//! (words and breaks), stemming in `stem.rs`, negation scope in `negation.rs`, and the word lists
//! themselves in `words.rs`.

mod analysis;
mod negation;
mod scan;
mod stem;
#[rustfmt::skip]
mod words;

pub use analysis::{analyze, is_negator, is_stop_word, Analysis, Position, Token, TokenKind};
pub use stem::{fold_spelling, may_fold, stem_word};
