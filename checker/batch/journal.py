"""The grading journal: one JSON line per graded submission, appended and synced the moment it is done.

It is what `--resume` continues from, what a rerun reuses (an entry is valid for the same file content,
exercise, secret seed and grader version), and what `lstm-quiz merge` joins across shards.

A batch keeps only a small Summary of each line in memory (and the line's place in the file); whole
results are read back one student at a time when the outputs are written, so memory does not grow with
the size of the class.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass, replace
from pathlib import Path

from checker.codecheck import ERROR, PASS, CheckResult, result_from_dict, result_to_dict
from checker.results import Message

JOURNAL = "journal.jsonl"
FORMAT = 1


def cache_key(sha256: str, exercise: int, seed_digest: str, version: str) -> str:
    return hashlib.sha256(f"{sha256}|{exercise}|{seed_digest}|{version}".encode()).hexdigest()


def seed_digest(seed: int) -> str:
    """A fingerprint of the secret seed that does not reveal it (journals may travel between machines)."""
    return hashlib.sha256(f"lstm-quiz-seed:{seed}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Entry:
    student: str
    exercise: int
    name: str
    sha256: str
    key: str
    lms_id: str | None
    result: CheckResult
    seed: str | None = None  # seed_digest of the run's secret: --resume under another one is refused

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    def to_dict(self) -> dict:
        return {
            "v": FORMAT,
            "student": self.student,
            "exercise": self.exercise,
            "name": self.name,
            "sha256": self.sha256,
            "key": self.key,
            "lms_id": self.lms_id,
            "result": result_to_dict(self.result),
        } | ({} if self.seed is None else {"seed": self.seed})

    @classmethod
    def from_json(cls, line: str | bytes) -> Entry:
        """The entry a line holds, or Damaged (a ValueError) for a line that is not one to_json wrote:
        bytes that are not UTF-8, not JSON, JSON nested deeper than the parser goes, any field that
        is not what it should be."""
        try:
            data = json.loads(line.decode("utf-8") if isinstance(line, bytes) else line)
        except RecursionError:  # nested far beyond any line we write
            raise Damaged("nested too deeply") from None
        except ValueError as error:  # not UTF-8, not JSON, a number too long to read
            raise Damaged(str(error)) from None
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: object) -> Entry:
        """An entry from to_dict's data, every field checked (Damaged if one is not as to_dict writes
        it): the file's digest as hex, the result as result_from_dict reads it, and of this entry's
        exercise. Names are texts only: every output makes them inert as it writes them."""
        if not isinstance(data, dict) or set(data) - _FIELDS or data.get("v", FORMAT) != FORMAT:
            raise Damaged("not an entry")
        try:
            entry = cls(
                student=_text(data["student"]),
                exercise=data["exercise"],
                name=_text(data["name"]),
                sha256=_digest(data["sha256"]),
                key=_text(data["key"]),  # opaque: a key no file has is never reused
                lms_id=None if data.get("lms_id") is None else _text(data["lms_id"]),
                result=result_from_dict(data["result"]),
                seed=None if data.get("seed") is None else _seed(data["seed"]),
            )
        except KeyError as missing:
            raise Damaged(f"no {missing}") from None
        if type(entry.exercise) is not int or entry.exercise != entry.result.exercise:
            raise Damaged("an exercise that is not its result's")
        return entry


class Damaged(ValueError):
    """A journal line that is not one this program wrote (cut off, or edited by hand): skipped, and
    its file graded again."""


_FIELDS = frozenset(("v", "student", "exercise", "name", "sha256", "key", "lms_id", "result", "seed"))
_HEX = re.compile(r"[0-9a-f]{64}")
_SEED = re.compile(r"[0-9a-f]{16}")


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise Damaged("not a text")
    return value


def _seed(value: object) -> str:
    if not isinstance(value, str) or not _SEED.fullmatch(value):
        raise Damaged("not a seed's fingerprint")
    return value


def _digest(value: object) -> str:
    if not isinstance(value, str) or not _HEX.fullmatch(value):
        raise Damaged("not a SHA-256 digest")
    return value


# -- what a batch keeps of each line ------------------------------------------------------------------

PASSED, FAILED, ERRORED, TIMED_OUT = "p", "f", "e", "t"  # a test's mark in Summary.marks


@dataclass(frozen=True, slots=True)
class Summary:
    """What the gradebook and the class report need of one graded submission, and where its whole
    result is in the journal (`offset`, in bytes; -1 until it is written)."""

    student: str
    exercise: int
    name: str
    lms_id: str | None
    key: str
    score: float
    max_score: float
    status: str  # pass | fail | error
    error_kind: str | None
    error: Message | dict | None  # a key and fields (a dict of sentences in older journals)
    tags: tuple[str, ...]  # misconceptions, most specific first
    layout: tuple  # the tests, in order: (id, visibility, ((lang, name), ...)); shared across a class
    marks: str  # one mark per test of `layout`: p(assed) f(ailed) e(rror) t(imed out)
    offset: int = -1
    finding: Message | None = None  # the diagnosis's named cause, when no catalogued mistake fits
    seed: str | None = None  # the fingerprint of the secret it was graded with (None in older journals)


_SHARED: dict = {}


def shared(value):
    """One object for every equal value (test layouts, error messages repeat across a class)."""
    try:
        if isinstance(value, dict):
            return _SHARED.setdefault(("dict", tuple(sorted(value.items()))), value)
        return _SHARED.setdefault(value, value)
    except TypeError:  # a value that cannot be a key (a message with a list in a field): kept as it is
        return value


TIMEOUT_KEY = "check.case_timeout"


def _timed_out(message) -> bool:
    """The test's message says it timed out: by its key (or, in a journal from before keys, by its
    English sentence)."""
    if isinstance(message, Message):
        return message.key == TIMEOUT_KEY
    return isinstance(message, dict) and message.get("en") == _LEGACY_TIMEOUT


_LEGACY_TIMEOUT = Message.of(TIMEOUT_KEY).text("en")


def _mark(test) -> str:
    if test.status == PASS:
        return PASSED
    if _timed_out(test.message):
        return TIMED_OUT
    return ERRORED if test.status == ERROR else FAILED


def summarize(entry: Entry) -> Summary:
    result = entry.result
    cause = _named_cause(result)
    layout = tuple((t.id, t.visibility, tuple(sorted(t.name.items()))) for t in result.tests)
    marks = "".join(_mark(t) for t in result.tests)
    return Summary(
        student=entry.student,
        exercise=entry.exercise,
        name=entry.name,
        lms_id=entry.lms_id,
        key=entry.key,
        score=result.score,
        max_score=result.max_score,
        status=result.status,
        error_kind=result.error_kind,
        error=result.error,
        tags=tuple(m.tag for m in result.misconceptions) or ((cause.key,) if cause else ()),
        layout=layout,
        marks=marks,
        finding=cause,
        seed=entry.seed,
    )


def _named_cause(result: CheckResult) -> Message | None:
    """The first finding that names a cause (not a structure or an observation), if no catalogued
    mistake was named: the class report counts it beside the catalogue's."""
    if result.misconceptions:
        return None
    for finding in getattr(result, "findings", ()):
        if isinstance(finding, Message) and finding.key.startswith("diag."):
            from checker.diagnosis.messages import KINDS

            if KINDS.get(finding.key) == "cause":
                return finding
    return None


