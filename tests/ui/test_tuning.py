"""The hacks in quiz.tuning: the private Textual name it relies on still exists, and the
one switch turns all of it off."""

from __future__ import annotations

import gc
import weakref

from quiz import tuning


def test_the_private_textual_name_tuning_relies_on_still_exists():
    # If this fails, Textual renamed or removed StylesCache.get_inner_outer's memo: the game
    # still runs (the call is guarded) but leaks ~17 MB a round again. Find the new name.
    cache = tuning.private_styles_cache()
    assert callable(getattr(cache.get_inner_outer, "cache_clear", None)), (
        "textual._styles_cache.StylesCache.get_inner_outer is no longer an lru_cache"
    )


def test_the_switch_turns_every_hack_off(monkeypatch):
    monkeypatch.setenv("QUIZ_TUNING", "off")
    assert gc.isenabled()
    tuning.pause_collector()
    assert gc.isenabled()
    memory = tuning.MemoryTuning()
    memory.app_started()
    memory.screen_changed()
    assert gc.isenabled()
    memory.screen_drawn()
    assert not memory.frozen and gc.get_freeze_count() == 0


class Node:
    """Stands for a widget: its parent and children point at each other, a reference cycle."""

    def __init__(self) -> None:
        self.me = self


def test_tuning_on_freezes_what_the_app_starts_with_and_frees_each_screen(monkeypatch):
    monkeypatch.delenv("QUIZ_TUNING", raising=False)
    memory = tuning.MemoryTuning()
    try:
        tuning.pause_collector()
        assert not gc.isenabled()
        memory.app_started()
        assert memory.frozen and gc.get_freeze_count() > 0
        memory.screen_changed()  # the first screen, about to be built: after the freeze
        first_screen = Node()
        screen = weakref.ref(first_screen)
        assert not gc.isenabled()
        memory.screen_drawn()
        assert gc.isenabled()
        memory.screen_changed()  # the next screen: the first is removed…
        del first_screen
        memory.screen_drawn()
        assert screen() is None  # …and freed, though only the collector could free it
    finally:
        memory.app_gone()
        gc.enable()
    assert gc.get_freeze_count() == 0
