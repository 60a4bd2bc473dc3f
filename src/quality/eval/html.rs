//! HTML: the [`PageView`] as one self-contained page, in the batch report's house style plus a
//! few rules of its own: inline CSS and inline SVG, no script, no external asset. Written with
//! `maud`, which escapes every spliced value. Every figure carries its exact value in a `data-`
//! attribute (as `gograde eval --format json` prints it), so tests and scripts can read the page.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::compare::{Comparison, MetricChange};
use super::page::{self, BaselineView, PageView, Point};
use super::EvalRow;
use crate::batch::report::{quoted, STYLE};

const EVAL_STYLE: &str = include_str!("style.css");

/// Line breaks between blocks, so that the page reads well as source too.
const NL: &str = "\n";

/// One colour per kind (Tableau 10); kinds past ten reuse them with another marker shape.
const PALETTE: [&str; 10] = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#79706e"];

fn colour(i: usize) -> &'static str {
    PALETTE[i % PALETTE.len()]
}

pub(super) fn render(v: &PageView) -> String {
    let r = v.report;
    let page = html! {
        (DOCTYPE) (NL)
        html lang="en" {
            (NL) head {
                (NL) meta charset="utf-8"; (NL)
                meta name="viewport" content="width=device-width, initial-scale=1"; (NL)
                title { "gograde eval: " (v.source) } (NL)
                style { (NL) (PreEscaped(STYLE)) (PreEscaped(EVAL_STYLE)) } (NL)
            } (NL)
            body {
                (NL) header {
                    h1 { "Agreement with expert marks" }
                    p {
                        (v.source) " \u{b7} " (r.graded) " answers graded \u{b7} " (r.errors.len()) " could not be graded"
                        @if let Some(b) = &v.baseline { " \u{b7} compared with " (b.label) }
                    }
                } (NL)
                main {
                    (NL) (figures(v))
                    (scatter(v))
                    (confusion(v))
                    (kinds(v))
                    @if let Some(b) = &v.baseline { (before_after(v, b)) }
                    (worst(v))
                    @if !r.errors.is_empty() {
                        section id="not-graded" {
                            h2 { (page::NOT_GRADED) } (NL)
                            ul { @for e in &r.errors { li { "line " (e.line) ": " (e.reason) } (NL) } }
                        } (NL)
                    }
                } (NL)
                footer style="text-align:center;color:#5b6475;padding:16px" { "gograde " (env!("CARGO_PKG_VERSION")) } (NL)
            } (NL)
        } (NL)
    };
    page.into_string()
}

fn figures(v: &PageView) -> Markup {
    let r = v.report;
    let figure = |name: &str, label: &str, value: f64| {
        html! { div data-metric=(name) data-value=(value) { dt { (label) } dd { (format!("{value:.3}")) } } }
    };
    html! {
        section id="figures" {
            h2 { (page::FIGURES) } (NL)
            dl class="figures" {
                div data-metric="graded" data-value=(r.graded) { dt { "Answers graded" } dd { (r.graded) } }
                (figure("pearson", "Pearson (score vs mark)", r.pearson))
                (figure("spearman", "Spearman", r.spearman))
                (figure("qwk", "Quadratic weighted \u{3ba}", r.qwk))
                (figure("mae", "Mean absolute error", r.mae))
                (figure("rmse", "RMS error", r.rmse))
            } (NL)
            p class="stats" {
                "Correlations are of gograde\u{2019}s score (0\u{2013}100) with the expert\u{2019}s mark (0\u{2013}5); \u{3ba} and the errors compare "
                "gograde\u{2019}s grade (0\u{2013}5) with the mark. " (format!("{:.0}%", v.exact * 100.0)) " of answers get the expert\u{2019}s grade exactly, "
                (format!("{:.0}%", v.within_one * 100.0)) " within one."
            } (NL)
        } (NL)
    }
}

// The scatter's geometry, in SVG units.
const WIDTH: f64 = 1000.0;
const PLOT_LEFT: f64 = 72.0;
const PLOT_RIGHT: f64 = 752.0;
const PLOT_TOP: f64 = 16.0;
const PLOT_BOTTOM: f64 = 416.0;
const LEGEND_X: f64 = 786.0;
const LEGEND_ROW: f64 = 22.0;

/// x of an expert mark (−0.5 and 5.5 are the plot's edges).
fn x_of(mark: f64) -> f64 {
    PLOT_LEFT + (mark + 0.5) / 6.0 * (PLOT_RIGHT - PLOT_LEFT)
}

