"""Grading a whole class: every submission exactly as `check` grades it, in parallel, journaled.

Each worker process owns one sandbox runner (a fork server); the grader never runs student code.
A crash, hang or hostile file costs its own submission only. What the journal already holds for the same
file, exercise, secret seed and grader version is reused, never graded twice.

A fault of the grader's own while grading a file (an exception anywhere in grading it, a work folder
that cannot be prepared, a worker process that dies or stops answering) is that file's result, marked
as a grader fault (error_kind "grader"): the batch goes on, the student is not charged, and the next
run (--resume) grades the file again.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from checker.batch import spawn
from checker.batch.discover import Submission, found_bytes
from checker.batch.journal import Entry, Journal, Summary, cache_key, compact, seed_digest, summarize
from checker.codecheck import Exam, check_source
from checker.policy import BATCH, RunPolicy
from checker.submission import check_submission, read_submission

SECRET_ENV = "LSTM_QUIZ_SECRET"


class GraderFault(RuntimeError):
    """The grader itself failed (never a submission's doing); what was journaled is kept."""


GRADER_FAULT = "grader"  # the error_kind of a result the grader failed to produce (graded again on reuse)


def grader_version() -> str:
    import checker

    return str(checker.__version__)


# The code that decides a result: a source checkout keeps its version number however it changes.
GRADING_CODE = ("codecheck.py", "submission.py", "policy.py", "results.py", "specs", "diagnosis", "sandbox")


def _grading_code() -> list[Path]:
    import checker

    home = Path(checker.__file__).parent
    files: list[Path] = []
    for name in GRADING_CODE:
        path = home / name
        files += sorted(path.glob("*.py")) if path.is_dir() else [path]
    return files


def grading_version(registry) -> str:
    """The grader's version, and a digest of the code that grades and of every exercise it grades
    (the shipped ones too): a result is reused, or joined by merge, only while what graded it is the
    same."""
    digest = hashlib.sha256()
    for path in _grading_code():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for info in registry.infos().values():
        for name in ("exercise.yaml", "spec.py", "diagnosis.py"):
            path = info.folder / name
            if path.is_file():
                digest.update(name.encode() + b"\0" + path.read_bytes())
    return grader_version() + "+" + digest.hexdigest()[:12]


def seed_from_secret(secret: str) -> int:
    """The hidden cases' seed from the instructor's secret (any text)."""
    return int.from_bytes(hashlib.sha256(secret.encode("utf-8")).digest()[:8], "big")


def choose_secret(given: str | None) -> tuple[str, bool]:
    """(secret, generated): --seed, else $LSTM_QUIZ_SECRET, else a new random one."""
    if given:
        return given, False
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV], False
    return secrets.token_hex(16), True


@dataclass(frozen=True)
class Settings:
    seed: int
    jobs: int = 2
    timeout: float = 10.0
    mode: str = "fork"
    version: str = ""
    exercise_dirs: tuple[str, ...] = ()  # an instructor's own exercises, beside the shipped ones
    allow_imports: tuple[str, ...] = ()  # packages beyond numpy submissions may import (--allow-import)

    @property
    def digest(self) -> str:
        return seed_digest(self.seed)

    @property
    def policy(self) -> RunPolicy:
        """A batch's limits (a correct solution needs milliseconds per test, one written with Python
        loops about 0.1 s for the largest; an endless loop costs a core for as long as it may run)."""
        return BATCH.with_budget(self.timeout)

    def registry(self):
        from checker.specs.registry import Registry

        return Registry(self.exercise_dirs)


def shard(submissions: list[Submission], index: int, count: int) -> list[Submission]:
    """The index-th (1-based) of `count` deterministic slices, by a hash of the student id."""

    def bucket(s: Submission) -> int:
        return int(hashlib.sha256(s.student.encode("utf-8")).hexdigest(), 16) % count

    return [s for s in submissions if bucket(s) == index - 1]


