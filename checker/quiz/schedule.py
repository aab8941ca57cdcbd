"""Spaced repetition with FSRS, computed from the history alone.

There is no separate schedule file to fall out of step: every card is rebuilt by replaying its answers
from the append-only history, in order, through the FSRS scheduler (fuzzing off, so the replay is
deterministic). A card is keyed by question id, so editing a question's text keeps its schedule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from checker.grading import CORRECT, PARTIAL
from checker.quiz.history import EPOCH, AnswerRecord, Answers, micros

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


@dataclass
class Replayed:
    """One card after replaying its answers so far."""

    card: Any  # fsrs.Card
    reviews: int
    lapses: int
    topic: str  # of its latest answer
    verdict: str
    last: datetime  # of its latest answer: only a later (or equal) one can be replayed after it


class Replay:
    """Every card replayed through FSRS, one per question id, in the order they were first answered.

    `of` sorts each card's answers by time (ties in file order); `extend` replays one more answer at
    the end of its card, which gives the same card as replaying everything only when that answer is
    not older than the card's latest: otherwise it says no and the caller replays the whole history.
    """

    def __init__(self) -> None:
        from fsrs import Card, Rating

        self.scheduler = _scheduler()
        self.cards: dict[str, Replayed] = {}
        self._card, self._rating = Card, Rating  # imported once, not once per answer

    @classmethod
    def of(cls, records: Iterable[AnswerRecord]) -> Replay:
        replay = cls()
        by_qid: dict[str, list[AnswerRecord]] = {}
        for record in records:
            by_qid.setdefault(record.qid, []).append(record)
        for answers in by_qid.values():
            answers.sort(key=_when)
            for record in answers:
                replay._review(record)
        return replay

    def extend(self, record: AnswerRecord) -> bool:
        seen = self.cards.get(record.qid)
        if seen is not None and record.when < seen.last:
            return False
        self._review(record)
        return True

    def _review(self, record: AnswerRecord) -> None:
        seen = self.cards.get(record.qid)
        if seen is None:
            # Without an id, fsrs waits a millisecond to make one from the clock.
            card = self._card(card_id=len(self.cards) + 1)
            seen = self.cards[record.qid] = Replayed(card, 0, 0, "", "", EPOCH)
        rating = self._rating[rating_name(record)]
        seen.card, _ = self.scheduler.review_card(seen.card, rating, review_datetime=record.when)
        seen.reviews += 1
        seen.lapses += rating is self._rating.Again
        seen.topic, seen.verdict, seen.last = record.topic, record.verdict, record.when

    def states(self, now: datetime) -> dict[str, CardState]:
        return {
            qid: CardState(
                qid=qid,
                topic=seen.topic,
                due=seen.card.due,
                reviews=seen.reviews,
                lapses=seen.lapses,
                last_verdict=seen.verdict,
                retrievability=self.scheduler.get_card_retrievability(seen.card, current_datetime=now),
                stability=seen.card.stability,
            )
            for qid, seen in self.cards.items()
        }

    def to_json(self) -> dict:
        out = {}
        for qid, seen in self.cards.items():
            card = seen.card
            out[qid] = [
                card.card_id,
                card.state.value,
                card.step,
                card.stability,
                card.difficulty,
                micros(card.due),
                None if card.last_review is None else micros(card.last_review),
                seen.reviews,
                seen.lapses,
                seen.topic,
                seen.verdict,
                micros(seen.last),
            ]
        return out

    @classmethod
    def from_json(cls, data: dict) -> Replay:
        """The cards saved by `to_json`; ValueError if anything is not as it wrote it."""
        from fsrs import Card, State

        replay = cls()
        for qid, row in data.items():
            (
                card_id,
                state,
                step,
                stability,
                difficulty,
                due,
                last_review,
                reviews,
                lapses,
                topic,
                verdict,
                last,
            ) = row
            card = Card(
                card_id=_typed(card_id, int),
                state=State(_typed(state, int)),
                step=_typed(step, int, None),
                stability=_typed(stability, float, int, None),  # as JSON gives back what was saved
                difficulty=_typed(difficulty, float, int, None),
                due=_time(due),
                last_review=None if last_review is None else _time(last_review),
            )
            replay.cards[qid] = Replayed(
                card,
                _typed(reviews, int),
                _typed(lapses, int),
                _typed(topic, str),
                _typed(verdict, str),
                _time(last),
            )
        return replay


def _typed(value: Any, *types: type | None) -> Any:
    if not any(value is None if kind is None else type(value) is kind for kind in types):
        raise ValueError("unexpected type")
    return value


def _time(value: Any) -> datetime:
    return EPOCH + timedelta(microseconds=_typed(value, int))


def build_cards(records: Iterable[AnswerRecord], now: datetime) -> dict[str, CardState]:
    """Replay the history through FSRS; one card per question id that was ever answered."""
    summary = records.summary if isinstance(records, Answers) else None
    replay = summary.replay if summary is not None else Replay.of(records)
    return replay.states(now)


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
