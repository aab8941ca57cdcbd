"""How long `lstm-quiz stats` takes on a large history: reading it, and the whole command.

python bench/history_speed.py [--answers 100000] [--runs 5]

Writes a synthetic history (sessions of 10 answers, 200 questions in 10 topics, one year of study,
the same fields the quiz writes) into a temporary data folder, then times, in this process, reading
it (`History.read`) and computing the report (`stats.compute`), and, as its own process, the whole
`lstm-quiz stats --json`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from _common import fmt, lstm_quiz, time_command

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


def time_in_process(path: Path, runs: int) -> dict[str, list[float]]:
    from checker.quiz.history import History, now_utc
    from checker.quiz.stats import compute

    samples: dict[str, list[float]] = {"read": [], "compute": [], "both": []}
    for _ in range(runs):
        t0 = time.perf_counter()
        read = History(path).read()
        t1 = time.perf_counter()
        compute(read.answers, now_utc())
        t2 = time.perf_counter()
        samples["read"].append(t1 - t0)
        samples["compute"].append(t2 - t1)
        samples["both"].append(t2 - t0)
    return samples


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
    with tempfile.TemporaryDirectory() as home:
        path = Path(home) / "history.jsonl"
        write_history(path, args.answers)
        size = path.stat().st_size / 2**20
        print(f"{args.answers:,} answers, {size:.1f} MiB")
        for name, values in time_in_process(path, args.runs).items():
            print(f"  {name:8} {summary(values)}")
        env = dict(os.environ, LSTM_QUIZ_HOME=home)
        os.environ.update(env)
        whole = time_command([*lstm_quiz(), "stats", "--json"], args.runs)
        print(f"  lstm-quiz stats --json: {fmt(whole)}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
