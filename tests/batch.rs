//! `gograde batch` over real transcripts (tests/data/transcripts): three candidates interviewed
//! on the same 13 questions, written out as JSON Lines, Markdown (headings, `**Q:**` labels,
//! sections) and plain text (`Q:`/`A:`, `Question N:`/`Answer:`, unlabelled answers), with
//! malformed records and a question the bank does not know.

use crate::util::{bank, root};
use assert_cmd::Command;
use gograde::batch::report::{Report, ReportFormat, ReportOptions};
use gograde::batch::{self, BadRecord, InputFormat, Item, Outcome, Record, RecordError, Source};
use gograde::Grader;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

fn data() -> PathBuf {
    root().join("tests/data/transcripts")
}

fn gograde() -> Command {
    let mut c = crate::util::gograde();
    c.current_dir(data());
    c
}

/// Run `gograde batch ARGS --format jsonl`, expecting `code`; the output lines as JSON.
fn batch_jsonl(args: &[&str], code: i32) -> Vec<Value> {
    let out = gograde().arg("batch").args(args).args(["--format", "jsonl", "--quiet"]).assert().code(code);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

fn of_type<'a>(rows: &'a [Value], kind: &str) -> Vec<&'a Value> {
    rows.iter().filter(|r| r["type"] == kind).collect()
}

/// (candidate, question id) → score of every graded answer.
fn scores(rows: &[Value]) -> BTreeMap<(String, String), f64> {
    of_type(rows, "answer")
        .into_iter()
        .map(|r| {
            ((r["candidate"].as_str().unwrap().to_string(), r["question_id"].as_str().unwrap().to_string()), r["score"].as_f64().unwrap())
        })
        .collect()
}

fn read_items(path: &Path) -> Vec<Item> {
    batch::BatchInput::new(batch::collect_inputs(&[path.to_path_buf()], None).unwrap()).collect()
}

/// (candidate, question id or text) → answer, for the records that parse.
fn answers_by_question(items: &[Item]) -> BTreeMap<(String, String), String> {
    items
        .iter()
        .filter_map(|i| i.as_ref().ok())
        .map(|r: &Record| {
            let q = bank().resolve(&r.question).map(|m| m.id).unwrap_or_else(|_| r.question.clone());
            ((r.candidate.clone(), q), r.answer.clone())
        })
        .collect()
}

const CANDIDATES: [&str; 3] = ["Alice Nguyen", "Bob Martins", "carol-diaz"];

#[test]
fn every_format_yields_the_same_answers_with_code_blocks_intact() {
    let jsonl = answers_by_question(&read_items(&data().join("answers.jsonl")));
    let markdown = answers_by_question(&read_items(&data().join("markdown")));
    let text = answers_by_question(&read_items(&data().join("text")));
    for name in CANDIDATES {
        let of = |m: &BTreeMap<(String, String), String>| m.iter().filter(|((c, _), _)| c == name).count();
        assert!(of(&markdown) >= 11 && of(&text) >= 11, "{name}: too few answers parsed");
    }
    // Every answer a transcript yields is, byte for byte, the one in the JSON Lines file.
    for (format, parsed) in [("markdown", &markdown), ("text", &text)] {
        for (key, answer) in parsed {
            assert_eq!(jsonl.get(key), Some(answer), "{format}: {key:?} differs from answers.jsonl");
        }
    }
    let select = &markdown[&("Alice Nguyen".to_string(), "select-statement".to_string())];
    assert!(select.contains("```go\nselect {\ncase res := <-results:\n    return res, nil\n"), "code block kept: {select}");
    assert!(select.contains("non-blocking send or receive.\n\nFor timeouts"), "paragraphs kept");
}

