//! BM25 retrieval with tantivy: similarity of an answer to the references, off-topic
//! detection, and free-text question lookup.
//!
//! Two in-RAM indexes are built when a bank loads: one document per reference answer, and one
//! per question wording (question text, each alias, the id as words). Both are fed tokens from
//! [`crate::text`] as pre-tokenised text, so the index and the concept matcher agree on
//! every term. Answer text never goes through tantivy's `QueryParser`: a query is the set of the
//! answer's deduplicated analysed terms, which also bounds `score(answer) / score(reference)` to
//! 0..=1 (an IDF-weighted, saturated recall of the reference's terms). Scores are read from an
//! impact table filled from tantivy's BM25 at build time (see `TermIndex`).

use crate::bank::lazy::Lazy;
use crate::error::Result;
use crate::rubric::matcher::Vocabulary;
use crate::text::{is_prompt_stem, stem_word, Analysis, Atom, IdSlot, TermSet, Token};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;
use tantivy::query::{Bm25StatisticsProvider, Bm25Weight};
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::{PreTokenizedString, Token as TantivyToken};
use tantivy::{Index, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

/// Index terms of an analysed text: the stems of its content words (identifier parts too).
pub fn index_terms(a: &Analysis) -> Vec<String> {
    a.tokens.iter().filter(|t| !a.positions[t.pos as usize].stop && !t.equivalent).map(|t| t.stem.as_str().to_owned()).collect()
}

/// Deduplicated index terms, in first-seen order: the tokens' own atoms, which remember their
/// ids in the tables they are looked up in.
pub fn distinct_terms(a: &Analysis) -> Vec<Atom> {
    distinct_terms_of(a, &a.tokens)
}

/// [`distinct_terms`] of some of `a`'s tokens (a passage of it).
pub fn distinct_terms_of(a: &Analysis, tokens: &[Token]) -> Vec<Atom> {
    // Deduplicated before copying: a long answer repeats its words. Sized for an ordinary
    // answer's words up front (growing the set was half its cost), no further.
    let capacity = tokens.len().min(crate::rubric::matcher::MAX_PRESIZED);
    let mut seen = FxHashSet::with_capacity_and_hasher(capacity, Default::default());
    let mut terms = Vec::with_capacity(capacity);
    terms.extend(
        tokens
            .iter()
            .filter(|t| !a.positions[t.pos as usize].stop && !t.equivalent && seen.insert(t.stem.as_str()))
            .map(|t| t.stem.clone()),
    );
    terms
}

/// One small in-RAM BM25 index over pre-analysed documents.
///
/// tantivy indexes the documents and supplies the BM25 statistics (document frequencies,
/// average and quantised field lengths) and its scoring function; at build time every
/// (term, document) pair's BM25 contribution is read out once into an impact table. A query's
/// score against a document is then the sum of its distinct terms' impacts: the number tantivy's
/// own `BooleanQuery` of `TermQuery`s gives, without building queries per answer.
#[derive(serde::Serialize, serde::Deserialize)]
struct TermIndex {
    /// Every term of the documents; the tables below name a term by its id there.
    terms: TermSet,
    /// Per document: its distinct terms by ascending id, each with its BM25 impact.
    impacts: Vec<Vec<(u32, f32)>>,
    /// Per term: the documents holding it, with the impact there.
    postings: Vec<Vec<(usize, f32)>>,
    /// Per term: the number of documents holding it.
    doc_freq: Vec<u64>,
    /// Score of each document against its own terms.
    self_scores: Vec<f32>,
    num_docs: u64,
    /// The frequent terms' postings as dense rows (see [`DenseRows`]), made on first use.
    #[serde(skip)]
    dense: OnceLock<DenseRows>,
    /// Per term, [`TermIndex::idf`], and last that of a term no document holds: computed once,
    /// where every answer's terms each took a logarithm.
    #[serde(skip)]
    idfs: OnceLock<Vec<f64>>,
}

/// The postings of the terms that many documents hold, as one row of impacts per term with an
/// entry for every document (-0.0 where the document lacks the term). An answer's common terms
/// ("goroutin", "function", "use") each touch a large share of the references: adding a whole
/// row runs several documents per instruction, where each posting cost a dozen instructions
/// (its document, a bounds check, a load and a store). x + -0.0 is x for every x, -0.0 itself
/// included, so every document's sum is the same bits as when only its postings are added.
#[derive(Default)]
struct DenseRows {
    /// Per term: its row's index, or `u32::MAX` for a term kept as postings.
    row_of: Vec<u32>,
    /// The rows, each as long as there are documents. (One block apiece, of a few hundred
    /// bytes: one block of them all was a large allocation, which the allocator's huge pages
    /// made two megabytes of a cold grade's memory.)
    rows: Vec<Box<[f32]>>,
}

impl TermIndex {
    /// Index `docs`, leaving out the terms `keep` refuses.
    fn build(docs: &[Analysis], keep: impl Fn(&str) -> bool) -> Result<TermIndex> {
        let mut schema = Schema::builder();
        let indexing = TextFieldIndexing::default().set_tokenizer("raw").set_index_option(IndexRecordOption::WithFreqs);
        let field = schema.add_text_field("body", TextOptions::default().set_indexing_options(indexing));
        let index = Index::create_in_ram(schema.build());
        // One thread: documents keep insertion order in a single segment, so doc i is rubric i.
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000)?;
        let mut all_terms: Vec<Vec<String>> = Vec::with_capacity(docs.len());
        for a in docs {
            let mut terms = index_terms(a);
            terms.retain(|t| keep(t));
            let tokens: Vec<TantivyToken> = terms
                .iter()
                .enumerate()
                .map(|(i, text)| TantivyToken { offset_from: 0, offset_to: 0, position: i, text: text.clone(), position_length: 1 })
                .collect();
            all_terms.push(terms);
            let mut doc = TantivyDocument::default();
            doc.add_pre_tokenized_text(field, PreTokenizedString { text: String::new(), tokens });
            writer.add_document(doc)?;
        }
        writer.commit()?;
        drop(writer);
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let searcher: Searcher = reader.searcher();
        if searcher.segment_readers().len() > 1 || searcher.num_docs() != docs.len() as u64 {
            return Err(crate::Error::Index("expected one segment holding every document".into()));
        }
        let num_docs = searcher.num_docs();
        let fieldnorms = match searcher.segment_readers().first() {
            Some(segment) => Some(segment.get_fieldnorms_reader(field)?),
            None => None,
        };
        let total_tokens = searcher.total_num_tokens(field)?;
        let average_fieldnorm = if num_docs > 0 { total_tokens as f32 / num_docs as f32 } else { 0.0 };
        let mut doc_freq: FxHashMap<String, u64> = FxHashMap::default();
        let mut impacts = Vec::with_capacity(docs.len());
        let mut postings: FxHashMap<String, Vec<(usize, f32)>> = FxHashMap::default();
        for (doc, terms) in all_terms.iter().enumerate() {
            let mut tf: FxHashMap<&str, u32> = FxHashMap::default();
            for t in terms {
                *tf.entry(t.as_str()).or_default() += 1;
            }
            let fieldnorm_id = fieldnorms.as_ref().map_or(0, |f| f.fieldnorm_id(doc as u32));
            let mut map = FxHashMap::with_capacity_and_hasher(tf.len(), Default::default());
            for (term, freq) in tf {
                let df = match doc_freq.get(term) {
                    Some(&d) => d,
                    None => {
                        let d = searcher.doc_freq(&Term::from_field_text(field, term))?;
                        doc_freq.insert(term.to_string(), d);
                        d
                    }
                };
                let w = Bm25Weight::for_one_term_without_explain(df, num_docs, average_fieldnorm).score(fieldnorm_id, freq);
                map.insert(term.to_string(), w);
                postings.entry(term.to_string()).or_default().push((doc, w));
            }
            impacts.push(map);
        }
        // Sum in a fixed order (first appearance): a HashMap's order would change the last bits
        // of the float sum from run to run, and with them a grade on a threshold.
        let self_scores = all_terms
            .iter()
            .zip(&impacts)
            .map(|(terms, map)| {
                let mut seen = FxHashSet::default();
                terms.iter().filter(|t| seen.insert(t.as_str())).map(|t| map[t]).sum()
            })
            .collect();
        // Ids in term order (any order would do: every sum below runs in the query's order).
        let mut sorted: Vec<&str> = doc_freq.keys().map(String::as_str).collect();
        sorted.sort_unstable();
        let terms = TermSet::new(sorted, IdSlot::Retrieval);
        let id = |t: &str| terms.id(t).expect("every document term is in the set") as u32;
        let doc_freq = (0..terms.len()).map(|i| doc_freq[terms.term(i)]).collect();
        let impacts = impacts
            .into_iter()
            .map(|map| {
                let mut row: Vec<(u32, f32)> = map.into_iter().map(|(t, w)| (id(&t), w)).collect();
                row.sort_unstable_by_key(|&(t, _)| t);
                row
            })
            .collect();
        let postings = (0..terms.len()).map(|i| postings.remove(terms.term(i)).unwrap_or_default()).collect();
        Ok(TermIndex { terms, impacts, postings, doc_freq, self_scores, num_docs, dense: OnceLock::new(), idfs: OnceLock::new() })
    }

    /// A term's id, `None` for a term no document holds. The methods below take ids, so that
    /// a query's terms are looked up once, not once per table.
    fn id(&self, term: &str) -> Option<u32> {
        self.terms.id(term).map(|id| id as u32)
    }

    fn ids(&self, terms: &[Atom]) -> Vec<Option<u32>> {
        terms.iter().map(|t| self.terms.id_of(t).map(|id| id as u32)).collect()
    }

    /// The impact of a term in document `doc`, if the document holds it.
    fn impact(&self, doc: usize, id: Option<u32>) -> Option<f32> {
        let row = &self.impacts[doc];
        row.binary_search_by_key(&id?, |&(t, _)| t).ok().map(|i| row[i].1)
    }

    /// BM25 score of a query's terms (deduplicated) against document `doc`.
    fn score(&self, ids: &[Option<u32>], doc: usize) -> f32 {
        ids.iter().filter_map(|&id| self.impact(doc, id)).sum()
    }

    fn self_score(&self, doc: usize) -> f32 {
        self.self_scores[doc]
    }

    /// The distinct terms of document `doc`, in no particular order.
    fn doc_terms(&self, doc: usize) -> impl Iterator<Item = &str> {
        self.impacts[doc].iter().map(|&(t, _)| self.terms.term(t as usize))
    }

    /// The [`DenseRows`] of the terms held by at least one document in [`DENSE_SHARE`].
    fn dense(&self) -> &DenseRows {
        self.dense.get_or_init(|| {
            let n = self.impacts.len();
            let is_dense = |postings: &Vec<(usize, f32)>| n > 0 && postings.len() * DENSE_SHARE >= n;
            let mut dense = DenseRows { row_of: vec![u32::MAX; self.postings.len()], rows: Vec::new() };
            for (id, postings) in self.postings.iter().enumerate().filter(|(_, p)| is_dense(p)) {
                dense.row_of[id] = dense.rows.len() as u32;
                let mut row = vec![-0.0; n].into_boxed_slice();
                for &(doc, w) in postings {
                    row[doc] = w;
                }
                dense.rows.push(row);
            }
            dense
        })
    }

    /// The best `limit` documents for a query's terms, with their scores (ties by document order).
    fn top(&self, ids: &[Option<u32>], limit: usize) -> Vec<(usize, f32)> {
        // Dense accumulators: a bank has hundreds of documents, not millions.
        // Each sum starts at -0.0, which a term's impact replaces exactly as 0.0 would (x + -0.0
        // is x); an impact is never negative (BM25's idf and term-frequency factor are
        // positive), so a sum whose sign is still set is a document no term touched: no flag
        // beside it to store at every posting.
        let n = self.impacts.len();
        let mut acc = vec![-0.0f32; n];
        let dense = self.dense();
        for &id in ids.iter().flatten() {
            match dense.row_of[id as usize] {
                u32::MAX => {
                    for &(doc, w) in &self.postings[id as usize] {
                        debug_assert!(w >= 0.0, "a BM25 impact is never negative");
                        acc[doc] += w;
                    }
                }
                row => {
                    // Every document in turn, its missing ones adding -0.0 (see `DenseRows`).
                    for (sum, &w) in acc.iter_mut().zip(&dense.rows[row as usize][..]) {
                        *sum += w;
                    }
                }
            }
        }
        let touched = |sum: f32| !sum.is_sign_negative();
        if limit == 0 {
            return Vec::new();
        }
        // Best score first, ties by document: a total order (documents are distinct), so
        // selecting the best `limit` and sorting only those gives exactly the full sort's
        // prefix. Sorting every touched document was a tenth of a batch's instructions; ranking
        // plain integers (`rank_key`) instead of calling a comparator saves most of the rest.
        // Sized for every document up front: a filtered collect grew the list from empty by
        // doubling (most documents share a word with an answer).
        let mut ranked: Vec<u64> = Vec::with_capacity(acc.len());
        ranked.extend(acc.iter().enumerate().filter(|(_, &sum)| touched(sum)).map(|(d, &sum)| rank_key(d, sum)));
        if ranked.len() > limit {
            ranked.select_nth_unstable(limit - 1);
            ranked.truncate(limit);
        }
        ranked.sort_unstable();
        ranked
            .into_iter()
            .map(|k| {
                let doc = (k & u64::from(u32::MAX)) as usize;
                (doc, acc[doc])
            })
            .collect()
    }

    /// Inverse document frequency of a term (BM25's, as tantivy computes it).
    fn idf(&self, id: Option<u32>) -> f64 {
        let idfs = self.idfs.get_or_init(|| {
            let total = self.num_docs as f64;
            let idf = |n: u64| (1.0 + (total - n as f64 + 0.5) / (n as f64 + 0.5)).ln();
            self.doc_freq.iter().map(|&n| idf(n)).chain([idf(0)]).collect()
        });
        idfs[id.map_or(self.doc_freq.len(), |id| id as usize)]
    }
}

