//! Markdown: the [`ReportView`] as one document, with the HTML page's sections in the same order.
//! Whatever a candidate wrote (names, questions, quoted answers) goes through [`md_cell`].

use std::fmt::Write as _;

use super::view::{self, fmt_opt, plural, quoted, shorten, untitled, verdict, AnswerBody, AnswerView, CandidateView, ReportView};

/// Text for a table cell, a heading or a list item: no line breaks, `|` escaped, no raw HTML.
fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('<', "&lt;").replace('>', "&gt;").replace(['\n', '\r'], " ")
}

pub(super) fn render(v: &ReportView) -> String {
    let summary = v.summary;
    let mut s = String::new();
    let _ = writeln!(s, "# Batch report\n");
    let _ = writeln!(
        s,
        "{} answers from {} candidates: {} graded, {} could not be graded.{}\n",
        summary.answers,
        summary.candidates.len(),
        summary.graded,
        summary.failed,
        summary.fail_under.map(|b| format!(" Pass mark: mean score {b:.1}.")).unwrap_or_default()
    );
    if !v.candidates.is_empty() {
        ranking(&mut s, v);
    }
    if !v.topics.is_empty() {
        topics(&mut s, v);
    }
    for c in &v.candidates {
        candidate(&mut s, c);
    }
    if !v.unattributed.is_empty() {
        let _ = writeln!(s, "## {}\n", view::UNATTRIBUTED);
        for (n, a) in v.unattributed.iter().enumerate() {
            answer(&mut s, n + 1, a);
        }
    }
    s
}

fn ranking(s: &mut String, v: &ReportView) {
    let with_result = v.summary.fail_under.is_some();
    let _ = writeln!(s, "## {}\n", view::RANKING);
    let _ =
        writeln!(s, "| Rank | Candidate | Mean score | Mean grade | Graded | Not graded |{}", if with_result { " Result |" } else { "" });
    let _ = writeln!(s, "|---:|---|---:|---:|---:|---:|{}", if with_result { "---|" } else { "" });
    for c in &v.candidates {
        let x = c.summary;
        let _ = write!(
            s,
            "| {} | {} | {} | {} | {} | {} |",
            c.rank,
            md_cell(&x.candidate),
            fmt_opt(x.mean_score),
            fmt_opt(x.mean_grade),
            x.graded,
            x.errors
        );
        if with_result {
            let _ = write!(s, " {} |", verdict(x.passed));
        }
        s.push('\n');
    }
    s.push('\n');
}

/// Topics × candidates.
fn topics(s: &mut String, v: &ReportView) {
    let _ = writeln!(s, "## {}\n\n{}\n", view::TOPICS, view::TOPICS_NOTE);
    s.push_str("| Topic |");
    for c in &v.candidates {
        let _ = write!(s, " {} |", md_cell(&c.summary.candidate));
    }
    s.push_str("\n|---|");
    s.push_str(&"---:|".repeat(v.candidates.len()));
    s.push('\n');
    for topic in &v.topics {
        let _ = write!(s, "| {} |", md_cell(topic));
        for c in &v.candidates {
            match c.summary.topics.iter().find(|t| t.topic == *topic) {
                Some(t) => {
                    let _ = write!(s, " {:.0} ({}) |", t.mean_score, t.answers);
                }
                None => s.push_str(" \u{2014} |"),
            }
        }
        s.push('\n');
    }
    s.push('\n');
}

fn candidate(s: &mut String, c: &CandidateView) {
    let x = c.summary;
    let _ = writeln!(s, "## {}\n", md_cell(&x.candidate));
    let _ = writeln!(
        s,
        "Mean score **{}**/100 \u{b7} mean grade **{}**/5 \u{b7} {} graded, {} not graded{}\n",
        fmt_opt(x.mean_score),
        fmt_opt(x.mean_grade),
        x.graded,
        x.errors,
        x.passed.map(|_| format!(" \u{b7} {}", verdict(x.passed))).unwrap_or_default()
    );
    if !x.topics.is_empty() {
        let topics: Vec<String> = x
            .topics
            .iter()
            .map(|t| format!("{} {:.0} ({} answer{})", md_cell(&t.topic), t.mean_score, t.answers, plural(t.answers)))
            .collect();
        let _ = writeln!(s, "**{}:** {}\n", view::BY_TOPIC, topics.join(" \u{b7} "));
    }
    if !x.weakest_concepts.is_empty() {
        let _ = writeln!(s, "**{}:**\n", view::WEAKEST);
        for w in &x.weakest_concepts {
            let _ = writeln!(s, "- `{}`: {}", w.question_id, w.says);
        }
        s.push('\n');
    }
    let _ = writeln!(s, "| # | Question | Grade | Score |\n|---:|---|---:|---:|");
    for (n, a) in c.answers.iter().enumerate() {
        match &a.body {
            AnswerBody::Graded { question_id, grade, score, .. } => {
                let _ = writeln!(s, "| {} | `{}` | {}/5 | {:.0} |", n + 1, question_id, grade, score);
            }
            AnswerBody::Failed { kind, question, .. } => {
                let q = question.as_deref().map(|q| md_cell(&shorten(q, 60))).unwrap_or_else(|| "\u{2014}".into());
                let _ = writeln!(s, "| {} | {} | not graded | {} |", n + 1, q, kind);
            }
        }
    }
    s.push('\n');
    for (n, a) in c.answers.iter().enumerate() {
        answer(s, n + 1, a);
    }
}

