//! The question bank: rubrics, reference answers, synonyms and score parameters, loaded from a
//! folder or from the copy embedded in the binary, validated as a whole and indexed for BM25
//! retrieval (similarity to a reference answer, and question lookup by wording). Loading lives in
//! `load.rs`, the tunable [`Params`] in `params.rs`, the index in `retrieval.rs`, and resolving an
//! id or a wording to a question in `lookup.rs`. A loaded bank can be saved as a snapshot and read back
//! (`snapshot.rs`, [`BankCache`]) instead of being built again by every process. Questions without hand-written concepts are
//! graded on key terms of their reference answer, chosen in `key_terms.rs` (as `gograde draft`
//! chooses its patterns' words).

mod facts;
pub(crate) use facts::OrderFit;
pub(crate) mod key_terms;
mod lazy;
mod load;
mod lookup;
mod params;
pub(crate) mod retrieval;
pub(crate) mod roles;
mod snapshot;
pub(crate) mod soft_align;

pub use load::{content_hash, Bank, Fingerprint, ReferenceQuestion};
pub(crate) use lookup::{Asked, LookupMemo};
pub use lookup::{Candidate, QuestionMatch};
pub use params::{Gates, Lookup, Params, ReferenceOnly, EXAMPLE_FEATURES, MODEL_FEATURES};
pub use snapshot::BankCache;
