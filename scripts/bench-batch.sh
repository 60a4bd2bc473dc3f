#!/usr/bin/env bash
# Throughput and peak memory of `gograde batch` over generated JSON Lines answers.
#
#   scripts/bench-batch.sh [N]        (default N=100000 answers)
#
# The answers are the hand-marked ones of tests/data/marked-answers.jsonl whose question the bank
# resolves (real answers of every quality, questions given by id or by wording), repeated to N
# records spread over 1,000 candidates. Each run writes the JSON Lines report to /dev/null and is
# measured with /usr/bin/time -v: answers/s from the wall clock (bank loading included) and the
# peak RSS (and the CPU share the run got: on a shared machine 2 threads only help when they get
# about 200%). Runs: N answers at 1 and 2 threads, then N/10 at 2 threads to show that memory does
# not grow with the input (it is bounded by --chunk-size, not by N).
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
target="${CARGO_TARGET_DIR:-target}"
[[ -x /usr/bin/time ]] || { echo "bench-batch: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }

cargo build --release --quiet --bin gograde
bin="$target/release/gograde"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The seed: the marked answers that grade (the others name questions the bank lacks).
"$bin" batch tests/data/marked-answers.jsonl --format jsonl --quiet > "$work/graded.jsonl" || true
grep -o '"type":"answer","index":[0-9]*' "$work/graded.jsonl" | grep -o '[0-9]*$' > "$work/keep"
awk 'NR == FNR { keep[$1 + 1] = 1; next } NF && keep[++i]' "$work/keep" tests/data/marked-answers.jsonl > "$work/seed.jsonl"

generate() { # COUNT FILE
    awk -v n="$1" '{ seed[m++] = $0 } END {
        for (i = 0; i < n; i++) {
            s = seed[i % m]
            sub(/^\{/, sprintf("{\"id\":\"gen-%d\",\"candidate\":\"cand-%04d\",", i, i % 1000), s)
            print s
        }
    }' "$work/seed.jsonl" > "$2"
}
generate "$n" "$work/big.jsonl"
generate "$((n / 10))" "$work/small.jsonl"
echo "bench-batch: $(wc -l < "$work/seed.jsonl") distinct answers, $n records ($(du -h "$work/big.jsonl" | cut -f1)), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

run() { # THREADS FILE COUNT
    local code=0
    /usr/bin/time -v "$bin" batch "$2" --format jsonl --threads "$1" --quiet > /dev/null 2> "$work/time.txt" || code=$?
    if [[ $code -ne 0 && $code -ne 6 ]]; then
        cat "$work/time.txt" >&2
        echo "bench-batch: gograde batch exited $code" >&2
        exit 1
    fi
    local wall rss cpu
    wall=$(grep 'Elapsed (wall clock)' "$work/time.txt" | awk '{print $NF}' | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    rss=$(grep 'Maximum resident set size' "$work/time.txt" | awk '{print $NF}')
    cpu=$(grep 'Percent of CPU' "$work/time.txt" | awk '{print $NF}')
    awk -v n="$3" -v t="$1" -v w="$wall" -v r="$rss" -v c="$cpu" 'BEGIN {
        printf "%8d answers  %d thread(s)  %7.1f s  %7.0f answers/s  peak RSS %6.1f MiB  CPU %s\n", n, t, w, n / w, r / 1024, c
    }'
}
run 1 "$work/big.jsonl" "$n"
run 2 "$work/big.jsonl" "$n"
run 2 "$work/small.jsonl" "$((n / 10))"
