//! Rebuild the crate when the shipped bank changes: the bank is embedded with `include_dir!`.
fn main() {
    println!("cargo:rerun-if-changed=rubrics");
    println!("cargo:rerun-if-changed=corpus");
}
