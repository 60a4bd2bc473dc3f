"""grade_frame: the pandas convenience."""

import pytest

import gograde

pd = pytest.importorskip("pandas")


def test_grade_frame(grader, marked):
    df = pd.DataFrame(marked[:40]).rename(columns={"grade": "marked"})
    df.index = df.index * 10 + 7  # any index
    df.loc[df.index[3], "answer"] = "   "
    out = gograde.grade_frame(df, grader=grader)
    assert list(out.index) == list(df.index)
    assert list(df.columns) == ["question", "answer", "marked", "kind"], "the input is not changed"
    for col in ("score", "grade", "covered", "missing", "red_flags", "error"):
        assert col in out.columns
    many = grader.grade_many(zip(df["question"], df["answer"]))
    for (_, row), g in zip(out.iterrows(), many):
        if "error" in g:
            assert pd.isna(row["score"]) and pd.isna(row["grade"])
            assert row["error"].startswith("empty-answer")
            continue
        assert row["score"] == g["score"] and row["grade"] == g["grade"]
        assert row["covered"] == [c["id"] for c in g["concepts"] if c["covered"]]
        assert row["missing"] == [c["id"] for c in g["concepts"] if not c["covered"]]
        assert row["red_flags"] == [f["id"] for f in g["red_flags"] if f["fired"]]
        assert pd.isna(row["error"])
    assert out["error"].notna().sum() == 1


def test_grade_frame_custom_columns():
    df = pd.DataFrame({"q": ["defer-semantics"], "a": ["defer runs when the function returns"]})
    out = gograde.grade_frame(df, question_col="q", answer_col="a", threads=1)
    assert out.loc[0, "grade"] == gograde.worker_grader().grade("defer-semantics", df.loc[0, "a"])["grade"]
    assert len(gograde.grade_frame(df.iloc[:0], question_col="q", answer_col="a")) == 0
