"""Where a batch's work runs: with a worker for every CPU the batch may use, each worker (its lanes,
runners and every submission's child) keeps to one CPU; otherwise the system places them. The command's
own process never starts a BLAS thread pool."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from checker.batch import engine
from checker.batch.engine import Settings, Workers

LINUX = sys.platform.startswith("linux") and hasattr(os, "sched_getaffinity")


def _allowed(monkeypatch, cpus):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(cpus), raising=False)


def test_a_worker_per_cpu_keeps_each_to_its_own(monkeypatch):
    _allowed(monkeypatch, {0, 3})
    assert engine._cpus(2) == [0, 3]


@pytest.mark.parametrize(("cpus", "jobs"), [({0, 1, 2, 3}, 2), ({0, 1}, 3), ({5}, 1), ({0, 1}, 1)])
def test_fewer_or_more_workers_than_cpus_are_placed_by_the_system(monkeypatch, cpus, jobs):
    _allowed(monkeypatch, cpus)
    assert engine._cpus(jobs) == [None] * jobs


def test_without_affinity_calls_the_system_places_them(monkeypatch):
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    assert engine._cpus(2) == [None, None]


def _where() -> list[int]:
    return sorted(os.sched_getaffinity(0))


@pytest.mark.skipif(not LINUX or len(os.sched_getaffinity(0)) < 2, reason="needs two CPUs or more")
def test_each_worker_process_keeps_to_its_cpu_and_its_runners_too():
    allowed = sorted(os.sched_getaffinity(0))
    each = engine.HELD * len(allowed)  # more tasks than one worker holds at a time
    with Workers(Settings(seed=1, jobs=len(allowed))) as workers:
        seen = {tuple(cpus) for cpus in workers.map(_where, [()] * each)}
        runner_cpus = list(workers.map(_runner_cpus, [()] * each))
    assert seen == {(cpu,) for cpu in allowed}
    assert all(len(cpus) == 1 for cpus in runner_cpus)


def _runner_cpus() -> list[int]:
    """The CPUs this worker's lane's runner process may use."""
    runner = engine._runner()
    runner._ensure_hello()
    return sorted(os.sched_getaffinity(runner.process.pid))


@pytest.mark.parametrize(("given", "expected"), [(None, "1"), ("4", "4")])
def test_the_command_starts_no_blas_thread_pool_unless_told_to(given, expected):
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    code = "import checker.cli, os; print(os.environ['OPENBLAS_NUM_THREADS'])"
    shown = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == expected


def _held(kind: str, *paths: str) -> str:
    """A task that waits until its file exists (a submission that sleeps, for as long as the test
    needs), or one that creates the files (and so ends those waits)."""
    import time

    if kind == "release":
        for path in paths:
            open(path, "w").close()
        return "released"
    deadline = time.monotonic() + 30
    while not os.path.exists(paths[0]):
        if time.monotonic() > deadline:
            return "gave up"
        time.sleep(0.01)
    return "went on"


def test_a_worker_whose_lane_waits_takes_the_next_task_meanwhile(tmp_path):
    a = str(tmp_path / "a")
    tasks = [("wait", a), ("release", a)]  # one worker holds both
    assert engine.LANES == 1 and engine.SPARES >= 1 and engine.HELD >= 2
    with Workers(Settings(seed=1, jobs=1)) as workers:
        results = list(workers.map(_held, tasks))
    assert results == ["went on", "released"]  # the second ran while the lane waited


def test_spare_lanes_that_never_run_at_once_share_one_runner(monkeypatch):
    """A spare lane leaves its runner to the worker's idle ones after each file: the next spare takes
    it instead of starting a runner of its own (each costs a tenth of a second of CPU to boot)."""
    import threading

    monkeypatch.setattr(engine, "_WORKER", {})
    engine._worker_start(Settings(seed=1))
    started: list[object] = []

    def new_runner():
        started.append(object())
        return started[-1]

    monkeypatch.setattr(engine, "_new_runner", new_runner)
    used = []

    def spare_file():  # what a spare lane does around one file
        used.append(engine._runner())
        engine._release_runner()

    for _ in range(3):  # one spare after another, each in a thread of its own
        thread = threading.Thread(target=spare_file)
        thread.start()
        thread.join()
    assert len(started) == 1
    assert used == [started[0]] * 3
    assert engine._WORKER["idle"] == [started[0]]


@pytest.mark.parametrize(
    ("busy", "now", "wait"),
    [
        ({}, 10.0, engine.SPARE_AFTER),  # the lane is free: it takes the next task itself
        ({0: 10.0}, 10.0, engine.SPARE_AFTER),  # its file has just started
        ({0: 10.0}, 10.0 + engine.SPARE_AFTER / 2, engine.SPARE_AFTER / 2),
        ({0: 10.0}, 10.0 + 2 * engine.SPARE_AFTER, 0.0),  # it waits on a file that sleeps or loops
        ({0: 10.0, 1: 11.0}, 11.0, engine.SPARE_AFTER),  # a spare has just taken a file: wait for it too
        ({0: 10.0, 1: 11.0}, 11.0 + engine.SPARE_AFTER, 0.0),
        ({1: 10.0}, 20.0, engine.SPARE_AFTER),  # only a spare is busy: the lane takes the next
    ],
)
def test_a_spare_lane_takes_a_task_only_once_every_busy_lane_has_waited(busy, now, wait):
    assert engine._spare_wait(busy, now) == pytest.approx(wait)


class _Steps:
    """A clock and an idle-seconds reading that a test moves by hand."""

    def __init__(self) -> None:
        self.now, self.idle = 100.0, 50.0

    def pass_time(self, seconds: float, idle_share: float) -> None:
        self.now += seconds
        self.idle += seconds * idle_share


def test_a_second_spare_joins_only_while_the_cpu_is_left_idle():
    """Two files that sleep leave the CPU idle: a second spare lane is worth its runner. A file that
    loops keeps it busy: another spare would only share it."""
    steps = _Steps()
    meter = engine.IdleMeter(0, read=lambda: steps.idle, clock=lambda: steps.now)
    idle, wait = meter.idle()  # a first look has nothing to compare with
    assert not idle and wait == pytest.approx(engine.IdleMeter.WINDOW)
    steps.pass_time(engine.IdleMeter.WINDOW / 2, 1.0)
    idle, wait = meter.idle()  # too soon to tell
    assert not idle and wait == pytest.approx(engine.IdleMeter.WINDOW / 2)
    steps.pass_time(engine.IdleMeter.WINDOW, 0.9)  # the busy files sleep
    assert meter.idle()[0]
    steps.pass_time(engine.IdleMeter.WINDOW, 0.05)  # one of them loops
    assert meter.idle() == (False, engine.SPARE_AFTER)
    steps.pass_time(10 * engine.IdleMeter.WINDOW, 1.0)  # a look long ago says nothing of now
    assert meter.idle() == (False, engine.IdleMeter.WINDOW)


def test_a_cpu_whose_idle_time_cannot_be_read_gets_no_second_spare():
    meter = engine.IdleMeter(0, read=lambda: None)
    assert meter.idle() == (False, engine.SPARE_AFTER)
    assert meter.idle() == (False, engine.SPARE_AFTER)


@pytest.mark.skipif(not LINUX, reason="/proc/stat is Linux's")
def test_the_idle_time_of_a_cpu_and_of_the_machine_is_read_in_seconds():
    cpu = sorted(os.sched_getaffinity(0))[0]
    for which in (cpu, None):
        first = engine._idle_seconds(which)
        second = engine._idle_seconds(which)
        assert first is not None and 0 <= first <= second
    assert engine._idle_seconds(10**6) is None  # no such CPU


class _FinishingLane(dict):
    """The worker's busy lanes, where the lane finishes its file (its entry goes) the moment after a
    spare has looked whether it is busy: the other thread's step, between the spare's two looks."""

    def __contains__(self, key: object) -> bool:
        there = super().__contains__(key)
        self.clear()
        return there


def test_a_spare_lane_survives_the_lane_finishing_while_it_looks():
    busy = _FinishingLane({0: 10.0})
    assert engine._spare_wait(busy, 10.0 + engine.SPARE_AFTER) == 0.0  # as it was when it looked
