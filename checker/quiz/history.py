"""The learner's history: an append-only JSON Lines file, one answer per line.

Each answer is written with a single `write` on a file opened in append mode, then flushed and fsynced,
so a crash or `kill -9` loses at most the answer being typed, and two sessions running at once never
interleave inside a line. Nothing is ever rewritten in place: a damaged line (bad JSON, a field of the
wrong type, a time out of range) is skipped, and all the skipped lines are summed up in one warning.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import json
import operator
import os
import stat
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timedelta, timezone
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO, overload

from checker.files import NotRegularFileError

HISTORY_FILE = "history.jsonl"
FORMAT_VERSION = 1


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where lstm-quiz keeps the learner's data: LSTM_QUIZ_HOME, else the platform's usual place."""
    env = os.environ if environ is None else environ
    if env.get("LSTM_QUIZ_HOME"):
        return Path(env["LSTM_QUIZ_HOME"]).expanduser()
    home = Path(env.get("HOME") or Path.home())
    if sys.platform == "win32":
        base = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(env.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "lstm-quiz"


def history_path(environ: Mapping[str, str] | None = None) -> Path:
    return data_dir(environ) / HISTORY_FILE


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def micros(when: datetime) -> int:
    """A time as whole microseconds since 1970: exact, ordered like the datetimes, compact in JSON."""
    return (when - EPOCH) // timedelta(microseconds=1)


@dataclass(frozen=True)
class AnswerRecord:
    """One answered (or skipped, or timed-out) question, as stored in the history."""

    session: str
    at: str  # ISO 8601, UTC
    mode: str  # study | exam | review
    qid: str
    topic: str
    seed: int
    verdict: str  # correct | partial | wrong | skipped | timeout
    score: float
    seconds: float
    response: str = ""
    hint: bool = False
    misconception: str | None = None
    params: dict = field(default_factory=dict)
    kind: str = "answer"
    v: int = FORMAT_VERSION
    rating: str | None = None  # the learner's own (Hard, Easy): written only when they gave one

    @cached_property
    def when(self) -> datetime:
        """The time of the answer, in UTC (parsed once; the reader fills it in as it checks the line)."""
        return datetime.fromisoformat(self.at).astimezone(timezone.utc)

    @property
    def correct(self) -> bool:
        return self.verdict == "correct"


# -- reading, where every line is checked before it is believed -------------------------------------

VERDICTS = frozenset({"correct", "partial", "wrong", "skipped", "timeout"})
RATINGS = frozenset({"Again", "Hard", "Good", "Easy"})  # FSRS's, as a learner may set them
MAX_LINE = 1 << 20  # bytes; an answer takes a few hundred
MAX_TEXT = 10_000  # characters of any one text field
EARLIEST = EPOCH
LATEST = datetime(9000, 1, 1, tzinfo=timezone.utc)  # far enough from 9999 for FSRS to add intervals
_TEXTS = ("session", "mode", "qid", "topic", "verdict")


REASONS = frozenset({"too_long", "encoding", "too_deep", "json", "duplicate", "not_answer", "field", "time"})


class DamagedLine(ValueError):
    """Why one line of the history cannot be used: a reason (a message key's last part) and a field."""

    def __init__(self, reason: str, field_name: str = "") -> None:
        super().__init__(f"{reason} {field_name}".strip())
        self.reason = reason
        self.field = field_name


@dataclass
class Damage:
    """What was skipped: how many lines, and the first of them (its number and why)."""

    count: int = 0
    first_line: int = 0
    reason: str = ""
    field: str = ""

    def add(self, number: int, error: DamagedLine) -> None:
        if not self.count:
            self.first_line, self.reason, self.field = number, error.reason, error.field
        self.count += 1


class Answers(Sequence[AnswerRecord]):
    """The answers of a history, in file order.

    `summary` (a cache.Summary), when there is one, holds their totals and replayed cards, which is all
    `stats` and `review` need: when the cache supplied it, the answers themselves are read from the
    file (`load`) only if someone looks at them one by one.
    """

    def __init__(
        self,
        records: list[AnswerRecord] | None = None,
        *,
        count: int = 0,
        load: Callable[[], list[AnswerRecord]] | None = None,
        summary: Any = None,
    ) -> None:
        self._records = records if records is not None or load is not None else []
        self._count = count
        self._load = load
        self.summary = summary

    def _all(self) -> list[AnswerRecord]:
        if self._records is None:
            assert self._load is not None
            self._records = self._load()
        return self._records

    def __len__(self) -> int:
        return self._count if self._records is None else len(self._records)

    @overload
    def __getitem__(self, index: int) -> AnswerRecord: ...
    @overload
    def __getitem__(self, index: slice) -> list[AnswerRecord]: ...
    def __getitem__(self, index: int | slice) -> AnswerRecord | list[AnswerRecord]:
        return self._all()[index]

    def __iter__(self) -> Iterator[AnswerRecord]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, Answers)):
            return self._all() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Answers({self._all()!r})"


