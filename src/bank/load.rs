//! The question bank: rubrics, reference answers, synonyms and score parameters, loaded from a
//! folder or from the copy embedded in the binary, validated as a whole, and indexed.
//!
//! A bank with any problem does not load: [`Error::Bank`] lists every problem with its file,
//! line, column and field.

use crate::bank::facts::ReferenceFacts;
use crate::bank::retrieval::Retrieval;
use crate::bank::soft_align::{self, content_words, RubricWords, Word};
use crate::bank::{key_terms, Params};
use crate::error::{Error, Problem, Result};
use crate::rubric::align::ConceptModels;
use crate::rubric::limits::{MAX_BANK_FILE_BYTES, MAX_BANK_FOLDER_DEPTH};
use crate::rubric::matcher::Vocabulary;
use crate::rubric::pattern::Synonyms;
use crate::rubric::{self, Level, LexiconFile, MarkedExample, Rubric, SynonymsFile};
use crate::text::{self, analyze, Admitted, Analysis, EntrySpec, Lexicon, LexiconSource, ShapeModel, TokenKind};
use include_dir::{include_dir, Dir};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

static SHIPPED_RUBRICS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/rubrics");
static SHIPPED_CORPUS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/corpus");

/// A loaded, validated and indexed bank.
pub struct Bank {
    pub(super) rubrics: super::snapshot::Rubrics,
    pub(super) by_id: FxHashMap<String, usize>,
    pub(super) params: Params,
    pub(super) retrieval: Retrieval,
    pub(super) vocabulary: Vocabulary,
    /// Everyday wordings of the bank's terms (its lexicon and the WordNet table).
    pub(super) lexicon: Lexicon,
    /// How the bank's own prose is shaped, to tell answers from dumps of terms.
    pub(super) shape: ShapeModel,
    /// Per rubric, per concept: its model sentences for alignment.
    pub(super) models: super::snapshot::Models,
    /// Lexicon entries with their example sentence, for `gograde check`.
    pub(super) lexicon_examples: super::lazy::Lazy<Vec<(String, String)>>,
    /// Per rubric, its reference and marked examples as content words for soft alignment,
    /// computed on first use (reference-only rubrics only need them).
    pub(super) soft_words: Vec<OnceLock<RubricWords>>,
    /// Per rubric, what the gates need to know of its reference (made on first use).
    pub(super) facts: Vec<OnceLock<ReferenceFacts>>,
    /// Per rubric, the lexicon entries whose added terms count against it (made on first use).
    pub(super) admitted: Vec<OnceLock<Admitted>>,
    pub(super) origin: String,
    pub(super) hash: String,
}

/// What `gograde --version` says about a bank, read without parsing or indexing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// Where the bank came from (a folder, or "shipped bank").
    pub origin: String,
    /// The number of rubric files (`rubrics/<topic>/<id>.toml`): its questions.
    pub questions: usize,
    /// The bank's content hash (see [`content_hash`]).
    pub hash: String,
}

/// A short, stable hash of a bank's content: the first 12 hex digits of SHA-256 over its
/// `.toml` and `.md` files sorted by path, each fed as path, NUL, length (u64 LE) and bytes.
/// A bank in a folder and the same files shipped in the binary hash alike; any change to a
/// rubric, reference answer, synonym or parameter changes it.
pub fn content_hash(files: &BTreeMap<String, String>) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for (path, text) in files.iter().filter(|(p, _)| p.ends_with(".toml") || p.ends_with(".md")) {
        h.update(path.as_bytes());
        h.update([0]);
        h.update((text.len() as u64).to_le_bytes());
        h.update(text.as_bytes());
    }
    h.finalize().iter().take(6).map(|b| format!("{b:02x}")).collect()
}

fn shipped_files() -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for (root, dir) in [("rubrics", &SHIPPED_RUBRICS), ("corpus", &SHIPPED_CORPUS)] {
        collect_embedded(dir, root, &mut files);
    }
    files
}

