//! Rubric files: the TOML schema, parsing with locations, and validation into [`Rubric`].
//!
//! Every problem is reported as `file:line:col: field: message`; parsing goes on after a
//! problem so one run of `gograde check` lists them all.

use crate::error::Problem;
use crate::rubric::limits::{MAX_CONCEPTS, MAX_PATTERNS_PER_ITEM, MAX_PATTERN_ALTERNATIVES, MAX_PATTERN_BYTES, MAX_RED_FLAGS};
use crate::rubric::pattern::{self, Pattern, Patterns, Synonyms};
use crate::rubric::FixedText;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// How senior a question is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// `level = "junior"`.
    Junior,
    /// `level = "mid"` (also the level of reference-only questions).
    Mid,
    /// `level = "senior"`.
    Senior,
}

impl Level {
    /// The level written in a rubric or on the command line (`junior`, `mid`, `senior`).
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "junior" => Some(Level::Junior),
            "mid" => Some(Level::Mid),
            "senior" => Some(Level::Senior),
            _ => None,
        }
    }

    /// The level as rubrics write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Junior => "junior",
            Level::Mid => "mid",
            Level::Senior => "senior",
        }
    }
}

/// A concept a complete answer must cover.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Concept {
    /// Kebab-case id, unique within the rubric; the key of the concept in a [`Grade`](crate::Grade).
    pub id: FixedText,
    /// The sub-question the concept answers, if labelled: feedback groups concepts by it.
    pub group: Option<FixedText>,
    /// Relative importance, 1..=5 in hand-written rubrics (derived key terms weigh by rarity).
    pub weight: f64,
    /// A core concept: what an interviewer must hear for the answer to count as basically right
    /// (a 3 of 5); the others are depth.
    pub core: bool,
    /// What the concept states, as a full sentence (shown when covered and when missing).
    pub says: FixedText,
    /// A question or nudge that leads towards the concept without giving it away.
    pub hint: FixedText,
    /// Any one matching pattern credits the concept.
    pub patterns: Patterns,
    /// Sentences that must credit the concept (checked by `gograde check`).
    pub examples: Vec<String>,
    /// Sentences that must not credit it (checked by `gograde check`).
    pub counter_examples: Vec<String>,
}

/// A misconception that costs points when stated (and not denied).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct RedFlag {
    /// Kebab-case id, unique within the rubric.
    pub id: FixedText,
    /// Score points (0..=100) taken off when it fires.
    pub penalty: f64,
    /// Why the statement is wrong: the correction shown to the candidate.
    pub why: FixedText,
    /// Any one matching pattern fires the flag.
    pub patterns: Patterns,
    /// Sentences that must fire it; `gograde check` also checks that their negations do not.
    pub examples: Vec<String>,
    /// Sentences that must not fire it.
    pub counter_examples: Vec<String>,
}

/// One question of the bank with its rubric and reference answer.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Rubric {
    /// Kebab-case id, equal to the file stem: how answers and the command line name the question.
    pub id: String,
    /// The topic, equal to the rubric's folder name; reports summarise per topic.
    pub topic: String,
    /// How senior the question is.
    pub level: Level,
    /// The question as asked.
    pub question: FixedText,
    /// Other ways interviewers ask it, for question lookup by wording.
    pub aliases: Vec<String>,
    /// A note on Go-version-dependent facts the rubric accepts.
    pub version_note: Option<String>,
    /// The concepts a complete answer covers, in rubric order.
    pub concepts: Vec<Concept>,
    /// The misconceptions that cost points.
    pub red_flags: Vec<RedFlag>,
    /// The reference (model) answer, Markdown.
    pub reference: String,
    /// Path of the rubric file relative to the bank root.
    pub file: String,
    /// True when the concepts were derived from the reference (no hand-written concepts).
    pub reference_only: bool,
    /// A draft (`drafted = true`, as `gograde draft` writes it): its concepts are still the
    /// derived key terms, so it is graded like a reference-only question (see
    /// [`Rubric::graded_from_reference`]), with its own concepts' coverage.
    pub drafted: bool,
    /// Ids of related questions (`related = [...]`): an answer to one is never off-topic for the
    /// other, like near-duplicate references.
    pub related: Vec<String>,
    /// Marked example answers (`[[example]]`): an answer close to one borrows its grade.
    pub marked: Vec<MarkedExample>,
}

impl Rubric {
    /// Graded from its reference answer (the `reference_only` model and gates): a rubric without
    /// concepts, or a draft whose concepts are still the derived ones.
    pub fn graded_from_reference(&self) -> bool {
        self.reference_only || self.drafted
    }
}

/// An example answer with the grade a marker gave it (`[[example]]` in a rubric).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MarkedExample {
    /// The answer as written.
    pub answer: String,
    /// Its grade, 0..=5.
    pub grade: u8,
}

// ---- the file schema --------------------------------------------------------------------
//
// These types parse rubric files and, through schemars, generate their JSON Schema
// (`gograde schema rubric`, `docs/rubric.schema.json`): a field's doc comment is its description
// in editors, so keep it in step with docs/rubric-format.md.

