//! Generated robustness checks over every rubric: gaming attempts built from each rubric's own
//! reference answer grade at most 1, every red-flag example stated in a denied form fires
//! nothing while the plain form still fires, and a question said back as a statement covers no
//! concept (nothing there is hand-picked). Beside them, bounds over the marked sets (no good
//! answer gated as a dump, the no-core gate) and over a fixture of plain wrong claims and correct
//! contrasts for the red flags.

use crate::util::bank;
use gograde::grading::GateKind;
use gograde::Grader;

/// A tiny deterministic generator (no extra crate): the same inputs on every run.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| matches!(c, '.' | ',' | ';' | ':' | '!' | '?')).to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_function_word(w: &str) -> bool {
    gograde::text::is_stop_word(&w.to_lowercase())
}

/// The attacks on one rubric, each with its name.
fn attacks(reference: &str, vocabulary: &[String], rng: &mut Lcg) -> Vec<(&'static str, String)> {
    let all = words(reference);
    let mut shuffled = all.clone();
    rng.shuffle(&mut shuffled);
    let mut content: Vec<String> = Vec::new();
    for w in all.iter().filter(|w| !is_function_word(w)) {
        if !content.iter().any(|c| c.eq_ignore_ascii_case(w)) {
            content.push(w.clone());
        }
    }
    let mut counts: Vec<(usize, &String)> = content.iter().map(|c| (all.iter().filter(|w| w.eq_ignore_ascii_case(c)).count(), c)).collect();
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let frequent: Vec<&str> = counts.iter().take(10).map(|(_, w)| w.as_str()).collect();
    let random: Vec<&str> = (0..25).map(|_| vocabulary[rng.below(vocabulary.len())].as_str()).collect();
    // Every word but the function words, as written (code and all), once each, with commas.
    let mut listed: Vec<&str> = Vec::new();
    for w in reference.split_whitespace().filter(|w| !is_function_word(w.trim_matches(|c: char| !c.is_alphanumeric()))) {
        if !listed.iter().any(|l| l.eq_ignore_ascii_case(w)) {
            listed.push(w);
        }
    }
    vec![
        ("shuffled reference", shuffled.join(" ")),
        ("content words joined by spaces", content.iter().take(40).cloned().collect::<Vec<_>>().join(" ")),
        ("content words joined by commas", content.iter().take(25).cloned().collect::<Vec<_>>().join(", ")),
        // A code-heavy reference's list keeps code marks, which excuse lists of names.
        ("every word as written, joined by commas", listed.join(", ")),
        ("random bank vocabulary", random.join(" ")),
        ("burst of frequent nouns", format!("Well, basically it is all about {} {}", frequent.join(" "), frequent.join(" "))),
        // A list written into a sentence (Filighera et al.: key terms added around an answer).
        ("frequent words listed in a sentence", format!("It is all about {} and {}.", frequent[..5].join(", "), frequent[5])),
    ]
}

