"""Play in a browser without the browser: the app under Textual's web driver fed the sizes a
browser (or anyone who can open the websocket) can send, `quiz serve`'s command line, its
refusals, and sessions over its websocket writing to the one database.
The same in real Chromium: test_browser.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import aiohttp
import pytest
from served import ENTER, Screen, ServedQuiz, WebSession
from testdata import DATA, ROOT, run_quiz

from quiz.store.sqlite import Store
from quiz.ui.web import MAX_HEIGHT, MAX_WIDTH, sane_size

# One true/false question ("The plan was announced on a Friday." — it is false).
ONE_QUESTION = ["play", "--from", str(DATA / "kinds"), "--bank", "kinds", "--tag", "dates", "--no-cache"]
PROMPT = "The plan was announced on a Friday."
TOO_SMALL = "Terminal too small."


class DriverSession:
    """The quiz command as textual-serve runs it (TEXTUAL_DRIVER = Textual's web driver, sizes
    in COLUMNS/ROWS, then packets on stdin), its drawing read through a terminal emulator."""

    def __init__(self, args: list[str], columns: str, rows: str) -> None:
        env = {**os.environ, "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver", "COLUMNS": columns, "ROWS": rows}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "quiz", *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.screen = Screen(80, 24)
        self.lock = threading.Lock()
        self.stderr = b""
        threading.Thread(target=self._read_output, daemon=True).start()
        threading.Thread(target=self._read_errors, daemon=True).start()

    def _read_output(self) -> None:
        stdout = self.process.stdout
        if stdout.readline() != b"__GANGLION__\n":  # the web driver's greeting
            return
        while header := stdout.read(5):
            payload = stdout.read(int.from_bytes(header[1:5], "big"))
            if header[:1] == b"D":
                with self.lock:
                    self.screen.feed(payload)

    def _read_errors(self) -> None:
        self.stderr = self.process.stderr.read()

    def packet(self, kind: bytes, payload: bytes) -> None:
        self.process.stdin.write(kind + len(payload).to_bytes(4, "big") + payload)
        self.process.stdin.flush()

    def meta(self, **meta) -> None:
        self.packet(b"M", json.dumps(meta).encode())

    def keys(self, text: str) -> None:
        self.packet(b"D", text.encode())

    def wait_for(self, text: str, gone: str | None = None, timeout: float = 30) -> None:
        """Until `text` is on screen (and `gone` is not)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end and self.process.poll() is None:
            with self.lock:
                screen = self.screen.text()
            if text in screen and (gone is None or gone not in screen):
                return
            time.sleep(0.05)
        raise AssertionError(
            f"{text!r} not on screen (exit {self.process.poll()}):\n{self.screen.text()}\n"
            f"{self.stderr.decode(errors='replace')[-3000:]}"
        )

    def quit(self) -> int:
        self.meta(type="quit")  # what textual-serve sends when the browser goes away
        try:
            return self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()


def test_sane_size():
    assert sane_size(80, 24) == (80, 24)
    assert sane_size("132", "43") == (132, 43)  # COLUMNS and ROWS
    assert sane_size(0, 0) == (1, 1)
    assert sane_size(-5, -3) == (1, 1)
    assert sane_size(10**9, 10**9) == (MAX_WIDTH, MAX_HEIGHT)
    assert sane_size(80.0, 24.9) == (80, 24)
    for bad in ("x", None, True, [80], {"w": 1}, float("nan"), float("inf"), "", "1e3"):
        assert sane_size(bad, 24) is None and sane_size(80, bad) is None


def test_sizes_a_browser_can_send_never_crash_a_session(tmp_path):
    """Unguarded, a negative size crashed the app (IndexError in the compositor), a text one
    raised TypeError, and 10^9 x 10^9 left the session allocating; guarded, it plays on."""
    db = tmp_path / "quiz.db"
    session = DriverSession([*ONE_QUESTION, "--db", str(db), "--player", "ana"], columns="abc", rows="")
    try:
        session.wait_for(PROMPT)  # COLUMNS and ROWS that are no size: 80x24
        for width, height in [
            (0, 0),
            (-5, -3),
            ("x", 3),
            (None, None),
            (True, False),
            (1e400, 5),
            ([1], {"a": 1}),
            (10**9, 10**9),
            (80, 0),
        ]:
            session.meta(type="resize", width=width, height=height)
        session.wait_for(TOO_SMALL)
        session.meta(type="resize", width=80, height=24)
        session.wait_for(PROMPT, gone=TOO_SMALL)
        session.keys("f")
        session.wait_for("Right")
        status = session.quit()
    finally:
        if session.process.poll() is None:
            session.process.kill()
    errors = session.stderr.decode(errors="replace")
    assert status == 0 and "Traceback" not in errors and "Error" not in errors, errors
    with Store.open(db) as store:
        (answer,) = store.answers("ana")
    assert answer.question_id == "k-truefalse" and answer.correct


def test_a_browser_session_asks_who_is_playing_and_remembers_no_one(tmp_path):
    """The database is the class's: a session never plays as the name remembered last, and
    the student's name is not remembered for the next one."""
    db = tmp_path / "quiz.db"
    with Store.open(db) as store:
        store.set_setting("player", "teacher")
    session = DriverSession([*ONE_QUESTION, "--db", str(db)], columns="80", rows="24")
    try:
        session.wait_for("Who is playing?")
        session.keys("Ben Ortiz" + ENTER)
        session.wait_for(PROMPT)
        session.keys("t")
        session.wait_for("Wrong")
        assert session.quit() == 0
    finally:
        if session.process.poll() is None:
            session.process.kill()
    with Store.open(db) as store:
        (answer,) = store.answers()
        assert store.get_setting("player") == "teacher"
    assert answer.player == "Ben Ortiz" and not answer.correct


