#!/usr/bin/env bash
# Write everything gograde prints for the test data into one folder, so that two builds can be
# compared byte for byte (a refactor must not change behaviour):
#
#   scripts/same-output.sh /work/before      # on the old build
#   scripts/same-output.sh /work/after       # on the new build
#   diff -r /work/before /work/after         # no output: same behaviour
#
# It uses target/release/gograde as it is (build it first: cargo build --release). Written:
#
#   grade-marked.json    `grade --format json` of every answer in tests/data/marked-answers.jsonl
#   grade-golden.json    `grade --format json` of every golden answer in tests/golden/*.toml
#   batch-marked.jsonl   `batch --format jsonl` over the marked answers (the grade of each record)
#   batch-transcripts.*  `batch` over tests/data/transcripts in every report format
#   eval.{text,json,markdown,html}  `eval tests/data/marked-answers.jsonl` in every format
#   check.txt            `check`
#   draft.toml           `draft` of every shipped rubric's question and reference answer
#
# Each command's exit code (and stderr) is recorded beside its output.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $# -eq 1 ]] || { echo "usage: $0 OUTPUT_DIR" >&2; exit 2; }
out="$1"
bin="${CARGO_TARGET_DIR:-target}/release/gograde"
[[ -x "$bin" ]] || { echo "same-output: $bin is missing (cargo build --release)" >&2; exit 2; }
bin="$(realpath "$bin")"
mkdir -p "$out"
out="$(realpath "$out")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1
unset GOGRADE_BANK

# run NAME CMD...: stdout to $out/NAME, stderr and exit code appended to $out/NAME.status
run() {
    local name="$1" code=0
    shift
    "$@" > "$out/$name" 2> "$work/stderr" || code=$?
    { echo "exit $code"; cat "$work/stderr"; } > "$out/$name.status"
}

# One answer per job: $work/<set>/<n>.question and <n>.answer, graded two at a time, in order.
split_answers() { # SET: reads JSON Lines {"question","answer"} on stdin
    mkdir -p "$work/$1"
    python3 -c '
import json, sys
for n, line in enumerate(l for l in sys.stdin if l.strip()):
    r = json.loads(line)
    open(f"{sys.argv[1]}/{n:05d}.question", "w").write(r["question"])
    open(f"{sys.argv[1]}/{n:05d}.answer", "w").write(r["answer"])
' "$work/$1"
}
grade_set() { # SET OUTPUT
    # shellcheck disable=SC2016
    find "$work/$1" -name '*.question' | sort | xargs -P2 -I{} bash -c '
        q="{}"; base="${q%.question}"; code=0
        "$0" grade --color never --format json -q "$(cat "$q")" --answer-file "$base.answer" > "$base.out" 2> "$base.err" || code=$?
        echo "exit $code" >> "$base.out"; cat "$base.err" >> "$base.out"
    ' "$bin"
    for q in $(find "$work/$1" -name '*.question' | sort); do
        base="${q%.question}"
        echo "== $(basename "$base") $(cat "$q")"
        cat "$base.out"
    done > "$out/$2"
}

grep -v '^\s*$' tests/data/marked-answers.jsonl | split_answers marked
grade_set marked grade-marked.json

python3 -c '
import json, pathlib, tomllib
for p in sorted(pathlib.Path("tests/golden").glob("*.toml")):
    f = tomllib.loads(p.read_text())
    for a in f["answer"]:
        print(json.dumps({"question": f["question"], "answer": a["text"]}))
' | split_answers golden
grade_set golden grade-golden.json

run batch-marked.jsonl "$bin" batch tests/data/marked-answers.jsonl --format jsonl --quiet --color never
for format in jsonl csv markdown html; do
    run "batch-transcripts.$format" "$bin" batch tests/data/transcripts --format "$format" --quiet --color never
done
for format in text json markdown html; do
    run "eval.$format" "$bin" eval tests/data/marked-answers.jsonl --format "$format" --color never
done
run check.txt "$bin" check --color never

# One draft per shipped rubric, two at a time, concatenated in path order.
mkdir -p "$work/draft"
python3 -c '
import pathlib, sys, tomllib
for n, p in enumerate(sorted(pathlib.Path("rubrics").glob("*/*.toml"))):
    f = tomllib.loads(p.read_text())
    base = f"{sys.argv[1]}/{n:05d}"
    open(base + ".question", "w").write(f["question"])
    open(base + ".args", "w").write("\n".join([str(p), f["id"], f["topic"]]) + "\n")
' "$work/draft"
# shellcheck disable=SC2016
find "$work/draft" -name '*.args' | sort | xargs -P2 -I{} bash -c '
    a="{}"; base="${a%.args}"; code=0
    mapfile -t args < "$a"
    reference="corpus/${args[0]#rubrics/}"; reference="${reference%.toml}.md"
    "$0" draft --color never --question "$(cat "$base.question")" --reference "$reference" --id "${args[1]}" --topic "${args[2]}" \
        > "$base.out" 2>&1 || code=$?
    echo "exit $code" >> "$base.out"
' "$bin"
for a in $(find "$work/draft" -name '*.args' | sort); do
    echo "== $(head -1 "$a")"
    cat "${a%.args}.out"
done > "$out/draft.toml"
echo "same-output: wrote $(find "$out" -type f | wc -l) files to $out"