#[test]
fn term_dumps_shuffles_and_random_vocabulary_grade_at_most_one() {
    let grader = Grader::new(bank());
    let mut vocabulary: Vec<String> =
        bank().rubrics().iter().flat_map(|r| words(&r.reference)).filter(|w| !is_function_word(w) && w.len() > 3).collect();
    vocabulary.sort();
    vocabulary.dedup();
    let mut rng = Lcg(2026);
    let mut failures = Vec::new();
    let mut graded = 0;
    for r in bank().rubrics() {
        for (name, answer) in attacks(&r.reference, &vocabulary, &mut rng) {
            let g = grader.grade_id(&r.id, &answer).unwrap();
            graded += 1;
            if g.grade > 1 {
                failures.push(format!("{} [{name}]: grade {} (score {})", r.id, g.grade, g.score));
            }
        }
    }
    assert!(graded >= 7 * 171, "{graded}");
    // Known gaps: a dump of a code-heavy reference keeps enough code marks to pass as code, and a
    // list of code names in a sentence still relates them (39 of 684 when this was written; 37
    // of 855 with the comma-separated family; 24 of 1,026 with lists in a sentence, 9 of them
    // that family; every word as written joined by commas added 49 of 171 above 1 until a long
    // list with code marks was capped, and none after). The bound stops them from growing.
    assert!(failures.len() * 100 <= graded * 4, "{} of {graded} attacks graded above 1:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn a_question_said_back_as_a_statement_covers_no_concept_and_grades_zero() {
    let grader = Grader::new(bank());
    let (mut covering, mut above_zero) = (Vec::new(), Vec::new());
    for r in bank().rubrics() {
        let answer = format!("So the point is this: {}.", r.question.trim_end_matches('?'));
        let g = grader.grade_id(&r.id, &answer).unwrap();
        if let Some(c) = g.concepts.iter().find(|c| c.covered) {
            covering.push(format!("{}: {} ({:?})", r.id, c.id, c.evidence.iter().map(|e| e.text.as_str()).collect::<Vec<_>>()));
        }
        if g.grade > 0 {
            above_zero.push(format!("{}: grade {} (score {})", r.id, g.grade, g.score));
        }
    }
    assert!(above_zero.is_empty(), "{}", above_zero.join("\n"));
    // Before a match made only of the question's words in a restating sentence was void, 46 of
    // the 171 covered a concept (one graded 2); 3 did when this was written, each with a word
    // of its own in the match. The bound stops them from growing.
    assert!(covering.len() <= 4, "{} restated questions cover a concept:\n{}", covering.len(), covering.join("\n"));
}

/// Code restates no question: "You do `value, ok := m[key]` and check ok." (marked 2 on the
/// screening set's dev half) was capped at 0 as restating "How do you check whether a key exists in
/// a map, and why is the comma-ok form needed?", because `ok` and `key` are the question's words.
/// Words said only in code that has code marks do not count as the question's; the question in
/// backticks, with no code marks, still does.
#[test]
fn a_short_answer_in_code_restates_nothing_and_the_question_in_backticks_still_does() {
    let grader = Grader::new(bank());
    let g = grader.grade_id("map-key-existence", "You do `value, ok := m[key]` and check ok. That's the Go way of doing it.").unwrap();
    assert!(g.gates.is_empty() && g.grade >= 2, "grade {} {:?}", g.grade, g.gates);
    for r in bank().rubrics() {
        let g = grader.grade_id(&r.id, &format!("`{}`", r.question.trim_end_matches('?'))).unwrap();
        assert_eq!(g.grade, 0, "{}: the question in backticks graded {} ({:?})", r.id, g.grade, g.gates);
    }
}

/// A red-flag example with its first letter lowered and its final stop dropped, to embed.
fn clause(example: &str) -> String {
    let t = example.trim().trim_end_matches(['.', '!']);
    let mut c = t.chars();
    match c.next() {
        Some(f) if c.clone().next().is_some_and(|s| s.is_lowercase()) => f.to_lowercase().chain(c).collect(),
        _ => t.to_string(),
    }
}

fn capitalised(x: &str) -> String {
    let mut c = x.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Denied forms of a statement, in several shapes.
fn denials(x: &str) -> Vec<String> {
    vec![
        format!("It is not true that {x}."),
        format!("It's a myth that {x}."),
        format!("People assume {x}, but that is not the case."),
        format!("Many developers think {x}. That's a misconception."),
        format!("It would be wrong to say that {x}."),
        format!("A common mistake is to think that {x}."),
        format!("Contrary to what people think, it is false that {x}."),
        format!("A common assumption is that {x}, but it does not hold."),
        format!("The idea that {x} is a myth."),
        format!("Forget the notion that {x}."),
        format!("Don't believe that {x}."),
        format!("Saying that {x} is wrong."),
        format!("Myth: {x}."),
        format!("Is it true that {x}? No."),
        format!("I used to think {x}, but I learned otherwise."),
        format!("You may read that {x}, which is not true."),
        format!("{} — that's wrong.", capitalised(x)),
        format!("Another misconception: {x}."),
        format!("The belief that {x} doesn't hold up."),
        format!("The idea that {x} isn't true."),
        format!("Someone had assumed {x}."),
        format!("A teammate thought {x}."),
        format!("People often say {x}. Don't — it is wrong."),
    ]
}

#[test]
fn denied_red_flag_examples_never_fire_and_plain_ones_do() {
    let grader = Grader::new(bank());
    let mut fired_when_denied = Vec::new();
    let mut silent_when_plain = Vec::new();
    let mut checked = 0;
    for r in bank().rubrics() {
        for (k, flag) in r.red_flags.iter().enumerate() {
            for example in &flag.examples {
                let plain = grader.grade_id(&r.id, example).unwrap();
                if !plain.red_flags[k].fired {
                    silent_when_plain.push(format!("{}/{}: {example}", r.id, flag.id));
                }
                for denied in denials(&clause(example)) {
                    checked += 1;
                    if grader.grade_id(&r.id, &denied).unwrap().red_flags[k].fired {
                        fired_when_denied.push(format!("{}/{}: {denied}", r.id, flag.id));
                    }
                }
            }
        }
    }
    assert!(checked > 1000, "{checked}");
    assert!(silent_when_plain.is_empty(), "plain examples that did not fire:\n{}", silent_when_plain.join("\n"));
    // Allowed: a handful the negation scoper does not read yet: examples of two clauses joined
    // by a semicolon, whose second clause the denial does not reach, examples with a negation
    // of their own inside a denial, and "The belief that X doesn't hold up" where the flag's own
    // pattern names "hold" (72 of 42,665 when this was written, 34 of them that last shape; 43
    // once the negator that rejects a claim stopped negating "hold" itself).
    assert!(
        fired_when_denied.len() * 300 <= checked,
        "{} of {checked} denied forms fired:\n{}",
        fired_when_denied.len(),
        fired_when_denied.join("\n")
    );
}

#[test]
fn near_duplicate_questions_grade_each_others_good_answers_and_short_answers_count() {
    use gograde::{Bank, Params, ReferenceQuestion};
    let q = |id: &str, question: &str, reference: &str| ReferenceQuestion {
        id: id.into(),
        question: question.into(),
        reference: reference.into(),
        examples: Vec::new(),
    };
    let bank = Bank::from_references(
        vec![
            q(
                "ctor-1",
                "What is the function called when an object is created?",
                "The constructor is called when an object is created; it initialises the object's fields.",
            ),
            q(
                "ctor-2",
                "Which function runs when an object is created?",
                "A constructor runs when an object is created and initialises its fields.",
            ),
            q("stack", "What is a stack?", "A stack is a last-in first-out data structure with push and pop operations on its top."),
            q(
                "queue",
                "What is a queue?",
                "A queue is a first-in first-out data structure: enqueue adds at the back, dequeue removes from the front.",
            ),
        ],
        Params::default(),
    )
    .unwrap();
    let grader = Grader::new(&bank);
    for id in ["ctor-1", "ctor-2"] {
        let g = grader.grade_id(id, "The constructor is called when the object is created, and it initialises the fields.").unwrap();
        assert!(!g.off_topic, "{id}: a near-duplicate question's answer is not off-topic: {:?}", g.gates);
        assert!(g.grade >= 4, "{id}: {} {:?}", g.grade, g.gates);
    }
    // A one-phrase answer that carries the key term is not "too short".
    let short = grader.grade_id("ctor-1", "the constructor").unwrap();
    assert!(short.gates.is_empty(), "{:?}", short.gates);
    assert!(short.score > 0.0, "{}", short.score);
    // An unrelated question's answer still is off-topic.
    let other =
        grader.grade_id("stack", "A queue is first-in first-out: enqueue adds at the back and dequeue removes from the front.").unwrap();
    assert!(other.off_topic && other.grade <= 1, "{} {:?}", other.grade, other.gates);
}

/// A seeded typo model: in about one word in seven of five or more letters, swap two letters,
/// drop one, double one, or hit a keyboard neighbour.
fn with_typos(text: &str, rng: &mut Lcg) -> String {
    const ROWS: [&str; 3] = ["qwertyuiop", "asdfghjkl", "zxcvbnm"];
    let neighbour = |c: char| -> char {
        for row in ROWS {
            if let Some(i) = row.find(c) {
                let r: Vec<char> = row.chars().collect();
                return if i + 1 < r.len() { r[i + 1] } else { r[i - 1] };
            }
        }
        c
    };
    let mut out = String::with_capacity(text.len() + 16);
    for (k, piece) in text.split_inclusive(char::is_whitespace).enumerate() {
        let word: Vec<char> = piece.trim_end().chars().collect();
        let tail = &piece[piece.trim_end().len()..];
        if word.len() < 5 || !word.iter().all(|c| c.is_ascii_lowercase()) || rng.below(7) != 0 || k == 0 {
            out.push_str(piece);
            continue;
        }
        let mut w = word.clone();
        let i = 1 + rng.below(w.len() - 2);
        match rng.below(4) {
            0 => w.swap(i, i + 1),
            1 => {
                w.remove(i);
            }
            2 => w.insert(i, w[i]),
            _ => w[i] = neighbour(w[i]),
        }
        out.extend(w);
        out.push_str(tail);
    }
    out
}

#[test]
fn typod_copies_of_marked_answers_grade_close_to_the_clean_ones() {
    let grader = Grader::new(bank());
    let text = std::fs::read_to_string(crate::util::root().join("tests/data/marked-answers.jsonl")).unwrap();
    let mut rng = Lcg(7);
    let (mut total, mut n) = (0i64, 0i64);
    let mut above = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let (q, answer) = (v["question"].as_str().unwrap(), v["answer"].as_str().unwrap());
        let typod = with_typos(answer, &mut rng);
        let (Ok(clean), Ok(noisy)) = (grader.grade(q, answer), grader.grade(q, &typod)) else { continue };
        total += i64::from(clean.grade) - i64::from(noisy.grade);
        n += 1;
        if noisy.grade > clean.grade + 1 {
            above.push(format!("{q}: clean {} typo'd {}: {typod}", clean.grade, noisy.grade));
        }
    }
    assert!(n > 300, "{n}");
    let mean = total as f64 / n as f64;
    assert!(mean.abs() <= 0.5, "typos cost {mean:.2} grades on average");
    assert!(above.is_empty(), "typo'd answers graded more than one above the clean one:\n{}", above.join("\n"));
}

/// A slip in a negator flips what a sentence claims: "goroutines are nto OS threads" stated the
/// misconception and fired its red flag. Every negator of every answer marked 3 or more gets a
/// seeded slip (two letters swapped, one doubled, or one dropped, never the first); the typo'd
/// copies grade as the clean ones do. (Before misspelt negators were read as negators: 47 of 424
/// such answers lost a grade or more, 0.16 grades on average.)
#[test]
fn answers_with_misspelt_negators_grade_as_the_clean_ones() {
    const NEGATORS: [&str; 14] = [
        "not", "never", "cannot", "without", "nothing", "doesn't", "don't", "isn't", "aren't", "can't", "won't", "didn't", "instead",
        "none",
    ];
    let grader = Grader::new(bank());
    let mut rng = Lcg(11);
    let (mut total, mut n, mut dropped) = (0i64, 0i64, Vec::new());
    for set in ["marked-answers", "blind-dev", "holdout-dev", "wide-dev"] {
        let text = std::fs::read_to_string(crate::util::root().join(format!("tests/data/{set}.jsonl"))).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            if v["grade"].as_u64().unwrap() < 3 {
                continue;
            }
            let (q, answer) = (v["question"].as_str().unwrap(), v["answer"].as_str().unwrap());
            let mut slipped = false;
            let typod: String = answer
                .split_inclusive(|c: char| !(c.is_ascii_alphabetic() || c == '\''))
                .map(|piece| {
                    let word = piece.trim_end_matches(|c: char| !(c.is_ascii_alphabetic() || c == '\''));
                    if !NEGATORS.contains(&word) {
                        return piece.to_string();
                    }
                    slipped = true;
                    let mut w: Vec<char> = word.chars().collect();
                    let i = 1 + rng.below(w.len() - 2);
                    match rng.below(if w.len() >= 5 { 3 } else { 2 }) {
                        0 => w.swap(i, i + 1),
                        1 => w.insert(i, w[i]),
                        _ => {
                            w.remove(i);
                        }
                    }
                    w.into_iter().collect::<String>() + &piece[word.len()..]
                })
                .collect();
            if !slipped {
                continue;
            }
            let (Ok(clean), Ok(noisy)) = (grader.grade(q, answer), grader.grade(q, &typod)) else { continue };
            total += i64::from(clean.grade) - i64::from(noisy.grade);
            n += 1;
            if noisy.grade + 1 < clean.grade {
                dropped.push(format!("{set} {q}: clean {} typo'd {}: {typod:.120}", clean.grade, noisy.grade));
            }
        }
    }
    assert!(n > 300, "{n}");
    let mean = total as f64 / n as f64;
    assert!(mean <= 0.05, "misspelt negators cost {mean:.2} grades on average");
    assert!(dropped.len() * 100 <= n as usize, "{} of {n} lost two grades or more:\n{}", dropped.len(), dropped.join("\n"));
}

