"""Finding a class's submissions: one folder per student, flat files named by student (as Moodle and
Canvas download them), or a .zip of either. Every file is attributed to a student and an exercise, or
listed as unattributed — never silently dropped.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from checker.codecheck import ExerciseUnknown, detect_exercise
from checker.inert import PATH_LIMIT, identity

MAX_FILE_BYTES = 1_000_000
MAX_ZIP_BYTES = 500_000_000
MAX_ZIP_FILES = 100_000
EXERCISE_WORDS = r"(?:exercise|ex|lstm_step|lstm|gradient_clipping|clipping)[_\- ]?\d*"
# Canvas: lastnamefirstname[_LATE]_<user id>_<submission id>_<original name>
CANVAS = re.compile(r"^(?P<student>[^_]+?)(?:_late)?_(?P<uid>\d+)_(?P<sid>\d+)_(?P<rest>.+)$", re.IGNORECASE)
# Moodle: Full Name_<participant id>_assignsubmission_file_[<original name>]
MOODLE = re.compile(r"^(?P<student>.+?)_(?P<uid>\d+)_assignsubmission_[a-z]+_?(?P<rest>.*)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Submission:
    student: str
    exercise: int
    path: Path  # where the file is (inside an extracted zip: a temporary copy)
    name: str  # the name shown in reports (relative to the input)
    sha256: str
    lms_id: str | None = None


@dataclass
class Discovery:
    submissions: list[Submission] = field(default_factory=list)
    unattributed: list[tuple[str, str]] = field(default_factory=list)  # (name, reason: a message key)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (name kept, name set aside)
    students: dict[str, str | None] = field(default_factory=dict)  # every student seen -> LMS id


def _student_from_lms_name(stem: str) -> tuple[str | None, str | None]:
    """(student, LMS id) from a Moodle or Canvas file or folder name, or (None, None)."""
    for pattern in (MOODLE, CANVAS):
        match = pattern.match(stem)
        if match:
            return match.group("student").strip(), match.group("uid")
    return None, None


def _student_from_name(stem: str) -> tuple[str | None, str | None]:
    """(student, LMS id) from a file name in a flat folder ("alice_exercise1"), or (None, None)."""
    student, lms_id = _student_from_lms_name(stem)
    if student is not None:
        return student, lms_id
    cut = re.sub(rf"[_\- ]*{EXERCISE_WORDS}$", "", stem, flags=re.IGNORECASE)
    cut = cut.strip("_- ")
    if cut and cut != stem:
        return cut, None
    return None, None


def _names_shared(root: Path, files: list[Path]) -> set[str]:
    """Student names that come with more than one LMS id (two people called Alice Kim)."""
    ids: dict[str, set[str]] = {}
    for path in files:
        rel = path.relative_to(root)
        student, lms_id = _student_from_lms_name(rel.parts[0] if len(rel.parts) > 1 else path.stem)
        if student is not None:
            ids.setdefault(student, set()).add(lms_id)
    return {student for student, seen in ids.items() if len(seen) > 1}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _exercise(data: bytes, name: str, forced: int | None) -> int | None:
    try:
        return detect_exercise(data, name, forced)
    except ExerciseUnknown:
        return None


def discover(root: Path, exercise: int | None = None) -> Discovery:
    """Attribute every file under `root` (a folder of an extracted zip) to a student and exercise."""
    found = Discovery()
    by_key: dict[tuple[str, int], Submission] = {}
    files = sorted(p for p in root.rglob("*") if p.is_file() and not _hidden(p.relative_to(root)))
    shared = _names_shared(root, files)
    for path in files:
        rel = path.relative_to(root)
        name = identity(rel.as_posix(), PATH_LIMIT)  # names are the students': inert from here on
        if path.suffix.lower() != ".py":
            found.unattributed.append((name, "grade.not_python"))
            continue
        if path.stat().st_size > MAX_FILE_BYTES:
            found.unattributed.append((name, "grade.too_large"))
            continue
        data = path.read_bytes()
        if len(rel.parts) > 1:  # a folder per student: its name as it is, or a Moodle or Canvas name
            student, lms_id = _student_from_lms_name(rel.parts[0])
            if student is None:
                student, lms_id = rel.parts[0], None
        else:
            student, lms_id = _student_from_name(path.stem)
        number = _exercise(data, path.name, exercise)
        if student is None:
            found.unattributed.append((name, "grade.no_student"))
            continue
        if lms_id is not None and student in shared:  # one name, two people: the LMS id tells them apart
            student = f"{student} ({lms_id})"
        student, lms_id = identity(student), (identity(lms_id) if lms_id is not None else None)
        if number is None:
            found.unattributed.append((name, "grade.no_exercise"))
            found.students.setdefault(student, lms_id)
            continue
        found.students.setdefault(student, lms_id)
        submission = Submission(student, number, path, name, _digest(data), lms_id)
        key = (student, number)
        if key in by_key:
            kept, other = sorted([by_key[key], submission], key=lambda s: (s.path.stat().st_mtime, s.name))[
                ::-1
            ]
            found.duplicates.append((kept.name, other.name))
            by_key[key] = kept
        else:
            by_key[key] = submission
    found.submissions = sorted(by_key.values(), key=lambda s: (s.student, s.exercise))
    return found


def _hidden(rel: Path) -> bool:
    """Folders and files the OS or an LMS adds (dot files, __MACOSX, __pycache__)."""
    return any(part.startswith(".") or part in ("__MACOSX", "__pycache__") for part in rel.parts)


def extract_zip(archive: Path, into: Path) -> Path:
    """Extract safely: no paths outside `into`, no links, bounded size and count."""
    total = 0
    with zipfile.ZipFile(archive) as zf:
        members = zf.infolist()
        if len(members) > MAX_ZIP_FILES:
            raise ValueError(f"{archive}: more than {MAX_ZIP_FILES} files")
        for member in members:
            target = (into / member.filename).resolve()
            if not str(target).startswith(str(into.resolve()) + "/") and target != into.resolve():
                raise ValueError(f"{archive}: '{member.filename}' points outside the archive")
            if member.is_dir():
                continue
            total += member.file_size
            if total > MAX_ZIP_BYTES:
                raise ValueError(f"{archive}: more than {MAX_ZIP_BYTES} bytes uncompressed")
            target.parent.mkdir(parents=True, exist_ok=True)
            with zf.open(member) as source, open(target, "wb") as sink:
                shutil.copyfileobj(source, sink, 1 << 20)
    entries = [p for p in into.iterdir() if not _hidden(p.relative_to(into))]
    if len(entries) == 1 and entries[0].is_dir() and any(p.is_dir() for p in entries[0].iterdir()):
        return entries[0]  # a zip of one folder that holds the student folders
    return into


class Input:
    """The submissions as a folder, extracting a zip to a temporary folder first."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._tmp: tempfile.TemporaryDirectory | None = None

    def __enter__(self) -> Path:
        if self.path.is_file() and zipfile.is_zipfile(self.path):
            self._tmp = tempfile.TemporaryDirectory(prefix="lstm-quiz-grade-")
            return extract_zip(self.path, Path(self._tmp.name))
        return self.path

    def __exit__(self, *exc: object) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()


def read_roster(path: Path) -> list[str]:
    """Student ids from a CSV: the column named id/student/username/login/email, else the first."""
    text = path.read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        return []
    header = [h.strip().lower() for h in rows[0]]
    for wanted in ("student_id", "id", "student", "username", "login", "sis login id", "email", "name"):
        if wanted in header:
            column = header.index(wanted)
            return [r[column].strip() for r in rows[1:] if len(r) > column and r[column].strip()]
    return [r[0].strip() for r in rows if r and r[0].strip()]
