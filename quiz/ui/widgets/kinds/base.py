"""What every answer widget shares. Each posts `AnswerGiven` with the answer in the question's
own indices (the round's display order is translated in the widget), and nothing else:
grading belongs to the kind (quiz.core.kinds).

An answer widget class says, besides answering: the line under the prompt that tells how to
answer it (`HOW_TO_ANSWER`), the buttons the question screen puts under it (`BUTTONS`, each
calling one of the widget's actions, for players with a mouse), and anything shown above it
(`extras`)."""

from __future__ import annotations

from typing import Any, ClassVar

import msgspec
from textual.content import Content
from textual.message import Message
from textual.widget import Widget


class AnswerGiven(Message):
    def __init__(self, given: Any) -> None:
        super().__init__()
        self.given = given


class AnswerButton(msgspec.Struct, frozen=True):
    label: str
    id: str
    action: str  # an action of the answer widget, e.g. "move(-1)"
    primary: bool = False  # the one that answers: drawn stronger


def label(n: int, text: str) -> Content:
    return Content.assemble((f"{n}) ", "bold"), text)


class AnswerWidget:
    """Mixed into each answer widget class (with a Textual widget base) for the screen's use."""

    HOW_TO_ANSWER: ClassVar[str]
    BUTTONS: ClassVar[tuple[AnswerButton, ...]] = ()

    @classmethod
    def extras(cls, item: Any) -> list[Widget]:
        """Widgets the question screen shows between the prompt and this widget."""
        return []


SUBMIT = AnswerButton("Submit (Enter)", "submit", "submit", primary=True)
