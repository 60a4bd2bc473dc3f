//! The [`Grade`] type: everything the grader found, serialisable as the stable JSON contract.
//!
//! Renderers ([`crate::grading::feedback`]) turn one `Grade` into text, JSON or Markdown; nothing about a
//! grade is computed while rendering.

use crate::bank::QuestionMatch;
use crate::rubric::{Evidence, FixedText};
use serde::{Deserialize, Serialize};

/// The grade of one answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Grade {
    /// The id of the question graded against (`channels-buffered-vs-unbuffered`).
    pub question_id: String,
    /// The question as the bank words it, for a reader who sees only the JSON.
    pub question: FixedText,
    /// 0..=100, one decimal: the uncapped score under the lowest gate cap.
    pub score: f64,
    /// 0..=5, the score mapped through the bank's grade thresholds.
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
    /// The rubric's marked example answers closest to this one, closest first: evidence the
    /// score borrowed (see `breakdown.example_points`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nearest_examples: Vec<NearestExample>,
    /// How the score adds up.
    pub breakdown: Breakdown,
    /// The model answer, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Content hash of the bank that graded it (as `gograde --version` prints it).
    pub bank_hash: String,
}

/// One rubric concept and whether the answer covered it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConceptResult {
    /// The concept's id in the rubric (`key-<word>` and `pair-<a>-<b>` for reference-only
    /// questions).
    pub id: FixedText,
    /// The sub-question the concept answers, if the rubric labels one: feedback groups by it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<FixedText>,
    /// What the concept states, in the rubric's words.
    pub says: FixedText,
    /// A core concept (what a basically right answer must say); the others are depth.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub core: bool,
    /// Whether any of the concept's patterns matched the answer.
    pub covered: bool,
    /// Covered only because a sentence of the answer aligns with one of the concept's model
    /// sentences (its `says` or `examples`), with no pattern matching: a partial credit.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub aligned: bool,
    /// Share of the weight earned: 1 for the rubric's own words, less through the lexicon, a
    /// synonym, a typo or a model sentence (see `Params`), or 0.
    pub credit: f64,
    /// The concept's weight in the rubric; coverage is `Σ weight × credit / Σ weight`.
    pub weight: f64,
    /// The answer's words that showed it.
    pub evidence: Vec<Evidence>,
    /// A nudge towards the concept, shown when it is missing.
    pub hint: FixedText,
}

/// One red flag and whether the answer stated it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedFlagResult {
    /// The red flag's id in the rubric.
    pub id: FixedText,
    /// Whether the answer states the misconception (a sentence that denies it never fires).
    pub fired: bool,
    /// Points subtracted when fired (listed, but not subtracted, when not).
    pub penalty: f64,
    /// The answer's words that stated it; empty when not fired.
    pub evidence: Vec<Evidence>,
    /// Why the statement is wrong, in the rubric's words.
    pub why: FixedText,
}

/// A marked example answer (`[[example]]` in the rubric) close to the graded one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NearestExample {
    /// The example answer as the rubric gives it.
    pub answer: String,
    /// The grade it was marked, 0..=5.
    pub grade: u8,
    /// Cosine similarity of the two answers' IDF-weighted words, 0..=1.
    pub similarity: f64,
}

/// The other question an off-topic answer is closest to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OtherQuestion {
    /// The other question's id.
    pub id: String,
    /// Demoted similarity of the answer to that question's reference, 0..=1.
    pub similarity: f64,
}

/// A cap on the score and its reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gate {
    /// Which gate applied.
    pub gate: GateKind,
    /// The highest score the gate allows, 0..=100 (from the bank's `params.toml`).
    pub cap: f64,
    /// Why it applied, in words for the candidate ("only 2 content word(s)").
    pub reason: String,
}

