"""A grader that was held up (a paused runner or worker, a stalled machine) never charges a timeout to
the file: a timeout counts only when the child spent its time on the CPU, or when a second try with the
full limit times out too; results that came in time are read even when the reader comes late."""

from __future__ import annotations

import os
import signal
import sys
import threading

import numpy as np
import pytest
from exams import exam, policy

from checker.sandbox import _frames, client
from checker.sandbox.client import CaseInput, Runner

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the runner's fork server")

DOUBLE = b"def double(a):\n    return a * 2\n"
CLIP = (  # a correct exercise 1
    b"import numpy as np\n"
    b"def gradient_clipping(grad, threshold):\n"
    b"    n = np.sqrt(np.sum(grad * grad))\n"
    b"    return grad * (threshold / n) if n > threshold else grad.copy()\n"
)
CASES = [CaseInput(f"c{i}", (np.full((2, 3), float(i)),)) for i in range(3)]


@pytest.fixture
def plain_runner(monkeypatch):
    """A runner outside bubblewrap, so that the test can stop and continue the runner process itself."""
    monkeypatch.setenv("LSTM_QUIZ_NO_BWRAP", "1")
    with Runner() as runner:
        assert runner.run(DOUBLE, "double.py", "double", CASES).cases["c1"].status == "ok"  # cases loaded
        yield runner


def _children(monkeypatch) -> list[int]:
    """Counts the children started (one entry each)."""
    started: list[int] = []
    original = Runner._spawn_child

    def counting(self, *args, **kwargs):
        started.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Runner, "_spawn_child", counting)
    return started


def _paused(runner: Runner, seconds: float):
    """Stops the runner now and lets it go on after `seconds` (longer than the limits used)."""
    os.kill(runner.process.pid, signal.SIGSTOP)
    timer = threading.Timer(seconds, os.kill, (runner.process.pid, signal.SIGCONT))
    timer.start()
    return timer


def test_frames_that_came_in_time_are_read_by_a_late_reader():
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, _frames.frame(_frames.RESULT, {"case": "a"}))
        reader = _frames.FrameReader(read_end)
        kind, _ = reader.read(deadline=-1.0)  # the deadline passed while the reader was held up
        assert kind == _frames.RESULT
        with pytest.raises(TimeoutError):  # and nothing more came: now it is a timeout
            reader.read(deadline=-1.0)
    finally:
        os.close(read_end)
        os.close(write_end)


@pytest.mark.parametrize("share", [client.CONFIRM_SHARE, 0.0])
def test_a_paused_runner_is_not_charged_to_the_file(plain_runner, monkeypatch, share):
    monkeypatch.setattr(client, "CONFIRM_SHARE", share)  # 0: every timeout is the file's, as before
    timer = _paused(plain_runner, 1.0)
    try:
        outcome = plain_runner.run(DOUBLE, "double.py", "double", CASES, case_timeout=0.3, budget=5.0)
    finally:
        timer.join()
    if share:
        assert outcome.load_error is None, outcome.load_error
        assert all(outcome.cases[c.id].status == "ok" for c in CASES)
    else:  # the stall would have been charged: the test does stall the runner
        assert outcome.load_error == {"kind": "timeout", "limit": 0.3}


def test_an_endless_loop_is_charged_at_once(plain_runner, monkeypatch):
    started = _children(monkeypatch)
    source = b"def double(a):\n    while True:\n        pass\n"
    outcome = plain_runner.run(source, "double.py", "double", CASES[:1], case_timeout=0.3)
    assert outcome.cases["c0"].status == "timeout"
    assert len(started) == 1  # the child was busy all along: no second try


@pytest.mark.parametrize("where", ["in its function", "when it loads"])
def test_a_file_that_sleeps_by_itself_is_charged_at_once(plain_runner, monkeypatch, where):
    """It held its case (or needed nothing to load) and slept in the kernel's interruptible sleep for
    most of its life: nothing of the grader's kept it waiting, so no second try is owed."""
    started = _children(monkeypatch)
    sleep = "import time\ntime.sleep(60)\n" if where == "when it loads" else "import time\n"
    source = (sleep + "def double(a):\n    time.sleep(60)\n").encode()
    outcome = plain_runner.run(source, "double.py", "double", CASES[:1], case_timeout=0.3)
    if where == "when it loads":
        assert outcome.load_error == {"kind": "timeout", "limit": 0.3}
    else:
        assert outcome.cases["c0"].status == "timeout"
    assert len(started) == 1


