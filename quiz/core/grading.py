"""Is this answer right? Partial credit, and forgiving typed answers.

Answers are given in terms of the question as written (indices into its choices, items
or pairs), never of the shuffled display: the round translates what the player saw.

Each kind grades its own answers (quiz.core.kinds.<kind>.grade, where the module's docstring
says what answer it takes; quiz.core.kinds.grade dispatches); this module holds the grade
and the forgiving comparisons the typed kinds share.
"""

from __future__ import annotations

import math
import re
import unicodedata

import msgspec


class Grade(msgspec.Struct, frozen=True):
    credit: float  # 0.0 to 1.0
    detail: str  # how it was judged, for the feedback ("2 of 3 pairs right")

    @property
    def correct(self) -> bool:
        return self.credit >= 1.0


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as space, single spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w\s]|_", " ", text)
    return " ".join(text.split())


# ---------------------------------------------------------------------------- typed answers
#
# What must not decide a grade: case, accents, punctuation, a leading article or title
# ("the US", "Ms. Gómez", "former defence minister"), dots in an abbreviation (U.S. = US),
# British or American spelling. What must: every word of the answer, and a one-letter change
# in a short word, which usually makes another word ("pause" is not "cause").

# Dropped from the front of both the typed and the expected answer (while a word is left).
LEADING_WORDS = frozenset(
    "the a an mr mrs ms miss mx dr prof professor sir dame lord lady president senator sen "
    "governor gov general gen judge justice former ex senor sra".split()
)

_ABBREVIATION = re.compile(r"\b(?:[^\W\d_]\.){2,}(?![^\W\d_])|\b(?:[^\W\d_]\.)+[^\W\d_]\b")

# British spellings as American ones, word by word, applied to both sides (so each pair
# meets at one spelling whichever was written). Suffix rules apply to words of 6 letters or
# more, where they don't turn one short word into another (four/for, prise/prize).
_SPELLING_WORDS = {
    "programme": "program", "programmes": "programs", "grey": "gray", "cheque": "check",
    "cheques": "checks", "tyre": "tire", "tyres": "tires", "kerb": "curb", "mould": "mold",
    "plough": "plow", "storey": "story", "storeys": "stories", "jewellery": "jewelry",
    "manoeuvre": "maneuver", "manoeuvres": "maneuvers", "judgement": "judgment",
    "ageing": "aging", "aluminium": "aluminum", "sceptic": "skeptic", "sceptical": "skeptical",
    "pyjamas": "pajamas", "draught": "draft", "gaol": "jail", "whilst": "while", "amongst": "among",
}  # fmt: skip
_SPELLING_SUFFIXES = [
    (re.compile(r"(fen|licen|preten|offen)ce(s?)$"), r"\1se\2"),  # defence, licence
    (re.compile(r"our(s|ed|ing|ite|ites|able|er|ers)?$"), r"or\1"),  # colour, favourite
    (re.compile(r"is(e|es|ed|ing|er|ers|ation|ations)$"), r"iz\1"),  # organise, organisation
    (re.compile(r"ys(e|es|ed|ing)$"), r"yz\1"),  # analyse
    (re.compile(r"tre(s?)$"), r"ter\1"),  # centre, metre
    (re.compile(r"ogue(s?)$"), r"og\1"),  # catalogue
    (re.compile(r"ell(ed|ing|er|ers)$"), r"el\1"),  # travelled, modelling
    (re.compile(r"^oe(?=sophag|strogen|dema)"), "e"),  # oedema, oestrogen
    (re.compile(r"^haem"), "hem"),  # haemorrhage
    (re.compile(r"aemia$"), "emia"),  # anaemia
    (re.compile(r"aes(?=thes|thet)"), "es"),  # anaesthetic
    (re.compile(r"paedi"), "pedi"),  # paediatric, encyclopaedia
]


def american(word: str) -> str:
    """One spelling for a word written the British or the American way."""
    if word in _SPELLING_WORDS:
        return _SPELLING_WORDS[word]
    if len(word) < 6:
        return word
    for pattern, replacement in _SPELLING_SUFFIXES:
        word = pattern.sub(replacement, word)
    return word


def answer_words(text: str) -> list[str]:
    """The words of a typed or expected answer as they are compared: folded, abbreviations
    without their dots, leading articles and titles dropped, one spelling for both sides."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _ABBREVIATION.sub(lambda m: m.group().replace(".", ""), text)
    words = fold(text).split()
    while len(words) > 1 and words[0] in LEADING_WORDS:
        words.pop(0)
    return [american(w) for w in words]


def typo_allowance(length: int) -> int:
    """How many typos (a letter wrong, missing, extra, or two swapped) a word of this length
    may have and still count. None up to 6 letters: there one letter more, less or different
    mostly makes another word (cause/pause, heroin/heroic/heroine, Ovidio/Ovidia), and a
    name's accents are already forgiven. One up to 10 letters, two beyond."""
    if length <= 6:
        return 0
    return 1 if length <= 10 else 2


