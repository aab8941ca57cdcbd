"""Which isolation layers a check gets, and falling back when bubblewrap cannot run."""

from __future__ import annotations

import os
import stat

import pytest
from exams import exam

from checker.codecheck import check_source
from checker.sandbox import client

GOOD = b"import numpy as np\ndef gradient_clipping(grad, threshold):\n    n = np.linalg.norm(grad)\n    return grad * (threshold / n) if n > threshold else grad.copy()\n"
LOOKS_AROUND = b"""import json, os, numpy as np
def gradient_clipping(grad, threshold):
    try:
        print("PROCESSES", json.dumps(sorted(int(p) for p in os.listdir("/proc") if p.isdigit())))
    except OSError as error:
        print("PROCESSES", json.dumps([]), type(error).__name__)
    print("PARENT", os.getppid())
    return grad * 0
"""


@pytest.fixture
def fresh_bwrap_state(monkeypatch):
    monkeypatch.setattr(client, "_BWRAP_FAILED", [])
    client.bubblewrap_available.cache_clear()
    yield
    client.bubblewrap_available.cache_clear()


def test_a_bubblewrap_that_cannot_run_is_left_out(tmp_path, monkeypatch, fresh_bwrap_state):
    fake = tmp_path / "bin" / "bwrap"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    result = check_source(GOOD, "exercise1.py", exam(1))
    assert result.status == "pass"
    assert result.isolation["namespaces"] is False
    spawned = check_source(GOOD, "exercise1.py", exam(1), mode="spawn")
    assert spawned.status == "pass" and spawned.isolation["namespaces"] is False


def test_namespaces_hide_the_machines_processes(fresh_bwrap_state):
    if not client.bubblewrap_available():
        pytest.skip("bubblewrap is not installed or cannot create namespaces here")
    result = check_source(LOOKS_AROUND, "exercise1.py", exam(1))
    assert result.isolation["namespaces"] is True
    import json

    lines = result.stdout.splitlines()
    seen = json.loads(next(line for line in lines if line.startswith("PROCESSES")).split(" ")[1])
    parent = int(next(line for line in lines if line.startswith("PARENT")).split(" ")[1])
    assert os.getpid() not in seen and len(seen) <= 3  # at most bwrap, the runner and the child itself
    assert parent <= 3  # its parent, the runner, has a pid of the namespace, not of the machine


def test_turning_bubblewrap_off(monkeypatch, fresh_bwrap_state):
    monkeypatch.setenv("LSTM_QUIZ_NO_BWRAP", "1")
    result = check_source(GOOD, "exercise1.py", exam(1))
    assert result.status == "pass" and result.isolation["namespaces"] is False


def test_the_runner_and_its_children_are_the_first_to_go_when_memory_runs_out(monkeypatch, fresh_bwrap_state):
    """The kernel's out-of-memory killer ends a runner (and the children, which inherit its score)
    before the grader: a submission's memory costs its own file, never the class."""
    monkeypatch.setenv("LSTM_QUIZ_NO_BWRAP", "1")  # the runner is then this process's own child
    runner = client.Runner("fork")
    try:
        runner.start()
        runner._ensure_hello()
        with open(f"/proc/{runner.process.pid}/oom_score_adj") as handle:
            assert handle.read().strip() == "1000"
    finally:
        runner.close()
    with open("/proc/self/oom_score_adj") as handle:
        assert handle.read().strip() != "1000"  # the grader itself keeps its own


def test_children_are_born_inside_the_landlock_ruleset_their_zygote_entered(monkeypatch, fresh_bwrap_state):
    """The zygote enters the ruleset once, before its first fork: each child starts inside it (what it
    runs before the rest of its jail reads only what the ruleset allows), and still reports the layer."""
    monkeypatch.setenv("LSTM_QUIZ_NO_BWRAP", "1")  # the runner is then this process's own child
    runner = client.Runner("fork")
    try:
        runner.start()
        runner._ensure_hello()
        if not runner.hello.get("landlock"):
            pytest.skip("this kernel gives no Landlock ruleset")
        result = check_source(GOOD, "exercise1.py", exam(1), runner=runner)
        assert result.status == "pass"
        assert result.isolation["landlock"] >= 1 and result.isolation["no_new_privs"] is True
        assert "landlock_error" not in result.isolation
        with open(f"/proc/{runner.process.pid}/task/{runner.process.pid}/children") as handle:
            (zygote,) = handle.read().split()
        with open(f"/proc/{zygote}/status") as handle:  # Landlock asks for no_new_privs first
            assert "NoNewPrivs:\t1" in handle.read()
        with open(f"/proc/{runner.process.pid}/status") as handle:  # the runner itself is left free
            assert "NoNewPrivs:\t0" in handle.read()
    finally:
        runner.close()
