"""Every catalogued mistake, written out as a student would write it, is named; correct styles pass.

The sources below never call the grader's variants: each is a small file in a learner's own words
(np.split, slicing, a `sigmoid` helper, ...). A wrong file must fail and be explained by exactly the tag
of its mistake; a file with two unrelated mistakes, or with nonsense values, must not be given a guess.
"""

from __future__ import annotations

import itertools
import textwrap

import pytest
from exams import assert_full_score, assert_named, exam, tags
from exams import spec as spec_of

from checker.codecheck import check_source


def run_check(runner, source: str, exercise: int):
    return check_source(
        textwrap.dedent(source).encode(), f"exercise{exercise}.py", exam(exercise), runner=runner
    )


# -- exercise 1: gradient_clipping ----------------------------------------------------------------------

CLIP_WRONG = {
    "clip-in-place": """
        import numpy as np

        def gradient_clipping(grad, threshold):
            norm = np.linalg.norm(grad)
            if norm > threshold:
                grad *= threshold / norm
            return grad
    """,
    "clip-elementwise": """
        import numpy as np

        def gradient_clipping(grad, threshold):
            return np.clip(grad, -threshold, threshold)
    """,
    "clip-inverted-ratio": """
        import numpy as np

        def gradient_clipping(grad, threshold):
            norm = np.linalg.norm(grad)
            if norm > threshold:
                return grad * (norm / threshold)
            return grad.copy()
    """,
    "clip-wrong-comparison": """
        import numpy as np

        def gradient_clipping(grad, threshold):
            norm = np.linalg.norm(grad)
            if norm < threshold:
                return grad * (threshold / norm)
            return grad.copy()
    """,
    "clip-unit-norm": """
        import numpy as np

        def gradient_clipping(grad, threshold):
            norm = np.sqrt(np.sum(grad ** 2))
            if norm > threshold:
                return grad / norm
            return grad.copy()
    """,
    "clip-per-row-norm": """
        import numpy as np

        def gradient_clipping(grad, threshold):
            norms = np.linalg.norm(grad, axis=-1, keepdims=True)
            rate = np.minimum(1.0, threshold / np.maximum(norms, 1e-12))
            return grad * rate
    """,
    "clip-missing-sqrt": """
        import numpy as np

        def gradient_clipping(grad, threshold):
            norm = np.sum(grad ** 2)
            if norm > threshold:
                return grad * (threshold / norm)
            return grad.copy()
    """,
    "clip-l1-norm": """
        import numpy as np

        def gradient_clipping(grad, threshold):
            norm = np.sum(np.abs(grad))
            if norm > threshold:
                return grad * (threshold / norm)
            return grad.copy()
    """,
    "clip-max-norm": """
        import numpy as np

        def gradient_clipping(grad, threshold):
            norm = np.abs(grad).max()
            if norm > threshold:
                return grad * (threshold / norm)
            return grad.copy()
    """,
    "clip-nan-on-zero": """
        import numpy as np

        def gradient_clipping(grad, threshold):
            norm = np.linalg.norm(grad)
            return grad / norm * min(norm, threshold)
    """,
}


def test_every_clipping_misconception_has_a_student_source():
    assert set(CLIP_WRONG) == {m.tag for m in spec_of(1).misconceptions}


@pytest.mark.parametrize("tag", list(CLIP_WRONG))
def test_a_clipping_mistake_is_named(runner, tag):
    assert_named(run_check(runner, CLIP_WRONG[tag], 1), tag)


def test_clipping_in_place_fails_on_the_mutation_not_the_values(runner):
    result = run_check(runner, CLIP_WRONG["clip-in-place"], 1)
    mutated = [t for t in result.tests if t.status != "pass"]
    assert {t.message["en"] for t in mutated} == {"Modified its argument grad in place."}
    assert {t.id for t in mutated} >= {"clips-above-threshold", "huge-norm"}


