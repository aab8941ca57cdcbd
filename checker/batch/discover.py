"""Finding a class's submissions: one folder per student, flat files named by student (as Moodle and
Canvas download them), or a .zip of either. Every file is attributed to a student and an exercise, or
listed as unattributed — never silently dropped.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from checker.inert import PATH_LIMIT, identity, student_id
from checker.specs.registry import ExerciseUnknown, Registry
from checker.submission import NOTEBOOK_SUFFIX, read_submission, size_limit

SUBMITTED = (".py", NOTEBOOK_SUFFIX)  # the files graded: Python files and Jupyter/Colab notebooks
MAX_ZIP_BYTES = 500_000_000
MAX_ZIP_FILES = 100_000
# Canvas: lastnamefirstname[_LATE]_<user id>_<submission id>_<original name>
CANVAS = re.compile(r"^(?P<student>[^_]+?)(?:_late)?_(?P<uid>\d+)_(?P<sid>\d+)_(?P<rest>.+)$", re.IGNORECASE)
# Moodle: Full Name_<participant id>_assignsubmission_file_[<original name>]; the full name and the
# original name are the student's own, so the mark between them may be spelt inside either (moodle_name).
MOODLE_MARK = re.compile(r"_(?P<uid>\d+)_assignsubmission_[a-z]+_?", re.IGNORECASE)


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
    # students who handed in files, none of which could be graded (too large, unreadable, a link, an
    # unknown exercise, ...), or a file named for an exercise that none of theirs graded could not be
    # read or judged: a row without a score, never "missing" and a zero for what was handed in
    unread: list[str] = field(default_factory=list)


class AmbiguousName(ValueError):
    """A name Moodle's pattern reads as more than one student: attributed to nobody."""


def moodle_name(name: str, folder: bool) -> tuple[str, str, str] | None:
    """(full name, participant id, the rest) of a folder name (`folder`) or file name Moodle made, or
    None. A student may put Moodle's mark in their full name or their file's name, to be read as
    someone else: a folder's name ends with Moodle's own mark, so only that one counts; a file's name
    has its original name after the mark, so one written twice cannot be told from Moodle's. Any
    other reading raises AmbiguousName."""
    marks = list(MOODLE_MARK.finditer(name))
    if len(marks) > 1 and (not folder or marks[-1].end() != len(name)):
        raise AmbiguousName(name)
    if not marks or marks[-1].start() == 0:
        return None
    mark = marks[-1]
    return name[: mark.start()], mark.group("uid"), name[mark.end() :]


class NotAClass(ValueError):
    """The input holds no class: not a folder or a zip, a damaged zip, or nothing to attribute.
    `key` is the message and `fields` fill it in."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields


def _student_from_lms_name(stem: str, folder: bool) -> tuple[str | None, str | None]:
    """(student, LMS id) from a Moodle or Canvas folder name (`folder`) or file name, or (None, None).
    Raises AmbiguousName for a name that reads as more than one student."""
    moodle = moodle_name(stem, folder)
    if moodle is not None:
        return moodle[0].strip(), moodle[1]
    match = CANVAS.match(stem)
    if match:
        return match.group("student").strip(), match.group("uid")
    return None, None


def lms_of(stem: str, folder: bool) -> str:
    """Which LMS named a file or folder: Moodle's participant id is no Canvas user id."""
    try:
        return "moodle" if moodle_name(stem, folder) is not None else "canvas"
    except AmbiguousName:
        return "moodle"


def exercise_words(registry: Registry) -> str:
    """A pattern for the end of a flat file name that names an exercise ("_exercise1", "-gru_step")."""
    words = {re.sub(r"\d+$", "", w) or w for w in registry.file_words()} | {"exercise", "ex"}
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return rf"(?:{alternatives})[_\- ]?\d*"


def _exercise_only(name: str, words: str) -> bool:
    """A name that names an exercise and nothing more (`exercise1`, `lstm_step`, `_ex2`)."""
    return re.fullmatch(rf"[_\- ]*{words}", name, re.IGNORECASE) is not None


def _student_from_name(stem: str, words: str) -> tuple[str | None, str | None]:
    """(student, LMS id) from a file name in a flat folder ("alice_exercise1"), or (None, None). A
    name that starts with an exercise's (`exercise1_2024_03_15`) names no one: a date, not Canvas's ids."""
    student, lms_id = _student_from_lms_name(stem, folder=False)
    if student is not None and not _exercise_only(student, words):
        return student, lms_id
    if student is not None:
        return None, None
    found = re.search(rf"[_\- ]*(?i:{words})$", stem)
    if found is None or found.start() == 0:
        return None, None
    cut, tail = stem[: found.start()], stem[found.start() :]
    # The bare word "ex" right after a Latin letter is the end of a name (`alex`, `rex`: not `al`, `r`)
    # unless it starts a word of its own (`kimEx1`); after a digit, a CJK letter or a separator it names
    # the exercise (`20241234ex1`, `山田ex1`), and a longer word does anywhere (`parkexercise1`).
    latin_before = cut[-1].isascii() and cut[-1].isalpha() and not (cut[-1].islower() and tail[0].isupper())
    if latin_before and re.match(r"(?i)ex(?![a-z])", tail):
        return None, None
    cut = _COPY_OF.sub("", cut).strip("_-. ")  # Colab's "Copy of exercise1": a copy, no one's name
    return (cut if cut and cut.casefold() not in NO_ONE else None), None


