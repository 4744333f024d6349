"""A list of options each ticked or not, the state written as [x] / [ ] so it shows
without colour (NO_COLOR, screen readers, monochrome terminals)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

Value = TypeVar("Value")


class CheckList(OptionList, Generic[Value]):
    """Space, a click (or Enter, unless a subclass gives Enter another job) ticks the
    highlighted entry."""

    BINDINGS = [Binding("space", "toggle", "Tick", show=True)]

    def __init__(self, entries: list[tuple[Content | str, Value, bool]] = (), **kwargs: Any) -> None:
        super().__init__(markup=False, **kwargs)
        self._labels: list[Content] = []
        self._values: list[Value] = []
        self._ticked: list[bool] = []
        self.set_entries(entries)

    def set_entries(self, entries: list[tuple[Content | str, Value, bool]]) -> None:
        self._labels = [label if isinstance(label, Content) else Content(label) for label, _, _ in entries]
        self._values = [value for _, value, _ in entries]
        self._ticked = [bool(on) for _, _, on in entries]
        self._redraw()

    def _prompt(self, index: int) -> Content:
        box = "[x] " if self._ticked[index] else "[ ] "
        return Content.assemble((box, "bold"), self._labels[index])

    def _redraw(self) -> None:
        highlighted = self.highlighted
        self.set_options([Option(self._prompt(i)) for i in range(len(self._labels))])
        if self._labels:
            self.highlighted = min(highlighted or 0, len(self._labels) - 1)

    @property
    def selected(self) -> list[Value]:
        return [v for v, on in zip(self._values, self._ticked) if on]

    def toggle_index(self, index: int) -> None:
        if 0 <= index < len(self._ticked):
            self._ticked[index] = not self._ticked[index]
            self.replace_option_prompt_at_index(index, self._prompt(index))

    def action_toggle(self) -> None:
        if self.highlighted is not None:
            self.toggle_index(self.highlighted)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.toggle_index(event.option_index)
