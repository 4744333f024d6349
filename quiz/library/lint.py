"""Quality warnings for authors: things a careful teacher would flag, found by machine.

Each is a warning (an error with `quiz check --strict`), located at path:line:col.
Everything here is linear (or close) in the number of questions, so checking a school's
worth of banks stays quick.
"""

from __future__ import annotations

import heapq
import itertools
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from quiz.core.banks import Library, LoadedBank
from quiz.core.kinds import kind_of
from quiz.core.model import Choice, Question, quote_text
from quiz.library.diagnostics import Diagnostic, warning
from quiz.library.quotes import normalize

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_STOP = frozenset(
    "the and for are was were that this with from have has had not but its his her their "
    "they them she him who whom which what when where why how than then into onto over "
    "under about after before while also only more most much many some any all each other "
    "been being would could should will shall may might must can did does doing done one "
    "two said says say mr ms mrs article according".split()
)
_NUMBER_WORDS = {
    w: str(n)
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}
_NUMBER_WORDS.update({"half": "0.5", "dozen": "12", "hundred": "100", "thousand": "1000"})
MIN_BANK_FOR_BIAS = 5  # fewer choice questions than this say nothing about bias
BIAS_SHARE = 0.5  # above this share, a position or "longest" is a giveaway
NEAR_DUPLICATE = 90  # rapidfuzz token_sort_ratio at or above this is "the same prompt"
MIN_EXPLANATION_WORDS = 6
COPIED_QUOTE = 85  # an explanation this like a quote (rapidfuzz ratio) just repeats it
# Left in by 'quiz new' and 'quiz import gift' where only the author can fill in the text.
PLACEHOLDER = re.compile(r"\bTODO\b")


def key_words(text: str) -> set[str]:
    """Content words, folded (case, accents) and cut to a stem, plus numbers."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = re.sub(r"(?<=[^\W\d_])-(?=[^\W\d_])", "", folded)  # co-operation = cooperation
    words = set()
    for word in _WORD.findall(folded):
        if word[0].isdigit():
            words.add(word.replace(",", ""))
        elif word in _NUMBER_WORDS:  # "six" in the article proves an answer of 6
            words.add(_NUMBER_WORDS[word])
        elif len(word) >= 3 and word not in _STOP:
            words.add(_stem(word))
    return words


def _stem(word: str) -> str:
    """A crude stem, enough to see that "halted" and "halt" are the same word."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:5]


def answer_text(question: Question) -> list[str]:
    """The words of the right answer, as a player would see them."""
    return kind_of(question).answer_texts(question)


def lint(library: Library) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for loaded in library.banks:
        found.extend(_bank_warnings(loaded))
    found.extend(_near_duplicates(library.banks))
    found.extend(coverage_warnings(library))
    return found


def _warn(
    loaded: LoadedBank, path: tuple[Any, ...], message: str, hint: str | None = None, key: str | None = None
) -> Diagnostic:
    line, col = loaded.locate(path, key)
    return warning(str(loaded.path), line, col, message, hint)


def _bank_warnings(loaded: LoadedBank) -> Iterable[Diagnostic]:
    if not loaded.bank.questions:
        yield _warn(
            loaded,
            (),
            "the bank has no questions yet",
            "write one from each paragraph; 'quiz coverage' shows which are left",
            key="questions",
        )
    positions: Counter[int] = Counter()
    longest = 0
    choice_questions = 0
    for index, question in enumerate(loaded.bank.questions):
        at = ("questions", index)
        kind = kind_of(question)
        sample = kind.bias_sample(question)
        if sample is not None:
            choice_questions += 1
            positions[sample[0]] += 1
            longest += sample[1]
        for sub, key, message, hint in kind.lint_choices(question, question.difficulty):
            yield _warn(loaded, at + sub, message, hint, key=key)
        answer_words = set().union(*(key_words(t) for t in answer_text(question)))
        unwritten = any(PLACEHOLDER.search(t) for t in answer_text(question))  # TODO says it already
        # a passage also quoted to rule out a wrong choice is there for that choice
        rules_out = {
            normalize(quote_text(c.why_not_quote))
            for c in kind.choice_list(question)
            if isinstance(c, Choice) and c.why_not_quote is not None
        }
        for i, quote in enumerate(question.quotes):
            if normalize(quote_text(quote)) in rules_out:
                continue
            if answer_words and not (key_words(quote_text(quote)) & answer_words) and not unwritten:
                yield _warn(
                    loaded,
                    at + ("quotes", i),
                    "quote shares no key word with the answer",
                    "quote the passage that proves the answer",
                )
        words = question.explanation.split()
        if not words:
            yield _warn(
                loaded,
                at,
                "explanation is missing",
                "say why the answer is right in one to three sentences, in our words",
                key="explanation",
            )
        elif len(words) < MIN_EXPLANATION_WORDS:
            yield _warn(
                loaded, at, "explanation is too short", "one to three sentences, in our words", key="explanation"
            )
        if words and _copies_a_quote(question.explanation, [quote_text(q) for q in question.quotes]):
            yield _warn(
                loaded,
                at,
                "explanation copies the quote",
                "explain in our own words; the quote is shown anyway",
                key="explanation",
            )
        for sub, key, message, hint in kind.lint_question(question):
            yield _warn(loaded, at + sub, message, hint, key=key)
        for sub, key, label, text in _texts(question):
            if PLACEHOLDER.search(text):
                yield _warn(loaded, at + sub, f"'TODO' left in {label}", "write the real text in its place", key=key)
    if choice_questions >= MIN_BANK_FOR_BIAS:
        where, count = positions.most_common(1)[0]
        if count / choice_questions > BIAS_SHARE:
            yield _warn(
                loaded,
                (),
                f"the right answer is choice {where + 1} in {count} of {choice_questions} choice questions",
                "vary where the right answer stands",
                key="questions",
            )
        if longest / choice_questions > BIAS_SHARE:
            yield _warn(
                loaded,
                (),
                f"the right answer is the longest choice in {longest} of {choice_questions} choice questions",
                "make distractors as long as the answer",
                key="questions",
            )