def grade_all(
    submissions: Iterable[Submission],
    settings: Settings,
    journal: Journal,
    previous: list[Summary],  # what the journal already holds
    on_result: Callable[[Summary, bool], None] | None = None,
    workers: Workers | None = None,
) -> list[Summary]:
    """Grade what the journal does not already hold; journal each result the moment it is known.

    Returns a Summary per submission; whole results stay in the journal (Summary.offset). `workers`,
    if given (started early), do the grading; otherwise they are started here if needed."""
    results: list[Summary] = []
    todo: list[tuple[Submission, str]] = []
    # A grader fault is no result: the file is graded again (by --resume, or any rerun).
    previous = [s for s in previous if s.error_kind != GRADER_FAULT]
    done = {s.key: s for s in previous}  # the same file content graded before, for anyone
    journaled = {(s.student, s.exercise, s.key): s for s in previous}
    for submission in submissions:
        key = cache_key(submission.sha256, submission.exercise, settings.digest, settings.version)
        mine = journaled.get((submission.student, submission.exercise, key))
        cached = done.get(key)
        if mine is not None and mine.name == submission.name:
            summary = mine
        elif cached is not None:  # the same content, graded for another student or under another name
            summary = _reuse(journal, cached, submission)
        else:
            todo.append((submission, key))
            continue
        results.append(summary)
        if on_result:
            on_result(summary, True)
    if not todo:
        return results

    def record(line: str, summary: Summary) -> None:
        summary = compact(summary, _append(journal, line))
        results.append(summary)
        if on_result:
            on_result(summary, False)

    if workers is not None:
        workers.grade(todo, record)
    elif settings.jobs <= 1:
        _worker_start(settings)
        try:
            for item in todo:
                record(*_graded(item))
        finally:
            _worker_stop()
    else:
        with Workers(settings) as started:
            started.grade(todo, record)
    return results


def _append(journal: Journal, line: str) -> int:
    try:
        return journal.append(line)
    except OSError as error:  # a full disk, say: nothing more can be kept, the batch stops here
        raise GraderFault(f"the journal cannot be written: {fault_detail(error)}") from error  # ENOSPC?


def _reuse(journal: Journal, cached: Summary, submission: Submission) -> Summary:
    """Journal an earlier result for this submission (the journal stays a full record of every row)."""
    data = json.loads(journal.line_at(cached.offset))
    data.update(student=submission.student, name=submission.name, lms_id=submission.lms_id,
                sha256=submission.sha256)  # fmt: skip
    line = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    offset = _append(journal, line)
    return replace(cached, student=submission.student, name=submission.name, lms_id=submission.lms_id,
                   offset=offset)  # fmt: skip


# -- worker processes ---------------------------------------------------------------------------------
# Workers are processes, not threads: comparing arrays and encoding results is Python work, and threads
# would queue on one interpreter lock. They are spawned, not forked: a fork of a process whose BLAS
# threads are running can deadlock. Each worker grades on one lane (a thread and its sandbox runner),
# which keeps its CPU busy by itself: the grader's work and the submission's child take turns on it,
# never waiting for each other. A second lane running all the time would only share that CPU, at a
# cost: another runner to start, and every child's caches cooled by the other lane's work in between
# (children use about a tenth more CPU). Files that sleep or loop do hold a lane without using the
# CPU, or while other files wait: a spare lane takes the next tasks, one after another, while every
# busy lane has been on its file for SPARE_AFTER (an honest file takes a few milliseconds), starting
# its runner the first time it is needed. A second spare joins them only when the worker's CPU has been
# idle meanwhile (IdleMeter): when files that sleep meet, not when one of them loops, where it would
# only start a runner of its own to share a busy CPU.

LANES = 1
SPARES = 2
SPARE_AFTER = 0.05
HELD = LANES + SPARES + 1  # tasks a worker holds at a time: one waits whenever a lane is free
_WORKER: dict = {}


