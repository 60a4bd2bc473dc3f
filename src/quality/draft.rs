//! Drafting a rubric from a question and its reference answer: the starting point an author
//! edits. Its words are chosen like the key terms that grade reference-only questions
//! (`bank/key_terms.rs`: the same candidate words, the rarest kept).
//!
//! Each sentence of the reference that carries content becomes a concept whose pattern joins its
//! rarest words (by the bank's IDF) with `~`, so the draft already asks for relations rather than
//! keywords. The author then adds synonyms, hints, counter-examples and red flags.

use crate::bank::key_terms::{candidates, keep_heaviest};
use crate::bank::Bank;
use crate::rubric::pattern::default_window;
use crate::text::{analyze, TokenKind};
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

/// A kebab-case id from a question ("What is a goroutine leak?" → "what-is-a-goroutine-leak").
pub fn slug(text: &str) -> String {
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(8).map(|w| w.to_lowercase()).collect();
    words.join("-")
}

fn toml_str(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// Draft a rubric TOML (at most 8 concepts) for `req`, using `bank` for word rarity.
pub fn draft(bank: &Bank, req: &DraftRequest) -> String {
    let question_words: FxHashSet<String> = analyze(&req.question).tokens.iter().map(|t| t.stem.to_string()).collect();
    let mut out = String::new();
    // Saved as rubrics/<topic>/<id>.toml, the draft names the schema editors validate it with.
    let _ = writeln!(out, "#:schema ../../docs/rubric.schema.json");
    let _ = writeln!(out, "id = {}", toml_str(&req.id));
    let _ = writeln!(out, "topic = {}", toml_str(&req.topic));
    let _ = writeln!(out, "level = {}", toml_str(&req.level));
    let _ = writeln!(out, "question = {}", toml_str(&req.question));
    let _ = writeln!(out, "aliases = []  # TODO: other ways interviewers ask this");
    let mut n = 0;
    for sentence in split_sentences(&req.reference) {
        if n == 8 {
            break;
        }
        let a = analyze(&sentence);
        // Chosen like the key terms of reference-only questions, from words and identifiers
        // only, and never a word of the question.
        let mut words = candidates(&a, &[TokenKind::Word, TokenKind::Ident], &question_words, true, |t, _| bank.idf(&t.stem));
        if words.len() < 2 {
            continue;
        }
        keep_heaviest(&mut words, 3);
        // Identifiers exactly; words as a prefix of their stem, unless too short for one.
        let terms: Vec<String> = words
            .iter()
            .map(|w| match w.token.kind {
                TokenKind::Ident => w.token.text.to_string(),
                _ if w.token.stem.len() < 3 => w.token.stem.to_string(),
                _ => w.token.stem.to_string() + "*",
            })
            .collect();
        let negated = (0..a.positions.len()).any(|p| a.is_denied(p));
        // The chosen words may sit further apart than the default window: widen it to fit.
        let span = words.iter().map(|w| w.token.pos).max().unwrap_or(0) - words.iter().map(|w| w.token.pos).min().unwrap_or(0);
        let op = if span > default_window(terms.len()) { format!(" ~{} ", span + 2) } else { " ~ ".to_string() };
        n += 1;
        let _ = writeln!(out, "\n[[concept]]\nid = \"concept-{n}\"  # TODO: a name");
        let _ = writeln!(out, "weight = 2");
        let _ = writeln!(out, "says = {}", toml_str(&sentence));
        let _ = writeln!(out, "hint = \"TODO: a nudge towards this point\"");
        let _ = writeln!(out, "patterns = [{}]", toml_str(&format!("{}{}", if negated { "not: " } else { "" }, terms.join(&op))));
        let _ = writeln!(out, "examples = [{}]", toml_str(&sentence));
        let _ = writeln!(out, "counter_examples = []  # TODO: a related sentence that must not count");
    }
    let _ = writeln!(out, "\n# TODO: [[red_flag]] entries for the misconceptions candidates state.");
    out
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
        files.insert("rubrics/demo/draft-demo.toml".to_string(), text);
        files.insert("corpus/demo/draft-demo.md".to_string(), reference.to_string());
        let drafted = Bank::from_files(files, "draft".into()).unwrap();
        let g = crate::Grader::new(&drafted).grade_id("draft-demo", reference).unwrap();
        assert_eq!(g.concepts.len(), 2);
        assert!(g.concepts.iter().all(|c| c.covered), "{:?}", g.concepts);
    }
}
