"""The registry of answer widgets: one module per question kind in this package, named after
the kind's tag (choice.py for "choice"), each with a `WIDGET` class. `WIDGETS` maps every kind of quiz.core.kinds to its widget (importing this
package fails loudly when one is missing); `answer_widget` builds the one for a play item."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from quiz.core.kinds import KINDS, UnknownKind, kind_of
from quiz.core.round import PlayItem
from quiz.ui.widgets.kinds.base import AnswerGiven, AnswerWidget


def _discover() -> dict[str, type[Any]]:
    found: dict[str, type[Any]] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("_") or module.name == "base":
            continue
        widget = getattr(importlib.import_module(f"{__name__}.{module.name}"), "WIDGET", None)
        if not (isinstance(widget, type) and issubclass(widget, AnswerWidget)):
            raise ImportError(f"quiz.ui.widgets.kinds.{module.name} has no WIDGET")
        found[module.name] = widget
    missing = [tag for tag in KINDS if tag not in found]
    if missing:
        raise ImportError(f"quiz.ui.widgets.kinds: no answer widget for {', '.join(missing)}")
    extra = [name for name in found if name not in KINDS]
    if extra:
        raise ImportError(f"quiz.ui.widgets.kinds: {', '.join(extra)} is no question kind")
    return {tag: found[tag] for tag in KINDS}


WIDGETS: dict[str, type[Any]] = _discover()

__all__ = ["WIDGETS", "AnswerGiven", "widget_class", "answer_widget"]


def widget_class(item: PlayItem) -> type[Any]:
    """The answer widget class for this item's kind; UnknownKind for a kind with none."""
    tag = kind_of(item.question).tag
    if tag not in WIDGETS:
        raise UnknownKind(f"no answer widget for question type {tag!r}")
    return WIDGETS[tag]


def answer_widget(item: PlayItem) -> Any:
    return widget_class(item)(item, id="answer")
