//! HTML: one self-contained page (inline styles only, no script, no external asset) rendering the
//! [`ReportView`]. Written with `maud`, which checks the markup at compile time and escapes every
//! spliced value.

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::view::{self, fmt_opt, quoted, shorten, untitled, verdict, AnswerBody, AnswerView, CandidateView, ReportView};

use super::STYLE as CSS;

/// Line breaks between blocks, so that the page reads well as source too.
const NL: &str = "\n";

pub(super) fn render(v: &ReportView) -> String {
    let s = v.summary;
    let page = html! {
        (DOCTYPE) (NL)
        html lang="en" {
            (NL) head {
                (NL) meta charset="utf-8"; (NL)
                meta name="viewport" content="width=device-width, initial-scale=1"; (NL)
                title { "gograde batch report" } (NL)
                style { (NL) (PreEscaped(CSS)) } (NL)
            } (NL)
            body {
                (NL) header {
                    h1 { "Batch report" }
                    p {
                        (s.answers) " answers from " (s.candidates.len()) " candidates \u{b7} " (s.graded) " graded \u{b7} "
                        (s.failed) " could not be graded"
                        @if let Some(bar) = s.fail_under { (format!(" \u{b7} pass mark {bar:.1}")) }
                    }
                } (NL)
                main {
                    (NL) (ranking(v))
                    @if !v.topics.is_empty() { (topics(v)) }
                    @for c in &v.candidates { (candidate(c)) }
                    @if !v.unattributed.is_empty() {
                        section class="candidate" id="unattributed" {
                            h2 { (view::UNATTRIBUTED) } (NL)
                            @for a in v.unattributed { (answer(a)) }
                        } (NL)
                    }
                } (NL)
                footer style="text-align:center;color:#5b6475;padding:16px" { "gograde " (env!("CARGO_PKG_VERSION")) } (NL)
            } (NL)
        } (NL)
    };
    page.into_string()
}

fn ranking(v: &ReportView) -> Markup {
    let with_result = v.summary.fail_under.is_some();
    html! {
        section id="ranking" {
            h2 { (view::RANKING) } (NL)
            table {
                (NL) thead { tr {
                    th class="num" { "#" } th { "Candidate" } th class="num" { "Mean score" } th {}
                    th class="num" { "Mean grade" } th class="num" { "Graded" } th class="num" { "Not graded" }
                    @if with_result { th { "Result" } }
                } } (NL)
                tbody {
                    (NL)
                    @for c in &v.candidates {
                        tr {
                            td class="num" { (c.rank) }
                            td { a href=(format!("#c{}", c.slot)) { (c.summary.candidate) } }
                            td class="num" { (fmt_opt(c.summary.mean_score)) }
                            td { div class="bar" {
                                span style=(format!("width:{:.1}%", c.summary.mean_score.unwrap_or(0.0))) {}
                            } }
                            td class="num" { (fmt_opt(c.summary.mean_grade)) }
                            td class="num" { (c.summary.graded) }
                            td class="num" { (c.summary.errors) }
                            @match c.summary.passed {
                                Some(true) => { td { span class="badge pass" { "pass" } } }
                                Some(false) => { td { span class="badge fail" { "below the bar" } } }
                                None => {}
                            }
                        } (NL)
                    }
                }
            }
        } (NL)
    }
}

/// Topics × candidates, a colour per mean score.
fn topics(v: &ReportView) -> Markup {
    html! {
        section id="topics" {
            h2 { (view::TOPICS) } (NL)
            p class="stats" { (view::TOPICS_NOTE) } (NL)
            table class="heat" {
                (NL) thead { tr { th { "Topic" } @for c in &v.candidates { th { (c.summary.candidate) } } } } (NL)
                tbody {
                    (NL)
                    @for topic in &v.topics {
                        tr {
                            td { (topic) }
                            @for c in &v.candidates {
                                @match c.summary.topics.iter().find(|t| t.topic == *topic) {
                                    Some(t) => {
                                        td style=(format!("background:{}", heat(t.mean_score))) {
                                            (format!("{:.0}", t.mean_score)) " " span class="muted" { "(" (t.answers) ")" }
                                        }
                                    }
                                    None => { td class="muted" { "\u{2014}" } }
                                }
                            }
                        } (NL)
                    }
                }
            }
        } (NL)
    }
}

