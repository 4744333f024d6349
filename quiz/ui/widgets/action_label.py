"""A one-line label a mouse can click to do what a key does (Submit, Move up…).

The question screen shows these instead of Textual's Button: the keys do the work, these are
for the mouse, and a Button costs the first question ~10 ms more to draw (its stylesheet is
large) and two more rows, which a 40x12 terminal can't spare."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Static


class ActionLabel(Static):
    DEFAULT_CSS = """
    ActionLabel { width: auto; height: 1; padding: 0 1; margin: 0 1 0 0; background: $boost; text-style: bold; }
    ActionLabel:hover { background: $primary 50%; }
    ActionLabel.-primary { background: $primary; color: $text; }
    """

    class Pressed(Message):
        def __init__(self, action: str) -> None:
            super().__init__()
            self.action = action

    def __init__(self, label: str, action: str, *, primary: bool = False, id: str | None = None) -> None:
        super().__init__(label, id=id, classes="-primary" if primary else "", markup=False)
        self.action = action

    def on_click(self) -> None:
        self.post_message(self.Pressed(self.action))
