//! Rubric quality bars, run by `gograde check` over every rubric of a bank:
//!
//! 1. the reference answer covers every concept, fires no red flag and grades 5;
//! 2. the question text alone, an empty answer and a bare list of the rubric's own keywords
//!    grade at most 1;
//! 3. every red flag fires on each of its examples, and not on the same sentence negated, on
//!    its counter-examples, nor on what the rubric's concepts say and their examples;
//! 4. every concept has examples that credit it and counter-examples that do not.

use crate::bank::Bank;
use crate::grading::Grader;
use crate::rubric::matcher;
use crate::rubric::pattern::Pattern;
use crate::rubric::Rubric;
use crate::text::{analyze, LexiconSource};
use serde::Serialize;

/// One failed quality bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckFailure {
    /// The id of the rubric that failed.
    pub rubric: String,
    /// Its file, relative to the bank root.
    pub file: String,
    /// Which bar failed, e.g. `reference-covers-concepts`.
    pub bar: String,
    /// What failed, with the sentence or pattern at fault.
    pub detail: String,
}

/// The highest grade a non-answer may get.
const NON_ANSWER_MAX_GRADE: u8 = 1;

fn pattern_hits(bank: &Bank, patterns: &[Pattern], sentence: &str) -> Option<String> {
    let a = analyze(sentence);
    patterns.iter().find_map(|p| {
        matcher::find(p, &a, sentence, bank.vocabulary())
            .map(|m| format!("{:?} matched \"{}\"", p.source, m.evidence.iter().map(|e| e.text.as_str()).collect::<Vec<_>>().join(" … ")))
    })
}

/// Negated forms of a statement: a denial of the whole, and "is" → "is not" style insertion.
pub(crate) fn negations(sentence: &str) -> Vec<String> {
    let s = sentence.trim();
    let mut lowered = s.to_string();
    if let Some(first) = s.chars().next() {
        let keep_case = s.split_whitespace().next().is_some_and(|w| w.chars().skip(1).any(|c| c.is_uppercase()) || w.contains('.'));
        if !keep_case {
            lowered = first.to_lowercase().collect::<String>() + &s[first.len_utf8()..];
        }
    }
    let mut out = vec![format!("It is not true that {lowered}")];
    const AUX: &[&str] =
        &["is", "are", "was", "were", "can", "will", "does", "do", "should", "must", "has", "have", "would", "could", "may"];
    // Insert "not" after the first auxiliary of the first clause, unless the statement already
    // holds a negator ("can never" + "not" is a double negative, not a denial).
    let first_clause = s.split([';', ',']).next().unwrap_or(s);
    let words: Vec<&str> = first_clause.split(' ').collect();
    let has_negator = analyze(s).positions.iter().any(|p| p.negator);
    // Only a main-clause auxiliary (near the start) negates the statement itself.
    let main_clause = &words[..words.len().min(6)];
    if let Some(i) = main_clause.iter().position(|w| AUX.contains(&w.to_lowercase().as_str())).filter(|_| !has_negator) {
        let rest = &s[first_clause.len()..];
        let mut w: Vec<String> = words.iter().map(|x| x.to_string()).collect();
        w.insert(i + 1, "not".into());
        out.push(w.join(" ") + rest);
    }
    out
}

