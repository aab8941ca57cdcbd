"""Landlock (Linux ≥ 5.13) through ctypes: a process gives up access to every file except those allowed,
and, with newer kernels, TCP bind/connect (ABI 4) and signals or abstract sockets outside itself (ABI 6).

Self-contained (standard library only): the sandbox runner loads it without importing the grader.
"""

from __future__ import annotations

import ctypes
import os
import sys

SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF = 444, 445, 446  # the same on every architecture
CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH, RULE_NET_PORT = 1, 2
PR_SET_NO_NEW_PRIVS = 38

FS_EXECUTE = 1 << 0
FS_WRITE_FILE = 1 << 1
FS_READ_FILE = 1 << 2
FS_READ_DIR = 1 << 3
FS_REMOVE_DIR = 1 << 4
FS_REMOVE_FILE = 1 << 5
FS_MAKE_CHAR = 1 << 6
FS_MAKE_DIR = 1 << 7
FS_MAKE_REG = 1 << 8
FS_MAKE_SOCK = 1 << 9
FS_MAKE_FIFO = 1 << 10
FS_MAKE_BLOCK = 1 << 11
FS_MAKE_SYM = 1 << 12
FS_REFER = 1 << 13  # ABI 2
FS_TRUNCATE = 1 << 14  # ABI 3
FS_IOCTL_DEV = 1 << 15  # ABI 5
NET_BIND_TCP = 1 << 0  # ABI 4
NET_CONNECT_TCP = 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0  # ABI 6
SCOPE_SIGNAL = 1 << 1

READ = FS_READ_FILE | FS_READ_DIR
READ_EXECUTE = READ | FS_EXECUTE
WRITE = (
    FS_WRITE_FILE | FS_REMOVE_DIR | FS_REMOVE_FILE | FS_MAKE_DIR | FS_MAKE_REG
)  # a working folder: make, change and remove plain files and folders


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


_LIBC = None


def _libc():
    """libc, loaded once (a child pays nothing for it: the runner loaded it before forking)."""
    global _LIBC
    if _LIBC is None:
        _LIBC = ctypes.CDLL(None, use_errno=True)
        _LIBC.syscall.restype = ctypes.c_long
    return _LIBC


def abi_version() -> int:
    """The kernel's Landlock ABI (0 when Landlock is missing or disabled)."""
    if not sys.platform.startswith("linux"):
        return 0
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    version = libc.syscall(
        SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(CREATE_RULESET_VERSION)
    )
    return max(0, int(version))


def _fs_rights(abi: int) -> int:
    rights = (1 << 13) - 1  # ABI 1: bits 0..12
    if abi >= 2:
        rights |= FS_REFER
    if abi >= 3:
        rights |= FS_TRUNCATE
    if abi >= 5:
        rights |= FS_IOCTL_DEV
    return rights


def build(read_paths: list[str], write_paths: list[str], list_paths: list[str] = ()) -> tuple[int, dict]:
    """A ruleset allowing reads of `read_paths` and reads/writes of `write_paths` and nothing else
    (files, TCP, signals and abstract sockets outside, as far as the kernel's ABI goes).

    Returns (ruleset fd or -1 when Landlock is missing, what it enforces). Built once in the runner;
    each child enters it with `enter`, which costs one system call."""
    abi = abi_version()
    if abi == 0:
        return -1, {"landlock": 0}
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    handled = _fs_rights(abi)
    attr = _RulesetAttr(handled_access_fs=handled)
    size = 8
    if abi >= 4:
        attr.handled_access_net = NET_BIND_TCP | NET_CONNECT_TCP
        size = 16
    if abi >= 6:
        attr.scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL
        size = 24
    ruleset = libc.syscall(SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset failed")
    refer_truncate = (FS_REFER if abi >= 2 else 0) | (FS_TRUNCATE if abi >= 3 else 0)
    try:
        rules = [(p, READ_EXECUTE) for p in read_paths] + [
            (p, READ | WRITE | refer_truncate) for p in write_paths
        ]
        rules += [(p, FS_READ_DIR) for p in list_paths]  # names only, no file contents
        for path, access in rules:
            _allow(libc, ruleset, path, access & handled)
    except OSError:
        os.close(ruleset)
        raise
    return ruleset, {"landlock": abi, "landlock_net": abi >= 4, "landlock_signals": abi >= 6}


def enter(ruleset: int) -> None:
    """Restrict this process (and anything it could start) to the ruleset; irreversible."""
    Restrictor(ruleset)()


class Restrictor:
    """enter(ruleset), made ready in the runner (functions looked up, arguments built): a child only
    makes the two calls."""

    def __init__(self, ruleset: int) -> None:
        libc = _libc()
        libc.syscall.restype = ctypes.c_long
        self.prctl, self.syscall = libc.prctl, libc.syscall
        self.arguments = (SYS_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0))

    def __call__(self) -> None:
        """Restrict this process; sets PR_SET_NO_NEW_PRIVS first (Landlock requires it)."""
        if self.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
        if self.syscall(*self.arguments) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")


def restrict(read_paths: list[str], write_paths: list[str]) -> dict:
    """build + enter, for one process."""
    ruleset, info = build(read_paths, write_paths)
    if ruleset >= 0:
        try:
            enter(ruleset)
        finally:
            os.close(ruleset)
    return info


def _allow(libc, ruleset: int, path: str, access: int) -> None:
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a path that does not exist needs no rule
    try:
        if not os.path.isdir(path):
            # rules on a file may only carry file rights
            access &= FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV
        rule = _PathBeneathAttr(allowed_access=access, parent_fd=fd)
        if (
            libc.syscall(
                SYS_ADD_RULE,
                ctypes.c_int(ruleset),
                ctypes.c_int(RULE_PATH_BENEATH),
                ctypes.byref(rule),
                ctypes.c_uint32(0),
            )
            != 0
        ):
            raise OSError(ctypes.get_errno(), f"landlock_add_rule failed for {path}")
    finally:
        os.close(fd)
