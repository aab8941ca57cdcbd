"""`lstm-quiz check exercise2.py` beside the naive alternative: a pytest file with the same cases,
run as its own process (`python -m pytest`), for a correct submission.

    python bench/check_speed.py [--runs 15]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _common import fmt, lstm_quiz, time_command

CORRECT = """
import numpy as np

def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))

def lstm_step(x, prev_h, prev_c, W, U, b):
    z = x @ W.T + prev_h @ U.T + b
    a, i, f, o = np.split(z, 4, axis=1)
    c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c
    h = sigmoid(o) * np.tanh(c)
    return c, h
"""

NAIVE_TEST = """
import numpy as np
import pytest

from exercise2 import lstm_step
from checker.specs.registry import Registry

SPEC = Registry().spec(2)

CASES = SPEC.public_cases() + SPEC.hidden_cases(0)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case):
    args = [np.array(a, copy=True) for a in case.args]
    c, h = lstm_step(*args)
    want_c, want_h = SPEC.reference(*case.args)
    np.testing.assert_allclose(c, want_c, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(h, want_h, rtol=1e-6, atol=1e-9)
    for before, after in zip(case.args, args):
        assert np.array_equal(before, after)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "exercise2.py").write_text(CORRECT)
        (work / "test_exercise2.py").write_text(NAIVE_TEST)
        check = time_command([*lstm_quiz(), "check", "exercise2.py"], args.runs, cwd=work)
        naive = time_command(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_exercise2.py"],
            args.runs,
            cwd=work,
        )
    print(f"lstm-quiz check exercise2.py: {fmt(check)}")
    print(f"pytest, same cases:           {fmt(naive)}")
    print(f"ratio (pytest / check):       {naive['median'] / check['median']:.2f}x")


if __name__ == "__main__":
    main()
