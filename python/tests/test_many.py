"""grade_many: order, equality with grade, error items, threads, the GIL, and memory."""

import json
import os
import threading
import time

import pytest

import gograde


def _pairs(marked):
    return [(r["question"], r["answer"]) for r in marked]


def test_order_and_equality_with_grade(grader, marked):
    pairs = _pairs(marked)
    many = grader.grade_many(pairs)
    assert len(many) == len(pairs)
    for (q, a), g in zip(pairs, many):
        assert g == grader.grade(q, a)
        assert g["question_id"] == q


def test_unresolved_questions_in_order(grader, marked_all):
    """The raw marked set, questions by id or wording, some unknown to the bank."""
    pairs = _pairs(marked_all)
    many = grader.grade_many(pairs, threads=2)
    errors = 0
    for (q, a), g in zip(pairs, many):
        if "error" in g:
            errors += 1
            assert g["error"]["kind"] in ("unknown-question", "ambiguous-question")
            with pytest.raises((gograde.UnknownQuestion, gograde.AmbiguousQuestion)):
                grader.grade(q, a)
        else:
            assert g == grader.grade(q, a)
    assert 0 < len(pairs) - errors


def test_threads_do_not_change_grades(grader, marked):
    pairs = _pairs(marked)[:120]
    base = grader.grade_many(pairs)
    assert grader.grade_many(pairs, threads=1) == base
    assert grader.grade_many(pairs, threads=2) == base
    assert grader.grade_many(iter(pairs), threads=3) == base  # any iterable
    assert grader.grade_many([list(p) for p in pairs]) == base  # lists as pairs
    assert grader.grade_many([]) == []
    with pytest.raises(ValueError):
        grader.grade_many(pairs, threads=0)


def test_grade_many_json(grader, marked):
    pairs = _pairs(marked)[:50] + [("defer-semantics", ""), ("zzzz qqqq", "x")]
    texts = grader.grade_many_json(pairs, threads=2)
    assert all(isinstance(t, str) and "\n" not in t for t in texts)
    assert [json.loads(t) for t in texts] == grader.grade_many(pairs)


def test_chunks_keep_order(grader, marked):
    """More items than one chunk (1024), with errors spread over them."""
    pairs = [(q, a if i % 97 else " ") for i, (q, a) in enumerate(_pairs(marked) * 8)]
    assert len(pairs) > 2048
    many = grader.grade_many(pairs, threads=2)
    assert len(many) == len(pairs)
    for i, ((q, a), g) in enumerate(zip(pairs, many)):
        if i % 97 == 0:
            assert g["error"]["kind"] == "empty-answer"
        else:
            assert g["question_id"] == q
    assert many[1] == grader.grade(*pairs[1]) and many[-1] == grader.grade(*pairs[-1])


def test_items_that_cannot_be_graded(grader, marked):
    good = _pairs(marked)[:3]
    pairs = [
        good[0],
        ("defer-semantics", "  "),
        ("no-such-question", "an answer"),
        good[1],
        ("", "an answer"),
        ("defer-semantics",),
        ("defer-semantics", 42),
        "not a pair",
        good[2],
    ]
    out = grader.grade_many(pairs)
    assert len(out) == len(pairs)
    assert out[0] == grader.grade(*good[0])
    assert out[3] == grader.grade(*good[1])
    assert out[8] == grader.grade(*good[2])
    kinds = [o["error"]["kind"] if "error" in o else None for o in out]
    assert kinds == [None, "empty-answer", "unknown-question", None, "empty-question",
                     "invalid-item", "invalid-item", "invalid-item", None]
    for o in out:
        if "error" in o:
            assert set(o) == {"error"}
            assert isinstance(o["error"]["message"], str) and o["error"]["message"]
    assert isinstance(out[2]["error"]["candidates"], list)


def test_the_gil_is_released(grader, marked):
    """A Python thread keeps running while grade_many grades."""
    pairs = _pairs(marked) * 8
    counts = {"during": 0}
    state = {"grading": False, "stop": False}

    def count():
        while not state["stop"]:
            if state["grading"]:
                counts["during"] += 1

    t = threading.Thread(target=count)
    t.start()
    try:
        time.sleep(0.05)
        state["grading"] = True
        t0 = time.perf_counter()
        grader.grade_many(pairs, threads=1)
        elapsed = time.perf_counter() - t0
        state["grading"] = False
    finally:
        state["stop"] = True
        t.join()
    assert elapsed > 0.05, "enough work to measure"
    # With the GIL held for the whole call the counter could not move at all.
    assert counts["during"] > 10_000, counts


def test_the_gil_is_released_by_grade(grader, marked):
    """Two threads calling grade() make progress side by side."""
    pairs = _pairs(marked)[:60]
    results = {}

    def work(name):
        results[name] = [grader.grade(q, a) for q, a in pairs]

    threads = [threading.Thread(target=work, args=(n,)) for n in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results["a"] == results["b"] == grader.grade_many(pairs)


def _rss_mib():
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="reads RSS from /proc")
def test_no_leak_over_100k_grades(grader):
    answers = [f"defer runs when the function returns, call {i}" for i in range(10_000)]
    pairs = [("defer-semantics", a) for a in answers]
    grader.grade_many(pairs)  # warm up: pools, caches, allocator arenas
    grader.grade_many(pairs)
    before = _rss_mib()
    total = 0
    for _ in range(10):
        out = grader.grade_many(pairs)
        total += len(out)
        del out
    for _ in range(2000):  # the exception path too
        with pytest.raises(gograde.EmptyAnswer):
            grader.grade("defer-semantics", " ")
    after = _rss_mib()
    assert total == 100_000
    assert after - before < 32, f"RSS grew from {before:.0f} MiB to {after:.0f} MiB"


def test_the_garbage_collector_is_paused_only_during_the_call(grader, marked):
    """grade_many switches Python's cyclic collector off while it builds the dicts (they hold no
    cycles, and collections made building them several times slower) and restores it after."""
    import gc

    pairs = _pairs(marked)[:50]
    assert gc.isenabled()
    grader.grade_many(pairs, threads=2)
    assert gc.isenabled(), "switched back on"
    gc.disable()
    try:
        grader.grade_many(pairs, threads=2)
        assert not gc.isenabled(), "left off when the caller had it off"
    finally:
        gc.enable()