_COPY_OF = re.compile(r"(?:^|[_\- ])copy[_\- ]+of$", re.IGNORECASE)
# Words before an exercise's name that name a file, not a person (`solution_exercise1`, `my_exercise1`).
NO_ONE = frozenset((
    "solution", "solutions", "answer", "answers", "key", "starter", "template", "reference", "ref",
    "sample", "example", "test", "tests", "my", "old", "new", "copy", "final", "draft", "backup",
))  # fmt: skip


def _names_shared(files: list[tuple[str, ...]]) -> set[str]:
    """Student names that come with more than one LMS id (two people called Alice Kim); `files` as
    their paths' parts under the class's folder."""
    ids: dict[str, set[str]] = {}
    for parts in files:
        try:
            student, lms_id = _student_from_lms_name(
                parts[0] if len(parts) > 1 else _stem(parts[0]), folder=len(parts) > 1
            )
        except AmbiguousName:
            continue
        if student is not None:
            ids.setdefault(unicodedata.normalize("NFC", student), set()).add(lms_id)
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


def _keep_one(
    kept: Submission, other: Submission, root: Path, words: str
) -> tuple[Submission, Submission, bool]:
    """Of two files for one student and exercise: (the one graded, the one set aside, whether they are
    two attempts). The latest attempt of a resubmission, else the newer file; of two as new (a zip
    made in one go), the one named by the exercise alone (`exercise1.py`, not `test_exercise1.py` or a
    flat `kim-ex1.py` beside the student's folder), then the one less deep in the student's folders
    (`kim/exercise1.py`, not `kim/old/exercise1.py`), then by name as before."""
    order = _resubmission_order(kept, other, root)
    if order is not None:
        return *order, True

    def rank(s: Submission) -> tuple:
        own = _exercise_only(_stem(s.name.rsplit("/", 1)[-1]), words)
        return _mtime(s.path), own, -s.name.count("/"), s.name

    latest, earlier = sorted([kept, other], key=rank)[::-1]
    return latest, earlier, False


def _mtime(path: Path) -> float:
    try:
        return path.lstat().st_mtime
    except OSError:  # gone since it was read: the other file is the newer
        return 0.0


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _code(data: bytes, name: str) -> bytes:
    """What the exercise is told from: a notebook's code cells, a code page's text as UTF-8 (the file
    as it is when it cannot be read: its name may still tell)."""
    try:
        code = read_submission(data, name).code
    except Exception:  # noqa: BLE001 - reading is the grader's own code: a file it cannot read is graded as such
        return data
    return data if code is None else code


def _exercise(registry: Registry, data: bytes, name: str, forced: int | None) -> int | None:
    try:
        return registry.detect(data, name, forced)
    except ExerciseUnknown:
        return None


