//! The conventions a CLI user expects: shell completions, a man page, a version that names the
//! bank (and the same bank hash in the JSON contract).
//!
//! Checks that need a shell or groff skip it when the tool is not installed
//! (`.ci/install-cli-tools.sh` installs them).

use crate::util::{gograde, root};
use std::fs;
use std::path::Path;
use std::process::Stdio;

fn stdout_of(args: &[&str]) -> String {
    let out = gograde().args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn installed(tool: &str) -> bool {
    std::process::Command::new(tool).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}

/// Run `tool args… file`; returns None when the tool is not installed.
fn run_on(tool: &str, args: &[&str], file: &Path) -> Option<std::process::Output> {
    if !installed(tool) {
        eprintln!("skipped: {tool} is not installed");
        return None;
    }
    Some(std::process::Command::new(tool).args(args).arg(file).output().unwrap())
}

#[test]
fn completion_scripts_are_generated_for_every_shell_and_parse() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, checker, args) in [
        ("bash", "bash", &["-n"][..]),
        ("zsh", "zsh", &["-n"][..]),
        ("fish", "fish", &["--no-execute"][..]),
        ("powershell", "", &[][..]),
        ("elvish", "", &[][..]),
    ] {
        let script = stdout_of(&["completions", shell]);
        assert!(script.contains("grade") && script.contains("completions"), "{shell}: the commands are in the script");
        if matches!(shell, "bash" | "zsh" | "fish") {
            for value in ["channels-buffered-vs-unbuffered", "concurrency-primitives"] {
                assert!(script.contains(value), "{shell}: the script completes {value}");
            }
        }
        if checker.is_empty() {
            continue;
        }
        let file = dir.path().join(format!("gograde.{shell}"));
        fs::write(&file, &script).unwrap();
        if let Some(out) = run_on(checker, args, &file) {
            assert!(out.status.success(), "{shell} does not parse its script: {}", String::from_utf8_lossy(&out.stderr));
        }
    }
}

