"""Finding a class's submissions: one folder per student, flat files named by student (as Moodle and
Canvas download them), or a .zip of either. Every file is attributed to a student and an exercise, or
listed as unattributed — never silently dropped.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from checker.inert import PATH_LIMIT, identity
from checker.specs.registry import ExerciseUnknown, Registry
from checker.submission import NOTEBOOK_SUFFIX, read_submission, size_limit

SUBMITTED = (".py", NOTEBOOK_SUFFIX)  # the files graded: Python files and Jupyter/Colab notebooks
MAX_ZIP_BYTES = 500_000_000
MAX_ZIP_FILES = 100_000
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
    # resubmissions among the duplicates: (student, exercise, the attempt graded, an attempt set aside)
    attempts: list[tuple[str, int, str, str]] = field(default_factory=list)
    lms: dict[str, str] = field(default_factory=dict)  # student -> the LMS of their id: canvas | moodle


class NotAClass(ValueError):
    """The input holds no class: not a folder or a zip, a damaged zip, or nothing to attribute.
    `key` is the message and `fields` fill it in."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields


def _student_from_lms_name(stem: str) -> tuple[str | None, str | None]:
    """(student, LMS id) from a Moodle or Canvas file or folder name, or (None, None)."""
    for pattern in (MOODLE, CANVAS):
        match = pattern.match(stem)
        if match:
            return match.group("student").strip(), match.group("uid")
    return None, None


def lms_of(stem: str) -> str:
    """Which LMS named a file or folder: Moodle's participant id is no Canvas user id."""
    return "moodle" if MOODLE.match(stem) else "canvas"


def exercise_words(registry: Registry) -> str:
    """A pattern for the end of a flat file name that names an exercise ("_exercise1", "-gru_step")."""
    words = {re.sub(r"\d+$", "", w) or w for w in registry.file_words()} | {"exercise", "ex"}
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return rf"(?:{alternatives})[_\- ]?\d*"


def _student_from_name(stem: str, words: str) -> tuple[str | None, str | None]:
    """(student, LMS id) from a file name in a flat folder ("alice_exercise1"), or (None, None)."""
    student, lms_id = _student_from_lms_name(stem)
    if student is not None:
        return student, lms_id
    cut = re.sub(rf"[_\- ]*{words}$", "", stem, flags=re.IGNORECASE)
    cut = cut.strip("_- ")
    if cut and cut != stem:
        return cut, None
    return None, None


def _names_shared(files: list[tuple[str, ...]]) -> set[str]:
    """Student names that come with more than one LMS id (two people called Alice Kim); `files` as
    their paths' parts under the class's folder."""
    ids: dict[str, set[str]] = {}
    for parts in files:
        student, lms_id = _student_from_lms_name(parts[0] if len(parts) > 1 else _stem(parts[0]))
        if student is not None:
            ids.setdefault(student, set()).add(lms_id)
    return {student for student, seen in ids.items() if len(seen) > 1}


RESUBMITTED = re.compile(r"^(?P<base>.+?)-(?P<n>\d{1,4})$")  # Canvas renames a resubmission "name-1.py"


def _attempt(path: Path, root: Path) -> tuple[str, int | None, int]:
    """(the original name without a "-N" suffix, the LMS submission id, N) of a file: what tells two
    attempts of one exercise apart. A Canvas name gives the submission id; the suffix is 0 without one."""
    rel = path.relative_to(root)
    stem, submission = path.stem, None
    if len(rel.parts) == 1:
        match = CANVAS.match(stem)
        if match:
            stem, submission = match.group("rest"), int(match.group("sid"))
    suffix = RESUBMITTED.match(stem)
    if suffix:
        return suffix.group("base").casefold(), submission, int(suffix.group("n"))
    return stem.casefold(), submission, 0


def _resubmission_order(a: Submission, b: Submission, root: Path) -> tuple[Submission, Submission] | None:
    """(latest, earlier) when `a` and `b` are two attempts of one file: two Canvas submission ids, else
    one original name with "-N" suffixes. None when they are simply two files."""
    base_a, sid_a, n_a = _attempt(a.path, root)
    base_b, sid_b, n_b = _attempt(b.path, root)
    if sid_a is not None and sid_b is not None and sid_a != sid_b:
        return (a, b) if sid_a > sid_b else (b, a)
    if base_a == base_b and n_a != n_b:
        return (a, b) if n_a > n_b else (b, a)
    return None


