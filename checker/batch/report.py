"""The gradebook and the class report, computed from the summaries of a class's journal entries: plain
data for every renderer."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from checker.batch.journal import ERRORED, PASSED, TIMED_OUT, Summary
from checker.codecheck import ERROR

OK, MISSING = "ok", "missing"
GRADER = "grader"  # a row with a submission the grader failed to grade: its score is not the student's
UNREAD = "unread"  # files handed in that could not be graded (listed with why): no score, not a zero
HISTOGRAM_BINS = 10


@dataclass(frozen=True, slots=True)
class StudentRow:
    student: str
    lms_id: str | None
    scores: dict[int, float | None]  # exercise -> score (None: not submitted)
    max_scores: dict[int, float]
    total: float
    max_total: float
    status: str  # ok | error | missing | grader | unread
    misconceptions: tuple[str, ...]
    attempts: tuple[tuple[int, str, str], ...] = ()  # resubmissions: (exercise, graded, set aside)

    @property
    def graded_total(self) -> float | None:
        """The total as a grade: none while the grader failed on a file of theirs, or could grade none
        of the files they handed in (no grade they did not earn, nor a zero: the report says why); 0
        for a student on the roster who handed in nothing."""
        return None if self.status in (GRADER, UNREAD) else self.total


@dataclass(frozen=True)
class TestRate:
    exercise: int
    test: str
    name: dict
    visibility: str
    passed: int
    graded: int


@dataclass(frozen=True)
class MisconceptionCount:
    tag: str
    title: dict
    reteach: dict
    count: int


@dataclass(frozen=True)
class Problem:
    student: str
    exercise: int
    name: str
    kind: str  # syntax | import | timeout | crashed | grader | ...
    message: dict | None


@dataclass
class ClassReport:
    rows: list[StudentRow]
    exercises: list[int]
    histogram: list[int]  # students per 10% band of the total, 0–10% … 90–100%
    rates: list[TestRate]
    misconceptions: list[MisconceptionCount]
    problems: list[Problem]
    unattributed: list[tuple[str, str]] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    # resubmissions: (student, exercise, the attempt graded, an attempt set aside)
    attempts: list[tuple[str, int, str, str]] = field(default_factory=list)
    graded: int = 0
    reused: int = 0


def max_scores(entries: list[Summary]) -> dict[int, float]:
    """The maximum score of each exercise, as graded."""
    best: dict[int, float] = {}
    for e in entries:
        best[e.exercise] = max(best.get(e.exercise, 0.0), e.max_score)
    return best


def build(
    entries: list[Summary],
    roster: list[str] | None = None,
    students: dict[str, str | None] | None = None,
    unattributed: list[tuple[str, str]] | None = None,
    duplicates: list[tuple[str, str]] | None = None,
    attempts: list[tuple[str, int, str, str]] | None = None,
    registry=None,
    unread: list[str] | None = None,
    catalogue: dict | None = None,
) -> ClassReport:
    """The class's report from the graded files' summaries; `catalogue` (journal_catalogue's) or else
    `registry` (default: the shipped exercises) names the catalogued mistakes."""
    maxima = max_scores(entries)
    exercises = sorted(maxima)
    by_student: dict[str, list[Summary]] = {}
    for e in entries:
        by_student.setdefault(e.student, []).append(e)
    known = dict(students or {})
    for e in entries:
        known.setdefault(e.student, e.lms_id)
    names = set(known)
    for wanted in roster or []:
        match = _roster_match(wanted, known)
        if match is None:
            names.add(wanted)  # on the roster, nothing submitted
    tried: dict[str, list[tuple[int, str, str]]] = {}
    for student, exercise, graded, aside in attempts or []:
        tried.setdefault(student, []).append((exercise, graded, aside))
    handed_in = set(unread or ())
    rows = []
    for student in sorted(names, key=str.casefold):
        mine = {e.exercise: e for e in by_student.get(student, [])}
        # A grader fault is no grade: its score stays empty (not 0) until the file is graded again.
        scores = {n: (mine[n].score if n in mine and not _grader_fault(mine[n]) else None) for n in exercises}
        total = sum(s for s in scores.values() if s is not None)
        if not mine:
            status = UNREAD if student in handed_in else MISSING
        elif any(_grader_fault(e) for e in mine.values()):
            status = GRADER
        elif student in handed_in:  # an exercise's file was handed in and could not be graded
            status = UNREAD
        elif any(_errored(e) for e in mine.values()):
            status = ERROR
        else:
            status = OK
        tags = tuple(dict.fromkeys(tag for n in sorted(mine) for tag in mine[n].tags))  # by exercise
        mine_tried = tuple(sorted(tried.get(student, [])))
        rows.append(StudentRow(student, known.get(student), scores, maxima, total, sum(maxima.values()),
                               status, tags, mine_tried))  # fmt: skip
    histogram = [0] * HISTOGRAM_BINS
    for row in rows:
        if row.max_total and row.graded_total is not None:  # no grade is no score band
            band = min(int(10 * row.total / row.max_total), HISTOGRAM_BINS - 1)
            histogram[band] += 1
    return ClassReport(
        rows=rows,
        exercises=exercises,
        histogram=histogram,
        rates=_rates(entries),
        misconceptions=_misconceptions(entries, registry, catalogue),
        problems=[p for e in sorted(entries, key=lambda e: (e.student, e.exercise)) if (p := _problem(e))],
        unattributed=list(unattributed or []),
        duplicates=list(duplicates or []),
        attempts=list(attempts or []),
    )


def _grader_fault(entry: Summary) -> bool:
    """The grader failed to grade this file (never the submission's doing; --resume grades it again)."""
    return entry.error_kind == "grader"


def _errored(entry: Summary) -> bool:
    """The file did not load, crashed, or no test of it ran to an answer (timeouts, crashes)."""
    if entry.status == ERROR and entry.error_kind not in (None, "not-implemented"):
        return True
    return bool(entry.marks) and set(entry.marks) <= {ERRORED, TIMED_OUT} and entry.error_kind is None


def _problem(entry: Summary) -> Problem | None:
    """Why a submission needs the instructor's eyes: it errored, or some test timed out."""
    from checker.results import Message

    if entry.status == ERROR and entry.error_kind != "not-implemented":
        return Problem(entry.student, entry.exercise, entry.name, entry.error_kind or "error", entry.error)
    if TIMED_OUT in entry.marks:
        return Problem(entry.student, entry.exercise, entry.name, "timeout", Message.of("check.case_timeout"))
    return None


def _roster_match(wanted: str, known: dict[str, str | None]) -> str | None:
    folded = wanted.strip().casefold()
    for student, lms_id in known.items():
        if folded in (student.casefold(), (lms_id or "").casefold()):
            return student
    return None


def _rates(entries: list[Summary]) -> list[TestRate]:
    table: dict[tuple[int, str], list] = {}
    for e in entries:
        for (test, visibility, name), mark in zip(e.layout, e.marks):
            row = table.setdefault((e.exercise, test), [dict(name), visibility, 0, 0])
            row[2] += mark == PASSED
            row[3] += 1
    place = {(e.exercise, test[0]): k for e in entries for k, test in enumerate(e.layout)}
    ordered = sorted(table.items(), key=lambda item: (item[0][0], place[item[0]]))  # not the grading order
    return [
        TestRate(n, test, name, vis, passed, graded) for (n, test), (name, vis, passed, graded) in ordered
    ]


def _per_language(message) -> dict:
    from checker.i18n import LANGS

    return {lang: message.text(lang) for lang in LANGS}


def journal_catalogue(journal, entries: list[Summary]) -> dict:
    """The catalogued mistakes the class's files made, as their results name them: tag -> the hit (its
    title and explanation, the catalogue's), read from one journal line each. build() then imports no
    exercise's spec (nor numpy) for them; a line that cannot be read leaves its tag to the specs."""
    first: dict[str, Summary] = {}
    for e in entries:
        for tag in e.tags:
            if e.finding is None or e.finding.key != tag:  # a named cause has its sentence in the summary
                first.setdefault(tag, e)
    found = {}
    for tag, e in first.items():
        try:
            hits = journal.entry_at(e.offset).result.misconceptions
        except (ValueError, OSError):  # damaged or gone since: build() asks the specs
            continue
        found.update((hit.tag, hit) for hit in hits if hit.tag == tag)
    return found


def _misconceptions(
    entries: list[Summary], registry=None, known: dict | None = None
) -> list[MisconceptionCount]:
    counts = Counter(tag for e in entries for tag in e.tags)
    named = {e.finding.key: e.finding for e in entries if e.finding is not None}  # the diagnosis's causes
    catalogue = dict(known or {})
    if any(tag not in catalogue and tag not in named for tag in counts):
        from checker.specs.registry import Registry

        registry = registry or Registry()
        for number in sorted({e.exercise for e in entries} & set(registry.numbers())):
            for m in registry.spec(number).misconceptions:
                catalogue.setdefault(m.tag, m)
    found = []
    for tag, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):  # ties: by tag
        m = catalogue.get(tag)
        if m is None and tag in named:  # a named cause: its sentence, as the first file showed it
            found.append(
                MisconceptionCount(tag, _per_language(named[tag]), {"en": "", "ko": "", "ja": ""}, count)
            )
            continue
        title = dict(m.title) if m else {"en": tag, "ko": tag, "ja": tag}
        reteach = dict(getattr(m, "reteach", None) or m.explanation) if m else {"en": "", "ko": "", "ja": ""}
        found.append(MisconceptionCount(tag, title, reteach, count))
    return found
