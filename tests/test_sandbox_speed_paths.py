"""The sandbox's fast paths behave like the slow ones: case inputs loaded once into the runner, results
read when a child ends and timed by when they were sent, the seccomp filter's binary search, the quick
timeout after a hang, the mutation check."""

from __future__ import annotations

import struct
import sys
import time

import numpy as np
import pytest

from checker.sandbox import _frames, _seccomp, client
from checker.sandbox.client import CaseInput, Runner

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the runner's fork server")

DOUBLE = b"def double(a):\n    return a * 2\n"


@pytest.fixture
def runner():
    with Runner() as shared:
        yield shared


def _cases(prefix: str, *values: float) -> list[CaseInput]:
    return [CaseInput(f"{prefix}{i}", (np.full((2, 3), value),)) for i, value in enumerate(values)]


def _doubled(outcome, cases: list[CaseInput]) -> bool:
    return all(
        outcome.cases[c.id].status == "ok" and np.array_equal(outcome.cases[c.id].outputs[0], c.args[0] * 2)
        for c in cases
    )


def _job_arrays(monkeypatch) -> list[int]:
    """Records how many input arrays each job frame carries."""
    carried: list[int] = []
    original = _frames.pack_job

    def spy(header, source, arrays=()):
        carried.append(len(arrays))
        return original(header, source, arrays)

    monkeypatch.setattr(_frames, "pack_job", spy)
    return carried


# -- case sets ---------------------------------------------------------------------------------------


def test_a_case_list_is_loaded_once_and_used_by_later_jobs(runner, monkeypatch):
    carried = _job_arrays(monkeypatch)
    cases = _cases("a", 1.0, 2.0, -3.5)
    for _ in range(3):
        assert _doubled(runner.run(DOUBLE, "double.py", "double", cases), cases)
    assert len(runner._case_sets) == 1
    assert carried == [0, 0, 0]  # the jobs name the set; the inputs stay in the runner
    again = [CaseInput(c.id, (c.args[0].copy(),)) for c in cases]  # equal inputs, other objects
    assert _doubled(runner.run(DOUBLE, "double.py", "double", again), again)
    assert len(runner._case_sets) == 1


def test_a_different_case_list_gets_its_own_set(runner):
    first, second = _cases("a", 1.0, 2.0), _cases("a", 5.0, 7.0)  # same ids, other inputs
    renamed = [CaseInput("b" + c.id, c.args) for c in first]  # same inputs, other ids
    for cases in (first, second, renamed, first, second):
        outcome = runner.run(DOUBLE, "double.py", "double", cases)
        assert _doubled(outcome, cases)
    assert len(runner._case_sets) == 3


def test_inputs_changed_in_place_are_loaded_again(runner):
    cases = _cases("m", 1.0, 2.0)
    assert _doubled(runner.run(DOUBLE, "double.py", "double", cases), cases)
    cases[1].args[0][0, 0] = 40.0  # the same array objects, other contents
    assert _doubled(runner.run(DOUBLE, "double.py", "double", cases), cases)
    assert len(runner._case_sets) == 2


def test_old_case_sets_are_dropped_and_reloaded(runner, monkeypatch):
    monkeypatch.setattr(client, "MAX_CASE_SETS", 2)
    lists = [_cases(f"s{n}", float(n), n + 0.5) for n in range(4)]
    for cases in lists + lists[:2]:
        assert _doubled(runner.run(DOUBLE, "double.py", "double", cases), cases)
        assert len(runner._case_sets) <= 2


def test_after_a_hang_the_remaining_cases_still_get_their_inputs(runner):
    source = (
        b"import time\ndef double(a):\n    if a[0, 0] == 2.0:\n        time.sleep(60)\n    return a * 2\n"
    )
    cases = _cases("h", 1.0, 2.0, 3.0, 4.0)
    outcome = runner.run(source, "double.py", "double", cases, case_timeout=0.5)
    assert outcome.cases["h1"].status == "timeout"
    assert _doubled(outcome, [cases[0], cases[2], cases[3]])


