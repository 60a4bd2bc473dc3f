//! Rubric files: the TOML schema, parsing with locations, and validation into [`Rubric`].
//!
//! Every problem is reported as `file:line:col: field: message`; parsing goes on after a
//! problem so one run of `gograde check` lists them all.

use crate::error::Problem;
use crate::rubric::limits::{MAX_CONCEPTS, MAX_PATTERNS_PER_ITEM, MAX_PATTERN_ALTERNATIVES, MAX_PATTERN_BYTES, MAX_RED_FLAGS};
use crate::rubric::pattern::{self, Pattern, Synonyms};
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// How senior a question is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Junior,
    Mid,
    Senior,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "junior" => Some(Level::Junior),
            "mid" => Some(Level::Mid),
            "senior" => Some(Level::Senior),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Junior => "junior",
            Level::Mid => "mid",
            Level::Senior => "senior",
        }
    }
}

/// A concept a complete answer must cover.
#[derive(Debug, Clone)]
pub struct Concept {
    pub id: String,
    pub group: Option<String>,
    pub weight: f64,
    /// A core concept: what an interviewer must hear for the answer to count as basically right
    /// (a 3 of 5); the others are depth.
    pub core: bool,
    pub says: String,
    pub hint: String,
    pub patterns: Vec<Pattern>,
    pub examples: Vec<String>,
    pub counter_examples: Vec<String>,
}

/// A misconception that costs points when stated (and not denied).
#[derive(Debug, Clone)]
pub struct RedFlag {
    pub id: String,
    pub penalty: f64,
    pub why: String,
    pub patterns: Vec<Pattern>,
    pub examples: Vec<String>,
    pub counter_examples: Vec<String>,
}

/// One question of the bank with its rubric and reference answer.
#[derive(Debug, Clone)]
pub struct Rubric {
    pub id: String,
    pub topic: String,
    pub level: Level,
    pub question: String,
    pub aliases: Vec<String>,
    pub version_note: Option<String>,
    pub concepts: Vec<Concept>,
    pub red_flags: Vec<RedFlag>,
    /// The reference (model) answer, Markdown.
    pub reference: String,
    /// Path of the rubric file relative to the bank root.
    pub file: String,
    /// True when the concepts were derived from the reference (no hand-written concepts).
    pub reference_only: bool,
}

// ---- the file schema --------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RubricFile {
    id: Spanned<String>,
    topic: Spanned<String>,
    level: Spanned<String>,
    question: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    synonyms: Vec<Vec<String>>,
    #[serde(default)]
    version_note: Option<String>,
    #[serde(default, rename = "concept")]
    concepts: Vec<ConceptFile>,
    #[serde(default, rename = "red_flag")]
    red_flags: Vec<RedFlagFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConceptFile {
    id: Spanned<String>,
    #[serde(default)]
    group: Option<String>,
    weight: Spanned<f64>,
    #[serde(default)]
    core: bool,
    says: Spanned<String>,
    hint: Spanned<String>,
    patterns: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    counter_examples: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RedFlagFile {
    id: Spanned<String>,
    penalty: Spanned<f64>,
    why: Spanned<String>,
    patterns: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    examples: Vec<String>,
    #[serde(default)]
    counter_examples: Vec<String>,
}

/// Bank-wide synonym groups file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SynonymsFile {
    pub groups: Vec<Vec<String>>,
}

/// The bank's paraphrase lexicon file (`rubrics/lexicon.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LexiconFile {
    #[serde(default)]
    pub entry: Vec<LexiconEntryFile>,
}

/// One lexicon entry: everyday `phrases` that mean the bank's wording `means`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LexiconEntryFile {
    pub means: Spanned<String>,
    pub phrases: Vec<Spanned<String>>,
    /// A sentence that uses one of the phrases with this meaning (checked by `gograde check`).
    pub example: Spanned<String>,
}

/// 1-based line and column of a byte offset.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    // An offset computed through escapes may fall inside a character: take its start.
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map_or(offset, |n| offset - n - 1) + 1;
    (line, col)
}

/// Collects problems for one file.
pub(crate) struct Reporter<'a> {
    pub file: &'a str,
    pub text: &'a str,
    pub problems: &'a mut Vec<Problem>,
}

impl Reporter<'_> {
    pub fn at(&mut self, offset: usize, field: impl Into<String>, message: impl Into<String>) {
        let (line, col) = line_col(self.text, offset);
        self.problems.push(Problem { file: self.file.to_string(), line, col, field: field.into(), message: message.into() });
    }
}

fn is_kebab(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') && !s.starts_with('-') && !s.ends_with('-')
}