def _copies_a_quote(explanation: str, quotes: list[str]) -> bool:
    """The explanation is the quote again: inside it, mostly made of it, or nearly the same."""
    from rapidfuzz import fuzz

    explained = normalize(explanation).casefold()
    for quote in quotes:
        quoted = normalize(quote).casefold()
        if explained in quoted or fuzz.ratio(explained, quoted) >= COPIED_QUOTE:
            return True
        if len(quoted.split()) >= 5 and quoted in explained and len(quoted) >= 0.6 * len(explained):
            return True
    return False


def _texts(question: Question) -> Iterable[tuple[tuple[Any, ...], str | None, str, str]]:
    """Every text an author writes in a question: (sub-path, key, what it is, text)."""
    yield (), "prompt", "the prompt", question.prompt
    yield (), "explanation", "the explanation", question.explanation
    for i, quote in enumerate(question.quotes):
        yield ("quotes", i), None, f"quote {i + 1}", quote_text(quote)
    yield from kind_of(question).authored_texts(question)


def _near_duplicates(banks: list[LoadedBank]) -> Iterable[Diagnostic]:
    """Prompts that ask the same thing, in any two banks. Two such prompts share most of their
    words, so they share at least one of their three rarest: the fuzzy comparison runs only
    within the small groups of prompts that share a rare word, not over every pair."""
    from rapidfuzz import fuzz

    entries = []
    frequency: Counter[str] = Counter()
    for loaded in banks:
        for index, question in enumerate(loaded.bank.questions):
            # a tuple of interned words, not a set of its own: a library repeats its words
            # endlessly, and a set a prompt was ~1 KB a question
            words = tuple(sys.intern(w) for w in key_words(question.prompt))
            frequency.update(words)
            entries.append((loaded, index, question, words, normalize(question.prompt).casefold()))
    groups: dict[str, list[int]] = defaultdict(list)
    rare: list[tuple[str, ...]] = []
    for n, (_, _, _, words, _) in enumerate(entries):
        rare.append(tuple(sorted(sorted(words), key=lambda w: frequency[w])[:3]) or ("",))
        for word in rare[-1]:
            groups[word].append(n)  # each group in ascending order
    # Each prompt is compared with the earlier prompts of its groups, earliest first, and
    # reported against the first it nearly repeats. The candidates are merged lazily, never
    # listed as pairs: k copies of one prompt cost k comparisons, not k² (nor k² of memory).
    for b, rarest in enumerate(rare):
        candidates = heapq.merge(*(groups[w] for w in rarest))  # ascending; a prompt in two groups comes twice
        for a, _ in itertools.groupby(itertools.takewhile(lambda a: a < b, candidates)):  # noqa: B023 (used at once)
            first, second = entries[a], entries[b]
            if fuzz.token_sort_ratio(first[4], second[4]) >= NEAR_DUPLICATE:
                line, col = first[0].locate(("questions", first[1]), "prompt")
                yield _warn(
                    second[0],
                    ("questions", second[1]),
                    f"prompt nearly repeats question '{first[2].id}' ({first[0].path}:{line}:{col})",
                    "ask something else, or merge the two",
                    key="prompt",
                )
                break


def coverage(library: Library, banks: Iterable[LoadedBank] | None = None) -> dict[str, dict[int, list[str]]]:
    """For each article a playable bank uses (all of them, or those of `banks`):
    paragraph -> ids of the questions quoting it."""
    covered: dict[str, dict[int, list[str]]] = {}
    for loaded in library.banks if banks is None else banks:
        for article in loaded.articles:
            covered.setdefault(article.id, {n: [] for n in range(1, len(article.paragraphs) + 1)})
        for question in loaded.bank.questions:
            for passage in loaded.passages.get(question.id, ()):
                for n in range(passage.paragraph, passage.last_paragraph + 1):
                    ids = covered[passage.article][n]
                    if not ids or ids[-1] != question.id:  # its ids go in together: O(1), not O(n)
                        ids.append(question.id)
    return covered


def coverage_warnings(library: Library) -> Iterable[Diagnostic]:
    for article_id, paragraphs in coverage(library).items():
        path = library.article_paths[article_id]
        marks = library.paragraph_marks.get(article_id, [])
        for number, ids in paragraphs.items():
            if not ids:
                line, col = marks[number - 1] if number <= len(marks) else (1, 1)
                yield warning(
                    str(path), line, col, f"paragraph {number} is quoted by no question", "write a question from it"
                )