#[test]
fn grades_agree_across_formats_and_rank_the_candidates() {
    let jsonl = batch_jsonl(&["answers.jsonl"], 6);
    let markdown = batch_jsonl(&["markdown"], 6);
    let text = batch_jsonl(&["text"], 6);
    let (sj, sm, st) = (scores(&jsonl), scores(&markdown), scores(&text));
    for (key, score) in sm.iter().chain(&st) {
        assert_eq!(sj.get(key), Some(score), "{key:?}: a transcript's grade differs from the JSON Lines one");
    }
    for name in CANDIDATES {
        for (format, s) in [("jsonl", &sj), ("markdown", &sm), ("text", &st)] {
            let n = s.keys().filter(|(c, _)| c == name).count();
            assert!(n >= 10, "{format}: {name} has only {n} graded answers");
        }
    }
    for rows in [&jsonl, &markdown, &text] {
        let summaries = of_type(rows, "summary");
        let mean = |name: &str| summaries.iter().find(|s| s["candidate"] == name).unwrap()["mean_score"].as_f64().unwrap();
        assert!(mean("Alice Nguyen") > 70.0, "a strong candidate scores high");
        assert!(mean("Alice Nguyen") > mean("Bob Martins") + 20.0);
        assert!(mean("Bob Martins") > mean("carol-diaz") + 15.0);
        let alice = summaries.iter().find(|s| s["candidate"] == "Alice Nguyen").unwrap();
        let topics: Vec<&str> = alice["topics"].as_array().unwrap().iter().map(|t| t["topic"].as_str().unwrap()).collect();
        assert!(topics.contains(&"concurrency-primitives") && topics.contains(&"memory-gc"), "{topics:?}");
        let weakest = of_type(rows, "summary").iter().find(|s| s["candidate"] == "carol-diaz").unwrap()["weakest_concepts"].clone();
        assert_eq!(weakest.as_array().unwrap().len(), 5);
        assert!(weakest[0]["lost"].as_f64().unwrap() >= weakest[4]["lost"].as_f64().unwrap());
        let batch = of_type(rows, "batch");
        assert_eq!(batch.len(), 1);
        assert_eq!(rows.last().unwrap()["type"], "batch");
    }
}

