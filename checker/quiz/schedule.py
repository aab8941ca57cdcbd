"""Spaced repetition with FSRS, computed from the history alone.

There is no separate schedule file to fall out of step: every card is rebuilt by replaying its answers
from the append-only history, in order, through the FSRS scheduler (fuzzing off, so the replay is
deterministic). A card is keyed by question id, so editing a question's text keeps its schedule.
Replaying a whole history goes through FastReviewer (the scheduler's arithmetic without its overhead,
the very same cards) when it reproduces our scheduler, else through fsrs itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from checker.quiz import history
from checker.quiz.history import EPOCH, AnswerRecord, Answers, micros

CORRECT, PARTIAL = "correct", "partial"  # grading's verdicts, as the history spells them

RATING_VALUES = {"Again": 1, "Hard": 2, "Good": 3, "Easy": 4}  # fsrs.Rating's
SLOW_SECONDS = 40.0  # a right answer that took longer than this (or needed a hint) is rated Hard


def rating_name(record: AnswerRecord) -> str:
    """The FSRS rating of an answer: the learner's own if they gave one, else what the verdict stands
    for: wrong → Again, right but slow (or with a hint) → Hard, right → Good."""
    if record.rating is not None:
        return record.rating
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


class ByQuestion:
    """The answers of a history gathered by question id, as much as the replay needs of them: their
    times and ratings in file order, and the latest (by time; ties: the last in the file). Fed rows
    (history.row) a block at a time, then replayed into the same cards as `Replay._review` makes of
    each question's answers sorted by time (ties in file order)."""

    def __init__(self) -> None:
        self.cards: dict[str, list] = {}  # qid -> [times, ratings, latest row]; first answered first

    def add_rows(self, rows: Iterable[tuple]) -> None:
        cards = self.cards
        slow, again, hard, good = SLOW_SECONDS, 1, 2, 3  # fsrs.Rating's values, as in rating_name
        for answer in rows:
            _, _, _, qid, _, _, verdict, _, seconds, _, hint, _, _, _, _, when, own = answer
            if own is not None:
                rating = RATING_VALUES[own]
            elif verdict == CORRECT:
                rating = hard if hint or seconds > slow else good
            else:
                rating = hard if verdict == PARTIAL else again
            card = cards.get(qid)
            if card is None:
                cards[qid] = [[when], [rating], answer]
            else:
                card[0].append(when)
                card[1].append(rating)
                if when >= card[2][15]:
                    card[2] = answer

    def replay(self) -> Replay:
        replay = Replay()
        fast = fast_reviewer(replay.scheduler)
        for qid, (times, ratings, latest) in self.cards.items():
            if sorted(times) != times:  # seldom: then sorted, stably
                order = sorted(range(len(times)), key=times.__getitem__)
                times, ratings = [times[i] for i in order], [ratings[i] for i in order]
            if fast is None:
                card = replay._card(card_id=len(replay.cards) + 1)
                for when, rating in zip(times, ratings):
                    card, _ = replay.scheduler.review_card(card, replay._rating(rating), review_datetime=when)
            else:
                state, step, stability, difficulty, due, last_review = fast.replay(times, ratings)
                card = replay._card(
                    card_id=len(replay.cards) + 1,
                    state=replay._state(state),
                    step=step,
                    stability=stability,
                    difficulty=difficulty,
                    due=due,
                    last_review=last_review,
                )
            replay.cards[qid] = Replayed(card, len(times), ratings.count(1), latest[4], latest[6], latest[15])
        return replay