/// The shipped references that are not among `rubrics`' own, analysed: the word-order model
/// learns how sentences run from them too. A bank of a few dozen terse model answers is too
/// little prose to tell a sentence from shuffled words (on a blind computer-science bank of 60
/// one-line references, "its size is dynamic, you don't have to know how many elements you
/// need" read as shuffled), and English word order does not depend on the subject.
fn prose_beyond(rubrics: &[Rubric]) -> Vec<Analysis> {
    let own: FxHashSet<&str> = rubrics.iter().map(|r| r.reference.as_str()).collect();
    let shipped = shipped_files();
    let texts: Vec<&String> =
        shipped.iter().filter(|(path, text)| path.starts_with("corpus/") && !own.contains(text.as_str())).map(|(_, text)| text).collect();
    texts.par_iter().map(|t| analyze(t)).collect()
}

/// The WordNet-derived synonym table (see `scripts/wordnet-synonyms.py`): `answer word<TAB>bank
/// word<TAB>part of speech` per line.
const WORDNET_TABLE: &str = include_str!("../text/wordnet-synonyms.tsv");

/// Entries of the WordNet table, one per bank word.
fn wordnet_entries() -> Vec<EntrySpec> {
    let mut by_word: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for line in WORDNET_TABLE.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let mut cols = line.split('\t');
        if let (Some(answer), Some(bank)) = (cols.next(), cols.next()) {
            by_word.entry(bank).or_default().push(answer.to_string());
        }
    }
    by_word.into_iter().map(|(means, phrases)| EntrySpec { means: means.to_string(), phrases, source: LexiconSource::WordNet }).collect()
}

/// The built-in computing lexicon: groups of wordings of one thing, in the format of a bank's
/// `rubrics/lexicon.toml` (see [`crate::text::Lexicon`]).
const COMPUTING_LEXICON: &str = include_str!("../text/computing-lexicon.toml");

/// The computing lexicon's groups of wordings, each read both ways: every wording of a group
/// stands for every other, since a model answer may use any of them ("lexer" for a student's
/// "lexical analyser" as much as the reverse).
fn computing_groups() -> Vec<Vec<String>> {
    // The file is embedded and a test parses it: an error cannot reach a user, and would only
    // leave the table empty.
    let groups = toml::from_str::<LexiconFile>(COMPUTING_LEXICON).map(|f| f.entry).unwrap_or_default();
    groups
        .into_iter()
        .map(|g| std::iter::once(g.means.into_inner()).chain(g.phrases.into_iter().map(|p| p.into_inner())).collect())
        .collect()
}

/// A question given by its reference answer only (no hand-written concepts).
#[derive(Debug, Clone)]
pub struct ReferenceQuestion {
    /// The question's id, as answers will name it.
    pub id: String,
    /// The question as asked (also used for lookup by wording and the restated-question gate).
    pub question: String,
    /// The model answer, from which similarity and key terms are derived.
    pub reference: String,
    /// Marked example answers (as a rubric's `[[example]]` tables).
    pub examples: Vec<MarkedExample>,
}

impl Bank {
    /// The bank shipped inside the binary.
    pub fn shipped() -> Result<Bank> {
        Bank::from_files(shipped_files(), "shipped bank".into())
    }

    /// The origin, question count and content hash of the bank in `root` (the shipped one for
    /// `None`), from its files alone: cheap, and it works for a bank that does not validate.
    pub fn fingerprint(root: Option<&Path>) -> Result<Fingerprint> {
        let (files, origin) = match root {
            Some(root) => (read_bank_dir(root)?.0, root.display().to_string()),
            None => (shipped_files(), "shipped bank".to_string()),
        };
        let questions =
            files.keys().filter(|p| p.strip_prefix("rubrics/").is_some_and(|rest| rest.contains('/') && rest.ends_with(".toml"))).count();
        Ok(Fingerprint { origin, questions, hash: content_hash(&files) })
    }

    /// A bank in a folder holding `rubrics/` and `corpus/`.
    pub fn from_dir(root: &Path) -> Result<Bank> {
        let (files, problems) = read_bank_dir(root)?;
        if !problems.is_empty() {
            return Err(Error::Bank(problems));
        }
        Bank::from_files(files, root.display().to_string())
    }

