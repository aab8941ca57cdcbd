"""How long `lstm-quiz stats` takes on a large history: reading it, and the whole command.

python bench/history_speed.py [--answers 100000] [--runs 5]

Writes a synthetic history (sessions of 10 answers, 200 questions in 10 topics, one year of study,
the same fields the quiz writes) into a temporary data folder, then times, in this process, reading
it (`History.read`) and computing the report (`stats.compute`), and, as its own process, the whole
`lstm-quiz stats --json` and `lstm-quiz review` (whose synthetic questions are not in the bank, so it
reads the history, replays the cards and says nothing is due). Each is timed cold (the cache beside
the history removed before every run: the whole file is read), warm (the cache covers the history),
and, for `stats`, warm after one more session of 10 answers was appended before every run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from _common import fmt, lstm_quiz

VERDICTS = ["correct"] * 6 + ["wrong"] * 2 + ["partial", "skipped"]


def write_history(path: Path, answers: int, seed: int = 1) -> None:
    """`answers` lines as the quiz writes them, in time order."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, 8, tzinfo=timezone.utc)
    step = timedelta(days=365) / answers
    with open(path, "w", encoding="utf-8") as handle:
        for i in range(answers):
            verdict = rng.choice(VERDICTS)
            q = rng.randrange(200)
            record = {
                "session": f"s{i // 10:08x}",
                "at": (start + step * i).isoformat(timespec="seconds"),
                "mode": "study",
                "qid": f"q{q:03d}",
                "topic": f"topic{q % 10}",
                "seed": rng.randrange(2**31),
                "verdict": verdict,
                "score": {"correct": 1.0, "partial": 0.5}.get(verdict, 0.0),
                "seconds": round(rng.uniform(2, 60), 3),
                "response": "0.25",
                "hint": rng.random() < 0.1,
                "misconception": "sigmoid-vs-tanh" if verdict == "wrong" else None,
                "params": {"H": rng.randrange(8, 64)},
                "kind": "answer",
                "v": 1,
            }
            handle.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")


def drop_cache(home: Path) -> None:
    from checker.quiz.cache import CACHE_FILE

    (home / CACHE_FILE).unlink(missing_ok=True)


def append_session(path: Path, number: int) -> None:
    """One more session of 10 answers, a day after the synthetic year."""
    at = datetime(2026, 1, 1, 8, tzinfo=timezone.utc) + timedelta(days=number)
    with open(path, "a", encoding="utf-8") as handle:
        for i in range(10):
            record = {
                "session": f"extra{number}",
                "at": (at + timedelta(minutes=i)).isoformat(timespec="seconds"),
                "mode": "study",
                "qid": f"q{i:03d}",
                "topic": f"topic{i}",
                "seed": i,
                "verdict": "correct",
                "score": 1.0,
                "seconds": 5.0,
                "response": "1",
                "hint": False,
                "misconception": None,
                "params": {},
                "kind": "answer",
                "v": 1,
            }
            handle.write(json.dumps(record, separators=(",", ":")) + "\n")


def time_in_process(path: Path, runs: int, cold: bool) -> dict[str, list[float]]:
    from checker.quiz.history import History, now_utc
    from checker.quiz.stats import compute

    samples: dict[str, list[float]] = {"read": [], "compute": [], "both": []}
    History(path).read()  # leaves the cache written
    for _ in range(runs):
        if cold:
            drop_cache(path.parent)
        t0 = time.perf_counter()
        read = History(path).read()
        t1 = time.perf_counter()
        compute(read.answers, now_utc())
        t2 = time.perf_counter()
        samples["read"].append(t1 - t0)
        samples["compute"].append(t2 - t1)
        samples["both"].append(t2 - t0)
    return samples


def time_process(argv: list[str], runs: int, before=None) -> dict:
    """Like _common.time_command, with `before()` run (untimed) before each run."""
    subprocess.run(argv, capture_output=True, stdin=subprocess.DEVNULL)
    samples = []
    for number in range(runs):
        if before is not None:
            before(number)
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, stdin=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "runs": runs}


def summary(values: list[float]) -> str:
    return (
        f"median {statistics.median(values) * 1000:.0f} ms "
        f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}, {len(values)} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        path = home / "history.jsonl"
        write_history(path, args.answers)
        size = path.stat().st_size / 2**20
        print(f"{args.answers:,} answers, {size:.1f} MiB")
        for cold in (True, False):
            for name, values in time_in_process(path, args.runs, cold).items():
                print(f"  {'cold' if cold else 'warm'} {name:8} {summary(values)}")
        os.environ["LSTM_QUIZ_HOME"] = folder
        stats = [*lstm_quiz(), "stats", "--json"]
        review = [*lstm_quiz(), "review", "-n", "1"]
        for argv in (stats, review):
            shown = " ".join(argv[-3:] if argv is review else argv[-2:])
            cold = time_process(argv, args.runs, lambda _: drop_cache(home))
            print(f"  lstm-quiz {shown}, cold: {fmt(cold)}")
            warm = time_process(argv, args.runs)
            print(f"  lstm-quiz {shown}, warm: {fmt(warm)}")
        grown = time_process(stats, args.runs, lambda number: append_session(path, number))
        print(f"  lstm-quiz stats --json, warm, 10 answers appended before each run: {fmt(grown)}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
