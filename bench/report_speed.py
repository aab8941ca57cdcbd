"""What report.html and the students' feedback files cost: a synthetic class (make_class) of S students,
2·S submissions, graded once; then its outputs written again from the journal, with and without the
formats `html` and `feedback`:

- in process, serially (write_outputs without workers), best of --runs;
- whole `lstm-quiz grade --resume --force -j 2` reruns (every file reused from the journal: the time is
  discovery, the report and the outputs), with `--format csv json gradescope` and with the default set.

    python bench/report_speed.py [--students 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from _common import lstm_quiz
from make_class import build

SECRET = "bench-secret-2f9c1a7e"
BEFORE = ("csv", "json", "gradescope")
AFTER = (*BEFORE, "html", "feedback")


def grade(folder: Path, out: Path, formats: tuple[str, ...], *extra: str) -> float:
    argv = [*lstm_quiz(), "grade", str(folder), "-o", str(out), "-j", "2", "--seed", SECRET, *extra]
    argv += [arg for f in formats for arg in ("--format", f)]
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def in_process(out: Path, formats: tuple[str, ...], runs: int) -> tuple[float, int, int]:
    """(best seconds, files written, bytes written) of write_outputs from `out`'s journal."""
    from checker.batch.journal import JOURNAL, Journal
    from checker.batch.outputs import write_outputs
    from checker.batch.report import build as report_of

    journal = Journal(out / JOURNAL)
    summaries, _ = journal.read()
    report = report_of(summaries)
    meta = {"input": "class", "submissions": len(summaries), "reused": len(summaries), "version": "bench"}
    times, written = [], []
    for _ in range(runs):
        target = Path(tempfile.mkdtemp(prefix="report-speed-"))
        start = time.perf_counter()
        written = write_outputs(target, journal, summaries, report, formats, "en", meta)
        times.append(time.perf_counter() - start)
        size = sum(p.stat().st_size for p in written if p.is_file())
        shutil.rmtree(target)
    journal.close()
    return min(times), len(written), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder, out = Path(work) / "class", Path(work) / "out"
        build(folder, args.students)
        first = grade(folder, out, AFTER)
        print(f"{2 * args.students} submissions graded once in {first:.1f} s")
        for name, formats in (("before", BEFORE), ("after", AFTER)):
            best, files, size = in_process(out, formats, args.runs)
            print(
                f"write_outputs {name} ({', '.join(formats)}): {best:.2f} s, {files} files, {size / 1e6:.1f} MB"
            )
        for name, formats in (("before", BEFORE), ("after", AFTER)):
            runs = [grade(folder, out, formats, "--resume", "--force") for _ in range(args.runs)]
            print(
                f"grade --resume -j 2 {name}: median {statistics.median(runs):.2f} s ({min(runs):.2f}–{max(runs):.2f})"
            )
        page = (out / "report.html").stat().st_size
        print(f"report.html {page / 1e3:.0f} kB; feedback/ {len(list((out / 'feedback').iterdir()))} files")


if __name__ == "__main__":
    main()
