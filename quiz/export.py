"""Exports of the banks for other tools. JSON here; each format is one function."""

from __future__ import annotations

from typing import Any

from quiz.banks import LoadedBank
from quiz.model import (
    Choice,
    ChoiceQuestion,
    MatchQuestion,
    MultiQuestion,
    NumberQuestion,
    OrderQuestion,
    Passage,
    Question,
    TextQuestion,
    TrueFalseQuestion,
    choice_is_correct,
    choice_text,
    quote_text,
)

JSON_FORMAT_VERSION = 1


def _quote(text: str, passage: Passage | None) -> dict[str, Any]:
    return {
        "text": text,
        "article": passage.article if passage else None,
        "paragraph": passage.paragraph if passage else None,
    }


def answer_fields(loaded: LoadedBank, question: Question) -> dict[str, Any]:
    """The fields that hold a question's answer, in the export's stable shape."""
    if isinstance(question, (ChoiceQuestion, MultiQuestion)):
        choices = []
        for i, item in enumerate(question.choices):
            entry: dict[str, Any] = {"text": choice_text(item), "correct": choice_is_correct(item)}
            if isinstance(item, Choice) and item.why_not:
                entry["why_not"] = item.why_not
            if isinstance(item, Choice) and item.why_not_quote is not None:
                entry["why_not_quote"] = _quote(
                    quote_text(item.why_not_quote), loaded.why_not_passages.get((question.id, i)))
            choices.append(entry)
        return {"choices": choices}
    if isinstance(question, TrueFalseQuestion):
        return {"answer": question.answer}
    if isinstance(question, TextQuestion):
        return {"answer": question.answer, "accept": list(question.accept)}
    if isinstance(question, NumberQuestion):
        return {"answer": question.answer, "tolerance": question.tolerance, "unit": question.unit}
    if isinstance(question, OrderQuestion):
        return {"items": list(question.items)}
    assert isinstance(question, MatchQuestion)
    return {"pairs": [{"left": p.left, "right": p.right} for p in question.pairs]}


def to_json_document(banks: list[LoadedBank]) -> dict[str, Any]:
    """All banks as one stable document (the shape is documented in the README)."""
    out = []
    for loaded in banks:
        questions = []
        for question in loaded.bank.questions:
            passages = loaded.passages.get(question.id, ())
            questions.append({
                "id": question.id,
                "type": type(question).__struct_config__.tag,
                "prompt": question.prompt,
                "difficulty": question.difficulty,
                "tags": list(question.tags),
                "explanation": question.explanation,
                "quotes": [
                    _quote(quote_text(q), passages[i] if i < len(passages) else None)
                    for i, q in enumerate(question.quotes)
                ],
                **answer_fields(loaded, question),
            })
        out.append({
            "id": loaded.bank.id,
            "title": loaded.bank.title,
            "articles": [
                {"id": a.id, "title": a.title, "publisher": a.publisher, "date": a.date}
                for a in loaded.articles
            ],
            "questions": questions,
        })
    return {"format": "quiz-banks", "version": JSON_FORMAT_VERSION, "banks": out}
