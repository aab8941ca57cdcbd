"""Grading a whole class: every submission exactly as `check` grades it, in parallel, journaled.

Each worker thread owns one sandbox runner (a fork server); the grader itself never runs student code.
A crash, hang or hostile file costs its own submission only. What the journal already holds for the same
file, exercise, secret seed and grader version is reused, never graded twice.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

from checker.batch.discover import Submission
from checker.batch.journal import Entry, Journal, cache_key, seed_digest
from checker.codecheck import check_source

SECRET_ENV = "LSTM_QUIZ_SECRET"


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
    previous: list[Entry],  # what the journal already holds
    on_result: Callable[[Entry, bool], None] | None = None,
) -> list[Entry]:
    """Grade what the journal does not already hold; journal each result the moment it is known."""
    from checker.sandbox.client import Runner

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

    local = threading.local()
    runners: list[Runner] = []
    lock = threading.Lock()

    def runner() -> Runner:
        if not hasattr(local, "runner"):
            local.runner = Runner(settings.mode).start()
            with lock:
                runners.append(local.runner)
        return local.runner

    def grade_one(submission: Submission, key: str) -> Entry:
        result = check_source(
            submission.path.read_bytes(),
            submission.path.name,
            submission.exercise,
            seed=settings.seed,
            timeout=settings.timeout,
            runner=runner(),
        )
        return Entry(submission.student, submission.exercise, submission.name, submission.sha256, key,
                     submission.lms_id, result)  # fmt: skip

    pool = ThreadPoolExecutor(max_workers=max(1, settings.jobs), thread_name_prefix="grader")
    pending: set[Future] = set()
    queue = iter(todo)
    try:
        # Keep at most a few submissions in flight: memory stays flat whatever the class size.
        for _ in range(settings.jobs * 2):
            item = next(queue, None)
            if item is None:
                break
            pending.add(pool.submit(grade_one, *item))
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                entry = future.result()
                journal.append(entry)
                results.append(entry)
                if on_result:
                    on_result(entry, False)
                item = next(queue, None)
                if item is not None:
                    pending.add(pool.submit(grade_one, *item))
    except KeyboardInterrupt:
        # Stop at once: kill the runners so that the submissions in flight end now (they are not
        # journaled, so --resume grades them again).
        for r in runners:
            if r.process is not None:
                r.process.kill()
        raise
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        for r in runners:
            r.close()
    return results
