"""The store: one interface (quiz.store.interface), two back ends, and the one function that
picks between them. A `postgresql://` or `postgres://` URL opens a PostgreSQL database
(psycopg, imported only then); anything else is the path of an SQLite file.

Passwords never travel on the command line or in a printed URL: a URL carrying one is
refused (libpq reads PGPASSWORD, ~/.pgpass or a service file instead), and every URL shown
to a person goes through `redact` first.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from quiz.store.interface import Store, StoreError

URL_SCHEMES = ("postgresql://", "postgres://")
# Query parameters that carry secrets: never printed, never accepted.
SECRET_PARAMETERS = {"password"}

__all__ = ["Store", "StoreError", "default_location", "is_url", "open_store", "redact"]


def __getattr__(name: str) -> Any:
    # The interface (and the scheduling it names) only when asked for: `--db`'s parser calls
    # is_url on every command line, and most commands never open a store.
    if name in ("Store", "StoreError"):
        from quiz.store import interface

        return getattr(interface, name)
    raise AttributeError(name)


def is_url(location: str | os.PathLike[str]) -> bool:
    return isinstance(location, str) and location.lower().startswith(URL_SCHEMES)


def default_location() -> str | Path:
    """$QUIZ_DB (a path or a URL), else quiz.db in the user data folder."""
    override = os.environ.get("QUIZ_DB")
    if override:
        return override if is_url(override) else Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("quiz")) / "quiz.db"


def redact(url: str) -> str:
    """The URL fit to print: any password in it replaced by ***."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return "<a database URL that could not be read>"
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, hosts = netloc.rpartition("@")
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}{':***' if ':' in userinfo else ''}@{hosts}"
    query = urlencode(
        [(k, "***" if k.lower() in SECRET_PARAMETERS else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def check_url(url: str) -> None:
    """Refuse a URL that carries a password (it would show in `ps`, shell history, logs)."""
    from urllib.parse import parse_qsl, urlsplit

    from quiz.store.interface import StoreError

    try:
        parts = urlsplit(url)
    except ValueError:
        raise StoreError(
            "the database URL could not be read; write it as postgresql://USER@HOST:PORT/DATABASE"
        ) from None
    userinfo = parts.netloc.rpartition("@")[0]
    has_password = ":" in userinfo or any(
        k.lower() in SECRET_PARAMETERS for k, _ in parse_qsl(parts.query, keep_blank_values=True)
    )
    if has_password:
        raise StoreError(
            f"{redact(url)}: a password in the database URL would show in the process list and in shell "
            "history; nothing was opened. Leave it out of the URL and give it to PostgreSQL's client "
            "library instead: the PGPASSWORD variable, a ~/.pgpass file, or a service file (PGSERVICEFILE)."
        )


def open_store(location: str | os.PathLike[str] | None = None) -> Store:
    """The store at `location` (a PostgreSQL URL, or an SQLite path; default: $QUIZ_DB or
    the user's quiz.db), checked and migrated. Raises StoreError with a message to show."""
    if location is None:
        location = default_location()
    if isinstance(location, str) and is_url(location):
        check_url(location)
        from quiz.store.postgres import PostgresStore

        return PostgresStore.open(location)
    from quiz.store.sqlite import SQLiteStore

    return SQLiteStore.open(Path(location))
