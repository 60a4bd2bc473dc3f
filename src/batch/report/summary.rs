//! What a batch came to, per candidate and in total: numbers only (sums per topic, counts per
//! missed concept and fired red flag), with the rubric texts they quote stored once per batch, so
//! memory grows with the number of candidates, never with the number of answers.

use crate::grading::Grade;
use crate::rubric::FixedText;
use rustc_hash::FxHashMap;
use serde::Serialize;

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

/// Score and grade counts of some graded answers (the answer count and the grade sum follow
/// from the counts, exactly: grades are small integers).
#[derive(Default, Clone, Copy)]
struct Sums {
    score: f64,
    counts: [u32; 6],
}

impl Sums {
    fn add(&mut self, g: &Grade) {
        self.score += g.score;
        self.counts[usize::from(g.grade.min(5))] += 1;
    }

    fn n(&self) -> u64 {
        self.counts.iter().map(|&c| u64::from(c)).sum()
    }

    fn grade(&self) -> f64 {
        self.counts.iter().enumerate().map(|(g, &c)| g as f64 * f64::from(c)).sum()
    }

    fn counts(&self) -> [u64; 6] {
        self.counts.map(u64::from)
    }
}

/// The texts of the rubric items a batch meets (missed concepts, fired red flags), stored once
/// per batch so that per-candidate aggregates hold only numbers. Bounded by the bank's size.
#[derive(Default)]
pub(super) struct Interner {
    /// (Fx-hashed: two lookups of short ids per missed concept and fired flag of every answer,
    /// which SipHash made a few hundred instructions each; the index is never iterated.)
    index: FxHashMap<String, FxHashMap<String, u32>>,
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

/// Everything per-candidate sums refer to by id: topics, missed concepts and fired red flags.
#[derive(Default)]
pub(super) struct Texts {
    topics: Topics,
    concepts: Interner,
    flags: Interner,
}

/// The topics a batch meets, stored once per batch (a bank has a few dozen).
#[derive(Default)]
pub(super) struct Topics {
    names: Vec<String>,
}

impl Topics {
    fn intern(&mut self, topic: &str) -> u16 {
        match self.names.iter().position(|t| t == topic) {
            Some(i) => i as u16,
            None => {
                self.names.push(topic.to_string());
                u16::try_from(self.names.len() - 1).expect("fewer than 2^16 topics")
            }
        }
    }
}

/// One missed concept of a candidate: how often, and the share of weight lost.
#[derive(Clone, Copy)]
struct Missed {
    concept: u32,
    count: u32,
    lost: f64,
}

/// One candidate's running sums: a few numbers per topic, missed concept and fired red flag,
/// in small sorted slices keyed by interned ids (a hash map per candidate cost several times
/// the entries it held: 100,000 candidates took 280 MB). The slices are boxed and grown by one
/// item at a time: a candidate's lists are never freed before the end, so a vector's spare
/// capacity (and its third word) would be memory held for nothing; the allocator's size
/// classes make most of those growths in place.
#[derive(Default)]
pub(super) struct CandidateSums {
    errors: u32,
    all: Sums,
    /// Interned topic → sums, in order of first appearance.
    topics: Box<[(u16, Sums)]>,
    /// Missed concepts, sorted by interned concept.
    concepts: Box<[Missed]>,
    /// Interned red flag → times fired, sorted by red flag.
    flags: Box<[(u32, u32)]>,
}

impl CandidateSums {
    /// Count a record that could not be graded.
    pub(super) fn add_failed(&mut self) {
        self.errors += 1;
    }

