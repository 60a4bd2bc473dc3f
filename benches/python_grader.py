#!/usr/bin/env python3
"""A plain word-overlap grader in Python, the baseline `scripts/bench-vs-python.sh` runs against
`gograde batch` on the same input. It is written for that comparison only and is not shipped.

    python_grader.py FILE.jsonl [--bank DIR] [--processes N] > grades.jsonl

Each input line is {"question": id-or-wording, "answer": ...} (the JSON Lines `gograde batch`
reads; other fields are ignored). The question is resolved by exact rubric id, else by the best
BM25 match (bm25s) of its wording over the bank's question wordings and aliases. The answer's
score (0-100) is the mean of

  (a) the share of the reference answer's distinct stemmed content words (PyStemmer english, a
      small stop-word list) found in the answer: exactly, or for stems of 5 letters or more with a
      rapidfuzz ratio >= 85 against one of the answer's stems (typos, variants), and
  (b) the BM25 score of the answer (as a query) against its reference, over the index of all the
      references, divided by the reference's score against itself,

mapped to a grade 0-5 by fixed thresholds. One JSON line per record goes to stdout (id, question_id,
score, grade; question_id and grade are null when the question is not found), in input order, and
the throughput to stderr. Records are graded by N worker processes in chunks of 1,000.

Needs: PyStemmer, bm25s, rapidfuzz (Python 3.11+ for tomllib).
"""

import argparse
import json
import multiprocessing as mp
import re
import sys
import time
import tomllib
from itertools import islice
from pathlib import Path

import bm25s
import Stemmer
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

CHUNK = 1000
FUZZY_MIN_LEN = 5
FUZZY_CUTOFF = 85
# Upper bounds of grades 0..4 on the 0-100 score (above the last is 5). Set once from
# tests/data/marked-answers.jsonl: midpoints between the mean scores of adjacent hand grades.
THRESHOLDS = (7.5, 9.0, 12.5, 19.0, 29.5)

STOP_WORDS = frozenset(
    """a about above after again all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each else etc few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    let me more most my no nor not of off on once only or other our ours out over own same she
    should so some such than that the their theirs them then there these they this those through
    to too under until up very was we were what when where which while who whom why will with
    would you your yours e g ie eg use used using uses one two thing things way like get gets""".split()
)
WORD = re.compile(r"[a-z0-9_]+")


class Analyzer:
    """Lower-cases, splits into words, drops stop words and stems, with a cache of stems."""

    def __init__(self):
        self.stemmer = Stemmer.Stemmer("english")
        self.cache = {}

    def stems(self, text):
        cache = self.cache
        out = []
        for word in WORD.findall(text.lower()):
            stem = cache.get(word)
            if stem is None:
                stem = "" if word in STOP_WORDS or len(word) < 2 else self.stemmer.stemWord(word)
                cache[word] = stem
            if stem:
                out.append(stem)
        return out


