"""The history file: appended and synced per answer, never rewritten, damaged lines skipped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone

from checker.quiz.history import AnswerRecord, History, data_dir
from checker.quiz.schedule import build_cards, due_cards, rating_name, weakest_cards
from checker.quiz.stats import compute, streak

T0 = datetime(2026, 1, 10, 9, 0, tzinfo=timezone.utc)


def record(
    qid="q1", verdict="correct", at=T0, seconds=5.0, hint=False, session="s1", topic="gru", score=None
):
    return AnswerRecord(
        session=session,
        at=at.isoformat(),
        mode="study",
        qid=qid,
        topic=topic,
        seed=1,
        verdict=verdict,
        score=(1.0 if verdict == "correct" else 0.0) if score is None else score,
        seconds=seconds,
        hint=hint,
    )


def test_append_adds_one_line_each_and_reads_back(tmp_path):
    history = History(tmp_path / "sub" / "history.jsonl")
    history.append(record("a"))
    history.append(record("b", "wrong"))
    lines = history.path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["qid"] == "b"
    assert [r.qid for r in history.read().answers] == ["a", "b"]


def test_append_never_changes_what_is_there(tmp_path):
    history = History(tmp_path / "history.jsonl")
    history.append(record("a"))
    before = history.path.read_bytes()
    history.append(record("b"))
    assert history.path.read_bytes().startswith(before)


def test_damaged_and_truncated_lines_are_skipped_with_warnings(tmp_path):
    history = History(tmp_path / "history.jsonl")
    history.append(record("a"))
    with open(history.path, "ab") as handle:
        handle.write(b"not json\n")
        handle.write(b'{"kind": "answer", "qid": "x"}\n')  # missing fields
        handle.write(b'{"kind": "answer", "session": "s", "at": "yesterday"')  # torn last line, no newline
    history.append(record("b"))  # a later answer still lands on its own line
    read = history.read()
    assert [r.qid for r in read.answers] == ["a", "b"]
    assert read.damage.count == 3 and read.damage.first_line == 2 and read.damage.reason == "json"


def test_kill_9_loses_at_most_the_answer_in_progress(tmp_path):
    """A writer killed hard mid-stream leaves only whole lines (each append is one synced write)."""
    path = tmp_path / "history.jsonl"
    script = f"""
import os, signal
from checker.quiz.history import History, AnswerRecord
h = History(__import__('pathlib').Path({str(path)!r}))
for i in range(50):
    h.append(AnswerRecord(session='s', at='2026-01-01T00:00:00+00:00', mode='study', qid=f'q{{i}}',
                          topic='t', seed=i, verdict='correct', score=1.0, seconds=1.0))
    if i == 24:
        os.kill(os.getpid(), signal.SIGKILL)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert result.returncode == -9
    read = History(path).read()
    assert [r.qid for r in read.answers] == [f"q{i}" for i in range(25)]
    assert read.damage.count == 0


def test_data_dir_follows_the_platform_conventions():
    assert data_dir({"LSTM_QUIZ_HOME": "/x/y"}) == type(data_dir({"LSTM_QUIZ_HOME": "/x/y"}))("/x/y")
    if sys.platform.startswith("linux"):
        assert str(data_dir({"XDG_DATA_HOME": "/data", "HOME": "/h"})) == "/data/lstm-quiz"
        assert str(data_dir({"HOME": "/h"})) == "/h/.local/share/lstm-quiz"


def test_file_is_private_to_the_user(tmp_path):
    history = History(tmp_path / "history.jsonl")
    history.append(record())
    assert os.stat(history.path).st_mode & 0o077 == 0


# -- ratings and scheduling -------------------------------------------------------------------------


def test_rating_comes_from_the_verdict():
    assert rating_name(record(verdict="wrong")) == "Again"
    assert rating_name(record(verdict="skipped")) == "Again"
    assert rating_name(record(verdict="timeout")) == "Again"
    assert rating_name(record(verdict="partial", score=0.5)) == "Hard"
    assert rating_name(record(verdict="correct", seconds=90)) == "Hard"  # right but slow
    assert rating_name(record(verdict="correct", hint=True)) == "Hard"
    assert rating_name(record(verdict="correct", seconds=4)) == "Good"


def test_a_missed_question_is_due_soon_and_a_known_one_later():
    records = [record("missed", "wrong"), record("known", "correct")]
    cards = build_cards(records, T0)
    assert cards["missed"].due < cards["known"].due
    assert [c.qid for c in due_cards(cards, T0 + timedelta(hours=1))] == ["missed"]
    assert {c.qid for c in due_cards(cards, T0 + timedelta(days=30))} == {"missed", "known"}


def test_repeated_success_spreads_reviews_out():
    records = []
    at = T0
    for _ in range(4):
        records.append(record("q", "correct", at=at))
        card = build_cards(records, at)["q"]
        at = card.due
    intervals = []
    previous = T0
    for r in records[1:]:
        intervals.append((r.when - previous).total_seconds())
        previous = r.when
    assert intervals == sorted(intervals) and intervals[-1] > intervals[0]


def test_replay_is_deterministic_and_keyed_by_question_id():
    records = [record("q", "wrong"), record("q", "correct", at=T0 + timedelta(days=1))]
    assert build_cards(records, T0) == build_cards(list(records), T0)
    assert build_cards(records, T0)["q"].lapses == 1 and build_cards(records, T0)["q"].reviews == 2


def test_cram_orders_the_weakest_first():
    records = [
        record("weak", "wrong"),
        record("strong", "correct"),
        record("strong", "correct", at=T0 + timedelta(days=3)),
    ]
    cards = build_cards(records, T0 + timedelta(days=4))
    assert [c.qid for c in weakest_cards(cards)][0] == "weak"


# -- stats ---------------------------------------------------------------------------------------------


def test_streak_counts_consecutive_days():
    today = T0.date()
    days = {today, today - timedelta(days=1), today - timedelta(days=2), today - timedelta(days=5)}
    assert streak(days, today) == 3
    assert streak({today - timedelta(days=1)}, today) == 1  # not yet today: yesterday still counts
    assert streak({today - timedelta(days=2)}, today) == 0


def test_stats_per_topic_trend_and_weakest():
    records = [
        record("a", "wrong", session="s1", topic="gru"),
        record("b", "wrong", session="s1", topic="gru"),
        record("c", "wrong", session="s1", topic="gru"),
        record("d", "correct", session="s2", topic="activations", at=T0 + timedelta(hours=1)),
        record("e", "correct", session="s2", topic="activations", at=T0 + timedelta(hours=1)),
        record("f", "partial", session="s2", topic="activations", at=T0 + timedelta(hours=1), score=0.5),
    ]
    stats = compute(records, T0 + timedelta(hours=2))
    assert stats.answers == 6 and stats.sessions == 2
    assert [(t.topic, t.answered, t.correct) for t in stats.topics] == [("activations", 3, 2), ("gru", 3, 0)]
    assert [round(s.score, 3) for s in stats.trend] == [0.0, 0.833]
    assert stats.weakest == ["gru", "activations"]
    assert stats.due >= 3  # the three wrong answers are due within the hour
