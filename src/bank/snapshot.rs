//! A compiled bank: everything [`Bank`] loading computes (parsed rubrics with compiled patterns,
//! analysed references, the BM25 impact tables, the lookup index, the vocabulary, the lexicon,
//! the shape model and the concepts' model sentences), saved as bytes so that a later process
//! reads it back instead of parsing, analysing and indexing the bank again.
//!
//! A snapshot is only ever read by the build that wrote it: its header carries the build's
//! identity (`GOGRADE_BUILD_ID`, a hash of the sources, the shipped bank and the locked
//! dependencies, made by `build.rs`) and a CRC-32 of the payload. Anything that does not check
//! out (another build, a truncated or corrupt file, another bank) is refused, and the caller
//! builds the bank from its files. [`BankCache`] keeps snapshots between runs.

use super::lazy::Lazy;
use super::load::Bank;
use super::params::Params;
use super::retrieval::Retrieval;
use crate::error::Result;
use crate::rubric::align::ConceptModels;
use crate::rubric::matcher::Vocabulary;
use crate::rubric::Rubric;
use crate::text::{Lexicon, ShapeModel};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const MAGIC: &[u8; 16] = b"gograde-bank\0\0\0\x01";
/// The build that reads and writes snapshots: 16 hex digits.
const BUILD_ID: &str = env!("GOGRADE_BUILD_ID");
const HEADER_LEN: usize = MAGIC.len() + BUILD_ID.len() + 4 + 8;

/// The bank's parts, borrowed for writing. Each rubric, each rubric's concept models and the
/// lexicon's examples are byte strings of their own, decoded on first use (see [`Lazy`]).
#[derive(Serialize)]
struct PartsRef<'a> {
    hash: &'a str,
    rubrics: Vec<Blob<'a>>,
    by_id: &'a FxHashMap<String, usize>,
    params: &'a Params,
    retrieval: &'a Retrieval,
    vocabulary: &'a Vocabulary,
    lexicon: &'a Lexicon,
    shape: &'a ShapeModel,
    models: &'a [Lazy<Vec<ConceptModels>>],
    lexicon_examples: &'a Lazy<Vec<(String, String)>>,
}

/// Bytes written as one run (postcard's byte string), read back borrowed.
struct Blob<'a>(&'a [u8]);

impl Serialize for Blob<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

/// The bank's rubrics: all of them as one slice for the commands that list, check or evaluate
/// the bank, or one at a time for a grade, which then decodes only the rubrics it names. Read
/// from a snapshot, they stay in the snapshot's bytes (kept for them: copying them out was a
/// sixth of a cold grade).
pub(crate) struct Rubrics {
    snapshot: Vec<u8>,
    /// Where each rubric is in `snapshot`, and the rubric once decoded.
    each: Vec<(Range<usize>, OnceLock<Rubric>)>,
    all: OnceLock<Vec<Rubric>>,
}

impl Rubrics {
    /// Rubrics already built (a bank loaded from its files).
    pub(crate) fn built(rubrics: Vec<Rubric>) -> Rubrics {
        Rubrics { snapshot: Vec::new(), each: Vec::new(), all: OnceLock::from(rubrics) }
    }

    pub(crate) fn len(&self) -> usize {
        self.all.get().map_or(self.each.len(), Vec::len)
    }

    /// Rubric `i`, decoding only it when the slice was not asked for yet.
    pub(crate) fn get(&self, i: usize) -> &Rubric {
        match self.all.get() {
            Some(all) => &all[i],
            None => self.each[i].1.get_or_init(|| self.decode(i)),
        }
    }

    /// All rubrics (decoded once: those already read one at a time are copied).
    pub(crate) fn all(&self) -> &[Rubric] {
        self.all.get_or_init(|| (0..self.each.len()).map(|i| self.each[i].1.get().cloned().unwrap_or_else(|| self.decode(i))).collect())
    }

    fn decode(&self, i: usize) -> Rubric {
        super::lazy::decode_checked(&self.snapshot[self.each[i].0.clone()])
    }
}

/// Per rubric, per concept: the model sentences for alignment.
pub(crate) struct Models(pub(super) Vec<Lazy<Vec<ConceptModels>>>);

impl Models {
    /// Models already built (a bank loaded from its files).
    pub(crate) fn built(models: Vec<Vec<ConceptModels>>) -> Models {
        Models(models.into_iter().map(Lazy::built).collect())
    }

