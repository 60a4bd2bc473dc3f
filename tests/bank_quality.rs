//! Properties of the shipped bank as a whole.

use crate::util::bank;
use gograde::Grader;

#[test]
fn every_rubric_passes_its_quality_bars() {
    let failures = gograde::quality::check::check_bank(bank(), &[]);
    let lines: Vec<String> = failures.iter().map(|f| format!("{}: {}: {}", f.file, f.bar, f.detail)).collect();
    assert!(failures.is_empty(), "{}", lines.join("\n"));
}

/// A team's own bank of questions and model answers passes the quality bars too: the blind course
/// banks' rubrics are minimal (id, topic, level, question), graded from their references alone.
/// (The key terms of a reference to "Which data structure does BFS use?" are its answer, "queue,
/// fifo", not a keyword list.) The fifth, `course5-bank`, fails one bar, rightly: "What operator is
/// used to get the address of a variable in C++?" said back grades 3, because its reference's
/// only answer word is "&", a symbol the analysis does not read as a word, so `gograde check`
/// tells its author to write that rubric out.
#[test]
fn the_blind_course_banks_pass_their_quality_bars() {
    for dir in ["course-bank", "course2-bank", "course3-bank", "course4-bank"] {
        let bank = gograde::Bank::from_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(dir)).unwrap();
        let failures = gograde::quality::check::check_bank(&bank, &[]);
        let lines: Vec<String> = failures.iter().map(|f| format!("{}: {}: {}", f.file, f.bar, f.detail)).collect();
        assert!(failures.is_empty(), "{dir}:\n{}", lines.join("\n"));
    }
}

#[test]
fn the_bank_covers_every_topic_with_enough_questions() {
    let topics: std::collections::BTreeSet<&str> = bank().rubrics().iter().map(|r| r.topic.as_str()).collect();
    assert!(bank().rubrics().len() >= 30, "{} rubrics", bank().rubrics().len());
    assert!(topics.len() >= 15, "{topics:?}");
}

#[test]
fn another_questions_reference_is_flagged_off_topic() {
    // For each question, the reference of a question half the bank away (by id) from another
    // area: unrelated, so it must be flagged off-topic and capped. (Questions of one area, such
    // as goroutine-leaks and goroutine-leak-tests, or operation-timeout-select and
    // context-cancellation-timeouts, can answer each other fairly, so they are not used here.)
    fn area(topic: &str) -> &'static str {
        match topic {
            "concurrency-primitives" | "concurrency-patterns" | "concurrency-bugs" | "scheduler-runtime" => "concurrency",
            "memory-gc" | "performance-profiling" => "performance",
            "language-basics" | "types-interfaces" | "errors-panics" | "slices-maps-strings" => "language",
            _ => "engineering",
        }
    }
    let grader = Grader::new(bank());
    let rubrics = bank().rubrics();
    let n = rubrics.len();
    let mut not_flagged = Vec::new();
    for (i, r) in rubrics.iter().enumerate() {
        let other = (0..n).map(|k| &rubrics[(i + n / 2 + k) % n]).find(|o| area(&o.topic) != area(&r.topic)).unwrap();
        let g = grader.grade_id(&r.id, &other.reference).unwrap();
        if g.grade > 1 || !g.off_topic {
            not_flagged.push(format!("{} graded {} for {}'s reference (off_topic={})", r.id, g.grade, other.id, g.off_topic));
        }
    }
    assert!(not_flagged.is_empty(), "{}", not_flagged.join("\n"));
}

#[test]
fn grading_is_deterministic_across_threads() {
    use rayon::prelude::*;
    let grader = Grader::new(bank());
    let jobs: Vec<(&str, &str)> =
        bank().rubrics().iter().flat_map(|r| [(r.id.as_str(), r.reference.as_str()), (r.id.as_str(), r.question.as_str())]).collect();
    let serial: Vec<String> = jobs.iter().map(|(q, a)| serde_json::to_string(&grader.grade_id(q, a).unwrap()).unwrap()).collect();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
    let parallel: Vec<String> =
        pool.install(|| jobs.par_iter().map(|(q, a)| serde_json::to_string(&grader.grade_id(q, a).unwrap()).unwrap()).collect());
    assert_eq!(serial, parallel);
}