/// The ids (`ids`, of `terms`) of the terms that are not question terms, in order.
fn demoted_by(terms: &[Atom], ids: &[Option<u32>], is_question: impl Fn(&Atom) -> bool) -> Vec<Option<u32>> {
    let mut demoted = Vec::with_capacity(terms.len());
    demoted.extend(terms.iter().zip(ids).filter(|(t, _)| !is_question(t)).map(|(_, &id)| id));
    demoted
}

/// A term held by at least one document in this many is read as a dense row (see
/// [`DenseRows`]): adding a whole row costs about what a ninth of its postings did.
const DENSE_SHARE: usize = 8;

/// A document and its score as one integer whose order is best score first (the order of
/// `f32::total_cmp`, reversed), then the document: the score's bits made to compare as an
/// unsigned integer, as `total_cmp` compares them, in the high half; the document in the low.
fn rank_key(doc: usize, score: f32) -> u64 {
    debug_assert!(doc <= u32::MAX as usize);
    let bits = score.to_bits() as i32;
    let ordered = ((bits ^ (((bits >> 31) as u32) >> 1) as i32) as u32) ^ 0x8000_0000;
    (u64::from(!ordered) << 32) | doc as u64
}

/// How an answer relates to the references of the bank.
#[derive(Debug, Clone, PartialEq)]
pub struct Similarity {
    /// Demoted similarity to its own reference, 0..=1.
    pub own: f64,
    /// The most similar other reference (by normalised score), if any shares terms.
    pub best_other: Option<(usize, f64)>,
    /// Normalised (undemoted) similarity to the own reference, comparable with `best_other`.
    pub own_full: f64,
    /// IDF-weighted share of the answer's own (non-question) terms that its reference uses, 0..=1:
    /// how on-point it is, whatever its length.
    pub precision: f64,
}