def _worker_start(settings: Settings) -> None:
    import threading

    _WORKER["settings"] = settings
    _WORKER["registry"] = settings.registry()
    _WORKER["exams"] = {}  # exercise -> Exam: a class shares its cases and expected outputs
    _WORKER["runners"] = []
    _WORKER["local"] = threading.local()
    _WORKER["lock"] = threading.Lock()


def _new_runner():
    from checker.sandbox.client import Runner

    runner = Runner(_WORKER["settings"].mode, allow=_WORKER["settings"].allow_imports)
    try:
        runner.start()
    except BaseException:
        _close_quietly(runner)  # its scratch folder is removed
        raise
    with _WORKER["lock"]:
        _WORKER["runners"].append(runner)
    return runner


def _close_quietly(runner) -> None:
    try:
        runner.close()
    except Exception:  # noqa: BLE001 - a runner in an unknown state: it is dropped all the same
        pass


def _discard_runner() -> None:
    """Drop this lane's runner (after a fault of the grader's its state is unknown): the lane's next
    file gets a fresh runner and a fresh work folder."""
    local = _WORKER.get("local")
    runner = getattr(local, "runner", None) if local is not None else None
    if runner is None:
        return
    local.runner = None
    with _WORKER["lock"]:
        if runner in _WORKER["runners"]:
            _WORKER["runners"].remove(runner)
    _close_quietly(runner)


def _runner():
    """This lane's sandbox runner (one started ahead if there is one, else a new one)."""
    local = _WORKER["local"]
    if getattr(local, "runner", None) is None:
        with _WORKER["lock"]:
            idle = _WORKER.get("idle") or []
            local.runner = idle.pop() if idle else None
        local.runner = local.runner or _new_runner()
    return local.runner


def _release_runner() -> None:
    """This thread's runner back to the worker's idle ones (a spare lane's, after each file): another
    spare lane takes it rather than starting a runner of its own."""
    local = _WORKER["local"]
    runner, local.runner = getattr(local, "runner", None), None
    if runner is not None:
        with _WORKER["lock"]:
            _WORKER.setdefault("idle", []).append(runner)


def _worker_stop() -> None:
    for runner in _WORKER.pop("runners", []):
        runner.close()


def _exam(exercise: int) -> Exam:
    exams = _WORKER["exams"]
    with _WORKER["lock"]:
        if exercise not in exams:
            exams[exercise] = Exam(_WORKER["registry"].spec(exercise), _WORKER["settings"].seed)
        return exams[exercise]


class NotIsolated(RuntimeError):
    """The runner could not build its Landlock ruleset although grade needs one (see secrecy)."""


def _isolated(runner) -> None:
    """A runner whose children could read the grader's files (its Landlock ruleset failed to build,
    the kernel having Landlock) grades no file: each is the grader's fault, unless it is waived."""
    from checker.sandbox import secrecy

    runner._ensure_hello()
    if runner.hello.get("landlock") is False and not secrecy.isolation_waived():
        raise NotIsolated("Landlock could not be set up")


def _grade_one(submission: Submission, key: str) -> Entry:
    settings: Settings = _WORKER["settings"]
    _isolated(_runner())
    name = submission.path.name
    result = check_submission(
        read_submission(found_bytes(submission), name),  # a notebook's cells, a code page's text
        name,
        _exam(submission.exercise),
        check=check_source,  # looked up here, where a test may stand in for it
        policy=settings.policy,
        runner=_runner(),
        show_output=False,
    )
    return Entry(submission.student, submission.exercise, submission.name, submission.sha256, key,
                 submission.lms_id, result, settings.digest)  # fmt: skip


