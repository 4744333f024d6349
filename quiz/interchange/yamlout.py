"""Writing YAML by hand, in the shipped banks' style, so that comments can go beside the
values (PyYAML's dumper drops them) and every value reads back through our strict loader
exactly as written: text is always double-quoted, so YAML 1.1 never turns "No" into false,
"012" into 10 or "1:30" into 90.
"""

from __future__ import annotations

import json
import re

# Characters a double-quoted YAML scalar must not hold raw: those outside YAML's printable
# set, plus the ones PyYAML folds as line breaks (NEL, LS, PS) and the byte-order mark.
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")


def string(text: str) -> str:
    """`text` as a double-quoted YAML scalar (JSON's escapes are YAML's too)."""
    quoted = json.dumps(text, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def number(value: float) -> str:
    """A number as YAML reads it back: 70, not 70.0; never an exponent YAML 1.1 misreads."""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def flow_list(items: list[str]) -> str:
    return "[" + ", ".join(string(i) for i in items) + "]"


def comment(text: str, indent: str = "") -> str:
    """Lines of a YAML comment, one per line of `text`."""
    return "".join(f"{indent}# {line}".rstrip() + "\n" for line in text.splitlines())


class Commented:
    """A value written with a comment after it on its line (e.g. a TODO for the author)."""

    def __init__(self, value, note: str):
        self.value = value
        self.note = note


def block(data: dict, indent: int = 0) -> str:
    """A mapping as block YAML in the banks' style: text double-quoted, lists of short
    words in flow style, lists of mappings as '- key: value' items."""
    pad = " " * indent
    out = []
    for key, value in data.items():
        note = ""
        if isinstance(value, Commented):
            value, note = value.value, f"   # {value.note}"
        if isinstance(value, dict):
            out.append(f"{pad}{key}:{note}\n" + block(value, indent + 2))
        elif (
            isinstance(value, list)
            and value
            and any(isinstance(v, dict) for v in value)
            or (isinstance(value, list) and any(len(str(v)) > 30 for v in value))
        ):
            out.append(f"{pad}{key}:{note}\n" + "".join(_item(v, indent + 2) for v in value))
        elif isinstance(value, list):
            out.append(f"{pad}{key}: {flow_list([str(v) for v in value])}{note}\n")
        else:
            out.append(f"{pad}{key}: {scalar(value)}{note}\n")
    return "".join(out)


def _item(value, indent: int) -> str:
    pad = " " * indent
    if isinstance(value, dict):
        inner = block(value, indent + 2)
        return f"{pad}- {inner[indent + 2 :]}"
    return f"{pad}- {scalar(value)}\n"


def scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number(value)
    return string(str(value))