#[test]
fn answer_rows_carry_the_grade_contract_plus_id_candidate_source() {
    let rows = batch_jsonl(&["answers.jsonl"], 6);
    let first = &rows[0];
    for key in [
        "type",
        "index",
        "id",
        "candidate",
        "source",
        "topic",
        "question_id",
        "score",
        "grade",
        "concepts",
        "red_flags",
        "gates",
        "breakdown",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(first["id"], "alice-chan");
    assert_eq!(first["candidate"], "Alice Nguyen");
    assert_eq!(first["source"], "answers.jsonl:1");
    assert_eq!(first["question_id"], "channels-buffered-vs-unbuffered");
    // Questions given as text are aligned by the engine's lookup.
    let bob = rows.iter().find(|r| r["id"] == "bob-chan").unwrap();
    assert_eq!(bob["question_id"], "channels-buffered-vs-unbuffered");
    assert!(bob["matched_question"]["confidence"].as_f64().unwrap() < 1.0);
    // Input order, one row per record, then summaries.
    let indexes: Vec<u64> = rows.iter().take_while(|r| r["type"] != "summary").map(|r| r["index"].as_u64().unwrap()).collect();
    assert_eq!(indexes, (0..indexes.len() as u64).collect::<Vec<_>>());
    assert_eq!(indexes.len(), 46, "every non-blank line is a row");
    // A record without an id is named by its source; without a candidate, by the file.
    let last = &rows[45];
    assert_eq!(last["id"], "answers.jsonl:47");
    assert_eq!(last["candidate"], "answers");
}

#[test]
fn bad_records_become_error_rows_and_the_rest_is_graded() {
    let rows = batch_jsonl(&["answers.jsonl"], 6);
    let errors: BTreeMap<u64, &Value> = of_type(&rows, "error").into_iter().map(|r| (r["line"].as_u64().unwrap(), r)).collect();
    let kinds: BTreeMap<u64, &str> = errors.iter().map(|(l, r)| (*l, r["error"].as_str().unwrap())).collect();
    let expected = [
        (8, "invalid-json"),
        (9, "missing-field"),
        (23, "wrong-type"),
        (24, "not-utf8"),
        (36, "invalid-json"),
        (42, "empty-answer"),
        (44, "unknown-question"),
        (45, "unknown-question"),
        (46, "unknown-question"),
    ];
    for (line, kind) in expected {
        assert_eq!(kinds.get(&line), Some(&kind), "line {line}: {:?}", errors.get(&line));
    }
    // "So, channels, what do you think?" is too vague to resolve alone, and a one-line answer does not earn
    // enough against any candidate to settle it: reported, never guessed.
    assert_eq!(kinds.get(&37), Some(&"unknown-question"));
    for line in [37, 44] {
        let e = errors[&line];
        assert!(!e["candidates"].as_array().unwrap().is_empty(), "closest candidates listed");
        assert!(e["reason"].as_str().unwrap().contains("closest"));
        assert!(e.get("question_id").is_none(), "no grade for an unresolved question");
    }
    assert_eq!(errors[&8]["candidate"], Value::Null, "an unreadable line has no candidate");
    assert_eq!(errors[&9]["candidate"], "Dave Okafor");
    assert!(errors[&24]["reason"].as_str().unwrap().contains("not UTF-8"));
    assert_eq!(of_type(&rows, "answer").len(), 36, "every good record is graded");
    let batch = of_type(&rows, "batch")[0];
    assert_eq!((batch["answers"].as_u64(), batch["failed"].as_u64(), batch["unattributed"].as_u64()), (Some(46), Some(10), Some(3)));
    let dave = of_type(&rows, "summary").into_iter().find(|s| s["candidate"] == "Dave Okafor").unwrap();
    assert_eq!((dave["graded"].as_u64(), dave["errors"].as_u64(), &dave["mean_score"]), (Some(0), Some(3), &Value::Null));
}

#[test]
fn malformed_transcripts_report_the_line_and_reason() {
    let rows = batch_jsonl(&["markdown", "text"], 6);
    let errors: BTreeMap<String, String> = of_type(&rows, "error")
        .iter()
        .map(|r| (r["source"].as_str().unwrap().to_string(), r["error"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(errors.get("markdown/bob.md:5").map(String::as_str), Some("answer-without-question"));
    assert_eq!(errors.get("markdown/bob.md:60").map(String::as_str), Some("empty-answer"));
    assert_eq!(errors.get("text/bob-martins.txt:68").map(String::as_str), Some("empty-answer"));
    assert_eq!(errors.get("text/carol-diaz.txt:28").map(String::as_str), Some("not-utf8"));
    for f in ["markdown/alice-nguyen.md:96", "markdown/carol-diaz.md:57", "text/alice-nguyen.txt:78"] {
        assert_eq!(errors.get(f).map(String::as_str), Some("unknown-question"), "{f}");
    }
    assert_eq!(errors.len(), 10, "{errors:?}");
    let latin1 = of_type(&rows, "error").into_iter().find(|r| r["error"] == "not-utf8").unwrap();
    assert!(latin1["reason"].as_str().unwrap().starts_with("line 30 is not UTF-8"));
    // Rows follow the files in path order, and each file's questions in order.
    let sources: Vec<&str> = rows.iter().filter_map(|r| r["source"].as_str()).collect();
    assert!(sources.first().unwrap().starts_with("markdown/alice-nguyen.md:"));
    assert!(sources.last().unwrap().starts_with("text/carol-diaz.txt:"));
}

#[test]
fn candidate_names_come_from_the_transcript_or_the_file_name() {
    let rows = batch_jsonl(&["markdown", "text"], 6);
    let names: BTreeSet<(String, &str)> = rows
        .iter()
        .filter(|r| r["type"] == "answer")
        .map(|r| (r["source"].as_str().unwrap().split(':').next().unwrap().to_string(), r["candidate"].as_str().unwrap()))
        .collect();
    let expected: BTreeSet<(String, &str)> = [
        ("markdown/alice-nguyen.md", "Alice Nguyen"), // front matter
        ("markdown/bob.md", "Bob Martins"),           // **Candidate:** line
        ("markdown/carol-diaz.md", "carol-diaz"),     // file name
        ("text/alice-nguyen.txt", "Alice Nguyen"),    // Candidate: line
        ("text/bob-martins.txt", "Bob Martins"),      // Interviewee: line
        ("text/carol-diaz.txt", "carol-diaz"),
    ]
    .into_iter()
    .map(|(f, n)| (f.to_string(), n))
    .collect();
    assert_eq!(names, expected);
    assert_eq!(of_type(&rows, "summary").len(), 3, "one summary per candidate across files");
}

#[test]
fn output_is_identical_at_any_thread_count_and_chunk_size() {
    let run = |extra: &[&str]| {
        let out =
            gograde().args(["batch", "answers.jsonl", "markdown", "text", "--format", "jsonl", "--quiet"]).args(extra).assert().code(6);
        out.get_output().stdout.clone()
    };
    let base = run(&["--threads", "1"]);
    assert!(base.len() > 100_000);
    assert_eq!(base, run(&["--threads", "2"]), "1 vs 2 threads");
    assert_eq!(base, run(&["--threads", "2", "--chunk-size", "1"]), "chunk size 1");
    assert_eq!(base, run(&["--threads", "3", "--chunk-size", "7"]), "chunk size 7");
}

fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![vec![String::new()]];
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let row = rows.last_mut().unwrap();
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                row.last_mut().unwrap().push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => row.push(String::new()),
            ('\n', false) => rows.push(vec![String::new()]),
            _ => row.last_mut().unwrap().push(c),
        }
    }
    rows.pop();
    rows
}

#[test]
fn csv_has_one_row_per_answer() {
    let out = gograde().args(["batch", "answers.jsonl", "--format", "csv", "--quiet"]).assert().code(6);
    let rows = parse_csv(std::str::from_utf8(&out.get_output().stdout).unwrap());
    let header = &rows[0];
    assert_eq!(header[..5], ["index", "id", "candidate", "source", "status"]);
    assert_eq!(rows.len(), 1 + 46);
    assert!(rows.iter().all(|r| r.len() == header.len()), "every row has every column");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let alice = &rows[1];
    assert_eq!(
        (alice[col("status")].as_str(), alice[col("question_id")].as_str(), alice[col("grade")].as_str()),
        ("graded", "channels-buffered-vs-unbuffered", "5")
    );
    let bad = rows.iter().find(|r| r[col("source")] == "answers.jsonl:44").unwrap();
    assert_eq!((bad[col("status")].as_str(), bad[col("error")].as_str()), ("error", "unknown-question"));
    assert!(!bad[col("closest")].is_empty());
    assert!(rows[1..].iter().filter(|r| r[col("status")] == "graded").all(|r| r[col("score")].parse::<f64>().is_ok()));
}

#[test]
fn markdown_reports_each_candidate_with_what_was_missing() {
    let out = gograde().args(["batch", "markdown", "--format", "markdown", "--fail-under", "50", "--quiet"]).assert().code(6);
    let md = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(md.starts_with("# Batch report\n"));
    let alice = md.find("\n## Alice Nguyen\n").unwrap();
    let bob = md.find("\n## Bob Martins\n").unwrap();
    let carol = md.find("\n## carol-diaz\n").unwrap();
    assert!(alice < bob && bob < carol);
    assert!(md.contains("| 1 | Alice Nguyen |"), "ranked first");
    assert!(md.contains("below the bar") && md.contains("| pass |"));
    let bob_part = &md[bob..carol];
    assert!(bob_part.contains("**Missing**") && bob_part.contains("grade 3/5"));
    assert!(bob_part.contains("**Not graded** \u{b7} markdown/bob.md:60 \u{b7} the answer is empty"));
    assert!(md[carol..].contains("Closest questions of the bank"));
    assert!(md.contains("**Weakest concepts:**"));
}

#[test]
fn html_is_one_self_contained_page() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    gograde().args(["batch", ".", "--quiet", "--fail-under", "50", "--out"]).arg(&path).assert().code(6);
    let html = fs::read_to_string(&path).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    for banned in ["<script", "<link", "src=", "http://", "https://", "@import", "url("] {
        assert!(!html.contains(banned), "external asset or script: {banned}");
    }
    for tag in ["section", "details", "table", "tr"] {
        assert_eq!(html.matches(&format!("<{tag}")).count(), html.matches(&format!("</{tag}>")).count(), "<{tag}> balanced");
    }
    assert!(html.contains("Candidates ranked") && html.contains("Strengths by topic"));
    let first_row = html.find("<tbody>").unwrap();
    assert!(html[first_row..].find("Alice Nguyen").unwrap() < html[first_row..].find("Bob Martins").unwrap(), "ranked by mean score");
    assert!(html.contains("below the bar"));
    // Alice, Bob, Carol, Dave, the JSON Lines record without a candidate, and the unreadable lines.
    assert_eq!(html.matches("<section class=\"candidate\"").count(), 6);
    assert!(html.contains("Records without a candidate"));
}

