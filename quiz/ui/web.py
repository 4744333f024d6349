"""Play in a browser: Textual's web driver, guarded against the sizes a browser can send.

The size of a browser session comes from the other end of a websocket (the page's
`?width=&height=` and every later "resize" message), so it is untrusted input: Textual's
web driver hands it straight to the compositor, where a negative size crashes the app, a
text or `null` one raises, and 100000x100000 makes the session allocate without bound. The
guard sits where those values become a terminal size, so every screen, and any app the
driver runs, only ever sees a sane one. Imported only when the app runs under a web driver.
"""

from __future__ import annotations

import math
import os
from typing import Any

from textual.drivers.web_driver import WebDriver

# Larger than any real browser window (a 4K screen at a small font is ~480x135 cells), small
# enough that a session can't be made to use much memory.
MAX_WIDTH, MAX_HEIGHT = 500, 200
DEFAULT_SIZE = (80, 24)


def sane_size(width: Any, height: Any) -> tuple[int, int] | None:
    """The terminal size to use for what a browser sent: numbers are clamped to 1..MAX
    (0x0 is what a hidden or collapsed page reports); anything else is None (ignore it)."""
    values = []
    for value, most in ((width, MAX_WIDTH), (height, MAX_HEIGHT)):
        if isinstance(value, str):  # COLUMNS and ROWS
            try:
                value = int(value)
            except ValueError:
                return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return None
        values.append(min(max(int(value), 1), most))
    return values[0], values[1]


class GuardedWebDriver(WebDriver):
    """Textual's WebDriver, with every size it is given made sane first."""

    def __init__(self, app, *, debug: bool = False, mouse: bool = True, size: tuple[int, int] | None = None) -> None:
        if size is None:  # the first size comes from the server as COLUMNS and ROWS
            size = sane_size(os.environ.get("COLUMNS", "80"), os.environ.get("ROWS", "24")) or DEFAULT_SIZE
        else:
            size = sane_size(*size) or DEFAULT_SIZE
        super().__init__(app, debug=debug, mouse=mouse, size=size)

    def on_meta(self, packet_type: str, payload: dict[str, object]) -> None:
        if packet_type == "resize":
            size = sane_size(payload.get("width"), payload.get("height"))
            if size is None:
                return  # not a size at all: keep the one we have
            payload = {**payload, "width": size[0], "height": size[1]}
        super().on_meta(packet_type, payload)
