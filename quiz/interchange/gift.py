"""GIFT, Moodle's text format for question banks: export, and import back into our format.

Export: one category per bank; the question's id as its name and Moodle id number; tags as
Moodle tags; the explanation and every quoted passage with its citation as the general
feedback; "why not" (and its passage) as the feedback of each wrong choice. What GIFT has
no field for (the difficulty, a number's unit) rides in a `// quiz:` comment that Moodle
ignores and `quiz import gift` reads back.

Import follows Moodle's own reading of the format (question/format/gift/format.php):
questions are separated by blank lines, `//` lines are comments, `\\` escapes the special
characters, the answer block is between the first `{` and the first `}`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from quiz.core.banks import LoadedBank
from quiz.core.kinds import kind_named, kind_of
from quiz.core.model import Article, Question
from quiz.interchange import yamlout
from quiz.interchange.export import Exported, Quoted, left_out_line, quotes_of, why_not_of
from quiz.library.diagnostics import Diagnostic, error, warning

_SPECIAL = "\\~=#{}:"


# ---------------------------------------------------------------------------- export


def escape(text: str) -> str:
    """GIFT text: the special characters backslash-escaped, line breaks as \\n."""
    for ch in _SPECIAL:  # the backslash first, so the ones added here stay single
        text = text.replace(ch, "\\" + ch)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def _weight(share: float) -> str:
    """A percentage as Moodle's grade list has it: 50, 33.33333, -14.28571."""
    value = round(share * 100, 5)
    return str(int(value)) if value == int(value) else f"{value:.5f}".rstrip("0")


def _number(value: float) -> str:
    """A plain decimal (GIFT has no exponents)."""
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def feedback_text(words: str, quoted: list[Quoted]) -> str:
    """Our words, then each passage in typographic quotes with its citation under it."""
    parts = [words.strip()]
    for q in quoted:
        cite = f"\n— {q.citation}" if q.citation else ""
        parts.append(f"“{' '.join(q.text.split())}”{cite}")
    return "\n\n".join(p for p in parts if p)


def left_out_reason(q: Question) -> str | None:
    """Why Moodle could not take this question as we mean it, or None (each kind says)."""
    return kind_of(q).gift_left_out(q)


@dataclass
class _Writer:
    """What a kind's gift_answers gets: GIFT's escaping and number forms, and the feedback of
    each wrong choice (why not, and the passage that rules it out)."""

    loaded: LoadedBank
    question: Question

    def escape(self, text: str) -> str:
        return escape(text)

    def weight(self, share: float) -> str:
        return _weight(share)

    def number(self, value: float) -> str:
        return _number(value)

    def why_not(self, index: int) -> str | None:
        found = why_not_of(self.loaded, self.question, index)
        return escape(feedback_text(found[0], [found[1]] if found[1] else [])) if found else None


def _gift_question(loaded: LoadedBank, q: Question) -> str:
    general = feedback_text(q.explanation, quotes_of(loaded, q))
    meta: dict[str, Any] = {"difficulty": q.difficulty}
    answers = kind_of(q).gift_answers(q, _Writer(loaded, q), meta)
    tags = "".join(f" [tag:{t}]" for t in q.tags)
    body = "".join(f"\t{a}\n" for a in answers) + f"\t####{escape(general)}\n"
    return (
        f"// [id:{q.id}]{tags}\n"
        f"// quiz: {json.dumps(meta, ensure_ascii=False)}\n"
        f"::{escape(q.id)}::{escape(q.prompt)}{{\n{body}}}\n"
    )


def to_gift(banks: list[LoadedBank]) -> Exported:
    from quiz import __version__

    blocks = [
        f"// GIFT for Moodle, written by quiz {__version__}. Each question's explanation and "
        "quoted passages are\n// its general feedback; 'quiz import gift' reads this file back.\n"
    ]
    left_out: dict[str, list[Question]] = {}
    count = 0
    for loaded in banks:
        bank = {"bank": loaded.id, "title": loaded.bank.title, "articles": [a.id for a in loaded.articles]}
        blocks.append(f"// quiz bank: {json.dumps(bank, ensure_ascii=False)}\n$CATEGORY: quiz/{loaded.id}\n")
        for q in loaded.bank.questions:
            reason = left_out_reason(q)
            if reason:
                left_out.setdefault(reason, []).append(q)
                continue
            blocks.append(_gift_question(loaded, q))
            count += 1
    result = Exported("\n".join(blocks), count)
    for reason, questions in left_out.items():
        result.left_out.append(left_out_line("gift", questions, reason))
    return result


