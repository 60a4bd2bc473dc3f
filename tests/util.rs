//! Shared helpers for the integration tests.

use gograde::Bank;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The repository root (the bank's folder).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped bank, loaded once per test binary.
pub fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| Bank::shipped().expect("the shipped bank loads"))
}

/// `../shared/` beside the project, where the seeds and public data live (absent in some
/// checkouts: tests that need it say so and skip).
pub fn shared() -> Option<PathBuf> {
    let p = root().join("../shared");
    p.is_dir().then_some(p)
}

/// Where the binary keeps bank snapshots during the tests: the test target's folder, not the
/// user's cache.
pub fn cache_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bank-cache")
}

/// The `gograde` binary as a plain process, in a clean environment: no bank named by
/// `GOGRADE_BANK`, no colour, snapshots in [`cache_dir`].
pub fn gograde_process() -> std::process::Command {
    let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("gograde"));
    c.env_remove("GOGRADE_BANK").env_remove("GOGRADE_NO_CACHE").env("NO_COLOR", "1").env("GOGRADE_CACHE_DIR", cache_dir());
    c
}

/// [`gograde_process`] for assertions.
pub fn gograde() -> assert_cmd::Command {
    assert_cmd::Command::from_std(gograde_process())
}