/// A marked example answer as a vector of IDF-weighted features (see [`example_features`]).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct ExampleVector {
    features: FxHashMap<String, f32>,
    norm: f32,
    grade: u8,
}

/// The features an answer is compared with marked examples on: the stems of its content words,
/// a stem under negation or denial marked `not:` ("not connected" is not "connected").
pub fn example_features(a: &Analysis) -> Vec<String> {
    let mut seen = FxHashSet::default();
    a.tokens
        .iter()
        // The text's own words: an example is analysed without the bank's lexicon and corrections.
        .filter(|t| t.via.is_none() && !t.corrected)
        .filter(|t| !a.positions[t.pos as usize].stop && !a.positions[t.pos as usize].negator)
        .map(|t| if a.is_denied(t.pos as usize) { format!("not:{}", t.stem) } else { t.stem.as_str().to_owned() })
        .filter(|f| seen.insert(f.clone()))
        .collect()
}

/// A marked example close to an answer: its index in the rubric's `marked`, its grade, and the
/// cosine similarity of their IDF-weighted features, 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbour {
    /// Index of the example in the rubric's marked examples.
    pub example: usize,
    /// The example's grade, 0..=5.
    pub grade: u8,
    /// Cosine similarity, 0..=1.
    pub similarity: f64,
}

