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
from dataclasses import dataclass, field
from typing import Any

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


@dataclass
class SourceMap:
    """Line and column (1-based) of each value and mapping key, found by path."""

    # id(container) -> {key or index: (line, col)}; keys of mappings under ("key", k)
    marks: dict[int, dict[Any, tuple[int, int]]] = field(default_factory=dict)
    root_mark: tuple[int, int] = (1, 1)

    def locate(self, root: Any, path: tuple[Any, ...], key: str | None = None) -> tuple[int, int]:
        """The position of root[path[0]][path[1]]…, or of the key `key` inside it.

        Falls back to the nearest enclosing value that has a position."""
        node, where = root, self.root_mark
        for step in path:
            table = self.marks.get(id(node))
            if table is None or step not in table:
                return where
            where = table[step]
            node = node[step]
        if key is not None:
            table = self.marks.get(id(node), {})
            where = table.get(("key", key), where)
        return where


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
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
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
    # Each open container: [container, key awaiting its value or None, is_mapping, table]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    have_root = False

    def refuse(mark: Any, message: str, hint: str | None = None) -> YamlRefused:
        line, col = _pos(mark)
        return YamlRefused(error(path, line, col, message, hint))

    def attach(value: Any, mark: Any) -> None:
        nonlocal root, have_root
        if not stack:
            root, have_root = value, True
            source.root_mark = _pos(mark)
            return
        frame = stack[-1]
        container, table = frame[0], frame[3]
        if frame[2]:  # mapping
            if frame[1] is None:  # this value is a key
                if not isinstance(value, str):
                    raise refuse(mark, "a key must be plain text")
                if value in container:
                    first = table[("key", value)][0]
                    raise refuse(mark, f"duplicate key '{value}' (first at line {first})")
                frame[1] = value
                table[("key", value)] = _pos(mark)
                container[value] = None
            else:
                container[frame[1]] = value
                table[frame[1]] = _pos(mark)
                frame[1] = None
        else:
            table[len(container)] = _pos(mark)
            container.append(value)

    # Imported here, not at the top: a start-up that finds its banks in the cache never
    # parses YAML, and PyYAML costs ~10 ms to import.
    import yaml

    try:  # libyaml's C parser when present: several times faster
        loader = yaml.CSafeLoader
    except AttributeError:  # pragma: no cover - depends on how PyYAML was built
        loader = yaml.SafeLoader
    try:
        for event in yaml.parse(text, Loader=loader):
            kind = type(event)
            if kind is yaml.ScalarEvent:
                _check_node(event, refuse, True)
                value = event.value
                bad = _CONTROL_IN_VALUE.search(value)
                if bad:
                    raise refuse(
                        event.start_mark,
                        f"control character U+{ord(bad.group()):04X} in a value (written as an escape)",
                        "remove it: bank text is shown to players as it is written",
                    )
                if event.style is None and value in _NULLS:
                    value = None
                attach(value, event.start_mark)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                _check_node(event, refuse, False)
                if len(stack) >= MAX_DEPTH:
                    raise refuse(event.start_mark, f"nesting deeper than {MAX_DEPTH} levels")
                container: Any = {} if kind is yaml.MappingStartEvent else []
                attach(container, event.start_mark)
                table: dict[Any, tuple[int, int]] = {}
                source.marks[id(container)] = table
                stack.append([container, None, kind is yaml.MappingStartEvent, table])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
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
        mark = exc.problem_mark or exc.context_mark
        line, col = _pos(mark) if mark else (1, 1)
        message = " ".join(filter(None, [exc.context, exc.problem]))
        raise YamlRefused(error(path, line, col, f"YAML syntax: {message}")) from None
    except yaml.YAMLError as exc:  # e.g. a reader error without a mark
        raise YamlRefused(error(path, 1, 1, f"YAML: {exc}")) from None
    if not have_root or root is None:
        raise YamlRefused(error(path, 1, 1, "the file is empty"))
    return root, source


def _check_node(event: Any, refuse: Any, scalar: bool) -> None:
    if event.anchor is not None:
        raise refuse(event.start_mark, f"anchors (&{event.anchor}) are not allowed", "write each value out in full")
    tag = event.tag
    if tag is not None and tag != "!" and not (scalar and event.implicit[0]):
        shown = "!!" + tag[len(_TAG_PREFIX) :] if tag.startswith(_TAG_PREFIX) else tag
        raise refuse(event.start_mark, f"YAML tags ({shown}) are not allowed", "remove the tag; write plain values")
