//! The `gograde` command as a user runs it: arguments, stdin, formats, exit codes, bad input.

use crate::util::{gograde, root};
use predicates::prelude::*;
use std::fs;

const GOOD: &str = "An unbuffered channel has no capacity: a send blocks until another goroutine receives, so the two goroutines \
synchronise. A buffered channel only blocks the sender when its buffer is full and the receiver when it is empty, which \
decouples producer and consumer. I use unbuffered channels for signalling and buffered ones as queues for bursts or as semaphores.";

#[test]
fn grades_an_answer_given_as_an_argument() {
    gograde().args(["grade", "--question", "channels-buffered-vs-unbuffered", GOOD]).assert().success().stdout(
        predicate::str::contains("Grade ").and(predicate::str::contains("What you covered")).and(predicate::str::contains("\u{1b}[").not()),
    );
}

#[test]
fn reads_the_answer_from_stdin_and_emits_the_json_contract() {
    let out = gograde().args(["grade", "-q", "channels-buffered-vs-unbuffered", "--format", "json"]).write_stdin(GOOD).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    for key in ["question_id", "score", "grade", "concepts", "red_flags", "similarity", "off_topic", "matched_question"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    let c = &v["concepts"][0];
    for key in ["id", "covered", "weight", "evidence", "hint"] {
        assert!(c.get(key).is_some(), "concept lacks {key}");
    }
    let covered = v["concepts"].as_array().unwrap().iter().find(|c| c["covered"] == true).unwrap();
    let e = &covered["evidence"][0];
    let (s, en) = (e["start"].as_u64().unwrap() as usize, e["end"].as_u64().unwrap() as usize);
    assert_eq!(&GOOD[s..en], e["text"].as_str().unwrap(), "evidence offsets point into the answer");
    assert!(v["grade"].as_u64().unwrap() >= 3);
}

#[test]
fn finds_a_question_by_its_text() {
    let out = gograde()
        .args(["grade", "--question", "difference between buffered and unbuffered channels", "--format", "json", GOOD])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["question_id"], "channels-buffered-vs-unbuffered");
    assert!(v["matched_question"]["confidence"].as_f64().unwrap() > 0.3);
}

#[test]
fn an_unknown_question_exits_4_with_candidates() {
    gograde()
        .args(["grade", "--question", "how do I bake sourdough bread", "x"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("no question matches"));
}

#[test]
fn markdown_and_reference() {
    gograde()
        .args(["grade", "-q", "channels-buffered-vs-unbuffered", "--format", "markdown", "--reference", "it blocks"])
        .assert()
        .success()
        .stdout(predicate::str::contains("**grade").and(predicate::str::contains("Model answer")));
}

#[test]
fn fail_under_exits_1() {
    gograde().args(["grade", "-q", "channels-buffered-vs-unbuffered", "--fail-under", "50", "channels are nice"]).assert().code(1);
}

#[test]
fn list_show_and_check_the_shipped_bank() {
    gograde()
        .args(["list", "--topic", "concurrency-primitives"])
        .assert()
        .success()
        .stdout(predicate::str::contains("channels-buffered-vs-unbuffered"));
    gograde().args(["show", "channels-buffered-vs-unbuffered"]).assert().success().stdout(predicate::str::contains("model answer:"));
    gograde().args(["check"]).assert().success().stdout(predicate::str::contains("0 quality failure(s)"));
}

#[test]
fn list_and_find_speak_format_json_like_the_other_commands() {
    let out = gograde().args(["list", "--topic", "concurrency-primitives", "--format", "json"]).assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    let rows: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(rows.iter().any(|r| r["id"] == "channels-buffered-vs-unbuffered"), "{text}");
    // The older spelling stays for scripts written before --format.
    let old = gograde().args(["list", "--topic", "concurrency-primitives", "--json"]).assert().success();
    assert_eq!(String::from_utf8_lossy(&old.get_output().stdout), text);
    let out = gograde().args(["find", "--format", "json", "what does defer do"]).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert!(v["candidates"].as_array().is_some_and(|c| !c.is_empty()), "{v}");
}

#[test]
fn a_broken_rubric_is_named_with_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let r = dir.path().join("rubrics/basics");
    let c = dir.path().join("corpus/basics");
    fs::create_dir_all(&r).unwrap();
    fs::create_dir_all(&c).unwrap();
    let rubric = |id: &str, pattern: &str| {
        format!("id = \"{id}\"\ntopic = \"basics\"\nlevel = \"junior\"\nquestion = \"What is a {id}?\"\n\n[[concept]]\nid = \"c\"\nweight = 2\nsays = \"x\"\nhint = \"y\"\npatterns = [\"{pattern}\"]\n")
    };
    fs::write(r.join("demo.toml"), rubric("demo", "demo ~ (show")).unwrap();
    fs::write(c.join("demo.md"), "A demo shows things.").unwrap();
    fs::write(r.join("sample.toml"), rubric("sample", "sample ~ taste")).unwrap();
    fs::write(c.join("sample.md"), "A sample lets you taste a little.").unwrap();
    let bank = dir.path().to_str().unwrap();
    // A bank with an error does not grade, and says where the error is.
    gograde()
        .args(["--bank", bank, "grade", "-q", "sample", "a sample lets you taste"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("rubrics/basics/demo.toml:11:").and(predicate::str::contains("concept[0].patterns[0]")));
    // check lists every problem and still runs the bars of the sound rubrics.
    gograde()
        .args(["--bank", bank, "check"])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("demo.toml:11:").and(predicate::str::contains("1 load problem(s)")));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // `gograde list | head -1`: the reader goes away early.
    let bin = assert_cmd::cargo::cargo_bin("gograde");
    let status = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("'{}' list | head -c 10 > /dev/null; exit ${{PIPESTATUS:-0}}", bin.display()))
        .env("GOGRADE_CACHE_DIR", crate::util::cache_dir())
        .current_dir(root())
        .status()
        .unwrap();
    assert!(status.success());
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' list 2>&1 | head -c 1 >/dev/null; '{}' list 2>&1 >/dev/null | grep -c panicked || true",
            bin.display(),
            bin.display()
        ))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "0");
}

#[test]
fn unreadable_answer_file_exits_5() {
    gograde().args(["grade", "-q", "channels-buffered-vs-unbuffered", "--answer-file", "/nonexistent/answer.txt"]).assert().code(5);
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.txt");
    fs::write(&f, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    gograde()
        .args(["grade", "-q", "channels-buffered-vs-unbuffered", "--answer-file", f.to_str().unwrap()])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("not UTF-8"));
}

#[test]
fn grades_are_identical_across_processes_and_thread_counts() {
    // Each process seeds its hash maps differently: any order-dependent float sum would show.
    let run = |threads: &str| {
        let out = gograde()
            .env("RAYON_NUM_THREADS", threads)
            .args(["eval", "--format", "json", root().join("tests/data/marked-answers.jsonl").to_str().unwrap()])
            .assert()
            .success();
        let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        (v["pearson"].clone(), v["qwk"].clone(), v["confusion"].clone(), v["worst"].clone())
    };
    let first = run("1");
    assert_eq!(first, run("2"));
    assert_eq!(first, run("3"));
}