def _graded(item: tuple[Submission, str]) -> tuple[str, Summary]:
    """One submission as its journal line and its summary (small to send between processes).

    Whatever goes wrong on the grader's side while grading it (a runner that cannot start, a work
    folder that cannot be written or emptied, a bug of ours) is that file's grader fault, never the
    batch's end: the lane's runner is replaced, since its state is unknown, and --resume grades the
    file again."""
    import time

    started = time.monotonic()
    try:
        entry = _grade_one(*item)
        if entry.result.grader_fault:  # the sandbox failed (its runner gone, say): the next file's is new
            _discard_runner()
        return entry.to_json(), summarize(entry)
    except Exception as error:  # noqa: BLE001 - a fault of the grader's, not of the submission
        detail = fault_detail(error)
    try:
        _discard_runner()
    except Exception:  # noqa: BLE001 - the next file starts a runner of its own all the same
        pass
    return _faulted(item, detail, time.monotonic() - started)


def fault_detail(error: BaseException) -> str:
    """What a grader fault says of its cause: the exception's type, and for an operating system error
    its code's name (ENOSPC, say); never its message or a file name, which may quote a submission or
    a hidden input."""
    text = type(error).__name__
    if isinstance(error, OSError) and error.errno is not None:
        import errno as errnos

        text += f" ({errnos.errorcode.get(error.errno, error.errno)})"
    return text


def _faulted(
    item: tuple[Submission, str], detail: str, seconds: float = 0.0, registry=None
) -> tuple[str, Summary]:
    """A grader fault as the journal line and summary of this submission."""
    from checker.codecheck import _grader_fault

    submission, key = item
    try:
        registry = registry or _WORKER["registry"]
        result = _grader_fault(registry.spec(submission.exercise), submission.path.name, detail, seconds)
    except Exception:  # noqa: BLE001 - even the exercise's description failed: a bare grader fault
        from checker.codecheck import ERROR, CheckResult
        from checker.results import ErrorKind, Message

        result = CheckResult(
            exercise=submission.exercise, function="?",
            file=submission.path.name, status=ERROR, score=0.0, max_score=0.0,
            error=Message.of("check.grader_fault", detail=detail), error_kind=ErrorKind.GRADER, grader_fault=True,
        )  # fmt: skip
    settings = _WORKER.get("settings")
    entry = Entry(submission.student, submission.exercise, submission.name, submission.sha256, key,
                  submission.lms_id, result, settings.digest if settings else None)  # fmt: skip
    return entry.to_json(), summarize(entry)


