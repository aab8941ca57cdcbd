"""The grader's fast paths agree with the slow, obvious ones they replace."""

from __future__ import annotations

import numpy as np
import pytest
from exams import SHIPPED, exam
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from checker.codecheck import _close, _same

detect_exercise = SHIPPED.detect

values = st.floats(allow_nan=True, allow_infinity=True, width=64) | st.sampled_from([0.0, -0.0, 1e-9, 1.0])


@settings(max_examples=300, deadline=None)
@given(arrays(np.float64, st.integers(1, 6), elements=values), st.data())
def test_close_agrees_with_isclose(want, data):
    noise = data.draw(
        arrays(np.float64, want.shape, elements=st.sampled_from([0.0, 1e-12, 1e-7, 1e-3, np.nan]))
    )
    got = want + noise
    expected = bool(np.all(np.isclose(got, want, rtol=1e-6, atol=1e-9)))
    verdict = _close(got, want, 1e-6, 1e-9)
    if verdict is None:  # undecided only when a value is not finite
        assert not (np.isfinite(got).all() and np.isfinite(want).all())
    else:
        assert verdict == expected


@pytest.mark.parametrize("size", [2, 200])  # compared as Python floats, and by numpy
@pytest.mark.parametrize("got, want", [(1.0, np.inf), (0.0, -np.inf), (1e308, np.inf), (-1e300, -np.inf)])
def test_an_infinite_expected_value_is_met_only_by_itself(size, got, want):
    expected = np.full(size, want)
    assert not _close(np.full(size, got), expected, 1e-5, 1e-8)
    assert not _same([np.full(size, got)], [expected])
    assert _close(expected.copy(), expected, 1e-5, 1e-8) is True
    assert _same([expected.copy()], [expected])


@settings(max_examples=400, deadline=None)
@given(st.integers(1, 200), st.data())
def test_close_never_passes_what_isclose_fails(size, data):
    """Any answer against any expected value, infinite ones too: a pass is isclose's pass."""
    anything = st.floats(allow_nan=True, allow_infinity=True, width=64) | st.sampled_from(
        [np.inf, -np.inf, 0.0, 1.0, 1e308]
    )
    want = data.draw(arrays(np.float64, size, elements=anything))
    got = data.draw(arrays(np.float64, size, elements=anything))
    if data.draw(st.booleans()):
        keep = data.draw(arrays(np.bool_, size))
        got = np.where(keep, want, got)  # mostly right, as a near miss is
    with np.errstate(all="ignore"):
        expected = bool(np.isclose(got, want, rtol=1e-5, atol=1e-8).all())
    assert (_close(got, want, 1e-5, 1e-8) is True) <= expected
    with np.errstate(all="ignore"):
        assert _same([got], [want]) == bool(np.allclose(got, want, rtol=1e-5, atol=1e-8, equal_nan=True))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([np.float64, np.float32, np.int64, np.int32, np.uint8]),
    st.sampled_from([np.float64, np.float32, np.int64]),
    st.integers(1, 40),
    st.data(),
)
def test_small_answers_compared_as_python_floats_get_numpys_verdict(got_type, want_type, size, data):
    import checker.codecheck as codecheck

    def numbers(dtype):
        if np.dtype(dtype).kind == "f":
            return st.floats(allow_nan=True, allow_infinity=True, width=np.dtype(dtype).itemsize * 8)
        info = np.iinfo(dtype)
        return st.integers(int(info.min), int(info.max))

    want = data.draw(arrays(want_type, size, elements=numbers(want_type)))
    got = data.draw(arrays(got_type, size, elements=numbers(got_type)))
    if data.draw(st.booleans()):  # often the same values, as most answers are
        with np.errstate(all="ignore"):
            got = want.astype(got_type)
    fast = codecheck._close(got, want, 1e-6, 1e-9)
    small, codecheck.SMALL = codecheck.SMALL, -1  # numpy's way for every size
    try:
        slow = codecheck._close(got, want, 1e-6, 1e-9)
    finally:
        codecheck.SMALL = small
    assert fast == slow


