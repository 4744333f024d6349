"""The host killed with kill -9 mid-question, then `quiz host --resume`: the same game at the
same question, every acknowledged answer kept, students back with their tokens and points."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time

import aiohttp
from livehelp import KINDS, RIGHT, Student

from quiz.play.live import protocol as msg
from quiz.play.live.game import KIND
from quiz.store.sqlite import Store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Host:
    """`quiz host --plain` in a child process: commands on its stdin, its lines read back."""

    def __init__(self, *args: str, env: dict[str, str]):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "quiz", "host", "--plain", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 20) -> str:
        end = time.monotonic() + timeout
        seen = []
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=max(0.01, end - time.monotonic()))
            except queue.Empty:
                break
            seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"{text!r} not printed by the host; it printed:\n" + "\n".join(seen))

    def command(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def kill(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)


async def test_host_killed_mid_question_resumes_with_every_answer(tmp_path):
    port = str(free_port())
    db = tmp_path / "quiz.db"
    env = {**os.environ, "QUIZ_DB": str(db)}
    common = ["--from", str(KINDS), "--no-cache", "--port", port, "--out", str(tmp_path)]
    host = Host(*common, "--all", "--seed", "3", env=env)
    try:
        pin = host.wait_for("with PIN").rsplit(" ", 1)[1]
        async with aiohttp.ClientSession() as session:
            url = f"http://127.0.0.1:{port}/ws"
            students = [Student(session, url) for _ in range(3)]
            for student, name in zip(students, ["Ana", "Bo", "Cy"]):
                await student.join(pin, name)
            host.wait_for("3 joined")
            host.command("start")
            for no in (1, 2):
                opened = [await s.next(msg.QuestionOpen) for s in students]
                q = opened[0].question
                for s in students[: 3 if no == 1 else 2]:
                    await s.send(msg.Answer(question_no=no, payload=RIGHT[q.prompt](q)))
                    assert (await s.next(msg.Ack)).question_no == no
                if no == 1:  # everyone answered: it closes by itself
                    await students[0].next(msg.Reveal)
                    host.command("next")
                    host.command("next")
            host.kill()  # mid-question 2: Ana and Bo have answered it, Cy has not

            with Store.open(db) as store:
                stored = {r.player: len(r.answers) for r in store.rounds_of_kind(KIND)}
                scores = {r.player: r.score for r in store.rounds_of_kind(KIND)}
            assert stored == {"Ana": 2, "Bo": 2, "Cy": 1}

            host = Host(*common, "--resume", env=env)
            host.wait_for(f"with PIN {pin}")
            host.wait_for("question 2 of 7")
            for s in students:
                await s.close()
                welcome = await s.join(pin, "anything")  # the token decides who they are
                assert welcome.score == scores[welcome.name]
                again = await s.next(msg.QuestionOpen)
                assert again.no == 2 and again.answered == (welcome.name != "Cy")
            host.command("pause")  # the resumed question waits, paused, for the teacher
            cy = students[2]
            while (await cy.next(msg.Paused)).paused:
                pass  # the pause it rejoined into, then the teacher's "go on"
            await cy.send(msg.Answer(question_no=2, payload=RIGHT[again.question.prompt](again.question)))
            assert (await cy.next(msg.Ack)).question_no == 2
            reveal = await cy.next(msg.Reveal)
            assert reveal.verdict == "Right"
            host.command("end")
            await cy.next(msg.End)
            host.wait_for("Results:")
    finally:
        if host.proc.poll() is None:
            host.kill()
    with Store.open(db) as store:
        rounds = {r.player: r for r in store.rounds_of_kind(KIND)}
    assert {p: [a.position for a in r.answers if a.given is not None] for p, r in rounds.items()} == {
        "Ana": [0, 1],
        "Bo": [0, 1],
        "Cy": [0, 1],
    }
    assert all(r.finished for r in rounds.values())
