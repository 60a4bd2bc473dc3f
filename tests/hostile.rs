//! Hostile input (issue 14): limits that reject a bank or an answer with a located error instead
//! of a stack overflow or unbounded work, work that grows linearly with the answer, and text
//! tricks (invisible characters, look-alike letters, full-width letters, combining marks)
//! normalised before matching.

use crate::util::{bank, gograde};
use gograde::rubric::limits::*;
use gograde::rubric::pattern::{self, Synonyms};
use gograde::{Bank, Error, GradeOptions, Grader, Problem};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

const RUBRIC: &str = r#"id = "demo"
topic = "basics"
level = "junior"
question = "What does a demo show?"

[[concept]]
id = "c1"
weight = 2
says = "It shows."
hint = "Say what it shows."
patterns = ["PATTERN"]
"#;

const REFERENCE: &str = "A demo shows how a thing works.";

fn files(rubric: &str) -> BTreeMap<String, String> {
    BTreeMap::from([
        ("rubrics/basics/demo.toml".to_string(), rubric.to_string()),
        ("corpus/basics/demo.md".to_string(), REFERENCE.to_string()),
    ])
}

/// The problems of a bank made of one rubric, which must not load.
fn problems(rubric: &str) -> Vec<Problem> {
    match Bank::from_files(files(rubric), "test".into()) {
        Err(Error::Bank(p)) => p,
        Err(e) => panic!("expected bank problems, got {e}"),
        Ok(_) => panic!("the bank loaded"),
    }
}

fn with_pattern(pattern: &str) -> String {
    RUBRIC.replace("PATTERN", pattern)
}

/// One problem, at the pattern's line, naming the field, with the message.
fn assert_located(p: &[Problem], field: &str, message: &str) {
    assert!(p.iter().any(|p| p.field == field && p.message.contains(message) && p.line > 0 && p.col > 0), "{field}: {message}: {p:#?}");
}

#[test]
fn the_limits_admit_the_shipped_bank() {
    assert!(Bank::from_files(files(&with_pattern("demo ~ show")), "test".into()).is_ok());
    for r in bank().rubrics() {
        assert!(r.concepts.len() <= MAX_CONCEPTS && r.red_flags.len() <= MAX_RED_FLAGS, "{}", r.id);
    }
}

#[test]
fn a_pattern_nested_50000_deep_is_a_located_error() {
    let deep = format!("{}demo{}", "(".repeat(50_000), ")".repeat(50_000));
    let p = problems(&with_pattern(&deep));
    assert_located(&p, "concept[0].patterns[0]", "nested deeper than 32");
    let line = RUBRIC.lines().position(|l| l.starts_with("patterns")).unwrap() + 1;
    assert_eq!(p[0].line, line);
    // `patterns = ["` is 13 characters; the 33rd parenthesis is too deep.
    assert_eq!(p[0].col, 13 + MAX_PATTERN_DEPTH + 1, "{}", p[0]);
}

#[test]
fn check_reports_the_deep_pattern_with_file_line_col() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{}demo{}", "(".repeat(50_000), ")".repeat(50_000));
    for (path, text) in files(&with_pattern(&deep)) {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let out = gograde().args(["--bank", dir.path().to_str().unwrap(), "check"]).assert().code(3);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("rubrics/basics/demo.toml:11:46: concept[0].patterns[0]: parentheses nested deeper than 32 levels"),
        "{stderr}"
    );
    assert!(!stderr.contains("overflow"), "{stderr}");
}

#[test]
fn deep_toml_nesting_is_a_located_error() {
    let deep = format!("{}\nnested = {}1{}\n", RUBRIC.replace("PATTERN", "demo"), "[".repeat(50_000), "]".repeat(50_000));
    let p = problems(&deep);
    assert!(p.iter().all(|p| p.line > 0), "{p:#?}");
}

#[test]
fn a_long_pattern_is_a_located_error() {
    let long = vec!["demo"; MAX_PATTERN_BYTES / 4].join(" | ");
    assert_located(&problems(&with_pattern(&long)), "concept[0].patterns[0]", "at most 4096 are allowed");
}

