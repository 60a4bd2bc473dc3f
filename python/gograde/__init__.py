"""Grade free-text answers to Go interview questions, without a language model.

gograde scores an answer against a rubric of weighted concepts and red flags, and explains what
it covered, missed and got wrong. This package wraps the Rust library (the same code as the
``gograde`` command line tool) and returns every grade as a plain ``dict`` with exactly the
fields of ``gograde grade --format json``.

Example::

    import gograde
    grader = gograde.Grader(gograde.Bank.shipped())
    g = grader.grade("defer-semantics", "defer runs when the surrounding function returns")
    print(g["grade"], g["score"])
    print([c["id"] for c in g["concepts"] if not c["covered"]])

Main names:

- :class:`Bank`: the questions (``Bank.shipped()``, ``Bank.from_dir(path)``).
- :class:`Grader`: ``grade(question, answer)``, ``grade_many(pairs, threads=None)``.
- :func:`grade_frame`: grade a pandas DataFrame (pandas is optional).
- :func:`worker_grader`: one Grader per process, for Dask or multiprocessing workers.
- Errors: :class:`GogradeError` and its subclasses :class:`UnknownQuestion`,
  :class:`AmbiguousQuestion`, :class:`InvalidBank`, :class:`EmptyAnswer`.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any, Dict, Optional, Union

from ._gograde import (
    AmbiguousQuestion,
    Bank,
    EmptyAnswer,
    GogradeError,
    Grader,
    InvalidBank,
    UnknownQuestion,
    __version__,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "AmbiguousQuestion",
    "Bank",
    "EmptyAnswer",
    "GogradeError",
    "Grader",
    "InvalidBank",
    "UnknownQuestion",
    "__version__",
    "grade_frame",
    "worker_grader",
]


@functools.lru_cache(maxsize=None)
def _load_bank(path: Optional[str] = None) -> Bank:
    """Load a bank once per process: the shipped one (``path=None``) or a folder.

    Used to unpickle a :class:`Bank` (a pickled bank is only its recipe), so a Grader sent to
    Dask or multiprocessing workers loads its bank once per worker process, not once per task.
    """
    if path is None:
        return Bank.shipped()
    return Bank.from_dir(os.fspath(path))


def worker_grader(bank_dir: Union[str, "os.PathLike[str]", None] = None, reference: bool = False) -> Grader:
    """The Grader of this process for a bank (the shipped one by default), created on first use.

    Call it inside a Dask task or a multiprocessing worker: each worker process loads the bank
    once and reuses it for every partition it grades.
    """
    return _worker_grader(None if bank_dir is None else os.fspath(bank_dir), bool(reference))


@functools.lru_cache(maxsize=None)
def _worker_grader(bank_dir: Optional[str], reference: bool) -> Grader:
    return Grader(_load_bank(bank_dir), reference=reference)


def grade_frame(
    df: "pandas.DataFrame",
    question_col: str = "question",
    answer_col: str = "answer",
    *,
    grader: Optional[Grader] = None,
    threads: Optional[int] = None,
    full: bool = False,
) -> "pandas.DataFrame":
    """Grade every row of a pandas DataFrame; returns a copy with the grading columns added.

    Each row's question (an id or a wording) is read from ``question_col`` and its answer from
    ``answer_col``. Added columns (replacing any of the same name):

    - ``score`` (float, 0–100) and ``grade`` (int, 0–5; both missing for an error row),
    - ``covered`` and ``missing``: lists of concept ids,
    - ``red_flags``: list of the ids of the red flags that fired,
    - ``error``: missing (None or NaN), or ``"kind: message"`` for a row that could not be graded,
    - with ``full=True``, ``grade_json``: the whole grade (or error dict) as JSON text.

    ``grader`` defaults to :func:`worker_grader` (the shipped bank); ``threads`` is passed to
    :meth:`Grader.grade_many`. Requires pandas (``pip install gograde[pandas]``).
    """
    import pandas as pd

    if grader is None:
        grader = worker_grader()
    questions = df[question_col].tolist()
    answers = df[answer_col].tolist()
    grades = grader.grade_many(zip(questions, answers), threads=threads)
    columns = _columns(grades, pd)
    if full:
        import json

        columns["grade_json"] = pd.array([json.dumps(g) for g in grades], dtype="object")
    return df.assign(**columns)


def _columns(grades: list, pd: Any) -> Dict[str, Any]:
    score, grade, covered, missing, red_flags, error = [], [], [], [], [], []
    for g in grades:
        e = g.get("error")
        if e is not None:
            score.append(float("nan"))
            grade.append(None)
            covered.append([])
            missing.append([])
            red_flags.append([])
            error.append(f"{e['kind']}: {e['message']}")
            continue
        score.append(g["score"])
        grade.append(g["grade"])
        covered.append([c["id"] for c in g["concepts"] if c["covered"]])
        missing.append([c["id"] for c in g["concepts"] if not c["covered"]])
        red_flags.append([f["id"] for f in g["red_flags"] if f["fired"]])
        error.append(None)
    return {
        "score": pd.array(score, dtype="float64"),
        "grade": pd.array(grade, dtype="Int64"),
        "covered": covered,
        "missing": missing,
        "red_flags": red_flags,
        "error": pd.array(error, dtype="object"),
    }
