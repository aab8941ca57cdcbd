"""Progress computed from the history: per topic, per session, streak, weak spots and what is due."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from checker.grading import CORRECT
from checker.quiz.history import AnswerRecord
from checker.quiz.schedule import build_cards, due_cards, next_due

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


@dataclass
class _Tally:
    """Running totals of one topic or one session, filled in a single pass over the history."""

    answered: int = 0
    correct: int = 0
    score: float = 0.0
    first: datetime | None = None
    started_at: str = ""
    mode: str = ""

    def add(self, record: AnswerRecord) -> None:
        self.answered += 1
        self.correct += record.verdict == CORRECT
        self.score += record.score
        if self.first is None or record.when < self.first:
            self.first, self.started_at = record.when, record.at
        if not self.mode:
            self.mode = record.mode


def _tally(records: list[AnswerRecord]) -> tuple[dict[str, _Tally], dict[str, _Tally], set[date], Counter]:
    """One pass: totals per topic and per session, the local days studied, the misconceptions."""
    by_topic: dict[str, _Tally] = {}
    by_session: dict[str, _Tally] = {}
    days: set[datetime] = set()
    mistakes: Counter = Counter()
    for record in records:
        by_topic.setdefault(record.topic, _Tally()).add(record)
        by_session.setdefault(record.session, _Tally()).add(record)
        when = record.when
        days.add(when.replace(minute=when.minute - when.minute % 15, second=0, microsecond=0))
        if record.misconception:
            mistakes[record.misconception] += 1
    # Quarter hours: every time zone's offset is a multiple of 15 minutes, so each keeps its local day.
    local_days = {quarter.astimezone().date() for quarter in days}
    return by_topic, by_session, local_days, mistakes


def compute(records: list[AnswerRecord], now: datetime) -> Stats:
    by_topic, by_session, local_days, mistakes = _tally(records)
    topics = [
        TopicStats(topic=topic, answered=t.answered, correct=t.correct, score=t.score / t.answered)
        for topic, t in sorted(by_topic.items())
    ]
    order = sorted(by_session, key=lambda sid: by_session[sid].first)  # stable: ties keep file order
    sessions = [
        SessionStats(
            session=sid,
            started_at=by_session[sid].started_at,
            mode=by_session[sid].mode,
            answered=by_session[sid].answered,
            score=by_session[sid].score / by_session[sid].answered,
        )
        for sid in order
    ]
    weakest = [
        t.topic
        for t in sorted(topics, key=lambda t: (t.score, t.topic))
        if t.answered >= MIN_ANSWERS_FOR_WEAKEST and t.score < 1
    ][:3]
    cards = build_cards(records, now) if records else {}
    upcoming = next_due(cards)
    return Stats(
        answers=len(records),
        sessions=len(sessions),
        topics=topics,
        trend=sessions[-TREND_SESSIONS:],
        streak_days=streak(local_days, now.astimezone().date()),
        weakest=weakest,
        due=len(due_cards(cards, now)),
        next_due=upcoming.isoformat(timespec="minutes") if upcoming else None,
        misconceptions=mistakes.most_common(5),
    )