    /// Build from file contents keyed by their path relative to the bank root
    /// (`rubrics/<topic>/<id>.toml`, `corpus/<topic>/<id>.md`, `rubrics/synonyms.toml`,
    /// `rubrics/params.toml`).
    pub fn from_files(files: BTreeMap<String, String>, origin: String) -> Result<Bank> {
        let (parsed, problems) = Self::parse_files(&files);
        if !problems.is_empty() {
            return Err(Error::Bank(problems));
        }
        Bank::assemble(parsed, origin, content_hash(&files))
    }

    /// Load what loads and report the rest: for `gograde check`, which lists every problem
    /// and still runs the quality bars of the rubrics that are sound.
    pub fn from_dir_lenient(root: &Path) -> Result<(Bank, Vec<Problem>)> {
        let (files, mut problems) = read_bank_dir(root)?;
        let (parsed, more) = Self::parse_files(&files);
        problems.extend(more);
        if parsed.rubrics.is_empty() {
            return Err(Error::Bank(problems));
        }
        let hash = content_hash(&files);
        Ok((Bank::assemble(parsed, root.display().to_string(), hash)?, problems))
    }

    fn parse_files(files: &BTreeMap<String, String>) -> (Parsed, Vec<Problem>) {
        let mut problems = Vec::new();
        let mut bank_synonyms = Synonyms::default();
        if let Some(text) = files.get("rubrics/synonyms.toml").filter(|t| fits(&mut problems, "rubrics/synonyms.toml", t)) {
            match toml::from_str::<SynonymsFile>(text) {
                Ok(f) => bank_synonyms.extend(&f.groups),
                Err(e) => push_toml_error(&mut problems, "rubrics/synonyms.toml", text, &e),
            }
        }
        let mut params = Params::default();
        if let Some(text) = files.get("rubrics/params.toml").filter(|t| fits(&mut problems, "rubrics/params.toml", t)) {
            match toml::from_str::<Params>(text) {
                Ok(p) => {
                    for (field, message) in p.validate() {
                        problems.push(Problem { file: "rubrics/params.toml".into(), line: 0, col: 0, field, message });
                    }
                    params = p;
                }
                Err(e) => push_toml_error(&mut problems, "rubrics/params.toml", text, &e),
            }
        }
        let mut lexicon = Vec::new();
        if let Some(text) = files.get("rubrics/lexicon.toml").filter(|t| fits(&mut problems, "rubrics/lexicon.toml", t)) {
            match toml::from_str::<LexiconFile>(text) {
                Ok(f) => lexicon = lexicon_entries(f, text, &mut problems),
                Err(e) => push_toml_error(&mut problems, "rubrics/lexicon.toml", text, &e),
            }
        }
        let mut rubrics = Vec::new();
        let mut used_corpus = FxHashSet::default();
        // `related` may name any rubric of the bank: its id is its file's stem.
        let known_ids: FxHashSet<String> = files
            .keys()
            .filter(|p| p.strip_prefix("rubrics/").is_some_and(|rest| rest.contains('/')))
            .filter_map(|p| p.rsplit('/').next()?.strip_suffix(".toml").map(String::from))
            .collect();
        let mut to_parse = Vec::new();
        for (path, text) in files {
            let Some(rest) = path.strip_prefix("rubrics/") else { continue };
            if !rest.contains('/') || !path.ends_with(".toml") {
                if !matches!(rest, "synonyms.toml" | "params.toml" | "lexicon.toml") && path.ends_with(".toml") {
                    problems.push(Problem {
                        file: path.clone(),
                        line: 0,
                        col: 0,
                        field: "path".into(),
                        message: "rubrics live in rubrics/<topic>/<id>.toml".into(),
                    });
                }
                continue;
            }
            let corpus_path = format!("corpus/{}", rest.trim_end_matches(".toml")) + ".md";
            let reference = match files.get(&corpus_path) {
                Some(r) if !fits(&mut problems, &corpus_path, r) => String::new(),
                Some(r) if !r.trim().is_empty() => r.clone(),
                Some(_) => {
                    problems.push(Problem {
                        file: corpus_path.clone(),
                        line: 1,
                        col: 1,
                        field: "reference".into(),
                        message: "the reference answer is empty".into(),
                    });
                    String::new()
                }
                None => {
                    problems.push(Problem {
                        file: path.clone(),
                        line: 1,
                        col: 1,
                        field: "reference".into(),
                        message: format!("no reference answer: expected {corpus_path}"),
                    });
                    String::new()
                }
            };
            used_corpus.insert(corpus_path);
            if fits(&mut problems, path, text) {
                to_parse.push((path, text, reference));
            }
        }
        // Rubrics parse independently: in parallel, then merged in path order (deterministic).
        let parsed: Vec<(Option<Rubric>, Vec<Problem>)> = to_parse
            .into_par_iter()
            .map(|(path, text, reference)| {
                let mut found = Vec::new();
                let r = rubric::parse_rubric(path, text, reference, &bank_synonyms, &known_ids, &mut found);
                (r, found)
            })
            .collect();
        for (r, found) in parsed {
            problems.extend(found);
            rubrics.extend(r);
        }
        for path in files.keys().filter(|p| p.starts_with("corpus/") && p.ends_with(".md")) {
            if !used_corpus.contains(path) {
                problems.push(Problem {
                    file: path.clone(),
                    line: 1,
                    col: 1,
                    field: "rubric".into(),
                    message: "reference answer without a rubric".into(),
                });
            }
        }
        let mut seen: FxHashMap<&str, &str> = FxHashMap::default();
        for r in &rubrics {
            if let Some(other) = seen.insert(&r.id, &r.file) {
                problems.push(Problem {
                    file: r.file.clone(),
                    line: 1,
                    col: 1,
                    field: "id".into(),
                    message: format!("id {:?} is also used by {other}", r.id),
                });
            }
        }
        if rubrics.is_empty() && problems.is_empty() {
            problems.push(Problem {
                file: "rubrics".into(),
                line: 0,
                col: 0,
                field: "rubrics".into(),
                message: "the bank holds no rubric".into(),
            });
        }
        (Parsed { rubrics, params, lexicon }, problems)
    }