def _keep_one(kept: Submission, other: Submission, root: Path) -> tuple[Submission, Submission, bool]:
    """Of two files for one student and exercise: (the one graded, the one set aside, whether they are
    two attempts). The latest attempt of a resubmission, else the newer file."""
    order = _resubmission_order(kept, other, root)
    if order is not None:
        return *order, True
    latest, earlier = sorted([kept, other], key=lambda s: (s.path.stat().st_mtime, s.name))[::-1]
    return latest, earlier, False


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _code(data: bytes, name: str) -> bytes:
    """What the exercise is told from: a notebook's code cells, a code page's text as UTF-8 (the file
    as it is when it cannot be read: its name may still tell)."""
    code = read_submission(data, name).code
    return data if code is None else code


def _exercise(registry: Registry, data: bytes, name: str, forced: int | None) -> int | None:
    try:
        return registry.detect(data, name, forced)
    except ExerciseUnknown:
        return None


def discover(root: Path, exercise: int | None = None, registry: Registry | None = None) -> Discovery:
    """Attribute every file under `root` (a folder of an extracted zip) to a student and exercise."""
    registry = registry or Registry()
    words = exercise_words(registry)
    found = Discovery()
    by_key: dict[tuple[str, int], Submission] = {}
    aside: list[tuple[tuple[str, int], str, bool]] = []  # (student, exercise), the file set aside, attempt?
    files = sorted(_walk(root))  # as paths sort: by their parts
    shared = _names_shared(files)
    for parts in files:
        path, base = root.joinpath(*parts), parts[-1]
        name = identity("/".join(parts), PATH_LIMIT)  # names are the students': inert from here on
        if _suffix(base).lower() not in SUBMITTED:
            found.unattributed.append((name, "grade.not_python"))
            continue
        data = _read(path, size_limit(base))
        if data is None:  # a notebook's outputs may make it larger
            found.unattributed.append((name, "grade.too_large"))
            continue
        if len(parts) > 1:  # a folder per student: its name as it is, or a Moodle or Canvas name
            student, lms_id = _student_from_lms_name(parts[0])
            if student is None:
                student, lms_id = parts[0], None
        else:
            student, lms_id = _student_from_name(_stem(base), words)
        number = _exercise(registry, _code(data, base), base, exercise)
        if student is None:
            found.unattributed.append((name, "grade.no_student"))
            continue
        if lms_id is not None and student in shared:  # one name, two people: the LMS id tells them apart
            student = f"{student} ({lms_id})"
        if lms_id is not None:
            found.lms.setdefault(identity(student), lms_of(parts[0] if len(parts) > 1 else _stem(base)))
        student, lms_id = identity(student), (identity(lms_id) if lms_id is not None else None)
        if number is None:
            found.unattributed.append((name, "grade.no_exercise"))
            found.students.setdefault(student, lms_id)
            continue
        found.students.setdefault(student, lms_id)
        submission = Submission(student, number, path, name, _digest(data), lms_id)
        key = (student, number)
        if key in by_key:
            by_key[key], earlier, resubmitted = _keep_one(by_key[key], submission, root)
            aside.append((key, earlier.name, resubmitted))
        else:
            by_key[key] = submission
    found.submissions = sorted(by_key.values(), key=lambda s: (s.student, s.exercise))
    for (student, number), name, resubmitted in aside:  # said against the file finally graded
        graded = by_key[(student, number)].name
        found.duplicates.append((graded, name))
        if resubmitted:
            found.attempts.append((student, number, graded, name))
    return found


def _walk(root: Path):
    """The parts (relative to `root`) of every file under it that is not hidden, folder by folder (one
    scan each; no path objects). As Path.rglob finds them: a link to a file counts, a link to a folder
    is not followed, a folder that may not be read is passed over."""
    pending: list[tuple[str, ...]] = [()]
    top = os.fspath(root)
    while pending:
        parts = pending.pop()
        try:
            with os.scandir(os.path.join(top, *parts)) as entries:
                listed = list(entries)
        except PermissionError:
            continue
        for entry in listed:
            if _hidden_name(entry.name):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((*parts, entry.name))
                elif entry.is_file():
                    yield (*parts, entry.name)
            except OSError:
                continue


def _read(path: Path, limit: int) -> bytes | None:
    """The file's bytes, or None when it holds more than `limit` (never read past it)."""
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    return data if len(data) <= limit else None


def _stem(name: str) -> str:
    return PurePosixPath(name).stem


def _suffix(name: str) -> str:
    return PurePosixPath(name).suffix


def _hidden_name(name: str) -> bool:
    return name.startswith(".") or name in ("__MACOSX", "__pycache__")


def _hidden(rel: Path) -> bool:
    """Folders and files the OS or an LMS adds (dot files, __MACOSX, __pycache__)."""
    return any(_hidden_name(part) for part in rel.parts)


UTF8_FLAG = 0x800  # general purpose bit 11: the member's name is UTF-8
HALF_WIDTH_KANA = range(0xFF61, 0xFFA0)


