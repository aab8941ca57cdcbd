"""The sandbox's fast paths behave like the slow ones: case inputs loaded once into the runner, results
read when a child ends and timed by when they were sent, the seccomp filter's binary search, the quick
timeout after a hang, the mutation check."""

from __future__ import annotations

import itertools
import sys
import time

import numpy as np
import pytest

from checker.sandbox import _frames, client
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


def _job_headers(monkeypatch) -> list[dict]:
    """Records the header of each job frame."""
    headers: list[dict] = []
    original = _frames.pack_job

    def spy(header, source):
        headers.append(header)
        return original(header, source)

    monkeypatch.setattr(_frames, "pack_job", spy)
    return headers


# -- case sets ---------------------------------------------------------------------------------------


def test_a_case_list_is_loaded_once_and_used_by_later_jobs(runner, monkeypatch):
    headers = _job_headers(monkeypatch)
    cases = _cases("a", 1.0, 2.0, -3.5)
    for _ in range(3):
        assert _doubled(runner.run(DOUBLE, "double.py", "double", cases), cases)
    assert len(runner._case_sets) == 1
    assert [sorted(h) for h in headers] == [["filename", "function", "limits"]] * 3  # never an input
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


def _digests(monkeypatch) -> list:
    """Records each case list the runner digests (reads every input byte of)."""
    seen: list = []
    original = client._case_digest
    monkeypatch.setattr(client, "_case_digest", lambda cases: seen.append(cases) or original(cases))
    return seen


def test_unchangeable_cases_are_digested_once_and_others_every_time(runner, monkeypatch):
    seen = _digests(monkeypatch)
    changeable = _cases("c", 1.0, 2.0)
    frozen = tuple(CaseInput(c.id, tuple(client.frozen_array(a) for a in c.args)) for c in _cases("f", 3.0))
    for _ in range(3):
        for cases in (changeable, frozen):
            assert _doubled(runner.run(DOUBLE, "double.py", "double", cases), cases)
    assert [cases is frozen for cases in seen] == [False, True, False, False]
    assert len(runner._case_sets) == 2
    with pytest.raises(ValueError):  # what makes it safe to remember: numpy refuses to unfreeze it
        frozen[0].args[0].flags.writeable = True


def test_a_batch_hands_the_runner_one_unchangeable_tuple_per_exercise(runner, monkeypatch):
    from checker.codecheck import check_source, exam_for
    from checker.policy import BATCH

    seen = _digests(monkeypatch)
    exam = exam_for(1, seed=5)
    source = b"import numpy as np\ndef gradient_clipping(grad, threshold):\n    return np.clip(grad, -1, 1)\n"
    results = [
        check_source(source, "ex1.py", exam, policy=BATCH, runner=runner, show_output=False) for _ in range(3)
    ]
    # the graded cases, and the probes of a failing file: each digested for the first file only
    assert len(seen) == 2 and seen[0] is not seen[1] and all(client._unchangeable(c) for c in seen)
    assert exam.inputs(exam.cases, BATCH) is seen[0] and exam.inputs(exam.probes, BATCH) is seen[1]
    assert len({(r.score, r.status) for r in results}) == 1  # the same verdicts each time
    assert all(not a.flags.writeable for case in seen[0] for a in case.args)
    assert all(a.flags.writeable for case in exam.cases for a in case.args if hasattr(a, "flags"))


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


_HUNT = b"""
import gc
import numpy as np

def arrays_in(item, depth=0):
    if isinstance(item, np.ndarray):
        yield item
    elif depth < 3 and isinstance(item, (list, tuple, dict)):
        for value in item.values() if isinstance(item, dict) else item:
            yield from arrays_in(value, depth + 1)

def seen(value):
    return sum(
        int(bool(array.size) and array.dtype.kind == "f" and bool(np.any(array == value)))
        for item in gc.get_objects()
        for array in arrays_in(item)
    )

print("AT-IMPORT", seen(7.25), seen(8.25), seen(12345.0))

def double(a):
    print("IN-CASE", a[0, 0], seen(7.25), seen(8.25), seen(12345.0))
    return a * 2
"""


