"""The architecture holds: no module imports one of a layer above its own, no import cycle
(README, Layout), the session layer knows nothing of Textual, and no screen reaches into the
store (screens read through quiz.play.services). Read from the source, so a lazy import
inside a function counts too; imports made only for type checking don't."""

from __future__ import annotations

import ast
from pathlib import Path

from testdata import ROOT

# lower imports nothing higher; equal ranks may import each other (but never in a cycle)
RANK = {
    "paths": 0, "files": 0, "tuning": 0, "core": 1, "library": 2, "store": 2,
    "play": 3, "reports": 3, "interchange": 3,
    "frontends": 4, "ui": 4, "cli": 5, "__main__": 6, "__init__": 0,
}  # fmt: skip


def _imports() -> dict[str, set[str]]:
    found = {}
    for path in (ROOT / "quiz").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        type_only = {
            id(n)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for n in ast.walk(node)
        }
        deps = set()
        for node in ast.walk(tree):
            if id(node) in type_only:
                continue
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("quiz"):
                deps.add(node.module)
                deps.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                deps.update(alias.name for alias in node.names if alias.name.startswith("quiz"))
        found[name] = deps
    return {m: {d for d in deps if d in found and d != m and not m.startswith(d + ".")} for m, deps in found.items()}


def _layer(module: str) -> str:
    return module.split(".")[1] if "." in module else "__init__"


def test_no_module_imports_a_layer_above_its_own():
    upward = sorted(
        f"{m} imports {d}" for m, deps in _imports().items() for d in deps if RANK[_layer(d)] > RANK[_layer(m)]
    )
    assert upward == []


def test_no_import_cycle():
    graph = _imports()
    cycles, index, low, stack, on_stack = [], {}, {}, [], set()

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    assert cycles == []


def test_every_layer_is_known():
    assert {_layer(m) for m in _imports()} <= set(RANK)


QUIZ = ROOT / "quiz"


def _imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_the_session_layer_imports_no_textual():
    offenders = {
        str(path.relative_to(QUIZ)): sorted(m for m in _imports_of(path) if m.split(".")[0] in ("textual", "rich"))
        for path in (QUIZ / "play").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_screen_reaches_into_the_store():
    offenders = []
    for path in (QUIZ / "ui" / "screens").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "store":
                offenders.append(f"{path.name}:{node.lineno}")
        assert "quiz.store.sqlite" not in _imports_of(path) or path.name in ("question.py", "report.py"), path.name
    assert offenders == []