def test_the_exercise_is_found_by_the_function_defined():
    assert detect_exercise(b"import numpy as np\ndef lstm_step(x, h, c, W, U, b):\n    pass\n", "a.py") == 2
    nested = b"class Mine:\n    def gradient_clipping(self, g, t):\n        return g\n"
    assert detect_exercise(nested, "a.py") == 1
    # a name in a comment is not a definition: the file's name decides
    mentioned = b"# lstm_step comes later\ndef gradient_clipping(g, t):\n    return g\n"
    assert detect_exercise(mentioned, "anything.py") == 1


def test_a_function_name_spelt_in_other_characters_still_counts():
    # Python reads identifiers after NFKC normalisation: fullwidth letters name the same function
    source = "def ｌｓｔｍ_step(x, h, c, W, U, b):\n    pass\n".encode()
    assert detect_exercise(source, "whatever.py") == 2


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([1, 2, 5, 6, 7]), st.data())
def test_a_case_that_passes_at_once_is_one_the_whole_verdict_passes(number, data):
    """_compare tells the usual answer (float64 arrays of the expected shapes, within tolerance) without
    reading the run field by field; whatever the answer, its verdict is _verdict's on the run's view."""
    from checker.codecheck import PASS, _compare, _read, _verdict
    from checker.sandbox.client import CaseRun

    graded = exam(number)
    case = data.draw(st.sampled_from(graded.cases))
    expected = graded.expected[case.id]
    outputs = []
    for want in expected:
        kind = data.draw(
            st.sampled_from(["same", "near", "far", "float32", "int", "shape", "nan", "big-endian"])
        )
        got = np.array(want, dtype=np.float64)
        if kind == "near":
            got = got + data.draw(st.sampled_from([1e-12, 1e-7, 1e-4]))
        elif kind == "far":
            got = got + 1.0
        elif kind == "float32":
            got = got.astype(np.float32)
        elif kind == "int":
            got = got.astype(np.int64)
        elif kind == "shape":
            got = got.reshape(-1)[:-1] if got.size > 1 else np.zeros(2)
        elif kind == "nan":
            got = np.full_like(got, np.nan)
        elif kind == "big-endian":
            got = got.astype(">f8")
        outputs.append(got)
    if data.draw(st.booleans()):
        outputs = outputs[: data.draw(st.integers(0, len(outputs)))]
    structure = data.draw(st.sampled_from(["array", "tuple", "list", "arguments", "other"]))
    run = CaseRun("ok", outputs, structure, ["ndarray"] * len(outputs))
    status = _compare(graded.spec, case, run, expected, details=False)[0]
    hidden = case.visibility != "visible"
    assert status == _verdict(graded.spec, case, _read(run), expected, hidden, False)[0]
    if status == PASS:
        assert len(outputs) == len(expected)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from([np.float64, np.float32, np.int64, ">f8"]),
    st.lists(st.integers(1, 5), min_size=0, max_size=3),
    st.data(),
)
def test_an_answer_is_shown_as_array2string_shows_it_whoever_showed_it_before(dtype, shape, data):
    """A failing public test's answer is formatted once per batch process and shown again from then on:
    the text is always numpy's for that very array (its dtype, shape and every bit: -0.0 is not 0.0)."""
    from checker.codecheck import _format_array

    count = int(np.prod(shape)) if shape else 1
    elements = data.draw(
        st.lists(st.sampled_from([0.0, -0.0, 1.5, -2.25, np.nan, 1e9]), min_size=count, max_size=count)
    )
    if np.dtype(dtype).kind == "i":
        elements = [0 if np.isnan(e) else int(e) for e in elements]
    array = np.array(elements, dtype=dtype).reshape(shape)
    shown = np.array2string(array, precision=4, threshold=12, edgeitems=2, max_line_width=72)
    assert _format_array(array) == shown
    assert _format_array(array.copy()) == shown  # from the one made before
    flipped = -array if np.dtype(dtype).kind == "f" else array + 1
    assert _format_array(flipped) == np.array2string(
        flipped, precision=4, threshold=12, edgeitems=2, max_line_width=72
    )


