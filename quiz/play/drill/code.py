"""code."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from quiz.core.banks import Library, LoadedBank
from quiz.core.round import RoundSettings
from quiz.play.drill.definition import (
    CODE_VERSION,
    FEEDBACK,
    MAX_COUNT,
    MAX_SEED,
    MAX_TIME_LIMIT,
    Drill,
    bank_digest,
    chosen_banks,
    content_hash,
)

# ---------------------------------------------------------------------------- the code

# Crockford's base 32: no I, L, O or U, so nothing on a board is read two ways; when a
# code is read back, I and L are taken as 1 and O as 0, case and dashes don't matter.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_READ = {c: i for i, c in enumerate(_ALPHABET)} | {"I": 1, "L": 1, "O": 0}
CONTENT_BITS = 25
CHECK_BITS = 10
CHECK_MODULUS = 1021  # the largest prime below 2**CHECK_BITS


class CodeError(Exception):
    """The code can't start a drill here; the message says why and what to do."""


class _Bits:
    def __init__(self, value: int = 0, length: int = 0) -> None:
        self.value, self.length, self.read_at = value, length, 0

    def put(self, value: int, width: int) -> None:
        self.value = (self.value << width) | (value & ((1 << width) - 1))
        self.length += width

    def put_number(self, n: int) -> None:
        """Small numbers in few bits: groups of 3 bits, each after a 'more follows' bit."""
        groups = []
        while True:
            groups.append(n & 7)
            n >>= 3
            if not n:
                break
        for i, group in enumerate(groups):
            self.put(int(i < len(groups) - 1), 1)
            self.put(group, 3)

    def take(self, width: int) -> int:
        if self.read_at + width > self.length:
            raise ValueError("code too short")
        self.read_at += width
        return (self.value >> (self.length - self.read_at)) & ((1 << width) - 1)

    def take_number(self) -> int:
        n, shift = 0, 0
        while True:
            more = self.take(1)
            n |= self.take(3) << shift
            shift += 3
            if not more:
                return n
            if shift > 40:
                raise ValueError("number too long")


def _check(payload: str) -> int:
    """Σ (i+1)·symbol_i mod 1021. 1021 is prime and above every weight and symbol difference,
    so ANY one wrong symbol, or any two symbols swapped, always changes it; other slips go
    unnoticed about once in a thousand."""
    return sum((i + 1) * _READ[c] for i, c in enumerate(payload)) % CHECK_MODULUS


