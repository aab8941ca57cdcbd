"""Spaced repetition with FSRS, computed from the history alone.

There is no separate schedule file to fall out of step: every card is rebuilt by replaying its answers
from the append-only history, in order, through the FSRS scheduler (fuzzing off, so the replay is
deterministic). A card is keyed by question id, so editing a question's text keeps its schedule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from checker.grading import CORRECT, PARTIAL
from checker.quiz.history import AnswerRecord

SLOW_SECONDS = 40.0  # a right answer that took longer than this (or needed a hint) is rated Hard


def rating_name(record: AnswerRecord) -> str:
    """The FSRS rating an automatic verdict stands for: wrong → Again, right but slow → Hard, right → Good."""
    if record.verdict == CORRECT:
        return "Hard" if record.hint or record.seconds > SLOW_SECONDS else "Good"
    if record.verdict == PARTIAL:
        return "Hard"
    return "Again"  # wrong, skipped, timed out


@dataclass(frozen=True)
class CardState:
    qid: str
    topic: str
    due: datetime
    reviews: int
    lapses: int
    last_verdict: str
    retrievability: float  # the chance of remembering it now, 0..1
    stability: float | None


def _scheduler():
    from fsrs import Scheduler

    # One 10-minute learning step: a miss comes back in the same sitting, a first right answer
    # graduates (about 2 days). 90% retention, as Anki's default. No fuzz: replays must agree.
    return Scheduler(desired_retention=0.9, learning_steps=(timedelta(minutes=10),), enable_fuzzing=False)


def build_cards(records: Iterable[AnswerRecord], now: datetime) -> dict[str, CardState]:
    """Replay the history through FSRS; one card per question id that was ever answered."""
    from fsrs import Card, Rating

    scheduler = _scheduler()
    by_qid: dict[str, list[AnswerRecord]] = {}
    for record in records:
        by_qid.setdefault(record.qid, []).append(record)
    cards: dict[str, CardState] = {}
    for number, (qid, answers) in enumerate(by_qid.items(), start=1):
        answers.sort(key=_when)
        card = Card(card_id=number)  # without an id, fsrs waits a millisecond to make one from the clock
        lapses = 0
        for record in answers:
            rating = Rating[rating_name(record)]
            lapses += rating is Rating.Again
            card, _ = scheduler.review_card(card, rating, review_datetime=record.when)
        last = answers[-1]
        cards[qid] = CardState(
            qid=qid,
            topic=last.topic,
            due=card.due,
            reviews=len(answers),
            lapses=lapses,
            last_verdict=last.verdict,
            retrievability=scheduler.get_card_retrievability(card, current_datetime=now),
            stability=card.stability,
        )
    return cards


def _when(record: AnswerRecord) -> datetime:
    return record.when


def due_cards(cards: dict[str, CardState], now: datetime) -> list[CardState]:
    """Cards whose review is due, most overdue first."""
    return sorted((c for c in cards.values() if c.due <= now), key=lambda c: c.due)


def weakest_cards(cards: dict[str, CardState], exclude: Sequence[str] = ()) -> list[CardState]:
    """For cramming: lowest chance of recall first, then the most lapses."""
    pool = [c for c in cards.values() if c.qid not in exclude]
    return sorted(pool, key=lambda c: (c.retrievability, -c.lapses, c.qid))


def next_due(cards: dict[str, CardState]) -> datetime | None:
    return min((c.due for c in cards.values()), default=None)
