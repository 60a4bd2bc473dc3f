"""Grade a large JSON Lines (or Parquet) file of answers with Dask, one Grader per worker process.

Input records are those of ``gograde batch``: ``{"id"?, "candidate"?, "question", "answer"}``,
the question an id or a wording. The output has one row per input record, in input order, with
``score``, ``grade``, ``covered``, ``missing``, ``red_flags`` and ``error`` (see
``gograde.grade_frame``) and, with ``--full``, ``grade_json``: the whole grade as the JSON of
``gograde grade --format json``.

    # a local cluster of 2 worker processes
    python dask_batch.py answers.jsonl --out grades.parquet --workers 2

    # a real cluster: every worker needs `pip install gograde` (the same version), and a bank
    # folder (--bank) must exist at the same path on every worker
    python dask_batch.py s3://bucket/answers-*.jsonl --scheduler tcp://scheduler:8786 --out s3://bucket/grades/

Each task calls ``gograde.worker_grader()``, which loads the bank once per worker process and
keeps it; the task itself ships only the function, never a bank.
"""

from __future__ import annotations

import argparse
import time
from typing import Optional

import pandas as pd

import gograde

# The columns grading adds, with their dtypes (Dask needs them before it runs anything).
GRADE_COLUMNS = {
    "score": "float64",
    "grade": "Int64",
    "covered": "object",
    "missing": "object",
    "red_flags": "object",
    "error": "object",
}


def grade_partition(
    df: pd.DataFrame,
    question_col: str = "question",
    answer_col: str = "answer",
    bank_dir: Optional[str] = None,
    threads: Optional[int] = 1,
    full: bool = False,
) -> pd.DataFrame:
    """Grade one partition with this worker process's Grader."""
    grader = gograde.worker_grader(bank_dir)
    return gograde.grade_frame(df, question_col, answer_col, grader=grader, threads=threads, full=full)


def meta_of(ddf, full: bool = False) -> pd.DataFrame:
    """The empty frame that describes the graded partitions."""
    meta = ddf._meta.copy()
    for col, dtype in GRADE_COLUMNS.items():
        meta[col] = pd.Series([], dtype=dtype)
    if full:
        meta["grade_json"] = pd.Series([], dtype="object")
    return meta


def read_answers(path: str, blocksize: Optional[int] = 1 << 20):
    """A Dask DataFrame of the records of a JSON Lines or Parquet file (or glob)."""
    import dask.dataframe as dd

    if path.endswith(".parquet") or path.endswith("/"):
        return dd.read_parquet(path)
    return dd.read_json(path, lines=True, blocksize=blocksize, dtype=False)


def grade_answers(
    ddf,
    question_col: str = "question",
    answer_col: str = "answer",
    bank_dir: Optional[str] = None,
    threads: Optional[int] = 1,
    full: bool = False,
):
    """Lazily grade a Dask DataFrame of answers: ``ddf.map_partitions(grade_partition)``."""
    # Input columns named like the added ones (a hand-marked "grade", say) are kept under a
    # new name rather than overwritten.
    clashes = [c for c in list(GRADE_COLUMNS) + ["grade_json"] if c in ddf.columns]
    if clashes:
        ddf = ddf.rename(columns={c: f"input_{c}" for c in clashes})
    return ddf.map_partitions(
        grade_partition,
        question_col=question_col,
        answer_col=answer_col,
        bank_dir=bank_dir,
        threads=threads,
        full=full,
        meta=meta_of(ddf, full),
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", help="JSON Lines file(s) (a glob is fine) or a Parquet folder")
    ap.add_argument("--out", help="write the graded rows here (.parquet, .jsonl or .csv); default: a summary only")
    ap.add_argument("--scheduler", help="address of an existing Dask scheduler (default: a LocalCluster)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes of the LocalCluster")
    ap.add_argument("--bank", help="bank folder (rubrics/ and corpus/) on every worker; default: the shipped bank")
    ap.add_argument("--blocksize", type=int, default=1 << 20, help="bytes of JSON Lines per partition")
    ap.add_argument("--full", action="store_true", help="add grade_json: the whole grade")
    args = ap.parse_args(argv)

    from dask.distributed import Client, LocalCluster

    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True)
        client = Client(cluster)
    with client:
        ddf = read_answers(args.input, args.blocksize)
        graded = grade_answers(ddf, bank_dir=args.bank, full=args.full)
        t0 = time.perf_counter()
        df = graded.compute()
        elapsed = time.perf_counter() - t0
        n = len(df)
        print(f"graded {n} answers in {elapsed:.2f} s ({n / elapsed:.0f} answers/s) "
              f"on {len(client.scheduler_info()['workers'])} workers; "
              f"{int(df['error'].notna().sum())} could not be graded; mean grade {df['grade'].mean():.2f}")
        if args.out:
            df = df.reset_index(drop=True)
            if args.out.endswith(".parquet"):
                df.to_parquet(args.out)
            elif args.out.endswith(".csv"):
                df.to_csv(args.out, index=False)
            else:
                df.to_json(args.out, orient="records", lines=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
