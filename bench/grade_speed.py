"""`lstm-quiz grade -j 2` on a synthetic class, beside the naive way: one `python -m pytest` process per
submission running the same cases (serially, each with a 10 s limit so a hang cannot stop it).

    python bench/grade_speed.py [--sizes 100 1000 5000] [--naive 40]

A "submission" is one file; a class of S students hands in 2·S files. Peak memory is the largest
resident set of the grading process tree's processes (getrusage of the finished children).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import lstm_quiz
from make_class import build

NAIVE_TEST = """
import importlib.util
import numpy as np
import pytest

from checker.specs.registry import Registry

SPEC = Registry().spec(EXERCISE)
CASES = SPEC.public_cases() + SPEC.hidden_cases(0)


def load():
    spec = importlib.util.spec_from_file_location("submission", "SUBMISSION")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, SPEC.function)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case):
    function = load()
    args = [np.array(a, copy=True) for a in case.args]
    args = [a.item() if a.ndim == 0 else a for a in args]
    got = SPEC.outputs(function(*args))
    want = SPEC.outputs(SPEC.reference(*case.args))
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-9)
"""


def grade_once(folder: Path, out: Path) -> tuple[float, float]:
    """(seconds, peak MiB) of one `lstm-quiz grade -j 2`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [*lstm_quiz(), "grade", str(folder), "-o", str(out), "-j", "2", "--seed", "bench-secret-2f9c1a7e"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - start
    peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return seconds, peak


def naive(folder: Path, count: int) -> float:
    """Submissions per second the naive way, over the first `count` files."""
    files = sorted(folder.rglob("*.py"))[:count]
    start = time.perf_counter()
    for path in files:
        exercise = 1 if path.stem.endswith("1") else 2
        with tempfile.TemporaryDirectory() as work:
            test = Path(work) / "test_submission.py"
            test.write_text(NAIVE_TEST.replace("EXERCISE", str(exercise)).replace("SUBMISSION", str(path)))
            try:
                subprocess.run(
                    [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)],
                    cwd=work,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    timeout=10,
                )
            except subprocess.TimeoutExpired:
                pass
    return len(files) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000], help="submissions (files)")
    parser.add_argument("--naive", type=int, default=40, help="files graded the naive way")
    args = parser.parse_args()
    rates = {}
    with tempfile.TemporaryDirectory() as root:
        for size in args.sizes:
            folder = Path(root) / f"class{size}"
            build(folder, size // 2)
            seconds, peak = grade_once(folder, Path(root) / f"out{size}")
            rates[size] = size / seconds
            print(
                f"{size:5d} submissions: {seconds:6.2f} s, {size / seconds:6.1f} submissions/s, peak {peak:.0f} MiB"
            )
        if args.naive <= 0:  # the naive way skipped
            return
        folder = Path(root) / f"class{args.sizes[0]}"
        slow = naive(folder, args.naive)
        print(f"naive (pytest per submission): {slow:.2f} submissions/s over {args.naive} files")
        best = max(rates.values())
        print(f"ratio: {best / slow:.0f}x")


if __name__ == "__main__":
    main()
