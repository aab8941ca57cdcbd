"""Writing files without ever leaving a half-written one or silently replacing the user's, and reading
a file someone else made (a student's) without following where it points or reading more than needed."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path


class NotAFile(OSError):
    """What was read is no regular file (a folder, a pipe, a device; a link, when links are not
    followed)."""


def read_regular(
    path: Path | str, limit: int, follow_links: bool = True, one_name: bool = False
) -> bytes | None:
    """The bytes of the regular file at `path`, or None when it holds more than `limit` (never read
    past it). NotAFile for anything else: opened without blocking, so a named pipe or a device cannot
    hang the reader; without `follow_links`, a link is never followed (a student's link could point
    at the grader's secret); with `one_name`, a file with other names (a hard link, which an archive
    may make to any file of the machine) is refused (errno EMLINK). OSError when it cannot be read."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_links:
            raise NotAFile(errno.ELOOP, "a link", str(path)) from None
        raise
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NotAFile(errno.EINVAL, "not a regular file", str(path))
        if one_name and status.st_nlink > 1:
            raise NotAFile(errno.EMLINK, "a file with other names", str(path))
        if status.st_size > limit:
            return None
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    return data if len(data) <= limit else None


def temporary_beside(path: Path, private: bool = False) -> tuple[int, str]:
    """A new, empty temporary file next to `path`, open for writing: (descriptor, its path). Its name is
    "." + the name + "." + eight random characters; its mode is what a new file gets, the kernel
    applying the umask (and a folder's default ACL) to 0666, or 0600 if `private`."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        temporary = os.path.join(path.parent, f".{path.name}.{_random_suffix()}")
        try:
            return os.open(temporary, flags, 0o600 if private else 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no temporary name is free", str(path.parent))


def write_new_file(
    path: Path, data: bytes, *, overwrite: bool = False, sync: bool = True, private: bool = False
) -> None:
    """Write `data` to `path` atomically (a temporary file, then a rename), with the mode the umask
    gives a new file (0600 if `private`).

    Without `overwrite`, an existing file is never replaced: FileExistsError, even if it appeared a
    moment ago (the final step is a hard link, which fails when the name is taken).
    """
    path = Path(path)
    if overwrite:
        _replaceable(path)
    if _write_unnamed(path, data, overwrite, sync, private):
        return
    fd, temporary = temporary_beside(path, private)
    placed = False
    try:
        with os.fdopen(fd, "wb") as handle:
            _write(handle, data, sync)
        placed = _place(temporary, path, overwrite)
    finally:
        if not placed:  # written and linked (the temporary name is left), or failed
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)


def _replaceable(path: Path) -> None:
    """NotAFile unless `path` is free, a regular file or a link (which is replaced, its target kept):
    a device, a pipe or a socket is never replaced by a file (`-o /dev/null --force` as root would
    otherwise take the machine's /dev/null)."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode) or stat.S_ISDIR(mode)):  # a folder: rename says so
        raise NotAFile(errno.EINVAL, "not a regular file (a device, a pipe or a socket is never replaced)")


def _write(handle, data: bytes, sync: bool) -> None:
    handle.write(data)
    handle.flush()
    if sync:  # many files at once: the caller syncs them together
        os.fsync(handle.fileno())


def _place(temporary: str, path: Path, overwrite: bool) -> bool:
    """Give the written `temporary` its final name; True if the temporary name is gone with it."""
    if overwrite:
        os.replace(temporary, path)
        return True
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(temporary, path)
        return True
    return False


def _write_unnamed(path: Path, data: bytes, overwrite: bool, sync: bool, private: bool) -> bool:
    """Linux: write `data` into a file with no name yet (O_TMPFILE), then link it in as `path` (one
    change to the folder instead of two, which counts when a class's feedback files are written at
    once). A half-written file never has a name. False where this cannot be done (another system or
    file system, no /proc): the caller writes through a named temporary file instead; FileExistsError
    when `path` is taken and not `overwrite`."""
    flag = getattr(os, "O_TMPFILE", 0)
    if not flag:
        return False
    try:
        fd = os.open(
            path.parent, flag | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o600 if private else 0o666
        )
    except FileNotFoundError:
        raise  # no such folder: as a named temporary file would say
    except OSError:  # EISDIR, EOPNOTSUPP...: this file system has no unnamed files
        return False
    with os.fdopen(fd, "wb") as handle:
        _write(handle, data, sync)
        try:  # linkat(AT_SYMLINK_FOLLOW) through /proc (os.link without a dir_fd would not follow)
            descriptors = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
        except OSError:  # no /proc: the named way
            return False
        try:
            unnamed = str(handle.fileno())
            try:
                os.link(unnamed, path, src_dir_fd=descriptors, follow_symlinks=True)
                return True
            except FileExistsError:
                if not overwrite:
                    raise
            except OSError:  # refused here (some file systems, a policy): the named way
                return False
            # Replacing a file: linked under a temporary name first, then renamed over it (atomic).
            for _ in range(100):
                temporary = os.path.join(path.parent, f".{path.name}.{_random_suffix()}")
                try:
                    os.link(unnamed, temporary, src_dir_fd=descriptors, follow_symlinks=True)
                    break
                except FileExistsError:
                    continue
                except OSError:
                    return False
            else:
                return False
        finally:
            os.close(descriptors)
    try:
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return True


def _random_suffix() -> str:
    import secrets

    return secrets.token_hex(4)


class NotRegularFileError(OSError):
    """A path that should be a regular file is a FIFO, a device, a socket or a folder."""

    def __init__(self, path: str) -> None:
        super().__init__(errno.EINVAL, "not a regular file", path)


def open_own(path, flags: int, mode: int = 0o600) -> int:
    """os.open of a file this program keeps for itself (a journal, a lock), never through a link: a
    link planted there would have it write to, or cut short, a file elsewhere (NotRegularFileError)."""
    try:
        return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0), mode)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise NotRegularFileError(str(path)) from None
        raise


def open_for_append(path: Path) -> int:
    """Open a line-per-record file for appending (creating it, private to the user). If a crash left
    its last line unfinished, the next record starts on a fresh line: earlier lines are never touched.

    Only a regular file is accepted (NotRegularFileError otherwise): the file is opened without
    blocking, so a FIFO never makes it wait, and checked before anything is written, so /dev/null
    never swallows records silently."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = open_own(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK)
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