#[test]
fn bash_completes_commands_question_ids_and_topics() {
    if !installed("bash") {
        eprintln!("skipped: bash is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gograde.bash");
    fs::write(&file, stdout_of(&["completions", "bash"])).unwrap();
    // What bash does on TAB: fill COMP_WORDS/COMP_CWORD, call the function, read COMPREPLY.
    let complete = |words: &[&str]| -> String {
        let cword = words.len() - 1;
        let script = format!(
            "source '{}'; COMP_WORDS=({}); COMP_CWORD={cword}; _gograde gograde '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            file.display(),
            words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" "),
            words[cword],
            words[cword - 1],
        );
        let out = std::process::Command::new("bash").args(["-c", &script]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(complete(&["gograde", "gr"]).lines().any(|l| l == "grade"));
    let ids = complete(&["gograde", "grade", "-q", "channels-buf"]);
    assert_eq!(ids.trim(), "channels-buffered-vs-unbuffered");
    assert!(complete(&["gograde", "show", "goroutine-lea"]).lines().any(|l| l == "goroutine-leaks"));
    assert!(complete(&["gograde", "list", "--topic", "concurrency-p"]).lines().any(|l| l == "concurrency-primitives"));
}

#[test]
fn fish_completes_question_ids_for_options_and_positionals() {
    if !installed("fish") {
        eprintln!("skipped: fish is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gograde.fish");
    fs::write(&file, stdout_of(&["completions", "fish"])).unwrap();
    for (line, want) in [
        ("gograde grade -q channels-buf", "channels-buffered-vs-unbuffered"),
        ("gograde show goroutine-lea", "goroutine-leaks"),
        ("gograde list --topic concurrency-p", "concurrency-primitives"),
    ] {
        let script = format!("source '{}'; complete -C '{line}'", file.display());
        let out = std::process::Command::new("fish").args(["--no-config", "-c", &script]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.lines().any(|l| l.split('\t').next() == Some(want)), "fish: {line:?} should offer {want}: {text}");
    }
}

#[test]
fn the_man_page_covers_every_command_and_renders_without_warnings() {
    let page = stdout_of(&["man"]);
    assert!(page.contains("\n.TH gograde 1 "), "{}", &page[..200]);
    assert!(page.is_ascii(), "non-ASCII is escaped for groff");
    for sub in ["grade", "list", "show", "find", "check", "eval", "calibrate", "draft", "batch", "completions", "man", "schema"] {
        assert!(page.contains(&format!(".SS \"gograde {sub}\"")), "the page has a section for {sub}");
    }
    for needle in ["EXIT STATUS", "GOGRADE_BANK", "\\-\\-fail\\-under", "\\-\\-question"] {
        assert!(page.contains(needle), "the page mentions {needle}");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("gograde.1");
    fs::write(&file, &page).unwrap();
    if let Some(out) = run_on("groff", &["-man", "-Tutf8", "-ww", "-z"], &file) {
        assert!(out.status.success());
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "groff warns about the page");
    }
}

/// Copy the shipped bank's folders (rubrics/, corpus/) into `dir`.
fn copy_bank(dir: &Path) {
    fn copy(from: &Path, to: &Path) {
        fs::create_dir_all(to).unwrap();
        for e in fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            let target = to.join(e.file_name());
            if e.path().is_dir() {
                copy(&e.path(), &target);
            } else {
                fs::copy(e.path(), target).unwrap();
            }
        }
    }
    for sub in ["rubrics", "corpus"] {
        copy(&root().join(sub), &dir.join(sub));
    }
}

/// The hash `gograde --version` prints for a bank (None: the shipped one).
fn version_hash(bank: Option<&Path>) -> String {
    let mut args = Vec::new();
    if let Some(b) = bank {
        args.extend(["--bank", b.to_str().unwrap()]);
    }
    args.push("--version");
    let text = stdout_of(&args);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(concat!("gograde ", env!("CARGO_PKG_VERSION"))));
    let bank_line = lines.next().unwrap();
    assert!(bank_line.starts_with("bank: ") && bank_line.contains(" questions, hash "), "{bank_line}");
    let hash = bank_line.rsplit("hash ").next().unwrap().trim_end_matches(')').to_string();
    assert!(hash.len() == 12 && hash.chars().all(|c| c.is_ascii_hexdigit()), "{hash}");
    hash
}

#[test]
fn version_names_the_bank_and_its_hash_follows_the_rubrics() {
    let shipped = version_hash(None);
    let text = stdout_of(&["--version"]);
    let count = gograde::Bank::shipped().unwrap().rubrics().len();
    assert!(text.contains(&format!("bank: shipped bank ({count} questions, hash {shipped})")), "{text}");

    let dir = tempfile::tempdir().unwrap();
    copy_bank(dir.path());
    assert_eq!(version_hash(Some(dir.path())), shipped, "the same files hash alike, shipped or in a folder");

    // Any change to a rubric changes the hash, and a grade carries the hash of its bank.
    let rubric = dir.path().join("rubrics/concurrency-primitives/channels-buffered-vs-unbuffered.toml");
    let text = fs::read_to_string(&rubric).unwrap();
    fs::write(&rubric, text.replacen("weight = 3", "weight = 4", 1)).unwrap();
    let changed = version_hash(Some(dir.path()));
    assert_ne!(changed, shipped);

    let bank = dir.path().to_str().unwrap();
    let out = gograde()
        .args(["--bank", bank, "grade", "-q", "channels-buffered-vs-unbuffered", "--format", "json", "a send blocks"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["bank_hash"], changed.as_str());
    let out = gograde().args(["grade", "-q", "channels-buffered-vs-unbuffered", "--format", "json", "a send blocks"]).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["bank_hash"], shipped.as_str());
}

#[test]
fn no_command_is_a_usage_error() {
    gograde().assert().code(2);
    gograde().args(["--color", "never"]).assert().code(2);
}
