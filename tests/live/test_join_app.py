"""`quiz join` in full screen at 80x24: every kind answered with the solo game's answer
widgets, by keys alone, over a real WebSocket; each answer stored and graded right."""

from __future__ import annotations

import time

from livehelp import kinds_game

from quiz.play.live.game import END, QUESTION, REVEAL
from quiz.play.live.server import LiveServer
from quiz.ui.join_app import JoinApp

# Keys that give the right answer to each kind, from what the screen shows (display order).
KEYS = {
    "one": lambda q: [str(q.options.index("The city librarian") + 1)],
    "some": lambda q: [
        str(q.options.index("The plan would open 12 libraries") + 1),
        str(q.options.index("Critics asked who would pay") + 1),
        "enter",
    ],
    "truefalse": lambda q: ["f"],
    "text": lambda q: [*"Ruiz", "enter"],
    "number": lambda q: [*"40", "enter"],
}


def order_keys(q) -> list[str]:
    """Sort the shown order into the right one with the widget's own moves (u/d)."""
    right = ["The plan is announced", "The librarian praises it", "Critics ask who pays"]
    current, keys, at = list(q.options), [], 0
    for target, text in enumerate(right):
        where = current.index(text)
        keys += ["down"] * (where - at) if where > at else ["up"] * (at - where)
        at = where
        while at > target:
            keys.append("u")
            current[at - 1], current[at] = current[at], current[at - 1]
            at -= 1
    return [*keys, "enter"]


def match_keys(q) -> list[str]:
    right = {"The mayor": "announced a plan", "Ana Ruiz": "praised the plan", "Critics": "asked about the cost"}
    keys = []
    for left in q.left:  # a number sets the highlighted row; ↓ moves on
        keys += [str(q.options.index(right[left]) + 1), "down"]
    return [*keys, "enter"]


async def wait_until(pilot, condition, what: str, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never: {what}")


async def test_a_terminal_student_answers_every_kind_by_keys(tmp_path):
    game = kinds_game(tmp_path)
    server = LiveServer(game, "127.0.0.1", 0)
    await server.start()
    try:
        app = JoinApp(f"ws://127.0.0.1:{server.port}/ws", game.pin, "Ana")
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: len(game.active) == 1, "joined")
            await server.start_game()
            for no in range(1, game.total + 1):
                await wait_until(pilot, lambda no=no: app.question is not None and app.question.no == no, "question")
                await wait_until(pilot, lambda: bool(app.query("#answer")), "the answer widget")
                q = app.question.question
                keys = (
                    order_keys(q)
                    if q.expects == "order"
                    else match_keys(q)
                    if q.expects == "match"
                    else KEYS[q.expects](q)
                )
                await pilot.press(*keys)
                await wait_until(pilot, lambda: game.phase == REVEAL, f"{q.kind} answered")
                player = game.players["ana"]
                assert player.answers[game.position].correct, q.kind
                await wait_until(pilot, lambda: "Right answer" in str(app.query_one("#text").render()), "reveal")
                assert "sending" not in str(app.query_one("#status").render())  # the ack came before
                await server.advance()
                await server.advance()
                if no < game.total:
                    await wait_until(pilot, lambda: game.phase == QUESTION, "next")
            assert game.phase == END
            await wait_until(pilot, lambda: "You finished rank 1" in str(app.query_one("#text").render()), "the end")
    finally:
        await server.stop()
