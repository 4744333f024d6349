"""The architecture, checked: the session layer knows nothing of Textual, and no screen
reaches into the store (screens read through quiz.play.services)."""

from __future__ import annotations

import ast
from pathlib import Path

QUIZ = Path(__file__).resolve().parent.parent / "quiz"


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_session_layer_imports_no_textual():
    offenders = {
        str(path.relative_to(QUIZ)): sorted(m for m in _imports(path) if m.split(".")[0] in ("textual", "rich"))
        for path in (QUIZ / "play").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_screen_reaches_into_the_store():
    offenders = []
    for path in (QUIZ / "ui" / "screens").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "store":
                offenders.append(f"{path.name}:{node.lineno}")
        assert "quiz.store.sqlite" not in _imports(path) or path.name in ("question.py", "report.py"), path.name
    assert offenders == []