/// A red flag names a wrong claim about Go; said of what Go is contrasted with, it is none.
#[test]
fn a_claim_about_the_language_go_is_contrasted_with_fires_no_flag() {
    let grader = Grader::new(bank());
    let fired = |answer: &str| {
        let g = grader.grade_id("deadlocks-detect-prevent", answer).unwrap();
        g.red_flags.iter().any(|f| f.fired && f.id == "reentrant-mutex")
    };
    assert!(fired("Go mutexes are reentrant, so locking twice is fine."));
    assert!(!fired("Unlike Java's reentrant locks, a Go mutex deadlocks when the same goroutine locks it twice."));
    assert!(!fired("In Java, locks are reentrant, so the same thread can lock twice."));
    // Back to Go within the sentence: the claim about Go fires again.
    assert!(fired("In Java you need care; in Go mutexes are reentrant, so locking twice is fine."));
}

/// The other side of the dump gates: an answer that experts marked 3 or more, in any of the
/// marked sets (terse one-liners, whole functions of code, dates written out), is never
/// capped as a dump of terms or a keyword list.
#[test]
fn no_answer_experts_marked_three_or_more_is_gated_as_a_dump() {
    let grader = Grader::new(bank());
    let mut checked = 0;
    let mut gated = Vec::new();
    for set in ["marked-answers", "blind-dev", "blind-test"] {
        let text = std::fs::read_to_string(crate::util::root().join(format!("tests/data/{set}.jsonl"))).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            if record["grade"].as_u64().unwrap() < 3 {
                continue;
            }
            // Our own marked set names the question by id or wording in "question".
            let answer = record["answer"].as_str().unwrap();
            let (id, grade) = match record["question_id"].as_str() {
                Some(id) => (id, grader.grade_id(id, answer)),
                None => (record["question"].as_str().unwrap(), grader.grade(record["question"].as_str().unwrap(), answer)),
            };
            let grade = grade.unwrap_or_else(|e| panic!("{set} {id}: {e}"));
            checked += 1;
            if grade.gates.iter().any(|g| matches!(g.gate, GateKind::TermDump | GateKind::KeywordList)) {
                gated.push(format!("{set} {id}: {answer:.80}"));
            }
        }
    }
    assert!(checked > 400, "{checked}");
    assert!(gated.is_empty(), "{} good answers gated as dumps:\n{}", gated.len(), gated.join("\n"));
}

/// Every answer of the marked sets the gate bounds were first measured on, graded by its
/// question as written (rows whose question does not resolve are skipped).
fn each_marked_grade(mut f: impl FnMut(&str, &serde_json::Value, &gograde::Grade)) {
    let grader = Grader::new(bank());
    for set in ["marked-answers", "blind-dev", "blind-test", "holdout-dev", "holdout-test", "wide-dev", "wide-test"] {
        let text = std::fs::read_to_string(crate::util::root().join(format!("tests/data/{set}.jsonl"))).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            let id = record["question_id"].as_str().or(record["question"].as_str()).unwrap();
            if let Ok(g) = grader.grade(id, record["answer"].as_str().unwrap()) {
                f(set, &record, &g);
            }
        }
    }
}

#[test]
fn the_no_core_gate_caps_answers_experts_marked_zero_and_rarely_good_ones() {
    let (mut zero, mut zero_gated, mut good, mut good_gated) = (0, 0, 0, Vec::new());
    each_marked_grade(|set, record, g| {
        let gated = g.gates.iter().any(|g| g.gate == GateKind::NoCore);
        match record["grade"].as_u64().unwrap() {
            0 => (zero, zero_gated) = (zero + 1, zero_gated + usize::from(gated)),
            3.. => {
                good += 1;
                if gated {
                    good_gated.push(format!("{set} {} (score {}): {:.80}", g.question_id, g.score, record["answer"]));
                }
            }
            _ => {}
        }
    });
    assert!(zero > 500 && good > 1000, "{zero} / {good}");
    // When this was written: 472 of 567 answers marked 0, and 23 of 1,049 marked 3 or more (most
    // of them graded under the cap already: the patterns missed their core).
    assert!(zero_gated * 100 >= zero * 75, "{zero_gated} of {zero} answers marked 0 gated");
    assert!(good_gated.len() * 100 <= good * 3, "{} of {good} answers marked 3+ gated:\n{}", good_gated.len(), good_gated.join("\n"));
}

