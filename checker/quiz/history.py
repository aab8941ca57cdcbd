"""The learner's history: an append-only JSON Lines file, one answer per line.

Each answer is written with a single `write` on a file opened in append mode, then flushed and fsynced,
so a crash or `kill -9` loses at most the answer being typed, and two sessions running at once never
interleave inside a line. Nothing is ever rewritten in place: a damaged line is skipped with a warning.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

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

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.at)

    @property
    def correct(self) -> bool:
        return self.verdict == "correct"


@dataclass
class HistoryRead:
    answers: list[AnswerRecord]
    warnings: list[str]  # "path:line: what is wrong" for every line that was skipped


class History:
    """The history file of one learner."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, record: AnswerRecord) -> None:
        """Add one record durably (append, flush, fsync); never touches what is already there."""
        from checker.files import open_for_append

        line = json.dumps(asdict(record), ensure_ascii=False, separators=(",", ":")) + "\n"
        fd = open_for_append(self.path)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def read(self) -> HistoryRead:
        answers: list[AnswerRecord] = []
        warnings: list[str] = []
        if not self.path.exists():
            return HistoryRead(answers, warnings)
        known = set(AnswerRecord.__dataclass_fields__)
        with open(self.path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                try:
                    data = json.loads(raw.decode("utf-8"))
                    if not isinstance(data, dict) or data.get("kind") != "answer":
                        raise ValueError("not an answer record")
                    record = AnswerRecord(**{k: v for k, v in data.items() if k in known})
                    record.when  # noqa: B018 - a bad timestamp makes the line unusable
                    if record.when.tzinfo is None:
                        raise ValueError("timestamp without a time zone")
                except (ValueError, TypeError, UnicodeDecodeError) as error:
                    warnings.append(f"{self.path}:{number}: skipped a damaged line ({_short(error)})")
                    continue
                answers.append(record)
        return HistoryRead(answers, warnings)

    def records(self) -> Iterator[AnswerRecord]:
        yield from self.read().answers


def _short(error: Exception) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:80]
