"""The whole article, numbered paragraphs, scrolled to the quoted passage."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from quiz import present
from quiz.model import Article, Passage
from quiz.ui.widgets.passages import quoted_paragraph


class ArticleScreen(Screen):
    BINDINGS = [Binding("escape,a,q", "dismiss", "Back")]

    def __init__(self, article: Article, passages: list[Passage]) -> None:
        super().__init__()
        self.article = article
        self.passages = [p for p in passages if p.article == article.id]

    def compose(self) -> ComposeResult:
        a = self.article
        with VerticalScroll(id="article-body"):
            yield Static(Content.assemble((a.title, "bold"), "\n",
                                          f"{a.publisher} · {present.long_date(a.date)}"), classes="article-head")
            if a.standfirst:
                yield Static(Content(a.standfirst), classes="dim")
            quoted = {p.paragraph: p for p in self.passages if p.paragraph == p.last_paragraph}
            spans = {n for p in self.passages for n in range(p.paragraph, p.last_paragraph + 1)}
            for number, text in enumerate(a.paragraphs, 1):
                if number in quoted:
                    body = quoted_paragraph(present.in_paragraph(a, quoted[number]))
                elif number in spans:
                    body = Content.styled(text, "bold underline")
                else:
                    body = Content(text)
                classes = "paragraph quoted" if number in spans else "paragraph"
                yield Static(Content.assemble((f"{number:>2} ", "dim"), body), id=f"p{number}", classes=classes)
        yield Footer()

    def on_mount(self) -> None:
        body = self.query_one("#article-body")
        body.focus()
        if self.passages:
            target = self.query_one(f"#p{self.passages[0].paragraph}")
            self.call_after_refresh(body.scroll_to_widget, target, animate=False, top=True)
