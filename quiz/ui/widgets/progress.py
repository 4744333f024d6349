"""How far through the round: one line, drawn as text.

Textual's ProgressBar is three widgets with an animation clock; a round's progress moves
once per question, so a line of text does the job for a fraction of the cost of building
it, on a screen rebuilt after every answer."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget


class RoundProgress(Widget):
    DEFAULT_CSS = "RoundProgress { height: 1; }"

    def __init__(self, done: int, total: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.done = done
        self.total = max(total, 1)

    def render(self) -> Content:
        share = min(self.done / self.total, 1.0)
        label = f" {share:4.0%}"
        width = max(self.size.width - len(label), 1)
        filled = round(width * share)
        return Content.assemble(("━" * filled, "$accent"), ("─" * (width - filled), "$foreground 30%"), label)