def test_a_sleeping_file_is_charged_each_hang_and_stopped(plain_runner, monkeypatch):
    started = _children(monkeypatch)
    source = b"import time\ndef double(a):\n    time.sleep(60)\n"
    outcome = plain_runner.run(
        source, "double.py", "double", CASES, case_timeout=0.3, quick_timeout=0.1, max_timeouts_in_a_row=2
    )
    statuses = [outcome.cases[c.id].status for c in CASES]
    assert statuses == ["timeout", "timeout", "not-run"]
    assert len(started) == 2  # one child per hang; after two in a row the rest are not run
    assert [outcome.cases[c.id].error.get("limit") for c in CASES[:2]] == [0.3, 0.1]


def test_the_runner_sees_a_child_asleep_by_itself_only_when_it_holds_its_case():
    """Asleep in the kernel's interruptible sleep with its case served: its own doing. Waiting for a
    case not served yet (behind the gate, or a runner that was held up), or stopped: not."""
    import socket
    import subprocess

    from checker.sandbox import runner as fork_server

    sleeper = subprocess.Popen([sys.executable, "-c", "import time\ntime.sleep(60)"])
    ours, theirs = socket.socketpair()
    try:
        feed = fork_server.Feed(ours, None, [0, 1], gate=1)
        feed.pid = sleeper.pid
        feed.marks.append(0.0)  # the case at position 0 was served; the one at 1 was not
        for _ in range(200):  # until it has started and gone to sleep
            if feed.asleep(0):
                break
            threading.Event().wait(0.05)
        assert feed.asleep(0) and feed.asleep(-1)  # its case, or loading (which needs nothing)
        assert not feed.asleep(1)
        os.kill(sleeper.pid, signal.SIGSTOP)
        for _ in range(200):
            if not feed.asleep(0):
                break
            threading.Event().wait(0.05)
        assert not feed.asleep(0)  # stopped by something else
    finally:
        sleeper.kill()
        sleeper.wait()
        ours.close()
        theirs.close()


def test_check_after_a_paused_runner_passes_a_correct_file(monkeypatch):
    from checker.codecheck import check_source

    monkeypatch.setenv("LSTM_QUIZ_NO_BWRAP", "1")
    source = CLIP
    with Runner() as runner:
        check_source(source, "exercise1.py", exam(1), runner=runner)  # warm, its cases loaded
        timer = _paused(runner, 1.0)
        try:
            result = check_source(
                source, "exercise1.py", exam(1), runner=runner, policy=policy(case_timeout=0.3)
            )
        finally:
            timer.join()
    assert result.status == "pass", [(t.id, t.message) for t in result.tests if t.status != "pass"]


# -- a file kept from the CPU by others ---------------------------------------------------------------

SLOW = b"""
import time

def double(a):
    start = time.process_time()
    while time.process_time() - start < 0.3:  # honest, but slow: 0.3 s of CPU, within a 0.5 s limit
        pass
    return a * 2
"""


@pytest.fixture
def crowded(monkeypatch):
    """A runner kept to one CPU beside a process that loops on it forever (a classmate's endless loop
    in the spare lane): every child of the runner gets about half of that CPU."""
    import subprocess

    monkeypatch.setenv("LSTM_QUIZ_NO_BWRAP", "1")
    allowed = os.sched_getaffinity(0)
    cpu = min(allowed)
    loop = f"import os\nos.sched_setaffinity(0, {{{cpu}}})\nprint('on', flush=True)\nwhile True:\n    pass\n"
    spinner = subprocess.Popen([sys.executable, "-c", loop], stdout=subprocess.PIPE, text=True)
    try:
        assert spinner.stdout.readline() == "on\n"  # it loops from here on
        os.sched_setaffinity(0, {cpu})  # the runner, and every child of it, inherits it
        try:
            runner = Runner()
            runner.start()
        finally:
            os.sched_setaffinity(0, allowed)
        with runner:
            assert runner.run(DOUBLE, "double.py", "double", CASES).cases["c1"].status == "ok"
            yield runner
    finally:
        spinner.kill()
        spinner.wait()


