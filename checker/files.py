"""Writing files without ever leaving a half-written one or silently replacing the user's."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


def umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux), since changing
    it for a moment would apply to files other threads create in that moment."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def created_mode(private: bool = False) -> int:
    """The mode a new file gets: what the umask allows (0644 under the usual 022), or 0600 if private."""
    return 0o600 if private else 0o666 & ~umask()


def write_new_file(
    path: Path, data: bytes, *, overwrite: bool = False, sync: bool = True, private: bool = False
) -> None:
    """Write `data` to `path` atomically (a temporary file, then a rename), with the mode the umask
    gives a new file (0600 if `private`).

    Without `overwrite`, an existing file is never replaced: FileExistsError, even if it appeared a
    moment ago (the final step is a hard link, which fails when the name is taken).
    """
    path = Path(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, created_mode(private))  # mkstemp makes it 0600 whatever the umask
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


class NotRegularFileError(OSError):
    """A path that should be a regular file is a FIFO, a device, a socket or a folder."""

    def __init__(self, path: str) -> None:
        super().__init__(errno.EINVAL, "not a regular file", path)


def open_for_append(path: Path) -> int:
    """Open a line-per-record file for appending (creating it, private to the user). If a crash left
    its last line unfinished, the next record starts on a fresh line: earlier lines are never touched.

    Only a regular file is accepted (NotRegularFileError otherwise): the file is opened without
    blocking, so a FIFO never makes it wait, and checked before anything is written, so /dev/null
    never swallows records silently."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, 0o600)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFileError(str(path))
        os.set_blocking(fd, True)
        if info.st_size and _last_byte(path, info.st_size) != b"\n":
            write_all(fd, b"\n")
    except BaseException:
        os.close(fd)
        raise
    return fd


def _last_byte(path: Path, size: int) -> bytes:
    with open(path, "rb") as existing:
        existing.seek(size - 1)
        return existing.read(1)


def write_all(fd: int, data: bytes) -> None:
    """Write all of `data` (a short write is completed; an error, such as a full disk, raises)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.EIO, "nothing written")
        view = view[written:]
