"""A cache of parsed, validated banks, so start-up doesn't re-parse unchanged files.

Each library (the folders and files it is read from) has one entry, named by a hash of
their paths, so a player who switches between libraries (`--from`) finds each still cached;
the KEEP most recently used are kept. The key inside an entry is a hash of every bank and
article file's bytes and of the quiz version. An entry is our mark, a checksum of what
follows, and that decoded with the strict schema below: a stale, foreign or corrupt file
(even one whose damage would still decode) is simply not used, and is replaced. Playing uses
it; `--no-cache` bypasses it, and `quiz check`, `list` and `export` always parse afresh.
"""

from __future__ import annotations

import os
import time
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

import msgspec

from quiz import __version__, paths
from quiz.core.banks import Bank, BankContents, BankSummary, Library, LoadedBank
from quiz.core.model import Article, Passage
from quiz.library.diagnostics import Diagnostic
from quiz.library.sources import find_files
from quiz.tuning import collector_paused

# 3: banks refuse control characters written as YAML escapes; 4: each bank decoded apart;
# 5: the entry's checksum is a CRC-32; 6: each bank's summary beside its contents
FORMAT = 6
MARK = b"quiz bank cache\n"
CHECKSUM_BYTES = 4
KEEP = 4  # libraries whose entries are kept (the most recently used)

try:  # CPython's own BLAKE2: hashlib would load OpenSSL (~0.6 MB, ~1.5 ms) at every start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python
    from hashlib import blake2b


# Decoded straight into the shapes the library uses (tuples, not lists), and untracked by the
# garbage collector (gc=False: they hold no cycles), so reading a big entry stays quick.
class _CachedBank(msgspec.Struct, frozen=True, gc=False):
    id: str
    path: str
    articles: list[str]
    summary: BankSummary  # what Home and review need, so they don't decode the contents
    contents: msgspec.Raw  # a _BankContents, encoded apart: decoded when the bank is first used


class _BankContents(msgspec.Struct, frozen=True, gc=False):
    bank: Bank
    passages: dict[str, tuple[Passage, ...]]
    why_not: list[tuple[str, int, Passage]]


class _CachedDiagnostic(msgspec.Struct, frozen=True, array_like=True, gc=False):
    path: str
    line: int
    col: int
    severity: str
    message: str
    hint: str | None


class _Entry(msgspec.Struct, frozen=True, gc=False):
    format: int
    version: str
    key: str
    articles: list[Article]
    article_paths: dict[str, str]
    paragraph_marks: dict[str, list[tuple[int, int]]]
    banks: list[_CachedBank]
    diagnostics: list[_CachedDiagnostic]
    bank_files: list[str]
    broken_banks: list[str]


_decoder = msgspec.msgpack.Decoder(_Entry)
_contents_decoder = msgspec.msgpack.Decoder(_BankContents)
_encoder = msgspec.msgpack.Encoder()


