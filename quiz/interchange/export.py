"""Exports of the banks for other tools: JSON, Aiken, Anki notes, CSV (GIFT is in
quiz.interchange.gift). Each format is one function."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from quiz.core.banks import LoadedBank
from quiz.core.kinds import kind_of
from quiz.core.model import (
    Choice,
    Passage,
    Question,
    choice_text,
    quote_text,
)
from quiz.core.safe_text import csv_row

JSON_FORMAT_VERSION = 1


def _quote(text: str, passage: Passage | None) -> dict[str, Any]:
    return {
        "text": text,
        "article": passage.article if passage else None,
        "paragraph": passage.paragraph if passage else None,
    }


def answer_fields(loaded: LoadedBank, question: Question) -> dict[str, Any]:
    """The fields that hold a question's answer, in the export's stable shape (each kind's own)."""

    def why_not_quote(index: int, quote: Any) -> dict[str, Any]:
        return _quote(quote_text(quote), loaded.why_not_passages.get((question.id, index)))

    return kind_of(question).json_fields(question, why_not_quote)


def to_json_document(banks: list[LoadedBank]) -> dict[str, Any]:
    """All banks as one stable document (the shape is documented in the README)."""
    out = []
    for loaded in banks:
        questions = []
        for question in loaded.bank.questions:
            passages = loaded.passages.get(question.id, ())
            questions.append(
                {
                    "id": question.id,
                    "type": kind_of(question).tag,
                    "prompt": question.prompt,
                    "difficulty": question.difficulty,
                    "tags": list(question.tags),
                    "explanation": question.explanation,
                    "quotes": [
                        _quote(quote_text(q), passages[i] if i < len(passages) else None)
                        for i, q in enumerate(question.quotes)
                    ],
                    **answer_fields(loaded, question),
                }
            )
        out.append(
            {
                "id": loaded.bank.id,
                "title": loaded.bank.title,
                "articles": [
                    {"id": a.id, "title": a.title, "publisher": a.publisher, "date": a.date} for a in loaded.articles
                ],
                "questions": questions,
            }
        )
    return {"format": "quiz-banks", "version": JSON_FORMAT_VERSION, "banks": out}


# ---------------------------------------------------------------------------- interchange
# Formats other tools import: GIFT (quiz.interchange.gift), Aiken, Anki notes and CSV. Each gives the
# text and says what it left out, so a teacher never loses a question without being told.


@dataclass(frozen=True)
class Quoted:
    """A quoted passage as an export shows it: the words and where they stand."""

    text: str
    citation: str | None
    article: str | None


@dataclass
class Exported:
    text: str
    count: int = 0  # questions written
    left_out: list[str] = field(default_factory=list)  # one line per reason, for stderr


def quotes_of(loaded: LoadedBank, question: Question) -> list[Quoted]:
    from quiz.core.present import citation

    articles = {a.id: a for a in loaded.articles}
    passages = loaded.passages.get(question.id, ())
    found = []
    for i, quote in enumerate(question.quotes):
        passage = passages[i] if i < len(passages) else None
        article = articles.get(passage.article) if passage else None
        found.append(
            Quoted(
                quote_text(quote), citation(article, passage) if article else None, passage.article if passage else None
            )
        )
    return found


def why_not_of(loaded: LoadedBank, question: Question, index: int) -> tuple[str, Quoted | None] | None:
    """(why this choice is wrong, the passage that rules it out) for a wrong choice, if written."""
    from quiz.core.present import citation

    choices = kind_of(question).choice_list(question)
    choice = choices[index] if 0 <= index < len(choices) else None
    if not isinstance(choice, Choice) or choice.correct or not choice.why_not:
        return None
    quoted = None
    if choice.why_not_quote is not None:
        passage = loaded.why_not_passages.get((question.id, index))
        article = next((a for a in loaded.articles if passage and a.id == passage.article), None)
        quoted = Quoted(
            quote_text(choice.why_not_quote),
            citation(article, passage) if article and passage else None,
            passage.article if passage else None,
        )
    return choice.why_not, quoted


def left_out_line(fmt: str, questions: list[Question], reason: str) -> str:
    ids = ", ".join(q.id for q in questions[:5]) + (", …" if len(questions) > 5 else "")
    noun = "question" if len(questions) == 1 else "questions"
    return f"{fmt}: left out {len(questions)} {noun} ({ids}): {reason}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


_AIKEN_OPTION = re.compile(r"^[A-Z][.)]\s")


def to_aiken(banks: list[LoadedBank]) -> Exported:
    """Moodle's Aiken format: single-answer questions only (choice, and true/false as two
    choices), one line each, no feedback: so no explanations and no quotes."""
    blocks: list[str] = []
    other: list[Question] = []
    clash: list[Question] = []
    for loaded in banks:
        for q in loaded.bank.questions:
            single = kind_of(q).aiken(q)
            if single is None:
                other.append(q)
                continue
            options, right = single
            prompt = _one_line(q.prompt)
            if _AIKEN_OPTION.match(prompt) or prompt.upper().startswith("ANSWER:"):
                clash.append(q)  # Aiken would read the prompt as an option or the answer line
                continue
            lines = [prompt] + [f"{chr(65 + i)}. {_one_line(o)}" for i, o in enumerate(options)]
            blocks.append("\n".join(lines + [f"ANSWER: {chr(65 + right)}"]) + "\n")
    result = Exported("\n".join(blocks), len(blocks))
    if other:
        result.left_out.append(
            left_out_line("aiken", other, "Aiken holds only single-answer choice questions (and true/false)")
        )
    if clash:
        result.left_out.append(
            left_out_line("aiken", clash, "the prompt starts like an Aiken option line ('A. ') or 'ANSWER:'")
        )
    if blocks:
        result.left_out.append("aiken: Aiken has no feedback, so explanations and quoted passages are not in this file")
    return result


def _html(text: str) -> str:
    return html.escape(text, quote=True).replace("\t", " ").replace("\r\n", "<br>").replace("\n", "<br>")


def _anki_front(q: Question) -> str:
    return f"<div class=quiz-prompt>{_html(q.prompt)}</div>" + kind_of(q).anki_front(q, _html)


def _anki_back(loaded: LoadedBank, q: Question) -> str:
    from quiz.core.present import answer_in_words

    parts = [f"<div class=quiz-answer><b>{_html(answer_in_words(q))}</b></div>", f"<p>{_html(q.explanation)}</p>"]
    for quoted in quotes_of(loaded, q):
        parts.append(_anki_quote(quoted))
    for i, c in enumerate(kind_of(q).choice_list(q)):
        found = why_not_of(loaded, q, i)
        if found:
            reason, quoted = found
            parts.append(f"<p>Not “{_html(choice_text(c))}”: {_html(reason)}</p>")
            if quoted:
                parts.append(_anki_quote(quoted))
    return "".join(parts)


def _anki_quote(quoted: Quoted) -> str:
    cite = f"<div class=quiz-cite>— {_html(quoted.citation)}</div>" if quoted.citation else ""
    return f"<blockquote>{_html(quoted.text)}</blockquote>{cite}"


def _anki_tag(text: str) -> str:
    return re.sub(r"\s+", "_", text.strip())


def to_anki(banks: list[LoadedBank]) -> Exported:
    """A text file Anki imports as Basic notes (File > Import): front the question with its
    choices, back the answer, explanation, quotes and citations; one deck per bank; tags
    from the bank. The GUID column makes a second import update the notes, not copy them."""
    lines = [
        "#separator:tab",
        "#html:true",
        "#notetype:Basic",
        "#columns:GUID\tDeck\tFront\tBack\tTags",
        "#guid column:1",
        "#deck column:2",
        "#tags column:5",
    ]
    count = 0
    for loaded in banks:
        deck = "quiz::" + loaded.bank.title.replace("::", ":").replace("\t", " ")
        for q in loaded.bank.questions:
            tags = [_anki_tag(loaded.id), *(_anki_tag(t) for t in q.tags), f"difficulty::{q.difficulty}"]
            fields = [f"quiz:{q.id}", deck, _anki_front(q), _anki_back(loaded, q), " ".join(tags)]
            lines.append("\t".join(f.replace("\t", " ").replace("\n", " ") for f in fields))
            count += 1
    return Exported("\n".join(lines) + "\n", count)


CSV_COLUMNS = [
    "bank",
    "id",
    "type",
    "difficulty",
    "tags",
    "prompt",
    "options",
    "answer",
    "explanation",
    "quotes",
    "citations",
]


def to_csv(banks: list[LoadedBank]) -> Exported:
    """One row per question, for spreadsheets. Lists inside a cell are one item a line."""
    import csv
    import io

    from quiz.core.present import answer_in_words

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for loaded in banks:
        for q in loaded.bank.questions:
            options = kind_of(q).csv_options(q)
            quoted = quotes_of(loaded, q)
            row = [
                loaded.id,
                q.id,
                kind_of(q).tag,
                str(q.difficulty),
                ", ".join(q.tags),
                q.prompt,
                options,
                answer_in_words(q),
                q.explanation,
                "\n".join(x.text for x in quoted),
                "\n".join(x.citation or "" for x in quoted),
            ]
            writer.writerow(csv_row(row))
            count += 1
    return Exported(out.getvalue(), count)
