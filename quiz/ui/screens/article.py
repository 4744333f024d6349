"""The whole article, numbered paragraphs, scrolled to the quoted passage.

For authors, `c` shows coverage: each paragraph shaded and marked as quoted (✔) or not (✘),
with the ids of the questions that quote it. The articles list (Home, `c`) opens here with
coverage on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from quiz.core import present
from quiz.core.model import Article, Passage
from quiz.ui.screens.base import QuizScreen
from quiz.ui.widgets.passages import quoted_paragraph


def article_coverage(library, article_id: str) -> dict[int, list[str]]:
    """Paragraph -> ids of the questions quoting it, from the one place that computes it."""
    from quiz.library.lint import coverage

    return coverage(library).get(article_id, {})


class ArticleScreen(QuizScreen[None]):
    DEFAULT_CSS = """
    ArticleScreen .coverage-line { display: none; color: $text-muted; margin: 0 0 1 3; }
    ArticleScreen #coverage-head { display: none; text-style: bold; margin: 0 0 1 0; }
    ArticleScreen.-coverage .coverage-line, ArticleScreen.-coverage #coverage-head { display: block; }
    ArticleScreen.-coverage .paragraph { margin: 0; }
    ArticleScreen.-coverage .paragraph.covered { background: $success 15%; }
    ArticleScreen.-coverage .paragraph.uncovered { background: $error 15%; }
    """
    BINDINGS = [
        Binding("escape,a,q", "dismiss", "Back"),
        Binding("c", "toggle_coverage", "Coverage"),
    ]

    def __init__(self, article: Article, passages: list[Passage], show_coverage: bool = False) -> None:
        super().__init__()
        self.article = article
        self.passages = [p for p in passages if p.article == article.id]
        self.show_coverage = show_coverage

    def compose(self) -> ComposeResult:
        a = self.article
        quoting = article_coverage(self.quiz.library, a.id)
        with VerticalScroll(id="article-body"):
            yield Static(
                Content.assemble((a.title, "bold"), "\n", f"{a.publisher} · {present.long_date(a.date)}"),
                classes="article-head",
            )
            if a.standfirst:
                yield Static(Content(a.standfirst), classes="dim")
            done = sum(1 for n in range(1, len(a.paragraphs) + 1) if quoting.get(n))
            yield Static(
                Content(
                    f"Coverage: {done} of {len(a.paragraphs)} paragraphs quoted by a question "
                    f"({100 * done // len(a.paragraphs)}%) · c hides this"
                ),
                id="coverage-head",
            )
            quoted = {p.paragraph: p for p in self.passages if p.paragraph == p.last_paragraph}
            spans = {n for p in self.passages for n in range(p.paragraph, p.last_paragraph + 1)}
            for number, text in enumerate(a.paragraphs, 1):
                if number in quoted:
                    body = quoted_paragraph(present.in_paragraph(a, quoted[number]))
                elif number in spans:
                    body = Content.styled(present.with_gaps(a, number, text), "bold underline")
                else:
                    body = Content(present.with_gaps(a, number, text))
                ids = quoting.get(number, [])
                classes = "paragraph " + ("covered" if ids else "uncovered")
                classes += " quoted" if number in spans else ""
                yield Static(Content.assemble((f"{number:>2} ", "dim"), body), id=f"p{number}", classes=classes)
                line = (
                    f"{present.RIGHT_MARK} quoted by {len(ids)}: {', '.join(ids)}"
                    if ids
                    else f"{present.WRONG_MARK} no question quotes this paragraph"
                )
                yield Static(Content(line), id=f"q{number}", classes="coverage-line")
        yield Footer()

    def on_mount(self) -> None:
        self.set_class(self.show_coverage, "-coverage")
        body = self.query_one("#article-body")
        body.focus()
        if self.passages:
            target = self.query_one(f"#p{self.passages[0].paragraph}")
            self.call_after_refresh(body.scroll_to_widget, target, animate=False, top=True)

    def action_toggle_coverage(self) -> None:
        self.show_coverage = not self.show_coverage
        self.set_class(self.show_coverage, "-coverage")


class ArticlesScreen(QuizScreen[None]):
    """Every article the banks quote, with the share of paragraphs quoted; Enter opens one
    with coverage shown."""

    DEFAULT_CSS = """
    ArticlesScreen #articles-body { height: 1fr; padding: 0 1; }
    ArticlesScreen #articles { height: auto; }
    """
    BINDINGS = [Binding("escape,q", "dismiss", "Back")]

    def compose(self) -> ComposeResult:
        from quiz.library.lint import coverage

        library = self.quiz.library
        options = []
        for article_id, quoting in coverage(library).items():
            article = library.articles[article_id]
            done = sum(1 for ids in quoting.values() if ids)
            label = Content.assemble(
                (article.title, "bold"),
                "\n",
                f"  {article.publisher}, {present.long_date(article.date)} · "
                f"{done} of {len(quoting)} paragraphs quoted ({100 * done // len(quoting)}%)",
            )
            options.append(Option(label, id=article_id))
        with VerticalScroll(id="articles-body"):
            yield Static(
                Content.assemble(
                    ("Articles and coverage", "bold"),
                    " · Enter opens one: each paragraph marked ✔ quoted or ✘ not, with the questions that quote it",
                ),
                classes="title",
            )
            yield OptionList(*options, id="articles")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#articles").focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        article = self.quiz.library.articles[event.option.id]
        self.app.push_screen(ArticleScreen(article, [], show_coverage=True))