/// Room inside the plot above 100 and below 0, so the points there are drawn whole.
const PLOT_PAD: f64 = 8.0;

/// y of a score 0..=100.
fn y_of(score: f64) -> f64 {
    PLOT_BOTTOM - PLOT_PAD - score.clamp(0.0, 100.0) / 100.0 * (PLOT_BOTTOM - PLOT_TOP - 2.0 * PLOT_PAD)
}

/// A kind's marker: a circle for the first ten kinds, then squares, then diamonds.
fn marker(colour_index: usize, x: f64, y: f64, size: f64, title: Option<String>) -> Markup {
    let fill = colour(colour_index);
    let shape = colour_index / PALETTE.len() % 3;
    html! {
        @match shape {
            0 => { circle cx=(f1(x)) cy=(f1(y)) r=(f1(size)) fill=(fill) { @if let Some(t) = &title { title { (t) } } } }
            1 => {
                rect x=(f1(x - size)) y=(f1(y - size)) width=(f1(size * 2.0)) height=(f1(size * 2.0)) fill=(fill) {
                    @if let Some(t) = &title { title { (t) } }
                }
            }
            _ => {
                polygon points=(format!("{},{} {},{} {},{} {},{}", f1(x), f1(y - size * 1.3), f1(x + size * 1.3), f1(y), f1(x), f1(y + size * 1.3), f1(x - size * 1.3), f1(y))) fill=(fill) {
                    @if let Some(t) = &title { title { (t) } }
                }
            }
        }
    }
}

/// A coordinate with one decimal.
fn f1(x: f64) -> String {
    format!("{x:.1}")
}

fn scatter(v: &PageView) -> Markup {
    let legend_rows = v.kinds.len() + 2;
    let height = (PLOT_BOTTOM + 56.0).max(PLOT_TOP + 36.0 + LEGEND_ROW * legend_rows as f64);
    let point = |p: &Point| {
        let title = format!(
            "line {} \u{b7} {} \u{b7} {} \u{b7} expert {} \u{b7} gograde {} (score {:.1})",
            p.line, p.question_id, p.kind, p.human, p.grade, p.score
        );
        marker(p.colour, x_of(p.x), y_of(p.score), 4.0, Some(title))
    };
    html! {
        section id="scatter" {
            h2 { (page::SCATTER) } (NL)
            p class="stats" {
                "One point per graded answer, moved sideways a little (the same way on every run) so equal marks do not hide each other; "
                "the dark bars are the mean score of each mark. Hover a point for its line, question and grade."
            } (NL)
            svg class="chart" viewBox=(format!("0 0 {WIDTH} {height}")) role="img"
                aria-label="Scatter of gograde score against expert mark, coloured by kind" {
                (NL)
                rect x=(PLOT_LEFT) y=(PLOT_TOP) width=(PLOT_RIGHT - PLOT_LEFT) height=(PLOT_BOTTOM - PLOT_TOP) fill="#fbfcfe" stroke="#d9dee8" {}
                @for m in (0..6).step_by(2) {
                    rect x=(f1(x_of(m as f64 - 0.5))) y=(PLOT_TOP) width=(f1(x_of(0.5) - x_of(-0.5))) height=(PLOT_BOTTOM - PLOT_TOP) fill="#f0f3f8" {}
                }
                (NL)
                @for s in (0..=100).step_by(20) {
                    line x1=(PLOT_LEFT) x2=(PLOT_RIGHT) y1=(f1(y_of(s as f64))) y2=(f1(y_of(s as f64))) stroke="#d9dee8" stroke-width="1" {}
                    text x=(PLOT_LEFT - 8.0) y=(f1(y_of(s as f64) + 4.0)) text-anchor="end" { (s) }
                }
                @for m in 0..6 {
                    text x=(f1(x_of(m as f64))) y=(PLOT_BOTTOM + 20.0) text-anchor="middle" { (m) }
                }
                text class="axis" x=(f1((PLOT_LEFT + PLOT_RIGHT) / 2.0)) y=(PLOT_BOTTOM + 44.0) text-anchor="middle" { "Expert mark (0\u{2013}5)" }
                text class="axis" x="18" y=(f1((PLOT_TOP + PLOT_BOTTOM) / 2.0)) text-anchor="middle"
                    transform=(format!("rotate(-90 18 {})", f1((PLOT_TOP + PLOT_BOTTOM) / 2.0))) { "gograde score (0\u{2013}100)" }
                (NL)
                g fill-opacity="0.78" stroke="#fff" stroke-width="0.6" {
                    (NL)
                    @for p in &v.points {
                        g data-line=(p.line) data-mark=(p.human) data-score=(p.score) data-kind=(p.kind) { (point(p)) } (NL)
                    }
                }
                @for (m, mean) in v.mean_score_by_mark.iter().enumerate() {
                    @if let Some(mean) = mean {
                        line x1=(f1(x_of(m as f64 - 0.38))) x2=(f1(x_of(m as f64 + 0.38))) y1=(f1(y_of(*mean))) y2=(f1(y_of(*mean)))
                            stroke="#1d2330" stroke-width="3" stroke-linecap="round" data-mark=(m) data-mean-score=(mean) {
                            title { (format!("mean score of the answers marked {m}: {mean:.1}")) }
                        }
                    }
                }
                (NL)
                g {
                    text class="axis" x=(LEGEND_X) y=(PLOT_TOP + 12.0) { "Kind (answers)" }
                    @for (i, (kind, m)) in v.kinds.iter().enumerate() {
                        @let y = PLOT_TOP + 12.0 + LEGEND_ROW * (i + 1) as f64;
                        (marker(i, LEGEND_X + 6.0, y - 4.0, 5.0, None))
                        text x=(LEGEND_X + 18.0) y=(f1(y)) { (kind) " (" (m.count) ")" }
                    }
                    @let y = PLOT_TOP + 12.0 + LEGEND_ROW * (v.kinds.len() + 1) as f64;
                    line x1=(LEGEND_X) x2=(LEGEND_X + 12.0) y1=(f1(y - 4.0)) y2=(f1(y - 4.0)) stroke="#1d2330" stroke-width="3" stroke-linecap="round" {}
                    text x=(LEGEND_X + 18.0) y=(f1(y)) { "mean score per mark" }
                }
                (NL)
            } (NL)
        } (NL)
    }
}

