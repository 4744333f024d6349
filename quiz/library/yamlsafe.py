"""Safe, bounded YAML: plain data plus the line and column of every value.

The tree is built from the parser's event stream by us, not by PyYAML's constructor, so
that limits hold *before* anything big is built: nesting depth, aliases and anchors,
explicit tags (no `!!python/...` ever reaches a constructor), several documents and
duplicate keys are refused where they appear. Plain scalars are kept as the text the
author wrote (YAML 1.1 would turn `No` into false and `012` into 10); the schema layer
converts text to a number or boolean only where the model asks for one.
"""

from __future__ import annotations

import re
import sys
from array import array
from typing import Any, cast

from quiz.library.diagnostics import Diagnostic, error

MAX_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 32
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
# C0 controls other than tab, LF and CR; DEL; C1 controls; the bidi embeddings, overrides and
# isolates that make text show in another order than it reads (the marks U+200E/U+200F stay).
_BIDI = "\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")
# In a value: the same, and a carriage return too (YAML's escapes "\e", "\x9b", "\0", "\r"
# write them without the byte being in the file; tab and new line are text).
_CONTROL_IN_VALUE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_TAG_PREFIX = "tag:yaml.org,2002:"


class SourceMap:
    """Line and column (1-based) of each value and mapping key, found by path.

    Kept compactly, as flat arrays of integers (a few hundred bytes a question, where a
    dict per container took several kilobytes), and independent of the data: a library of
    100,000 questions keeps every position for its warnings in bounded memory. Containers
    are numbered in the order they open (the root is 0); each child of a container is an
    entry, and a container's entries are contiguous."""

    __slots__ = ("root_mark", "_first", "_count", "_at", "_child", "_keys")

    def __init__(self) -> None:
        self.root_mark: tuple[int, int] = (1, 1)
        self._first = array("I")  # per container: its first entry
        self._count = array("I")  # per container: how many entries (children) it has
        # per entry: line and column of the value, then of its key (0, 0 in a list)
        self._at = array("I")
        self._child = array("I")  # per entry: the number of the container it holds, 0 for a scalar
        self._keys: list[str | None] = []  # per entry: its key, None in a list

    def locate(self, root: Any, path: tuple[Any, ...], key: str | None = None) -> tuple[int, int]:
        """The position of root[path[0]][path[1]]…, or of the key `key` inside it.

        Falls back to the nearest enclosing value that has a position. (`root`, the data,
        is not needed: kept in the signature for the callers that hold it.)"""
        where = self.root_mark
        container: int | None = 0 if self._first else None
        for step in path:
            entry = None if container is None else self._entry(container, step)
            if entry is None:
                return where
            where = (self._at[4 * entry], self._at[4 * entry + 1])
            container = self._child[entry] or None
        if key is not None and container is not None:
            entry = self._entry(container, key, as_key=True)
            if entry is not None:
                where = (self._at[4 * entry + 2], self._at[4 * entry + 3])
        return where

    def _entry(self, container: int, step: Any, as_key: bool = False) -> int | None:
        first, count = self._first[container], self._count[container]
        if count == 0:
            return None
        if self._keys[first] is None:  # a list
            if as_key or isinstance(step, bool) or not isinstance(step, int) or not 0 <= step < count:
                return None
            return first + step
        if not isinstance(step, str):
            return None
        try:
            return self._keys.index(step, first, first + count)
        except ValueError:
            return None

    def _open(self) -> int:
        """A container has opened: its number."""
        self._first.append(0)
        self._count.append(0)
        return len(self._first) - 1

    def _close(self, container: int, entries: list[Any]) -> None:
        """A container has closed: its entries, each [key, key line, key col, line, col, child]."""
        self._first[container] = len(self._keys)
        self._count[container] = len(entries)
        at, child, keys = self._at, self._child, self._keys
        for k, key_line, key_col, line, col, holds in entries:
            at.extend((line, col, key_line, key_col))
            child.append(holds)
            keys.append(k)


