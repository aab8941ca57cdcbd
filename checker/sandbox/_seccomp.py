"""A seccomp-bpf deny-list written by hand (no libseccomp needed), for x86_64 and aarch64.

Denied with EPERM: new processes (fork, vfork, clone without CLONE_THREAD, execve), sockets, signals
to anyone (kill, tgkill, ...), tracing and reading other processes' memory, raising resource limits,
namespaces and mounts, kernel modules, bpf, perf, userfaultfd, io_uring, keyrings, TIOCSTI. clone3
answers ENOSYS so that the C library falls back to clone, which is checked. Everything else is allowed:
numpy works unchanged. The filter is built once (bytes) and installed per child with one prctl.

Self-contained (standard library only): the sandbox runner loads it without importing the grader.
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
CLONE_THREAD = 0x00010000
TIOCSTI = 0x5412
X32_BIT = 0x40000000

_LD_W_ABS, _JA, _JEQ, _JGE, _JSET, _RET = 0x20, 0x05, 0x15, 0x35, 0x45, 0x06

DENIED = {
    "x86_64": {
        "fork": 57, "vfork": 58, "execve": 59, "execveat": 322,
        "socket": 41, "connect": 42, "accept": 43, "bind": 49, "listen": 50, "socketpair": 53, "accept4": 288,
        "kill": 62, "tkill": 200, "tgkill": 234, "rt_sigqueueinfo": 129, "rt_tgsigqueueinfo": 297,
        "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "kcmp": 312,
        "pidfd_open": 434, "pidfd_send_signal": 424, "pidfd_getfd": 438,
        "setrlimit": 160, "prlimit64": 302,
        "unshare": 272, "setns": 308, "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161,
        "bpf": 321, "perf_event_open": 298, "userfaultfd": 323,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "keyctl": 250, "add_key": 248, "request_key": 249,
        "init_module": 175, "finit_module": 313, "delete_module": 176, "kexec_load": 246, "reboot": 169,
        "personality": 135, "open_by_handle_at": 304, "move_pages": 279, "migrate_pages": 256,
        "syslog": 103, "iopl": 172, "ioperm": 173,
    },
    "aarch64": {
        "execve": 221, "execveat": 281,
        "socket": 198, "socketpair": 199, "bind": 200, "listen": 201, "accept": 202, "connect": 203, "accept4": 242,
        "kill": 129, "tkill": 130, "tgkill": 131, "rt_sigqueueinfo": 138, "rt_tgsigqueueinfo": 240,
        "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "kcmp": 272,
        "pidfd_open": 434, "pidfd_send_signal": 424, "pidfd_getfd": 438,
        "setrlimit": 164, "prlimit64": 261,
        "unshare": 97, "setns": 268, "mount": 40, "umount2": 39, "pivot_root": 41, "chroot": 51,
        "bpf": 280, "perf_event_open": 241, "userfaultfd": 282,
        "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
        "keyctl": 219, "add_key": 217, "request_key": 218,
        "init_module": 105, "finit_module": 273, "delete_module": 106, "kexec_load": 104, "reboot": 142,
        "personality": 92, "open_by_handle_at": 265, "move_pages": 239, "migrate_pages": 238, "syslog": 116,
    },
}  # fmt: skip
CLONE = {"x86_64": 56, "aarch64": 220}
CLONE3 = 435
IOCTL = {"x86_64": 16, "aarch64": 29}


def _op(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("HBBI", code, jt, jf, k & 0xFFFFFFFF)


class _Label:
    """A jump target in a program being laid out; `at` is its index once placed."""

    at = -1


def _search(numbers: list[int], found: _Label, missing: _Label, out: list) -> None:
    """Instructions jumping to `found` when the accumulator is one of `numbers` (sorted), else to
    `missing`: a binary search, so that every system call (and the kernel, when it installs the filter
    and works out which calls it always allows) goes through a few comparisons rather than all."""
    if len(numbers) <= 3:
        out += [[_JEQ, number, found, None] for number in numbers]
        out.append([_JA, missing, None, None])
        return
    middle = len(numbers) // 2
    upper = _Label()
    out.append([_JGE, numbers[middle], upper, None])
    _search(numbers[:middle], found, missing, out)
    upper.at = len(out)
    _search(numbers[middle:], found, missing, out)


def _assemble(out: list) -> bytes:
    """Bytes of [code, k, jt, jf] rows whose targets may be labels (None: the next instruction)."""

    def offset(index: int, target: _Label | int | None, limit: int = 255) -> int:
        distance = target.at - index - 1 if isinstance(target, _Label) else target or 0
        if not 0 <= distance <= limit:  # classic BPF jumps only forward, conditional ones 255 at most
            raise ValueError(f"a jump of {distance} instructions")
        return distance

    program = []
    for index, (code, k, jt, jf) in enumerate(out):
        if code == _JA:
            program.append(_op(code, offset(index, k, 0xFFFFFFFF)))
        else:
            program.append(_op(code, k, offset(index, jt), offset(index, jf)))
    return b"".join(program)


def build_filter(machine: str | None = None) -> bytes | None:
    """The BPF program for this machine, or None where it is not supported."""
    machine = machine or platform.machine()
    if machine not in DENIED:
        return None
    eperm = RET_ERRNO | errno.EPERM
    out: list = [
        [_LD_W_ABS, 4, None, None],  # seccomp_data.arch
        [_JEQ, AUDIT_ARCH[machine], 1, 0],
        [_RET, RET_KILL_PROCESS, None, None],  # a foreign system-call ABI
        [_LD_W_ABS, 0, None, None],  # seccomp_data.nr
    ]
    if machine == "x86_64":
        out += [[_JGE, X32_BIT, 0, 1], [_RET, eperm, None, None]]  # the x32 ABI
    denied, other = _Label(), _Label()
    _search(sorted(DENIED[machine].values()), denied, other, out)
    denied.at = len(out)
    out.append([_RET, eperm, None, None])
    other.at = len(out)
    out += [
        [_JEQ, CLONE3, 0, 1],
        [_RET, RET_ERRNO | errno.ENOSYS, None, None],
        [_JEQ, CLONE[machine], 0, 4],
        [_LD_W_ABS, 16, None, None],  # the low half of args[0]: the clone flags
        [_JSET, CLONE_THREAD, 1, 0],
        [_RET, eperm, None, None],  # a new process
        [_RET, RET_ALLOW, None, None],  # a thread
        [_JEQ, IOCTL[machine], 0, 4],
        [_LD_W_ABS, 24, None, None],  # the low half of args[1]: the request
        [_JEQ, TIOCSTI, 0, 1],
        [_RET, eperm, None, None],
        [_RET, RET_ALLOW, None, None],
        [_RET, RET_ALLOW, None, None],  # everything else
    ]
    return _assemble(out)


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
