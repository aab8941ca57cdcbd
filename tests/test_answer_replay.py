"""The answer the app shows must be an answer it accepts, and never a door for a wrong one.

For every question of the shipped banks, many seeds and both languages, the correct answer exactly as the
app displays it (`Grade.correct_answer`, the text after a wrong answer) is typed back and graded the way
the session grades it (`checker.grading.grade` on the variant `checker.variant.generate` builds).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.answers import AnswerError, parse_choice, parse_choices, text_matches
from checker.bank import load_bank
from checker.grading import CORRECT, INVALID, grade
from checker.variant import generate

ROOT = Path(__file__).resolve().parent.parent
BANK = load_bank([ROOT / "quizzes"]).bank
QUESTIONS = [q for topic in BANK.topics for q in topic.questions]
SEEDS = range(20)
from checker.i18n import LANGS  # noqa: E402  every language the app speaks


def test_the_shipped_banks_are_all_replayed():
    assert len(QUESTIONS) >= 100  # 121 when written: 121 x 20 seeds x 2 languages = 4840 replays


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_the_displayed_correct_answer_gets_full_marks(question):
    failures = []
    for seed in SEEDS:
        variant = generate(question, seed)
        for lang in LANGS:
            shown = variant.answer_text(lang)
            result = grade(variant, shown)
            assert result.correct_answer[lang] == shown  # what the app displays is what is replayed
            if result.verdict != CORRECT or result.score != 1.0:
                failures.append((seed, lang, shown, result.verdict, result.invalid_reason))
    assert not failures, failures[:3]


def _variant(qid: str, seed: int = 0):
    return generate(BANK.question(qid), seed)


def _labels(variant, lang="en"):
    return variant.choice_labels(lang)


def _correct_position(variant) -> int:
    key = variant.answer
    return next(p for p, i in enumerate(variant.choice_order) if variant.question.choices[i].key == key)


# -- the examples of the report ---------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_a_choice_as_number_label_or_both(seed):
    variant = _variant("gates-history", seed)
    position = _correct_position(variant)
    label = _labels(variant)[position]
    assert label == "Hochreiter & Schmidhuber, 1997"
    for typed in (str(position + 1), label, f"{position + 1}) {label}", f"{position + 1}. {label}"):
        assert grade(variant, typed).verdict == CORRECT, typed


@pytest.mark.parametrize("qid", ["act-tanh-derivative-formula", "act-sigmoid-derivative-formula"])
def test_choice_texts_with_minus_signs_and_superscripts_match_either_way(qid):
    variant = _variant(qid)
    position = _correct_position(variant)
    label = _labels(variant)[position]
    assert "−" in label
    ascii_form = label.replace("−", "-").replace("²", "^2")
    for typed in (label, ascii_form, f"{position + 1}) {ascii_form}", ascii_form.upper()):
        assert grade(variant, typed).verdict == CORRECT, typed


def test_superscripts_and_minus_signs_are_normalised_on_both_sides():
    labels = [["1 − tanh²(x)"], ["1 + tanh²(x)"], ["tanh(x)"]]
    assert parse_choice("1 - tanh^2(x)", labels) == 0
    assert parse_choice("1−tanh²(x)", labels) == 0
    assert parse_choice("１ − ｔａｎｈ²(x)", labels) == 0
    assert parse_choice("1 + tanh^2(x)", labels) == 1


def test_a_multi_select_as_the_displayed_list():
    variant = _variant("gates-sigmoid-which")
    shown = variant.answer_text("en")
    assert shown.count(";") == 2 and ")" in shown
    assert grade(variant, shown).verdict == CORRECT
    labels_only = "; ".join(part.split(") ", 1)[1] for part in shown.split("; "))
    assert grade(variant, labels_only).verdict == CORRECT
    numbers_only = ", ".join(part.split(")", 1)[0] for part in shown.split("; "))
    assert grade(variant, numbers_only).verdict == CORRECT


def test_a_multi_select_whose_labels_hold_semicolons():
    variant = _variant("gru-vs-lstm-structure")
    for lang in LANGS:
        assert grade(variant, variant.answer_text(lang)).verdict == CORRECT


def test_shapes_with_part_names_as_displayed():
    variant = _variant("torch-lstm-example-bidirectional")
    shown = "output (1, 35, 40); h_n (4, 1, 20); c_n (4, 1, 20)"
    assert variant.answer_text("en") == shown
    assert grade(variant, shown).verdict == CORRECT
    assert grade(variant, "h_n (4, 1, 20); c_n (4, 1, 20); output (1, 35, 40)").verdict == CORRECT
    assert grade(variant, "output: (1, 35, 40) h_n: (4, 1, 20) c_n: (4, 1, 20)").verdict == CORRECT
    wrong = grade(variant, "output (1, 35, 20); h_n (4, 1, 20); c_n (4, 1, 20)")
    assert wrong.verdict != CORRECT and wrong.is_valid
    assert [p.correct for p in wrong.parts] == [False, True, True]


@pytest.mark.parametrize(
    "qid, typed",
    [
        ("ctx-text-forget-old-number", "망각 게이트(forget gate)"),
        ("ctx-text-forget-old-number", "망각 게이트 (forget gate)"),
        ("ctx-text-forget-old-number", "forget gate (f_t)"),
        ("ctx-text-forget-old-number", "forget gate（f_t）"),
        ("step-pytorch-gate-order", "forget gate (f_t)"),
        ("rnn-bptt-name", "BPTT(backpropagation through time)"),
        ("rnn-bptt-name", "backpropagation through time (BPTT)"),
        ("clip-pytorch-function", "clip_grad_norm_()"),
        ("clip-pytorch-function", "torch.nn.utils.clip_grad_norm_()"),
        ("vg-clipping-name", "clip_grad_norm_()"),
        ("gates-cec-name", "CEC (constant error carousel)"),
    ],
)
def test_text_answers_with_the_gloss_the_banks_display(qid, typed):
    assert grade(_variant(qid), typed).verdict == CORRECT


@pytest.mark.parametrize(
    "qid, alias",
    [
        ("gates-cec-name", "constant error carrousel"),
        ("vg-clipping-name", "그라디언트 클리핑"),
        ("vg-clipping-name", "norm clipping"),
        ("gates-candidate-activation", "탄젠트 하이퍼볼릭"),
        ("gates-candidate-activation", "np.tanh"),
        ("torch-lstm-weight-ih-gate-block", "셀 후보 값"),
        ("torch-lstm-weight-ih-gate-block", "c~"),
        ("ctx-text-forget-old-number", "포겟 게이트"),
        ("ctx-text-forget-old-number", "삭제 게이트"),
        ("step-pytorch-gate-order", "포겟 게이트"),
        ("step-pytorch-gate-order", "삭제 게이트"),
        ("rnn-bptt-name", "시간 방향 역전파"),
    ],
)
def test_added_aliases(qid, alias):
    assert grade(_variant(qid), alias).verdict == CORRECT


# -- never accept a wrong answer -------------------------------------------------------------------


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.type == "choice"], ids=lambda q: q.id)
def test_a_right_number_with_another_choices_text_is_invalid(question):
    """Decision: 'N) text' counts only when the text is choice N's own; otherwise it is invalid."""
    for seed in range(3):
        variant = generate(question, seed)
        position = _correct_position(variant)
        labels = _labels(variant)
        for other, label in enumerate(labels):
            if other == position:
                continue
            right_number = grade(variant, f"{position + 1}) {label}")
            assert right_number.verdict == INVALID, (right_number.response, right_number.verdict)
            right_text = grade(variant, f"{other + 1}) {labels[position]}")
            assert right_text.verdict == INVALID, (right_text.response, right_text.verdict)


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.type == "multi"], ids=lambda q: q.id)
def test_a_displayed_list_with_a_swapped_label_is_not_correct(question):
    for seed in range(3):
        variant = generate(question, seed)
        labels = _labels(variant)
        shown = variant.answer_text("en")
        items = shown.split("; ") if all(lab.count(";") == 0 for lab in labels) else None
        if items is None:
            continue
        first_number = int(items[0].split(")", 1)[0])
        stranger = next(i for i in range(len(labels)) if f"{i + 1}) " not in shown)
        items[0] = f"{first_number}) {labels[stranger]}"
        result = grade(variant, "; ".join(items))
        assert result.verdict == INVALID, (result.response, result.verdict)


