#!/usr/bin/env bash
# Two builds of gograde side by side, runs interleaved (old, new, old, new …) so that a busy
# shared machine slows both alike; prints medians, and checks that both print the same grades:
#
#   scripts/bench-compare.sh OLD_BIN NEW_BIN [N] [REPS]     (default N=20000 records, REPS=3)
#
# 1. `gograde batch` answers/s at 1 and 2 threads, questions by id and by text (N records made by
#    scripts/bench-input.sh), median of REPS runs each; the two builds' JSON Lines must be equal.
# 2. Cold `gograde grade` by id and by text (bank snapshot cached): median of 15 runs, peak RSS.
# 3. A 1 MB and a 4 MB answer (reference answers run together): median time of REPS, peak RSS;
#    the two builds' grades must be equal.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 2 ]] || { echo "usage: $0 OLD_BIN NEW_BIN [N] [REPS]" >&2; exit 2; }
old="$(realpath "$1")" new="$(realpath "$2")" n="${3:-20000}" reps="${4:-3}"
[[ -x /usr/bin/time ]] || { echo "bench-compare: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export GOGRADE_CACHE_DIR="$work/cache"

# shellcheck source=scripts/bench-input.sh
source scripts/bench-input.sh
bench_input "$old" "$work" "$n"
"$new" grade -q defer-semantics "warm-up: saves the bank snapshot" > /dev/null 2>&1 || true
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "old: $old"
echo "new: $new"
echo "machine: $(nproc) cores, $cpu, load $(cut -d' ' -f1-3 /proc/loadavg)"

# run LABEL BIN ARGS...: one timed run; appends "wall-seconds KiB cpu-seconds" to $work/LABEL-{old,new}
# (wall clock in nanoseconds from date, as /usr/bin/time rounds to 10 ms; CPU time shows the work
# done even when the machine is busy)
run() {
    local label="$1" which="$2" code=0
    shift 2
    local bin="$old"
    [[ $which == new ]] && bin="$new"
    local s e
    s=$(date +%s%N)
    /usr/bin/time -f "%M %U %S" -o "$work/time" "$bin" "$@" > "$work/out-$label-$which" 2> /dev/null || code=$?
    e=$(date +%s%N)
    [[ $code -eq 0 || $code -eq 6 ]] || { echo "bench-compare: $label ($which) exited $code" >&2; exit 1; }
    awk -v w="$(((e - s) / 1000))" '{ printf "%.6f %d %.2f\n", w / 1e6, $1, $2 + $3 }' "$work/time" >> "$work/$label-$which"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
report() { # LABEL COUNT: median wall time (and answers/s when COUNT > 0), CPU time, max RSS
    local label="$1" count="$2" which t r c
    for which in old new; do
        t=$(cut -d' ' -f1 "$work/$label-$which" | median)
        r=$(cut -d' ' -f2 "$work/$label-$which" | sort -n | tail -1)
        c=$(cut -d' ' -f3 "$work/$label-$which" | median)
        awk -v l="$label" -v w="$which" -v t="$t" -v r="$r" -v n="$count" -v c="$c" 'BEGIN {
            rate = n > 0 ? sprintf("%8.0f answers/s", n / (t > 0 ? t : 0.01)) : "                  "
            printf "  %-16s %-3s %8.4f s  %s  CPU %6.2f s  peak RSS %6.1f MiB\n", l, w, t, rate, c, r / 1024 }'
    done
    if ! cmp -s "$work/out-$label-old" "$work/out-$label-new"; then
        echo "bench-compare: $label: the two builds' outputs differ" >&2
        exit 1
    fi
}

echo "== batch, $n records, median of $reps (JSON Lines to a file, compared)"
for input in by-id by-text; do
    for t in 1 2; do
        for _ in $(seq 1 "$reps"); do
            for which in old new; do
                run "$input-${t}t" "$which" batch "$work/$input.jsonl" --format jsonl --threads "$t" --quiet
            done
        done
        report "$input-${t}t" "$n"
    done
done

echo "== cold grade, median of 15 (snapshot cached)"
answer="An unbuffered channel blocks the sender until a receiver takes the value."
for how in id text; do
    q=channels-buffered-vs-unbuffered
    [[ $how == text ]] && q="What is the difference between a buffered and an unbuffered channel?"
    for _ in $(seq 1 15); do
        for which in old new; do
            run "grade-by-$how" "$which" grade -q "$q" "$answer" --format json
        done
    done
    report "grade-by-$how" 0
done

echo "== huge answers, median of $reps"
bench_huge_answers "$work"
for mb in 1 4; do
    for _ in $(seq 1 "$reps"); do
        for which in old new; do
            run "answer-${mb}MB" "$which" grade -q channels-buffered-vs-unbuffered --answer-file "$work/${mb}mb.txt" --format json --max-answer-bytes 10000000
        done
    done
    report "answer-${mb}MB" 0
done
echo "bench-compare: every output of the two builds is byte-identical"
