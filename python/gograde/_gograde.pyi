"""Type stubs of the native module gograde._gograde (re-exported by ``gograde``)."""

import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, TypedDict, Union

__version__: str

class CandidateDict(TypedDict):
    id: str
    question: str
    confidence: float

class ProblemDict(TypedDict):
    file: str
    line: int
    column: int
    field: str
    message: str

class QuestionDict(TypedDict):
    id: str
    topic: str
    level: str
    question: str

class MatchDict(TypedDict):
    id: str
    confidence: float

#: A grade: exactly the JSON object of ``gograde grade --format json`` (question_id, question,
#: score, grade, concepts, red_flags, similarity, off_topic, matched_question, gates, breakdown,
#: and closest_other / reference when present). New fields may appear.
GradeDict = Dict[str, Any]

#: ``{"error": {"kind": str, "message": str}}`` (plus ``candidates`` for unknown or ambiguous
#: questions): an item of ``grade_many`` that could not be graded.
ErrorDict = Dict[str, Dict[str, Any]]

class GogradeError(Exception):
    """Base class of every error raised by gograde."""
    kind: str

class UnknownQuestion(GogradeError):
    """No question of the bank matches the id or wording."""
    query: str
    candidates: List[CandidateDict]

class AmbiguousQuestion(GogradeError):
    """Several questions match the wording about equally well; nothing is guessed."""
    query: str
    candidates: List[CandidateDict]

class InvalidBank(GogradeError):
    """The bank has errors and does not load."""
    problems: List[ProblemDict]

class EmptyAnswer(GogradeError):
    """The answer is empty or only whitespace."""

class Bank:
    """A loaded, validated and indexed question bank. Immutable; share it freely."""

    @staticmethod
    def shipped() -> "Bank":
        """The bank shipped inside the package."""
    @staticmethod
    def from_dir(path: Union[str, "os.PathLike[str]"]) -> "Bank":
        """Load a bank from a folder holding ``rubrics/`` and ``corpus/``; raises InvalidBank."""
    def questions(self) -> List[QuestionDict]:
        """Every question (id, topic, level, question), in bank order."""
    def find(self, text: str) -> MatchDict:
        """Resolve an id or wording; raises UnknownQuestion or AmbiguousQuestion."""
    def candidates(self, text: str, limit: int = 5) -> List[CandidateDict]:
        """The questions closest to a wording, best first."""
    @property
    def origin(self) -> str:
        """"shipped bank" or the folder it was loaded from."""
    @property
    def path(self) -> Optional[str]:
        """The folder it was loaded from, or None for the shipped bank."""
    def __len__(self) -> int: ...
    def __contains__(self, id: object) -> bool: ...

class Grader:
    """Grades answers against a bank. Cheap to create; safe to share between threads."""

    def __init__(self, bank: Bank, reference: bool = False) -> None: ...
    @property
    def bank(self) -> Bank: ...
    @property
    def reference(self) -> bool: ...
    def grade(self, question: str, answer: str, reference: Optional[bool] = None) -> GradeDict:
        """Grade one answer (question by id or wording). Raises EmptyAnswer, UnknownQuestion,
        AmbiguousQuestion."""
    def grade_json(self, question: str, answer: str, reference: Optional[bool] = None) -> str:
        """The JSON text of ``gograde grade --format json`` for one answer."""
    def grade_many(
        self,
        pairs: Iterable[Sequence[str]],
        threads: Optional[int] = None,
        reference: Optional[bool] = None,
    ) -> List[Union[GradeDict, ErrorDict]]:
        """Grade (question, answer) pairs in parallel with the GIL released, in input order;
        an item that cannot be graded yields an ErrorDict."""
    def grade_many_json(
        self,
        pairs: Iterable[Sequence[str]],
        threads: Optional[int] = None,
        reference: Optional[bool] = None,
    ) -> List[str]:
        """Like grade_many, but each element is the JSON text of the grade or error dict."""

def _set_conversion(mode: str) -> None: ...
