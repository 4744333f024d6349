"""Keys that do what Help says, small screens, and traps that lose or mislabel work (issue 16)."""

from __future__ import annotations

from ui_support import all_kinds, answer_until, asking, feedback, right_keys

from quiz.ui.screens.home import HomeScreen
from quiz.ui.screens.modals import ConfirmScreen
from quiz.ui.screens.results import ResultsScreen


async def test_q_asks_to_quit_on_a_question_and_feedback(make):
    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, "choice")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("q")  # a second q does not stack a second question
        await pilot.pause()
        assert len([s for s in app.screen_stack if isinstance(s, ConfirmScreen)]) == 1
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*right_keys(app.screen.item))
        await pilot.pause()
        assert feedback(app) is not None
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert app.return_code == 0  # exiting


async def test_q_in_a_typed_answer_is_a_letter_and_ctrl_q_still_quits(make):
    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await answer_until(pilot, "text")
        await pilot.press("q")
        await pilot.pause()
        assert asking(app) is not None
        assert app.screen.query_one("#answer").value == "q"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)


async def test_ctrl_c_quits_too(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.return_code == 0  # exiting


async def test_q_on_results_quits_and_keys_after_it_do_nothing(make, store):
    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        game = app.game
        while not game.round.finished:  # every answer blank: everything is missed
            game.answer(None)
        app.next_question(game)
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        rounds = len(store.rounds("ana"))
        await pilot.press("q", "m")
        await pilot.pause()
        assert app.return_code == 0  # exiting
    assert len(store.rounds("ana")) == rounds  # the m typed after q started nothing


async def _play_one_and_leave(pilot) -> None:
    await pilot.press(*right_keys(pilot.app.screen.item))
    await pilot.pause()
    await pilot.press("enter", "escape", "y")
    await pilot.pause()


async def test_after_leaving_a_round_started_from_tags_r_resumes(make, store):
    app = make(settings=all_kinds())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.screen.query_one("#tags").focus()
        await pilot.press("enter")  # Enter in the Tags box starts a round
        await pilot.pause()
        assert asking(app) is not None
        await _play_one_and_leave(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.query_one("#tags").value == ""
        await pilot.press("r")
        await pilot.pause()
        assert asking(app) is not None and app.screen.game.round.position == 1


async def test_escape_leaves_a_field_on_home(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tags = app.screen.query_one("#tags")
        tags.focus()
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is not tags and isinstance(app.screen, HomeScreen)
        await pilot.press("h")  # a Home key, not a letter in the box
        await pilot.pause()
        assert tags.value == "" and app.screen.__class__.__name__ == "ScoresScreen"


async def test_first_run_s_asks_the_name_then_starts(make):
    from quiz.ui.screens.modals import PlayerScreen

    app = make(player=None, settings=all_kinds())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # not now
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        await pilot.press(*"Bea", "enter")
        await pilot.pause()
        assert asking(app) is not None and app.player == "Bea"


async def test_a_new_round_asks_before_hiding_the_unfinished_one(make, store):
    app = make(settings=all_kinds())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await _play_one_and_leave(pilot)
        unfinished = store.unfinished_round("ana").id
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and store.unfinished_round("ana").id == unfinished
        await pilot.press("s", "y")
        await pilot.pause()
        assert asking(app) is not None and store.unfinished_round("ana").id != unfinished


async def test_play_from_the_command_line_asks_too(make, store):
    first = make(settings=all_kinds(), start_now=True)
    async with first.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await _play_one_and_leave(pilot)
    unfinished = store.unfinished_round("ana").id
    again = make(settings=all_kinds(), start_now=True)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)
        await pilot.press("r")
        await pilot.pause()
        assert asking(again) is not None and again.screen.game.round_id == unfinished


async def test_a_reopened_missed_question_says_what_its_keys_do(make):
    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        game = app.game
        while not game.round.finished:
            game.answer(None)
        app.next_question(game)
        await pilot.pause()
        await pilot.press("enter")  # opens the highlighted missed question
        await pilot.pause()
        assert feedback(app) is not None
        footer = {key: active.binding.description for key, active in app.active_bindings.items()}
        assert footer["enter"] == "Back" and footer["escape"] == "Back to results"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)


def _in_view(screen) -> bool:
    answer = screen.query_one("#answer")
    body = screen.query_one("#question-body").region
    return answer.region.height > 0 and body.contains_region(answer.region)


async def test_at_40x12_the_answer_box_stays_in_view(make):
    app = make(settings=all_kinds(), start_now=True)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        kinds = []
        while asking(app) is not None:
            kinds.append(app.screen.item.kind)
            assert _in_view(app.screen), app.screen.item.kind
            if app.screen.item.kind in ("text", "number"):
                await pilot.press("1")  # typed in sight, not blind
                await pilot.pause()
                assert _in_view(app.screen)
                await pilot.press("backspace")
            else:
                for key in ("down", "pagedown", "end", "home"):
                    await pilot.press(key)
                    await pilot.pause()
                    assert _in_view(app.screen), (app.screen.item.kind, key)
            await pilot.press(*right_keys(app.screen.item))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        assert len(kinds) == 7


async def test_at_40x12_a_long_prompt_is_shown_from_its_first_line(store):
    """The answer comes into view by scrolling as little as it takes: the question is read
    from its start (a three-line prompt at 40 columns, its answer box too tall for the rest)."""
    from quiz.core.round import RoundSettings
    from quiz.library.loader import load_library
    from quiz.ui.app import make_app

    settings = RoundSettings(banks=("nyt-2016",), count=1, seed=1)
    app = make_app(load_library(None), store, player="ana", settings=settings, start_now=True)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        prompt = screen.query_one("#prompt")
        assert prompt.region.height >= 3  # it wraps: the case this is about
        assert screen.query_one("#question-body").region.contains_region(prompt.region)
        assert screen.query_one("#answer").region.height > 0


async def test_home_says_when_banks_and_tags_are_below_the_fold(store):
    from quiz.library.loader import load_library
    from quiz.ui.app import make_app

    app = make_app(load_library(None), store, player="ana")  # the three shipped banks
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        label = str(app.screen.query_one("#banks-label").render())
        assert "3 banks" in label and "more" in label
        assert "below" in app.screen.query_one("#tags").placeholder
        await pilot.resize_terminal(160, 50)
        await pilot.pause()
        await pilot.pause()
        assert "more" not in str(app.screen.query_one("#banks-label").render())
        assert app.screen.query_one("#tags").placeholder == "any"


async def test_at_40x12_home_keeps_its_banks_heading_and_more_sign_in_view(store):
    from quiz.library.loader import load_library
    from quiz.ui.app import make_app

    app = make_app(load_library(None), store, player="ana")
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.pause()
        label = app.screen.query_one("#banks-label")
        body = app.screen.query_one("#home-body").region
        assert body.contains_region(label.region) and "more" in str(label.render())