#[test]
fn html_and_markdown_escape_what_candidates_write() {
    let line = r#"{"candidate": "<img onerror=x>|Eve", "question": "<b>sourdough</b> starter?", "answer": "x"}"#;
    let out = gograde().args(["batch", "--format", "html", "--quiet"]).write_stdin(line).assert().code(6);
    let html = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!html.contains("<img") && !html.contains("<b>sourdough"));
    assert!(html.contains("&lt;img onerror=x&gt;|Eve"));
    let out = gograde().args(["batch", "--format", "markdown", "--quiet"]).write_stdin(line).assert().code(6);
    let md = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(md.contains("## &lt;img onerror=x&gt;\\|Eve") && md.contains("&lt;b&gt;sourdough"), "{md}");
}

#[test]
fn out_is_written_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.jsonl");
    fs::write(&path, "old report\n").unwrap();
    // A run that fails (here: an invalid bank) leaves the old report as it was, and no temp file.
    gograde().args(["batch", "answers.jsonl", "--bank"]).arg(dir.path()).arg("--out").arg(&path).assert().code(5);
    assert_eq!(fs::read_to_string(&path).unwrap(), "old report\n");
    // A complete run replaces it whole.
    gograde().args(["batch", "answers.jsonl", "--quiet", "--out"]).arg(&path).assert().code(6).stdout("");
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.ends_with("\n") && text.lines().last().unwrap().contains("\"type\":\"batch\""));
    let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
}

