"""The seccomp allow list: what the filter decides for each system call (a small classic-BPF
emulator), a survey of every call number made by a real sandboxed child, and what a submission can
and cannot still do."""

from __future__ import annotations

import errno
import functools
import json
import os
import platform
import re
import shutil
import stat
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from checker.sandbox import _seccomp, client

MACHINES = sorted(_seccomp.ALLOWED)
EPERM = _seccomp.RET_ERRNO | errno.EPERM
ENOSYS = _seccomp.RET_ERRNO | errno.ENOSYS
ALLOW, KILL = _seccomp.RET_ALLOW, _seccomp.RET_KILL_PROCESS
MINUS_ONE = (1 << 64) - 1  # an argument of -1, as the kernel hands it over
ON_X86_64_LINUX = sys.platform.startswith("linux") and platform.machine() == "x86_64"
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="seccomp is Linux's")

# Calls a submission must never make, with their numbers (the aarch64 table has no fork, unlink or
# mkdir: only their *at forms).
DANGEROUS = {
    "x86_64": {
        "fchmodat": 268, "fchownat": 260, "utimensat": 280, "setxattr": 188, "mount": 165,
        "fsopen": 430, "move_mount": 429, "mount_setattr": 442, "clock_settime": 227,
        "settimeofday": 164, "adjtimex": 159, "sethostname": 170, "sched_setscheduler": 144,
        "setpriority": 141, "fanotify_init": 300, "inotify_init1": 294, "setsid": 112, "setpgid": 109,
        "prctl": 157, "kill": 62, "tgkill": 234, "clone": 56, "fork": 57, "execve": 59, "socket": 41,
        "unlink": 87, "mkdir": 83, "memfd_create": 319, "ptrace": 101, "unshare": 272, "setresuid": 117,
        "creat": 85, "chmod": 90, "pkey_mprotect": 329, "openat2": 437, "pipe2": 293,
        "getrusage": 98,  # its major faults say which pages of a file were cached: a later child's mark
    },
    "aarch64": {
        "fchmodat": 53, "fchownat": 54, "utimensat": 88, "setxattr": 5, "mount": 40, "fsopen": 430,
        "move_mount": 429, "mount_setattr": 442, "clock_settime": 112, "settimeofday": 170,
        "adjtimex": 171, "sethostname": 161, "sched_setscheduler": 119, "setpriority": 140,
        "fanotify_init": 262, "inotify_init1": 26, "setsid": 157, "setpgid": 154, "prctl": 167,
        "kill": 129, "tgkill": 131, "clone": 220, "execve": 221, "socket": 198, "unlinkat": 35,
        "mkdirat": 34, "memfd_create": 279, "ptrace": 117, "unshare": 97, "setresuid": 147,
        "pkey_mprotect": 288, "openat2": 437, "pipe2": 59, "getrusage": 165,
    },
}  # fmt: skip

O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND, __O_TMPFILE = 0o1, 0o2, 0o100, 0o1000, 0o2000, 0o20000000
O_CLOEXEC, O_NONBLOCK, O_DIRECTORY = 0o2000000, 0o4000, {"x86_64": 0o200000, "aarch64": 0o40000}
TCGETS, TIOCGWINSZ, FIONREAD, FIONCLEX, FIOCLEX = 0x5401, 0x5413, 0x541B, 0x5450, 0x5451
TIOCSTI, FS_IOC_SETFLAGS, TIOCSCTTY = 0x5412, 0x40086602, 0x540E
SAFE_FCNTL = (0, 1, 2, 3, 1030, 1032, 1034)  # F_DUPFD ... F_GET_SEALS
UNSAFE_FCNTL = (4, 5, 6, 7, 8, 10, 1024, 1026, 1031, 1033)  # F_SETFL, locks, F_SETOWN, F_SETSIG, leases, ...


# -- the filter, emulated -----------------------------------------------------------------------------


