//! The `gograde` command: parse the arguments, run the command, map the outcome to an exit code.
//! Everything else lives in `cli` (commands) and the library.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = <cli::Args as clap::Parser>::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => cli::report_error(&err),
    }
}
