"""The bank cache: used only while nothing it was built from has changed, never trusted when
stale, foreign or damaged (it is rebuilt instead), never in the way (--no-cache, an unwritable
folder), and never touching a file that isn't its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from testdata import DATA, run_quiz

from quiz.core.banks import BankSummary
from quiz.library import cache
from quiz.library.cache import load_library_cached
from quiz.library.loader import load_library

GOOD = DATA / "good"


@pytest.fixture
def banks(tmp_path, monkeypatch) -> Path:
    """A copy of the good fixture banks (with their articles), and an empty cache folder."""
    folder = tmp_path / "banks"
    shutil.copytree(GOOD, folder)
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "cache"))
    return folder


def entries() -> list[Path]:
    return sorted(cache.cache_dir().glob("banks-*.msgpack"))


def from_cache(library) -> bool:
    """A bank loaded from the cache carries no YAML source; one parsed afresh does."""
    sources = {b.source is None for b in library.banks}
    assert len(sources) == 1, "some banks from the cache and some not"
    return sources.pop()


def same_content(a, b) -> None:
    assert [(x.bank, x.articles, x.passages, x.why_not_passages) for x in a.banks] == [
        (x.bank, x.articles, x.passages, x.why_not_passages) for x in b.banks
    ]
    assert a.articles == b.articles and a.diagnostics == b.diagnostics


def test_second_load_comes_from_the_cache_and_matches_a_fresh_load(banks):
    first = load_library_cached([banks])
    assert not from_cache(first) and len(entries()) == 1
    second = load_library_cached([banks])
    assert from_cache(second) and first.question_count() > 0
    same_content(second, load_library([banks]))


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated", "one byte changed", "no mark"])
def test_a_damaged_entry_is_ignored_and_rebuilt(banks, damage):
    load_library_cached([banks])
    (entry,) = entries()
    data = entry.read_bytes()
    entry.write_bytes(
        {
            "garbage": b"\x00\xff not a cache entry \xff" * 40,
            "empty": b"",
            "truncated": data[: len(data) // 2],
            # still decodes as msgpack of the right shape, but no longer what was cached
            "one byte changed": data.replace(b"Ana Ruiz", b"Ana Ruis", 1),
            "no mark": data[len(cache.MARK) :],
        }[damage]
    )
    if damage == "one byte changed":
        assert entry.read_bytes() != data
    library = load_library_cached([banks])
    assert not from_cache(library)  # not trusted: parsed afresh
    same_content(library, load_library([banks]))
    assert entry.read_bytes() == data  # and the entry rebuilt
    assert from_cache(load_library_cached([banks]))


def test_each_library_keeps_its_own_entry_and_only_the_most_recently_used_are_kept(banks, tmp_path):
    libraries = [banks]
    for n in range(cache.KEEP):  # KEEP + 1 libraries in all
        other = tmp_path / f"library-{n}"
        shutil.copytree(banks, other)
        libraries.append(other)
    first, second = libraries[0], libraries[1]
    load_library_cached([first])
    load_library_cached([second])
    assert from_cache(load_library_cached([first]))  # switching back and forth rebuilds nothing
    assert from_cache(load_library_cached([second]))
    assert len(entries()) == 2
    load_library_cached([first])  # used last: kept when the others push the oldest out
    for library in libraries[2:]:
        load_library_cached([library])
    assert len(entries()) == cache.KEEP
    assert from_cache(load_library_cached([first]))
    assert not from_cache(load_library_cached([second]))  # the least recently used went


def test_a_foreign_file_named_like_an_entry_is_not_trusted(banks):
    cache.cache_dir().mkdir(parents=True)
    impostor = cache.entry_path([banks])
    impostor.write_bytes(b"some other program's data")
    library = load_library_cached([banks])
    assert not from_cache(library) and library.question_count() > 0


def test_other_files_in_the_cache_folder_are_left_alone(banks):
    folder = cache.cache_dir()
    folder.mkdir(parents=True)
    others = {
        folder / "notes.txt": b"mine",
        folder / "other.msgpack": b"\x93\x01\x02\x03",
        folder / "banks.msgpack": b"not ours either",
    }
    for path, data in others.items():
        path.write_bytes(data)
    load_library_cached([banks])
    (banks / "tiny.yaml").write_text((banks / "tiny.yaml").read_text() + "\n")
    load_library_cached([banks])  # a new entry replaces our stale one...
    assert len(entries()) == 1
    for path, data in others.items():  # ...and nothing else is touched
        assert path.read_bytes() == data


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_bank_is_parsed_again(banks):
    load_library_cached([banks])
    bank = banks / "tiny.yaml"
    edit(bank, "Who is Ana Ruiz?", "Who is the city librarian?")
    library = load_library_cached([banks])
    assert not from_cache(library)
    prompts = [q.prompt for b in library.banks for q in b.bank.questions]
    assert "Who is the city librarian?" in prompts and "Who is Ana Ruiz?" not in prompts
    assert from_cache(load_library_cached([banks]))


def test_a_changed_article_is_checked_again(banks):
    before = load_library_cached([banks])
    assert not before.errors
    # the passage a question quotes is no longer in the article: that bank must now be broken
    edit(banks / "articles" / "tiny.yaml", "the city librarian", "the chief librarian")
    library = load_library_cached([banks])  # the new error shows it was checked again
    assert any("quote not found" in d.message for d in library.errors)
    assert len(library.banks) < len(before.banks)


def test_a_new_bank_file_is_seen(banks):
    load_library_cached([banks])
    shutil.copy(banks / "tiny.yaml", banks / "copy.yaml")
    library = load_library_cached([banks])
    assert not from_cache(library)
    assert any("duplicate question id" in d.message for d in library.errors)


def test_another_quiz_version_does_not_use_the_entry(banks, monkeypatch):
    load_library_cached([banks])
    monkeypatch.setattr(cache, "__version__", "99.0.0")
    assert not from_cache(load_library_cached([banks]))
    assert from_cache(load_library_cached([banks]))  # rebuilt for this version


def test_an_entry_written_by_another_version_under_our_key_is_not_used(banks, monkeypatch):
    key = cache.library_key([banks])
    real = cache.__version__
    monkeypatch.setattr(cache, "__version__", "0.0.1")
    cache._write(cache.entry_path([banks]), key, load_library([banks]))
    monkeypatch.setattr(cache, "__version__", real)
    assert len(entries()) == 1
    assert not from_cache(load_library_cached([banks]))


def test_no_cache_neither_reads_nor_writes(banks):
    library = load_library_cached([banks], use_cache=False)
    assert not from_cache(library) and entries() == []
    load_library_cached([banks])
    (entry,) = entries()
    written = entry.read_bytes()
    assert not from_cache(load_library_cached([banks], use_cache=False))
    assert entry.read_bytes() == written


def test_an_unwritable_cache_folder_only_costs_time(banks, tmp_path, monkeypatch):
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("x")
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(blocker / "cache"))
    first, second = load_library_cached([banks]), load_library_cached([banks])
    assert not from_cache(first) and not from_cache(second)
    same_content(second, load_library([banks]))


def test_play_no_cache_flag(tmp_path, monkeypatch):
    """`--no-cache` reaches the loader: the command plays without writing an entry."""
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "cache"))
    done = run_quiz(
        "play",
        "--plain",
        "--no-cache",
        "--from",
        str(GOOD),
        "--count",
        "1",
        "--seed",
        "1",
        "--player",
        "ana",
        "--db",
        str(tmp_path / "q.db"),
        stdin="1\n",
        env={"QUIZ_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "cache").exists()
    done = run_quiz(
        "play",
        "--plain",
        "--from",
        str(GOOD),
        "--count",
        "1",
        "--seed",
        "1",
        "--player",
        "ana",
        "--db",
        str(tmp_path / "q.db"),
        stdin="1\n",
        env={"QUIZ_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "cache").glob("banks-*.msgpack"))) == 1


def test_a_bank_from_the_cache_is_decoded_only_when_first_used(tmp_path, monkeypatch):
    """Playing one bank of a big library neither decodes nor holds the others' questions."""
    from quiz import paths
    from quiz.core.round import RoundSettings, draw

    banks = tmp_path / "banks"
    shutil.copytree(paths.shipped_questions_dir(), banks)  # three banks
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "cache"))
    load_library_cached([banks])
    library = load_library_cached([banks])
    assert from_cache(library) and len(library.banks) >= 2
    assert not any(b.is_decoded for b in library.banks)
    # what Home and review read (titles, question ids, tags) comes without decoding, and is
    # what the banks parsed afresh say
    summaries = [b.summary for b in library.banks]
    assert not any(b.is_decoded for b in library.banks)
    assert summaries == [BankSummary.of(b.bank) for b in load_library([banks]).banks]
    assert all(s.count > 0 and s.tags for s in summaries)
    played = library.banks[1]
    _, items = draw(library, RoundSettings(banks=(played.id,), count=None, seed=1))
    assert items and all(item.bank is played for item in items)
    assert [b.is_decoded for b in library.banks] == [b is played for b in library.banks]
    same_content(library, load_library([banks]))  # each, once used, is the bank parsed afresh
