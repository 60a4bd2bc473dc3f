//! The [`Grade`] type: everything the grader found, serialisable as the stable JSON contract.
//!
//! Renderers ([`crate::grading::feedback`]) turn one `Grade` into text, JSON or Markdown; nothing about a
//! grade is computed while rendering.

use crate::rubric::Evidence;
use serde::{Deserialize, Serialize};

/// The grade of one answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    pub question_id: String,
    pub question: String,
    /// 0..=100, one decimal.
    pub score: f64,
    /// 0..=5.
    pub grade: u8,
    /// Every concept of the rubric, covered or not, in rubric order.
    pub concepts: Vec<ConceptResult>,
    /// Every red flag of the rubric, fired or not.
    pub red_flags: Vec<RedFlagResult>,
    /// Demoted BM25 similarity to the reference answer, 0..=1.
    pub similarity: f64,
    /// The answer reads as an answer to another question of the bank.
    pub off_topic: bool,
    /// The other question it is closest to, when that one is closer than its own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closest_other: Option<OtherQuestion>,
    /// How the question was found, when it was given as text rather than an id.
    pub matched_question: Option<QuestionMatch>,
    /// Caps that applied to the score, with why.
    pub gates: Vec<Gate>,
    /// How the score adds up.
    pub breakdown: Breakdown,
    /// The model answer, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Content hash of the bank that graded it (as `gograde --version` prints it).
    pub bank_hash: String,
}

/// Which question of the bank a free-text wording means.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuestionMatch {
    pub id: String,
    /// 1.0 for an exact id; otherwise the lookup's confidence 0..=1.
    pub confidence: f64,
    /// The wording was ambiguous between near-identical questions and the answer decided: it
    /// fits this question's reference clearly better than the others'.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub by_answer: bool,
}

/// One rubric concept and whether the answer covered it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConceptResult {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub says: String,
    /// A core concept (what a basically right answer must say); the others are depth.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub core: bool,
    pub covered: bool,
    /// Share of the weight earned: 1 for the rubric's own words, less through the lexicon, a
    /// synonym, a typo or a model sentence (see `Params`), or 0.
    pub credit: f64,
    pub weight: f64,
    /// The answer's words that showed it.
    pub evidence: Vec<Evidence>,
    pub hint: String,
}

/// One red flag and whether the answer stated it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedFlagResult {
    pub id: String,
    pub fired: bool,
    pub penalty: f64,
    pub evidence: Vec<Evidence>,
    pub why: String,
}

/// The other question an off-topic answer is closest to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OtherQuestion {
    pub id: String,
    pub similarity: f64,
}

/// A cap on the score and its reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gate {
    pub gate: GateKind,
    pub cap: f64,
    pub reason: String,
}

/// The kinds of score caps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GateKind {
    Empty,
    TooShort,
    KeywordList,
    /// Words that do not form sentences: a space-separated dump of terms, or shuffled words.
    TermDump,
    RestatesQuestion,
    OffTopic,
}

/// The arithmetic of the score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breakdown {
    /// Weighted share of concepts covered, 0..=1 (core and depth combined when the rubric marks
    /// core concepts).
    pub coverage: f64,
    /// Weighted share of the core concepts covered, when the rubric marks any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub core_coverage: Option<f64>,
    pub concept_points: f64,
    pub similarity_points: f64,
    pub penalty_points: f64,
    /// concept + similarity − penalty, clamped to 0..=100, before caps.
    pub uncapped: f64,
}
