"""Grading a whole class: every submission exactly as `check` grades it, in parallel, journaled.

Each worker process owns one sandbox runner (a fork server); the grader never runs student code.
A crash, hang or hostile file costs its own submission only. What the journal already holds for the same
file, exercise, secret seed and grader version is reused, never graded twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from checker.batch.discover import Submission
from checker.batch.journal import Entry, Journal, Summary, cache_key, compact, seed_digest, summarize
from checker.codecheck import check_source, prepared

SECRET_ENV = "LSTM_QUIZ_SECRET"
# Time limits in a batch. A correct solution needs milliseconds per test, one written with Python loops
# about 0.1 s for the largest; an endless loop costs a core for as long as it is allowed to run.
BATCH_CASE_TIMEOUT = 1.0  # seconds for a test, at most; small tests get less (codecheck._case_timeouts):
BATCH_LEAST_CASE_TIMEOUT = 0.25
BATCH_HANG_LIMITS = (0.1, 2)  # once a test has hung: seconds for each later one, hangs in a row to stop


class GraderFault(RuntimeError):
    """The grader itself failed (never a submission's doing); what was journaled is kept."""


def grader_version() -> str:
    import checker

    return str(checker.__version__)


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

    @property
    def digest(self) -> str:
        return seed_digest(self.seed)


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
        summary = compact(summary, journal.append(line))
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


def _reuse(journal: Journal, cached: Summary, submission: Submission) -> Summary:
    """Journal an earlier result for this submission (the journal stays a full record of every row)."""
    data = json.loads(journal.line_at(cached.offset))
    data.update(student=submission.student, name=submission.name, lms_id=submission.lms_id,
                sha256=submission.sha256)  # fmt: skip
    line = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    offset = journal.append(line)
    return replace(cached, student=submission.student, name=submission.name, lms_id=submission.lms_id,
                   offset=offset)  # fmt: skip


# -- worker processes ---------------------------------------------------------------------------------
# Workers are processes, not threads: comparing arrays and encoding results is Python work, and threads
# would queue on one interpreter lock. They are spawned, not forked: a fork of a process whose BLAS
# threads are running can deadlock. Each worker keeps LANES sandbox runners busy from as many threads:
# while one lane waits for its sandbox (or for a submission that hangs), the other compares and
# encodes, so a worker uses its core instead of waiting.

LANES = 2
_WORKER: dict = {}


def _worker_start(settings: Settings) -> None:
    import threading

    _WORKER["settings"] = settings
    _WORKER["runners"] = []
    _WORKER["local"] = threading.local()
    _WORKER["lock"] = threading.Lock()


def _new_runner():
    from checker.sandbox.client import Runner

    runner = Runner(_WORKER["settings"].mode).start()
    with _WORKER["lock"]:
        _WORKER["runners"].append(runner)
    return runner


def _runner():
    """This lane's sandbox runner (one started ahead if there is one, else a new one)."""
    local = _WORKER["local"]
    if getattr(local, "runner", None) is None:
        with _WORKER["lock"]:
            idle = _WORKER.get("idle") or []
            local.runner = idle.pop() if idle else None
        local.runner = local.runner or _new_runner()
    return local.runner


def _worker_stop() -> None:
    for runner in _WORKER.pop("runners", []):
        runner.close()


def _grade_one(submission: Submission, key: str) -> Entry:
    settings: Settings = _WORKER["settings"]
    result = check_source(
        submission.path.read_bytes(),
        submission.path.name,
        submission.exercise,
        seed=settings.seed,
        timeout=settings.timeout,
        runner=_runner(),
        show_output=False,
        case_timeout=BATCH_CASE_TIMEOUT,
        hang_limits=BATCH_HANG_LIMITS,
        least_case_timeout=BATCH_LEAST_CASE_TIMEOUT,
    )
    return Entry(submission.student, submission.exercise, submission.name, submission.sha256, key,
                 submission.lms_id, result)  # fmt: skip


def _graded(item: tuple[Submission, str]) -> tuple[str, Summary]:
    """One submission as its journal line and its summary (small to send between processes)."""
    try:
        entry = _grade_one(*item)
    except Exception as error:  # a fault of the grader's, not of the submission: say which file
        raise RuntimeError(f"{item[0].name}: {type(error).__name__}: {error}") from error
    return entry.to_json(), summarize(entry)


def _worker_main(conn, settings: Settings) -> None:
    """A worker process: tasks (index, function, arguments) arrive on `conn`; each lane runs one at a
    time and sends back (index, True, result), or (index, False, error text) if it failed (a fault of
    the grader's: a submission's faults are results)."""
    import queue
    import signal
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle: it ends the workers
    _worker_start(settings)
    _WORKER["idle"] = [_new_runner() for _ in range(LANES)]  # they boot while the cases are prepared
    for exercise in (1, 2):
        prepared(exercise, settings.seed)
    tasks: queue.Queue = queue.Queue()
    sending = threading.Lock()

    def lane() -> None:
        while (task := tasks.get()) is not None:
            index, function, arguments = task
            try:
                reply = (index, True, function(*arguments))
            except Exception as error:
                reply = (index, False, f"{type(error).__name__}: {error}")
            try:
                with sending:
                    conn.send(reply)
            except OSError:  # the batch is gone
                return

    lanes = [threading.Thread(target=lane, daemon=True) for _ in range(LANES)]
    for thread in lanes:
        thread.start()
    try:
        while (task := conn.recv()) is not None:
            tasks.put(task)
    except (EOFError, OSError):
        pass
    finally:
        for _ in lanes:
            tasks.put(None)
        for thread in lanes:
            thread.join()
        _worker_stop()


class Workers:
    """`settings.jobs` spawned worker processes, fed over pipes. Start them early (they take a moment
    to import numpy and boot their sandboxes) and close them when done; usable as a context manager."""

    def __init__(self, settings: Settings) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.workers = []
        for _ in range(max(1, settings.jobs)):
            ours, theirs = context.Pipe()
            process = context.Process(target=_worker_main, args=(theirs, settings), daemon=True)
            process.start()
            theirs.close()
            self.workers.append((ours, process))
        self.in_flight = {conn: 0 for conn, _ in self.workers}

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def grade(self, todo, record: Callable[[str, Summary], None]) -> None:
        """Grade `todo` [(submission, key)]; `record` each (journal line, summary) as it arrives."""
        for line, summary in self.imap_unordered(_graded, ((item,) for item in todo)):
            record(line, summary)

    def map(self, function: Callable, arguments: Iterable[tuple]) -> Iterator:
        """function(*args) for each args, in the workers; results in order, as soon as they can be."""
        waiting: dict[int, object] = {}
        following = 0
        for index, result in self._run(function, arguments):
            waiting[index] = result
            while following in waiting:
                yield waiting.pop(following)
                following += 1

    def imap_unordered(self, function: Callable, arguments: Iterable[tuple]) -> Iterator:
        """function(*args) for each args, in the workers; results as they come."""
        for _, result in self._run(function, arguments):
            yield result

    def _run(self, function: Callable, arguments: Iterable[tuple]) -> Iterator[tuple[int, object]]:
        """(index, result) of each task, as they come; a few tasks in flight per worker, so memory
        stays flat whatever the number of tasks."""
        from multiprocessing.connection import wait as wait_any

        tasks = enumerate(arguments)
        in_flight = self.in_flight

        def feed(conn) -> None:
            task = next(tasks, None)
            if task is not None:
                conn.send((task[0], function, task[1]))
                in_flight[conn] += 1

        for conn, _ in self.workers:
            for _ in range(LANES + 2):
                feed(conn)
        while any(in_flight.values()):
            busy = [(conn, process) for conn, process in self.workers if in_flight[conn]]
            ready = wait_any([c for c, _ in busy] + [p.sentinel for _, p in busy])
            for conn, process in busy:
                if conn in ready:
                    try:
                        index, ok, result = conn.recv()
                    except (EOFError, OSError):
                        raise GraderFault("a grading worker stopped unexpectedly") from None
                    if not ok:
                        raise GraderFault(result)
                    in_flight[conn] -= 1
                    feed(conn)
                    yield index, result
                elif process.sentinel in ready:
                    raise GraderFault(f"a grading worker stopped unexpectedly (exit code {process.exitcode})")

    def stop(self) -> None:
        """Tell the workers there is nothing more: they close their sandboxes and exit by themselves."""
        for conn, _ in self.workers:
            try:
                conn.send(None)
            except OSError:
                pass

    def close(self) -> None:
        """Stop the workers and wait for them; if grading was interrupted, end them at once (what was in
        flight is not journaled: --resume grades it)."""
        interrupted = any(self.in_flight.values())
        self.stop()
        for conn, process in self.workers:
            process.join(timeout=0 if interrupted else 5)
            if process.is_alive():
                process.kill()
                process.join()
            conn.close()
        self.workers = []
