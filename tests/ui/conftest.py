"""UI fixtures: a fixed bank, seed, size and clock, so screens are the same every run."""

from __future__ import annotations

import datetime as dt

import pytest
from testdata import DATA

from quiz.library.loader import load_library
from quiz.store.sqlite import Store
from quiz.ui.app import make_app


class FixedClock:
    """Monotonic time that moves 5 s per reading: answers take a known time."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        self.now += 2.5
        return self.now


FIXED_NOW = dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.timezone.utc)


@pytest.fixture
def kinds_library():
    return load_library([DATA / "kinds"])


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "quiz.db") as store:
        yield store


@pytest.fixture
def make(kinds_library, store):
    def build(**options):
        options.setdefault("player", "ana")
        options.setdefault("round_options", {"clock": FixedClock(), "now": lambda: FIXED_NOW})
        return make_app(kinds_library, store, **options)

    return build
