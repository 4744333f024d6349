"""Finding quoted passages in an article.

Matching forgives only what doesn't change the words: runs of white space, line and
paragraph breaks, and straight vs typographic quotes and apostrophes.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz.core.model import Article, Passage

_SAME_AS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'"})


def normalize(text: str) -> str:
    return " ".join(text.translate(_SAME_AS).split())


@dataclass(frozen=True)
class Closest:
    paragraph: int
    text: str  # the closest passage, as it reads (normalized) in the article
    score: float  # 0..100


class ArticleText:
    """An article's body normalized once, with a map back to paragraph and offset."""

    def __init__(self, article: Article):
        self.article = article
        chars: list[str] = []
        para_of: list[int] = []
        offset_of: list[int] = []
        for number, paragraph in enumerate(article.paragraphs, 1):
            translated = paragraph.translate(_SAME_AS)
            in_space = True  # drops leading white space and that between paragraphs
            if chars:
                chars.append(" ")
                para_of.append(number)
                offset_of.append(0)
            for offset, ch in enumerate(translated):
                if ch.isspace():
                    if in_space:
                        continue
                    in_space = True
                    ch = " "
                else:
                    in_space = False
                chars.append(ch)
                para_of.append(number)
                offset_of.append(offset)
        self.text = "".join(chars)
        self._para_of = para_of
        self._offset_of = offset_of
        self._found: dict[str, Passage | None] = {}

    def find(self, quote: str) -> Passage | None:
        """Where the quote stands, or None. `end` is exclusive, in `last_paragraph`."""
        if quote in self._found:
            return self._found[quote]
        wanted = normalize(quote)
        at = self.text.find(wanted) if wanted else -1
        passage = None
        if at >= 0:
            last = at + len(wanted) - 1
            passage = Passage(
                article=self.article.id,
                paragraph=self._para_of[at],
                start=self._offset_of[at],
                last_paragraph=self._para_of[last],
                end=self._offset_of[last] + 1,
            )
        self._found[quote] = passage
        return passage

    def closest(self, quote: str) -> Closest | None:
        """The passage most like the quote, to show an author what differs."""
        from rapidfuzz import fuzz  # only needed when a quote is not found

        wanted = normalize(quote)
        best: Closest | None = None
        for number, paragraph in enumerate(self.article.paragraphs, 1):
            text = normalize(paragraph)
            found = fuzz.partial_ratio_alignment(wanted, text)
            if found is not None and (best is None or found.score > best.score):
                # widen to whole words, so the author sees words, not fragments
                start = text.rfind(" ", 0, found.dest_start + 1) + 1
                end = text.find(" ", max(found.dest_end - 1, start))
                best = Closest(number, text[start : end if end >= 0 else len(text)], found.score)
        return best