def emulate(program: bytes, nr: int, arch: int, args: tuple[int, ...] = ()) -> tuple[int, int]:
    """Run a classic BPF seccomp program on one call: (its action, how many instructions ran). Only
    the instructions a filter of ours may hold are known: LD W ABS, JEQ/JGE/JSET K, JA, RET K."""
    args = tuple(args) + (0,) * (6 - len(args))
    data = struct.pack("<iIQ6Q", nr, arch, 0, *(a & MINUS_ONE for a in args))  # struct seccomp_data
    rows = [struct.unpack("HBBI", program[i : i + 8]) for i in range(0, len(program), 8)]
    accumulator, pc = 0, 0
    for steps in range(1, len(rows) + 1):  # jumps go forward only: no program runs longer
        code, jt, jf, k = rows[pc]
        pc += 1
        if code == _seccomp._LD_W_ABS:
            assert k % 4 == 0 and k + 4 <= len(data), k
            accumulator = struct.unpack_from("<I", data, k)[0]
        elif code == _seccomp._RET:
            return k, steps
        elif code == _seccomp._JA:
            pc += k
        elif code in (_seccomp._JEQ, _seccomp._JGE, _seccomp._JSET):
            taken = {
                _seccomp._JEQ: accumulator == k,
                _seccomp._JGE: accumulator >= k,
                _seccomp._JSET: bool(accumulator & k),
            }[code]
            pc += jt if taken else jf
        else:
            raise AssertionError(f"an unknown instruction {code:#x}")
        assert pc < len(rows), "a jump past the end"
    raise AssertionError("the program ran off its end")


def benign(machine: str, name: str) -> tuple[int, ...]:
    """Arguments with which an allowed call must be allowed."""
    return {
        "open": (0, O_CLOEXEC),
        "openat": (-100, 0, O_CLOEXEC | O_DIRECTORY[machine]),
        "ioctl": (1, TCGETS),
        "fcntl": (3, 1030),
        "futex": (0, 129),  # FUTEX_WAKE_PRIVATE
        "mmap": (0, 4096, 3, 0x22),  # PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS
    }.get(name, ())


@pytest.fixture(params=MACHINES)
def machine(request):
    return request.param


@functools.cache
def program_for(machine: str) -> bytes:
    return _seccomp.build_filter(machine)


def decide(machine: str, nr: int, args: tuple[int, ...] = (), arch: int | None = None) -> int:
    program = program_for(machine)
    return emulate(program, nr, _seccomp.AUDIT_ARCH[machine] if arch is None else arch, args)[0]


def test_the_tables_are_consistent(machine):
    allowed = _seccomp.ALLOWED[machine]
    assert len(set(allowed.values())) == len(allowed)  # no number twice
    assert _seccomp.FILTERED[machine] <= set(allowed)
    assert _seccomp.CLONE3 not in allowed.values()
    assert not set(DANGEROUS[machine]) & set(allowed)
    assert not set(DANGEROUS[machine].values()) & set(allowed.values())
    assert _seccomp.build_filter("sparc64") is None


def test_both_machines_allow_the_same_calls():
    """aarch64 lacks the older x86_64 calls: it has only their *at and p* forms."""
    x86_64, aarch64 = set(_seccomp.ALLOWED["x86_64"]), set(_seccomp.ALLOWED["aarch64"])
    assert x86_64 - aarch64 == {"open", "stat", "lstat", "poll", "select", "dup2", "readlink"}
    assert aarch64 - x86_64 == {"readlinkat"}
    assert _seccomp.FILTERED["x86_64"] - _seccomp.FILTERED["aarch64"] == {"open"}


def test_every_allowed_call_is_allowed_and_nothing_else(machine):
    program = _seccomp.build_filter(machine)
    assert len(program) % 8 == 0 and len(program) // 8 <= 4096  # BPF_MAXINSNS
    arch = _seccomp.AUDIT_ARCH[machine]
    allowed = _seccomp.ALLOWED[machine]
    filtered = {allowed[name] for name in _seccomp.FILTERED[machine]}
    by_number = {number: name for name, number in allowed.items()}
    longest = 0
    for nr in [*range(1024), _seccomp.X32_BIT, _seccomp.X32_BIT + 1, 0x7FFFFFFF, -1]:
        name = by_number.get(nr)
        action, steps = emulate(program, nr, arch, benign(machine, name) if name else ())
        longest = max(longest, steps)
        hostile, _ = emulate(program, nr, arch, (MINUS_ONE,) * 6)
        if nr == _seccomp.CLONE3:
            assert action == hostile == ENOSYS
        elif name is None:
            assert action == hostile == EPERM, nr
        else:
            assert action == ALLOW, name
            assert hostile == (EPERM if nr in filtered else ALLOW), name
    assert longest < 30  # a binary search, not one comparison per allowed call


