"""A private view of the machine's mounts for the children: every mount read-only, and no kernel file
system (/proc, /sys and their kind) in reach.

- On a mount that records access times (`relatime`, the usual default), a read can move a file's access
  time and following a symbolic link can move the link's: marks that any later child may read back
  with `stat`, a signal from a child that has seen hidden inputs to one that has not. A read-only
  mount moves no time.
- The kernel's own file systems make an inode the first time a path is looked up, stamped with that
  moment (sysfs, procfs and the others on kernfs): a bare `stat` is then a write another child reads
  back. /proc also shows other processes (how many descriptors each holds) and reopens a child's own
  descriptors without the flags it was given. Each is covered by an empty read-only tmpfs.

A runner makes this view for itself, after reading what it needs of /proc (and keeping a descriptor of
/proc for the rest), so its zygote and every child inherit it. It needs the right to make a mount
namespace: root with CAP_SYS_ADMIN (bubblewrap keeps it for a root runner), or any user in a user
namespace of its own where the kernel allows one. The machine's mounts are never touched: every
change is made in the namespace's own copies, none shared back. The runner's open descriptors and
the grader's keep working through the machine's mounts.

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
EMPTY = b"size=4k,nr_inodes=1,mode=0555"  # the tmpfs that covers a kernel file system
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


def mounts(text: str | None = None) -> list[tuple[str, set[str], str]]:
    """(mount point, its own options, its file system type) for each mount this process sees, in
    mountinfo's order (a mount before what is mounted on or below it)."""
    if text is None:
        with open(MOUNTINFO, encoding="utf-8", errors="surrogateescape") as handle:
            text = handle.read()
    found = []
    for line in text.splitlines():
        left, _, right = line.partition(" - ")
        fields = left.split(" ")
        if len(fields) >= 6:
            found.append((_unescape(fields[4]), set(fields[5].split(",")), right.split(" ")[0]))
    return found


def all_read_only(text: str | None = None) -> bool:
    """Every mount this process can reach is read-only (and there is at least one)."""
    try:
        seen = mounts(text)
    except OSError:
        return False
    top = {point: options for point, options, _ in seen}  # one hidden under a later one is out of reach
    return bool(top) and all("ro" in options for options in top.values())


# File systems whose inodes the kernel makes when a path is first looked up, stamped with that time, or
# whose lookups reach beyond the process (an automount): none is left in a child's reach.
KERNEL_FILE_SYSTEMS = frozenset((
    "proc", "sysfs", "cgroup", "cgroup2", "configfs", "debugfs", "tracefs", "securityfs", "bpf",
    "efivarfs", "pstore", "binfmt_misc", "fusectl", "autofs", "rpc_pipefs", "nfsd", "selinuxfs",
    "smackfs", "nsfs",
))  # fmt: skip


def _inside(path: str, folder: str) -> bool:
    return folder == "/" or path == folder or path.startswith(folder.rstrip("/") + "/")


def kernel_mounts(text: str | None = None) -> list[str]:
    """The points to cover so that no kernel file system is in reach: the highest of them (what is
    mounted below a covered point goes with it), /proc and /sys always among them where they exist."""
    points = {point for point, _, kind in mounts(text) if kind in KERNEL_FILE_SYSTEMS}
    points |= {p for p in ("/proc", "/sys") if os.path.isdir(p)}
    highest: list[str] = []
    for point in sorted(points, key=lambda p: (p.count("/"), p)):
        if not any(_inside(point, other) for other in highest):
            highest.append(point)
    return highest


