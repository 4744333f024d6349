"""Finding, loading and validating banks and articles: the one loader every command uses.

A file goes through three gates, each reporting every problem it can, located:
safe bounded YAML (quiz.library.yamlsafe), the schema (quiz.core.model and the kinds, via msgspec), then the rules
the schema can't say (one right choice, unique ids, every quote found in its article).
A bank with any error is reported and left out; the others still load.
"""

from __future__ import annotations

import copy
import difflib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from quiz import paths
from quiz.core.banks import Bank, Library, LoadedBank, Located
from quiz.core.kinds import QUESTION_TYPES, AnyQuestion, kind_of
from quiz.core.model import (
    Article,
    Choice,
    Passage,
    Question,
    quote_article,
    quote_text,
)
from quiz.library import yamlsafe
from quiz.library.diagnostics import Diagnostic, error
from quiz.library.quotes import ArticleText
from quiz.library.sources import find_files, shipped_articles_dir
from quiz.tuning import collector_paused

T = TypeVar("T")


def read_yaml(path: Path) -> tuple[Any, yamlsafe.SourceMap]:
    """Safe, bounded YAML from a file; YamlRefused for any problem, never another error."""
    return yamlsafe.load(str(path), read_text(path))


def read_text(path: Path) -> str:
    """A file's UTF-8 text, refused (YamlRefused, located) if too big, unreadable, not UTF-8
    or holding control characters: every file quiz reads from an author goes through here."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > yamlsafe.MAX_BYTES:  # refuse before reading a byte of it
            raise yamlsafe.YamlRefused(error(name, 1, 1, f"file is larger than {yamlsafe.MAX_BYTES // 2**20} MiB"))
        with path.open("rb") as handle:
            data = handle.read(yamlsafe.MAX_BYTES + 1)
    except OSError as exc:
        raise yamlsafe.YamlRefused(error(name, 1, 1, f"cannot read: {exc.strerror}")) from None
    return yamlsafe.decode(name, data)


# ---------------------------------------------------------------------------- schema

_AT = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.S)
_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_FIELD = re.compile(r"field `([^`]+)`")
_MEANT = re.compile(r"did you mean '([^']+)'")


def _parse_validation(exc: msgspec.ValidationError) -> tuple[str, tuple[Any, ...]]:
    """msgspec's message and the path (keys and indices) of the value it is about."""
    found = _AT.match(str(exc))
    assert found is not None
    steps = tuple(
        step if step is not None else int(index)
        for step, index in _STEP.findall(found["path"] or "")
        for step in [step or None]
    )
    return found["message"], steps


def _schema_error(
    name: str,
    data: Any,
    source: yamlsafe.SourceMap,
    base: tuple[Any, ...],
    message: str,
    steps: tuple[Any, ...],
    kind: type,
) -> Diagnostic:
    """msgspec's message, located at the offending value (or key) with a hint."""
    path = base + steps
    key = None
    hint = None
    field_name = _FIELD.search(message)
    if message.startswith("Object contains unknown field") and field_name:
        key = field_name[1]
        allowed = _fields_at(kind, data, path, base)
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else (f"allowed here: {', '.join(allowed)}" if allowed else None)
    elif message.startswith("Object missing required field") and field_name:
        hint = f"add '{field_name[1]}:'"
    elif "got `str`" in message and "`bool`" in message:
        hint = "write true or false, unquoted"
    elif "got `str`" in message and ("`float`" in message or "`int`" in message):
        hint = "write a plain number, e.g. 70 or 3.5"
    elif "length >= 1" in message and steps[-1:] == ("quotes",):
        hint = "copy, word for word, the passage of the article that proves the answer"
    elif "length >= 1" in message and steps[-1:] == ("articles",):
        hint = "list the id of each article the bank quotes ('quiz list' shows them)"
    elif "length >= 1" in message and steps[-1:] in (("explanation",), ("prompt",)):
        hint = f"write the {steps[-1]}"
    elif "got `null`" in message:
        hint = "give a value, or remove the key"
    elif steps[-1:] == ("difficulty",):
        hint = "difficulty is 1 (a stated fact), 2 (connects two statements) or 3 (an inference)"
    elif message.startswith("Invalid value") and steps[-1:] == ("type",):
        hint = "type is one of: " + ", ".join(QUESTION_TYPES)
    elif "matching regex" in message and steps[-1:] in (("id",), ("article",), ("articles",)):
        hint = "ids use lower-case letters, digits, '.', '_' and '-'"
    elif "matching regex" in message and "tags" in steps:
        hint = "tags are lower-case words"
    line, col = source.locate(data, path, key)
    label = ".".join(str(s) for s in steps if isinstance(s, str))
    text = message[0].lower() + message[1:]
    if label and not message.startswith("Object"):
        text = f"{label}: {text}"
    return error(name, line, col, text, hint)


