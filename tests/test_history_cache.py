"""The cache beside the history (checker/quiz/cache.py): `stats` and `review` say exactly the same with it
as without it, cold, warm, after lines are appended, after the history is truncated or edited, and
whatever happened to the cache itself."""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import shutil
from dataclasses import asdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.bank import load_bank
from checker.cli import main
from checker.quiz import cache
from checker.quiz.cache import CACHE_FILE
from checker.quiz.history import History
from checker.quiz.schedule import build_cards, due_cards, weakest_cards
from checker.quiz.stats import compute
from checker.resources import quizzes_dir

NOW = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
START = datetime(2025, 6, 1, 7, 50, tzinfo=timezone.utc)
BANK = load_bank([quizzes_dir()]).bank
QIDS = [q.id for t in BANK.topics for q in BANK.questions(t.id)][:12] + ["not-in-the-bank"]
VERDICTS = ["correct", "correct", "correct", "wrong", "partial", "skipped", "timeout"]
DAMAGED = [
    b"not json\n",
    b'{"kind": "answer", "qid": "x"}\n',
    b'{"kind": "answer", "kind": "answer"}\n',
    b"[1, 2]\n",
]
_runs = itertools.count()


def line(rng: random.Random, number: int, at: datetime | None = None, qid: str | None = None) -> bytes:
    verdict = rng.choice(VERDICTS)
    record = {
        "session": f"s{number // 7}",
        "at": (at or START + timedelta(minutes=37 * number)).isoformat(),
        "mode": rng.choice(["study", "exam", "review"]),
        "qid": qid or rng.choice(QIDS),
        "topic": f"topic{number % 4}",
        "seed": number,
        "verdict": verdict,
        "score": {"correct": 1.0, "partial": 0.5}.get(verdict, 0.0),
        "seconds": round(rng.uniform(1, 80), 3),
        "response": "1",
        "hint": rng.random() < 0.2,
        "misconception": rng.choice(["m1", "m2", "m3"]) if verdict == "wrong" else None,
        "params": {},
        "kind": "answer",
        "v": 1,
    }
    return json.dumps(record).encode() + b"\n"


def history_bytes(first: int, count: int, seed: int = 1) -> bytes:
    """`count` answers numbered from `first`, with a damaged line now and then and a blank line."""
    rng = random.Random(seed)
    out = b""
    for number in range(first, first + count):
        out += line(rng, number)
        if number % 11 == 5:
            out += DAMAGED[number % len(DAMAGED)]
        if number % 17 == 3:
            out += b"\n"
    return out


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    (folder / "history.jsonl").write_bytes(history_bytes(0, 120))
    return folder


def observe(source: Path, tmp_path: Path, monkeypatch, *, keep_cache: bool = True) -> dict:
    """Everything `stats` and `review` show for a copy of this data folder (the copy keeps the cache,
    or not): in this process and through the command line."""
    target = tmp_path / f"run{next(_runs)}"
    shutil.copytree(source, target)
    if not keep_cache:
        (target / CACHE_FILE).unlink(missing_ok=True)
    read = History(target / "history.jsonl").read()
    cards = build_cards(read.answers, NOW)
    seen: dict = {
        "len": len(read.answers),
        "answers": list(read.answers),
        "damage": asdict(read.damage),
        "problem": read.problem,
        "compute": compute(read.answers, NOW).to_json(),
        "cards": cards,
        "due": [c.qid for c in due_cards(cards, NOW)],
        "weakest": [c.qid for c in weakest_cards(cards)],
    }
    monkeypatch.setenv("LSTM_QUIZ_HOME", str(target))
    for args in (["stats", "--json"], ["stats"], ["review", "-n", "3", "--seed", "5"]):
        result = CliRunner().invoke(main, [*args, "--lang", "en"], input="")
        shown = (result.exit_code, result.stdout, result.stderr)
        seen[" ".join(args)] = tuple(str(part).replace(str(target), "<home>") for part in shown)
    return seen


def assert_same_with_and_without_cache(home: Path, tmp_path: Path, monkeypatch) -> dict:
    without = observe(home, tmp_path, monkeypatch, keep_cache=False)
    with_cache = observe(home, tmp_path, monkeypatch)
    assert with_cache == without
    return with_cache