# ---------------------------------------------------------------------------- import

# Escaped characters stand in as private-use characters while the text is split up.
_HIDDEN = {c: chr(0xE000 + i) for i, c in enumerate("\\:#={}~n")}
_SHOWN = {v: ("\n" if k == "n" else k) for k, v in _HIDDEN.items()}
_ESCAPE = re.compile(r"\\([\\:#={}~n])")
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_QUOTE_BLOCK = re.compile(r"^“(?P<text>[^\n]+)”\n— (?P<cite>[^\n]+)$")
_CITE = re.compile(r"^(?P<publisher>.+), (?P<date>\d{1,2} \S+ \d{4}), paragraphs? \d+(?:–\d+)?$")
_TF = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def _hide(text: str) -> str:
    return _ESCAPE.sub(lambda m: _HIDDEN[m.group(1)], text)


def _show(text: str) -> str:
    return "".join(_SHOWN.get(ch, ch) for ch in text)


class _PlainText(HTMLParser):
    """HTML (as Moodle's editor writes it) to plain text: breaks and paragraphs as lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("br", "p", "div", "li", "blockquote"):
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _text(raw: str, fmt: str) -> tuple[str, str]:
    """(plain text, format) of one piece of GIFT text, escapes undone. A line break in the
    file is a space (an escaped \\n is a real line break), except in HTML and Markdown."""
    found = _FORMAT.match(raw)
    if found:
        fmt, raw = found.group(1), raw[found.end() :]
    if fmt == "html":
        parser = _PlainText()
        parser.feed(_show(raw))
        text = "".join(parser.parts)
        text = "\n".join(" ".join(line.split()) for line in text.split("\n"))
        text = re.sub(r"\n{3,}", "\n\n", text)
    elif fmt == "markdown":
        text = _show(raw)
    else:
        text = _show(re.sub(r"[ \t]*\n[ \t]*", " ", raw))
    return text.strip(), fmt


@dataclass
class Imported:
    """What came out of a GIFT file: questions in our format (plain data), and notes."""

    questions: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # where each question starts in the file
    categories: list[str] = field(default_factory=list)
    banks: list[dict[str, Any]] = field(default_factory=list)  # our '// quiz bank:' headers
    diagnostics: list[Diagnostic] = field(default_factory=list)


def read_gift(name: str, text: str, articles: dict[str, Article] | None = None) -> Imported:
    """Every question of a GIFT file in our bank format. Citations written by our export
    are matched to `articles` (by publisher and date) so quotes name their article."""
    result = Imported()
    by_citation = _citation_index(articles or {})
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    block: list[tuple[int, str]] = []
    pending: dict[str, Any] = {"tags": [], "id": None, "meta": {}}
    for number, line in enumerate(lines + [""], 1):
        stripped = line.strip()
        if stripped.startswith("//"):
            _read_comment(stripped[2:], pending, result)
            continue
        if stripped:
            block.append((number, line))
            continue
        if block:
            _read_block(name, block, pending, result, by_citation)
            block = []
            pending = {"tags": [], "id": None, "meta": {}}
    return result


def _read_comment(comment: str, pending: dict[str, Any], result: Imported) -> None:
    found = re.search(r"\[id:([^\x00-\x1f\x7f]+?)\]", comment)
    if found:
        pending["id"] = found.group(1).strip()
    pending["tags"] += [t.strip() for t in re.findall(r"\[tag:([^\x00-\x1f\x7f]+?)\]", comment)]
    body = comment.strip()
    for key, target in (("quiz bank:", "bank"), ("quiz:", "meta")):
        if body.startswith(key):
            try:
                value = json.loads(body[len(key) :])
            except ValueError:
                return
            if isinstance(value, dict):
                if target == "bank":
                    result.banks.append(value)
                else:
                    pending["meta"] = value
            return


def _citation_index(articles: dict[str, Article]) -> dict[tuple[str, str], str]:
    from quiz.core.present import long_date

    return {(a.publisher, long_date(a.date)): a.id for a in articles.values()}


def _read_block(
    name: str,
    block: list[tuple[int, str]],
    pending: dict[str, Any],
    result: Imported,
    by_citation: dict[tuple[str, str], str],
) -> None:
    start = block[0][0]
    text = _hide("\n".join(line for _, line in block)).strip()

    def where(offset: int) -> tuple[int, int]:
        before = text[:offset]
        line_in = before.count("\n")
        col = offset - (before.rfind("\n") + 1) + 1
        return start + line_in, col

    def note(offset: int, message: str, hint: str | None = None, is_error: bool = False) -> None:
        line, col = where(offset)
        make = error if is_error else warning
        result.diagnostics.append(make(name, line, col, message, hint))

    if text.startswith("$CATEGORY:"):
        result.categories.append(_show(text[len("$CATEGORY:") :]).strip())
        return
    title = None
    body_at = 0
    if text.startswith("::"):
        end = text.find("::", 2)
        if end >= 0:
            title = _show(text[2:end]).strip()
            body_at = end + 2
    opening, closing = text.find("{", body_at), text.find("}", body_at)
    if opening < 0 and closing < 0:
        note(body_at, "left out: a description, not a question (it has no {answers})")
        return
    if opening < 0 or closing < opening:
        note(
            closing if opening < 0 else opening,
            "unbalanced braces: a question's answers go between '{' and '}'",
            "escape a brace that is part of the text as \\{ or \\}",
            is_error=True,
        )
        return
    after = text[closing + 1 :]
    prompt_raw = text[body_at:opening] + ("_____ " + after.strip() if after.strip() else "")
    answer = text[opening + 1 : closing].strip()
    general_raw = ""
    if "####" in answer:
        cut = answer.rfind("####")
        general_raw, answer = answer[cut + 4 :], answer[:cut].strip()
    prompt, fmt = _text(prompt_raw, "moodle")
    general, _ = _text(general_raw, fmt)
    explanation, quoted = _split_feedback(general)

    question: dict[str, Any] = {}
    kind, fields, problem = _answers(answer, fmt)
    if problem:
        note(opening, f"left out{' ' + repr(title) if title else ''}: {problem}")
        return
    if not prompt:
        note(body_at, "left out: the question has no text")
        return
    question["id"] = pending["id"] or title or ""
    question["type"] = kind
    question["prompt"] = prompt
    question.update(fields.pop("answers"))
    question["explanation"] = explanation
    question["quotes"] = [_quote(text, cite, by_citation) for text, cite in quoted]
    meta = pending["meta"]
    difficulty = meta.get("difficulty")
    question["difficulty"] = difficulty if type(difficulty) is int and 1 <= difficulty <= 3 else None
    kind_named(kind).gift_imported(question, meta)
    question["tags"] = pending["tags"]
    for message in fields.get("dropped", []):
        note(opening, f"{title or 'question'}: {message}")
    result.questions.append(question)
    result.lines.append(start)


def _split_feedback(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Our words and the quoted passages (with citations) that our export wrote."""
    words, quotes = [], []
    for part in text.split("\n\n"):
        found = _QUOTE_BLOCK.match(part.strip())
        if found:
            quotes.append((found.group("text"), found.group("cite")))
        else:
            words.append(part)
    return "\n\n".join(words).strip(), quotes