class Replay:
    """Every card replayed through FSRS, one per question id, in the order they were first answered.

    `of` sorts each card's answers by time (ties in file order); `extend` replays one more answer at
    the end of its card, which gives the same card as replaying everything only when that answer is
    not older than the card's latest: otherwise it says no and the caller replays the whole history.
    """

    def __init__(self) -> None:
        from fsrs import Card, Rating, State

        self.scheduler = _scheduler()
        self.cards: dict[str, Replayed] = {}
        self._card, self._rating, self._state = Card, Rating, State  # imported once, not once per answer

    @classmethod
    def of(cls, records: Iterable[AnswerRecord]) -> Replay:
        answers = ByQuestion()
        answers.add_rows(map(history.row, records))
        return answers.replay()

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


def replay_of(records: Iterable[AnswerRecord]) -> Replay:
    """The history replayed through FSRS (the read's own replay when it kept one)."""
    summary = records.summary if isinstance(records, Answers) else None
    return summary.replay if summary is not None else Replay.of(records)


def build_cards(records: Iterable[AnswerRecord], now: datetime) -> dict[str, CardState]:
    """Replay the history through FSRS; one card per question id that was ever answered."""
    return replay_of(records).states(now)


def due_cards(cards: dict[str, CardState], now: datetime) -> list[CardState]:
    """Cards whose review is due, most overdue first."""
    return sorted((c for c in cards.values() if c.due <= now), key=lambda c: c.due)


def weakest_cards(cards: dict[str, CardState], exclude: Sequence[str] = ()) -> list[CardState]:
    """For cramming: lowest chance of recall first, then the most lapses."""
    pool = [c for c in cards.values() if c.qid not in exclude]
    return sorted(pool, key=lambda c: (c.retrievability, -c.lapses, c.qid))


def next_due(cards: dict[str, CardState]) -> datetime | None:
    return min((c.due for c in cards.values()), default=None)


# -- the same replay, without the library's overhead per review -------------------------------------

DAY_US = 86_400_000_000
_ONE_US = timedelta(microseconds=1)
# A card as FastReviewer keeps it: fsrs.Card's fields but its id, the state an int (1 Learning,
# 2 Review, 3 Relearning): (state, step, stability, difficulty, due, last_review).
FastCard = tuple


