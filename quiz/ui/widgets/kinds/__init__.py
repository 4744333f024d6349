"""The registry of answer widgets: one module per question kind in this package, named after
the kind's tag (choice.py for "choice"), each with a `WIDGET` class.

A kind's module is imported when its first question is shown, so starting on a question
imports one of them, not all seven. `all_widgets()` imports every one and fails loudly when a
kind has no widget or a module here is no kind (tests/test_kinds.py calls it)."""

from __future__ import annotations

import functools
import importlib
import pkgutil
from typing import Any

from quiz.core.kinds import KINDS, kind_of
from quiz.core.round import PlayItem
from quiz.ui.widgets.kinds.base import AnswerGiven, AnswerWidget

__all__ = ["AnswerGiven", "all_widgets", "answer_widget", "widget_class"]


@functools.cache
def _widget(tag: str) -> type[Any]:
    widget = getattr(importlib.import_module(f"{__name__}.{tag}"), "WIDGET", None)
    if not (isinstance(widget, type) and issubclass(widget, AnswerWidget)):
        raise ImportError(f"quiz.ui.widgets.kinds.{tag} has no WIDGET")
    return widget


def widget_class(item: PlayItem) -> type[Any]:
    """The answer widget class for this item's kind; UnknownKind for a question of no kind."""
    return _widget(kind_of(item.question).tag)


def answer_widget(item: PlayItem) -> Any:
    return widget_class(item)(item, id="answer")


def all_widgets() -> dict[str, type[Any]]:
    """Every kind's widget, in the kinds' order."""
    modules = {m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_") and m.name != "base"}
    missing = [tag for tag in KINDS if tag not in modules]
    if missing:
        raise ImportError(f"quiz.ui.widgets.kinds: no answer widget for {', '.join(missing)}")
    extra = sorted(modules - set(KINDS))
    if extra:
        raise ImportError(f"quiz.ui.widgets.kinds: {', '.join(extra)} is no question kind")
    return {tag: _widget(tag) for tag in KINDS}
