//! Bank snapshots (`BankCache`): a bank read back from its snapshot grades exactly like the bank
//! built from its files, and a snapshot that is stale or corrupt is rebuilt, never trusted.

use crate::util::{bank, gograde, root};
use gograde::bank::BankCache;
use gograde::quality::eval::parse_marked;
use gograde::{Bank, Grader};
use std::fs;
use std::path::{Path, PathBuf};

fn snapshots(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "snapshot")).collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Every marked answer (ours and both blind halves), graded by both banks, as JSON.
fn all_grades(bank: &Bank) -> Vec<String> {
    let grader = Grader::new(bank);
    let mut out = Vec::new();
    for file in ["marked-answers.jsonl", "blind-dev.jsonl", "blind-test.jsonl"] {
        let text = fs::read_to_string(root().join("tests/data").join(file)).unwrap();
        for (_, m) in parse_marked(&text).0 {
            out.push(match grader.grade(&m.question, &m.answer) {
                Ok(g) => serde_json::to_string(&g).unwrap(),
                Err(e) => format!("error: {e}"),
            });
        }
    }
    out
}

#[test]
fn a_bank_read_back_from_its_snapshot_grades_every_marked_answer_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let cache = BankCache::new(dir.path());
    let first = cache.shipped().unwrap();
    assert_eq!(snapshots(dir.path()).len(), 1, "the first load saves a snapshot");
    let again = cache.shipped().unwrap();
    assert_eq!(again.hash(), bank().hash());
    assert_eq!(again.rubrics().len(), bank().rubrics().len());
    let built = all_grades(bank());
    assert!(built.len() > 800);
    assert_eq!(all_grades(&again), built, "the snapshot grades like the built bank");
    assert_eq!(all_grades(&first), built);
}

#[test]
fn a_corrupt_snapshot_is_rebuilt_not_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let answer = "An unbuffered channel blocks the sender until a receiver takes the value.";
    let run = || {
        let out = gograde()
            .env("GOGRADE_CACHE_DIR", dir.path())
            .args(["grade", "-q", "channels-buffered-vs-unbuffered", answer, "--format", "json"])
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let uncached = gograde()
        .env("GOGRADE_NO_CACHE", "1")
        .args(["grade", "-q", "channels-buffered-vs-unbuffered", answer, "--format", "json"])
        .assert()
        .success();
    let uncached = String::from_utf8(uncached.get_output().stdout.clone()).unwrap();
    assert_eq!(run(), uncached, "first run: built and saved");
    let [snapshot] = snapshots(dir.path()).try_into().unwrap();
    let good = fs::read(&snapshot).unwrap();
    assert_eq!(run(), uncached, "second run: read back");
    // A flipped byte in the payload, a truncated file, and garbage: each is refused and rebuilt.
    let mut flipped = good.clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x55;
    for broken in [flipped, good[..good.len() / 3].to_vec(), b"not a snapshot".to_vec()] {
        fs::write(&snapshot, &broken).unwrap();
        assert_eq!(run(), uncached);
        assert_eq!(fs::read(&snapshot).unwrap(), good, "the broken snapshot was replaced by a good one");
    }
}

#[test]
fn editing_a_bank_folder_is_never_hidden_by_its_old_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let cache_dir = dir.path().join("cache");
    let bank_dir = dir.path().join("bank");
    for sub in ["rubrics/basics", "corpus/basics"] {
        fs::create_dir_all(bank_dir.join(sub)).unwrap();
    }
    let rubric = |penalty: u32| {
        format!(
            "id = \"demo\"\ntopic = \"basics\"\nlevel = \"junior\"\nquestion = \"What does defer do?\"\n\n\
             [[concept]]\nid = \"runs-at-return\"\nweight = 3\nsays = \"A deferred call runs when the function returns.\"\nhint = \"When does it run?\"\n\
             patterns = [\"defer* & (return* | exit*)\"]\n\n\
             [[red_flag]]\nid = \"runs-immediately\"\npenalty = {penalty}\nwhy = \"It runs at return.\"\n\
             patterns = [\"defer* & (immediately | right away)\"]\n"
        )
    };
    fs::write(bank_dir.join("corpus/basics/demo.md"), "A deferred call runs when the surrounding function returns.").unwrap();
    let answer = "A deferred call runs when the function returns. Also, defer runs the call immediately.";
    let score = |penalty: u32| {
        fs::write(bank_dir.join("rubrics/basics/demo.toml"), rubric(penalty)).unwrap();
        let out = gograde()
            .env("GOGRADE_CACHE_DIR", &cache_dir)
            .arg("--bank")
            .arg(&bank_dir)
            .args(["grade", "-q", "demo", answer, "--format", "json"])
            .assert()
            .success();
        let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        v["score"].as_f64().unwrap()
    };
    let mild = score(5);
    let harsh = score(40);
    assert!(harsh < mild, "the edited penalty counts: {harsh} < {mild}");
    assert_eq!(snapshots(&cache_dir).len(), 2, "one snapshot per version of the bank's files");
    assert_eq!(score(5), mild, "back to the first version: its snapshot is read back");
}
