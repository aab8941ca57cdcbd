"""Scratch folders in the system's temporary folder (a runner's work folder, an extracted zip), named
for the process that made them. A run killed before it could clean up (SIGKILL, the machine switched
off) leaves them behind; the next run removes the folders of processes that are gone."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

PREFIX = "lstm-quiz-"
# kind, pid namespace, pid, mkdtemp's random part
_NAME = re.compile(r"lstm-quiz-([a-z]+)-(\d+)-(\d+)-[A-Za-z0-9_]+")
_swept: set[str] = set()  # temporary folders this process has swept


def _namespace() -> int:
    """This process's pid namespace (0 if unknown): a pid names a process only within its namespace,
    and containers may share a temporary folder."""
    try:
        return os.stat("/proc/self/ns/pid").st_ino
    except OSError:
        return 0


def folder(kind: str) -> Path:
    """A new, empty scratch folder of this kind (letters only), after removing those of processes
    that are gone (once per process)."""
    sweep()
    return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{kind}-{_namespace()}-{os.getpid()}-"))


def _gone(pid: int) -> bool:
    if not 0 < pid < 1 << 22:  # beyond any pid (pid_max is at most 2**22): not a name of ours
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # another user's process: alive
        return False
    return False


def sweep(root: str | None = None) -> list[str]:
    """Remove the scratch folders in `root` (the temporary folder) that this user's processes of this
    pid namespace made and that are gone; the names removed. Anything else is left alone: another
    user's, another namespace's, a living process's, a link, a file."""
    root = root or tempfile.gettempdir()
    if root in _swept:
        return []
    _swept.add(root)
    namespace = _namespace()
    if not namespace:
        return []
    removed = []
    try:
        entries = list(os.scandir(root))
    except OSError:
        return []
    for entry in entries:
        found = _NAME.fullmatch(entry.name)
        if found is None or int(found.group(2)) != namespace or int(found.group(3)) == os.getpid():
            continue
        try:
            if (
                not entry.is_dir(follow_symlinks=False)
                or entry.stat(follow_symlinks=False).st_uid != os.getuid()
            ):
                continue
        except OSError:
            continue
        if _gone(int(found.group(3))):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(entry.name)
    return removed
