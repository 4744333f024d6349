"""Helpers shared by the UI tests."""

from __future__ import annotations

from quiz.core.model import choice_is_correct
from quiz.core.round import RoundSettings


def all_kinds(seed: int = 3) -> RoundSettings:
    """A round of the fixture bank with one question of every type."""
    return RoundSettings(banks=("kinds",), count=None, seed=seed)


def right_keys(item) -> list[str]:
    """The keys a player presses to answer this item right, seen as the screen shows it."""
    q = item.question
    if item.kind == "choice":
        return [str(next(n for n, i in enumerate(item.order, 1) if choice_is_correct(q.choices[i])))]
    if item.kind == "multi":
        return [str(n) for n, i in enumerate(item.order, 1) if choice_is_correct(q.choices[i])] + ["enter"]
    if item.kind == "truefalse":
        return ["t" if q.answer else "f"]
    if item.kind == "text":
        return [*q.answer.lower(), "enter"]
    if item.kind == "number":
        return [*f"{q.answer:g}", "enter"]
    if item.kind == "order":
        keys, current = [], list(item.order)
        for target, wanted in enumerate(range(len(current))):
            at = current.index(wanted)
            keys += ["home"] + ["down"] * at + ["shift+up"] * (at - target)
            current.insert(target, current.pop(at))
        return keys + ["enter"]
    assert item.kind == "match"
    keys = ["home"]
    for left in range(len(item.order)):
        keys += [str(item.order.index(left) + 1), "down"]  # a number sets the row; ↓ moves on
    return keys + ["enter"]


def asking(app):
    """The item whose question is showing, not yet answered; None when none is."""
    from quiz.ui.screens.question import QuestionScreen

    screen = app.screen
    return screen.item if isinstance(screen, QuestionScreen) and screen.outcome is None else None


def feedback(app):
    """The outcome whose feedback is on screen (just answered, or reopened from the results),
    seen as the player sees it: its body showing, its verdict drawn; None when none is."""
    from quiz.ui.screens.question import MissedFeedbackScreen, QuestionScreen
    from quiz.ui.widgets.feedback import FeedbackBody

    screen = app.screen
    if not isinstance(screen, QuestionScreen | MissedFeedbackScreen) or screen.outcome is None:
        return None
    body = screen.query_one("#feedback-body", FeedbackBody)
    if not body.display or body.outcome is not screen.outcome or not body.query_one("#verdict").region:
        return None
    return screen.outcome


def shown_text(screen) -> str:
    """The text of every Static on the screen that is on show (a question's feedback is
    built hidden under it, and the question hidden once it is answered)."""
    from textual.widgets import Static

    def on_show(widget) -> bool:
        return all(node.display for node in widget.ancestors_with_self if node is not screen)

    return " ".join(str(w.render()) for w in screen.query(Static) if on_show(w))


async def answer_until(pilot, kind: str | None) -> None:
    """Answer questions right until one of `kind` is showing (None: until the results)."""
    await pilot.pause()
    while (item := asking(pilot.app)) is not None and item.kind != kind:
        await pilot.press(*right_keys(item))
        await pilot.pause()
        assert feedback(pilot.app) is not None
        await pilot.press("enter")
        await pilot.pause()


async def settled(pilot) -> None:
    """Pause until the screen's reads from the database (run in workers) are shown."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
