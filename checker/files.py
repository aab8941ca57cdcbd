"""Writing files without ever leaving a half-written one or silently replacing the user's."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_new_file(path: Path, data: bytes, *, overwrite: bool = False, sync: bool = True) -> None:
    """Write `data` to `path` atomically (a temporary file, then a rename).

    Without `overwrite`, an existing file is never replaced: FileExistsError, even if it appeared a
    moment ago (the final step is a hard link, which fails when the name is taken).
    """
    path = Path(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if sync:  # many files at once: the caller syncs them together
                os.fsync(handle.fileno())
        if overwrite:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links
                if path.exists():
                    raise FileExistsError(str(path)) from None
                os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def open_for_append(path: Path) -> int:
    """Open a line-per-record file for appending (creating it, private to the user). If a crash left
    its last line unfinished, the next record starts on a fresh line: earlier lines are never touched."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    size = os.fstat(fd).st_size
    if size:
        with open(path, "rb") as existing:
            existing.seek(size - 1)
            if existing.read(1) != b"\n":
                os.write(fd, b"\n")
    return fd
