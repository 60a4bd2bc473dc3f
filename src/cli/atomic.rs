//! Writing `--out` atomically: a file written under a temporary name beside its target and
//! renamed over it once complete (`batch` and `eval`).

use anyhow::Context;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The temporary file of `--out` while it is written: SIGINT, SIGTERM or SIGHUP remove it before
/// the process exits (see [`remove_on_signal`]).
static PENDING: Mutex<Option<PathBuf>> = Mutex::new(None);

fn pending() -> std::sync::MutexGuard<'static, Option<PathBuf>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Watch for SIGINT, SIGTERM and SIGHUP on a thread of their own: remove the pending temporary
/// file, say so, and exit with 128 + the signal's number, as the signal would have.
fn remove_on_signal(target: &Path) -> anyhow::Result<()> {
    let mut signals = Signals::new([SIGINT, SIGTERM, SIGHUP]).context("watching for signals")?;
    let target = target.display().to_string();
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Holding the lock: a commit in progress finishes first, or never starts.
                let mut pending = pending();
                if let Some(tmp) = pending.take() {
                    let _ = std::fs::remove_file(&tmp);
                    let _ = writeln!(io::stderr(), "gograde: interrupted (signal {signal}); {target} left as it was");
                }
                std::process::exit(128 + signal);
            }
        })
        .context("watching for signals")?;
    Ok(())
}

/// A file written under a temporary name beside its target and renamed over it once complete,
/// so an interrupted or failed run leaves the target as it was, never half a report. Dropped
/// without [`AtomicFile::commit`] (an error), or stopped by SIGINT, SIGTERM or SIGHUP, the
/// temporary file is removed; a killed process (SIGKILL) may leave `.NAME.PID.tmp` behind, never
/// a partial NAME.
///
/// A target that exists and is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) is
/// written in place: renaming over it would replace the device or pipe with a plain file.
pub struct AtomicFile {
    file: File,
    /// The temporary file renamed over the target; `None` when the target is written in place.
    tmp: Option<PathBuf>,
    target: PathBuf,
    committed: bool,
}

impl AtomicFile {
    pub fn create(target: &Path) -> anyhow::Result<AtomicFile> {
        if std::fs::metadata(target).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            let file = std::fs::OpenOptions::new().write(true).open(target).with_context(|| format!("opening {}", target.display()))?;
            return Ok(AtomicFile { file, tmp: None, target: target.to_path_buf(), committed: false });
        }
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "report".into());
        let tmp = target.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
        remove_on_signal(target)?;
        let mut pending = pending();
        let file = File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
        *pending = Some(tmp.clone());
        Ok(AtomicFile { file, tmp: Some(tmp), target: target.to_path_buf(), committed: false })
    }

    /// Flush the complete file to disk and rename it over the target.
    pub fn commit(mut self) -> anyhow::Result<()> {
        let Some(tmp) = &self.tmp else {
            self.committed = true;
            return self.file.flush().with_context(|| format!("writing {}", self.target.display()));
        };
        self.file.sync_all().with_context(|| format!("writing {}", self.target.display()))?;
        let mut pending = pending();
        std::fs::rename(tmp, &self.target).with_context(|| format!("writing {}", self.target.display()))?;
        *pending = None;
        self.committed = true;
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let (false, Some(tmp)) = (self.committed, &self.tmp) {
            let mut pending = pending();
            let _ = std::fs::remove_file(tmp);
            *pending = None;
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Write `text` to `target` atomically.
pub fn write(target: &Path, text: &str) -> anyhow::Result<()> {
    let mut file = AtomicFile::create(target)?;
    file.write_all(text.as_bytes()).with_context(|| format!("writing {}", target.display()))?;
    file.commit()
}
