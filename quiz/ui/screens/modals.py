"""Small dialogs: who is playing, are you sure, the terminal is too small."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option


class PlayerScreen(ModalScreen[str | None]):
    """Ask for a player name, or pick one who has played before."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, players: list[str], current: str | None, first_time: bool) -> None:
        super().__init__()
        self.players = players
        self.current = current
        self.first_time = first_time

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Who is playing?" if self.first_time else "Switch player", classes="title")
            yield Input(placeholder="your name, then Enter", id="name", max_length=40)
            if self.players:
                yield Label("or pick a player:")
                yield OptionList(*[Option(name, id=name) for name in self.players], markup=False, id="players")

    @on(Input.Submitted, "#name")
    def _named(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        if not name:
            self.notify("Type a name first.", severity="warning")
            return
        self.dismiss(name)

    @on(OptionList.OptionSelected, "#players")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question. The safe answer is the default: Escape and n keep going."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, markup=False, classes="question")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", id="yes", variant="error")
                yield Button(f"{self.no} (n)", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class TooSmallScreen(Screen[None]):
    """Shown while the terminal is smaller than the game can be drawn in. A full screen,
    not a modal, so the screens under it are not laid out (Textual can't fit some widgets
    into zero columns)."""

    def compose(self) -> ComposeResult:
        yield Static("Terminal too small.\nMake it at least 40×12.", id="too-small")