fn confusion(v: &PageView) -> Markup {
    let r = v.report;
    let column_totals: Vec<usize> = (0..6).map(|g| (0..6).map(|h| r.confusion[h][g]).sum()).collect();
    let cell = |h: usize, g: usize| {
        let n = r.confusion[h][g];
        let strength = if n == 0 || v.confusion_max == 0 { 0.0 } else { 0.1 + 0.8 * n as f64 / v.confusion_max as f64 };
        let ink = if strength > 0.5 { "#fff" } else { "#1d2330" };
        let style = format!("background:rgba(36,87,197,{strength:.2});color:{ink}");
        html! {
            td class=[(h == g).then_some("diag")] style=(style) data-expert=(h) data-gograde=(g) data-count=(n)
                title=(format!("expert {h}, gograde {g}: {n} answers")) { (n) }
        }
    };
    html! {
        section id="confusion" {
            h2 { (page::CONFUSION) } (NL)
            p class="stats" {
                "Rows: the expert\u{2019}s mark; columns: gograde\u{2019}s grade; the darker, the more answers. The outlined diagonal is exact "
                "agreement; above it gograde grades higher than the expert, below it lower."
            } (NL)
            table class="confusion" {
                (NL) thead { tr { th { "expert \u{2193} / gograde \u{2192}" } @for g in 0..6 { th { (g) } } th class="total" { "total" } } } (NL)
                tbody {
                    (NL)
                    @for h in 0..6 {
                        tr { th { (h) } @for g in 0..6 { (cell(h, g)) } td class="total" { (r.confusion[h].iter().sum::<usize>()) } } (NL)
                    }
                    tr { th class="total" { "total" } @for t in &column_totals { td class="total" { (t) } } td class="total" { (r.graded) } } (NL)
                }
            }
        } (NL)
    }
}

/// A 0–5 grade as a bar's width.
fn width(grade: f64) -> String {
    format!("width:{:.1}%", (grade / 5.0).clamp(0.0, 1.0) * 100.0)
}

/// A signed difference with a sign and `digits` decimals.
fn signed(x: f64, digits: usize) -> String {
    let s = format!("{x:+.digits$}");
    if s.trim_start_matches(['+', '-']).chars().all(|c| c == '0' || c == '.') {
        s.trim_start_matches(['+', '-']).to_string()
    } else {
        s.replace('-', "\u{2212}")
    }
}

