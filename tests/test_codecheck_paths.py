"""The grader's fast paths agree with the slow, obvious ones they replace."""

from __future__ import annotations

import numpy as np
import pytest
from exams import SHIPPED
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