class YamlRefused(Exception):
    """The document can't be turned into data; `diagnostic` says where and why."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def _pos(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def decode(path: str, data: bytes) -> str:
    """UTF-8 text without control characters, or YamlRefused located at the first bad byte."""
    if len(data) > MAX_BYTES:
        raise YamlRefused(error(path, 1, 1, f"file is larger than {MAX_BYTES // 2**20} MiB"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raw = data[: exc.start]
        line = raw.count(b"\n") + 1
        col = len(raw[raw.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise YamlRefused(
            error(path, line, col, f"not UTF-8 text (byte 0x{data[exc.start]:02x})", "save the file as UTF-8")
        ) from None
    text = text.removeprefix("\ufeff")
    bad = _CONTROL.search(text)
    if bad:
        before = text[: bad.start()]
        line = before.count("\n") + 1
        col = bad.start() - (before.rfind("\n") + 1) + 1
        raise YamlRefused(error(path, line, col, f"control character U+{ord(bad.group()):04X}"))
    return text


def load(path: str, text: str) -> tuple[Any, SourceMap]:
    """Parse one YAML document into dicts, lists and strings (None for null).

    Raises YamlRefused on the first problem that makes the rest meaningless."""
    source = SourceMap()
    # Each open container: [container, key awaiting its value or None, is_mapping, its entries
    # so far (see SourceMap._close), its number]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    have_root = False

    def refuse(mark: Any, message: str, hint: str | None = None) -> YamlRefused:
        line, col = _pos(mark)
        return YamlRefused(error(path, line, col, message, hint))

    def attach(value: Any, mark: Any, holds: int = 0) -> None:
        nonlocal root, have_root
        if not stack:
            root, have_root = value, True
            source.root_mark = _pos(mark)
            return
        frame = stack[-1]
        container, entries = frame[0], frame[3]
        if frame[2]:  # mapping
            if frame[1] is None:  # this value is a key
                if not isinstance(value, str):
                    raise refuse(mark, "a key must be plain text")
                if value in container:
                    first = next(e[1] for e in entries if e[0] == value)
                    raise refuse(mark, f"duplicate key '{value}' (first at line {first})")
                frame[1] = value
                container[value] = None
                entries.append([sys.intern(value), *_pos(mark), 0, 0, 0])
            else:
                container[frame[1]] = value
                entries[-1][3:] = (*_pos(mark), holds)
                frame[1] = None
        else:
            entries.append([None, 0, 0, *_pos(mark), holds])
            container.append(value)

    # Imported here, not at the top: a start-up that finds its banks in the cache never
    # parses YAML, and PyYAML costs ~10 ms to import.
    import yaml

    loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader]
    try:  # libyaml's C parser when present: several times faster
        loader = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - depends on how PyYAML was built
        loader = yaml.SafeLoader
    try:
        for event in yaml.parse(text, Loader=loader):
            kind = type(event)
            if kind is yaml.ScalarEvent:
                _check_node(event, refuse, True)
                scalar = cast("yaml.ScalarEvent", event)  # the exact type, checked above (faster than isinstance)
                value: str | None = scalar.value
                bad = _CONTROL_IN_VALUE.search(value) if value else None
                if bad:
                    raise refuse(
                        scalar.start_mark,
                        f"control character U+{ord(bad.group()):04X} in a value (written as an escape)",
                        "remove it: bank text is shown to players as it is written",
                    )
                if scalar.style is None and value in _NULLS:
                    value = None
                attach(value, event.start_mark)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                _check_node(event, refuse, False)
                if len(stack) >= MAX_DEPTH:
                    raise refuse(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
                container: Any = {} if kind is yaml.MappingStartEvent else []
                number = source._open()
                attach(container, event.start_mark, number)
                stack.append([container, None, kind is yaml.MappingStartEvent, [], number])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                closed = stack.pop()
                source._close(closed[4], closed[3])
            elif kind is yaml.AliasEvent:
                raise refuse(event.start_mark, "aliases (*name) are not allowed", "write the value out in full")
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise refuse(
                        event.start_mark,
                        "more than one YAML document in the file",
                        "remove the '---' line, one bank per file",
                    )
    except yaml.MarkedYAMLError as exc:
        raise YamlRefused(syntax_error(path, text, exc)) from None
    except yaml.YAMLError as exc:  # e.g. a reader error without a mark
        raise YamlRefused(error(path, 1, 1, f"YAML: {exc}")) from None
    if not have_root or root is None:
        raise YamlRefused(error(path, 1, 1, "the file is empty"))
    return root, source


# ---------------------------------------------------------------------------- syntax errors
#
# libyaml's words ("while parsing a block mapping did not find expected key") name its
# parser's state, not the author's mistake. The common mistakes are recognised from the
# text around the place it stopped, so the message says what to change, and which words the
# parser used (they change between versions) never matter.

# What may follow a backslash in a double-quoted YAML string.
_ESCAPES = frozenset('0abt\tnvfre "/\\N_LPxuU\n')


def syntax_error(path: str, text: str, exc: Any) -> Diagnostic:
    """A YAML syntax error as `path:line:col: error: message (hint: …)`."""
    lines = text.split("\n")
    problem = exc.problem_mark or exc.context_mark
    line, col = _pos(problem) if problem else (1, 1)
    context = _pos(exc.context_mark) if exc.context_mark else None
    explainers = (_tab, _quoted, _after_quote, _reserved, _no_colon, _dash, _flow, _indentation, _colon)
    for explain in explainers:
        found = explain(lines, line, col, context)
        if found:
            at_line, at_col, message, hint = found
            return error(path, at_line, at_col, message, hint)
    words = " ".join(filter(None, [exc.context, exc.problem]))
    return error(
        path, line, col, f"YAML syntax: {words}", "check the quotes and the indentation here and on the line above"
    )


_Found = tuple[int, int, str, str] | None


def _line(lines: list[str], number: int) -> str:
    return lines[number - 1] if 1 <= number <= len(lines) else ""


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _tab(lines: list[str], line: int, col: int, context: tuple[int, int] | None) -> _Found:
    here = _line(lines, line)
    lead = here[: len(here) - len(here.lstrip(" \t"))]
    if "\t" in lead or here[col - 1 : col] == "\t":
        at = here.index("\t") + 1
        return line, at, "a tab in the indentation", "YAML forbids tabs: indent with spaces"
    return None


def _quoted(lines: list[str], line: int, col: int, context: tuple[int, int] | None) -> _Found:
    """A double-quoted string with an escape YAML doesn't know, or a quote never closed."""
    if context is None:
        return None
    start_line, start_col = context
    quote = _line(lines, start_line)[start_col - 1 : start_col]
    if quote not in ('"', "'"):
        return None
    n, i = start_line, start_col  # i: 0-based index of the next character on line n
    while n <= len(lines):
        text = lines[n - 1]
        while i < len(text):
            ch = text[i]
            if quote == '"' and ch == "\\":
                following = text[i + 1] if i + 1 < len(text) else "\n"
                if following not in _ESCAPES:
                    return (
                        n,
                        i + 1,
                        f"unknown escape \\{following} in a double-quoted string",
                        f"write \\\\{following} or use single quotes",
                    )
                i += 2
                continue
            if ch == quote:
                if quote == "'" and text[i + 1 : i + 2] == "'":  # '' is a quote inside single quotes
                    i += 2
                    continue
                return None  # closed: the problem is elsewhere
            i += 1
        n, i = n + 1, 0
    close = '\\"' if quote == '"' else "''"
    return (
        start_line,
        start_col,
        f"the quote {quote} opened here is never closed",
        f"close it; a {quote} inside the text is written {close}",
    )


