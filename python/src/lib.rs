//! The native part of the `gograde` Python package: `gograde._gograde`.
//!
//! It wraps the public API of the `gograde` crate only. A [`gograde::Grade`] is never taken
//! apart here: it goes to Python through serde (the same serialisation as
//! `gograde grade --format json`), so a field added to the contract appears in Python without a
//! change to this file.
//!
//! The Python [`Bank`] owns an `Arc<gograde::Bank>`; a [`Grader`] shares it and builds a
//! `gograde::Grader` (a borrow of the bank plus options, free to create) for each call, so no
//! Python object holds a Rust borrow. Grading runs with the GIL released.

use gograde::{Candidate, Error, Grade, GradeOptions, Grader as RsGrader, Problem};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyTuple};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};

/// mimalloc for the extension's own allocations, as for the command line: grading allocates per
/// token, and with the system allocator `grade_many` graded a fifth slower than `gograde batch`.
/// (Python's objects still come from Python's allocator.)
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

create_exception!(gograde, GogradeError, PyException, "Base class of every error raised by gograde.");
create_exception!(
    gograde,
    UnknownQuestion,
    GogradeError,
    "No question of the bank matches the id or wording. `.query` is the question as given; `.candidates` lists the \
     closest questions (dicts with id, question, confidence), best first."
);
create_exception!(
    gograde,
    AmbiguousQuestion,
    GogradeError,
    "Several questions match the wording about equally well; nothing is guessed. `.query` is the question as given; \
     `.candidates` lists the close questions (dicts with id, question, confidence), best first."
);
create_exception!(
    gograde,
    InvalidBank,
    GogradeError,
    "The bank has errors and does not load. `.problems` lists them as dicts with file, line, column, field, message \
     (line and column are 1-based; 0 when unknown)."
);
create_exception!(gograde, EmptyAnswer, GogradeError, "The answer is empty or only whitespace: there is nothing to grade.");

// ---------------------------------------------------------------------------------------------
// Errors

/// Why one item was not graded: the Python exception it becomes, or the error dict of
/// `grade_many`.
#[derive(Debug)]
struct Failure {
    kind: &'static str,
    message: String,
    query: Option<String>,
    candidates: Vec<Candidate>,
    problems: Vec<Problem>,
}

impl Failure {
    fn new(kind: &'static str, message: impl Into<String>) -> Self {
        Failure { kind, message: message.into(), query: None, candidates: Vec::new(), problems: Vec::new() }
    }
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        let message = e.to_string();
        match e {
            Error::UnknownQuestion { query, candidates } => {
                Failure { kind: "unknown-question", message, query: Some(query), candidates, problems: Vec::new() }
            }
            Error::AmbiguousQuestion { query, candidates } => {
                Failure { kind: "ambiguous-question", message, query: Some(query), candidates, problems: Vec::new() }
            }
            Error::Bank(problems) => Failure { kind: "invalid-bank", message, query: None, candidates: Vec::new(), problems },
            Error::Io { .. } => Failure::new("io", message),
            _ => Failure::new("grading-failed", message),
        }
    }
}

