#!/usr/bin/env python3
"""Build src/text/wordnet-synonyms.tsv: a small general-English synonym table from WordNet 3.0,
restricted to the words that the bank's rubric patterns use.

Each line is `answer_word<TAB>bank_word<TAB>pos` (pos n/v/a/r): an answer that says `answer_word`
may be read as saying `bank_word` (e.g. `halt  stop  v`).

Noise control, which matters more than coverage:
  * only the bank word's FIRST (most frequent) sense in each part of speech is used, and only
    when that sense is frequency-attested (WordNet's tagged sense count is not zero) and the word
    is used in that part of speech at least POS_SHARE of the time (cntlist.rev counts);
  * a candidate must be a single plain lower-case word of 3+ letters, and that synset must be
    its own first or second sense in that part of speech (so the candidate usually means this),
    seen at least once in the tagged corpus, a second sense at least SECOND_SENSE_SHARE as often
    as the first, and the candidate mostly used in that part of speech too;
  * candidates that are bank words themselves, stop words, Go keywords, builtins or common Go
    terms, or words in the hand-kept DENY list (senses that read wrongly in a Go answer) are
    dropped, and so is an answer word that would map to more than 3 bank words.

Needs only the Python 3.11 standard library and Debian's `wordnet-base` package
(`apt-get install -y wordnet-base`, which puts the database under /usr/share/wordnet).

Usage: python3 scripts/wordnet-synonyms.py [--wordnet DIR] [--rubrics DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POS = ("n", "v", "a", "r")
POS_FILE = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
MAX_BANK_WORDS_PER_ANSWER_WORD = 3
MIN_LEN = 3
MIN_COUNT = 1  # the synonym's sense must occur at least this often in WordNet's tagged corpus
SECOND_SENSE_SHARE = 0.2  # a second sense must be at least a fifth as frequent as the first
# Both words must be used in this part of speech at least this share of the time (tagged counts):
# drops "pay" (noun) <- "salary", "long" (verb) <- "yearn", "mouth" (verb) -> "speak".
POS_SHARE = 0.2

# The licence notice that WordNet 3.0 requires on all copies (from the database files' header and
# /usr/share/doc/wordnet-base/copyright).
WORDNET_LICENSE = """\
WordNet Release 3.0

This software and database is being provided to you, the LICENSEE, by
Princeton University under the following license.  By obtaining, using
and/or copying this software and database, you agree that you have
read, understood, and will comply with these terms and conditions.:

Permission to use, copy, modify and distribute this software and
database and its documentation for any purpose and without fee or
royalty is hereby granted, provided that you agree to comply with
the following copyright notice and statements, including the disclaimer,
and that the same appear on ALL copies of the software, database and
documentation, including modifications that you make for internal
use or for distribution.

WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.

THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON
UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR
IMPLIED.  BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON
UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANT-
ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE
OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT
INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR
OTHER RIGHTS.

