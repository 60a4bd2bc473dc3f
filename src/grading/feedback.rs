//! Renderings of a [`Grade`]: a senior interviewer's review as text (with ANSI styles that the
//! caller may strip), JSON (the stable contract), and Markdown.
//!
//! The review follows the shape of a good human one: what was covered (quoting the answer),
//! what is missing (with a hint), which statements are wrong (with why), then the score and how
//! it adds up. Renderers only format: every fact comes from the `Grade`.

use crate::grading::{ConceptResult, Grade};
use anstyle::{AnsiColor, Style};
use std::fmt::Write;

const GREEN: Style = AnsiColor::Green.on_default();
const RED: Style = AnsiColor::Red.on_default();
const YELLOW: Style = AnsiColor::Yellow.on_default();
const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

fn quotes(c: &ConceptResult) -> String {
    // Words matched through the lexicon name the term they stand for: “shut” (≈ close).
    let quote = |e: &crate::rubric::Evidence| match &e.means {
        Some(term) => format!("\u{201c}{}\u{201d} (\u{2248} {term})", e.text),
        None => format!("\u{201c}{}\u{201d}", e.text),
    };
    c.evidence.iter().map(quote).collect::<Vec<_>>().join(", ")
}

fn verdict(grade: u8) -> &'static str {
    match grade {
        5 => "excellent: complete and correct",
        4 => "good: minor gaps",
        3 => "acceptable: the main idea with gaps",
        2 => "weak: some right, much missing",
        1 => "a fragment",
        _ => "no credit",
    }
}

/// Said when the question was asked for a short answer (`breakdown.brief`).
const BRIEF_NOTE: &str = "asked for a short answer: the core points count in full, missing depth costs little";

/// The text review. Styles are ANSI; write through `anstream` to strip them where unwanted.
pub fn render_text(g: &Grade) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} {}", paint(BOLD, "Question:"), g.question);
    let _ = writeln!(s, "{}", paint(DIM, &format!("({})", g.question_id)));
    if let Some(m) = g.matched_question.as_ref().filter(|m| m.confidence < 1.0) {
        let _ = writeln!(s, "{}", paint(DIM, &format!("matched from your wording with confidence {:.2}", m.confidence)));
        if !m.alternatives.is_empty() {
            let others = m.alternatives.join(", ");
            let _ =
                writeln!(s, "{}", paint(DIM, &format!("the wording could also mean {others}: graded against each, the best grade kept")));
        }
    }
    if g.breakdown.brief {
        let _ = writeln!(s, "{}", paint(DIM, BRIEF_NOTE));
    }
    let _ = writeln!(s);
    let grade_style = match g.grade {
        4..=5 => GREEN,
        2..=3 => YELLOW,
        _ => RED,
    };
    let _ =
        writeln!(s, "{}  {}", paint(grade_style.bold(), &format!("Grade {}/5 \u{b7} score {:.0}/100", g.grade, g.score)), verdict(g.grade));

    for gate in &g.gates {
        let _ = writeln!(s, "{} {}", paint(RED, "\u{26a0}"), gate.reason);
    }

    let covered: Vec<&ConceptResult> = g.concepts.iter().filter(|c| c.covered).collect();
    let missing: Vec<&ConceptResult> = g.concepts.iter().filter(|c| !c.covered).collect();
    if !covered.is_empty() {
        let _ = writeln!(s, "\n{}", paint(BOLD, "What you covered"));
        for c in &covered {
            let typo = if c.evidence.iter().any(|e| e.fuzzy) { paint(DIM, " (recognised despite a spelling slip)") } else { String::new() };
            let _ = writeln!(s, "  {} {}{}", paint(GREEN, "\u{2713}"), c.says, typo);
            let _ = writeln!(s, "    {}", paint(DIM, &format!("you said {}", quotes(c))));
        }
    }
    if !missing.is_empty() {
        let _ = writeln!(s, "\n{}", paint(BOLD, "What is missing"));
        for c in &missing {
            let group = c.group.as_deref().map(|g| format!("[{g}] ")).unwrap_or_default();
            let _ = writeln!(s, "  {} {}{}", paint(YELLOW, "\u{2717}"), paint(DIM, &group), c.says);
            let _ = writeln!(s, "    {}", paint(DIM, &format!("hint: {}", c.hint)));
        }
    }
    let fired: Vec<_> = g.red_flags.iter().filter(|f| f.fired).collect();
    if !fired.is_empty() {
        let _ = writeln!(s, "\n{}", paint(BOLD, "What is wrong"));
        for f in fired {
            let quote: Vec<String> = f.evidence.iter().map(|e| format!("\u{201c}{}\u{201d}", e.text)).collect();
            let _ = writeln!(s, "  {} you said {} (\u{2212}{:.0})", paint(RED, "!"), quote.join(", "), f.penalty);
            let _ = writeln!(s, "    {}", f.why);
        }
    }
    if !g.nearest_examples.is_empty() {
        let _ = writeln!(s, "\n{}", paint(BOLD, "Closest marked answers"));
        for e in &g.nearest_examples {
            let _ = writeln!(s, "  grade {} \u{b7} similarity {:.2}: \u{201c}{}\u{201d}", e.grade, e.similarity, e.answer);
        }
    }
    let b = &g.breakdown;
    let _ = writeln!(s, "\n{}", paint(BOLD, "Score"));
    let _ = writeln!(
        s,
        "  concepts {:.1} ({:.0}% of the weight) + similarity to the model answer {:.1}{} \u{2212} red flags {:.1} = {:.1}",
        b.concept_points,
        b.coverage * 100.0,
        b.similarity_points,
        example_term(b.example_points),
        b.penalty_points,
        b.uncapped
    );
    if g.score < b.uncapped {
        let _ = writeln!(s, "  capped at {:.0} by: {}", g.score, g.gates.iter().map(|x| x.reason.as_str()).collect::<Vec<_>>().join("; "));
    }
    if let Some(reference) = &g.reference {
        let _ = writeln!(s, "\n{}\n{}", paint(BOLD, "Model answer"), reference.trim_end());
    } else if g.grade < 5 {
        let _ = writeln!(s, "\n{}", paint(DIM, "Run with --reference to see the model answer."));
    }
    s
}