/// Kebab-case: lower-case letters, digits and single hyphens, neither first nor last.
const KEBAB: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

/// A gograde rubric: one question of the bank, in `rubrics/<topic>/<id>.toml`, with its reference
/// (model) answer in `corpus/<topic>/<id>.md`. `gograde check` validates it and runs its quality
/// bars. See docs/rubric-format.md.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "gograde rubric")]
struct RubricFile {
    /// The question's id: kebab-case (a-z, 0-9, -), equal to the file stem.
    #[schemars(with = "String", pattern(KEBAB))]
    id: Spanned<String>,
    /// The topic: equals the folder name (`rubrics/<topic>/`).
    #[schemars(with = "String")]
    topic: Spanned<String>,
    /// How senior the question is: junior, mid or senior.
    #[schemars(with = "Level")]
    level: Spanned<String>,
    /// The question as an interviewer asks it.
    #[schemars(with = "String", length(min = 1))]
    question: Spanned<String>,
    /// Other ways interviewers ask it (question lookup).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    aliases: Vec<Spanned<String>>,
    /// Synonym groups for this rubric only. Every member of a group is interchangeable in this
    /// rubric's patterns; a concept is credited once however many members appear. Keep groups
    /// strict: only true equivalents.
    #[serde(default)]
    synonyms: Vec<Vec<String>>,
    /// A note on Go-version-dependent facts this rubric accepts.
    #[serde(default)]
    version_note: Option<String>,
    /// The concepts a complete answer covers (3–8), each a relation (`unbuffered ~ block`) rather
    /// than a lone keyword. A rubric without concepts is graded from its reference answer alone.
    #[serde(default, rename = "concept")]
    concepts: Vec<ConceptFile>,
    /// Misconceptions that cost points when stated, and never when denied.
    #[serde(default, rename = "red_flag")]
    red_flags: Vec<RedFlagFile>,
    /// Ids of related questions of the bank (a repeated or overlapping question): an answer to
    /// one is never off-topic for the other. Near-duplicate references are related without it.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    related: Vec<Spanned<String>>,
    /// Marked example answers: an answer close to one borrows evidence (its grade) from it.
    #[serde(default, rename = "example")]
    marked: Vec<MarkedFile>,
    /// A draft from `gograde draft`: graded like a question without concepts (the fitted model
    /// over the answer's alignment with the reference, its similarity and these concepts'
    /// coverage, gates as for reference-only questions). Delete the line once the concepts are
    /// written by hand; they are then graded as written.
    #[serde(default)]
    drafted: bool,
}

/// A marked example answer.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Example")]
struct MarkedFile {
    /// The answer as a candidate wrote it.
    #[schemars(with = "String", length(min = 1))]
    answer: Spanned<String>,
    /// The grade a marker gave it, 0..=5.
    #[schemars(with = "u8", range(min = 0, max = 5))]
    grade: Spanned<i64>,
}

/// A concept a complete answer must cover.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Concept")]
struct ConceptFile {
    /// Kebab-case, unique within the rubric.
    #[schemars(with = "String", pattern(KEBAB))]
    id: Spanned<String>,
    /// Sub-question label; feedback groups concepts by it.
    #[serde(default)]
    group: Option<String>,
    /// Relative importance, 1..=5.
    #[schemars(with = "f64", range(min = 1, max = 5))]
    weight: Spanned<f64>,
    /// A core concept: what an interviewer needs to hear for the answer to count as basically
    /// right (a 3 of 5); the other concepts are depth.
    #[serde(default)]
    core: bool,
    /// The fact the concept stands for, in one sentence (shown when the answer covers it).
    #[schemars(with = "String", length(min = 1))]
    says: Spanned<String>,
    /// A question that leads towards the concept, shown when the answer misses it.
    #[schemars(with = "String", length(min = 1))]
    hint: Spanned<String>,
    /// Patterns in the pattern language; any one matching pattern credits the concept.
    /// `word` (same stem, typo-tolerant), `word*` (prefix), `=word` (exact), `pkg.Name`
    /// (identifier), `2KB`/`10ms` (by value), `[w1 w2]` (phrase), `a | b`, `( … )`, `a ~ b` (near,
    /// in one sentence), `a ~N b` (explicit window), `a .. b` (in order), `a & b` (same sentence),
    /// `a + b` (anywhere in the answer); prefix `not:` to match only negated text, `any:` to
    /// ignore polarity.
    #[schemars(with = "Vec<String>", length(min = 1))]
    patterns: Spanned<Vec<Spanned<String>>>,
    /// Sentences that MUST credit this concept (at least one).
    #[serde(default)]
    examples: Vec<String>,
    /// Sentences that must NOT credit it (at least one).
    #[serde(default)]
    counter_examples: Vec<String>,
}

