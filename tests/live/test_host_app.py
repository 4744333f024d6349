"""The teacher's screen (quiz host) at 80x24, driven by its keys while a student plays over
a real WebSocket: lobby with the name, question with the count answered, reveal, leaderboard,
the end with the class report."""

from __future__ import annotations

import asyncio

import aiohttp
from livehelp import RIGHT, Student, kinds_game

from quiz.play.live import protocol as msg
from quiz.play.live.game import END, LEADERBOARD, QUESTION, REVEAL
from quiz.play.live.server import LiveServer
from quiz.ui.host_app import HostApp, qr_lines


def screen_text(app: HostApp) -> str:
    return "\n".join(str(app.query_one(f"#{part}").render()) for part in ("status", "lobby-text", "body"))


async def wait_until(pilot, condition, what: str) -> None:
    for _ in range(500):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError(f"never: {what}")


def test_the_qr_code_is_square_half_blocks():
    lines = qr_lines("http://192.168.1.20:8750/?pin=123456")
    assert len({len(line) for line in lines}) == 1
    assert len(lines) * 2 >= len(lines[0]) >= len(lines) * 2 - 1
    assert set("".join(lines)) <= set("█▀▄ ")


async def test_the_host_screen_runs_a_game_by_its_keys(tmp_path):
    game = kinds_game(tmp_path, count=2)
    app = HostApp(LiveServer(game, "127.0.0.1", 0))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.server.port != 0, "listening")
        async with aiohttp.ClientSession() as session:
            ana = Student(session, f"http://127.0.0.1:{app.server.port}/ws")
            await ana.join(game.pin, "Ana [bold]Ruiz[/]")  # shown as typed, never as markup
            await wait_until(pilot, lambda: "Ana [bold]Ruiz[/]" in screen_text(app), "the name in the lobby")
            assert game.pin in screen_text(app)
            await pilot.press("s")
            q = await ana.next(msg.QuestionOpen)
            assert game.phase == QUESTION and "0 of 1 answered" in screen_text(app)
            await pilot.press("p")
            assert "PAUSED" in screen_text(app)
            await pilot.press("p")
            await ana.next(msg.Paused)
            await ana.send(msg.Answer(question_no=1, payload=RIGHT[q.question.prompt](q.question)))
            await ana.next(msg.Ack)
            await ana.next(msg.Reveal)  # everyone has answered: it closes by itself
            await wait_until(pilot, lambda: "Right answer" in screen_text(app), "the reveal")
            assert game.phase == REVEAL and "—" in screen_text(app)  # the passage's citation
            await pilot.press("n")
            assert game.phase == LEADERBOARD and "Leaderboard" in screen_text(app)
            await pilot.press("n")
            await ana.next(msg.QuestionOpen)
            await pilot.press("r")
            await pilot.press(*"nobody", "enter")
            assert game.phase == QUESTION and len(game.active) == 1  # typing a name pressed no key
            await pilot.press("e")
            assert game.phase == QUESTION  # once asks; twice ends
            await pilot.press("e")
            await ana.next(msg.End)
            await wait_until(pilot, lambda: "podium" in screen_text(app), "the end")
            assert game.phase == END and "Students" in screen_text(app)
            await asyncio.sleep(0)
