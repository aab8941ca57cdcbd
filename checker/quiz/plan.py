"""The road to an exam day (`lstm-quiz plan --exam-date`): from the FSRS cards, the recall of every
topic predicted for that morning, the reviews due each day until then, and the topics to study first.

Pure functions of the cards, the bank's topics and the times: no clock and no file is read here.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from checker.quiz.schedule import Replay

EXAM_HOUR = time(9, 0)  # recall is predicted for 9 in the morning of the exam day, local time
MAX_DAYS = 3 * 366  # an exam further away than this is not planned for
MAX_BARS = 15  # the daily load is drawn in at most this many bars (days grouped when there are more)
FIRST = 3  # how many topics are named to study first
MAX_REVIEWS_PER_CARD = 64  # a card reviewed right keeps growing its interval; this bounds the forecast


@dataclass(frozen=True)
class TopicOutlook:
    topic: str
    questions: int  # in the bank
    seen: int  # of them answered at least once
    recall_now: float  # mean chance of recalling one of the topic's questions now (never answered: 0)
    recall_exam: float  # the same on the exam morning, with no more study

    def to_json(self) -> dict:
        return {
            "topic": self.topic,
            "questions": self.questions,
            "answered": self.seen,
            "recall_now": round(self.recall_now, 3),
            "recall_on_exam_day": round(self.recall_exam, 3),
        }


@dataclass(frozen=True)
class DayLoad:
    day: date
    reviews: int


@dataclass(frozen=True)
class ExamPlan:
    today: date
    exam: date
    topics: list[TopicOutlook] = field(default_factory=list)  # the bank's order
    load: list[DayLoad] = field(default_factory=list)  # every day from today to the day before the exam
    first: list[str] = field(default_factory=list)  # topics to study first, most urgent first

    @property
    def days_left(self) -> int:
        return (self.exam - self.today).days

    @property
    def recall_exam(self) -> float:
        """Over every question of the bank: the chance of recalling one on the exam morning."""
        total = sum(t.questions for t in self.topics)
        return sum(t.recall_exam * t.questions for t in self.topics) / total if total else 0.0

    @property
    def reviews(self) -> int:
        return sum(d.reviews for d in self.load)

    def to_json(self) -> dict:
        return {
            "today": self.today.isoformat(),
            "exam_date": self.exam.isoformat(),
            "days_left": self.days_left,
            "recall_on_exam_day": round(self.recall_exam, 3),
            "topics": [t.to_json() for t in self.topics],
            "reviews_per_day": [{"date": d.day.isoformat(), "reviews": d.reviews} for d in self.load],
            "reviews_until_exam": self.reviews,
            "study_first": self.first,
        }


class PlanError(ValueError):
    """An exam date that cannot be planned for; `key` is its message."""

    def __init__(self, key: str, **fields: object) -> None:
        super().__init__(key)
        self.key, self.fields = key, fields


def exam_morning(exam: date, tz) -> datetime:
    return datetime.combine(exam, EXAM_HOUR, tzinfo=tz)


def check_date(exam: date, today: date) -> None:
    """PlanError unless the exam is today or later, and not beyond MAX_DAYS."""
    if exam < today:
        raise PlanError("plan.past", exam=exam.isoformat(), today=today.isoformat())
    if (exam - today).days > MAX_DAYS:
        raise PlanError("plan.too_far", exam=exam.isoformat(), days=MAX_DAYS)


def recall_at(replay: Replay, when: datetime) -> dict[str, float]:
    """Each card's chance of being recalled at `when` (FSRS retrievability), with no review before."""
    retrievability = replay.scheduler.get_card_retrievability
    return {qid: retrievability(seen.card, current_datetime=when) for qid, seen in replay.cards.items()}


def forecast(replay: Replay, qids: Sequence[str], now: datetime, until: datetime) -> Counter[date]:
    """Reviews due per local day from now until `until`, if every review is done on its day and
    answered right (Good): each card is reviewed when due, and its next due date taken from FSRS."""
    from fsrs import Rating

    review = replay.scheduler.review_card
    per_day: Counter[date] = Counter()
    for qid in qids:
        seen = replay.cards.get(qid)
        if seen is None:
            continue
        card = seen.card
        for _ in range(MAX_REVIEWS_PER_CARD):
            when = max(card.due, now)  # an overdue card is due today
            if when >= until:
                break
            per_day[when.astimezone(now.tzinfo).date()] += 1
            card, _ = review(card, Rating.Good, review_datetime=when)
    return per_day


def make_plan(
    replay: Replay,
    topics: Mapping[str, Sequence[str]],
    now: datetime,
    exam: date,
) -> ExamPlan:
    """The plan for `exam` given the cards (`replay`) and the bank's topics (topic → question ids);
    `now` is an aware local time. Cards of questions no longer in the bank are left out."""
    today = now.date()
    check_date(exam, today)
    morning = exam_morning(exam, now.tzinfo)
    recall_now = recall_at(replay, now)
    recall_exam = recall_at(replay, morning)
    outlooks = []
    for topic, qids in topics.items():
        if not qids:
            continue
        seen = [q for q in qids if q in replay.cards]
        outlooks.append(
            TopicOutlook(
                topic=topic,
                questions=len(qids),
                seen=len(seen),
                recall_now=sum(recall_now[q] for q in seen) / len(qids),
                recall_exam=sum(recall_exam[q] for q in seen) / len(qids),
            )
        )
    every = [q for qids in topics.values() for q in qids]
    per_day = forecast(replay, every, now, morning)
    load = [
        DayLoad(today + timedelta(days=i), per_day.get(today + timedelta(days=i), 0))
        for i in range((exam - today).days)
    ]
    # first the topics that would cost the most questions on the day: (1 − recall) × their questions
    urgent = sorted(outlooks, key=lambda t: (-(1 - t.recall_exam) * t.questions, t.recall_exam, t.topic))
    first = [t.topic for t in urgent if t.recall_exam < replay.scheduler.desired_retention][:FIRST]
    return ExamPlan(today=today, exam=exam, topics=outlooks, load=load, first=first)


def bars(load: Sequence[DayLoad], most: int = MAX_BARS) -> list[tuple[date, date, int]]:
    """The daily load grouped into at most `most` bars: (first day, last day, reviews)."""
    if not load:
        return []
    width = math.ceil(len(load) / most)
    return [
        (group[0].day, group[-1].day, sum(d.reviews for d in group))
        for group in (load[i : i + width] for i in range(0, len(load), width))
    ]


def at_risk(replay: Replay, qids: Sequence[str], exam: datetime, now: datetime) -> list[str]:
    """For `review --exam-date`: the cards due now, then every card that would be below the desired
    recall on the exam morning, least likely to be recalled first."""
    cards = replay.cards
    due = sorted(
        (q for q in qids if q in cards and cards[q].card.due <= now), key=lambda q: cards[q].card.due
    )
    recall = recall_at(replay, exam)
    target = replay.scheduler.desired_retention
    taken = set(due)
    rest = sorted(
        (q for q in qids if q in recall and q not in taken and recall[q] < target),
        key=lambda q: (recall[q], q),
    )
    return due + rest