    /// Count a graded answer.
    pub(super) fn add(&mut self, grade: &Grade, topic: &str, texts: &mut Texts) {
        self.all.add(grade);
        let topic = texts.topics.intern(topic);
        match self.topics.iter_mut().find(|(t, _)| *t == topic) {
            Some((_, sums)) => sums.add(grade),
            None => {
                let mut sums = Sums::default();
                sums.add(grade);
                let end = self.topics.len();
                insert(&mut self.topics, end, (topic, sums));
            }
        }
        let total: f64 = grade.concepts.iter().map(|c| c.weight).sum();
        for c in grade.concepts.iter().filter(|c| c.credit < 1.0) {
            let key = texts.concepts.intern(&grade.question_id, &c.id, &c.says, &c.hint);
            let at = match self.concepts.binary_search_by_key(&key, |m| m.concept) {
                Ok(at) => at,
                Err(at) => {
                    insert(&mut self.concepts, at, Missed { concept: key, count: 0, lost: 0.0 });
                    at
                }
            };
            let e = &mut self.concepts[at];
            e.count += 1;
            if total > 0.0 {
                e.lost += c.weight * (1.0 - c.credit) / total;
            }
        }
        for f in grade.red_flags.iter().filter(|f| f.fired) {
            let key = texts.flags.intern(&grade.question_id, &f.id, &f.why, &FixedText::from(""));
            match self.flags.binary_search_by_key(&key, |&(k, _)| k) {
                Ok(at) => self.flags[at].1 += 1,
                Err(at) => insert(&mut self.flags, at, (key, 1)),
            }
        }
    }

    /// Free the topics, missed concepts and red flags; the counts and means stay.
    pub(super) fn drop_details(&mut self) {
        (self.topics, self.concepts, self.flags) = Default::default();
    }

    pub(super) fn summary(&self, name: &str, options: &ReportOptions, texts: &Texts) -> CandidateSummary {
        let (concept_texts, flag_texts) = (&texts.concepts, &texts.flags);
        let mean = |sum: f64, n: u64| round1(sum / n as f64);
        let all = self.all;
        let n = all.n();
        let (mean_score, mean_grade) = if n > 0 { (Some(mean(all.score, n)), Some(mean(all.grade(), n))) } else { (None, None) };
        let mut topics: Vec<TopicSummary> = self
            .topics
            .iter()
            .map(|(t, s)| TopicSummary {
                topic: texts.topics.names[usize::from(*t)].clone(),
                answers: s.n(),
                mean_score: mean(s.score, s.n()),
                mean_grade: mean(s.grade(), s.n()),
                grade_counts: s.counts(),
            })
            .collect();
        topics.sort_by(|a, b| a.topic.cmp(&b.topic));
        // Most weight lost first; ties by question and concept id, so the order is stable.
        let mut weakest: Vec<Missed> = self.concepts.to_vec();
        weakest.sort_by(|a, b| b.lost.total_cmp(&a.lost).then_with(|| concept_texts.key(a.concept).cmp(&concept_texts.key(b.concept))));
        weakest.truncate(options.weakest);
        let weakest = weakest
            .into_iter()
            .map(|m| {
                let item = &concept_texts.items[m.concept as usize];
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
        let mut flags: Vec<(u32, u32)> = self.flags.to_vec();
        flags.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| flag_texts.key(a.0).cmp(&flag_texts.key(b.0))));
        let red_flags = flags
            .into_iter()
            .map(|(k, count)| {
                let item = &flag_texts.items[k as usize];
                FiredFlag {
                    question_id: item.question_id.clone(),
                    red_flag: item.id.clone(),
                    why: item.text.clone(),
                    count: u64::from(count),
                }
            })
            .collect();
        CandidateSummary {
            candidate: name.to_string(),
            answers: n + u64::from(self.errors),
            graded: n,
            errors: u64::from(self.errors),
            mean_score,
            mean_grade,
            grade_counts: all.counts(),
            topics,
            weakest_concepts: weakest,
            red_flags,
            passed: options.fail_under.map(|bar| mean_score.is_some_and(|m| m >= bar)),
        }
    }
}

/// Insert `item` at `at`, growing the slice by exactly one.
fn insert<T: Copy>(slice: &mut Box<[T]>, at: usize, item: T) {
    let mut v = Vec::from(std::mem::take(slice));
    v.reserve_exact(1);
    v.insert(at, item);
    *slice = v.into_boxed_slice();
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
