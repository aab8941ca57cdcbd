"""A class list: a plain CSV of ids, or the people list an LMS exports (Canvas's gradebook: Student, ID,
SIS User ID, SIS Login ID, Section; Moodle's: First name, Last name, ID number, Email address), and
the join of its people with the students a batch found. A join is made only when it names exactly one
person for one student: a grade never reaches someone else."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from checker.inert import identity, student_id

CANVAS, MOODLE = "canvas", "moodle"
# A plain roster: the first of these columns, else the first column (no header then). Headers are read
# without case, and with spaces, underscores and hyphens alike ("Student ID" is student_id).
PLAIN_COLUMNS = ("student id", "student number", "student no", "학번", "学籍番号", "学生番号", "id", "id number",
                 "id番号", "student", "username", "user name", "login", "sis login id", "아이디", "ユーザ名",
                 "email", "email address", "e mail", "이메일", "이메일 주소", "メールアドレス", "name", "full name",
                 "이름", "성명", "氏名", "名前")  # fmt: skip
# Moodle's participants export, in English, Korean or Japanese.
FIRST_NAME, LAST_NAME = (
    ("first name", "firstname", "이름", "名"),
    ("last name", "lastname", "surname", "성", "姓"),
)
ID_NUMBER = (
    "id number",
    "idnumber",
    "id 번호",
    "id番号",
    "student id",
    "student number",
    "student no",
    "학번",
    "学籍番号",
    "学生番号",
    "id",
)  # fmt: skip  (a class list with name columns reads as Moodle's)
EMAIL = ("email address", "email", "e mail", "이메일 주소", "이메일", "メールアドレス")
_HANGUL = re.compile(r"[\uac00-\ud7af]+")
_EAST_ASIAN = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
CANVAS_POINTS_ROW = "points possible"  # the second row of Canvas's export, no student
CANVAS_TEST_STUDENT = ("test student", "student, test")  # Canvas's student view, as its exports name it


@dataclass(frozen=True, slots=True)
class Person:
    """One row of a roster. `key` is the id a plain roster gives (and what the gradebook calls a
    student who handed in nothing)."""

    key: str
    name: str = ""  # as the LMS shows it ("Kim, Minsu", "Minsu Kim")
    first: str = ""
    last: str = ""
    canvas_id: str = ""  # Canvas's numeric user id (its export's ID)
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""
    id_number: str = ""  # Moodle's ID number
    email: str = ""
    lms: str = ""  # canvas | moodle | "" (a plain roster)

    def ids(self) -> set[str]:
        """Every id this person is known by, case-folded."""
        found = (self.key, self.canvas_id, self.sis_user_id, self.sis_login_id, self.id_number, self.email)
        return {folded_id(i) for i in found if i}

    def names(self) -> set[str]:
        """The person's name in either order, folded (see `folded_name`)."""
        found = {
            folded_name(self.name),
            folded_name(self.first + self.last),
            folded_name(self.last + self.first),
        }
        return found - {""}


@dataclass(frozen=True)
class Match:
    """Who a gradebook row is in the LMS: `person` (None: not found, or not one person only) and why not."""

    person: Person | None
    reason: str = ""  # a message key when person is None


@dataclass
class LmsContext:
    """What the LMS files need beyond the report: the roster's people, the LMS each student's id came
    from (their file names), and the title of the grade column."""

    people: list[Person] = field(default_factory=list)
    kinds: dict[str, str] = field(default_factory=dict)  # student -> canvas | moodle
    title: str = "lstm-quiz"


def default_title(registry, exercises: list[int]) -> str:
    """The LMS column's default title: the one exercise's English title, else the tool's name."""
    infos = registry.infos() if registry is not None else {}
    if len(exercises) == 1 and exercises[0] in infos:
        return infos[exercises[0]].title["en"]
    return "lstm-quiz"


def _inert(text: str) -> str:
    """A roster's cell as a student id or name: in one Unicode form first (NFC, as discovery's names
    are), then inert."""
    return identity(unicodedata.normalize("NFC", text))


def _person(text: str) -> str:
    """A roster's name or key as discovery makes a student's (a name that reads like one the grader
    makes of a classmate's is tagged alike, so both still find each other and never that classmate)."""
    return student_id(unicodedata.normalize("NFC", text))


def folded_id(text: str) -> str:
    """An id for comparison only: one Unicode form (NFC: macOS writes "José" in another), no case."""
    return unicodedata.normalize("NFC", text).casefold()


