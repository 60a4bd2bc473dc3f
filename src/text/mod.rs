//! Text: the one analyzer that turns raw text (an answer, a reference answer, a pattern word)
//! into positioned, stemmed tokens with sentence, clause and negation facts. The concept matcher
//! and the BM25 index both read its [`Analysis`], so a word that matches a pattern is the same
//! term the index scores. A change to tokenising goes in `analysis.rs` (tokens) or `scan.rs`
//! (words and breaks), stemming in `stem.rs`, negation scope in `negation.rs`, the word lists
//! themselves in `words.rs`, the edit distance of typo tolerance in `edit.rs`. `shape.rs` tells
//! sentences from dumps of terms; `lexicon.rs` adds the bank's terms where an answer uses an
//! everyday wording of them (and, for questions graded from their reference alone, the wordings of
//! `computing-lexicon.toml`); `dictionary.rs` knows English words, to tell a misspelling from a
//! word the bank does not use.

mod analysis;
mod atom;
mod contrast;
mod dictionary;
mod edit;
mod lexicon;
mod negation;
mod scan;
mod shape;
mod stem;
mod term_set;
mod values;
pub mod work;
#[rustfmt::skip]
mod words;

pub use analysis::{
    analyze, asks_for_brevity, is_negator, is_prompt_stem, is_stop_word, is_verb_negator, Analysis, Position, Scopes, Token, TokenKind,
};
pub use atom::Atom;
pub(crate) use atom::IdSlot;
pub use contrast::contrasted;
pub use dictionary::is_english_stem;
pub use edit::{osa_distance, osa_within};
pub use lexicon::{Admission, Admitted, EntrySpec, Lexicon, Source as LexiconSource, MAX_PHRASE_GAP};
pub(crate) use scan::{byte_set, count_bytes};
pub use shape::{
    code_names_at_most, enumerations, name_run_share, relates_list_items, repeated_pairs, Shape, ShapeModel, ENUMERATION_MIN_ITEMS,
    LONG_RUN,
};
pub use stem::{fold_spelling, may_fold, stem_word};
pub(crate) use term_set::TermSet;
pub use values::{
    asked_value, asks_for_a_phrase, counted_things, growth_key, growth_spans, reference_value, stated_value_spans, stated_values,
    CountedThing, ValueKind,
};
