"""Typed text and names reach the screen as text, never as markup (issue 13)."""

from __future__ import annotations

from quiz.ui.screens.home import HomeScreen


async def test_markup_typed_in_the_tag_box_is_a_warning_not_a_crash(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.screen.query_one("#tags").value = "[/], [b]x[/b], [@click=app.quit]"
        app.screen.action_start()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.is_running
        shown = [str(n.message) for n in app._notifications]
        assert any("[/]" in m and "[@click=app.quit]" in m for m in shown), shown


async def test_a_toast_quoting_a_name_shows_it_as_text(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.notify("Welcome, [/]\x1b]0;x\x07 [b]Ana[/b]")
        await pilot.pause()
        message = str(list(app._notifications)[-1].message)
        assert "[/]" in message and "\x1b" not in message and app.is_running
