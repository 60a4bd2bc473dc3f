//! Question lookup by free text: every question wording of the bank and every original wording
//! in the seeds resolves to the right rubric, and an uncertain lookup says so instead of guessing.

use crate::util::{bank, shared};
use gograde::{Error, Grader};
use std::collections::{BTreeMap, BTreeSet};

/// Strip Markdown and numbering from a seed heading line.
fn clean_heading(line: &str) -> String {
    let mut s = line.trim().trim_start_matches('#').trim().trim_matches('*').trim().to_string();
    // "12. What is …" / "Q12:" numbering.
    if let Some((num, rest)) = s.split_once(['.', ':']) {
        if !num.is_empty() && num.trim_start_matches('Q').chars().all(|c| c.is_ascii_digit()) {
            s = rest.trim().to_string();
        }
    }
    s.trim_matches('*').trim().to_string()
}

/// (seed source, its wording, the ids citing that source) for every primary question source.
fn seed_wordings() -> Option<Vec<(String, String, BTreeSet<String>)>> {
    let dir = shared()?;
    let tsv = std::fs::read_to_string(dir.join("questions.tsv")).ok()?;
    let mut by_source: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 5 {
            continue;
        }
        for src in cols[4].split(';') {
            if !src.contains("(fu)") {
                by_source.entry(src.trim().to_string()).or_default().insert(cols[0].to_string());
            }
        }
    }
    let mut seeds: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in std::fs::read_dir(dir.join("seeds")).ok()? {
        let p = e.ok()?.path();
        let name = p.file_name()?.to_string_lossy().to_string();
        let text = String::from_utf8_lossy(&std::fs::read(&p).ok()?).to_string();
        seeds.insert(name[..3].to_string(), text.lines().map(String::from).collect());
    }
    let mut out = Vec::new();
    for (src, ids) in by_source {
        let (file, line) = src.split_once(":L")?;
        let n: usize = line.parse().ok()?;
        let text = clean_heading(seeds.get(file)?.get(n - 1)?);
        out.push((src, text, ids));
    }
    Some(out)
}

#[test]
fn every_question_and_alias_of_the_bank_finds_its_rubric() {
    let b = bank();
    let mut wrong = Vec::new();
    let mut total = 0;
    for r in b.rubrics() {
        for text in std::iter::once(r.question.as_str()).chain(r.aliases.iter().map(String::as_str)) {
            total += 1;
            match b.resolve(text) {
                Ok(m) if m.id == r.id => {}
                Ok(m) => wrong.push(format!("{text:?} -> {} (confidence {}) instead of {}", m.id, m.confidence, r.id)),
                Err(e) => wrong.push(format!("{text:?} (for {}): {e}", r.id)),
            }
        }
    }
    // Aliases are short and may be shared by neighbouring questions; 98% is the bar.
    assert!(wrong.len() * 50 <= total, "{} of {total} wordings miss:\n{}", wrong.len(), wrong.join("\n"));
}

#[test]
fn seed_wordings_resolve_to_their_question() {
    let Some(wordings) = seed_wordings() else {
        eprintln!("skipped: ../shared/ is not beside the project");
        return;
    };
    let b = bank();
    let known: BTreeSet<&str> = b.rubrics().iter().map(|r| r.id.as_str()).collect();
    let mut top1 = 0;
    let mut total = 0;
    let mut confident_wrong = Vec::new();
    let mut misses = Vec::new();
    for (src, text, ids) in &wordings {
        // Only wordings whose questions are all in the bank are fair to ask for.
        if !ids.iter().all(|id| known.contains(id.as_str())) {
            continue;
        }
        total += 1;
        let best = b.candidates(text, 1).unwrap();
        if best.first().is_some_and(|c| ids.contains(&c.id)) {
            top1 += 1;
        } else {
            misses.push(format!("{src} {text:?} -> {:?}, want {ids:?}", best.first().map(|c| (&c.id, c.confidence))));
        }
        if let Ok(m) = b.resolve(text) {
            if !ids.contains(&m.id) {
                confident_wrong.push(format!("{src} {text:?} -> {} ({}) want {ids:?}", m.id, m.confidence));
            }
        }
    }
    assert!(total >= 30, "only {total} seed wordings have their questions in the bank");
    assert!(confident_wrong.is_empty(), "confident wrong answers:\n{}", confident_wrong.join("\n"));
    assert!(top1 * 100 >= total * 95, "top-1 {top1}/{total}:\n{}", misses.join("\n"));
    eprintln!("seed wordings: top-1 {top1}/{total}");
}

