"""Writing files so that a crash or a full disk never leaves half a file behind."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0o022)  # the only portable way to read it is to set it, then put it back
    os.umask(mask)
    return mask


def new_file_mode(path: Path) -> int:
    """The mode `open(path, "w")` would give: an existing file keeps its own, a new one gets
    0o666 less the umask (so results in a shared folder stay readable to the teacher)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it over. The
    file gets the mode a plain write would give it, not the temporary file's private 0600."""
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    mode = new_file_mode(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