/// One question wording in the lookup index.
#[derive(serde::Serialize, serde::Deserialize)]
struct Wording {
    rubric: usize,
}

/// The bank's retrieval indexes.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Retrieval {
    refs: TermIndex,
    /// Question terms per rubric: demoted in similarity (restating the question earns nothing).
    question_terms: Vec<Lazy<FxHashSet<String>>>,
    /// Terms of each rubric's question as it is asked (without aliases or the id).
    asked_terms: Vec<Lazy<FxHashSet<String>>>,
    /// Demoted self-score of each reference (its terms minus its question's terms).
    #[serde(with = "lazy_vec")]
    demoted_self: Vec<OnceLock<f32>>,
    /// The question lookup index.
    lookup: LookupIndex,
    wordings: Vec<Wording>,
    /// Per rubric, the rubrics whose references are near-duplicates of its own (both ways) or that
    /// a rubric declares `related`: never off-topic for each other.
    related: Vec<Vec<usize>>,
    /// Per rubric, its marked examples as feature vectors.
    examples: Vec<Vec<ExampleVector>>,
}

/// The question lookup index, built on first use from the analysed wordings: grading by id never
/// needs it, and it is half the start-up work. A snapshot stores the index once it is built, and
/// the wordings only while it is not; read back, the index is decoded on first use too.
struct LookupIndex {
    wordings: Vec<Analysis>,
    built: OnceLock<Lazy<Lookup>>,
}

/// What question lookup builds on first use.
#[derive(serde::Serialize, serde::Deserialize)]
struct Lookup {
    /// One document per wording.
    index: TermIndex,
    /// Every term of every wording: what a misspelt or split query word is corrected towards.
    vocabulary: Vocabulary,
}

/// How a snapshot stores a [`LookupIndex`].
#[derive(serde::Serialize, serde::Deserialize)]
enum StoredLookup<W, I> {
    Wordings(W),
    Built(I),
}

impl serde::Serialize for LookupIndex {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self.built.get() {
            Some(index) => StoredLookup::<&[Analysis], &Lazy<Lookup>>::Built(index).serialize(s),
            None => StoredLookup::<&[Analysis], &Lazy<Lookup>>::Wordings(&self.wordings).serialize(s),
        }
    }
}

impl<'de> serde::Deserialize<'de> for LookupIndex {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Ok(match StoredLookup::<Vec<Analysis>, Lazy<Lookup>>::deserialize(d)? {
            StoredLookup::Wordings(wordings) => LookupIndex { wordings, built: OnceLock::new() },
            StoredLookup::Built(index) => LookupIndex { wordings: Vec::new(), built: OnceLock::from(index) },
        })
    }
}

/// Two references are near-duplicates when each one's terms carry at least this share of the
/// other's BM25 mass (exams that repeat a question; `goroutine-leaks` and `goroutine-leak-tests`).
pub const NEAR_DUPLICATE: f32 = 0.45;

/// The related pairs: near-duplicate references, computed once when the bank loads, and the
/// `declared` ones (per rubric, the rubrics it names `related`), both ways.
fn related_pairs(refs: &TermIndex, n: usize, declared: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut fit: FxHashMap<(usize, usize), f32> = FxHashMap::default();
    for i in 0..n {
        let mut terms: Vec<Atom> = refs.doc_terms(i).map(Atom::from).collect();
        terms.sort_unstable();
        for (j, raw) in refs.top(&refs.ids(&terms), 10) {
            let s = refs.self_score(j);
            if j != i && s > 0.0 {
                fit.insert((i, j), raw / s);
            }
        }
    }
    let mut related = vec![Vec::new(); n];
    for (&(i, j), &f) in &fit {
        if f >= NEAR_DUPLICATE && fit.get(&(j, i)).is_some_and(|&g| g >= NEAR_DUPLICATE) {
            related[i].push(j);
        }
    }
    for (i, named) in declared.iter().enumerate() {
        for &j in named {
            related[i].push(j);
            related[j].push(i);
        }
    }
    for r in &mut related {
        r.sort_unstable();
        r.dedup();
    }
    related
}

/// The weight of an example feature: its stem's IDF over the references (a word no reference
/// uses weighs as the rarest).
fn feature_weight(refs: &TermIndex, feature: &str) -> f32 {
    refs.idf(refs.id(feature.strip_prefix("not:").unwrap_or(feature))) as f32
}