fn kinds(v: &PageView) -> Markup {
    html! {
        section id="kinds" {
            h2 { (page::KINDS) } (NL)
            p class="stats" {
                "Per kind of answer, the experts\u{2019} mean mark (grey bar) beside gograde\u{2019}s mean grade (coloured bar), both on "
                "0\u{2013}5; the difference is gograde\u{2019}s minus the experts\u{2019}."
            } (NL)
            table id="per-kind" {
                (NL) thead { tr {
                    th { "Kind" } th class="num" { "Answers" } th class="num" { "Experts" } th class="num" { "gograde" } th class="num" { "Difference" } th {}
                } } (NL)
                tbody {
                    (NL)
                    @for (i, (kind, m)) in v.kinds.iter().enumerate() {
                        tr data-kind=(kind) data-count=(m.count) data-human=(m.human) data-machine=(m.machine) {
                            td { span class="swatch" style=(format!("background:{}", colour(i))) {} (kind) }
                            td class="num" { (m.count) }
                            td class="num" { (format!("{:.2}", m.human)) }
                            td class="num" { (format!("{:.2}", m.machine)) }
                            td class="num" { (signed(m.machine - m.human, 2)) }
                            td class="pair" {
                                div class="bar expert" { span style=(width(m.human)) {} }
                                div class="bar" { span style=(format!("{};background:{}", width(m.machine), colour(i))) {} }
                            }
                        } (NL)
                    }
                }
            }
        } (NL)
    }
}

fn worst(v: &PageView) -> Markup {
    html! {
        section id="worst" {
            h2 { (page::WORST) } (NL)
            p class="stats" {
                "The " (v.worst.len()) " answers where gograde\u{2019}s grade is furthest from the expert\u{2019}s mark, with what gograde "
                "credited (the answer\u{2019}s own words quoted), the misconceptions it saw and any cap on the score."
            } (NL)
            @for w in v.worst { (case(w)) }
        } (NL)
    }
}

fn case(w: &EvalRow) -> Markup {
    let quotes_of = |id: &String| w.quotes.get(id).map(|q| quoted(q)).unwrap_or_default();
    html! {
        article class="case" data-line=(w.line) data-question=(w.question_id) data-human=(w.human) data-grade=(w.grade) {
            (NL)
            div {
                span class=(format!("badge g{}", w.human)) { "expert " (w.human) } " \u{2192} "
                span class=(format!("badge g{}", w.grade)) { "gograde " (w.grade) } " "
                strong { (format!("score {:.1}", w.score)) } " \u{b7} " code { (w.question_id) }
                " \u{b7} " (w.kind.as_deref().unwrap_or(super::UNTAGGED)) " \u{b7} " span class="muted" { "line " (w.line) }
            } (NL)
            blockquote { (w.answer) } (NL)
            dl {
                dt { "Covered" }
                dd {
                    @if w.covered.is_empty() { span class="muted" { "nothing" } }
                    @for (i, id) in w.covered.iter().enumerate() {
                        @if i > 0 { "; " }
                        code { (id) } @let q = quotes_of(id); @if !q.is_empty() { " " (q) }
                    }
                }
                @if !w.fired.is_empty() {
                    dt { "Red flags" }
                    dd {
                        @for (i, id) in w.fired.iter().enumerate() {
                            @if i > 0 { "; " }
                            code { (id) } @let q = quotes_of(id); @if !q.is_empty() { " " (q) }
                        }
                    }
                }
                @if !w.gates.is_empty() {
                    dt { "Capped" }
                    dd { (w.gates.join("; ")) }
                }
            } (NL)
        } (NL)
    }
}

/// `before → after` with the change, coloured by whether agreement improved.
fn change_cell(m: &MetricChange) -> Markup {
    let class = match m.improved() {
        Some(true) => Some("better"),
        Some(false) => Some("worse"),
        None => None,
    };
    html! { td class=[class.map(|c| format!("num {c}"))] { (signed(m.delta(), 3)) } }
}