def _quote(text: str, cite: str, by_citation: dict[tuple[str, str], str]) -> Any:
    found = _CITE.match(cite) if len(cite) <= 300 else None  # a citation is short; bound the regex
    article = by_citation.get((found.group("publisher"), found.group("date"))) if found else None
    return {"text": text, "article": article} if article else text


def _answers(answer: str, fmt: str) -> tuple[str, dict[str, Any], str | None]:
    """(our type, {'answers': fields, 'dropped': notes}, why it can't be imported)."""
    dropped: list[str] = []
    if answer == "":
        return "", {}, "an essay question (no answer to check)"
    if answer.startswith(">"):  # Moodle's ordering type: '>N FLAGS' then one item a line
        items = [_text(line, fmt)[0] for line in answer.split("\n")[1:] if line.strip()]
        if len(items) < 2:
            return "", {}, "an ordering question needs two items at least"
        return "order", {"answers": {"items": items}, "dropped": dropped}, None
    if answer.startswith("#"):
        return _numerical(answer[1:], fmt)
    if "~" in answer:
        return _multichoice(answer, fmt)
    if "=" in answer and "->" in answer:
        pairs = []
        for part in answer.split("=")[1:]:
            if "->" not in part:
                return "", {}, "a matching answer without '->'"
            left, right = part.split("->", 1)
            left_text, right_text = _text(left, fmt)[0], _text(right, fmt)[0]
            if not left_text:
                dropped.append(f"extra wrong answer {right_text!r} dropped (our matching has none)")
                continue
            pairs.append({"left": left_text, "right": right_text})
        return "match", {"answers": {"pairs": pairs}, "dropped": dropped}, None
    head = answer.split("#", 1)[0].strip()
    if head in _TF:
        if "#" in answer:
            dropped.append("the true/false answer feedback was dropped (the explanation says why)")
        return "truefalse", {"answers": {"answer": _TF[head]}, "dropped": dropped}, None
    accepted = []
    for part in [answer] if "=" not in answer else answer.split("=")[1:]:
        part = part.strip()
        weight = _WEIGHT.match(part)
        if weight:
            part = part[weight.end() :]
            if float(weight.group(1)) < 100:
                dropped.append(f"partly right answer {_text(part.split('#', 1)[0], fmt)[0]!r} dropped")
                continue
        accepted.append(_text(part.split("#", 1)[0], fmt)[0])
    accepted = [a for a in accepted if a]
    if not accepted:
        return "", {}, "a short answer question with no fully right answer"
    return "text", {"answers": {"answer": accepted[0], "accept": accepted[1:]}, "dropped": dropped}, None