def folded_name(text: str) -> str:
    """A name for comparison only: letters and digits of any script, without case, spaces or
    punctuation ("Kim, Minsu" and Canvas's file name "kimminsu" fold alike; so do "김 민수" and "김민수")."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in text if unicodedata.category(c)[0] in "LN")


def _cells(row: list[str], header: list[str], *names: str) -> str:
    for name in names:
        if name in header:
            column = header.index(name)
            return row[column].strip() if column < len(row) else ""
    return ""


def _header(cell: str) -> str:
    """A column's name as it is looked up: NFKC, without case, spaces, underscores and hyphens alike."""
    return re.sub(r"[\s_\-]+", " ", unicodedata.normalize("NFKC", cell).casefold()).strip()


def _kind(header: list[str]) -> str:
    if "student" in header and "id" in header and {"sis user id", "sis login id", "section"} & set(header):
        return CANVAS
    if set(FIRST_NAME) & set(header) and set(LAST_NAME) & set(header):
        return MOODLE
    return ""


def _canvas(rows: list[list[str]], header: list[str]) -> list[Person]:
    people = []
    for row in rows:
        name, user = _cells(row, header, "student"), _cells(row, header, "id")
        if name.casefold() == CANVAS_POINTS_ROW or not (name or user):
            continue  # the points row, the posting-policy row
        sis_user, login = _cells(row, header, "sis user id"), _cells(row, header, "sis login id")
        if name.casefold() in CANVAS_TEST_STUDENT and not (sis_user or login):
            continue  # the course's "student view" user, in every export: no one to grade
        key = user or sis_user or login or name
        people.append(Person(_person(key), _person(name), canvas_id=_inert(user), sis_user_id=_inert(sis_user),
                             sis_login_id=_inert(login), section=_inert(_cells(row, header, "section")),
                             lms=CANVAS))  # fmt: skip
    return people


def _moodle(rows: list[list[str]], header: list[str]) -> list[Person]:
    people = []
    for row in rows:
        first, last = _cells(row, header, *FIRST_NAME), _cells(row, header, *LAST_NAME)
        number, email = _cells(row, header, *ID_NUMBER), _cells(row, header, *EMAIL)
        # Korean, Chinese and Japanese names put the family name first (a Korean one with no space)
        if _HANGUL.fullmatch(first + last):
            name = last + first
        elif _EAST_ASIAN.search(first + last):
            name = f"{last} {first}".strip()
        else:
            name = f"{first} {last}".strip()
        if not (name or number or email):
            continue
        people.append(Person(_person(name or email or number), _person(name), _inert(first), _inert(last),
                             id_number=_inert(number), email=_inert(email), lms=MOODLE))  # fmt: skip
    return people


class RosterEncoding(ValueError):
    """A roster in no encoding a spreadsheet saves a class list in."""


