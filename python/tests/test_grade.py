"""Grading one answer: by id and by wording, the bank's questions and lookup, options, pickling."""

import json
import pickle

import gograde

DEFER = "defer runs when the function returns"


def test_issue_example(grader):
    g = gograde.Grader(gograde.Bank.shipped()).grade("defer-semantics", DEFER)
    assert isinstance(g, dict)
    assert isinstance(g["grade"], int) and 0 <= g["grade"] <= 5
    assert g == grader.grade("defer-semantics", DEFER)


def test_grade_by_id(grader, marked):
    rec = next(r for r in marked if r["kind"] == "complete")
    g = grader.grade(rec["question"], rec["answer"])
    assert g["question_id"] == rec["question"]
    assert g["matched_question"] == {"id": rec["question"], "confidence": 1.0}
    assert 0.0 <= g["score"] <= 100.0
    assert g["grade"] >= 3
    covered = [c for c in g["concepts"] if c["covered"]]
    assert covered and all(c["evidence"] for c in covered)


def test_grade_by_wording(grader, bank, marked):
    rec = next(r for r in marked if r["kind"] == "complete")
    wording = next(q["question"] for q in bank.questions() if q["id"] == rec["question"])
    by_wording = grader.grade(wording, rec["answer"])
    by_id = grader.grade(rec["question"], rec["answer"])
    assert by_wording["question_id"] == rec["question"]
    assert by_wording["matched_question"]["id"] == rec["question"]
    assert 0 < by_wording["matched_question"]["confidence"] <= 1.0
    for k in by_id:
        if k != "matched_question":
            assert by_wording[k] == by_id[k], k


def test_grade_has_the_contract_fields(grader):
    g = grader.grade("defer-semantics", DEFER)
    for field in ("question_id", "question", "score", "grade", "concepts", "red_flags", "similarity",
                  "off_topic", "matched_question", "gates", "breakdown"):
        assert field in g, field
    assert "reference" not in g


def test_reference_option(bank):
    plain = gograde.Grader(bank)
    with_ref = gograde.Grader(bank, reference=True)
    assert with_ref.reference and not plain.reference
    g = with_ref.grade("defer-semantics", DEFER)
    assert isinstance(g["reference"], str) and g["reference"]
    assert "reference" in plain.grade("defer-semantics", DEFER, reference=True)
    assert "reference" not in with_ref.grade("defer-semantics", DEFER, reference=False)


def test_grade_json_is_the_same_grade(grader):
    text = grader.grade_json("defer-semantics", DEFER)
    assert json.loads(text) == grader.grade("defer-semantics", DEFER)
    assert text.startswith("{\n")  # pretty, like the CLI


def test_conversions_agree(grader, marked):
    """Grades reach Python through pythonize or serde_json + json.loads: the same dicts."""
    pairs = [(r["question"], r["answer"]) for r in marked[:50]]
    try:
        gograde._gograde._set_conversion("pythonize")
        via_pythonize = grader.grade_many(pairs)
        one_pythonize = grader.grade(*pairs[0])
    finally:
        gograde._gograde._set_conversion("json")
    assert grader.grade_many(pairs) == via_pythonize
    assert grader.grade(*pairs[0]) == one_pythonize
    assert list(one_pythonize) == list(grader.grade(*pairs[0]))  # same key order too


def test_questions(bank):
    qs = bank.questions()
    assert len(qs) == len(bank) > 10
    assert {"id", "topic", "level", "question"} == set(qs[0])
    assert len({q["id"] for q in qs}) == len(qs)
    assert "defer-semantics" in bank
    assert "no-such-question" not in bank
    assert bank.origin == "shipped bank" and bank.path is None
    assert "questions" in repr(bank)


def test_find(bank):
    assert bank.find("defer-semantics") == {"id": "defer-semantics", "confidence": 1.0}
    q = next(q for q in bank.questions() if q["id"] == "defer-semantics")
    found = bank.find(q["question"])
    assert found["id"] == "defer-semantics" and 0 < found["confidence"] <= 1
    cands = bank.candidates(q["question"], limit=3)
    assert 1 <= len(cands) <= 3
    assert cands[0]["id"] == "defer-semantics"
    assert set(cands[0]) == {"id", "question", "confidence"}


def test_pickle_round_trip(grader, bank):
    g2 = pickle.loads(pickle.dumps(grader))
    assert isinstance(g2, gograde.Grader)
    assert g2.grade("defer-semantics", DEFER) == grader.grade("defer-semantics", DEFER)
    # A pickled bank is a recipe, loaded once per process.
    assert pickle.loads(pickle.dumps(bank)) is pickle.loads(pickle.dumps(bank))


def test_worker_grader_is_cached():
    assert gograde.worker_grader() is gograde.worker_grader()
    assert gograde.worker_grader(reference=True) is not gograde.worker_grader()


def test_docstrings():
    for obj in (gograde, gograde.Bank, gograde.Grader, gograde.Grader.grade, gograde.Grader.grade_many,
                gograde.Bank.from_dir, gograde.grade_frame, gograde.UnknownQuestion, gograde.InvalidBank):
        assert obj.__doc__ and obj.__doc__.strip(), obj
