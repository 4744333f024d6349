"""The answer widgets' buttons, for players with a mouse: each one runs its widget's action."""

from __future__ import annotations

from ui_support import all_kinds, answer_until

from quiz.ui.screens.question import FeedbackScreen, QuestionScreen
from quiz.ui.widgets.answers import MatchAnswer, OrderAnswer


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
        assert isinstance(app.screen, FeedbackScreen)


async def test_the_match_submit_button_asks_for_every_match_first(make):
    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 40)) as pilot:
        await answer_until(pilot, "match")
        await pilot.click("#submit")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)  # not every item has a match yet
        widget = app.screen.query_one(MatchAnswer)
        widget.focus()  # the click left the focus on the button
        await pilot.press("home")
        for n in range(1, len(widget.chosen) + 1):
            await pilot.press(str(n), "down")  # a number sets the row; ↓ moves on
        await pilot.click("#submit")
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