fn candidates_to_py<'py>(py: Python<'py>, candidates: &[Candidate]) -> PyResult<Bound<'py, PyList>> {
    let items = candidates
        .iter()
        .map(|c| {
            let d = PyDict::new(py);
            d.set_item("id", &c.id)?;
            d.set_item("question", &c.question)?;
            d.set_item("confidence", c.confidence)?;
            Ok(d)
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

fn problems_to_py<'py>(py: Python<'py>, problems: &[Problem]) -> PyResult<Bound<'py, PyList>> {
    let items = problems
        .iter()
        .map(|p| {
            let d = PyDict::new(py);
            d.set_item("file", &p.file)?;
            d.set_item("line", p.line)?;
            d.set_item("column", p.col)?;
            d.set_item("field", &p.field)?;
            d.set_item("message", &p.message)?;
            Ok(d)
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

impl Failure {
    /// The Python exception, with its attributes set.
    fn into_pyerr(self, py: Python<'_>) -> PyErr {
        let err = match self.kind {
            "unknown-question" | "empty-question" => UnknownQuestion::new_err(self.message.clone()),
            "ambiguous-question" => AmbiguousQuestion::new_err(self.message.clone()),
            "invalid-bank" => InvalidBank::new_err(self.message.clone()),
            "empty-answer" => EmptyAnswer::new_err(self.message.clone()),
            "io" => GogradeError::new_err(self.message.clone()),
            _ => GogradeError::new_err(self.message.clone()),
        };
        let set = || -> PyResult<()> {
            let value = err.value(py);
            value.setattr("kind", self.kind)?;
            match self.kind {
                "unknown-question" | "empty-question" | "ambiguous-question" => {
                    value.setattr("query", self.query.as_deref().unwrap_or(""))?;
                    value.setattr("candidates", candidates_to_py(py, &self.candidates)?)?;
                }
                "invalid-bank" => value.setattr("problems", problems_to_py(py, &self.problems)?)?,
                _ => {}
            }
            Ok(())
        };
        match set() {
            Ok(()) => err,
            Err(e) => e,
        }
    }

    /// `{"error": {"kind": ..., "message": ...}}`, plus `candidates` for a question that is
    /// unknown or ambiguous.
    fn to_py_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let inner = PyDict::new(py);
        inner.set_item("kind", self.kind)?;
        inner.set_item("message", &self.message)?;
        if matches!(self.kind, "unknown-question" | "ambiguous-question") {
            inner.set_item("candidates", candidates_to_py(py, &self.candidates)?)?;
        }
        let outer = PyDict::new(py);
        outer.set_item("error", inner)?;
        Ok(outer.into_any())
    }
}

// ---------------------------------------------------------------------------------------------
// Grade → Python

/// How a grade becomes a dict: 0 = pythonize (serde straight to Python objects, with the GIL),
/// 1 = serde_json to a string in the grading threads, then `json.loads`. Both give the same dict;
/// json is the default: measured 10–40% faster for `grade_many` (the serialising runs in
/// parallel, and `json.loads` is C), and the other stays for measuring.
static CONVERSION: AtomicU8 = AtomicU8::new(1);

static JSON_LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn json_loads(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    JSON_LOADS.get_or_try_init(py, || Ok::<_, PyErr>(py.import("json")?.getattr("loads")?.unbind())).map(|f| f.bind(py))
}

/// Python's cyclic garbage collector switched off for the life of the value, and back on after
/// (if it was on), however the call ends.
struct CollectorPause {
    was_enabled: bool,
}

impl CollectorPause {
    fn new(py: Python<'_>) -> PyResult<CollectorPause> {
        let gc = py.import("gc")?;
        let was_enabled = gc.call_method0("isenabled")?.is_truthy()?;
        if was_enabled {
            gc.call_method0("disable")?;
        }
        Ok(CollectorPause { was_enabled })
    }
}

impl Drop for CollectorPause {
    fn drop(&mut self) {
        if self.was_enabled {
            Python::attach(|py| {
                if let Ok(gc) = py.import("gc") {
                    let _ = gc.call_method0("enable");
                }
            });
        }
    }
}

/// A graded item on its way to Python: the grade itself or its JSON text.
enum Graded {
    Grade(Box<Grade>),
    Json(String),
}

fn finish(grade: Grade, json: bool) -> Result<Graded, Failure> {
    if json {
        serde_json::to_string(&grade).map(Graded::Json).map_err(|e| Failure::new("grading-failed", e.to_string()))
    } else {
        Ok(Graded::Grade(Box::new(grade)))
    }
}

fn graded_to_py<'py>(py: Python<'py>, g: &Graded) -> PyResult<Bound<'py, PyAny>> {
    match g {
        Graded::Grade(grade) => pythonize::pythonize(py, grade.as_ref()).map_err(|e| PyRuntimeError::new_err(e.to_string())),
        Graded::Json(s) => json_loads(py)?.call1((s.as_str(),)),
    }
}

// ---------------------------------------------------------------------------------------------
// Bank

