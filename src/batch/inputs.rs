//! The inputs of a batch: the paths of a command line expanded into files (folders walked), each
//! with its [`InputFormat`], and [`BatchInput`], all of them read as one stream of items.

use crate::batch::jsonl::JsonlReader;
use crate::batch::record::{BadRecord, Item, RecordError, Source};
use crate::batch::transcript::parse_transcript;
use crate::error::Error;
use std::collections::VecDeque;
use std::io::{self, BufRead};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// How to read an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// One JSON object per line (`question`, `answer`, optional `id` and `candidate`).
    Jsonl,
    /// A Markdown interview transcript: questions as headings or `Q:` labels.
    Markdown,
    /// A plain-text interview transcript: `Q:` / `A:` labels.
    Text,
}

impl InputFormat {
    /// By extension: `.jsonl`, `.ndjson`, `.json` are JSON Lines; `.md`, `.markdown` are
    /// Markdown; anything else is plain text.
    pub fn from_path(path: &Path) -> InputFormat {
        let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
        match ext.as_str() {
            "jsonl" | "ndjson" | "json" => InputFormat::Jsonl,
            "md" | "markdown" => InputFormat::Markdown,
            _ => InputFormat::Text,
        }
    }
}

/// An input of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputSource {
    /// Standard input (`-` on the command line).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl InputSource {
    /// How the input is named in sources.
    pub fn name(&self) -> String {
        match self {
            InputSource::Stdin => "stdin".into(),
            InputSource::File(p) => p.display().to_string(),
        }
    }

    /// The candidate of records that do not name one: the file's name without extension.
    pub fn default_candidate(&self) -> String {
        match self {
            InputSource::Stdin => "stdin".into(),
            InputSource::File(p) => p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| p.display().to_string()),
        }
    }
}

const FOLDER_EXTENSIONS: [&str; 6] = ["jsonl", "ndjson", "json", "md", "markdown", "txt"];

/// Expand the paths of a command line into inputs: `-` is standard input, a folder contributes
/// its files with a known extension (`.jsonl .ndjson .json .md .markdown .txt`, recursively,
/// sorted by path, hidden ones skipped), and a file is taken whatever its extension. No path
/// means standard input. `format` overrides the choice by extension.
pub fn collect_inputs(paths: &[PathBuf], format: Option<InputFormat>) -> crate::Result<Vec<(InputSource, InputFormat)>> {
    let mut inputs = Vec::new();
    if paths.is_empty() {
        inputs.push((InputSource::Stdin, format.unwrap_or(InputFormat::Jsonl)));
    }
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push((InputSource::Stdin, format.unwrap_or(InputFormat::Jsonl)));
        } else if path.is_dir() {
            let mut files = Vec::new();
            walk(path, &mut files)?;
            files.sort();
            inputs.extend(files.into_iter().map(|f| {
                let fmt = format.unwrap_or_else(|| InputFormat::from_path(&f));
                (InputSource::File(f), fmt)
            }));
        } else if path.exists() {
            inputs.push((InputSource::File(path.clone()), format.unwrap_or_else(|| InputFormat::from_path(path))));
        } else {
            return Err(Error::Io { path: path.clone(), source: io::Error::new(io::ErrorKind::NotFound, "no such file or folder") });
        }
    }
    Ok(inputs)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> crate::Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
            if FOLDER_EXTENSIONS.contains(&ext.as_str()) {
                out.push(path);
            }
        }
    }
    Ok(())
}

enum Current {
    Idle,
    Jsonl(Box<JsonlReader<Box<dyn BufRead>>>),
    Items(std::vec::IntoIter<Item>),
}

/// All inputs of a batch as one stream of items, in order: JSON Lines read line by line,
/// transcripts one file at a time. A file that cannot be opened or read yields an error item.
pub struct BatchInput {
    queue: VecDeque<(InputSource, InputFormat)>,
    current: Current,
    consumed: Arc<AtomicU64>,
}

impl BatchInput {
    /// A stream over `inputs`, read in the order given (nothing is opened yet).
    pub fn new(inputs: Vec<(InputSource, InputFormat)>) -> Self {
        BatchInput { queue: inputs.into(), current: Current::Idle, consumed: Arc::default() }
    }

    /// A counter of the input bytes read so far (for progress).
    pub fn bytes_read(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.consumed)
    }

    fn open_next(&mut self) -> bool {
        let Some((source, format)) = self.queue.pop_front() else { return false };
        let name = source.name();
        let default_candidate = source.default_candidate();
        let unreadable = |e: io::Error| {
            let error = RecordError::Unreadable(e.to_string());
            let source = Source { file: name.clone(), line: 0 };
            Current::Items(vec![Err(Box::new(BadRecord { id: None, candidate: None, question: None, source, error }))].into_iter())
        };
        self.current = match format {
            InputFormat::Jsonl => {
                let reader: io::Result<Box<dyn BufRead>> = match &source {
                    InputSource::Stdin => Ok(Box::new(io::stdin().lock())),
                    InputSource::File(p) => {
                        std::fs::File::open(p).map(|f| Box::new(io::BufReader::with_capacity(1 << 16, f)) as Box<dyn BufRead>)
                    }
                };
                match reader {
                    Ok(r) => Current::Jsonl(Box::new(
                        JsonlReader::new(r, name.clone(), default_candidate).with_counter(Arc::clone(&self.consumed)),
                    )),
                    Err(e) => unreadable(e),
                }
            }
            InputFormat::Markdown | InputFormat::Text => {
                let bytes = match &source {
                    InputSource::Stdin => {
                        let mut b = Vec::new();
                        io::Read::read_to_end(&mut io::stdin().lock(), &mut b).map(|_| b)
                    }
                    InputSource::File(p) => std::fs::read(p),
                };
                match bytes {
                    Ok(bytes) => {
                        self.consumed.fetch_add(bytes.len() as u64, Ordering::Relaxed);
                        Current::Items(parse_transcript(&bytes, format, &name, &default_candidate).items.into_iter())
                    }
                    Err(e) => unreadable(e),
                }
            }
        };
        true
    }
}

impl Iterator for BatchInput {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            let next = match &mut self.current {
                Current::Idle => None,
                Current::Jsonl(r) => r.next(),
                Current::Items(items) => items.next(),
            };
            if next.is_some() {
                return next;
            }
            if !self.open_next() {
                self.current = Current::Idle;
                return None;
            }
        }
    }
}
