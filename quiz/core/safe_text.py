"""Text from outside (names, bank text, results files, network messages) shown as text.

One rule at every exit: a terminal, a spreadsheet, a JSON reader or Rich/Textual markup
must never act on what a student or an author typed. Each function here makes a string
safe for one kind of exit; every printer and widget goes through them.

- `terminal_text`: control characters (C0, DEL, C1: ESC starts every escape sequence,
  CSI is also the single byte 0x9b, OSC 0x9d), bidirectional overrides and line/paragraph
  separators are replaced by something visible (␛, \\x9b, \\u202e), so nothing can move the
  cursor, retitle the window, write the clipboard (OSC 52) or reorder the line.
- `csv_cell`: OWASP's guard against formula injection: a cell starting with = + - @ tab
  or CR gets a leading apostrophe (plain numbers stay numbers).
- `json_text`: JSON with the characters JSON allows raw but terminals act on (C1, DEL,
  bidi controls) written as \\u escapes, so `cat report.json` is as safe as the report.
Widgets take Content/Text objects (or markup=False), so no markup string is ever built
from outside text.
"""

from __future__ import annotations

import re
from typing import Any

from quiz.core.grading import fold

# Format characters that reorder or hide text: bidi embeddings, overrides and isolates,
# plus the two Unicode line breaks some terminals honour.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_LINES = "\u2028\u2029"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}{_LINES}]")
_UNSAFE_KEEPING_LINES = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_LINES}]")
_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_BIDI}{_LINES}]")


def _visible(found: re.Match[str]) -> str:
    ch = found.group()
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␛ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def terminal_text(text: Any, *, lines: bool = False) -> str:
    """`text` with every character a terminal could act on shown visibly instead.

    `lines=True` keeps new lines and tabs (a multi-line message); otherwise they too
    become visible, as a name or a table cell must stay on its line."""
    text = str(text)
    return (_UNSAFE_KEEPING_LINES if lines else _UNSAFE).sub(_visible, text)


def is_terminal_safe(text: str, *, lines: bool = False) -> bool:
    return (_UNSAFE_KEEPING_LINES if lines else _UNSAFE).search(text) is None


_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell that no spreadsheet runs as a formula (OWASP: a cell starting
    with = + - @ tab or CR gets a leading '). Numbers and plain signed numbers are left as they are."""
    if not isinstance(value, str):
        return value
    if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_row(values: list[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """`json.dumps` keeping readable non-ASCII letters, with every control character escaped."""
    import json  # only reports and exports write JSON: not imported on the way to a question

    return _json_escape(json.dumps(data, ensure_ascii=False, indent=indent))


def _json_escape(text: str) -> str:
    # Such characters can only stand inside JSON strings, so a \u escape is always valid there.
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_bytes_safe(data: bytes) -> bytes:
    """Already-encoded JSON (msgspec's) with the same escapes as `json_text`."""
    return _json_escape(data.decode("utf-8")).encode("utf-8")


MAX_NAME = 80  # characters: a class list's longest names fit, and so does a file name made from one


def name_key(name: str) -> str:
    """What two names are compared by, everywhere (drills, live games, the class report):
    accents, case and punctuation folded, so "José Núñez" and "jose nunez" are one student."""
    return fold(name) or " ".join(name.casefold().split())


def name_problem(name: str) -> str | None:
    """Why this can't be a player's or a student's name, or None when it can."""
    if not is_terminal_safe(name):
        return "a name can't contain control characters (such as escape sequences or tabs)"
    if len(name) > MAX_NAME:
        return f"a name can be at most {MAX_NAME} characters long (this one has {len(name)}); use a shorter form"
    return None
