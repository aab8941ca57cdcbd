"""`lstm-quiz grade` starts its workers before the command line has loaded, and a worker never loads
the command line at all: what the command is asked decides whether it takes them."""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from checker.batch import early
from checker.batch.engine import Settings, Workers, _graded
from checker.batch.journal import cache_key

GOOD_1 = (
    "import numpy as np\ndef gradient_clipping(grad, threshold):\n    norm = np.linalg.norm(grad)\n"
    "    return grad * (threshold / norm) if norm > threshold else grad.copy()\n"
)
ELEMENTWISE_1 = "import numpy as np\ndef gradient_clipping(grad, threshold):\n    return np.clip(grad, -threshold, threshold)\n"
SECRET = "early-secret-7c1d9e2a4b"
CPUS = os.cpu_count() or 1


@pytest.mark.parametrize(
    ("argv", "wanted"),
    [
        (["class", "-o", "out"], True),
        (["class", "-o", "out", "--seed", SECRET, "--format", "csv"], True),
        (["class", "-o", "out", "-j", str(CPUS)], True),
        (["class", "-o", "out", f"--jobs={CPUS}"], True),
        (["class", "-o", "out", "-j", str(CPUS + 1)], False),
        (["class", "-o", "out", f"-j{CPUS + 1}"], False),
        (["class", "-o", "out", "--jobs"], False),
        (["class", "-o", "out", "--resume"], False),
        (["class", "-o", "out", "--only", "alice"], False),
        (["class", "-o", "out", "--only=alice"], False),
        (["--help"], False),
        (["-h"], False),
    ],
)
def test_workers_start_early_only_for_a_fresh_run_with_a_worker_per_cpu(argv, wanted):
    assert early._wanted(argv, CPUS) is wanted


def _class(folder: Path) -> Path:
    for student, source in (("alice", GOOD_1), ("bob", ELEMENTWISE_1), ("carol", GOOD_1 + "# mine\n")):
        (folder / student).mkdir(parents=True)
        (folder / student / "exercise1.py").write_text(source, encoding="utf-8")
    return folder


def _gradebook(out: Path) -> dict[str, str]:
    with open(out / "gradebook.csv", encoding="utf-8", newline="") as handle:
        return {row["student"]: row["total"] for row in csv.DictReader(handle)}


@pytest.mark.skipif(CPUS < 2, reason="one CPU: the batch grades in its own process")
@pytest.mark.parametrize("extra", [[], ["--sandbox", "spawn"]])
def test_a_batch_takes_its_early_workers_and_grades_as_without_them(tmp_path, extra):
    folder = _class(tmp_path / "class")
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "checker",
        "grade",
        str(folder),
        "-o",
        str(out),
        "--seed",
        SECRET,
        *extra,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    alone = tmp_path / "alone"  # the same class, one worker: no early start, graded in the command
    command = [
        sys.executable,
        "-m",
        "checker",
        "grade",
        str(folder),
        "-o",
        str(alone),
        "--seed",
        SECRET,
        "-j",
        "1",
    ]
    assert subprocess.run(command, capture_output=True, timeout=300).returncode == 0
    assert _gradebook(out) == _gradebook(alone)
    assert _gradebook(out)["alice"] != _gradebook(out)["bob"]


@pytest.mark.skipif(CPUS < 2, reason="one CPU: the batch grades in its own process")
def test_a_usage_error_ends_the_command_and_its_early_workers(tmp_path):
    command = [sys.executable, "-m", "checker", "grade", str(tmp_path / "missing"), "-o", str(tmp_path / "o")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_early_workers_that_do_not_fit_are_refused_and_others_started(tmp_path):
    workers = Workers.early(2)
    try:
        assert not workers.configure(Settings(seed=1, jobs=3))
        assert workers.settings is None
    finally:
        workers.close()


def test_an_early_worker_given_other_sandbox_settings_grades_with_them(tmp_path):
    from checker.batch.discover import Submission

    path = tmp_path / "exercise1.py"
    path.write_text(ELEMENTWISE_1, encoding="utf-8")
    settings = Settings(seed=7, jobs=1, mode="spawn", version="test")
    digest = hashlib.sha256(ELEMENTWISE_1.encode()).hexdigest()  # the file as it was found
    submission = Submission("bob", 1, path, "bob/exercise1.py", digest)
    workers = Workers.early(1)
    try:
        assert workers.configure(settings)
        [(line, summary)] = list(workers.map(_graded, [((submission, cache_key(digest, 1, "d", "test")),)]))
    finally:
        workers.close()
    assert summary.status == "fail" and summary.score < summary.max_score
    assert '"mode":"spawn"' in line.replace(" ", "")


def test_a_worker_never_runs_the_command_lines_main_script_again(tmp_path):
    (tmp_path / "loaded_here.py").write_text(
        "import sys\n\n\ndef loaded():\n"
        '    return sorted(n for n in ("click", "rich", "checker.cli", "lstm_quiz_like") if n in sys.modules)\n',
        encoding="utf-8",
    )
    script = tmp_path / "lstm-quiz-like"  # a console script: its main module has a file, no spec
    script.write_text(
        textwrap.dedent(
            """\
            import sys
            import click  # what a console script's import of checker.cli brings
            import loaded_here
            from checker.batch.engine import Settings, Workers

            sys.modules["lstm_quiz_like"] = sys.modules["__main__"]
            if __name__ == "__main__":
                with Workers(Settings(seed=1, jobs=2)) as workers:
                    print(list(workers.map(loaded_here.loaded, [(), (), (), ()])))
            """
        ),
        encoding="utf-8",
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), *sys.path]))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[[], [], [], []]"