_VALUE_START = re.compile(r"^\s*(?:- +)*(?:[^\s\"'#][^:#]*?: +)?")


def _after_quote(lines: list[str], line: int, col: int, context: tuple[int, int] | None) -> _Found:
    """Text after a closing quote: often a quote inside the value ("He said "no"", 'it's')."""
    here = _line(lines, line)
    start = _VALUE_START.match(here)
    i = start.end() if start else 0
    quote = here[i : i + 1]
    if quote not in ('"', "'"):
        return None
    i += 1
    while i < len(here):
        ch = here[i]
        if quote == '"' and ch == "\\":
            i += 2
            continue
        if ch == quote:
            if quote == "'" and here[i + 1 : i + 2] == "'":
                i += 2
                continue
            rest = here[i + 1 :]
            if rest.strip() and not rest.lstrip().startswith("#") and i + 1 < col:
                inside = '\\"' if quote == '"' else "''"
                other = "single" if quote == '"' else "double"
                return (
                    line,
                    i + 2,
                    "text after the closing quote",
                    f"a {quote} inside the value is written {inside}, or put the value in {other} quotes",
                )
            return None
        i += 1
    return None


def _reserved(lines: list[str], line: int, col: int, context: tuple[int, int] | None) -> _Found:
    ch = _line(lines, line)[col - 1 : col]
    if ch in ("@", "`", "%"):
        return line, col, f"a plain value can't begin with {ch}", 'put the value in quotes: "…"'
    return None


def _no_colon(lines: list[str], line: int, col: int, context: tuple[int, int] | None) -> _Found:
    """A key with no ': ' after it ('prompt"x"', 'prompt: "x"' without the space)."""
    if context is None:
        return None
    at_line, at_col = context
    body = _line(lines, at_line)[at_col - 1 :]
    if re.match(r"[\w-]+:[^\s]", body):
        return at_line, at_col + body.index(":") + 1, "no space after the ':'", "write a space after it: key: value"
    if ":" not in body.split("#")[0] and re.match(r"[\w-]+", body):
        return (
            at_line,
            at_col,
            "a line with no ':' inside a mapping",
            "write it as key: value, or put it in the quotes of the value above",
        )
    return None


