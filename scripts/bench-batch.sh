#!/usr/bin/env bash
# Whole-program speed and memory of gograde (issue 12's figures), on generated input:
#
#   scripts/bench-batch.sh [N]        (default N=100000 answers)
#   BIN=/path/to/old/gograde scripts/bench-batch.sh 20000     (measure another build)
#
# 1. `gograde batch` throughput and peak RSS at 1 and 2 threads over N records, with questions given
#    by id and by their text, then N/10 records (memory must not grow with the input), then N
#    records from N/10 candidates (memory grows with the candidates, a little each). The records
#    are made by scripts/bench-input.sh: real marked answers of every quality, repeated.
# 2. Cold `gograde grade` by id and by text: median wall time of 15 runs and peak RSS, with the
#    bank's snapshot already in the cache (the normal case), and once without any cache.
# 3. One answer of 1 MB and one of 4 MB of real prose (reference answers run together): wall time
#    and peak RSS, to show time grows linearly.
#
# Wall clock includes bank loading. Every run prints the CPU share it got: on a shared machine a
# second thread only helps when it gets a second core. Snapshots go to a temporary cache folder.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
target="${CARGO_TARGET_DIR:-target}"
[[ -x /usr/bin/time ]] || { echo "bench-batch: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }
if [[ -z "${BIN:-}" ]]; then
    cargo build --release --quiet --bin gograde
    BIN="$target/release/gograde"
fi
bin="$(realpath "$BIN")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GOGRADE_CACHE_DIR="$work/cache"

# shellcheck source=scripts/bench-input.sh
source scripts/bench-input.sh
bench_input "$bin" "$work" "$n"
bench_repeat "$work/seed-text.jsonl" "$((n / 10))" "$work/small.jsonl"
bench_repeat "$work/seed.jsonl" "$n" "$work/many-candidates.jsonl" "$((n / 10))"
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "bench-batch: $bin"
echo "machine: $(nproc) cores, $cpu, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "input: $(wc -l < "$work/seed.jsonl") distinct answers repeated to $n records ($(du -h "$work/by-text.jsonl" | cut -f1) by text)"

measure() { # LABEL COUNT COMMAND...: wall time, answers/s when COUNT > 0, peak RSS, CPU share
    local label="$1" count="$2" code=0
    shift 2
    /usr/bin/time -v "$@" > /dev/null 2> "$work/time.txt" || code=$?
    if [[ $code -ne 0 && $code -ne 6 ]]; then
        cat "$work/time.txt" >&2
        echo "bench-batch: $label exited $code" >&2
        exit 1
    fi
    local wall rss cpu
    wall=$(grep 'Elapsed (wall clock)' "$work/time.txt" | awk '{print $NF}' | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    rss=$(grep 'Maximum resident set size' "$work/time.txt" | awk '{print $NF}')
    cpu=$(grep 'Percent of CPU' "$work/time.txt" | awk '{print $NF}')
    awk -v l="$label" -v n="$count" -v w="$wall" -v r="$rss" -v c="$cpu" 'BEGIN {
        rate = n > 0 ? sprintf("%8.0f answers/s", n / (w > 0 ? w : 0.01)) : "                  "
        printf "  %-34s %7.2f s  %s  peak RSS %6.1f MiB  CPU %s\n", l, w, rate, r / 1024, c
    }'
}

echo "== batch (JSON Lines report to /dev/null)"
"$bin" grade -q defer-semantics "warm-up: saves the bank snapshot" > /dev/null 2>&1 || true
for input in by-id by-text; do
    for t in 1 2; do
        measure "$n $input, $t thread(s)" "$n" "$bin" batch "$work/$input.jsonl" --format jsonl --threads "$t" --quiet
    done
done
measure "$((n / 10)) by-text, 2 thread(s)" "$((n / 10))" "$bin" batch "$work/small.jsonl" --format jsonl --threads 2 --quiet
# Per-candidate state: the same N records from N/10 candidates (ten answers each) instead of 1,000.
measure "$n by-id from $((n / 10)) candidates, 2 thread(s)" "$n" "$bin" batch "$work/many-candidates.jsonl" --format jsonl --threads 2 --quiet

echo "== cold grade: median of 15 runs (bank snapshot cached), and the first run without a cache"
answer="An unbuffered channel blocks the sender until a receiver takes the value."
question_text="What is the difference between a buffered and an unbuffered channel?"
median_ms() { # COMMAND...: median wall time of 15 runs, in ms
    for _ in $(seq 1 15); do
        local s e
        s=$(date +%s%N)
        "$@" > /dev/null 2>&1 || true
        e=$(date +%s%N)
        echo $(((e - s) / 1000))
    done | sort -n | sed -n 8p | awk '{ printf "%.1f", $1 / 1000 }'
}
for how in id text; do
    if [[ $how == id ]]; then q=channels-buffered-vs-unbuffered; else q="$question_text"; fi
    echo "  by $how: median $(median_ms "$bin" grade -q "$q" "$answer" --format json) ms"
    measure "one grade by $how (cached)" 0 "$bin" grade -q "$q" "$answer" --format json
    measure "one grade by $how (no cache)" 0 env GOGRADE_NO_CACHE=1 "$bin" grade -q "$q" "$answer" --format json
done

echo "== huge answers (reference answers run together)"
bench_huge_answers "$work"
for mb in 1 4; do
    measure "a $mb MB answer" 0 "$bin" grade -q channels-buffered-vs-unbuffered --answer-file "$work/${mb}mb.txt" --format json --max-answer-bytes 10000000
done
