//! Reading the commands' input files.

use anyhow::Context;
use std::path::Path;

/// Read a whole UTF-8 text file, naming it in any error.
pub fn read_text_file(path: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow::Error::new(std::io::Error::new(std::io::ErrorKind::InvalidData, e)).context(format!("{} is not UTF-8", path.display()))
    })
}
