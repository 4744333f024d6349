"""Which files make up a library: the bank files and article files that given files and
folders stand for. Kept apart from the loader so that reading the bank cache, which hashes
these files, doesn't import the YAML loader."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from quiz import paths
from quiz.library.diagnostics import Diagnostic, error


def find_files(targets: Sequence[Path]) -> tuple[list[Path], list[Path], list[Diagnostic]]:
    """Bank files and article files for the given files and folders.

    A folder contributes its *.yaml banks and its articles/ folder; a bank file, the
    articles/ folder beside it. The shipped articles come last: they stand in for any
    article the targets don't bring themselves (see load_library)."""
    banks: list[Path] = []
    articles: list[Path] = []
    problems: list[Diagnostic] = []
    article_dirs: list[Path] = []
    for target in targets:
        if target.is_dir():
            if target.name == "articles":
                article_dirs.append(target)
                continue
            banks.extend(sorted(p for p in target.iterdir() if _is_yaml(p)))
            article_dirs.append(target / "articles")
        elif target.is_file():
            if target.parent.name == "articles":
                articles.append(target)
            else:
                banks.append(target)
                article_dirs.append(target.parent / "articles")
        else:
            problems.append(error(str(target), 1, 1, "no such file or folder"))
    for folder in [*article_dirs, shipped_articles_dir()]:
        if folder.is_dir():
            articles.extend(sorted(p for p in folder.iterdir() if _is_yaml(p)))
    return _unique(banks), _unique(articles), problems


def shipped_articles_dir() -> Path:
    return paths.shipped_questions_dir() / "articles"


def _is_yaml(path: Path) -> bool:
    return path.is_file() and path.suffix in (".yaml", ".yml")


def _unique(files: Iterable[Path]) -> list[Path]:
    seen: dict[Path, Path] = {}
    for f in files:
        seen.setdefault(f.resolve(), f)
    return list(seen.values())