def discover(
    root: Path,
    exercise: int | None = None,
    registry: Registry | None = None,
    left_out: Iterable[tuple[tuple[str, ...], str]] = (),
) -> Discovery:
    """Attribute every file under `root` (a folder of an extracted zip) to a student and exercise.
    `left_out`: entries known not to be there, as (parts of their path, reason), such as the members of
    a zip that could not be extracted: listed, and their students known."""
    registry = registry or Registry()
    words = exercise_words(registry)
    found = Discovery()
    by_key: dict[tuple[str, int], Submission] = {}
    aside: list[tuple[tuple[str, int], str, bool]] = []  # (student, exercise), the file set aside, attempt?
    entries = sorted(_walk(root))  # as paths sort: by their parts
    left_out = list(left_out)
    # every entry that names a student counts, read or not: two people of one name are told apart even
    # when one of them handed in only what cannot be graded
    folders = (FOLDER, DEEP, HIDDEN_FOLDER)
    shared = _names_shared(
        [(*parts, "") if kind in folders else parts for parts, kind in entries]
        + [p for p, _ in left_out if p]
    )
    handed_in: dict[str, str | None] = {}  # students with a file left out: unread unless another is graded
    # (student, exercise) of a file left out that its name ties to one exercise: unread unless a file of
    # that student's is graded for it (a file read and judged no submission does not count)
    handed_for: set[tuple[str, int]] = set()
    spelt: dict[str, str] = {}  # a flat file name's student, case-folded -> its first spelling
    spelling: dict[tuple[str, int], str] = {}  # (student, exercise) -> the name as its files spell it
    clashed: dict[tuple[str, int], list[str]] = {}  # ... whose files spell the name two ways: their files

    def leave(parts: tuple[str, ...], reason: str, folder: bool = False) -> None:
        """An entry not graded: listed, and its student (when its path names one) known to have handed in."""
        found.unattributed.append((identity("/".join(parts), PATH_LIMIT), reason))
        if not parts or (len(parts) == 1 and not folder and _suffix(parts[0]).lower() not in SUBMITTED):
            return  # a loose file of another kind names no student
        if reason in ("grade.zip_unsafe_path", "grade.beside_class"):
            return  # a path that leads elsewhere, or lies outside the class, names nobody for certain
        try:
            student, lms_id = _identified((*parts, "") if folder else parts, words, shared, found, spelt)
        except AmbiguousName:
            return
        if student is not None:
            handed_in.setdefault(student, lms_id)
            named = [exercise] if exercise is not None else registry.named_by(parts[-1])
            if not folder and reason not in JUDGED and len(named) == 1:
                handed_for.add((student, named[0]))

    for parts, reason in left_out:
        leave(parts, reason)
    for parts, kind in entries:
        path, base = root.joinpath(*parts), parts[-1]
        name = identity("/".join(parts), PATH_LIMIT)  # names are the students': inert from here on
        if kind != FILE:
            leave(parts, NOT_READ[kind], folder=kind in (FOLDER, DEEP, HIDDEN_FOLDER))
            continue
        if _suffix(base).lower() not in SUBMITTED:
            leave(parts, "grade.not_python")
            continue
        data, why = _read(path, size_limit(base))
        if data is None:  # a hard link too: listed, its student's row without a score (a classmate may
            leave(parts, why)  # have made it to their file: never a grade, nor a fault, for either)
            continue
        number = _exercise(registry, _code(data, base), base, exercise)
        try:
            student, lms_id = _identified(parts, words, shared, found, spelt)
        except AmbiguousName:
            found.unattributed.append((name, "grade.ambiguous_name"))
            continue
        if student is None:
            found.unattributed.append((name, "grade.no_student"))
            continue
        if number is None:
            leave(parts, "grade.no_exercise")
            continue
        found.students.setdefault(student, lms_id)
        submission = Submission(student, number, path, name, _digest(data), lms_id)
        key = (student, number)
        spelt_as = _student_of(parts, words)[0] or ""
        if key in clashed or (key in by_key and spelling[key] != spelt_as):
            # One name in two Unicode forms (or, in a flat folder, two cases) for one exercise: whoever
            # named the second may not choose, by its date, which file is this student's.
            if key not in clashed:
                clashed[key] = [by_key.pop(key).name]
            clashed[key].append(name)
            continue
        spelling.setdefault(key, spelt_as)
        if key in by_key:
            by_key[key], earlier, resubmitted = _keep_one(by_key[key], submission, root, words)
            aside.append((key, earlier.name, resubmitted))
        else:
            by_key[key] = submission
    found.submissions = sorted(by_key.values(), key=lambda s: (s.student, s.exercise))
    for (student, number), names in clashed.items():
        handed_in.setdefault(student, found.students.get(student))
        handed_for.add((student, number))
        found.unattributed += [(clash, "grade.name_clash") for clash in names]
    found.unattributed += [(name, "grade.name_clash") for key, name, _ in aside if key in clashed]
    aside = [entry for entry in aside if entry[0] not in clashed]
    graded = {s.student for s in found.submissions}
    graded_for = {(s.student, s.exercise) for s in found.submissions}
    for student, lms_id in handed_in.items():
        found.students.setdefault(student, lms_id)
    found.unread = sorted(
        {s for s in handed_in if s not in graded} | {s for s, n in handed_for if (s, n) not in graded_for}
    )
    for (student, number), name, resubmitted in aside:  # said against the file finally graded
        graded = by_key[(student, number)].name
        found.duplicates.append((graded, name))
        if resubmitted:
            found.attempts.append((student, number, graded, name))
    return found


def _identified(
    parts: tuple[str, ...], words: str, shared: set[str], found: Discovery, spelt: dict[str, str]
) -> tuple[str | None, str | None]:
    """(student, LMS id) of an entry by its path, as the class's rows name them (one Unicode form,
    an LMS id beside a name two people share, inert), its LMS noted in `found`; (None, None) when
    its path names nobody. AmbiguousName when it names two. In a flat folder, names that differ only
    in case are one student (`Kim_exercise1.py`, `kim_exercise2.py`), spelt as first found (`spelt`)."""
    student, lms_id = _student_of(parts, words)
    if student is None:
        return None, None
    student = unicodedata.normalize("NFC", student)  # macOS writes "José" decomposed, others composed
    if len(parts) == 1 and lms_id is None:  # typed by the student each time, not made by a folder
        student = spelt.setdefault(unicodedata.normalize("NFC", student.casefold()), student)
    made = lms_id is not None and student in shared
    if made:  # one name, two people: the LMS id tells them apart
        student = f"{student} ({lms_id})"
    key = student_id(student, made=made)
    if lms_id is not None:
        folder = len(parts) > 1
        found.lms.setdefault(key, lms_of(parts[0] if folder else _stem(parts[0]), folder=folder))
    return key, (identity(lms_id) if lms_id is not None else None)


def _student_of(parts: tuple[str, ...], words: str) -> tuple[str | None, str | None]:
    """(student, LMS id) of a file by its path: a folder per student (its name as it is, or a Moodle or
    Canvas name), else the file's own name."""
    if len(parts) > 1:
        student, lms_id = _student_from_lms_name(parts[0], folder=True)
        return (parts[0], None) if student is None else (student, lms_id)
    return _student_from_name(_stem(parts[0]), words)


