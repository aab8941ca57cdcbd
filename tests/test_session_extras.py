"""The study session's own rating after a right answer (Anki's "I guessed" / "too easy"), hints in an
exam, the JSON totals, and how the rating reaches the history and the schedule."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from rich.console import Console

from checker.bank import load_bank
from checker.quiz.history import AnswerRecord, DamagedLine, History, Reader, parse_line
from checker.quiz.schedule import Replay, rating_name
from checker.quiz.session import Session, variants_for
from checker.render.quiz_view import RichSessionView, session_json

BANK_TEXT = """\
topic: demo
title: {en: Demo, ko: 데모, ja: デモ}
questions:
  - id: demo-gates
    type: numeric
    prompt: {en: How many gates has an LSTM?, ko: LSTM의 게이트는 몇 개인가요?, ja: LSTMのゲートはいくつですか。}
    answer: 3
    hint: {en: "Forget, input, output.", ko: "망각, 입력, 출력.", ja: 忘却、入力、出力。}
    explanation: {en: Three gates., ko: 게이트 세 개., ja: ゲートは三つです。}
  - id: demo-gru
    type: numeric
    prompt: {en: How many gates has a GRU?, ko: GRU의 게이트는 몇 개인가요?, ja: GRUのゲートはいくつですか。}
    answer: 2
    explanation: {en: Two gates., ko: 게이트 두 개., ja: ゲートは二つです。}
