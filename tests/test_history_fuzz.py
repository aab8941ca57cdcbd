"""Hypothesis over history lines: any JSON value in any field, and any bytes, never make reading the
history, `stats`, the FSRS replay behind `review`, or the stats report raise (issue 10, section 4)."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from checker.quiz.history import History
from checker.quiz.schedule import build_cards, due_cards, weakest_cards
from checker.quiz.stats import compute
from checker.render.stats_view import print_stats, stats_json

NOW = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
GOOD = {
    "session": "s1",
    "at": "2026-01-10T09:00:00+00:00",
    "mode": "study",
    "qid": "gates-forget-role",
    "topic": "gates",
    "seed": 1,
    "verdict": "correct",
    "score": 1.0,
    "seconds": 5.0,
    "response": "2",
    "hint": False,
    "misconception": None,
    "params": {},
    "kind": "answer",
    "v": 1,
}
FIELDS = sorted(GOOD)
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinities included: Python's json writes and reads them
    | st.text()
    | st.sampled_from(
        [
            "0001-01-01T00:00:00+05:00",
            "9999-12-31T23:59:59-05:00",
            "9999-12-31T23:00:00+00:00",
            "2026-01-10T09:00:00",
            "2026-01-10T09:00:00+14:00",
            "correct",
            "partial",
            "[/]",
            "\ud800",
        ]
    )
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


def exercise(path: Path) -> None:
    """Everything the learner's commands do with a history; none of it may raise."""
    read = History(path).read()
    stats = compute(read.answers, NOW)
    stats_json(stats)
    print_stats(stats, "en", {}, Console(file=io.StringIO(), width=100))
    cards = build_cards(read.answers, NOW)
    due_cards(cards, NOW)
    weakest_cards(cards)


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "history.jsonl"
    path.write_bytes(data)
    return path


def good_line(**changes: object) -> bytes:
    return json.dumps({**GOOD, **changes}).encode() + b"\n"


@SETTINGS
@given(field=st.sampled_from(FIELDS), value=json_values)
def test_any_json_value_in_any_field(tmp_path, field, value):
    path = write(tmp_path, good_line() + good_line(**{field: value}) + good_line(session="s2"))
    exercise(path)
    read = History(path).read()
    assert len(read.answers) + read.damage.count == 3
    assert len(read.answers) >= 2  # the good lines around it are kept


@SETTINGS
@given(changes=st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=5))
def test_several_fields_changed_at_once(tmp_path, changes):
    exercise(write(tmp_path, good_line(**changes) * 2 + good_line()))


@SETTINGS
@given(extra=st.dictionaries(st.text(max_size=8), json_values, max_size=4))
def test_unknown_fields_are_ignored(tmp_path, extra):
    data = {**extra, **GOOD}
    path = write(tmp_path, json.dumps(data).encode() + b"\n")
    exercise(path)
    assert len(History(path).read().answers) == 1


@SETTINGS
@given(value=json_values)
def test_any_json_value_as_a_whole_line(tmp_path, value):
    exercise(write(tmp_path, json.dumps(value).encode() + b"\n" + good_line()))


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes(tmp_path, data):
    exercise(write(tmp_path, data))


@SETTINGS
@given(data=st.binary(max_size=300), cut=st.integers(0, 400))
def test_bytes_spliced_into_good_lines(tmp_path, data, cut):
    good = good_line() * 3
    cut = min(cut, len(good))
    path = write(tmp_path, good[:cut] + data + good[cut:])
    exercise(path)
    read = History(path).read()
    assert len(read.answers) <= 3 + data.count(b"\n") + 1