# ---------------------------------------------------------------------- the command line
def test_serve_has_help():
    result = run_quiz("serve", "--help")
    assert result.returncode == 0 and "usage: quiz serve" in result.stdout and "-- QUIZ-ARGS" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["--", "list"], "'quiz list' is not a game to serve"),
        (["--", "play", "--plain"], "--plain reads standard input"),
        (["--", "play", "--bank", "no-such-bank"], "no bank with id no-such-bank"),
        (["--", "play", "--no-such-option"], "unrecognized arguments: --no-such-option"),
        (["--port", "70000"], "must be 65535 or less"),
    ],
)
def test_serve_usage_errors(tmp_path, args, message):
    result = run_quiz("serve", "--db", str(tmp_path / "quiz.db"), *args)
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_serve_refuses_a_foreign_database(tmp_path):
    db = tmp_path / "notes.db"
    db.write_text("my notes\n")
    result = run_quiz("serve", "--db", str(db))
    assert result.returncode == 1 and "is not a quiz database" in result.stderr
    assert db.read_text() == "my notes\n"


def test_any_host_but_loopback_is_warned_about(tmp_path):
    # 192.0.2.1 is a documentation address no machine has: the warning comes first, then
    # listening fails with a message (nothing is opened to a network by this test).
    result = run_quiz("serve", "--host", "192.0.2.1", "--port", "8000", "--db", str(tmp_path / "quiz.db"))
    assert "warning: listening on 192.0.2.1 port 8000: anyone who can reach this port can play" in result.stderr
    assert result.returncode == 1 and "cannot listen on 192.0.2.1 port 8000" in result.stderr
    assert "Traceback" not in result.stderr


def test_loopback_is_the_default_and_not_warned_about(tmp_path):
    with ServedQuiz(tmp_path / "quiz.db", ONE_QUESTION) as server:
        taken = run_quiz("serve", "--port", str(server.port), "--db", str(tmp_path / "other.db"))
    assert server.process.returncode == 0
    assert f"serving on http://127.0.0.1:{server.port}" in server.output()
    assert "warning" not in server.output()
    # a second server on the same port says so
    assert taken.returncode == 1 and f"cannot listen on 127.0.0.1 port {server.port}" in taken.stderr


# ---------------------------------------------------------------------- sessions over the websocket
async def test_sessions_over_the_websocket_and_what_is_refused(tmp_path):
    db = tmp_path / "quiz.db"
    with ServedQuiz(db, ONE_QUESTION, options=["--max-sessions", "2"]) as server:
        async with aiohttp.ClientSession() as http:
            # another site's page may not open a session (cross-site websocket hijacking) ...
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await WebSession.open(http, server.url, headers={"Origin": "http://evil.example"})
            assert refused.value.status == 403
            # ... nor, on loopback, a page reached by another host name (DNS rebinding)
            async with http.get(server.url, headers={"Host": f"evil.example:{server.port}"}) as page:
                assert page.status == 403
            async with http.get(server.url) as page:
                assert page.status == 200
                assert f'data-session-websocket-url="ws://127.0.0.1:{server.port}/ws"' in await page.text()

            origin = {"Origin": server.url.rstrip("/")}
            ana = await WebSession.open(http, server.url, headers=origin)
            ben = await WebSession.open(http, server.url, headers=origin)
            with pytest.raises(aiohttp.WSServerHandshakeError) as full:  # --max-sessions 2
                await WebSession.open(http, server.url)
            assert full.value.status == 503
            for session, name in ((ana, "Ana"), (ben, "Ben")):
                await session.wait_for("Who is playing?")
                await session.keys(name + ENTER)
            for session, key in ((ana, "f"), (ben, "t")):
                await session.wait_for(PROMPT)
                await session.keys(key)
            assert await ana.wait_for("Right") and await ben.wait_for("Wrong")
            await ana.close()
            await ben.close()
    assert server.process.returncode == 0
    with Store.open(db) as store:
        assert [(a.player, a.correct) for a in sorted(store.answers(), key=lambda a: a.player)] == [
            ("Ana", True),
            ("Ben", False),
        ]
    log = server.output()
    assert "refused a session: a page from http://evil.example" in log
    assert "refused a session: 2 are open" in log
    assert "Traceback" not in log


async def test_behind_a_proxy_the_page_uses_the_public_address(tmp_path):
    public = "https://quiz.school.example"
    with ServedQuiz(tmp_path / "quiz.db", ONE_QUESTION, options=["--public-url", public]) as server:
        async with aiohttp.ClientSession() as http:
            async with http.get(server.url) as page:
                assert 'data-session-websocket-url="wss://quiz.school.example/ws"' in await page.text()
            session = await WebSession.open(http, server.url, headers={"Origin": public})
            await session.wait_for("Who is playing?")
            await session.close()
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await WebSession.open(http, server.url, headers={"Origin": "https://evil.example"})
            assert refused.value.status == 403
    assert server.process.returncode == 0
