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

_LD_W_ABS, _JEQ, _JGE, _JSET, _RET = 0x20, 0x15, 0x35, 0x45, 0x06

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


def build_filter(machine: str | None = None) -> bytes | None:
    """The BPF program for this machine, or None where it is not supported."""
    machine = machine or platform.machine()
    if machine not in DENIED:
        return None
    eperm = RET_ERRNO | errno.EPERM
    prog = [
        _op(_LD_W_ABS, 4),  # seccomp_data.arch
        _op(_JEQ, AUDIT_ARCH[machine], 1, 0),
        _op(_RET, RET_KILL_PROCESS),  # a foreign system-call ABI
        _op(_LD_W_ABS, 0),  # seccomp_data.nr
    ]
    if machine == "x86_64":
        prog += [_op(_JGE, X32_BIT, 0, 1), _op(_RET, eperm)]  # the x32 ABI
    for number in sorted(DENIED[machine].values()):
        prog += [_op(_JEQ, number, 0, 1), _op(_RET, eperm)]
    prog += [_op(_JEQ, CLONE3, 0, 1), _op(_RET, RET_ERRNO | errno.ENOSYS)]
    prog += [
        _op(_JEQ, CLONE[machine], 0, 4),
        _op(_LD_W_ABS, 16),  # the low half of args[0]: the clone flags
        _op(_JSET, CLONE_THREAD, 1, 0),
        _op(_RET, eperm),  # a new process
        _op(_RET, RET_ALLOW),  # a thread
        _op(_JEQ, IOCTL[machine], 0, 4),
        _op(_LD_W_ABS, 24),  # the low half of args[1]: the request
        _op(_JEQ, TIOCSTI, 0, 1),
        _op(_RET, eperm),
        _op(_RET, RET_ALLOW),
        _op(_RET, RET_ALLOW),  # everything else
    ]
    return b"".join(prog)


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2


class Installer:
    """Everything install() needs, made ready in the runner: a child only calls prctl twice."""

    def __init__(self, program: bytes) -> None:
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.buffer = ctypes.create_string_buffer(program, len(program))
        self.fprog = _SockFprog(len(program) // 8, ctypes.cast(self.buffer, ctypes.c_void_p))

    def __call__(self) -> None:
        """Install the filter in this process (irreversible); raises OSError on failure."""
        if self.libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
        if self.libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(self.fprog), 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")


def install(program: bytes) -> None:
    """Install the filter in this process (irreversible); raises OSError on failure."""
    Installer(program)()
