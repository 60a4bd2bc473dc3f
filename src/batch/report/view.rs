//! The view model of the Markdown and HTML reports: one walk over the batch that decides what is
//! shown and in which order (candidates by rank; per candidate its topics, weakest concepts and
//! answers; per answer what capped it, what was missing, what was wrong and what was covered).
//! The renderers only format it, so the two documents show the same sections in the same order.

use crate::bank::Candidate;
use crate::batch::{Outcome, Row};

use super::summary::{BatchSummary, CandidateSummary};

/// Section titles, shared by the renderers.
pub(super) const RANKING: &str = "Candidates ranked";
pub(super) const TOPICS: &str = "Strengths by topic";
pub(super) const TOPICS_NOTE: &str = "Mean score per topic (answers in brackets), candidates in rank order.";
pub(super) const BY_TOPIC: &str = "By topic";
pub(super) const WEAKEST: &str = "Weakest concepts";
pub(super) const ANSWERS: &str = "Answers";
pub(super) const MISSING: &str = "Missing";
pub(super) const WRONG: &str = "Wrong";
pub(super) const COVERED: &str = "Covered";
pub(super) const CLOSEST: &str = "Closest questions of the bank";
pub(super) const UNATTRIBUTED: &str = "Records without a candidate";

/// What the documents show of one answer, kept from its row until the report is finished.
pub(super) struct AnswerView {
    /// Position in the input, from 0.
    pub index: u64,
    pub id: String,
    pub source: String,
    pub body: AnswerBody,
}

pub(super) enum AnswerBody {
    Graded {
        question_id: String,
        question: String,
        topic: String,
        score: f64,
        grade: u8,
        /// Why the score was capped, one per gate.
        capped: Vec<String>,
        missing: Vec<MissingConcept>,
        wrong: Vec<WrongClaim>,
        /// What the covered concepts say.
        covered: Vec<String>,
    },
    Failed {
        kind: &'static str,
        reason: String,
        question: Option<String>,
        /// The closest questions of the bank, for an unknown or ambiguous question.
        closest: Vec<Candidate>,
    },
}

/// A concept the answer missed.
pub(super) struct MissingConcept {
    pub says: String,
    pub hint: String,
}

/// A red flag the answer fired.
pub(super) struct WrongClaim {
    /// The answer's own words that fired it.
    pub quotes: Vec<String>,
    pub why: String,
}

impl AnswerView {
    pub(super) fn new(row: &Row) -> Self {
        let body = match &row.outcome {
            Outcome::Graded { grade: g, topic } => AnswerBody::Graded {
                question_id: g.question_id.clone(),
                question: g.question.to_string(),
                topic: topic.clone(),
                score: g.score,
                grade: g.grade,
                capped: g.gates.iter().map(|x| x.reason.clone()).collect(),
                missing: g
                    .concepts
                    .iter()
                    .filter(|c| !c.covered)
                    .map(|c| MissingConcept { says: c.says.to_string(), hint: c.hint.to_string() })
                    .collect(),
                wrong: g
                    .red_flags
                    .iter()
                    .filter(|f| f.fired)
                    .map(|f| WrongClaim { quotes: f.evidence.iter().map(|e| e.text.clone()).collect(), why: f.why.to_string() })
                    .collect(),
                covered: g.concepts.iter().filter(|c| c.covered).map(|c| c.says.to_string()).collect(),
            },
            Outcome::Failed(e) => AnswerBody::Failed {
                kind: e.kind(),
                reason: e.to_string(),
                question: row.question.clone(),
                closest: e.candidates().to_vec(),
            },
        };
        AnswerView { index: row.index, id: row.id.clone(), source: row.source.to_string(), body }
    }
}

/// The whole document.
pub(super) struct ReportView<'a> {
    pub summary: &'a BatchSummary,
    /// Best first.
    pub candidates: Vec<CandidateView<'a>>,
    /// Every topic any candidate answered, sorted.
    pub topics: Vec<&'a str>,
    pub unattributed: &'a [AnswerView],
}

/// One candidate's part of the document.
pub(super) struct CandidateView<'a> {
    /// From 1.
    pub rank: usize,
    /// Order of first appearance in the input, from 0: a stable anchor.
    pub slot: usize,
    pub summary: &'a CandidateSummary,
    /// In input order.
    pub answers: &'a [AnswerView],
}

impl<'a> ReportView<'a> {
    /// `answers[i]` belongs to `summary.candidates[i]`.
    pub(super) fn new(summary: &'a BatchSummary, answers: &'a [Vec<AnswerView>], unattributed: &'a [AnswerView]) -> Self {
        let mut candidates: Vec<CandidateView<'a>> = summary
            .candidates
            .iter()
            .zip(answers)
            .enumerate()
            .map(|(slot, (c, a))| CandidateView { rank: 0, slot, summary: c, answers: a })
            .collect();
        candidates.sort_by(|a, b| BatchSummary::rank_order(a.summary, b.summary));
        for (i, c) in candidates.iter_mut().enumerate() {
            c.rank = i + 1;
        }
        let mut topics: Vec<&str> = summary.candidates.iter().flat_map(|c| c.topics.iter().map(|t| t.topic.as_str())).collect();
        topics.sort_unstable();
        topics.dedup();
        ReportView { summary, candidates, topics, unattributed }
    }
}

