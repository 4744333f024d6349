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


async def answer_until(pilot, kind: str | None) -> None:
    """Answer questions right until one of `kind` is showing (None: until the results)."""
    from quiz.ui.screens.question import FeedbackScreen, QuestionScreen

    await pilot.pause()
    while isinstance(pilot.app.screen, QuestionScreen) and pilot.app.screen.item.kind != kind:
        await pilot.press(*right_keys(pilot.app.screen.item))
        await pilot.pause()
        assert isinstance(pilot.app.screen, FeedbackScreen)
        await pilot.press("enter")
        await pilot.pause()


async def settled(pilot) -> None:
    """Pause until the screen's reads from the database (run in workers) are shown."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
