//! What a batch came to, per candidate and in total: numbers only (sums per topic, counts per
//! missed concept and fired red flag), with the rubric texts they quote stored once per batch, so
//! memory grows with the number of candidates, never with the number of answers.

use crate::grading::Grade;
use crate::rubric::FixedText;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

use super::ReportOptions;

/// One candidate's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CandidateSummary {
    /// The candidate's name, as the input gave it (or the default candidate).
    pub candidate: String,
    /// Records of this candidate, graded or not.
    pub answers: u64,
    /// Records of this candidate that were graded.
    pub graded: u64,
    /// Records that could not be graded.
    pub errors: u64,
    /// Mean score of the graded answers, one decimal; null with none.
    pub mean_score: Option<f64>,
    /// Mean grade of the graded answers, one decimal.
    pub mean_grade: Option<f64>,
    /// How many answers got grade 0, 1, … 5.
    pub grade_counts: [u64; 6],
    /// Per topic of the bank, sorted by topic.
    pub topics: Vec<TopicSummary>,
    /// The concepts missed that weighed most, worst first.
    pub weakest_concepts: Vec<WeakConcept>,
    /// Misconceptions stated, most frequent first.
    pub red_flags: Vec<FiredFlag>,
    /// Against `--fail-under`: a candidate without any graded answer does not pass.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passed: Option<bool>,
}

/// A candidate's results in one topic.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopicSummary {
    /// The topic of the bank (`rubrics/<topic>/`).
    pub topic: String,
    /// Graded answers in this topic.
    pub answers: u64,
    /// Mean score of those answers, one decimal.
    pub mean_score: f64,
    /// Mean grade of those answers, one decimal.
    pub mean_grade: f64,
    /// How many of them got grade 0, 1, … 5.
    pub grade_counts: [u64; 6],
}

/// A rubric concept a candidate missed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeakConcept {
    /// The question whose rubric holds the concept.
    pub question_id: String,
    /// The concept's id in that rubric.
    pub concept: FixedText,
    /// What the concept states.
    pub says: FixedText,
    /// The rubric's nudge towards it.
    pub hint: FixedText,
    /// How many answers missed it.
    pub missed: u64,
    /// Share of the question's concept weight lost, summed over those answers.
    pub lost: f64,
}

/// A red flag a candidate's answers fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FiredFlag {
    /// The question whose rubric holds the red flag.
    pub question_id: String,
    /// The red flag's id in that rubric.
    pub red_flag: FixedText,
    /// Why the statement is wrong.
    pub why: FixedText,
    /// How many answers fired it.
    pub count: u64,
}

/// What a whole batch came to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchSummary {
    /// Every record read.
    pub answers: u64,
    /// Records graded.
    pub graded: u64,
    /// Records that could not be graded.
    pub failed: u64,
    /// Failed records that could not be attributed to a candidate (unreadable lines).
    pub unattributed: u64,
    /// The `--fail-under` bar candidates were held to, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_under: Option<f64>,

    /// Candidates in order of first appearance.
    #[serde(skip)]
    pub candidates: Vec<CandidateSummary>,
}

impl BatchSummary {
    /// The candidates below the `--fail-under` bar.
    pub fn below_bar(&self) -> Vec<&CandidateSummary> {
        self.candidates.iter().filter(|c| c.passed == Some(false)).collect()
    }

    /// Candidates best first: by mean score (none last), then by name.
    pub fn ranked(&self) -> Vec<&CandidateSummary> {
        let mut v: Vec<&CandidateSummary> = self.candidates.iter().collect();
        v.sort_by(|a, b| Self::rank_order(a, b));
        v
    }

    /// The order of [`BatchSummary::ranked`].
    pub(crate) fn rank_order(a: &CandidateSummary, b: &CandidateSummary) -> std::cmp::Ordering {
        let key = |c: &CandidateSummary| c.mean_score.unwrap_or(f64::NEG_INFINITY);
        key(b).total_cmp(&key(a)).then_with(|| a.candidate.cmp(&b.candidate))
    }
}

#[derive(Default)]
struct Sums {
    n: u64,
    score: f64,
    grade: f64,
    counts: [u64; 6],
}

impl Sums {
    fn add(&mut self, g: &Grade) {
        self.n += 1;
        self.score += g.score;
        self.grade += f64::from(g.grade);
        self.counts[usize::from(g.grade.min(5))] += 1;
    }
}

/// The texts of the rubric items a batch meets (missed concepts, fired red flags), stored once
/// per batch so that per-candidate aggregates hold only numbers. Bounded by the bank's size.
#[derive(Default)]
pub(super) struct Interner {
    index: HashMap<String, HashMap<String, u32>>,
    items: Vec<Interned>,
}

struct Interned {
    question_id: String,
    id: FixedText,
    text: FixedText,
    hint: FixedText,
}

