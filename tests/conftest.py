"""Shared fixtures. Every test runs with its data and cache dirs in tmp_path, so no test
touches the real user's files."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _keep_the_machine_out(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("QUIZ_DB", raising=False)
    monkeypatch.delenv("QUIZ_QUESTIONS", raising=False)
    monkeypatch.delenv("QUIZ_CACHE_DIR", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


# A throwaway PostgreSQL server (tests/pg.py) and the store tests' two back ends.
from pg import pg_cluster, pg_url  # noqa: E402, F401


@pytest.fixture(params=["sqlite", "postgres"])
def db(request, tmp_path):
    """Where a store test keeps its data: an SQLite file, then a new PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "q.db"
    return request.getfixturevalue("pg_url")