def test_dangerous_calls_are_denied(machine):
    for name, nr in DANGEROUS[machine].items():
        for args in ((), (0, 0, 0), (MINUS_ONE,) * 6, (0, 0x11)):
            assert decide(machine, nr, args) == EPERM, name


def test_a_foreign_abi_is_killed_and_x32_denied(machine):
    arch = _seccomp.AUDIT_ARCH[machine]
    for other in (0x40000003, 0xC000003E ^ 0x80000000, 0xC00000B7, 0xC000003E, 0):
        if other == arch:
            continue
        for nr in (0, 1, 63, 64, _seccomp.ALLOWED[machine]["read"], _seccomp.CLONE3):
            assert decide(machine, nr, arch=other) == KILL
    if machine == "x86_64":
        for nr in (0, 1, 2, 39, 60, 231, 257, 512, 545):  # x32 numbers: bit 30 set
            assert decide(machine, _seccomp.X32_BIT | nr) == EPERM


def test_clone3_answers_enosys(machine):
    assert decide(machine, _seccomp.CLONE3) == ENOSYS
    assert decide(machine, _seccomp.CLONE3, (MINUS_ONE, 88)) == ENOSYS


def test_files_are_opened_for_reading_only(machine):
    names = ["openat"] + (["open"] if machine == "x86_64" else [])
    for name in names:
        nr = _seccomp.ALLOWED[machine][name]
        flags_at = 1 if name == "open" else 2

        def opened(flags: int, nr=nr, flags_at=flags_at) -> int:
            args = [-100, 0x1000, 0, 0]
            args[flags_at] = flags
            return decide(machine, nr, tuple(args))

        for flags in (0, O_CLOEXEC, O_DIRECTORY[machine] | O_CLOEXEC | O_NONBLOCK, (1 << 32) | O_CLOEXEC):
            assert opened(flags) == ALLOW, (name, oct(flags))
        writing = (O_WRONLY, O_RDWR, O_WRONLY | O_RDWR, O_CREAT, O_TRUNC, O_APPEND, __O_TMPFILE)
        for flags in (*writing, __O_TMPFILE | O_DIRECTORY[machine]):  # the second: O_TMPFILE
            assert opened(flags) == EPERM, (name, oct(flags))
            assert opened(flags | O_CLOEXEC) == EPERM, (name, oct(flags))
        assert opened(-1) == EPERM
    if machine == "x86_64":
        assert decide(machine, 85, (0, 0o644)) == EPERM  # creat


def test_only_harmless_ioctls(machine):
    nr = _seccomp.ALLOWED[machine]["ioctl"]
    for request in (TCGETS, TIOCGWINSZ, FIONREAD, FIONCLEX, FIOCLEX, (0xFFFFFFFF << 32) | TCGETS):
        assert decide(machine, nr, (1, request)) == ALLOW, hex(request)
    for request in (FS_IOC_SETFLAGS, TIOCSTI, TIOCSCTTY, 0, 0x5402, 0x541C, 0x80086601, MINUS_ONE):
        assert decide(machine, nr, (1, request)) == EPERM, hex(request)


def test_only_descriptor_fcntls(machine):
    nr = _seccomp.ALLOWED[machine]["fcntl"]
    for command in SAFE_FCNTL:
        assert decide(machine, nr, (3, command, 0)) == ALLOW, command
    for command in (*UNSAFE_FCNTL, MINUS_ONE):
        assert decide(machine, nr, (3, command, 0)) == EPERM, command