    /// A reference-only bank: every question graded from its reference answer alone.
    pub fn from_references(questions: Vec<ReferenceQuestion>, params: Params) -> Result<Bank> {
        let mut files = BTreeMap::new();
        for q in &questions {
            // The hash covers what grades: the question, its reference and its marked examples.
            files.insert(format!("rubrics/reference-only/{}.toml", q.id), format!("{}\n{:?}", q.question, q.examples));
            files.insert(format!("corpus/reference-only/{}.md", q.id), q.reference.clone());
        }
        let hash = content_hash(&files);
        let rubrics = questions
            .into_iter()
            .map(|q| Rubric {
                file: format!("rubrics/reference-only/{}.toml", q.id),
                id: q.id,
                topic: "reference-only".into(),
                level: Level::Mid,
                question: q.question.into(),
                aliases: Vec::new(),
                version_note: None,
                concepts: Vec::new(),
                red_flags: Vec::new(),
                reference: q.reference,
                reference_only: true,
                drafted: false,
                related: Vec::new(),
                marked: q.examples,
            })
            .collect();
        Bank::assemble(Parsed { rubrics, params, lexicon: Vec::new() }, "reference-only bank".into(), hash)
    }

    fn assemble(parsed: Parsed, origin: String, hash: String) -> Result<Bank> {
        let Parsed { mut rubrics, params, lexicon } = parsed;
        if rubrics.is_empty() {
            return Err(Error::Bank(vec![Problem {
                file: "rubrics".into(),
                line: 0,
                col: 0,
                field: "rubrics".into(),
                message: "no rubric loaded".into(),
            }]));
        }
        rubrics.sort_by(|a, b| a.id.cmp(&b.id));
        let reference_analyses: Vec<Analysis> = rubrics.par_iter().map(|r| analyze(&r.reference)).collect();
        let wordings: Vec<Vec<Analysis>> = rubrics
            .par_iter()
            .map(|r| {
                let mut w = vec![analyze(&r.question), analyze(&r.id.replace('-', " "))];
                w.extend(r.aliases.iter().map(|a| analyze(a)));
                w
            })
            .collect();
        let index_of: FxHashMap<&str, usize> = rubrics.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
        let declared: Vec<Vec<usize>> =
            rubrics.iter().map(|r| r.related.iter().filter_map(|id| index_of.get(id.as_str()).copied()).collect()).collect();
        let marked: Vec<Vec<(Analysis, u8)>> =
            rubrics.par_iter().map(|r| r.marked.iter().map(|e| (analyze(&e.answer), e.grade)).collect()).collect();
        let retrieval = Retrieval::build(&reference_analyses, &wordings, &declared, &marked)?;
        // The vocabulary only decides which answer words are real words (never typos), so the
        // prose of rubrics is split cheaply here rather than fully analysed.
        let mut stems: FxHashSet<String> = FxHashSet::default();
        for a in &reference_analyses {
            stems.extend(
                a.tokens.iter().filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Ident)).map(|t| t.stem.as_str().to_owned()),
            );
        }
        let mut add_prose = |text: &str| {
            for w in text.split(|c: char| !c.is_alphabetic()).filter(|w| w.len() > 1) {
                stems.insert(text::stem_word(&w.to_lowercase()));
            }
        };
        for r in &rubrics {
            add_prose(&r.question);
            for c in &r.concepts {
                add_prose(&c.says);
                add_prose(&c.hint);
            }
            for f in &r.red_flags {
                add_prose(&f.why);
            }
        }
        for (i, r) in rubrics.iter_mut().enumerate() {
            if r.reference_only {
                r.concepts = key_terms::derive_concepts(
                    &reference_analyses[i],
                    &r.reference,
                    retrieval.question_terms(i),
                    &retrieval,
                    &params.reference_only,
                );
            }
        }
        let by_id = rubrics.iter().enumerate().map(|(i, r)| (r.id.clone(), i)).collect();
        let shape = ShapeModel::train(reference_analyses.iter().chain(&prose_beyond(&rubrics)));
        let models = rubrics
            .par_iter()
            .enumerate()
            .map(|(i, r)| {
                let idf = |t: &str| retrieval.idf(t);
                let leave_out = retrieval.question_terms(i);
                r.concepts
                    .iter()
                    .map(|c| {
                        // Derived key terms have no model sentences of their own.
                        if r.reference_only {
                            return ConceptModels::default();
                        }
                        let models: Vec<Analysis> =
                            std::iter::once(c.says.as_str()).chain(c.examples.iter().map(String::as_str)).map(analyze).collect();
                        let counters: Vec<Analysis> = c.counter_examples.iter().map(|t| analyze(t)).collect();
                        ConceptModels::new(&models, &counters, leave_out, &idf)
                    })
                    .collect()
            })
            .collect();
        let lexicon_examples = lexicon.iter().map(|(spec, example)| (spec.means.clone(), example.clone())).collect();
        // The computing lexicon serves questions graded from their reference alone (see
        // [`Lexicon::admitted_by`]); a bank of hand-written rubrics does not read it at all.
        let computing = match rubrics.iter().any(Rubric::graded_from_reference) {
            true => computing_groups(),
            false => Vec::new(),
        };
        let lexicon = Lexicon::new(lexicon.into_iter().map(|(spec, _)| spec).chain(wordnet_entries()), computing, LexiconSource::Computing);
        Ok(Bank {
            rubrics: super::snapshot::Rubrics::built(rubrics),
            by_id,
            params,
            retrieval,
            vocabulary: Vocabulary::new(stems),
            lexicon,
            shape,
            models: super::snapshot::Models::built(models),
            lexicon_examples: super::lazy::Lazy::built(lexicon_examples),
            soft_words: Vec::new(),
            facts: Vec::new(),
            admitted: Vec::new(),
            origin,
            hash,
        }
        .with_soft_words())
    }

    /// An empty soft-alignment cache, one cell per rubric.
    pub(super) fn with_soft_words(mut self) -> Bank {
        self.soft_words = (0..self.rubrics.len()).map(|_| OnceLock::new()).collect();
        self.facts = (0..self.rubrics.len()).map(|_| OnceLock::new()).collect();
        self.admitted = (0..self.rubrics.len()).map(|_| OnceLock::new()).collect();
        self
    }

    /// The lexicon entries whose added terms count against rubric `index` (see [`Admitted`]).
    pub(crate) fn admitted(&self, index: usize) -> &Admitted {
        self.admitted[index].get_or_init(|| {
            let r = self.rubric(index);
            match r.graded_from_reference() {
                true => self.lexicon.admitted_by(&analyze(&r.question), &analyze(&r.reference)),
                false => self.lexicon.admitted_without_computing(),
            }
        })
    }

    /// What the gates need to know of rubric `index`'s reference (see [`ReferenceFacts`]).
    pub(crate) fn reference_facts(&self, index: usize) -> &ReferenceFacts {
        self.facts[index].get_or_init(|| {
            let r = self.rubric(index);
            ReferenceFacts::of(&r.question, &r.reference, self.retrieval().asked_terms(index), r.graded_from_reference())
        })
    }

    /// Rubric `index`'s reference and marked examples as content words (see [`super::soft_align`]).
    pub(crate) fn rubric_words(&self, index: usize) -> &RubricWords {
        self.soft_words[index].get_or_init(|| {
            let r = self.rubric(index);
            let growth = matches!(crate::text::reference_value(&r.question, &r.reference), Some((crate::text::ValueKind::Growth, _)));
            let words = |a: &crate::text::Analysis, text: &str, reference: bool| {
                let mut words = content_words(a, text, self.admitted(index));
                if growth {
                    soft_align::spell_growth(&mut words, text, reference);
                }
                words
            };
            RubricWords::new(
                words(&analyze(&r.reference), &r.reference, true),
                r.marked.iter().map(|e| (words(&self.analyze_answer(&e.answer), &e.answer, false), e.grade >= 3)).collect(),
                &self.alignment_weight(index),
            )
        })
    }

    /// How much each word of an alignment with rubric `index`'s texts weighs (see
    /// [`super::soft_align::word_weight`]): its bank IDF, less for the question's own words.
    pub(crate) fn alignment_weight(&self, index: usize) -> impl Fn(&Word) -> (f64, f64) + '_ {
        let retrieval = self.retrieval();
        let question = retrieval.asked_terms(index);
        let question_weight = self.params().reference_only.alignment_question_weight;
        move |w: &Word| soft_align::word_weight(&|s: &str| retrieval.idf(s), question, question_weight)(w)
    }

    /// All rubrics, sorted by id.
    pub fn rubrics(&self) -> &[Rubric] {
        self.rubrics.all()
    }

    /// The number of rubrics, without decoding them.
    pub(crate) fn rubric_count(&self) -> usize {
        self.rubrics.len()
    }

    /// Rubric `index` (in [`Bank::rubrics`] order). A bank read from a snapshot decodes only
    /// the rubrics asked for this way, until the whole slice is.
    pub fn rubric(&self, index: usize) -> &Rubric {
        self.rubrics.get(index)
    }

    /// A rubric by exact id.
    pub fn get(&self, id: &str) -> Option<&Rubric> {
        self.by_id.get(id).map(|&i| self.rubric(i))
    }

    pub(crate) fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The score parameters (`rubrics/params.toml`, or the defaults).
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Replace the score parameters (calibration, experiments).
    pub fn set_params(&mut self, params: Params) {
        self.params = params;
    }

    /// Bank-wide inverse document frequency of an analysed term (its stem).
    pub fn idf(&self, stem: &str) -> f64 {
        self.retrieval.idf(stem)
    }

    /// Where the bank came from (a folder, or "shipped bank").
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The bank's content hash (see [`content_hash`]): a grade names the bank that made it.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    pub(crate) fn retrieval(&self) -> &Retrieval {
        &self.retrieval
    }

    pub(crate) fn vocabulary(&self) -> &Vocabulary {
        &self.vocabulary
    }

    /// Everyday wordings of the bank's terms: its paraphrase lexicon and the WordNet table.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// The lexicon's entries as (means, example sentence), for checking.
    pub fn lexicon_examples(&self) -> &[(String, String)] {
        self.lexicon_examples.get()
    }

    /// The model sentences of a rubric's concepts (by rubric index), in concept order.
    pub(crate) fn concept_models(&self, rubric: usize) -> &[ConceptModels] {
        self.models.get(rubric)
    }

    /// The shape model trained on the bank's reference answers.
    pub fn shape_model(&self) -> &ShapeModel {
        &self.shape
    }

    /// Analyse an answer the way grading sees it: the analyzer, then the lexicon's additions and
    /// the spelling corrections.
    pub fn analyze_answer(&self, text: &str) -> Analysis {
        let mut a = analyze(text);
        self.lexicon.expand(&mut a);
        self.vocabulary.correct(&mut a);
        a
    }
}