# Files left out that were read and judged no submission (another kind of file, no exercise's function):
# their names leave no exercise unread.
JUDGED = frozenset({"grade.not_python", "grade.no_exercise"})
FILE, LINK, OTHER, FOLDER, DEEP, HIDDEN = "file", "link", "other", "folder", "deep", "hidden"
HIDDEN_FOLDER = "hidden-folder"
# Why an entry of the class's folder is not read: a link is never followed (it could point at the
# grader's secret, its environment or a classmate's file), a pipe or a device is no submission; a
# folder that cannot be listed, or lies deeper than any class needs, is one entry of the class.
NOT_READ = {LINK: "grade.link", OTHER: "grade.not_a_file", FOLDER: "grade.unreadable", DEEP: "grade.too_deep",
            HIDDEN: "grade.hidden_file", HIDDEN_FOLDER: "grade.hidden_folder"}  # fmt: skip
# Dot folders that tools make (version control, editors, caches, notebooks' autosaves): passed over.
# Any other dot folder that holds a Python file or a notebook is listed, never dropped unsaid.
TOOL_FOLDERS = frozenset((".git", ".hg", ".svn", ".ipynb_checkpoints", ".venv", ".idea", ".vscode",
                          ".mypy_cache", ".pytest_cache", ".ruff_cache", ".tox", ".cache", ".Trash",
                          "__MACOSX", "__pycache__"))  # fmt: skip
HIDDEN_LOOK = 500  # entries looked at in a dot folder for a Python file: a listing, not a walk
MAX_DEPTH = 32  # folders below the class's: an LMS uses two, a student's own folders a few more


def _walk(root: Path):
    """(parts relative to `root`, kind) of every entry under it that is not a folder and not an
    artefact of a system or a tool (see _hidden_name), folder by folder (one scan each; no path
    objects). Links are listed, never followed; a folder that cannot be listed (permissions, a path
    too long) or lies more than MAX_DEPTH folders down is listed, never the end of the walk; a hidden
    Python file or notebook is listed."""
    pending: list[tuple[str, ...]] = [()]
    top = os.fspath(root)
    while pending:
        parts = pending.pop()
        if len(parts) > MAX_DEPTH:
            yield parts, DEEP
            continue
        try:
            with os.scandir(os.path.join(top, *parts)) as entries:
                listed = list(entries)
        except OSError:
            if parts:
                yield parts, FOLDER
            continue
        for entry in listed:
            if _hidden_name(entry.name):
                if _hidden_submission(entry.name):
                    yield (*parts, entry.name), HIDDEN
                elif entry.name not in TOOL_FOLDERS and _holds_submission(entry):
                    yield (*parts, entry.name), HIDDEN_FOLDER
                continue
            try:
                if entry.is_symlink():
                    yield (*parts, entry.name), LINK
                elif entry.is_dir(follow_symlinks=False):
                    pending.append((*parts, entry.name))
                elif entry.is_file(follow_symlinks=False):
                    yield (*parts, entry.name), FILE
                else:
                    yield (*parts, entry.name), OTHER
            except OSError:
                continue


def _read(path: Path, limit: int) -> tuple[bytes | None, str]:
    """(the file's bytes, "") or (None, why it was not read): never through a link, never a file with
    other names, never past `limit`; a file that cannot be read is that file's matter, not the class's."""
    from checker.files import NotAFile, read_regular

    try:
        data = read_regular(path, limit, follow_links=False, one_name=True)
    except NotAFile as error:
        return None, {errno.ELOOP: NOT_READ[LINK], errno.EMLINK: "grade.hard_link"}.get(
            error.errno, NOT_READ[OTHER]
        )
    except OSError:
        return None, "grade.unreadable"
    return (data, "") if data is not None else (None, "grade.too_large")


class ChangedSinceFound(OSError):
    """A submission is no longer what was found (replaced, or made a link, while the class was graded)."""


def found_bytes(submission: Submission) -> bytes:
    """A submission's bytes as discovery read them: read again the same way (never through a link or
    a file of other names, never past the limit), and ChangedSinceFound when they are not the bytes
    that were found (OSError when they cannot be read)."""
    from checker.files import read_regular

    data = read_regular(submission.path, size_limit(submission.path.name), follow_links=False, one_name=True)
    if data is None or hashlib.sha256(data).hexdigest() != submission.sha256:
        raise ChangedSinceFound(f"{submission.name} changed after it was found")
    return data


def _stem(name: str) -> str:
    """A file name without its suffix, as PurePosixPath(name).stem (a string operation: zips of many
    files ask it of each)."""
    suffix = _suffix(name)
    return name[: -len(suffix)] if suffix else name


def _suffix(name: str) -> str:
    """As PurePosixPath(name).suffix: from the last dot, unless it begins or ends the name."""
    name = name.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _hidden_name(name: str) -> bool:
    return name.startswith(".") or name in ("__MACOSX", "__pycache__")


def _holds_submission(entry: os.DirEntry) -> bool:
    """A (dot) folder, never through a link, with a Python file or a notebook among the first
    HIDDEN_LOOK entries found in it and its folders."""
    try:
        if entry.is_symlink() or not entry.is_dir(follow_symlinks=False):
            return False
    except OSError:
        return False
    pending, seen = [entry.path], 0
    while pending and seen < HIDDEN_LOOK:
        try:
            with os.scandir(pending.pop()) as entries:
                for inner in entries:
                    seen += 1
                    if seen > HIDDEN_LOOK:
                        break
                    if inner.is_symlink():
                        continue
                    if inner.is_dir(follow_symlinks=False):
                        pending.append(inner.path)
                    elif _hidden_submission(inner.name):  # macOS's ._ shadows hold no code
                        return True
        except OSError:
            continue
    return False


