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


# One LSTM step with Python loops and the math module only: the slowest honest form (its largest case
# takes about 0.1 s of CPU, its others well under a millisecond).
LOOPED_2 = textwrap.dedent("""
    import math
    import numpy as np

    def _sigmoid(v):
        return 1.0 / (1.0 + math.exp(-v)) if v >= 0 else math.exp(v) / (1.0 + math.exp(v))

    def lstm_step(x, prev_h, prev_c, W, U, b):
        n, d, size = len(x), len(x[0]), len(prev_h[0])
        next_h = [[0.0] * size for _ in range(n)]
        next_c = [[0.0] * size for _ in range(n)]
        for r in range(n):
            z = []
            for k in range(4 * size):
                total = float(b[k])
                for j in range(d):
                    total += float(x[r][j]) * float(W[k][j])
                for j in range(size):
                    total += float(prev_h[r][j]) * float(U[k][j])
                z.append(total)
            for k in range(size):
                a, i = math.tanh(z[k]), _sigmoid(z[size + k])
                f, o = _sigmoid(z[2 * size + k]), _sigmoid(z[3 * size + k])
                next_c[r][k] = f * float(prev_c[r][k]) + i * a
                next_h[r][k] = o * math.tanh(next_c[r][k])
        return np.array(next_c), np.array(next_h)
""")


@pytest.mark.parametrize("batch", [False, True], ids=["check", "grade"])
def test_a_solution_written_with_python_loops_is_not_stopped_by_a_time_limit(runner, batch):
    """A batch stops an endless loop soon (its smallest cases have a fraction of a second): a slow but
    honest solution still has a wide margin on every case."""
    result = run_check(runner, LOOPED_2, 2, batch)
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


def _unstable(source: str, old: str) -> str:
    """The right file with σ written the way that overflows: exp(z) / (1 + exp(z)) is nan for z > 709."""
    assert old in source
    return source.replace(old, "np.exp({0}) / (1 + np.exp({0}))".format(old.split("(-")[1].rstrip(")")))


def _unstable_sources() -> dict:
    from test_exercise_gru_step import GRU_RIGHT, gru_source

    return {
        2: _unstable(GOOD_2, "1 / (1 + np.exp(-z))"),
        3: _unstable(gru_source(GRU_RIGHT["split-weights"]), "1.0 / (1.0 + np.exp(-a))"),
        6: _unstable(book_source(LSTM_RIGHT["the-book-verbatim"]), "1 / (1 + np.exp(-x))"),
    }


@pytest.mark.parametrize("number", [2, 3, 6])
def test_the_case_built_for_overflow_catches_an_unstable_sigmoid_for_every_secret(runner, number):
    """Whatever the course's secret, the "saturated" hidden case overflows exp: σ written as
    exp(z) / (1 + exp(z)) fails it (and only it), where before it passed for most secrets."""
    source = _unstable_sources()[number].encode()
    for seed in range(12):
        result = check_source(source, f"exercise{number}.py", exam(number, seed), runner=runner,
                              policy=BATCH, show_output=False)  # fmt: skip
        failed = [t.id for t in result.tests if t.status != "pass"]
        assert failed == ["saturated"], (seed, failed)


TINY_WRONG = {
    "zeroed": "return np.zeros_like(grad) if n < 1e-12 else",
    "scaled up": "return grad * 1e6 if n < 1e-12 else",
}


@pytest.mark.parametrize("how", sorted(TINY_WRONG))
def test_a_tiny_gradient_zeroed_or_scaled_fails_its_case(runner, how):
    """Values of 1e-30 sit far inside an absolute tolerance of 1e-9: their case compares them by
    relative tolerance, so zeros or a millionfold are wrong there, and the unchanged gradient right."""
    source = textwrap.dedent(f"""
        import numpy as np
        def gradient_clipping(grad, threshold):
            n = np.linalg.norm(grad)
            {TINY_WRONG[how]} (grad * (threshold / n) if n > threshold else grad.copy())
    """)
    result = run_check(runner, source, 1)
    assert [t.id for t in result.tests if t.status != "pass"] == ["tiny-norm"]
    right = source.replace(TINY_WRONG[how], "return")
    assert_full_score(run_check(runner, right, 1))


def test_a_float32_computation_is_right_to_its_precision(runner):
    """Deep-learning code often casts to float32: rounding at float32's precision is no mistake, and no
    diagnosis names a term or a shape for it. A float32 answer that is wrong is still wrong."""
    cast = GOOD_2.replace(
        "def lstm_step(x, prev_h, prev_c, W, U, b):\n",
        "def lstm_step(x, prev_h, prev_c, W, U, b):\n"
        "    x, prev_h, prev_c, W, U, b = (np.asarray(v, dtype=np.float32) for v in (x, prev_h, prev_c, W, U, b))\n",
    )
    assert cast != GOOD_2
    for batch in (False, True):
        result = run_check(runner, cast, 2, batch)
        assert_full_score(result)
        assert not result.findings and not result.misconceptions
    wrong = cast.replace("+ prev_h @ U.T", "")
    assert wrong != cast
    assert run_check(runner, wrong, 2).status != "pass"
