//! Two runs side by side: a baseline report (a saved `gograde eval --format json`) and this one.
//! The figures and per-kind means before and after, and the answers whose grade changed, matched
//! by [`answer_key`](super::answer_key) so that moved lines still pair up.

use super::{EvalPoint, EvalReport};
use std::collections::{BTreeSet, HashMap, VecDeque};

/// How many changed answers a [`Comparison`] lists.
pub const CHANGED: usize = 15;

/// A baseline report against this run's.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Answers graded before and after.
    pub graded: (usize, usize),
    /// Pearson, Spearman, QWK, MAE and RMSE, in that order.
    pub metrics: Vec<MetricChange>,
    /// Every kind of either run, sorted.
    pub kinds: Vec<KindChange>,
    /// Whether the baseline lists its answers ([`EvalReport::rows`]); without them nothing is
    /// matched and no answer is listed.
    pub baseline_has_rows: bool,
    /// Answers of this run found in the baseline.
    pub matched: usize,
    /// Matched answers whose grade changed.
    pub regraded: usize,
    /// Of those, how many moved closer to the human grade, and how many further from it.
    pub closer: usize,
    /// See [`Comparison::closer`].
    pub further: usize,
    /// The matched answers whose grade changed most (then whose score changed most, then in
    /// input order), at most [`CHANGED`].
    pub changed: Vec<AnswerChange>,
}

/// One figure before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricChange {
    /// `pearson`, `spearman`, `qwk`, `mae` or `rmse`, as in the JSON.
    pub name: &'static str,
    /// The baseline's value.
    pub before: f64,
    /// This run's value.
    pub after: f64,
    /// Whether a higher value is better agreement (false for the errors).
    pub higher_is_better: bool,
}

impl MetricChange {
    /// `after - before`.
    pub fn delta(&self) -> f64 {
        self.after - self.before
    }

    /// Whether agreement improved; `None` when the value did not move (to 3 decimals, as shown).
    pub fn improved(&self) -> Option<bool> {
        let d = (self.delta() * 1000.0).round();
        (d != 0.0).then_some((d > 0.0) == self.higher_is_better)
    }
}

/// One kind's mean grades before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct KindChange {
    /// The kind (`untagged` for answers without one).
    pub kind: String,
    /// The mean human grade of this run's answers of the kind (the baseline's when this run has
    /// none).
    pub human: f64,
    /// The baseline's count and mean machine grade, if it had answers of the kind.
    pub before: Option<(usize, f64)>,
    /// This run's count and mean machine grade, if it has answers of the kind.
    pub after: Option<(usize, f64)>,
}

/// A matched answer's grade before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerChange {
    /// This run's 1-based line of the input.
    pub line: usize,
    /// The question it was graded against (in this run).
    pub question_id: String,
    /// Its kind, if tagged.
    pub kind: Option<String>,
    /// The human grade (this run's input).
    pub human: u8,
    /// Machine grade before and after.
    pub grade: (u8, u8),
    /// Machine score before and after.
    pub score: (f64, f64),
}

impl AnswerChange {
    /// Whether the new grade is nearer the human grade than the old one.
    pub fn closer(&self) -> bool {
        self.grade.1.abs_diff(self.human) < self.grade.0.abs_diff(self.human)
    }

    fn further(&self) -> bool {
        self.grade.1.abs_diff(self.human) > self.grade.0.abs_diff(self.human)
    }
}

