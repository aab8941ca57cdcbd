"""A study session: which questions, in what order, and the loop that asks, grades and records them.

The loop talks to the outside world through three small interfaces, so it runs the same in a terminal,
under CliRunner with scripted input, and in tests with a fake clock:
- an AnswerSource reads one line (or says the input ended, or that time ran out),
- a SessionView shows questions, feedback and the summary (the Rich one lives in checker.render),
- a clock (seconds, monotonic) measures answer times and exam deadlines.
"""

from __future__ import annotations

import random
import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from checker.bank.model import Bank, Question
from checker.grading import CORRECT, INVALID, PARTIAL, Grade, grade
from checker.quiz.history import AnswerRecord, History, now_utc
from checker.variant import Variant, generate

SKIPPED, TIMEOUT = "skipped", "timeout"
HINT_WORDS = {"?", "hint", "힌트", "ヒント"}
SKIP_WORDS = {"skip", "pass", "건너뛰기", "패스", "スキップ"}
QUIT_WORDS = {"quit", "exit", "q", "종료", "그만", "終了"}
# After a right answer in a terminal, the learner may rate it themselves (Anki's habit)
OWN_RATINGS = {"h": "Hard", "hard": "Hard", "e": "Easy", "easy": "Easy"}
EXAM_SECONDS_PER_QUESTION = 72  # the E資格 pace: about 100 questions in 120 minutes

Clock = Callable[[], float]


class AnswerTimeout(Exception):
    """The exam's time ran out while waiting for an answer."""


class AnswerSource(Protocol):
    interactive: bool

    def read(self, prompt: str, deadline: float | None) -> str | None:
        """One line without its newline; None at end of input; AnswerTimeout past the deadline."""


class SessionView(Protocol):
    def question(self, item: Asked, deadline: float | None) -> None: ...
    def invalid(self, result: Grade) -> None: ...
    def hint(self, text: str | None) -> None: ...
    def empty(self) -> None: ...
    def feedback(self, item: Asked) -> None: ...
    def rate_prompt(self) -> None: ...
    def rated(self, rating: str | None) -> None: ...
    def notice(self, key: str, **fields: object) -> None: ...
    def summary(self, result: SessionResult) -> None: ...


@dataclass
class Asked:
    """A question in a session: its variant, where it stands, and (once answered) what happened."""

    variant: Variant
    number: int  # 1-based
    total: int
    score_so_far: float = 0.0
    answered_so_far: int = 0
    response: str = ""
    grade: Grade | None = None
    verdict: str = ""  # correct | partial | wrong | skipped | timeout
    score: float = 0.0
    seconds: float = 0.0
    hint_used: bool = False
    rating: str | None = None  # the learner's own rating, over the automatic one

    @property
    def question(self) -> Question:
        return self.variant.question


@dataclass
class SessionResult:
    session: str
    mode: str
    seed: int
    lang: str
    started_at: str
    seconds: float = 0.0
    planned: int = 0
    ended: str = "completed"  # completed | quit | interrupted | end-of-input | time-up
    asked: list[Asked] = field(default_factory=list)

    @property
    def answered(self) -> list[Asked]:
        return [a for a in self.asked if a.verdict]

    @property
    def score(self) -> float:
        return sum(a.score for a in self.answered)

    @property
    def correct(self) -> int:
        return sum(a.verdict == CORRECT for a in self.answered)

    def by_topic(self) -> list[tuple[str, int, int, float]]:
        """(topic, asked, correct, score) per topic, in the order topics first appeared."""
        rows: dict[str, list] = {}
        for a in self.answered:
            row = rows.setdefault(a.question.topic, [0, 0, 0.0])
            row[0] += 1
            row[1] += a.verdict == CORRECT
            row[2] += a.score
        return [(topic, n, c, s) for topic, (n, c, s) in rows.items()]

    @property
    def missed(self) -> list[Asked]:
        return [a for a in self.answered if a.verdict != CORRECT]


# -- choosing questions -------------------------------------------------------------------------


def new_seed() -> int:
    return secrets.randbelow(2**31)


def plan(bank: Bank, topics: Sequence[str] | None, n: int, seed: int) -> list[Variant]:
    """`n` questions mixed across `topics`, each with its own variant seed, all fixed by `seed`."""
    rng = random.Random(f"session/{seed}")
    by_topic = [list(t.questions) for t in bank.topics if (not topics or t.id in topics) and t.questions]
    for questions in by_topic:
        rng.shuffle(questions)
    rng.shuffle(by_topic)
    order: list[Question] = []
    while by_topic and len(order) < n:  # round-robin over topics, so a session mixes them
        for questions in list(by_topic):
            if len(order) == n:
                break
            order.append(questions.pop())
            if not questions:
                by_topic.remove(questions)
    return [generate(q, rng.randrange(2**31)) for q in order]


def variants_for(questions: Sequence[Question], seed: int) -> list[Variant]:
    """Fresh variants of the given questions (review), reproducible from `seed`."""
    rng = random.Random(f"review/{seed}")
    return [generate(q, rng.randrange(2**31)) for q in questions]


# -- the loop -------------------------------------------------------------------------------------


