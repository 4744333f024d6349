"""`quiz join --plain`, the terminal client, as a student runs it: joins, answers by typing,
is killed with kill -9 mid-game, runs again and is back under the same name with every point
(its rejoin token kept in the data dir), and finishes the game."""

from __future__ import annotations

import asyncio
import sys

from livehelp import RIGHT, WAIT, kinds_game

from quiz.play.live.game import END, QUESTION, REVEAL
from quiz.play.live.server import LiveServer


def typed(payload) -> str:
    """A payload as a student types it in plain mode."""
    if isinstance(payload, bool):
        return "t" if payload else "f"
    if isinstance(payload, int):
        return str(payload + 1)
    if isinstance(payload, list):
        return " ".join(str(p + 1) for p in payload)
    return payload


class Terminal:
    def __init__(self, proc: asyncio.subprocess.Process):
        self.proc = proc
        self.seen: list[str] = []

    @classmethod
    async def join(cls, port: int, pin: str, name: str) -> Terminal:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "quiz", "join", f"127.0.0.1:{port}", pin, "--name", name, "--plain",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        return cls(proc)

    async def wait_for(self, text: str) -> str:
        """The first line with `text`; fails after WAIT seconds, even while other lines come."""
        assert self.proc.stdout is not None
        deadline = asyncio.get_running_loop().time() + WAIT
        while True:
            left = deadline - asyncio.get_running_loop().time()
            try:
                line = (await asyncio.wait_for(self.proc.stdout.readline(), max(left, 0))).decode()
            except TimeoutError:
                line = ""
            if not line:
                raise AssertionError(f"{text!r} never printed:\n" + "".join(self.seen[-20:]))
            self.seen.append(line)
            if text in line:
                return line

    async def type(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line.encode() + b"\n")
        await self.proc.stdin.drain()


async def until(condition, what: str) -> None:
    for _ in range(int(WAIT / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"never: {what}")


async def test_a_terminal_student_killed_and_rejoined_keeps_every_point(tmp_path):
    game = kinds_game(tmp_path, count=3)
    server = LiveServer(game, "127.0.0.1", 0)
    await server.start()
    try:
        ana = await Terminal.join(server.port, game.pin, "Ana Ruiz")
        await ana.wait_for("Joined as Ana Ruiz · 0 points")
        await server.start_game()
        for no in range(1, 4):
            await ana.wait_for(f"Question {no} of 3")
            await ana.wait_for("[")  # how to answer
            q = game.question_message().question
            await ana.type("nonsense that is no answer" if q.expects not in ("text", "number") else "")
            await ana.type(typed(RIGHT[q.prompt](q)))
            await ana.wait_for(f"Answer {no} stored ✓")
            await until(lambda: game.phase == REVEAL, "closed by the only answer")
            await ana.wait_for("Right · +")
            if no == 1:  # the terminal is killed; the student runs the same command again
                ana.proc.kill()
                await ana.proc.wait()
                await until(lambda: not game.players["ana ruiz"].connected, "the drop seen")
                score = game.players["ana ruiz"].score
                ana = await Terminal.join(server.port, game.pin, "Ana Ruiz")
                await ana.wait_for(f"Joined as Ana Ruiz · {score} points")
            await server.advance()
            await server.advance()
            if no < 3:
                await until(lambda: game.phase == QUESTION, "the next question")
        await ana.wait_for("You finished rank 1")
        assert await asyncio.wait_for(ana.proc.wait(), WAIT) == 0
        assert game.phase == END
        assert [a.correct for a in game.store.round(game.players["ana ruiz"].round_id).answers] == [True] * 3
    finally:
        await server.stop()


async def test_two_students_on_one_account_each_keep_their_own_seat(tmp_path):
    """A shared school login: the second student to join keeps a rejoin token of their own, and
    neither is given the other's player (the two clients took one seat from each other)."""
    game = kinds_game(tmp_path, count=1)
    server = LiveServer(game, "127.0.0.1", 0)
    await server.start()
    students = []
    try:
        for name in ("Ana Ruiz", "Bo Li"):
            students.append(student := await Terminal.join(server.port, game.pin, name))
            await student.wait_for(f"Joined as {name} · 0 points")
        await until(lambda: sum(p.connected for p in game.players.values()) == 2, "both seated")
        await server.start_game()
        for student in students:
            await student.wait_for("Question 1 of 1")
        assert sorted(p.name for p in game.players.values() if p.connected) == ["Ana Ruiz", "Bo Li"]
    finally:
        for student in students:
            student.proc.kill()
            await student.proc.wait()
        await server.stop()