def warm(home: Path) -> bytes:
    History(home / "history.jsonl").read()
    return (home / CACHE_FILE).read_bytes()


def test_cold_and_warm_say_the_same(home, tmp_path, monkeypatch):
    cold = assert_same_with_and_without_cache(home, tmp_path, monkeypatch)
    assert cold["damage"]["count"] > 0 and "damaged lines skipped" in cold["stats --json"][2]
    assert cold["due"] and cold["compute"]["answers"] == 120
    warm(home)
    assert (home / CACHE_FILE).exists()
    assert observe(home, tmp_path, monkeypatch) == cold


def test_a_warm_cache_reads_only_the_lines_after_it(home, monkeypatch):
    warm(home)
    parsed = []
    original = cache.scan

    def counting_scan(handle, first=1, limit=None):
        for item in original(handle, first, limit):
            parsed.append(item[0])
            yield item

    monkeypatch.setattr(cache, "scan", counting_scan)
    with open(home / "history.jsonl", "ab") as handle:
        handle.write(history_bytes(120, 3, seed=2))
    read = History(home / "history.jsonl").read()
    assert len(parsed) == 4 and len(read.answers) == 123  # 3 answers and a blank line
    assert list(read.answers) == list(History(home / "history.jsonl").read_whole().answers)


def test_appended_lines_damaged_lines_and_older_answers(home, tmp_path, monkeypatch):
    warm(home)
    with open(home / "history.jsonl", "ab") as handle:
        handle.write(history_bytes(120, 30, seed=3))
        handle.write(b"\n{broken\n")
    assert_same_with_and_without_cache(home, tmp_path, monkeypatch)
    warm(home)
    # An answer older than its card's latest (two sessions at once, a clock put back): the replay
    # sorts by time, so the cards are replayed from the start.
    with open(home / "history.jsonl", "ab") as handle:
        handle.write(line(random.Random(4), 200, at=START, qid=QIDS[0]))
        handle.write(line(random.Random(5), 201, at=START + timedelta(days=400), qid="brand-new"))
    seen = assert_same_with_and_without_cache(home, tmp_path, monkeypatch)
    assert "brand-new" in seen["cards"]


def test_an_unfinished_last_line_is_read_every_time_and_never_cached(home, tmp_path, monkeypatch):
    path = home / "history.jsonl"
    with open(path, "ab") as handle:
        handle.write(line(random.Random(6), 300).rstrip(b"\n"))  # a valid answer, no newline yet
    first = assert_same_with_and_without_cache(home, tmp_path, monkeypatch)
    assert first["compute"]["answers"] == 121
    warm(home)
    assert observe(home, tmp_path, monkeypatch) == first
    History(path).append(History(path).read_whole().answers[0])  # starts on a fresh line
    assert_same_with_and_without_cache(home, tmp_path, monkeypatch)
    with open(path, "ab") as handle:
        handle.write(b'{"kind": "answer", "session": "s", "at": "yesterday"')  # torn, no newline
    warm(home)
    torn = assert_same_with_and_without_cache(home, tmp_path, monkeypatch)
    assert torn["damage"]["count"] == first["damage"]["count"] + 1


@pytest.mark.parametrize("cut", [0, 1, 7, 500, 2000, -1, -40])
def test_a_truncated_history(home, tmp_path, monkeypatch, cut):
    path = home / "history.jsonl"
    warm(home)
    data = path.read_bytes()
    path.write_bytes(data[:cut] if cut else b"")
    assert_same_with_and_without_cache(home, tmp_path, monkeypatch)
    # Then the history grows again past where the cache was, with other lines.
    with open(path, "ab") as handle:
        handle.write(b"\n" + history_bytes(500, 200, seed=7))
    assert_same_with_and_without_cache(home, tmp_path, monkeypatch)


