//! Drafting a rubric from a question and its reference answer: the starting point an author
//! edits. Its words are chosen like the key terms that grade reference-only questions
//! (`bank/key_terms.rs`: the same candidate words, the rarest kept).
//!
//! The draft's concepts are the ones a minimal rubric (no concepts) is graded on: the
//! reference's rarest words and pairs of neighbouring ones (`a ~ b`, relations rather than lone
//! keywords), weighted 1–5 by rarity, each with the reference sentence it comes from as its
//! model sentence. The draft says `drafted = true`: until the author deletes that line, it is
//! graded like a question without concepts (the fitted reference-only model over the answer's
//! alignment with the reference, its similarity and the draft's concept coverage), so an author
//! starts from what grades at least as well as no draft (measured on SemEval-2013 by
//! `examples/semeval.rs`) and edits: merges, names and hints concepts, adds synonyms,
//! counter-examples and red flags.

use crate::bank::key_terms::derive_concepts;
use crate::bank::retrieval::index_terms;
use crate::bank::Bank;
use crate::rubric::matcher;
use crate::rubric::Concept;
use crate::text::analyze;
use rustc_hash::FxHashSet;
use std::fmt::Write;

/// What to draft.
#[derive(Debug, Clone)]
pub struct DraftRequest {
    /// The rubric's id (kebab-case; see [`slug`]).
    pub id: String,
    /// The topic, i.e. the folder the rubric will live in.
    pub topic: String,
    /// `junior`, `mid` or `senior`, written as given.
    pub level: String,
    /// The question as asked.
    pub question: String,
    /// The reference answer the concepts are drafted from (Markdown; code blocks are skipped).
    pub reference: String,
}

/// A kebab-case id from a question ("What is a goroutine leak?" → "what-is-a-goroutine-leak"):
/// its first eight runs of ASCII letters and digits (ids are a-z, 0-9 and `-`, so "世界" is left
/// out), or "untitled" when it has none.
pub fn slug(text: &str) -> String {
    let words: Vec<String> =
        text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).take(8).map(|w| w.to_ascii_lowercase()).collect();
    match words.is_empty() {
        true => "untitled".to_string(),
        false => words.join("-"),
    }
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// At most this many concepts are drafted.
const MAX_DRAFT_CONCEPTS: usize = 8;

/// Draft a rubric TOML (at most eight concepts) for `req`, using `bank` for
/// word rarity.
pub fn draft(bank: &Bank, req: &DraftRequest) -> String {
    let question_words = question_terms(req);
    let mut out = String::new();
    // Saved as rubrics/<topic>/<id>.toml, the draft names the schema editors validate it with.
    let _ = writeln!(out, "#:schema ../../docs/rubric.schema.json");
    let _ = writeln!(out, "id = {}", toml_str(&req.id));
    let _ = writeln!(out, "topic = {}", toml_str(&req.topic));
    let _ = writeln!(out, "level = {}", toml_str(&req.level));
    let _ = writeln!(out, "question = {}", toml_str(&req.question));
    let _ = writeln!(out, "aliases = []  # TODO: other ways interviewers ask this");
    // Until its concepts are written by hand, a draft is graded like a question without concepts
    // (the fitted model over alignment with the reference, similarity and these concepts'
    // coverage), which grades better than its concepts alone (measured on SemEval-2013).
    let _ = writeln!(out, "drafted = true  # TODO: delete once the concepts are written by hand");
    // The concepts a minimal rubric is graded on (key terms and pairs of neighbouring ones, see
    // `bank/key_terms.rs`), written out: an author starts from what grades at least as well as no
    // draft, and edits. Each concept's model sentence is the reference sentence it comes from.
    let sentences = split_sentences(&req.reference);
    let reference = analyze(&req.reference);
    let options = &bank.params().reference_only;
    let concepts = heaviest_concepts(derive_concepts(&reference, &req.reference, &question_words, bank.retrieval(), options));
    let heaviest = concepts.iter().map(|c| c.weight).fold(0.0, f64::max);
    let mut ids = FxHashSet::default();
    for c in &concepts {
        // The first sentence of the reference holding the concept's words.
        let sentence = sentences
            .iter()
            .find(|s| {
                let a = analyze(s);
                c.patterns.iter().any(|p| matcher::find(p, &a, s, bank.vocabulary()).is_some())
            })
            .cloned();
        let mut id = slug(&c.id);
        while !ids.insert(id.clone()) {
            id.push_str("-2");
        }
        // Weights to one decimal: rounded to whole numbers, a question word's key term (a fifth of
        // a pair's weight or less) weighed as much as a rare word's, and drafts graded worse.
        let weight = if heaviest > 0.0 { (50.0 * c.weight / heaviest).round().clamp(10.0, 50.0) / 10.0 } else { 2.0 };
        let _ = writeln!(out, "\n[[concept]]\nid = {}  # TODO: a name", toml_str(&id));
        if let Some(group) = &c.group {
            let _ = writeln!(out, "group = {}", toml_str(group));
        }
        let _ = writeln!(out, "weight = {weight}");
        let _ = writeln!(out, "says = {}", toml_str(sentence.as_deref().unwrap_or(&c.says)));
        let _ = writeln!(out, "hint = {}  # TODO: a nudge towards this point", toml_str(&c.hint));
        let patterns: Vec<String> = c.patterns.iter().map(|p| toml_str(&p.source)).collect();
        let _ = writeln!(out, "patterns = [{}]", patterns.join(", "));
        let examples: Vec<String> = sentence.iter().map(|s| toml_str(s)).collect();
        let _ = writeln!(out, "examples = [{}]", examples.join(", "));
        let _ = writeln!(out, "counter_examples = []  # TODO: a related sentence that must not count");
    }
    let _ = writeln!(out, "\n# TODO: [[red_flag]] entries for the misconceptions candidates state.");
    out
}

