"""Who is playing: one rule for every front end.

A player's name is remembered for next time on a computer of one's own; a browser session
(shared by a class) and a drill (a classroom machine: whoever came before) remember nothing
and take no remembered name."""

from __future__ import annotations

from quiz.core.safe_text import name_key
from quiz.store.interface import Store


def remembered(store: Store) -> str | None:
    """The name played under last on this computer."""
    return store.get_setting("player")


def player_or_login(store: Store, given: str | None) -> str:
    """Plain mode asks nobody: the name given, else the one remembered, else the login name."""
    name = given or remembered(store)
    if name:
        return name
    import getpass  # only for a first run with no name given

    return getpass.getuser()


def take_name(store: Store, name: str, remember: bool = True) -> str:
    """Make `name` a player (and remember it for next time unless told not to). StoreError."""
    store.ensure_player(name)
    if remember:
        store.set_setting("player", name)
    return name


def known_name(store: Store, name: str) -> str:
    """The name as first written, when someone types it again in another case or without its
    accents (drills): one student, one results file, one row in the report."""
    name = " ".join(name.split())
    key = name_key(name)
    return next((p for p in store.players() if name_key(p) == key), name)


def close_name(store: Store, name: str, fingerprint: str) -> str | None:
    """A student of this drill (by fingerprint) whose name is close to `name` but not the same
    (a typo, a letter left out): the "did you mean …?" to ask before starting a new student."""
    from rapidfuzz.distance import Levenshtein

    key = name_key(name)
    if len(key) < 4:
        return None
    taken = {
        r.player
        for r in store.rounds_of_kind("drill")
        if (r.settings.get("drill") or {}).get("fingerprint") == fingerprint
    }
    if any(name_key(t) == key for t in taken):
        return None
    close = [(Levenshtein.distance(key, name_key(t)), t) for t in taken]
    close = [(d, t) for d, t in close if d <= (1 if len(key) <= 8 else 2)]
    return min(close)[1] if close else None