def test_a_child_cannot_read_the_other_case_sets(runner):
    secret = _cases("secret", 12345.0)
    assert _doubled(runner.run(DOUBLE, "double.py", "double", secret), secret)
    source = b"""
import gc
import numpy as np

def arrays_in(item, depth=0):
    if isinstance(item, np.ndarray):
        yield item
    elif depth < 3 and isinstance(item, (list, tuple, dict)):
        for value in item.values() if isinstance(item, dict) else item:
            yield from arrays_in(value, depth + 1)

def double(a):
    found = {12345.0: 0, 7.25: 0}
    for item in gc.get_objects():
        for array in arrays_in(item):
            if array.size and array.dtype.kind == "f":
                for value in found:
                    found[value] += int(np.any(array == value))
    print("FOUND", found[12345.0], found[7.25])
    return a * 2
"""
    mine = _cases("mine", 7.25)
    outcome = runner.run(source, "double.py", "double", mine)
    assert _doubled(outcome, mine)
    secret_seen, own_seen = outcome.output.split("FOUND ")[1].split()[:2]
    assert int(own_seen) >= 2  # the search sees a case set's inputs: its own, and the copy it got
    assert secret_seen == "0", outcome.output


def test_spawn_mode_sends_the_inputs_with_each_job(monkeypatch):
    carried = _job_arrays(monkeypatch)
    cases = _cases("p", 1.0, 2.0)
    with Runner("spawn") as spawned:
        assert _doubled(spawned.run(DOUBLE, "double.py", "double", cases), cases)
        assert spawned._case_sets == {}
    assert carried == [2]


# -- reading results ------------------------------------------------------------------------------


def test_results_larger_than_the_pipe_arrive_whole(runner):
    source = b"import numpy as np\ndef double(a):\n    return np.full((1500, 1000), a[0, 0] * 2)\n"
    cases = _cases("big", 1.0, 2.0)
    start = time.monotonic()
    outcome = runner.run(source, "double.py", "double", cases)
    assert time.monotonic() - start < 5
    for case in cases:
        run = outcome.cases[case.id]
        assert run.status == "ok", run.error
        assert run.outputs[0].shape == (1500, 1000) and run.outputs[0][-1, -1] == case.args[0][0, 0] * 2


def test_each_case_is_timed_by_when_its_result_was_sent(runner):
    source = b"import time\ndef double(a):\n    time.sleep(a[0, 0])\n    return a * 2\n"
    cases = _cases("slow", 0.01, 0.3, 0.01)
    outcome = runner.run(source, "double.py", "double", cases)
    seconds = [outcome.cases[c.id].seconds for c in cases]
    assert 0.3 <= seconds[1] < 0.6 and seconds[0] < 0.2 and seconds[2] < 0.2, seconds


def test_a_frame_is_timed_by_the_time_it_gives_only_when_that_is_plausible():
    unstarted = Runner("spawn")
    try:
        now = time.monotonic()
        assert unstarted._sent({"t": now - 0.5}, now - 1) == now - 0.5
        for forged in (float("nan"), float("inf"), now + 100, now - 2, "soon", None, True, 1):
            assert unstarted._sent({"t": forged}, now - 1) >= now  # the time it was read instead
    finally:
        unstarted.close()


# -- timeouts ----------------------------------------------------------------------------------------


def test_the_quick_timeout_and_the_timeouts_in_a_row_can_be_chosen(runner):
    source = b"def double(a):\n    while True:\n        pass\n"
    cases = _cases("t", 1.0, 2.0, 3.0, 4.0, 5.0)
    start = time.monotonic()
    outcome = runner.run(
        source, "double.py", "double", cases, case_timeout=1.0, quick_timeout=0.05, max_timeouts_in_a_row=4
    )
    elapsed = time.monotonic() - start
    statuses = [outcome.cases[c.id].status for c in cases]
    assert statuses == ["timeout", "timeout", "timeout", "timeout", "not-run"]
    assert outcome.cases["t4"].error == {"after_timeouts": True}
    assert elapsed < 1.0 + 3 * 0.25  # 1 s, then 3 × 0.05 s (the default quick timeout is 0.25 s)


def test_a_case_can_have_its_own_time_limit(runner):
    source = b"def double(a):\n    while True:\n        pass\n"
    small = CaseInput("small", (np.ones((2, 3)),), timeout=0.1)
    start = time.monotonic()
    outcome = runner.run(source, "double.py", "double", [small], case_timeout=20.0, budget=30.0)
    assert outcome.cases["small"].status == "timeout"
    assert time.monotonic() - start < 10  # its own 0.1 s, not the run's 20 s


