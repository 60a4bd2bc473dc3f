//! The `gograde` command: parse the arguments, run the command, map the outcome to an exit code.
//! Everything else lives in `cli` (commands) and the library.

mod cli;

use std::process::ExitCode;

/// mimalloc: a bank is hundreds of thousands of small strings and maps, and grading allocates per
/// token; the system allocator spent a third of a cold grade in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = <cli::Args as clap::Parser>::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => cli::report_error(&err),
    }
}
