"""The Dask example on a LocalCluster of 2 worker processes: its grades equal `gograde batch`'s."""

import importlib
import os
import json
import subprocess
import time
from pathlib import Path

import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dask_batch.py"
# Keys a `gograde batch` JSON Lines row adds around the grade.
BATCH_KEYS = {"type", "index", "id", "candidate", "source", "topic"}


def _load_example(monkeypatch):
    """Import examples/dask_batch.py here and make it importable by the worker processes."""
    examples = str(EXAMPLE.parent)
    monkeypatch.syspath_prepend(examples)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [examples, os.environ.get("PYTHONPATH")])))
    return importlib.import_module("dask_batch")


@pytest.fixture(scope="module")
def answers_file(tmp_path_factory, marked_all):
    """The hand-marked answers repeated to over 10,000 records, plus two that cannot be graded."""
    path = tmp_path_factory.mktemp("dask") / "answers.jsonl"
    marked = marked_all
    reps = -(-10_000 // len(marked))
    with open(path, "w", encoding="utf-8") as f:
        for i in range(reps):
            for j, r in enumerate(marked):
                f.write(json.dumps({"candidate": f"c{j % 17}", "question": r["question"], "answer": r["answer"],
                                    "grade": r["grade"], "kind": r["kind"]}) + "\n")
                if i == 3 and j == 5:
                    f.write(json.dumps({"question": "defer-semantics", "answer": "  "}) + "\n")
                    f.write(json.dumps({"question": "zzzz qqqq xyzzy", "answer": "blue"}) + "\n")
    return path


def test_dask_local_cluster_equals_gograde_batch(cli, answers_file, monkeypatch):
    ex = _load_example(monkeypatch)
    p = subprocess.run([str(cli), "batch", str(answers_file), "--format", "jsonl", "--quiet", "-j", "2"],
                       capture_output=True, text=True, check=False)
    assert p.returncode in (0, 6), p.stderr  # 6: some records could not be graded
    rows = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    rows = [r for r in rows if r["type"] in ("answer", "error")]  # not the per-candidate summaries
    assert len(rows) >= 10_000

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        ddf = ex.read_answers(str(answers_file), blocksize=1 << 19)
        assert ddf.npartitions >= 2
        graded = ex.grade_answers(ddf, full=True)
        t0 = time.perf_counter()
        df = client.compute(graded).result(timeout=600)
        elapsed = time.perf_counter() - t0
        workers = len(client.scheduler_info()["workers"])
    print(f"\ndask LocalCluster: {len(df)} answers in {elapsed:.2f} s = {len(df) / elapsed:.0f} answers/s "
          f"on {workers} worker processes ({ddf.npartitions} partitions)")
    assert workers == 2

    assert len(df) == len(rows)
    assert "input_grade" in df.columns  # the input's own "grade" column is kept
    errors = 0
    for row, (_, out) in zip(rows, df.iterrows()):
        assert row["index"] >= 0
        if row["type"] == "error":
            errors += 1
            assert out["error"].split(":")[0] == row["error"]
            assert json.loads(out["grade_json"])["error"]["kind"] == row["error"]
            continue
        expected = {k: v for k, v in row.items() if k not in BATCH_KEYS}
        got = json.loads(out["grade_json"])
        assert got == expected, row["index"]
        assert out["score"] == row["score"] and out["grade"] == row["grade"]
        assert out["covered"] == [c["id"] for c in row["concepts"] if c["covered"]]
        assert out["red_flags"] == [f["id"] for f in row["red_flags"] if f["fired"]]
    assert errors >= 2
    assert errors < len(rows) // 4