/// Wordings of the bank's questions written by someone who saw only the canonical question (never
/// the aliases): terse, conversational, topic-only, typo'd and reworded, three per question, split
/// by question into a dev half (looked at) and a test half (not tuned on).
#[test]
fn wordings_written_without_the_aliases_find_their_question() {
    let b = bank();
    for half in ["dev", "test"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/wordings-{half}.jsonl"));
        let text = std::fs::read_to_string(&path).unwrap();
        let (mut total, mut top1, mut wrong) = (0, 0, Vec::new());
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let (id, wording) = (v["question_id"].as_str().unwrap(), v["wording"].as_str().unwrap());
            total += 1;
            top1 += usize::from(b.candidates(wording, 1).unwrap().first().is_some_and(|c| c.id == id));
            // Unresolved is allowed (the answer may settle it, or the user is asked); a wrong
            // question is not.
            if let Ok(m) = b.resolve(wording) {
                if m.id != id {
                    wrong.push(format!("{wording:?} -> {} instead of {id}", m.id));
                }
            }
        }
        eprintln!("wordings-{half}: top-1 {top1}/{total}, resolved wrong {}", wrong.len());
        // Measured 2026-12-06: dev top-1 263/276, wrong 4; test 230/237, wrong 0.
        assert!(top1 * 100 >= total * 94, "{half}: top-1 {top1}/{total}");
        assert!(wrong.len() * 50 <= total, "{half}: {} resolved wrong:\n{}", wrong.len(), wrong.join("\n"));
    }
}

#[test]
fn prompt_words_do_not_steer_the_lookup() {
    // "explain" is in the map question's wording, not in the channel one's: the topic decides.
    let b = bank();
    for text in ["Channel internals: explain.", "Explain channel internals", "Please describe the internals of channels."] {
        let found = b.candidates(text, 2).unwrap();
        assert_eq!(found[0].id, "channel-internals-hchan", "{text:?}: {found:?}");
    }
}

#[test]
fn vague_or_foreign_wordings_are_not_guessed() {
    let b = bank();
    for text in
        ["tell me about Go", "how do I bake sourdough bread", "what is the capital of France", "What is the best pizza topping?", ""]
    {
        assert!(b.resolve(text).is_err(), "{text:?} resolved to {:?}", b.resolve(text));
    }
}

#[test]
fn an_unclear_wording_is_settled_only_by_an_answer_that_answers_a_candidate() {
    let grader = Grader::new(bank());
    let vague = "So, channels, what do you think?";
    assert!(bank().resolve(vague).is_err(), "too vague to resolve alone");
    let good = "Channels are how goroutines communicate: one goroutine sends a value with ch <- v and another \
                receives it with <-ch, so they share memory by communicating. An unbuffered send waits for \
                the receiver, so the two goroutines synchronise; a buffered channel blocks only when full. \
                The sender closes the channel when it is done, and a range loop over it then ends.";
    let g = grader.grade(vague, good).unwrap();
    let m = g.matched_question.as_ref().unwrap();
    assert!(m.by_answer && g.grade >= 3, "{m:?} grade {}", g.grade);
    // An answer that answers none of the candidates cannot settle it.
    for answer in ["Pineapple, because it is sweet.", "I don't know."] {
        let e = grader.grade(vague, answer).unwrap_err();
        assert!(matches!(e, Error::UnknownQuestion { .. }), "{answer:?}: {e}");
    }
    // Nor can a good Go answer pull a foreign wording to its question.
    assert!(grader.grade("What is the best pizza topping?", good).is_err());
}