/// The off-topic gate on every marked set: fluent answers to a nearby question (the "off-topic"
/// kind, written by people who never saw the rubrics) are capped, answers experts marked 3 or
/// more almost never. An answer that covers no concept needs only to fit another reference
/// better than its own (`gates.off_topic_uncovered_margin`): that rule took the gated share of
/// the off-topic kind from 139 to 188 of 225 and of the good answers from 3 to 6 of 1,049 (all
/// six already graded 0 or 1).
#[test]
fn the_off_topic_gate_caps_answers_to_other_questions_and_rarely_good_ones() {
    let (mut off, mut off_gated, mut good, mut good_gated) = (0, 0, 0, Vec::new());
    each_marked_grade(|set, record, g| {
        let gated = g.gates.iter().any(|g| g.gate == GateKind::OffTopic);
        if record["kind"] == "off-topic" {
            (off, off_gated) = (off + 1, off_gated + usize::from(gated));
        } else if record["grade"].as_u64().unwrap() >= 3 {
            good += 1;
            if gated {
                good_gated.push(format!("{set} {} (score {}): {:.80}", g.question_id, g.score, record["answer"]));
            }
        }
    });
    assert!(off > 200 && good > 1000, "{off} / {good}");
    assert!(off_gated * 100 >= off * 80, "{off_gated} of {off} off-topic answers gated");
    assert!(good_gated.len() * 100 <= good, "{} of {good} answers marked 3+ gated:\n{}", good_gated.len(), good_gated.join("\n"));
}

#[test]
fn red_flags_fire_on_plain_wrong_claims_and_not_on_correct_contrasts() {
    let grader = Grader::new(bank());
    let text = std::fs::read_to_string(crate::util::root().join("tests/data/flag-probes.tsv")).unwrap();
    let (mut wrong, mut right) = (0, 0);
    let (mut silent, mut fired) = (Vec::new(), Vec::new());
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let mut fields = line.splitn(3, '\t');
        let (Some(kind), Some(id), Some(sentence)) = (fields.next(), fields.next(), fields.next()) else { panic!("bad line {line:?}") };
        let g = grader.grade_id(id, sentence).unwrap_or_else(|e| panic!("{id}: {e}"));
        let flags: Vec<&str> = g.red_flags.iter().filter(|f| f.fired).map(|f| f.id.as_str()).collect();
        match kind {
            "wrong" => {
                wrong += 1;
                if flags.is_empty() {
                    silent.push(format!("{id}: {sentence}"));
                }
            }
            "right" => {
                right += 1;
                if !flags.is_empty() {
                    fired.push(format!("{id} {flags:?}: {sentence}"));
                }
            }
            other => panic!("unknown kind {other:?}"),
        }
    }
    assert!(wrong > 600 && right > 200, "{wrong} / {right}");
    // When this was written: 29 of 670 wrong claims fired nothing (phrasings no pattern could
    // take without also taking a correct neighbour), and 2 of 230 correct sentences fired a flag.
    assert!(silent.len() * 100 <= wrong * 6, "{} of {wrong} wrong claims fire no flag:\n{}", silent.len(), silent.join("\n"));
    assert!(fired.len() * 100 <= right * 2, "{} of {right} correct sentences fire a flag:\n{}", fired.len(), fired.join("\n"));
}

/// Experts take a point off a correct answer full of typos; a clean copy keeps full marks, and
/// Go names run together or written in code are not typos.
#[test]
fn a_full_marks_answer_full_of_typos_loses_one_grade_and_says_which_words() {
    let grader = Grader::new(bank());
    let q = "When would you panic instead of returning an error?";
    let typod = "Return an eror for anything that can realisticly go wrong at runtime - file missing, timout, bad input from \
                 the user, db row not found. The caller gets to decide what to do. Panic is for bugs and imposible states: an \
                 invarient you rely on is broken, a switch case that should never be hit, or startup where you cant continue \
                 (missing config). Standard libary examples are regexp.MustCompile and template.Must which panic because the \
                 input is a constant writen by the programmer. Libraries shoudn't panic on there callers, and a server can \
                 recover() in a middlware so one bad request doesnt kill the proccess.";
    let noisy = grader.grade(q, typod).unwrap();
    let gate = noisy.gates.iter().find(|g| g.gate == GateKind::Misspelt).expect("the misspelt gate");
    assert!(gate.reason.contains("eror") && gate.reason.contains("timout"), "{}", gate.reason);
    assert_eq!(noisy.grade, 4, "{:?}", noisy.gates);

    let mut clean = typod.to_string();
    for (typo, word) in [
        ("eror", "error"),
        ("realisticly", "realistically"),
        ("timout", "timeout"),
        ("imposible", "impossible"),
        ("invarient", "invariant"),
        ("libary", "library"),
        ("writen", "written"),
        ("middlware", "middleware"),
        ("doesnt", "doesn't"),
        ("proccess", "process"),
    ] {
        clean = clean.replace(typo, word);
    }
    let graded = grader.grade(q, &clean).unwrap();
    assert!(graded.gates.is_empty() && graded.grade == 5, "{} {:?}", graded.grade, graded.gates);

    // Spelling says nothing of which question an answer answers: an unclear wording that the
    // clean answer settles, the typo'd one settles too.
    let settled = |answer: &str| grader.grade("failures", answer).map(|g| g.question_id).ok();
    assert_eq!(settled(&clean).as_deref(), Some("panic-vs-error"));
    assert_eq!(settled(typod), settled(&clean));

    // Analyzer names of `go vet` are words of the bank run together, not misspellings.
    let names = "Run go vet in CI: it reports printf format mismatches, copylocks, lostcancel, structtag problems, nilfunc \
                 comparisons, unreachable code, unusedresult and bad buildtags, all things the compiler accepts.";
    let vet = grader.grade("What kinds of problems does go vet look for?", names).unwrap();
    assert!(vet.gates.iter().all(|g| g.gate != GateKind::Misspelt), "{:?}", vet.gates);
}

/// Red flags on answers experts marked 4–5 in the three blind sets of correct answers (`good`,
/// `voices`, `myths`: written by helpers who saw only the questions; answers that reject myths,
/// tell bug stories and compare with other languages among them). A flag firing on a right answer
/// costs a right candidate most. The bounds are the counts when this was written, plus a little.
#[test]
fn red_flags_seldom_fire_on_correct_answers() {
    let grader = Grader::new(bank());
    let mut counts = Vec::new();
    let mut over = Vec::new();
    for (set, bound) in FLAGGED_CORRECT_BOUNDS {
        let text = std::fs::read_to_string(crate::util::root().join(format!("tests/data/{set}.jsonl"))).unwrap();
        let (mut correct, mut flagged) = (0, 0usize);
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            if record["grade"].as_u64().unwrap() < 4 {
                continue;
            }
            let g = grader.grade_id(record["question_id"].as_str().unwrap(), record["answer"].as_str().unwrap()).unwrap();
            correct += 1;
            flagged += usize::from(g.red_flags.iter().any(|f| f.fired));
        }
        counts.push(format!("{set}: {flagged} of {correct}"));
        if flagged > bound {
            over.push(format!("{set}: {flagged} of {correct} (bound {bound})"));
        }
    }
    assert!(over.is_empty(), "red flags fire on more correct answers than before: {over:?} (all: {counts:?})");
}

