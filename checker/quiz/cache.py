"""What the history said so far, kept beside it, so `stats` and `review` parse only the lines added since.

`history.cache` holds the running totals (stats.Totals), the FSRS cards (schedule.Replay), the damaged
lines seen, and how many whole lines and bytes of history.jsonl they cover. It is believed only if it
was written by this very code (a hash of the modules that compute it and of the fsrs package), its body
matches its checksum, and the history still starts with the bytes it covers, as far as a fingerprint
tells (their length and a hash of their first and last 64 KiB; an edit in the middle of a larger file
that keeps its length goes unnoticed). Otherwise the whole history is read again and the cache rewritten.

An unfinished last line is never covered: it is read every time. Writing the cache is best effort (a
temporary file, then a rename: a reader sees the old cache or the new one, never half of one), and any
failure to read or write it only costs the full read. The result is the same with or without it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from checker.quiz.history import (
    REASONS,
    AnswerRecord,
    Answers,
    Damage,
    DamagedLine,
    History,
    HistoryRead,
    Reader,
    open_regular,
    scan,
    without_gc,
)
from checker.quiz.schedule import ByQuestion, Replay
from checker.quiz.stats import Totals

CACHE_FILE = "history.cache"
FORMAT = "lstm-quiz history cache"
VERSION = 2  # 2: rows carry the learner's own rating
PROBE = 64 * 1024  # bytes hashed at each end of the covered part of the history


@dataclass
class Summary:
    """Everything `stats` and `review` need from the answers of the first `lines` lines (`end` bytes)."""

    lines: int = 0
    end: int = 0
    damage: Damage = field(default_factory=Damage)
    totals: Totals = field(default_factory=Totals)
    replay: Replay = field(default_factory=Replay)


def cache_path(history: Path) -> Path:
    return history.with_name(CACHE_FILE)


def read_history(path: Path) -> HistoryRead:
    """The history read with the help of the cache; exactly what History.read_whole would return."""
    try:
        handle = open_regular(path)
    except OSError:
        return History(path).read_whole()  # the same error, reported the same way
    if handle is None:
        return HistoryRead(Answers())
    with handle, without_gc():
        try:
            result = _read(path, handle)
        except OSError:  # an I/O error midway: the plain read says what could still be read
            result = None
    return result if result is not None else History(path).read_whole()


def _read(path: Path, handle: BinaryIO) -> HistoryRead | None:
    recipe = _recipe()
    summary = _load(cache_path(path), handle, recipe)
    saved_end = summary.end if summary is not None else -1
    if summary is not None:
        handle.seek(summary.end)
        in_order, partial = _advance(summary, handle)
        if not in_order:  # an appended answer older than its card's latest: replay everything, sorted
            summary = None
    if summary is None:
        handle.seek(0)
        summary = Summary()
        partial = _read_whole_lines(summary, handle)
    if summary.end != saved_end and summary.end and recipe is not None:
        _save(cache_path(path), summary, handle, recipe)
    stop = summary.end
    if partial is not None:  # after saving: the unfinished line is not part of what the cache covers
        number, stop, item = partial
        if isinstance(item, DamagedLine):
            summary.damage.add(number, item)
        elif item is not None:
            if not summary.replay.extend(item):
                return None
            summary.totals.add(item)
    # The answers themselves are read again only if someone goes through them (stats and review
    # need only the summary).
    load = lambda: list(History(path).read_whole(stop).answers)  # noqa: E731
    answers = Answers(count=summary.totals.answers, load=load, summary=summary)
    return HistoryRead(answers, damage=summary.damage)


def _advance(summary: Summary, handle: BinaryIO) -> tuple[bool, tuple[int, int, object] | None]:
    """Add the whole lines from the handle's position to the summary; False if an answer cannot be
    replayed at the end of its card. The unfinished last line, if any, comes back as (its number,
    the offset after it, its record or DamagedLine or None)."""
    for number, at, whole, item in scan(handle, summary.lines + 1):
        if not whole:
            return True, (number, at, item)
        if isinstance(item, AnswerRecord):
            if not summary.replay.extend(item):
                return False, None
            summary.totals.add(item)
        elif item is not None:
            summary.damage.add(number, item)
        summary.lines, summary.end = number, at
    return True, None


def _read_whole_lines(summary: Summary, handle: BinaryIO) -> tuple[int, int, object] | None:
    """What `_advance` does, from the start of the history and with every card replayed after the
    last line (`ByQuestion`), a block of lines at a time: each block's answers are added up while
    they are fresh in memory, then let go. The unfinished last line comes back as from `_advance`."""
    reader = Reader(summary.lines + 1)
    by_question = ByQuestion()
    for rows in reader.rows(handle):
        summary.totals.add_rows(rows)
        by_question.add_rows(rows)
    for number, error in reader.damaged:
        summary.damage.add(number, error)
    summary.lines, summary.end = reader.lines, reader.end
    summary.replay = by_question.replay()
    return reader.partial


@functools.cache
def _recipe() -> str | None:
    """A hash of the code that computes what the cache holds: a cache from other code is not used."""
    import fsrs

    from checker.quiz import history, schedule, stats

    digest = hashlib.sha256(f"{FORMAT} {VERSION}".encode())
    try:
        for name in (history.__file__, schedule.__file__, stats.__file__, __file__):
            digest.update(Path(name).read_bytes())
        for name in sorted(Path(fsrs.__file__).parent.glob("*.py")):
            digest.update(name.read_bytes())
    except (OSError, TypeError):  # no source to hash (a frozen build): no cache
        return None
    return digest.hexdigest()


def _fingerprint(handle: BinaryIO, end: int) -> str | None:
    """The length and the first and last PROBE bytes of the history's first `end` bytes, hashed."""
    if os.fstat(handle.fileno()).st_size < end:
        return None
    digest = hashlib.sha256(str(end).encode())
    handle.seek(0)
    digest.update(handle.read(min(PROBE, end)))
    start = max(0, end - PROBE)
    handle.seek(start)
    digest.update(handle.read(end - start))
    return digest.hexdigest()


