"""A seccomp-bpf allow list written by hand (no libseccomp needed), for x86_64 and aarch64.

A sandboxed child may make only the system calls in ALLOWED: reading files it may open (Landlock
decides which), memory, time, randomness, signals of its own, printing, its result pipe and case
socket, and ending. Every other call fails with EPERM: no new processes or threads, no file changes
(modes, owners, times, attributes, links, names), no mounts, clocks, host names, scheduling, sockets,
signals to anyone, tracing, namespaces, user changes, kernel interfaces. clone3 answers ENOSYS instead,
as a C library expects of an unknown call (it then tries clone, which is denied). A call of a foreign
ABI kills the process; an x32 call on x86_64 (bit 30 of its number set) matches no entry: EPERM.

The calls in FILTERED are allowed only with certain arguments: open and openat only for reading,
ioctl only for a few terminal and descriptor requests, fcntl only for commands that change nothing
but the descriptor, prlimit64 only to read its own limits, sched_getaffinity only of itself, madvise
only with the advice an allocator gives (never to evict shared pages), clock_gettime and
clock_nanosleep only on the system's clocks and its own CPU time.

The filter is built once (bytes) and installed per child with one prctl. Self-contained (standard
library only): the sandbox runner loads it without importing the grader.
"""

from __future__ import annotations

import ctypes
import errno
import platform
import struct

AUDIT_ARCH = {"x86_64": 0xC000003E, "aarch64": 0xC00000B7}
RET_ALLOW = 0x7FFF0000
RET_ERRNO = 0x00050000
RET_KILL_PROCESS = 0x80000000
RET_EPERM = RET_ERRNO | errno.EPERM
RET_ENOSYS = RET_ERRNO | errno.ENOSYS
X32_BIT = 0x40000000
CLONE3 = 435  # the same number on both machines

_LD_W_ABS, _JA, _JEQ, _JGE, _JSET, _RET = 0x20, 0x05, 0x15, 0x35, 0x45, 0x06

# The numbers of the allowed calls: arch/x86/entry/syscalls/syscall_64.tbl and, for aarch64,
# include/uapi/asm-generic/unistd.h (which has only the *at and p* forms of the older calls).
ALLOWED: dict[str, dict[str, int]] = {
    "x86_64": {
        # files: opened for reading only (see FILTERED), read, listed, described
        "open": 2, "openat": 257, "close": 3, "read": 0, "pread64": 17, "lseek": 8,
        "getdents64": 217, "readlink": 89, "newfstatat": 262, "fstat": 5, "statx": 332,
        "stat": 4, "lstat": 6,  # what a C library before glibc 2.33 calls for newfstatat's work
        # output: stdout, stderr, the result pipe
        "write": 1, "writev": 20,
        # descriptors
        "dup": 32, "dup2": 33, "dup3": 292, "fcntl": 72, "ioctl": 16,
        "poll": 7, "ppoll": 271, "select": 23, "pselect6": 270,
        # the case socket, already open: requests, answers carrying a memory file (SCM_RIGHTS)
        "sendto": 44, "sendmsg": 46, "recvfrom": 45, "recvmsg": 47,
        "getsockname": 51, "getsockopt": 55,  # socket.socket(fileno=...) asks what the socket is
        # memory (mmap with PROT_EXEC and mprotect: the loader, for extension modules)
        "brk": 12, "mmap": 9, "munmap": 11, "mremap": 25, "mprotect": 10, "madvise": 28,
        # time and randomness
        "clock_gettime": 228, "clock_nanosleep": 230, "nanosleep": 35, "getrandom": 318,
        "restart_syscall": 219,  # how the kernel resumes a sleep interrupted by a stop and continue
        # signals of its own, futexes, the C library's per-thread bookkeeping
        "rt_sigaction": 13, "rt_sigprocmask": 14, "rt_sigreturn": 15, "sigaltstack": 131,
        "futex": 202, "set_robust_list": 273, "rseq": 334, "sched_yield": 24,
        # questions about itself
        "getpid": 39, "gettid": 186, "getppid": 110, "getuid": 102, "geteuid": 107, "getgid": 104,
        "getegid": 108, "uname": 63, "getcwd": 79, "sched_getaffinity": 204,
        "times": 100, "prlimit64": 302,
        # the end
        "exit": 60, "exit_group": 231,
    },
    "aarch64": {
        "openat": 56, "close": 57, "read": 63, "pread64": 67, "lseek": 62,
        "getdents64": 61, "readlinkat": 78, "newfstatat": 79, "fstat": 80, "statx": 291,
        "write": 64, "writev": 66,
        "dup": 23, "dup3": 24, "fcntl": 25, "ioctl": 29, "ppoll": 73, "pselect6": 72,
        "sendto": 206, "sendmsg": 211, "recvfrom": 207, "recvmsg": 212,
        "getsockname": 204, "getsockopt": 209,
        "brk": 214, "mmap": 222, "munmap": 215, "mremap": 216, "mprotect": 226, "madvise": 233,
        "clock_gettime": 113, "clock_nanosleep": 115, "nanosleep": 101, "getrandom": 278,
        "restart_syscall": 128,
        "rt_sigaction": 134, "rt_sigprocmask": 135, "rt_sigreturn": 139, "sigaltstack": 132,
        "futex": 98, "set_robust_list": 99, "rseq": 293, "sched_yield": 124,
        "getpid": 172, "gettid": 178, "getppid": 173, "getuid": 174, "geteuid": 175, "getgid": 176,
        "getegid": 177, "uname": 160, "getcwd": 17, "sched_getaffinity": 123,
        "times": 153, "prlimit64": 261,
        "exit": 93, "exit_group": 94,
    },
}  # fmt: skip

