"""`quiz host --plain`: the live game hosted from a plain terminal (or a script): events
printed one per line, the teacher's commands read line by line from standard input.

Commands: start (s), next (n, or an empty line), skip (k), pause (p), end (e),
remove NAME (r NAME), quit (q: the game stays in the database; --resume carries on)."""

from __future__ import annotations

import asyncio
import sys
import threading

from quiz.play.live.game import END, LEADERBOARD, LOBBY, QUESTION, REVEAL
from quiz.play.live.server import LiveServer


def _say(text: str) -> None:
    print(text, flush=True)


def describe(server: LiveServer) -> str:
    game = server.game
    if game.phase == LOBBY:
        roster = game.roster()
        return f"lobby · {len(roster)} joined" + (f" · latest: {roster[-1]}" if roster else "")
    if game.phase == QUESTION:
        left = game.time_left()
        clock = f" · {left:.0f} s left" if left is not None else ""
        paused = " · paused" if game.paused else ""
        return f"question {game.position + 1} of {game.total}{clock}{paused} · {game.answered_count()} of {len(game.active)} answered"
    if game.phase == REVEAL:
        bars = "; ".join(f"{'✔ ' if b.correct else ''}{b.label}: {b.count}" for b in game.distribution())
        return f"reveal {game.position + 1} · {bars}"
    if game.phase == LEADERBOARD:
        return "leaderboard · " + ", ".join(f"{s.rank}. {s.name} {s.score}" for s in game.standings()[:5])
    return "end · " + ", ".join(f"{s.rank}. {s.name} {s.score}" for s in game.standings() if s.rank <= 3)


async def _serve(server: LiveServer) -> int:
    try:
        await server.start()
    except OSError as exc:
        print(f"quiz: can't listen on {server.host}:{server.port}: {exc.strerror}", file=sys.stderr)
        return 1
    game = server.game
    _say(f"Join at {server.join_address()} with PIN {game.pin}")
    _say(f"  or from a terminal: quiz join {server.join_address().split('//')[1].rstrip('/')} {game.pin} --name NAME")
    last = [""]

    def changed() -> None:
        line = describe(server)
        if line != last[0]:
            last[0] = line
            _say(line)

    server.on_change = changed
    changed()
    lines: asyncio.Queue[str | None] = asyncio.Queue()
    loop = asyncio.get_running_loop()

    def read() -> None:
        for line in sys.stdin:
            loop.call_soon_threadsafe(lines.put_nowait, line)
        loop.call_soon_threadsafe(lines.put_nowait, None)

    threading.Thread(target=read, daemon=True).start()
    try:
        while True:
            line = await lines.get()
            if line is None:
                await asyncio.Event().wait()  # no more commands: serve until killed
                continue
            word, _, rest = line.strip().partition(" ")
            word = word.lower()
            if word in ("q", "quit"):
                return 0
            if word in ("s", "start"):
                await server.start_game()
            elif word in ("", "n", "next"):
                await server.advance()
            elif word in ("k", "skip"):
                await server.close_question()
            elif word in ("p", "pause"):
                await server.toggle_pause()
            elif word in ("e", "end"):
                await server.end_early()
            elif word in ("r", "remove"):
                _say(
                    f"removed {rest.strip()}"
                    if await server.remove(rest.strip())
                    else f"no player named {rest.strip()}"
                )
            else:
                _say("commands: start, next, skip, pause, end, remove NAME, quit")
            changed()
            if game.phase == END:
                if game.results_problem:
                    _say(f"quiz: the results files could not be written: {game.results_problem}")
                _say("Results: " + str(game.results_dir or "."))
    finally:
        await server.stop()


def run_plain_host(server: LiveServer) -> int:
    return asyncio.run(_serve(server))