impl Comparison {
    /// Set `before` (the baseline) beside `after` (this run).
    pub fn new(before: &EvalReport, after: &EvalReport) -> Comparison {
        let metric = |name, b, a, higher_is_better| MetricChange { name, before: b, after: a, higher_is_better };
        let metrics = vec![
            metric("pearson", before.pearson, after.pearson, true),
            metric("spearman", before.spearman, after.spearman, true),
            metric("qwk", before.qwk, after.qwk, true),
            metric("mae", before.mae, after.mae, false),
            metric("rmse", before.rmse, after.rmse, false),
        ];
        let names: BTreeSet<&String> = before.per_kind.keys().chain(after.per_kind.keys()).collect();
        let kinds = names
            .into_iter()
            .map(|k| {
                let (b, a) = (before.per_kind.get(k), after.per_kind.get(k));
                KindChange {
                    kind: k.clone(),
                    human: a.or(b).map_or(0.0, |m| m.human),
                    before: b.map(|m| (m.count, m.machine)),
                    after: a.map(|m| (m.count, m.machine)),
                }
            })
            .collect();

        let mut pool: HashMap<&str, VecDeque<&EvalPoint>> = HashMap::new();
        for p in &before.rows {
            pool.entry(p.key.as_str()).or_default().push_back(p);
        }
        let mut matched = 0;
        let mut all_changed = Vec::new();
        for p in &after.rows {
            let Some(old) = pool.get_mut(p.key.as_str()).and_then(VecDeque::pop_front) else { continue };
            matched += 1;
            if old.grade != p.grade {
                all_changed.push(AnswerChange {
                    line: p.line,
                    question_id: p.question_id.clone(),
                    kind: p.kind.clone(),
                    human: p.human,
                    grade: (old.grade, p.grade),
                    score: (old.score, p.score),
                });
            }
        }
        let closer = all_changed.iter().filter(|c| c.closer()).count();
        let further = all_changed.iter().filter(|c| c.further()).count();
        let regraded = all_changed.len();
        all_changed.sort_by(|a, b| {
            let steps = |c: &AnswerChange| c.grade.0.abs_diff(c.grade.1);
            let moved = |c: &AnswerChange| (c.score.1 - c.score.0).abs();
            steps(b).cmp(&steps(a)).then(moved(b).total_cmp(&moved(a))).then(a.line.cmp(&b.line))
        });
        all_changed.truncate(CHANGED);
        Comparison {
            graded: (before.graded, after.graded),
            metrics,
            kinds,
            baseline_has_rows: !before.rows.is_empty(),
            matched,
            regraded,
            closer,
            further,
            changed: all_changed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quality::eval::GroupMean;

    fn point(line: usize, key: &str, human: u8, grade: u8, score: f64) -> EvalPoint {
        EvalPoint { line, key: key.into(), question_id: "q".into(), kind: Some("k".into()), human, grade, score }
    }

    fn report(rows: Vec<EvalPoint>, pearson: f64, kinds: &[(&str, f64)]) -> EvalReport {
        EvalReport {
            graded: rows.len(),
            errors: vec![],
            pearson,
            spearman: 0.5,
            qwk: 0.5,
            mae: 1.0,
            rmse: 1.0,
            confusion: [[0; 6]; 6],
            per_kind: kinds.iter().map(|(k, m)| (k.to_string(), GroupMean { count: 1, human: 3.0, machine: *m })).collect(),
            per_question: Default::default(),
            worst: vec![],
            rules: Default::default(),
            rows,
        }
    }

    #[test]
    fn answers_pair_up_by_key_not_by_line() {
        let before = report(vec![point(1, "a", 5, 1, 20.0), point(2, "b", 3, 3, 50.0), point(3, "c", 0, 2, 40.0)], 0.7, &[("k", 2.0)]);
        // Lines moved, one answer dropped, one added; `a` rose by 3 (closer), `c` by 1 (further).
        let after = report(
            vec![point(1, "new", 2, 2, 45.0), point(2, "c", 0, 3, 55.0), point(3, "b", 3, 3, 52.0), point(4, "a", 5, 4, 80.0)],
            0.8,
            &[("k", 3.0), ("other", 1.0)],
        );
        let c = Comparison::new(&before, &after);
        assert_eq!((c.matched, c.regraded, c.closer, c.further), (3, 2, 1, 1));
        assert_eq!(c.changed.iter().map(|a| (a.line, a.grade)).collect::<Vec<_>>(), [(4, (1, 4)), (2, (2, 3))]);
        assert_eq!(c.metrics[0].improved(), Some(true));
        assert_eq!(c.metrics[1].improved(), None);
        assert_eq!(
            c.kinds.iter().map(|k| (k.kind.as_str(), k.before, k.after)).collect::<Vec<_>>(),
            [("k", Some((1, 2.0)), Some((1, 3.0))), ("other", None, Some((1, 1.0)))]
        );
    }

    #[test]
    fn a_baseline_without_rows_matches_nothing() {
        let before = report(vec![], 0.7, &[]);
        let after = report(vec![point(1, "a", 5, 1, 20.0)], 0.8, &[]);
        let c = Comparison::new(&before, &after);
        assert!(!c.baseline_has_rows && c.matched == 0 && c.changed.is_empty());
        let mae = &c.metrics[3];
        assert_eq!((mae.name, mae.improved()), ("mae", None));
    }
}