def _fields_at(kind: Any, data: Any, path: tuple[Any, ...], base: tuple[Any, ...]) -> list[str]:
    """The keys the model allows for the mapping at `path` (best effort, for hints)."""
    node: Any = data
    for step in path:
        node = node[step]
    rel = path[len(base) :]
    struct: Any = kind
    if kind is AnyQuestion and isinstance(node, dict) and not rel:
        struct = QUESTION_TYPES.get(str(node.get("type")), None)
    elif rel and rel[0] == "choices":
        struct = Choice
    elif rel and rel[0] == "pairs":
        from quiz.core.model import Pair

        struct = Pair
    elif rel and rel[0] == "quotes" or rel[-1:] == ("why_not_quote",):
        from quiz.core.model import QuoteRef

        struct = QuoteRef
    fields = getattr(struct, "__struct_fields__", ())
    return [f for f in fields] + (["type"] if struct in QUESTION_TYPES.values() else [])


MAX_SCHEMA_ERRORS = 20  # per mapping: enough to show an author everything, bounded


def _convert(
    name: str,
    data: Any,
    source: yamlsafe.SourceMap,
    base: tuple[Any, ...],
    kind: Any,
    value: Any,
) -> tuple[Any, list[Diagnostic]]:
    """`value` as a `kind`, or every schema problem in it (not just the first).

    msgspec stops at the first problem, so each one found is reported, the key it sits
    under is set aside, and the rest is validated again. Keys are only ever removed from
    mappings, so list indices (and with them line:col) still point into `data`."""
    try:  # the usual case, a valid value: no copy needed (convert never changes its input)
        return msgspec.convert(value, kind, strict=False), []
    except msgspec.ValidationError:
        pass
    work = copy.deepcopy(value)
    problems: list[Diagnostic] = []
    set_aside: set[tuple[Any, ...]] = set()
    while len(problems) < MAX_SCHEMA_ERRORS:
        try:
            converted = msgspec.convert(work, kind, strict=False)
        except msgspec.ValidationError as exc:
            message, steps = _parse_validation(exc)
            field_name = _FIELD.search(message)
            about = steps + (field_name[1],) if field_name and message.startswith("Object") else steps
            if not (message.startswith("Object missing required field") and about in set_aside):
                found = _schema_error(name, data, source, base, message, steps, kind)
                problems.append(found)
                meant = _MEANT.search(found.hint or "")
                if meant:  # a misspelt key: its "missing required field" would say it twice
                    set_aside.add(steps + (meant[1],))
            # set aside the key the problem sits under (a list item's problem: its list's key)
            while about and not isinstance(_at(work, about[:-1]), dict):
                about = about[:-1]
            parent = _at(work, about[:-1]) if about else None
            if not about or not isinstance(parent, dict) or about[-1] not in parent:
                break  # nothing left to set aside: the rest can't be checked
            del parent[about[-1]]
            set_aside.add(about)
        else:
            return (None, problems) if problems else (converted, [])
    return None, problems


# What a required field the schema refused is replaced by in a stand-in, tried in turn.
_PLACEHOLDERS: tuple[Any, ...] = ("placeholder", 1, ["placeholder"], False, [])


def _stand_in(raw: dict[str, Any]) -> tuple[Question | None, set[str]]:
    """For a question the schema refused: the same question with each field it refused left
    out (a required one replaced by a placeholder), so that the rules and quotes can be checked
    on the rest in the same run; and the fields so touched, whose rule problems would be about
    a placeholder, not the author's text. None when no such stand-in can be made."""
    work = copy.deepcopy(raw)
    touched: set[str] = set()
    tries: dict[str, list[Any]] = {}
    for _ in range(4 * MAX_SCHEMA_ERRORS):
        try:
            return msgspec.convert(work, AnyQuestion, strict=False), touched
        except msgspec.ValidationError as exc:
            message, steps = _parse_validation(exc)
        field_name = _FIELD.search(message)
        if not steps and field_name and message.startswith("Object contains unknown field"):
            work.pop(field_name[1], None)  # a misspelt key: its value stands in no rule
            continue
        if not steps and field_name and message.startswith("Object missing required field"):
            steps = (field_name[1],)
        top = steps[0] if steps and isinstance(steps[0], str) else None
        if top is None or top == "type":
            return None, touched
        touched.add(top)
        nested = _at(work, steps[:-1]) if len(steps) > 1 else None
        if isinstance(nested, dict) and field_name and message.startswith("Object contains unknown field"):
            nested.pop(field_name[1], None)
            continue
        if top not in tries:  # first leave it out (an optional field takes its default), then placeholders
            tries[top] = [None, *_PLACEHOLDERS] if top in work else list(_PLACEHOLDERS)
        if not tries[top]:
            return None, touched
        replacement = tries[top].pop(0)
        if replacement is None:
            work.pop(top, None)
        else:
            work[top] = copy.deepcopy(replacement)
    return None, touched


