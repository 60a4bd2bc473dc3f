//! Micro-benchmarks of grading one answer against the shipped bank (divan).
//! Run with `cargo bench`; `scripts/bench.sh` reports whole-program figures.

use gograde::{Bank, Grader};
use std::sync::OnceLock;

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| Bank::shipped().expect("shipped bank"))
}

const ANSWER: &str = "An unbuffered channel has no capacity, so a send blocks until another goroutine receives \
the value; the two goroutines meet. A buffered channel only blocks the sender when the buffer is full and the \
receiver when it is empty, which decouples producer and consumer. I use unbuffered channels for signalling and \
buffered ones for bursts, as a semaphore, or to collect N results.";

#[divan::bench]
fn grade_one_answer() -> u8 {
    Grader::new(bank()).grade_id("channels-buffered-vs-unbuffered", divan::black_box(ANSWER)).unwrap().grade
}

#[divan::bench]
fn analyze_one_answer() -> usize {
    gograde::text::analyze(divan::black_box(ANSWER)).tokens.len()
}

/// Building the bank from its files: what every process paid before snapshots.
#[divan::bench(sample_count = 10)]
fn load_shipped_bank() -> usize {
    Bank::shipped().unwrap().rubrics().len()
}

/// Reading the bank back from its snapshot: what a process pays now.
#[divan::bench(sample_count = 20)]
fn load_shipped_bank_from_snapshot(bencher: divan::Bencher) {
    let cache = gograde::bank::BankCache::new(std::env::temp_dir().join("gograde-bench-cache"));
    cache.shipped().unwrap();
    bencher.bench(|| cache.shipped().unwrap().rubrics().len());
}

fn main() {
    divan::main();
}
