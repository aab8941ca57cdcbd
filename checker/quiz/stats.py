"""Progress computed from the history: per topic, per session, streak, weak spots and what is due."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from checker.quiz.history import EPOCH, AnswerRecord, Answers, row
from checker.quiz.schedule import build_cards, due_cards, next_due

CORRECT = "correct"  # grading.CORRECT, as the history spells it (grading imports the banks' code)

MIN_ANSWERS_FOR_WEAKEST = 3
TREND_SESSIONS = 10


@dataclass(frozen=True)
class TopicStats:
    topic: str
    answered: int
    correct: int
    score: float  # mean score, 0..1

    def to_json(self) -> dict:
        return {
            "topic": self.topic,
            "answered": self.answered,
            "correct": self.correct,
            "percent": round(100 * self.score, 1),
        }


@dataclass(frozen=True)
class SessionStats:
    session: str
    started_at: str
    mode: str
    answered: int
    score: float

    def to_json(self) -> dict:
        return {
            "session": self.session,
            "started_at": self.started_at,
            "mode": self.mode,
            "answered": self.answered,
            "percent": round(100 * self.score, 1),
        }


@dataclass(frozen=True)
class Stats:
    answers: int
    sessions: int
    topics: list[TopicStats] = field(default_factory=list)
    trend: list[SessionStats] = field(default_factory=list)  # the latest sessions, oldest first
    streak_days: int = 0
    weakest: list[str] = field(default_factory=list)
    due: int = 0
    next_due: str | None = None
    misconceptions: list[tuple[str, int]] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "answers": self.answers,
            "sessions": self.sessions,
            "topics": [t.to_json() for t in self.topics],
            "trend": [s.to_json() for s in self.trend],
            "streak_days": self.streak_days,
            "weakest_topics": self.weakest,
            "due_for_review": self.due,
            "next_review": self.next_due,
            "misconceptions": [{"misconception": m, "count": n} for m, n in self.misconceptions],
        }


def streak(days: set[date], today: date) -> int:
    """Consecutive days with at least one answer, ending today (or yesterday, if not yet today)."""
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


QUARTER_US = 15 * 60 * 1_000_000
_MICROSECOND = timedelta(microseconds=1)


class Totals:
    """Running totals over the history in file order: everything `compute` needs except the cards.

    Adding one answer at a time gives the same totals whether the history is read whole or the cache
    (see cache.py) supplies the totals of a prefix and only the lines after it are added.
    """

    def __init__(self) -> None:
        self.answers = 0
        self.topics: dict[str, list] = {}  # topic -> [answered, correct, score sum]
        # session -> [answered, correct, score sum, first (micros), started_at, mode]; first-seen order
        self.sessions: dict[str, list] = {}
        # Quarter hours (UTC, counted from 1970): every time zone's offset is a multiple of 15
        # minutes, so each keeps its local day, whatever the zone of the run that reads them.
        self.quarters: set[int] = set()
        self.mistakes: Counter = Counter()  # insertion order breaks the ties of most_common

    @classmethod
    def of(cls, records: Iterable[AnswerRecord]) -> Totals:
        totals = cls()
        totals.add_rows(map(row, records))
        return totals

    def add(self, record: AnswerRecord) -> None:
        self.add_rows((row(record),))

    def add_rows(self, rows: Iterable[tuple]) -> None:
        """Add answers given as rows (history.row: the record's fields in order, then its time)."""
        topics, sessions, quarters, mistakes = self.topics, self.sessions, self.quarters, self.mistakes
        quarter_of = quarters.add
        epoch, unit = EPOCH, _MICROSECOND
        count = 0
        for (
            session_id,
            at,
            mode,
            _,
            topic_name,
            _,
            verdict,
            score,
            _,
            _,
            _,
            mistake,
            _,
            _,
            _,
            when,
            _,
        ) in rows:
            count += 1
            right = verdict == CORRECT
            topic = topics.get(topic_name)
            if topic is None:
                topic = topics[topic_name] = [0, 0, 0.0]
            topic[0] += 1
            topic[1] += right
            topic[2] += score
            first = (when - epoch) // unit  # micros(when)
            session = sessions.get(session_id)
            if session is None:
                session = sessions[session_id] = [0, 0, 0.0, first, at, mode]
            session[0] += 1
            session[1] += right
            session[2] += score
            if first < session[3]:
                session[3], session[4] = first, at
            if not session[5]:
                session[5] = mode
            quarter_of(first // QUARTER_US)
            if mistake:
                mistakes[mistake] += 1
        self.answers += count

    def to_json(self) -> dict:
        return {
            "answers": self.answers,
            "topics": self.topics,
            "sessions": self.sessions,
            "quarters": sorted(self.quarters),
            "mistakes": list(self.mistakes.items()),
        }

    @classmethod
    def from_json(cls, data: dict) -> Totals:
        """The totals saved by `to_json`; ValueError if anything is not as it wrote it."""
        totals = cls()
        totals.answers = _int(data["answers"])
        for topic, (answered, right, score) in data["topics"].items():
            totals.topics[topic] = [_int(answered), _int(right), _float(score)]
        for sid, (answered, right, score, first, started_at, mode) in data["sessions"].items():
            totals.sessions[sid] = [
                _int(answered),
                _int(right),
                _float(score),
                _int(first),
                _str(started_at),
                _str(mode),
            ]
        totals.quarters = set(data["quarters"])
        if not all(type(q) is int for q in totals.quarters):
            raise ValueError("not an integer")
        for name, count in data["mistakes"]:
            totals.mistakes[_str(name)] = _int(count)
        return totals


def _int(value: object) -> int:
    if type(value) is not int:
        raise ValueError("not an integer")
    return value


def _float(value: object) -> float:
    if type(value) is not float:
        raise ValueError("not a float")
    return value


def _str(value: object) -> str:
    if type(value) is not str:
        raise ValueError("not a string")
    return value


def compute(records: Sequence[AnswerRecord], now: datetime) -> Stats:
    summary = records.summary if isinstance(records, Answers) else None
    totals = summary.totals if summary is not None else Totals.of(records)
    topics = [
        TopicStats(topic=topic, answered=answered, correct=right, score=score / answered)
        for topic, (answered, right, score) in sorted(totals.topics.items())
    ]
    by_session = totals.sessions
    order = sorted(by_session, key=lambda sid: by_session[sid][3])  # stable: ties keep file order
    sessions = [
        SessionStats(
            session=sid,
            started_at=by_session[sid][4],
            mode=by_session[sid][5],
            answered=by_session[sid][0],
            score=by_session[sid][2] / by_session[sid][0],
        )
        for sid in order[-TREND_SESSIONS:]
    ]
    local_days = {
        (EPOCH + timedelta(microseconds=q * QUARTER_US)).astimezone().date() for q in totals.quarters
    }
    weakest = [
        t.topic
        for t in sorted(topics, key=lambda t: (t.score, t.topic))
        if t.answered >= MIN_ANSWERS_FOR_WEAKEST and t.score < 1
    ][:3]
    cards = build_cards(records, now) if records else {}
    upcoming = next_due(cards)
    return Stats(
        answers=totals.answers,
        sessions=len(order),
        topics=topics,
        trend=sessions,
        streak_days=streak(local_days, now.astimezone().date()),
        weakest=weakest,
        due=len(due_cards(cards, now)),
        next_due=upcoming.isoformat(timespec="minutes") if upcoming else None,
        misconceptions=totals.mistakes.most_common(5),
    )