def test_a_lane_whose_runner_died_grades_its_next_file_with_a_new_one(tmp_path):
    """The kernel ends a runner first when memory runs out: that file is the grader's fault, and the
    lane's later files are graded, not each faulted on the dead runner (half a class was)."""
    import signal

    from checker.batch import engine
    from checker.batch.discover import Submission

    path = tmp_path / "exercise1.py"
    path.write_text(GOOD_1, encoding="utf-8")
    digest = hashlib.sha256(GOOD_1.encode()).hexdigest()
    item = (Submission("ann", 1, path, "ann/exercise1.py", digest), cache_key(digest, 1, "d", "test"))
    engine._worker_start(Settings(seed=7, jobs=1, version="test"))
    try:
        assert engine._graded(item)[1].status == "pass"
        runner = engine._runner()
        runner.process.send_signal(signal.SIGKILL)
        runner.process.wait()
        assert engine._graded(item)[1].error_kind == engine.GRADER_FAULT  # the file it died under
        assert engine._runner() is not runner
        assert engine._graded(item)[1].status == "pass"  # and the next one is graded
    finally:
        engine._worker_stop()


def test_a_finished_grade_ends_at_once_with_all_it_printed_and_wrote(tmp_path):
    """Run as a command, a batch that has closed everything ends without waiting for the interpreter's
    teardown: its summary still reaches a pipe whole, its exit status is kept, its outputs are complete."""
    folder = _class(tmp_path / "class")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "checker", "grade", str(folder), "-o", str(out), "--seed", SECRET]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.rstrip().splitlines()[-1].startswith(("Wrote", "書き出し", "작성"))
    assert set(_gradebook(out)) == {"alice", "bob", "carol"}
    assert len((out / "journal.jsonl").read_text(encoding="utf-8").splitlines()) == 3
    assert not (out / ".lock").exists()


ENDS_AT_ONCE = """
import sys

import checker.cli
from checker import entry


def main(prog_name):
    sys.stdout.write("printed, not yet flushed")
    sys.stderr.write("said")
    entry.all_closed()
    sys.exit(3)


checker.cli.main = main
entry.run()
"""


def test_a_command_that_ends_at_once_keeps_its_exit_status_and_what_it_printed():
    done = subprocess.run([sys.executable, "-c", ENDS_AT_ONCE], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (3, "printed, not yet flushed", "said")


@pytest.mark.skipif(CPUS < 2, reason="one CPU: the batch grades in its own process")
def test_early_workers_start_before_the_grader_is_loaded_and_grade_once_taken(tmp_path):
    """`lstm-quiz grade` starts its workers first of all: the grader's modules (numpy's import among
    them) load in the workers and in the command at once, not one after the other. Taken, they grade."""
    path = tmp_path / "exercise1.py"
    path.write_text(ELEMENTWISE_1, encoding="utf-8")
    code = textwrap.dedent(
        """
        import hashlib, sys
        from pathlib import Path
        from checker.batch import early
        early.start([sys.argv[1], "-o", sys.argv[2]])
        loaded = sorted(m for m in ("checker.batch.engine", "checker.codecheck", "numpy", "dataclasses")
                        if m in sys.modules)
        from checker.batch.discover import Submission
        from checker.batch.engine import Settings, _graded
        from checker.batch.journal import cache_key
        workers = early.take(Settings(seed=3, jobs=len(early._early.workers) if early._early else 0))
        path = Path(sys.argv[1]) / "exercise1.py"
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        item = (Submission("bob", 1, path, "bob/exercise1.py", digest), cache_key(digest, 1, "d", "v"))
        [(line, summary)] = list(workers.map(_graded, [(item,)]))
        workers.close()
        print(loaded, len(workers.workers), summary.status)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.split() == ["[]", "0", "fail"]