/// Run every quality bar on one rubric.
pub fn check_rubric(bank: &Bank, rubric: &Rubric) -> Vec<CheckFailure> {
    let grader = Grader::new(bank);
    let mut out = Vec::new();
    let mut fail = |bar: &str, detail: String| {
        out.push(CheckFailure { rubric: rubric.id.clone(), file: rubric.file.clone(), bar: bar.into(), detail })
    };

    // 1. The reference answer.
    match grader.grade_id(&rubric.id, &rubric.reference) {
        Ok(g) => {
            for c in g.concepts.iter().filter(|c| !c.covered) {
                fail("reference-covers-concepts", format!("the reference answer does not credit concept {:?}", c.id));
            }
            for f in g.red_flags.iter().filter(|f| f.fired) {
                let quote: Vec<&str> = f.evidence.iter().map(|e| e.text.as_str()).collect();
                fail("reference-fires-no-red-flag", format!("the reference answer fires red flag {:?} on \"{}\"", f.id, quote.join(" … ")));
            }
            if g.grade != 5 {
                let gates: Vec<String> = g.gates.iter().map(|x| x.reason.clone()).collect();
                fail(
                    "reference-grades-5",
                    format!(
                        "the reference answer grades {} (score {}; gates: {})",
                        g.grade,
                        g.score,
                        if gates.is_empty() { "none".into() } else { gates.join("; ") }
                    ),
                );
            }
        }
        Err(e) => fail("reference-grades-5", format!("grading failed: {e}")),
    }

    // 2. Non-answers.
    let mut keywords = Vec::new();
    for c in &rubric.concepts {
        if let Some(p) = c.patterns.first() {
            p.root.keywords(&mut keywords);
        }
    }
    keywords.dedup();
    let non_answers =
        [("question-alone", rubric.question.to_string()), ("empty-answer", String::new()), ("keyword-list", keywords.join(", "))];
    // One keyword is no list: it may be the whole right answer ("the constructor"). Nor are the
    // key terms of a reference that is itself a phrase, or that answers a question asking for a
    // name or a value ("What data structure does BFS use …?" / "A queue (FIFO)."): "queue, fifo"
    // is the answer.
    let phrase = |r: &Rubric| crate::text::asks_for_a_phrase(&r.question) || crate::text::analyze(&r.reference).content_positions() <= 4;
    let keywords_may_answer = keywords.len() < 2 || rubric.reference_only && phrase(rubric);
    for (bar, text) in non_answers.into_iter().filter(|(bar, _)| *bar != "keyword-list" || !keywords_may_answer) {
        if let Ok(g) = grader.grade_id(&rubric.id, &text) {
            if g.grade > NON_ANSWER_MAX_GRADE {
                let covered: Vec<&str> = g.concepts.iter().filter(|c| c.covered).map(|c| c.id.as_str()).collect();
                fail(bar, format!("{:?} grades {} (score {}; covers {:?})", text, g.grade, g.score, covered));
            }
        }
    }
    if rubric.reference_only {
        return out;
    }

    // 3. Red flags.
    for f in &rubric.red_flags {
        if f.examples.is_empty() {
            fail("red-flag-examples", format!("red flag {:?} has no example sentence", f.id));
        }
        for ex in &f.examples {
            if pattern_hits(bank, &f.patterns, ex).is_none() {
                fail("red-flag-fires-on-example", format!("red flag {:?} does not fire on its example {:?}", f.id, ex));
                continue;
            }
            for neg in negations(ex) {
                if let Some(why) = pattern_hits(bank, &f.patterns, &neg) {
                    fail("red-flag-silent-when-negated", format!("red flag {:?} fires on the negated example {:?}: {why}", f.id, neg));
                }
            }
        }
        for ex in &f.counter_examples {
            if let Some(why) = pattern_hits(bank, &f.patterns, ex) {
                fail("red-flag-silent-on-counter-example", format!("red flag {:?} fires on counter-example {:?}: {why}", f.id, ex));
            }
        }
        // What the concepts say is right: a flag that fires on it fires on good answers too.
        for c in &rubric.concepts {
            for text in std::iter::once(c.says.as_ref()).chain(c.examples.iter().map(String::as_str)) {
                if let Some(why) = pattern_hits(bank, &f.patterns, text) {
                    fail("red-flag-silent-on-concepts", format!("red flag {:?} fires on concept {:?}'s {text:?}: {why}", f.id, c.id));
                }
            }
        }
    }

    // 4. Concepts.
    for c in &rubric.concepts {
        if c.examples.is_empty() || c.counter_examples.is_empty() {
            fail("concept-examples", format!("concept {:?} needs at least one example and one counter-example", c.id));
        }
        for ex in &c.examples {
            if pattern_hits(bank, &c.patterns, ex).is_none() {
                fail("concept-credits-example", format!("concept {:?} is not credited by its example {:?}", c.id, ex));
            }
        }
        for ex in &c.counter_examples {
            if let Some(why) = pattern_hits(bank, &c.patterns, ex) {
                fail("concept-silent-on-counter-example", format!("concept {:?} is credited by counter-example {:?}: {why}", c.id, ex));
            }
        }
    }
    out
}

/// Run every quality bar on every rubric (or those named), in id order, then on the bank's
/// paraphrase lexicon (when no rubric is named).
pub fn check_bank(bank: &Bank, only: &[String]) -> Vec<CheckFailure> {
    use rayon::prelude::*;
    let rubrics: Vec<&Rubric> = bank.rubrics().iter().filter(|r| only.is_empty() || only.contains(&r.id)).collect();
    let mut failures: Vec<CheckFailure> = rubrics.par_iter().flat_map_iter(|r| check_rubric(bank, r)).collect();
    if only.is_empty() {
        failures.extend(check_lexicon(bank));
    }
    failures
}

/// Every entry of `rubrics/lexicon.toml` must read its own example as the bank's term: the
/// example, analysed as an answer is, gains a token through that entry.
pub fn check_lexicon(bank: &Bank) -> Vec<CheckFailure> {
    let lexicon = bank.lexicon();
    bank.lexicon_examples()
        .iter()
        .filter(|(means, example)| {
            let a = bank.analyze_answer(example);
            !a.tokens
                .iter()
                .filter_map(|t| t.via)
                .any(|e| lexicon.entry(e).means == *means && lexicon.entry(e).source == LexiconSource::Lexicon)
        })
        .map(|(means, example)| CheckFailure {
            rubric: "lexicon".into(),
            file: "rubrics/lexicon.toml".into(),
            bar: "lexicon-example-reads-as-term".into(),
            detail: format!("the example {example:?} is not read as {means:?}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negations_deny_the_statement() {
        let n = negations("Buffered channels never block.");
        assert_eq!(n, vec!["It is not true that buffered channels never block.".to_string()]);
        let n = negations("An unbuffered channel can hold one value.");
        assert_eq!(n[1], "An unbuffered channel can not hold one value.");
        let n = negations("Only writes need a lock; reads are always safe.");
        assert_eq!(n.len(), 1, "no auxiliary in the first clause: {n:?}");
        let n = negations("Slices can never leak memory.");
        assert_eq!(n.len(), 1, "no double negative: {n:?}");
        let n = negations("GOMAXPROCS sets the number of threads.");
        assert!(n[0].contains("that GOMAXPROCS"), "identifier case is kept: {n:?}");
    }
}