def test_no_input_is_in_reach_before_its_case(runner):
    secret = _cases("secret", 12345.0)
    assert _doubled(runner.run(DOUBLE, "double.py", "double", secret), secret)
    mine = _cases("mine", 7.25, 8.25)
    outcome = runner.run(_HUNT, "double.py", "double", mine)
    assert _doubled(outcome, mine)
    lines = outcome.output.splitlines()
    assert lines[0] == "AT-IMPORT 0 0 0", outcome.output  # nothing while the module loads
    first, second = (line.split() for line in lines[1:3])
    assert first[1] == "7.25" and first[2] != "0" and first[3:] == ["0", "0"], lines  # only its own
    assert second[1] == "8.25" and second[3] != "0" and second[4] == "0", lines


def test_spawn_mode_starts_a_fresh_runner_for_each_job(monkeypatch):
    headers = _job_headers(monkeypatch)
    cases = _cases("p", 1.0, 2.0)
    with Runner("spawn") as spawned:
        for _ in range(2):
            assert _doubled(spawned.run(DOUBLE, "double.py", "double", cases), cases)
            assert spawned.process is None  # stopped once its job is done
    assert len(headers) == 2 and all("cases" not in h for h in headers)


# -- reading results ------------------------------------------------------------------------------


def test_results_larger_than_the_pipe_arrive_whole(runner):
    source = b"import numpy as np\ndef double(a):\n    return np.full((1500, 1000), a[0, 0] * 2)\n"
    cases = _cases("big", 1.0, 2.0)
    outcome = runner.run(source, "double.py", "double", cases)
    for case in cases:
        run = outcome.cases[case.id]
        assert run.status == "ok", run.error
        assert run.outputs[0].shape == (1500, 1000) and run.outputs[0][-1, -1] == case.args[0][0, 0] * 2


def test_each_case_is_timed_by_when_its_result_was_sent():
    """A case's seconds run from the result before it, not from the start of the file: on a clock that
    moves only when it is read (the same few reads for each case), the last case's seconds are one
    case's worth, never the sum of the cases before it."""
    ticks = itertools.count()
    with Runner(clock=lambda: next(ticks) * 1e-3) as stepped:
        cases = _cases("slow", 0.01, 0.3, 0.01, 0.02)
        outcome = stepped.run(DOUBLE, "double.py", "double", cases)
    seconds = [outcome.cases[c.id].seconds for c in cases]
    assert all(s > 0 for s in seconds), seconds
    assert seconds[3] < 1.5 * seconds[1] and seconds[2] < 1.5 * seconds[1], seconds  # from the start: 4x, 3x


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
    outcome = runner.run(
        source, "double.py", "double", cases, case_timeout=1.0, quick_timeout=0.05, max_timeouts_in_a_row=4
    )
    statuses = [outcome.cases[c.id].status for c in cases]
    assert statuses == ["timeout", "timeout", "timeout", "timeout", "not-run"]
    assert outcome.cases["t4"].error == {"after_timeouts": True}
    # 1 s for the first, then the quick limit chosen (the default would be 0.25 s)
    assert [outcome.cases[f"t{i}"].error["limit"] for i in range(4)] == [1.0, 0.05, 0.05, 0.05]


def test_a_case_can_have_its_own_time_limit(runner):
    source = b"def double(a):\n    while True:\n        pass\n"
    small = CaseInput("small", (np.ones((2, 3)),), timeout=0.1)
    outcome = runner.run(source, "double.py", "double", [small], case_timeout=20.0, budget=30.0)
    assert outcome.cases["small"].status == "timeout"
    assert outcome.cases["small"].error["limit"] == 0.1  # its own, not the run's 20 s


def test_batch_time_limits_grow_with_the_size_of_a_case():
    from exams import prepared

    from checker.policy import BATCH

    public, hidden, _ = prepared(2, 0)
    limits = BATCH.case_limits(public + hidden)
    assert limits["large-batch"] == 1.0  # the largest case keeps the whole second
    assert all(0.25 <= limits[c.id] < 0.5 for c in public + hidden if c.id != "large-batch")


