"""The feedback pages as each LMS takes them back in one upload.

Moodle (*Upload multiple feedback files in a zip*) gives a file to the participant whose id is the second
`_` part of a folder named as its download names it: `<name>_<participant id>_assignsubmission_file_/`.
Canvas (*Re-Upload Submissions*) attaches a file as a comment to the submission whose user id and file id
are the first two all-digit `_` parts of its name, as in its download: `<name>_<user id>_<file id>_…`.
Both ids come from the names of the files the class was graded from; a student without them, or an id
two students claim, gets no entry (nobody's feedback may reach somebody else).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from checker.batch.discover import CANVAS, AmbiguousName, moodle_name

ZIPS = {"canvas": "feedback-canvas.zip", "moodle": "feedback-moodle.zip"}
_NOT_WORD = re.compile(r"[\W_]+")
SLUG_LIMIT = 40


@dataclass(frozen=True)
class Upload:
    lms: str  # canvas | moodle
    student: str
    member: str  # the name inside the zip


def uploads(graded: Iterable[tuple[str, str]], kinds: Mapping[str, str]) -> list[Upload]:
    """Where each student's page goes in their LMS's zip. `graded`: (student, the file's name as found,
    relative to the class) for each graded file, in order; `kinds`: student -> canvas | moodle."""
    first: dict[tuple[str, str], tuple[str, str]] = {}  # (lms, student) -> (member, the id it matches)
    for student, name in graded:
        lms = kinds.get(student)
        made = _member(lms, student, name) if lms in ZIPS else None
        if made is not None:
            first.setdefault((lms, student), made)
    owners = Counter((lms, uid) for (lms, _), (_, uid) in first.items())
    return [
        Upload(lms, student, member)
        for (lms, student), (member, uid) in sorted(first.items())
        if owners[(lms, uid)] == 1
    ]


def _member(lms: str, student: str, name: str) -> tuple[str, str] | None:
    """(the member's name, the id it is matched by), or None when the file's name gives no id."""
    path = PurePosixPath(name)
    slug = _slug(student)
    if lms == "moodle":
        folders = path.parts[:-1]
        for part in folders or [path.stem]:
            try:
                match = moodle_name(part, folder=bool(folders))
            except AmbiguousName:  # never attributed: no id to send it to
                return None
            if match is not None:
                uid = match[1]
                return f"{slug}_{uid}_assignsubmission_file_/feedback.html", uid
        return None
    match = CANVAS.match(path.stem)
    if match is None:
        return None
    uid, sid = match.group("uid"), match.group("sid")
    return f"{slug}_{uid}_{sid}_feedback.html", uid


def _slug(student: str) -> str:
    """A student's name as the first part of a member's name: letters and digits of any script, never
    all digits (Canvas would read it as an id), never empty."""
    slug = _NOT_WORD.sub("", student)[:SLUG_LIMIT]
    return slug if slug and not slug.isdigit() else f"student{slug}"