/// A loaded, validated and indexed question bank.
///
/// Load one with `Bank.shipped()` (the bank built into the package) or `Bank.from_dir(path)`
/// (a folder holding `rubrics/` and `corpus/`). A bank is immutable and safe to share between
/// threads and graders.
#[pyclass(frozen, module = "gograde")]
struct Bank {
    inner: Arc<gograde::Bank>,
    /// None for the shipped bank; the folder it was loaded from otherwise (for pickling).
    dir: Option<PathBuf>,
}

#[pymethods]
impl Bank {
    /// The bank shipped inside the package (read back from its snapshot in the cache folder the
    /// command line uses, when there is one: see GOGRADE_CACHE_DIR and GOGRADE_NO_CACHE).
    #[staticmethod]
    fn shipped(py: Python<'_>) -> PyResult<Bank> {
        let load = || match gograde::bank::BankCache::platform() {
            Some(cache) => cache.shipped(),
            None => gograde::Bank::shipped(),
        };
        let bank = py.detach(load).map_err(|e| Failure::from(e).into_pyerr(py))?;
        Ok(Bank { inner: Arc::new(bank), dir: None })
    }

    /// Load a bank from a folder holding `rubrics/` and `corpus/`.
    ///
    /// Raises InvalidBank (with `.problems`) when any file has an error, GogradeError when the
    /// folder cannot be read.
    #[staticmethod]
    fn from_dir(py: Python<'_>, path: PathBuf) -> PyResult<Bank> {
        let p = path.clone();
        let load = move || match gograde::bank::BankCache::platform() {
            Some(cache) => cache.load_dir(&p),
            None => gograde::Bank::from_dir(&p),
        };
        let bank = py.detach(load).map_err(|e| Failure::from(e).into_pyerr(py))?;
        Ok(Bank { inner: Arc::new(bank), dir: Some(path) })
    }

    /// Every question: a list of dicts with id, topic, level and question, in bank order.
    fn questions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let items = self
            .inner
            .rubrics()
            .iter()
            .map(|r| {
                let d = PyDict::new(py);
                d.set_item("id", &r.id)?;
                d.set_item("topic", &r.topic)?;
                d.set_item("level", r.level.as_str())?;
                d.set_item("question", r.question.as_str())?;
                Ok(d)
            })
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    }

    /// Resolve an id or a free-text wording to one question: `{"id": ..., "confidence": ...}`
    /// (confidence 1.0 for an exact id).
    ///
    /// Raises UnknownQuestion or AmbiguousQuestion, whose `.candidates` are the closest
    /// questions: a wording is never guessed.
    fn find<'py>(&self, py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyDict>> {
        let text = text.to_owned();
        let bank = Arc::clone(&self.inner);
        let m = py.detach(move || bank.resolve(&text)).map_err(|e| Failure::from(e).into_pyerr(py))?;
        let d = PyDict::new(py);
        d.set_item("id", m.id)?;
        d.set_item("confidence", m.confidence)?;
        Ok(d)
    }

    /// The questions closest to a wording, best first: dicts with id, question, confidence.
    #[pyo3(signature = (text, limit = 5))]
    fn candidates<'py>(&self, py: Python<'py>, text: &str, limit: usize) -> PyResult<Bound<'py, PyList>> {
        let text = text.to_owned();
        let bank = Arc::clone(&self.inner);
        let c = py.detach(move || bank.candidates(&text, limit)).map_err(|e| Failure::from(e).into_pyerr(py))?;
        candidates_to_py(py, &c)
    }

    /// Where the bank comes from: "shipped bank" or its folder.
    #[getter]
    fn origin(&self) -> &str {
        self.inner.origin()
    }

    /// The folder the bank was loaded from, or None for the shipped bank.
    #[getter]
    fn path(&self) -> Option<String> {
        self.dir.as_ref().map(|p| p.to_string_lossy().into_owned())
    }

    fn __len__(&self) -> usize {
        self.inner.rubrics().len()
    }

    fn __contains__(&self, id: &str) -> bool {
        self.inner.get(id).is_some()
    }

    fn __repr__(&self) -> String {
        format!("<gograde.Bank {} ({} questions)>", self.inner.origin(), self.inner.rubrics().len())
    }

    /// Pickled as a recipe (shipped, or the folder), loaded once per process on the other side.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let load = py.import("gograde")?.getattr("_load_bank")?;
        let args = match &self.dir {
            None => PyTuple::new(py, [py.None()])?,
            Some(p) => PyTuple::new(py, [p.to_string_lossy().into_pyobject(py)?.into_any().unbind()])?,
        };
        PyTuple::new(py, [load.unbind(), args.into_any().unbind()])
    }
}

