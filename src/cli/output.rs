//! Writing to the terminal: colour choice, closed pipes, and turning errors into exit codes.

use super::{exit, ColorChoice};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

/// Where command output goes: stdout, with ANSI styles kept or stripped.
pub struct Out {
    color: anstream::ColorChoice,
}

impl Out {
    pub fn new(choice: ColorChoice) -> Out {
        let color = match choice {
            ColorChoice::Always => anstream::ColorChoice::Always,
            ColorChoice::Never => anstream::ColorChoice::Never,
            // Auto honours NO_COLOR, CLICOLOR(_FORCE) and whether stdout is a terminal.
            ColorChoice::Auto => anstream::AutoStream::choice(&std::io::stdout()),
        };
        Out { color }
    }

    /// Write text (which may carry ANSI styles) to stdout.
    pub fn print(&self, text: &str) -> std::io::Result<()> {
        let mut stream = anstream::AutoStream::new(std::io::stdout().lock(), self.color);
        stream.write_all(text.as_bytes())?;
        stream.flush()
    }

    pub fn stdin_is_terminal() -> bool {
        std::io::stdin().is_terminal()
    }
}

/// A path's extension in lower case (empty when it has none): `--out` picks formats by it.
pub fn extension(path: &Path) -> String {
    path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default()
}

/// A closed pipe (`gograde … | head`) is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

pub fn finish(result: anyhow::Result<ExitCode>) -> anyhow::Result<ExitCode> {
    match result {
        Err(e) if is_broken_pipe(&e) => Ok(ExitCode::from(exit::OK)),
        other => other,
    }
}

/// Print an error to stderr and choose its exit code.
pub fn report_error(err: &anyhow::Error) -> ExitCode {
    let code = err
        .chain()
        .find_map(|e| {
            if let Some(g) = e.downcast_ref::<gograde::Error>() {
                return Some(match g {
                    gograde::Error::Bank(_) => exit::BANK,
                    gograde::Error::UnknownQuestion { .. } | gograde::Error::AmbiguousQuestion { .. } => exit::QUESTION,
                    gograde::Error::Io { .. } | gograde::Error::AnswerTooLong { .. } => exit::INPUT,
                    _ => exit::INTERNAL,
                });
            }
            e.downcast_ref::<std::io::Error>().map(|_| exit::INPUT)
        })
        .unwrap_or(exit::INTERNAL);
    let mut stderr = anstream::stderr().lock();
    let _ = writeln!(stderr, "gograde: error: {err:#}");
    ExitCode::from(code)
}
