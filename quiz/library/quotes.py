"""Finding quoted passages in an article.

Matching forgives only what doesn't change the words: runs of white space, line and
paragraph breaks, and straight vs typographic quotes and apostrophes.
"""

from __future__ import annotations

import msgspec

from quiz.core.model import Article, Passage

_SAME_AS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'"})


def normalize(text: str) -> str:
    return " ".join(text.translate(_SAME_AS).split())


class Closest(msgspec.Struct, frozen=True):
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
        self._pairs: list[set[tuple[str, str]]] | None = None

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
        """The passage most like the quote, to show an author what differs.

        Bounded, linear in the article's size: the paragraph sharing the most word pairs
        with the quote is chosen first (a set lookup per word), and only then is a bounded
        piece of it aligned character by character (comparing whole paragraphs with a long
        quote that way cost ~1.3 s of CPU per paragraph)."""
        from rapidfuzz import fuzz  # only needed when a quote is not found

        wanted = normalize(quote)
        if not wanted:
            return None
        words = _words(wanted)
        pairs = set(_pairs(words))
        best_number, best_shared = 0, 0
        for number, paragraph_pairs in enumerate(self._paragraph_pairs(), 1):
            shared = sum(1 for p in paragraph_pairs if p in pairs)
            if shared > best_shared:
                best_number, best_shared = number, shared
        if best_number == 0:  # not one word pair in common: the paragraph sharing the most words
            wanted_words = set(words)
            shared_words = [len(wanted_words & set(_words(normalize(p)))) for p in self.article.paragraphs]
            best_number = max(range(len(shared_words)), key=lambda i: shared_words[i]) + 1
        text = normalize(self.article.paragraphs[best_number - 1])
        probe = wanted[:ALIGNED_CHARS]
        anchor = _first_shared(text, words[:8])
        low = max(0, anchor - len(probe))
        window = text[low : anchor + 2 * len(probe)]
        found = fuzz.partial_ratio_alignment(probe, window)
        if found is None:
            return None
        # widen to whole words, so the author sees words, not fragments; as long as the quote
        start = text.rfind(" ", 0, low + found.dest_start + 1) + 1
        end = text.find(" ", max(start + len(wanted) - 1, low + found.dest_end - 1, start))
        return Closest(best_number, text[start : end if end >= 0 else len(text)], found.score)

    def _paragraph_pairs(self) -> list[set[tuple[str, str]]]:
        if self._pairs is None:
            self._pairs = [set(_pairs(_words(normalize(p)))) for p in self.article.paragraphs]
        return self._pairs


ALIGNED_CHARS = 240  # of a quote compared character by character with a paragraph: bounded work


def _words(text: str) -> list[str]:
    return text.casefold().split()


def _pairs(words: list[str]) -> list[tuple[str, str]]:
    return list(zip(words, words[1:])) if len(words) > 1 else [(w, "") for w in words]


def _first_shared(text: str, words: list[str]) -> int:
    """Where in `text` the first of these words appears (0 when none does)."""
    folded = text.casefold()
    for word in words:
        at = folded.find(word)
        if at >= 0:
            return at
    return 0
