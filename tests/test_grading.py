"""Variants and grading, per question type: verdicts, partial credit, feedback, invalid answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.bank import load_bank
from checker.grading import CORRECT, INVALID, PARTIAL, WRONG, grade
from checker.variant import generate

BANK = load_bank([Path(__file__).parent / "fixtures" / "good"]).bank


def variant(qid: str, seed: int = 7):
    return generate(BANK.question(qid), seed)


def position_of(v, key: str) -> int:
    """The number shown on screen for choice `key`."""
    keys = [v.question.choices[i].key for i in v.choice_order]
    return keys.index(key) + 1


# -- choice ------------------------------------------------------------------------------------


def test_choice_by_number_and_by_text_in_either_language():
    v = variant("sample-choice")
    assert grade(v, str(position_of(v, "forget"))).verdict == CORRECT
    assert grade(v, "Forget Gate").verdict == CORRECT
    assert grade(v, "망각 게이트").verdict == CORRECT


def test_choice_wrong_answer_gets_its_targeted_feedback():
    v = variant("sample-choice")
    result = grade(v, str(position_of(v, "input")))
    assert result.verdict == WRONG and result.score == 0
    assert result.misconception == "gate-role-swap"
    assert "candidate" in result.feedback["en"] and "후보" in result.feedback["ko"]
    assert result.correct_answer["en"] == f"{position_of(v, 'forget')}) forget gate"
    assert result.correct_answer["ko"].endswith("망각 게이트")


def test_wrong_answer_without_known_feedback_has_none():
    v = variant("sample-choice")
    result = grade(v, str(position_of(v, "output")))
    assert result.verdict == WRONG and result.feedback is None and result.misconception is None


def test_choice_order_is_shuffled_reproducibly_from_the_seed():
    orders = {variant("sample-multi", seed).choice_order for seed in range(30)}
    assert len(orders) > 1  # shuffled
    assert variant("sample-multi", 5).choice_order == variant("sample-multi", 5).choice_order


@pytest.mark.parametrize("text", ["9", "five", ""])
def test_unreadable_choice_is_invalid_not_wrong(text):
    result = grade(variant("sample-choice"), text)
    assert result.verdict == INVALID and result.score == 0
    assert result.invalid_reason["en"] and result.invalid_reason["ko"]


# -- multi: net-correct partial credit ----------------------------------------------------------


@pytest.mark.parametrize(
    "keys, score, verdict",
    [
        (["i", "f", "o"], 1.0, CORRECT),
        (["i", "f"], 2 / 3, PARTIAL),
        (["i", "f", "o", "g"], 2 / 3, PARTIAL),  # one wrong tick cancels one right tick
        (["i", "g"], 0.0, WRONG),
        (["g"], 0.0, WRONG),  # floored at 0
    ],
)
def test_multi_net_correct(keys, score, verdict):
    v = variant("sample-multi")
    result = grade(v, ", ".join(str(position_of(v, k)) for k in keys))
    assert result.score == pytest.approx(score, abs=1e-6)
    assert result.verdict == verdict


def test_multi_feedback_for_the_known_wrong_set():
    v = variant("sample-multi")
    result = grade(v, " ".join(str(position_of(v, k)) for k in "ifgo"))
    assert result.misconception == "candidate-uses-sigmoid"


# -- numeric -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["0.25", ".25", "1/4", "2.5e-1", "2.5×10^-1", "０．２５", "0.2501"])
def test_numeric_accepts_every_form_within_tolerance(text):
    assert grade(variant("sample-numeric"), text).verdict == CORRECT


def test_numeric_known_wrong_value_is_named():
    result = grade(variant("sample-numeric"), "0.3")
    assert result.verdict == WRONG
    assert result.misconception == "sigmoid-prime-max-0.3"
    assert result.correct_answer == {"en": "0.25", "ko": "0.25", "ja": "0.25"}


def test_numeric_unreadable_is_invalid_with_reason_in_both_languages():
    result = grade(variant("sample-numeric"), "zero point two five")
    assert result.verdict == INVALID
    assert "0.25" in result.invalid_reason["en"] and "숫자" in result.invalid_reason["ko"]


def test_integer_answers_are_exact():
    v = variant("sample-integer")
    assert grade(v, "2560").verdict == CORRECT
    assert grade(v, "2,560").verdict == CORRECT
    assert grade(v, "2561").verdict == WRONG  # 1% would have accepted this


def test_parametrized_numeric_is_fresh_and_reproducible():
    xs = {variant("sample-sigma-family", seed).values["x"] for seed in range(40)}
    assert len(xs) >= 3
    v = variant("sample-sigma-family", 3)
    assert v.values == variant("sample-sigma-family", 3).values
    x = v.values["x"]
    import math

    s = 1 / (1 + math.exp(-x))
    assert grade(v, f"{s * (1 - s):.4f}").verdict == CORRECT
    wrong = grade(v, f"{s:.4f}")
    assert wrong.verdict == WRONG and wrong.misconception == "sigma-instead-of-derivative"
    shown = str(x).replace("-", "−")  # negative values are typeset with a minus sign
    assert f"σ({shown})" in wrong.feedback["en"]
    assert v.explanation("en") == f"σ′({shown}) = {s * (1 - s):.4f}"


# -- text ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["forget gate", "Forget-Gate", "FORGETGATE", "망각게이트", "忘却ゲート"])
def test_text_aliases_in_any_language(text):
    assert grade(variant("sample-text"), text).verdict == CORRECT


def test_text_known_wrong_alias_gets_feedback():
    result = grade(variant("sample-text"), "입력 게이트")
    assert result.verdict == WRONG and result.misconception == "gate-role-swap"
    assert result.correct_answer["ko"] == "망각 게이트" and result.correct_answer["en"] == "forget gate"


# -- shape ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["(80, 10)", "[80,10]", "torch.Size([80, 10])", "80x10", "８０×１０"])
def test_shape_forms(text):
    assert grade(variant("sample-shape"), text).verdict == CORRECT


def test_shape_transposed_is_named():
    result = grade(variant("sample-shape"), "(10, 80)")
    assert result.verdict == WRONG and result.misconception == "transposed-weight"


def test_several_shapes_get_partial_credit_per_part():
    v = variant("sample-parts")
    b, h, t = v.values["batch"], v.values["hidden_size"], v.values["seq_len"]
    right = grade(v, f"({b},{t},{h}); ({1},{b},{h})")
    assert right.verdict == CORRECT and [p.correct for p in right.parts] == [True, True]
    half = grade(v, f"({b},{t},{h}); ({b},1,{h})")  # batch_first wrongly applied to h_n
    assert half.verdict == PARTIAL and half.score == 0.5
    assert half.misconception == "batch-first-applied-to-h-n"
    assert [p.name for p in half.parts] == ["output", "h_n"]
    assert half.parts[1].expected == f"(1, {b}, {h})" and half.parts[1].given == f"({b}, 1, {h})"
    assert "batch_first does not apply to h_{n}" in v.explanation("en")


def test_several_shapes_with_the_wrong_count_are_invalid():
    result = grade(variant("sample-parts"), "(1, 2, 3)")
    assert result.verdict == INVALID
    assert "2" in result.invalid_reason["en"] and "output, h_n" in result.invalid_reason["en"]


# -- match ---------------------------------------------------------------------------------------


def letters_for(v) -> str:
    return "".join(chr(ord("a") + v.right_order.index(i)) for i in range(len(v.question.pairs)))


def test_match_all_pairs_right():
    v = variant("sample-match")
    letters = letters_for(v)
    assert grade(v, letters).verdict == CORRECT
    assert grade(v, " ".join(f"{n + 1}{c}" for n, c in enumerate(letters))).verdict == CORRECT
    assert v.answer_text("en") == " ".join(f"{n + 1}{c}" for n, c in enumerate(letters))


def test_match_partial_credit_per_pair():
    v = variant("sample-match")
    letters = letters_for(v)
    swapped = letters[1] + letters[0] + letters[2]
    result = grade(v, swapped)
    assert result.verdict == PARTIAL and result.score == pytest.approx(1 / 3, abs=1e-6)
    only_one = grade(v, f"3{letters[2]}")
    assert only_one.score == pytest.approx(1 / 3, abs=1e-6)


def test_match_items_are_shown_in_both_languages():
    v = variant("sample-match")
    assert v.left_items("ko") == ["망각 게이트", "입력 게이트", "출력 게이트"]
    assert sorted(v.right_items("en")) == ["erase", "read", "write"]


# -- purity ----------------------------------------------------------------------------------------


def test_grading_is_a_pure_function_of_variant_and_answer():
    v = variant("sample-parts", 11)
    assert grade(v, "(1,2,3); (4,5,6)") == grade(variant("sample-parts", 11), "(1,2,3); (4,5,6)")