/// The marked examples' share of the score sum, if any: " + closest marked answers 12.5".
fn example_term(points: Option<f64>) -> String {
    match points {
        Some(p) if p < 0.0 => format!(" \u{2212} closest marked answers {:.1}", -p),
        Some(p) => format!(" + closest marked answers {p:.1}"),
        None => String::new(),
    }
}

/// The JSON contract (pretty-printed).
pub fn render_json(g: &Grade) -> String {
    let mut out = Vec::new();
    crate::rubric::write_json(&mut out, g, true).expect("a Grade always serialises");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// A Markdown review, for reports and pull-request comments.
pub fn render_markdown(g: &Grade) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "### {}\n", g.question);
    let _ = writeln!(s, "`{}` \u{b7} **grade {}/5** \u{b7} score {:.0}/100 \u{b7} {}\n", g.question_id, g.grade, g.score, verdict(g.grade));
    if g.breakdown.brief {
        let _ = writeln!(s, "*{BRIEF_NOTE}*\n");
    }
    for gate in &g.gates {
        let _ = writeln!(s, "> \u{26a0} {}\n", gate.reason);
    }
    let covered: Vec<&ConceptResult> = g.concepts.iter().filter(|c| c.covered).collect();
    if !covered.is_empty() {
        let _ = writeln!(s, "**Covered**\n");
        for c in covered {
            let _ = writeln!(s, "- \u{2713} {} \u{2014} you said {}", c.says, quotes(c));
        }
        let _ = writeln!(s);
    }
    let missing: Vec<&ConceptResult> = g.concepts.iter().filter(|c| !c.covered).collect();
    if !missing.is_empty() {
        let _ = writeln!(s, "**Missing**\n");
        for c in missing {
            let _ = writeln!(s, "- \u{2717} {} \u{2014} *hint: {}*", c.says, c.hint);
        }
        let _ = writeln!(s);
    }
    let fired: Vec<_> = g.red_flags.iter().filter(|f| f.fired).collect();
    if !fired.is_empty() {
        let _ = writeln!(s, "**Wrong**\n");
        for f in fired {
            let quote: Vec<String> = f.evidence.iter().map(|e| format!("\u{201c}{}\u{201d}", e.text)).collect();
            let _ = writeln!(s, "- ! {} (\u{2212}{:.0}): {}", quote.join(", "), f.penalty, f.why);
        }
        let _ = writeln!(s);
    }
    let b = &g.breakdown;
    let _ = writeln!(
        s,
        "Score: concepts {:.1} + similarity {:.1}{} \u{2212} red flags {:.1} = {:.1}{}",
        b.concept_points,
        b.similarity_points,
        example_term(b.example_points),
        b.penalty_points,
        b.uncapped,
        if g.score < b.uncapped { format!(", capped at {:.0}", g.score) } else { String::new() }
    );
    if let Some(reference) = &g.reference {
        let _ = writeln!(s, "\n<details><summary>Model answer</summary>\n\n{}\n\n</details>", reference.trim_end());
    }
    s
}
