"""Errors: classes, attributes, and Bank.from_dir on a bank with errors."""

import itertools
import shutil
from pathlib import Path

import pytest

import gograde
from conftest import ROOT


def test_hierarchy():
    for cls in (gograde.UnknownQuestion, gograde.AmbiguousQuestion, gograde.InvalidBank, gograde.EmptyAnswer):
        assert issubclass(cls, gograde.GogradeError)
    assert issubclass(gograde.GogradeError, Exception)


@pytest.mark.parametrize("answer", ["", "   ", "\n\t \n"])
def test_empty_answer(grader, answer):
    with pytest.raises(gograde.EmptyAnswer) as e:
        grader.grade("defer-semantics", answer)
    assert e.value.kind == "empty-answer"


def test_unknown_question_by_id_and_wording(grader):
    with pytest.raises(gograde.UnknownQuestion) as e:
        grader.grade("no-such-question-id", "defer runs at return")
    assert e.value.query == "no-such-question-id"
    assert isinstance(e.value.candidates, list)
    with pytest.raises(gograde.UnknownQuestion) as e:
        grader.grade("What is your favourite colour of bicycle?", "blue")
    assert isinstance(e.value.candidates, list)
    for c in e.value.candidates:
        assert set(c) == {"id", "question", "confidence"}
    with pytest.raises(gograde.UnknownQuestion):
        grader.grade("   ", "an answer")


def _ambiguous_wording(bank):
    """Two questions of one topic asked at once: a wording the lookup must not guess."""
    qs = bank.questions()
    for a, b in itertools.combinations(qs, 2):
        if a["topic"] != b["topic"]:
            continue
        text = a["question"] + " " + b["question"]
        try:
            bank.find(text)
        except gograde.AmbiguousQuestion:
            return text
        except gograde.UnknownQuestion:
            continue
    pytest.fail("no ambiguous wording found in the bank")


def test_ambiguous_question(grader, bank):
    text = _ambiguous_wording(bank)
    # With an answer, an ambiguous wording is graded against each question it could mean and
    # the most favourable grade is kept; the others are named.
    g = grader.grade(text, "an answer about both")
    assert g["matched_question"]["by_answer"] is True
    assert g["matched_question"]["alternatives"]
    assert g["question_id"] not in g["matched_question"]["alternatives"]
    # The wording alone stays ambiguous: reported with its candidates, never guessed.
    with pytest.raises(gograde.AmbiguousQuestion) as e:
        bank.find(text)
    assert e.value.kind == "ambiguous-question"
    assert e.value.query == text.strip()
    cands = e.value.candidates
    assert len(cands) >= 2
    assert all(set(c) == {"id", "question", "confidence"} for c in cands)
    assert cands[0]["confidence"] >= cands[1]["confidence"]
    assert "ambiguous" in str(e.value)


def test_find_unknown(bank):
    with pytest.raises(gograde.UnknownQuestion) as e:
        bank.find("zzzz qqqq")
    assert e.value.query == "zzzz qqqq"


def _copy_bank(tmp_path: Path) -> Path:
    root = tmp_path / "bank"
    shutil.copytree(ROOT / "rubrics", root / "rubrics")
    shutil.copytree(ROOT / "corpus", root / "corpus")
    return root


def test_from_dir_loads_a_good_copy(tmp_path, grader):
    root = _copy_bank(tmp_path)
    bank = gograde.Bank.from_dir(root)
    assert bank.path == str(root)
    assert len(bank) == len(grader.bank)
    g = gograde.Grader(bank).grade("defer-semantics", "defer runs when the function returns")
    assert g == grader.grade("defer-semantics", "defer runs when the function returns")


def test_from_dir_on_a_bank_with_errors(tmp_path):
    root = _copy_bank(tmp_path)
    rubric = sorted(p for p in (root / "rubrics").rglob("*.toml") if p.name not in ("params.toml", "synonyms.toml"))[0]
    text = rubric.read_text(encoding="utf-8")
    # Break one concept's weight: a string where a number belongs.
    broken = text.replace("weight = ", 'weight = "heavy" # ', 1)
    assert broken != text
    rubric.write_text(broken, encoding="utf-8")
    with pytest.raises(gograde.InvalidBank) as e:
        gograde.Bank.from_dir(root)
    problems = e.value.problems
    assert problems, "at least one problem"
    rel = rubric.relative_to(root).as_posix()
    assert any(p["file"] == rel for p in problems), problems
    for p in problems:
        assert set(p) == {"file", "line", "column", "field", "message"}
        assert isinstance(p["line"], int) and isinstance(p["column"], int)
    p = next(p for p in problems if p["file"] == rel)
    assert p["line"] >= 1 and p["message"]
    assert isinstance(e.value, gograde.GogradeError)


def test_from_dir_missing_folder(tmp_path):
    with pytest.raises(gograde.GogradeError):
        gograde.Bank.from_dir(tmp_path / "nowhere")
