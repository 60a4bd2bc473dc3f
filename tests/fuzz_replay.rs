//! The fuzz targets' seed corpus and every input that once crashed them (`fuzz/seeds/<target>/`,
//! `fuzz/regressions/<target>/`), replayed through the same checks as the fuzzer runs
//! (`fuzz/checks.rs`). Fuzzing itself is not part of `cargo test`; see `fuzz/README.md`.

#[path = "../fuzz/checks.rs"]
mod checks;

use crate::util::root;

/// Every file of the seed and regression folders of `target`.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for kind in ["seeds", "regressions"] {
        let dir = root().join("fuzz").join(kind).join(target);
        for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = e.unwrap().path();
            if !path.file_name().unwrap().to_string_lossy().starts_with('.') {
                out.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    assert!(!out.is_empty(), "{target}: no seeds");
    out
}

fn replay(target: &str, check: fn(&[u8])) {
    for (name, data) in inputs(target) {
        eprintln!("replaying {name}");
        check(&data);
    }
}

#[test]
fn rubric_toml_corpus() {
    replay("rubric_toml", checks::rubric_toml);
}

#[test]
fn pattern_corpus() {
    replay("pattern", checks::pattern_bytes);
}

#[test]
fn grade_corpus() {
    replay("grade", checks::grade);
}

#[test]
fn grade_wording_corpus() {
    replay("grade_wording", checks::grade_wording);
}

#[test]
fn batch_input_corpus() {
    replay("batch_input", checks::batch_input);
}