/// What the bank's files parse to, before indexing.
struct Parsed {
    rubrics: Vec<Rubric>,
    params: Params,
    /// Lexicon entries with their example sentences.
    lexicon: Vec<(EntrySpec, String)>,
}

/// Validate the lexicon file's entries: a phrase must have words and no negator (it would deny
/// the very term it adds).
fn lexicon_entries(file: LexiconFile, text: &str, problems: &mut Vec<Problem>) -> Vec<(EntrySpec, String)> {
    let mut out = Vec::new();
    for (i, e) in file.entry.into_iter().enumerate() {
        let mut at = |offset: usize, field: String, message: String| {
            let (line, col) = rubric::line_col(text, offset);
            problems.push(Problem { file: "rubrics/lexicon.toml".into(), line, col, field, message });
        };
        if analyze(e.means.get_ref()).positions.iter().all(|p| p.stop) {
            at(e.means.span().start, format!("entry[{i}].means"), "must name at least one content word".into());
        }
        for (k, phrase) in e.phrases.iter().enumerate() {
            let a = analyze(phrase.get_ref());
            if a.positions.is_empty() {
                at(phrase.span().start, format!("entry[{i}].phrases[{k}]"), "is empty".into());
            } else if a.positions.iter().any(|p| p.negator) {
                at(phrase.span().start, format!("entry[{i}].phrases[{k}]"), "must not contain a negator".into());
            }
        }
        let spec = EntrySpec {
            means: e.means.get_ref().clone(),
            phrases: e.phrases.iter().map(|p| p.get_ref().clone()).collect(),
            source: LexiconSource::Lexicon,
        };
        out.push((spec, e.example.get_ref().clone()));
    }
    out
}