/// Compile the pattern strings of one concept or red flag, reporting bad ones at their place.
fn compile_patterns(list: &Spanned<Vec<Spanned<String>>>, field: &str, synonyms: &Synonyms, r: &mut Reporter) -> Vec<Pattern> {
    let mut out = Vec::new();
    if list.get_ref().is_empty() {
        r.at(list.span().start, field, "needs at least one pattern");
    }
    if list.get_ref().len() > MAX_PATTERNS_PER_ITEM {
        r.at(list.span().start, field, format!("{} patterns; at most {MAX_PATTERNS_PER_ITEM} are allowed", list.get_ref().len()));
        return out;
    }
    for (k, s) in list.get_ref().iter().enumerate() {
        let len = s.get_ref().len();
        // Parsed first (linear, and stops at the first `(` too deep): its error is the more
        // precise one.
        match pattern::parse(s.get_ref(), synonyms) {
            Ok(_) if len > MAX_PATTERN_BYTES => r.at(
                s.span().start,
                format!("{field}[{k}]"),
                format!("the pattern is {len} bytes; at most {MAX_PATTERN_BYTES} are allowed"),
            ),
            Ok(p) if p.root.alternatives() > MAX_PATTERN_ALTERNATIVES => r.at(
                s.span().start,
                format!("{field}[{k}]"),
                format!(
                    "the pattern has {} alternatives (synonyms included); at most {MAX_PATTERN_ALTERNATIVES} are allowed",
                    p.root.alternatives()
                ),
            ),
            Ok(p) => out.push(p),
            // +1 skips the opening quote; exact for patterns without escapes.
            Err(e) => r.at(s.span().start + 1 + e.offset, format!("{field}[{k}]"), format!("{} in pattern {:?}", e.message, s.get_ref())),
        }
    }
    out
}

/// Parse and validate one rubric file. `path` is `rubrics/<topic>/<id>.toml`; `reference` is
/// the text of its corpus file. Returns `None` when the file has problems (all reported).
pub(crate) fn parse_rubric(
    path: &str,
    text: &str,
    reference: String,
    bank_synonyms: &Synonyms,
    problems: &mut Vec<Problem>,
) -> Option<Rubric> {
    let before = problems.len();
    let mut r = Reporter { file: path, text, problems };
    let file: RubricFile = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            let offset = e.span().map_or(0, |s| s.start);
            let msg = e.message().trim().to_string();
            let field = field_of_toml_error(&msg);
            r.at(offset, field, msg);
            return None;
        }
    };
    // The path decides topic and id: the file must agree.
    let mut parts = path.rsplit('/');
    let stem = parts.next().and_then(|f| f.strip_suffix(".toml")).unwrap_or("");
    let folder = parts.next().unwrap_or("");
    if file.id.get_ref() != stem {
        r.at(file.id.span().start, "id", format!("{:?} must equal the file name {:?}", file.id.get_ref(), stem));
    }
    if !is_kebab(file.id.get_ref()) {
        r.at(file.id.span().start, "id", "must be kebab-case (a-z, 0-9, -)");
    }
    if file.topic.get_ref() != folder {
        r.at(file.topic.span().start, "topic", format!("{:?} must equal the folder name {:?}", file.topic.get_ref(), folder));
    }
    let level = Level::parse(file.level.get_ref());
    if level.is_none() {
        r.at(file.level.span().start, "level", "must be junior, mid or senior");
    }
    if file.question.get_ref().trim().is_empty() {
        r.at(file.question.span().start, "question", "must not be empty");
    }
    for (k, a) in file.aliases.iter().enumerate() {
        if a.get_ref().trim().is_empty() {
            r.at(a.span().start, format!("aliases[{k}]"), "must not be empty");
        }
    }
    for (what, field, n, max, span) in [
        ("concepts", "concept", file.concepts.len(), MAX_CONCEPTS, file.concepts.get(MAX_CONCEPTS).map(|c| c.id.span())),
        ("red flags", "red_flag", file.red_flags.len(), MAX_RED_FLAGS, file.red_flags.get(MAX_RED_FLAGS).map(|c| c.id.span())),
    ] {
        if let Some(span) = span {
            r.at(span.start, format!("{field}[{max}]"), format!("{n} {what}; a rubric may have at most {max}"));
            return None;
        }
    }
    let mut synonyms = bank_synonyms.clone();
    synonyms.extend(&file.synonyms);

    let mut concepts = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, c) in file.concepts.iter().enumerate() {
        let f = format!("concept[{i}]");
        if !is_kebab(c.id.get_ref()) {
            r.at(c.id.span().start, format!("{f}.id"), "must be kebab-case");
        }
        if !seen.insert(c.id.get_ref().clone()) {
            r.at(c.id.span().start, format!("{f}.id"), format!("duplicate id {:?}", c.id.get_ref()));
        }
        let w = *c.weight.get_ref();
        if !(1.0..=5.0).contains(&w) {
            r.at(c.weight.span().start, format!("{f}.weight"), format!("{w} must be within 1..=5"));
        }
        for (name, v) in [("says", &c.says), ("hint", &c.hint)] {
            if v.get_ref().trim().is_empty() {
                r.at(v.span().start, format!("{f}.{name}"), "must not be empty");
            }
        }
        let patterns = compile_patterns(&c.patterns, &format!("{f}.patterns"), &synonyms, &mut r);
        concepts.push(Concept {
            id: c.id.get_ref().clone(),
            group: c.group.clone(),
            weight: w,
            core: c.core,
            says: c.says.get_ref().clone(),
            hint: c.hint.get_ref().clone(),
            patterns,
            examples: c.examples.clone(),
            counter_examples: c.counter_examples.clone(),
        });
    }
    let mut red_flags = Vec::new();
    for (i, c) in file.red_flags.iter().enumerate() {
        let f = format!("red_flag[{i}]");
        if !is_kebab(c.id.get_ref()) {
            r.at(c.id.span().start, format!("{f}.id"), "must be kebab-case");
        }
        if !seen.insert(c.id.get_ref().clone()) {
            r.at(c.id.span().start, format!("{f}.id"), format!("duplicate id {:?}", c.id.get_ref()));
        }
        let p = *c.penalty.get_ref();
        if !(1.0..=100.0).contains(&p) {
            r.at(c.penalty.span().start, format!("{f}.penalty"), format!("{p} must be within 1..=100 score points"));
        }
        if c.why.get_ref().trim().is_empty() {
            r.at(c.why.span().start, format!("{f}.why"), "must not be empty");
        }
        let patterns = compile_patterns(&c.patterns, &format!("{f}.patterns"), &synonyms, &mut r);
        red_flags.push(RedFlag {
            id: c.id.get_ref().clone(),
            penalty: p,
            why: c.why.get_ref().clone(),
            patterns,
            examples: c.examples.clone(),
            counter_examples: c.counter_examples.clone(),
        });
    }
    if r.problems.len() > before {
        return None;
    }
    Some(Rubric {
        id: file.id.into_inner(),
        topic: file.topic.into_inner(),
        level: level?,
        question: file.question.into_inner(),
        aliases: file.aliases.into_iter().map(|a| a.into_inner()).collect(),
        version_note: file.version_note,
        reference_only: concepts.is_empty(),
        concepts,
        red_flags,
        reference,
        file: path.to_string(),
    })
}

