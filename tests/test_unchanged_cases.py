"""Tests whose right answer is the input left as it was (a gradient below the threshold) count only when
the file also passes a test whose answer differs from its input: a function that does nothing earns
nothing. Which tests those are, the grader finds for every exercise by handing the inputs back."""

from __future__ import annotations

import textwrap

import pytest
from exams import exam

from checker.codecheck import check_source
from checker.results import Status

CLIPPING = "import numpy as np\ndef gradient_clipping(grad, threshold):\n"
GRADS = "import numpy as np\ndef clip_grads(grads, max_norm):\n"


def check(source: str, number: int):
    return check_source(textwrap.dedent(source).encode(), f"exercise{number}.py", exam(number))


def passed(result) -> set[str]:
    return {t.id for t in result.tests if t.status == Status.PASS}


def test_the_cases_a_function_doing_nothing_passes_are_found_from_the_cases_themselves():
    one, seven = exam(1), exam(7)
    assert one.unchanged == {
        "keeps-below-threshold",
        "random-below-3d",
        "norm-equals-threshold",
        "zero-gradient",
        "tiny-norm",
    }
    assert "clips-above-threshold" not in one.unchanged and "huge-norm" not in one.unchanged
    assert "keeps-below" in seven.unchanged and "clips-above" not in seven.unchanged
    # an exercise whose answers are never one of its inputs has none
    assert not exam(2).unchanged and not exam(3).unchanged


@pytest.mark.parametrize(
    ("number", "body"),
    [
        (1, "    return grad\n"),
        (1, "    return grad.copy()\n"),
        (1, "    return grad * 1.0 + 0.0\n"),
        (7, "    pass\n"),
        (7, "    grads = [g * 0.5 for g in grads]\n"),  # rebinds: the caller's arrays stay as they were
    ],
)
def test_a_function_that_changes_nothing_scores_nothing(number, body):
    result = check((CLIPPING if number == 1 else GRADS) + body, number)
    assert result.score == 0 and not passed(result)
    kept = [t for t in result.tests if t.id in exam(number).unchanged]
    assert kept and all(t.message.key == "check.only_unchanged" and t.hint is None for t in kept)
    assert "unchanged on every test" in kept[0].message["en"]


def test_one_test_passed_that_changes_something_and_the_others_count():
    # right only on the 1-D case above the threshold (a norm over the first axis): the rest stands
    result = check(
        CLIPPING
        + "    n = np.linalg.norm(grad) if grad.ndim == 1 else 0.0\n"
        + "    return grad * (threshold / n) if n > threshold else grad.copy()\n",
        1,
    )
    assert "clips-above-threshold" in passed(result)
    assert exam(1).unchanged <= passed(result)
    assert result.score == len(passed(result))


@pytest.mark.parametrize(
    "body",
    [
        "    return np.clip(grad, -threshold, threshold)\n",  # clipping by value: it changes something
        "    n = np.linalg.norm(grad)\n    if n > threshold:\n        grad *= threshold / n\n    return grad\n",
        "    return grad if grad.ndim > 1 else np.zeros_like(grad)\n",  # unchanged on some cases only
    ],
)
def test_a_wrong_function_that_changes_something_keeps_the_tests_it_passes(body):
    result = check(CLIPPING + body, 1)
    assert passed(result) and result.score == len(passed(result))
    assert not any(t.message and t.message.key == "check.only_unchanged" for t in result.tests)


def test_a_right_file_and_one_wrong_only_where_nothing_should_change_keep_their_scores():
    right = check(
        CLIPPING
        + "    n = np.linalg.norm(grad)\n"
        + "    return grad * (threshold / n) if n > threshold else grad.copy()\n",
        1,
    )
    assert right.score == right.max_score
    always = check(CLIPPING + "    return grad * (threshold / (np.linalg.norm(grad) + 1e-12))\n", 1)
    assert "keeps-below-threshold" not in passed(always) and always.score == len(passed(always)) > 0
    assert not any(t.message and t.message.key == "check.only_unchanged" for t in always.tests)
