//! What the gates need to know of a rubric's reference answer beyond its words, made on first
//! use: the sides a comparison question sets against each other, and how much of the reference
//! itself is denied (a model answer that names myths to reject them).

use crate::bank::roles::Roles;
use crate::rubric::align::{claims, Claims};
use crate::text::analyze;
use rustc_hash::FxHashSet;

/// Facts about one rubric's reference answer (see the module).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReferenceFacts {
    /// The two sides of a comparison question, if it is one (see [`Roles`]).
    pub roles: Option<Roles>,
    /// The share of the reference's content words under a statement-level denial (see
    /// [`crate::text::Analysis::unasserted_share`]).
    pub denied_share: f64,
    /// The reference's sentences as claims, for telling an answer that contradicts them (see
    /// [`crate::rubric::align::contradicted_sentences`]).
    pub claims: Claims,
}

impl ReferenceFacts {
    /// The facts of a rubric's `reference`, asked as `question` (whose stems are `asked`).
    pub fn of(question: &str, reference: &str, asked: &FxHashSet<String>) -> ReferenceFacts {
        let a = analyze(reference);
        ReferenceFacts { roles: Roles::of(question, &a, asked), denied_share: a.unasserted_share(reference).1, claims: claims(&a) }
    }
}