def _numerical(answer: str, fmt: str) -> tuple[str, dict[str, Any], str | None]:
    dropped: list[str] = []
    if "~" in answer:
        answer = answer[: answer.index("~")]
        dropped.append("feedback for wrong numbers dropped")
    parts = [p.strip() for p in answer.split("=") if p.strip()] if "=" in answer else [answer.strip()]
    for part in parts:
        weight = _WEIGHT.match(part)
        if weight:
            part = part[weight.end() :]
            if float(weight.group(1)) < 100:
                dropped.append(f"partly right number {part.split('#', 1)[0].strip()!r} dropped")
                continue
        value = _show(part.split("#", 1)[0]).strip()
        try:
            if ".." in value:
                low, high = (float(v) for v in value.split("..", 1))
                return (
                    "number",
                    {"answers": {"answer": (low + high) / 2, "tolerance": abs(high - low) / 2}, "dropped": dropped},
                    None,
                )
            if ":" in value:
                center, margin = (float(v) for v in value.split(":", 1))
                return "number", {"answers": {"answer": center, "tolerance": abs(margin)}, "dropped": dropped}, None
            return "number", {"answers": {"answer": float(value), "tolerance": 0.0}, "dropped": dropped}, None
        except ValueError:
            return "", {}, f"not a number: {value!r}"
    return "", {}, "a numerical question with no fully right answer"


def _multichoice(answer: str, fmt: str) -> tuple[str, dict[str, Any], str | None]:
    dropped: list[str] = []
    single = "=" in answer
    choices: list[tuple[str, float, str]] = []  # (text, weight, feedback)
    for part in answer.replace("=", "~=").split("~"):
        part = part.strip()
        if not part:
            continue
        if part.startswith("="):
            weight, part = 100.0, part[1:]
        else:
            found = _WEIGHT.match(part)
            weight = float(found.group(1)) if found else 0.0
            part = part[found.end() :] if found else part
        text, _, feedback = part.partition("#")
        choices.append((_text(text, fmt)[0], weight, _text(feedback, fmt)[0]))
    if single:
        right = [c for c in choices if c[1] == 100]
        partial = [c for c in choices if 0 < c[1] < 100]
        if partial:
            dropped.append("partial credit dropped: only the '=' answer counts as right")
        kind = "choice" if len(right) == 1 else "multi"
        correct = [c[1] == 100 for c in choices]
    else:
        kind = "multi"
        correct = [c[1] > 0 for c in choices]
    if not any(correct):
        return "", {}, "no choice is marked right"
    if all(correct):
        return "", {}, "every choice is right, so there is nothing to choose"
    limit = 8 if kind == "choice" else 10
    if not 2 <= len(choices) <= limit:
        return "", {}, f"{len(choices)} choices (a {kind} question has 2 to {limit})"
    items: list[Any] = []
    for (text, _, feedback), right in zip(choices, correct):
        if right:
            items.append({"text": text, "correct": True})
            if feedback:
                dropped.append(f"feedback on the right answer {text!r} dropped")
            continue
        if not feedback:
            items.append(text)
            continue
        why, quoted = _split_feedback(feedback)
        entry: dict[str, Any] = {"text": text, "why_not": why or feedback}
        if quoted:
            entry["why_not_quote"] = quoted[0]  # resolved to a quote below
        items.append(entry)
    return kind, {"answers": {"choices": items}, "dropped": dropped}, None