#[test]
fn an_interrupted_run_leaves_no_report() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let mut child = crate::util::gograde_process()
        .args(["batch", "-", "--quiet", "--chunk-size", "2", "--out"])
        .arg(&path)
        .current_dir(data())
        .env_remove("GOGRADE_BANK")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let records = String::from_utf8_lossy(&fs::read(data().join("answers.jsonl")).unwrap()).into_owned();
    let mut stdin = child.stdin.take().unwrap();
    for line in records.lines().take(10) {
        writeln!(stdin, "{line}").unwrap();
    }
    stdin.flush().unwrap();
    // Wait until the run has started writing, then kill it mid-way (the input is still open).
    let started = std::time::Instant::now();
    while fs::read_dir(dir.path()).unwrap().count() == 0 && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(!path.exists(), "an interrupted run leaves no half report");
}

#[test]
fn fail_under_gates_the_candidate_set() {
    let dir = tempfile::tempdir().unwrap();
    let clean: String = String::from_utf8_lossy(&fs::read(data().join("answers.jsonl")).unwrap())
        .lines()
        .filter(|l| (l.contains("\"id\": \"alice-") || l.contains("\"id\": \"bob-")) && !l.contains("-once\"") && !l.contains("-pg\""))
        .map(|l| format!("{l}\n"))
        .collect();
    let file = dir.path().join("clean.jsonl");
    fs::write(&file, clean).unwrap();
    let file = file.to_str().unwrap();
    let rows = batch_jsonl(&[file], 0);
    assert_eq!(of_type(&rows, "error").len(), 0);
    assert!(of_type(&rows, "summary").iter().all(|s| s.get("passed").is_none()), "no verdict without a bar");
    let rows = batch_jsonl(&[file, "--fail-under", "60"], 1);
    let verdicts: BTreeMap<&str, bool> =
        of_type(&rows, "summary").iter().map(|s| (s["candidate"].as_str().unwrap(), s["passed"].as_bool().unwrap())).collect();
    assert_eq!(verdicts, BTreeMap::from([("Alice Nguyen", true), ("Bob Martins", false)]));
    assert_eq!(of_type(&rows, "batch")[0]["below_fail_under"], serde_json::json!(["Bob Martins"]));
    batch_jsonl(&[file, "--fail-under", "20"], 0);
    // Failed records take precedence over the bar in the exit code.
    batch_jsonl(&["answers.jsonl", "--fail-under", "0"], 6);
    gograde().args(["batch", file, "--fail-under", "120"]).assert().code(2);
}