#[test]
fn too_many_alternatives_are_a_located_error() {
    let alts: Vec<String> = (0..=MAX_PATTERN_ALTERNATIVES).map(|i| format!("w{i}")).collect();
    assert_located(&problems(&with_pattern(&alts.join(" | "))), "concept[0].patterns[0]", "alternatives");
    // Synonym expansions count: one word whose group has 300 members.
    let group: Vec<String> = (0..300).map(|i| format!("\"syn{i}\"")).collect();
    let rubric = with_pattern("syn0").replace("level =", &format!("synonyms = [[{}]]\nlevel =", group.join(", ")));
    assert_located(&problems(&rubric), "concept[0].patterns[0]", "alternatives (synonyms included)");
}

#[test]
fn too_many_patterns_concepts_and_red_flags_are_located_errors() {
    let many = vec!["\"demo\""; MAX_PATTERNS_PER_ITEM + 1].join(", ");
    let rubric = RUBRIC.replace("[\"PATTERN\"]", &format!("[{many}]"));
    assert_located(&problems(&rubric), "concept[0].patterns", "at most 64");

    let concept = RUBRIC.split_once("[[concept]]").unwrap().1.replace("PATTERN", "demo");
    let mut rubric = with_pattern("demo");
    for i in 1..=MAX_CONCEPTS {
        rubric += &format!("\n[[concept]]{}", concept.replace("\"c1\"", &format!("\"c{}\"", i + 1)));
    }
    assert_located(&problems(&rubric), "concept[64]", "at most 64");

    let mut rubric = with_pattern("demo");
    for i in 0..=MAX_RED_FLAGS {
        rubric += &format!("\n[[red_flag]]\nid = \"f{i}\"\npenalty = 5\nwhy = \"No.\"\npatterns = [\"nonsense\"]\n");
    }
    assert_located(&problems(&rubric), "red_flag[64]", "at most 64");
}

