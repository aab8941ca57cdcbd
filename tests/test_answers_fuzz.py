"""Hypothesis over the answer parsers: any text gives a value or an AnswerError (never another
exception), what they return is well formed, and what a learner would type for a value reads back."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.answers import (
    MAX_ANSWER_LENGTH,
    MAX_SHAPE_DIMS,
    AnswerError,
    normalize,
    parse_choices,
    parse_match,
    parse_named_shapes,
    parse_number,
    parse_shapes,
    parse_text,
)
from checker.variant import format_number, format_shape

# characters that NFKC makes longer, digits of other scripts, dashes, superscripts and separators
EXPANDING = "⑳⒇㍱ﷺ㎏½¼ｘ×⁻¹²³１２３٣߃−–—‒﹣:;,./-()[]{}xX*^eE "
LABELS = [["forget gate", "망각 게이트"], ["input gate", "입력 게이트"], ["output gate", "출력 게이트"]]
FAST = settings(deadline=None, max_examples=150)  # no deadline: nothing here measures time

answer_text = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=EXPANDING + "0123456789abc", max_size=1100),
    st.text(alphabet="0123456789", min_size=900, max_size=1100),
    st.text(alphabet="⑳1a", min_size=400, max_size=1000),
)


def _reads(parser, text: str):
    """The parser's value, or None for an AnswerError; anything else escapes and fails the test."""
    try:
        return parser(text)
    except AnswerError as error:
        assert error.code.startswith("answer."), error.code
        return None


@FAST
@given(text=answer_text)
def test_normalize_is_bounded_after_nfkc(text):
    normal = _reads(normalize, text)
    assert normal is None or len(normal) <= MAX_ANSWER_LENGTH


@FAST
@given(text=answer_text)
def test_numbers_are_finite_floats(text):
    value = _reads(parse_number, text)
    assert value is None or (isinstance(value, float) and math.isfinite(value))


@FAST
@given(text=answer_text)
def test_shapes_are_small_tuples_of_whole_numbers(text):
    shapes = _reads(parse_shapes, text)
    for shape in shapes or []:
        assert len(shape) <= MAX_SHAPE_DIMS
        assert all(isinstance(d, int) and d >= 0 for d in shape)
    named = _reads(lambda t: parse_named_shapes(t, ["output", "h_n"]), text)
    assert named is None or len(named) == 2


@FAST
@given(text=answer_text)
def test_choices_are_distinct_indexes_in_range(text):
    picked = _reads(lambda t: parse_choices(t, LABELS), text)
    if picked is not None:
        assert picked and len(set(picked)) == len(picked)
        assert all(0 <= i < len(LABELS) for i in picked)


@FAST
@given(text=answer_text, n_left=st.integers(1, 26), n_right=st.integers(1, 26))
def test_match_pairs_are_in_range(text, n_left, n_right):
    pairs = _reads(lambda t: parse_match(t, n_left, n_right), text)
    for left, right in (pairs or {}).items():
        assert 0 <= left < n_left and 0 <= right < n_right


@FAST
@given(text=answer_text)
def test_texts_fold_to_something_short(text):
    folded = _reads(parse_text, text)
    assert folded is None or 0 < len(folded) <= MAX_ANSWER_LENGTH


@FAST
@given(value=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e299, max_value=1e299))
def test_a_number_as_python_or_the_quiz_writes_it_reads_back(value):
    assert parse_number(repr(value)) == value
    shown = format_number(value)
    assert parse_number(shown) == pytest.approx(value, rel=1e-5, abs=1e-300)
    assert parse_number(shown.replace("-", "−")) == parse_number(shown)


@FAST
@given(shape=st.lists(st.integers(0, 10**9 - 1), min_size=1, max_size=MAX_SHAPE_DIMS).map(tuple))
def test_a_shape_as_the_quiz_writes_it_reads_back(shape):
    assert parse_shapes(format_shape(shape)) == [shape]
    assert parse_shapes(f"torch.Size({list(shape)})") == [shape]


@FAST
@given(order=st.permutations(range(6)))
def test_pairs_as_the_quiz_writes_them_read_back(order):
    letters = [chr(ord("a") + i) for i in order]
    written = " ".join(f"{n + 1}{letter}" for n, letter in enumerate(letters))
    assert parse_match(written, 6, 6) == dict(enumerate(order))
    assert parse_match("".join(letters), 6, 6) == dict(enumerate(order))