def cache_dir() -> Path:
    override = os.environ.get("QUIZ_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("quiz"))


def library_key(targets: Sequence[Path]) -> str:
    """A hash of everything the library is built from: file names and bytes, and our version."""
    bank_files, article_files, problems = find_files(targets)
    digest = blake2b(f"quiz {__version__} cache {FORMAT}\n".encode())
    for group, files in (("bank", bank_files), ("article", article_files)):
        for path in files:
            digest.update(f"{group} {path.resolve()}\n".encode())
            try:
                digest.update(blake2b(path.read_bytes()).digest())
            except OSError:
                digest.update(b"unreadable")
    for problem in problems:
        digest.update(str(problem).encode())
    return digest.hexdigest()


def entry_path(targets: Sequence[Path]) -> Path:
    """Where the entry of the library read from `targets` is kept: one per library."""
    where = blake2b("\n".join(str(Path(t).resolve()) for t in targets).encode(), digest_size=16)
    return cache_dir() / f"banks-{where.hexdigest()}.msgpack"


def load_library_cached(targets: Sequence[Path] | None = None, use_cache: bool = True) -> Library:
    """The library, from the cache when nothing has changed; built (and cached) otherwise."""
    targets = list(targets) if targets else [paths.shipped_questions_dir()]
    if not use_cache:
        return _built(targets)
    key = library_key(targets)
    path = entry_path(targets)
    cached = _read(path, key)
    if cached is not None:
        _mark_used(path)
        return cached
    library = _built(targets)
    _write(path, key, library)
    return library


def _built(targets: Sequence[Path]) -> Library:
    from quiz.library.loader import load_library  # the YAML loader, only when the cache can't serve

    return load_library(targets)


def _checksum(payload: bytes | memoryview) -> bytes:
    """A CRC-32, to catch damage: whoever can write the folder could recompute any unkeyed
    checksum, so a cryptographic one would buy nothing, and BLAKE2 took 18 ms of a
    10,000-question library's start where this takes 4."""
    return zlib.crc32(payload).to_bytes(CHECKSUM_BYTES, "big")


@collector_paused
def _read(path: Path, key: str) -> Library | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None  # absent or unreadable: rebuild
    start = len(MARK) + CHECKSUM_BYTES
    payload = memoryview(data)[start:]  # not a copy: an entry can be tens of megabytes
    if not data.startswith(MARK) or data[len(MARK) : start] != _checksum(payload):
        return None  # foreign or corrupt: rebuild
    try:
        entry = _decoder.decode(payload)
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError):
        return None  # ours, but of a shape this quiz doesn't know: rebuild
    if entry.format != FORMAT or entry.version != __version__ or entry.key != key:
        return None
    articles = {a.id: a for a in entry.articles}
    try:
        banks = [
            LoadedBank.deferred(
                b.id, Path(b.path), tuple(articles[a] for a in b.articles), _decoding(b.contents), b.summary
            )
            for b in entry.banks
        ]
    except KeyError:
        return None
    return Library(
        banks=banks,
        articles=articles,
        article_paths={k: Path(v) for k, v in entry.article_paths.items()},
        diagnostics=[Diagnostic(*msgspec.structs.astuple(d)) for d in entry.diagnostics],
        bank_files=[Path(p) for p in entry.bank_files],
        broken_banks=[Path(p) for p in entry.broken_banks],
        paragraph_marks={k: [(m[0], m[1]) for m in v] for k, v in entry.paragraph_marks.items()},
    )


def _decoding(contents: msgspec.Raw) -> Callable[[], BankContents]:
    """What decodes one bank's contents. The whole entry's checksum was checked when it was
    read, so these bytes are the ones written."""

    @collector_paused
    def decode() -> BankContents:
        decoded = _contents_decoder.decode(contents)
        return decoded.bank, decoded.passages, {(q, i): p for q, i, p in decoded.why_not}

    return decode


def _write(path: Path, key: str, library: Library) -> None:
    entry = _Entry(
        format=FORMAT,
        version=__version__,
        key=key,
        articles=list(library.articles.values()),
        article_paths={k: str(v) for k, v in library.article_paths.items()},
        paragraph_marks={k: list(v) for k, v in library.paragraph_marks.items()},
        banks=[
            _CachedBank(
                id=b.id,
                path=str(b.path),
                articles=[a.id for a in b.articles],
                summary=b.summary,
                contents=msgspec.Raw(
                    _encoder.encode(
                        _BankContents(b.bank, b.passages, [(q, i, p) for (q, i), p in b.why_not_passages.items()])
                    )
                ),
            )
            for b in library.banks
        ],
        diagnostics=[
            _CachedDiagnostic(d.path, d.line, d.col, d.severity, d.message, d.hint) for d in library.diagnostics
        ],
        bank_files=[str(p) for p in library.bank_files],
        broken_banks=[str(p) for p in library.broken_banks],
    )
    try:
        from quiz.files import write_atomic

        path.parent.mkdir(parents=True, exist_ok=True)
        payload = _encoder.encode(entry)
        write_atomic(path, MARK + _checksum(payload) + payload)  # this library's stale entry replaced
        _mark_used(path)
        _drop_least_used(path.parent)
    except OSError:
        pass  # a cache that can't be written only costs time


def _mark_used(path: Path) -> None:
    """Used now: the last entry to go when there are more than KEEP. (The clock's own time, not
    the file system's, which may tick only every few milliseconds.)"""
    now = time.time_ns()
    try:
        os.utime(path, ns=(now, now))
    except OSError:
        pass


def _drop_least_used(folder: Path) -> None:
    """Only KEEP entries: the others, least recently used first, go (only our own entries, by
    their name; any other file in the folder is left alone)."""
    by_use = []
    for entry in folder.glob("banks-*.msgpack"):
        try:
            by_use.append((entry.stat().st_mtime_ns, entry))
        except OSError:
            continue
    for _, entry in sorted(by_use, reverse=True)[KEEP:]:
        entry.unlink(missing_ok=True)
