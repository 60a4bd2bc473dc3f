//! The `gograde` command: parse the arguments, run the command, map the outcome to an exit code.
//! Everything else lives in `cli` (commands) and the library.

mod cli;

use std::process::ExitCode;

/// mimalloc: a bank is hundreds of thousands of small strings and maps, and grading allocates per
/// token; the system allocator spent a third of a cold grade in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its `mimalloc.h`; the bindings give options no names).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // mimalloc 3 keeps freed memory a second before giving it back (version 2: 10 ms). A batch
    // frees each chunk's grades and, at its end, every candidate's details as it goes: kept
    // a second, they were a sixth of its peak RSS (100,000 candidates: 117 -> 97 MiB at 10 ms),
    // at no measurable cost in time.
    // SAFETY: an option's value, set before any other thread exists.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10) };
    let args = <cli::Args as clap::Parser>::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => cli::report_error(&err),
    }
}
