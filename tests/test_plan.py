"""`lstm-quiz plan --exam-date` and `review --exam-date`: recall predicted for the exam morning, the
reviews due until then, the topics to study first; a date in the past is a usage error."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.quiz.history import AnswerRecord, History, history_path
from checker.quiz.plan import PlanError, at_risk, bars, exam_morning, make_plan, recall_at
from checker.quiz.schedule import Replay

NOW = datetime(2027, 1, 10, 20, 0, tzinfo=timezone.utc)


def answer(qid: str, topic: str, when: datetime, verdict: str = "correct") -> AnswerRecord:
    return AnswerRecord(
        session="s1",
        at=when.isoformat(),
        mode="study",
        qid=qid,
        topic=topic,
        seed=1,
        verdict=verdict,
        score=1.0 if verdict == "correct" else 0.0,
        seconds=5.0,
    )


def replay_of(*records: AnswerRecord) -> Replay:
    return Replay.of(records)


TOPICS = {"gru": ["g1", "g2"], "rnn": ["r1", "r2"], "attention": ["a1", "a2"]}


def studied() -> Replay:
    """gru: both answered right, twice, a week apart; rnn: one answered wrong yesterday; attention: never."""
    week_ago, yesterday = NOW - timedelta(days=8), NOW - timedelta(days=1)
    return replay_of(
        answer("g1", "gru", week_ago),
        answer("g2", "gru", week_ago),
        answer("g1", "gru", yesterday),
        answer("g2", "gru", yesterday),
        answer("r1", "rnn", yesterday, "wrong"),
    )


def test_recall_fades_between_now_and_the_exam_and_never_answered_counts_as_nothing():
    plan = make_plan(studied(), TOPICS, NOW, date(2027, 3, 1))
    by_topic = {t.topic: t for t in plan.topics}
    gru, rnn, attention = by_topic["gru"], by_topic["rnn"], by_topic["attention"]
    assert gru.seen == 2 and rnn.seen == 1 and attention.seen == 0
    assert attention.recall_now == attention.recall_exam == 0.0
    assert 0 < gru.recall_exam < gru.recall_now <= 1
    # half of rnn's questions were never answered: its recall is at most one half
    assert rnn.recall_now <= 0.5
    assert plan.recall_exam == pytest.approx(sum(t.recall_exam for t in plan.topics) / 3)


def test_the_topics_least_likely_recalled_on_exam_day_come_first():
    plan = make_plan(studied(), TOPICS, NOW, date(2027, 1, 12))
    assert plan.first[0] == "attention"  # never answered
    assert plan.first.index("rnn") < plan.first.index("gru") if "gru" in plan.first else "rnn" in plan.first


def test_a_topic_predicted_above_the_desired_recall_is_not_named():
    replay = studied()
    plan = make_plan(replay, {"gru": ["g1", "g2"]}, NOW, NOW.date())  # the exam is today
    assert plan.topics[0].recall_exam >= replay.scheduler.desired_retention
    assert plan.first == []


def test_the_daily_load_covers_every_day_until_the_exam_and_only_those():
    exam = date(2027, 2, 20)
    plan = make_plan(studied(), TOPICS, NOW, exam)
    assert [d.day for d in plan.load] == [
        NOW.date() + timedelta(days=i) for i in range((exam - NOW.date()).days)
    ]
    # the wrong answer of yesterday is due again already (a 10-minute learning step): today's load has it
    assert plan.load[0].reviews >= 1
    # every answered card comes back at least once in six weeks; unanswered ones are not reviews
    assert plan.reviews >= 3
    assert plan.to_json()["reviews_until_exam"] == plan.reviews


def test_a_review_answered_right_pushes_the_next_one_further():
    replay = replay_of(answer("g1", "gru", NOW - timedelta(hours=1)))
    plan = make_plan(replay, {"gru": ["g1"]}, NOW, NOW.date() + timedelta(days=365))
    days = [d.day for d in plan.load for _ in range(d.reviews)]
    gaps = [(b - a).days for a, b in zip(days, days[1:])]
    assert len(days) >= 3
    assert gaps == sorted(gaps) and gaps[-1] > gaps[0]


def test_cards_of_questions_no_longer_in_the_bank_are_left_out():
    replay = replay_of(answer("gone", "gru", NOW - timedelta(days=1), "wrong"))
    plan = make_plan(replay, {"gru": ["g1"]}, NOW, NOW.date() + timedelta(days=10))
    assert plan.reviews == 0 and plan.topics[0].seen == 0


@pytest.mark.parametrize("exam, key", [(date(2027, 1, 9), "plan.past"), (date(2031, 1, 1), "plan.too_far")])
def test_an_exam_date_that_cannot_be_planned_for_is_refused(exam, key):
    with pytest.raises(PlanError) as error:
        make_plan(studied(), TOPICS, NOW, exam)
    assert error.value.key == key


def test_many_days_are_drawn_in_at_most_fifteen_bars_and_no_review_is_lost():
    plan = make_plan(studied(), TOPICS, NOW, NOW.date() + timedelta(days=200))
    grouped = bars(plan.load)
    assert len(grouped) <= 15
    assert sum(n for _, _, n in grouped) == plan.reviews
    assert grouped[0][0] == plan.load[0].day and grouped[-1][1] == plan.load[-1].day


def test_review_for_an_exam_takes_what_is_due_then_what_would_be_forgotten_least_likely_first():
    replay = studied()
    exam = exam_morning(date(2027, 4, 1), timezone.utc)
    chosen = at_risk(replay, ["g1", "g2", "r1", "a1"], exam, NOW)
    assert chosen[0] == "r1"  # due now
    assert "a1" not in chosen  # never answered: nothing to review
    recall = recall_at(replay, exam)
    rest = chosen[1:]
    assert [recall[q] for q in rest] == sorted(recall[q] for q in rest)
    assert all(recall[q] < replay.scheduler.desired_retention for q in rest)


# -- the command ------------------------------------------------------------------------------------


def run(args, now=NOW):
    return CliRunner().invoke(main, args, obj={"now": now.astimezone()}, catch_exceptions=False)


def test_plan_prints_recall_per_topic_a_chart_and_what_to_study_first(quiz_home):
    history = History(history_path())
    for record in (
        answer("gru-reset-role", "gru", NOW - timedelta(days=3)),
        answer("gru-history", "gru", NOW - timedelta(days=1), "wrong"),
    ):
        history.append(record)
    result = run(["plan", "--exam-date", "2027-02-01", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "Exam on 2027-02-01: 22 day(s) left" in result.output
    assert "GRU" in result.output and "Study first:" in result.output
    assert "█" in result.output  # the chart of reviews per day


def test_plan_json_has_every_topic_of_the_bank(quiz_home):
    result = run(["plan", "--exam-date", "2027-02-01", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["days_left"] == 22 and data["exam_date"] == "2027-02-01"
    assert len(data["topics"]) >= 15
    assert all(t["recall_on_exam_day"] == 0 for t in data["topics"])  # nothing answered yet
    assert len(data["reviews_per_day"]) == 22 and data["reviews_until_exam"] == 0
    assert len(data["study_first"]) == 3


@pytest.mark.parametrize("lang, words", [("en", "in the past"), ("ko", "지났어요"), ("ja", "過去の日付")])
def test_a_past_exam_date_is_a_usage_error_in_the_learners_language(quiz_home, lang, words):
    result = run(["plan", "--exam-date", "2027-01-09", "--lang", lang])
    assert result.exit_code == 2
    assert words in result.output and "Traceback" not in result.output


def test_a_date_that_is_not_a_date_is_a_usage_error(quiz_home):
    result = run(["plan", "--exam-date", "next friday"])
    assert result.exit_code == 2 and "--exam-date" in result.output


def test_review_with_an_exam_date_reviews_what_would_be_forgotten(quiz_home):
    history = History(history_path())
    history.append(answer("gru-reset-role", "gru", NOW - timedelta(hours=1)))  # right, not due yet
    result = CliRunner().invoke(
        main,
        ["review", "--exam-date", "2027-06-01", "--lang", "en", "--seed", "1"],
        input="1\n",
        obj={"now": NOW.astimezone()},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "Before the exam on 2027-06-01: 0 due now and 1 you would likely forget by then." in result.output


def test_among_topics_never_studied_the_bigger_comes_first():
    topics = {"small": ["s1", "s2"], "big": [f"b{i}" for i in range(10)], "mid": ["m1", "m2", "m3"]}
    plan = make_plan(Replay(), topics, NOW, NOW.date() + timedelta(days=30))
    assert plan.first == ["big", "mid", "small"]
