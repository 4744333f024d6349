"""Personal bests per bank and recent rounds, for the current player."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static


class ScoresScreen(Screen):
    BINDINGS = [Binding("escape,h,q", "dismiss", "Back")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="scores-body"):
            yield Static(Content.assemble(("Scores", "bold"), f" · {self.app.player or 'no player'}"), classes="title")
            yield Label("Personal bests", classes="section")
            yield DataTable(id="bests", cursor_type="row", zebra_stripes=True)
            yield Static("No finished round yet: finish one to set a best.", id="no-bests", classes="dim")
            yield Label("Recent rounds", classes="section")
            yield DataTable(id="recent", cursor_type="row", zebra_stripes=True)
            yield Static("No rounds played yet.", id="no-rounds", classes="dim")
        yield Footer()

    def on_mount(self) -> None:
        app = self.app
        titles = {b.id: b.bank.title for b in app.library.banks}
        bests = self.query_one("#bests", DataTable)
        bests.add_columns("Bank", "Best", "Right")
        for bank_id, (best, accuracy) in sorted(app.store.best_by_bank(app.player).items()) if app.player else []:
            bests.add_row(Text(titles.get(bank_id, bank_id)), str(best), f"{accuracy:.0%}")
        recent = self.query_one("#recent", DataTable)
        recent.add_columns("When", "Banks", "Score", "Right", "State")
        for r in app.store.rounds(app.player, limit=20) if app.player else []:
            right = sum(a.correct for a in r.answers)
            state = "finished" if r.finished else f"{len(r.answers)}/{len(r.plan)} answered"
            recent.add_row(
                r.started.astimezone().strftime("%Y-%m-%d %H:%M"),
                Text(", ".join(r.banks)),
                str(r.score),
                f"{right}/{len(r.answers)}",
                state,
            )
        # an empty table says nothing: say why it is empty instead
        bests.display = bool(bests.row_count)
        recent.display = bool(recent.row_count)
        self.query_one("#no-bests", Static).display = not bests.row_count
        self.query_one("#no-rounds", Static).display = not recent.row_count
        (bests if bests.row_count else recent).focus()