#[test]
fn a_question_id_field_names_the_question_exactly() {
    let answer = "new(T) returns a pointer to a zeroed T, for any type. make only builds slices, maps and channels and returns the initialised value itself, not a pointer.";
    let wording = "How do make and new differ?";
    let records = [
        serde_json::json!({"id": "by-question", "question": "make-vs-new", "answer": answer}),
        serde_json::json!({"id": "by-question-id", "question_id": "make-vs-new", "answer": answer}),
        serde_json::json!({"id": "by-wording", "question": wording, "answer": answer}),
        serde_json::json!({"id": "id-and-wording", "question_id": "make-vs-new", "question": wording, "answer": answer}),
        // The id governs: the same wording with another id is graded against that question.
        serde_json::json!({"id": "id-wins", "question_id": "atomic-vs-mutex", "question": wording, "answer": answer}),
        serde_json::json!({"id": "blank-wording", "question_id": "make-vs-new", "question": " ", "answer": answer}),
        // An id the bank does not have is never resolved as a wording.
        serde_json::json!({"id": "typo-id", "question_id": "make-vs-neww", "question": wording, "answer": answer}),
        serde_json::json!({"id": "number-id", "question_id": 17, "answer": answer}),
        serde_json::json!({"id": "list-id", "question_id": ["make-vs-new"], "answer": answer}),
        serde_json::json!({"id": "empty-id", "question_id": "", "question": wording, "answer": answer}),
    ];
    let input: String = records.iter().map(|r| format!("{r}\n")).collect();
    let out = gograde().args(["batch", "--format", "jsonl", "--quiet"]).write_stdin(input).assert().code(6);
    let rows: Vec<Value> =
        String::from_utf8(out.get_output().stdout.clone()).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let row = |id: &str| rows.iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("no row {id}"));
    let score = |id: &str| row(id)["score"].as_f64().unwrap_or_else(|| panic!("{id} not graded: {}", row(id)));
    for id in ["by-question", "by-question-id", "by-wording", "id-and-wording", "blank-wording"] {
        assert_eq!(row(id)["question_id"], "make-vs-new", "{id}");
    }
    assert_eq!(score("by-question-id"), score("by-question"), "an id in either field grades alike");
    assert_eq!(score("blank-wording"), score("by-question"));
    assert_eq!(score("id-and-wording"), score("by-wording"), "the wording still counts as how it was asked");
    assert!(score("by-question") >= 60.0, "a right answer: {}", row("by-question"));
    assert_eq!(row("id-wins")["question_id"], "atomic-vs-mutex");
    assert!(score("id-wins") < 30.0, "graded against the question the id names: {}", row("id-wins"));
    assert_eq!(row("typo-id")["error"], "unknown-question");
    let candidates = row("typo-id")["candidates"].as_array().unwrap();
    assert!(candidates.iter().any(|c| c["id"] == "make-vs-new"), "the closest ids are offered: {candidates:?}");
    assert_eq!(row("number-id")["error"], "unknown-question");
    assert_eq!(row("list-id")["error"], "wrong-type");
    assert!(row("list-id")["reason"].as_str().unwrap().contains("question_id"));
    assert_eq!(row("empty-id")["error"], "empty-question");
}