class Session:
    def __init__(
        self,
        variants: Sequence[Variant],
        *,
        source: AnswerSource,
        view: SessionView,
        clock: Clock,
        history: History | None,
        mode: str = "study",
        seed: int = 0,
        lang: str = "en",
        time_limit: float | None = None,
        on_save_error: Callable[[OSError], None] | None = None,
    ) -> None:
        self.variants = list(variants)
        self.source = source
        self.view = view
        self.clock = clock
        self.history = history
        self.mode = mode
        self.exam = mode == "exam"
        self.lang = lang
        self.time_limit = time_limit
        self.on_save_error = on_save_error
        self._quit_after_rating = False
        self.result = SessionResult(
            session=uuid.uuid4().hex[:12],
            mode=mode,
            seed=seed,
            lang=lang,
            started_at=now_utc().isoformat(timespec="seconds"),
            planned=len(self.variants),
        )

    def run(self) -> SessionResult:
        """Ask every question; Ctrl-C and end of input end the session early, with what was answered."""
        start = self.clock()
        deadline = start + self.time_limit if self.exam and self.time_limit else None
        try:
            for number, variant in enumerate(self.variants, start=1):
                item = Asked(
                    variant,
                    number,
                    len(self.variants),
                    score_so_far=self.result.score,
                    answered_so_far=len(self.result.answered),
                )
                self.result.asked.append(item)
                if not self._ask(item, deadline):
                    break
        except KeyboardInterrupt:
            self.result.ended = "interrupted"
        if self.result.ended == "time-up":
            self._time_out_the_rest()
        self.result.asked = [a for a in self.result.asked if a.verdict]
        self.result.seconds = round(self.clock() - start, 3)
        self.view.summary(self.result)
        return self.result

    def _ask(self, item: Asked, deadline: float | None) -> bool:
        """Ask one question until it is answered, skipped or the session ends; False to stop."""
        self.view.question(item, deadline)
        shown = self.clock()
        while True:
            try:
                line = self.source.read("› ", deadline)
                if deadline is not None and self.clock() > deadline:
                    raise AnswerTimeout
            except AnswerTimeout:
                self.result.ended = "time-up"
                return False
            if line is None:
                self.result.ended = "end-of-input"
                return False
            word = line.strip().casefold()
            if word in QUIT_WORDS:
                self.result.ended = "quit"
                return False
            if word in HINT_WORDS:
                if self.exam:
                    self.view.notice("quiz.hints_off")
                else:
                    item.hint_used = True
                    self.view.hint(item.variant.hint(self.lang))
                continue
            if word in SKIP_WORDS or (not word and not self.source.interactive):
                self._finish(item, SKIPPED, 0.0, line, shown)
                return True
            if not word:
                self.view.empty()
                continue
            result = grade(item.variant, line)
            if result.verdict == INVALID:
                self.view.invalid(result)
                continue
            item.grade = result
            self._finish(item, result.verdict, result.score, line, shown)
            return not self._quit_after_rating

    def _finish(self, item: Asked, verdict: str, score: float, response: str, shown: float) -> None:
        item.verdict, item.score, item.response = verdict, score, response
        item.seconds = round(self.clock() - shown, 3)
        if self.exam:
            self._record(item)
            return
        self.view.feedback(item)
        try:
            if verdict == CORRECT and self.source.interactive:
                item.rating = self._own_rating()
        finally:  # saved whatever happens at the rating prompt (Ctrl-C included)
            self._record(item)

    def _own_rating(self) -> str | None:
        """After a right answer: Enter keeps the automatic rating, h rates it Hard ("I guessed"), e Easy
        ("too easy"); a quit word keeps it and ends the session after this answer."""
        self.view.rate_prompt()
        while True:
            line = self.source.read("› ", None)
            word = "" if line is None else line.strip().casefold()
            if word in QUIT_WORDS:
                self._quit_after_rating = True
                self.result.ended = "quit"
                return None
            if not word:
                return None
            if word in OWN_RATINGS:
                self.view.rated(OWN_RATINGS[word])
                return OWN_RATINGS[word]
            self.view.notice("rate.unknown")

    def _time_out_the_rest(self) -> None:
        """In an exam, every question not answered when time runs out counts as wrong."""
        answered = {id(a) for a in self.result.asked if a.verdict}
        remaining = [a for a in self.result.asked if id(a) not in answered]
        for number, variant in enumerate(self.variants[len(self.result.asked) :], len(self.result.asked) + 1):
            remaining.append(Asked(variant, number, len(self.variants)))
            self.result.asked.append(remaining[-1])
        for item in remaining:
            item.verdict, item.score = TIMEOUT, 0.0
            self._record(item)

    def _record(self, item: Asked) -> None:
        if self.history is None:
            return
        try:
            self.history.append(self._answer_record(item))
        except OSError as error:  # a full disk, a folder gone read-only: study on, without saving
            self.history = None
            if self.on_save_error is not None:
                self.on_save_error(error)

    def _answer_record(self, item: Asked) -> AnswerRecord:
        variant = item.variant
        return AnswerRecord(
            session=self.result.session,
            at=now_utc().isoformat(timespec="seconds"),
            mode=self.mode,
            qid=variant.question.id,
            topic=variant.question.topic,
            seed=variant.seed,
            verdict=item.verdict,
            score=item.score,
            seconds=item.seconds,
            response=item.response,
            hint=item.hint_used,
            misconception=item.grade.misconception if item.grade else None,
            params={k: v for k, v in variant.params.items()},
            rating=item.rating,
        )


__all__ = [
    "PARTIAL",
    "AnswerSource",
    "AnswerTimeout",
    "Asked",
    "Session",
    "SessionResult",
    "SessionView",
    "plan",
    "variants_for",
]
