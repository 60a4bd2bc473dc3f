"""The JSON contract: a grade from Python equals `gograde grade --format json`, field by field."""

import json

import pytest

from conftest import run_cli


def _sample(marked):
    """Two answers of every kind of the hand-marked set (complete, misconception, off-topic...)."""
    seen = {}
    out = []
    for r in marked:
        if seen.get(r["kind"], 0) < 2:
            seen[r["kind"]] = seen.get(r["kind"], 0) + 1
            out.append(r)
    return out


def _cli_grade(cli, question, answer, *extra):
    p = run_cli(cli, "grade", "--question", question, "--format", "json", *extra, "-", input=answer)
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def _assert_same(py, cli_grade):
    assert list(py) == list(cli_grade), "same fields in the same order"
    for field in cli_grade:
        assert py[field] == cli_grade[field], field


def test_contract_by_id(cli, grader, marked):
    sample = _sample(marked)
    assert len(sample) >= 20
    for r in sample:
        _assert_same(grader.grade(r["question"], r["answer"]), _cli_grade(cli, r["question"], r["answer"]))


def test_contract_by_wording_and_reference(cli, bank, grader, marked):
    wording = {q["id"]: q["question"] for q in bank.questions()}
    for r in _sample(marked)[:6]:
        q = wording[r["question"]]
        _assert_same(grader.grade(q, r["answer"]), _cli_grade(cli, q, r["answer"]))
        _assert_same(grader.grade(r["question"], r["answer"], reference=True),
                     _cli_grade(cli, r["question"], r["answer"], "--reference"))


def test_grade_json_is_the_cli_text(cli, grader, marked):
    r = marked[0]
    p = run_cli(cli, "grade", "--question", r["question"], "--format", "json", "-", input=r["answer"])
    assert grader.grade_json(r["question"], r["answer"]) + "\n" == p.stdout


@pytest.mark.parametrize("answer", ["ok", "goroutine, channel, select, mutex, waitgroup", "x := 1"])
def test_contract_odd_answers(cli, grader, answer):
    _assert_same(grader.grade("defer-semantics", answer), _cli_grade(cli, "defer-semantics", answer))