CLIP_RIGHT = {
    "linalg-norm": """
        import numpy as np

        def gradient_clipping(grad, threshold):
            norm = np.linalg.norm(grad)
            if norm > threshold:
                return grad * (threshold / norm)
            return grad.copy()
    """,
    "sqrt-sum-squares": """
        import numpy as np

        def gradient_clipping(grad, threshold):
            norm = np.sqrt(np.sum(grad ** 2))
            if norm > threshold:
                grad = grad * threshold / norm
            return grad
    """,
    "python-loop": """
        import numpy as np

        def gradient_clipping(grad, threshold):
            total = 0.0
            for value in grad.flat:
                total += value * value
            norm = total ** 0.5
            if norm <= threshold:
                return np.array(grad)
            return grad * (threshold / norm)
    """,
    "rate-returns-grad-itself": """
        import numpy as np

        def gradient_clipping(grad, threshold):
            norm = np.linalg.norm(grad)
            rate = threshold / norm
            if rate < 1:
                return grad * rate
            return grad
    """,
    "minimum-with-guard": """
        import numpy as np

        def gradient_clipping(grad, threshold):
            norm = np.linalg.norm(grad)
            return grad * np.minimum(1.0, threshold / max(norm, 1e-12))
    """,
    "epsilon-in-denominator": """
        import numpy as np

        def gradient_clipping(grad, threshold):
            norm = np.sqrt(np.sum(np.square(grad)))
            if norm > threshold:
                return grad * (threshold / (norm + 1e-12))
            return grad.copy()
    """,
    "float64-norm-keeps-dtype": """
        import numpy as np

        def gradient_clipping(grad, threshold):
            grad = np.asarray(grad)
            norm = np.sqrt(np.sum(grad.astype(np.float64) ** 2))
            if norm > threshold:
                return (grad * (threshold / norm)).astype(grad.dtype)
            return grad.copy()
    """,
    "upcast-to-float64": """
        import numpy as np

        def gradient_clipping(grad, threshold):
            g = np.array(grad, dtype=np.float64)
            norm = np.linalg.norm(g.ravel())
            if norm > threshold:
                g *= threshold / norm
            return g
    """,
    "vdot": """
        import math
        import numpy as np

        def gradient_clipping(grad, threshold):
            norm = math.sqrt(float(np.vdot(grad, grad)))
            scale = threshold / norm if norm > threshold else 1.0
            return grad * scale
    """,
}


@pytest.mark.parametrize("style", list(CLIP_RIGHT))
def test_correct_clipping_styles_get_full_marks(runner, style):
    assert_full_score(run_check(runner, CLIP_RIGHT[style], 1))


# -- exercise 2: lstm_step ----------------------------------------------------------------------------

SIGMOID = """
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))
"""


def lstm_source(body: str) -> str:
    return SIGMOID + textwrap.dedent(body)


LSTM_WRONG = {
    "lstm-prev-c-in-place": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = x @ W.T + prev_h @ U.T + b
            a, i, f, o = np.split(z, 4, axis=1)
            prev_c *= sigmoid(f)
            prev_c += sigmoid(i) * np.tanh(a)
            c = prev_c
            h = sigmoid(o) * np.tanh(c)
            return c, h
    """,
    "lstm-returns-h-c": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = x @ W.T + prev_h @ U.T + b
            a, i, f, o = np.split(z, 4, axis=1)
            c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c
            h = sigmoid(o) * np.tanh(c)
            return h, c
    """,
    "lstm-pytorch-gate-order": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = x @ W.T + prev_h @ U.T + b
            i, f, g, o = np.split(z, 4, axis=1)
            c = sigmoid(f) * prev_c + sigmoid(i) * np.tanh(g)
            h = sigmoid(o) * np.tanh(c)
            return c, h
    """,
    "lstm-forget-input-swapped": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = x @ W.T + prev_h @ U.T + b
            a, i, f, o = np.split(z, 4, axis=1)
            c = sigmoid(f) * np.tanh(a) + sigmoid(i) * prev_c
            h = sigmoid(o) * np.tanh(c)
            return c, h
    """,
    "lstm-activation-before-recurrence": """
        def _activation(z):
            return np.tanh(z)


        def lstm_step(x, prev_h, prev_c, W, U, b):
            lstm_in = _activation(x.dot(W.T)) + prev_h.dot(U.T) + b
            a, i, f, o = np.hsplit(lstm_in, 4)
            a = np.tanh(a)
            input_gate = sigmoid(i)
            forget_gate = sigmoid(f)
            output_gate = sigmoid(o)
            c = input_gate * a + forget_gate * prev_c
            h = output_gate * np.tanh(c)
            return c, h
    """,
    "lstm-gates-tanh": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = x @ W.T + prev_h @ U.T + b
            a, i, f, o = np.split(z, 4, axis=1)
            a, i, f, o = np.tanh(a), np.tanh(i), np.tanh(f), np.tanh(o)
            c = i * a + f * prev_c
            h = o * np.tanh(c)
            return c, h
    """,
    "lstm-candidate-sigmoid": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = x @ W.T + prev_h @ U.T + b
            a, i, f, o = np.split(z, 4, axis=1)
            a, i, f, o = sigmoid(a), sigmoid(i), sigmoid(f), sigmoid(o)
            c = i * a + f * prev_c
            h = o * np.tanh(c)
            return c, h
    """,
    "lstm-missing-bias": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = x @ W.T + prev_h @ U.T
            a, i, f, o = np.split(z, 4, axis=1)
            c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c
            h = sigmoid(o) * np.tanh(c)
            return c, h
    """,
    "lstm-h-without-tanh": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = x @ W.T + prev_h @ U.T + b
            a, i, f, o = np.split(z, 4, axis=1)
            c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c
            h = sigmoid(o) * c
            return c, h
    """,
    "lstm-cell-from-prev-h": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = x @ W.T + prev_h @ U.T + b
            a, i, f, o = np.split(z, 4, axis=1)
            c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_h
            h = sigmoid(o) * np.tanh(c)
            return c, h
    """,
    "lstm-missing-forget-gate": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = x @ W.T + prev_h @ U.T + b
            a, i, f, o = np.split(z, 4, axis=1)
            c = sigmoid(i) * np.tanh(a) + prev_c
            h = sigmoid(o) * np.tanh(c)
            return c, h
    """,
}