fn before_after(v: &PageView, b: &BaselineView) -> Markup {
    let c: &Comparison = &b.comparison;
    html! {
        section id="before-after" {
            h2 { (page::BEFORE_AFTER) } (NL)
            p class="stats" {
                "Before: " strong { (b.label) } " (" (c.graded.0) " answers graded). After: this run (" (c.graded.1) " answers graded)."
                @if c.graded.0 != c.graded.1 { " The two runs graded different numbers of answers, so their figures are not of the same set." }
            } (NL)
            table id="before-after-figures" {
                (NL) thead { tr { th { "Figure" } th class="num" { "Before" } th class="num" { "After" } th class="num" { "Change" } } } (NL)
                tbody {
                    (NL)
                    tr data-metric="graded" data-before=(c.graded.0) data-after=(c.graded.1) {
                        td { "answers graded" } td class="num" { (c.graded.0) } td class="num" { (c.graded.1) }
                        td class="num" { (signed(c.graded.1 as f64 - c.graded.0 as f64, 0)) }
                    } (NL)
                    @for m in &c.metrics {
                        tr data-metric=(m.name) data-before=(m.before) data-after=(m.after) {
                            td { (m.name) @if !m.higher_is_better { span class="muted" { " (lower is better)" } } }
                            td class="num" { (format!("{:.3}", m.before)) }
                            td class="num" { (format!("{:.3}", m.after)) }
                            (change_cell(m))
                        } (NL)
                    }
                }
            } (NL)
            h3 { "Mean grade per kind" } (NL)
            table id="before-after-kinds" {
                (NL) thead { tr {
                    th { "Kind" } th class="num" { "Experts" } th class="num" { "Before" } th class="num" { "After" } th class="num" { "Change" } th { "Nearer the experts?" }
                } } (NL)
                tbody {
                    (NL)
                    @for k in &c.kinds {
                        @let (before, after) = (k.before.map(|x| x.1), k.after.map(|x| x.1));
                        tr data-kind=(k.kind) data-human=(k.human) data-before=[before] data-after=[after] {
                            td {
                                @match v.colour_of(&k.kind) {
                                    Some(i) => { span class="swatch" style=(format!("background:{}", colour(i))) {} }
                                    None => { span class="swatch" style="background:#d9dee8" {} }
                                }
                                (k.kind)
                            }
                            td class="num" { (format!("{:.2}", k.human)) }
                            td class="num" { (opt2(before)) }
                            td class="num" { (opt2(after)) }
                            @match (before, after) {
                                (Some(x), Some(y)) => {
                                    @let nearer = (y - k.human).abs() < (x - k.human).abs() - 0.005;
                                    @let further = (y - k.human).abs() > (x - k.human).abs() + 0.005;
                                    td class="num" { (signed(y - x, 2)) }
                                    td class=[if nearer { Some("better") } else if further { Some("worse") } else { None }] {
                                        @if nearer { "nearer" } @else if further { "further" } @else { "same" }
                                    }
                                }
                                _ => { td class="num muted" { "\u{2014}" } td class="muted" { "only in one run" } }
                            }
                        } (NL)
                    }
                }
            } (NL)
            h3 { "Answers whose grade changed most" } (NL)
            @if !c.baseline_has_rows {
                p { "The baseline lists no answers (it was written by an older gograde), so answers cannot be paired." } (NL)
            } @else {
                p class="stats" {
                    (c.matched) " of this run\u{2019}s " (c.graded.1) " answers are in the baseline (same question and answer text). "
                    "The grade changed on " (c.regraded) ": " (c.closer) " nearer the expert\u{2019}s mark, " (c.further) " further from it."
                } (NL)
                @if !c.changed.is_empty() {
                    table id="changed" {
                        (NL) thead { tr {
                            th class="num" { "Line" } th { "Question" } th { "Kind" } th class="num" { "Expert" } th class="num" { "Before" }
                            th class="num" { "After" } th { "Answer" }
                        } } (NL)
                        tbody {
                            (NL)
                            @for (a, excerpt) in c.changed.iter().zip(&b.excerpts) {
                                tr data-line=(a.line) data-before=(a.grade.0) data-after=(a.grade.1) {
                                    td class="num" { (a.line) }
                                    td { code { (a.question_id) } }
                                    td { (a.kind.as_deref().unwrap_or(super::UNTAGGED)) }
                                    td class="num" { span class=(format!("badge g{}", a.human)) { (a.human) } }
                                    td class="num" { (a.grade.0) " " span class="muted" { (format!("({:.0})", a.score.0)) } }
                                    td class=(if a.closer() { "num better" } else if a.grade.1.abs_diff(a.human) > a.grade.0.abs_diff(a.human) { "num worse" } else { "num" }) {
                                        strong { (a.grade.1) } " " span class="muted" { (format!("({:.0})", a.score.1)) }
                                    }
                                    td class="excerpt" { (excerpt) }
                                } (NL)
                            }
                        }
                    } (NL)
                }
            }
        } (NL)
    }
}

fn opt2(x: Option<f64>) -> String {
    x.map_or_else(|| "\u{2014}".into(), |x| format!("{x:.2}"))
}