/// The kinds of score caps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum GateKind {
    /// No words at all (`empty`, cap 0).
    Empty,
    /// Fewer content words than an answer needs (`too-short`).
    TooShort,
    /// A list of terms separated by commas or bullets, without sentences (`keyword-list`).
    KeywordList,
    /// Words that do not form sentences: a space-separated dump of terms, or shuffled words.
    TermDump,
    /// Most content words come from the question itself (`restates-question`).
    RestatesQuestion,
    /// The answer reads as an answer to another question of the bank (`off-topic`).
    OffTopic,
    /// None of the rubric's core concepts, and little in common with the model answer: at most
    /// a fragment (`no-core`).
    NoCore,
    /// Many words are misspelt: a full-marks answer loses a grade, as interviewers take a point
    /// off a written answer full of typos (`misspelt`).
    Misspelt,
    /// The question asks for a value (an order of growth, a count) and the answer states others
    /// but not the reference's (`wrong-value`; questions graded from their reference alone).
    WrongValue,
    /// Most of a long answer is about other questions of the bank: the right content buried in
    /// unrelated text (`unfocused`).
    Unfocused,
    /// The answer ends by taking back everything it said ("Just kidding, none of that is
    /// true.") (`retracted`).
    Retracted,
    /// A comparison answered the wrong way round: it says of each side what the model answer
    /// says of the other ("make returns a pointer … new builds slices, maps and channels")
    /// (`swapped-roles`).
    SwappedRoles,
    /// Most of what the answer says it denies ("It is not true that …" before every claim,
    /// "…, but that is not true." after it), asks ("Does …?") or doubts ("I'm not sure whether
    /// …"), or most of it is the model answer's sentences with their polarity reversed
    /// (`denied`).
    Denied,
    /// A third or so of the answer is the model answer's sentences with their polarity reversed,
    /// three sentences or more: half right, half the opposite (`contradicted`).
    Contradicted,
    /// The question asks for a value and the answer offers the reference's among others, as
    /// alternatives ("O(log n) or O(n)", "I think O(n^2) but maybe O(n)") (`hedged-value`;
    /// questions graded from their reference alone).
    HedgedValue,
}

impl GateKind {
    /// Whether the gate doubts that the text answers the question at all: every gate but
    /// `misspelt`, which caps a real answer for its spelling.
    pub fn doubts_the_answer(self) -> bool {
        self != GateKind::Misspelt
    }

    /// The gate's name as the JSON contract writes it (`too-short`).
    pub fn name(self) -> &'static str {
        match self {
            GateKind::Empty => "empty",
            GateKind::TooShort => "too-short",
            GateKind::KeywordList => "keyword-list",
            GateKind::TermDump => "term-dump",
            GateKind::RestatesQuestion => "restates-question",
            GateKind::OffTopic => "off-topic",
            GateKind::NoCore => "no-core",
            GateKind::Misspelt => "misspelt",
            GateKind::WrongValue => "wrong-value",
            GateKind::Unfocused => "unfocused",
            GateKind::Retracted => "retracted",
            GateKind::SwappedRoles => "swapped-roles",
            GateKind::Denied => "denied",
            GateKind::Contradicted => "contradicted",
            GateKind::HedgedValue => "hedged-value",
        }
    }
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
    /// IDF-weighted share of the answer's own (non-question) words that the reference uses,
    /// 0..=1: how on-point it is, whatever its length (see `precision_weight`).
    pub precision: f64,
    /// Points for coverage: `concept_points` of `params.toml` × coverage^`coverage_exponent`.
    pub concept_points: f64,
    /// Points for similarity to the reference answer, damped when coverage is low.
    pub similarity_points: f64,
    /// Sum of the fired red flags' penalties.
    pub penalty_points: f64,
    /// Points the nearest marked examples moved the score by (negative: down), when the rubric
    /// has examples close enough.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example_points: Option<f64>,

    /// concept + similarity − penalty, clamped to 0..=100, before caps.
    pub uncapped: f64,
    /// The question was asked for a short answer ("In one line, …"): depth counted less
    /// (`brief_core_share`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub brief: bool,
    /// On a question graded from its reference alone: how the answer aligns with the reference
    /// and the marked examples, the features of the fitted model that scored it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_fit: Option<ReferenceFit>,
}

/// How an answer to a reference-only question aligns with its reference answer (and marked
/// examples): soft matches of content words by stem, lexicon, spelling and shared prefix, IDF
/// weighted, question words demoted. `reference_only.model` (or `model_with_examples`) weighs
/// these into the score: `100 × sigmoid(bias + Σ weight × feature)` over recall, precision,
/// similarity and coverage (and the three example figures).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReferenceFit {
    /// Weighted share of the reference's content words the answer says, 0..=1.
    pub recall: f64,
    /// Weighted share of the answer's content words the reference says, 0..=1, as if the answer
    /// also said `reference_only.precision_prior_words` words the reference does not (so one
    /// reference word alone is not a precise answer).
    pub precision: f64,
    /// Unweighted share of the reference's distinct content stems the answer says, 0..=1.
    pub overlap: f64,
    /// Share of the matched weight said with the other polarity ("not connected"), 0..=1.
    pub negated: f64,
    /// The answer's words that align with the reference's, in answer order.
    pub matched: Vec<String>,
    /// Alignment F1 with the closest passing marked example (grade 3 or more), when the rubric
    /// has marked examples.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closest_passing: Option<f64>,
    /// Alignment F1 with the closest failing marked example.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closest_failing: Option<f64>,
    /// Weighted share of passing examples among the closest ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passing_vote: Option<f64>,
    /// Share of passing examples among those whose recall and precision against the reference
    /// are close to the answer's (the question's own pass mark on the reference fit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passing_like_fit: Option<f64>,
    /// The model's probability that the answer is correct, 0..=1, when a model is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probability: Option<f64>,
}
