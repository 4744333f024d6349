"""Where quiz reaches past the ordinary: garbage-collector tuning (for the loader, `quiz
check` and the full-screen app) and the one private Textual name quiz uses. All of it trims time or memory and none of it is needed for
the game to work, so one switch turns it all off: QUIZ_TUNING=off in the environment.

Assumes textual 8.x (pinned >=8,<9); tests/ui/test_tuning.py fails loudly if the private
name below is gone. The other places quiz overrides a library's class: textual-serve's
Server in quiz/ui/serve.py (its docstring names the version and methods it assumes) and
Textual's WebDriver (`__init__`, `on_meta`) in quiz/ui/web.py, both checked by tests.

Imports nothing heavy: the command line calls `pause_collector` before Textual is loaded.
"""

from __future__ import annotations

import functools
import gc
import os
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def enabled() -> bool:
    """The one switch (read when called, so a test can turn it off)."""
    return os.environ.get("QUIZ_TUNING", "on").lower() not in ("off", "0", "no")


def pause_collector() -> None:
    """Starting the full-screen app, or `quiz check`, allocates a great deal and frees almost
    nothing, so the collector's passes are wasted time (~20 ms of start-up). The app resumes
    it once its first screen is drawn; `quiz check` ends first."""
    if enabled():
        gc.disable()


def collector_paused(build: Callable[..., T]) -> Callable[..., T]:
    """For functions that build a big, long-lived tree with no reference cycles (a library):
    the cyclic garbage collector's full passes over it find nothing, and cost more the bigger
    it grows (they made load time grow faster than the number of questions). Paused inside."""

    @functools.wraps(build)
    def paused(*args: Any, **kwargs: Any) -> T:
        if not enabled() or not gc.isenabled():
            return build(*args, **kwargs)
        gc.disable()
        try:
            return build(*args, **kwargs)
        finally:
            gc.enable()

    return paused


class MemoryTuning:
    """The app's side: once it is running, freeze what lives as long as the app out of the
    collector's way; after each change of screen, free the screen removed."""

    def __init__(self) -> None:
        self.frozen = False

    def app_started(self) -> None:
        """The app is up and no screen of ours exists yet. What lives now (modules, the library,
        the app) lives as long as the app: frozen, each pass is ~5 ms, not ~18. Nothing later is
        frozen: a screen frozen would hold its widgets' cycles for good once it is gone."""
        if enabled():
            self.frozen = True
            gc.freeze()

    def screen_changed(self) -> None:
        """Right after a change of screen (before it is built and drawn). Building a screen
        allocates thousands of objects and frees few: the collector is paused until it is
        drawn, so its passes fall after the frame (the player's key to feedback), not in it."""
        if enabled():
            forget_removed_widgets_styles()
            gc.disable()

    def screen_drawn(self) -> None:
        """Once a new screen is drawn. A removed screen is a knot of reference cycles that only
        the collector's rare full passes reach: free it now, before the next piles on. (The
        command line paused the collector to start sooner: start-up frees little.)"""
        if enabled():
            gc.collect()
            gc.enable()

    def app_gone(self) -> None:
        """The app is gone: what it froze may be collected again (tests run many), and the
        collector runs again if a change of screen had paused it."""
        if self.frozen:
            gc.unfreeze()
        if enabled():
            gc.enable()


def private_styles_cache() -> type:
    """Textual's StylesCache: private (textual._styles_cache), see `forget_removed_widgets_styles`."""
    from textual._styles_cache import StylesCache

    return StylesCache


def forget_removed_widgets_styles() -> None:
    """Work around Textual issue #6665: an lru_cache on StylesCache.get_inner_outer keeps
    the styles cache (with every line it rendered) of up to 1,024 widgets long removed,
    ~17 MB after one 20-question round. Clearing that memo on each change of screen is
    safe (it is recomputed on demand). Whatever it turns into in a later Textual, this only
    trims memory and never stops the game: any failure is ignored (the test says so loudly)."""
    try:
        private_styles_cache().get_inner_outer.cache_clear()  # type: ignore[attr-defined]
    except Exception:
        pass