The name of Princeton University or Princeton may not be used in
advertising or publicity pertaining to distribution of the software
and/or database.  Title to copyright in this software, database and
any associated documentation shall at all times remain with
Princeton University and LICENSEE agrees to preserve same.
"""

# Snowball's English stop words plus a few more function and filler words.
STOP_WORDS = set("""
a about above after again against all am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't
down during each few for from further had hadn't has hasn't have haven't having he he'd he'll he's
her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it
it's its itself let's me more most mustn't my myself no nor not of off on once only or other ought
our ours ourselves out over own same shan't she she'd she'll she's should shouldn't so some such
than that that's the their theirs them themselves then there there's these they they'd they'll
they're they've this those through to too under until up very was wasn't we we'd we'll we're we've
were weren't what what's when when's where where's which while who who's whom why why's with won't
would wouldn't you you'd you'll you're you've your yours yourself yourselves
also although always among another anyone anything around away back else even ever every
everything however just like many may maybe might much must never nothing now often one perhaps
quite rather really several since still thing things though thus together upon us use used using
via well whether within without yet
""".split())

# Go keywords, predeclared identifiers and common Go terms: never emitted as answer words.
GO_TERMS = set("""
go chan channel map func defer select range type struct interface string byte rune int error nil
make new append len cap copy close panic recover goroutine mutex lock slice array pointer method
package import return const var break continue switch case default fallthrough goto true false
iota any comparable test bench build module
bool float complex uint uintptr print println clear min max delete real imag
""".split())

# Hand-kept lists, from reading the generated table (the rules above leave these in; each reads
# wrongly in a Go interview answer). Entries are `word` (every part of speech) or `word:pos`.
# Answer words never emitted: rare, figurative or off-topic senses.
DENY = set("""
lay licking mint mortal naked nude papers snub croak centering yesteryear vanquish kid youngster
physique indoors outdoors clip twin toss tilt flail lam traverse upraise stairs springtime
biscuit click dust plow poise merchandise aborigine impetus canvass integral
""".split())
# Bank words whose first WordNet sense (in that part of speech) is not the sense Go answers use:
# no synonyms for them ("bug" v = annoy, "race" v = hurry, "bucket" = pail, "sentinel" = sentry,
# "commit" = perpetrate, "store" = shop, "process" = procedure, "main" = chief, "key" = basic).
DENY_BANK = set("""
bug:v batter bash slug flush auto dash animal pop race:v routine tune parallel:n herd reflection
spin:v console clang clash crash:n time:n code:n dispatch:n cooperative:a configuration:n
generation:n standard:n corrupt:v strip:v variant:n going:n terminal:n wrapped:a consist:v pad:v
stress:v intent:a order:v learned:a hedge:v mode:n fencing thrash:v key:a live:v compound:v child:n
honor:n bound:v spring guide:v product:n factory:n lot:n stamp:n individual:n person:n static:a
bare:a tie:n fail:v attack:n bucket:n backing:n write:v commit:v works:n public:n swagger
process:n secure:v promotion:n link:v singular:a lease:v rest:n runaway:n ripple tear:v mockery
scrub:v sentinel detector:n snake shuffle:v shot:n store:n encounter:n spill:v exclusive:a arena
domain spot:v steps:n stutter conflict:n study:n fleet:a stealing lean:v flip tricolor matching:a
integrity:n resurrect beat:v locality will:n shrink:v throttle yield:v schedule:n attached:a
setup:n plain:a legacy:n command:n clever:a main:a chunk:n bunch:n cluster:n alignment:n scope:n
design:v world:n crunch creep:v level:n shift:n pull:v building:n pace:n hallway pause:v prod:v
particular:a special:a request:n enterprise:n cross:v cookie tick:v underscore honour deal:v
brace intact:a shape producer smell native:n poll:v drift:n mark:n hazard:v
""".split())

WORD_RE = re.compile(r"^[a-z]+$")
SPLIT_RE = re.compile(r"[\s()\[\]|&~]+")


def load_wordnet(wn: Path):
    """index[p][lemma] = (offsets in sense order, tagged sense count); synsets[p][offset] = words."""
    index: dict[str, dict[str, tuple[list[str], int]]] = {}
    synsets: dict[str, dict[str, list[str]]] = {}
    for p in POS:
        idx: dict[str, tuple[list[str], int]] = {}
        with open(wn / f"index.{POS_FILE[p]}", encoding="latin-1") as f:
            for line in f:
                if line.startswith(" "):
                    continue  # licence header
                t = line.split()
                lemma, synset_cnt, p_cnt = t[0], int(t[2]), int(t[3])
                rest = t[4 + p_cnt:]
                tagsense_cnt = int(rest[1])
                offsets = rest[2:2 + synset_cnt]
                idx[lemma] = (offsets, tagsense_cnt)
        index[p] = idx
        syn: dict[str, list[str]] = {}
        with open(wn / f"data.{POS_FILE[p]}", encoding="latin-1") as f:
            for line in f:
                if line.startswith(" "):
                    continue
                t = line.split()
                offset, w_cnt = t[0], int(t[3], 16)
                words = []
                for k in range(w_cnt):
                    w = t[4 + 2 * k]
                    w = re.sub(r"\((a|p|ip)\)$", "", w)  # adjective position markers
                    words.append(w)
                syn[offset] = words
        synsets[p] = syn
    # SemCor tag counts: counts[(lemma, p, sense_number)] (sense numbers as in the index files).
    counts: dict[tuple[str, str, int], int] = {}
    ss = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}
    with open(wn / "cntlist.rev", encoding="latin-1") as f:
        for line in f:
            key, sense_no, cnt = line.split()
            lemma, _, rest = key.partition("%")
            counts[(lemma.lower(), ss[rest[0]], int(sense_no))] = int(cnt)
    return index, synsets, counts


def pattern_words(pattern: str):
    """Yield the raw word tokens of one rubric pattern (operators and prefixes removed)."""
    s = pattern.strip()
    for prefix in ("not:", "any:"):
        if s.startswith(prefix):
            s = s[len(prefix):]
    for tok in SPLIT_RE.split(s):
        if tok and tok not in ("+", ".."):
            yield tok.lower()


def bank_vocabulary(rubrics: Path, lemmas: set[str]):
    """Return (targets, broad): the plain words to find synonyms for, and every word-like form
    the bank uses (for excluding candidates that the bank already matches)."""
    targets: set[str] = set()
    broad: set[str] = set()
    prefixes: set[str] = set()
    for path in sorted(rubrics.rglob("*.toml")):
        with open(path, "rb") as f:
            data = tomllib.load(f)
        for table in ("concept", "red_flag"):
            for entry in data.get(table, []) or []:
                for pattern in entry.get("patterns", []) or []:
                    for tok in pattern_words(pattern):
                        for part in re.split(r"[-']", tok.lstrip("=").rstrip("*")):
                            if WORD_RE.match(part):
                                broad.add(part)
                        if tok.startswith("=") or re.search(r"[._/0-9]", tok):
                            continue
                        if tok.endswith("*"):
                            stem = tok[:-1]
                            if WORD_RE.match(stem):
                                prefixes.add(stem)
                                if stem in lemmas:
                                    targets.add(stem)
                            continue
                        if WORD_RE.match(tok):
                            targets.add(tok)
    return targets, broad, prefixes


def build(wn: Path, rubrics: Path):
    index, synsets, counts = load_wordnet(wn)
    lemmas = set().union(*(index[p].keys() for p in POS))
    targets, broad, prefixes = bank_vocabulary(rubrics, lemmas)
    long_prefixes = tuple(sorted(p for p in prefixes if len(p) >= 4))
    pos_total: collections.Counter[tuple[str, str]] = collections.Counter()
    for (lemma, p, _), c in counts.items():
        pos_total[(lemma, p)] += c

    def pos_share(x: str, p: str) -> float:
        total = sum(pos_total[(x, q)] for q in POS)
        return pos_total[(x, p)] / total if total else 0.0

    def excluded(s: str) -> bool:
        return (
            len(s) < MIN_LEN
            or not WORD_RE.match(s)
            or s in broad
            or s in STOP_WORDS
            or s in GO_TERMS
            or s in DENY
            or s.startswith(long_prefixes)  # already matched by a bank prefix pattern
        )

    pairs: dict[tuple[str, str, str], None] = {}
    for w in sorted(targets):
        if w in STOP_WORDS or w in GO_TERMS or w in DENY_BANK or len(w) < MIN_LEN:
            continue  # a Go term's first WordNet sense is never its Go sense (range, panic, ...)
        for p in POS:
            entry = index[p].get(w)
            if not entry or f"{w}:{p}" in DENY_BANK or pos_share(w, p) < POS_SHARE:
                continue
            offsets, tagged = entry
            if tagged == 0:
                continue  # no frequency data: the "first sense" is arbitrary
            first = offsets[0]
            for s in synsets[p][first]:
                if s == w or s != s.lower() or not WORD_RE.match(s) or excluded(s):
                    continue
                s_entry = index[p].get(s)
                if not s_entry or first not in s_entry[0][:2]:
                    continue
                k = s_entry[0].index(first) + 1
                c = counts.get((s, p, k), 0)
                if c < MIN_COUNT:
                    continue  # this sense of s never seen in the tagged corpus: rare word or sense
                if k == 2 and c < SECOND_SENSE_SHARE * counts.get((s, p, 1), 0):
                    continue  # s mostly means something else
                if pos_share(s, p) < POS_SHARE:
                    continue  # s is mostly another part of speech ("mouth" is a noun)
                pairs[(s, w, p)] = None

    per_answer = collections.defaultdict(set)
    for s, w, _ in pairs:
        per_answer[s].add(w)
    rows = sorted(k for k in pairs if len(per_answer[k[0]]) <= MAX_BANK_WORDS_PER_ANSWER_WORD)
    dropped = sorted(s for s, ws in per_answer.items() if len(ws) > MAX_BANK_WORDS_PER_ANSWER_WORD)
    return rows, targets, dropped


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wordnet", default="/usr/share/wordnet", type=Path)
    ap.add_argument("--rubrics", default=ROOT / "rubrics", type=Path)
    ap.add_argument("--out", default=ROOT / "src" / "text" / "wordnet-synonyms.tsv", type=Path)
    args = ap.parse_args()
    if not (args.wordnet / "data.noun").exists():
        print(f"no WordNet database in {args.wordnet}: apt-get install -y wordnet-base", file=sys.stderr)
        return 1
    rows, targets, dropped = build(args.wordnet, args.rubrics)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    header = [
        "# General-English synonyms from WordNet 3.0, restricted to the words of the bank's rubric patterns.",
        "# Line: answer_word<TAB>bank_word<TAB>pos (n/v/a/r): an answer word that may be read as the bank word.",
        "# Made by: python3 scripts/wordnet-synonyms.py  (needs `apt-get install wordnet-base`; do not edit by hand)",
        "# Rules: bank word's first sense only; that sense is the synonym's 1st or 2nd and seen in WordNet's",
        "# tagged corpus; both words mostly used in that part of speech; single words only; no bank words,",
        "# stop words, Go terms or hand-denied senses; answer words mapping to more than 3 bank words dropped.",
        "# Derived from WordNet 3.0 under the licence below (also in src/text/WORDNET-LICENSE).",
        "#",
    ]
    header += [("# " + line).rstrip() for line in WORDNET_LICENSE.splitlines()]
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header) + "\n")
        for s, w, p in rows:
            f.write(f"{s}\t{w}\t{p}\n")
    (args.out.parent / "WORDNET-LICENSE").write_text(WORDNET_LICENSE, encoding="utf-8")
    print(f"{len(targets)} bank words, {len(rows)} lines -> {os.path.relpath(args.out, ROOT)}"
          f" ({len(dropped)} ambiguous answer words dropped: {' '.join(dropped)})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
