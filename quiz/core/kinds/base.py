"""The one interface every question kind implements.

A kind is a plugin: its module holds everything that differs from one kind to another
(its model class, a subclass of quiz.core.model.Question with its tag and its own fields;
grading, display order, the answer in words, how it is answered in plain text, its expected
answer time, its bank rules and lint checks, its export hooks, and its wire form for remote
clients), so nothing elsewhere asks "which kind is this?". The registry (quiz.core.kinds)
assembles the tagged union that decodes a bank from the kinds' model classes.

Conventions shared by every hook:
- `order` is the round's display order (PlayItem.order): indices into the question's choices,
  items or right-hand sides, as the player sees them; () for kinds that show none.
- `given` is an answer in the question's own indices (what the grader takes), never in
  display positions: parsers and `answer_from_wire` translate.
- A rule or lint problem is (sub-path inside the question, key or None, message, hint or None).
"""

from __future__ import annotations

import random
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from quiz.core.grading import Grade
from quiz.core.model import Question

Problem = tuple[tuple[Any, ...], str | None, str, str | None]
AuthoredText = tuple[tuple[Any, ...], str | None, str, str]  # (sub-path, key, what it is, text)
Wire = dict[str, Any]

Q = TypeVar("Q")


class BadAnswer(ValueError):
    """What was typed or sent can't be read as an answer to this question; the message says how."""


class UnknownKind(LookupError):
    """A question of a kind no module implements: an error, never a fallback to another kind."""


class GiftWriter(Protocol):
    """What a kind needs from the GIFT exporter to write its answer block (quiz.interchange.gift)."""

    def escape(self, text: str) -> str: ...
    def weight(self, share: float) -> str: ...
    def number(self, value: float) -> str: ...
    def why_not(self, index: int) -> str | None:
        """The escaped feedback of a wrong choice (why not, and its passage), or None."""
        ...


class Kind(ABC, Generic[Q]):
    """One question kind. Subclasses set `tag` and `model` and implement the abstract hooks."""

    tag: ClassVar[str]
    model: ClassVar[type[Question]]  # tagged with `tag`; defined in the kind's module
    # where the kind stands when kinds are listed (the bank schema, "type is one of", `quiz new`'s
    # examples): the registry orders kinds by it, so a new kind takes the next free number
    rank: ClassVar[int]
    # (seconds to answer once read, plus seconds per choice / item / pair), for review's rating
    answer_seconds: ClassVar[tuple[float, float]]
    # `quiz new`'s commented example: body with {id}, {explanation}, {quotes}, {end} to fill in,
    # and the passages it quotes (indexes into the article's usable passages; -1: one with a digit)
    example: ClassVar[str]
    example_quotes: ClassVar[tuple[int, ...]]

    # ------------------------------------------------------------------ playing

    @abstractmethod
    def grade(self, question: Q, given: Any) -> Grade:
        """Credit for an answer; may raise TypeError, ValueError, IndexError… on a malformed one
        (quiz.core.kinds.grade turns those into a wrong answer)."""

    def display_order(self, question: Q, rng: random.Random) -> tuple[int, ...]:
        """What the round shuffles, from the round's one RNG; () when nothing is shuffled."""
        return ()

    def options(self, question: Q, order: Sequence[int]) -> list[str]:
        """What the player picks from, in display order; [] when the answer is typed or arranged."""
        return []

    @abstractmethod
    def answer_in_words(self, question: Q) -> str:
        """The right answer as a player reads it (feedback, exports)."""

    @abstractmethod
    def given_in_words(self, question: Q, given: Any) -> str:
        """The player's answer in words; may raise IndexError, TypeError, KeyError on a malformed one."""

    def wrong_picks(self, question: Q, given: Any) -> list[int]:
        """The indices of the choices picked, for kinds with choices that may carry a why_not."""
        return []

    def picked_choices(self, given: Any, correct: Sequence[bool]) -> list[int] | None:
        """For a class report: the wrong choices a stored answer picked (`correct` says which
        choices are right); None when the answer is no pick of choices (it is told by its words)."""
        return None

    # ------------------------------------------------------------------ plain text

    @abstractmethod
    def plain_hint(self, question: Q, order: Sequence[int]) -> str:
        """How to answer by typing a line (plain mode)."""

    def plain_lines(self, question: Q, order: Sequence[int]) -> list[str]:
        """The lines plain mode prints under the prompt."""
        return [f"  {n}) {option}" for n, option in enumerate(self.options(question, order), 1)]

    @abstractmethod
    def parse_typed(self, question: Q, order: Sequence[int], text: str) -> Any:
        """A typed line (stripped, not empty) as an answer; BadAnswer saying how, otherwise."""

    empty_confirmation: ClassVar[str] = "Submit with nothing chosen? Enter again to confirm"

    def empty_answer(self, question: Q) -> Any:
        """The answer that choosing nothing gives, where that is an answer (a front end asks
        for a confirmation first: one stray Enter must not cost a question); None where it isn't."""
        return None

    # ------------------------------------------------------------------ review timing

    def reading_texts(self, question: Q) -> list[str]:
        """The texts a player reads besides the prompt (choices, items, both sides of pairs)."""
        return []

    def option_count(self, question: Q) -> int:
        """Choices, items or pairs: what the per-option answer time is counted in."""
        return 0

    # ------------------------------------------------------------------ authoring

    def rule_problems(self, question: Q) -> list[Problem]:
        """Errors the schema can't express (the loader reports them at their place)."""
        return []

    @abstractmethod
    def answer_texts(self, question: Q) -> list[str]:
        """The words of the right answer, as lint compares them with the quotes."""

    def authored_texts(self, question: Q) -> Iterable[AuthoredText]:
        """The kind's own texts an author writes (for the TODO check), after prompt and quotes."""
        return ()

    def lint_choices(self, question: Q, difficulty: int) -> Iterable[Problem]:
        """Warnings about wrong choices, reported with the question's first warnings."""
        return ()

    def lint_question(self, question: Q) -> Iterable[Problem]:
        """Other warnings about one question, reported after the explanation's."""
        return ()

    def bias_sample(self, question: Q) -> tuple[int, bool] | None:
        """For a bank's giveaway check: (where the one right choice stands, is it the longest)."""
        return None

    # ------------------------------------------------------------------ exports

    @abstractmethod
    def json_fields(self, question: Q, why_not_quote: Callable[[int, Any], dict[str, Any]]) -> dict[str, Any]:
        """The fields that hold the answer in the JSON export (why_not_quote(index, quote) places one)."""

    def choice_list(self, question: Q) -> list[Any]:
        """The choices (ChoiceItem) for kinds that have them; [] otherwise."""
        return []

    def aiken(self, question: Q) -> tuple[list[str], int] | None:
        """(options, index of the right one) if Aiken's single-answer format holds it, else None."""
        return None

    def anki_front(self, question: Q, html: Callable[[str], str]) -> str:
        """What the Anki card's front shows under the prompt (html escapes a text)."""
        return ""

    def csv_options(self, question: Q) -> str:
        """The CSV's options cell: one option a line, as the player would see them unshuffled."""
        return ""

    def gift_left_out(self, question: Q) -> str | None:
        """Why Moodle could not take this question as we mean it, or None."""
        return None

    @abstractmethod
    def gift_answers(self, question: Q, gift: GiftWriter, meta: dict[str, Any]) -> list[str]:
        """The lines of the GIFT answer block; what GIFT has no field for goes into `meta`."""

    def gift_imported(self, data: dict[str, Any], meta: dict[str, Any]) -> None:
        """Complete a question read back from GIFT from our `// quiz:` comment (`meta`)."""

    def tidy_written(self, data: dict[str, Any]) -> None:
        """Drop fields left at their defaults from a question about to be written as YAML."""

    # ------------------------------------------------------------------ wire

    @abstractmethod
    def wire_input(self, question: Q, order: Sequence[int]) -> dict[str, Any]:
        """The kind-specific part of the wire form: what is shown and what input is expected."""

    @abstractmethod
    def answer_from_wire(self, question: Q, order: Sequence[int], payload: dict[str, Any]) -> Any:
        """A remote client's answer as the grader takes it; BadAnswer when it is malformed."""