/// Is this file of the bank within [`MAX_BANK_FILE_BYTES`]? A larger one is a problem and is not
/// parsed.
fn fits(problems: &mut Vec<Problem>, file: &str, text: &str) -> bool {
    if text.len() <= MAX_BANK_FILE_BYTES {
        return true;
    }
    problems.push(too_big(file, text.len() as u64));
    false
}

fn too_big(file: &str, len: u64) -> Problem {
    Problem {
        file: file.into(),
        line: 1,
        col: 1,
        field: "file".into(),
        message: format!("the file is {len} bytes; a bank file may hold at most {MAX_BANK_FILE_BYTES} bytes"),
    }
}

fn push_toml_error(problems: &mut Vec<Problem>, file: &str, text: &str, e: &toml::de::Error) {
    let (line, col) = e.span().map_or((0, 0), |s| rubric::line_col(text, s.start));
    problems.push(Problem { file: file.into(), line, col, field: "toml".into(), message: e.message().trim().to_string() });
}

fn collect_embedded(dir: &Dir<'_>, root: &str, out: &mut BTreeMap<String, String>) {
    for f in dir.files() {
        if let Some(text) = f.contents_utf8() {
            out.insert(format!("{root}/{}", f.path().display()), text.to_string());
        }
    }
    for d in dir.dirs() {
        collect_embedded(d, root, out);
    }
}