/// A bulleted block: a bold title, then one item per entry.
fn block<T>(s: &mut String, title: &str, items: &[T], item: impl Fn(&T) -> String) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(s, "**{title}**\n");
    for i in items {
        let _ = writeln!(s, "- {}", item(i));
    }
    s.push('\n');
}

fn answer(s: &mut String, n: usize, a: &AnswerView) {
    match &a.body {
        AnswerBody::Graded { question_id, question, score, grade, capped, missing, wrong, covered, .. } => {
            let _ = writeln!(s, "### {n}. {}\n", md_cell(question));
            let _ = writeln!(
                s,
                "`{question_id}` \u{b7} **grade {grade}/5** \u{b7} score {score:.0}/100 \u{b7} {} \u{b7} id `{}`\n",
                a.source, a.id
            );
            for c in capped {
                let _ = writeln!(s, "> \u{26a0} capped: {c}\n");
            }
            if missing.is_empty() {
                let _ = writeln!(s, "Nothing missing.\n");
            }
            block(s, view::MISSING, missing, |m| format!("{} \u{2014} *{}*", m.says, m.hint));
            block(s, view::WRONG, wrong, |w| format!("{}: {}", md_cell(&quoted(&w.quotes)), w.why));
            block(s, view::COVERED, covered, String::clone);
        }
        AnswerBody::Failed { kind, reason, question, closest } => {
            let title = question.as_deref().map(|q| shorten(q, 100)).unwrap_or_else(|| untitled(kind).into());
            let _ = writeln!(s, "### {n}. {}\n", md_cell(&title));
            let _ = writeln!(s, "**Not graded** \u{b7} {} \u{b7} {}\n", a.source, md_cell(reason));
            if !closest.is_empty() {
                let _ = writeln!(s, "{}:\n", view::CLOSEST);
                for c in closest {
                    let _ = writeln!(s, "- `{}` ({:.2}): {}", c.id, c.confidence, c.question);
                }
                s.push('\n');
            }
        }
    }
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
        let md = rendered();
        assert!(!md.contains("<img") && !md.contains("<script") && !md.contains("<b>"), "{md}");
        assert!(md.contains("## &lt;img src=x onerror=alert(1)&gt;\\|Eve & \"Co\"\n"), "{md}");
        assert!(md.contains("&lt;/li&gt;&lt;script&gt;alert(1)&lt;/script&gt; \\| done"), "{md}");
        assert!(md.contains("&lt;b&gt;sourdough&lt;/b&gt; \\| starter?"), "{md}");
    }

    #[test]
    fn ranks_candidates_and_shows_every_block() {
        let md = rendered();
        assert!(md.find("## &lt;img").unwrap() < md.find("## Ann").unwrap(), "best first");
        assert!(md.contains("| 1 | &lt;img src=x onerror=alert(1)&gt;\\|Eve & \"Co\" | 61.0 |"));
        let eve = &md[md.find("## &lt;img").unwrap()..md.find("## Ann").unwrap()];
        for block in ["> \u{26a0} capped: a list of keywords", "**Missing**", "**Wrong**", "**Covered**\n\n- the receiver"] {
            assert!(eve.contains(block), "{block}");
        }
        assert!(md.contains(
            "| Topic | &lt;img src=x onerror=alert(1)&gt;\\|Eve & \"Co\" | Ann |\n|---|---:|---:|\n| channels | 61 (1) | 40 (1) |"
        ));
    }
}