def _hidden_submission(name: str) -> bool:
    """A dot file that looks handed in (`.exercise1.py`): listed, as no file a student meant to hand in
    is dropped unsaid; macOS's `._` shadow files are not (they hold no code)."""
    return not name.startswith("._") and _suffix(name).lower() in SUBMITTED


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


_LATIN_LETTER = re.compile(r"[A-Za-z]")
_FULL_WIDTH_LATIN = re.compile(r"[\uff21-\uff3a\uff41-\uff5a]")


def _latin_in_disguise(text: str) -> bool:
    """A Latin name read in a CJK code page: each accented letter (one byte in CP437 or CP850) took the
    next byte into one wide character, so a lone one sits against ASCII letters (`Jörg` → `J排g`,
    `Raphaël` → `Rapha瑛`), or a full-width Latin letter does (`Hélène` → `HＭ穫e`)."""
    for run in re.finditer(r"[^\x00-\x7f]+", text):
        before = text[run.start() - 1 : run.start()]
        after = text[run.end() : run.end() + 1]
        beside = bool(_LATIN_LETTER.match(before) or _LATIN_LETTER.match(after))
        if beside and (len(run.group()) == 1 or _FULL_WIDTH_LATIN.search(run.group())):
            return True
    return False


def _cjk_words(raw: bytes) -> bool:
    """The name holds a word of two or more Korean or Japanese characters (in CP949 or CP932): the
    archive was written in one of them, and a lone character beside a Latin letter is part of a name
    (`A組`, `김A`), not a Latin name in disguise."""
    for page in ("cp949", "cp932"):
        try:
            text = raw.decode(page)
        except UnicodeDecodeError:
            continue
        for run in re.finditer(r"[^\x00-\x7f]{2,}", text):
            word = run.group()
            if page == "cp949" and not all(map(_in_euc_kr, word)):
                continue  # CP949's rarer syllables are where other code pages' bytes land
            if _letters(word) and not _FULL_WIDTH_LATIN.search(word):
                return True
    return False


def _korean(raw: bytes, western: bool = True) -> str | None:
    """The name as CP949 (Korean Windows), when it reads as one: letters, and most of its syllables from
    the common EUC-KR set (the rest of CP949 is where other code pages' bytes land); never a Latin name
    in disguise while the archive may be `western`."""
    try:
        text = raw.decode("cp949")
    except UnicodeDecodeError:
        return None
    wide = [c for c in text if ord(c) >= 128]
    common = sum(1 for c in wide if _in_euc_kr(c))
    plain = _letters(text) and common * 2 >= len(wide)
    return text if plain and not (western and _latin_in_disguise(text)) else None


def _japanese(raw: bytes, western: bool = True) -> str | None:
    """The name as Shift-JIS (Japanese Windows, CP932), when it reads as letters (no half-width kana);
    never a Latin name in disguise while the archive may be `western`."""
    try:
        text = raw.decode("cp932")
    except UnicodeDecodeError:
        return None
    plain = _letters(text) and not any(ord(c) in HALF_WIDTH_KANA for c in text)
    return text if plain and not (western and _latin_in_disguise(text)) else None


def _in_euc_kr(char: str) -> bool:
    """One of KS X 1001's characters (two bytes in EUC-KR; Python also spells the other syllables as
    eight-byte make-up sequences, which are not counted)."""
    try:
        return len(char.encode("euc_kr")) == 2
    except UnicodeEncodeError:
        return False


def member_names(members: list[zipfile.ZipInfo]) -> list[str]:
    """The members' names. A name with the UTF-8 flag is that; without it (Linux zip, macOS, Korean or
    Japanese Windows) its bytes are UTF-8 when valid, else one code page for the whole archive (it was
    written on one machine): CP949 or Shift-JIS, whichever reads every such name cleanly (CP949 when
    both do and most of their syllables are common Korean ones, as `_korean` judges a name), else each
    name as it reads best alone (CP437 last)."""
    names: list[str | None] = []
    legacy: dict[int, bytes] = {}
    for k, member in enumerate(members):
        if member.flag_bits & UTF8_FLAG:
            names.append(member.filename)
            continue
        raw = member.orig_filename.encode("cp437")  # zipfile read the bytes as CP437: this gives them back
        try:
            names.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            names.append(None)
            legacy[k] = raw
    # the whole archive in one code page; failing that, each top folder (a student's) in one
    western = not any(_cjk_words(raw) for raw in legacy.values())
    groups: dict[bytes, list[int]] = {}
    for k, raw in legacy.items():
        groups.setdefault(raw.split(b"/", 1)[0], []).append(k)
    whole = _one_page(list(legacy.values()), western)
    for together in [list(legacy)] if whole else groups.values():
        page = whole or _one_page([legacy[k] for k in together], western)
        for k in together:
            raw = legacy[k]
            names[k] = (
                raw.decode(page)
                if page
                else _korean(raw, western) or _japanese(raw, western) or members[k].filename
            )
    return [name if name is not None else member.filename for name, member in zip(names, members)]


def _one_page(raws: list[bytes], western: bool = True) -> str | None:
    """The code page that reads every one of these names cleanly: "cp949" or "cp932" (CP949 first, as
    `_korean` judges their syllables together), or None. Joined by "/", which neither uses inside a
    character."""
    joined = b"/".join(raws)
    if _korean(joined, western) is not None:
        return "cp949"
    return "cp932" if _japanese(joined, western) is not None else None


