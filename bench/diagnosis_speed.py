"""The diagnosis of one failing file, its probes' answers in hand (the grader's part only).

    python bench/diagnosis_speed.py [--runs 200]

Times `Exam.diagnoser().diagnose(...)` for a file in PyTorch's gate order (exercise 2) and one
clipping by value (exercise 1), outputs computed in this process from the files' functions.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from checker.codecheck import Exam
from checker.diagnosis import Observed
from checker.specs.registry import Registry


def pytorch_order(x, prev_h, prev_c, W, U, b):
    i, f, g, o = np.split(x @ W.T + prev_h @ U.T + b, 4, axis=-1)
    s = lambda v: 0.5 * (1 + np.tanh(0.5 * v))  # noqa: E731
    c = s(i) * np.tanh(g) + s(f) * prev_c
    return c, s(o) * np.tanh(c)


def by_value(grad, threshold):
    return np.clip(grad, -threshold, threshold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    runs = parser.parse_args().runs
    registry = Registry()
    for number, function in ((2, pytorch_order), (1, by_value)):
        exam = Exam(registry.spec(number), 0)
        started = time.perf_counter()
        diagnoser = exam.diagnoser()
        built = time.perf_counter() - started
        observed = {}
        for case in exam.public + exam.probes:
            with np.errstate(all="ignore"):
                value = function(*[np.array(a, copy=True) for a in case.args])
            observed[case.id] = Observed.of_value(value)
        seconds = []
        for _ in range(runs):
            started = time.perf_counter()
            found = diagnoser.diagnose(observed)
            seconds.append(time.perf_counter() - started)
        print(
            f"exercise {number}: diagnoser built in {built * 1000:.0f} ms; diagnose median "
            f"{statistics.median(seconds) * 1000:.2f} ms (max {max(seconds) * 1000:.2f}, {runs} runs); "
            f"first finding {found.first.key if found.first else None}"
        )


if __name__ == "__main__":
    main()