def kernel_files_hidden(text: str | None = None) -> bool:
    """Every kernel file system this process's mountinfo lists lies under a point whose top mount is
    an empty read-only tmpfs, /proc and /sys among them."""
    try:
        seen = mounts(text)
    except OSError:
        return False
    top = {point: (options, kind) for point, options, kind in seen}
    covers = [p for p, (options, kind) in top.items() if kind == "tmpfs" and "ro" in options]

    def covered(point: str) -> bool:
        return any(_inside(point, c) for c in covers if c != "/")

    kernel = {point for point, _, kind in seen if kind in KERNEL_FILE_SYSTEMS}
    kernel |= {p for p in ("/proc", "/sys") if os.path.isdir(p)}
    return all(covered(point) for point in kernel)


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _set_attr(libc) -> bool:
    """Linux ≥ 5.12: every mount below / read-only in one call."""
    attr = _MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)
    call = libc.syscall
    return call(SYS_MOUNT_SETATTR, AT_FDCWD, b"/", AT_RECURSIVE, ctypes.byref(attr), ctypes.sizeof(attr)) == 0


def _remount_each(libc, proc: int | None = None) -> None:
    """Older kernels: each mount read-only in turn, keeping its other options (one that cannot be
    changed, a locked one say, is left: all_read_only then says so)."""
    for point, options, _ in mounts(_mountinfo(proc) if proc is not None else None):
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


def _private_namespace(libc) -> bool:
    """Move this process into a mount namespace of its own, none of whose changes reach the machine."""
    if libc.unshare(CLONE_NEWNS) != 0 and not _own_user_namespace(libc):
        return False
    return libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) == 0


def _cover(libc, points: list[str]) -> None:
    for point in points:
        flags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC
        libc.mount(b"tmpfs", os.fsencode(point), b"tmpfs", flags, EMPTY)


PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}  # no C library wrapper
MNT_DETACH = 2


def _minimal(keep: dict[str, str]) -> list[str]:
    """The paths of `keep` (where each appears in the new root → what is bound there) without those
    inside another that is a folder (they come with it)."""
    kept: list[str] = []
    for path in sorted(keep, key=lambda p: (p.count("/"), p)):
        if os.path.lexists(keep[path]) and not any(os.path.isdir(keep[k]) and _inside(path, k) for k in kept):
            kept.append(path)
    return kept


def aliases(real: list[str], given: list[str]) -> dict[str, str]:
    """What a new root holds: each of `real` (real paths) at its own path, and again at every path of
    `given` (the folders imports look in, as the interpreter was given them) that reaches it through a
    symbolic link: a module is looked for where sys.path says, not where it really lies."""
    keep = {path: path for path in real}
    for alias in given:
        alias = os.path.abspath(alias)
        target = os.path.realpath(alias)
        if alias == target:
            continue
        for path in real:
            if _inside(path, target):
                keep[alias + path[len(target) :]] = path
    return keep


def _bind(libc, source: str, target: str) -> None:
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o600))
    if libc.mount(os.fsencode(source), os.fsencode(target), None, MS_BIND, None) != 0:
        raise OSError(ctypes.get_errno(), f"cannot bind {source}")


def _only(libc, keep: dict[str, str], folder: str) -> bool:
    """Make a new root holding only `keep` (each path → the machine's path bound there) and `folder`
    (the process's working folder, empty), and move this process into it; False, with nothing
    changed, where any step fails. The new root is built in a tmpfs laid over `folder`."""
    number = PIVOT_ROOT.get(os.uname().machine)
    if number is None:
        return False
    real = os.open(folder, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)  # the folder, once covered
    try:
        if libc.mount(b"tmpfs", os.fsencode(folder), b"tmpfs", MS_NOSUID, b"mode=0755") != 0:
            return False
        try:
            for path in _minimal(keep):  # none inside another: each mount point is made in the tmpfs
                if not _inside(path, folder):
                    _bind(libc, keep[path], folder + path)
            _bind(libc, f"/proc/self/fd/{real}", folder + folder)
            os.mkdir(folder + "/.old", 0o700)
            if libc.syscall(number, os.fsencode(folder), os.fsencode(folder + "/.old")) != 0:
                raise OSError(ctypes.get_errno(), "pivot_root failed")
        except OSError:
            libc.umount2(os.fsencode(folder), MNT_DETACH)
            return False
        os.chdir("/")
        if libc.umount2(b"/.old", MNT_DETACH) == 0:  # else the machine's root stays below /.old:
            os.rmdir("/.old")  # _only_kept then finds its mounts, and says the root did not hold
        return True
    finally:
        os.close(real)