def _to_chars(value: int, length: int) -> str:
    return "".join(_ALPHABET[(value >> (length - 5 * (i + 1))) & 31] for i in range(length // 5))


def encode_code(drill: Drill, library: Library) -> str:
    """The drill's code, e.g. `0A3K-7QMX-2B9R-F4`, for the banks of this library."""
    s = drill.settings
    ids = sorted(b.id for b in library.banks)
    bits = _Bits()
    bits.put(CODE_VERSION, 3)
    bits.put(FEEDBACK.index(drill.feedback), 2)
    bits.put(int(s.speed_points), 1)
    bits.put(int(s.streak_bonus), 1)
    bits.put(sum(1 << (d - 1) for d in s.difficulties), 3)
    bits.put_number(s.count or 0)
    bits.put_number(s.seed or 0)
    bits.put_number(int(s.time_limit) if s.time_limit else 0)
    bits.put_number(sum(1 << ids.index(b) for b in s.banks))
    tags = _tags_of(chosen_banks(library, s))
    bits.put_number(len(s.tags))
    for tag in s.tags:
        bits.put_number(tags.index(tag))
    bits.put(int(drill.content[:8], 16) >> (32 - CONTENT_BITS), CONTENT_BITS)
    bits.put(0, -bits.length % 5)
    payload = _to_chars(bits.value, bits.length)
    text = payload + _to_chars(_check(payload), CHECK_BITS)
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def _tags_of(banks: Sequence[LoadedBank]) -> list[str]:
    return sorted({t for b in banks for t in b.summary.tags})


def normal_code(text: str) -> str:
    """The code as we write it, from what someone typed (case, dashes, spaces, O/I/L)."""
    chars = [c for c in text.upper() if c not in "- \t"]
    if not chars or any(c not in _READ for c in chars):
        raise CodeError(f"'{text}' is not a drill code: a code is letters and digits like 0A3K-7QMX-2B9R-F4")
    clean = "".join(_ALPHABET[_READ[c]] for c in chars)
    return "-".join(clean[i : i + 4] for i in range(0, len(clean), 4))


def decode_code(text: str, library: Library) -> tuple[Drill, str]:
    """(the drill, the code written normally) for a code a student typed.

    CodeError when it is mistyped, from a newer quiz, or made from banks that differ from
    this library's (then no drill is started, rather than another one)."""
    code = normal_code(text)
    chars = code.replace("-", "")
    if len(chars) < 4:
        raise CodeError(f"'{text}' is too short for a drill code; check it letter by letter")
    payload, check = chars[:-2], chars[-2:]
    if _to_chars(_check(payload), CHECK_BITS) != check:
        raise CodeError(f"the code {code} is mistyped (its check letters don't match); check it letter by letter")
    bits = _Bits(sum(_READ[c] << (5 * (len(payload) - 1 - i)) for i, c in enumerate(payload)), 5 * len(payload))
    try:
        version = bits.take(3)
        if version != CODE_VERSION:
            raise CodeError(
                f"the code {code} was made by another version of quiz "
                f"(code version {version}, this quiz reads {CODE_VERSION}); use the same quiz as your teacher"
            )
        feedback = bits.take(2)
        speed, streak, difficulties = bits.take(1), bits.take(1), bits.take(3)
        count, seed, time_limit, bank_mask = (bits.take_number() for _ in range(4))
        tag_indices = [bits.take_number() for _ in range(bits.take_number())]
        content_bits = bits.take(CONTENT_BITS)
        padding = bits.take(bits.length - bits.read_at)
    except ValueError:
        raise CodeError(f"the code {code} is mistyped; check it letter by letter") from None
    if padding or feedback >= len(FEEDBACK) or count > MAX_COUNT or seed > MAX_SEED or time_limit > MAX_TIME_LIMIT:
        raise CodeError(f"the code {code} is mistyped; check it letter by letter")
    banks = _banks_for(library, bank_mask, content_bits)
    if banks is None:
        raise CodeError(
            f"the drill {code} was made from banks that differ from yours, so you would get another "
            "drill; ask your teacher which banks (and which version of quiz) to use"
        )
    tags = _tags_of(banks)
    if any(i >= len(tags) for i in tag_indices):
        raise CodeError(f"the code {code} does not fit your banks; check it letter by letter")
    settings = RoundSettings(
        banks=tuple(b.id for b in banks),
        tags=tuple(sorted(tags[i] for i in tag_indices)),
        difficulties=tuple(d for d in (1, 2, 3) if difficulties & (1 << (d - 1))),
        count=count or None,
        seed=seed,
        streak_bonus=bool(streak),
        speed_points=bool(speed),
        time_limit=float(time_limit) if time_limit else None,
    )
    return Drill(settings, FEEDBACK[feedback], content_hash(banks)), code


def _banks_for(library: Library, mask: int, content_bits: int) -> list[LoadedBank] | None:
    """The banks the code names, checked against its content hash. If this library has other
    banks as well (so the positions differ), the set of the same size whose content matches."""
    ordered = sorted(library.banks, key=lambda b: b.id)
    digests = {b.id: bank_digest(b) for b in ordered}

    def matches(banks: Sequence[LoadedBank]) -> bool:
        return int(content_hash(banks, digests)[:8], 16) >> (32 - CONTENT_BITS) == content_bits

    if mask < (1 << len(ordered)):
        named = [b for i, b in enumerate(ordered) if mask & (1 << i)]
        if named and matches(named):
            return named
    size = bin(mask).count("1")
    if not 0 < size <= len(ordered):
        return None
    for tries, group in enumerate(itertools.combinations(ordered, size)):
        if tries > 20_000:  # far more banks than a class has; don't hang on a wrong code
            return None
        if matches(group):
            return list(group)
    return None
