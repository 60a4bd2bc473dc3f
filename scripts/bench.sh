#!/usr/bin/env bash
# Whole-program benchmarks: grading throughput (answers/s) at 1 and 2 threads and the cold-start
# time of `gograde grade`. Prints medians of several runs; machines here are shared and noisy, so
# compare ratios, not absolute figures. Usage: scripts/bench.sh [answers-per-run]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-20000}"
cargo build --release --quiet --examples
bin=target/release/gograde
echo "== throughput: $n answers per run, median of 5 runs"
for t in 1 2; do
  for i in 1 2 3 4 5; do RAYON_NUM_THREADS=$t target/release/examples/throughput "$n"; done | sort -n | sed -n 3p | sed "s/^/threads=$t answers\/s (median): /"
done
echo "== cold start: gograde grade (load embedded bank, build indexes, grade one answer)"
answer="An unbuffered channel blocks the sender until a receiver takes the value."
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine -N --warmup 3 --runs 30 "$bin grade -q channels-buffered-vs-unbuffered '$answer' --format json" 2>/dev/null | grep -E "Time|Range"
else
  for i in $(seq 1 21); do
    s=$(date +%s%N); $bin grade -q channels-buffered-vs-unbuffered "$answer" --format json >/dev/null; e=$(date +%s%N)
    echo $(( (e - s) / 1000 ))
  done | sort -n | sed -n 11p | sed 's/^/cold grade median (µs): /'
fi