# ---------------------------------------------------------------------------- the bank file


def bank_yaml(
    imported: Imported,
    bank_id: str,
    title: str,
    articles: list[str],
    source: str,
    by_citation: dict[tuple[str, str], str],
) -> tuple[str, int]:
    """The imported questions as a bank file; (text, questions still without a quote)."""
    used: set[str] = set()
    missing = 0
    out = [
        f"# Imported by 'quiz import gift' from {source}.\n",
        "# A quote can't be invented: every question without one has 'quotes: []' below, and\n",
        "# 'quiz check' lists each of them until the passage that proves its answer is copied in.\n",
        "# yaml-language-server: $schema=./bank.schema.json\n",
        yamlout.block(
            {
                "id": bank_id,
                "title": title,
                "articles": articles
                if articles
                else yamlout.Commented([], "TODO: the id of the article these questions were written from"),
            }
        ),
        "questions:\n",
    ]
    for n, q in enumerate(imported.questions, 1):
        data = dict(q)
        data["id"] = _unique_id(_clean_id(str(data["id"])) or f"{bank_id}-{n}", used)
        data["tags"] = [t for t in (_clean_tag(t) for t in data["tags"]) if t]
        for choice in data.get("choices", []):
            if isinstance(choice, dict) and isinstance(choice.get("why_not_quote"), tuple):
                text, cite = choice["why_not_quote"]
                choice["why_not_quote"] = _quote(text, cite, by_citation)
        if not data["explanation"]:
            data["explanation"] = "TODO: why the answer is right, in one to three sentences of your own"
        if not data["quotes"]:
            missing += 1
            data["quotes"] = yamlout.Commented([], "TODO: copy the passage of the article that proves the answer")
        elif len(articles) == 1:
            data["quotes"] = [x["text"] if isinstance(x, dict) else x for x in data["quotes"]]
        if data["difficulty"] is None:
            data["difficulty"] = yamlout.Commented(1, "1: stated fact; 2: connects two statements; 3: inference")
        kind_named(data["type"]).tidy_written(data)
        ordered = {k: data[k] for k in ("id", "type", "prompt") if k in data}
        ordered.update(
            {
                k: v
                for k, v in data.items()
                if k not in ordered and k not in ("explanation", "quotes", "difficulty", "tags")
            }
        )
        ordered.update({k: data[k] for k in ("explanation", "quotes", "difficulty", "tags")})
        out.append(("\n" if n > 1 else "") + "  - " + yamlout.block(ordered, 4)[4:])
    if not imported.questions:
        out.append("  []\n")
    return "".join(out), missing


def _clean_id(text: str) -> str:
    from quiz.interchange.authoring import ID_PATTERN, MAX_ID, slug

    if ID_PATTERN.match(text) and len(text) <= MAX_ID:
        return text
    return slug(text, max_words=8)[:MAX_ID].strip("-._")


def _unique_id(wanted: str, used: set[str]) -> str:
    candidate, n = wanted, 2
    while candidate in used:
        candidate, n = f"{wanted}-{n}", n + 1
    used.add(candidate)
    return candidate


def _clean_tag(text: str) -> str:
    tag = re.sub(r"[^a-z0-9 _-]+", "-", text.casefold()).strip(" _-")
    return tag[:40]


def citation_index(articles: dict[str, Article]) -> dict[tuple[str, str], str]:
    return _citation_index(articles)