    /// The models of rubric `i`'s concepts.
    pub(crate) fn get(&self, i: usize) -> &[ConceptModels] {
        self.0[i].get()
    }
}

/// The same parts, owned, for reading (postcard writes a borrowed field as the owned one).
#[derive(Deserialize)]
struct Parts<'a> {
    hash: String,
    #[serde(borrow)]
    rubrics: Vec<&'a [u8]>,
    by_id: FxHashMap<String, usize>,
    params: Params,
    retrieval: Retrieval,
    vocabulary: Vocabulary,
    lexicon: Lexicon,
    shape: ShapeModel,
    models: Vec<Lazy<Vec<ConceptModels>>>,
    lexicon_examples: Lazy<Vec<(String, String)>>,
}

fn encoded<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    postcard::to_stdvec(value).map_err(|e| crate::Error::Index(format!("bank snapshot: {e}")))
}

/// The snapshot of a bank. What is otherwise computed on first use (the lookup index) is
/// computed first, so that a bank read back never builds anything.
pub(crate) fn encode(bank: &Bank) -> Result<Vec<u8>> {
    bank.retrieval.prime()?;
    let rubrics = (0..bank.rubrics.len()).map(|i| encoded(bank.rubrics.get(i))).collect::<Result<Vec<_>>>()?;
    let parts = PartsRef {
        hash: &bank.hash,
        rubrics: rubrics.iter().map(|r| Blob(r)).collect(),
        by_id: &bank.by_id,
        params: &bank.params,
        retrieval: &bank.retrieval,
        vocabulary: &bank.vocabulary,
        lexicon: &bank.lexicon,
        shape: &bank.shape,
        models: &bank.models.0,
        lexicon_examples: &bank.lexicon_examples,
    };
    let payload = encoded(&parts)?;
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(BUILD_ID.as_bytes());
    out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&payload);
    Ok(out)
}

/// The bank in a snapshot written by this build, if it is one and it is intact; `hash`, when
/// given, must be the bank's content hash.
pub(crate) fn decode(bytes: Vec<u8>, origin: &str, hash: Option<&str>) -> Option<Bank> {
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let rest = rest.strip_prefix(BUILD_ID.as_bytes())?;
    let (crc, rest) = rest.split_first_chunk::<4>()?;
    let (len, payload) = rest.split_first_chunk::<8>()?;
    if u64::from_le_bytes(*len) != payload.len() as u64 || u32::from_le_bytes(*crc) != crc32fast::hash(payload) {
        return None;
    }
    let parts: Parts = postcard::from_bytes(payload).ok()?;
    if hash.is_some_and(|h| h != parts.hash) || parts.models.len() != parts.rubrics.len() {
        return None;
    }
    // Where each rubric is in the snapshot's bytes, which the bank keeps for them.
    let base = bytes.as_ptr() as usize;
    let rubrics: Vec<Range<usize>> =
        parts.rubrics.iter().map(|r| r.as_ptr() as usize - base).zip(&parts.rubrics).map(|(at, r)| at..at + r.len()).collect();
    Some(
        Bank {
            by_id: parts.by_id,
            params: parts.params,
            retrieval: parts.retrieval,
            vocabulary: parts.vocabulary,
            lexicon: parts.lexicon,
            shape: parts.shape,
            models: Models(parts.models),
            lexicon_examples: parts.lexicon_examples,
            soft_words: Vec::new(),
            facts: Vec::new(),
            admitted: Vec::new(),
            origin: origin.to_string(),
            hash: parts.hash,
            // Last: the other parts are read out of the bytes first.
            rubrics: Rubrics { snapshot: bytes, each: rubrics.into_iter().map(|r| (r, OnceLock::new())).collect(), all: OnceLock::new() },
        }
        .with_soft_words(),
    )
}

/// Snapshots of banks kept between runs in a folder, the way cargo and ruff cache their work: the
/// first load of a bank builds it and saves its snapshot, later loads read the snapshot (a few
/// milliseconds instead of a few hundred). A bank folder's snapshot is keyed by the hash of its
/// files, so editing a rubric makes a new one; a snapshot that is stale, corrupt or from another
/// build is never trusted but rebuilt. Failing to save a snapshot is not an error: the cache only
/// ever saves time.
#[derive(Debug, Clone)]
pub struct BankCache {
    dir: PathBuf,
}