def test_the_same_answers_are_diagnosed_once_and_any_other_afresh(monkeypatch):
    """A class's files that make one mistake answer alike: the second is named from the first's
    diagnosis; an answer that differs in one bit, or what an argument was written through, is
    diagnosed again."""
    from checker import codecheck
    from checker.sandbox.client import CaseRun

    graded = exam(1)
    mistake = next(m for m in graded.spec.misconceptions if m.tag == "clip-elementwise")
    runs = {
        c.id: CaseRun(
            "ok",
            [np.asarray(graded.variant_outputs(mistake.variant, c)[0], dtype=np.float64)],
            "array",
            ["ndarray"],
        )  # fmt: skip
        for c in graded.cases
    }
    made = []
    diagnosed = codecheck._diagnosed
    monkeypatch.setattr(codecheck, "_diagnosed", lambda *args: made.append(1) or diagnosed(*args))
    first = codecheck.diagnose(graded, runs)
    assert [m.tag for m in first] == ["clip-elementwise"] and len(made) == 1
    assert codecheck.diagnose(graded, dict(runs)) == first and len(made) == 1  # found again
    case = graded.cases[-1]
    flipped = runs[case.id].outputs[0].copy()
    flipped.reshape(-1)[0] = np.nextafter(flipped.reshape(-1)[0], np.inf)
    other = dict(runs, **{case.id: CaseRun("ok", [flipped], "array", ["ndarray"])})
    codecheck.diagnose(graded, other)
    codecheck.diagnose(graded, runs, written="grad")
    assert len(made) == 3


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([1, 2, 5, 6, 7]), st.data())
def test_a_hidden_case_fails_exactly_when_the_same_case_shown_would(number, data):
    """A hidden case's verdict stops at "wrong" without working out how (it may say no more); it is
    wrong for the very answers the same case, shown, finds wrong, whatever they hold."""
    from dataclasses import replace

    from checker.codecheck import FAIL, _read, _verdict
    from checker.sandbox.client import CaseRun

    graded = exam(number)
    case = data.draw(st.sampled_from(graded.cases))
    expected = graded.expected[case.id]
    outputs = []
    for want in expected:
        got = np.array(want, dtype=np.float64)
        kind = data.draw(st.sampled_from(["same", "near", "far", "float32", "nan", "inf", "one-off", "tiny"]))
        if kind == "near":
            got = got + data.draw(st.sampled_from([1e-12, 1e-9, 1e-7, 1e-5, 1e-3]))
        elif kind == "far":
            got = got * data.draw(st.sampled_from([-1.0, 0.5, 2.0]))
        elif kind == "float32":
            got = got.astype(np.float32)
        elif kind == "nan" and got.size:
            got.reshape(-1)[data.draw(st.integers(0, got.size - 1))] = np.nan
        elif kind == "inf" and got.size:
            got.reshape(-1)[data.draw(st.integers(0, got.size - 1))] = np.inf
        elif kind == "one-off" and got.size:
            got.reshape(-1)[data.draw(st.integers(0, got.size - 1))] += data.draw(
                st.sampled_from([1e-6, 1e-2])
            )
        elif kind == "tiny":
            got = got + np.finfo(np.float32).eps * np.abs(got)
        outputs.append(got)
    structure = "arguments" if graded.spec.in_place else ("array" if len(expected) == 1 else "tuple")
    run = _read(CaseRun("ok", outputs, structure, ["ndarray"] * len(outputs)))
    hidden = replace(case, visibility="hidden")
    shown = replace(case, visibility="visible")
    verdict = _verdict(graded.spec, hidden, run, expected, True, False)
    seen = _verdict(graded.spec, shown, run, expected, False, True)
    assert verdict[0] == seen[0]
    if verdict[0] == FAIL:
        assert verdict[1].key == "check.hidden_wrong" and verdict[2] is None
