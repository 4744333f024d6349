"""A school's PostgreSQL database shared by several processes at once: `quiz serve` with
students answering in browsers, a student in plain mode elsewhere, a teacher reading the
history meanwhile. Every answer lands; the server never sees a password."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import aiohttp
from served import ENTER, ServedQuiz, WebSession
from testdata import DATA, ROOT

from quiz.store import open_store

ONE_QUESTION = ["play", "--from", str(DATA / "kinds"), "--bank", "kinds", "--tag", "dates", "--no-cache"]
PROMPT = "The plan was announced on a Friday."


async def test_served_sessions_and_a_plain_student_share_one_postgres_database(tmp_path, pg_url):
    elsewhere = tmp_path / "another-folder"
    elsewhere.mkdir()
    with ServedQuiz(pg_url, ONE_QUESTION) as server:
        # a student in a terminal, in another folder, answering at the same time
        plain = subprocess.Popen(
            [sys.executable, "-m", "quiz", *ONE_QUESTION, "--plain", "--db", pg_url, "--player", "Cy"],
            cwd=elsewhere,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        async with aiohttp.ClientSession() as http:
            origin = {"Origin": server.url.rstrip("/")}
            ana = await WebSession.open(http, server.url, headers=origin)
            ben = await WebSession.open(http, server.url, headers=origin)
            for session, name in ((ana, "Ana"), (ben, "Ben")):
                await session.wait_for("Who is playing?")
                await session.keys(name + ENTER)
            for session, key in ((ana, "f"), (ben, "t")):
                await session.wait_for(PROMPT)
                await session.keys(key)
            out, err = await asyncio.to_thread(plain.communicate, "1\n", 120)
            assert plain.returncode == 0, err
            # a teacher reads the history while the sessions are still open
            history = await asyncio.to_thread(
                subprocess.run,
                [sys.executable, "-m", "quiz", "history", "--db", pg_url],
                capture_output=True,
                text=True,
                cwd=elsewhere,
            )
            assert history.returncode == 0, history.stderr
            assert await ana.wait_for("Right") and await ben.wait_for("Wrong")
            await ana.close()
            await ben.close()
    assert server.process.returncode == 0
    assert f"(database: {pg_url})" in server.output().replace("\n", "")
    with open_store(pg_url) as store:
        assert [(a.player, a.correct) for a in sorted(store.answers(), key=lambda a: a.player)] == [
            ("Ana", True),
            ("Ben", False),
            ("Cy", False),
        ]
