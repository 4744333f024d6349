"""Is this answer right? Partial credit, and forgiving typed answers.

Answers are given in terms of the question as written (indices into its choices, items
or pairs), never of the shuffled display: the round translates what the player saw.

| type | answer given | credit |
| --- | --- | --- |
| choice | index of the chosen choice | 1 or 0 |
| multi | set of chosen indices | (right picks - wrong picks) / right choices, at least 0 |
| truefalse | True or False | 1 or 0 |
| text | the typed text | 1 if it matches the answer or an accepted one, forgiving case, accents, punctuation and small typos |
| number | the typed text | 1 if within the tolerance |
| order | item indices in the order given | share of item pairs in the right relative order |
| match | for each left, the index of the right chosen | share of pairs matched right |
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from quiz.core.model import (
    ChoiceQuestion,
    MatchQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Question,
    TextQuestion,
    TrueFalseQuestion,
    choice_is_correct,
)
from quiz.core.wording import counted


@dataclass(frozen=True)
class Grade:
    credit: float  # 0.0 to 1.0
    detail: str  # how it was judged, for the feedback ("2 of 3 pairs right")

    @property
    def correct(self) -> bool:
        return self.credit >= 1.0


def grade(question: Question, given: Any) -> Grade:
    """Grade any answer to any question; malformed answers are simply wrong, never an error."""
    try:
        return _GRADERS[type(question)](question, given)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError):
        return Grade(0.0, "not an answer to this question")


def _choice(q: ChoiceQuestion, given: Any) -> Grade:
    if isinstance(given, bool) or not isinstance(given, int) or not 0 <= given < len(q.choices):
        return Grade(0.0, "no choice given")
    return Grade(1.0, "right choice") if choice_is_correct(q.choices[given]) else Grade(0.0, "wrong choice")


def _multi(q: MultiQuestion, given: Any) -> Grade:
    picked = {i for i in given if isinstance(i, int) and not isinstance(i, bool) and 0 <= i < len(q.choices)}
    right = {i for i, c in enumerate(q.choices) if choice_is_correct(c)}
    hits, misses = len(picked & right), len(picked - right)
    credit = max(0.0, (hits - misses) / len(right))
    detail = f"{hits} of {len(right)} right choices picked"
    if misses:
        detail += f", {counted(misses, 'wrong one')} picked"
    return Grade(1.0 if picked == right else min(credit, 0.99), detail)


def _truefalse(q: TrueFalseQuestion, given: Any) -> Grade:
    if not isinstance(given, bool):
        return Grade(0.0, "no answer given")
    return Grade(1.0 if given == q.answer else 0.0, "right" if given == q.answer else "wrong")


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


def _text(q: TextQuestion, given: Any) -> Grade:
    typed = str(given)
    for expected in (q.answer, *q.accept):
        ok, how = text_matches(typed, expected)
        if ok:
            return Grade(1.0, how if expected == q.answer else f"{how} (an accepted answer)")
    return Grade(0.0, "does not match")


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


def _number(q: NumberQuestion, given: Any) -> Grade:
    value = given if isinstance(given, (int, float)) and not isinstance(given, bool) else parse_number(str(given))
    if value is None or not math.isfinite(value):
        return Grade(0.0, "not a number")
    if abs(value - q.answer) <= q.tolerance + 1e-9 * max(1.0, abs(q.answer)):
        return Grade(1.0, "exact" if value == q.answer else f"within ±{q.tolerance:g}")
    return Grade(0.0, f"off by {abs(value - q.answer):g}")


def _order(q: OrderQuestion, given: Any) -> Grade:
    order = [int(i) for i in given]
    if sorted(order) != list(range(len(q.items))):
        return Grade(0.0, "not an ordering of the items")
    position = {item: at for at, item in enumerate(order)}
    pairs = list(combinations(range(len(q.items)), 2))
    right = sum(1 for a, b in pairs if position[a] < position[b])
    if right == len(pairs):
        return Grade(1.0, "all in the right order")
    return Grade(right / len(pairs), f"{right} of {len(pairs)} pairs in the right order")


def _match(q: MatchQuestion, given: Any) -> Grade:
    chosen = list(given)
    if len(chosen) != len(q.pairs):
        return Grade(0.0, "not every item matched")
    right = sum(1 for left, r in enumerate(chosen) if r == left)
    if right == len(q.pairs):
        return Grade(1.0, "all pairs right")
    return Grade(right / len(q.pairs), f"{right} of {len(q.pairs)} pairs right")


_GRADERS = {
    ChoiceQuestion: _choice,
    MultiQuestion: _multi,
    TrueFalseQuestion: _truefalse,
    TextQuestion: _text,
    NumberQuestion: _number,
    OrderQuestion: _order,
    MatchQuestion: _match,
}
