"""Shared fixtures: the bank, a grader, the repository's test data and the gograde CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import gograde

ROOT = Path(__file__).resolve().parents[2]
MARKED = ROOT / "tests" / "data" / "marked-answers.jsonl"


def _cli_path() -> Path:
    """The gograde CLI: $GOGRADE_CLI, else the repository's release build (built if missing)."""
    env = os.environ.get("GOGRADE_CLI")
    if env:
        return Path(env)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    exe = target / "release" / "gograde"
    if not exe.exists():
        if shutil.which("cargo") is None:
            pytest.fail(f"{exe} is missing and cargo is not on PATH; set GOGRADE_CLI")
        subprocess.run(
            ["nice", "-n", "15", "cargo", "build", "--release", "--locked", "--bin", "gograde"],
            cwd=ROOT,
            check=True,
        )
    return exe


@pytest.fixture(scope="session")
def cli() -> Path:
    return _cli_path()


@pytest.fixture(scope="session")
def bank() -> gograde.Bank:
    return gograde.Bank.shipped()


@pytest.fixture(scope="session")
def grader(bank: gograde.Bank) -> gograde.Grader:
    return gograde.Grader(bank)


@pytest.fixture(scope="session")
def marked_all() -> list:
    """The hand-marked answers of tests/data: dicts with question (an id or a wording), answer,
    grade, kind. Some name questions the shipped bank lacks."""
    with open(MARKED, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def marked(marked_all, bank) -> list:
    """The hand-marked answers whose question the bank resolves, with the question as its id."""
    out = []
    for r in marked_all:
        try:
            qid = bank.find(r["question"])["id"]
        except gograde.GogradeError:
            continue
        out.append(dict(r, question=qid))
    assert len(out) > 100
    return out


def run_cli(cli: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(cli), *args], input=input, capture_output=True, text=True, check=False)
