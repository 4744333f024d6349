"""`quiz new`: from an article's plain text to an article file and a bank skeleton.

The article file holds the text's paragraphs word for word (quotes are checked against
them). The skeleton is a valid, empty bank with a commented example of every question
type, each quoting a real passage of the article, so an author uncomments one, fills in
the TODOs, and `quiz check` says what is left.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from quiz.core.kinds import KINDS
from quiz.interchange import yamlout
from quiz.library.diagnostics import Diagnostic, warning

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
MAX_ID = 80
MAX_PARAGRAPH = 4000  # characters: the model's limit on one text (model.Text)
LONG_PARAGRAPH_WORDS = 400  # more than this is likely several paragraphs run together
# Lines before the body that are markup, not article text: Markdown headings, images,
# block quotes (a dateline), rules, a bare web address.
_FRONT_MATTER = re.compile(r"^(#{1,6}\s|!\[[^\]]*\]\(|>\s|(-{3,}|\*{3,}|_{3,})$|https?://\S+$)")


@dataclass
class Paragraph:
    text: str
    line: int  # where it starts in the source text, 1-based


@dataclass
class SplitText:
    paragraphs: list[Paragraph]
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, text) of front matter
    layout: str = "blank lines"  # or "one per line"


def split_paragraphs(text: str) -> SplitText:
    """Paragraphs separated by blank lines (lines within one are joined with a space), or,
    when the text has no blank line between paragraphs, one paragraph a line.

    Leading markup lines (see _FRONT_MATTER) are skipped. The words inside a paragraph are
    kept exactly, spaces included: quotes are matched against them."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    skipped: list[tuple[int, str]] = []
    start = 0
    while start < len(lines):
        stripped = lines[start].strip()
        if stripped and not _FRONT_MATTER.match(stripped):
            break
        if stripped:
            skipped.append((start + 1, stripped))
        start += 1
    body = [(n, line) for n, line in enumerate(lines[start:], start + 1)]
    paragraphs: list[Paragraph] = []
    if _has_inner_blank(body):
        current: list[tuple[int, str]] = []
        for n, line in body + [(len(lines) + 1, "")]:
            if line.strip():
                current.append((n, line.strip()))
            elif current:
                paragraphs.append(Paragraph(" ".join(t for _, t in current), current[0][0]))
                current = []
        return SplitText(paragraphs, skipped, "blank lines")
    for n, line in body:
        if line.strip():
            paragraphs.append(Paragraph(line.strip(), n))
    return SplitText(paragraphs, skipped, "one per line")


def _has_inner_blank(body: list[tuple[int, str]]) -> bool:
    """A blank line with text both before and after it."""
    filled = [i for i, (_, line) in enumerate(body) if line.strip()]
    return any(not body[i][1].strip() for i in range(filled[0], filled[-1])) if filled else False


def text_warnings(path: str, split: SplitText) -> list[Diagnostic]:
    """What in the input may not be what the author meant, located in the text file."""
    found = [
        warning(
            path,
            line,
            1,
            f"skipped {text[:40]!r}: markup before the article's body",
            "if it is part of the article, put it back in the article file by hand",
        )
        for line, text in split.skipped
    ]
    for number, paragraph in enumerate(split.paragraphs, 1):
        words = len(paragraph.text.split())
        if words > LONG_PARAGRAPH_WORDS:
            found.append(
                warning(
                    path,
                    paragraph.line,
                    1,
                    f"paragraph {number} has {words} words: several paragraphs may have run together",
                    too_long_hint(paragraph.text) + ", then run 'quiz new' again with --force",
                )
            )
    return found


# A sentence end with the next paragraph's first letter right after it ("epidemic.Even"):
# the sign of paragraphs that lost their line breaks.
_RUN_TOGETHER = re.compile(r"[a-z0-9)][.?!][”\"’]?(?=[A-Z“])")


def too_long_hint(text: str) -> str:
    """What to do about a paragraph too long to be one, with an example of where it breaks."""
    joins = list(_RUN_TOGETHER.finditer(text))
    if len(joins) >= 2:
        at = joins[0]
        sample = text[max(at.start() - 12, 0) : at.end() + 12]
        return (
            f"about {len(joins) + 1} paragraphs seem to run together with no break (e.g. "
            f"'…{sample}…' at column {at.end() + 1}): put each paragraph on its own line"
        )
    return "if paragraphs run together, put a blank line (or a line break) between them"


def slug(text: str, max_words: int = 6) -> str:
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    words = re.findall(r"[a-z0-9]+", folded)
    return "-".join(words[:max_words])


_SMALL_WORDS = frozenset("a an the of to in on at for and or by with from as is are was its his her their".split())


def default_id(title: str, date: str) -> str:
    """Four words of the title and the year: 'council-votes-shut-three-2024'."""
    words = [w for w in slug(title, max_words=40).split("-") if w and w not in _SMALL_WORDS]
    base = "-".join(words[:4]) or "article"
    return f"{base}-{date[:4]}"[:MAX_ID].strip("-._")