/// At most this many snapshots are kept; older ones are removed when a new one is saved.
const KEEP: usize = 8;

impl BankCache {
    /// A cache in this folder (created when the first snapshot is saved).
    pub fn new(dir: impl Into<PathBuf>) -> BankCache {
        BankCache { dir: dir.into() }
    }

    /// The cache the command line uses: `$GOGRADE_CACHE_DIR`, else `gograde` in the platform's
    /// cache folder (`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS,
    /// `%LOCALAPPDATA%` on Windows); `None` when `$GOGRADE_NO_CACHE` is set to anything but
    /// empty or `0`, or there is no such folder.
    pub fn platform() -> Option<BankCache> {
        if std::env::var_os("GOGRADE_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0") {
            return None;
        }
        match std::env::var_os("GOGRADE_CACHE_DIR").filter(|d| !d.is_empty()) {
            Some(dir) => Some(BankCache::new(dir)),
            None => dirs::cache_dir().map(|d| BankCache::new(d.join("gograde"))),
        }
    }

    /// The folder holding the snapshots.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The shipped bank. It is part of the build, so the build's identity is its key.
    pub fn shipped(&self) -> Result<Bank> {
        let path = self.path("shipped");
        if let Some(bank) = std::fs::read(&path).ok().and_then(|b| decode(b, "shipped bank", None)) {
            return Ok(bank);
        }
        let bank = Bank::shipped()?;
        self.save(&path, &bank);
        Ok(bank)
    }

    /// The bank in `root` (like [`Bank::from_dir`]): its files are read and hashed every time, and
    /// only the analysing and indexing are saved.
    pub fn load_dir(&self, root: &Path) -> Result<Bank> {
        let (files, problems) = super::load::read_bank_dir(root)?;
        if !problems.is_empty() {
            return Err(crate::Error::Bank(problems));
        }
        let hash = super::load::content_hash(&files);
        let origin = root.display().to_string();
        let path = self.path(&hash);
        if let Some(bank) = std::fs::read(&path).ok().and_then(|b| decode(b, &origin, Some(&hash))) {
            return Ok(bank);
        }
        let bank = Bank::from_files(files, origin)?;
        self.save(&path, &bank);
        Ok(bank)
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("bank-{key}-{BUILD_ID}.snapshot"))
    }

    /// Write through a temporary file and a rename, so that a reader (another process grading
    /// at the same time) sees the old snapshot or the new one, never half of one.
    fn save(&self, path: &Path, bank: &Bank) {
        let Ok(bytes) = encode(bank) else { return };
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let tmp = self.dir.join(format!(".tmp-{}-{}", std::process::id(), path.file_name().unwrap_or_default().to_string_lossy()));
        if std::fs::write(&tmp, &bytes).is_err() || std::fs::rename(&tmp, path).is_err() {
            let _ = std::fs::remove_file(&tmp);
            return;
        }
        self.prune();
    }

    /// Keep the [`KEEP`] most recently written snapshots.
    fn prune(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return };
        let mut snapshots: Vec<(std::time::SystemTime, PathBuf)> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".snapshot"))
            .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
            .collect();
        snapshots.sort_by_key(|s| std::cmp::Reverse(s.0));
        for (_, path) in snapshots.into_iter().skip(KEEP) {
            let _ = std::fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_reads_back_only_when_intact() {
        let bank = Bank::shipped().unwrap();
        let bytes = encode(&bank).unwrap();
        let back = decode(bytes.clone(), "shipped bank", Some(bank.hash())).expect("own snapshot");
        assert_eq!(back.rubrics().len(), bank.rubrics().len());
        assert!(decode(bytes.clone(), "shipped bank", Some("another")).is_none(), "another bank's hash");
        assert!(decode(bytes[..bytes.len() - 1].to_vec(), "x", None).is_none(), "truncated");
        let mut flipped = bytes.clone();
        let mid = flipped.len() / 2;
        flipped[mid] ^= 0x20;
        assert!(decode(flipped, "x", None).is_none(), "a flipped bit fails the checksum");
        let mut other_build = bytes.clone();
        other_build[MAGIC.len()] ^= 1;
        assert!(decode(other_build, "x", None).is_none(), "another build's snapshot");
    }
}
