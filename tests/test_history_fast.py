"""The fast cold read of the history says exactly what the careful one says.

- schedule.FastReviewer gives, review after review, the very card fsrs's own Scheduler.review_card
  gives (floats compared with ==, not within a tolerance), over thousands of random reviews: every
  rating, in every state, from the same second to years apart, for our scheduler and others.
- history.Reader (orjson, or json without it, and the shape check) finds the same records and the
  same damaged lines as `scan`, line by line, whatever the lines.
- `stats` and `review` show the same, byte for byte, with the fast paths and with them turned off.
"""

from __future__ import annotations

import io
import json
import random
import shutil
from dataclasses import asdict, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner
from fsrs import Card, Rating, Scheduler
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.cli import main
from checker.quiz import history, schedule
from checker.quiz.cache import CACHE_FILE
from checker.quiz.history import AnswerRecord, DamagedLine, History, Reader, scan
from checker.quiz.schedule import FastReviewer, Replay, card_tuple, fast_reviewer
from checker.quiz.stats import Totals, compute

NOW = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
GAPS = [0, 1, 30, 59, 600, 900, 3599, 3600, 43_200, 86_399, 86_400, 86_401, 2 * 86_400, 5 * 86_400]
GAPS += [17 * 86_400, 90 * 86_400, 400 * 86_400, 3000 * 86_400, 20_000 * 86_400]


def random_reviews(rng: random.Random, count: int) -> list[tuple[datetime, int]]:
    t = datetime(1990, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=rng.randrange(10**9))
    reviews = []
    for _ in range(count):
        gap = rng.choice(GAPS) if rng.random() < 0.8 else rng.randrange(40 * 86_400)
        t += timedelta(seconds=gap, microseconds=rng.choice([0, 0, rng.randrange(1_000_000)]))
        reviews.append((t, rng.choice([1, 1, 2, 3, 3, 4]) if rng.random() < 0.9 else rng.randint(1, 4)))
    return reviews


def assert_same_cards(scheduler: Scheduler, fast: FastReviewer, reviews) -> int:
    """Review by review, and all at once: the library's card and the fast one are the same."""
    card, mine = Card(card_id=1), None
    for when, rating in reviews:
        card, _ = scheduler.review_card(card, Rating(rating), review_datetime=when)
        mine = fast.replay([when], [rating], mine)
        assert mine == card_tuple(card), (when, rating)
        assert all(type(a) is type(b) for a, b in zip(mine, card_tuple(card)))
    times, ratings = zip(*reviews)
    assert fast.replay(times, ratings) == card_tuple(card)
    return len(reviews)


def test_fast_replay_is_fsrs_review_after_review():
    scheduler = schedule._scheduler()
    fast = fast_reviewer(scheduler)
    assert fast is not None  # the installed fsrs is the one it reproduces
    rng = random.Random(7)
    reviewed = sum(
        assert_same_cards(scheduler, fast, random_reviews(rng, rng.randint(1, 120))) for _ in range(150)
    )
    assert reviewed > 8000


def test_every_branch_is_taken():
    """The random histories above go through every state, rating and kind of update."""
    scheduler = schedule._scheduler()
    seen = set()
    rng = random.Random(7)
    for _ in range(150):
        card = Card(card_id=1)
        for when, rating in random_reviews(rng, rng.randint(1, 120)):
            days = None if card.last_review is None else (when - card.last_review).days
            seen.add(
                (card.state.value, rating, "first" if days is None else "same day" if days < 1 else "later")
            )
            card, _ = scheduler.review_card(card, Rating(rating), review_datetime=when)
    expected = {(1, r, "first") for r in (1, 2, 3, 4)}
    expected |= {(s, r, k) for s in (1, 2, 3) for r in (1, 2, 3, 4) for k in ("same day", "later")}
    assert expected <= seen


