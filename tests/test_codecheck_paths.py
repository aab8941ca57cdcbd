"""The grader's fast paths agree with the slow, obvious ones they replace."""

from __future__ import annotations

import numpy as np
from exams import SHIPPED
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from checker.codecheck import _close

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