# open(2)/openat(2) flags that write or create: O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND and
# __O_TMPFILE (the same bits on both machines).
OPEN_WRITE_FLAGS = 0o1 | 0o2 | 0o100 | 0o1000 | 0o2000 | 0o20000000
# ioctl requests: TCGETS, TIOCGWINSZ, FIONREAD (isatty and terminal size: questions), FIONCLEX and
# FIOCLEX (a descriptor's close-on-exec flag).
IOCTL_REQUESTS = (0x5401, 0x5413, 0x541B, 0x5450, 0x5451)
# fcntl commands: F_DUPFD, F_GETFD, F_SETFD, F_GETFL, F_DUPFD_CLOEXEC, F_GETPIPE_SZ, F_GET_SEALS.
# Not F_SETFL (a file's status flags are shared with whoever holds the same open file), F_SETOWN,
# F_SETSIG, F_NOTIFY, F_SETLEASE, locks, F_ADD_SEALS, F_SETPIPE_SZ.
FCNTL_COMMANDS = (0, 1, 2, 3, 1030, 1032, 1034)

# madvise advice: MADV_NORMAL, RANDOM, SEQUENTIAL, DONTNEED, FREE (the C library's and numpy's
# allocators), HUGEPAGE, NOHUGEPAGE (numpy's large arrays). Not MADV_PAGEOUT or MADV_COLD, which evict
# a file's pages from the page cache every process shares (a child that owns numpy's files, under a
# grader that is not root, could write bits there for a later child to read), nor WILLNEED, REMOVE,
# the fork, merge, dump and populate advice, or hardware poisoning.
MADVISE_ADVICE = (0, 1, 2, 4, 8, 14, 15)
# futex operations, private ones only (FUTEX_PRIVATE_FLAG 128, with or without FUTEX_CLOCK_REALTIME 256):
# a private futex is keyed on the caller's own memory, so a single-threaded child's C library and
# interpreter have all they use. A shared one is keyed on the file behind a shared mapping: two children
# that map the same file (numpy's own) could wait and wake each other on it, a channel between a child
# in its hidden cases and another still showing what its public cases raise.
FUTEX_OPERATIONS = tuple(op | 128 | clock for clock in (0, 256) for op in range(14))
# mmap flags refused: MAP_HUGETLB (0x40000), pages from the machine's one pool of huge pages, whose
# level two children running at once could read and move (numpy's large arrays ask for transparent huge
# pages through madvise instead).
MMAP_REFUSED_FLAGS = 0x40000
# Clocks a child may read or sleep on: the system's (REALTIME ... TAI, 0 to 11) and its own CPU time
# (PROCESS_CPUTIME_ID 2, THREAD_CPUTIME_ID 3). Not the CPU clock of another process or thread (a
# negative clock id names one), which would show a child when its classmates or the grader run.
CLOCKS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11)