def _at(node: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    return node


# ---------------------------------------------------------------------------- loading


@collector_paused
def load_library(targets: Sequence[Path] | None = None) -> Library:
    """Load and check banks from files and folders (default: the shipped banks)."""
    targets = list(targets) if targets else [paths.shipped_questions_dir()]
    bank_files, article_files, problems = find_files(targets)
    library = Library(diagnostics=list(problems), bank_files=bank_files)
    texts: dict[str, ArticleText] = {}
    for article_path in article_files:
        _load_article(article_path, library, texts)
    question_ids: dict[str, tuple[str, int, int]] = {}
    for bank_path in bank_files:
        _load_bank(bank_path, library, texts, question_ids)
    return library


def _load_article(path: Path, library: Library, texts: dict[str, ArticleText]) -> None:
    name = str(path)
    try:
        data, source = read_yaml(path)
    except yamlsafe.YamlRefused as refused:
        library.diagnostics.append(refused.diagnostic)
        return
    if not isinstance(data, dict):
        library.diagnostics.append(error(name, 1, 1, "an article file must be a mapping (id, title, …, paragraphs)"))
        return
    article, problems = _convert(name, data, source, (), Article, data)
    if problems:
        library.diagnostics.extend(problems)
        return
    if article.id in library.articles and path.parent.resolve() == shipped_articles_dir().resolve():
        return  # the author's own copy of a shipped article (loaded first) takes its place
    if article.id in library.articles:
        line, col = source.locate(data, ("id",))
        other = library.article_paths[article.id]
        library.diagnostics.append(error(name, line, col, f"article id '{article.id}' is also used by {other}"))
        return
    for i, gap in enumerate(article.gaps):
        if gap.paragraph > len(article.paragraphs) or gap.after not in article.paragraphs[gap.paragraph - 1]:
            line, col = source.locate(data, ("gaps", i, "after"))
            library.diagnostics.append(
                error(
                    name,
                    line,
                    col,
                    f"gap: '{gap.after}' is not in paragraph {gap.paragraph}",
                    "copy the words just before the gap from that paragraph",
                )
            )
    library.articles[article.id] = article
    library.article_paths[article.id] = path
    library.paragraph_marks[article.id] = [
        source.locate(data, ("paragraphs", i)) for i in range(len(article.paragraphs))
    ]
    texts[article.id] = ArticleText(article)


def _load_bank(
    path: Path,
    library: Library,
    texts: dict[str, ArticleText],
    question_ids: dict[str, tuple[str, int, int]],
) -> None:
    name = str(path)
    problems: list[Diagnostic] = []

    def problem(where: Located, message: str, hint: str | None = None) -> None:
        problems.append(error(name, where[0], where[1], message, hint))

    try:
        data, source = read_yaml(path)
    except yamlsafe.YamlRefused as refused:
        library.diagnostics.append(refused.diagnostic)
        library.broken_banks.append(path)
        return
    if not isinstance(data, dict):
        shape = "a list" if isinstance(data, list) else "a single value"
        problem(source.root_mark, f"a bank must be a mapping (id, title, articles, questions), not {shape}")
        library.diagnostics.extend(problems)
        library.broken_banks.append(path)
        return

    head = {k: v for k, v in data.items() if k != "questions"}
    bank, bad = _convert(name, data, source, (), Bank, head)
    problems.extend(bad)
    raw_questions = data.get("questions") or []
    if not isinstance(raw_questions, list):
        problem(source.locate(data, ("questions",)), "questions: expected a list of questions")
        raw_questions = []

    articles: list[Article] = []
    for index, article_id in enumerate(bank.articles if bank else []):
        if article_id in library.articles:
            articles.append(library.articles[article_id])
        else:
            known = ", ".join(sorted(library.articles)) or "none"
            problem(
                source.locate(data, ("articles", index)), f"unknown article '{article_id}'", f"articles found: {known}"
            )

    questions: list[Question] = []
    passages: dict[str, tuple[Passage, ...]] = {}
    why_not_passages: dict[tuple[str, int], Passage] = {}
    for index, raw in enumerate(raw_questions):
        base = ("questions", index)
        where = source.locate(data, base)
        if not isinstance(raw, dict):
            problem(where, "a question must be a mapping (id, type, prompt, …)")
            continue
        question, bad = _convert(name, data, source, base, AnyQuestion, raw)
        problems.extend(bad)
        touched: set[str] = set()
        if question is None and bad:  # check the rules on the rest too: don't make the author fix twice
            stand_in, touched = _stand_in(raw)
        else:
            stand_in = question
        # the id is checked even when the rest of the question is broken
        question_id = question.id if question else raw.get("id")
        id_at = source.locate(data, base + ("id",))
        first = question_ids.get(question_id) if isinstance(question_id, str) else None
        if first:
            problem(
                id_at,
                f"duplicate question id '{question_id}' (also at {first[0]}:{first[1]}:{first[2]})",
                "ids must be unique across all banks",
            )
            continue
        if isinstance(question_id, str):
            question_ids[question_id] = (name, *id_at)
        if stand_in is None:
            continue
        for sub, key, message, hint in _rule_problems(stand_in):
            if (sub[0] if sub else key) not in touched:  # not a problem of a stand-in's placeholder
                problem(source.locate(data, base + sub, key), message, hint)

        def locate_quote(sub: tuple[Any, ...], quote: Any) -> Passage | None:
            found, message, hint = _find_quote(quote, bank.articles if bank else [], texts)
            if found is None:
                problem(source.locate(data, base + sub), message, hint)  # noqa: B023 (called in the loop)
            return found

        found = [] if "quotes" in touched else [locate_quote(("quotes", i), q) for i, q in enumerate(stand_in.quotes)]
        if "choices" not in touched:
            for i, choice in enumerate(kind_of(stand_in).choice_list(stand_in)):
                if isinstance(choice, Choice) and choice.why_not_quote is not None:
                    spot = locate_quote(("choices", i, "why_not_quote"), choice.why_not_quote)
                    if spot:
                        why_not_passages[(stand_in.id, i)] = spot
        if question is None:
            continue
        passages[question.id] = tuple(p for p in found if p is not None)
        questions.append(question)

    library.diagnostics.extend(problems)
    if problems or bank is None:
        library.broken_banks.append(path)
        return
    bank = msgspec.structs.replace(bank, questions=questions)
    # The positions only, for located warnings: the raw data is let go (the model holds it all)
    library.banks.append(LoadedBank(bank, path, tuple(articles), passages, why_not_passages, (None, source)))


def _find_quote(
    quote: Any, bank_articles: Sequence[str], texts: dict[str, ArticleText]
) -> tuple[Passage | None, str, str | None]:
    named = quote_article(quote)
    if named is not None and named not in bank_articles:
        return None, f"quote names article '{named}', which the bank does not list", ("add it to the bank's articles")
    candidates = [named] if named else [a for a in bank_articles]
    candidates = [a for a in candidates if a in texts]
    if not candidates:
        return None, "quote cannot be checked: the bank has no known article", None
    text = quote_text(quote)
    for article_id in candidates:
        found = texts[article_id].find(text)
        if found is not None:
            return found, "", None
    best = None
    for article_id in candidates:
        near = texts[article_id].closest(text)
        if near and (best is None or near.score > best[1].score):
            best = (article_id, near)
    where = " or ".join(candidates)
    if best is None:
        return None, f"quote not found in {where}", None
    article_id, near = best
    snippet = near.text.strip(" .,;:")
    shown = snippet if len(snippet) <= 240 else snippet[:237] + "…"
    return (
        None,
        (
            f"quote not found in {where}; closest passage (paragraph {near.paragraph}"
            + (f" of {article_id}" if len(candidates) > 1 else "")
            + f'): "{shown}"'
        ),
        "copy the passage exactly as the article has it",
    )


def _rule_problems(question: Question) -> list[tuple[tuple[Any, ...], str | None, str, str | None]]:
    """Rules the schema can't express: (sub-path, key, message, hint) for each broken one.
    Each kind states its own (quiz.core.kinds.<kind>.rule_problems)."""
    return kind_of(question).rule_problems(question)
