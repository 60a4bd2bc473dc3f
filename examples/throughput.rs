//! Grades many answers in parallel and prints answers per second (used by scripts/bench.sh).
//! Answers are real sentences of the bank's reference answers, cut to varied lengths, each
//! graded against its own question and against another one.

use gograde::{Bank, Grader};
use rayon::prelude::*;
use std::time::Instant;

fn main() -> Result<(), gograde::Error> {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let bank = Bank::shipped()?;
    let rubrics = bank.rubrics();
    let jobs: Vec<(&str, String)> = (0..n)
        .map(|i| {
            let r = &rubrics[i % rubrics.len()];
            let q = &rubrics[(i / rubrics.len() + i) % rubrics.len()];
            let words: Vec<&str> = r.reference.split_whitespace().collect();
            let take = 20 + (i * 7) % 60;
            (q.id.as_str(), words[..take.min(words.len())].join(" "))
        })
        .collect();
    let grader = Grader::new(&bank);
    let start = Instant::now();
    let total: u64 = jobs.par_iter().map(|(q, a)| grader.grade_id(q, a).map(|g| g.grade as u64).unwrap_or(0)).sum();
    let secs = start.elapsed().as_secs_f64();
    println!("{:.0}", n as f64 / secs);
    eprintln!("({n} answers in {secs:.2}s, grade sum {total})");
    Ok(())
}