/// A mean with one decimal, or a dash.
pub(super) fn fmt_opt(x: Option<f64>) -> String {
    x.map_or_else(|| "\u{2014}".to_string(), |v| format!("{v:.1}"))
}

pub(super) fn verdict(passed: Option<bool>) -> &'static str {
    match passed {
        Some(true) => "pass",
        Some(false) => "below the bar",
        None => "",
    }
}

/// The title of a record without a question.
pub(super) fn untitled(kind: &str) -> &'static str {
    match kind {
        "invalid-json" | "not-utf8" | "too-long" | "unreadable" => "(unreadable record)",
        _ => "(no question)",
    }
}

pub(super) fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `s` on one line, at most `max` characters (an ellipsis marks a cut).
pub(crate) fn shorten(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max - 1).collect();
    format!("{}\u{2026}", cut.trim_end())
}

/// The answer's words that fired a red flag, quoted: “a”, “b”.
pub(crate) fn quoted(quotes: &[String]) -> String {
    quotes.iter().map(|q| format!("\u{201c}{q}\u{201d}")).collect::<Vec<_>>().join(", ")
}

/// A small batch for the renderers' tests: two candidates, listed worst first (so rank order is
/// not input order), one of them with a hostile name and a hostile answer.
#[cfg(test)]
pub(super) mod fixture {
    use super::*;
    use crate::batch::report::summary::{TopicSummary, WeakConcept};

    pub const HOSTILE_NAME: &str = "<img src=x onerror=alert(1)>|Eve & \"Co\"";
    pub const HOSTILE_QUOTE: &str = "</li><script>alert(1)</script> | done";
    pub const HOSTILE_QUESTION: &str = "<b>sourdough</b> | starter?";

    fn candidate(name: &str, mean: f64) -> CandidateSummary {
        CandidateSummary {
            candidate: name.into(),
            answers: 2,
            graded: 1,
            errors: 1,
            mean_score: Some(mean),
            mean_grade: Some(3.0),
            grade_counts: [0, 0, 0, 1, 0, 0],
            topics: vec![TopicSummary {
                topic: "channels".into(),
                answers: 1,
                mean_score: mean,
                mean_grade: 3.0,
                grade_counts: [0, 0, 0, 1, 0, 0],
            }],
            weakest_concepts: vec![WeakConcept {
                question_id: "chan".into(),
                concept: "blocks".into(),
                says: "an unbuffered send blocks".into(),
                hint: "who waits?".into(),
                missed: 1,
                lost: 0.5,
            }],
            red_flags: vec![],
            passed: Some(mean >= 50.0),
        }
    }

    fn answers(name: &str) -> Vec<AnswerView> {
        let graded = AnswerView {
            index: 0,
            id: format!("{name}-1"),
            source: "in.jsonl:1".into(),
            body: AnswerBody::Graded {
                question_id: "chan".into(),
                question: "What does an unbuffered channel do?".into(),
                topic: "channels".into(),
                score: 61.0,
                grade: 3,
                capped: vec!["a list of keywords".into()],
                missing: vec![MissingConcept { says: "an unbuffered send blocks".into(), hint: "who waits?".into() }],
                wrong: vec![WrongClaim { quotes: vec![HOSTILE_QUOTE.into()], why: "channels are not locks".into() }],
                covered: vec!["the receiver synchronises".into()],
            },
        };
        let failed = AnswerView {
            index: 1,
            id: format!("{name}-2"),
            source: "in.jsonl:2".into(),
            body: AnswerBody::Failed {
                kind: "unknown-question",
                reason: "no question of the bank matches".into(),
                question: Some(HOSTILE_QUESTION.into()),
                closest: vec![],
            },
        };
        vec![graded, failed]
    }

    /// The summary, the answers per candidate and the records without one.
    pub fn batch() -> (BatchSummary, Vec<Vec<AnswerView>>, Vec<AnswerView>) {
        let summary = BatchSummary {
            answers: 5,
            graded: 2,
            failed: 3,
            unattributed: 1,
            fail_under: Some(50.0),
            candidates: vec![candidate("Ann", 40.0), candidate(HOSTILE_NAME, 61.0)],
        };
        let mut unattributed = answers("none");
        unattributed.truncate(1);
        (summary, vec![answers("ann"), answers("eve")], unattributed)
    }

    /// The fixture batch rendered by one format's `render`.
    pub fn rendered(render: impl Fn(&ReportView<'_>) -> String) -> String {
        let (summary, answers, unattributed) = batch();
        render(&ReportView::new(&summary, &answers, &unattributed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_are_ranked_and_keep_their_anchor() {
        let (summary, answers, unattributed) = fixture::batch();
        let v = ReportView::new(&summary, &answers, &unattributed);
        let order: Vec<(usize, usize, &str)> = v.candidates.iter().map(|c| (c.rank, c.slot, c.summary.candidate.as_str())).collect();
        assert_eq!(order, [(1, 1, fixture::HOSTILE_NAME), (2, 0, "Ann")]);
        assert_eq!(v.candidates[0].answers[0].id, "eve-1");
        assert_eq!(v.topics, ["channels"]);
    }

    #[test]
    fn shorten_cuts_on_characters() {
        assert_eq!(shorten("a  b\nc", 10), "a b c");
        assert_eq!(shorten("\u{e9}\u{e9}\u{e9}\u{e9}", 3), "\u{e9}\u{e9}\u{2026}");
    }
}