/// Lower-case word runs of a text, for comparing with the seeds.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect()
}

#[test]
fn no_twelve_word_run_of_the_bank_is_copied_from_the_seeds() {
    let Some(shared) = crate::util::shared() else {
        eprintln!("skipped: ../shared/ is not beside the project");
        return;
    };
    const RUN: usize = 12;
    let mut seed_runs = std::collections::HashSet::new();
    for e in std::fs::read_dir(shared.join("seeds")).unwrap() {
        let text = String::from_utf8_lossy(&std::fs::read(e.unwrap().path()).unwrap()).to_string();
        let w = words(&text);
        for run in w.windows(RUN) {
            seed_runs.insert(run.join(" "));
        }
    }
    assert!(seed_runs.len() > 10_000, "the seeds were read");
    let mut copied = Vec::new();
    for r in bank().rubrics() {
        let mut texts: Vec<(&str, &str)> = vec![("reference", &r.reference), ("question", &r.question)];
        for c in &r.concepts {
            texts.push(("says", &c.says));
            texts.push(("hint", &c.hint));
        }
        for f in &r.red_flags {
            texts.push(("why", &f.why));
        }
        for (field, text) in texts {
            // Prose only: Go code in fenced blocks (`out := make(chan int)`) is the language's idiom.
            let prose: String = text.split("```").step_by(2).collect::<Vec<_>>().join(" ");
            for run in words(&prose).windows(RUN) {
                let run = run.join(" ");
                if seed_runs.contains(&run) {
                    copied.push(format!("{} {field}: {run}", r.id));
                }
            }
        }
    }
    assert!(copied.is_empty(), "copied from the seeds:\n{}", copied.join("\n"));
}

/// A tiny deterministic generator (no extra crate): the same inputs on every run.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn odd_answers_and_patterns_never_panic() {
    const PIECES: &[&str] = &[
        "not",
        "never",
        "doesn't",
        "sync.Mutex",
        "wg.Add(1)",
        "interface{}",
        "2KB",
        "10,000",
        "non-blocking",
        "```go\n",
        "```",
        "but",
        "that's a myth",
        "people think",
        "channel",
        "...",
        "./...",
        "é\u{301}",
        "世界",
        "’",
        "“",
        "—",
        "\u{0}",
        "\u{200b}",
        "ﬁ",
        "😀",
        "\u{202e}",
        ";",
        ",",
        ":",
        "(",
        ")",
        "{",
        "}",
        "[",
        "]",
        "~",
        "|",
        "&",
        "+",
        "*",
        "=",
        "-",
        "\n",
        "\n\n- ",
        "1.",
        "x.",
        "'",
    ];
    let mut rng = Lcg(42);
    let grader = Grader::new(bank());
    let ids: Vec<&str> = bank().rubrics().iter().map(|r| r.id.as_str()).collect();
    let synonyms = gograde::rubric::pattern::Synonyms::default();
    for _ in 0..400 {
        let n = rng.next(40);
        let text: String = (0..n).map(|_| PIECES[rng.next(PIECES.len())]).collect::<Vec<_>>().join(if rng.next(2) == 0 { " " } else { "" });
        let id = ids[rng.next(ids.len())];
        let g = grader.grade_id(id, &text).unwrap();
        assert!((0.0..=100.0).contains(&g.score) && g.grade <= 5);
        for c in g.concepts.iter().flat_map(|c| &c.evidence) {
            assert_eq!(&text[c.start..c.end], c.text);
        }
        // Every string either parses as a pattern or is rejected with an error: never a panic.
        let _ = gograde::rubric::pattern::parse(&text, &synonyms);
        let _ = bank().resolve(&text);
    }
}
