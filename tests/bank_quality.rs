//! Properties of the shipped bank as a whole.

use crate::util::bank;
use gograde::Grader;

#[test]
fn every_rubric_passes_its_quality_bars() {
    let failures = gograde::check::check_bank(bank(), &[]);
    let lines: Vec<String> = failures.iter().map(|f| format!("{}: {}: {}", f.file, f.bar, f.detail)).collect();
    assert!(failures.is_empty(), "{}", lines.join("\n"));
}

#[test]
fn the_bank_covers_every_topic_with_enough_questions() {
    let topics: std::collections::BTreeSet<&str> = bank().rubrics().iter().map(|r| r.topic.as_str()).collect();
    assert!(bank().rubrics().len() >= 30, "{} rubrics", bank().rubrics().len());
    assert!(topics.len() >= 15, "{topics:?}");
}

#[test]
fn another_questions_reference_is_off_topic() {
    let grader = Grader::new(bank());
    let rubrics = bank().rubrics();
    let mut not_flagged = Vec::new();
    for (i, r) in rubrics.iter().enumerate() {
        let other = &rubrics[(i + 1) % rubrics.len()];
        let g = grader.grade_id(&r.id, &other.reference).unwrap();
        if g.grade > 1 {
            not_flagged.push(format!("{} graded {} for {}'s reference (off_topic={})", r.id, g.grade, other.id, g.off_topic));
        }
    }
    assert!(not_flagged.is_empty(), "{}", not_flagged.join("\n"));
}

#[test]
fn grading_is_deterministic_across_threads() {
    use rayon::prelude::*;
    let grader = Grader::new(bank());
    let jobs: Vec<(&str, &str)> =
        bank().rubrics().iter().flat_map(|r| [(r.id.as_str(), r.reference.as_str()), (r.id.as_str(), r.question.as_str())]).collect();
    let serial: Vec<String> = jobs.iter().map(|(q, a)| serde_json::to_string(&grader.grade_id(q, a).unwrap()).unwrap()).collect();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
    let parallel: Vec<String> =
        pool.install(|| jobs.par_iter().map(|(q, a)| serde_json::to_string(&grader.grade_id(q, a).unwrap()).unwrap()).collect());
    assert_eq!(serial, parallel);
}