# What reading an archive raises when it is damaged, or asks for what zipfile does not do (a
# compression it lacks: NotImplementedError; an undecodable name marked UTF-8: UnicodeDecodeError).
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, UnicodeDecodeError)
NAME_MAX = 255  # bytes in one name of a path, on the file systems a class is extracted to
ENCRYPTED = 0x1  # general purpose bit 0


def extract_zip(
    archive: Path, into: Path, skipped: list[tuple[tuple[str, ...], str]] | None = None, registry=None
) -> Path:
    """Extract safely: no paths outside `into`, no links, bounded size and count. A member that cannot
    be written under its name (a file and a folder of one name, a name twice, a path too long) is
    left out and added to `skipped` as (its path's parts, reason); a damaged archive is NotAClass."""
    try:
        return _extract(archive, into, [] if skipped is None else skipped, registry)
    except _DAMAGED as error:
        raise NotAClass(
            "grade.bad_zip", path=archive, reason=getattr(error, "reason", type(error).__name__)
        ) from None


def _extract(archive: Path, into: Path, skipped: list[tuple[tuple[str, ...], str]], registry=None) -> Path:
    total = 0
    top = into.resolve()
    paths: list[tuple[str, ...]] = []  # of every file member, those left out too
    with zipfile.ZipFile(archive) as zf:
        members = zf.infolist()
        if len(members) > MAX_ZIP_FILES:
            raise NotAClass("grade.zip_too_many", path=archive, most=MAX_ZIP_FILES)
        for member, name in zip(members, member_names(members)):
            if "\\" in name and (member.create_system == 0 or "/" not in name):
                name = name.replace("\\", "/")  # written on Windows with its separator (as unzip reads it)
            if _unsafe(name):  # `..`, an absolute path, a drive or a server: left out, never resolved
                skipped.append((_parts(name), "grade.zip_unsafe_path"))
                continue
            target = (top / _fitting(name)).resolve()
            if not str(target).startswith(str(top) + "/") and target != top:
                raise ValueError(f"{archive}: '{name}' points outside the archive")
            if member.is_dir() or name.endswith("/"):
                continue
            paths.append(_parts(name))
            if member.flag_bits & ENCRYPTED:
                raise NotAClass("grade.bad_zip", path=archive, reason="encrypted")
            if len(target.relative_to(top).parts) > MAX_DEPTH + 1:
                skipped.append((_parts(name), NOT_READ[DEEP]))
                continue
            graded = _suffix(target.name).lower() in SUBMITTED
            if graded and member.file_size > size_limit(target.name):  # never written: its size is known
                skipped.append((_parts(name), "grade.too_large"))
                continue
            total += member.file_size if graded else 0
            if total > MAX_ZIP_BYTES:
                raise ValueError(f"{archive}: more than {MAX_ZIP_BYTES} bytes uncompressed")
            reason = _write_member(zf, member, target, data=graded)
            if reason is not None:
                skipped.append((_parts(name), reason))
    wrapper = _wrapper(paths, exercise_words(registry or Registry()))
    root = into.joinpath(*(_short(part) for part in wrapper))
    root.mkdir(parents=True, exist_ok=True)  # its members may all have been left out
    listed = {p for p, _ in skipped}
    skipped += [  # what lies beside the class's folder is no student's: listed, never dropped unsaid
        (p, "grade.beside_class")
        for p in paths
        if p[: len(wrapper)] != wrapper and p not in listed and _shown_beside(p)
    ]
    # what was left out, as the class's paths (by the members' own names: a long folder name is
    # shortened on disk, never in them)
    skipped[:] = [(p[len(wrapper) :] if p[: len(wrapper)] == wrapper else p, why) for p, why in skipped]
    return root


def _shown_beside(parts: tuple[str, ...]) -> bool:
    """A file outside a zip's class folder worth a line: any but what the OS or tools add (macOS's `._`
    shadows, `__MACOSX`, `.git`, ...); a hidden one that looks handed in (`.kim_exercise1.py`) too."""
    if any(part in TOOL_FOLDERS for part in parts[:-1]):
        return False
    return not any(map(_hidden_name, parts)) or _hidden_submission(parts[-1])