@pytest.mark.parametrize("where", [0.01, 0.5, 0.99])
def test_an_edited_history(home, tmp_path, monkeypatch, where):
    path = home / "history.jsonl"
    warm(home)
    data = bytearray(path.read_bytes())
    at = data.index(b'"verdict": "', int(len(data) * where)) + len(b'"verdict": "')
    data[at : at + 5] = b"wrong" if data[at : at + 5] != b"wrong" else b"xxxxx"  # same length
    path.write_bytes(bytes(data))
    assert_same_with_and_without_cache(home, tmp_path, monkeypatch)
    path.write_bytes(bytes(data) + history_bytes(500, 5))  # edited and grown
    assert_same_with_and_without_cache(home, tmp_path, monkeypatch)


def _rewrite_body(saved: bytes, change) -> bytes:
    """The cache with its body changed and its checksum made to match (as a buggy writer might)."""
    header, _, body = saved.partition(b"\n")
    data = json.loads(body)
    change(data)
    body = json.dumps(data).encode()
    head = json.loads(header)
    head["sha256"] = hashlib.sha256(body).hexdigest()
    return json.dumps(head).encode() + b"\n" + body


DAMAGED_CACHES = {
    "empty": lambda saved: b"",
    "garbage": lambda saved: b"\x00\xff garbage",
    "truncated": lambda saved: saved[: len(saved) // 2],
    "one byte changed": lambda saved: saved[:-10] + bytes([saved[-10] ^ 1]) + saved[-9:],
    "header only": lambda saved: saved.partition(b"\n")[0],
    "other version": lambda saved: saved.replace(b'"recipe": "', b'"recipe": "0', 1),
    "not an object": lambda saved: b"[]\n[]",
    "wrong types": lambda saved: _rewrite_body(saved, lambda d: d["totals"].update(answers="many")),
    "bad card": lambda saved: _rewrite_body(saved, lambda d: d["cards"].update(q=[1, 2, 3])),
    "bad reason": lambda saved: _rewrite_body(saved, lambda d: d.update(damage=[1, 1, "nope", ""])),
    "bad quarter": lambda saved: _rewrite_body(saved, lambda d: d["totals"]["quarters"].append([1])),
}


@pytest.mark.parametrize("kind", list(DAMAGED_CACHES))
def test_a_damaged_cache_is_rebuilt(home, tmp_path, monkeypatch, kind):
    reference = observe(home, tmp_path, monkeypatch, keep_cache=False)
    saved = warm(home)
    (home / CACHE_FILE).write_bytes(DAMAGED_CACHES[kind](saved))
    assert observe(home, tmp_path, monkeypatch) == reference
    assert warm(home) == saved  # rebuilt as it was


def test_a_cache_that_is_not_a_file_or_cannot_be_written(home, tmp_path, monkeypatch):
    reference = observe(home, tmp_path, monkeypatch, keep_cache=False)
    (home / CACHE_FILE).mkdir()
    assert observe(home, tmp_path, monkeypatch) == reference
    History(home / "history.jsonl").read()  # cannot replace a folder: no error
    assert (home / CACHE_FILE).is_dir()
    (home / CACHE_FILE).rmdir()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("checker.files.write_new_file", refuse)
    assert observe(home, tmp_path, monkeypatch) == reference
    assert not (home / CACHE_FILE).exists()


def test_an_older_cache_written_last_by_a_concurrent_run(home, tmp_path, monkeypatch):
    """Two runs at once: the one that read less may replace the cache last; it still covers a prefix."""
    older = warm(home)
    with open(home / "history.jsonl", "ab") as handle:
        handle.write(history_bytes(120, 20, seed=8))
    newer = warm(home)
    assert newer != older
    (home / CACHE_FILE).write_bytes(older)
    assert_same_with_and_without_cache(home, tmp_path, monkeypatch)


def test_no_history_and_an_empty_history(home, tmp_path, monkeypatch):
    path = home / "history.jsonl"
    warm(home)
    path.unlink()
    assert_same_with_and_without_cache(home, tmp_path, monkeypatch)
    path.write_bytes(b"")
    assert_same_with_and_without_cache(home, tmp_path, monkeypatch)
    path.write_bytes(b"\n\nnot json\n")
    seen = assert_same_with_and_without_cache(home, tmp_path, monkeypatch)
    assert seen["len"] == 0 and seen["damage"]["first_line"] == 3
