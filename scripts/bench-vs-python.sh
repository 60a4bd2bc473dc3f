#!/usr/bin/env bash
# `gograde batch` against a plain Python word-overlap grader (benches/python_grader.py: PyStemmer,
# bm25s, rapidfuzz; written for this comparison, not shipped), side by side on the same input.
#
#   scripts/bench-vs-python.sh [N]        (default N=100000 answers)
#
# Inputs: N records made like scripts/bench-batch.sh makes them (the hand-marked answers that
# gograde grades, repeated, spread over 1,000 candidates), once with the questions by id and once
# by their wording (each id replaced by its rubric's `question`). Each program runs 3 times per
# input, interleaved (gograde, python, gograde, ...), at 2 threads / 2 processes, output to
# /dev/null, timed by the wall clock with bank loading included; the medians are printed with
# the ratio. Python packages go into a venv under ${TMPDIR:-/tmp}/gograde-bench-venv (made on
# first use; needs python3 >= 3.11 and PyPI). On a shared machine run it under `nice` and expect
# noise: the load average is printed before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
runs=3
target="${CARGO_TARGET_DIR:-target}"
venv="${TMPDIR:-/tmp}/gograde-bench-venv"
py="$venv/bin/python"

if ! [[ -x "$py" ]] || ! "$py" -c 'import Stemmer, bm25s, rapidfuzz' 2> /dev/null; then
    echo "bench-vs-python: installing PyStemmer bm25s rapidfuzz into $venv" >&2
    [[ -x "$py" ]] || python3 -m venv "$venv"
    "$py" -m pip install --quiet --disable-pip-version-check PyStemmer bm25s rapidfuzz
fi
"$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "bench-vs-python: $py is older than Python 3.11 (no tomllib)" >&2; exit 2; }

cargo build --release --quiet --bin gograde
bin="$target/release/gograde"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GOGRADE_CACHE_DIR="$work/cache"

# Warm-up, which also makes the input (scripts/bench-input.sh): grading the marked answers once
# writes the bank snapshot into the fresh GOGRADE_CACHE_DIR, so that every timed gograde run reads
# it back.
# shellcheck source=scripts/bench-input.sh
source scripts/bench-input.sh
bench_input "$bin" "$work" "$n"
[[ -n "$(ls -A "$GOGRADE_CACHE_DIR" 2> /dev/null)" ]] || { echo "bench-vs-python: the warm-up wrote no bank snapshot" >&2; exit 1; }

echo "bench-vs-python: $(wc -l < "$work/seed.jsonl") distinct answers, $n records per input ($(du -h "$work/by-id.jsonl" | cut -f1) by id, $(du -h "$work/by-text.jsonl" | cut -f1) by wording)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "versions: $("$bin" --version | sed -n 1p), $("$py" -c 'import sys, importlib.metadata as m; print("Python %s, " % sys.version.split()[0] + ", ".join("%s %s" % (p, m.version(p)) for p in ("PyStemmer", "bm25s", "rapidfuzz", "numpy")))')"
echo "warm-up: one gograde batch run wrote the bank snapshot to a fresh GOGRADE_CACHE_DIR before timing"
echo "runs: $runs each, interleaved; gograde --threads 2, python --processes 2; wall clock, bank loading included"

seconds() { # PROGRAM FILE: runs it once and prints the wall-clock seconds
    local start end code=0
    start=$(date +%s.%N)
    case "$1" in
        gograde) "$bin" batch "$2" --format jsonl --threads 2 --quiet > /dev/null 2> "$work/err" || code=$? ;;
        python) "$py" benches/python_grader.py "$2" --processes 2 > /dev/null 2> "$work/err" || code=$? ;;
    esac
    end=$(date +%s.%N)
    # gograde exits 6 when some records are error rows; that is still a full run.
    if [[ $code -ne 0 && ! ($1 == gograde && $code -eq 6) ]]; then
        cat "$work/err" >&2
        echo "bench-vs-python: $1 exited $code" >&2
        exit 1
    fi
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f\n", e - s }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for input in by-id by-text; do
    : > "$work/gograde.times"
    : > "$work/python.times"
    for ((r = 1; r <= runs; r++)); do
        seconds gograde "$work/$input.jsonl" >> "$work/gograde.times"
        seconds python "$work/$input.jsonl" >> "$work/python.times"
    done
    g=$(median < "$work/gograde.times")
    p=$(median < "$work/python.times")
    awk -v n="$n" -v g="$g" -v p="$p" -v in_="$input" -v gs="$(paste -sd' ' "$work/gograde.times")" -v ps="$(paste -sd' ' "$work/python.times")" 'BEGIN {
        printf "%-8s gograde %8.0f answers/s (median of %s s)\n", in_, n / g, gs
        printf "%-8s python  %8.0f answers/s (median of %s s)\n", in_, n / p, ps
        printf "%-8s ratio gograde/python %.2fx\n", in_, p / g
    }'
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
