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


def compute(records: list[AnswerRecord], now: datetime) -> Stats:
    by_topic: dict[str, list[AnswerRecord]] = {}
    by_session: dict[str, list[AnswerRecord]] = {}
    for record in records:
        by_topic.setdefault(record.topic, []).append(record)
        by_session.setdefault(record.session, []).append(record)
    topics = sorted(
        (
            TopicStats(
                topic=topic,
                answered=len(rs),
                correct=sum(r.verdict == CORRECT for r in rs),
                score=sum(r.score for r in rs) / len(rs),
            )
            for topic, rs in by_topic.items()
        ),
        key=lambda t: t.topic,
    )
    sessions = sorted(
        (
            SessionStats(
                session=sid,
                started_at=min(r.at for r in rs),
                mode=rs[0].mode,
                answered=len(rs),
                score=sum(r.score for r in rs) / len(rs),
            )
            for sid, rs in by_session.items()
        ),
        key=lambda s: s.started_at,
    )
    weakest = [
        t.topic
        for t in sorted(topics, key=lambda t: (t.score, t.topic))
        if t.answered >= MIN_ANSWERS_FOR_WEAKEST and t.score < 1
    ][:3]
    cards = build_cards(records, now) if records else {}
    upcoming = next_due(cards)
    local_days = {r.when.astimezone().date() for r in records}
    return Stats(
        answers=len(records),
        sessions=len(sessions),
        topics=topics,
        trend=sessions[-TREND_SESSIONS:],
        streak_days=streak(local_days, now.astimezone().date()),
        weakest=weakest,
        due=len(due_cards(cards, now)),
        next_due=upcoming.isoformat(timespec="minutes") if upcoming else None,
        misconceptions=Counter(r.misconception for r in records if r.misconception).most_common(5),
    )