/// (set, most answers marked 4–5 with a fired flag). Measured 2026-12-07: good 0 of 227 and 7 of
/// 217, voices 3 of 351 and 30 of 333, myths 4 of 253 and 23 of 256 (dev, test).
const FLAGGED_CORRECT_BOUNDS: [(&str, usize); 6] =
    [("good-dev", 2), ("good-test", 9), ("voices-dev", 5), ("voices-test", 33), ("myths-dev", 7), ("myths-test", 26)];

/// The misspelt gate on every marked set: it caps a third or more of the answers written full of
/// typos (the rest were graded under the cap anyway, or have fewer slips), and almost no other.
/// When this was written: 32 of 85 typo'd answers, 1 of 3,909 others (a dump of runtime names).
#[test]
fn the_misspelt_gate_fires_on_typo_d_answers_and_almost_no_other() {
    let grader = Grader::new(bank());
    let (mut typod, mut typod_gated, mut other, mut other_gated) = (0, 0, 0, Vec::new());
    let dir = crate::util::root().join("tests/data");
    let mut sets: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    sets.sort();
    for path in sets.iter().filter(|p| p.extension().is_some_and(|e| e == "jsonl")) {
        let text = std::fs::read_to_string(path).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            let (Some(id), Some(answer)) = (record["question_id"].as_str().or(record["question"].as_str()), record["answer"].as_str())
            else {
                continue;
            };
            let Ok(g) = grader.grade(id, answer) else { continue };
            let gated = g.gates.iter().any(|g| g.gate == GateKind::Misspelt);
            if record["kind"] == "typos" {
                (typod, typod_gated) = (typod + 1, typod_gated + usize::from(gated));
            } else {
                other += 1;
                if gated {
                    other_gated.push(format!("{} {}: {:.80}", path.display(), id, answer));
                }
            }
        }
    }
    assert!(typod > 80 && other > 3500, "{typod} / {other}");
    assert!(typod_gated * 100 >= typod * 30, "{typod_gated} of {typod} typo'd answers gated");
    assert!(other_gated.len() <= 3, "{} of {other} other answers gated:\n{}", other_gated.len(), other_gated.join("\n"));
}

#[test]
fn a_long_answer_mostly_about_other_questions_is_capped_and_a_long_focused_one_is_not() {
    let grader = Grader::new(bank());
    let rubrics = bank().rubrics();
    let unfocused = |g: &gograde::Grade| g.gates.iter().any(|g| g.gate == GateKind::Unfocused);
    let mut rng = Lcg(7);
    let mut failures = Vec::new();
    // Every fifth question: its reference with three others' pasted around it, in random order
    // (from other topics: near-duplicate questions are never elsewhere for each other).
    for r in rubrics.iter().step_by(5) {
        let mut parts = vec![r.reference.to_string()];
        while parts.len() < 4 {
            let other = &rubrics[rng.below(rubrics.len())];
            if other.topic != r.topic {
                parts.push(other.reference.to_string());
            }
        }
        rng.shuffle(&mut parts);
        let g = grader.grade_id(&r.id, &parts.join("\n\n")).unwrap();
        if !unfocused(&g) || g.grade > 2 {
            failures.push(format!("{} with three other references: grade {} {:?}", r.id, g.grade, g.gates));
        }
        let alone = grader.grade_id(&r.id, &r.reference).unwrap();
        assert!(!unfocused(&alone), "{}: its own reference", r.id);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Long and on topic: three to five answers marked 4–5 to one question, run together.
    let mut good: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for set in ["blind-dev", "wide-dev", "good-dev", "holdout-dev", "voices-dev", "myths-dev", "marked-answers"] {
        let text = std::fs::read_to_string(crate::util::root().join(format!("tests/data/{set}.jsonl"))).unwrap();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let record: serde_json::Value = serde_json::from_str(line).unwrap();
            if let (Some(id), Some(4..)) = (record["question_id"].as_str(), record["grade"].as_u64()) {
                good.entry(id.to_string()).or_default().push(record["answer"].as_str().unwrap().to_string());
            }
        }
    }
    let mut long = 0;
    for (id, answers) in good.iter().filter(|(_, a)| a.len() >= 3) {
        let answer = answers.iter().take(5).cloned().collect::<Vec<_>>().join("\n\n");
        long += usize::from(answer.split_whitespace().count() >= 300);
        let g = grader.grade_id(id, &answer).unwrap();
        assert!(!unfocused(&g), "{id}: {} words of good answers: {:?}", answer.split_whitespace().count(), g.gates);
    }
    assert!(long >= 100, "{long} long focused answers");
}

#[test]
fn an_answer_that_takes_everything_back_grades_zero_and_one_that_goes_on_does_not() {
    let grader = Grader::new(bank());
    let retractions = ["Just kidding, none of that is true.", "Ignore everything above.", "I take it all back."];
    for (i, r) in bank().rubrics().iter().enumerate() {
        let retraction = retractions[i % retractions.len()];
        let g = grader.grade_id(&r.id, &format!("{}\n\n{retraction}", r.reference)).unwrap();
        assert!(
            g.grade == 0 && g.gates.iter().any(|g| g.gate == GateKind::Retracted),
            "{}: {retraction} → grade {} {:?}",
            r.id,
            g.grade,
            g.gates
        );
        // A false start taken back, then the answer: graded as the answer.
        let alone = grader.grade_id(&r.id, &r.reference).unwrap();
        let restart = grader.grade_id(&r.id, &format!("It depends. {retraction} {}", r.reference)).unwrap();
        assert!(!restart.gates.iter().any(|g| g.gate == GateKind::Retracted), "{}", r.id);
        assert_eq!(restart.grade, alone.grade, "{}: {retraction} then the reference", r.id);
    }
}

/// The two things each comparison question of the bank sets against each other, as its
/// question words them: the inputs of the role-swap attack.
const COMPARED: [(&str, &str, &str); 15] = [
    ("livelock-vs-deadlock", "livelock", "deadlock"),
    ("atomic-vs-mutex", "atomic", "mutex"),
    ("channels-buffered-vs-unbuffered", "buffered", "unbuffered"),
    ("concurrency-vs-parallelism", "concurrency", "parallelism"),
    ("goroutine-vs-os-thread", "goroutine", "thread"),
    ("mutex-vs-rwmutex", "Mutex", "RWMutex"),
    ("select-vs-switch", "select", "switch"),
    ("panic-vs-error", "panic", "error"),
    ("make-vs-new", "make", "new"),
    ("stack-vs-heap-size-limits", "stack", "heap"),
    ("slices-vs-arrays-internals", "slice", "array"),
    ("go-build-vs-go-run", "build", "run"),
    ("receivers-value-vs-pointer", "value", "pointer"),
    ("type-assertion-vs-switch", "assertion", "switch"),
    ("threads-vs-coroutines", "threads", "coroutines"),
];