/// Best guess at the field a TOML/serde error message is about.
fn field_of_toml_error(msg: &str) -> String {
    for marker in ["missing field `", "unknown field `"] {
        if let Some(rest) = msg.split(marker).nth(1) {
            if let Some(name) = rest.split('`').next() {
                return name.to_string();
            }
        }
    }
    "toml".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
id = "demo"
topic = "basics"
level = "junior"
question = "What is a demo?"

[[concept]]
id = "c1"
weight = 2
says = "It shows."
hint = "Say what it shows."
patterns = ["demo ~ show"]
"#;

    fn parse(text: &str) -> (Option<Rubric>, Vec<Problem>) {
        let mut problems = Vec::new();
        let r = parse_rubric("rubrics/basics/demo.toml", text, "A demo shows.".into(), &Synonyms::default(), &mut problems);
        (r, problems)
    }

    #[test]
    fn a_good_rubric_loads() {
        let (r, p) = parse(GOOD);
        assert!(p.is_empty(), "{p:?}");
        let r = r.unwrap();
        assert_eq!(r.concepts.len(), 1);
        assert!(!r.reference_only);
    }

    #[test]
    fn a_bad_pattern_is_located() {
        let text = GOOD.replace("demo ~ show", "demo ~ (show");
        let (r, p) = parse(&text);
        assert!(r.is_none());
        assert_eq!(p.len(), 1);
        let line = text.lines().position(|l| l.starts_with("patterns")).unwrap() + 1;
        assert_eq!((p[0].line, p[0].field.as_str()), (line, "concept[0].patterns[0]"));
        assert!(p[0].col > 10, "column points into the pattern: {}", p[0]);
    }

    #[test]
    fn wrong_values_name_their_field() {
        let text = GOOD
            .replace("weight = 2", "weight = 9")
            .replace("level = \"junior\"", "level = \"guru\"")
            .replace("id = \"demo\"", "id = \"other\"");
        let (_, p) = parse(&text);
        let fields: Vec<&str> = p.iter().map(|p| p.field.as_str()).collect();
        assert!(fields.contains(&"concept[0].weight"), "{p:?}");
        assert!(fields.contains(&"level"));
        assert!(fields.contains(&"id"));
    }

    #[test]
    fn toml_syntax_and_schema_errors_are_located() {
        let (_, p) = parse("id = \"demo\"\nquestion = ");
        assert_eq!(p[0].line, 2);
        let (_, p) = parse(&GOOD.replace("hint = \"Say what it shows.\"", "hnt = \"x\""));
        assert!(p[0].message.contains("hnt") || p[0].message.contains("hint"), "{p:?}");
        assert!(p[0].line > 1);
    }

    #[test]
    fn line_col_is_one_based() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("é", 1), (1, 1), "inside a character: its start");
    }

    #[test]
    fn an_error_offset_shifted_by_escapes_never_splits_a_character() {
        // The escape makes the raw string one byte longer than the pattern: the error offset of
        // `)` lands inside `é` in the file.
        let (r, p) = parse(&GOOD.replace("\"demo ~ show\"", "\"\\té)\""));
        assert!(r.is_none());
        assert_eq!(p[0].field, "concept[0].patterns[0]", "{p:?}");
    }
}