def _load(path: Path, history: BinaryIO, recipe: str | None) -> Summary | None:
    """The saved summary if it can be believed for this history, else None (never raises)."""
    if recipe is None:
        return None
    try:
        handle = open_regular(path)
        if handle is None:
            return None
        with handle:
            # A cache holds less than the history it covers, give or take its keys: a bigger file is
            # not one, and is not read into memory.
            if os.fstat(handle.fileno()).st_size > 4 * os.fstat(history.fileno()).st_size + (1 << 20):
                return None
            data = handle.read()
        header, _, body = data.partition(b"\n")
        head = json.loads(header)
        if head["format"] != FORMAT or head["recipe"] != recipe:
            return None
        if hashlib.sha256(body).hexdigest() != head["sha256"]:
            return None
        end = head["end"]
        if type(end) is not int or end <= 0 or _fingerprint(history, end) != head["fingerprint"]:
            return None
        saved = json.loads(body)
        count, first_line, reason, field_name = saved["damage"]
        if (
            type(count) is not int
            or type(first_line) is not int
            or count < 0
            or type(field_name) is not str
            or (reason not in REASONS if count else reason != "")
        ):
            return None
        lines = saved["lines"]
        if type(lines) is not int or lines <= 0:
            return None
        return Summary(
            lines=lines,
            end=end,
            damage=Damage(count, first_line, reason, field_name),
            totals=Totals.from_json(saved["totals"]),
            replay=Replay.from_json(saved["cards"]),
        )
    except Exception:  # whatever is wrong with the cache (or reading it), the history is read whole
        return None


def _save(path: Path, summary: Summary, history: BinaryIO, recipe: str) -> None:
    """Write the summary atomically; a data folder that cannot take it just goes without a cache."""
    from checker.files import write_new_file

    try:
        fingerprint = _fingerprint(history, summary.end)
        if fingerprint is None:
            return
        damage = summary.damage
        body = json.dumps(
            {
                "lines": summary.lines,
                "damage": [damage.count, damage.first_line, damage.reason, damage.field],
                "totals": summary.totals.to_json(),
                "cards": summary.replay.to_json(),
            },
            separators=(",", ":"),
        ).encode("ascii")
        head = {
            "format": FORMAT,
            "recipe": recipe,
            "end": summary.end,
            "fingerprint": fingerprint,
            "sha256": hashlib.sha256(body).hexdigest(),
        }
        # No fsync: a cache lost or torn by a crash fails its checksum and is rebuilt.
        write_new_file(
            path, json.dumps(head).encode("ascii") + b"\n" + body, overwrite=True, sync=False, private=True
        )
    except OSError:
        pass
