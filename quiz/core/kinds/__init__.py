"""The registry of question kinds: one module per kind in this package, each with a `KIND`
whose model class (defined in that module) is a quiz.core.model.Question tagged as the kind.

The kinds are listed in their `rank` order (the order authors see them in: the schema,
`quiz new`'s examples); importing this package fails loudly when a module has no KIND, or
two kinds share a tag or a rank, or a model is no Question tagged as its kind says.
`QUESTION_TYPES` maps each tag to its model and `AnyQuestion` is their tagged union, which
decodes a question (quiz.core.banks.Bank decodes a bank with it). `kind_of` raises
UnknownKind for anything else: no layer falls back to another kind.

The wire form, for remote clients (JSON both ways; positions are 0-based display positions):

| kind | `wire_question` adds | `answer_from_wire` takes |
| --- | --- | --- |
| choice | input "choose_one", options | {"choice": position} |
| multi | input "choose_any", options | {"choices": [positions]} (none, some or all) |
| truefalse | input "true_or_false", options ["True", "False"] | {"answer": true or false} |
| text | input "text" | {"text": what was typed} |
| number | input "number", unit (or null) | {"text": what was typed} or {"number": a number} |
| order | input "order", items (shuffled) | {"order": [positions, first to last]} |
| match | input "match", left (as written), options (right sides, shuffled) | {"matches": [for each left, a position]} |

Every wire question also has kind, id, prompt and difficulty, and never the key, the
explanation or the quotes (those belong to the feedback, after the answer).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeAlias, Union

from quiz.core.grading import Grade
from quiz.core.kinds.base import BadAnswer, Kind, UnknownKind
from quiz.core.model import Question

__all__ = [
    "KINDS",
    "QUESTION_TYPES",
    "AnyQuestion",
    "BadAnswer",
    "Kind",
    "UnknownKind",
    "answer_from_wire",
    "grade",
    "kind_named",
    "kind_of",
    "wire_question",
]


# what each kind declares besides its methods (the abstract ones are enforced by Kind itself)
_DECLARED = ("tag", "model", "rank", "answer_seconds", "example", "example_quotes")


def _discover() -> dict[str, Kind[Any]]:
    found: list[Kind[Any]] = []
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("_") or module.name == "base":
            continue
        kind = getattr(importlib.import_module(f"{__name__}.{module.name}"), "KIND", None)
        if not isinstance(kind, Kind):
            raise ImportError(f"quiz.core.kinds.{module.name} has no KIND")
        unset = [name for name in _DECLARED if not hasattr(kind, name)]
        if unset:
            raise ImportError(f"quiz.core.kinds.{module.name}: KIND does not set {', '.join(unset)}")
        found.append(kind)
    return _registry(found)


def _registry(found: Iterable[Kind[Any]]) -> dict[str, Kind[Any]]:
    """The kinds by tag, in rank order; ImportError for a model that is no Question tagged as
    its kind says, or for two kinds with one tag or one rank."""
    kinds: dict[str, Kind[Any]] = {}
    ranks: dict[int, str] = {}
    for kind in sorted(found, key=lambda k: k.rank):
        model = kind.model
        if not (isinstance(model, type) and issubclass(model, Question)):
            raise ImportError(f"quiz.core.kinds: the model of '{kind.tag}' is no quiz.core.model.Question")
        tag = model.__struct_config__.tag
        if tag != kind.tag:
            raise ImportError(f"quiz.core.kinds: {model.__name__} is tagged {tag!r}, its kind says '{kind.tag}'")
        if kind.tag in kinds:
            raise ImportError(f"quiz.core.kinds: two kinds are tagged '{kind.tag}'")
        if kind.rank in ranks:
            raise ImportError(f"quiz.core.kinds: '{ranks[kind.rank]}' and '{kind.tag}' both have rank {kind.rank}")
        kinds[kind.tag] = kind
        ranks[kind.rank] = kind.tag
    return kinds


KINDS: dict[str, Kind[Any]] = _discover()
QUESTION_TYPES: dict[str, type[Question]] = {tag: kind.model for tag, kind in KINDS.items()}

# The tagged union msgspec decodes a question with (by its `type`), assembled from the kinds.
# Statically it is Question, the common base: code that needs a kind's own fields narrows.
if TYPE_CHECKING:
    AnyQuestion: TypeAlias = Question
else:
    AnyQuestion = Union[tuple(QUESTION_TYPES.values())]
_BY_MODEL: dict[type, Kind[Any]] = {kind.model: kind for kind in KINDS.values()}


def kind_of(question: Any) -> Kind[Any]:
    """The kind of a question; UnknownKind for an object that is no question we know."""
    try:
        return _BY_MODEL[type(question)]
    except (KeyError, TypeError):
        raise UnknownKind(f"not a question of a known kind: {type(question).__name__}") from None


def grade(question: Question, given: Any) -> Grade:
    """Grade any answer to any question; malformed answers are simply wrong, never an error.
    A question of no known kind is an error (UnknownKind), not a wrong answer."""
    kind = kind_of(question)
    try:
        return kind.grade(question, given)
    except (TypeError, ValueError, IndexError, KeyError, AttributeError):
        return Grade(0.0, "not an answer to this question")


def kind_named(tag: str) -> Kind[Any]:
    """The kind a bank, a results file or a client names; UnknownKind for any other name."""
    try:
        return KINDS[tag]
    except (KeyError, TypeError):
        raise UnknownKind(f"unknown question type {tag!r}: one of {', '.join(KINDS)}") from None


def wire_question(question: Question, display_order: tuple[int, ...] | list[int]) -> dict[str, Any]:
    """A question as a remote client renders it: plain JSON-able data in display order, with
    nothing that tells the right answer (no key, explanation or quotes)."""
    kind = kind_of(question)
    return {
        "kind": kind.tag,
        "id": question.id,
        "prompt": question.prompt,
        "difficulty": question.difficulty,
        **kind.wire_input(question, display_order),
    }


def answer_from_wire(question: Question, display_order: tuple[int, ...] | list[int], payload: Any) -> Any:
    """A remote client's answer (a decoded JSON object) as the grader takes it. BadAnswer,
    saying what is expected, for anything malformed; never another exception."""
    kind = kind_of(question)
    if not isinstance(payload, dict):
        raise BadAnswer("the answer must be a JSON object")
    return kind.answer_from_wire(question, display_order, payload)