def _dash(lines: list[str], line: int, col: int, context: tuple[int, int] | None) -> _Found:
    """A list item whose '-' is missing, or does not line up with the '-' of the item above."""
    here = _line(lines, line)
    above = _content_lines_above(lines, line)
    items = [n for n in above if _line(lines, n).lstrip().startswith("- ")]
    if not here.strip() or not items:
        return None
    nearest = items[0]
    dash_at = _indent(_line(lines, nearest))
    if here.lstrip().startswith("- ") and _line(lines, above[0]).lstrip().startswith("- "):
        if _indent(here) != dash_at:
            return (
                line,
                _indent(here) + 1,
                f"this '-' does not line up with the '-' on line {nearest}",
                f"put it in column {dash_at + 1}, as the items of one list are",
            )
    if not here.lstrip().startswith("- ") and _indent(here) == dash_at:
        return (
            line,
            _indent(here) + 1,
            f"line {line} lines up with the list's '-' but has none",
            "start a new item with '- ', or indent it under the item above",
        )
    return None


def _flow(lines: list[str], line: int, col: int, context: tuple[int, int] | None) -> _Found:
    """A [ or { never closed (often text that begins with a bracket, left unquoted)."""
    if context is None:
        return None
    start_line, start_col = context
    bracket = _line(lines, start_line)[start_col - 1 : start_col]
    if bracket not in ("[", "{"):
        return None
    closing = "]" if bracket == "[" else "}"
    return (
        start_line,
        start_col,
        f"the {bracket} opened here is never closed",
        f"close it with {closing}, or put the value in quotes if the {bracket} is part of the text",
    )


def _content_lines_above(lines: list[str], line: int) -> list[int]:
    """Line numbers above `line` with something on them other than a comment, nearest first."""
    return [
        n for n in range(line - 1, 0, -1) if _line(lines, n).strip() and not _line(lines, n).lstrip().startswith("#")
    ]


def _levels(text: str) -> set[int]:
    """The columns (0-based) where a line opens a level: its indentation, and after each '- '."""
    levels = {_indent(text)}
    rest = text.lstrip(" ")
    at = _indent(text)
    while rest.startswith("- "):
        stripped = rest[2:].lstrip(" ")
        at += len(rest) - len(stripped)
        rest = stripped
        levels.add(at)
    return levels


def _indentation(lines: list[str], line: int, col: int, context: tuple[int, int] | None) -> _Found:
    here = _line(lines, line)
    above = _content_lines_above(lines, line)
    if not here.strip() or not above:
        return None
    previous = _line(lines, above[0])
    body = previous.split(" #")[0].rstrip()
    opens = body.endswith((":", "|", ">", "|-", ">-", "|+", ">+", "-", "[", "{", ","))
    if _indent(here) > max(_levels(previous)) and not opens:
        return (
            line,
            _indent(here) + 1,
            f"line {line} is indented more than the line above",
            f"line it up with line {above[0]}: the keys of one mapping share a column",
        )
    open_levels: set[int] = set()
    lowest = _indent(previous) + 1
    for n in above:  # the levels still open at this line: each line indented less than those below it
        text = _line(lines, n)
        if _indent(text) < lowest:
            open_levels |= _levels(text)
            lowest = _indent(text)
    open_levels |= _levels(previous)
    if _indent(here) not in open_levels and _indent(here) < max(_levels(previous)):
        return (
            line,
            _indent(here) + 1,
            f"line {line} is indented less than the line above, but lines up with nothing above it",
            "line it up with the key or the '-' it belongs with",
        )
    return None


def _colon(lines: list[str], line: int, col: int, context: tuple[int, int] | None) -> _Found:
    here = _line(lines, line)
    if here[col - 1 : col] != ":" or ": " not in here[: col - 1]:
        return None
    return (
        line,
        col,
        "a second ': ' on the line makes the value read as another key",
        'put the whole value in quotes: "…"',
    )


def _check_node(event: Any, refuse: Any, scalar: bool) -> None:
    if event.anchor is not None:
        raise refuse(event.start_mark, f"anchors (&{event.anchor}) are not allowed", "write each value out in full")
    tag = event.tag
    if tag is not None and tag != "!" and not (scalar and event.implicit[0]):
        shown = "!!" + tag[len(_TAG_PREFIX) :] if tag.startswith(_TAG_PREFIX) else tag
        raise refuse(event.start_mark, f"YAML tags ({shown}) are not allowed", "remove the tag; write plain values")