def test_resource_limits_are_read_not_set(machine):
    nr = _seccomp.ALLOWED[machine]["prlimit64"]
    assert decide(machine, nr, (0, 9, 0, 0x7FFF0000)) == ALLOW
    for new_limit in (0x7FFF0000, 1 << 32, 1, MINUS_ONE):
        assert decide(machine, nr, (0, 9, new_limit, 0)) == EPERM, hex(new_limit)


def test_resource_limits_and_cpus_of_another_process_are_not_read(machine):
    limits, cpus = _seccomp.ALLOWED[machine]["prlimit64"], _seccomp.ALLOWED[machine]["sched_getaffinity"]
    assert decide(machine, cpus, (0, 128, 0x7FFF0000)) == ALLOW
    for pid in (1, 4242, 1 << 32, MINUS_ONE):
        assert decide(machine, limits, (pid, 9, 0, 0x7FFF0000)) == EPERM, pid
        assert decide(machine, cpus, (pid, 128, 0x7FFF0000)) == EPERM, pid


MADV_PAGEOUT, MADV_COLD, MADV_WILLNEED, MADV_REMOVE, MADV_DONTFORK, MADV_HUGEPAGE = 21, 20, 3, 9, 10, 14


def test_memory_advice_never_evicts_shared_pages(machine):
    """madvise as the allocators use it, never MADV_PAGEOUT or MADV_COLD: they evict a file's pages from
    the page cache all processes share, where one child could leave bits for another to time."""
    nr = _seccomp.ALLOWED[machine]["madvise"]
    for advice in (0, 4, 8, MADV_HUGEPAGE, 15, (1 << 32) | 4):
        assert decide(machine, nr, (0x1000, 0x1000, advice)) == ALLOW, advice
    for advice in (MADV_PAGEOUT, MADV_COLD, MADV_WILLNEED, MADV_REMOVE, MADV_DONTFORK, 12, 18, 22, 23, 100):
        assert decide(machine, nr, (0x1000, 0x1000, advice)) == EPERM, advice


def test_futexes_are_private_to_the_child(machine):
    """A shared futex (no FUTEX_PRIVATE_FLAG) is keyed on the file behind a shared mapping: two children
    mapping numpy's files could signal each other through one. Only private operations pass."""
    nr = _seccomp.ALLOWED[machine]["futex"]
    for op in (0, 1, 9, 10, 256 | 9):  # WAIT, WAKE, WAIT_BITSET, WAKE_BITSET, and with CLOCK_REALTIME
        assert decide(machine, nr, (0, op)) == _seccomp.RET_EPERM, op
        assert decide(machine, nr, (0, op | 128)) == _seccomp.RET_ALLOW, op


def test_no_huge_pages_from_the_machines_pool(machine):
    """MAP_HUGETLB takes pages from one pool the whole machine shares: two children running at once could
    signal each other by how many are left. Every other mapping a child makes is allowed."""
    nr = _seccomp.ALLOWED[machine]["mmap"]
    assert decide(machine, nr, (0, 4096, 3, 0x22)) == _seccomp.RET_ALLOW
    assert decide(machine, nr, (0, 4096, 1, 0x01)) == _seccomp.RET_ALLOW  # MAP_SHARED, read-only
    assert decide(machine, nr, (0, 1 << 21, 3, 0x22 | 0x40000)) == _seccomp.RET_EPERM


def test_only_the_systems_clocks_and_its_own_cpu_time(machine):
    """A negative clock id names another process's CPU clock (when its classmates or the grader run)."""
    for name in ("clock_gettime", "clock_nanosleep"):
        nr = _seccomp.ALLOWED[machine][name]
        for clock in (0, 1, 2, 3, 4, 5, 6, 7, 11):
            assert decide(machine, nr, (clock, 0)) == ALLOW, (name, clock)
        other = ((~4242) << 3 | 2) & MINUS_ONE  # the process CPU clock of pid 4242
        for clock in (other, ((~1) << 3) & MINUS_ONE, MINUS_ONE, 12, 1 << 31):
            assert decide(machine, nr, (clock, 0)) == EPERM, (name, hex(clock))