#[test]
fn an_oversized_bank_file_is_a_problem_not_parsed() {
    let big = format!("{}# {}\n", with_pattern("demo"), "x".repeat(MAX_BANK_FILE_BYTES));
    let p = problems(&big);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert_eq!((p[0].file.as_str(), p[0].field.as_str(), p[0].line), ("rubrics/basics/demo.toml", "file", 1));
    assert!(p[0].message.contains("at most 1048576 bytes"), "{}", p[0]);

    // Read from a folder, the file is never read whole.
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files(&big) {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let Err(Error::Bank(p)) = Bank::from_dir(dir.path()) else { panic!("the bank loaded") };
    assert_eq!((p[0].file.as_str(), p[0].field.as_str()), ("rubrics/basics/demo.toml", "file"), "{p:#?}");
}

#[test]
fn an_oversized_answer_is_refused_with_the_limit() {
    let grader = Grader::new(bank());
    let answer = "goroutines ".repeat(DEFAULT_MAX_ANSWER_BYTES / 11 + 1);
    match grader.grade("channels-buffered-vs-unbuffered", &answer) {
        Err(Error::AnswerTooLong { bytes, limit }) => assert_eq!((bytes, limit), (answer.len(), DEFAULT_MAX_ANSWER_BYTES)),
        other => panic!("expected AnswerTooLong, got {:?}", other.map(|g| g.score)),
    }
    let lenient = Grader::with_options(bank(), GradeOptions { max_answer_bytes: usize::MAX, ..GradeOptions::default() });
    assert!(lenient.grade("channels-buffered-vs-unbuffered", &answer).is_ok());

    let out = gograde()
        .args(["grade", "-q", "channels-buffered-vs-unbuffered", "--max-answer-bytes", "100"])
        .write_stdin("x".repeat(101))
        .assert()
        .code(5);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(stderr.contains("the answer is 101 bytes; at most 100 are graded"), "{stderr}");
}

#[test]
fn an_oversized_batch_record_is_an_error_row_and_the_rest_are_graded() {
    let good = "An unbuffered channel blocks the sender until a receiver takes the value.";
    let input = [good, &"word ".repeat(100), good]
        .iter()
        .map(|a| serde_json::json!({"question": "channels-buffered-vs-unbuffered", "answer": a}).to_string() + "\n")
        .collect::<String>();
    let out = gograde().args(["batch", "--format", "jsonl", "--quiet", "--max-answer-bytes", "200"]).write_stdin(input).assert().code(6);
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&out.get_output().stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["type"] == "answer" || v["type"] == "error")
        .collect();
    let kinds: Vec<&str> = rows.iter().map(|r| r["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["answer", "error", "answer"], "{rows:#?}");
    assert_eq!(rows[1]["error"], "answer-too-long", "{:#?}", rows[1]);
}

// ---- bounded work ------------------------------------------------------------------------

/// The fastest of three runs of `f` (the machine is shared: the minimum is the least noisy).
fn fastest(mut f: impl FnMut()) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

/// The work at 4n must stay within 6× the work at n (linear is 4×; quadratic 16×), counted in
/// the analyzer's and the matcher's steps ([`gograde::text::work`]). Time is printed, not
/// asserted: on a shared machine, and with the smaller input fitting the CPU caches better, 4×
/// the words took 7–14× the time at 25k words but 4.1× from 100k to 400k words and 4.4× from
/// 400k to 1.6M through the CLI (a quadratic cost would stay at 16×).
fn assert_linear(what: &str, input: impl Fn(usize) -> String, n: usize, run: impl Fn(&str)) {
    static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (small, large) = (input(n), input(4 * n));
    let steps = |text: &str| {
        gograde::text::work::take();
        run(text);
        gograde::text::work::take()
    };
    let (s1, s4) = (steps(&small), steps(&large));
    let step_ratio = s4 as f64 / s1.max(1) as f64;
    let t1 = fastest(|| run(&small));
    let t4 = fastest(|| run(&large));
    let ratio = t4.as_secs_f64() / t1.as_secs_f64().max(1e-6);
    eprintln!("{what}: steps {s1} → {s4} ({step_ratio:.2}×), time {t1:?} → {t4:?} ({ratio:.2}×)");
    assert!(s1 > 0 && step_ratio <= 6.0, "{what}: 4× the input took {step_ratio:.1}× the steps ({s1} → {s4})");
}

fn unlimited() -> Grader<'static> {
    Grader::with_options(bank(), GradeOptions { max_answer_bytes: usize::MAX, ..GradeOptions::default() })
}

#[test]
fn grading_a_long_answer_without_sentence_breaks_is_linear() {
    let grader = unlimited();
    let reference = &bank().get("channels-buffered-vs-unbuffered").unwrap().reference;
    let words: Vec<String> = reference
        .split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect();
    let input = |n: usize| words.iter().cycle().take(n).cloned().collect::<Vec<_>>().join(" ");
    assert_linear("no sentence breaks", input, 20_000, |a| {
        grader.grade_id("channels-buffered-vs-unbuffered", a).unwrap();
    });
}

#[test]
fn grading_a_word_repeated_100000_times_is_linear() {
    let grader = unlimited();
    let input = |n: usize| "goroutine ".repeat(n);
    assert_linear("one word repeated", input, 25_000, |a| {
        grader.grade_id("goroutine-leaks", a).unwrap();
    });
}

#[test]
fn grading_many_sentences_is_linear() {
    let grader = unlimited();
    let sentence = "An unbuffered channel blocks the sender until a receiver is ready, but a buffered channel does not block. ";
    let input = |n: usize| sentence.repeat(n);
    assert_linear("many sentences", input, 1_000, |a| {
        grader.grade_id("channels-buffered-vs-unbuffered", a).unwrap();
    });
}

/// Grading answers of `unit` repeated to a question graded from its reference alone takes time
/// linear in their length.
fn reference_grading_is_linear(what: &str, (question, reference): (&str, &str), unit: &str, n: usize) {
    let question =
        gograde::ReferenceQuestion { id: "q".into(), question: question.into(), reference: reference.into(), examples: Vec::new() };
    let bank = gograde::Bank::from_references(vec![question], gograde::Params::default()).unwrap();
    let grader = Grader::with_options(&bank, GradeOptions { max_answer_bytes: usize::MAX, ..GradeOptions::default() });
    assert_linear(
        what,
        |k: usize| unit.repeat(k),
        n,
        |a| {
            grader.grade_id("q", a).unwrap();
        },
    );
}

/// A question graded from its reference alone that asks for an order of growth reads every value
/// the answer states (a search of every value per word once made a 1 MB answer take 70 s).
#[test]
fn grading_many_orders_of_growth_is_linear() {
    let question = ("What is the worst-case time complexity of bubble sort?", "O(n^2), when the input is in reverse order.");
    reference_grading_is_linear("orders of growth", question, "O(n) log n quadratic, n^2 time. ", 2_000);
}

/// Questions graded from their reference alone read the computing lexicon, whose groups add
/// every other wording at each place an answer says one: an answer made of nothing but such
/// wordings grows linearly too.
#[test]
fn grading_an_answer_of_computing_wordings_is_linear() {
    let reference = "DNS translates human-readable domain names into IP addresses held by the network interface card.";
    let unit = "hostnames to IPs on the network adapter, the lexer and a LIFO stack, dequeue it. ";
    reference_grading_is_linear("computing wordings", ("What is the role of DNS?", reference), unit, 1_000);
}

/// Every value of an answer offering thousands of different ones is named once, in one pass.
#[test]
fn hedging_between_thousands_of_values_is_linear() {
    let question = gograde::ReferenceQuestion {
        id: "q".into(),
        question: "What is the worst-case time complexity of bubble sort?".into(),
        reference: "O(n^2), when the input is in reverse order.".into(),
        examples: Vec::new(),
    };
    let bank = gograde::Bank::from_references(vec![question], gograde::Params::default()).unwrap();
    let grader = Grader::with_options(&bank, GradeOptions { max_answer_bytes: usize::MAX, ..GradeOptions::default() });
    let input = |n: usize| format!("O(n^2) or {}", (3..n + 3).map(|k| format!("O(n^{k})")).collect::<Vec<_>>().join(" or "));
    assert_linear("hedged values", input, 2_000, |a| {
        let g = grader.grade_id("q", a).unwrap();
        let reason = g.gates.iter().find(|g| g.gate.name() == "hedged-value").map(|g| g.reason.len());
        assert!(reason.is_some_and(|len| len < 200), "{:?}", g.gates);
    });
}

#[test]
fn parsing_10000_and_40000_alternatives_is_linear() {
    let input = |n: usize| (0..n).map(|i| format!("word{i}")).collect::<Vec<_>>().join(" | ");
    assert_linear("alternatives", input, 10_000, |p| {
        let parsed = pattern::parse(p, &Synonyms::default()).unwrap();
        assert!(parsed.root.alternatives() >= 10_000);
    });
}

// ---- text tricks -------------------------------------------------------------------------

/// Rewrite every word of four letters or more with `f` (applied to the word's characters).
fn per_word(text: &str, f: impl Fn(&str) -> String) -> String {
    text.split(' ')
        .map(|w| if w.chars().count() >= 4 && w.chars().all(|c| c.is_ascii_alphabetic()) { f(w) } else { w.to_string() })
        .collect::<Vec<_>>()
        .join(" ")
}

fn insert_after(w: &str, at: usize, s: &str) -> String {
    let (a, b) = w.split_at(at);
    format!("{a}{s}{b}")
}

/// How a trick rewrites a text.
type Trick = Box<dyn Fn(&str) -> String>;

/// Each trick: its name and how it rewrites a text.
fn tricks() -> Vec<(&'static str, Trick)> {
    vec![
        ("zero-width space", Box::new(|t: &str| per_word(t, |w| insert_after(w, 2, "\u{200B}")))),
        (
            "zero-width joiner and word joiner",
            Box::new(|t: &str| per_word(t, |w| insert_after(&insert_after(w, 3, "\u{2060}"), 1, "\u{200D}"))),
        ),
        ("soft hyphen", Box::new(|t: &str| per_word(t, |w| insert_after(w, 2, "\u{AD}")))),
        ("bidi controls", Box::new(|t: &str| per_word(t, |w| format!("\u{2066}{}\u{2069}", insert_after(w, 1, "\u{200E}"))))),
        (
            "Cyrillic look-alikes",
            Box::new(|t: &str| {
                per_word(t, |w| {
                    w.chars()
                        .map(|c| match c {
                            'o' => 'о',
                            'e' => 'е',
                            'a' => 'а',
                            'c' => 'с',
                            'p' => 'р',
                            _ => c,
                        })
                        .collect()
                })
            }),
        ),
        (
            "combining marks",
            Box::new(|t: &str| {
                per_word(t, |w| w.chars().flat_map(|c| [Some(c), "aeiou".contains(c).then_some('\u{301}')]).flatten().collect())
            }),
        ),
        (
            "full-width letters",
            Box::new(|t: &str| {
                t.chars().map(|c| if c.is_ascii_alphabetic() { char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap() } else { c }).collect()
            }),
        ),
    ]
}

#[test]
fn text_tricks_are_normalised_away_by_the_analyzer() {
    let clean = "The unbuffered channel blocks every goroutine sending until another goroutine receives, not before.";
    let stems = |t: &str| gograde::text::analyze(t).tokens.iter().map(|t| t.stem.clone()).collect::<Vec<_>>();
    for (name, trick) in tricks() {
        let tricked = trick(clean);
        assert_ne!(tricked, clean, "{name}");
        assert_eq!(stems(&tricked), stems(clean), "{name}: {tricked:?}");
        let a = gograde::text::analyze(&tricked);
        for t in &a.tokens {
            assert!(tricked.is_char_boundary(t.start) && tricked.is_char_boundary(t.end) && t.end <= tricked.len(), "{name}: {t:?}");
        }
    }
    // A whole word in another script stays itself; only look-alikes mixed with Latin are folded.
    let texts = |t: &str| gograde::text::analyze(t).tokens.iter().map(|t| t.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts("горутина"), ["горутина"]);
    assert_eq!(texts("gorоutine"), ["goroutine"]);
}

/// Every rubric's concept and red-flag examples, tricked, credit and fire what the clean example
/// does: tricks neither earn credit nor hide a red flag.
#[test]
fn tricked_examples_grade_like_clean_ones() {
    let grader = Grader::new(bank());
    let outcome = |id: &str, answer: &str| {
        let g = grader.grade_id(id, answer).unwrap();
        for e in g.concepts.iter().flat_map(|c| &c.evidence).chain(g.red_flags.iter().flat_map(|f| &f.evidence)) {
            assert!(answer.is_char_boundary(e.start) && answer.is_char_boundary(e.end) && e.end <= answer.len());
            assert_eq!(&answer[e.start..e.end], e.text);
        }
        let covered: Vec<String> = g.concepts.iter().filter(|c| c.covered).map(|c| c.id.to_string()).collect();
        let fired: Vec<String> = g.red_flags.iter().filter(|f| f.fired).map(|f| f.id.to_string()).collect();
        (covered, fired)
    };
    let tricks = tricks();
    let mut checked = 0;
    for r in bank().rubrics().iter().step_by(7) {
        let examples = r.concepts.iter().flat_map(|c| c.examples.iter()).chain(r.red_flags.iter().flat_map(|f| f.examples.iter()));
        for example in examples.take(4) {
            let clean = outcome(&r.id, example);
            for (name, trick) in &tricks {
                let tricked = trick(example);
                assert_eq!(outcome(&r.id, &tricked), clean, "{}: {name}: {tricked:?}", r.id);
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{checked}");
}