@pytest.mark.parametrize(
    "settings_",
    [
        {"learning_steps": (), "relearning_steps": ()},
        {"learning_steps": (timedelta(minutes=1), timedelta(minutes=10)), "relearning_steps": ()},
        {"learning_steps": (timedelta(seconds=7),) * 3, "relearning_steps": (timedelta(minutes=5),) * 2},
        {"desired_retention": 0.8, "maximum_interval": 30},
        {"desired_retention": 0.97, "learning_steps": (timedelta(hours=1, microseconds=3),)},
    ],
)
def test_fast_replay_with_other_scheduler_settings(settings_):
    """Not used for them (fast_reviewer checks each scheduler), but the arithmetic is general."""
    scheduler = Scheduler(enable_fuzzing=False, **settings_)
    fast = FastReviewer(scheduler)
    rng = random.Random(11)
    for _ in range(25):
        assert_same_cards(scheduler, fast, random_reviews(rng, rng.randint(1, 80)))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 4000 * 86_400 * 10**6), st.integers(1, 4)),
        min_size=1,
        max_size=40,
    )
)
def test_fast_replay_property(steps):
    scheduler = schedule._scheduler()
    t = datetime(2020, 1, 1, tzinfo=timezone.utc)
    reviews = []
    for gap, rating in steps:
        t += timedelta(microseconds=gap // 10 ** random.Random(gap).randint(0, 6))
        reviews.append((t, rating))
    assert_same_cards(scheduler, fast_reviewer(scheduler), reviews)


def test_only_a_scheduler_it_was_checked_against():
    assert fast_reviewer(Scheduler(enable_fuzzing=True)) is None
    other = list(schedule._scheduler().parameters)
    other[8] += 0.01
    assert fast_reviewer(Scheduler(parameters=other, enable_fuzzing=False)) is None


# -- the records -----------------------------------------------------------------------------------


def good_line(rng: random.Random, number: int) -> bytes:
    verdict = rng.choice(["correct", "correct", "wrong", "partial", "skipped", "timeout"])
    record = AnswerRecord(
        session=f"s{number // 7}",
        at=(datetime(2025, 3, 1, tzinfo=timezone.utc) + timedelta(minutes=41 * number)).isoformat(
            timespec="seconds"
        ),
        mode=rng.choice(["study", "exam", "review"]),
        qid=f"q{rng.randrange(30)}",
        topic=f"topic{number % 5}",
        seed=rng.randrange(2**31),
        verdict=verdict,
        score={"correct": 1.0, "partial": 0.5}.get(verdict, 0.0),
        seconds=round(rng.uniform(0, 90), 3),
        response=rng.choice(["1", "", "é ✓ 한", 'a "quoted" \\ one', "tab\there"]),
        hint=rng.random() < 0.2,
        misconception=rng.choice([None, "m1", ""]) if verdict == "wrong" else None,
        params=rng.choice([{}, {"H": rng.randrange(64)}, {"name": "tanh", "x": 0.5, "on": True, "n": None}]),
    )
    return json.dumps(asdict(record), ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def odd_lines(line: bytes) -> list[bytes]:
    """Lines near a good one: damaged, or good but not as the quiz writes them."""
    data = json.loads(line)
    body = line.rstrip(b"\n")

    def changed(**fields) -> bytes:
        return json.dumps({**data, **fields}, separators=(",", ":")).encode() + b"\n"

    return [
        b"\n",
        b"   \n",
        b"\r\n",
        body + b"\r\n",
        body[:-1] + b',"session":"twice"}\n',
        body[:-1] + b',"extra":1}\n',
        body[: len(body) // 2] + b"\n",
        json.dumps(data).encode() + b"\n",  # spaces after , and :
        json.dumps(data, ensure_ascii=True).encode() + b"\n",
        changed(score=1),
        changed(score=True),
        changed(score=1.5),
        changed(seconds=-1.0),
        changed(seed=True),
        changed(seed=2**70),
        changed(seed=1.0),
        changed(hint=1),
        changed(v=2),
        changed(kind="note"),
        changed(verdict="great"),
        changed(session=""),
        changed(response=""),
        changed(misconception=""),
        changed(misconception=3),
        changed(params=[]),
        changed(params={"deep": [[1]]}),
        changed(params={"deep": {"a": {"b": 1}}}),
        changed(params={"list": [1, 2]}),
        changed(at="2025-03-01T09:00:00"),
        changed(at="2025-03-01T09:00:00+09:00"),
        changed(at="2025-03-01T09:00:00Z"),
        changed(at="2025-03-01T09:00:00.250000+00:00"),
        changed(at="1969-12-31T23:59:59+00:00"),
        changed(at="9000-01-01T00:00:00+00:00"),
        changed(at="2025-13-01T09:00:00+00:00"),
        changed(at=5),
        changed(response="x" * (history.MAX_TEXT + 1)),
        changed(response="\ud800"),
        body.replace(b'"response":"', b'"response":"\\ud800', 1) + b"\n",
        body.replace(b'"response":"', b'"response":"\\u00e9', 1) + b"\n",
        body.replace(b'"score":', b'"score":NaN,"x":', 1) + b"\n",
        b"[" * 995 + b"]" * 995 + b"\n",
        body[:-1] + b',"p":' + b"[" * 990 + b"]" * 990 + b"}\n",
        b"\xff\xfe" + body + b"\n",
        b"null\n",
        b"{}\n",
        b"[1, 2]\n",
        body + b" \n",
        body + body + b"\n",
        body + b"," + body + b"\n",
        b"x" * (history.MAX_LINE - 1) + b"\n",
        b"x" * history.MAX_LINE + b"\n",
        b" " * (history.MAX_LINE + 5) + b"\n",
        b"y" * (history.MAX_LINE + 7) + b"\n",
    ]


def history_lines(seed: int, count: int) -> bytes:
    rng = random.Random(seed)
    out = []
    for number in range(count):
        line = good_line(rng, number)
        out.append(line)
        if rng.random() < 0.15:
            odd = odd_lines(line)
            out.append(rng.choice(odd[:-5]))  # not the lines of a megabyte
    return b"".join(out)


def careful(data: bytes, limit: int | None = None) -> tuple[list, list]:
    """The records and the damage `scan` finds (with the unfinished last line), and each line's fate."""
    records, damage = [], []
    for number, _, _, item in scan(io.BytesIO(data), limit=limit):
        if isinstance(item, AnswerRecord):
            records.append(item)
        elif item is not None:
            damage.append((number, item.reason, item.field))
    return records, damage


def quick(data: bytes, limit: int | None = None) -> tuple[list, list]:
    reader = Reader()
    records = [record for block in reader.records(io.BytesIO(data), limit) for record in block]
    damage = [(number, error.reason, error.field) for number, error in reader.damaged]
    if reader.partial is not None:
        number, _, item = reader.partial
        if isinstance(item, AnswerRecord):
            records.append(item)
        elif isinstance(item, DamagedLine):
            damage.append((number, item.reason, item.field))
    return records, damage


def assert_same_reading(data: bytes, limit: int | None = None) -> None:
    want, got = careful(data, limit), quick(data, limit)
    assert got[1] == want[1]
    assert got[0] == want[0]
    for a, b in zip(got[0], want[0]):  # the same fields, of the same types, and the same time
        assert [(k, type(v), v) for k, v in sorted(vars(a).items())] == [
            (k, type(v), v) for k, v in sorted(vars(b).items())
        ]


@pytest.mark.parametrize("with_orjson", [True, False])
def test_every_odd_line_is_read_as_scan_reads_it(monkeypatch, with_orjson):
    if not with_orjson:
        monkeypatch.setattr(history, "_codec", lambda: None)
    rng = random.Random(3)
    line = good_line(rng, 1)
    lines = odd_lines(line)
    for odd in lines:  # every odd line, alone, between good ones, and as an unfinished last line
        assert_same_reading(odd)
        assert_same_reading(line + odd + line)
        assert_same_reading(line + odd.rstrip(b"\n"))
    assert_same_reading(b"".join(odd + good_line(rng, number) for number, odd in enumerate(lines)))


@pytest.mark.parametrize("with_orjson", [True, False])
@pytest.mark.parametrize("seed", range(4))
def test_long_histories_are_read_as_scan_reads_them(monkeypatch, with_orjson, seed):
    if not with_orjson:
        monkeypatch.setattr(history, "_codec", lambda: None)
    monkeypatch.setattr(history, "BLOCK", [64, 1000, 4096, 1 << 18][seed])  # lines across blocks
    data = history_lines(seed, 1500)
    assert_same_reading(data)
    for limit in (0, 1, 100, len(data) // 3, len(data) - 1, len(data), len(data) + 5):
        assert_same_reading(data, limit)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.integers(0, 2000), st.sampled_from([16, 256, 1 << 18]))
def test_bytes_spliced_into_good_lines(data, at, block):
    good = history_lines(5, 12)
    spliced = good[:at] + data + good[at:]
    old = history.BLOCK
    history.BLOCK = block
    try:
        assert_same_reading(spliced)
    finally:
        history.BLOCK = old


def add_as_before(totals: Totals, record: AnswerRecord) -> None:
    """Totals.add as it was, one record at a time, before rows."""
    totals.answers += 1
    right = record.verdict == "correct"
    topic = totals.topics.get(record.topic)
    if topic is None:
        topic = totals.topics[record.topic] = [0, 0, 0.0]
    topic[0] += 1
    topic[1] += right
    topic[2] += record.score
    when = history.micros(record.when)
    session = totals.sessions.get(record.session)
    if session is None:
        session = totals.sessions[record.session] = [0, 0, 0.0, when, record.at, record.mode]
    session[0] += 1
    session[1] += right
    session[2] += record.score
    if when < session[3]:
        session[3], session[4] = when, record.at
    if not session[5]:
        session[5] = record.mode
    totals.quarters.add(when // (15 * 60 * 1_000_000))
    if record.misconception:
        totals.mistakes[record.misconception] += 1


def test_rows_and_records_give_the_same_totals_and_cards():
    data = history_lines(9, 3000)
    records = careful(data)[0]
    rng = random.Random(1)
    records += [replace(r, score=rng.random(), at=r.at.replace("+00:00", "+05:45")) for r in records[:500]]
    totals = Totals()
    for record in records:
        add_as_before(totals, record)
    assert Totals.of(records).to_json() == totals.to_json()
    one_by_one = Totals()
    for record in records:
        one_by_one.add(record)
    assert one_by_one.to_json() == totals.to_json()
    data = b"".join(json.dumps(asdict(r), separators=(",", ":")).encode() + b"\n" for r in records)
    reader = Reader()
    rows = [row for block in reader.rows(io.BytesIO(data)) for row in block]
    assert [history.record_of(row) for row in rows] == records
    from_rows = Totals()
    from_rows.add_rows(rows)
    assert from_rows.to_json() == totals.to_json()
    slow, by_qid = Replay(), {}  # Replay.of as it was: through fsrs, one answer at a time
    for record in records:
        by_qid.setdefault(record.qid, []).append(record)
    for answers in by_qid.values():
        for record in sorted(answers, key=lambda r: r.when):
            slow._review(record)
    assert Replay.of(records).to_json() == slow.to_json()
    assert Replay.of(records).states(NOW) == slow.states(NOW)


# -- the commands ----------------------------------------------------------------------------------


def observe(home: Path, monkeypatch, tmp_path: Path, name: str) -> dict:
    target = tmp_path / name
    shutil.copytree(home, target)
    (target / CACHE_FILE).unlink(missing_ok=True)
    monkeypatch.setenv("LSTM_QUIZ_HOME", str(target))
    seen = {}
    for _ in range(2):  # cold, then warm
        for args in (["stats", "--json"], ["stats"], ["review", "-n", "3", "--seed", "5"]):
            result = CliRunner().invoke(main, [*args, "--lang", "en"], input="")
            shown = (result.exit_code, result.stdout, result.stderr)
            seen.setdefault(" ".join(args), []).append(
                tuple(str(p).replace(str(target), "<home>") for p in shown)
            )
    read = History(target / "history.jsonl").read()
    seen["answers"] = list(read.answers)
    seen["damage"] = asdict(read.damage)
    seen["compute"] = compute(read.answers, NOW).to_json()
    seen["cache"] = (target / CACHE_FILE).read_bytes()
    return seen


def test_the_commands_say_the_same_with_and_without_the_fast_paths(tmp_path, monkeypatch):
    from test_history_cache import QIDS

    rng = random.Random(21)
    lines = []
    for number in range(2500):
        data = json.loads(good_line(rng, number))
        data["qid"] = rng.choice(QIDS)  # questions in the bank: review has something to ask
        data["at"] = (NOW - timedelta(days=200) + timedelta(minutes=97 * number)).isoformat(
            timespec="seconds"
        )
        lines.append(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
        if number % 97 == 5:
            odd = odd_lines(lines[-1])[:-5]
            lines.append(odd[number % len(odd)])
    lines.append(lines[3].rstrip(b"\n"))  # an unfinished last line
    home = tmp_path / "home"
    home.mkdir()
    (home / "history.jsonl").write_bytes(b"".join(lines))
    fast = observe(home, monkeypatch, tmp_path, "fast")
    assert fast["damage"]["count"] > 0 and fast["compute"]["answers"] > 2500
    monkeypatch.setattr(history, "_codec", lambda: None)
    no_orjson = observe(home, monkeypatch, tmp_path, "no-orjson")
    monkeypatch.setattr(schedule, "fast_reviewer", lambda scheduler: None)
    monkeypatch.setattr(history, "_values", lambda lines: [None] * len(lines))  # every line: parse_line
    slow = observe(home, monkeypatch, tmp_path, "slow")
    assert fast == no_orjson == slow