def test_a_long_search_still_assembles():
    """Conditional jumps reach 255 instructions at most: a search over many numbers takes long jumps."""
    numbers = list(range(0, 3000, 3))
    targets = {n: None for n in numbers}
    rows = [[_seccomp._LD_W_ABS, 0, 0, 0]]
    _seccomp._search(numbers, targets, rows)
    program = _seccomp._assemble(rows)
    assert len(program) // 8 > 1500
    for nr in (0, 1, 3, 1500, 1501, 2997, 2998, 5000):
        assert emulate(program, nr, 0)[0] == (ALLOW if nr in targets else EPERM), nr


def _header_numbers() -> dict[str, dict[str, int]]:
    """System-call numbers from the installed kernel headers, where there are some."""
    tables: dict[str, dict[str, int]] = {}
    for path in ("/usr/include/x86_64-linux-gnu/asm/unistd_64.h", "/usr/include/asm/unistd_64.h"):
        if os.path.exists(path):
            text = Path(path).read_text()
            tables["x86_64"] = {m[0]: int(m[1]) for m in re.findall(r"#define __NR_(\w+) (\d+)", text)}
            break
    if os.path.exists("/usr/include/asm-generic/unistd.h"):
        text = Path("/usr/include/asm-generic/unistd.h").read_text()
        plain = {m[0]: int(m[1]) for m in re.findall(r"#define __NR_(\w+) (\d+)", text)}
        wide = {m[0]: int(m[1]) for m in re.findall(r"#define __NR3264_(\w+) (\d+)", text)}
        for name, base in re.findall(r"#define __NR_(\w+) __NR3264_(\w+)", text):
            if base in wide:
                plain.setdefault(name, wide[base])
        tables["aarch64"] = plain
    return tables


def test_the_numbers_match_the_kernel_headers(machine):
    headers = _header_numbers().get(machine)
    if headers is None:
        pytest.skip("no kernel headers for this machine here")
    for table in (_seccomp.ALLOWED[machine], DANGEROUS[machine]):
        for name, nr in table.items():
            if name in headers:  # the headers may predate a call
                assert headers[name] == nr, name
    assert headers["clone3"] == _seccomp.CLONE3
    assert set(_seccomp.ALLOWED[machine]) <= set(headers)


# -- the survey: every call number, made by a sandboxed child ----------------------------------------------

SURVEY_LAST = 560  # past the highest call number of today's kernels, with room for new ones
SKIPPED = {"exit", "exit_group", "rt_sigreturn"}  # allowed, and they would end the child
# uretprobe and uprobe (x86_64, Linux 6.11 and 6.16 on): the kernel lets them through every seccomp
# filter (seccomp_uprobe_exception: uprobes must work in filtered processes). Called from anywhere but
# its trampoline, uretprobe kills the caller with SIGILL (skipped), uprobe answers ENXIO.
URETPROBE, UPROBE = 335, 336
SURVEY_NUMBERS = [*range(SURVEY_LAST + 1), *(_seccomp.X32_BIT | nr for nr in (0, 1, 39, 257))]

SURVEY = """
import ctypes, errno, json


def _survey(numbers, skip):
    syscall = ctypes.CDLL(None, use_errno=True).syscall
    syscall.restype = ctypes.c_long
    minus_one = [ctypes.c_long(-1)] * 6  # allowed calls fail harmlessly: EBADF, EFAULT, EINVAL
    denied, answered = [], {}
    for number in numbers:
        if number in skip:
            continue
        ctypes.set_errno(0)
        result = syscall(ctypes.c_long(number), *minus_one)
        error = ctypes.get_errno()
        if result == -1 and error == errno.EPERM:
            denied.append(number)
        else:
            answered[number] = [result, errno.errorcode.get(error, error)]
    return {"denied": denied, "answered": answered}


print("SURVEY " + json.dumps(_survey(%(numbers)r, %(skip)r)), flush=True)
"""


def skipped_numbers() -> set[int]:
    return {_seccomp.ALLOWED["x86_64"][name] for name in SKIPPED} | {URETPROBE}