NAME_MARKS = frozenset("\u00b7\u30fb\u3000")  # middle dots and the ideographic space, as in names


def _letters(text: str) -> bool:
    """Every character beyond ASCII is a letter, digit or mark of a name, not a symbol read from the
    wrong code page."""
    return all(ord(c) < 128 or c in NAME_MARKS or unicodedata.category(c)[0] in "LMN" for c in text)


def _korean(raw: bytes) -> str | None:
    """The name as CP949 (Korean Windows), when it reads as one: letters, and most of its syllables from
    the common EUC-KR set (the rest of CP949 is where other code pages' bytes land)."""
    try:
        text = raw.decode("cp949")
    except UnicodeDecodeError:
        return None
    wide = [c for c in text if ord(c) >= 128]
    common = sum(1 for c in wide if _in_euc_kr(c))
    return text if _letters(text) and common * 2 >= len(wide) else None


def _japanese(raw: bytes) -> str | None:
    """The name as Shift-JIS (Japanese Windows, CP932), when it reads as letters (no half-width kana)."""
    try:
        text = raw.decode("cp932")
    except UnicodeDecodeError:
        return None
    plain = _letters(text) and not any(ord(c) in HALF_WIDTH_KANA for c in text)
    return text if plain else None


def _in_euc_kr(char: str) -> bool:
    """One of KS X 1001's characters (two bytes in EUC-KR; Python also spells the other syllables as
    eight-byte make-up sequences, which are not counted)."""
    try:
        return len(char.encode("euc_kr")) == 2
    except UnicodeEncodeError:
        return False


def member_name(member: zipfile.ZipInfo) -> str:
    """A member's name. Without the UTF-8 flag (Linux zip, macOS, Korean or Japanese Windows) its bytes
    are UTF-8 when valid, else CP949 or Shift-JIS when they read cleanly as such, else CP437."""
    if member.flag_bits & UTF8_FLAG:
        return member.filename
    raw = member.orig_filename.encode("cp437")  # zipfile read the bytes as CP437: this gives them back
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _korean(raw) or _japanese(raw) or member.filename


def extract_zip(archive: Path, into: Path) -> Path:
    """Extract safely: no paths outside `into`, no links, bounded size and count."""
    try:
        return _extract(archive, into)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        raise NotAClass("grade.bad_zip", path=archive, reason=type(error).__name__) from None


def _extract(archive: Path, into: Path) -> Path:
    total = 0
    with zipfile.ZipFile(archive) as zf:
        members = zf.infolist()
        if len(members) > MAX_ZIP_FILES:
            raise ValueError(f"{archive}: more than {MAX_ZIP_FILES} files")
        for member in members:
            name = member_name(member)
            target = (into / name).resolve()
            if not str(target).startswith(str(into.resolve()) + "/") and target != into.resolve():
                raise ValueError(f"{archive}: '{name}' points outside the archive")
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
        self._tmp: Path | None = None

    def __enter__(self) -> Path:
        from checker import scratch

        check_input(self.path)
        if self.path.is_file():
            self._tmp = scratch.folder("grade")
            try:
                return extract_zip(self.path, self._tmp)
            except BaseException:
                self.__exit__()
                raise
        return self.path

    def __exit__(self, *exc: object) -> None:
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


def check_input(path: Path) -> None:
    """Refuse at once what cannot be a class: a lone Python file, a file that is not a zip archive (or a
    damaged one), a folder with nothing in it."""
    if path.is_dir():
        if next(_walk(path), None) is None:
            raise NotAClass("grade.empty_input", path=path)
        return
    if path.suffix.lower() in SUBMITTED:
        raise NotAClass("grade.lone_file", path=path)
    if not path.is_file() or not zipfile.is_zipfile(path):
        raise NotAClass("grade.not_a_zip", path=path)


def check_found(found: Discovery, path: Path) -> None:
    """A class has at least one student: loose files none of which tells a student are not a class (a
    folder per student is, even with nothing gradable in it)."""
    in_folders = any("/" in name for name, _ in found.unattributed)
    if not found.submissions and not found.students and not in_folders:
        first = found.unattributed[0] if found.unattributed else ("", "grade.none")
        raise NotAClass("grade.no_student_found", path=path, count=len(found.unattributed), file=first[0],
                        reason=first[1])  # fmt: skip


def read_roster(path: Path) -> list[str]:
    """Student ids from a CSV: the column named id/student/username/login/email, else the first; of a
    class list Canvas or Moodle exports, the people's ids (see batch.roster)."""
    return [person.key for person in read_people(path)]


def read_people(path: Path):
    """The people of a roster file (batch.roster.Person)."""
    from checker.batch.roster import read_people as people

    return people(path.read_text(encoding="utf-8-sig"))