# -- in-place writes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "a[0, 0] = a[0, 0]",  # even the same value: the input is not the function's to write
        "a += 1.0",
        "np.add(a, 1.0, out=a)",
        "a.sort(axis=0)",
        "a.setflags(write=True)",
        "a.flags.writeable = True",
    ],
)
def test_an_input_cannot_be_written_in_place(runner, body):
    source = f"import numpy as np\ndef touch(a, t):\n    {body}\n    return a.copy()\n".encode()
    value = np.array([[0.0, np.nan, 1.5], [2.0, -1.0, 3.0]])
    outcome = runner.run(source, "touch.py", "touch", [CaseInput("m", (value, np.float32(0.5)))])
    run = outcome.cases["m"]
    assert run.status == "exception", run
    assert run.error["type"] == "ValueError", run.error
    assert "read-only" in run.error["message"] or "WRITEABLE" in run.error["message"], run.error


def test_writing_an_input_through_its_raw_memory_ends_the_child(runner):
    source = (
        b"import ctypes\ndef touch(a):\n    ctypes.memset(a.ctypes.data, 0, a.nbytes)\n    return a.copy()\n"
    )
    value = np.ones((2, 3))
    outcome = runner.run(source, "touch.py", "touch", [CaseInput("m", (value,))])
    assert outcome.cases["m"].status == "crashed"  # the memory is mapped read-only: no write lands
    assert outcome.cases["m"].error.get("signal") in ("SIGSEGV", "SIGBUS")


@pytest.mark.parametrize(
    "head",
    [b'{"a": 1} ', b' {"a": 1}', b'{"a": 1}{"b": 2}', b'{"a": 1', b"[1, 2]", b"\xff", b"", b'{"a": NaN'],
)
def test_a_frame_header_is_exactly_one_json_object(head):
    """What pack writes is read back; a header with anything before or after its one JSON object, or
    that is not one, makes the frame malformed (the child's trouble, never the grader's exception)."""
    import struct

    body = _frames.pack({"status": "ok", "t": 1.5}, [np.arange(6.0).reshape(2, 3)])
    header, _, (array,) = _frames.unpack(body)
    assert header["status"] == "ok" and array.tolist() == [[0.0, 1.0, 2.0], [3.0, 4.0, 5.0]]
    with pytest.raises(_frames.ProtocolError):
        _frames.unpack(struct.pack(">I", len(head)) + head)


def test_a_traceback_reads_the_source_of_the_submissions_frames_only():
    """What a case raised is told from the submission's own frames: numpy's source (thousands of lines
    a child would read for each first exception) is never read just to be left out, and the text is
    what filtering the whole traceback gives."""
    import linecache
    import traceback
    from pathlib import Path

    import checker

    sys.path.insert(0, str(Path(checker.__file__).parent / "sandbox"))
    try:
        from checker.sandbox import runner
    finally:
        sys.path.pop(0)
    filename = "exercise9.py"
    source = "import numpy as np\n\ndef make(n):\n    return np.ones((n,), dtype='no such type')\n"
    namespace: dict = {}
    exec(compile(source, filename, "exec"), namespace)
    linecache.clearcache()
    runner._remember_source(filename, source.encode())
    with pytest.raises(TypeError) as raised:
        namespace["make"](3)
    error = raised.value
    frames = [frame.f_code.co_filename for frame, _ in traceback.walk_tb(error.__traceback__)]
    assert np.ones.__code__.co_filename in frames  # the error passed through numpy's own code
    text = runner._traceback(error, filename)
    assert not [name for name in linecache.cache if name != filename]  # no other file was read
    own = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
    expected = "".join(traceback.format_list(own) + traceback.format_exception_only(type(error), error))
    assert text == expected
    assert 'File "exercise9.py", line 4, in make' in text and "no such type" in text
