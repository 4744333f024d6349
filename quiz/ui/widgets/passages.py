"""Quoted passages shown inside their paragraph, the quote marked by more than colour."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from quiz.core.present import MarkedParagraph, QuotedParagraph, marked


def quoted_paragraph(quoted: QuotedParagraph) -> Content:
    # Bold + underline + reverse keep the quote visible with NO_COLOR or a dumb terminal;
    # the ▶ ◀ marks make it unmistakable even where no style shows.
    return Content.assemble(
        quoted.before,
        ("▶", "bold"),
        (quoted.quote, "bold underline $accent"),
        ("◀", "bold"),
        quoted.after,
    )


def marked_paragraph(paragraph: MarkedParagraph) -> Content:
    """Every quote of the paragraph marked as `quoted_paragraph` marks one."""
    parts: list[Content | tuple[str, str] | str] = []
    for text, is_quote in paragraph.pieces:
        parts += [("▶", "bold"), (text, "bold underline $accent"), ("◀", "bold")] if is_quote else [text]
    return Content.assemble(*parts)


class Passage(Static):
    """A paragraph with its quote highlighted, and the citation under it."""

    DEFAULT_CSS = """
    Passage { margin: 0 0 1 0; padding: 0 1; border-left: thick $accent; }
    """

    def __init__(self, quoted: QuotedParagraph | MarkedParagraph | None = None, **kwargs) -> None:
        super().__init__(passage_content(quoted) if quoted is not None else "", **kwargs)

    def show(self, quoted: QuotedParagraph | MarkedParagraph) -> None:
        """Show this paragraph instead (a passage made before its quote was known)."""
        self.update(passage_content(quoted))


def passage_content(quoted: QuotedParagraph | MarkedParagraph) -> Content:
    paragraph = marked(quoted) if isinstance(quoted, QuotedParagraph) else quoted
    return Content.assemble(marked_paragraph(paragraph), "\n", (f"— {paragraph.cite}", "italic"))
