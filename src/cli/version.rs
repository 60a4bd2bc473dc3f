//! `gograde --version`: the version, and which bank it grades with (origin, size, content hash),
//! so a grade can be traced to the bank that made it (`bank_hash` in the JSON contract).

use super::output::Out;
use gograde::Bank;
use std::path::Path;
use std::process::ExitCode;

pub fn run(bank: Option<&Path>, out: &Out) -> anyhow::Result<ExitCode> {
    let version = format!("gograde {}\n", env!("CARGO_PKG_VERSION"));
    out.print(&version)?;
    let f = Bank::fingerprint(bank)?;
    out.print(&format!("bank: {} ({} questions, hash {})\n", f.origin, f.questions, f.hash))?;
    Ok(ExitCode::SUCCESS)
}
