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