class FastReviewer:
    """`fsrs.Scheduler.review_card` (FSRS-6, fuzzing off) in plain arithmetic, one card at a time.

    The library spends most of a review copying the card, matching enums and calling small methods;
    the arithmetic itself is a few powers. This does that arithmetic: the same expressions, evaluated
    in the same order, on the same constants (computed once, by the library's own methods where it has
    one), so every stability and difficulty is the very same float, and every due time the same
    datetime (intervals are kept in whole microseconds, which every interval fsrs adds is: whole days,
    and learning steps).

    Only `fast_reviewer` makes one, for a scheduler whose replays it has just compared with the
    library's (`probe_reviews`); tests/test_history_fast.py compares thousands of random reviews.
    """

    def __init__(self, scheduler: Any) -> None:
        from fsrs import Rating
        from fsrs.scheduler import MAX_DIFFICULTY, MIN_DIFFICULTY, STABILITY_MIN

        w = scheduler.parameters
        e = math.e
        ratings = {int(r): r for r in Rating}
        self.stability_min, self.d_min, self.d_max = STABILITY_MIN, MIN_DIFFICULTY, MAX_DIFFICULTY
        self.w = tuple(w)
        self.factor, self.decay = scheduler._FACTOR, scheduler._DECAY
        self.retention_term = (scheduler.desired_retention ** (1 / scheduler._DECAY)) - 1
        self.maximum_interval = scheduler.maximum_interval
        # Indexed by rating (1 Again .. 4 Easy); index 0 unused.
        self.initial_s = [None] + [scheduler._initial_stability(rating=ratings[r]) for r in (1, 2, 3, 4)]
        self.initial_d = [None] + [
            scheduler._initial_difficulty(rating=ratings[r], clamp=True) for r in (1, 2, 3, 4)
        ]
        self.short_term = [None] + [e ** (w[17] * (r - 3 + w[18])) for r in (1, 2, 3, 4)]
        self.delta_d = [None] + [-(w[6] * (r - 3)) for r in (1, 2, 3, 4)]
        self.hard_penalty = [None, 1, w[15], 1, 1]
        self.easy_bonus = [None, 1, 1, 1, w[16]]
        self.reversion = w[7] * scheduler._initial_difficulty(rating=Rating.Easy, clamp=False)
        self.keep = 1 - w[7]
        self.e_w8 = e ** (w[8])
        self.forget_short = e ** (w[17] * w[18])
        self.learning = _steps(scheduler.learning_steps)
        self.relearning = _steps(scheduler.relearning_steps)

    def replay(
        self, times: Iterable[datetime], ratings: Iterable[int], start: FastCard | None = None
    ) -> FastCard:
        """The card after reviews at `times` (UTC, in order) with `ratings` (1 Again .. 4 Easy), from
        `start` (a new card if None). The builtins min and max of the library are written out as the
        comparisons they make (`max(a, b)` is a unless b > a), which keeps NaN and ties as they are."""
        e = math.e
        w = self.w
        w9, w10, w11, w12, w13, w14, w19 = -w[9], w[10], w[11], -w[12], w[13], w[14], -w[19]
        s_min, d_min, d_max = self.stability_min, self.d_min, self.d_max
        factor, decay = self.factor, self.decay
        initial_s, initial_d, short_term = self.initial_s, self.initial_d, self.short_term
        delta_d, hard_penalty, easy_bonus = self.delta_d, self.hard_penalty, self.easy_bonus
        reversion, keep, e_w8, forget_short = self.reversion, self.keep, self.e_w8, self.forget_short
        learning, relearning = self.learning, self.relearning
        if start is None:
            state, step, s, d, due, last = 1, 0, None, None, None, None
        else:
            state, step, s, d, due, last = start
        # Micros after the latest review; None: a whole number of days, by _next_interval from the
        # stability it left (worked out once, after the last review, as only its due time is kept).
        interval: int | None = -1  # no review yet
        for t, r in zip(times, ratings):
            if state == 1 and (s is None or d is None):
                s, d = initial_s[r], initial_d[r]
            else:
                if s is None or d is None:
                    raise ValueError("a card in review without stability or difficulty")
                days = None if last is None else (t - last).days
                if days is not None and days < 1:  # _short_term_stability
                    increase = short_term[r] * (s**w19)
                    if r != 1 and increase < 1.0:
                        increase = 1.0
                    s = s * increase
                else:  # _next_stability, with get_card_retrievability
                    if last is None:
                        retrievability = 0
                    else:
                        retrievability = (1 + factor * (days if days > 0 else 0) / s) ** decay
                    if r == 1:
                        long_term = (
                            w11 * (d**w12) * (((s + 1) ** w13) - 1) * (e ** ((1 - retrievability) * w14))
                        )
                        short = s / forget_short
                        s = short if short < long_term else long_term
                    else:
                        s = s * (
                            1
                            + e_w8
                            * (11 - d)
                            * (s**w9)
                            * ((e ** ((1 - retrievability) * w10)) - 1)
                            * hard_penalty[r]
                            * easy_bonus[r]
                        )
                if s_min > s:
                    s = s_min
                # _next_difficulty
                d = reversion + keep * (d + (10.0 - d) * delta_d[r] / 9.0)
                if d_min > d:
                    d = d_min
                if d_max < d:
                    d = d_max
            if state == 2:
                if r == 1 and relearning[0]:
                    state, step, interval = 3, 0, relearning[0][0]
                else:
                    interval = None
            else:
                steps, hard = learning if state == 1 else relearning
                count = len(steps)
                if count == 0 or (step >= count and r != 1):
                    state, step, interval = 2, None, None
                elif r == 1:
                    step, interval = 0, steps[0]
                elif r == 2:
                    interval = hard if step == 0 else steps[step]
                elif r == 3 and step + 1 != count:
                    step += 1
                    interval = steps[step]
                else:  # Good at the last step, or Easy
                    state, step, interval = 2, None, None
            last = t
        if interval is None:
            interval = round((s / factor) * self.retention_term)
            if interval < 1:
                interval = 1
            if self.maximum_interval < interval:
                interval = self.maximum_interval
            interval *= DAY_US
        if interval != -1:
            due = last + timedelta(microseconds=interval)
        return state, step, s, d, due, last