impl Retrieval {
    /// The terms a wording is looked up by: its own, except that a word no wording uses becomes
    /// the wording term it misspells ("middlware"), and two words written apart add the one term
    /// they make together ("shut down" for "shutdown"). A question typed in a hurry finds its
    /// question as the same words spelt right do; a word the bank knows is never changed.
    fn query_terms(&self, text: &Analysis, vocabulary: &Vocabulary) -> Vec<Atom> {
        let known = |t: &str| vocabulary.contains(t);
        let mut terms = distinct_terms(text);
        // Two words written apart that make one known term: the term replaces whichever of
        // them the bank does not know. Only a pair with one function word or an unknown word in
        // it is joined: two words the bank knows mean what they say apart ("unmarshal JSON" is
        // not `UnmarshalJSON`), and two function words ("in it") are never one term (`init`).
        let mut joined = Vec::new();
        for (i, w) in text.positions.windows(2).enumerate().filter(|(_, w)| w[0].sentence == w[1].sentence) {
            let (Some(a), Some(b)) = (text.tokens_at(i as u32).next(), text.tokens_at(i as u32 + 1).next()) else { continue };
            let (p, q) = (&w[0], &w[1]);
            if p.stop && q.stop || !p.stop && known(&a.stem) && !q.stop && known(&b.stem) {
                continue;
            }
            let term = stem_word(&format!("{}{}", a.text, b.text));
            if known(&term) {
                terms.retain(|t| known(t) || (*t != a.stem && *t != b.stem));
                joined.push(Atom::from(term));
            }
        }
        // A word no wording uses is the wording term it misspells (the matcher's own spelling
        // correction, over the wordings' terms).
        for t in terms.iter_mut() {
            if let Some(c) = vocabulary.correction(t) {
                *t = Atom::from(c);
            }
        }
        terms.extend(joined);
        let mut seen = FxHashSet::default();
        terms.retain(|t| !is_prompt_stem(t) && seen.insert(t.clone()));
        terms
    }
}

/// A lookup candidate: rubric index and confidence 0..=1.
pub type LookupHit = (usize, f64);

impl Retrieval {
    /// Build from the analysed references and, per rubric, the analysed question wordings, the
    /// rubrics it declares related and its marked examples (analysed, with their grades).
    pub fn build(
        references: &[Analysis],
        wordings: &[Vec<Analysis>],
        declared: &[Vec<usize>],
        examples: &[Vec<(Analysis, u8)>],
    ) -> Result<Retrieval> {
        let question_terms = wordings.iter().map(|ws| Lazy::built(ws.iter().flat_map(index_terms).collect())).collect();
        let asked_terms =
            wordings.iter().map(|ws| Lazy::built(ws.first().map(index_terms).unwrap_or_default().into_iter().collect())).collect();
        let mut flat = Vec::new();
        let mut owners = Vec::new();
        for (rubric, ws) in wordings.iter().enumerate() {
            for w in ws {
                flat.push(w.clone());
                owners.push(Wording { rubric });
            }
        }
        let refs = TermIndex::build(references, |_| true)?;
        let related = related_pairs(&refs, references.len(), declared);
        let examples = examples
            .iter()
            .map(|list| {
                list.iter()
                    .map(|(a, grade)| {
                        let features: FxHashMap<String, f32> =
                            example_features(a).into_iter().map(|f| (f.clone(), feature_weight(&refs, &f))).collect();
                        let mut weights: Vec<f32> = features.values().copied().collect();
                        weights.sort_by(f32::total_cmp);
                        let norm = weights.iter().map(|w| w * w).sum::<f32>().sqrt();
                        ExampleVector { features, norm, grade: *grade }
                    })
                    .collect()
            })
            .collect();
        Ok(Retrieval {
            related,
            examples,
            demoted_self: (0..references.len()).map(|_| OnceLock::new()).collect(),
            refs,
            question_terms,
            asked_terms,
            lookup: LookupIndex { wordings: flat, built: OnceLock::new() },
            wordings: owners,
        })
    }

    /// Compute everything that is otherwise built on first use, so that a snapshot of the bank
    /// carries it.
    pub(crate) fn prime(&self) -> Result<()> {
        self.lookup_index()?;
        (0..self.demoted_self.len()).for_each(|i| {
            self.demoted_self_score(i);
        });
        Ok(())
    }

    fn lookup_index(&self) -> Result<&Lookup> {
        if let Some(lookup) = self.lookup.built.get() {
            return Ok(lookup.get());
        }
        // Prompt words ("explain", "describe") name no topic: no wording is found by them.
        let index = TermIndex::build(&self.lookup.wordings, |t| !is_prompt_stem(t))?;
        let vocabulary = Vocabulary::new(self.question_terms.iter().flat_map(Lazy::get).cloned());
        // Another thread may have won the race; either index is the same.
        Ok(self.lookup.built.get_or_init(|| Lazy::built(Lookup { index, vocabulary })).get())
    }

    /// Whether two rubrics are related: near-duplicate references (see [`NEAR_DUPLICATE`]) or
    /// declared `related` by either.
    pub fn related(&self, a: usize, b: usize) -> bool {
        self.related[a].binary_search(&b).is_ok()
    }

    /// Terms of the rubric's question (and aliases), which earn no similarity.
    pub fn question_terms(&self, rubric: usize) -> &FxHashSet<String> {
        self.question_terms[rubric].get()
    }

    /// Terms of the rubric's question as a candidate is asked it: the question text, not the
    /// aliases and id that only help lookup.
    pub fn asked_terms(&self, rubric: usize) -> &FxHashSet<String> {
        self.asked_terms[rubric].get()
    }

    /// The ids of `terms` (with `ids` their ids) less the rubric's question terms.
    fn demoted(&self, terms: &[Atom], ids: &[Option<u32>], rubric: usize) -> Vec<Option<u32>> {
        let question = self.question_terms(rubric);
        demoted_by(terms, ids, |t| question.contains(t.as_str()))
    }

