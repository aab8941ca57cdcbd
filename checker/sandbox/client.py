"""The grader's side of the sandbox: start a runner, hand it jobs, collect framed results, enforce time.

The grader process never runs student code and never forks itself (subprocesses are fork+exec). A
runner is a fresh interpreter (`python -I runner.py`) that has imported numpy and nothing of the grader;
it forks a blank child per job, and only the child ever sees the job. A hang costs that case and a fresh
child for the cases after it; the whole job is bounded by its time budget.

Two things keep a child cheap. Every file of a class gets the same cases, so their inputs are loaded
into the runner once (a case set, inputs only) and a job names them instead of carrying them. And the
grader reads a child's results when it has ended, at a deadline, or every few milliseconds, rather than
waking for each frame: each frame carries the time it was sent, which times its case.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from checker.sandbox import _frames

RUNNER = Path(__file__).with_name("runner.py")
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
DEFAULT_LIMITS = {"memory_bytes": 512 << 20, "file_bytes": 1 << 20}  # above what numpy has mapped
MAX_CASE_SETS = 8  # case lists a runner keeps loaded (a batch needs one per exercise)
RESULT_PIPE_BYTES = 1 << 20  # a result pipe holds a child's usual frames until the grader reads them


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
    """What happened to one case in the child. `outputs` are numpy arrays; `mutated` says, per
    argument, whether the function changed it in place."""

    status: str  # ok | exception | timeout | crashed | memory | not-run | protocol
    outputs: list = field(default_factory=list)
    mutated: list = field(default_factory=list)
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


def _interpreter(scratch: Path) -> list[str]:
    """A fresh, isolated interpreter for runner.py: -I (no environment, no user site), -S (no site
    processing, the slowest part of starting), with numpy's folder given to it explicitly; inside
    bubblewrap namespaces when bubblewrap works on this machine."""
    command = [sys.executable, "-I", "-S", str(RUNNER), "--numpy-home", _numpy_home()]
    return [*_bubblewrap(scratch), *command] if bubblewrap_available() else command


def _bubblewrap(scratch: Path) -> list[str]:
    """New user, pid, network, IPC and UTS namespaces; the whole file system read-only but for the
    scratch folder (Landlock narrows reads further); killed with the grader."""
    return [
        shutil.which("bwrap") or "bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
        "--setenv", "LANG", "C.UTF-8",
        "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc",
        "--bind", str(scratch), str(scratch),
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
    probe = tempfile.mkdtemp(prefix="lstm-quiz-probe-")
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
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                try:
                    os.unlink(entry.path)
                except FileNotFoundError:
                    pass


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
            described.append([arg.dtype.str, arg.shape])
            digest.update(arg)
            arrays.append(arg)
    digest.update(json.dumps(described).encode())
    return digest.hexdigest(), arrays


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
    child's). Returns (descriptor, close)."""
    try:
        fd = os.open(folder, os.O_TMPFILE | os.O_RDWR, 0o600)
    except (AttributeError, OSError):  # no O_TMPFILE here
        file = tempfile.TemporaryFile(dir=folder)
        return file.fileno(), file.close
    return fd, functools.partial(os.close, fd)


@dataclass
class _Child:
    """A child being started: kill() ends it; wait(timeout) gives its waitpid status, or None while it
    runs; `unsent` is what is left to write of its job on `job_w`; `ended`, when not None, becomes
    readable once it has ended (the runner's answer comes)."""

    kill: Callable[[], None]
    wait: Callable[[float], int | None]
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
    case_set: str | None  # the key under which the runner holds `cases`; None: each child gets them
    deadline: float
    limits: dict | None
    outputs: list = field(default_factory=list)  # what each child printed


