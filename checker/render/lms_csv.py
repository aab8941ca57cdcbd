"""A graded class as the gradebook files Canvas and Moodle import, and the list of students neither
file holds because the LMS could not tell who they are. Pure functions of the report and the roster.

Canvas (Grades → Import) reads its own export's shape: Student, ID, SIS User ID, SIS Login ID, Section,
then a column per assignment ("Title (assignment id)" updates that assignment; a new title makes one),
and a "Points Possible" row under the header. It finds a student by ID, else the SIS ids.
Moodle (Grades → Import → CSV file) maps one column to a user field (Email address or ID number) and a
grade column to a grade item.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from checker.batch.report import ClassReport, StudentRow
from checker.batch.roster import CANVAS, LmsContext, Match, match_students
from checker.figures import format_number
from checker.inert import csv_cell

CANVAS_HEADER = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
CANVAS_POINTS = "    Points Possible"  # as Canvas writes it in its export
MOODLE_HEADER = ("First name", "Last name", "ID number", "Email address")
UNMATCHED_HEADER = ("lms", "student", "lms_id", "total", "max_total", "reason")
BOM = "\ufeff"  # UTF-8's byte order mark: Excel then reads the file as UTF-8, not the local code page


@dataclass(frozen=True)
class Unmatched:
    """A student left out of an LMS file: who, their score, and why (a message key)."""

    lms: str
    student: str
    lms_id: str
    total: str
    max_total: str
    reason: str


@dataclass(frozen=True)
class LmsFile:
    text: str
    unmatched: list[Unmatched]


def _writer(out: io.StringIO):
    return csv.writer(out, lineterminator="\r\n")  # RFC 4180, as both LMSs export


def grade_cell(row: StudentRow) -> str:
    """The total to import: blank when the grader failed on a file of theirs, or could grade none of
    the files they handed in (no grade they did not earn, nor a zero: the report says why); 0 for a
    student on the roster who handed in nothing."""
    total = row.graded_total
    return "" if total is None else format_number(total)


def _unmatched(lms: str, row: StudentRow, reason: str) -> Unmatched:
    total = grade_cell(row)
    return Unmatched(lms, row.student, row.lms_id or "", total, format_number(row.max_total), reason)


def _matches(report: ClassReport, context: LmsContext) -> dict[str, Match]:
    students = {row.student: row.lms_id for row in report.rows}
    return match_students(students, context.kinds, context.people)


def canvas_csv(report: ClassReport, context: LmsContext) -> LmsFile:
    """canvas.csv: one row per student Canvas can identify, by the user id of their file names (Canvas
    downloads) or their roster row (a Canvas gradebook export)."""
    out, unmatched = io.StringIO(), []
    writer = _writer(out)
    writer.writerow([*CANVAS_HEADER, csv_cell(context.title)])
    writer.writerow([CANVAS_POINTS, "", "", "", "", format_number(report_max(report))])
    matches = _matches(report, context)
    for row in report.rows:
        person = matches[row.student].person
        own = row.lms_id if context.kinds.get(row.student) == CANVAS else ""
        user = (person.canvas_id if person else "") or (own or "")
        sis_user, login = (person.sis_user_id, person.sis_login_id) if person else ("", "")
        if not (user or sis_user or login):
            unmatched.append(
                _unmatched(CANVAS, row, matches[row.student].reason or "lms.reason_no_canvas_id")
            )
            continue
        name = (person.name if person else "") or row.student
        section = person.section if person else ""
        writer.writerow([csv_cell(name), csv_cell(user), csv_cell(sis_user), csv_cell(login), csv_cell(section),
                         grade_cell(row)])  # fmt: skip
    return LmsFile(out.getvalue(), unmatched)


def moodle_key(context: LmsContext) -> str:
    """The column Moodle maps users from: Email address when the roster has e-mails, else ID number."""
    return "Email address" if any(p.email for p in context.people) else "ID number"


def moodle_csv(report: ClassReport, context: LmsContext) -> LmsFile:
    """moodle.csv: one row per student with the roster's e-mail (or ID number, see `moodle_key`)."""
    out, unmatched = io.StringIO(), []
    writer = _writer(out)
    writer.writerow([*MOODLE_HEADER, csv_cell(context.title)])
    by_email = moodle_key(context) == "Email address"
    matches = _matches(report, context)
    for row in report.rows:
        match = matches[row.student]
        person = match.person
        key = (person.email if by_email else person.id_number) if person else ""
        if not key:
            unmatched.append(_unmatched("moodle", row, match.reason or "lms.reason_no_moodle_key"))
            continue
        writer.writerow([csv_cell(person.first), csv_cell(person.last), csv_cell(person.id_number),
                         csv_cell(person.email), grade_cell(row)])  # fmt: skip
    return LmsFile(out.getvalue(), unmatched)


def report_max(report: ClassReport) -> float:
    """The points possible: the class's maximum total."""
    return max((row.max_total for row in report.rows), default=0.0)


def unmatched_csv(unmatched: list[Unmatched], reason_text) -> str:
    """lms-unmatched.csv: the students an LMS file leaves out, with their score to enter by hand and
    why (`reason_text` makes a reason key a sentence)."""
    out = io.StringIO()
    writer = _writer(out)
    writer.writerow(UNMATCHED_HEADER)
    for u in unmatched:
        writer.writerow([u.lms, csv_cell(u.student), csv_cell(u.lms_id), u.total, u.max_total,
                         csv_cell(reason_text(u.reason), 1000)])  # fmt: skip
    return out.getvalue()