    fn demoted_self_score(&self, rubric: usize) -> f32 {
        *self.demoted_self[rubric].get_or_init(|| {
            // Sorted: the impact table is a HashMap, whose order differs between processes, and
            // an f32 sum in another order rounds differently (0.239 in one run, 0.24 in the next).
            let mut all: Vec<Atom> = self.refs.doc_terms(rubric).map(Atom::from).collect();
            all.sort_unstable();
            let demoted = self.demoted(&all, &self.refs.ids(&all), rubric);
            self.refs.score(&demoted, rubric)
        })
    }

    /// [`distinct_terms`], told apart by the ids their atoms remember in the references' index
    /// (a number hashed, not a string; a term outside the index by its string): the same terms
    /// in the same order, as equal ids are equal strings.
    pub fn distinct_terms(&self, a: &Analysis) -> Vec<Atom> {
        let capacity = a.tokens.len().min(crate::rubric::matcher::MAX_PRESIZED);
        // One bit per term of the index (a few hundred bytes): set as a term is first seen.
        let mut seen_ids = vec![0u64; self.refs.terms.len().div_ceil(64)];
        let mut seen_others = FxHashSet::default();
        let mut terms = Vec::with_capacity(capacity);
        for t in a.tokens.iter().filter(|t| !a.positions[t.pos as usize].stop && !t.equivalent) {
            let new = match self.refs.terms.id_of(&t.stem) {
                Some(id) => {
                    let (word, bit) = (&mut seen_ids[id / 64], 1u64 << (id % 64));
                    let new = *word & bit == 0;
                    *word |= bit;
                    new
                }
                None => seen_others.insert(t.stem.as_str()),
            };
            if new {
                terms.push(t.stem.clone());
            }
        }
        terms
    }

    /// Similarity of an analysed answer to rubric `own`'s reference and to the others.
    /// `terms` are the answer's [`distinct_terms`].
    pub fn similarity(&self, terms: &[Atom], own: usize) -> Result<Similarity> {
        let question = self.question_terms(own);
        self.similarity_with(terms, own, |t| question.contains(t.as_str()))
    }

    /// [`Retrieval::similarity`], told which terms are the rubric's question terms
    /// ([`Retrieval::question_terms`]) by `is_question`: the grader's term set of them reads the
    /// id each atom remembers, where the string set hashed every term.
    pub fn similarity_with(&self, terms: &[Atom], own: usize, is_question: impl Fn(&Atom) -> bool) -> Result<Similarity> {
        let ids = self.refs.ids(terms);
        let demoted = demoted_by(terms, &ids, is_question);
        let denom = self.demoted_self_score(own);
        // Each term's impact in the own reference, looked up once for both uses below.
        let own_impacts: Vec<Option<f32>> = demoted.iter().map(|&id| self.refs.impact(own, id)).collect();
        // A reference made only of question words ("The constructor." to a question whose id is
        // `constructor`) has nothing to demote to: its undemoted similarity stands in (below).
        let own_demoted = (denom > 0.0).then(|| (own_impacts.iter().flatten().copied().sum::<f32>() / denom).clamp(0.0, 1.0) as f64);
        let (mut hit, mut all) = (0.0, 0.0);
        for (&id, impact) in demoted.iter().zip(&own_impacts) {
            let w = self.refs.idf(id);
            all += w;
            if impact.is_some() {
                hit += w;
            }
        }
        let precision = if all > 0.0 { hit / all } else { 0.0 };
        let mut best_other: Option<(usize, f64)> = None;
        let mut own_full = 0.0;
        for (doc, raw) in self.refs.top(&ids, 20) {
            let s = self.refs.self_score(doc);
            let norm = if s > 0.0 { (raw / s).clamp(0.0, 1.0) as f64 } else { 0.0 };
            if doc == own {
                own_full = norm;
            } else if best_other.is_none_or(|(_, b)| norm > b) {
                best_other = Some((doc, norm));
            }
        }
        if own_full == 0.0 {
            let s = self.refs.self_score(own);
            if s > 0.0 {
                own_full = (self.refs.score(&ids, own) / s).clamp(0.0, 1.0) as f64;
            }
        }
        Ok(Similarity { own: own_demoted.unwrap_or(own_full), best_other, own_full, precision })
    }

    /// The rubrics whose references best fit a wording's words (BM25), at most `limit`, best
    /// first: a wording that names what a reference dwells on ("Is Fiber the best pick?")
    /// finds its question even when its wordings mention it only in passing.
    pub fn closest_references(&self, wording: &Analysis, limit: usize) -> Vec<usize> {
        self.refs.top(&self.refs.ids(&distinct_terms(wording)), limit).into_iter().map(|(doc, _)| doc).collect()
    }

    /// The marked examples of a rubric closest to an answer (given by its [`example_features`]),
    /// at most `limit`, most similar first (ties by example order), at least `min_similarity`.
    pub fn nearest_examples(&self, features: &[String], rubric: usize, limit: usize, min_similarity: f64) -> Vec<Neighbour> {
        let list = &self.examples[rubric];
        if list.is_empty() || features.is_empty() {
            return Vec::new();
        }
        let weights: Vec<f32> = features.iter().map(|f| feature_weight(&self.refs, f)).collect();
        let norm = weights.iter().map(|w| w * w).sum::<f32>().sqrt();
        let mut out: Vec<Neighbour> = list
            .iter()
            .enumerate()
            .filter_map(|(k, e)| {
                let dot: f32 = features.iter().zip(&weights).filter_map(|(f, w)| e.features.get(f).map(|v| v * w)).sum();
                let similarity = if norm > 0.0 && e.norm > 0.0 { (dot / (norm * e.norm)).clamp(0.0, 1.0) as f64 } else { 0.0 };
                (similarity >= min_similarity && similarity > 0.0).then_some(Neighbour { example: k, grade: e.grade, similarity })
            })
            .collect();
        out.sort_by(|a, b| b.similarity.total_cmp(&a.similarity).then(a.example.cmp(&b.example)));
        out.truncate(limit);
        out
    }