/// A misconception that costs points when stated (and not denied).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "RedFlag")]
struct RedFlagFile {
    /// Kebab-case, unique within the rubric (concepts and red flags share the ids).
    #[schemars(with = "String", pattern(KEBAB))]
    id: Spanned<String>,
    /// Score points (1..=100) taken off when it fires.
    #[schemars(with = "f64", range(min = 1, max = 100))]
    penalty: Spanned<f64>,
    /// The correct fact, briefly: why the statement is wrong (shown when it fires).
    #[schemars(with = "String", length(min = 1))]
    why: Spanned<String>,
    /// Patterns in the pattern language (see a concept's `patterns`); any one matching pattern
    /// fires the red flag. Written affirmatively, it never fires on a sentence that denies it.
    #[schemars(with = "Vec<String>", length(min = 1))]
    patterns: Spanned<Vec<Spanned<String>>>,
    /// Sentences that MUST fire it (at least one). `gograde check` also negates each ("It is not
    /// true that …", "is" → "is not"), and the negated sentence must not fire.
    #[serde(default)]
    examples: Vec<String>,
    /// Sentences that must not fire it (optional).
    #[serde(default)]
    counter_examples: Vec<String>,
}

/// The JSON Schema of rubric files, pretty-printed with a final newline: what
/// `gograde schema rubric` prints and `docs/rubric.schema.json` holds.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(RubricFile);
    serde_json::to_string_pretty(&schema).expect("a schema serialises") + "\n"
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
/// the text of its corpus file; `known_ids` are the ids of the bank's rubrics (the stems of their
/// files), which `related` may name. Returns `None` when the file has problems (all reported).
pub(crate) fn parse_rubric(
    path: &str,
    text: &str,
    reference: String,
    bank_synonyms: &Synonyms,
    known_ids: &rustc_hash::FxHashSet<String>,
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
    for (k, id) in file.related.iter().enumerate() {
        if id.get_ref() == file.id.get_ref() {
            r.at(id.span().start, format!("related[{k}]"), "a question is not related to itself");
        } else if !known_ids.contains(id.get_ref()) {
            r.at(id.span().start, format!("related[{k}]"), format!("no question of the bank has the id {:?}", id.get_ref()));
        }
    }
    for (k, e) in file.marked.iter().enumerate() {
        if e.answer.get_ref().trim().is_empty() {
            r.at(e.answer.span().start, format!("example[{k}].answer"), "must not be empty");
        }
        if !(0..=5).contains(e.grade.get_ref()) {
            r.at(e.grade.span().start, format!("example[{k}].grade"), format!("{} must be within 0..=5", e.grade.get_ref()));
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
            id: c.id.get_ref().as_str().into(),
            group: c.group.as_deref().map(FixedText::from),
            weight: w,
            core: c.core,
            says: c.says.get_ref().as_str().into(),
            hint: c.hint.get_ref().as_str().into(),
            patterns: patterns.into(),
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
            id: c.id.get_ref().as_str().into(),
            penalty: p,
            why: c.why.get_ref().as_str().into(),
            patterns: patterns.into(),
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
        question: file.question.into_inner().into(),
        aliases: file.aliases.into_iter().map(|a| a.into_inner()).collect(),
        version_note: file.version_note,
        reference_only: concepts.is_empty(),
        drafted: file.drafted,
        concepts,
        red_flags,
        reference,
        file: path.to_string(),
        related: file.related.into_iter().map(|id| id.into_inner()).collect(),
        marked: file.marked.into_iter().map(|e| MarkedExample { answer: e.answer.into_inner(), grade: *e.grade.get_ref() as u8 }).collect(),
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
        let known = ["demo", "other-demo"].map(String::from).into_iter().collect();
        let r = parse_rubric("rubrics/basics/demo.toml", text, "A demo shows.".into(), &Synonyms::default(), &known, &mut problems);
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
    fn related_ids_and_marked_examples_are_checked_where_they_are_written() {
        let good = GOOD.replace("question = \"What is a demo?\"", "question = \"What is a demo?\"\nrelated = [\"other-demo\"]")
            + "\n[[example]]\nanswer = \"A demo shows it.\"\ngrade = 4\n";
        let (r, p) = parse(&good);
        assert!(p.is_empty(), "{p:?}");
        let r = r.unwrap();
        assert_eq!(r.related, ["other-demo"]);
        assert_eq!(r.marked, [MarkedExample { answer: "A demo shows it.".into(), grade: 4 }]);
        let bad = good.replace("[\"other-demo\"]", "[\"other-demo\", \"no-such-question\"]").replace("grade = 4", "grade = 7");
        let (r, p) = parse(&bad);
        assert!(r.is_none());
        let related_line = bad.lines().position(|l| l.starts_with("related")).unwrap() + 1;
        let grade_line = bad.lines().position(|l| l.starts_with("grade")).unwrap() + 1;
        let found: Vec<(usize, &str)> = p.iter().map(|p| (p.line, p.field.as_str())).collect();
        assert_eq!(found, [(related_line, "related[1]"), (grade_line, "example[0].grade")], "{p:?}");
        assert!(p[0].message.contains("no-such-question"), "{p:?}");
        let (_, p) = parse(&good.replace("[\"other-demo\"]", "[\"demo\"]"));
        assert_eq!(p[0].field, "related[0]", "{p:?}");
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
