"""Scratch folders (a runner's work folder, an extracted zip) left by a run that was killed before it
could clean up are removed by the next run; nothing else in the temporary folder is touched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from checker import scratch

pytestmark = pytest.mark.skipif(not Path("/proc/self/ns/pid").exists(), reason="pid namespaces (Linux)")

SLEEPS = "import time\ndef gradient_clipping(grad, threshold):\n    time.sleep(60)\n"


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


@pytest.fixture
def root(tmp_path, monkeypatch):
    monkeypatch.setattr(scratch, "_swept", set())
    return tmp_path


def test_the_folders_of_processes_that_are_gone_are_removed_and_nothing_else(root):
    ours, dead = scratch._namespace(), _dead_pid()
    stale = root / f"lstm-quiz-run-{ours}-{dead}-abc123"
    (stale / "work").mkdir(parents=True)
    (stale / "work" / "left.txt").write_text("x", encoding="utf-8")
    kept = {
        f"lstm-quiz-run-{ours}-{os.getpid()}-abc123": "dir",  # this process's own
        f"lstm-quiz-run-{ours}-{os.getppid()}-abc123": "dir",  # a living process's
        f"lstm-quiz-run-{ours + 1}-{dead}-abc123": "dir",  # another namespace's: its pid means nothing here
        f"lstm-quiz-grade-{ours}-{dead}-abc123": "file",  # a file of that name
        f"lstm-quiz-probe-{ours}-{dead}-abc124": "link",  # a link of that name
        f"lstm-quiz-tests-{dead}": "dir",  # another name
        f"lstm-quiz-run-{ours}-99999999999999999999-abc123": "dir",  # no pid at all
        f"lstm-quiz-run-{ours}-0-abc123": "dir",
        "notes": "dir",
    }
    for name, kind in kept.items():
        if kind == "dir":
            (root / name).mkdir()
        elif kind == "file":
            (root / name).write_text("mine", encoding="utf-8")
        else:
            (root / name).symlink_to(stale)
    assert scratch.sweep(str(root)) == [stale.name]
    assert not stale.exists()
    assert sorted(p.name for p in root.iterdir()) == sorted(kept)


def test_a_sweep_happens_once_per_process(root):
    assert scratch.sweep(str(root)) == []
    stale = root / f"lstm-quiz-run-{scratch._namespace()}-{_dead_pid()}-abc123"
    stale.mkdir()
    assert scratch.sweep(str(root)) == []  # this process swept here already
    assert stale.exists()


def test_a_check_killed_outright_leaves_a_folder_the_next_check_removes(tmp_path):
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = dict(os.environ, TMPDIR=str(temporary))
    file = tmp_path / "exercise1.py"
    file.write_text(SLEEPS, encoding="utf-8")
    killed = subprocess.Popen([sys.executable, "-m", "checker", "check", str(file)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not any(
            p.name.startswith(f"lstm-quiz-run-{scratch._namespace()}-{killed.pid}-")
            for p in temporary.iterdir()
        ):
            assert killed.poll() is None and time.monotonic() < deadline, "check never made its folder"
            time.sleep(0.02)
    finally:
        os.killpg(killed.pid, signal.SIGKILL)
        killed.wait()
    left = [p.name for p in temporary.iterdir()]
    assert any(name.startswith("lstm-quiz-run-") for name in left)  # SIGKILL: no clean-up ran
    file.write_text("def gradient_clipping(grad, threshold):\n    return grad\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "checker", "check", str(file)], env=env, capture_output=True, timeout=120
    )
    assert list(temporary.iterdir()) == []