def _describe_status(status: int) -> dict:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
        return {"signal": name}
    return {"exit_code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else status}


class Runner:
    """One runner process; jobs run one at a time. Use as a context manager, or call close()."""

    def __init__(self, mode: str = "fork", clock: Callable[[], float] = time.monotonic) -> None:
        if mode not in ("fork", "spawn"):
            raise ValueError("mode is 'fork' or 'spawn'")
        if mode == "fork" and not hasattr(socket, "send_fds"):
            mode = "spawn"
        self.mode = mode
        self.clock = clock
        self.process: subprocess.Popen | None = None
        self.control: socket.socket | None = None
        self.hello: dict = {}
        self._lines = b""
        self.namespaces = False
        # The one folder children may write in (Landlock's rules are built once, for this path). It
        # holds one submission at a time and is emptied after each job.
        self.scratch = Path(tempfile.mkdtemp(prefix="lstm-quiz-"))
        self.workdir = self.scratch / "work"
        self.workdir.mkdir()
        self._clean = True  # the work folder holds nothing
        self._case_sets: OrderedDict[str, None] = OrderedDict()  # keys loaded in the runner, oldest first

    # -- lifecycle ----------------------------------------------------------------------------------

    def start(self) -> Runner:
        """Start the runner (fork mode); returns at once, the runner boots in the background."""
        if self.mode == "spawn" or self.process is not None:
            return self
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        # Namespaces are tried without a probe (which would cost every `check`); a runner that does not
        # start inside them is replaced by one without them (see _ensure_hello).
        self.namespaces = _bubblewrap_wanted()
        command = [sys.executable, "-I", "-S", str(RUNNER), "--numpy-home", _numpy_home()]
        if self.namespaces:
            command = [*_bubblewrap(self.scratch), *command]
        self.process = subprocess.Popen(
            [*command, "serve", str(theirs.fileno()), str(self.workdir)],
            pass_fds=[theirs.fileno()],
            env=_scrubbed_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        theirs.close()
        self.control = ours
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
        if self.mode == "fork" and not self.hello:
            self.start()
            try:
                self.hello = json.loads(self._line(30))
            except SandboxError:
                if not self.namespaces:
                    raise
                _BWRAP_FAILED.append(True)  # bubblewrap cannot run here: go on without namespaces
                if self.control is not None:
                    self.control.close()
                    self.control = None
                if self.process is not None:
                    self.process.kill()
                    self.process = None
                self._lines = b""
                self.start()
                self.hello = json.loads(self._line(30))

    def close(self, wait: bool = False) -> None:
        """Stop the runner: it exits by itself when its control socket closes (no need to wait)."""
        shutil.rmtree(self.scratch, ignore_errors=True)
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
    ) -> JobOutcome:
        """Run `function` of `source` on every case, each in turn, in sandboxed children.

        After a case has timed out the later ones get at most `quick_timeout` seconds each; after
        `max_timeouts_in_a_row` timeouts the remaining cases are not run. In fork mode the case inputs
        are loaded into the runner the first time a list of cases is seen (see _case_set)."""
        start = self.clock()
        deadline = start + budget
        outcome = JobOutcome(cases={})
        job = _Job(source, filename, function, cases, self._case_set(cases), deadline, limits)
        pending = list(range(len(cases)))  # positions in `cases`
        if not self._clean:
            _empty(self.workdir)
        self._clean = False
        (self.workdir / filename).write_bytes(source)
        try:
            while pending:
                if self.clock() >= deadline:
                    for index in pending:
                        outcome.cases[cases[index].id] = CaseRun(status="not-run")
                    break
                done = self._one_child(job, pending, outcome, case_timeout)
                if outcome.load_error is not None:
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
                if not done and not pending:
                    break
        finally:
            _empty(self.workdir)  # nothing of this submission is left for the next one
            self._clean = True
        text = b"".join(job.outputs)
        outcome.output_truncated = len(text) > MAX_CAPTURE
        outcome.output = text[:MAX_CAPTURE].decode("utf-8", errors="replace")
        outcome.seconds = round(self.clock() - start, 4)
        return outcome

    def _case_set(self, cases: Sequence[CaseInput]) -> str | None:
        """Fork mode: the key under which the runner holds these cases' inputs, loading them the first
        time (every file of a class gets the same cases: each child then inherits them instead of
        reading and parsing them). None in spawn mode, or if the runner refused them (each child then
        gets its inputs with its job)."""
        if self.mode != "fork" or not cases:
            return None
        try:
            key, arrays = _case_digest(cases)
        except (ValueError, TypeError, BufferError):  # not plain arrays: the child will refuse them
            return None
        if key in self._case_sets:
            self._case_sets.move_to_end(key)
            return key
        self._ensure_hello()
        assert self.control is not None
        drop = list(self._case_sets)[: max(0, len(self._case_sets) - MAX_CASE_SETS + 1)]
        header = {"key": key, "drop": drop, "cases": [{"id": c.id, "nargs": len(c.args)} for c in cases]}
        body = _frames.pack(header, arrays)
        read, write = os.pipe()
        try:
            try:
                socket.send_fds(self.control, [_frames.CASES], [read])
            except OSError as error:
                raise SandboxError(f"the sandbox runner is gone: {error}") from None
            finally:
                os.close(read)
            try:
                _frames.write_frame(write, _frames.CASES, body)
            except OSError:
                pass  # the runner stopped reading: its answer (or its absence) tells
        finally:
            os.close(write)
        if self._line(30) != "C ok":
            return None
        for old in drop:
            del self._case_sets[old]
        self._case_sets[key] = None
        return key

    def _spawn_child(self, capture_fd: int, job: bytes) -> _Child:
        """A blank child with its job and result pipes, its job (a whole frame) written as far as the
        pipe takes it. In fork mode the runner kills it: inside a pid namespace only it knows the pid."""
        job_r, job_w = os.pipe()
        result_r, result_w = os.pipe()
        ended = None
        try:
            unsent = _prefill(job_w, job)
            if self.mode == "fork":
                self._ensure_hello()
                assert self.control is not None
                if _roomy(result_r):
                    ended = self.control
                try:  # the runner forks at once; the job goes straight to the child's pipe
                    socket.send_fds(self.control, [b"F"], [job_r, result_w, capture_fd])
                except OSError as error:
                    raise SandboxError(f"the sandbox runner is gone: {error}") from None

                def kill() -> None:
                    try:
                        self.control.sendall(b"K\n")
                    except OSError:
                        pass

                def wait(timeout: float) -> int | None:
                    try:
                        reply = self._line(timeout).split()
                    except _Silent:
                        return None
                    if reply[:1] != ["X"] or len(reply) != 3:
                        raise SandboxError(f"unexpected answer from the runner: {reply}")
                    return int(reply[2])

            else:
                process = subprocess.Popen(
                    [
                        *_interpreter(self.scratch),
                        "single",
                        str(job_r),
                        str(result_w),
                        str(capture_fd),
                        str(self.workdir),
                    ],  # fmt: skip
                    pass_fds=[job_r, result_w, capture_fd],
                    env=_scrubbed_env(),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )

                def kill() -> None:
                    _kill(process.pid)  # our own child: ending it ends its whole sandbox

                def wait(timeout: float) -> int | None:
                    try:
                        code = process.wait(timeout)
                    except subprocess.TimeoutExpired:
                        return None
                    return (-code) if code < 0 else (code << 8)  # as a waitpid status

        except BaseException:
            os.close(job_w)
            os.close(result_r)
            raise
        finally:
            os.close(job_r)
            os.close(result_w)
        return _Child(kill, wait, job_w, unsent, result_r, ended)

    def _job_frame(self, job: _Job, pending: list[int]) -> bytes:
        """The job frame: the source, and the inputs of the `pending` cases or where the runner holds
        them."""
        left = max(1, int(job.deadline - self.clock() + 1))
        header = {
            "function": job.function,
            "filename": job.filename,
            "workdir": str(self.workdir),
            "limits": dict(DEFAULT_LIMITS, cpu_seconds=left, **(job.limits or {})),
        }
        if job.case_set is not None:
            header.update(caseset=job.case_set, run=pending)
            body = _frames.pack_job(header, job.source)
        else:
            cases = [job.cases[index] for index in pending]
            header["cases"] = [{"id": c.id, "nargs": len(c.args)} for c in cases]
            body = _frames.pack_job(header, job.source, [a for c in cases for a in c.args])
        return _frames.HEADER.pack(_frames.MAGIC, _frames.JOB, len(body)) + body

    def _one_child(self, job: _Job, pending: list[int], outcome: JobOutcome, case_timeout: float) -> bool:
        """Run the `pending` cases in one child until they are done or one hangs; True when the child
        finished."""
        capture, close_capture = _capture_file(self.scratch)
        try:
            finished, killed, status = self._watch(job, pending, outcome, case_timeout, capture)
            job.outputs.append(os.pread(capture, MAX_CAPTURE + 1, 0))
        finally:
            close_capture()
        exit_info = _describe_status(status)
        if outcome.load_error is not None or not finished:
            self._explain_exit(outcome, exit_info, killed)
        return finished

    def _watch(
        self, job: _Job, pending: list[int], outcome: JobOutcome, case_timeout: float, capture: int
    ) -> tuple[bool, bool, int]:
        """Start a child on the `pending` cases and follow its frames; (finished, killed, status)."""
        cases = [job.cases[index] for index in pending]
        deadline = job.deadline
        child = self._spawn_child(capture, self._job_frame(job, pending))
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
            reader = _frames.FrameReader(child.result_r, child.ended)
            end = object()  # every case has its result; only DONE may follow
            expected = iter([None, *[c.id for c in cases], end])  # None: the import step
            current = next(expected)
            hello = False

            def lost(status: str, error: dict | None = None) -> None:
                # trouble after the last result (a forged frame, no DONE) is the last case's
                self._lost(outcome, cases[-1].id if current is end else current, status, error)

            limits = {c.id: min(c.timeout, case_timeout) for c in cases if c.timeout is not None}
            step_start = self.clock()
            while True:
                step_deadline = min(deadline, step_start + limits.get(current, case_timeout))
                try:
                    frame = reader.read(step_deadline, self.clock)
                except TimeoutError:
                    kill()
                    killed = True
                    lost("timeout")
                    break
                except _frames.ProtocolError as error:
                    kill()
                    killed = True
                    lost("protocol", {"message": str(error)})
                    break
                if frame is None:  # the child ended without saying more
                    lost("crashed")
                    break
                kind, body = frame
                try:
                    header, _, arrays = _frames.unpack(body)
                except _frames.ProtocolError as error:
                    lost("protocol", {"message": str(error)})
                    kill()
                    killed = True
                    break
                # The runner's own frames (HELLO, a runner fault) come first, before any student code:
                # later ones are the student's forgeries and must not set the isolation report or
                # blame the grader.
                if kind == _frames.HELLO and not hello:
                    hello = True
                    outcome.layers = (
                        header.get("layers", {}) if isinstance(header.get("layers"), dict) else {}
                    )
                    continue
                forged_fault = hello and header.get("kind") == "runner"
                if kind == _frames.ERROR and not forged_fault and current is not end:
                    header = {k: v for k, v in header.items() if k not in ("blob", "arrays")}
                    outcome.load_error = header if current is None else None
                    if current is not None:
                        lost("crashed", header)
                    break
                if kind == _frames.DONE and current is end:
                    finished = True
                    break
                now = self._sent(header, step_start)
                if kind == _frames.RESULT and current is None and header.get("status") == "imported":
                    current = next(expected)
                    step_start = now
                    continue
                if kind != _frames.RESULT or header.get("case") != current or current is None:
                    lost("protocol", {"message": "a frame out of place"})
                    kill()
                    killed = True
                    break
                outcome.cases[current] = self._case_run(header, arrays, now - step_start)
                current = next(expected)
                step_start = now
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
        return finished, killed, status

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
    def _case_run(header: dict, arrays: list, seconds: float) -> CaseRun:
        if header.get("status") == "ok":
            n = int(header.get("outputs", 0))
            return CaseRun(
                status="ok",
                outputs=arrays[:n],
                mutated=[bool(m) for m in header.get("mutated", [])][:16],
                structure=str(header.get("structure", "")),
                types=[str(t) for t in header.get("types", [])][:8],
                seconds=round(seconds, 4),
            )
        error = {k: header.get(k) for k in ("type", "message", "traceback", "not_implemented", "memory")}
        status = "memory" if error.get("memory") else "exception"
        return CaseRun(status=status, error=error, seconds=round(seconds, 4))

    @staticmethod
    def _lost(outcome: JobOutcome, current: str | None, status: str, error: dict | None = None) -> None:
        """The child stopped (or was stopped) during `current`: the import step or a case."""
        if current is None:
            outcome.load_error = {"kind": status, **(error or {})}
        else:
            outcome.cases[current] = CaseRun(status=status, error=error or {})

    @staticmethod
    def _explain_exit(outcome: JobOutcome, exit_info: dict, killed: bool) -> None:
        """Attach how the child ended to whatever it left unfinished."""
        if killed:
            return
        targets = []
        if outcome.load_error is not None and outcome.load_error.get("kind") in ("crashed", "protocol"):
            targets.append(outcome.load_error)
        targets += [c.error for c in outcome.cases.values() if c.status == "crashed"]
        for info in targets:
            info.update(exit_info)
            if exit_info.get("signal") == "SIGXCPU":
                info["cpu_limit"] = True