"""


@pytest.fixture
def bank(tmp_path):
    path = tmp_path / "demo.yaml"
    path.write_text(BANK_TEXT, encoding="utf-8")
    result = load_bank([path])
    assert not result.problems, result.problems
    return result.bank


class Script:
    """Answers typed one per line, as a terminal (interactive) or a pipe would give them."""

    def __init__(self, lines, interactive: bool) -> None:
        self.lines = list(lines)
        self.interactive = interactive

    def read(self, prompt, deadline):
        return self.lines.pop(0) if self.lines else None


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def run(bank, lines, *, interactive=True, mode="study", history=None):
    console = Console(record=True, width=100, color_system=None)
    view = RichSessionView(console, "en", {"demo": {"en": "Demo"}}, exam=mode == "exam")
    variants = variants_for([bank.question("demo-gates"), bank.question("demo-gru")], seed=1)
    session = Session(
        variants, source=Script(lines, interactive), view=view, clock=Clock(), history=history, mode=mode
    )
    return session.run(), console.export_text()


@pytest.mark.parametrize("key, rating", [("h", "Hard"), ("e", "Easy"), ("", None)])
def test_after_a_right_answer_in_a_terminal_the_learner_may_rate_it(bank, tmp_path, key, rating):
    history = History(tmp_path / "history.jsonl")
    result, shown = run(bank, ["3", key, "1"], history=history)
    assert "h: I guessed (rate Hard)" in shown
    assert [a.rating for a in result.answered] == [rating, None]  # the wrong answer is not offered one
    saved = history.read().answers
    assert [r.rating for r in saved] == [rating, None]
    if rating:
        assert f"Rated {rating}" in shown
        assert rating_name(saved[0]) == rating


def test_an_unknown_key_at_the_rating_asks_again_and_a_quit_word_ends_after_saving(bank, tmp_path):
    history = History(tmp_path / "history.jsonl")
    result, shown = run(bank, ["3", "x", "quit"], history=history)
    assert "Press Enter, h or e." in shown
    assert result.ended == "quit" and len(history.read().answers) == 1


def test_scripted_input_is_never_asked_for_a_rating(bank):
    result, shown = run(bank, ["3", "2"], interactive=False)
    assert "I guessed" not in shown
    assert [a.verdict for a in result.answered] == ["correct", "correct"]


def test_a_hint_asked_for_in_the_exam_says_hints_are_off(bank):
    result, shown = run(bank, ["?", "3", "2"], interactive=False, mode="exam")
    assert "Hints are off in the exam." in shown
    assert "not one of" not in shown and "not a number" not in shown
    assert [a.verdict for a in result.answered] == ["correct", "correct"]
    assert not result.answered[0].hint_used


def test_the_json_totals_do_not_count_a_skipped_question_as_answered(bank):
    result, _ = run(bank, ["3", ""], interactive=False)  # an empty line skips in scripted use
    totals = json.loads(session_json(result))["totals"]
    assert totals["asked"] == 2 and totals["answered"] == 1 and totals["skipped"] == 1
    assert totals["percent"] == 50.0


# -- the rating in the history and in FSRS ------------------------------------------------------------

T0 = datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc)


def record(rating=None, qid="q1") -> AnswerRecord:
    return AnswerRecord(
        session="s",
        at=T0.isoformat(),
        mode="study",
        qid=qid,
        topic="gru",
        seed=1,
        verdict="correct",
        score=1.0,
        seconds=3.0,
        rating=rating,
    )


def test_a_line_without_a_rating_is_written_as_before(tmp_path):
    history = History(tmp_path / "h.jsonl")
    history.append(record())
    assert "rating" not in json.loads(history.path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("rating", ["Hard", "Easy"])
def test_a_rating_is_read_back_the_same_by_the_careful_and_the_bulk_reader(tmp_path, rating):
    history = History(tmp_path / "h.jsonl")
    history.append(record(rating, "q1"))
    history.append(record(None, "q2"))
    raw = history.path.read_bytes().splitlines(keepends=True)
    assert parse_line(raw[0]).rating == rating and parse_line(raw[1]).rating is None
    with history.path.open("rb") as handle:
        rows = [r for block in Reader().rows(handle) for r in block]
    assert [r[-1] for r in rows] == [rating, None]


@pytest.mark.parametrize("bad", ["Perfect", 3, True, ""])
def test_a_rating_that_is_not_an_fsrs_rating_damages_its_line(tmp_path, bad):
    history = History(tmp_path / "h.jsonl")
    history.append(record("Hard"))
    data = json.loads(history.path.read_text(encoding="utf-8"))
    assert parse_line(json.dumps(data).encode()).rating == "Hard"
    data["rating"] = bad
    with pytest.raises(DamagedLine) as error:
        parse_line(json.dumps(data).encode())
    assert (error.value.reason, error.value.field) == ("field", "rating")


def test_easy_schedules_the_next_review_later_than_good_and_hard_sooner():
    def due(rating):
        return Replay.of([record(rating)]).states(T0 + timedelta(minutes=1))["q1"].due

    assert due("Hard") < due(None) < due("Easy")  # None: the automatic Good of a quick right answer


LONG_CHOICES = """\
topic: demo
title: {en: Demo, ko: 데모, ja: デモ}
questions:
  - id: demo-long
    type: choice
    shuffle: false
    prompt: {en: Which one?, ko: 어느 것인가요?, ja: どれですか。}
    choices:
      - {key: a, text: "the forget gate multiplies the previous cell state element by element and so decides what is kept"}
      - {key: b, text: "np.clip(g, -t, t)\\nreturn g"}
    answer: a
    explanation: {en: Because., ko: 그래서요., ja: だからです。}
"""


def test_a_wrapped_or_multi_line_choice_stays_indented_under_its_text(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text(LONG_CHOICES, encoding="utf-8")
    bank = load_bank([path]).bank
    console = Console(record=True, width=50, color_system=None)
    view = RichSessionView(console, "en", {"demo": {"en": "Demo"}}, exam=False)
    from checker.quiz.session import Asked

    view.question(Asked(variants_for([bank.question("demo-long")], seed=1)[0], 1, 1), None)
    lines = console.export_text().splitlines()
    first = next(i for i, line in enumerate(lines) if "1) the forget gate" in line)
    indent = lines[first].index("the forget gate")
    continued = lines[first + 1]
    assert continued[indent - 1] == " " and continued[indent] != " "  # under the text, not under "1)"
    second = next(i for i, line in enumerate(lines) if "2) np.clip" in line)
    assert lines[second + 1].index("return g") == lines[second].index("np.clip")
