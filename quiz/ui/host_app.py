"""`quiz host`: the teacher's screen for a live game, made for a projector.

Lobby (join address, PIN, QR code of the join link, the roster filling live), each question
(countdown, "n of N answered"), the reveal (a bar per option, the right answer, the
explanation, the passage in its paragraph with its citation), the leaderboard (top five and
the biggest movers), the end (podium and the class report). Every action has a key. The
server runs in this app's own event loop; this only shows and asks — the rules are the
game's (quiz.play.live.game), every text from students or banks is shown as plain text.
"""

from __future__ import annotations

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Input, Static

from quiz.play.live.game import END, LEADERBOARD, LOBBY, QUESTION, REVEAL
from quiz.play.live.server import LiveServer

BAR_WIDTH = 30
LETTERS = "ABCDEFGHIJKLMNOP"


def qr_lines(text: str) -> list[str]:
    """The QR code of `text` in half blocks, two modules a character: dark modules drawn,
    on the light background the widget sets (so it reads the same in a dark or light theme),
    with the quiet zone a reader needs."""
    import segno

    rows = [list(row) for row in segno.make(text, error="l", boost_error=False).matrix_iter(scale=1, border=2)]
    if len(rows) % 2:
        rows.append([0] * len(rows[0]))
    chars = {(1, 1): "█", (1, 0): "▀", (0, 1): "▄", (0, 0): " "}
    return ["".join(chars[(top, bottom)] for top, bottom in zip(rows[i], rows[i + 1])) for i in range(0, len(rows), 2)]


def bar(count: int, most: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * count / most) if most else 0
    return "█" * filled + "·" * (width - filled)


