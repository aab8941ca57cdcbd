"""The installed `lstm-quiz` command: a Ctrl-C while it is still loading ends it with status 130 and no
traceback."""

from __future__ import annotations

import builtins
import sys

import pytest

from checker import entry


def test_ctrl_c_while_the_command_line_loads_is_a_quiet_130(monkeypatch, capsys):
    real_import = builtins.__import__

    def interrupted(name, *args, **kwargs):
        if name == "checker.cli":
            raise KeyboardInterrupt
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "checker.cli", raising=False)
    monkeypatch.setattr(builtins, "__import__", interrupted)
    with pytest.raises(SystemExit) as ended:
        entry.run()
    assert ended.value.code == 130
    assert capsys.readouterr().err == ""


def test_the_entry_point_runs_the_command_line(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["lstm-quiz", "--version"])
    with pytest.raises(SystemExit) as ended:
        entry.run()
    assert ended.value.code == 0
    assert "lstm-quiz" in capsys.readouterr().out


@pytest.mark.parametrize(("encoding", "lang"), [("cp932", "ja"), ("euc-kr", "ko"), ("ascii", "en")])
@pytest.mark.parametrize("how", ["script", "module"])
def test_output_in_a_narrow_encoding_is_written_not_fatal(tmp_path, encoding, lang, how):
    """A Japanese or Korean Windows console's code page (output redirected), an SJIS or EUC locale, or
    ASCII: a dash or a check mark it cannot hold becomes "?", and the command does its work."""
    import os
    import subprocess

    from checker.specs.registry import Registry

    (tmp_path / "exercise1.py").write_bytes(Registry().template(1))
    code = "from checker.entry import run; run()" if how == "script" else None
    argv = ["-c", code] if code else ["-m", "checker"]
    env = dict(os.environ, PYTHONIOENCODING=encoding, LSTM_QUIZ_HOME=str(tmp_path / "home"))
    done = subprocess.run(
        [sys.executable, *argv, "--lang", lang, "check", "exercise1.py"],
        capture_output=True, env=env, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr.decode(encoding, "replace")  # the template fails its tests
    assert b"Traceback" not in done.stderr and b"exercise1.py" in done.stdout


def test_typing_what_the_input_encoding_cannot_hold_is_no_crash(tmp_path):
    import os
    import subprocess

    env = dict(os.environ, PYTHONIOENCODING="ascii", LSTM_QUIZ_HOME=str(tmp_path / "home"))
    done = subprocess.run(
        [sys.executable, "-c", "from checker.entry import run; run()", "start", "-n", "1", "--seed", "4"],
        input="가나다\n\n".encode(), capture_output=True, env=env, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr[-300:]


def test_the_version_is_known_without_looking_the_package_up():
    """The grader's version (in every journal line and cache key) is read at once: importlib.metadata
    would cost the command about 30 ms before grading starts."""
    import subprocess
    import sys

    code = "import sys, checker; v = checker.__version__; print(v, 'importlib.metadata' in sys.modules)"
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    version, looked_up = shown.stdout.split()
    assert version.count(".") >= 2 and looked_up == "False"