// ---------------------------------------------------------------------------------------------
// Grader

/// Grades answers against a bank. Cheap to create; safe to share between threads.
///
/// `Grader(bank, reference=False)`: with `reference=True` every grade also carries the bank's
/// model answer (`"reference"`), like `gograde grade --reference`.
#[pyclass(frozen, module = "gograde")]
struct Grader {
    bank: Py<Bank>,
    inner: Arc<gograde::Bank>,
    reference: bool,
}

/// One answer to grade: question (id or wording) and answer, or why it could not be read.
type Pair = Result<(String, String), Failure>;

fn grade_one(grader: &RsGrader<'_>, question: &str, answer: &str, json: bool) -> Result<Graded, Failure> {
    if question.trim().is_empty() {
        return Err(Failure::new("empty-question", "the question is empty"));
    }
    if answer.trim().is_empty() {
        return Err(Failure::new("empty-answer", "the answer is empty"));
    }
    let grade = grader.grade(question, answer)?;
    finish(grade, json)
}

/// Thread pools for `grade_many(threads=N)`, one per N, kept for the life of the process.
fn pool(threads: usize) -> Result<Arc<rayon::ThreadPool>, String> {
    static POOLS: Mutex<Option<HashMap<usize, Arc<rayon::ThreadPool>>>> = Mutex::new(None);
    let mut pools = POOLS.lock().unwrap_or_else(|e| e.into_inner());
    let pools = pools.get_or_insert_with(HashMap::new);
    if let Some(p) = pools.get(&threads) {
        return Ok(Arc::clone(p));
    }
    let p = Arc::new(
        rayon::ThreadPoolBuilder::new().num_threads(threads).thread_name(|i| format!("gograde-{i}")).build().map_err(|e| e.to_string())?,
    );
    pools.insert(threads, Arc::clone(&p));
    Ok(p)
}

fn extract_pair(item: &Bound<'_, PyAny>) -> Pair {
    let bad = || Failure::new("invalid-item", "expected a (question, answer) pair of strings");
    if item.is_instance_of::<pyo3::types::PyString>() || item.len().ok() != Some(2) {
        return Err(bad());
    }
    let q = item.get_item(0).and_then(|q| q.extract::<String>()).map_err(|_| bad())?;
    let a = item.get_item(1).and_then(|a| a.extract::<String>()).map_err(|_| bad())?;
    Ok((q, a))
}

/// What `grade_many` hands back per item.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A dict, through pythonize.
    Pythonize,
    /// A dict, through serde_json text (made in the grading threads) and `json.loads`.
    JsonDict,
    /// The JSON text itself.
    Text,
}

/// Items graded at a time by `grade_many`: the grades of one chunk are turned into Python
/// objects (with the GIL) while the next chunk is graded (without it).
const CHUNK: usize = 1024;

impl Failure {
    fn to_json(&self) -> String {
        let mut inner = serde_json::Map::new();
        inner.insert("kind".into(), self.kind.into());
        inner.insert("message".into(), self.message.clone().into());
        if matches!(self.kind, "unknown-question" | "ambiguous-question") {
            inner.insert("candidates".into(), serde_json::to_value(&self.candidates).unwrap_or_default());
        }
        serde_json::json!({ "error": inner }).to_string()
    }
}

impl Grader {
    fn options(&self, reference: Option<bool>) -> GradeOptions {
        GradeOptions { include_reference: reference.unwrap_or(self.reference), ..GradeOptions::default() }
    }

