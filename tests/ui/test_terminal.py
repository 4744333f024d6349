"""The real program in a real pseudo-terminal (headless runs never draw), under hostile
terminal settings, plus sizes down to 1x1 and a storm of resizes."""

from __future__ import annotations

import fcntl
import os
import pty
import random
import select
import signal
import struct
import sys
import termios
import time

import pyte
import pytest
from testdata import DATA
from ui_support import all_kinds, asking, feedback, right_keys

from quiz.store.sqlite import Store
from quiz.ui.screens.modals import TooSmallScreen


class Terminal:
    """A child process on a pty, its output fed to a terminal emulator we can read."""

    def __init__(self, args: list[str], env: dict[str, str], cols: int = 80, rows: int = 24):
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: size the terminal, then become the program
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execvpe(args[0], args, env)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if ready:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    return
                if not data:
                    return
                self.stream.feed(data)

    def wait_for(self, *texts: str, timeout: float = 30) -> str:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.1)
            screen = self.text()
            for text in texts:
                if text in screen:
                    return text
        raise AssertionError(f"none of {texts} on screen:\n{self.text()}")

    def wait_for_all(self, *texts: str, timeout: float = 30) -> None:
        """Until every text is on screen at once (a screen may be drawn in several writes)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.1)
            if all(text in self.text() for text in texts):
                return
        raise AssertionError(f"not all of {texts} on screen:\n{self.text()}")

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def close(self) -> int:
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return status


@pytest.mark.parametrize(
    "extra_env",
    [
        {},
        {"NO_COLOR": "1"},
        {"TERM": "dumb"},
        {"PYTHONIOENCODING": "ascii"},
    ],
    ids=["default", "no-color", "term-dumb", "ascii-io"],
)
def test_real_terminal_round(tmp_path, extra_env):
    db = tmp_path / "quiz.db"
    env = {**os.environ, "TERM": "xterm-256color", **extra_env}
    terminal = Terminal(
        [
            sys.executable,
            "-m",
            "quiz",
            "play",
            "--from",
            str(DATA / "kinds"),
            "--bank",
            "kinds",
            "--tag",
            "dates",
            "--db",
            str(db),
            "--player",
            "ana",
            "--no-cache",
        ],
        env,
    )
    try:
        terminal.wait_for_all("question 1/1", "The plan was announced on a Friday.")
        terminal.send("t")  # the statement is false
        # right and wrong are said in words, whatever the colours
        terminal.wait_for_all("Wrong", "Right answer: False")
        terminal.send("\r")
        terminal.wait_for("Round over")
    finally:
        terminal.close()
    with Store.open(db) as store:
        (answer,) = store.answers("ana")
    assert answer.question_id == "k-truefalse" and answer.correct is False


async def test_tiny_sizes_and_a_storm_of_resizes(make):
    app = make(settings=all_kinds(), start_now=True)
    rng = random.Random(7)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for size in [(1, 1), (10, 3), (40, 12)] + [(rng.randint(1, 120), rng.randint(1, 50)) for _ in range(60)]:
            await pilot.resize_terminal(*size)
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.2)
        assert asking(app) is not None
        # and it still plays
        await pilot.press(*right_keys(app.screen.item))
        await pilot.pause()
        assert feedback(app) is not None
        for size in [(1, 1), (10, 3), (40, 12), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert isinstance(app.screen, TooSmallScreen) is (size[0] < 40 or size[1] < 12)
