"""number: type, then Enter. A number that can't be read, or read safely in the unit, is refused here."""

from __future__ import annotations

from quiz.core.kinds import BadAnswer, kind_of
from quiz.core.round import PlayItem
from quiz.ui.widgets.kinds.text import TextAnswer


class NumberAnswer(TextAnswer):
    HOW_TO_ANSWER = "type a number, then Enter"

    def placeholder_for(self, item: PlayItem) -> str:
        unit = getattr(item.question, "unit", None)
        return "a number" + (f", in {unit}" if unit else "") + " — then Enter"

    def refused(self, text: str) -> str | None:
        try:  # the kind's own reading, as plain mode and remote clients get it
            kind_of(self.item.question).parse_typed(self.item.question, self.item.order, text)
        except BadAnswer as bad:
            return f"{str(bad)[:1].upper()}{str(bad)[1:]}."
        return None


WIDGET = NumberAnswer
