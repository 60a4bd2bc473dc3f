# Sourced by scripts/bench-batch.sh, bench-compare.sh and bench-vs-python.sh: the benchmark input.
#
#   bench_input BIN WORK N
#
# writes into WORK: seed.jsonl (the hand-marked answers of tests/data/marked-answers.jsonl whose
# question the bank resolves: real answers of every quality), and by-id.jsonl and by-text.jsonl,
# the seed repeated to N records spread over 1,000 candidates, with each question given by its id
# and by its wording (`gograde list --json`). Grading the marked answers also writes the bank's
# snapshot into $GOGRADE_CACHE_DIR when it is set, so timed runs read it back.
bench_input() {
    local bin="$1" work="$2" n="$3"
    "$bin" batch tests/data/marked-answers.jsonl --format jsonl --quiet > "$work/graded.jsonl" || true
    grep -o '"type":"answer","index":[0-9]*' "$work/graded.jsonl" | grep -o '[0-9]*$' > "$work/keep"
    awk 'NR == FNR { keep[$1 + 1] = 1; next } NF && keep[++i]' "$work/keep" tests/data/marked-answers.jsonl > "$work/seed.jsonl"
    "$bin" list --json > "$work/questions.jsonl"
    python3 - "$work/questions.jsonl" "$work/seed.jsonl" > "$work/seed-text.jsonl" <<'PY'
import json, sys
questions = {q["id"]: q["question"] for q in map(json.loads, open(sys.argv[1]))}
for line in open(sys.argv[2]):
    record = json.loads(line)
    record["question"] = questions.get(record["question"], record["question"])
    print(json.dumps(record))
PY
    bench_repeat "$work/seed.jsonl" "$n" "$work/by-id.jsonl"
    bench_repeat "$work/seed-text.jsonl" "$n" "$work/by-text.jsonl"
}

# bench_repeat SEED COUNT FILE [CANDIDATES]: SEED's records repeated to COUNT, each with an id and
# one of CANDIDATES (default 1,000) candidates, spread so that each answers different questions.
bench_repeat() {
    awk -v n="$2" -v c="${4:-1000}" '{ seed[m++] = $0 } END {
        for (i = 0; i < n; i++) {
            s = seed[i % m]
            sub(/^\{/, sprintf("{\"id\":\"gen-%d\",\"candidate\":\"cand-%04d\",", i, (i * 7919) % c), s)
            print s
        }
    }' "$1" > "$3"
}

# bench_huge_answers WORK: 1mb.txt and 4mb.txt in WORK, the bank's reference answers run together
# (real prose, repeated) and cut at 1 and 4 MB.
bench_huge_answers() {
    python3 - "$1" <<'EOF'
import glob, sys
text = "\n\n".join(open(f).read() for f in sorted(glob.glob("corpus/*/*.md")))
while len(text) < 4_000_000:
    text += "\n\n" + text
for mb in (1, 4):
    open(f"{sys.argv[1]}/{mb}mb.txt", "w").write(text[: mb * 1_000_000])
EOF
}