def test_parse_level_rule_for_numbered_labels():
    labels = [["forget gate", "망각 게이트"], ["input gate", "입력 게이트"], ["output gate", "출력 게이트"]]
    assert parse_choices("1) forget gate", labels) == [0]
    assert parse_choices("1) 망각 게이트; 3) output gate", labels) == [0, 2]
    assert parse_choices("1) forget gate, 3) output gate", labels) == [0, 2]
    for typed in ("1) input gate", "2) forget gate", "1) forget gate; 3) input gate", "1) something else"):
        with pytest.raises(AnswerError) as error:
            parse_choices(typed, labels)
        assert error.value.code == "answer.not_a_choice", typed
    with pytest.raises(AnswerError) as error:
        parse_choices("4) forget gate", labels)
    assert error.value.code == "answer.choice_range"
    with pytest.raises(AnswerError) as error:
        parse_choices("1) forget gate; 1) forget gate", labels)
    assert error.value.code == "answer.duplicate_choice"


def test_one_word_labels_after_a_number_are_not_read_as_a_second_choice():
    labels = [["tanh"], ["sigmoid"], ["relu"]]
    assert parse_choices("1 2", labels) == [0, 1]
    assert parse_choices("tanh, sigmoid", labels) == [0, 1]
    with pytest.raises(AnswerError):
        parse_choices("1) sigmoid", labels)


def test_labels_that_only_differ_by_a_hyphen_are_told_apart_or_refused():
    labels = [["a-b"], ["ab"]]
    assert parse_choice("a-b", labels) == 0
    assert parse_choice("ab", labels) == 1
    assert parse_choice("A B", labels) == 1


@pytest.mark.parametrize(
    "typed",
    [
        "forget gate (input gate)",
        "input gate (forget gate)",
        "input gate",
        "forget gate (the input gate)",
        "forget gate input gate",
        "forget()gate",
    ],
)
def test_a_gloss_never_lets_a_wrong_answer_through(typed):
    assert grade(_variant("ctx-text-forget-old-number"), typed).verdict != CORRECT


def test_text_matching_rules():
    aliases = ["forget gate", "f_t", "망각 게이트"]
    assert text_matches("Forget-Gate", aliases)
    assert text_matches("망각게이트(f_t)", aliases)
    assert not text_matches("forget gate (input gate)", aliases)
    assert not text_matches("(forget gate)", aliases)
    assert text_matches("clip_grad_norm_()", ["clip_grad_norm_"])
    assert not text_matches("clip_grad_norm_(x)", ["clip_grad_norm_"])
    assert text_matches("tanh²", ["tanh^2"]) and text_matches("1 − x", ["1 - x"])


def test_feedback_still_recognises_a_glossed_wrong_answer():
    variant = _variant("torch-lstm-weight-ih-gate-block")
    result = grade(variant, "input gate (i_t)")
    assert result.verdict != CORRECT and result.misconception == "gate-order-other-source"