class Bank:
    """The rubrics' ids and wordings and the analysed references, computed once per process."""

    def __init__(self, root):
        self.analyzer = Analyzer()
        ids, wordings, wording_owner, references = [], [], [], []
        for path in sorted(Path(root).glob("rubrics/*/*.toml")):
            with open(path, "rb") as f:
                rubric = tomllib.load(f)
            if "id" not in rubric or "question" not in rubric:
                continue  # lexicon.toml, params.toml and the like
            reference = Path(root) / "corpus" / path.parent.name / f"{rubric['id']}.md"
            if not reference.is_file():
                continue
            index = len(ids)
            ids.append(rubric["id"])
            for wording in [rubric["question"], *rubric.get("aliases", [])]:
                wordings.append(self.analyzer.stems(wording))
                wording_owner.append(index)
            references.append(self.analyzer.stems(reference.read_text(encoding="utf-8")))
        if not ids:
            sys.exit(f"python_grader: no rubric with a reference under {root}")
        self.ids = ids
        self.by_id = {rid: i for i, rid in enumerate(ids)}
        self.wording_owner = wording_owner
        self.questions = bm25s.BM25()
        self.questions.index(wordings, show_progress=False)
        # BM25 of the answers against the references: bm25s precomputes each (term, reference)
        # score; they are read out into one dict per reference, so that scoring an answer against
        # its own reference is a few dict look-ups, the same sum `get_scores` would compute for
        # that reference with the answer's distinct stems as the query.
        refs = bm25s.BM25()
        refs.index(references, show_progress=False)
        term_of = {tid: term for term, tid in refs.vocab_dict.items()}
        data, indices, indptr = refs.scores["data"], refs.scores["indices"], refs.scores["indptr"]
        self.weights = [{} for _ in ids]
        for tid in range(len(indptr) - 1):
            term = term_of.get(tid)
            for k in range(indptr[tid], indptr[tid + 1]):
                self.weights[indices[k]][term] = float(data[k])
        self.self_scores = [sum(w.values()) or 1.0 for w in self.weights]
        self.ref_stems = [frozenset(r) for r in references]
        self.ref_long = [[s for s in r if len(s) >= FUZZY_MIN_LEN] for r in self.ref_stems]
        self.resolved = {}

    def resolve(self, question):
        """The index of the rubric the question names, or None; remembered per wording."""
        question = question.strip()
        found = self.resolved.get(question, -1)
        if found != -1:
            return found
        found = self.by_id.get(question)
        if found is None:
            query = self.analyzer.stems(question)
            if query and any(t in self.questions.vocab_dict for t in query):
                scores = self.questions.get_scores(query)
                best = int(scores.argmax())
                if scores[best] > 0:
                    found = self.wording_owner[best]
        if len(self.resolved) < 100_000:
            self.resolved[question] = found
        return found

    def score(self, index, answer):
        """0-100: the mean of the reference-word coverage and the normalised BM25 score."""
        stems = set(self.analyzer.stems(answer))
        ref = self.ref_stems[index]
        matched = len(ref & stems)
        missing = [s for s in self.ref_long[index] if s not in stems]
        candidates = [s for s in stems if len(s) >= FUZZY_MIN_LEN and s not in ref]
        if missing and candidates:
            close = cdist(missing, candidates, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, dtype="uint8")
            matched += int(close.any(axis=1).sum())
        coverage = matched / len(ref) if ref else 0.0
        weights = self.weights[index]
        bm25 = sum(weights.get(s, 0.0) for s in stems) / self.self_scores[index]
        return 100.0 * (coverage + min(bm25, 1.0)) / 2.0


def grade_of(score):
    for grade, bound in enumerate(THRESHOLDS):
        if score < bound:
            return grade
    return len(THRESHOLDS)


BANK = None


def init_worker(root):
    global BANK
    if BANK is None:  # a forked worker already has the parent's
        BANK = Bank(root)


def grade_chunk(chunk):
    """(first line number, lines) -> (records, their output lines joined)."""
    start, lines = chunk
    out = []
    for n, line in enumerate(lines, start):
        if not line.strip():
            continue
        rid, question_id, score, grade = n, None, None, None
        try:
            record = json.loads(line)
            rid = record.get("id", n)
            index = BANK.resolve(str(record["question"]))
            if index is not None:
                question_id = BANK.ids[index]
                score = round(BANK.score(index, str(record.get("answer", ""))), 1)
                grade = grade_of(score)
        except (ValueError, KeyError, AttributeError, TypeError):
            pass  # a malformed record is a row without a grade
        out.append(json.dumps({"id": rid, "question_id": question_id, "score": score, "grade": grade}))
    return len(out), "\n".join(out) + "\n" if out else ""


def chunks(f):
    start = 0
    while True:
        lines = list(islice(f, CHUNK))
        if not lines:
            return
        yield start, lines
        start += len(lines)


def main():
    repo = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="JSON Lines file, or - for stdin")
    parser.add_argument("--bank", default=str(repo), help="folder holding rubrics/ and corpus/ (default: the repo)")
    parser.add_argument("--processes", type=int, default=2, help="worker processes (default 2)")
    args = parser.parse_args()

    started = time.perf_counter()
    f = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")
    out = sys.stdout
    records = 0
    if args.processes <= 1:
        init_worker(args.bank)
        for count, text in map(grade_chunk, chunks(f)):
            records += count
            out.write(text)
    else:
        methods = mp.get_all_start_methods()
        ctx = mp.get_context("fork" if "fork" in methods else methods[0])
        if ctx.get_start_method() == "fork":
            init_worker(args.bank)  # loaded once, shared with the workers
        with ctx.Pool(args.processes, initializer=init_worker, initargs=(args.bank,)) as pool:
            for count, text in pool.imap(grade_chunk, chunks(f)):
                records += count
                out.write(text)
    out.flush()
    elapsed = time.perf_counter() - started
    print(f"python_grader: {records} records in {elapsed:.2f} s, {records / elapsed:.0f} answers/s "
          f"({max(args.processes, 1)} process(es))", file=sys.stderr)


if __name__ == "__main__":
    main()