    fn run_many<'py>(
        &self,
        py: Python<'py>,
        pairs: &Bound<'py, PyAny>,
        threads: Option<usize>,
        reference: Option<bool>,
        mode: Mode,
    ) -> PyResult<Bound<'py, PyList>> {
        if threads == Some(0) {
            return Err(PyValueError::new_err("threads must be at least 1"));
        }
        let items: Vec<Pair> = pairs.try_iter()?.map(|item| item.map(|i| extract_pair(&i))).collect::<PyResult<_>>()?;
        let pool = threads.map(pool).transpose().map_err(PyRuntimeError::new_err)?;
        let options = self.options(reference);
        let bank = &*self.inner;
        let out: Py<PyList> = PyList::empty(py).unbind();
        let as_json = mode != Mode::Pythonize;
        // Only dicts, lists and scalars are built, never a cycle, but each container counts
        // towards the cyclic collector's next run, and every run walks everything still alive:
        // with the collector on, json.loads of 20,000 grades cost 133 µs each instead of 19.
        let _paused = (mode != Mode::Text).then(|| CollectorPause::new(py)).transpose()?;
        py.detach(|| -> PyResult<()> {
            let grader = RsGrader::with_options(bank, options);
            let grader = &grader;
            let pool = pool.as_deref();
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Result<Graded, Failure>>>(1);
            std::thread::scope(|s| {
                s.spawn(move || {
                    let mut items = items.into_iter();
                    loop {
                        let chunk: Vec<Pair> = items.by_ref().take(CHUNK).collect();
                        if chunk.is_empty() {
                            break;
                        }
                        let run = || {
                            chunk
                                .into_par_iter()
                                .map(|item| {
                                    let (q, a) = item?;
                                    grade_one(grader, &q, &a, as_json)
                                })
                                .collect::<Vec<_>>()
                        };
                        let rows = match pool {
                            Some(p) => p.install(run),
                            None => run(),
                        };
                        if tx.send(rows).is_err() {
                            break; // the receiver failed: stop grading
                        }
                    }
                });
                for rows in rx {
                    Python::attach(|py| -> PyResult<()> {
                        py.check_signals()?;
                        let list = out.bind(py);
                        for r in &rows {
                            let item = match (r, mode) {
                                (Ok(Graded::Json(s)), Mode::Text) => pyo3::types::PyString::new(py, s).into_any(),
                                (Err(f), Mode::Text) => pyo3::types::PyString::new(py, &f.to_json()).into_any(),
                                (Ok(g), _) => graded_to_py(py, g)?,
                                (Err(f), _) => f.to_py_dict(py)?,
                            };
                            list.append(item)?;
                        }
                        Ok(())
                    })?;
                }
                Ok(())
            })
        })?;
        Ok(out.into_bound(py))
    }
}

#[pymethods]
impl Grader {
    #[new]
    #[pyo3(signature = (bank, reference = false))]
    fn new(bank: Bound<'_, Bank>, reference: bool) -> Self {
        let inner = Arc::clone(&bank.get().inner);
        Grader { bank: bank.unbind(), inner, reference }
    }

    /// The bank this grader grades against.
    #[getter]
    fn bank(&self, py: Python<'_>) -> Py<Bank> {
        self.bank.clone_ref(py)
    }

    /// Whether grades include the model answer by default.
    #[getter]
    fn reference(&self) -> bool {
        self.reference
    }

