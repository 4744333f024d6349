"""Is this answer right? Partial credit, and forgiving typed answers.

Answers are given in terms of the question as written (indices into its choices, items
or pairs), never of the shuffled display: the round translates what the player saw.

Each kind grades its own answers (quiz.core.kinds.<kind>.grade, where the module's docstring
says what answer it takes); this module holds the dispatch and the forgiving comparisons the
typed kinds share.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quiz.core.model import Question


@dataclass(frozen=True)
class Grade:
    credit: float  # 0.0 to 1.0
    detail: str  # how it was judged, for the feedback ("2 of 3 pairs right")

    @property
    def correct(self) -> bool:
        return self.credit >= 1.0


def grade(question: Question, given: Any) -> Grade:
    """Grade any answer to any question; malformed answers are simply wrong, never an error.
    A question of no known kind is an error (UnknownKind), not a wrong answer."""
    from quiz.core.kinds import kind_of  # the kinds grade with this module's helpers

    kind = kind_of(question)
    try:
        return kind.grade(question, given)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError):
        return Grade(0.0, "not an answer to this question")


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as space, single spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w\s]|_", " ", text)
    return " ".join(text.split())


def typo_allowance(length: int) -> int:
    """How many typos a typed answer of this length may have and still count."""
    if length <= 4:
        return 0
    return 1 if length <= 8 else 2


def text_matches(typed: str, expected: str) -> tuple[bool, str]:
    a, b = fold(typed), fold(expected)
    if not a:
        return False, "nothing typed"
    if a == b:
        return True, "matches"
    if any(ch.isdigit() for ch in a + b):
        return False, "numbers must match exactly"  # 2012 is not 2013, however close
    # Each word is judged on its own, so a small slip in one word of a name is
    # forgiven but a different word (another name) is not.
    words_a, words_b = a.split(), b.split()
    if len(words_a) != len(words_b):  # "Loretta Lynch" for "Loretta E. Lynch": initials may go
        words_a = [w for w in words_a if len(w) > 1]
        words_b = [w for w in words_b if len(w) > 1]
    if len(words_a) != len(words_b):
        return False, "different words"
    # Only a near miss needs rapidfuzz (~10 ms and ~4 MB to import), so a start-up
    # and a round of answers typed right never load it.
    from rapidfuzz.distance import Levenshtein

    for wa, wb in zip(words_a, words_b):
        if Levenshtein.distance(wa, wb) > typo_allowance(len(wb)):
            return False, "different words"
    return True, "accepted with a small typo"


_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)*(?:[.]\d+)?")


def parse_number(text: str) -> float | None:
    """The number in what a player typed: '70', '70%', '$3.5bn', '1,000', '30 000'."""
    cleaned = str(text).strip().replace("\u00a0", "").replace(" ", "")
    found = _NUMBER.search(cleaned)
    if not found:
        return None
    raw = found.group()
    if raw.count(",") == 1 and "." not in raw and len(raw.split(",")[1]) != 3:
        raw = raw.replace(",", ".")  # a decimal comma, as in 3,5
    value = float(raw.replace(",", ""))
    return value if math.isfinite(value) else None
