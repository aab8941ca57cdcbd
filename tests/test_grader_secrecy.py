"""The grader's own secrets where the sandbox's file-system layers may be missing: its processes are not
dumpable (no process of its user reads their memory, environment or descriptors), the secret given on
the command line is blanked from what /proc/<pid>/cmdline shows everyone, and `grade` refuses to run
submissions where nothing keeps them out of the grader's files, unless told to."""

from __future__ import annotations

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
