"""Snapshots of each main screen state (fixed bank, seed, clock and size). Review the HTML
report before updating one: `pytest tests/ui --snapshot-update`."""

from __future__ import annotations

import pytest
from ui_support import all_kinds, answer_until, right_keys, settled

KINDS = ["choice", "multi", "truefalse", "text", "number", "order", "match"]


def no_blink(app) -> None:
    from textual.widgets import Input

    for widget in app.screen.query(Input):
        widget.cursor_blink = False


def test_home(make, snap_compare):
    assert snap_compare(make(), terminal_size=(80, 24), run_before=settled)


@pytest.mark.parametrize("kind", KINDS)
def test_question(make, snap_compare, kind):
    async def reach(pilot):
        await answer_until(pilot, kind)
        no_blink(pilot.app)

    assert snap_compare(make(settings=all_kinds(), start_now=True), terminal_size=(80, 24), run_before=reach)


def test_feedback_right(make, snap_compare):
    async def answer(pilot):
        await answer_until(pilot, "choice")
        await pilot.press(*right_keys(pilot.app.screen.item))
        await pilot.pause()

    assert snap_compare(make(settings=all_kinds(), start_now=True), terminal_size=(80, 24), run_before=answer)


def test_feedback_wrong_with_why_not(make, snap_compare):
    async def answer(pilot):
        await answer_until(pilot, "choice")
        item = pilot.app.screen.item
        mayor = next(
            n for n, i in enumerate(item.order, 1) if getattr(item.question.choices[i], "text", "") == "The mayor"
        )
        await pilot.press(str(mayor))
        await pilot.pause()

    assert snap_compare(make(settings=all_kinds(), start_now=True), terminal_size=(80, 24), run_before=answer)


def test_article_view(make, snap_compare):
    async def open_article(pilot):
        await answer_until(pilot, "choice")
        await pilot.press(*right_keys(pilot.app.screen.item), "a")
        await pilot.pause()

    assert snap_compare(make(settings=all_kinds(), start_now=True), terminal_size=(80, 24), run_before=open_article)


def test_results(make, snap_compare):
    async def finish(pilot):
        await answer_until(pilot, None)

    assert snap_compare(make(settings=all_kinds(), start_now=True), terminal_size=(80, 24), run_before=finish)


def test_help(make, snap_compare):
    assert snap_compare(make(), terminal_size=(80, 24), press=["f1"])


def test_small_terminal_40x12(make, snap_compare):
    async def reach(pilot):
        await answer_until(pilot, "choice")

    assert snap_compare(make(settings=all_kinds(), start_now=True), terminal_size=(40, 12), run_before=reach)


def test_too_small_notice(make, snap_compare):
    assert snap_compare(make(), terminal_size=(30, 8))