    /// Grade one answer. `question` is an id or a wording of a question of the bank.
    ///
    /// Returns the grade as a dict with exactly the fields of `gograde grade --format json`.
    /// Raises EmptyAnswer, UnknownQuestion or AmbiguousQuestion (with `.candidates`).
    #[pyo3(signature = (question, answer, reference = None))]
    fn grade<'py>(&self, py: Python<'py>, question: &str, answer: &str, reference: Option<bool>) -> PyResult<Bound<'py, PyAny>> {
        let json = CONVERSION.load(Ordering::Relaxed) == 1;
        let options = self.options(reference);
        let bank = &*self.inner;
        let (q, a) = (question.to_owned(), answer.to_owned());
        let graded = py.detach(move || grade_one(&RsGrader::with_options(bank, options), &q, &a, json));
        match graded {
            Ok(g) => graded_to_py(py, &g),
            Err(f) => Err(f.into_pyerr(py)),
        }
    }

    /// Grade one answer and return the JSON text of `gograde grade --format json` (without its
    /// final newline). Raises like `grade`.
    #[pyo3(signature = (question, answer, reference = None))]
    fn grade_json(&self, py: Python<'_>, question: &str, answer: &str, reference: Option<bool>) -> PyResult<String> {
        let options = self.options(reference);
        let bank = &*self.inner;
        let (q, a) = (question.to_owned(), answer.to_owned());
        let graded = py.detach(move || -> Result<String, Failure> {
            let grader = RsGrader::with_options(bank, options);
            match grade_one(&grader, &q, &a, false)? {
                Graded::Grade(g) => serde_json::to_string_pretty(&g).map_err(|e| Failure::new("grading-failed", e.to_string())),
                Graded::Json(s) => Ok(s),
            }
        });
        graded.map_err(|f| f.into_pyerr(py))
    }

    /// Grade many (question, answer) pairs in parallel, with the GIL released; returns a list in
    /// input order.
    ///
    /// Each element is the grade dict, or `{"error": {"kind": ..., "message": ...}}` for an item
    /// that cannot be graded (kinds: empty-answer, empty-question, unknown-question,
    /// ambiguous-question (these two with "candidates"), invalid-item, grading-failed): one bad
    /// item never fails the call. `threads=None` grades on rayon's global pool (one thread per
    /// core); `threads=N` on a pool of N threads. Grading runs in chunks, and the grades of one
    /// chunk become dicts while the next is graded.
    #[pyo3(signature = (pairs, threads = None, reference = None))]
    fn grade_many<'py>(
        &self,
        py: Python<'py>,
        pairs: &Bound<'py, PyAny>,
        threads: Option<usize>,
        reference: Option<bool>,
    ) -> PyResult<Bound<'py, PyList>> {
        let json = CONVERSION.load(Ordering::Relaxed) == 1;
        self.run_many(py, pairs, threads, reference, if json { Mode::JsonDict } else { Mode::Pythonize })
    }

    /// Like `grade_many`, but each element is JSON text: the grade as one line of JSON (the
    /// fields of `gograde grade --format json`), or the error object. For pipelines that write
    /// the grades out rather than read them: no Python objects are built.
    #[pyo3(signature = (pairs, threads = None, reference = None))]
    fn grade_many_json<'py>(
        &self,
        py: Python<'py>,
        pairs: &Bound<'py, PyAny>,
        threads: Option<usize>,
        reference: Option<bool>,
    ) -> PyResult<Bound<'py, PyList>> {
        self.run_many(py, pairs, threads, reference, Mode::Text)
    }

    fn __repr__(&self) -> String {
        format!("<gograde.Grader over {} ({} questions)>", self.inner.origin(), self.inner.rubrics().len())
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let cls = py.get_type::<Grader>();
        let args =
            PyTuple::new(py, [self.bank.clone_ref(py).into_any(), self.reference.into_pyobject(py)?.to_owned().into_any().unbind()])?;
        PyTuple::new(py, [cls.into_any().unbind(), args.into_any().unbind()])
    }
}

/// Choose how grades become dicts: "json" (default) or "pythonize" (for measuring).
#[pyfunction]
fn _set_conversion(mode: &str) -> PyResult<()> {
    let v = match mode {
        "pythonize" => 0,
        "json" => 1,
        _ => return Err(PyValueError::new_err("mode is \"pythonize\" or \"json\"")),
    };
    CONVERSION.store(v, Ordering::Relaxed);
    Ok(())
}

/// The version of the gograde crate this extension was built from.
const VERSION: &str = env!("CARGO_PKG_VERSION");

#[pymodule]
fn _gograde(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Bank>()?;
    m.add_class::<Grader>()?;
    m.add("GogradeError", py.get_type::<GogradeError>())?;
    m.add("UnknownQuestion", py.get_type::<UnknownQuestion>())?;
    m.add("AmbiguousQuestion", py.get_type::<AmbiguousQuestion>())?;
    m.add("InvalidBank", py.get_type::<InvalidBank>())?;
    m.add("EmptyAnswer", py.get_type::<EmptyAnswer>())?;
    m.add_function(wrap_pyfunction!(_set_conversion, m)?)?;
    m.add("__version__", VERSION)?;
    Ok(())
}
