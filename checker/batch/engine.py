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
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace

from checker.batch.discover import Submission
from checker.batch.journal import Entry, Journal, Summary, cache_key, compact, seed_digest, summarize
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


def shard(submissions: list[Submission], index: int, count: int) -> list[Submission]:
    """The index-th (1-based) of `count` deterministic slices, by a hash of the student id."""

    def bucket(s: Submission) -> int:
        return int(hashlib.sha256(s.student.encode("utf-8")).hexdigest(), 16) % count

    return [s for s in submissions if bucket(s) == index - 1]


CHUNK = 4  # submissions per task sent to a worker: fewer, larger messages between processes


def grade_all(
    submissions: Iterable[Submission],
    settings: Settings,
    journal: Journal,
    previous: list[Summary],  # what the journal already holds
    on_result: Callable[[Summary, bool], None] | None = None,
) -> list[Summary]:
    """Grade what the journal does not already hold; journal each result the moment it is known.

    Returns a Summary per submission; whole results stay in the journal (Summary.offset)."""
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

    if settings.jobs <= 1:
        _worker_start(settings)
        try:
            for item in todo:
                for line, summary in _grade_chunk([item]):
                    record(line, summary)
        finally:
            _worker_stop()
        return results
    _grade_in_pool(todo, settings, record)
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


def _grade_chunk(items: list[tuple[Submission, str]]) -> list[tuple[str, Summary]]:
    """Grade a few submissions; each comes back as its journal line and its summary (small to send)."""
    graded = []
    for submission, key in items:
        entry = _grade_one(submission, key)
        graded.append((entry.to_json(), summarize(entry)))
    return graded


def _pool_init(settings: Settings) -> None:
    import atexit

    _worker_start(settings)
    atexit.register(_worker_stop)


def _grade_in_pool(todo, settings: Settings, record: Callable[[str, Summary], None]) -> None:
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=settings.jobs, mp_context=context, initializer=_pool_init, initargs=(settings,)
    )
    pending: set[Future] = set()
    chunks = (todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK))
    try:
        # A few chunks in flight per worker: memory stays flat whatever the class size.
        for _ in range(settings.jobs * 3):
            chunk = next(chunks, None)
            if chunk is None:
                break
            pending.add(pool.submit(_grade_chunk, chunk))
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                for line, summary in future.result():
                    record(line, summary)
                chunk = next(chunks, None)
                if chunk is not None:
                    pending.add(pool.submit(_grade_chunk, chunk))
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
