#!/usr/bin/env python3
"""Build src/text/english-stems.txt: the Snowball (Porter2) stems of the English words in
WordNet 3.0, one per line, sorted by bytes.

The grader uses it to tell a misspelt word from a real one that the bank happens not to use:
an answer word whose stem is neither the bank's nor in this list is counted as misspelt (see
`text::dictionary`). Only plain lower-case words of 3+ letters are kept (the parts of a
multi-word lemma count as words), with the inflected forms of WordNet's exception lists
("ran", "geese"). Function words are not in WordNet; the analyzer knows them as stop words.

Needs Debian's `wordnet-base` (`apt-get install -y wordnet-base`, the database under
/usr/share/wordnet) and the Snowball stemmer for Python (`pip install snowballstemmer`): its
English stemmer is the algorithm `rust-stemmers` runs, so the stems agree with the grader's.

Usage: python3 scripts/english-stems.py [--wordnet DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import snowballstemmer

ROOT = Path(__file__).resolve().parent.parent
POS_FILES = ("noun", "verb", "adj", "adv")
WORD = re.compile(r"^[a-z]{3,}$")


def words(wordnet: Path) -> set[str]:
    found: set[str] = set()
    for pos in POS_FILES:
        with open(wordnet / f"index.{pos}", encoding="utf-8") as f:
            for line in f:
                if line.startswith(" "):  # the licence header
                    continue
                lemma = line.split(" ", 1)[0]
                found.update(p for p in re.split(r"[_\-]", lemma) if WORD.match(p))
        with open(wordnet / f"{pos}.exc", encoding="utf-8") as f:
            for line in f:
                found.update(p for p in line.split() if WORD.match(p))
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wordnet", type=Path, default=Path("/usr/share/wordnet"))
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "text" / "english-stems.txt")
    args = ap.parse_args()
    stemmer = snowballstemmer.stemmer("english")
    stems = sorted({stemmer.stemWord(w) for w in words(args.wordnet)}, key=lambda s: s.encode())
    args.out.write_text("".join(s + "\n" for s in stems), encoding="utf-8")
    print(f"{len(stems)} stems written to {args.out}")


if __name__ == "__main__":
    main()