def isolate(
    proc: int | None = None, keep: dict[str, str] | None = None, folder: str | None = None
) -> tuple[bool, bool, bool]:
    """Give this process (and every process it forks from now on) a mount namespace of its own in which
    every mount is read-only and no kernel file system (/proc, /sys and their kind) is in reach; with
    `keep` (path in the new root → the machine's path bound there: `aliases`) and `folder`, a root
    holding only those and the empty `folder`, so that nothing else on the machine can even be looked up. (every mount read-only,
    kernel file systems hidden, only `keep` in view), each as read back.

    Where the new root cannot be made, every kernel file system is covered by an empty read-only tmpfs
    instead. `proc`: a descriptor of /proc opened before, through which mountinfo is read once /proc
    is out of reach (without one, whether it held is not known: False). Needs the right to make a
    mount namespace: root with CAP_SYS_ADMIN, or any user where the kernel allows unprivileged user
    namespaces (the process is then the same user in one of its own, holding capabilities only there,
    which its children drop). Where neither is allowed (a container's default, say) nothing is
    changed: (whether every mount already is read-only, False, False). Must come before the process
    makes itself non-dumpable, which would give its /proc files to root."""
    if not sys.platform.startswith("linux"):
        return False, False, False
    try:
        libc = _libc()
        if not _private_namespace(libc):
            return all_read_only(), False, False
        points = kernel_mounts()
        only = bool(keep and folder) and proc is not None and _only(libc, keep, folder)
        if not _set_attr(libc):
            _remount_each(libc, proc)
        if not only:
            _cover(libc, points)
        if proc is None:
            return all_read_only(), False, False
        text = _mountinfo(proc)
        return all_read_only(text), kernel_files_hidden(text), only and _only_kept(text, keep, folder)
    except (OSError, AttributeError):
        return False, False, False


def _mountinfo(proc: int) -> str:
    info = os.open("self/mountinfo", os.O_RDONLY | os.O_CLOEXEC, dir_fd=proc)
    try:
        chunks = []
        while chunk := os.read(info, 1 << 16):
            chunks.append(chunk)
    finally:
        os.close(info)
    return b"".join(chunks).decode("utf-8", "surrogateescape")


def _only_kept(text: str, keep: dict[str, str], folder: str) -> bool:
    """Every mount in view is the new root or one of the kept paths (or the folder)."""
    allowed = {"/", folder, *_minimal(keep)}
    return all(point in allowed for point, _, _ in mounts(text))


def possible() -> bool:
    """Could a runner started by this process give its children a root of their own (every mount
    read-only, no kernel file system, nothing but what they need)? Tried in a short-lived interpreter
    of its own, so that this process keeps the machine's mounts (and no fork of a process with threads
    is needed)."""
    if not sys.platform.startswith("linux"):
        return False
    import subprocess
    import tempfile

    try:
        folder = tempfile.mkdtemp(prefix="lstm-quiz-probe-")
    except OSError:  # no temporary folder: the runners could not start here either
        return False
    try:
        done = subprocess.run(
            [sys.executable, "-I", "-S", os.path.abspath(__file__), folder],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    finally:
        try:
            os.rmdir(folder)
        except OSError:
            pass
    return done.returncode == 0


if __name__ == "__main__":
    _proc = os.open("/proc", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    _here = os.path.realpath(os.path.dirname(os.__file__))
    _keep = aliases([_here, *(p for p in ("/dev/null",) if os.path.exists(p))], sys.path)
    sys.exit(0 if all(isolate(_proc, _keep, os.path.realpath(sys.argv[1]))) else 1)
