"""Typed text and names reach the screen as text, never as markup (issue 13)."""

from __future__ import annotations

from textual.widgets._toast import Toast

from quiz.ui.screens.home import HomeScreen


def drawn(app) -> list[str]:
    """Each toast as the toast widget draws it (markup would be read here, and could fail)."""
    return [Toast(n).render().plain for n in app._notifications]


async def test_markup_typed_in_the_tag_box_is_a_warning_not_a_crash(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.screen.query_one("#tags").value = "[/], [b]x[/b], [@click=app.quit]"
        app.screen.action_start()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.is_running
        assert any("[/]" in m and "[@click=app.quit]" in m for m in drawn(app)), drawn(app)


async def test_a_toast_quoting_a_name_shows_it_as_text(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.notify("Welcome, [/]\x1b]0;x\x07 [b]Ana[/b]")
        await pilot.pause()
        (message,) = drawn(app)
        assert "[/]" in message and "[b]Ana[/b]" in message and "\x1b" not in message


async def test_a_round_answered_in_another_window_is_a_message_not_a_crash(make, store, kinds_library):
    from ui_support import all_kinds, asking, right_keys

    from quiz.play.game import Game
    from quiz.store.sqlite import Store

    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert asking(app) is not None
        with Store.open(store.path) as elsewhere:  # the same round, in another terminal
            other = Game.resume(kinds_library, elsewhere, elsewhere.unfinished_round("ana"))
            other.begin_question()
            other.answer(None)
        await pilot.press(*right_keys(app.screen.item))
        await pilot.pause()
        assert app.is_running and asking(app) is not None
        assert any("another window" in m for m in drawn(app)), drawn(app)


async def test_a_player_named_like_markup_plays_and_resumes(make):
    from ui_support import all_kinds, asking

    app = make(player="[/] [b]Bo[/b]", settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert asking(app) is not None
        await pilot.press("escape")  # leave the round half-way: it is kept to resume
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        drawn(app)  # every toast shown (the round paused) draws as text
    again = make(player="[/] [b]Bo[/b]", resume=True)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert asking(again) is not None and again.is_running  # resumed, not crashed