fn candidate(c: &CandidateView) -> Markup {
    let s = c.summary;
    html! {
        section class="candidate" id=(format!("c{}", c.slot)) {
            h2 { (s.candidate) } (NL)
            p class="stats" {
                "Mean score " strong { (fmt_opt(s.mean_score)) } "/100 \u{b7} mean grade " strong { (fmt_opt(s.mean_grade)) } "/5 \u{b7} "
                (s.graded) " graded \u{b7} " (s.errors) " not graded"
                @if s.passed.is_some() { " \u{b7} " (verdict(s.passed)) }
            } (NL)
            @if !s.topics.is_empty() {
                h3 { (view::BY_TOPIC) } (NL)
                div class="topics" {
                    (NL)
                    @for t in &s.topics {
                        span { (t.topic) " " span class="muted" { "(" (t.answers) ")" } }
                        div class="bar" {
                            span style=(format!("width:{:.1}%;background:{}", t.mean_score, heat_strong(t.mean_score))) {}
                        }
                        span class="num" { (format!("{:.0}", t.mean_score)) } (NL)
                    }
                } (NL)
            }
            @if !s.weakest_concepts.is_empty() {
                h3 { (view::WEAKEST) } (NL)
                ul {
                    (NL)
                    @for w in &s.weakest_concepts {
                        li { (w.says) " " span class="muted" { "(" (w.question_id) ")" } } (NL)
                    }
                } (NL)
            }
            h3 { (view::ANSWERS) } (NL)
            @for a in c.answers { (answer(a)) }
        } (NL)
    }
}

/// A bulleted block: a title, then one item per entry.
fn block<T>(title: &str, items: &[T], item: impl Fn(&T) -> Markup) -> Markup {
    html! {
        @if !items.is_empty() {
            strong { (title) }
            ul { (NL) @for i in items { li { (item(i)) } (NL) } } (NL)
        }
    }
}

fn answer(a: &AnswerView) -> Markup {
    match &a.body {
        AnswerBody::Graded { question_id, question, topic, score, grade, capped, missing, wrong, covered } => html! {
            details {
                summary {
                    span class=(format!("badge g{grade}")) { (grade) "/5" } " " strong { (format!("{score:.0}")) } " \u{b7} " (question)
                }
                div {
                    (NL)
                    p class="muted" {
                        (question_id) " \u{b7} " (topic) " \u{b7} " (a.source) " \u{b7} answer #" (a.index + 1) " (" (a.id) ")"
                    } (NL)
                    @for c in capped { p { "\u{26a0} capped: " (c) } (NL) }
                    (block(view::MISSING, missing, |m| html! { (m.says) " " span class="hint" { (m.hint) } }))
                    (block(view::WRONG, wrong, |w| html! { (quoted(&w.quotes)) ": " (w.why) }))
                    (block(view::COVERED, covered, |says| html! { (says) }))
                }
            } (NL)
        },
        AnswerBody::Failed { kind, reason, question, closest } => {
            let title = question.as_deref().map(|q| shorten(q, 120)).unwrap_or_else(|| untitled(kind).into());
            html! {
                details {
                    summary { span class="badge err" { "not graded" } " " (title) }
                    div {
                        (NL)
                        p class="muted" { (kind) " \u{b7} " (a.source) " \u{b7} answer #" (a.index + 1) } p { (reason) } (NL)
                        (block(view::CLOSEST, closest, |c| html! {
                            code { (c.id) } (format!(" ({:.2}): ", c.confidence)) (c.question)
                        }))
                    }
                } (NL)
            }
        }
    }
}

/// A light colour from red (0) to green (100), for backgrounds.
fn heat(score: f64) -> String {
    format!("hsl({}, 65%, 82%)", hue(score))
}

/// A strong colour from red (0) to green (100), for bars.
fn heat_strong(score: f64) -> String {
    format!("hsl({}, 60%, 45%)", hue(score))
}

fn hue(score: f64) -> f64 {
    (score.clamp(0.0, 100.0) * 1.2).round()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::report::view::fixture;

    fn rendered() -> String {
        fixture::rendered(render)
    }

    #[test]
    fn escapes_what_candidates_write() {
        let html = rendered();
        assert!(!html.contains("<img") && !html.contains("<script") && !html.contains("<b>"), "{html}");
        assert!(html.contains("<h2>&lt;img src=x onerror=alert(1)&gt;|Eve &amp; &quot;Co&quot;</h2>"), "{html}");
        assert!(html.contains("\u{201c}&lt;/li&gt;&lt;script&gt;alert(1)&lt;/script&gt; | done\u{201d}"), "{html}");
        assert!(html.contains("&lt;b&gt;sourdough&lt;/b&gt; | starter?"), "{html}");
    }

    #[test]
    fn is_one_balanced_page_ranked_best_first() {
        let html = rendered();
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n") && html.ends_with("</body>\n</html>\n"));
        for tag in ["section", "details", "table", "tr", "ul", "li", "div", "span"] {
            assert_eq!(html.matches(&format!("<{tag}")).count(), html.matches(&format!("</{tag}>")).count(), "<{tag}>");
        }
        assert!(html.find("id=\"c1\"").unwrap() < html.find("id=\"c0\"").unwrap(), "best first, anchors by input order");
        assert!(html.contains("<a href=\"#c1\">"));
        assert!(html.contains("<td><span class=\"badge fail\">below the bar</span></td>"));
    }
}