GENERIC_ORDERS = [
    order
    for order in itertools.permutations("aifo")
    if order not in {tuple("aifo"), tuple("ifao"), tuple("afio")}
]

ORDER_TEMPLATE = """
    def lstm_step(x, prev_h, prev_c, W, U, b):
        z = x @ W.T + prev_h @ U.T + b
        H = prev_h.shape[1]
        {0} = z[:, :H]
        {1} = z[:, H:2 * H]
        {2} = z[:, 2 * H:3 * H]
        {3} = z[:, 3 * H:]
        c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c
        h = sigmoid(o) * np.tanh(c)
        return c, h
"""


def test_every_lstm_misconception_has_a_student_source():
    generic = {f"lstm-gate-order-{''.join(order)}" for order in GENERIC_ORDERS}
    assert len(generic) == 21  # 4! orders, less the right one and the two named ones
    assert set(LSTM_WRONG) | generic == {m.tag for m in spec_of(2).misconceptions}
    assert not set(LSTM_WRONG) & generic


@pytest.mark.parametrize("tag", list(LSTM_WRONG))
def test_a_named_lstm_mistake_is_named(runner, tag):
    assert_named(run_check(runner, lstm_source(LSTM_WRONG[tag]), 2), tag)


@pytest.mark.parametrize("order", GENERIC_ORDERS, ids="".join)
def test_a_wrong_gate_order_is_named(runner, order):
    result = run_check(runner, lstm_source(ORDER_TEMPLATE.format(*order)), 2)
    assert_named(result, f"lstm-gate-order-{''.join(order)}")


