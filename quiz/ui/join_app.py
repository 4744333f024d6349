"""`quiz join` in full screen: a student's terminal in a live game, answering with the same
answer widgets as solo play (quiz.ui.widgets.kinds).

The widgets answer in a question's own indices; here each question arrives in its wire form
(options already in display order, no key), so it is given to them as a stand-in question
whose own order IS the display order: what they post is then exactly the protocol's payload
(display positions). The connection reconnects by itself and rejoins with the kept token.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import aiohttp
import msgspec
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from quiz.core.banks import Bank, LoadedBank
from quiz.core.kinds.choice import ChoiceQuestion
from quiz.core.kinds.match import MatchQuestion
from quiz.core.kinds.multi import MultiQuestion
from quiz.core.kinds.number import NumberQuestion
from quiz.core.kinds.order import OrderQuestion
from quiz.core.kinds.text import TextQuestion
from quiz.core.kinds.truefalse import TrueFalseQuestion
from quiz.core.model import Choice, Pair, Question
from quiz.core.round import PlayItem
from quiz.frontends.live_join import RECONNECT_FOR, load_token, save_token, token_key
from quiz.play.live import protocol as msg
from quiz.play.live.wire import WireQuestion
from quiz.ui.widgets.kinds import AnswerGiven, answer_widget

_STANDIN_BANK = LoadedBank(
    bank=Bank(id="live", title="live", articles=["live"]),
    path=Path("live"),
    articles=(),
    passages={},
    why_not_passages={},
)


def standin_item(wire: WireQuestion) -> PlayItem:
    """A question the answer widgets can show, built from the wire form alone. Its key is a
    placeholder (the first option): the widgets never grade, and the server never sees it."""
    common: dict[str, Any] = {
        "id": "live",
        "prompt": wire.prompt,
        "explanation": "-",
        "quotes": ["-"],
        "difficulty": 1,
    }
    n = len(wire.options)
    question: Question
    if wire.expects == "one":
        question = ChoiceQuestion(
            **common, choices=[Choice(text=t, correct=i == 0) for i, t in enumerate(wire.options)]
        )
    elif wire.expects == "some":
        question = MultiQuestion(**common, choices=[Choice(text=t, correct=i == 0) for i, t in enumerate(wire.options)])
    elif wire.expects == "truefalse":
        question = TrueFalseQuestion(**common, answer=True)
    elif wire.expects == "text":
        question = TextQuestion(**common, answer="-")
    elif wire.expects == "number":
        question = NumberQuestion(**common, answer=0.0, unit=wire.unit)
    elif wire.expects == "order":
        question = OrderQuestion(**common, items=list(wire.options))
    else:
        question = MatchQuestion(
            **common, pairs=[Pair(left=left, right=right) for left, right in zip(wire.left, wire.options)]
        )
    order = tuple(range(n)) if wire.expects in ("one", "some", "order", "match") else ()
    return PlayItem(question, _STANDIN_BANK, order)


class JoinApp(App[int]):
    TITLE = "quiz · live class"
    CSS = """
    #status { height: auto; padding: 0 1; background: $boost; text-style: bold; }
    #body { padding: 0 1; }
    #answer-box { height: auto; }
    #answer-box > * { height: auto; max-height: 12; }
    """
    BINDINGS = [Binding("ctrl+q", "quit_join", "Leave", priority=True)]

    def __init__(self, url: str, pin: str, name: str) -> None:
        super().__init__()
        self.url, self.pin, self.name_given = url, pin, name
        self.key = token_key(url, pin, name)
        self.ws: aiohttp.ClientWebSocketResponse[Any] | None = None
        self.who = name
        self.score = 0
        self.question: msg.QuestionOpen | None = None
        self.deadline: float | None = None
        self.pending: msg.Answer | None = None
        self.done = False
        self.status_code = 0
        self.note = "Connecting…"

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with VerticalScroll(id="body"):
            yield Static(id="text")
            yield Vertical(id="answer-box")
        yield Footer()

    def on_mount(self) -> None:
        self.set_interval(0.5, self.show_status)
        self.show_status()
        self.connection()

    def show_status(self) -> None:
        parts = [self.who, f"{self.score} points"]
        if self.question is not None:
            parts.append(f"question {self.question.no} of {self.question.total}")
            if self.deadline is not None:
                parts.append(f"{max(0, self.deadline - time.monotonic()):.0f} s left")
        if self.note:
            parts.append(self.note)
        self.query_one("#status", Static).update(Content(" · ".join(parts)))

    def say(self, *parts: tuple[str, str] | str) -> None:
        self.query_one("#text", Static).update(Content.assemble(*parts))

    async def clear_answer(self) -> None:
        await self.query_one("#answer-box").remove_children()

    # ------------------------------------------------------------------ the connection
    @work(exclusive=True)
    async def connection(self) -> None:
        waited = 0.0
        async with aiohttp.ClientSession() as session:
            while not self.done:
                try:
                    async with session.ws_connect(self.url, max_msg_size=1 << 20, heartbeat=20) as ws:
                        self.ws, waited = ws, 0.0
                        join = msg.Join(pin=self.pin, name=self.name_given, token=load_token(self.key))
                        await ws.send_str(msg.encode(join))
                        async for frame in ws:
                            if frame.type != aiohttp.WSMsgType.TEXT:
                                break
                            try:
                                await self.on_server(msg.decode_server(frame.data))
                            except msgspec.DecodeError:
                                continue
                            if self.done:
                                break
                except (aiohttp.ClientError, OSError):
                    pass
                self.ws = None
                if self.done:
                    break
                if waited >= RECONNECT_FOR:
                    self.note = "the game can't be reached; run the same command to rejoin"
                    self.show_status()
                    self.status_code = 1
                    break
                self.note = "Connection lost; reconnecting…"
                self.show_status()
                await asyncio.sleep(1.0)
                waited += 1.0

    async def send(self, message: Any) -> None:
        if self.ws is not None and not self.ws.closed:
            await self.ws.send_str(msg.encode(message))

    async def on_server(self, m: Any) -> None:
        if isinstance(m, msg.Welcome):
            save_token(self.key, m.token)
            self.who, self.score, self.note = m.name, m.score, ""
            if self.pending is not None:
                await self.send(self.pending)
        elif isinstance(m, msg.Lobby):
            self.say(("Waiting for the teacher to start\n\n", "bold"), f"{m.count} in the game: ", ", ".join(m.players))
        elif isinstance(m, msg.QuestionOpen):
            await self.show_question(m)
        elif isinstance(m, msg.Ack):
            self.pending, self.note = None, ""
            if self.question is not None and self.question.no == m.question_no:
                self.question = msgspec.structs.replace(self.question, answered=True)
            await self.clear_answer()
            self.say(("Answer stored ✓\n\n", "bold"), "Wait for the others; the answer is shown next.")
        elif isinstance(m, msg.Paused):
            self.note = "paused by the teacher" if m.paused else ""
        elif isinstance(m, msg.Reveal):
            await self.show_reveal(m)
        elif isinstance(m, msg.Leaderboard):
            lines: list[tuple[str, str] | str] = [("Leaderboard\n\n", "bold")]
            lines += [f"  {s.rank:>3}. {s.name}  {s.score}\n" for s in m.top]
            if m.you:
                lines.append((f"\nYou: rank {m.you.rank} · {m.you.score} points", "bold"))
            self.say(*lines)
        elif isinstance(m, msg.End):
            self.question, self.deadline, self.done = None, None, True
            await self.clear_answer()
            lines = [("The end\n\n", "bold")]
            lines += [f"  {s.rank}. {s.name}  {s.score}\n" for s in m.podium]
            if m.you:
                lines.append((f"\nYou finished rank {m.you.rank} with {m.you.score} points.", "bold"))
            self.say(*lines, "\n\n(ctrl+q: leave)")
        elif isinstance(m, msg.Error):
            self.note = m.message
            if m.fatal:
                self.done, self.status_code = True, 1
                self.say((m.message, "bold"), "\n\n(ctrl+q: leave)")
        self.show_status()

    async def show_question(self, m: msg.QuestionOpen) -> None:
        if self.pending is not None and self.pending.question_no != m.no:
            self.pending = None
        self.question, self.note = m, ""
        self.deadline = None if m.seconds is None else time.monotonic() + m.seconds
        await self.clear_answer()
        q = m.question
        parts: list[tuple[str, str] | str] = [(q.prompt + "\n", "bold")]
        if q.expects == "match":
            parts.append("\nMatch with:\n")
            parts += [f"  {i}) {option}\n" for i, option in enumerate(q.options, 1)]
        if m.answered:
            self.say(*parts, ("\nAnswer stored ✓", "bold"))
            return
        self.say(*parts)
        widget = answer_widget(standin_item(q))
        await self.query_one("#answer-box").mount(widget)
        widget.focus()

    async def show_reveal(self, m: msg.Reveal) -> None:
        self.question, self.deadline, self.score = None, None, m.score
        await self.clear_answer()
        mark = {"Right": "✔", "Partly right": "◐"}.get(m.verdict, "✘")
        parts: list[tuple[str, str] | str] = [
            (f"{mark} {m.verdict}", "bold"),
            f" · +{m.points} points · {m.score} in all · rank {m.rank}\n\n",
        ]
        if m.your_answer is not None:
            parts.append(f"Your answer: {m.your_answer}\n")
        parts += [("Right answer: ", "bold"), m.right_answer + "\n\n", m.explanation + "\n"]
        for p in m.passages:
            parts += ["\n", p.before, (p.quote, "bold underline"), p.after + "\n", (f"— {p.citation}\n", "italic")]
        self.say(*parts)

    @on(AnswerGiven)
    async def answered(self, event: AnswerGiven) -> None:
        event.stop()
        if self.question is None or self.question.answered:
            return
        self.pending = msg.Answer(question_no=self.question.no, payload=event.given)
        self.note = "sending…"
        await self.send(self.pending)
        self.show_status()

    def action_quit_join(self) -> None:
        self.done = True
        self.exit(self.status_code)


def make_join_app(url: str, pin: str, name: str) -> JoinApp:
    return JoinApp(url, pin, name)