def survey_source() -> str:
    return SURVEY % {"numbers": SURVEY_NUMBERS, "skip": skipped_numbers()}


def _surveyed(output: str) -> dict:
    line = next((line for line in output.splitlines() if line.startswith("SURVEY ")), None)
    assert line is not None, output[-2000:]
    return json.loads(line[len("SURVEY ") :])


def check_survey(result: dict) -> None:
    """Exactly the allow list is allowed: with arguments of -1 every other call answers EPERM, and so
    does every call allowed only with certain arguments."""
    allowed = _seccomp.ALLOWED["x86_64"]
    skipped = skipped_numbers()
    filtered = {allowed[name] for name in _seccomp.FILTERED["x86_64"]}
    denied = set(result["denied"])
    answered = {int(nr): tuple(value) for nr, value in result["answered"].items()}
    assert denied | set(answered) == set(SURVEY_NUMBERS) - skipped
    # clone3 is the one call denied with another answer: ENOSYS, so that a C library falls back.
    assert answered.pop(_seccomp.CLONE3) == (-1, "ENOSYS")
    assert answered.pop(UPROBE, (-1, "ENXIO")) == (-1, "ENXIO")  # not filtered (see above), or denied
    names = {nr: name for name, nr in allowed.items()}
    expected = set(allowed.values()) - filtered - skipped
    assert {names.get(nr, nr) for nr in answered} == {names[nr] for nr in expected}
    assert filtered <= denied
    for name in DANGEROUS["x86_64"]:
        assert DANGEROUS["x86_64"][name] in denied, name
    assert all(_seccomp.X32_BIT | nr in denied for nr in (0, 1, 39, 257))


def survey(runner: client.Runner) -> client.JobOutcome:
    """Run the survey as a submission's module body (import-time output is captured)."""
    source = (survey_source() + "\n\ndef f():\n    return None\n").encode()
    return runner.run(source, "survey.py", "f", [], budget=20)


@pytest.fixture
def fresh_bwrap_state(monkeypatch):
    monkeypatch.setattr(client, "_BWRAP_FAILED", [])
    client.bubblewrap_available.cache_clear()
    yield
    client.bubblewrap_available.cache_clear()


UNPRIVILEGED_SCRIPT = """
import sys
from checker.sandbox import _seccomp
_seccomp.install(_seccomp.build_filter())
"""


@pytest.mark.skipif(not ON_X86_64_LINUX, reason="the survey knows x86_64's call numbers on Linux")
@pytest.mark.parametrize("where", ["runner", "bubblewrap", "unprivileged"])
def test_the_survey_finds_exactly_the_allow_list(where, monkeypatch, fresh_bwrap_state):
    if where == "unprivileged":
        result = _unprivileged_survey()
    else:
        if where == "bubblewrap":
            if os.environ.get("LSTM_QUIZ_NO_BWRAP") or not shutil.which("bwrap"):
                pytest.skip("bubblewrap is not installed or turned off")
            if not client.bubblewrap_available():
                pytest.skip("bubblewrap cannot create namespaces here")
        else:
            monkeypatch.setenv("LSTM_QUIZ_NO_BWRAP", "1")
        with client.Runner("fork") as runner:
            outcome = survey(runner)
            assert runner.namespaces is (where == "bubblewrap")
        assert outcome.layers.get("seccomp") is True, outcome.layers
        result = _surveyed(outcome.output)
    check_survey(result)


