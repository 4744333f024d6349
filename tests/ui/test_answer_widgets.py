"""The answer widgets' buttons, for players with a mouse: each one runs its widget's action."""

from __future__ import annotations

from ui_support import all_kinds, answer_until, asking, feedback

from quiz.ui.widgets.kinds.match import MatchAnswer
from quiz.ui.widgets.kinds.order import OrderAnswer


async def test_the_order_buttons_move_the_item_and_submit(make):
    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 40)) as pilot:
        await answer_until(pilot, "order")
        widget = app.screen.query_one(OrderAnswer)
        first, second = widget.current[:2]
        widget.highlighted = 0
        await pilot.click("#move-down")
        await pilot.pause()
        assert widget.current[:2] == [second, first]
        await pilot.click("#move-up")
        await pilot.pause()
        assert widget.current[:2] == [first, second]
        await pilot.click("#submit")
        await pilot.pause()
        assert feedback(app) is not None


async def test_the_match_submit_button_asks_for_every_match_first(make):
    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 40)) as pilot:
        await answer_until(pilot, "match")
        await pilot.click("#submit")
        await pilot.pause()
        assert asking(app) is not None  # not every item has a match yet
        widget = app.screen.query_one(MatchAnswer)
        widget.focus()  # the click left the focus on the button
        await pilot.press("home")
        for n in range(1, len(widget.chosen) + 1):
            await pilot.press(str(n), "down")  # a number sets the row; ↓ moves on
        await pilot.click("#submit")
        await pilot.pause()
        assert feedback(app) is not None


async def test_enter_with_nothing_ticked_asks_before_submitting(make):
    """Issue 16: one stray Enter on an "all that apply" question must not cost it."""
    from quiz.ui.widgets.kinds.multi import MultiAnswer

    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, "multi")
        await pilot.press("enter")
        await pilot.pause()
        assert asking(app) is not None  # not taken
        assert app.screen.query_one(MultiAnswer).confirming_empty  # "… Enter again to confirm"
        await pilot.press("1", "1", "enter")  # a tick and an untick: the confirmation is asked again
        await pilot.pause()
        assert asking(app) is not None
        await pilot.press("enter")
        await pilot.pause()
        assert feedback(app) is not None
        assert app.screen.outcome.given == [] and not app.screen.outcome.grade.correct


async def test_the_number_box_reads_magnitudes_and_refuses_an_amount_that_cant_be_meant(make):
    """Issue 16: for 40 million dollars, '40,000,000' is refused with a hint, '$40m' is right."""
    from textual.widgets import Input

    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, "number")
        await pilot.press(*"40,000,000", "enter")
        await pilot.pause()
        assert asking(app) is not None  # refused: 40,000,000 million dollars can't be meant
        app.screen.query_one(Input).value = ""
        await pilot.press(*"$40m", "enter")
        await pilot.pause()
        assert feedback(app) is not None
        assert app.screen.outcome.grade.correct and app.screen.outcome.given == "$40m"
