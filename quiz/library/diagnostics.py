"""Problems found in input files, reported the way a compiler does: path:line:col."""

from __future__ import annotations

import msgspec

from quiz.core.safe_text import terminal_text


class Diagnostic(msgspec.Struct, frozen=True, order=True):
    path: str
    line: int  # 1-based
    col: int  # 1-based
    severity: str  # "error" or "warning"
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"
        # one line, shown as text: a message may quote a key or a value from the file
        return terminal_text(f"{text} (hint: {self.hint})" if self.hint else text)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def error(path: str, line: int, col: int, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(str(path), line, col, "error", message, hint)


def warning(path: str, line: int, col: int, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(str(path), line, col, "warning", message, hint)
