"""The answer parsers: every accepted form, the invalid ones, and no crash on any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.answers import (
    AnswerError,
    fold_text,
    parse_choice,
    parse_choices,
    parse_match,
    parse_named_shapes,
    parse_number,
    parse_shape,
    parse_shapes,
    parse_text,
    text_matches,
)


@pytest.mark.parametrize(
    "text, value",
    [
        ("0.25", 0.25),
        (".25", 0.25),
        ("1/4", 0.25),
        ("2.5e-1", 0.25),
        ("2.5E-1", 0.25),
        ("2.5×10^-1", 0.25),
        ("2.5x10^-1", 0.25),
        ("2.5 × 10^-1", 0.25),
        ("2.5*10**-1", 0.25),
        ("2.5×10⁻¹", 0.25),
        ("０．２５", 0.25),
        ("１／４", 0.25),
        ("−0.25", -0.25),  # U+2212 minus sign
        ("-1/4", -0.25),
        ("1 / 4", 0.25),
        ("1÷4", 0.25),
        ("  0.25  ", 0.25),
        ("+0.25", 0.25),
        ("≈0.25", 0.25),
        ("0,25", 0.25),  # decimal comma
        ("2,560", 2560),  # thousands separator
        ("1,234,567", 1234567),
        ("2560", 2560),
        ("10^-3", 0.001),
        ("1e3", 1000),
        ("25.", 25),
    ],
)
def test_numbers_in_every_accepted_form(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "answer.empty"),
        ("   ", "answer.empty"),
        ("abc", "answer.not_a_number"),
        ("0.2.5", "answer.not_a_number"),
        ("0.25 0.3", "answer.several_numbers"),
        ("0.25, 0.3", "answer.several_numbers"),
        ("25%", "answer.percent"),
        ("1/0", "answer.divide_by_zero"),
        ("inf", "answer.not_finite"),
        ("nan", "answer.not_finite"),
        ("1e999", "answer.not_finite"),
        ("1/2/3", "answer.not_a_number"),
        ("x" * 2000, "answer.too_long"),
    ],
)
def test_unreadable_numbers_are_invalid_with_a_reason(text, code):
    with pytest.raises(AnswerError) as error:
        parse_number(text)
    assert error.value.code == code


@pytest.mark.parametrize(
    "text, shape",
    [
        ("(1, 35, 20)", (1, 35, 20)),
        ("[1,35,20]", (1, 35, 20)),
        ("torch.Size([1, 35, 20])", (1, 35, 20)),
        ("Size([1, 35, 20])", (1, 35, 20)),
        ("1x35x20", (1, 35, 20)),
        ("1×35×20", (1, 35, 20)),
        ("1 x 35 x 20", (1, 35, 20)),
        ("（１，３５，２０）", (1, 35, 20)),
        ("［１, ３５, ２０］", (1, 35, 20)),
        ("(80,)", (80,)),
        ("80", (80,)),
        ("()", ()),
        ("(4, 1, 20,)", (4, 1, 20)),
    ],
)
def test_shapes_in_every_accepted_form(text, shape):
    assert parse_shape(text) == shape


@pytest.mark.parametrize(
    "text, code",
    [
        ("", "answer.empty"),
        ("hello", "answer.not_a_shape"),
        ("(1.5, 2)", "answer.bad_dim"),
        ("(-1, 2)", "answer.bad_dim"),
        ("(a, b)", "answer.bad_dim"),
        ("(1, 2) (3, 4)", "answer.not_a_shape"),  # two shapes where one is asked
    ],
)
def test_unreadable_shapes_are_invalid(text, code):
    with pytest.raises(AnswerError) as error:
        parse_shape(text)
    assert error.value.code == code


@pytest.mark.parametrize(
    "text",
    [
        "(1,35,20); (1,1,20); (1,1,20)",
        "(1,35,20) (1,1,20) (1,1,20)",
        "(1, 35, 20), (1, 1, 20), (1, 1, 20)",
        "[1,35,20] [1,1,20] [1,1,20]",
        "torch.Size([1, 35, 20]) torch.Size([1, 1, 20]) torch.Size([1, 1, 20])",
        "1x35x20, 1x1x20, 1x1x20",
        "1×35×20; 1×1×20; 1×1×20",
        "output=(1,35,20); h_n=(1,1,20); c_n=(1,1,20)",
        "output: (1,35,20) h_n: (1,1,20) c_n: (1,1,20)",
    ],
)
def test_several_shapes_on_one_line(text):
    expected = [(1, 35, 20), (1, 1, 20), (1, 1, 20)]
    assert parse_named_shapes(text, ["output", "h_n", "c_n"]) == expected


def test_wrong_number_of_shapes_says_how_many_are_wanted():
    with pytest.raises(AnswerError) as error:
        parse_named_shapes("(1,35,20); (1,1,20)", ["output", "h_n", "c_n"])
    assert error.value.code == "answer.part_count"
    assert error.value.fields["expected"] == 3 and error.value.fields["given"] == 2


@pytest.mark.parametrize(
    "a, b",
    [
        ("forget gate", "Forget-Gate"),
        ("forget gate", "forgetgate"),
        ("forget gate", "FORGET_GATE"),
        ("망각 게이트", "망각게이트"),
        ("忘却ゲート", "忘却・ゲート"),
        ("LSTM", "ＬＳＴＭ"),
        ("tanh", " tanh. "),
    ],
)
def test_text_folding_treats_these_as_equal(a, b):
    assert fold_text(a) == fold_text(b)


def test_text_folding_keeps_different_words_apart():
    assert fold_text("forget gate") != fold_text("input gate")
    with pytest.raises(AnswerError):
        parse_text("  - _ ")


LABELS = [["forget gate", "망각 게이트"], ["input gate", "입력 게이트"], ["output gate", "출력 게이트"]]


@pytest.mark.parametrize(
    "text, picked",
    [("1", [0]), ("３", [2]), ("forget gate", [0]), ("입력 게이트", [1]), ("1, 3", [0, 2]), ("1 3", [0, 2])],
)
def test_choices_by_number_or_text(text, picked):
    assert parse_choices(text, LABELS) == picked


@pytest.mark.parametrize(
    "text, code",
    [
        ("4", "answer.choice_range"),
        ("0", "answer.choice_range"),
        ("cell gate", "answer.not_a_choice"),
        ("1, 1", "answer.duplicate_choice"),
    ],
)
def test_bad_choices(text, code):
    with pytest.raises(AnswerError) as error:
        parse_choices(text, LABELS)
    assert error.value.code == code


def test_one_choice_only_for_a_choice_question():
    with pytest.raises(AnswerError) as error:
        parse_choice("1, 2", LABELS)
    assert error.value.code == "answer.one_choice"


@pytest.mark.parametrize(
    "text", ["1a 2c 3b", "1-a, 2-c, 3-b", "acb", "a c b", "1A 2C 3B", "１ａ ２ｃ ３ｂ", "3b 1a 2c"]
)
def test_match_forms(text):
    assert parse_match(text, 3, 3) == {0: 0, 1: 2, 2: 1}


def test_match_may_leave_items_out():
    assert parse_match("1a", 3, 3) == {0: 0}


@pytest.mark.parametrize(
    "text, code",
    [
        ("1a 1b", "answer.match_duplicate"),
        ("4a", "answer.match_range"),
        ("1z", "answer.match_range"),
        ("1a ??", "answer.match_format"),
    ],
)
def test_bad_matches(text, code):
    with pytest.raises(AnswerError) as error:
        parse_match(text, 3, 3)
    assert error.value.code == code


PARSERS = [
    parse_number,
    parse_shape,
    parse_shapes,
    parse_text,
    lambda t: parse_named_shapes(t, ["output", "h_n"]),
    lambda t: parse_choices(t, LABELS),
    lambda t: parse_match(t, 3, 3),
]


@pytest.mark.parametrize("parser", PARSERS)
@settings(deadline=None)  # no test times anything: a busy machine must not fail it
@given(text=st.text(max_size=60))
def test_parsers_never_raise_anything_but_answer_error(parser, text):
    try:
        parser(text)
    except AnswerError:
        pass


@settings(deadline=None)
@given(text=st.text(alphabet="0123456789.,/-+eE×x^()[]; ⁻¹２５．／", max_size=30))
def test_number_and_shape_parsers_on_answer_like_text(text):
    for parser in (parse_number, parse_shapes):
        try:
            parser(text)
        except AnswerError:
            pass


# -- the length is checked after NFKC, which can make one character many ---------------------------


@pytest.mark.parametrize(
    "text", ["⑳" * 1000, "⑳" * 501, "ﷺ" * 60, "㍱" * 400], ids=["20x1000", "20x501", "ligature", "hpa"]
)
def test_a_text_that_grows_past_the_limit_when_normalised_is_too_long(text):
    assert len(text) <= 1000
    for parser in PARSERS:
        with pytest.raises(AnswerError) as error:
            parser(text)
        assert error.value.code == "answer.too_long"


def test_normalising_never_returns_more_than_the_limit():
    from checker.answers import MAX_ANSWER_LENGTH, normalize

    assert normalize("⑳" * 500) == "20" * 500
    with pytest.raises(AnswerError):
        normalize("⑳" * 501)
    assert len(normalize("1" * MAX_ANSWER_LENGTH)) == MAX_ANSWER_LENGTH


def test_pairs_are_read_from_where_a_digit_run_starts():
    assert parse_match("12a", 12, 3) == {11: 0}
    assert parse_match("1a 2b 3c", 3, 3) == {0: 0, 1: 1, 2: 2}
    with pytest.raises(AnswerError) as error:
        parse_match("1" * 999 + "a", 3, 3)
    assert error.value.code == "answer.match_range"


EOS = ["EOS", "<EOS>", "end-of-sequence token", "문장 끝 토큰", "終了トークン"]


@pytest.mark.parametrize(
    ("typed", "aliases"),
    [
        ("EOS token", EOS),  # an alias, then the head word another alias ends with
        ("<EOS> token", EOS),
        ("EOS 토큰", EOS),
        ("EOSトークン", EOS),  # a katakana word ending a kanji one
        ("central difference method", ["central difference", "中心差分法"]),  # a word for a method
        ("BPTT法", ["BPTT", "backpropagation through time"]),
        ("중심 차분법", ["중심 차분", "central difference"]),
    ],
)
def test_an_alias_with_the_questions_own_head_word_is_accepted(typed, aliases):
    assert text_matches(typed, aliases)


@pytest.mark.parametrize(
    ("typed", "aliases"),
    [
        ("BOS token", EOS),  # the head word does not make another name right
        ("token", EOS),
        ("end token", EOS),
        ("input gate", ["forget gate", "f_t", "망각 게이트"]),
        ("forward difference method", ["central difference"]),
    ],
)
def test_a_head_word_after_a_wrong_name_is_still_wrong(typed, aliases):
    assert not text_matches(typed, aliases)


@pytest.mark.parametrize(
    ("typed", "read"),
    [("（６、４８）", (6, 48)), ("[1、35、20]", (1, 35, 20)), ("２ｘ３", (2, 3))],
)
def test_a_shape_typed_with_a_japanese_keyboards_comma_is_read(typed, read):
    assert parse_shape(typed) == read


@pytest.mark.parametrize(("typed", "read"), [("０。２", 0.2), ("0。25", 0.25), ("1、000", 1000.0)])
def test_a_number_typed_with_a_japanese_keyboards_point_is_read(typed, read):
    assert parse_number(typed) == read


@pytest.mark.parametrize(
    ("typed", "aliases"),
    [
        ("cell input gate", ["cell input", "g_t", "input gate"]),  # another alias's head after a long one
        ("soft max max", ["softmax", "soft max"]),
        ("bidirectional true", ["bidirectional", "bidirectional=True"]),
    ],
)
def test_a_long_alias_takes_no_other_aliases_head_word(typed, aliases):
    assert not text_matches(typed, aliases)
