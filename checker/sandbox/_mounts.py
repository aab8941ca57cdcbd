"""A private, read-only view of every mount, for a runner that bubblewrap does not already give one.

On a mount that records access times (`relatime`, the usual default), a read can move a file's access
time and following a symbolic link can move the link's: marks that any later child may read back with
`stat`, a signal from a child that has seen hidden inputs to one that has not. A read-only mount moves
no time. bubblewrap gives its runner a read-only root; without it, a runner that may make a mount
namespace (root with CAP_SYS_ADMIN, or any user in a user namespace of its own where the kernel
allows one) makes its own: every mount copied, none shared back, each made read-only. The runner's own open descriptors and the grader's keep writing through the machine's
mounts, which are left as they are.

Self-contained (standard library only): the sandbox runner loads it without importing the grader.
"""

from __future__ import annotations

import ctypes
import os
import sys

CLONE_NEWNS, CLONE_NEWUSER = 0x00020000, 0x10000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_NOATIME, MS_NODIRATIME, MS_RELATIME, MS_STRICTATIME = 0x400, 0x800, 0x200000, 0x1000000
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 0x20, 0x1000, 0x4000, 0x40000
SYS_MOUNT_SETATTR = 442  # Linux ≥ 5.12, the same number on every architecture
AT_FDCWD, AT_RECURSIVE = -100, 0x8000
MOUNT_ATTR_RDONLY = 0x1
MOUNTINFO = "/proc/self/mountinfo"
# A mount's own options, as mountinfo spells them, and the flag a bind remount must keep for each
# (a remount replaces them all; leaving one out would clear it, where the kernel allows that).
KEPT = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC, "noatime": MS_NOATIME,
        "nodiratime": MS_NODIRATIME, "relatime": MS_RELATIME, "strictatime": MS_STRICTATIME}  # fmt: skip


class _MountAttr(ctypes.Structure):
    _fields_ = [
        ("attr_set", ctypes.c_uint64),
        ("attr_clr", ctypes.c_uint64),
        ("propagation", ctypes.c_uint64),
        ("userns_fd", ctypes.c_uint64),
    ]


def _unescape(field: str) -> str:
    """A mountinfo path: spaces, tabs, newlines and backslashes are written as octal escapes."""
    if "\\" not in field:
        return field
    data = field.encode("utf-8", "surrogateescape")
    out = bytearray()
    i = 0
    while i < len(data):
        if data[i] == 0x5C and data[i + 1 : i + 4].isdigit() and len(data[i + 1 : i + 4]) == 3:
            out.append(int(data[i + 1 : i + 4], 8) & 0xFF)
            i += 4
        else:
            out.append(data[i])
            i += 1
    return out.decode("utf-8", "surrogateescape")


def mounts(text: str | None = None) -> list[tuple[str, set[str]]]:
    """(mount point, its own options) for each mount this process sees, in mountinfo's order (a parent
    before what is mounted on it)."""
    if text is None:
        with open(MOUNTINFO, encoding="utf-8", errors="surrogateescape") as handle:
            text = handle.read()
    found = []
    for line in text.splitlines():
        fields = line.split(" ")
        if len(fields) >= 6:
            found.append((_unescape(fields[4]), set(fields[5].split(","))))
    return found


def all_read_only(text: str | None = None) -> bool:
    """Every mount this process can reach is read-only (and there is at least one)."""
    try:
        seen = mounts(text)
    except OSError:
        return False
    top = dict(seen)  # a mount hidden under a later one at the same point cannot be reached
    return bool(top) and all("ro" in options for options in top.values())


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _set_attr(libc) -> bool:
    """Linux ≥ 5.12: every mount below / read-only in one call."""
    attr = _MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)
    call = libc.syscall
    return call(SYS_MOUNT_SETATTR, AT_FDCWD, b"/", AT_RECURSIVE, ctypes.byref(attr), ctypes.sizeof(attr)) == 0


def _remount_each(libc) -> None:
    """Older kernels: each mount read-only in turn, keeping its other options (one that cannot be
    changed, a locked one say, is left: all_read_only then says so)."""
    for point, options in mounts():
        flags = MS_REMOUNT | MS_BIND | MS_RDONLY
        for name, flag in KEPT.items():
            if name in options:
                flags |= flag
        libc.mount(None, os.fsencode(point), None, flags, None)


def _own_user_namespace(libc) -> bool:
    """Not root: a user namespace of its own (where the kernel allows unprivileged ones), in which
    this process is the same user and group as before and may make a mount namespace. Must come
    before the process makes itself non-dumpable, which would give its /proc files to root."""
    uid, gid = os.geteuid(), os.getegid()
    if uid == 0 or libc.unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0:
        return False
    for name, text in (("setgroups", "deny"), ("uid_map", f"{uid} {uid} 1"), ("gid_map", f"{gid} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as handle:
            handle.write(text)
    return True


def make_read_only() -> bool:
    """Move this process into a mount namespace of its own whose every mount is read-only; True when
    every mount it then sees is read-only. Needs the right to make a mount namespace: root with
    CAP_SYS_ADMIN, or any user where the kernel allows unprivileged user namespaces (the process is
    then the same user in one of its own, holding capabilities only there, which its children drop).
    False, and nothing changed, where both are refused (a container's default, say). Its current
    folder follows it into the new namespace."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = _libc()
        if libc.unshare(CLONE_NEWNS) != 0 and not _own_user_namespace(libc):
            return False
        # Nothing done below may reach the machine's mounts: no propagation either way.
        if libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) != 0:
            return False
        if not _set_attr(libc):
            _remount_each(libc)
        return all_read_only()
    except (OSError, AttributeError):
        return False


def possible() -> bool:
    """Could a runner started by this process make its mounts read-only? Tried in a short-lived
    interpreter of its own, so that this process keeps the machine's mounts (and no fork of a process
    with threads is needed)."""
    if not sys.platform.startswith("linux"):
        return False
    import subprocess

    try:
        done = subprocess.run(
            [sys.executable, "-I", "-S", os.path.abspath(__file__)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


if __name__ == "__main__":
    sys.exit(0 if make_read_only() else 1)
