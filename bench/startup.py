"""How fast lstm-quiz answers: `--help`, and the time until the first question is on the screen.

python bench/startup.py [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import select
import statistics
import subprocess
import tempfile
import time

from _common import fmt, lstm_quiz, time_command


def first_question(runs: int) -> dict:
    """Seconds from starting `lstm-quiz start` to the first question's prompt appearing on stdout."""
    samples = []
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, LSTM_QUIZ_HOME=home, NO_COLOR="1")
        for _ in range(runs + 1):
            start = time.perf_counter()
            process = subprocess.Popen(
                [*lstm_quiz(), "start", "-n", "1", "--seed", "1", "--lang", "en"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=env,
            )
            seen = b""
            while b"Question 1 of 1" not in seen:
                select.select([process.stdout], [], [], 5)
                chunk = os.read(process.stdout.fileno(), 65536)
                if not chunk:
                    break
                seen += chunk
            samples.append(time.perf_counter() - start)
            process.communicate(b"quit\n")
    samples = samples[1:]  # the first run warms the file cache
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    print(f"lstm-quiz --help:        {fmt(time_command([*lstm_quiz(), '--help'], args.runs))}")
    print(f"first question on screen: {fmt(first_question(args.runs))}")


if __name__ == "__main__":
    main()
