"""What keeps the grader's own memory and command line from a submission's eyes, where the sandbox's
file-system layer (Landlock) is missing: a child that runs as the grader's user could otherwise read
/proc/<grader>/environ, /mem and /fd, and anyone may read /proc/<pid>/cmdline."""

from __future__ import annotations

import os
import sys

PR_SET_DUMPABLE = 4
ISOLATION_OFF = "LSTM_QUIZ_UNISOLATED"  # set to 1: grade without any file-system layer, knowingly


def not_dumpable() -> bool:
    """Linux: make this process non-dumpable: its /proc files then belong to root and no process of
    its user may read its memory, environment or descriptors, nor trace it (a fork inherits this;
    an exec does not: each process of the grader calls it). False where it could not be done."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def hide_argument(secret: str) -> bool:
    """Blank `secret` where the kernel keeps this process's command line (what /proc/<pid>/cmdline and
    `ps` show to every user), as setproctitle does. True if it is no longer there."""
    data = secret.encode(sys.getfilesystemencoding(), "surrogateescape")
    if not data or not sys.platform.startswith("linux"):
        return False
    try:
        with open("/proc/self/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
        start, end = int(fields[45]), int(fields[46])  # arg_start and arg_end (fields 48 and 49)
        import ctypes

        area = (ctypes.c_char * (end - start)).from_address(start)
        text = area.raw
        if data not in text:
            return True
        area.raw = text.replace(data, b"*" * len(data))
        with open("/proc/self/cmdline", "rb") as handle:
            return data not in handle.read()
    except (OSError, ValueError, IndexError):
        return False


def file_isolation() -> bool:
    """Whether a child can be kept from reading the grader's files here: Landlock in the kernel.
    bubblewrap alone is not enough: its root is read-only, not hidden, so a child could still read
    the secret, classmates' files and an exercise's reference."""
    from checker.sandbox import _landlock

    return _landlock.abi_version() > 0


def isolation_waived() -> bool:
    return os.environ.get(ISOLATION_OFF, "") not in ("", "0")