@dataclass
class HistoryRead:
    answers: Answers
    damage: Damage = field(default_factory=Damage)
    problem: OSError | None = None  # the file exists but cannot be read: it is then taken as empty


def _object(pairs: list[tuple[str, object]]) -> dict:
    data = dict(pairs)
    if len(data) != len(pairs):
        raise DamagedLine("duplicate")
    return data


_DECODER = json.JSONDecoder(object_pairs_hook=_object)


def _text(data: dict, name: str, default: object = None) -> str:
    value = data.get(name, default)
    if type(value) is not str or not value and name in _TEXTS or len(value) > MAX_TEXT:
        raise DamagedLine("field", name)
    if not value.isascii() and not _encodable(value):  # a lone surrogate: it can be neither shown nor
        raise DamagedLine("field", name)  # written back
    return value


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _number(data: dict, name: str, low: float, high: float) -> float:
    value = data.get(name)
    if type(value) not in (int, float) or not low <= value <= high:  # NaN fails both comparisons
        raise DamagedLine("field", name)
    return float(value)


def _time(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text)
        if when.tzinfo is None:
            raise DamagedLine("time", "at")
        when = when.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise DamagedLine("time", "at") from None
    if not EARLIEST <= when < LATEST:
        raise DamagedLine("time", "at")
    return when


def _misconception(data: dict) -> str | None:
    return None if data.get("misconception") is None else _text(data, "misconception")