def _worker_main(conn, settings: Settings | None, cpu: int | None = None) -> None:
    """A worker process: tasks (index, function, arguments) arrive on `conn`; each lane runs one at a
    time and sends back (index, True, result), or (index, False, error text) if it failed (a fault of
    the grader's: a submission's faults are results). With `cpu`, it keeps to that CPU (see _cpus).
    Without `settings` (started early, see Workers.early), it boots with the usual sandbox and waits
    for the batch's settings as its first message (None: it is not needed)."""
    import queue
    import signal
    import threading
    import time

    for name in ("SIGINT", "SIGTERM", "SIGHUP"):  # Ctrl-C, kill, a closed terminal: the batch's to handle,
        if hasattr(signal, name):  # which ends the workers (and they end with it in any case)
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    _die_with_parent()
    from checker.sandbox import secrecy

    secrecy.not_dumpable()  # its memory holds the secret and the cases: closed to its user's processes
    if cpu is not None:
        try:  # before its threads and runners exist: they, and every child of theirs, inherit it
            os.sched_setaffinity(0, {cpu})
        except (AttributeError, OSError):
            pass
    _worker_start(settings or Settings(seed=0))  # early: only the sandbox's mode is read before the settings
    _start_idle_runners()
    if settings is None:
        _settings_given(conn)
    # An exercise's cases are made by the first file of it (the class may hand in few of the exercises).
    tasks: queue.Queue = queue.Queue()
    sending = threading.Lock()

    def send(reply) -> bool:
        try:
            with sending:
                conn.send(reply)
        except OSError:  # the batch is gone
            return False
        return True

    def do(task) -> bool:
        """Run one task and send its answer; False once the batch is gone."""
        index, function, arguments = task
        try:
            reply = (index, True, function(*arguments))
        except Exception as error:  # noqa: BLE001
            reply = (index, False, f"{type(error).__name__}: {error}")
        try:
            return send(reply)
        except Exception as error:  # noqa: BLE001 - a result that cannot be sent still gets an answer
            return send((index, False, f"{type(error).__name__} while sending a result"))

    busy: dict[int, float] = {}  # lane -> when it took its task
    stopping = threading.Event()

    def lane(number: int) -> None:
        while (task := tasks.get()) is not None:
            busy[number] = time.monotonic()
            try:
                if not do(task):
                    return
            finally:
                busy.pop(number, None)

    spare_turn = threading.Lock()  # one spare at a time decides whether to take a task
    meter = IdleMeter(cpu)

    def spare_task(number: int) -> tuple[object, float]:
        """(the next task, 0) when a spare may take one (then marked busy for `number`); (None, 0) at
        the end; else (False, how long to wait before looking again)."""
        with spare_turn:
            now = time.monotonic()
            wait = _spare_wait(busy, now)
            if wait > 0:
                return False, wait
            if any(n in busy for n in range(LANES, LANES + SPARES) if n != number):  # another spare busy
                idle, wait = meter.idle()
                if not idle:
                    return False, wait
            try:
                task = tasks.get_nowait()
            except queue.Empty:
                return False, SPARE_AFTER
            if task is None:  # the end: left for the lanes
                tasks.put(None)
                return None, 0.0
            busy[number] = now
            return task, 0.0

    def spare(number: int) -> None:
        while True:
            task, wait = spare_task(number)
            if task is None:
                return
            if task is False:
                if stopping.wait(max(wait, 0.001)):
                    return
                continue
            try:  # then straight to the next one, while the lanes still wait
                if not do(task):
                    return
            finally:
                busy.pop(number, None)
                _release_runner()

    lanes = [threading.Thread(target=lane, args=(n,), daemon=True) for n in range(LANES)]
    lanes += [threading.Thread(target=spare, args=(n,), daemon=True) for n in range(LANES, LANES + SPARES)]
    for thread in lanes:
        thread.start()
    try:
        while (task := conn.recv()) is not None:
            tasks.put(task)
    except (EOFError, OSError):  # the batch is gone (killed, say): nothing it gave is wanted any more
        _leave()
    finally:
        stopping.set()
        for _ in range(LANES):
            tasks.put(None)
        for thread in lanes:
            thread.join()
        _worker_stop()
    # Its sandboxes closed and its answers sent, the worker ends now: the interpreter's own teardown
    # (numpy, the grader's modules) takes longer than the worker's whole stop, and the batch waits.
    from checker.entry import end_now

    end_now(0)


_cpus = spawn.cpus  # the CPU each worker keeps to


def _spare_wait(busy: dict[int, float], now: float) -> float:
    """0 when a spare lane may take the next task: every lane is busy, and every busy lane (spares
    too) has been on its file for SPARE_AFTER (`busy`: lane -> when it took its task). Otherwise the
    seconds until that could be so: a spare sleeps that long instead of looking again and again. Read
    from one copy: the lane may finish its file (and leave `busy`) while a spare looks."""
    busy = dict(busy)
    if any(n not in busy for n in range(LANES)):
        return SPARE_AFTER
    return max(0.0, max(busy.values()) + SPARE_AFTER - now)


IDLE_SHARE = 0.3  # of the worker's CPU left idle while every lane waited: a second spare is worth it


