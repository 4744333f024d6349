"""Who is playing: one rule for every front end.

A player's name is remembered for next time on a computer of one's own; a browser session
(shared by a class) and a drill (a classroom machine: whoever came before) remember nothing
and take no remembered name."""

from __future__ import annotations

import getpass

from quiz.store.interface import Store


def remembered(store: Store) -> str | None:
    """The name played under last on this computer."""
    return store.get_setting("player")


def player_or_login(store: Store, given: str | None) -> str:
    """Plain mode asks nobody: the name given, else the one remembered, else the login name."""
    return given or remembered(store) or getpass.getuser()


def take_name(store: Store, name: str, remember: bool = True) -> str:
    """Make `name` a player (and remember it for next time unless told not to). StoreError."""
    store.ensure_player(name)
    if remember:
        store.set_setting("player", name)
    return name


def known_name(store: Store, name: str) -> str:
    """The name as first written, when someone types it again in another case (drills)."""
    name = " ".join(name.split())
    return next((p for p in store.players() if p.casefold() == name.casefold()), name)
