"""Grading a whole class: every submission exactly as `check` grades it, in parallel, journaled.

Each worker process owns one sandbox runner (a fork server); the grader never runs student code.
A crash, hang or hostile file costs its own submission only. What the journal already holds for the same
file, exercise, secret seed and grader version is reused, never graded twice.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass

from checker.batch.discover import Submission
from checker.batch.journal import Entry, Journal, cache_key, seed_digest
from checker.codecheck import check_source

SECRET_ENV = "LSTM_QUIZ_SECRET"
BATCH_CASE_TIMEOUT = 1.0  # seconds per test in a batch (a correct solution needs milliseconds)


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


_TEXTS: dict = {}


def _shared(text):
    """One dict for every equal bilingual text (test names, messages, hints repeat across a class)."""
    if not isinstance(text, dict):
        return text
    key = tuple(sorted(text.items()))
    return _TEXTS.setdefault(key, text)


def compact(entry: Entry) -> Entry:
    """The same entry with its repeated texts shared: a class's results then take memory in
    proportion to what differs between students, not to the words of every test."""
    import dataclasses

    result = entry.result
    tests = tuple(
        dataclasses.replace(t, name=_shared(t.name), message=_shared(t.message), hint=_shared(t.hint))
        for t in result.tests
    )
    hits = tuple(
        dataclasses.replace(m, title=_shared(m.title), explanation=_shared(m.explanation))
        for m in result.misconceptions
    )
    result = dataclasses.replace(result, tests=tests, misconceptions=hits, error=_shared(result.error))
    return dataclasses.replace(entry, result=result)


def shard(submissions: list[Submission], index: int, count: int) -> list[Submission]:
    """The index-th (1-based) of `count` deterministic slices, by a hash of the student id."""

    def bucket(s: Submission) -> int:
        return int(hashlib.sha256(s.student.encode("utf-8")).hexdigest(), 16) % count

    return [s for s in submissions if bucket(s) == index - 1]


def grade_all(
    submissions: Iterable[Submission],
    settings: Settings,
    journal: Journal,
    previous: list[Entry],  # what the journal already holds
    on_result: Callable[[Entry, bool], None] | None = None,
) -> list[Entry]:
    """Grade what the journal does not already hold; journal each result the moment it is known."""
    results: list[Entry] = []
    todo: list[tuple[Submission, str]] = []
    done = {e.key: e for e in previous}  # the same file content graded before, for anyone
    journaled = {(e.student, e.exercise, e.key) for e in previous}
    for submission in submissions:
        key = cache_key(submission.sha256, submission.exercise, settings.digest, settings.version)
        cached = done.get(key)
        if cached is not None:  # the same file content was graded before (for this student or another)
            entry = Entry(submission.student, submission.exercise, submission.name, submission.sha256, key,
                          submission.lms_id, cached.result)  # fmt: skip
            if (entry.student, entry.exercise, key) not in journaled:
                journal.append(entry)  # the journal stays a complete record of every student's row
            results.append(entry)
            if on_result:
                on_result(entry, True)
        else:
            todo.append((submission, key))
    if not todo:
        return results

    if settings.jobs <= 1:
        _worker_start(settings)
        try:
            for submission, key in todo:
                entry = _grade_one(submission, key)
                journal.append(entry)
                entry = compact(entry)
                results.append(entry)
                if on_result:
                    on_result(entry, False)
        finally:
            _worker_stop()
        return results
    return results + _grade_in_pool(todo, settings, journal, on_result)


# -- worker processes ---------------------------------------------------------------------------------
# Workers are processes, not threads: comparing arrays and encoding results is Python work, and threads
# would queue on one interpreter lock. Each worker owns one sandbox runner. They are spawned, not
# forked: a fork of a process whose BLAS threads are running can deadlock.

_WORKER: dict = {}


def _worker_start(settings: Settings) -> None:
    from checker.sandbox.client import Runner

    _WORKER["settings"] = settings
    _WORKER["runner"] = Runner(settings.mode).start()


def _worker_stop() -> None:
    runner = _WORKER.pop("runner", None)
    if runner is not None:
        runner.close()


def _grade_one(submission: Submission, key: str) -> Entry:
    settings: Settings = _WORKER["settings"]
    result = check_source(
        submission.path.read_bytes(),
        submission.path.name,
        submission.exercise,
        seed=settings.seed,
        timeout=settings.timeout,
        runner=_WORKER["runner"],
        show_output=False,
        case_timeout=BATCH_CASE_TIMEOUT,
    )
    return Entry(submission.student, submission.exercise, submission.name, submission.sha256, key,
                 submission.lms_id, result)  # fmt: skip


def _pool_init(settings: Settings) -> None:
    import atexit

    _worker_start(settings)
    atexit.register(_worker_stop)


def _grade_in_pool(todo, settings: Settings, journal: Journal, on_result) -> list[Entry]:
    import multiprocessing

    results: list[Entry] = []
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=settings.jobs, mp_context=context, initializer=_pool_init, initargs=(settings,)
    )
    pending: set[Future] = set()
    queue = iter(todo)
    try:
        # A few submissions in flight per worker: memory stays flat whatever the class size.
        for _ in range(settings.jobs * 4):
            item = next(queue, None)
            if item is None:
                break
            pending.add(pool.submit(_grade_one, *item))
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                entry = future.result()
                journal.append(entry)
                entry = compact(entry)
                results.append(entry)
                if on_result:
                    on_result(entry, False)
                item = next(queue, None)
                if item is not None:
                    pending.add(pool.submit(_grade_one, *item))
    except KeyboardInterrupt:
        # Stop at once: the workers (and with them their runners and sandboxes) are ended; what was
        # in flight is not journaled, so --resume grades it again.
        for process in list(getattr(pool, "_processes", {}).values()):
            process.kill()
        raise
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
    return results