def test_a_slow_file_kept_from_the_cpu_is_given_its_limit_of_cpu_time(crowded, monkeypatch):
    # with half a CPU it needs about 0.6 s: past its limit on the clock, within it on the CPU
    started = _children(monkeypatch)
    outcome = crowded.run(SLOW, "double.py", "double", CASES[:1], case_timeout=0.5, budget=10.0)
    assert outcome.cases["c0"].status == "ok", outcome.cases["c0"]
    assert len(started) == 1  # given longer in its first child, not tried again


def test_an_endless_loop_kept_from_the_cpu_is_still_charged(crowded):
    source = b"def double(a):\n    while True:\n        pass\n"
    outcome = crowded.run(source, "double.py", "double", CASES[:1], case_timeout=0.3, budget=10.0)
    assert outcome.cases["c0"].status == "timeout"
    assert outcome.cases["c0"].error == {"limit": 0.3}  # the limit it had, not the time it was given


@pytest.mark.parametrize("word", [b"G\n", b"Q\n", b"K\n"])
def test_a_late_word_for_a_child_that_has_ended_leaves_the_runner_serving(plain_runner, word):
    # a gate opened, or a question of time asked, just as the child ended reaches an idle runner
    plain_runner.control.sendall(word)
    outcome = plain_runner.run(DOUBLE, "double.py", "double", CASES)
    assert [outcome.cases[c.id].status for c in CASES] == ["ok", "ok", "ok"]


# The next case asked for ahead of time, while the current one still runs (through the runner's own
# functions, which share the child's process): the current case's CPU time still counts from when
# it was served, so its limit holds.
EARLY = b"""
import sys, time

taken, original = [], []

def double(a):
    runner = sys._getframe(2)
    if not original:
        original.append(runner.f_globals["_next_case"])
        runner.f_globals["_next_case"] = lambda feed, numbers=True: (
            taken.pop(0) if taken else original[0](feed, numbers))
    start, early = time.process_time(), False
    while time.process_time() - start < 0.45:
        if not early and time.process_time() - start > 0.2:
            early = True
            taken.append(original[0](runner.f_locals["feed"], True))
    return a * 2
"""


def test_a_case_asked_for_early_does_not_restart_the_clock_of_the_one_running(plain_runner):
    outcome = plain_runner.run(EARLY, "double.py", "double", CASES, case_timeout=0.3, budget=10.0)
    assert outcome.load_error is None, outcome.load_error
    assert outcome.cases["c0"].status == "timeout", outcome.cases["c0"]


# Runs a fifth of the time and sleeps the rest, by its own doing: not crowded, so not given longer.
DUTY = b"""
import time

def double(a):
    start = time.process_time()
    while time.process_time() - start < 0.2:
        burst = time.process_time()
        while time.process_time() - burst < 0.002:
            pass
        time.sleep(0.008)
    return a * 2
"""


def test_a_file_that_sleeps_most_of_the_time_is_not_given_longer(plain_runner):
    if not os.path.exists(f"/proc/{os.getpid()}/schedstat"):
        pytest.skip("the kernel keeps no schedstat here")
    outcome = plain_runner.run(DUTY, "double.py", "double", CASES[:1], case_timeout=0.3, budget=10.0)
    assert outcome.cases["c0"].status == "timeout", outcome.cases["c0"]  # in 0.3 s it did not finish


class _Asked:
    """A child as _more_time sees it: what the runner says of its step."""

    def __init__(self, used, wanted, asleep=False):
        self.said = (used, wanted, asleep)

    def used(self, position):
        return self.said


