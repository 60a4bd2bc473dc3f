//! How well question lookup finds the question a person meant, on marked sets whose rows carry
//! the wording (`question`) and the intended id (`question_id`).
//!
//! For every row: is the intended question the top candidate, and does [`Bank::resolve`]
//! (wording alone) or [`Grader::grade`] (wording and answer: the answer may settle an unclear
//! wording) settle on it, on another question, or on nothing?
//!
//! Usage: `cargo run --release --example lookup -- tests/data/blind-dev.jsonl [-v]`

use gograde::{Bank, Error, Grader, QuestionMatch};
use serde::Deserialize;

#[derive(Deserialize)]
struct Row {
    question: String,
    question_id: String,
    answer: String,
}

#[derive(Default)]
struct Tally {
    rows: usize,
    top1: usize,
    right: usize,
    wrong: usize,
    unresolved: usize,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let bank = Bank::shipped()?;
    let grader = Grader::new(&bank);
    for path in args.iter().filter(|a| !a.starts_with('-')) {
        let text = std::fs::read_to_string(path)?;
        let (mut alone, mut with_answer) = (Tally::default(), Tally::default());
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let row: Row = serde_json::from_str(line)?;
            let top = bank.candidates(&row.question, 3)?;
            let top1 = top.first().is_some_and(|c| c.id == row.question_id);
            if verbose && !top1 {
                let c: Vec<String> = top.iter().map(|c| format!("{} {:.2}", c.id, c.confidence)).collect();
                println!("MISS {:?} want {} | {}", row.question, row.question_id, c.join(", "));
            }
            let graded = grader.grade(&row.question, &row.answer).map(|g| {
                g.matched_question.unwrap_or(QuestionMatch {
                    id: g.question_id,
                    confidence: 1.0,
                    by_answer: false,
                    alternatives: Vec::new(),
                })
            });
            for (tally, resolved) in [(&mut alone, bank.resolve(&row.question)), (&mut with_answer, graded)] {
                tally.rows += 1;
                tally.top1 += usize::from(top1);
                match resolved {
                    Ok(m) if m.id == row.question_id => tally.right += 1,
                    Ok(m) => {
                        tally.wrong += 1;
                        if verbose {
                            println!("WRONG {:?} -> {} want {}", row.question, m.id, row.question_id);
                        }
                    }
                    Err(Error::AmbiguousQuestion { .. } | Error::UnknownQuestion { .. }) => {
                        tally.unresolved += 1;
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        }
        for (name, t) in [("wording alone", &alone), ("with the answer", &with_answer)] {
            println!(
                "{path} {name}: {} rows, top-1 {}, resolved right {}, wrong {}, unresolved {}",
                t.rows, t.top1, t.right, t.wrong, t.unresolved
            );
        }
    }
    Ok(())
}