# How a call in FILTERED is checked: (rule, argument, value), every check of a call passing. "none_of":
# none of these bits in the low 32 bits of the argument (the kernel reads an int); "one_of": its low 32
# bits are one of these values (an unsigned int to the kernel); "null": the whole argument is 0 (a
# pointer, or a process id that means the caller itself).
_CHECKS = {
    "open": (("none_of", 1, OPEN_WRITE_FLAGS),),
    "openat": (("none_of", 2, OPEN_WRITE_FLAGS),),
    "ioctl": (("one_of", 1, IOCTL_REQUESTS),),
    "fcntl": (("one_of", 1, FCNTL_COMMANDS),),
    "madvise": (("one_of", 2, MADVISE_ADVICE),),
    "futex": (("one_of", 1, FUTEX_OPERATIONS),),
    "mmap": (("none_of", 3, MMAP_REFUSED_FLAGS),),
    "clock_gettime": (("one_of", 0, CLOCKS),),
    "clock_nanosleep": (("one_of", 0, CLOCKS),),
    # its own limits (pid 0), read, never set (new_limit NULL): not another process's
    "prlimit64": (("null", 0, 0), ("null", 2, 0)),
    "sched_getaffinity": (("null", 0, 0),),  # its own CPUs only
}
FILTERED: dict[str, set[str]] = {
    machine: {name for name in calls if name in _CHECKS} for machine, calls in ALLOWED.items()
}

_NR, _ARCH = 0, 4  # offsets in struct seccomp_data


def _argument(index: int, high: bool = False) -> int:
    """The offset of args[index] in struct seccomp_data (of its high half when `high`), little-endian."""
    return 16 + 8 * index + (4 if high else 0)


def _op(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k & 0xFFFFFFFF)


class _Label:
    """A jump target in a program being laid out: placed by appending it to the rows."""


def _size(rows: list) -> int:
    return sum(not isinstance(row, _Label) for row in rows)


def _search(numbers: list[int], targets: dict, out: list) -> None:
    """Rows deciding on the call number in the accumulator, one of `numbers` (sorted) or not: a binary
    search, so that every system call (and the kernel, when it installs the filter and works out which
    calls it always allows) goes through a few comparisons rather than all. A number whose target is
    None is allowed; one with a label jumps there (a long jump); any other number is denied."""
    if len(numbers) <= 3:
        allow = _Label()
        for number in numbers:
            target = targets[number]
            if target is None:
                out.append([_JEQ, number, allow, 0])
            else:
                out += [[_JEQ, number, 0, 1], [_JA, target, 0, 0]]
        out += [[_RET, RET_EPERM, 0, 0], allow, [_RET, RET_ALLOW, 0, 0]]
        return
    middle = len(numbers) // 2
    lower: list = []
    _search(numbers[:middle], targets, lower)
    upper = _Label()
    if _size(lower) <= 255:  # a conditional jump reaches 255 instructions at most
        out.append([_JGE, numbers[middle], upper, 0])
    else:
        out += [[_JGE, numbers[middle], 0, 1], [_JA, upper, 0, 0]]
    out += lower
    out.append(upper)
    _search(numbers[middle:], targets, out)


