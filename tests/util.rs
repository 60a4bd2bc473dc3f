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