def parse_line(raw: bytes) -> AnswerRecord:
    """One line of the history as a record, every field checked; DamagedLine says why it is unusable."""
    if len(raw) > MAX_LINE:
        raise DamagedLine("too_long")
    try:
        data = _DECODER.decode(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise DamagedLine("encoding") from None
    except RecursionError:
        raise DamagedLine("too_deep") from None
    except ValueError as error:
        raise error if isinstance(error, DamagedLine) else DamagedLine("json") from None
    if type(data) is not dict or data.get("kind") != "answer":
        raise DamagedLine("not_answer")
    return _record(data)


def _record(data: dict) -> AnswerRecord:
    session, mode, qid, topic, verdict = (_text(data, name) for name in _TEXTS)
    seed, hint, params = data.get("seed"), data.get("hint", False), data.get("params", {})
    if type(seed) is not int:
        raise DamagedLine("field", "seed")
    if type(hint) is not bool:
        raise DamagedLine("field", "hint")
    if type(params) is not dict:
        raise DamagedLine("field", "params")
    if verdict not in VERDICTS:
        raise DamagedLine("field", "verdict")
    rating = data.get("rating")
    if rating is not None and rating not in RATINGS:
        raise DamagedLine("field", "rating")
    at = _text(data, "at")
    record = AnswerRecord(
        session=session,
        at=at,
        mode=mode,
        qid=qid,
        topic=topic,
        seed=seed,
        verdict=verdict,
        score=_number(data, "score", 0.0, 1.0),
        seconds=_number(data, "seconds", 0.0, 1e9),
        response=_text(data, "response", ""),
        hint=hint,
        misconception=_misconception(data),
        params=params,
        rating=rating,
    )
    record.__dict__["when"] = _time(at)  # the cached property, filled once
    return record


def _lines(handle: BinaryIO, limit: int | None = None) -> Iterator[tuple[bytes, int, bool]]:
    """The file's lines from where the handle is, up to `limit` bytes from the start, each with the
    offset just after it and whether it ends with a newline; a line longer than MAX_LINE comes out as
    its first MAX_LINE + 1 bytes."""
    at = handle.tell()

    def size(most: int) -> int:
        return most if limit is None else max(0, min(most, limit - at))

    while raw := handle.readline(size(MAX_LINE + 1)):
        at += len(raw)
        whole = raw.endswith(b"\n")
        if len(raw) > MAX_LINE and not whole:
            while rest := handle.readline(size(MAX_LINE)):
                at += len(rest)
                if whole := rest.endswith(b"\n"):
                    break
        yield raw, at, whole


def scan(
    handle: BinaryIO, first: int = 1, limit: int | None = None
) -> Iterator[tuple[int, int, bool, object]]:
    """Each line from where the handle is: its number, the offset after it, whether it is whole (ends
    with a newline), and its record, or the DamagedLine that says why it is unusable, or None (blank)."""
    for number, (raw, at, whole) in enumerate(_lines(handle, limit), start=first):
        if raw.isspace():
            yield number, at, whole, None
            continue
        try:
            yield number, at, whole, parse_line(raw)
        except DamagedLine as error:
            yield number, at, whole, error


# -- reading in bulk: the same lines, the same records, the same damage, faster ----------------------

BLOCK = 256 * 1024  # bytes read at a time by `Reader`; about a thousand answers
# session, at, ..., kind, v: as History.append writes them (and then `rating`, only when a learner gave one)
_FIELDS = tuple(f.name for f in fields(AnswerRecord) if f.name != "rating")
_VALUES = operator.itemgetter(*_FIELDS)
# The types of those fields' values in a record as the quiz writes it (misconception None, or not)
_SHAPE = (str, str, str, str, str, int, str, float, float, str, bool, type(None), dict, str, int)
_SHAPE_MISTAKE = (*_SHAPE[:11], str, *_SHAPE[12:])
_new = object.__new__
_set = object.__setattr__  # an AnswerRecord is frozen


@functools.cache
def _codec() -> tuple[Callable[[bytes], Any], Callable[[Any], bytes]] | None:
    """orjson's loads and dumps, if it is installed (it parses a line four times as fast as json)."""
    try:
        import orjson
    except ImportError:
        return None
    return orjson.loads, orjson.dumps


def _values(lines: list[bytes]) -> list[Any]:
    """Each line's JSON value when it can be had cheaply and means one thing only, else None.

    With orjson: a line's value if the line is exactly what orjson writes for it (compact, no key twice,
    UTF-8 as is: what History.append writes, give or take how a float is spelt), a block of lines at
    once when they all are. Without: json's, for a line with no escaped character (`\\u` could make a
    lone surrogate). Lines over MAX_TEXT bytes get None (then no text field can be too long)."""
    codec = _codec()
    if codec is None:
        return [_decoded(line) for line in lines]
    loads, dumps = codec
    if max(map(len, lines), default=0) <= MAX_TEXT:
        try:  # the block at once, then each value written back and compared with its line
            values = loads(b"[" + b",".join(lines) + b"]")
            if len(values) == len(lines) and all(map(operator.eq, map(dumps, values), lines)):
                return values
        except Exception:  # orjson.JSONDecodeError, or a value it does not write (an int over 64 bits)
            pass
    values = []
    for line in lines:
        value = None
        if len(line) <= MAX_TEXT:
            try:
                value = loads(line)
                if dumps(value) != line:
                    value = None
            except Exception:
                value = None
        values.append(value)
    return values


def _decoded(line: bytes) -> Any:
    if len(line) > MAX_TEXT or b"\\u" in line:
        return None
    try:
        return _DECODER.decode(line.decode("utf-8"))
    except Exception:  # DamagedLine (a key twice), ValueError, RecursionError, UnicodeDecodeError
        return None


_CONTAINERS = (dict, list)


def _flat(params: dict) -> bool:
    """Whether no value of `params` is a dict or a list (as the quiz writes them: numbers and words)."""
    for value in params.values():  # noqa: SIM110 (a loop: three times as fast as all() here)
        if type(value) in _CONTAINERS:
            return False
    return True


def row(record: AnswerRecord) -> tuple:
    """A record as a tuple: its fields in order (session, at, mode, qid, topic, seed, verdict, score,
    seconds, response, hint, misconception, params, kind, v), then its time (`when`) and the learner's
    own rating (or None). Cheaper to make and to read than a record: the cold read of the history
    (cache.py) goes by rows."""
    return _VALUES(record.__dict__) + (record.when, record.rating)


def record_of(row: tuple) -> AnswerRecord:
    """The record a row was made of (the row's values themselves, not copies)."""
    record = _new(AnswerRecord)
    _set(record, "__dict__", dict(zip(_ROW, row)))
    return record


_ROW = (*_FIELDS, "when", "rating")
_UTC = timezone.utc
_fromisoformat = datetime.fromisoformat


class Reader:
    """The history's lines read in blocks: what `scan` says of each line, for a block at a time.

    A line written as the quiz writes it (nearly every line) is parsed by orjson and checked in
    `_parse`; any other line goes through `parse_line`, so the records and the damaged lines are the
    very ones `scan` finds. `lines` and `end` are the number of the last whole line read and the
    offset after it; `damaged` lists (line number, DamagedLine); `partial` is an unfinished last line
    (no newline: the file ends, or `limit` comes, first) as (its number, the offset after it, its
    record or DamagedLine or None), or None.
    """

    def __init__(self, first: int = 1) -> None:
        self.lines = first - 1
        self.end = 0
        self.damaged: list[tuple[int, DamagedLine]] = []
        self.partial: tuple[int, int, object] | None = None

    def records(self, handle: BinaryIO, limit: int | None = None) -> Iterator[list[AnswerRecord]]:
        """The records of the whole lines from where the handle is (up to `limit` bytes from the
        start), a block at a time."""
        for rows in self.rows(handle, limit):
            yield list(map(record_of, rows))

    def rows(self, handle: BinaryIO, limit: int | None = None) -> Iterator[list[tuple]]:
        """The records of the whole lines from where the handle is (up to `limit` bytes from the
        start) as rows (see `row`), a block at a time. An OSError midway leaves what was read before
        it counted."""
        at = self.end = handle.tell()
        carry = b""  # the start of a line whose end has not been read yet
        long = False  # carry is a line longer than MAX_LINE, kept to its first MAX_LINE + 1 bytes
        while True:
            size = BLOCK if limit is None else max(0, min(BLOCK, limit - at))
            chunk = handle.read(size) if size else b""
            if not chunk:
                break
            at += len(chunk)
            cut = chunk.rfind(b"\n") + 1
            if not cut:
                if not long:
                    carry += chunk
                    if len(carry) > MAX_LINE:
                        carry, long = carry[: MAX_LINE + 1], True
                continue
            if long:  # the rest of that line, up to its newline, is left out
                lines = [carry, *chunk[:cut].partition(b"\n")[2].split(b"\n")]
            else:
                lines = (carry + chunk[:cut]).split(b"\n") if carry else chunk[:cut].split(b"\n")
            lines.pop()  # what follows the last newline: b""
            carry, long = chunk[cut:], False
            if len(carry) > MAX_LINE:
                carry, long = carry[: MAX_LINE + 1], True
            rows = self._parse(lines)
            self.end = at - len(chunk) + cut
            yield rows
        if carry:
            raw = carry[: MAX_LINE + 1]
            try:
                item: object = None if raw.isspace() else parse_line(raw)
            except DamagedLine as error:
                item = error
            self.partial = (self.lines + 1, at, item)

    def _parse(self, lines: list[bytes]) -> list[tuple]:
        """The rows of these whole lines (without their newlines), numbered from self.lines + 1.

        A line whose value (see `_values`) has exactly the fields the quiz writes, in its order, each
        of the type and in the range `_record` wants, and its time in UTC, makes its row right here:
        the very record `parse_line` would make of it. Any other line is left to `parse_line` (it may
        be a good line all the same, or a damaged one). So is a line whose params hold a dict or a list:
        json parses only so deep in the stack (RecursionError), orjson deeper."""
        rows: list[tuple] = []
        append = rows.append
        number = self.lines
        get, size, shapes, flat = _VALUES, len(_FIELDS), (_SHAPE, _SHAPE_MISTAKE), _flat
        verdicts, earliest, latest, utc, parse_time = VERDICTS, EARLIEST, LATEST, _UTC, _fromisoformat
        for line, data in zip(lines, _values(lines)):
            number += 1
            if type(data) is dict and len(data) == size:
                try:
                    values = get(data)
                    types = tuple(map(type, values))
                    if types in shapes:
                        (
                            session,
                            at,
                            mode,
                            qid,
                            topic,
                            _,
                            verdict,
                            score,
                            seconds,
                            _,
                            _,
                            _,
                            params,
                            kind,
                            v,
                        ) = values
                        if (
                            session
                            and mode
                            and qid
                            and topic
                            and verdict in verdicts
                            and kind == "answer"
                            and v == FORMAT_VERSION
                            and 0.0 <= score <= 1.0
                            and 0.0 <= seconds <= 1e9
                            and (not params or flat(params))
                        ):
                            when = parse_time(at)
                            if when.tzinfo is utc and earliest <= when < latest:
                                append(values + (when, None))
                                continue
                except (KeyError, ValueError):  # a field missing; a time fromisoformat does not take
                    pass
            raw = line + b"\n" if len(line) <= MAX_LINE else line[: MAX_LINE + 1]  # as `_lines` gives it
            if raw.isspace():
                continue
            try:
                append(row(parse_line(raw)))
            except DamagedLine as error:
                self.damaged.append((number, error))
        self.lines = number
        return rows


def open_regular(path: Path) -> BinaryIO | None:
    """The file for reading, or None if there is none; OSError if it is not a regular file (never
    waiting on a FIFO: it is opened without blocking and checked before anything is read)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegularFileError(str(path))
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


@contextlib.contextmanager
def without_gc() -> Iterator[None]:
    """No cyclic garbage collection meanwhile: reading makes hundreds of thousands of objects, none of
    them in a cycle, and each collection would go over all of them again (a third of the time)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _append_line(fd: int, data: bytes) -> None:
    """Append `data` (one line) to `fd` (opened O_APPEND). If it fails midway (the disk filled), the
    part of it that reached the file is cut off again, so that no torn line stays for every later read
    to skip: only bytes this call wrote, in one run at the file's end, and only while nothing was
    appended after them. Raises what the write raised."""
    first = end = None  # where this line's bytes begin and end in the file, once some are written
    view = memoryview(data)
    try:
        while view:
            written = os.write(fd, view)
            if written <= 0:
                raise OSError(errno.EIO, "nothing written")
            here = os.lseek(fd, 0, os.SEEK_CUR)  # O_APPEND: the end of what this write put there
            if end is not None and here - written != end:
                first = None  # another process wrote in between: the line is not one run of ours
            if first is None and end is None:
                first = here - written
            end = here
            view = view[written:]
    except OSError:
        try:
            if first is not None and os.fstat(fd).st_size == end:
                os.ftruncate(fd, first)
        except OSError:  # the torn line then stays; the next append starts on a line of its own
            pass
        raise


class History:
    """The history file of one learner."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, record: AnswerRecord) -> None:
        """Add one record durably (append, flush, fsync); never touches what is already there."""
        from checker.files import open_for_append

        data = asdict(record)
        if data["rating"] is None:  # a line as every version writes it, unless the learner rated it
            del data["rating"]
        line = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
        fd = open_for_append(self.path)
        try:
            _append_line(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def probe(self) -> OSError | None:
        """Why answers could not be saved here (checked before a session starts), or None."""
        from checker.files import open_for_append

        try:
            os.close(open_for_append(self.path))
        except OSError as error:
            return error
        return None

    def read(self) -> HistoryRead:
        """Every answer, and what was skipped. A cache beside the file (see cache.py) keeps the totals
        of what was read before, so only the lines added since are parsed; same result either way."""
        from checker.quiz.cache import read_history  # it pulls in the stats and FSRS

        return read_history(self.path)

    def read_whole(self, limit: int | None = None) -> HistoryRead:
        """Every answer (up to `limit` bytes), parsed line by line, without the cache."""
        result = HistoryRead(Answers())
        records: list[AnswerRecord] = []
        try:
            handle = open_regular(self.path)
        except OSError as error:
            result.problem = error
            return result
        if handle is None:
            return result
        reader = Reader()
        with handle, without_gc():
            try:
                for block in reader.records(handle, limit):
                    records += block
                if reader.partial is not None:
                    number, _, item = reader.partial
                    if isinstance(item, AnswerRecord):
                        records.append(item)
                    elif isinstance(item, DamagedLine):
                        reader.damaged.append((number, item))
            except OSError as error:  # an I/O error midway: what was read so far still counts
                result.problem = error
        for number, error in reader.damaged:
            result.damage.add(number, error)
        result.answers = Answers(records)
        return result

    def records(self) -> Iterator[AnswerRecord]:
        yield from self.read().answers


def problem_reason(error: OSError) -> str:
    """Which message explains why the history cannot be written or read (a key's last part)."""
    if isinstance(error, NotRegularFileError) or error.errno == errno.ENXIO:
        return "not_a_file"
    return {
        errno.EACCES: "read_only",
        errno.EPERM: "read_only",
        errno.EROFS: "read_only",
        errno.ENOSPC: "disk_full",
        errno.EDQUOT: "disk_full",
        errno.EEXIST: "not_a_folder",
        errno.ENOTDIR: "not_a_folder",
        errno.EISDIR: "is_a_folder",
    }.get(error.errno or 0, "other")