def _check(checks: tuple, out: list) -> None:
    """Rows allowing the call when each of its `checks` (rule, argument index, value) passes, denying
    it otherwise."""
    allow, deny = _Label(), _Label()
    for position, (rule, index, value) in enumerate(checks):
        passed = allow if position == len(checks) - 1 else _Label()
        out.append([_LD_W_ABS, _argument(index), 0, 0])
        if rule == "none_of":
            out.append([_JSET, value, deny, passed])
        elif rule == "one_of":
            out += [[_JEQ, item, passed, 0] for item in value]
            out.append([_JA, deny, 0, 0])  # none of them
        else:  # "null"
            out += [
                [_JEQ, 0, 0, deny],
                [_LD_W_ABS, _argument(index, high=True), 0, 0],
                [_JEQ, 0, passed, deny],
            ]
        if passed is not allow:
            out.append(passed)
    out += [deny, [_RET, RET_EPERM, 0, 0], allow, [_RET, RET_ALLOW, 0, 0]]


def _assemble(rows: list) -> bytes:
    """Bytes of [code, k, jt, jf] rows and labels; jump targets are labels or instruction counts."""
    where: dict[int, int] = {}
    count = 0
    for row in rows:
        if isinstance(row, _Label):
            where[id(row)] = count
        else:
            count += 1

    def offset(index: int, target, limit: int = 255) -> int:
        distance = where[id(target)] - index - 1 if isinstance(target, _Label) else target
        if not 0 <= distance <= limit:  # classic BPF jumps only forward, conditional ones 255 at most
            raise ValueError(f"a jump of {distance} instructions")
        return distance

    program = []
    for code, k, jt, jf in (row for row in rows if not isinstance(row, _Label)):
        index = len(program)
        if code == _JA:
            program.append(_op(code, offset(index, k, 0xFFFFFFFF)))
        else:
            program.append(_op(code, k, offset(index, jt), offset(index, jf)))
    return b"".join(program)


def build_filter(machine: str | None = None) -> bytes | None:
    """The BPF program for this machine, or None where it is not supported."""
    machine = machine or platform.machine()
    if machine not in ALLOWED:
        return None
    rows: list = [
        [_LD_W_ABS, _ARCH, 0, 0],
        [_JEQ, AUDIT_ARCH[machine], 1, 0],
        [_RET, RET_KILL_PROCESS, 0, 0],  # a foreign system-call ABI
        [_LD_W_ABS, _NR, 0, 0],
    ]
    checks = {name: _Label() for name in sorted(FILTERED[machine])}
    targets: dict = {number: checks.get(name) for name, number in ALLOWED[machine].items()}
    enosys = _Label()
    targets[CLONE3] = enosys
    _search(sorted(targets), targets, rows)
    for name, label in checks.items():
        rows.append(label)
        _check(_CHECKS[name], rows)
    rows += [enosys, [_RET, RET_ENOSYS, 0, 0]]
    return _assemble(rows)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2


class Installer:
    """Everything install() needs, made ready in the runner (the prctl function looked up, the program
    and the pointer to it built): a child only calls prctl."""

    def __init__(self, program: bytes) -> None:
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.prctl = self.libc.prctl
        self.buffer = ctypes.create_string_buffer(program, len(program))
        self.fprog = _SockFprog(len(program) // 8, ctypes.cast(self.buffer, ctypes.c_void_p))
        self.pointer = ctypes.byref(self.fprog)

    def __call__(self, no_new_privs: bool = True) -> None:
        """Install the filter in this process (irreversible); raises OSError on failure. Without
        `no_new_privs` the caller has already set PR_SET_NO_NEW_PRIVS."""
        if no_new_privs and self.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
        if self.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, self.pointer, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")


def install(program: bytes) -> None:
    """Install the filter in this process (irreversible); raises OSError on failure."""
    Installer(program)()