#[test]
fn reads_stdin_and_notes_failures_on_stderr() {
    let good = r#"{"candidate": "Zoe", "question": "make-vs-new", "answer": "new(T) returns a pointer to a zeroed T, for any type. make only builds slices, maps and channels and returns the initialised value itself, not a pointer."}"#;
    let out = gograde().args(["batch", "--format", "jsonl"]).write_stdin(format!("{good}\n\n")).assert().success();
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(stdout.lines().count(), 3, "answer, summary, batch: {stdout}");
    assert!(stdout.contains("\"source\":\"stdin:1\""));
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("graded 1 of 1 answers"));
    let out = gograde().args(["batch", "--format", "jsonl"]).write_stdin(format!("{good}\nnot json\n")).assert().code(6);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("1 could not be graded"));
    gograde().args(["batch", "--format", "jsonl", "--quiet"]).write_stdin("").assert().success();
    gograde().args(["batch", "no-such-file.jsonl"]).assert().code(5);
}

#[test]
fn streaming_holds_at_most_two_chunks() {
    // 2,000 records, one in 50 a real answer: the stream never pulls more than two chunks ahead
    // of the rows written (one being graded while the one before it is written).
    let grader = Grader::new(bank());
    let produced = AtomicU64::new(0);
    let items = (0..2000u64).map(|i| -> Item {
        produced.fetch_add(1, Ordering::SeqCst);
        let source = Source { file: "gen".into(), line: i as usize + 1 };
        if i % 50 == 0 {
            Ok(Record {
                id: None,
                candidate: format!("c{}", i % 7),
                question: "make-vs-new".into(),
                question_id: None,
                answer: "make returns an initialised slice, map or channel; new returns a pointer to a zero value.".into(),
                source,
            })
        } else {
            Err(Box::new(BadRecord {
                id: None,
                candidate: Some(format!("c{}", i % 7)),
                question: None,
                source,
                error: RecordError::EmptyAnswer,
            }))
        }
    });
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let mut report = Report::new(ReportFormat::Jsonl, std::io::sink(), ReportOptions::default()).unwrap();
    let mut written = 0u64;
    let chunk = 64u64;
    let n = batch::grade_stream(&grader, items, chunk as usize, Some(&pool), |row| -> std::io::Result<()> {
        assert_eq!(row.index, written, "in order");
        assert!(produced.load(Ordering::SeqCst) - written <= 2 * chunk, "more than two chunks in memory");
        assert_eq!(matches!(row.outcome, Outcome::Graded { .. }), row.index % 50 == 0);
        written += 1;
        report.add(&row)
    })
    .unwrap();
    assert_eq!(n, 2000);
    let (_, summary) = report.finish().unwrap();
    assert_eq!((summary.answers, summary.graded, summary.failed, summary.candidates.len()), (2000, 40, 1960, 7));
}

#[test]
fn library_parses_transcripts_without_the_cli() {
    let bytes = fs::read(data().join("markdown/carol-diaz.md")).unwrap();
    let t = batch::parse_transcript(&bytes, InputFormat::Markdown, "carol-diaz.md", "carol-diaz");
    assert_eq!(t.candidate, "carol-diaz");
    assert_eq!(t.items.len(), 13, "section headings are not questions");
    let by_id = t.items.iter().filter_map(|i| i.as_ref().ok()).find(|r| r.question == "errgroup").expect("a question given by id");
    assert_eq!(by_id.source.line, 49);
}