def _wrapper(paths: list[tuple[str, ...]], words: str) -> tuple[str, ...]:
    """The folders a zip holds its class in, from its files' paths (those left out too; hidden ones
    aside): one folder alone at the top (beside no Python file or notebook) that is no LMS student's
    is a wrapper when it reads as a class (`_reads_as`). A chain of folders that each hold one folder
    and nothing else is followed to a class found deeper (`CS101/lab1/kim/...`); when it ends in a
    student instead, only its top folder is unwrapped. One student alone at the top
    (`kim/exercise1.py`, a Moodle folder, `kim/` with folders of their own) stays that student."""
    present = [p for p in paths if not any(map(_hidden_name, p))]
    depth = 0
    beside = False  # files of no one's lie beside the folders passed: only a plain class is unwrapped
    loose = False  # ... at the zip's top: a student's own loose files, as likely as an instructor's
    holder = 0  # the depth of the deepest folder passed that holds such files
    for _ in range(MAX_DEPTH):
        handed = [p[-1] for p in present if len(p) == depth + 1 and _suffix(p[-1]).lower() in SUBMITTED]
        tops = {p[depth] for p in present if len(p) > depth + 1}
        if len(tops) != 1 or _moodle_folder(next(iter(tops))):
            break  # several folders at the top, or an LMS student's folder
        if any(_lms_file(_stem(f), words) or _named(_stem(f), words) is not None for f in handed):
            break  # students' files beside it: the class is here
        beside = beside or bool(handed)
        loose = loose or (bool(handed) and depth == 0)
        holder = depth if handed else holder
        present = [p for p in present if len(p) > depth + 1]
        reading = _reads_as(present, depth + 1, words, deep=depth > 0, plain=beside)
        if reading == _CLASS:  # files of no one beside it (an instructor's `solution.py`) are listed
            return present[0][: depth + 1]
        if reading == _STUDENT:
            break
        depth += 1  # one folder, holding one folder: look deeper
    # a chain ending in a student: its folders down to the one holding files of no one's (an
    # instructor's), else one wrapper at most; none when such files lie at the zip's top
    if not present or loose:
        return ()
    return present[0][: holder or min(depth, 1)]


_CLASS, _STUDENT, _PASS = "class", "student", "pass"
# Folders people make for their own work, or tools make: never a classmate's, inside a student's folder.
OWN_FOLDERS = frozenset((
    "src", "source", "sources", "code", "lib", "libs", "utils", "util", "helpers", "tools", "scripts",
    "tests", "test", "data", "dataset", "datasets", "input", "inputs", "output", "outputs", "results",
    "images", "img", "figures", "figs", "plots", "docs", "doc", "notes", "notebooks", "old", "backup",
    "backups", "bak", "archive", "draft", "drafts", "previous", "prev", "venv", "env", "site-packages",
    "bin", "include", "models", "checkpoints", "assets", "resources", "build", "dist",
))  # fmt: skip


def _reads_as(
    paths: list[tuple[str, ...]], at: int, words: str, deep: bool = False, plain: bool = False
) -> str:
    """What the folder whose files are `paths` (from their part `at` on) reads as: a class (LMS
    students in it; students' folders, or files named by student, an instructor's files beside them),
    a student (their own files named by exercise, folders named for their work or by exercise), or
    neither yet (one folder of a student's name, and nothing else: _PASS). Below another such folder
    (`deep`), one file named by student is no class: `class/kim/my_exercise1.py` is kim's. With files of
    no one's beside it (`plain`), only a plain class is one: LMS students, two students' files, two
    students' folders one of which holds a file named by exercise, or three folders (`lab/part1`,
    `lab/part2` beside a student's own notebook are theirs)."""
    files = {p[at] for p in paths if len(p) == at + 1 and _suffix(p[at]).lower() in SUBMITTED}
    folders = {p[at] for p in paths if len(p) > at + 1}
    if any(_moodle_folder(f) for f in folders) or any(_lms_file(_stem(f), words) for f in files):
        return _CLASS
    own = {f for f in folders if f.casefold() in OWN_FOLDERS or _exercise_only(f, words)}
    people = folders - own
    if len(people) == 1 and not own and not files:
        return _PASS
    by_exercise = {f for f in files if _exercise_only(_stem(f), words)}
    named = {f: _named(_stem(f), words) for f in files - by_exercise}
    students = set(named.values()) - {None}
    if len(people) == 1 and not own and not by_exercise and not students:
        return _PASS  # one folder beside files of no one's (`CS101/solution.py`): the caller looks in it
    if plain:
        ending = re.compile(rf"(?:^|[_\- ]){words}$", re.IGNORECASE)
        exercised = {
            p[at] for p in paths if p[at] in people and len(p) > at + 1 and ending.search(_stem(p[-1]))
        }
        two = len(people) >= 2 and exercised
        return _CLASS if len(students) >= 2 or two or len(people) >= 3 else _STUDENT
    if by_exercise or (own and not people):
        # one's own work: a student, unless beside several classmates who hand in (a starter file)
        handing = {p[at] for p in paths if p[at] in people and _suffix(p[-1]).lower() in SUBMITTED}
        return _CLASS if len(handing) >= 2 or len(students) >= 2 else _STUDENT
    if not folders and len(students) >= (2 if deep else 1) and None not in named.values():
        return _CLASS  # a flat folder of files named by student
    return _CLASS if people or len(students) >= 2 else _STUDENT  # an instructor's files beside a class


def _moodle_folder(name: str) -> bool:
    try:
        return moodle_name(name, folder=True) is not None
    except AmbiguousName:
        return True


def _lms_file(stem: str, words: str) -> bool:
    """A flat file name an LMS made (Canvas's, Moodle's); never one that starts with an exercise's
    name (`exercise1_2024_03_15`: a date, not a Canvas user id)."""
    try:
        student = _student_from_lms_name(stem, folder=False)[0]
    except AmbiguousName:
        return True
    return student is not None and not _exercise_only(student, words)


def _named(stem: str, words: str) -> str | None:
    """The student a flat file name names (`kim_exercise1`, an LMS's), by the exercises' words; an
    ambiguous LMS name names someone all the same."""
    try:
        return _student_from_name(stem, words)[0]
    except AmbiguousName:
        return stem