#[test]
fn an_ambiguous_wording_is_graded_against_each_candidate_and_keeps_the_best() {
    let b = bank();
    let grader = Grader::new(b);
    // Both GOMAXPROCS questions fit it equally.
    let wording = "What is GOMAXPROCS?";
    let Err(Error::AmbiguousQuestion { candidates, .. }) = b.resolve(wording) else {
        panic!("{wording:?} should be ambiguous: {:?}", b.resolve(wording));
    };
    // An answer that fits one reference clearly better settles it by similarity.
    let settles = "With GOMAXPROCS=1 only one goroutine runs Go code at a time, interleaved on one thread, \
                   so there is no parallelism, yet data races are still possible because goroutines are \
                   preempted between a load and a store.";
    let g = grader.grade(wording, settles).unwrap();
    assert_eq!(g.question_id, "gomaxprocs-one");
    assert!(g.matched_question.as_ref().unwrap().by_answer);
    // One that fits both alike is graded against each.
    let answer = "It sets how many threads run Go code at once.";
    let g = grader.grade(wording, answer).unwrap();
    let m = g.matched_question.as_ref().unwrap();
    assert!(m.by_answer && !m.alternatives.is_empty(), "{m:?}");
    let close: Vec<&str> = std::iter::once(m.id.as_str()).chain(m.alternatives.iter().map(String::as_str)).collect();
    assert!(close.iter().all(|id| candidates.iter().any(|c| c.id == *id)), "only the wording's candidates: {close:?}");
    let best = close.iter().map(|id| grader.grade_id(id, answer).unwrap().score).fold(f64::MIN, f64::max);
    assert_eq!(g.score, best, "the most favourable grade is kept");
}

#[test]
fn a_question_asked_for_a_short_answer_does_not_miss_depth_as_much() {
    let grader = Grader::new(bank());
    let answer = "It picks one of the ready cases pseudo-randomly with uniform probability, regardless of the order they're written in.";
    let plain = grader.grade("What does select do with multiple ready cases?", answer).unwrap();
    let quick = grader.grade("Quick: what does select do with multiple ready cases?", answer).unwrap();
    assert_eq!(plain.question_id, quick.question_id);
    assert!(!plain.breakdown.brief && quick.breakdown.brief);
    assert!(quick.score > plain.score && quick.grade >= 3, "{} / {}", plain.score, quick.score);
    // The review says why.
    assert!(gograde::grading::feedback::render_text(&quick).contains("asked for a short answer"));
    assert!(!gograde::grading::feedback::render_text(&plain).contains("asked for a short answer"));
    // The same answer by id is graded as the bank asks it.
    assert_eq!(grader.grade_id(&plain.question_id, answer).unwrap().score, plain.score);
}

#[test]
fn a_likely_wording_with_a_clear_lead_is_graded_against_its_question_whatever_the_answer() {
    let grader = Grader::new(bank());
    let wording = "How do you guarantee that whatever a user types can't alter the SQL your Go service runs?";
    // Below the confidence that resolves a wording alone, but well ahead of the next question.
    let Err(Error::UnknownQuestion { candidates, .. }) = bank().resolve(wording) else { panic!("resolved alone") };
    assert_eq!(candidates[0].id, "sql-injection-prevention");
    let g = grader.grade(wording, "I don't know.").unwrap();
    assert_eq!(g.question_id, "sql-injection-prevention");
    assert_eq!(g.grade, 0);
    assert!(!g.matched_question.unwrap().by_answer, "the wording settled it, not the answer");
}

#[test]
fn a_wording_that_names_what_only_a_reference_mentions_is_confirmed_by_its_answer() {
    let grader = Grader::new(bank());
    let wording = "Isn't Fiber always the best pick since it's fastest?";
    let good = "Not always. Fiber sits on fasthttp instead of net/http, so ordinary http.Handler middleware and \
                httptest do not plug in, and raw speed rarely matters when the database dominates latency. \
                The standard library's ServeMux routes by method and path since Go 1.22, so many services \
                need no framework; chi or Gin stay compatible with net/http when you want more.";
    let g = grader.grade(wording, good).unwrap();
    let m = g.matched_question.as_ref().unwrap();
    assert_eq!(m.id, "web-frameworks-vs-nethttp");
    assert!(m.by_answer && g.grade >= 3, "{m:?} grade {}", g.grade);
    // Without an answer that answers it, the wording stays unknown.
    let e = grader.grade(wording, "Pineapple, because it is sweet.").unwrap_err();
    assert!(matches!(e, Error::UnknownQuestion { .. }), "{e}");
}
