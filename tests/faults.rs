//! Faults during a batch (issue 14): a full disk on stdout, a signal halfway through a run
//! writing `--out`, an input file that vanishes between listing and reading, and a stream that
//! closes early.

use crate::util::{bank, gograde_process as gograde};
use gograde::batch::{self, BatchInput, InputFormat, Outcome, RecordError};
use gograde::Grader;
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const GOOD: &str = "An unbuffered channel has no capacity: a send blocks until another goroutine receives. A buffered \
channel only blocks the sender when its buffer is full.";

fn record(n: usize) -> String {
    serde_json::json!({"id": format!("r{n}"), "candidate": format!("c{}", n % 7), "question": "channels-buffered-vs-unbuffered", "answer": GOOD})
        .to_string()
        + "\n"
}

/// The answer and error rows of a JSON Lines report.
fn rows(jsonl: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(jsonl)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["type"] == "answer" || v["type"] == "error")
        .collect()
}

#[test]
fn a_full_disk_on_stdout_is_a_clear_error_with_exit_5() {
    let input = (0..300).map(record).collect::<String>();
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("in.jsonl"), input).unwrap();
    let out = gograde()
        .args(["batch", "in.jsonl", "--format", "jsonl", "--quiet"])
        .current_dir(dir.path())
        .stdout(fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(5), "{stderr}");
    assert!(stderr.contains("writing the report to stdout") && stderr.contains("No space left on device"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// Send `signal` to a batch writing `--out` once it is under way: the previous report stays as
/// it was, the temporary file is removed, and the exit code is 128 + the signal.
fn interrupted_batch_keeps_the_previous_report(signal: &str, number: i32) {
    let dir = tempfile::tempdir().unwrap();
    let input = (0..40_000).map(record).collect::<String>();
    fs::write(dir.path().join("in.jsonl"), input).unwrap();
    let previous = "the previous report\n";
    fs::write(dir.path().join("report.jsonl"), previous).unwrap();
    let mut child = gograde()
        .args(["batch", "in.jsonl", "--out", "report.jsonl", "--quiet", "--threads", "1", "--chunk-size", "16"])
        .current_dir(dir.path())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let tmp = dir.path().join(format!(".report.jsonl.{}.tmp", child.id()));
    // Halfway: the temporary file exists and rows are being written to it.
    let start = Instant::now();
    while fs::metadata(&tmp).map_or(0, |m| m.len()) == 0 {
        assert!(start.elapsed() < Duration::from_secs(120), "the batch never started writing");
        assert!(child.try_wait().unwrap().is_none(), "the batch ended before it could be interrupted");
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = Command::new("kill").args([&format!("-{signal}"), &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(128 + number), "{stderr}");
    assert!(stderr.contains("report.jsonl left as it was"), "{stderr}");
    assert_eq!(fs::read_to_string(dir.path().join("report.jsonl")).unwrap(), previous);
    let left: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!left.iter().any(|n| n.ends_with(".tmp")), "temporary file left behind: {left:?}");
}

#[test]
fn sigterm_halfway_keeps_the_previous_report_and_removes_the_temporary_file() {
    interrupted_batch_keeps_the_previous_report("TERM", 15);
}

#[test]
fn sigint_halfway_keeps_the_previous_report_and_removes_the_temporary_file() {
    interrupted_batch_keeps_the_previous_report("INT", 2);
}

fn write_inputs(dir: &Path) {
    for (name, n) in [("a.jsonl", 0), ("b.jsonl", 10), ("c.jsonl", 20)] {
        fs::write(dir.join(name), (n..n + 3).map(record).collect::<String>()).unwrap();
    }
}

#[test]
fn an_input_that_vanishes_or_becomes_unreadable_after_listing_is_an_error_row() {
    let grader = Grader::new(bank());
    for (what, break_it) in [
        ("vanished", Box::new(|p: &Path| fs::remove_file(p).unwrap()) as Box<dyn Fn(&Path)>),
        (
            "replaced by a folder",
            Box::new(|p: &Path| {
                fs::remove_file(p).unwrap();
                fs::create_dir(p).unwrap();
            }),
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        write_inputs(dir.path());
        let inputs = batch::collect_inputs(&[dir.path().to_path_buf()], None).unwrap();
        assert_eq!(inputs.len(), 3);
        assert!(inputs.iter().all(|(_, f)| *f == InputFormat::Jsonl));
        break_it(&dir.path().join("b.jsonl"));
        let mut rows = Vec::new();
        batch::grade_stream(&grader, BatchInput::new(inputs), 4, None, |row| -> Result<(), ()> {
            rows.push(row);
            Ok(())
        })
        .unwrap();
        let graded = rows.iter().filter(|r| matches!(r.outcome, Outcome::Graded { .. })).count();
        let failed: Vec<_> = rows.iter().filter_map(|r| if let Outcome::Failed(e) = &r.outcome { Some((r, e)) } else { None }).collect();
        assert_eq!((graded, failed.len()), (6, 1), "{what}");
        assert!(matches!(failed[0].1, RecordError::Unreadable(_)), "{what}: {:?}", failed[0].1);
        assert!(failed[0].0.source.file.ends_with("b.jsonl"), "{what}");
    }
}

#[test]
fn stdin_closing_early_grades_and_reports_the_records_read() {
    let mut child = gograde()
        .args(["batch", "-", "--format", "jsonl", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut input = (0..3).map(record).collect::<String>();
    let cut = record(3);
    input += &cut[..cut.len() / 2]; // the writer dies in the middle of a record
    stdin.write_all(input.as_bytes()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let rows = rows(&out.stdout);
    assert_eq!(out.status.code(), Some(6), "{}", String::from_utf8_lossy(&out.stderr));
    let kinds: Vec<&str> = rows.iter().map(|r| r["type"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["answer", "answer", "answer", "error"]);
    assert_eq!(rows[3]["error"], "invalid-json");
}

#[test]
fn a_fifo_whose_writer_stops_early_grades_and_reports_the_records_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("answers.jsonl");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let child = gograde()
        .args(["batch", "answers.jsonl", "--format", "jsonl", "--quiet"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // The writer sends two records and closes the pipe without a final newline or more.
    let mut writer = fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    writer.write_all((0..2).map(record).collect::<String>().as_bytes()).unwrap();
    drop(writer);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let rows = rows(&out.stdout);
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r["type"] == "answer"));
}

/// `--out` naming a pipe or a device (`/dev/null`, `/dev/stdout`) writes into it: renaming a
/// finished temporary file over it would replace the pipe (or, run as root, `/dev/null` itself)
/// with a plain file.
#[test]
fn out_naming_a_fifo_writes_into_it_and_leaves_it_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("in.jsonl"), (0..3).map(record).collect::<String>()).unwrap();
    let fifo = dir.path().join("report.jsonl");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    // A separate reader process, so that a FIFO replaced behind its back cannot hang the test.
    let mut reader = Command::new("cat").arg(&fifo).stdout(Stdio::piped()).spawn().unwrap();
    let out = gograde()
        .args(["batch", "in.jsonl", "--out", "report.jsonl", "--format", "jsonl", "--quiet"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let replaced = !fs::metadata(&fifo).unwrap().file_type().is_fifo();
    if replaced {
        let _ = reader.kill();
    }
    let report = reader.wait_with_output().unwrap().stdout;
    assert!(!replaced, "the FIFO was replaced by a plain file");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(rows(&report).len(), 3);
    let entries: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(entries.len(), 2, "no temporary file left: {entries:?}");
}