def check_date(text: str) -> str | None:
    """None when `text` is a real YYYY-MM-DD date, else what is wrong."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return f"--date must be YYYY-MM-DD, not {text!r}"
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return f"--date {text} is not a date in the calendar"
    return None


def check_id(text: str) -> str | None:
    if len(text) > MAX_ID or not ID_PATTERN.match(text):
        return (
            f"--id {text!r} is not a valid id: lower-case letters, digits, '.', '_' and '-', "
            f"starting with a letter or digit, at most {MAX_ID} characters"
        )
    return None


# ---------------------------------------------------------------------------- the files


def article_yaml(
    article_id: str, title: str, publisher: str, date: str, url: str | None, paragraphs: list[str], source: str
) -> str:
    out = [
        f"# Source article, made by 'quiz new' from {source}. Paragraphs are numbered from 1;\n",
        "# quotes in the banks must match this text word for word.\n",
        f"id: {yamlout.string(article_id)}\n",
        f"title: {yamlout.string(title)}\n",
        f"publisher: {yamlout.string(publisher)}\n",
        f"date: {yamlout.string(date)}\n",
    ]
    if url:
        out.append(f"url: {yamlout.string(url)}\n")
    out.append("paragraphs:\n")
    for number, text in enumerate(paragraphs, 1):
        out.append(f"  # {number}\n  - {yamlout.string(text)}\n")
    return "".join(out)


_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’']?\s+(?=[A-Z“\"‘'(])")


def passage(paragraph: str, max_words: int = 12) -> str:
    """A short verbatim passage to quote from a paragraph: its first sentence, cut to
    `max_words` words. A slice of the paragraph, so it is found exactly as written."""
    end = _SENTENCE_END.search(paragraph)
    sentence = paragraph[: end.start() if end else len(paragraph)]
    words = list(re.finditer(r"\S+", sentence))
    if len(words) > max_words:
        sentence = sentence[: words[max_words - 1].end()]
    return sentence.strip().rstrip(",;:—–-").strip()


def bank_skeleton(
    bank_id: str,
    article_id: str,
    title: str,
    publisher: str,
    date: str,
    paragraphs: list[str],
    article_file: str,
    bank_file: str,
    folder: str,
) -> str:
    """A valid bank with no questions yet, and every type's example commented out."""
    n = len(paragraphs)

    def quote(index: int) -> tuple[str, int]:
        number = index % n + 1
        return passage(paragraphs[number - 1]), number

    with_digit = next((i for i, p in enumerate(paragraphs) if re.search(r"\d", passage(p))), 4 % n)
    head = f"""# yaml-language-server: $schema=./bank.schema.json
# A question bank for "{title}"
# ({publisher}, {date}), started by 'quiz new'.
#
# What to do next:
#   1. Read the article, its paragraphs numbered, in
#        {article_file}
#   2. Write questions under 'questions:' below. There is an example of every type at the
#      end of this file: take one, remove the '# ' at the start of its lines (most editors
#      do it with Ctrl+/), then replace every TODO. Each example already quotes a real
#      passage of the article; quote the passage that proves YOUR answer, word for word.
#   3. Check the bank; it points at every problem and every TODO left:
#        quiz check {bank_file}
#      See which paragraphs no question quotes yet:
#        quiz coverage --from {folder} --bank {bank_id}
#   4. When 'quiz check --strict {bank_file}' passes, play it:
#        quiz play --from {folder} --bank {bank_id}
id: {yamlout.string(bank_id)}
title: {yamlout.string(f"{title} ({publisher}, {date[:4]})")}
articles: [{yamlout.string(article_id)}]
questions:
"""
    examples = [_example(kind, bank_id, quote, with_digit) for kind in KINDS]
    return head + "\n".join(examples)


def _example(kind: str, bank_id: str, quote, with_digit: int) -> str:
    """One commented example question of `kind`, quoting real passages."""
    s = yamlout.string

    def quotes(*indexes: int) -> str:
        lines = ""
        for i in indexes:
            text, number = quote(i)
            lines += f"    - {s(text)}   # paragraph {number}\n"
        return "  quotes:\n" + lines

    common_end = """  difficulty: 1                 # 1: a fact the article states; 2: connects two statements; 3: an inference
  tags: []                      # lower-case words: people, places, events, numbers, ...
"""
    explanation = '  explanation: "TODO: why the answer is right, in one to three sentences of your own"\n'
    example = KINDS[kind]
    indexes = [with_digit if i < 0 else i for i in example.example_quotes]
    body = example.example.format(
        id=s(f"{bank_id}-{kind}-1"), explanation=explanation, quotes=quotes(*indexes), end=common_end
    )
    lines = body.splitlines()
    # the heading line is already a comment; the rest become '  # ' + line
    out = [lines[0]] + [f"  # {line}" if line else "  #" for line in lines[1:]]
    return "\n".join(out) + "\n"