class IdleMeter:
    """Whether the worker's CPU has lately been left idle (Linux: its idle and I/O-wait time in
    /proc/stat, per CPU when the worker keeps to one, else the machine's per CPU). A look compares
    with the one before, at least WINDOW apart; a reading that cannot be had says "not idle"."""

    WINDOW = 0.03

    def __init__(self, cpu: int | None, read: Callable[[], float | None] | None = None, clock=None) -> None:
        import time

        self.read = read or (lambda: _idle_seconds(cpu))
        self.clock = clock or time.monotonic
        self.last: tuple[float, float] | None = None  # (when, idle seconds then)

    def idle(self) -> tuple[bool, float]:
        """(idle since the last look, seconds to wait before looking again)."""
        now, idle = self.clock(), self.read()
        if idle is None:
            return False, SPARE_AFTER
        last = self.last
        if last is None or now - last[0] > 4 * self.WINDOW:  # none, or too old to speak of now
            self.last = (now, idle)
            return False, self.WINDOW
        if now - last[0] < self.WINDOW:
            return False, self.WINDOW - (now - last[0])
        self.last = (now, idle)
        return (idle - last[1]) / (now - last[0]) >= IDLE_SHARE, SPARE_AFTER


def _idle_seconds(cpu: int | None) -> float | None:
    """Seconds `cpu` (None: the machine's CPUs, per CPU) has been idle or waiting on a disk since boot,
    from /proc/stat; None where it cannot be read."""
    name = "cpu" if cpu is None else f"cpu{cpu}"
    try:
        with open("/proc/stat", "rb") as stat:
            lines = stat.read(1 << 16).decode("ascii", "replace").splitlines()
        ticks = os.sysconf("SC_CLK_TCK")
        cpus = sum(1 for line in lines if line.startswith("cpu") and line[3:4].isdigit())
        for line in lines:
            fields = line.split()
            if fields and fields[0] == name:
                return (int(fields[4]) + int(fields[5])) / ticks / (cpus if cpu is None else 1)
    except (OSError, ValueError, IndexError):
        pass
    return None


def _start_idle_runners() -> None:
    _WORKER["idle"] = []
    for _ in range(LANES):  # they boot in the background, while the first tasks come
        try:
            _WORKER["idle"].append(_new_runner())
        except Exception:  # noqa: BLE001 - the lane tries again for its first file (a grader fault if not)
            pass


def _settings_given(conn) -> None:
    """An early worker: what it can do before the batch's settings are known (the grader's modules
    imported while its runners boot), then the settings. Runners that do not fit them are replaced."""
    import numpy  # noqa: F401 - imported now, while the batch finds its files

    import checker.sandbox.client  # noqa: F401

    try:
        settings = conn.recv()
    except (EOFError, OSError):  # the command ended before it needed this worker
        _leave()
    if not isinstance(settings, Settings):
        _leave()
    booted = _WORKER["settings"]
    _worker_start(settings)
    if (booted.mode, booted.allow_imports) == (settings.mode, settings.allow_imports):
        _WORKER["runners"] = list(_WORKER["idle"])
    else:
        for runner in _WORKER["idle"]:
            _close_quietly(runner)
        _start_idle_runners()


def _die_with_parent() -> None:
    """A worker ends with the batch that started it, even when that one is killed (SIGKILL, the
    kernel's out-of-memory killer) and cannot end it: Linux's parent-death signal."""
    import multiprocessing
    import signal

    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError, ImportError):  # no prctl to call: a closed pipe tells (see _leave)
        return
    parent = multiprocessing.parent_process()
    if parent is not None and os.getppid() != parent.pid:  # it was gone before the signal was set
        os._exit(0)


def _leave() -> None:
    """Exit now, the sandboxes closed, without waiting for the lanes' jobs to finish."""
    try:
        _worker_stop()
    finally:
        os._exit(0)


# A worker process that dies (killed by the kernel when memory runs out, say) or stops answering loses
# the tasks it held. Each is tried once more, alone on a worker; a task that loses its worker again,
# alone, is a grader fault (when grading: its file's result; --resume grades it again). A dead worker is
# replaced, at most RESTARTS times per Workers; when none is left, what remains is grader faults.
RESTARTS = 8
# A worker is taken for stalled when a task it was sent has had no answer for this long past the
# submission's time limit, for each task that may be ahead of it (HELD are in flight per worker).
STALL_GRACE = 60.0


