"""Files lstm-quiz writes for the user follow the umask (the secret alone stays private); discovery.json
says in words why a file was left out."""

from __future__ import annotations

import json
import os
import stat
import sys

import pytest
from click.testing import CliRunner

from checker.cli import main

GOOD = "import numpy as np\ndef gradient_clipping(g, t):\n    n = np.linalg.norm(g)\n    return g * (t / n) if n > t else g.copy()\n"


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask_of():
    saved = os.umask(0o022)
    os.umask(saved)

    def set_to(value: int) -> None:
        os.umask(value)

    yield set_to
    os.umask(saved)


@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_grade_outputs_follow_the_umask_and_the_secret_stays_private(tmp_path, umask_of, umask, expected):
    submissions = tmp_path / "class"
    submissions.mkdir()
    (submissions / "kim_exercise1.py").write_text(GOOD, encoding="utf-8")
    (submissions / "notes.txt").write_text("not code", encoding="utf-8")
    out = tmp_path / "out"
    umask_of(umask)
    result = CliRunner().invoke(main, ["grade", str(submissions), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    for name in ("gradebook.csv", "report.md", "results.json", "discovery.json"):
        assert mode(out / name) == expected, name
    assert mode(out / "secret.txt") == 0o600


def test_a_template_handed_out_follows_the_umask(tmp_path, umask_of, monkeypatch):
    monkeypatch.chdir(tmp_path)
    umask_of(0o022)
    result = CliRunner().invoke(main, ["exercise", "get", "1", "--lang", "en"])
    assert result.exit_code == 0, result.output
    (template,) = tmp_path.glob("*.py")
    assert mode(template) == 0o644


@pytest.mark.parametrize("lang, words", [("en", "not a Python"), ("ja", "Python")])
def test_discovery_json_says_why_a_file_was_left_out_in_words(tmp_path, lang, words):
    submissions = tmp_path / "class"
    submissions.mkdir()
    (submissions / "kim_exercise1.py").write_text(GOOD, encoding="utf-8")
    (submissions / "kim_notes.txt").write_text("not code", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["grade", str(submissions), "-o", str(out), "--lang", lang])
    assert result.exit_code == 0, result.output
    found = json.loads((out / "discovery.json").read_text(encoding="utf-8"))
    (entry,) = found["unattributed"]
    name, key, sentence = entry
    assert name.endswith("kim_notes.txt") and key == "grade.not_python"
    assert words in sentence and "grade." not in sentence


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="syncfs is Linux's")
def test_the_outputs_are_flushed_on_their_own_file_system_not_the_whole_machine(tmp_path, monkeypatch):
    """A global sync waits for every file system of the machine, which on a busy server may take long."""
    from checker.batch.outputs import flush_to_disk

    synced = []
    monkeypatch.setattr(os, "sync", lambda: synced.append(True))
    (tmp_path / "gradebook.csv").write_text("student,score\n")
    flush_to_disk(tmp_path)
    assert synced == []
    flush_to_disk(tmp_path / "gone")  # no folder to name a file system by: everything, as a last resort
    assert synced == [True]