impl Interner {
    fn intern(&mut self, question_id: &str, id: &FixedText, text: &FixedText, hint: &FixedText) -> u32 {
        if let Some(&i) = self.index.get(question_id).and_then(|m| m.get(id.as_str())) {
            return i;
        }
        let i = u32::try_from(self.items.len()).expect("fewer than 2^32 rubric items");
        self.items.push(Interned { question_id: question_id.to_string(), id: id.clone(), text: text.clone(), hint: hint.clone() });
        self.index.entry(question_id.to_string()).or_default().insert(id.to_string(), i);
        i
    }

    fn key(&self, i: u32) -> (&str, &str) {
        let item = &self.items[i as usize];
        (&item.question_id, &item.id)
    }
}

/// One missed concept of a candidate: how often, and the share of weight lost.
#[derive(Default, Clone, Copy)]
struct Missed {
    count: u32,
    lost: f64,
}

#[derive(Default)]
pub(super) struct CandidateSums {
    answers: u64,
    errors: u64,
    all: Sums,
    topics: BTreeMap<String, Sums>,
    /// Interned concept → misses.
    concepts: HashMap<u32, Missed>,
    /// Interned red flag → times fired.
    flags: HashMap<u32, u64>,
}

impl CandidateSums {
    /// Count a record that could not be graded.
    pub(super) fn add_failed(&mut self) {
        self.answers += 1;
        self.errors += 1;
    }

    /// Count a graded answer.
    pub(super) fn add(&mut self, grade: &Grade, topic: &str, concept_texts: &mut Interner, flag_texts: &mut Interner) {
        self.answers += 1;
        self.all.add(grade);
        match self.topics.get_mut(topic) {
            Some(t) => t.add(grade),
            None => self.topics.entry(topic.to_string()).or_default().add(grade),
        }
        let total: f64 = grade.concepts.iter().map(|c| c.weight).sum();
        for c in grade.concepts.iter().filter(|c| c.credit < 1.0) {
            let key = concept_texts.intern(&grade.question_id, &c.id, &c.says, &c.hint);
            let e = self.concepts.entry(key).or_default();
            e.count += 1;
            if total > 0.0 {
                e.lost += c.weight * (1.0 - c.credit) / total;
            }
        }
        for f in grade.red_flags.iter().filter(|f| f.fired) {
            let key = flag_texts.intern(&grade.question_id, &f.id, &f.why, &FixedText::from(""));
            *self.flags.entry(key).or_default() += 1;
        }
    }

    pub(super) fn summary(&self, name: &str, options: &ReportOptions, concept_texts: &Interner, flag_texts: &Interner) -> CandidateSummary {
        let mean = |sum: f64, n: u64| round1(sum / n as f64);
        let (mean_score, mean_grade) =
            if self.all.n > 0 { (Some(mean(self.all.score, self.all.n)), Some(mean(self.all.grade, self.all.n))) } else { (None, None) };
        let topics = self
            .topics
            .iter()
            .map(|(t, s)| TopicSummary {
                topic: t.clone(),
                answers: s.n,
                mean_score: mean(s.score, s.n),
                mean_grade: mean(s.grade, s.n),
                grade_counts: s.counts,
            })
            .collect();
        // Most weight lost first; ties by question and concept id, so the order is stable.
        let mut weakest: Vec<(u32, Missed)> = self.concepts.iter().map(|(&k, &m)| (k, m)).collect();
        weakest.sort_by(|a, b| b.1.lost.total_cmp(&a.1.lost).then_with(|| concept_texts.key(a.0).cmp(&concept_texts.key(b.0))));
        weakest.truncate(options.weakest);
        let weakest = weakest
            .into_iter()
            .map(|(k, m)| {
                let item = &concept_texts.items[k as usize];
                WeakConcept {
                    question_id: item.question_id.clone(),
                    concept: item.id.clone(),
                    says: item.text.clone(),
                    hint: item.hint.clone(),
                    missed: u64::from(m.count),
                    lost: round3(m.lost),
                }
            })
            .collect();
        let mut flags: Vec<(u32, u64)> = self.flags.iter().map(|(&k, &n)| (k, n)).collect();
        flags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| flag_texts.key(a.0).cmp(&flag_texts.key(b.0))));
        let red_flags = flags
            .into_iter()
            .map(|(k, count)| {
                let item = &flag_texts.items[k as usize];
                FiredFlag { question_id: item.question_id.clone(), red_flag: item.id.clone(), why: item.text.clone(), count }
            })
            .collect();
        CandidateSummary {
            candidate: name.to_string(),
            answers: self.answers,
            graded: self.all.n,
            errors: self.errors,
            mean_score,
            mean_grade,
            grade_counts: self.all.counts,
            topics,
            weakest_concepts: weakest,
            red_flags,
            passed: options.fail_under.map(|bar| mean_score.is_some_and(|m| m >= bar)),
        }
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
