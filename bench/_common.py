"""Small helpers shared by the benchmarks: timing a command many times."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def lstm_quiz() -> list[str]:
    """The installed console script, or `python -m checker` from this interpreter."""
    script = shutil.which("lstm-quiz")
    return [script] if script else [sys.executable, "-m", "checker"]


def time_command(argv: list[str], runs: int, cwd: Path | None = None, stdin: bytes = b"") -> dict:
    """Wall-clock seconds of `argv` over `runs` runs (after one warm-up): median, min, max."""
    subprocess.run(argv, cwd=cwd, input=stdin, capture_output=True)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, input=stdin, capture_output=True)
        samples.append(time.perf_counter() - start)
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "runs": runs,
    }


def fmt(result: dict) -> str:
    return f"median {result['median'] * 1000:.0f} ms (min {result['min'] * 1000:.0f}, max {result['max'] * 1000:.0f}, {result['runs']} runs)"