def _unprivileged_survey() -> dict:
    """The survey in a process of the user nobody that installs the filter itself."""
    if os.geteuid() != 0:
        pytest.skip("run as root only: the runner's own test is then the unprivileged one")
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv is not installed")
    root = str(Path(__file__).resolve().parent.parent)
    command = [
        setpriv, "--reuid=65534", "--regid=65534", "--clear-groups",
        # The interpreter may live in a folder only root may read (/root): it reads its own files.
        "--inh-caps=+dac_read_search", "--ambient-caps=+dac_read_search",
        sys.executable, "-c", UNPRIVILEGED_SCRIPT + survey_source(),
    ]  # fmt: skip
    env = {"PATH": os.defpath, "LANG": "C.UTF-8", "PYTHONPATH": root}
    done = subprocess.run(command, env=env, cwd="/", capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return _surveyed(done.stdout)


# -- what a submission can still do, and what it cannot ------------------------------------------------

CAN = """
import errno, gc, importlib, json, os, resource, sys, time, traceback
import numpy as np

report = {}
before = set(sys.modules)
imported = {}
for name in ("json", "statistics", "fractions", "numpy.fft", "numpy.polynomial", "colorsys"):  # the last from disk
    try:
        importlib.import_module(name)
        imported[name] = "ok" if name not in before else "already"
    except BaseException as error:
        imported[name] = type(error).__name__ + ": " + str(error)[:200]
report["imported"] = imported
readable = {}
for folder in (os.path.dirname(os.__file__), os.path.dirname(np.__file__)):
    try:
        os.listdir(folder)
        readable[folder] = "ok"
    except OSError as error:
        readable[folder] = errno.errorcode.get(error.errno, str(error.errno))
report["readable"] = readable
started = time.monotonic()
time.sleep(0.01)
report["slept"] = time.monotonic() - started
matrix = np.sin(np.arange(40000.0)).reshape(200, 200) + np.eye(200)
u, s, vt = np.linalg.svd(matrix)
report["svd"] = bool(np.allclose((u * s) @ vt, matrix))
big = np.ones((100 << 20) // 8)
report["big"] = float(big.sum())
del big
gc.collect()
try:
    {}["missing"]
except KeyError:
    report["traceback"] = traceback.format_exc()
report["random"] = len(os.urandom(16))
report["own"] = [time.process_time() >= 0, time.thread_time() >= 0, len(os.sched_getaffinity(0)) >= 1,
                 resource.getrlimit(resource.RLIMIT_NOFILE)[0] > 0]
print("REPORT " + json.dumps(report), flush=True)
for i in range(10000):
    print(i)
print("END", flush=True)


def f():
    return None
"""

CANNOT = """
import ctypes, errno, json, mmap, os, resource, socket, time
import numpy as np

def attempt(action):
    try:
        result = action()
    except OSError as error:
        return errno.errorcode.get(error.errno, str(error.errno))
    return "done: %%r" %% (result,)

def prctl():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(1, 0, 0, 0, 0) != 0:  # PR_SET_PDEATHSIG
        raise OSError(ctypes.get_errno(), "prctl")

def fork():
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    return pid

def evict():  # the advice is refused whatever the mapping (a file's, where it would evict shared pages)
    with mmap.mmap(-1, 4096) as mapped:
        mapped.madvise(21)  # MADV_PAGEOUT

report = {
    "evict": attempt(evict),
    "clock of the runner": attempt(lambda: time.clock_gettime(((~os.getppid()) << 3) | 2)),
    "cpus of the runner": attempt(lambda: os.sched_getaffinity(os.getppid())),
    "limits of the runner": attempt(lambda: resource.prlimit(os.getppid(), resource.RLIMIT_NOFILE)),
    "chmod": attempt(lambda: os.chmod(%(path)r, 0o777)),
    "setsid": attempt(os.setsid),
    "prctl": attempt(prctl),
    "socket": attempt(lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM)),
    "unix socket": attempt(lambda: socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)),
    "fork": attempt(fork),
    "write": attempt(lambda: os.open(%(path)r, os.O_WRONLY)),
}
print("REPORT " + json.dumps(report), flush=True)


def f():
    return None
"""


def _report(output: str) -> dict:
    line = next((line for line in output.splitlines() if line.startswith("REPORT ")), None)
    assert line is not None, output[-2000:]
    return json.loads(line[len("REPORT ") :])


def _seccomp_runner() -> client.Runner:
    if _seccomp.build_filter() is None:
        pytest.skip("no seccomp filter for this machine")
    return client.Runner("fork")


@linux_only
def test_a_submission_still_works():
    with _seccomp_runner() as runner:
        outcome = runner.run(CAN.encode(), "works.py", "f", [], budget=30)
    assert outcome.load_error is None, outcome.load_error
    assert outcome.layers.get("seccomp") is True, outcome.layers
    report = _report(outcome.output)
    assert report["slept"] >= 0.009
    assert report["svd"] is True
    assert report["big"] == (100 << 20) // 8
    assert "KeyError: 'missing'" in report["traceback"]
    assert report["random"] == 16
    assert report["own"] == [True] * 4  # its own CPU time, CPUs and limits
    lines = outcome.output.splitlines()
    assert lines[lines.index(next(x for x in lines if x.startswith("REPORT "))) + 1 :] == [
        *map(str, range(10000)),
        "END",
    ]
    # The filter never stands in the way of reading: a folder is unreadable only to the child's user.
    assert "EPERM" not in report["readable"].values(), report["readable"]


@linux_only
def test_a_submission_still_imports_modules():
    with _seccomp_runner() as runner:
        outcome = runner.run(CAN.encode(), "imports.py", "f", [], budget=30)
    report = _report(outcome.output)
    stdlib, numpy_dir = report["readable"]
    if report["readable"][stdlib] != "ok" or report["readable"][numpy_dir] != "ok":
        pytest.skip(f"the child's user may not read the interpreter's files here: {report['readable']}")
    assert set(report["imported"].values()) <= {"ok", "already"}, report["imported"]
    assert "ok" in report["imported"].values()  # at least one was a new import


@linux_only
def test_a_submission_cannot_change_anything():
    handle, path = tempfile.mkstemp(dir="/tmp", prefix="lstm-quiz-mode-")
    try:
        os.close(handle)
        os.chmod(path, 0o644)
        with _seccomp_runner() as runner:
            source = CANNOT % {"path": path}
            outcome = runner.run(source.encode(), "cannot.py", "f", [], budget=30)
        assert outcome.layers.get("seccomp") is True, outcome.layers
        report = _report(outcome.output)
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o644
    finally:
        os.unlink(path)
    assert report["chmod"] == "EPERM", report
    assert report["write"] in ("EPERM", "EACCES"), report  # EACCES: Landlock kept the file out of reach
    for action in ("setsid", "prctl", "socket", "unix socket", "fork", "evict", "clock of the runner",
                   "cpus of the runner", "limits of the runner"):  # fmt: skip
        assert report[action] == "EPERM", (action, report)


FILTER_ALONE = """
import importlib, json, os, sys
import numpy as np
from checker.sandbox import _seccomp


def written():
    return sorted(os.path.join(top, name) for top, _, names in os.walk(sys.pycache_prefix) for name in names)


cached = written()
_seccomp.install(_seccomp.build_filter())
before = set(sys.modules)
imported = {}
for name in %r:
    try:
        importlib.import_module(name)
        imported[name] = "ok" if name not in before else "already"
    except BaseException as error:
        imported[name] = type(error).__name__ + ": " + str(error)[:200]
print(json.dumps({"imported": imported, "new bytecode": sorted(set(written()) - set(cached))}))
"""
FRESH_MODULES = ["statistics", "fractions", "decimal", "zlib", "bz2", "numpy.fft", "numpy.random", "numpy.ma"]


@linux_only
def test_modules_import_under_the_filter_and_no_bytecode_is_written(tmp_path):
    """The filter alone (no other layer, this test's user): new modules import, pure Python and
    extension modules alike, and the cached bytecode they would write is refused, harmlessly."""
    if _seccomp.build_filter() is None:
        pytest.skip("no seccomp filter for this machine")
    prefix = tmp_path / "bytecode"
    prefix.mkdir()
    env = {
        "PATH": os.defpath,
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
        "PYTHONPYCACHEPREFIX": str(prefix),  # every module's bytecode is then still to be written
        "OPENBLAS_NUM_THREADS": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", FILTER_ALONE % (FRESH_MODULES,)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.splitlines()[-1])
    imported = report["imported"]
    assert set(imported.values()) <= {"ok", "already"}, imported
    assert imported["numpy.fft"] == "ok" and imported["statistics"] == "ok"
    assert report["new bytecode"] == []