def word_is_typo(typed: str, expected: str) -> bool:
    """Is `typed` a slip for `expected` rather than another word?"""
    allowance = typo_allowance(len(expected))
    if typed[:1] != expected[:1]:  # a slip rarely hits the first letter; another word often does
        return False
    if abs(len(typed) - len(expected)) > allowance:  # the distance is at least this: no need to count
        return False
    if allowance == 0:
        return typed == expected
    from rapidfuzz.distance import OSA  # only a near miss needs rapidfuzz (~10 ms, ~4 MB)

    return OSA.distance(typed, expected) <= allowance


def text_matches(typed: str, expected: str) -> tuple[bool, str]:
    """(right?, how it was judged). A slip is accepted with "right — spelt <expected>"."""
    a, b = answer_words(typed), answer_words(expected)
    if not a:
        return False, "nothing typed"
    if a == b:
        return True, "matches"
    if any(ch.isdigit() for ch in "".join(a + b)):
        return False, "numbers must match exactly"  # 2012 is not 2013, however close
    # Each word is judged on its own, so a small slip in one word of a name is
    # forgiven but a different word (another name) is not.
    if len(a) != len(b):  # "Loretta Lynch" for "Loretta E. Lynch": initials may go
        a = [w for w in a if len(w) > 1]
        b = [w for w in b if len(w) > 1]
        if a == b:
            return True, "matches"
    if len(a) != len(b):
        return False, "different words"
    if all(wa == wb or word_is_typo(wa, wb) for wa, wb in zip(a, b)):
        return True, f"right — spelt {expected}"
    return False, "different words"


# ---------------------------------------------------------------------------- numbers

# Words and suffixes that scale a number, as written in news copy; matched folded.
MAGNITUDES: dict[str, float] = {
    "hundred": 1e2, "hundreds": 1e2,
    "k": 1e3, "thousand": 1e3, "thousands": 1e3, "thou": 1e3,
    "m": 1e6, "mn": 1e6, "mln": 1e6, "mm": 1e6, "million": 1e6, "millions": 1e6,
    "b": 1e9, "bn": 1e9, "bln": 1e9, "billion": 1e9, "billions": 1e9,
    "tn": 1e12, "trn": 1e12, "trillion": 1e12, "trillions": 1e12,
}  # fmt: skip

_SMALL_NUMBERS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {w: 10 * n for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}


class TypedNumber(msgspec.Struct, frozen=True):
    """A number as typed: its value before any magnitude word, the magnitude's factor and
    letters (None when none was typed), and the words after it."""

    value: float
    factor: float | None
    magnitude: str | None
    words: tuple[str, ...]

    @property
    def scaled(self) -> float:
        return self.value * (self.factor or 1.0)


def _tokens(text: str) -> list[str]:
    """Words and numbers of a typed amount: '$3,500m' -> ['3,500', 'm']; 'forty-three' -> ['forty', 'three']."""
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    # '30 000': a space between digit groups is a thousands separator
    text = re.sub(r"(?<=\d) (?=\d{3}\b)", "", text)
    return re.findall(r"[-+−]?\d+(?:[.,]\d+)*|[^\W\d_]+", unicodedata.normalize("NFKC", text).casefold())


def _digits(raw: str) -> float | None:
    raw = raw.replace("−", "-")
    if raw.count(",") == 1 and "." not in raw and len(raw.split(",")[1]) != 3:
        raw = raw.replace(",", ".")  # a decimal comma, as in 3,5
    try:
        value = float(raw.replace(",", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _number_words(words: list[str]) -> tuple[float, int] | None:
    """'forty three' -> (43, 2 words read); 'four hundred and five' -> (405, 4); 'a' before a
    magnitude word -> (1, 1). A magnitude word above a hundred ends it (the caller reads those)."""
    value, used = 0.0, 0
    for i, word in enumerate(words):
        if word in _SMALL_NUMBERS:
            value += _SMALL_NUMBERS[word]
        elif word in _TENS:
            value += _TENS[word]
        elif word == "a" and i == 0 and len(words) > 1 and words[1] in MAGNITUDES and len(words[1]) > 2:
            value = 1.0
        elif word == "hundred" and used:
            value *= 100
        elif word == "and" and used and words[i + 1 : i + 3] == ["a", "half"]:
            value += 0.5
            used = i + 3
            break
        elif (
            word == "and" and used and i + 1 < len(words) and (words[i + 1] in _SMALL_NUMBERS or words[i + 1] in _TENS)
        ):
            pass
        else:
            break
        used = i + 1
    return (value, used) if used else None


def read_number(text: str) -> TypedNumber | None:
    """The number in what a player typed, with any magnitude after it: '70', '70%', '1,000',
    '30 000', '$3.5bn', '3500 million', '$3,500m', '1.2k', 'forty-three'."""
    tokens = _tokens(str(text))
    for i, token in enumerate(tokens):
        if token[-1].isdigit():
            value = _digits(token)
            if value is None:
                return None
            rest = tokens[i + 1 :]
            break
        spelled = _number_words(tokens[i:])
        if spelled is not None:
            value, used = spelled
            rest = tokens[i + used :]
            break
    else:
        return None
    factor, letters = None, []
    while rest and rest[0] in MAGNITUDES:  # '3.5 thousand million' is 3.5 billion
        factor = (factor or 1.0) * MAGNITUDES[rest[0]]
        letters.append(rest.pop(0))
    return TypedNumber(value, factor, " ".join(letters) or None, tuple(rest))