def _parts(name: str) -> tuple[str, ...]:
    return tuple(part for part in name.split("/") if part not in ("", "."))


_DRIVE = re.compile(r"^[A-Za-z]:")


def _unsafe(name: str) -> bool:
    """A member name that would leave its place in the class: one with a `..` part (even one that
    comes back inside: `mallory/../alice/exercise1.py` would be alice's file), an absolute path, a
    Windows drive (`C:`) or server (`//server/share`)."""
    return name.startswith("/") or bool(_DRIVE.match(name)) or ".." in name.split("/")


def _write_member(
    zf: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, data: bool = True
) -> str | None:
    """Write one member to `target` with the member's time (of two files for one exercise, the newer is
    graded); its data only if `data` (a file of another kind is only listed, by its name). Why it
    could not be written (a message key), or None. Only the name's own troubles are the member's: a
    full disk is the run's (OSError)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        sink = open(target, "xb")  # never over another member: the first of one name is kept
    except (FileExistsError, NotADirectoryError, IsADirectoryError):
        return "grade.zip_clash"
    except OSError as error:
        if error.errno == errno.ENAMETOOLONG:
            return "grade.zip_path_too_long"
        raise
    with sink:
        if data:
            for chunk in _data(zf, member):
                sink.write(chunk)
    _dated(target, member)
    return None


def _dated(target: Path, member: zipfile.ZipInfo) -> None:
    """Give an extracted file the time the zip records for it (local time, as zip keeps it)."""
    import time

    try:
        when = time.mktime((*member.date_time, 0, 0, -1))
        os.utime(target, (when, when))
    except (OverflowError, ValueError, OSError):
        pass  # an impossible date: the time of extraction stands


def _data(zf: zipfile.ZipFile, member: zipfile.ZipInfo):
    """A member's data in pieces. Whatever reading it raises (a bad CRC, corrupt deflate, LZMA or
    bzip2 data, a password asked for) is the archive's fault: BadZipFile."""
    try:
        with zf.open(member) as source:
            while chunk := source.read(1 << 20):
                yield chunk
    except _DAMAGED:
        raise
    except (OSError, RuntimeError, ValueError, *_codec_errors()) as error:
        raise _Unreadable(type(error).__name__) from None


class _Unreadable(zipfile.BadZipFile):
    """A member whose data cannot be read; `reason` names what reading it raised."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _codec_errors() -> tuple[type[Exception], ...]:
    try:
        import lzma
    except ImportError:  # a Python built without it reads no LZMA member at all
        return ()
    return (lzma.LZMAError,)


def _fitting(name: str) -> str:
    """The member's path with every part short enough for the file system: a longer part keeps its
    beginning and end (an LMS's prefix, the exercise's name and suffix) around a hash of the whole,
    so that two long names stay two files."""
    return "/".join(_short(part) for part in name.split("/"))


def _short(part: str) -> str:
    data = part.encode("utf-8", "surrogatepass")
    if len(data) <= NAME_MAX:
        return part
    tag = "~" + hashlib.sha256(data).hexdigest()[:12] + "~"
    room = NAME_MAX - len(tag)
    head, tail = _within(part, room // 2), _within(part[::-1], room - room // 2)[::-1]
    return head + tag + tail


def _within(text: str, size: int) -> str:
    """The longest start of `text` that is at most `size` bytes in UTF-8."""
    used = 0
    for index, char in enumerate(text):
        used += len(char.encode("utf-8", "surrogatepass"))
        if used > size:
            return text[:index]
    return text


class Input:
    """The submissions as a folder, extracting a zip to a temporary folder first."""

    def __init__(self, path: Path, registry=None) -> None:
        self.path = path
        self.registry = registry  # its exercises' file names tell a folder of flat files from a student's
        self._tmp: Path | None = None
        self.skipped: list[tuple[tuple[str, ...], str]] = []  # members of a zip left out: (parts, reason)

    def __enter__(self) -> Path:
        from checker import scratch

        check_input(self.path)
        if self.path.is_file():
            self._tmp = scratch.folder("grade")
            try:
                return extract_zip(self.path, self._tmp, self.skipped, self.registry)
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
    in_folders = any("/" in name for name, why in found.unattributed if why != "grade.zip_unsafe_path")
    if not found.submissions and not found.students and not in_folders:
        if not found.unattributed:  # an empty zip, or one of folders only
            raise NotAClass("grade.empty_input", path=path)
        first = found.unattributed[0]
        raise NotAClass("grade.no_student_found", path=path, count=len(found.unattributed), file=first[0],
                        reason=first[1])  # fmt: skip


def read_roster(path: Path) -> list[str]:
    """Student ids from a CSV: the column named id/student/username/login/email, else the first; of a
    class list Canvas or Moodle exports, the people's ids (see batch.roster)."""
    return [person.key for person in read_people(path)]


def read_people(path: Path):
    """The people of a roster file (batch.roster.Person)."""
    from checker.batch.roster import RosterEncoding, roster_text
    from checker.batch.roster import read_people as people

    with open(path, "rb") as handle:  # a pipe too (--roster <(...)), never more than a roster can be
        data = handle.read(ROSTER_LIMIT + 1)
    if len(data) > ROSTER_LIMIT:
        raise RosterEncoding("too large")
    return people(roster_text(data))


ROSTER_LIMIT = 64 << 20