/// Every `.toml` and `.md` file under `root/rubrics` and `root/corpus`, by relative path.
pub(super) fn read_bank_dir(root: &Path) -> Result<(BTreeMap<String, String>, Vec<Problem>)> {
    let mut files = BTreeMap::new();
    let mut problems = Vec::new();
    for sub in ["rubrics", "corpus"] {
        let dir = root.join(sub);
        if !dir.is_dir() {
            return Err(Error::Io { path: dir, source: std::io::Error::new(std::io::ErrorKind::NotFound, "the bank needs this folder") });
        }
        collect_dir(&dir, sub, &mut files, &mut problems)?;
    }
    Ok((files, problems))
}

fn collect_dir(dir: &Path, rel: &str, out: &mut BTreeMap<String, String>, problems: &mut Vec<Problem>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io { path: dir.to_path_buf(), source })?;
    let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if name.starts_with('.') {
            continue;
        }
        let rel_path = format!("{rel}/{name}");
        if path.is_dir() {
            // Rubrics sit two folders deep; a deeper tree (or a symbolic link loop) is no bank.
            if rel_path.matches('/').count() > MAX_BANK_FOLDER_DEPTH {
                problems.push(Problem {
                    file: rel_path,
                    line: 0,
                    col: 0,
                    field: "path".into(),
                    message: format!("folders nested deeper than {MAX_BANK_FOLDER_DEPTH} levels are not read"),
                });
                continue;
            }
            collect_dir(&path, &rel_path, out, problems)?;
        } else if name.ends_with(".toml") || name.ends_with(".md") {
            // Never read more than the limit (and one byte to know it is over).
            let mut bytes = Vec::new();
            std::fs::File::open(&path)
                .and_then(|f| std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_BANK_FILE_BYTES as u64 + 1), &mut bytes))
                .map_err(|source| Error::Io { path: path.clone(), source })?;
            if bytes.len() > MAX_BANK_FILE_BYTES {
                let len = std::fs::metadata(&path).map_or(bytes.len() as u64, |m| m.len());
                problems.push(too_big(&rel_path, len));
                continue;
            }
            match String::from_utf8(bytes) {
                Ok(text) => {
                    out.insert(rel_path, text);
                }
                Err(e) => problems.push(Problem {
                    file: rel_path,
                    line: 0,
                    col: 0,
                    field: "encoding".into(),
                    message: format!("not UTF-8 (byte {})", e.utf8_error().valid_up_to()),
                }),
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every group of the built-in computing lexicon parses, compiles and is used by its example:
    /// a wording that analyses to nothing or holds a negator would be dropped without a word.
    #[test]
    fn every_computing_lexicon_group_compiles_and_its_example_uses_it() {
        let file: LexiconFile = toml::from_str(COMPUTING_LEXICON).expect("the computing lexicon parses");
        assert!(!file.entry.is_empty());
        let mut problems = Vec::new();
        for group in &file.entry {
            let means = group.means.get_ref();
            if group.phrases.is_empty() {
                problems.push(format!("{means}: a group needs a second wording"));
            }
            for w in std::iter::once(means).chain(group.phrases.iter().map(|p| p.get_ref())) {
                let a = analyze(w);
                if a.positions.iter().all(|p| p.stop) {
                    problems.push(format!("{means}: “{w}” has no content word"));
                }
                if a.positions.iter().any(|p| p.negator) {
                    problems.push(format!("{means}: “{w}” holds a negator"));
                }
            }
            let wordings: Vec<String> = std::iter::once(means.clone()).chain(group.phrases.iter().map(|p| p.get_ref().clone())).collect();
            let lexicon = Lexicon::new([], [wordings], LexiconSource::Computing);
            let mut a = analyze(group.example.get_ref());
            lexicon.expand(&mut a);
            if !a.tokens.iter().any(|t| t.via.is_some()) {
                problems.push(format!("{means}: the example “{}” uses none of its wordings", group.example.get_ref()));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// Each wording of a group reads as every other, in both directions.
    #[test]
    fn a_computing_lexicon_group_is_read_both_ways() {
        let reads = |text: &str, stem: &str| {
            let lexicon = Lexicon::new([], computing_groups(), LexiconSource::Computing);
            let mut a = analyze(text);
            lexicon.expand(&mut a);
            a.tokens.iter().any(|t| t.via.is_some() && t.stem == stem)
        };
        assert!(reads("The lexer groups characters into tokens.", &text::stem_word("lexical")));
        assert!(reads("The lexical analyser groups characters into tokens.", &text::stem_word("lexer")));
    }
}
