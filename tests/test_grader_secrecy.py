"""The grader's own secrets where the sandbox's file-system layers may be missing: its processes are not
dumpable (no process of its user reads their memory, environment or descriptors), the secret given on
the command line is blanked from what /proc/<pid>/cmdline shows everyone, and `grade` refuses to run
submissions where nothing keeps them out of the grader's files, unless told to."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.sandbox import secrecy

SECRET = "Course-Secret-k7Qm2VxN4pLr9TzW"
GOOD_1 = (
    "import numpy as np\ndef gradient_clipping(grad, threshold):\n    n = np.linalg.norm(grad)\n"
    "    return grad * (threshold / n) if n > threshold else grad.copy()\n"
)

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux's /proc and prctl")


def in_a_process(code: str, *argv: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@linux
def test_the_secret_is_blanked_from_the_command_line_everyone_may_read():
    shown = in_a_process(
        "import sys\nfrom checker.sandbox import secrecy\n"
        "print(secrecy.hide_argument(sys.argv[2]))\n"
        "print(open('/proc/self/cmdline', 'rb').read().hex())\n"
        "print(sys.argv[2])",
        "--seed",
        SECRET,
    )
    hidden, cmdline, kept = shown.split()
    assert hidden == "True" and SECRET.encode().hex() not in cmdline and b"--seed".hex() in cmdline
    assert kept == SECRET  # the program's own copy of its arguments is untouched


@linux
def test_a_process_of_the_grader_is_not_dumpable():
    shown = in_a_process(
        "import ctypes\nfrom checker.sandbox import secrecy\nlibc = ctypes.CDLL(None)\n"
        "before = libc.prctl(3, 0, 0, 0, 0)\nprint(before, secrecy.not_dumpable(), libc.prctl(3, 0, 0, 0, 0))"
    )
    assert shown.split() == ["1", "True", "0"]  # PR_GET_DUMPABLE: 1 before, 0 after


def make_class(tmp_path):
    root = tmp_path / "class" / "kim"
    root.mkdir(parents=True)
    (root / "exercise1.py").write_text(GOOD_1, encoding="utf-8")
    return tmp_path / "class"


def test_grade_guards_itself_before_any_submission_runs(tmp_path, monkeypatch):
    called: list[tuple] = []
    monkeypatch.setattr(secrecy, "not_dumpable", lambda: called.append(("not_dumpable",)) or True)
    monkeypatch.setattr(secrecy, "hide_argument", lambda secret: called.append(("hide", secret)) or True)
    result = CliRunner().invoke(
        main, ["grade", str(make_class(tmp_path)), "-o", str(tmp_path / "out"), "--seed", SECRET, "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    assert called[:2] == [("not_dumpable",), ("hide", SECRET)]


def test_grade_refuses_where_nothing_keeps_a_submission_out_of_the_graders_files(tmp_path, monkeypatch):
    monkeypatch.setattr(secrecy, "file_isolation", lambda: False)
    monkeypatch.delenv(secrecy.ISOLATION_OFF, raising=False)
    out = tmp_path / "out"
    args = ["grade", str(make_class(tmp_path)), "-o", str(out), "--seed", SECRET, "-j", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "no Landlock" in result.output and f"{secrecy.ISOLATION_OFF}=1" in result.output
    assert not out.exists()  # nothing ran, nothing written
    monkeypatch.setenv(secrecy.ISOLATION_OFF, "1")  # the instructor's informed choice
    assert CliRunner().invoke(main, args).exit_code == 0


def test_bubblewrap_alone_is_no_file_isolation(monkeypatch):
    """bubblewrap's root is read-only, not hidden: only Landlock keeps a child from reading files."""
    from checker.sandbox import _landlock, client

    monkeypatch.setattr(client, "bubblewrap_available", lambda: True)
    monkeypatch.setattr(_landlock, "abi_version", lambda: 0)
    assert secrecy.file_isolation() is False
    monkeypatch.setattr(_landlock, "abi_version", lambda: 1)
    assert secrecy.file_isolation() is True


@linux
def test_no_process_grade_starts_inherits_the_secret_from_the_environment(tmp_path):
    """$LSTM_QUIZ_SECRET is moved out of the environment before the workers boot (they start before
    the command line is even read), so neither they nor multiprocessing's own helper process carry it
    where a process of the same user could read it."""
    code = (
        "import os, sys\n"
        "sys.argv = ['lstm-quiz', 'grade', sys.argv[1], '-o', sys.argv[2]]\n"
        "import checker.cli\n"
        "from checker.batch import early\n"
        "from multiprocessing import resource_tracker\n"
        "pids = [w.process.pid for w in early._early.workers] if early._early else []\n"
        "pids.append(resource_tracker._resource_tracker._pid)\n"
        "found = [open(f'/proc/{p}/environ', 'rb').read() for p in pids if p]\n"
        "print(len(found), any(sys.argv[3].encode() in e for e in found), early.secret() == sys.argv[3])\n"
        "early.discard()\n"
    )
    env = dict(os.environ, LSTM_QUIZ_SECRET=SECRET)
    done = subprocess.run(
        [sys.executable, "-c", code.replace("sys.argv[3]", repr(SECRET)), str(make_class(tmp_path)), str(tmp_path / "o")],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    count, leaked, kept = done.stdout.split()
    assert int(count) >= 2 and leaked == "False" and kept == "True"


class _Hello:
    def __init__(self, hello: dict) -> None:
        self.hello = hello

    def _ensure_hello(self) -> None:
        pass


def test_a_runner_without_its_landlock_ruleset_grades_nothing(monkeypatch):
    """The kernel may have Landlock and still refuse the runner's ruleset: then its children could read
    the grader's files, so every file it would grade is the grader's fault (unless waived)."""
    from checker.batch import engine

    monkeypatch.delenv(secrecy.ISOLATION_OFF, raising=False)
    with pytest.raises(engine.NotIsolated):
        engine._isolated(_Hello({"landlock": False}))
    engine._isolated(_Hello({"landlock": True}))
    monkeypatch.setenv(secrecy.ISOLATION_OFF, "1")
    engine._isolated(_Hello({"landlock": False}))


@linux
def test_a_real_runner_says_whether_its_ruleset_was_built():
    from checker.sandbox import _landlock, client

    runner = client.Runner("fork")
    try:
        runner._ensure_hello()
        assert runner.hello["landlock"] is (_landlock.abi_version() > 0)
    finally:
        runner.close()