def roster_text(data: bytes) -> str:
    """A roster file's text, in the encoding a spreadsheet saved it in: UTF-8 (with or without its
    mark), UTF-16 or UTF-32 with a byte-order mark (Excel's "Unicode Text"), else CP949 (Korean
    Excel's CSV) or Shift-JIS (Japanese Excel's) when it reads cleanly as one."""
    import codecs

    for mark, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                           (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                           (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(mark):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise RosterEncoding(encoding) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from checker.batch.discover import _japanese, _korean

    text = _korean(data) or _japanese(data)
    if text is not None and not _GLUED.search(text):
        return text
    try:  # Western Excel's CSV (Renée, François): read as CP949 or Shift-JIS its letters glue to Latin ones
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise RosterEncoding("unknown") from None
    if any(unicodedata.category(c)[0] == "C" and c not in "\t\r\n" for c in text):
        raise RosterEncoding("unknown")
    return text


# A Korean or Japanese character glued to a Latin letter: "Fran輟is" is French read with another code page.
_GLUED = re.compile(r"[A-Za-z][^\x00-\x7f]|[^\x00-\x7f][A-Za-z]")


_SEPARATOR_LINE = re.compile(r"\A\ufeff?sep=(.)\r?\n")  # Excel's "sep=;" first line


def _delimiter(text: str) -> tuple[str, str]:
    """(the separator of a roster's cells, the text without Excel's "sep=" line): as that line says,
    else a comma, else the tab (Excel's "Unicode Text") or the semicolon (Excel where the comma is the
    decimal mark) when its first line holds more of them."""
    said = _SEPARATOR_LINE.match(text)
    if said:
        return said.group(1), text[said.end() :]
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return (max((",", "\t", ";"), key=first.count) if first.count(",") == 0 else ","), text


def read_people(text: str) -> list[Person]:
    """The people of a roster's text: an LMS export when its header says so, else a plain list of ids
    (the column named id, student_id, username, login or email, else the first column)."""
    # Only CR and LF end a record: str.splitlines would also break a name at \x1c or U+2028.
    delimiter, text = _delimiter(text)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = [row for row in records if any(cell.strip() for cell in row)]
    if not rows:
        return []
    header = [_header(h) for h in rows[0]]
    kind = _kind(header)
    if kind == CANVAS:
        return _canvas(rows[1:], header)
    if kind == MOODLE:
        return _moodle(rows[1:], header)
    for wanted in PLAIN_COLUMNS:
        if wanted in header:
            column = header.index(wanted)
            return [
                Person(_person(r[column].strip())) for r in rows[1:] if len(r) > column and r[column].strip()
            ]
    return [Person(_person(r[0].strip())) for r in rows if r and r[0].strip()]


def _strip_id(student: str, lms_id: str | None) -> str:
    """A student's name without the " (id)" that tells two people of one name apart."""
    suffix = f" ({lms_id})"
    return student[: -len(suffix)] if lms_id and student.endswith(suffix) else student


def _candidates(student: str, lms_id: str | None, kind: str | None, people: list[Person]) -> list[Person]:
    """The people a student may be, by the strongest evidence that names any: the Canvas user id of
    their file names, then an id equal to their name, then their name."""
    if kind == CANVAS and lms_id:
        found = [p for p in people if p.canvas_id == lms_id]
        if found:
            return found
    folded = folded_id(student)
    found = [p for p in people if folded in p.ids()]
    if found:
        return found
    name = folded_name(_strip_id(student, lms_id))
    return [p for p in people if name and name in p.names()]


def match_students(
    students: dict[str, str | None], kinds: dict[str, str], people: list[Person]
) -> dict[str, Match]:
    """Each student's person on the roster. A student who may be two people, or a person two students
    may be, is matched to nobody (and said why)."""
    found = {s: _candidates(s, lms_id, kinds.get(s), people) for s, lms_id in students.items()}
    claims: dict[int, int] = {}
    for candidates in found.values():
        if len(candidates) == 1:
            claims[id(candidates[0])] = claims.get(id(candidates[0]), 0) + 1
    matches = {}
    for student, candidates in found.items():
        if not candidates:
            matches[student] = Match(None, "lms.reason_not_on_roster" if people else "lms.reason_no_roster")
        elif len(candidates) > 1:
            matches[student] = Match(None, "lms.reason_ambiguous")
        elif claims[id(candidates[0])] > 1:
            matches[student] = Match(None, "lms.reason_shared")
        else:
            matches[student] = Match(candidates[0])
    return matches


def roster_keys(people: list[Person], students: dict[str, str | None], kinds: dict[str, str]) -> list[str]:
    """The roster as the gradebook's ids: a person matched to a student found in the class is that
    student (whatever the LMS calls them). A person whom a student may be, though the roster cannot say
    which (two of one name, say), handed in: their row is that student's, never a second one calling
    them missing. Anyone else keeps their key, and gets a row of their own; people who share a key
    (two of one name who handed in nothing) are each called by an id that is theirs alone, so that
    each is a row, and each LMS file gives each their own zero."""
    matches = match_students(students, kinds, people)
    matched = {id(m.person): s for s, m in matches.items() if m.person}
    claimed = {
        id(p)
        for s, m in matches.items()
        if m.person is None
        for p in _candidates(s, students[s], kinds.get(s), people)
    }
    rest = [p for p in people if id(p) not in matched and id(p) not in claimed]
    shared = Counter(folded_id(p.key) for p in rest)
    names = Counter(folded_name(p.name) for p in people if p.name)
    keys = []
    for person in people:
        if id(person) in matched:
            keys.append(matched[id(person)])
        elif id(person) not in claimed:
            own = _own_id(person, people) if shared[folded_id(person.key)] > 1 else None
            keys.append(own or _shown_name(person, names, students) or person.key)
    return keys


def _shown_name(person: Person, names: Counter, students: dict[str, str | None]) -> str | None:
    """A Canvas person who handed in nothing by their name ("Jung, Haeun", not their user id 12349)
    where no one else on the roster has it and no student found is called so: the LMS files find them
    by it all the same."""
    if person.lms != CANVAS or not person.name or names[folded_name(person.name)] != 1:
        return None
    if any(folded_name(student) == folded_name(person.name) for student in students):
        return None
    return person.name


def _own_id(person: Person, people: list[Person]) -> str | None:
    """An id of `person`'s that no one else on the roster has (None if every one is shared: the same
    person listed twice)."""
    for value in (person.email, person.sis_login_id, person.id_number, person.sis_user_id, person.canvas_id):
        folded = folded_id(value) if value else ""
        if folded and not any(folded in other.ids() for other in people if other is not person):
            return value
    return None