class _Worker:
    """One worker process, its pipe, and the tasks it holds: index -> arguments."""

    def __init__(self, context, settings: Settings, cpu: int | None = None, started=None) -> None:
        """A new worker process, or one `started` already (spawn.Started: before the grader loaded)."""
        started = started or spawn.start(context, settings, cpu)
        self.process, self.conn, self.cpu = started.process, started.conn, started.cpu
        self.held: dict[int, tuple] = {}
        self.sent: dict[int, float] = {}  # index -> when it was sent (time.monotonic)
        self.alone = False  # it holds one task that lost a worker before
        self.broken = False  # its pipe failed: it is ended and its tasks handed on
        self.answered = False  # it has booted and answered a task

    def end(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class Workers:
    """`settings.jobs` spawned worker processes, fed over pipes. Start them early (they take a moment
    to import numpy and boot their sandboxes) and close them when done; usable as a context manager."""

    def __init__(
        self, settings: Settings | None, jobs: int | None = None, started=None, context=None
    ) -> None:
        """Without `settings`, `jobs` workers start early: they boot, and wait for configure(). With
        `started` (spawn.Started, and their `context`), those processes are the workers."""
        self.settings = settings
        self.context = context or spawn.context()
        self.workers: list[_Worker] = []
        self.restarts = RESTARTS
        self.answered = False  # some worker has answered a task
        if started is not None:
            self.workers = [_Worker(self.context, settings, given.cpu, given) for given in started]
            return
        for cpu in _cpus(max(1, settings.jobs if settings is not None else jobs or 1)):
            self.workers.append(_Worker(self.context, settings, cpu))

    @classmethod
    def early(cls, jobs: int) -> Workers:
        """`jobs` workers started before the batch's settings are known (see configure)."""
        return cls(None, jobs)

    def configure(self, settings: Settings) -> bool:
        """Give early workers the batch's settings; False (and nothing sent) when they do not fit
        (another number of workers): close them and start others."""
        if self.settings is not None or settings.jobs != len(self.workers):
            return False
        self.settings = settings
        for worker in self.workers:
            try:
                worker.conn.send(settings)
            except OSError:  # gone already: the first task finds it broken and replaces it
                worker.broken = True
        return True

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def grade(self, todo, record: Callable[[str, Summary], None]) -> None:
        """Grade `todo` [(submission, key)]; `record` each (journal line, summary) as it arrives. A file
        whose worker was lost is a grader fault (see RESTARTS)."""
        registry = self.settings.registry()

        def lost(args: tuple, why: str) -> tuple[str, Summary]:
            return _lost_file(args, why, registry)

        for line, summary in self.imap_unordered(_graded, ((item,) for item in todo), lost=lost):
            record(line, summary)

    def map(self, function: Callable, arguments: Iterable[tuple]) -> Iterator:
        """function(*args) for each args, in the workers; results in order, as soon as they can be. A
        task the workers fail (or lose) is done here instead."""
        waiting: dict[int, object] = {}
        following = 0
        for index, result in self._run(function, arguments, lambda args, why: function(*args)):
            waiting[index] = result
            while following in waiting:
                yield waiting.pop(following)
                following += 1

    def imap_unordered(self, function: Callable, arguments: Iterable[tuple], lost=None) -> Iterator:
        """function(*args) for each args, in the workers; results as they come. lost(args, why) is the
        result of a task the workers failed or lost; without it, that raises GraderFault."""
        for _, result in self._run(function, arguments, lost):
            yield result

    def _stall_limit(self, worker: _Worker) -> float:
        """Seconds the oldest task a worker holds may wait for its answer."""
        per_task = self.settings.timeout + STALL_GRACE
        limit = per_task if worker.alone else per_task * HELD
        return limit if worker.answered else limit + STALL_GRACE  # a new worker boots first

    def _run(self, function: Callable, arguments: Iterable[tuple], lost=None) -> Iterator[tuple[int, object]]:
        """(index, result) of each task, as they come; a few tasks in flight per worker, so memory
        stays flat whatever the number of tasks."""
        import time
        from collections import deque
        from multiprocessing.connection import wait as wait_any

        tasks = enumerate(arguments)
        retry: deque = deque()  # (index, arguments) of tasks whose worker was lost

        def give(worker: _Worker, index: int, args: tuple) -> None:
            worker.held[index] = args
            worker.sent[index] = time.monotonic()
            try:
                worker.conn.send((index, function, args))
            except OSError:  # it is gone: the loop below hands its tasks on
                worker.broken = True

        def feed(worker: _Worker) -> None:
            while not worker.broken and not worker.alone and len(worker.held) < HELD:
                if retry and not worker.held:  # a task tried again goes alone to an idle worker
                    worker.alone = True
                    give(worker, *retry.popleft())
                    return
                task = next(tasks, None)
                if task is None:
                    return
                give(worker, *task)

        def failed(args: tuple, why: str):
            if lost is None:
                raise GraderFault(why)
            return lost(args, why)

        def bury(worker: _Worker, why: str) -> Iterator[tuple[int, object]]:
            """The worker is dead or stuck: end it, try its tasks again (once), replace it."""
            worker.end()
            self.workers.remove(worker)
            if lost is None:
                raise GraderFault(why)
            for index, args in worker.held.items():
                if worker.alone:
                    yield index, failed(args, why)
                else:
                    retry.append((index, args))
            if self.restarts > 0:
                self.restarts -= 1
                self.workers.append(_Worker(self.context, self.settings, worker.cpu))
            elif not self.answered and not self.workers:  # not one has ever worked: no file is to blame
                raise GraderFault("the grading workers cannot start")
            for other in self.workers:
                feed(other)

        for worker in self.workers:
            feed(worker)
        while True:
            busy = [w for w in self.workers if w.held]
            if not busy:  # every worker has been fed: nothing is left, or no worker is
                if not self.workers:  # none left to try them: what remains is the grader's fault
                    for index, args in [*retry, *tasks]:
                        yield index, failed(args, "no grading worker is left")
                    retry.clear()
                return
            now = time.monotonic()
            stalled = [w for w in busy if now - min(w.sent.values()) > self._stall_limit(w)]
            for worker in stalled:
                yield from bury(worker, "a grading worker stopped answering")
            if stalled:
                continue
            broken = [w for w in busy if w.broken]
            for worker in broken:
                yield from bury(worker, "a grading worker stopped unexpectedly")
            if broken:
                continue
            wake = min(min(w.sent.values()) + self._stall_limit(w) for w in busy)
            ready = wait_any(
                [w.conn for w in busy] + [w.process.sentinel for w in busy], max(0.0, wake - now)
            )
            for worker in busy:
                if worker.conn in ready:
                    try:
                        index, ok, result = worker.conn.recv()
                    except (EOFError, OSError):
                        code = worker.process.exitcode
                        yield from bury(worker, f"a grading worker stopped unexpectedly (exit code {code})")
                        continue
                    args = worker.held.pop(index)
                    worker.sent.pop(index)
                    worker.answered = self.answered = True
                    worker.alone = False
                    feed(worker)
                    yield index, (result if ok else failed(args, result))
                elif worker.process.sentinel in ready:
                    code = worker.process.exitcode
                    yield from bury(worker, f"a grading worker stopped unexpectedly (exit code {code})")

    def stop(self) -> None:
        """Tell the workers there is nothing more: they close their sandboxes and exit by themselves."""
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass

    def close(self) -> None:
        """Stop the workers and wait for them; if grading was interrupted, end them at once (what was in
        flight is not journaled: --resume grades it)."""
        interrupted = any(w.held for w in self.workers)
        self.stop()
        for worker in self.workers:
            worker.process.join(timeout=0 if interrupted else 5)
            worker.end()
        self.workers = []


def _lost_file(args: tuple, why: str, registry=None) -> tuple[str, Summary]:
    """A file whose worker was lost (or failed it): a grader fault."""
    (item,) = args
    return _faulted(item, why, registry=registry)