@pytest.mark.parametrize(
    ("used", "wanted", "longer"),
    [
        (0.10, 0.95, True),  # ran a third of the time, queued the rest: crowded
        (0.10, None, True),  # no schedstat here: running a tenth of the time is enough
        (0.10, 0.40, False),  # asleep most of its life, by its own doing
        (0.01, 0.99, False),  # only queued (yielding its turn): not working towards an answer
        (0.28, 0.99, False),  # its limit of CPU used: the timeout stands
        (None, None, False),  # the runner did not say
    ],
)
def test_only_a_crowded_step_is_given_longer(used, wanted, longer):
    runner = Runner()
    try:
        more, _, _ = runner._more_time(_Asked(used, wanted), 0, 0.3, 0.3, runner.clock() + 60)
    finally:
        runner.close()
    assert (more > 0) is longer


@pytest.mark.parametrize(
    ("asleep", "wanted", "own"),
    [
        (True, 0.02, True),  # held its case and slept by itself most of its life
        (True, 0.95, False),  # asleep now, but it was queued for a CPU most of its life: crowded
        (True, None, False),  # no schedstat here: the second try stands
        (False, 0.02, False),  # waiting for what the step needs, or stopped, or a disk's wait
        (None, 0.02, False),  # the runner did not say
    ],
)
def test_only_a_child_asleep_by_itself_loses_its_second_try(asleep, wanted, own):
    runner = Runner()
    try:
        _, _, said = runner._more_time(_Asked(0.0, wanted, asleep), 0, 0.3, 0.3, runner.clock() + 60)
    finally:
        runner.close()
    assert said is own


def test_the_stall_meter_counts_time_its_process_could_not_run():
    now = [100.0]
    meter = client.StallMeter(clock=lambda: now[0])
    assert meter.total() == 0.0  # started: time on the clock it reads, not the machine's
    now[0] += 0.08  # within a tick and its grace: no stall
    assert meter.total() == 0.0
    now[0] += 5.0  # held up for five seconds, whether or not the meter has run since
    held = meter.total()
    assert 4.9 <= held <= 5.1
    assert meter.total() >= held  # never less later


def _hold_the_interpreter(seconds: float) -> None:
    """Keep this process's interpreter for `seconds` without letting any other thread run: what a lane
    does while it reads a large notebook in one call of C code."""
    import ctypes

    ctypes.PyDLL(None).usleep(int(seconds * 1e6))  # PyDLL: the interpreter lock is held throughout


def test_a_file_is_not_charged_the_time_its_grader_was_held_up(monkeypatch):
    """The worker's other lane (its spare) held the interpreter past this file's whole budget, after its clock
    had started: the file is graded in full, not given "not run" for every test."""
    from checker.codecheck import check_source

    monkeypatch.setenv("LSTM_QUIZ_NO_BWRAP", "1")
    source = CLIP
    with Runner() as runner:
        getattr(
            runner, "stalls", None
        ) and runner.stalls.total()  # the meter runs before the hold, as in a worker that graded a file before
        original = Runner._case_set

        def held(self, cases):
            _hold_the_interpreter(1.5)  # longer than the budget below
            return original(self, cases)

        monkeypatch.setattr(Runner, "_case_set", held)
        result = check_source(source, "exercise1.py", exam(1), runner=runner, policy=policy(timeout=1.0))
    assert result.score == result.max_score, [(t.id, t.message) for t in result.tests if t.score == 0]


def test_a_runner_slow_to_get_ready_is_not_the_files_time(monkeypatch):
    """The file's budget starts once the runner is ready and holds the cases: a runner that took long to
    start (a cold machine, the first file after an install) costs the file nothing."""
    monkeypatch.setenv("LSTM_QUIZ_NO_BWRAP", "1")
    now = [1000.0]
    original = Runner._case_set

    def slow_to_start(self, cases):
        key = original(self, cases)
        now[0] += 100.0  # the runner took this long to answer, on the run's clock
        return key

    monkeypatch.setattr(Runner, "_case_set", slow_to_start)
    with Runner(clock=lambda: now[0]) as runner:
        outcome = runner.run(DOUBLE, "double.py", "double", CASES, budget=10.0)
    assert [outcome.cases[c.id].status for c in CASES] == ["ok"] * len(CASES)
