#!/usr/bin/env python3
"""The effect of each of issue 10's parts on every marked set: each is switched off in turn (its
credit set to 0 in a copy of the bank's params, graded with --bank) and the per-kind means,
Pearson, QWK and MAE printed as Markdown tables.

    cargo build --release && python3 scripts/ablate-parts.py [SET ...]

Parts: model-sentence alignment (alignment_credit), the paraphrase lexicon (lexicon_credit),
WordNet synonyms (synonym_credit), typo tolerance (fuzzy_credit) and the point for spelling
(the misspelt gate: its cap raised to 100). Default sets: every
tests/data/*-{dev,test}.jsonl with marks that vary, and marked-answers.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "gograde")
SETS = sys.argv[1:] or ["marked-answers", "blind-dev", "holdout-dev", "wide-dev", "good-dev",
                        "blind-test", "holdout-test", "wide-test", "good-test"]
PARTS = {"all parts on": None, "model sentences off": ("alignment_credit", "0.0"),
         "lexicon off": ("lexicon_credit", "0.0"), "WordNet off": ("synonym_credit", "0.0"),
         "typo tolerance off": ("fuzzy_credit", "0.0"), "misspelt gate off": ("misspelt_cap", "100.0")}

work = tempfile.mkdtemp()
env = {**os.environ, "GOGRADE_CACHE_DIR": os.path.join(work, "cache")}
res = {}
try:
    for name, key in PARTS.items():
        bank = os.path.join(work, key[0] if key else "all")
        shutil.copytree(os.path.join(ROOT, "rubrics"), os.path.join(bank, "rubrics"))
        os.symlink(os.path.join(ROOT, "corpus"), os.path.join(bank, "corpus"))
        if key:
            path = os.path.join(bank, "rubrics", "params.toml")
            text = open(path).read()
            field, value = key
            changed = re.sub(rf"^{field} = .*$", f"{field} = {value}", text, flags=re.M)
            assert changed != text, f"{field} not found in params.toml"
            open(path, "w").write(changed)
        res[name] = {}
        for s in SETS:
            out = subprocess.run([BIN, "eval", os.path.join(ROOT, "tests", "data", f"{s}.jsonl"), "--format", "json", "--bank", bank],
                                 capture_output=True, text=True, env=env, check=True).stdout
            report = json.loads(out)
            m = report.get("metrics", report)
            res[name][s] = (m["pearson"], m["qwk"], m["mae"], {k: v for k, v in report["per_kind"].items()})
finally:
    shutil.rmtree(work)

for s in SETS:
    kinds = sorted(res["all parts on"][s][3])
    print(f"\n## {s}\n")
    print("| part | Pearson / QWK / MAE | " + " | ".join(kinds) + " |")
    print("|---|---|" + "---|" * len(kinds))
    print("| experts | | " + " | ".join(f"{res['all parts on'][s][3][k]['human']:.2f}" for k in kinds) + " |")
    for name in PARTS:
        r, q, mae, per = res[name][s]
        cells = " | ".join(f"{per[k]['machine']:.2f}" if k in per else "" for k in kinds)
        print(f"| {name} | {r:.3f} / {q:.3f} / {mae:.3f} | {cells} |")