    /// Bank-wide inverse document frequency of a reference term.
    pub fn idf(&self, term: &str) -> f64 {
        self.refs.idf(self.refs.id(term))
    }

    /// The IDF-weighted share of a rubric's question, as it is asked (not its aliases), that
    /// `terms` use, 0..=1: how plainly an answer echoes that question.
    pub fn question_recall(&self, terms: &[Atom], rubric: usize) -> Result<f64> {
        let Lookup { index, .. } = self.lookup_index()?;
        // Sorted: the set's order differs between processes, and so would the sum's rounding.
        let mut asked: Vec<&String> = self.asked_terms(rubric).iter().filter(|t| !is_prompt_stem(t)).collect();
        asked.sort_unstable();
        let (mut hit, mut all) = (0.0, 0.0);
        for t in asked {
            let w = index.idf(index.id(t));
            all += w;
            if terms.iter().any(|x| *x == **t) {
                hit += w;
            }
        }
        Ok(if all > 0.0 { hit / all } else { 0.0 })
    }

    /// Candidate questions for a free-text wording, best first, at most `limit`.
    ///
    /// Confidence is an F-beta of two IDF-weighted recalls: how much of the wording's terms the
    /// candidate's wordings hold together (precision, weighted by `beta`), and how much of the
    /// closest single wording the text holds (recall).
    pub fn lookup(&self, text: &Analysis, limit: usize, beta: f64) -> Result<Vec<LookupHit>> {
        let Lookup { index: lookup, vocabulary } = self.lookup_index()?;
        let terms = self.query_terms(text, vocabulary);
        let ids = lookup.ids(&terms);
        let idf: Vec<f64> = ids.iter().map(|&id| lookup.idf(id)).collect();
        let total_idf: f64 = idf.iter().sum();
        // Per rubric: the best recall of any one wording, and the share of the query's IDF mass
        // found anywhere in the rubric's wordings (a question and its aliases together).
        let mut recall: Vec<(usize, f64)> = Vec::new();
        for (doc, raw) in lookup.top(&ids, 60) {
            let self_score = lookup.self_score(doc);
            let r = if self_score > 0.0 { (raw / self_score).clamp(0.0, 1.0) as f64 } else { 0.0 };
            let rubric = self.wordings[doc].rubric;
            match recall.iter_mut().find(|(x, _)| *x == rubric) {
                Some(entry) => entry.1 = entry.1.max(r),
                None => recall.push((rubric, r)),
            }
        }
        let b2 = beta * beta;
        let mut best: Vec<LookupHit> = recall
            .into_iter()
            .map(|(rubric, r)| {
                let vocab = self.question_terms(rubric);
                let shared: f64 = terms.iter().zip(&idf).filter(|(t, _)| vocab.contains(t.as_str())).map(|(_, w)| w).sum();
                let p = if total_idf > 0.0 { shared / total_idf } else { 0.0 };
                let f = if p + r > 0.0 { (1.0 + b2) * p * r / (b2 * r + p) } else { 0.0 };
                (rubric, f)
            })
            .collect();
        best.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        best.truncate(limit);
        Ok(best)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyze;

    #[test]
    fn rank_keys_order_as_total_cmp_then_document() {
        let scores = [0.0f32, -0.0, 1.5, -1.5, 3.25, f32::MIN_POSITIVE, f32::MAX, f32::INFINITY, f32::NEG_INFINITY, f32::NAN, 1.5, 0.0];
        let mut by_cmp: Vec<(usize, f32)> = scores.iter().copied().enumerate().collect();
        by_cmp.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut by_key: Vec<u64> = scores.iter().enumerate().map(|(d, &s)| rank_key(d, s)).collect();
        by_key.sort_unstable();
        let docs: Vec<usize> = by_key.iter().map(|k| (k & u64::from(u32::MAX)) as usize).collect();
        assert_eq!(docs, by_cmp.iter().map(|&(d, _)| d).collect::<Vec<_>>());
    }

    fn bank() -> Retrieval {
        let refs = [
            "An unbuffered channel blocks the sender until a receiver takes the value; a buffered channel blocks only when its buffer is full.",
            "A goroutine leak happens when a goroutine blocks forever on a channel nobody will ever send to, so it is never collected.",
            "The garbage collector is a concurrent tri-colour mark and sweep collector with a write barrier.",
        ]
        .map(analyze);
        let questions = [
            vec![analyze("What is the difference between buffered and unbuffered channels?")],
            vec![analyze("What is a goroutine leak and how do you find one?")],
            vec![analyze("How does the garbage collector work?"), analyze("explain Go GC")],
        ];
        let marked = [
            vec![
                (analyze("The sender waits until a receiver takes the value."), 5),
                (analyze("A channel is not buffered when the sender waits."), 1),
            ],
            vec![],
            vec![],
        ];
        Retrieval::build(&refs, &questions, &[vec![], vec![], vec![0]], &marked).unwrap()
    }

    #[test]
    fn own_reference_scores_one_and_is_bounded() {
        let r = bank();
        let own = "An unbuffered channel blocks the sender until a receiver takes the value; a buffered channel blocks only when its buffer is full.";
        let s = r.similarity(&distinct_terms(&analyze(own)), 0).unwrap();
        assert!((s.own - 1.0).abs() < 1e-4, "{s:?}");
        let partial = r.similarity(&distinct_terms(&analyze("the sender blocks until a receiver takes it")), 0).unwrap();
        assert!(partial.own > 0.1 && partial.own < 0.9, "{partial:?}");
    }

    #[test]
    fn declared_relations_hold_both_ways_and_only_for_the_pair() {
        let r = bank();
        assert!(r.related(2, 0) && r.related(0, 2));
        assert!(!r.related(0, 1) && !r.related(1, 2));
    }

    #[test]
    fn the_nearest_marked_examples_come_first_and_negation_tells_them_apart() {
        let r = bank();
        let near = |text: &str| r.nearest_examples(&example_features(&analyze(text)), 0, 5, 0.0);
        let n = near("the sender waits until the receiver takes it");
        assert_eq!(n[0].grade, 5, "{n:?}");
        assert!(n[0].similarity > 0.7, "{n:?}");
        assert_eq!(near("the sender waits until a receiver takes the value")[0].similarity, 1.0);
        assert!(near("goroutine leak").is_empty());
        assert!(r.nearest_examples(&example_features(&analyze("the sender waits")), 1, 5, 0.0).is_empty(), "no examples");
        // A shared word under negation is another feature.
        let negated = near("the sender does not wait");
        let affirmed = near("the sender waits");
        assert!(negated[0].similarity < affirmed[0].similarity, "{negated:?} {affirmed:?}");
    }

    #[test]
    fn a_reference_of_question_words_only_is_measured_undemoted() {
        let refs = [analyze("The constructor."), analyze("A goroutine leak is a goroutine blocked forever.")];
        let questions = [
            vec![analyze("Which function runs when an object is made?"), analyze("constructor")],
            vec![analyze("What is a goroutine leak?")],
        ];
        let r = Retrieval::build(&refs, &questions, &[vec![], vec![]], &[vec![], vec![]]).unwrap();
        let s = r.similarity(&distinct_terms(&analyze("the constructor")), 0).unwrap();
        assert!((s.own - 1.0).abs() < 1e-4, "{s:?}");
        assert_eq!(r.similarity(&distinct_terms(&analyze("a method")), 0).unwrap().own, 0.0);
    }

    #[test]
    fn restating_the_question_earns_nothing() {
        let r = bank();
        let s = r.similarity(&distinct_terms(&analyze("What is the difference between buffered and unbuffered channels?")), 0).unwrap();
        assert!(s.own < 0.05, "{s:?}");
    }

    #[test]
    fn another_questions_answer_is_closer_to_its_own_reference() {
        let r = bank();
        let s = r
            .similarity(
                &distinct_terms(&analyze(
                    "Go's collector marks objects concurrently with a tri-colour scheme and a write barrier, then sweeps.",
                )),
                0,
            )
            .unwrap();
        let (other, sim) = s.best_other.unwrap();
        assert_eq!(other, 2);
        assert!(sim > s.own_full * 2.0, "{s:?}");
    }

    impl Retrieval {
        fn lookup_test(&self, a: &Analysis, limit: usize) -> Result<Vec<LookupHit>> {
            self.lookup(a, limit, 1.0)
        }
    }

    #[test]
    fn lookup_finds_paraphrased_questions() {
        let r = bank();
        let hits = r.lookup_test(&analyze("how does go's garbage collection work"), 3).unwrap();
        assert_eq!(hits[0].0, 2, "{hits:?}");
        assert!(hits[0].1 > 0.3);
        let hits = r.lookup_test(&analyze("goroutine leaks"), 3).unwrap();
        assert_eq!(hits[0].0, 1);
        assert!(r.lookup_test(&analyze("the"), 3).unwrap().is_empty());
    }

    #[test]
    fn a_misspelt_or_split_question_word_finds_what_the_right_spelling_finds() {
        let r = bank();
        let right = r.lookup_test(&analyze("How does the garbage collector work?"), 3).unwrap();
        let typo = r.lookup_test(&analyze("How does the garbage colector work?"), 3).unwrap();
        assert_eq!(typo[0].0, 2);
        assert!((typo[0].1 - right[0].1).abs() < 1e-9, "{typo:?} vs {right:?}");
        let split = r.lookup_test(&analyze("difference between buffered and un buffered channels"), 3).unwrap();
        let joined = r.lookup_test(&analyze("difference between buffered and unbuffered channels"), 3).unwrap();
        assert_eq!(split[0].0, 0);
        assert!(split[0].1 >= joined[0].1 - 0.05, "{split:?} vs {joined:?}");
        // Two words the bank knows stay two words, and two function words are never joined.
        let vocabulary = &r.lookup_index().unwrap().vocabulary;
        assert_eq!(r.query_terms(&analyze("garbage collector"), vocabulary), vec!["garbag".to_string(), "collector".to_string()]);
    }
}

/// Serde for values computed on first use: stored when they were computed, else computed again.
mod lazy_vec {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::sync::OnceLock;

    pub fn serialize<T: Serialize, S: Serializer>(cells: &[OnceLock<T>], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(cells.iter().map(OnceLock::get))
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Vec<OnceLock<T>>, D::Error> {
        let values = Vec::<Option<T>>::deserialize(d)?;
        Ok(values
            .into_iter()
            .map(|v| {
                let cell = OnceLock::new();
                if let Some(v) = v {
                    let _ = cell.set(v);
                }
                cell
            })
            .collect())
    }
}