def _steps(steps: Sequence[timedelta]) -> tuple[tuple[int, ...], int | None]:
    """Learning (or relearning) steps in micros, and what a Hard at the first step waits (None: no
    steps), computed as review_card does."""
    if len(steps) == 1:
        hard = steps[0] * 1.5
    elif len(steps) >= 2:
        hard = (steps[0] + steps[1]) / 2.0
    else:
        return (), None
    return tuple(step // _ONE_US for step in steps), hard // _ONE_US


_FAST: dict[tuple, FastReviewer | None] = {}


def fast_reviewer(scheduler: Any) -> FastReviewer | None:
    """A FastReviewer for this scheduler if it is one it reproduces: no fuzzing, fsrs's default
    parameters, and the probe (`probe_reviews`, every kind of review) replayed through the library and
    through it gives the very same card after every review. None otherwise (or if the installed fsrs
    is not shaped as expected): the caller then replays through the library."""
    key = (
        tuple(scheduler.parameters),
        scheduler.desired_retention,
        tuple(scheduler.learning_steps),
        tuple(scheduler.relearning_steps),
        scheduler.maximum_interval,
        scheduler.enable_fuzzing,
    )
    if key not in _FAST:
        _FAST[key] = None
        try:
            from fsrs.scheduler import DEFAULT_PARAMETERS

            if not scheduler.enable_fuzzing and tuple(scheduler.parameters) == tuple(DEFAULT_PARAMETERS):
                fast = FastReviewer(scheduler)
                if all(agrees(scheduler, fast, reviews) for reviews in probe_reviews()):
                    _FAST[key] = fast
        except Exception:  # an fsrs that is not the one this was written for
            pass
    return _FAST[key]


def probe_reviews(
    cards: int = 6, reviews: int = 40, seed: int = 20250601
) -> list[list[tuple[datetime, int]]]:
    """A few cards' reviews (time, rating) that take every branch of review_card: all four ratings in
    every state, from the same second to years apart, in whole seconds or not."""
    import random

    rng = random.Random(seed)
    gaps = [0, 1, 59, 600, 3599, 86_399, 86_400, 86_401, 3 * 86_400, 20 * 86_400, 200 * 86_400, 4000 * 86_400]
    out = []
    for _ in range(cards):
        t = datetime(2024, 1, 1, tzinfo=timezone.utc)
        card = []
        for _ in range(reviews):
            t += timedelta(seconds=rng.choice(gaps), microseconds=rng.choice([0, rng.randrange(1_000_000)]))
            card.append((t, rng.randint(1, 4)))
        out.append(card)
    return out


def agrees(scheduler: Any, fast: FastReviewer, reviews: list[tuple[datetime, int]]) -> bool:
    """Whether `fast` gives the very card the library gives, after each of these reviews."""
    from fsrs import Card, Rating

    card, mine = Card(card_id=1), None
    for when, rating in reviews:
        card, _ = scheduler.review_card(card, Rating(rating), review_datetime=when)
        mine = fast.replay([when], [rating], mine)
        if card_tuple(card) != mine:
            return False
    times, ratings = zip(*reviews)
    return card_tuple(card) == fast.replay(times, ratings)  # and all at once


def card_tuple(card: Any) -> FastCard:
    """An fsrs.Card as FastReviewer keeps it, to compare the two exactly (floats by ==)."""
    return (int(card.state), card.step, card.stability, card.difficulty, card.due, card.last_review)