def test_batch_time_limits_grow_with_the_size_of_a_case():
    from checker.codecheck import _case_timeouts, prepared

    public, hidden, _ = prepared(2, 0)
    limits = _case_timeouts(public + hidden, 1.0, 0.25)
    assert limits["large-batch"] == 1.0  # the largest case keeps the whole second
    assert all(0.25 <= limits[c.id] < 0.5 for c in public + hidden if c.id != "large-batch")


# -- the mutation check --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, changed",
    [
        ("a[0, 0] = a[0, 0]", False),  # the same values written back
        ("a[...] = np.where(np.isnan(a), np.nan, a)", False),  # NaN stays NaN
        ("a[0, 0] += 1.0", True),
        ("a.shape = (3, 2)", True),
        ("a[0, 0] = -a[0, 0] if a[0, 0] == 0 else a[0, 0]", False),  # -0.0 equals 0.0
    ],
)
def test_in_place_changes_are_reported(runner, body, changed):
    source = f"import numpy as np\ndef touch(a, t):\n    {body}\n    return a.copy()\n".encode()
    value = np.array([[0.0, np.nan, 1.5], [2.0, -1.0, 3.0]])
    outcome = runner.run(source, "touch.py", "touch", [CaseInput("m", (value, np.float32(0.5)))])
    run = outcome.cases["m"]
    assert run.status == "ok", run.error
    assert run.mutated == [changed, False]


# -- the seccomp filter -----------------------------------------------------------------------------------


def _emulate(program: bytes, nr: int, arch: int, args: tuple[int, int] = (0, 0)) -> tuple[int, int]:
    """Runs a classic BPF seccomp program (the instructions build_filter uses) on one system call:
    (its action, how many instructions ran)."""
    words = {0: nr, 4: arch, 16: args[0] & 0xFFFFFFFF, 24: args[1] & 0xFFFFFFFF}
    rows = [struct.unpack("HBBI", program[i : i + 8]) for i in range(0, len(program), 8)]
    accumulator, pc = 0, 0
    for steps in range(1, len(rows) + 1):  # jumps go forward only: no program runs longer
        code, jt, jf, k = rows[pc]
        pc += 1
        if code == _seccomp._LD_W_ABS:
            accumulator = words[k]
        elif code == _seccomp._RET:
            return k, steps
        elif code == _seccomp._JA:
            pc += k
        else:
            taken = {
                _seccomp._JEQ: accumulator == k,
                _seccomp._JGE: accumulator >= k,
                _seccomp._JSET: bool(accumulator & k),
            }[code]
            pc += jt if taken else jf
    raise AssertionError("the program ran off its end")


def _expected(machine: str, nr: int, arch: int, args: tuple[int, int]) -> int:
    eperm = _seccomp.RET_ERRNO | 1
    if arch != _seccomp.AUDIT_ARCH[machine]:
        return _seccomp.RET_KILL_PROCESS
    if (machine == "x86_64" and nr >= _seccomp.X32_BIT) or nr in _seccomp.DENIED[machine].values():
        return eperm
    if nr == _seccomp.CLONE3:
        return _seccomp.RET_ERRNO | 38  # ENOSYS
    if nr == _seccomp.CLONE[machine]:
        return _seccomp.RET_ALLOW if args[0] & _seccomp.CLONE_THREAD else eperm
    if nr == _seccomp.IOCTL[machine] and args[1] == _seccomp.TIOCSTI:
        return eperm
    return _seccomp.RET_ALLOW


@pytest.mark.parametrize("machine", sorted(_seccomp.DENIED))
def test_the_seccomp_filter_decides_like_its_deny_list(machine):
    program = _seccomp.build_filter(machine)
    arch = _seccomp.AUDIT_ARCH[machine]
    calls = [(nr, arch, (0, 0)) for nr in range(600)]
    calls += [(_seccomp.X32_BIT + 1, arch, (0, 0)), (0xFFFFFFFF, arch, (0, 0)), (1, 0x40000003, (0, 0))]
    clone, ioctl = _seccomp.CLONE[machine], _seccomp.IOCTL[machine]
    calls += [(clone, arch, (flags, 0)) for flags in (0, 0x11, _seccomp.CLONE_THREAD | 0x100)]
    calls += [(ioctl, arch, (1, request)) for request in (_seccomp.TIOCSTI, 0x5401)]
    longest = 0
    for nr, call_arch, args in calls:
        action, steps = _emulate(program, nr, call_arch, args)
        assert action == _expected(machine, nr, call_arch, args), (nr, args)
        longest = max(longest, steps)
    assert longest < 30  # a binary search, not one comparison per denied call