/// The words a drafted rubric's question will demote, as the bank counts them: the question's
/// and its id's (see `Bank::assemble`).
fn question_terms(req: &DraftRequest) -> FxHashSet<String> {
    [analyze(&req.question), analyze(&req.id.replace('-', " "))].iter().flat_map(index_terms).collect()
}

/// The [`MAX_DRAFT_CONCEPTS`] heaviest concepts (a pair weighs more than its words), in the
/// order they were derived.
fn heaviest_concepts(concepts: Vec<Concept>) -> Vec<Concept> {
    let mut order: Vec<usize> = (0..concepts.len()).collect();
    order.sort_by(|&a, &b| concepts[b].weight.total_cmp(&concepts[a].weight).then(a.cmp(&b)));
    order.truncate(MAX_DRAFT_CONCEPTS);
    order.sort_unstable();
    let mut kept: Vec<Option<Concept>> = concepts.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| kept[i].take()).collect()
}

/// Sentences of a reference answer (prose only: code blocks are skipped).
fn split_sentences(text: &str) -> Vec<String> {
    let prose: String = text.split("```").step_by(2).collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = prose.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        current.push(if c == '\n' { ' ' } else { c });
        let end = matches!(c, '.' | '!' | '?') && chars.get(i + 1).is_none_or(|n| n.is_whitespace());
        if end {
            let s = current.split_whitespace().collect::<Vec<_>>().join(" ");
            if s.split(' ').count() >= 4 {
                out.push(s);
            }
            current.clear();
        }
    }
    let s = current.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.split(' ').count() >= 4 {
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_sentences() {
        assert_eq!(slug("What is a goroutine leak?"), "what-is-a-goroutine-leak");
        // Ids are ASCII kebab-case: a concept drafted from "世界" must still load.
        assert_eq!(slug("key 世界 Größe"), "key-gr-e");
        assert_eq!(slug("世界"), "untitled");
        let s = split_sentences("A leak is a goroutine that never exits. Use goleak.\n```go\nx := 1\n```\nIt holds memory forever.");
        assert_eq!(s, vec!["A leak is a goroutine that never exits.", "It holds memory forever."]);
    }

    #[test]
    fn a_draft_loads_as_a_rubric_and_credits_its_own_reference() {
        let bank = Bank::shipped().unwrap();
        let reference = "An unbuffered channel makes the sender wait until a receiver arrives. A buffered channel queues values until its capacity is reached, then blocks the sender.";
        let req = DraftRequest {
            id: "draft-demo".into(),
            topic: "demo".into(),
            level: "mid".into(),
            question: "Buffered or unbuffered?".into(),
            reference: reference.into(),
        };
        let text = draft(&bank, &req).replace("counter_examples = []", "counter_examples = [\"Channels exist.\"]");
        let mut files = std::collections::BTreeMap::new();
        files.insert("rubrics/demo/draft-demo.toml".to_string(), text.clone());
        files.insert("corpus/demo/draft-demo.md".to_string(), reference.to_string());
        let drafted = Bank::from_files(files, "draft".into()).unwrap();
        let g = crate::Grader::new(&drafted).grade_id("draft-demo", reference).unwrap();
        // The draft writes out the key terms and pairs a minimal rubric is graded on.
        let question_words = question_terms(&req);
        let derived = derive_concepts(&analyze(reference), reference, &question_words, bank.retrieval(), &bank.params().reference_only);
        let derived: Vec<String> = heaviest_concepts(derived).iter().map(|c| c.patterns[0].source.clone()).collect();
        let drafted_sources: Vec<String> = drafted.rubrics()[0].concepts.iter().map(|c| c.patterns[0].source.clone()).collect();
        assert_eq!(drafted_sources, derived);
        assert!(drafted_sources.len() >= 4, "{drafted_sources:?}");
        assert!(drafted_sources.iter().any(|s| s.contains(" ~ ")), "relations, not only words: {drafted_sources:?}");
        assert!(g.concepts.iter().all(|c| c.covered), "{:?}", g.concepts);
        // A draft is graded by the reference-only model until `drafted = true` is deleted.
        assert!(drafted.rubrics()[0].drafted && g.breakdown.reference_fit.is_some(), "{:?}", g.breakdown);
        let mut files = std::collections::BTreeMap::new();
        files.insert("rubrics/demo/draft-demo.toml".to_string(), text.replace("drafted = true", "drafted = false"));
        files.insert("corpus/demo/draft-demo.md".to_string(), reference.to_string());
        let edited = Bank::from_files(files, "draft".into()).unwrap();
        let e = crate::Grader::new(&edited).grade_id("draft-demo", reference).unwrap();
        assert!(e.breakdown.reference_fit.is_none() && e.concepts == g.concepts, "{:?}", e.breakdown);
        // Part of the reference earns part of the concepts.
        let part = crate::Grader::new(&drafted).grade_id("draft-demo", "The sender waits until a receiver arrives.").unwrap();
        let covered = part.concepts.iter().filter(|c| c.covered).count();
        assert!(covered >= 1 && covered < g.concepts.len(), "{:?}", part.concepts);
    }
}