# ---------------------------------------------------------------------------- helpers


def shuffled(n: int, rng: random.Random, may_be_identity: bool) -> tuple[int, ...]:
    order = list(range(n))
    rng.shuffle(order)
    if not may_be_identity and n > 1 and order == sorted(order):
        order.append(order.pop(0))  # an order question must not start solved
    return tuple(order)


def repeats(texts: Sequence[str]) -> list[int]:
    """Indices of texts that repeat an earlier one (ignoring case and runs of space)."""
    seen: set[str] = set()
    found = []
    for i, text in enumerate(texts):
        key = " ".join(text.casefold().split())
        if key in seen:
            found.append(i)
        seen.add(key)
    return found


def wire_int(value: Any, below: int, what: str) -> int:
    """A display index sent by a client: an int (not a bool) from 0 to below-1."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < below:
        raise BadAnswer(f"{what} must be a whole number from 0 to {below - 1}")
    return value


def wire_field(payload: Any, key: str) -> Any:
    if not isinstance(payload, dict) or key not in payload:
        raise BadAnswer(f"the answer must be an object with '{key}'")
    return payload[key]


def typed_permutation(text: str, order: Sequence[int]) -> list[int]:
    """Display numbers typed in plain mode ("2 3 1"), each once, in the question's own indices."""
    n = len(order)
    numbers = [int(x) for x in re.findall(r"\d+", text)]
    if sorted(numbers) != list(range(1, n + 1)):
        raise BadAnswer(f"type each number from 1 to {n} once")
    return [order[x - 1] for x in numbers]


def wire_permutation(payload: Any, key: str, order: Sequence[int]) -> list[int]:
    """A list of display indices using each one once, in the question's own indices."""
    value = wire_field(payload, key)
    n = len(order)
    if not isinstance(value, list) or len(value) != n:
        raise BadAnswer(f"'{key}' must list {n} display indices")
    picked = [wire_int(v, n, f"each of '{key}'") for v in value]
    if sorted(picked) != list(range(n)):
        raise BadAnswer(f"'{key}' must use each display index from 0 to {n - 1} once")
    return [order[i] for i in picked]