class HostApp(App[None]):
    TITLE = "quiz · live class"
    CSS = """
    #status { height: auto; padding: 0 1; background: $boost; text-style: bold; }
    #body { padding: 0 1; }
    #lobby { height: auto; }
    #qr { width: auto; margin-right: 2; background: white; color: black; }
    #lobby-text { width: 1fr; }
    #remove { dock: bottom; display: none; }
    #remove.shown { display: block; }
    """
    BINDINGS = [
        Binding("s", "start", "Start"),
        Binding("n,space", "next", "Next"),
        Binding("k", "skip", "Skip"),
        Binding("p", "pause", "Pause"),
        Binding("r", "remove", "Remove"),
        Binding("e", "end", "End early"),
        Binding("q", "quit_host", "Quit"),
    ]

    def __init__(self, server: LiveServer) -> None:
        super().__init__()
        self.server = server
        self.game = server.game
        self.problem: str | None = None
        self.ending_asked = False
        self.quitting_asked = False
        self.ready = False  # drawn only between mount and unmount (the server may call sooner or later)

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with VerticalScroll(id="scroll"):
            with Horizontal(id="lobby"):
                yield Static(id="qr")
                yield Static(id="lobby-text")
            yield Static(id="body")
        yield Input(placeholder="name to remove, then Enter (Escape: cancel)", id="remove", max_length=80)
        yield Footer()

    async def on_mount(self) -> None:
        try:
            await self.server.start()
        except OSError as exc:
            self.problem = f"can't listen on {self.server.host}:{self.server.port}: {exc.strerror}"
            self.exit()
            return
        self.server.on_change = self.redraw
        link = f"{self.server.join_address()}?pin={self.game.pin}"
        self.query_one("#qr", Static).update(Content("\n".join(qr_lines(link))))
        self.ready = True
        self.set_interval(0.25, self.redraw)
        self.redraw()

    async def on_unmount(self) -> None:
        self.ready = False
        await self.server.stop()

    # ------------------------------------------------------------------ drawing
    def redraw(self) -> None:
        if not self.ready:
            return
        game = self.game
        self.query_one("#lobby").display = game.phase == LOBBY
        self.query_one("#status", Static).update(self.status_line())
        draw = {LOBBY: self.lobby, QUESTION: self.question, REVEAL: self.reveal, LEADERBOARD: self.leaderboard}
        if game.phase == LOBBY:
            self.query_one("#lobby-text", Static).update(self.lobby())
            self.query_one("#body", Static).update("")
        else:
            self.query_one("#body", Static).update(draw.get(game.phase, self.end)())

    def status_line(self) -> Content:
        game = self.game
        parts = [f"PIN {game.pin}", self.server.join_address()]
        if game.phase == QUESTION:
            parts.append(f"question {game.position + 1} of {game.total}")
            left = game.time_left()
            if left is not None:
                parts.append(f"{left:.0f} s left")
            parts.append(f"{game.answered_count()} of {len(game.active)} answered")
            if game.paused:
                parts.append("PAUSED")
        elif game.phase in (REVEAL, LEADERBOARD):
            parts.append(f"question {game.position + 1} of {game.total}")
        elif game.phase == END:
            parts.append("the end")
        if self.server.problem:
            parts.append(f"DATABASE PROBLEM: {self.server.problem}")
        return Content(" · ".join(parts))

    def lobby(self) -> Content:
        game = self.game
        roster = game.roster()
        lines: list[tuple[str, str] | str] = [
            ("Join the game\n", "bold"),
            f"Open {self.server.join_address()}\n",
            ("PIN ", ""),
            (f"{game.pin}\n", "bold reverse"),
            f"or: quiz join {self.server.join_address().split('//')[1].rstrip('/')} {game.pin} --name NAME\n\n",
            (f"{len(roster)} joined", "bold"),
            "  (s: start · r: remove a name)\n",
            ", ".join(roster[-60:]),
        ]
        return Content.assemble(*lines)

    def question(self) -> Content:
        game = self.game
        wire = game.question_message().question
        parts: list[tuple[str, str] | str] = [(wire.prompt + "\n\n", "bold")]
        if wire.expects == "match":
            for i, left in enumerate(wire.left):
                parts.append(f"  {LETTERS[i]}. {left}\n")
            parts.append("  match with:\n")
        for i, option in enumerate(wire.options, 1):
            parts.append(f"  {i}. {option}\n")
        if wire.expects in ("text", "number"):
            parts.append("  (typed answer" + (f", in {wire.unit}" if wire.unit else "") + ")\n")
        parts.append(f"\n{game.answered_count()} of {len(game.active)} answered")
        if game.paused:
            parts.append(("  PAUSED (p: go on)", "bold"))
        return Content.assemble(*parts)

    def reveal(self) -> Content:
        game = self.game
        shared = game.reveal_shared()
        bars = shared["distribution"]
        most = max((b.count for b in bars), default=0)
        width = max(8, min(BAR_WIDTH, self.size.width - 40))
        label_width = min(30, max((len(b.label) for b in bars), default=0))
        parts: list[tuple[str, str] | str] = [(game.item.question.prompt + "\n\n", "bold")]
        for b in bars:
            mark = "✔" if b.correct else " "
            label = b.label if len(b.label) <= label_width else b.label[: label_width - 1] + "…"
            parts.append(
                (f" {mark} {label:<{label_width}} {bar(b.count, most, width)} {b.count}\n", "bold" if b.correct else "")
            )
        parts += [("\nRight answer: ", "bold"), shared["right_answer"] + "\n", shared["explanation"] + "\n"]
        for p in shared["passages"]:
            parts += ["\n", p.before, (p.quote, "bold underline"), p.after + "\n", (f"— {p.citation}\n", "italic")]
        parts.append("\n(n: leaderboard)")
        return Content.assemble(*parts)

    def leaderboard(self) -> Content:
        board = self.game.leaderboard_message()
        parts: list[tuple[str, str] | str] = [("Leaderboard\n\n", "bold")]
        for s in board.top:
            parts.append(f"  {s.rank:>3}. {s.name:<30} {s.score:>6}\n")
        if board.movers:
            parts.append(("\nBiggest movers\n", "bold"))
            for s in board.movers:
                parts.append(f"  ▲{s.moved} {s.name} (now {s.rank})\n")
        parts.append("\n(n: " + ("the end" if self.game.last_question else "next question") + ")")
        return Content.assemble(*parts)

    def end(self) -> Content:
        from quiz.reports import class_report

        game = self.game
        parts: list[tuple[str, str] | str] = [("The podium\n\n", "bold")]
        for s in game.standings():
            if s.rank > 3:
                break
            parts.append(
                (f"  {('1st', '2nd', '3rd')[s.rank - 1]}  {s.name}  {s.score}\n", "bold" if s.rank == 1 else "")
            )
        report = game.report()
        if report is not None:
            parts += ["\n", class_report.as_table(report)]
        where = game.results_dir or "the current folder"
        parts.append(f"\nResults files in {where}; again with: quiz report {where}/live-{game.game_id}-*.json\n")
        if game.results_problem:
            parts.append((f"The results files could not be written: {game.results_problem}\n", "bold"))
        return Content.assemble(*parts)

    # ------------------------------------------------------------------ actions
    async def action_start(self) -> None:
        if self.game.phase == LOBBY:
            if not self.game.active:
                self.notify("No one has joined yet.")
                return
            await self.server.start_game()
        self.redraw()

    async def action_next(self) -> None:
        await self.server.advance()
        self.redraw()

    async def action_skip(self) -> None:
        await self.server.close_question()
        self.redraw()

    async def action_pause(self) -> None:
        await self.server.toggle_pause()
        self.redraw()

    async def action_end(self) -> None:
        if self.game.phase == END:
            return
        if not self.ending_asked:
            self.ending_asked = True
            self.notify("Press e again to end the game now.")
            return
        await self.server.end_early()
        self.redraw()

    def action_remove(self) -> None:
        box = self.query_one("#remove", Input)
        box.add_class("shown")
        box.focus()

    @on(Input.Submitted, "#remove")
    async def removed(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        box = self.query_one("#remove", Input)
        box.value = ""
        box.remove_class("shown")
        self.set_focus(None)
        if name:
            removed = await self.server.remove(name)
            self.notify(f"{name} removed." if removed else f"No one called {name} is in the game.", markup=False)
        self.redraw()

    def key_escape(self) -> None:
        box = self.query_one("#remove", Input)
        if box.has_class("shown"):
            box.value = ""
            box.remove_class("shown")
            self.set_focus(None)

    def action_quit_host(self) -> None:
        """Twice, as ending: a stray key on the projector's keyboard must not stop a class
        (nothing would be lost — the game is in the database for --resume — but the room waits)."""
        if self.game.phase != END and not self.quitting_asked:
            self.quitting_asked = True
            self.notify("Press q again to stop hosting (quiz host --resume carries on).")
            return
        self.exit()