def compact(summary: Summary, offset: int | None = None) -> Summary:
    """The summary with its repeated parts shared with the rest of the class (and its offset set)."""
    return replace(
        summary,
        layout=shared(summary.layout),
        error=shared(summary.error) if summary.error else None,
        tags=shared(summary.tags),
        error_kind=shared(summary.error_kind),
        offset=summary.offset if offset is None else offset,
    )


SYNC_EVERY = 0.25  # seconds: appends are written at once, and synced to disk at least this often


def _write(fd: int, data: bytes | memoryview) -> int:
    """One write (a seam for tests that fill the disk)."""
    return os.write(fd, data)


def _write_line(fd: int, data: bytes, start: int) -> None:
    """All of `data` at the end of the file, or none of it: a short write is continued, and a failed one
    (a full disk) is rolled back to `start`, the size before, so the journal never holds half a line."""
    view, done = memoryview(data), 0
    try:
        while done < len(data):
            written = _write(fd, view[done:])
            if written <= 0:
                raise OSError(errno.EIO, "nothing written")
            done += written
    except BaseException:
        try:  # whatever reached the file of this line, even from the write that failed
            os.ftruncate(fd, start)
        except OSError:
            pass  # the next run removes an unfinished last line (Journal.repair)
        raise


def torn_tail(path: Path) -> int:
    """Bytes after the last newline of a journal (a line whose write was cut off), 0 if none."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return 0
    from checker.files import open_own

    with os.fdopen(open_own(path, os.O_RDONLY), "rb") as handle:
        end = size
        while end > 0:
            start = max(0, end - (1 << 16))
            handle.seek(start)
            found = handle.read(end - start).rfind(b"\n")
            if found >= 0:
                return size - (start + found + 1)
            end = start
    return size


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._size = 0
        self._synced = 0.0
        self._reader: int | None = None
        self._opening = threading.Lock()

    def append(self, entry: Entry | str) -> int:
        """One line, one write, the moment a result is known: a killed batch loses only what was in
        flight. The data reaches the disk within SYNC_EVERY seconds (and at close). Returns where the
        line starts in the file."""
        import time

        line = entry if isinstance(entry, str) else entry.to_json()
        # A lone surrogate (in what a student's code raised, say) cannot be UTF-8: written as its JSON
        # escape instead (non-ASCII characters only occur inside JSON strings), so the line stays valid.
        data = (line + "\n").encode("utf-8", "backslashreplace")
        if self._fd is None:
            from checker.files import open_for_append

            self._fd = open_for_append(self.path)
            self._size = os.fstat(self._fd).st_size
        offset = self._size
        _write_line(self._fd, data, offset)
        self._size += len(data)
        now = time.monotonic()
        if now - self._synced >= SYNC_EVERY:
            os.fsync(self._fd)
            self._synced = now
        return offset

    def repair(self) -> int:
        """Remove an unfinished last line (a write cut off by a crash or a full disk) before appending:
        the file it was for is graded again. Returns the bytes removed. Only its owner (the run that
        holds the output folder) may call it."""
        from checker.files import open_own

        torn = torn_tail(self.path)
        if torn:
            fd = open_own(self.path, os.O_RDWR)
            try:
                os.ftruncate(fd, os.fstat(fd).st_size - torn)
                os.fsync(fd)
            finally:
                os.close(fd)
        return torn

    def sync(self) -> None:
        """Everything appended so far is on the disk."""
        if self._fd is not None:
            os.fsync(self._fd)

    def close(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        if self._reader is not None:
            os.close(self._reader)
            self._reader = None

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # at interpreter exit the os module may already be gone
            pass

    def line_at(self, offset: int) -> bytes:
        """The line that starts at `offset` (appended earlier, by this run or an earlier one). Safe to
        call from several threads at once (positioned reads, no shared file position)."""
        with self._opening:
            if self._reader is None:
                from checker.files import open_own

                self._reader = open_own(self.path, os.O_RDONLY)
        line = b""
        while True:
            chunk = os.pread(self._reader, 1 << 16, offset + len(line))
            end = chunk.find(b"\n")
            if end >= 0 or not chunk:
                return line + (chunk[: end + 1] if end >= 0 else chunk)
            line += chunk
            if len(line) > MAX_LINE:  # not the line read() checked: the file changed since
                raise Damaged("too long")

    def entry_at(self, offset: int) -> Entry:
        """The entry at `offset`, checked as `read` checked it (Damaged if the file changed since)."""
        return Entry.from_json(self.line_at(offset))

    def read(self) -> tuple[list[Summary], list[int]]:
        """Summaries of the entries (the last one wins for a student and exercise), with where each
        is, and the numbers of damaged lines: a line Entry.from_json refuses (or one longer than any
        line grade writes) is skipped, so that on --resume its file is graded again and only checked
        lines are ever read back."""
        summaries: dict[tuple[str, int], Summary] = {}
        damaged: list[int] = []
        if not self.path.exists():
            return [], damaged
        from checker.files import open_own

        with os.fdopen(open_own(self.path, os.O_RDONLY), "rb") as handle:
            for number, (start, line) in enumerate(_lines(handle), start=1):
                if line is not None and not line.strip():
                    continue
                try:  # decoded strictly: a line read back later (line_at) is these very bytes
                    if line is None:
                        raise Damaged("too long")
                    entry = Entry.from_json(line)
                except (ValueError, KeyError, TypeError):
                    damaged.append(number)
                    continue
                summary = compact(summarize(entry), start)
                summaries[(entry.student, entry.exercise)] = summary
        return list(summaries.values()), damaged


MAX_LINE = 16 << 20  # far beyond a line grade writes (its texts are bounded); a longer one is damaged


def _lines(handle, limit: int = MAX_LINE):
    """(offset, line) for each line of a binary file, read in chunks: a line longer than `limit` is
    (offset, None), and never held in memory whole."""
    start = 0  # where the current line starts in the file
    base = 0  # where `part` starts in the file
    part = b""
    too_long = False
    while chunk := handle.read(1 << 16):
        part += chunk
        at = 0
        while (end := part.find(b"\n", at)) >= 0:
            yield start, None if too_long else part[at : end + 1]
            at = end + 1
            start, too_long = base + at, False
        base, part = base + at, part[at:]
        if base + len(part) - start > limit:  # the line so far is dropped: only its end is looked for
            too_long, base, part = True, base + len(part), b""
    if base + len(part) > start:  # a last line without its newline
        yield start, None if too_long else part


# -- one run per output folder ------------------------------------------------------------------------

LOCK = ".lock"


class Busy(Exception):
    """Another run holds the folder; `pid` is the one it wrote (None if it could not be read)."""

    def __init__(self, pid: int | None) -> None:
        super().__init__(pid)
        self.pid = pid


@dataclass
class FolderLock:
    """An output folder held by this process (flock on FOLDER/.lock, which names our pid). `stale` is the
    pid of an earlier holder that ended without letting go of the file (killed, say): taken over."""

    path: Path
    fd: int
    stale: int | None = None

    def release(self) -> None:
        """Let go: the file goes first (whoever opens it next makes a new one), then the lock."""
        try:
            if os.path.samestat(os.fstat(self.fd), os.stat(self.path)):
                os.unlink(self.path)
        except OSError:
            pass
        finally:
            os.close(self.fd)


def _pid_in(fd: int) -> int | None:
    text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return int(text) if text.isdigit() else None


def _locked(path: Path) -> int:
    """A descriptor of `path` holding its lock, or Busy. A file removed by the holder before between our
    open and our lock is not the lock any more: then the new one is opened."""
    import fcntl

    from checker.files import open_own

    while True:
        fd = open_own(path, os.O_RDWR | os.O_CREAT)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _pid_in(fd)
            os.close(fd)
            raise Busy(pid) from None
        except BaseException:
            os.close(fd)
            raise
        try:
            if os.path.samestat(os.fstat(fd), os.stat(path)):
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)


def lock_folder(folder: Path) -> FolderLock:
    """Hold `folder` for this run at once, or raise Busy (never waits). The kernel lets go of a lock
    when its holder ends, however it ends: a lock file whose holder is gone is simply taken over."""
    path = folder / LOCK
    fd = _locked(path)
    try:
        before = _pid_in(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    except BaseException:
        os.close(fd)
        raise
    return FolderLock(path, fd, before if before != os.getpid() else None)
