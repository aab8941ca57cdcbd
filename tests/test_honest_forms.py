"""An honest file gets its score whatever reasonable form its answer takes, and the same score in
`check` and `grade`; a file that is wrong where a case was built to catch it never passes."""

from __future__ import annotations

import textwrap

import pytest
from exams import assert_full_score, exam
from test_exercise_book_lstm import LSTM_RIGHT, book_source
from test_exercise_rnn_bptt import RIGHT as BPTT_RIGHT
from test_grade import GOOD_2

from checker.codecheck import check_source
from checker.policy import BATCH

ANSWERS = {  # exercise -> (a right file, its function, how many outputs it returns)
    2: (GOOD_2, "lstm_step", 2),
    5: (textwrap.dedent(BPTT_RIGHT["reversed-loop"]), "rnn_bptt", 4),
    6: (book_source(LSTM_RIGHT["the-book-verbatim"]), "lstm_forward", 2),
}


def run_check(runner, source: str, number: int, batch: bool = False):
    options = {"policy": BATCH, "show_output": False} if batch else {}
    return check_source(source.encode(), f"exercise{number}.py", exam(number), runner=runner, **options)


def as_namedtuple(source: str, function: str, count: int) -> str:
    """The right file, its answer handed back as a namedtuple (as `collections` teaches)."""
    fields = ", ".join(f'"out{i}"' for i in range(count))
    return source + textwrap.dedent(f"""
        from collections import namedtuple
        _Answer = namedtuple("Answer", [{fields}])
        _right = {function}
        def {function}(*args):
            return _Answer(*_right(*args))
    """)


@pytest.mark.parametrize("batch", [False, True], ids=["check", "grade"])
@pytest.mark.parametrize("number", sorted(ANSWERS))
def test_a_namedtuple_answer_is_a_tuple(runner, number, batch):
    source, function, count = ANSWERS[number]
    result = run_check(runner, as_namedtuple(source, function, count), number, batch)
    assert_full_score(result)


PRINTS_1 = textwrap.dedent("""
    import numpy as np
    def gradient_clipping(grad, threshold):
        print("debug", "x" * 200_000)  # a leftover print, far more than anyone reads
        n = np.linalg.norm(grad)
        return grad * (threshold / n) if n > threshold else grad.copy()
""")


@pytest.mark.parametrize("batch", [False, True], ids=["check", "grade"])
def test_printing_too_much_costs_no_test(runner, batch):
    """`grade` runs every case in one child: a leftover print in each call adds up, and is dropped
    past what the grader keeps, never turned into an exception in the student's print."""
    result = run_check(runner, PRINTS_1, 1, batch)
    assert_full_score(result)
    if not batch:
        assert result.stdout.startswith("debug xxx") and result.stdout_truncated
