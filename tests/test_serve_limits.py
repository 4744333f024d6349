"""A served class can't be knocked over by one browser (issue 13): limits hold in the server,
over real WebSockets on 127.0.0.1, before anything reaches a session; a session's process
goes when its browser goes; the cap counts every live process; a dead session says so."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from pathlib import Path

import aiohttp
import pytest
from served import ENTER, ServedQuiz, WebSession
from testdata import DATA

ONE_QUESTION = ["play", "--from", str(DATA / "kinds"), "--bank", "kinds", "--tag", "dates", "--no-cache"]


def rss_mb(pids: set[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):  # the peak: what the machine had to find
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


async def until(condition, timeout: float = 60, what: str = "") -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"not within {timeout}s: {what}")


async def test_a_huge_message_closes_that_connection_and_reaches_no_session(tmp_path):
    with ServedQuiz(tmp_path / "quiz.db", ONE_QUESTION) as server:
        async with aiohttp.ClientSession() as http:
            session = await WebSession.open(http, server.url)
            await session.wait_for("Who is playing?")
            pids = server.session_pids()
            await session.ws.send_str(json.dumps(["stdin", "x" * (256 * 1024)]))
            await asyncio.wait_for(session.closed.wait(), 30)
            assert session.ws.close_code == 1009  # message too big
            assert rss_mb(pids) < 300
            await until(lambda: not server.session_pids(), what="the session's process to go")
            again = await WebSession.open(http, server.url)  # the server is fine
            await again.wait_for("Who is playing?")
            await again.close()
    assert "Traceback" not in server.output()


async def test_a_flood_of_messages_ends_that_session_only(tmp_path):
    with ServedQuiz(tmp_path / "quiz.db", ONE_QUESTION) as server:
        async with aiohttp.ClientSession() as http:
            calm = await WebSession.open(http, server.url)
            flood = await WebSession.open(http, server.url)
            await flood.wait_for("Who is playing?")
            before = server.session_pids()
            for _ in range(2000):
                try:
                    await flood.ws.send_str(json.dumps(["stdin", "y" * 3000]))
                except aiohttp.ClientConnectionResetError:
                    break
            await asyncio.wait_for(flood.closed.wait(), 30)
            assert flood.ws.close_code in (1008, 1006)  # policy (or dropped while still sending)
            assert rss_mb(before) < 400
            await calm.wait_for("Who is playing?")
            await calm.keys("Ana" + ENTER)
            await calm.wait_for("The plan was announced on a Friday.")
            await calm.close()
    assert "faster than" in server.output() and "ending its session" in server.output()


async def test_a_browser_that_vanishes_frees_its_session_and_its_slot(tmp_path):
    with ServedQuiz(tmp_path / "quiz.db", ONE_QUESTION, options=["--max-sessions", "1"]) as server:
        async with aiohttp.ClientSession() as http:
            gone = await WebSession.open(http, server.url)
            await gone.wait_for("Who is playing?")
            assert server.session_pids()
            # no close frame: the connection just drops (a laptop lid shut, a dead network)
            gone.ws._response.connection.transport.abort()
            alive_at_once = 0

            async def try_to_join():
                nonlocal alive_at_once
                while True:
                    try:
                        return await WebSession.open(http, server.url)
                    except aiohttp.WSServerHandshakeError as refused:
                        assert refused.status == 503
                        await asyncio.sleep(0.2)

            joined = await asyncio.wait_for(try_to_join(), 60)
            await joined.wait_for("Who is playing?")
            # the cap counted the first session's process until it was gone: never two at once
            quiz_processes = [p for p in server.session_pids() if b"quiz" in Path(f"/proc/{p}/cmdline").read_bytes()]
            alive_at_once = max(alive_at_once, len(quiz_processes))
            assert alive_at_once == 1
            await joined.close()
            await until(lambda: not server.session_pids(), what="the session's process to go")


async def test_a_session_whose_process_dies_tells_the_browser_and_frees_its_slot(tmp_path):
    with ServedQuiz(tmp_path / "quiz.db", ONE_QUESTION, options=["--max-sessions", "1"]) as server:
        async with aiohttp.ClientSession() as http:
            session = await WebSession.open(http, server.url)
            await session.wait_for("Who is playing?")
            (pid,) = server.session_pids()
            os.kill(pid, signal.SIGKILL)
            await session.wait_for("this session has ended")
            await asyncio.wait_for(session.closed.wait(), 30)
            await until(lambda: not server.session_pids(), what="the dead session to be reaped")
            again = await WebSession.open(http, server.url)
            await again.wait_for("Who is playing?")
            await again.close()


async def test_served_students_cannot_open_reports_list_players_or_switch(tmp_path):
    from quiz.store.sqlite import Store

    with Store.open(tmp_path / "quiz.db") as store:
        store.ensure_player("Zoe Secret")
    with ServedQuiz(tmp_path / "quiz.db", []) as server:  # Home
        async with aiohttp.ClientSession() as http:
            session = await WebSession.open(http, server.url)
            await session.wait_for("Who is playing?")
            assert "Zoe Secret" not in session.text() and "pick a player" not in session.text()
            await session.keys("Ana" + ENTER)
            await session.wait_for("player: Ana")
            await session.keys("p")  # Player
            await session.wait_for("playing as Ana")
            assert "Switch player" not in session.text()
            await session.keys("\x10")  # Ctrl+P: the command palette
            await session.wait_for("Search for commands")
            await session.keys("Drill reports")
            await asyncio.sleep(0)  # the palette filters as it is typed
            await session.wait_for("Drill reports")
            await session.keys(ENTER)
            await session.wait_for("Drill reports are for the teacher")
            await session.close()


async def test_malformed_messages_are_ignored(tmp_path):
    junk = [
        "not json",
        "[]",
        '["stdin", 5]',
        '["resize", {"width": "x"}]',
        '["resize", {"width": Infinity, "height": NaN}]',
        '["stdin", "\\ud800"]',  # a lone surrogate
        "{}",
        '["ping"]',
        '["ping", {"a": 1}]',
    ]
    with ServedQuiz(tmp_path / "quiz.db", ONE_QUESTION) as server:
        async with aiohttp.ClientSession() as http:
            session = await WebSession.open(http, server.url)
            await session.wait_for("Who is playing?")
            for message in junk:
                await session.ws.send_str(message)
            await session.keys("Ana" + ENTER)
            await session.wait_for("The plan was announced on a Friday.")
            await session.close()
    assert "Traceback" not in server.output()


async def test_a_browser_that_stops_reading_loses_its_session_not_the_server(tmp_path):
    with ServedQuiz(tmp_path / "quiz.db", ONE_QUESTION) as server:
        async with aiohttp.ClientSession() as http:
            url = server.url.replace("http://", "ws://") + "ws?width=200&height=60"
            stuck = await http.ws_connect(url, heartbeat=None, autoping=False)  # and never reads
            await until(lambda: server.session_pids(), what="its session to start")
            sizes = [(200, 60), (120, 40)]
            n = 0
            while server.session_pids():  # make it draw, again and again, to a reader that never reads
                width, height = sizes[n % 2]
                n += 1
                try:
                    await stuck.send_str(json.dumps(["resize", {"width": width, "height": height}]))
                except aiohttp.ClientConnectionResetError:
                    break
                await asyncio.sleep(0.05)
                assert n < 3000, "the session was never ended"
            await until(lambda: not server.session_pids(), what="the stuck session's process to go")
            calm = await WebSession.open(http, server.url)  # the server serves on
            await calm.wait_for("Who is playing?")
            await calm.close()
    assert "stopped reading" in server.output() or "ending its session" in server.output()


async def test_one_computer_cannot_take_every_seat(tmp_path):
    options = ["--max-sessions", "5", "--max-per-address", "2"]
    with ServedQuiz(tmp_path / "quiz.db", ONE_QUESTION, options=options) as server:
        async with aiohttp.ClientSession() as http:
            first = await WebSession.open(http, server.url)
            second = await WebSession.open(http, server.url)
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await WebSession.open(http, server.url)
            assert refused.value.status == 429
            await first.close()
            await until(lambda: len(server.session_pids()) <= 1, what="the first session to go")
            third = await WebSession.open(http, server.url)  # a seat freed is a seat again
            await third.wait_for("Who is playing?")
            await second.close()
            await third.close()
    assert "--max-per-address" in server.output()
