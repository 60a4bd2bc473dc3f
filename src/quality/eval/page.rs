//! The view model of the evaluation page: one walk over an [`EvalReport`] (and a baseline's
//! [`Comparison`]) that decides what the page shows and in which order. Every number comes from
//! the report as `gograde eval --format json` prints it; the renderer (`html.rs`) only lays it out.

use super::compare::Comparison;
use super::{html, kind_name, EvalReport, EvalRow, GroupMean, MarkedAnswer};
use crate::batch::report::shorten;

/// Section titles, shared with the tests.
pub(super) const FIGURES: &str = "Agreement";
pub(super) const SCATTER: &str = "Score against expert mark";
pub(super) const CONFUSION: &str = "Confusion matrix";
pub(super) const KINDS: &str = "Mean grade per kind";
pub(super) const WORST: &str = "Worst disagreements";
pub(super) const BEFORE_AFTER: &str = "Before and after";
pub(super) const NOT_GRADED: &str = "Answers not graded";

/// How far a point may be moved sideways off its mark, in marks, so equal marks do not overlap.
pub(super) const JITTER: f64 = 0.3;

/// How many characters of a changed answer the before/after section quotes.
const EXCERPT: usize = 220;

/// An evaluation as one self-contained HTML page: the headline figures, a scatter of score
/// against expert mark coloured by kind, the confusion matrix as a heat map, the mean grade per
/// kind beside the experts', the worst disagreements with their evidence, and with a baseline a
/// before/after section.
///
/// ```
/// use gograde::quality::eval::{evaluate, parse_marked, EvalPage};
///
/// let bank = gograde::Bank::shipped()?;
/// let (marked, errors) = parse_marked(r#"{"question": "make-vs-new", "answer": "make builds slices, maps and channels; new(T) returns a pointer to a zeroed T.", "grade": 4}"#);
/// let report = evaluate(&bank, &marked, errors);
/// let page = EvalPage { report: &report, marked: &marked, source: "marked.jsonl", baseline: None }.render();
/// assert!(page.starts_with("<!DOCTYPE html>") && !page.contains("<script"));
/// # Ok::<(), gograde::Error>(())
/// ```
pub struct EvalPage<'a> {
    /// The report shown: every figure of the page comes from it (or from the baseline's).
    pub report: &'a EvalReport,
    /// The marked answers the report graded, for the text of the answers whose grade changed.
    pub marked: &'a [(usize, MarkedAnswer)],
    /// What to call the marked answers in the heading (their file name).
    pub source: &'a str,
    /// A previous run's report to compare with, and what to call it.
    pub baseline: Option<(&'a str, &'a EvalReport)>,
}

impl EvalPage<'_> {
    /// The page: HTML with inline CSS and inline SVG, no script and no external asset; every text
    /// taken from the input is escaped.
    pub fn render(&self) -> String {
        html::render(&PageView::new(self))
    }
}

/// The whole page.
pub(super) struct PageView<'a> {
    pub report: &'a EvalReport,
    pub source: &'a str,
    /// [`EvalReport::per_kind`] in its order; a kind's position is its colour.
    pub kinds: Vec<(&'a str, &'a GroupMean)>,
    pub points: Vec<Point<'a>>,
    /// The mean score of the answers of each expert mark.
    pub mean_score_by_mark: [Option<f64>; 6],
    /// The largest cell of the confusion matrix.
    pub confusion_max: usize,
    /// The share of answers on the matrix's diagonal, and within one grade of it.
    pub exact: f64,
    /// See [`PageView::exact`].
    pub within_one: f64,
    pub worst: &'a [EvalRow],
    pub baseline: Option<BaselineView<'a>>,
}

/// One answer of the scatter.
pub(super) struct Point<'a> {
    pub line: usize,
    pub question_id: &'a str,
    pub kind: &'a str,
    /// Position in [`PageView::kinds`].
    pub colour: usize,
    pub human: u8,
    /// The expert mark moved sideways by [`jitter`].
    pub x: f64,
    pub grade: u8,
    pub score: f64,
}

/// The before/after section.
pub(super) struct BaselineView<'a> {
    pub label: &'a str,
    pub comparison: Comparison,
    /// For each of `comparison.changed`, the start of its answer.
    pub excerpts: Vec<String>,
}

impl<'a> PageView<'a> {
    fn new(page: &EvalPage<'a>) -> Self {
        let r = page.report;
        let kinds: Vec<(&str, &GroupMean)> = r.per_kind.iter().map(|(k, m)| (k.as_str(), m)).collect();
        let colour_of = |kind: &str| position(&kinds, kind).unwrap_or(0);
        let points = r
            .rows
            .iter()
            .map(|p| {
                let kind = kind_name(p.kind.as_deref());
                Point {
                    line: p.line,
                    question_id: &p.question_id,
                    kind,
                    colour: colour_of(kind),
                    human: p.human,
                    x: p.human as f64 + jitter(p.line),
                    grade: p.grade,
                    score: p.score,
                }
            })
            .collect();
        let mut sums = [(0.0, 0usize); 6];
        for p in &r.rows {
            let s = &mut sums[usize::from(p.human.min(5))];
            s.0 += p.score;
            s.1 += 1;
        }
        let mean_score_by_mark = sums.map(|(sum, n)| (n > 0).then(|| sum / n as f64));
        let confusion_max = r.confusion.iter().flatten().copied().max().unwrap_or(0);
        let share = |within: usize| {
            let n: usize = (0..6usize)
                .flat_map(|h| (0..6usize).map(move |g| (h, g)))
                .filter(|&(h, g)| h.abs_diff(g) <= within)
                .map(|(h, g)| r.confusion[h][g])
                .sum();
            n as f64 / r.graded.max(1) as f64
        };
        let baseline = page.baseline.map(|(label, before)| {
            let comparison = Comparison::new(before, r);
            let excerpts = comparison
                .changed
                .iter()
                .map(|c| {
                    let text = page.marked.iter().find(|(line, _)| *line == c.line).map_or("", |(_, m)| m.answer.as_str());
                    shorten(text, EXCERPT)
                })
                .collect();
            BaselineView { label, comparison, excerpts }
        });
        PageView {
            report: r,
            source: page.source,
            kinds,
            points,
            mean_score_by_mark,
            confusion_max,
            exact: share(0),
            within_one: share(1),
            worst: &r.worst,
            baseline,
        }
    }

    /// A kind's colour, if this run has answers of it.
    pub fn colour_of(&self, kind: &str) -> Option<usize> {
        position(&self.kinds, kind)
    }
}

fn position(kinds: &[(&str, &GroupMean)], kind: &str) -> Option<usize> {
    kinds.iter().position(|(k, _)| *k == kind)
}

/// A sideways offset in `-JITTER..JITTER`, the same for the same line on every run (a hash of
/// the line, so no random numbers).
pub(super) fn jitter(line: usize) -> f64 {
    // SplitMix64's finaliser: consecutive lines land far apart.
    let mut z = (line as u64).wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^= z >> 31;
    let unit = (z >> 11) as f64 / (1u64 << 53) as f64;
    (unit * 2.0 - 1.0) * JITTER
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_is_fixed_bounded_and_spread() {
        let xs: Vec<f64> = (1..=400).map(jitter).collect();
        assert_eq!(xs, (1..=400).map(jitter).collect::<Vec<_>>());
        assert!(xs.iter().all(|x| x.abs() < JITTER));
        let left = xs.iter().filter(|x| **x < 0.0).count();
        assert!((150..250).contains(&left), "{left} of 400 on the left");
        assert_ne!(jitter(1), jitter(2));
    }
}
