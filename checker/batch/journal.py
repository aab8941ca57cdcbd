"""The grading journal: one JSON line per graded submission, appended and synced the moment it is done.

It is what `--resume` continues from, what a rerun reuses (an entry is valid for the same file content,
exercise, secret seed and grader version), and what `lstm-quiz merge` joins across shards.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from checker.codecheck import CheckResult, result_from_dict, result_to_dict

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

    def to_json(self) -> str:
        data = {
            "v": FORMAT,
            "student": self.student,
            "exercise": self.exercise,
            "name": self.name,
            "sha256": self.sha256,
            "key": self.key,
            "lms_id": self.lms_id,
            "result": result_to_dict(self.result),
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, line: str) -> Entry:
        data = json.loads(line)
        return cls(
            student=str(data["student"]),
            exercise=int(data["exercise"]),
            name=str(data["name"]),
            sha256=str(data["sha256"]),
            key=str(data["key"]),
            lms_id=data.get("lms_id"),
            result=result_from_dict(data["result"]),
        )


SYNC_EVERY = 0.25  # seconds: appends are written at once, and synced to disk at least this often


class Journal:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._synced = 0.0

    def append(self, entry: Entry) -> None:
        """One line, one write, the moment a result is known: a killed batch loses only what was in
        flight. The data reaches the disk within SYNC_EVERY seconds (and at close)."""
        import time

        data = (entry.to_json() + "\n").encode("utf-8")
        if self._fd is None:
            from checker.files import open_for_append

            self._fd = open_for_append(self.path)
        os.write(self._fd, data)
        now = time.monotonic()
        if now - self._synced >= SYNC_EVERY:
            os.fsync(self._fd)
            self._synced = now

    def close(self) -> None:
        if self._fd is not None:
            os.fsync(self._fd)
            os.close(self._fd)
            self._fd = None

    def __del__(self) -> None:
        self.close()

    def read(self) -> tuple[list[Entry], list[str]]:
        """Entries (the last one wins for a student and exercise) and warnings for damaged lines."""
        from checker.batch.engine import compact

        entries: dict[tuple[str, int], Entry] = {}
        warnings: list[str] = []
        if not self.path.exists():
            return [], warnings
        with open(self.path, encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    entry = Entry.from_json(line)
                except (ValueError, KeyError, TypeError):
                    warnings.append(f"{self.path}:{number}: skipped a damaged line")
                    continue
                entries[(entry.student, entry.exercise)] = compact(entry)
        return list(entries.values()), warnings