/// `text` with the whole words `a` and `b` (and their plurals) swapped, keeping a capital.
fn swapped(text: &str, a: &str, b: &str) -> String {
    let mut out = String::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let lower = word.to_lowercase();
        let (stem, plural) = lower.strip_suffix('s').map_or((lower.as_str(), ""), |s| (s, "s"));
        let other = |w: &str| (w.eq_ignore_ascii_case(a)).then_some(b).or((w.eq_ignore_ascii_case(b)).then_some(a));
        let replaced = other(&lower).map(|o| (o.to_string(), "")).or(other(stem).map(|o| (o.to_string(), plural)));
        match replaced {
            Some((o, s)) if word.starts_with(char::is_uppercase) => out.push_str(&format!("{}{}{s}", o[..1].to_uppercase(), &o[1..])),
            Some((o, s)) => out.push_str(&format!("{o}{s}")),
            None => out.push_str(word),
        }
        word.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

#[test]
fn a_comparison_answered_the_wrong_way_round_is_capped_and_right_ones_are_not() {
    let grader = Grader::new(bank());
    let is_swapped = |g: &gograde::Grade| g.gates.iter().any(|g| g.gate == GateKind::SwappedRoles);
    let mut caught = Vec::new();
    for (id, a, b) in COMPARED {
        let reference = &bank().get(id).unwrap().reference;
        assert!(!is_swapped(&grader.grade_id(id, reference).unwrap()), "{id}: its own reference");
        let g = grader.grade_id(id, &swapped(reference, a, b)).unwrap();
        if is_swapped(&g) {
            assert!(g.grade <= 1, "{id}: grade {} {:?}", g.grade, g.gates);
            caught.push(id);
        }
    }
    // The two sides are found in the question and the reference alone: 8 of the 15 when this was
    // written (before the gate, all 15 graded 4 or 5, 11 of them 5).
    assert!(caught.len() >= 8, "{} caught: {caught:?}", caught.len());
    // No answer experts marked 3 or more reads as swapped.
    let mut good = 0;
    each_marked_grade(|set, record, g| {
        if record["grade"].as_u64().unwrap() >= 3 {
            good += 1;
            assert!(!is_swapped(g), "{set}: {}", record["answer"]);
        }
    });
    assert!(good > 1000, "{good}");
}

#[test]
fn the_role_swap_attack_swaps_whole_words_only() {
    assert_eq!(swapped("Make returns T; new returns *T. Renew it.", "make", "new"), "New returns T; make returns *T. Renew it.");
    assert_eq!(swapped("Slices share arrays; an array is a value.", "slice", "array"), "Arrays share slices; an slice is a value.");
}

/// The sentences of a reference answer outside its code blocks, each ending in its stop.
fn prose_sentences(reference: &str) -> Vec<String> {
    let mut prose = String::new();
    for (i, part) in reference.split("```").enumerate() {
        if i % 2 == 0 {
            prose.push_str(part);
            prose.push(' ');
        }
    }
    let mut out = Vec::new();
    let mut current = String::new();
    for word in prose.split_whitespace() {
        current.push_str(word);
        current.push(' ');
        if word.ends_with(['.', '!', '?']) {
            out.push(current.trim().to_string());
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

#[test]
fn an_answer_that_denies_every_claim_of_the_reference_grades_at_most_one() {
    let grader = Grader::new(bank());
    let (mut graded, mut failures) = (0, Vec::new());
    for (i, r) in bank().rubrics().iter().enumerate() {
        let sentences = prose_sentences(&r.reference);
        // Denied before ("It is not true that X.") on even rubrics, after ("X, but that is not
        // true.") on odd ones.
        let denied: Vec<String> = sentences
            .iter()
            .map(|s| match i % 2 {
                0 => format!("It is not true that {}{}", s[..1].to_lowercase(), &s[1..]),
                _ => format!("{}, but that is not true.", s.trim_end_matches(['.', '!', '?'])),
            })
            .collect();
        let g = grader.grade_id(&r.id, &denied.join(" ")).unwrap();
        graded += 1;
        if g.grade > 1 {
            failures.push(format!("{}: grade {} {:?}", r.id, g.grade, g.gates.iter().map(|g| g.gate).collect::<Vec<_>>()));
        }
    }
    // Known gaps: a denial that does not reach past a long sentence's first clause ("It is not
    // true that if X, Y" leaves Y said), or into a list item or an imperative ("It is not true
    // that write a comment …"). 15 of 171 when this was written (before the `denied` gate, all 171).
    assert!(failures.len() * 100 <= graded * 10, "{} of {graded} graded above 1:\n{}", failures.len(), failures.join("\n"));
    // No answer experts marked 3 or more is gated as denied.
    each_marked_grade(|set, record, g| {
        if record["grade"].as_u64().unwrap() >= 3 {
            assert!(!g.gates.iter().any(|g| g.gate == GateKind::Denied), "{set}: {}", record["answer"]);
        }
    });
}

/// The reference said back as questions ("Is it true that X?") or doubts ("I'm not sure whether
/// X."), sentence by sentence: it asserts nothing. A mild hedge ("I think X.") still asserts.
#[test]
fn an_answer_that_asks_or_doubts_every_claim_of_the_reference_grades_at_most_one() {
    let grader = Grader::new(bank());
    let asked = ["Is it true that {}?", "Does it hold that {}?", "Could it be that {}?"];
    let doubted =
        ["I'm not sure whether {}.", "I don't know if {}.", "Maybe {}, maybe not, I can't remember.", "I have no idea whether {}."];
    let (mut graded, mut failures) = (0, Vec::new());
    for r in bank().rubrics() {
        let claims: Vec<String> = prose_sentences(&r.reference)
            .iter()
            .map(|s| {
                let s = s.trim_end_matches(['.', '!', '?']);
                format!("{}{}", s[..1].to_lowercase(), &s[1..])
            })
            .collect();
        let said =
            |forms: &[&str]| claims.iter().enumerate().map(|(i, c)| forms[i % forms.len()].replace("{}", c)).collect::<Vec<_>>().join(" ");
        for (name, answer) in [("asked", said(&asked)), ("doubted", said(&doubted))] {
            let g = grader.grade_id(&r.id, &answer).unwrap();
            graded += 1;
            if g.grade > 1 {
                failures.push(format!("{} [{name}]: grade {} {:?}", r.id, g.grade, g.gates.iter().map(|g| g.gate).collect::<Vec<_>>()));
            }
        }
        // Every other sentence hedged with "I think": graded as the reference is.
        let hedged: Vec<String> = prose_sentences(&r.reference)
            .iter()
            .zip(&claims)
            .enumerate()
            .map(|(i, (s, c))| if i % 2 == 0 { format!("I think {c}.") } else { s.clone() })
            .collect();
        let alone = grader.grade_id(&r.id, &r.reference).unwrap().grade;
        assert_eq!(grader.grade_id(&r.id, &hedged.join(" ")).unwrap().grade, alone, "{}: hedged with I think", r.id);
    }
    // Before questions and doubts counted as unasserted, all 342 graded 5. Known gap: a question
    // whose reference itself denies much is left alone by the gate (2 of 342 when this was
    // written: livelock-vs-deadlock, both forms).
    assert!(failures.len() * 100 <= graded, "{} of {graded} graded above 1:\n{}", failures.len(), failures.join("\n"));
    // No answer experts marked 3 or more is gated as denied (questions and doubts included).
    each_marked_grade(|set, record, g| {
        if record["grade"].as_u64().unwrap() >= 3 {
            assert!(!g.gates.iter().any(|g| g.gate == GateKind::Denied), "{set}: {}", record["answer"]);
        }
    });
}

/// Runs of consecutive content words of the reference's prose sentences (a clause mark or a
/// function word ends one), cut into phrases of `lo` to `hi` words, each once.
fn key_phrases(reference: &str, lo: usize, hi: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut push = |run: &mut Vec<String>| {
        for chunk in run.chunks(hi).filter(|c| c.len() >= lo) {
            let phrase = chunk.join(" ");
            if !out.iter().any(|p| p.eq_ignore_ascii_case(&phrase)) {
                out.push(phrase);
            }
        }
        run.clear();
    };
    for sentence in prose_sentences(reference) {
        for clause in sentence.split([',', ';', ':', '(', ')', '—']) {
            let mut run = Vec::new();
            for w in clause.split_whitespace() {
                let w = w.trim_matches(|c: char| matches!(c, '.' | '!' | '?' | '*' | '"' | '\''));
                if w.starts_with(char::is_alphabetic) && !w.contains('`') && !is_function_word(w) {
                    run.push(w.to_string());
                } else {
                    push(&mut run);
                }
            }
            push(&mut run);
        }
    }
    out
}

/// The reference's first sentence, then its key phrases as a list: "Keywords: buffered channel
/// capacity, blocks until receiver ready, …" or bullets. A sentence in front does not make a
/// list of terms an answer.
#[test]
fn a_sentence_then_a_list_of_key_phrases_grades_at_most_one() {
    let grader = Grader::new(bank());
    let (mut graded, mut failures) = (0, Vec::new());
    for r in bank().rubrics() {
        let first = prose_sentences(&r.reference).remove(0);
        let long = key_phrases(&r.reference, 3, 4);
        let short = key_phrases(&r.reference, 2, 3);
        let keywords = format!("{first} Keywords: {}.", long.iter().take(10).cloned().collect::<Vec<_>>().join(", "));
        let bullets = format!("{first}\n\n- {}", short.iter().take(12).cloned().collect::<Vec<_>>().join("\n- "));
        for (name, answer) in [("keywords", keywords), ("bullets", bullets)] {
            let g = grader.grade_id(&r.id, &answer).unwrap();
            graded += 1;
            if g.grade > 1 {
                failures.push(format!("{} [{name}]: grade {} {:?}", r.id, g.grade, g.gates.iter().map(|g| g.gate).collect::<Vec<_>>()));
            }
        }
    }
    // Known gaps: phrases with digits or code (`p99 latency crept`, `allocs/op`) are not plain,
    // and a reference with few runs of content words gives too short a list (7 of 342 when this
    // was written, all of the keywords form; before the phrase-list rule about half graded 2–5).
    assert!(failures.len() * 100 <= graded * 3, "{} of {graded} graded above 1:\n{}", failures.len(), failures.join("\n"));
}

/// `sentence` with its first auxiliary or negator flipped ("is" → "is not", "cannot" → "can",
/// "not" dropped): the claim reversed, most of its words kept.
fn negated_once(sentence: &str) -> String {
    const FLIPS: [(&str, &str); 20] = [
        ("is", "is not"),
        ("are", "are not"),
        ("isn't", "is"),
        ("aren't", "are"),
        ("can", "cannot"),
        ("cannot", "can"),
        ("can't", "can"),
        ("does", "does not"),
        ("doesn't", "does"),
        ("don't", "do"),
        ("do", "do not"),
        ("will", "will not"),
        ("won't", "will"),
        ("must", "must not"),
        ("should", "should not"),
        ("was", "was not"),
        ("has", "has not"),
        ("have", "have not"),
        ("not", ""),
        ("never", "always"),
    ];
    let mut done = false;
    let words: Vec<String> = sentence
        .split(' ')
        .map(|w| {
            let flip = FLIPS.iter().find(|(from, _)| w.eq_ignore_ascii_case(from));
            match flip {
                Some((_, to)) if !done => {
                    done = true;
                    to.to_string()
                }
                _ => w.to_string(),
            }
        })
        .collect();
    words.join(" ").replace("  ", " ")
}

/// The reference with every sentence's claim reversed ("A nil map can be read" → "A nil map
/// cannot be read"): it says the opposite of the model answer, in the model answer's words.
#[test]
fn the_reference_with_its_claims_reversed_is_mostly_capped() {
    let grader = Grader::new(bank());
    let (mut graded, mut capped, mut full) = (0, 0, 0);
    for r in bank().rubrics() {
        let reversed: Vec<String> = prose_sentences(&r.reference).iter().map(|s| negated_once(s)).collect();
        let g = grader.grade_id(&r.id, &reversed.join(" ")).unwrap();
        graded += 1;
        capped += usize::from(g.grade <= 1);
        full += usize::from(g.grade == 5);
    }
    // Where fewer than half its words are reversed (three sentences or more), the answer is half
    // the opposite of the model answer: `contradicted` caps it below full marks (56 of 171 graded
    // 5 before that gate, 4 after, by the generator of the ninth session's note).
    assert!(full * 100 <= graded * 5, "{full} of {graded} reversed references keep full marks");
    // Before the contradiction count, none of the 171 graded 1 or less; 111 when this was
    // written. Sentences without an auxiliary to flip, and two flips in one sentence, keep the
    // polarity of the reference. (No answer experts marked 3 or more is gated as denied: see
    // the test of denied references.)
    assert!(capped * 100 >= graded * 60, "{capped} of {graded} graded 1 or less");
}

/// The reference's words shuffled as a person would do it, each word with its punctuation
/// ("stuck. CI the built. was is updated"), over the whole answer or within each sentence: the
/// full stops cut the run-on line the shape model reads as shuffled into sentences short enough
/// to pass, so the words' pairs against the reference's decide (`Grader::reordered`). Before it
/// read every question, 117 of the 171 whole-text shuffles graded 4 or 5 (mean 3.32).
#[test]
fn the_reference_shuffled_with_its_punctuation_grades_at_most_one() {
    let grader = Grader::new(bank());
    let mut rng = Lcg(7);
    let mut above = Vec::new();
    for r in bank().rubrics() {
        let mut all: Vec<&str> = r.reference.split_whitespace().collect();
        rng.shuffle(&mut all);
        let mut within = Vec::new();
        for sentence in r.reference.split_inclusive(". ") {
            let mut words: Vec<&str> = sentence.split_whitespace().collect();
            rng.shuffle(&mut words);
            within.push(words.join(" "));
        }
        for (name, answer) in [("whole", all.join(" ")), ("within sentences", within.join(" "))] {
            let g = grader.grade_id(&r.id, &answer).unwrap();
            if g.grade > 1 {
                above.push(format!("{} [{name}]: grade {} (score {})", r.id, g.grade, g.score));
            }
        }
    }
    assert!(above.is_empty(), "{} shuffles graded above 1:\n{}", above.len(), above.join("\n"));
}

/// The reference said back in another layout is still the reference: on one line (as pasted
/// into a form that drops newlines; a code fence then opened a line that held the whole answer,
/// and two references graded 0 as empty), in capitals or in lower case.
#[test]
fn the_reference_on_one_line_or_in_another_case_grades_four_or_more() {
    let grader = Grader::new(bank());
    let mut low = Vec::new();
    for r in bank().rubrics() {
        let one_line = r.reference.split_whitespace().collect::<Vec<_>>().join(" ");
        for (name, answer) in [("one line", one_line), ("capitals", r.reference.to_uppercase()), ("lower case", r.reference.to_lowercase())]
        {
            let g = grader.grade_id(&r.id, &answer).unwrap();
            if g.grade < 4 {
                low.push(format!("{} [{name}]: grade {} (score {})", r.id, g.grade, g.score));
            }
        }
    }
    assert!(low.is_empty(), "{}", low.join("\n"));
}

/// A reference with every punctuation mark taken out (a voice transcript, a form that strips
/// symbols) is one long sentence, and a red flag's window can reach across what were its
/// sentence ends. Five flags widened in the thirteenth session did, and took five references from
/// 5 to 3 or 4 (mean 4.89, five below 4); written as ordered chains they no longer do. Measured
/// then: mean 4.92, four of the 171 at 3 (lists and code read as run together), none lower. The
/// bounds stop both from growing.
#[test]
fn the_reference_without_punctuation_still_grades_well() {
    let grader = Grader::new(bank());
    let (mut sum, mut low) = (0u32, Vec::new());
    for r in bank().rubrics() {
        let bare: String = r.reference.chars().map(|c| if c.is_alphanumeric() || c.is_whitespace() { c } else { ' ' }).collect();
        let g = grader.grade_id(&r.id, &bare).unwrap();
        sum += u32::from(g.grade);
        if g.grade < 4 {
            low.push(format!(
                "{}: grade {} {:?}",
                r.id,
                g.grade,
                g.red_flags.iter().filter(|f| f.fired).map(|f| &f.id).collect::<Vec<_>>()
            ));
        }
    }
    let mean = f64::from(sum) / bank().rubrics().len() as f64;
    assert!(mean >= 4.9 && low.len() <= 4, "mean {mean:.2}; below 4:\n{}", low.join("\n"));
}

/// The blind course banks graded from their references alone: each reference said back
/// grades 4 or more; its words shuffled, or its claims reversed where a sentence has an auxiliary
/// to flip, are mostly capped. (Before one-sentence contradictions and the reference's word
/// order were read, the reversed references graded 5.00 on average and the shuffled ones 2.6 to
/// 3.5; the shape model judges answers of a dozen content words or more on these banks only.)
#[test]
fn on_the_course_banks_references_shuffled_or_reversed_are_mostly_capped() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut rng = Lcg(11);
    let (mut graded, mut reversed_graded) = (0, 0);
    let (mut said_back, mut shuffled_low, mut reversed_low, mut shuffled_sum, mut reversed_sum) = (0, 0, 0, 0, 0);
    for name in ["course-bank", "course2-bank", "course3-bank", "course4-bank", "course5-bank"] {
        let bank = gograde::Bank::from_dir(&root.join(name)).unwrap();
        let grader = Grader::new(&bank);
        for r in bank.rubrics() {
            let all = words(&r.reference);
            // Too few words to shuffle into anything else ("O(log n).", "A queue (FIFO).").
            if all.len() < 6 {
                continue;
            }
            graded += 1;
            said_back += usize::from(grader.grade_id(&r.id, &r.reference).unwrap().grade >= 4);
            let mut shuffled = all.clone();
            rng.shuffle(&mut shuffled);
            let g = grader.grade_id(&r.id, &shuffled.join(" ")).unwrap().grade;
            shuffled_low += usize::from(g <= 2);
            shuffled_sum += g as usize;
            let sentences = prose_sentences(&r.reference);
            let reversed: Vec<String> = sentences.iter().map(|s| negated_once(s)).collect();
            if reversed != sentences {
                let g = grader.grade_id(&r.id, &reversed.join(" ")).unwrap().grade;
                reversed_graded += 1;
                reversed_low += usize::from(g <= 2);
                reversed_sum += g as usize;
            }
        }
    }
    assert_eq!(said_back, graded, "every reference said back grades 4 or more");
    // Measured when written: 186 references of six words or more; shuffled, 145 graded 2 or less
    // (mean 1.10); 146 with an auxiliary to flip, reversed 121 (mean 1.84; 115 and 2.00 before
    // two plain reversals counted against a longer reference). Before: none of the reversed, and
    // a mean of about 3 for the shuffled.
    let note = format!(
        "shuffled: {shuffled_low} of {graded} graded 2 or less (mean {:.2}); reversed: {reversed_low} of {reversed_graded} (mean {:.2})",
        shuffled_sum as f64 / graded as f64,
        reversed_sum as f64 / reversed_graded as f64
    );
    assert!(shuffled_low * 100 >= graded * 70, "{note}");
    assert!(reversed_low * 100 >= reversed_graded * 75, "{note}");
}

/// The two sides of a comparison named in its question ("between a stack and a queue", "X vs
/// Y"): the first word after "between" or "vs" side, and after "and" (articles skipped).
fn sides_named(question: &str) -> Option<(String, String)> {
    let words: Vec<String> =
        question.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let after = |from: usize| words[from..].iter().find(|w| !matches!(w.as_str(), "a" | "an" | "the")).cloned();
    let between = words.iter().position(|w| w == "between")?;
    let and = between + words[between..].iter().position(|w| w == "and")?;
    Some((after(between + 1)?, after(and + 1)?)).filter(|(x, y)| x != y)
}

/// On the blind course banks, graded from references too short to give each side sentences of
/// their own, a comparison said the wrong way round in a clause per side ("A stack is FIFO and a
/// queue is LIFO", marked 0 and graded 3) is capped; the reference itself is not, nor are the dev
/// halves' answers marked 4 or more (one is: "A compiler produces an output file (an executable),
/// an interpreter doesnt, it just runs the code", whose "executable" is the reference's
/// interpreter's "executes" to the stemmer).
#[test]
fn on_the_course_banks_a_short_comparison_the_wrong_way_round_is_capped() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let is_swapped = |g: &gograde::Grade| g.gates.iter().any(|g| g.gate == GateKind::SwappedRoles);
    let (mut compared, mut caught, mut good, mut good_swapped) = (0, 0, 0, Vec::new());
    for name in ["course", "course2", "course3", "course4", "course5"] {
        let bank = gograde::Bank::from_dir(&root.join(format!("{name}-bank"))).unwrap();
        let grader = Grader::new(&bank);
        for r in bank.rubrics() {
            let Some((x, y)) = sides_named(&r.question) else { continue };
            compared += 1;
            assert!(!is_swapped(&grader.grade_id(&r.id, &r.reference).unwrap()), "{}: its own reference", r.id);
            let g = grader.grade_id(&r.id, &swapped(&r.reference, &x, &y)).unwrap();
            if is_swapped(&g) {
                assert!(g.grade <= 1, "{}: grade {}", r.id, g.grade);
                caught += 1;
            }
        }
        let Ok(text) = std::fs::read_to_string(root.join(format!("{name}-dev.jsonl"))) else { continue };
        for line in text.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            if v["grade"].as_u64().unwrap() >= 4 {
                good += 1;
                let g = grader.grade_id(v["question_id"].as_str().unwrap(), v["answer"].as_str().unwrap()).unwrap();
                if is_swapped(&g) {
                    good_swapped.push(v["answer"].to_string());
                }
            }
        }
    }
    eprintln!("{caught} of {compared} swapped references caught; {} of {good} good answers", good_swapped.len());
    assert!(caught * 2 >= compared && compared >= 10, "{caught} of {compared}");
    assert!(good_swapped.len() <= 1 && good > 300, "{good_swapped:?} of {good}");
}
