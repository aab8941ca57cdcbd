"""The grader's side of the sandbox: start a runner, hand it jobs, collect framed results, enforce time.

The grader process never runs student code and never forks itself (subprocesses are fork+exec). A
runner is a fresh interpreter (`python -I runner.py`) that has imported numpy and nothing of the grader;
it forks a blank child per job, and only the child ever sees the job. A hang costs that case and a fresh
child for the cases after it; the whole job is bounded by its time budget.

Every file of a class gets the same cases, so their inputs are written once into sealed, read-only
memory files (one per case) that the runner keeps: a child receives each case's file only when it asks
for that case, after the student's module has been imported, and maps it read-only. The grader reads a
child's results when it has ended, at a deadline, or every few milliseconds, rather than waking for
each frame: each frame carries the time it was sent, which times its case.

Everything a child sends is hostile: each frame is checked against its expected kind, fields, types
and sizes (a frame larger than the job allows is refused unread), every text is made inert and bounded,
and anything out of order ends the child with the verdict "protocol" for the case at hand.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker import inert, scratch
from checker.sandbox import _frames

RUNNER = Path(__file__).with_name("runner.py")
# The runner is imported, not run as a script: a script is compiled at every start, a module's
# bytecode is read from its cache (about 10 ms of each runner's start). Its path stays on the command
# line, where it names the process.
_BOOT = (
    "import os, sys; here = os.path.dirname(sys.argv.pop(1)); sys.path.insert(0, here); import runner; "
    "sys.path.remove(here); runner.main(sys.argv[1:])"
)
BLAS_ENV = {
    name: "1"
    for name in (
        "OPENBLAS_NUM_THREADS",
        "OMP_NUM_THREADS",
        "MKL_NUM_THREADS",
        "NUMEXPR_NUM_THREADS",
        "VECLIB_MAXIMUM_THREADS",
    )
}
QUICK_TIMEOUT = 0.25  # seconds per case once a case of the same file has timed out
MAX_TIMEOUTS_IN_A_ROW = 3  # then the remaining cases are not run
MAX_CAPTURE = 64 * 1024  # bytes of a program's output kept for the report
EXIT_GRACE = 1.0  # seconds a child may take to exit after its last frame before it is killed
# A timeout is the file's when its child spent at least this share of the time limit on the CPU (an
# endless loop), or when the runner saw it asleep by its own doing (it held its case, slept in the
# kernel's interruptible sleep, and spent most of its life neither on a CPU nor queued for one: a
# sleep of the file's); a child that was otherwise mostly waiting (a paused runner, a stalled machine,
# a disk's wait) gets one more try with the full limit before the timeout is charged.
CONFIRM_SHARE = 0.25
# A test's time limit is CPU time: a child that got less than this share of its limit on the CPU by
# its deadline, though it ran for at least RUNNING_SHARE of the time (others on the CPU slowed it), is
# given longer, up to STRETCH times its limit, to use the rest. A slow but honest solution beside a
# classmate's endless loop then fares as it does alone.
CHARGE_SHARE = 0.9
RUNNING_SHARE = 0.1  # of the time since its step began: below it, a child is waiting by itself (or stalled)
WANTED_SHARE = 0.8  # of its life on a CPU or queued for one: below it, a child slept by its own doing
STRETCH = 4.0
QUERY_WAIT = 1.0  # seconds the runner may take to say how much CPU a child has used
DEFAULT_LIMITS = {"memory_bytes": 512 << 20, "file_bytes": 1 << 20}  # above what numpy has mapped
MAX_CASE_SETS = 8  # case lists a runner keeps loaded (a batch needs one per exercise)
MAX_DIGESTS = 32  # case lists whose digest a Runner remembers (by identity)
RESULT_PIPE_BYTES = 1 << 20  # a result pipe holds a child's usual frames until the grader reads them
MAX_HEADER = 64 * 1024  # bytes of a frame's JSON header
MAX_OUTPUT_BYTES = 16 << 20  # a frame's arrays when the caller gives no bound of its own
MAX_OUTPUTS = 8  # arrays in one case's answer
SEAL = ("F_SEAL_SEAL", "F_SEAL_SHRINK", "F_SEAL_GROW", "F_SEAL_WRITE")


class StallMeter:
    """Seconds this process could not run Python when it wanted to: another thread held the interpreter
    (a lane reading a large notebook while the spare lane's child runs), or the whole process was
    held up. A thread that wakes every TICK and finds itself more than GRACE late counts the lateness;
    a lateness still going on (the thread has not got to run yet) counts too, so a thread that gets to
    run before the meter does sees it. A file's time budget is wall-clock time: what the grader lost
    this way is given back to it, never charged to the student whose file was waiting."""

    TICK = 0.05
    GRACE = 0.1

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.lost = 0.0
        self.last: float | None = None  # when the meter last ran
        self._lock = threading.Lock()

    def total(self) -> float:
        """Seconds lost since the meter started (it starts on the first call); never decreases."""
        with self._lock:
            if self.last is None:
                self.last = self.clock()
                threading.Thread(target=self._tick, name="stall-meter", daemon=True).start()
            return self.lost + self._late(self.clock())

    def _late(self, now: float) -> float:
        late = now - self.last - self.TICK
        return late if late > self.GRACE else 0.0

    def _tick(self) -> None:
        while True:
            time.sleep(self.TICK)
            with self._lock:
                now = self.clock()
                self.lost += self._late(now)
                self.last = now


STALLS = StallMeter()  # one per process: its threads share one interpreter


class SandboxError(Exception):
    """The sandbox itself failed (not the student's fault)."""


class _Silent(SandboxError):
    """The runner said nothing before the deadline."""


@dataclass(frozen=True)
class CaseInput:
    id: str
    args: tuple  # numpy arrays
    timeout: float | None = None  # seconds for this case, if not the run's case_timeout


@dataclass
class CaseRun:
    """What happened to one case in the child. `outputs` are numpy arrays (checked: plain numbers, no
    larger than the job allows); every text in `types` and `error` is inert and bounded."""

    status: str  # ok | exception | timeout | crashed | memory | not-run | protocol | too-large
    outputs: list = field(default_factory=list)
    structure: str = ""
    types: list = field(default_factory=list)
    error: dict = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class JobOutcome:
    cases: dict[str, CaseRun]
    load_error: dict | None = None  # syntax | import | exit | missing | timeout | crashed | memory | runner
    layers: dict = field(default_factory=dict)
    output: str = ""
    output_truncated: bool = False
    seconds: float = 0.0


def _keep_earlier_cases(outcome: JobOutcome, pending: list[str]) -> None:
    """A file that loaded and ran cases, then failed to load in the child started after a case hung
    (its import is not the same each time, or took longer), keeps the results it had: the cases left
    are not run, and said so, rather than the whole file counting as never loaded. A child that
    interfered with the grader while loading still costs the whole file."""
    if not outcome.cases or (outcome.load_error or {}).get("kind") == "protocol":
        return
    for case_id in pending:
        if case_id not in outcome.cases:
            outcome.cases[case_id] = CaseRun(status="not-run", error={"not_reloaded": True})
    outcome.load_error = None


def _scrubbed_env() -> dict:
    env = {"PATH": os.defpath, "LANG": "C.UTF-8", **BLAS_ENV}
    for keep in ("SYSTEMROOT", "TMPDIR"):  # what an interpreter needs to start on some platforms
        if keep in os.environ:
            env[keep] = os.environ[keep]
    return env


@functools.lru_cache(maxsize=1)
def _numpy_home() -> str:
    """The folder numpy is installed in, found without importing it."""
    spec = importlib.util.find_spec("numpy")
    if spec is None or not spec.submodule_search_locations:
        raise SandboxError("numpy is not installed")
    return os.path.dirname(next(iter(spec.submodule_search_locations)))


def package_home(name: str) -> str:
    """Where the top-level module `name` is installed (its package folder, or its file), found without
    importing it; SandboxError when it is not installed, is not a top-level name, or is the grader."""
    if not name.isidentifier():
        raise SandboxError(f"{name!r} is not a module name")
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin in (None, "built-in", "frozen"):
        raise SandboxError(f"{name} is not installed here")
    where = next(iter(spec.submodule_search_locations or []), None) or spec.origin
    grader = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the checker package
    real = os.path.realpath(where)
    if real == os.path.realpath(grader) or real.startswith(os.path.realpath(grader) + os.sep):
        raise SandboxError(f"{name} is the grader itself")
    return real


def _bubblewrap(scratch: Path) -> list[str]:
    """New pid, network, IPC and UTS namespaces (and a user namespace unless the grader is root: a root
    runner's children must be able to become another, real user); the whole file system read-only,
    its own /dev too, where a followed link (/dev/fd) would otherwise move an access time a later child
    reads back (the runner covers /proc for its children itself: _mounts.isolate, which writes there
    first); Landlock narrows reads further; killed with the grader."""
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    unshare = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
    return [
        shutil.which("bwrap") or "bwrap", *(unshare if root else ["--unshare-all"]),
        "--die-with-parent", "--new-session", "--clearenv", "--setenv", "LANG", "C.UTF-8",
        "--ro-bind", "/", "/", "--dev", "/dev", "--remount-ro", "/dev", "--proc", "/proc",
    ]  # fmt: skip


_BWRAP_FAILED: list[bool] = []


def _bubblewrap_wanted() -> bool:
    if os.environ.get("LSTM_QUIZ_NO_BWRAP") or _BWRAP_FAILED or not sys.platform.startswith("linux"):
        return False
    return shutil.which("bwrap") is not None


@functools.lru_cache(maxsize=1)
def bubblewrap_available() -> bool:
    """bwrap is installed and may create namespaces here (many systems forbid unprivileged ones).
    LSTM_QUIZ_NO_BWRAP=1 turns it off."""
    if (
        os.environ.get("LSTM_QUIZ_NO_BWRAP")
        or not sys.platform.startswith("linux")
        or not shutil.which("bwrap")
    ):
        return False
    probe = str(scratch.folder("probe"))
    try:
        done = subprocess.run(
            [*_bubblewrap(Path(probe)), sys.executable, "-I", "-S", "-c", "pass"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=10,
        )
        return done.returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False
    finally:
        shutil.rmtree(probe, ignore_errors=True)


def _kill(pid: int) -> None:
    """SIGKILL a child that may already have ended (its exit status then tells why)."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _timeouts_in_a_row(cases: Sequence[CaseInput], outcome: JobOutcome) -> int:
    """How many of the last cases run, in order, timed out."""
    count = 0
    for case in cases:
        run = outcome.cases.get(case.id)
        if run is None:
            break
        count = count + 1 if run.status == "timeout" else 0
    return count


def _empty(folder: Path) -> None:
    """Remove whatever is in `folder` (a child cannot write there; this is the second line)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)


def _case_digest(cases: Sequence[CaseInput]) -> tuple[str, list]:
    """A digest of the case ids and their inputs (dtype, shape and bytes of each), and the inputs as
    C-ordered arrays."""
    import numpy as np

    digest = hashlib.sha256()
    described: list = []
    arrays = []
    for case in cases:
        described.append([case.id, len(case.args)])
        for arg in case.args:
            if type(arg) is not np.ndarray or not arg.flags.c_contiguous:
                arg = np.asarray(arg, order="C")
            if arg.dtype.kind not in _frames.ALLOWED_KINDS or arg.dtype.fields is not None:
                raise TypeError("an input that is not an array of numbers")
            described.append([arg.dtype.str, arg.shape])
            digest.update(arg)
            arrays.append(arg)
    digest.update(json.dumps(described).encode())
    return digest.hexdigest(), arrays


def _unchangeable(cases: Sequence[CaseInput]) -> bool:
    """A tuple of cases whose every input is a read-only array over a bytes object (see frozen_array):
    nothing can change it in place, so its digest holds for as long as it exists."""
    import numpy as np

    def frozen(array: object) -> bool:
        while isinstance(array, np.ndarray):
            if array.flags.writeable:
                return False
            array = array.base
        return type(array) is bytes

    return type(cases) is tuple and all(frozen(arg) for case in cases for arg in case.args)


def frozen_array(array):
    """A read-only copy of `array` (as C-ordered numbers) over a bytes object: numpy refuses to make it
    writable again."""
    import numpy as np

    array = np.asarray(array, order="C")
    return np.frombuffer(array.tobytes(), dtype=array.dtype).reshape(array.shape)


ALIGN = 64  # each input array starts on a cache line of its file


def _sealed_file(arrays: list) -> tuple[int, list]:
    """A memory file holding `arrays`' bytes, sealed against any change (Linux), or else an unlinked
    file opened read-only; (its descriptor, [dtype, shape, offset] of each array)."""
    described = []
    chunks = []
    offset = 0
    for array in arrays:
        offset = -(-offset // ALIGN) * ALIGN
        described.append([array.dtype.str, list(array.shape), offset])
        chunks.append((offset, memoryview(array).cast("B") if array.size else b""))
        offset += array.nbytes
    if hasattr(os, "memfd_create"):
        import fcntl

        fd = os.memfd_create("lstm-quiz-case", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
        try:
            os.ftruncate(fd, offset)
            for at, data in chunks:
                _pwrite_all(fd, data, at)
            fcntl.fcntl(
                fd, fcntl.F_ADD_SEALS, functools.reduce(int.__or__, (getattr(fcntl, n) for n in SEAL))
            )
        except BaseException:
            os.close(fd)
            raise
        return fd, described
    with tempfile.NamedTemporaryFile(prefix="lstm-quiz-case-") as file:
        for at, data in chunks:
            _pwrite_all(file.fileno(), data, at)
        file.flush()
        return os.open(file.name, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)), described


def _pwrite_all(fd: int, data, offset: int) -> None:
    view = memoryview(data)
    while view:
        written = os.pwrite(fd, view, offset)
        view, offset = view[written:], offset + written


def _roomy(fd: int) -> bool:
    """Make the pipe of `fd` (its reading end) large and non-blocking, for reading it only when the
    child has ended or a deadline comes (see FrameReader); False where it cannot grow."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, RESULT_PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        return False
    os.set_blocking(fd, False)
    return True


def _prefill(fd: int, data: bytes) -> memoryview:
    """Write what fits in the pipe `fd` now, before the child exists (it then finds its job waiting
    instead of sleeping until it comes); the rest, to write once the child reads."""
    os.set_blocking(fd, False)
    try:
        written = os.write(fd, data)
    except BlockingIOError:
        written = 0
    finally:
        os.set_blocking(fd, True)
    return memoryview(data)[written:]


def _capture_file(folder: Path):
    """A new, nameless file for one child's output (a child that ended late cannot write into the next
    child's). Returns (descriptor, close). A memory file where there is one: creating and dropping a
    file on disk for every child costs the file system an inode each time; RLIMIT_FSIZE bounds both."""
    if hasattr(os, "memfd_create"):
        try:
            fd = os.memfd_create("lstm-quiz-output", os.MFD_CLOEXEC)
            return fd, functools.partial(os.close, fd)
        except OSError:  # no memory files here (an old kernel, a policy): a file on disk
            pass
    try:
        fd = os.open(folder, os.O_TMPFILE | os.O_RDWR, 0o600)
    except (AttributeError, OSError):  # no O_TMPFILE here
        file = tempfile.TemporaryFile(dir=folder)
        return file.fileno(), file.close
    return fd, functools.partial(os.close, fd)


@dataclass
class _Child:
    """A child being started: kill() ends it; wait(timeout) gives its wait status and the CPU seconds
    it used, or None while it runs; used() the CPU seconds of its current step so far; `unsent` is what is left to write of its job on `job_w`; `ended`, when not None, becomes
    readable once it has ended (the runner's answer comes)."""

    kill: Callable[[], None]
    wait: Callable[[float], tuple[int, float] | None]
    used: Callable[[int], tuple[float | None, float | None]]
    job_w: int
    unsent: memoryview
    result_r: int
    ended: object


@dataclass
class _Job:
    """What each child of one `Runner.run` needs."""

    source: bytes
    filename: str
    function: str
    cases: Sequence[CaseInput]
    case_set: str | None  # the key under which the runner holds `cases`
    deadline: float
    limits: dict | None
    max_body: int  # the largest frame a child of this job may send
    gate: int | None  # cases (positions in `cases`) a child may have before the grader's G
    outputs: list = field(default_factory=list)  # what each child printed
    calling: dict | None = None  # the job header's "packing" and "in_place" (see _calling)
    wanted: dict | None = None  # with in-place arguments: case id -> the arrays its answer holds
    stalls: object = None  # the StallMeter whose lost time is given back to this job
    lost: float = 0.0  # its reading when the job began, plus what has been given back since


def _describe_status(status: int) -> dict:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
        return {"signal": name}
    return {"exit_code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else status}


class _Forged(Exception):
    """A frame from the child that is not what the protocol allows at this point."""


def _text(header: dict, key: str, limit: int, *, one_line: bool = False, required: bool = False) -> str:
    """A text field of a child's frame, inert and bounded; refused unless it is a string."""
    value = header.get(key)
    if value is None and not required:
        return ""
    if type(value) is not str:
        raise _Forged(f"{key} is not a text")
    return inert.clean(value, limit, one_line=one_line)


def _flag(header: dict, key: str) -> bool:
    value = header.get(key, False)
    if type(value) is not bool:
        raise _Forged(f"{key} is not a flag")
    return value


def _number(header: dict, key: str) -> int | None:
    value = header.get(key)
    if value is None:
        return None
    if type(value) is not int or abs(value) > 1 << 31:
        raise _Forged(f"{key} is not a number")
    return value


STRUCTURES = ("array", "tuple", "list", "other")
MAX_ARGUMENTS = 8  # in a job's packing (the runner refuses more)


def _calling(
    cases: Sequence[CaseInput], packing: Sequence[str] | None, in_place: Sequence[int]
) -> tuple[dict | None, dict | None]:
    """The job header's packing and in-place settings, checked against every case (a spec that does
    not fit its own cases is the grader's fault: SandboxError), and with in-place arguments how many
    arrays each case's answer must hold. (None, None) for a job with neither."""
    if packing is None and not in_place:
        return None, None
    kinds = [str(kind) for kind in packing or ()]
    positions = [int(i) for i in in_place]
    if (
        not 1 <= len(kinds) <= MAX_ARGUMENTS
        or not set(kinds) <= {"list", "array"}
        or kinds.count("list") > 1
        or len(set(positions)) != len(positions)
        or not all(0 <= i < len(kinds) for i in positions)
    ):
        raise SandboxError("the exercise's argument packing is malformed")
    wanted = {}
    for case in cases:
        spare = len(case.args) - len(kinds) + 1 if "list" in kinds else 1
        if spare < 0 or ("list" not in kinds and len(case.args) != len(kinds)):
            raise SandboxError(f"the inputs of case {case.id} do not fit the exercise's arguments")
        wanted[case.id] = sum(spare if kinds[i] == "list" else 1 for i in positions)
    return {"packing": kinds, "in_place": positions}, (wanted if positions else None)


def _error_fields(header: dict) -> dict:
    """The description of an exception, checked and made inert."""
    return {
        "type": _text(header, "type", 200, one_line=True, required=True),
        "message": _text(header, "message", inert.MESSAGE_LIMIT),
        "traceback": _text(header, "traceback", inert.TRACEBACK_LIMIT),
        "not_implemented": _flag(header, "not_implemented"),
        "memory": _flag(header, "memory"),
    }


def _load_error(header: dict) -> dict:
    """An ERROR frame sent while the module loaded, checked field by field."""
    kind = header.get("kind")
    if kind == "syntax":
        return {
            "kind": kind,
            "type": _text(header, "type", 200, one_line=True),
            "message": _text(header, "message", inert.MESSAGE_LIMIT),
            "line": _number(header, "line"),
            "column": _number(header, "column"),
            "text": _text(header, "text", 200, one_line=True),
        }
    if kind == "exit":
        return {"kind": kind, "code": _text(header, "code", 200, one_line=True)}
    if kind == "import":
        return {"kind": kind, **_error_fields(header)}
    if kind == "missing":
        return {"kind": kind, "function": _text(header, "function", 200, one_line=True)}
    raise _Forged("an error of an unknown kind")


class Runner:
    """One runner process; jobs run one at a time. Use as a context manager, or call close().

    mode "fork": one runner serves every job; "spawn": a fresh runner (a new interpreter) per job."""

    def __init__(
        self, mode: str = "fork", clock: Callable[[], float] = time.monotonic, allow: tuple[str, ...] = ()
    ) -> None:
        if mode not in ("fork", "spawn"):
            raise ValueError("mode is 'fork' or 'spawn'")
        if not hasattr(socket, "send_fds") or not hasattr(os, "fork"):
            raise SandboxError("this platform cannot run the sandbox (it needs Unix file-descriptor passing)")
        self.mode = mode
        self.clock = clock
        # time this process lost, given back to a job's budget (on the system's clock only: an injected
        # clock has its own idea of time)
        self.stalls: StallMeter | None = STALLS if clock is time.monotonic else None
        self.allow = tuple(allow)  # packages beyond numpy a child may import (read-only, that package only)
        self.process: subprocess.Popen | None = None
        self.failed = ""  # why the runner process could not be started
        self.control: socket.socket | None = None
        self.hello: dict = {}
        self.last_hello: dict = {}  # the latest runner's, kept after it stops
        self._lines = b""
        self.namespaces = False
        # The children's working folder: empty, read-only to them (Landlock's rules are built once,
        # for this path).
        self.scratch = scratch.folder("run")
        self.workdir = self.scratch / "work"
        self.workdir.mkdir()
        os.chmod(self.workdir, 0o755)  # a child that runs as another user may stand in it
        self._case_sets: OrderedDict[str, None] = OrderedDict()  # keys loaded in the runner, oldest first
        self._digests: dict[int, tuple] = {}  # id(cases) -> (cases, their key, their arrays)
        self._used = False

    # -- lifecycle ----------------------------------------------------------------------------------

    def start(self) -> Runner:
        """Start the runner; returns at once, the runner boots in the background."""
        if self.process is not None:
            return self
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        # Namespaces are tried without a probe (which would cost every `check`); a runner that does not
        # start inside them is replaced by one without them (see _ensure_hello).
        self.namespaces = _bubblewrap_wanted()
        command = [sys.executable, "-I", "-S", "-c", _BOOT, str(RUNNER), "--numpy-home", _numpy_home()]
        for name in self.allow:
            command += ["--allow", f"{name}={package_home(name)}"]
        if self.namespaces:
            command = [*_bubblewrap(self.scratch), *command]
        try:
            self.process = subprocess.Popen(
                [*command, "serve", str(theirs.fileno()), str(self.workdir)],
                pass_fds=[theirs.fileno()],
                env=_scrubbed_env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as error:  # the interpreter cannot be run (another user's private folder, say)
            ours.close()
            theirs.close()
            self.failed = f"the sandbox runner could not start: {error.strerror or error} ({command[0]})"
            return self  # said when it is first needed (_ensure_hello), as a fault of the grader's
        theirs.close()
        self.control = ours
        self.hello = {}
        self._lines = b""
        self._used = False  # no child forked yet
        self._case_sets.clear()  # a new runner holds none
        return self

    def _line(self, timeout: float) -> str:
        assert self.control is not None
        deadline = time.monotonic() + timeout
        while b"\n" not in self._lines:
            left = deadline - time.monotonic()
            if left <= 0:
                raise _Silent("the sandbox runner did not answer")
            self.control.settimeout(left)
            try:
                chunk = self.control.recv(1 << 20)  # one record (the socket keeps message boundaries)
            except TimeoutError:
                continue
            except OSError as error:
                raise SandboxError(f"the sandbox runner is gone: {error}") from None
            if not chunk:
                raise SandboxError("the sandbox runner stopped")
            self._lines += chunk
        line, self._lines = self._lines.split(b"\n", 1)
        return line.decode()

    def _ensure_hello(self) -> None:
        if self.hello:
            return
        self.start()
        if self.process is None and self.namespaces:  # bubblewrap itself could not be run
            _BWRAP_FAILED.append(True)
            self.start()
        if self.process is None:
            raise SandboxError(self.failed)
        try:
            self.hello = json.loads(self._line(30))
            self.last_hello = self.hello  # kept when it stops (spawn mode stops it after each job)
        except SandboxError:
            if not self.namespaces:
                raise
            _BWRAP_FAILED.append(True)  # bubblewrap cannot run here: go on without namespaces
            self._stop()
            self.start()
            if self.process is None:
                raise SandboxError(self.failed) from None
            self.hello = json.loads(self._line(30))
            self.last_hello = self.hello  # kept when it stops (spawn mode stops it after each job)

    def _stop(self, wait: bool = False) -> None:
        """Stop the runner process: it exits by itself when its control socket closes."""
        if self.control is not None:
            self.control.close()
            self.control = None
        if self.process is not None:
            if wait:
                try:
                    self.process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.process = None
        self.hello = {}
        self._lines = b""
        self._case_sets.clear()

    def close(self, wait: bool = False) -> None:
        """Stop the runner and remove its folder."""
        self._stop(wait)
        shutil.rmtree(self.scratch, ignore_errors=True)

    def __enter__(self) -> Runner:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one job --------------------------------------------------------------------------------------

    def run(
        self,
        source: bytes,
        filename: str,
        function: str,
        cases: Sequence[CaseInput],
        *,
        budget: float = 10.0,
        case_timeout: float = 2.0,
        limits: dict | None = None,
        quick_timeout: float = QUICK_TIMEOUT,
        max_timeouts_in_a_row: int = MAX_TIMEOUTS_IN_A_ROW,
        max_output_bytes: int = MAX_OUTPUT_BYTES,
        gate: int | None = None,
        packing: Sequence[str] | None = None,
        in_place: Sequence[int] = (),
    ) -> JobOutcome:
        """Run `function` of `source` on every case, each in turn, in sandboxed children.

        After a case has timed out the later ones get at most `quick_timeout` seconds each; after
        `max_timeouts_in_a_row` timeouts the remaining cases are not run. A case's answer may hold at
        most `max_output_bytes` of arrays: a larger one is refused unread. With `gate`, only the first
        `gate` cases are handed to a child at first; the others only once the grader holds every
        result before them (so that nothing those results show can have been computed from a later
        case's inputs). With `packing` ("list" or "array" per argument: a list argument gets every
        array of a case the others do not) and `in_place` (positions of arguments the child hands
        over as writable copies), a case's answer is those copies' arrays after the call, as many as
        the case gives them. Raises SandboxError for a fault of the sandbox itself (never for
        anything the submission does)."""
        start = self.clock()
        outcome = JobOutcome(cases={})
        if self.mode == "spawn" and self._used:
            self._stop(wait=True)  # a fresh interpreter for each job
        max_body = MAX_HEADER + 4 + max(0, int(max_output_bytes))
        calling, wanted = _calling(cases, packing, in_place)
        # The file's time starts once the runner is ready and holds the cases: a runner still starting
        # (a cold machine, the first file after an install) is the grader's wait, not the file's.
        case_set = self._case_set(cases)
        deadline = self.clock() + budget
        lost = self.stalls.total() if self.stalls is not None else 0.0
        job = _Job(source, filename, function, cases, case_set, deadline, limits, max_body, gate)
        job.calling, job.wanted = calling, wanted
        job.stalls, job.lost = self.stalls, lost
        pending = list(range(len(cases)))  # positions in `cases`
        retried: set = set()  # steps (None: loading) whose idle timeout got a second try
        hung = False  # a timeout of this file's own is certain: later ones are charged at once
        try:
            while True:
                self._give_back(job)
                if self.clock() >= job.deadline:
                    for index in pending:
                        outcome.cases[cases[index].id] = CaseRun(status="not-run")
                    break
                timed_out = self._one_child(job, pending, outcome, case_timeout)
                if timed_out is not None:
                    step, limit, idle, asleep = timed_out
                    if idle and not asleep and not hung and step not in retried:
                        # Not yet the file's: once more, with the full limit; the first retry of a job
                        # may run past its budget by that much (the wait was not the file's).
                        if not retried:
                            job.deadline = max(job.deadline, self.clock() + limit + EXIT_GRACE)
                        retried.add(step)
                        self._forget(outcome, step)
                        continue
                    hung = True
                if outcome.load_error is not None:
                    _keep_earlier_cases(outcome, [cases[index].id for index in pending])
                    break
                pending = [index for index in pending if cases[index].id not in outcome.cases]
                if any(c.status == "timeout" for c in outcome.cases.values()):
                    # One endless case makes the next ones likely to hang too: they get less time.
                    case_timeout = min(case_timeout, quick_timeout)
                if pending and _timeouts_in_a_row(cases, outcome) >= max_timeouts_in_a_row:
                    for index in pending:  # the function never returns: spare the rest of the budget
                        outcome.cases[cases[index].id] = CaseRun(
                            status="not-run", error={"after_timeouts": True}
                        )
                    break
                if not pending:
                    break
        finally:
            if self.mode == "spawn":
                self._stop(wait=True)
        self._tidy()
        text = b"".join(job.outputs)
        outcome.output_truncated = len(text) > MAX_CAPTURE
        outcome.output = text[:MAX_CAPTURE].decode("utf-8", errors="replace")
        outcome.seconds = round(self.clock() - start, 4)
        return outcome

    @staticmethod
    def _give_back(job: _Job) -> float:
        """Move the job's deadline on by the time this process lost since the job began and was not
        given back yet (see StallMeter); the seconds given."""
        if job.stalls is None:
            return 0.0
        lost = job.stalls.total() - job.lost
        if lost <= 0:
            return 0.0
        job.lost += lost
        job.deadline += lost
        return lost

    def _tidy(self) -> None:
        """The working folder holds nothing after a job; one that cannot be emptied is replaced (a
        fault of the sandbox: SandboxError, and the next job gets a fresh runner and folder)."""
        try:
            if not any(os.scandir(self.workdir)):
                return
            _empty(self.workdir)
        except OSError as error:
            self._stop()
            old = self.scratch
            self.scratch = scratch.folder("run")
            self.workdir = self.scratch / "work"
            self.workdir.mkdir()
            os.chmod(self.workdir, 0o755)
            shutil.rmtree(old, ignore_errors=True)
            raise SandboxError(f"the sandbox's working folder could not be emptied: {error}") from None

    def _case_set(self, cases: Sequence[CaseInput]) -> str | None:
        """The key under which the runner holds these cases' inputs (one sealed memory file per case),
        sending them the first time. None when there are no cases."""
        if not cases:
            return None
        # A batch hands over the same cases (its exam's) for every file. Cases that cannot change (see
        # _unchangeable) are digested once, remembered by identity (and held, so that the identity
        # cannot pass to another object); any others are digested each time.
        held = self._digests.get(id(cases))
        if held is not None and held[0] is cases:
            key, arrays = held[1], held[2]
        else:
            try:
                key, arrays = _case_digest(cases)
            except (ValueError, TypeError, BufferError) as error:
                raise SandboxError(f"the cases' inputs cannot be handed over: {error}") from None
            if _unchangeable(cases):
                if len(self._digests) >= MAX_DIGESTS:
                    self._digests.clear()
                self._digests[id(cases)] = (cases, key, arrays)
        self._ensure_hello()
        if key in self._case_sets:
            self._case_sets.move_to_end(key)
            return key
        drop = list(self._case_sets)[: max(0, len(self._case_sets) - MAX_CASE_SETS + 1)]
        message, fds = self._files_for(key, cases, arrays, drop)
        assert self.control is not None
        try:
            socket.send_fds(self.control, [message], fds)
        except OSError as error:
            raise SandboxError(f"the sandbox runner is gone: {error}") from None
        finally:
            for fd in fds:  # the runner has its own copies now
                os.close(fd)
        if self._line(30) != "C ok":
            raise SandboxError("the sandbox runner refused the cases")
        for old in drop:
            del self._case_sets[old]
        self._case_sets[key] = None
        return key

    @staticmethod
    def _files_for(key: str, cases: Sequence[CaseInput], arrays: list, drop: list) -> tuple[bytes, list[int]]:
        """The case set's control message (the arrays of each case described) and its memory files."""
        if len(cases) > 250:  # descriptors in one message
            raise SandboxError("too many cases for one job")
        described, fds = [], []
        position = 0
        try:
            for case in cases:
                count = len(case.args)
                fd, layout = _sealed_file(arrays[position : position + count])
                position += count
                fds.append(fd)
                described.append({"id": case.id, "arrays": layout})
        except OSError as error:
            for fd in fds:
                os.close(fd)
            raise SandboxError(f"the cases' inputs cannot be handed over: {error}") from None
        return b"C" + json.dumps({"key": key, "drop": drop, "cases": described}).encode(), fds

    def _spawn_child(self, capture_fd: int, job: bytes, order: dict) -> _Child:
        """A blank child with its job and result pipes, its job (a whole frame) written as far as the
        pipe takes it. The runner kills it: inside a pid namespace only it knows the pid."""
        job_r, job_w = os.pipe()
        result_r, result_w = os.pipe()
        ended = None
        try:
            unsent = _prefill(job_w, job)
            self._ensure_hello()
            self._used = True
            assert self.control is not None
            if _roomy(result_r):
                ended = self.control
            try:  # the runner forks at once; the job goes straight to the child's pipe
                socket.send_fds(
                    self.control, [b"F" + json.dumps(order).encode()], [job_r, result_w, capture_fd]
                )
            except OSError as error:
                raise SandboxError(f"the sandbox runner is gone: {error}") from None

            def kill() -> None:
                try:
                    self.control.sendall(b"K\n")
                except OSError:
                    pass

            def used(position: int) -> tuple[float | None, float | None, bool | None]:
                """(The CPU seconds of the child's step at `position` of its cases (-1: loading), the
                share of its life it wanted a CPU, whether it sleeps by itself holding what the step
                needs), each None if the runner does not say, or if the child has just ended (its
                answer is kept for wait())."""
                try:
                    self.control.sendall(f"Q {position}\n".encode())
                    line = self._line(QUERY_WAIT)
                except (OSError, _Silent):
                    return None, None, None
                reply = line.split()
                if reply[:1] == ["U"] and len(reply) in (2, 3, 4):
                    try:
                        numbers = [float(n) for n in reply[1:3]] + [-1.0]
                    except ValueError:
                        return None, None, None
                    seconds, share = numbers[0], numbers[1]
                    asleep = {"1": True, "0": False}.get(reply[3]) if len(reply) == 4 else None
                    return (
                        seconds if math.isfinite(seconds) and seconds >= 0 else None,
                        share if math.isfinite(share) and share >= 0 else None,
                        asleep,
                    )
                self._lines = line.encode() + b"\n" + self._lines  # the child's end: wait() reads it
                return None, None, None

            def wait(timeout: float) -> tuple[int, float] | None:
                try:
                    reply = self._line(timeout).split()
                    while reply[:1] == ["U"]:  # a late answer to a question of its time
                        reply = self._line(timeout).split()
                except _Silent:
                    return None
                if reply[:1] != ["X"] or len(reply) != 4:
                    raise SandboxError(f"unexpected answer from the runner: {reply}")
                return int(reply[2]), float(reply[3])

        except BaseException:
            os.close(job_w)
            os.close(result_r)
            raise
        finally:
            os.close(job_r)
            os.close(result_w)
        return _Child(kill, wait, used, job_w, unsent, result_r, ended)

    def _job_frame(self, job: _Job) -> bytes:
        """The job frame: the source and what to call; never an input."""
        left = max(1, int(job.deadline - self.clock() + 1))
        header = {
            "function": job.function,
            "filename": job.filename,
            "limits": dict(DEFAULT_LIMITS, cpu_seconds=left, **(job.limits or {})),
            **(job.calling or {}),  # only for an exercise that declares them: others' jobs are unchanged
        }
        body = _frames.pack_job(header, job.source)
        return _frames.HEADER.pack(_frames.MAGIC, _frames.JOB, len(body)) + body

    def _one_child(
        self, job: _Job, pending: list[int], outcome: JobOutcome, case_timeout: float
    ) -> tuple[str | None, float, bool, bool] | None:
        """Run the `pending` cases in one child until they are done or one hangs. When a step timed
        out: (the step: a case id, None for loading; its limit; whether the child was mostly idle;
        whether it was asleep by its own doing, as the runner saw it)."""
        capture, close_capture = _capture_file(self.scratch)
        earlier = set(outcome.cases)  # what earlier children left: their own exits explain them
        loaded = outcome.load_error is None
        try:
            finished, killed, (status, cpu), timed_out = self._watch(
                job, pending, outcome, case_timeout, capture
            )
            job.outputs.append(os.pread(capture, MAX_CAPTURE + 1, 0))
        finally:
            close_capture()
        exit_info = _describe_status(status)
        if outcome.load_error is not None or not finished:
            self._explain_exit(outcome, exit_info, killed, earlier, loaded)
        if timed_out is None:
            return None
        step, limit, used, asleep = timed_out
        # the step's own CPU time where the runner said it; else the whole child's (an upper bound)
        return step, limit, (cpu if used is None else used) < CONFIRM_SHARE * limit, asleep

    @staticmethod
    def _forget(outcome: JobOutcome, step: str | None) -> None:
        """Take back a timeout that is to be tried again."""
        if step is None:
            outcome.load_error = None
        else:
            outcome.cases.pop(step, None)

    def _watch(
        self, job: _Job, pending: list[int], outcome: JobOutcome, case_timeout: float, capture: int
    ) -> tuple[bool, bool, tuple[int, float], tuple[str | None, float, float | None] | None]:
        """Start a child on the `pending` cases and follow its frames; (finished, killed, (wait status,
        CPU seconds), (the step that timed out, its limit, its CPU seconds if known) or None).
        Every frame is checked before it is used; anything out of place ends the child ("protocol")."""
        cases = [job.cases[index] for index in pending]
        deadline = job.deadline
        timed_out = None
        gate = len(pending) if job.gate is None else sum(1 for index in pending if index < job.gate)
        order = {"key": job.case_set, "run": pending, "gate": gate}
        child = self._spawn_child(capture, self._job_frame(job), order)
        kill, wait = child.kill, child.wait
        killed = False
        finished = False
        try:
            try:
                if child.unsent:
                    _frames.write_all(child.job_w, child.unsent)
            except OSError:
                pass  # the child died before reading; its exit status tells why
            finally:
                os.close(child.job_w)
            # Before the gate the grader reads each frame as it comes, to open the gate at once.
            gated = gate < len(cases)
            reader = _frames.FrameReader(
                child.result_r, None if gated else child.ended, max_body=job.max_body
            )
            end = object()  # every case has its result; only DONE may follow
            expected = iter([None, *[c.id for c in cases], end])  # None: the import step
            current = next(expected)
            position = -1  # of `current` in `cases`: -1 while the module loads
            hello = False
            answered = -1  # cases with a result

            def open_gate() -> None:
                try:
                    self.control.sendall(b"G\n")
                except OSError:
                    pass  # the runner is gone: its absence is noticed below
                if not reader.closed:
                    reader.ended = child.ended

            def lost(status: str, error: dict | None = None) -> None:
                # trouble after the last result (a forged frame, no DONE) is the last case's
                self._lost(outcome, cases[-1].id if current is end and cases else current, status, error)

            limits = {c.id: min(c.timeout, case_timeout) for c in cases if c.timeout is not None}
            step_start = self.clock()
            stretch = 0.0  # seconds the current step was given beyond its limit (see CHARGE_SHARE)
            while True:
                self._give_back(job)
                deadline = job.deadline
                limit = limits.get(current, case_timeout)
                step_deadline = min(deadline, step_start + limit + stretch)
                try:
                    frame = reader.read(step_deadline, self.clock)
                except TimeoutError:
                    given = self._give_back(job)
                    if given:  # the grader was held up meanwhile: the step had that much less time
                        stretch += given
                        continue
                    more, used, asleep = self._more_time(
                        child, position, limit, self.clock() - step_start, deadline
                    )
                    if more:
                        stretch += more
                        continue
                    kill()
                    killed = True
                    step = cases[-1].id if current is end and cases else current
                    timed_out = (step, max(0.0, min(limit, deadline - step_start)), used, asleep)
                    lost("timeout", {"limit": round(timed_out[1], 3)})
                    break
                except _frames.ProtocolError as error:
                    kill()
                    killed = True
                    too_large = isinstance(error, _frames.TooLarge) and current is not None
                    lost("too-large" if too_large else "protocol", {"message": inert.clean(error, 200)})
                    break
                if frame is None:  # the child ended without saying more
                    lost("crashed")
                    break
                kind, body = frame
                try:
                    header, _, arrays = _frames.unpack(body, max_header=MAX_HEADER)
                    del body
                    if not hello:  # the runner's own first frame, before any student code
                        if kind == _frames.ERROR and header.get("kind") == "runner":
                            raise SandboxError(
                                f"the sandbox failed: {inert.clean(header.get('message'), 300)}"
                            )
                        if kind != _frames.HELLO:
                            raise _Forged("no greeting")
                        hello = True
                        layers = header.get("layers")
                        outcome.layers = layers if isinstance(layers, dict) else {}
                        continue
                    if kind == _frames.ERROR and current is None:
                        outcome.load_error = _load_error(header)
                        break
                    if kind == _frames.DONE and current is end:
                        finished = True
                        break
                    if kind != _frames.RESULT:
                        raise _Forged("a frame out of place")
                    now = self._sent(header, step_start)
                    if current is None:
                        if header.get("status") != "imported" or arrays:
                            raise _Forged("a frame out of place")
                    else:
                        if current is end or header.get("case") != current:
                            raise _Forged("a frame out of place")
                        wanted = job.wanted.get(current) if job.wanted is not None else None
                        outcome.cases[current] = self._case_run(header, arrays, now - step_start, wanted)
                    current = next(expected)
                    position += 1
                    step_start, stretch = now, 0.0
                    answered += 1
                    if gated and answered == gate:
                        gated = False
                        open_gate()
                        # the case behind the gate starts when the gate opens, however late the grader
                        # got to the results before it
                        step_start = max(step_start, self.clock())
                except (_Forged, _frames.ProtocolError) as error:
                    lost("protocol", {"message": inert.clean(error, 200)})
                    kill()
                    killed = True
                    break
        finally:
            os.close(child.result_r)
            # A child may stop talking and go on running (it closed its pipe, or forged a last frame):
            # the runner would wait for it, and every later job behind it.
            status = wait(min(EXIT_GRACE, max(0.1, deadline - self.clock())))
            if status is None:
                kill()
                status = wait(30)
                if status is None:
                    raise SandboxError("the sandbox runner did not answer")
        return finished, killed, status, timed_out

    def _more_time(
        self, child: _Child, position: int, limit: float, waited: float, deadline: float
    ) -> tuple[float, float | None, bool]:
        """(Seconds more, the CPU seconds it has used if known, whether it slept by its own doing) for
        a step at its deadline. A step that had less than CHARGE_SHARE of its limit on the CPU, though
        it ran at least RUNNING_SHARE of the time (others kept it from the CPU; it was not waiting by
        itself), gets enough to reach that share at full speed, within STRETCH times its limit and the
        job's budget. Otherwise its timeout stands, and _one_child judges whose it is: a child that
        the runner saw asleep by itself, holding what the step needs, and that spent most of its life
        neither on a CPU nor queued for one, has had all it needed from the grader."""
        if limit <= 0 or self.clock() >= deadline:
            return 0.0, None, False
        used, wanted, asleep = child.used(position)
        own = asleep is True and wanted is not None and wanted < WANTED_SHARE
        if used is None or used >= CHARGE_SHARE * limit:
            return 0.0, used, own
        # Kept from the CPU, or waiting by itself? The kernel's count of its time on a run queue says
        # (where it keeps one); and a crowded child still runs a tenth of the time: one that only
        # queues (yielding its turn again and again) is not working towards an answer.
        crowded = used >= RUNNING_SHARE * waited and (wanted is None or wanted >= WANTED_SHARE)
        if not crowded:
            return 0.0, used, own
        if waited >= STRETCH * limit:
            return 0.0, used, False
        return min(max(CHARGE_SHARE * limit - used, 0.01), STRETCH * limit - waited), used, False

    def _sent(self, header: dict, earliest: float) -> float:
        """When the child sent a frame: the time it gives (the grader may read frames a while after), if
        that lies between the previous frame's and now; else now (also when the clock is not the
        system's monotonic one, which the child's times are read on)."""
        now = self.clock()
        sent = header.get("t")
        if self.clock is time.monotonic and type(sent) is float and earliest <= sent <= now:
            return sent
        return now

    @staticmethod
    def _case_run(header: dict, arrays: list, seconds: float, wanted: int | None = None) -> CaseRun:
        """One case's result frame, checked field by field (raises _Forged). With in-place arguments
        (`wanted`: the arrays they hold) an answer is exactly those arrays, described as "arguments"
        with the one type the function returned; without, never "arguments"."""
        status = header.get("status")
        if status == "ok":
            structure = header.get("structure")
            types = header.get("types")
            if wanted is not None:
                if structure != "arguments" or type(types) is not list or len(types) != 1:
                    raise _Forged("a malformed answer")
                if header.get("outputs") != len(arrays) or len(arrays) != wanted:
                    raise _Forged("a malformed answer")
            else:
                if structure not in STRUCTURES or type(types) is not list or len(types) > MAX_OUTPUTS:
                    raise _Forged("a malformed answer")
                if header.get("outputs") != len(arrays) or len(arrays) > MAX_OUTPUTS:
                    raise _Forged("a malformed answer")
                if structure == "array" and len(arrays) != 1:
                    raise _Forged("a malformed answer")
            return CaseRun(
                status="ok",
                outputs=arrays,
                structure=structure,
                types=[_text({"t": t}, "t", 100, one_line=True, required=True) for t in types],
                seconds=round(seconds, 4),
            )
        if status == "exception" and not arrays:
            error = _error_fields(header)
            return CaseRun(
                status="memory" if error["memory"] else "exception", error=error, seconds=round(seconds, 4)
            )
        raise _Forged("a malformed answer")

    @staticmethod
    def _lost(outcome: JobOutcome, current: str | None, status: str, error: dict | None = None) -> None:
        """The child stopped (or was stopped) during `current`: the import step or a case."""
        if current is None:
            outcome.load_error = {"kind": status, **(error or {})}
        else:
            outcome.cases[current] = CaseRun(status=status, error=error or {})

    @staticmethod
    def _explain_exit(outcome: JobOutcome, exit_info: dict, killed: bool, earlier: set, loaded: bool) -> None:
        """Attach how the child ended to what this child left unfinished, never to a case an earlier
        child ended on (a later child's exit status may have been chosen after a hidden input)."""
        if killed:
            return
        targets = []
        if (
            loaded
            and outcome.load_error is not None
            and outcome.load_error.get("kind") in ("crashed", "protocol")
        ):
            targets.append(outcome.load_error)
        targets += [c.error for k, c in outcome.cases.items() if c.status == "crashed" and k not in earlier]
        for info in targets:
            info.update(exit_info)
            if exit_info.get("signal") == "SIGXCPU":
                info["cpu_limit"] = True
