//! Rebuild the crate when the shipped bank changes (it is embedded with `include_dir!`), and give
//! the build an identity for bank snapshots.
//!
//! `GOGRADE_BUILD_ID` is a hash of everything that decides what a loaded bank holds: the sources,
//! the shipped bank and the locked dependencies. A snapshot written by one build is never read by
//! another (`src/bank/snapshot.rs`), so a change to the analyser cannot leave stale analyses in a
//! cache while the crate version stays the same.
use std::path::Path;

fn main() {
    let mut hash = Fnv::default();
    for root in ["src", "rubrics", "corpus"] {
        println!("cargo:rerun-if-changed={root}");
        hash_tree(Path::new(root), &mut hash);
    }
    for file in ["Cargo.toml", "Cargo.lock", "build.rs"] {
        println!("cargo:rerun-if-changed={file}");
        hash_file(Path::new(file), &mut hash);
    }
    println!("cargo:rustc-env=GOGRADE_BUILD_ID={:016x}", hash.0);
}

/// Files in path order, so the hash does not depend on the order the file system lists them.
fn hash_tree(dir: &Path, hash: &mut Fnv) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            hash_tree(&path, hash);
        } else {
            hash_file(&path, hash);
        }
    }
}

fn hash_file(path: &Path, hash: &mut Fnv) {
    hash.write(path.to_string_lossy().as_bytes());
    hash.write(&std::fs::read(path).unwrap_or_default());
}

/// FNV-1a, 64 bits: no dependency, and only this build ever compares its output.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes.iter().chain(&[0xff]) {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