ACTIVATION_BEFORE_RECURRENCE = {
    "sigmoid": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = sigmoid(x @ W.T) + prev_h @ U.T + b
            a, i, f, o = np.split(z, 4, axis=1)
            c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c
            h = sigmoid(o) * np.tanh(c)
            return c, h
    """,
    "gate-activations-in-the-helper": """
        def _activation(z):
            a, i, f, o = np.hsplit(z, 4)
            return np.hstack([np.tanh(a), sigmoid(i), sigmoid(f), sigmoid(o)])


        def lstm_step(x, prev_h, prev_c, W, U, b):
            lstm_in = _activation(x.dot(W.T)) + prev_h.dot(U.T) + b
            a, i, f, o = np.hsplit(lstm_in, 4)
            c = i * a + f * prev_c
            h = o * np.tanh(c)
            return c, h
    """,
}


@pytest.mark.parametrize("form", list(ACTIVATION_BEFORE_RECURRENCE))
def test_other_activations_before_the_recurrent_term_are_named_too(runner, form):
    source = lstm_source(ACTIVATION_BEFORE_RECURRENCE[form])
    assert_named(run_check(runner, source, 2), "lstm-activation-before-recurrence")


def test_prev_c_in_place_fails_on_the_mutation_not_the_values(runner):
    result = run_check(runner, lstm_source(LSTM_WRONG["lstm-prev-c-in-place"]), 2)
    assert {t.message["en"] for t in result.tests if t.status != "pass"} == {
        "Modified its argument prev_c in place."
    }
    assert all(t.status != "pass" for t in result.tests)


LSTM_RIGHT = {
    "split": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = x @ W.T + prev_h @ U.T + b
            a, i, f, o = np.split(z, 4, axis=1)
            c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c
            h = sigmoid(o) * np.tanh(c)
            return c, h
    """,
    "hsplit-and-dot": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            lstm_in = x.dot(W.T) + prev_h.dot(U.T) + b
            a, i, f, o = np.hsplit(lstm_in, 4)
            a = np.tanh(a)
            input_gate = sigmoid(i)
            forget_gate = sigmoid(f)
            output_gate = sigmoid(o)
            c = input_gate * a + forget_gate * prev_c
            h = output_gate * np.tanh(c)
            return c, h
    """,
    "slicing": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            H = prev_h.shape[1]
            z = np.matmul(x, W.T) + np.matmul(prev_h, U.T) + b
            a = np.tanh(z[:, :H])
            i = sigmoid(z[:, H:2 * H])
            f = sigmoid(z[:, 2 * H:3 * H])
            o = sigmoid(z[:, 3 * H:])
            c = i * a + f * prev_c
            return c, o * np.tanh(c)
    """,
    "einsum": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = np.einsum("nd,kd->nk", x, W) + np.einsum("nh,kh->nk", prev_h, U) + b[None, :]
            a, i, f, o = np.split(z, 4, axis=-1)
            c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c
            h = sigmoid(o) * np.tanh(c)
            return c, h
    """,
    "per-sample-loop": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            N, H = prev_h.shape
            c = np.zeros((N, H))
            h = np.zeros((N, H))
            for n in range(N):
                z = W @ x[n] + U @ prev_h[n] + b
                a, i, f, o = z[:H], z[H:2 * H], z[2 * H:3 * H], z[3 * H:]
                c[n] = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c[n]
                h[n] = sigmoid(o) * np.tanh(c[n])
            return c, h
    """,
    "stable-sigmoid-where": """
        def stable_sigmoid(z):
            e = np.exp(-np.abs(z))
            return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = x @ W.T + prev_h @ U.T + b
            a, i, f, o = np.split(z, 4, axis=1)
            c = stable_sigmoid(i) * np.tanh(a) + stable_sigmoid(f) * prev_c
            h = stable_sigmoid(o) * np.tanh(c)
            return c, h
    """,
    "sigmoid-from-tanh": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            gate = lambda v: 0.5 * (np.tanh(0.5 * v) + 1.0)
            z = x @ W.T + prev_h @ U.T + b
            a, i, f, o = np.array_split(z, 4, axis=1)
            c = gate(i) * np.tanh(a) + gate(f) * prev_c
            h = gate(o) * np.tanh(c)
            return (c, h)
    """,
    "per-gate-products": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            H = prev_h.shape[1]
            Wa, Wi, Wf, Wo = W[:H], W[H:2 * H], W[2 * H:3 * H], W[3 * H:]
            Ua, Ui, Uf, Uo = U[:H], U[H:2 * H], U[2 * H:3 * H], U[3 * H:]
            ba, bi, bf, bo = b[:H], b[H:2 * H], b[2 * H:3 * H], b[3 * H:]
            a = np.tanh(x @ Wa.T + prev_h @ Ua.T + ba)
            i = sigmoid(x @ Wi.T + prev_h @ Ui.T + bi)
            f = sigmoid(x @ Wf.T + prev_h @ Uf.T + bf)
            o = sigmoid(x @ Wo.T + prev_h @ Uo.T + bo)
            c = f * prev_c + i * a
            h = o * np.tanh(c)
            return c, h
    """,
    "where-both-branches": """
        def safe_sigmoid(z):
            return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = x.dot(W.T) + prev_h.dot(U.T) + b
            H = z.shape[1] // 4
            a = np.tanh(z[:, :H])
            i, f, o = (safe_sigmoid(z[:, k * H:(k + 1) * H]) for k in (1, 2, 3))
            c = i * a + f * prev_c
            h = o * np.tanh(c)
            return c, h
    """,
    "activation-helper": """
        def _activation(z):
            a, i, f, o = np.hsplit(z, 4)
            return np.hstack([np.tanh(a), sigmoid(i), sigmoid(f), sigmoid(o)])


        def lstm_step(x, prev_h, prev_c, W, U, b):
            lstm_in = _activation(x.dot(W.T) + prev_h.dot(U.T) + b)
            a, i, f, o = np.hsplit(lstm_in, 4)
            c = i * a + f * prev_c
            h = o * np.tanh(c)
            return c, h
    """,
    "returns-a-list": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = x @ W.T + prev_h @ U.T + b
            a, i, f, o = np.split(z, 4, axis=1)
            c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c
            h = sigmoid(o) * np.tanh(c)
            return [c, h]
    """,
    "copies-then-updates": """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = x @ W.T + prev_h @ U.T + b
            a, i, f, o = np.split(z, 4, axis=1)
            c = prev_c.copy()
            c *= sigmoid(f)
            c += sigmoid(i) * np.tanh(a)
            h = sigmoid(o) * np.tanh(c)
            return c, h
    """,
}


@pytest.mark.parametrize("style", list(LSTM_RIGHT))
def test_correct_lstm_styles_get_full_marks(runner, style):
    assert_full_score(run_check(runner, lstm_source(LSTM_RIGHT[style]), 2))


def test_the_overflowing_sigmoid_is_right_even_though_numpy_warns(runner):
    result = run_check(runner, lstm_source(LSTM_RIGHT["split"]), 2)
    assert_full_score(result)
    saturated = next(t for t in result.tests if t.id == "saturated")
    assert saturated.status == "pass"


# -- no match, no guess -------------------------------------------------------------------------------


def test_two_lstm_mistakes_at_once_name_nothing(runner):
    source = lstm_source(
        """
        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = x @ W.T + prev_h @ U.T
            a, i, f, o = np.split(z, 4, axis=1)
            c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c
            h = sigmoid(o) * c
            return c, h
        """
    )
    result = run_check(runner, source, 2)
    assert result.status == "fail"
    assert tags(result) == []
    assert all(t.misconception is None for t in result.tests)


def test_two_clipping_mistakes_at_once_name_nothing(runner):
    source = """
        import numpy as np

        def gradient_clipping(grad, threshold):
            norm = np.sum(np.abs(grad))
            if norm > threshold:
                return grad * (norm / threshold)
            return grad.copy()
    """
    result = run_check(runner, source, 1)
    assert result.status == "fail"
    assert tags(result) == []


@pytest.mark.parametrize(
    "exercise, source",
    [
        (
            1,
            """
            import numpy as np

            def gradient_clipping(grad, threshold):
                return np.random.default_rng(7).standard_normal(np.shape(grad))
            """,
        ),
        (
            2,
            """
            import numpy as np

            def lstm_step(x, prev_h, prev_c, W, U, b):
                rng = np.random.default_rng(7)
                return rng.standard_normal(prev_c.shape), rng.standard_normal(prev_h.shape)
            """,
        ),
    ],
    ids=["clipping", "lstm"],
)
def test_garbage_values_name_nothing(runner, exercise, source):
    result = run_check(runner, source, exercise)
    assert result.status == "fail"
    assert tags(result) == []
    assert result.score == 0


@pytest.mark.parametrize(
    "returned, got",
    [("np.stack([c, h])", "array"), ("c, h, z", "tuple of ndarray, ndarray, ndarray")],
)
def test_lstm_must_return_two_arrays(runner, returned, got):
    source = lstm_source(
        f"""
        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = x @ W.T + prev_h @ U.T + b
            a, i, f, o = np.split(z, 4, axis=1)
            c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c
            h = sigmoid(o) * np.tanh(c)
            return {returned}
        """
    )
    result = run_check(runner, source, 2)
    assert result.status == "fail" and result.score == 0
    # a public test names what came back; a hidden one only says it is wrong
    shown = {t.visibility: set() for t in result.tests}
    for t in result.tests:
        shown[t.visibility].add(t.message["en"])
    assert shown == {
        "visible": {f"Returned {got}; expected a tuple of 2 numpy arrays (c, h)."},
        "hidden": {"Wrong result."},
    }
    assert tags(result) == []
