"""grade_many from Python against `gograde batch` on the same answers, both on 2 threads.

    python bench_grade_many.py [N] [path/to/gograde]

The answers are tests/data/marked-answers.jsonl repeated to N (default 100,000). Prints
answers/s for each (wall clock, bank loading excluded for Python, included for the CLI), and the
CPU share each got (on a shared machine 2 threads help only when they get about 200%).
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import gograde

ROOT = Path(__file__).resolve().parents[2]


def cpu():
    s, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return s.ru_utime + s.ru_stime + c.ru_utime + c.ru_stime


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    cli = sys.argv[2] if len(sys.argv) > 2 else str(ROOT / "target" / "release" / "gograde")
    src = [json.loads(l) for l in open(ROOT / "tests" / "data" / "marked-answers.jsonl") if l.strip()]
    pairs = [(src[i % len(src)]["question"], src[i % len(src)]["answer"]) for i in range(n)]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
        for i, (q, a) in enumerate(pairs):
            f.write(json.dumps({"candidate": f"c{i % 1000}", "question": q, "answer": a}) + "\n")
    grader = gograde.Grader(gograde.Bank.shipped())
    grader.grade_many(pairs[:1000], threads=2)
    try:
        for _ in range(2):
            t, c = time.perf_counter(), cpu()
            subprocess.run([cli, "batch", f.name, "--format", "jsonl", "--quiet", "-j", "2"],
                           stdout=subprocess.DEVNULL, check=False)
            dt, dc = time.perf_counter() - t, cpu() - c
            print(f"gograde batch -j 2:        {n / dt:6.0f} answers/s  ({dt:.1f} s, CPU {100 * dc / dt:.0f}%)", flush=True)
            t, c = time.perf_counter(), cpu()
            out = grader.grade_many(pairs, threads=2)
            dt, dc = time.perf_counter() - t, cpu() - c
            print(f"grade_many(threads=2):     {n / dt:6.0f} answers/s  ({dt:.1f} s, CPU {100 * dc / dt:.0f}%)", flush=True)
            del out
            t, c = time.perf_counter(), cpu()
            out = grader.grade_many_json(pairs, threads=2)
            dt, dc = time.perf_counter() - t, cpu() - c
            print(f"grade_many_json(threads=2):{n / dt:6.0f} answers/s  ({dt:.1f} s, CPU {100 * dc / dt:.0f}%)", flush=True)
            del out
    finally:
        os.unlink(f.name)


if __name__ == "__main__":
    main()
