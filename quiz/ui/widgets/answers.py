"""The answer widgets, one per question kind, live in quiz.ui.widgets.kinds (one module each,
found by its registry); this module is the front door the screens import."""

from __future__ import annotations

from quiz.ui.widgets.kinds import WIDGETS, answer_widget, widget_class
from quiz.ui.widgets.kinds.base import AnswerButton, AnswerGiven, AnswerWidget
from quiz.ui.widgets.kinds.choice import ChoiceAnswer
from quiz.ui.widgets.kinds.match import MatchAnswer
from quiz.ui.widgets.kinds.multi import MultiAnswer
from quiz.ui.widgets.kinds.number import NumberAnswer
from quiz.ui.widgets.kinds.order import OrderAnswer
from quiz.ui.widgets.kinds.text import TextAnswer
from quiz.ui.widgets.kinds.truefalse import TrueFalseAnswer

__all__ = [
    "WIDGETS",
    "AnswerButton",
    "AnswerGiven",
    "AnswerWidget",
    "ChoiceAnswer",
    "MatchAnswer",
    "MultiAnswer",
    "NumberAnswer",
    "OrderAnswer",
    "TextAnswer",
    "TrueFalseAnswer",
    "answer_widget",
    "widget_class",
]
