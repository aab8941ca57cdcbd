"""An answer worked out in float32 is no mistake, whatever dtype it comes back in; a mistake of
substance is one, even within float32's looser tolerance.

A float32 answer to a case whose inputs are float64 is accepted within a few times what float32 does
to that case (measured on the reference); a float32 case keeps float32's tolerance. A float64 answer that carries float32's rounding
(weights cast to float32, say, the rest float64) is accepted within a few times what float32 does to
the case (codecheck._float32_allowance): the score must not depend on the secret.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pytest
from exams import assert_full_score, exam

from checker.codecheck import _float32_allowance, check_source

SEEDS = range(6)

GRU_WEIGHTS_IN_FLOAT32 = """
    import numpy as np

    def sigmoid(a):
        return 1.0 / (1.0 + np.exp(-a))

    def gru_step(x, h_prev, W, U, b):
        W, U, b = W.astype(np.float32), U.astype(np.float32), b.astype(np.float32)
        H = h_prev.shape[1]
        z = sigmoid(x @ W[:H].T + h_prev @ U[:H].T + b[:H])
        r = sigmoid(x @ W[H:2*H].T + h_prev @ U[H:2*H].T + b[H:2*H])
        h_bar = np.tanh(x @ W[2*H:].T + (r * h_prev) @ U[2*H:].T + b[2*H:])
        return (1 - z) * h_prev + z * h_bar
"""

BOOK_LSTM_PARAMETERS_IN_FLOAT32 = """
    import numpy as np

    def sigmoid(x):
        return 1 / (1 + np.exp(-x))

    def lstm_forward(x, h_prev, c_prev, Wx, Wh, b):
        N, H = h_prev.shape
        Wx, Wh, b = Wx.astype('f'), Wh.astype('f'), b.astype('f')
        A = np.dot(x, Wx) + np.dot(h_prev, Wh) + b
        f, g, i, o = A[:, :H], A[:, H:2*H], A[:, 2*H:3*H], A[:, 3*H:]
        c_next = sigmoid(f) * c_prev + np.tanh(g) * sigmoid(i)
        return sigmoid(o) * np.tanh(c_next), c_next
"""

BPTT_IN_FLOAT32_ACCUMULATED_IN_FLOAT64 = """
    import numpy as np

    def rnn_bptt(xs, h0, W, U, b, hs, dhs):
        xs, h0, U, hs, dhs = (a.astype(np.float32) for a in (xs, h0, U, hs, dhs))
        N, T, D = xs.shape
        dW = np.zeros(W.shape); dU = np.zeros(U.shape); db = np.zeros(b.shape)
        dh_next = np.zeros(h0.shape, dtype=np.float32)
        for t in reversed(range(T)):
            prev = h0 if t == 0 else hs[:, t - 1]
            delta = (dhs[:, t] + dh_next) * (1 - hs[:, t] ** 2)
            dW += delta.T @ xs[:, t]
            dU += delta.T @ prev
            db += delta.sum(axis=0)
            dh_next = delta @ U
        return dW, dU, db, dh_next
"""

LSTM_STEP_ALL_FLOAT32 = """
    import numpy as np

    def sigmoid(z):
        return 1 / (1 + np.exp(-z))

    def lstm_step(x, prev_h, prev_c, W, U, b):
        x, prev_h, prev_c, W, U, b = (np.asarray(a, np.float32) for a in (x, prev_h, prev_c, W, U, b))
        z = x @ W.T + prev_h @ U.T + b
        a, i, f, o = np.split(z, 4, axis=1)
        c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c
        return c, sigmoid(o) * np.tanh(c)
"""

HONEST = {
    "lstm-step-all-float32": (2, LSTM_STEP_ALL_FLOAT32),
    "gru-weights-float32": (3, GRU_WEIGHTS_IN_FLOAT32),
    "book-lstm-parameters-float32": (6, BOOK_LSTM_PARAMETERS_IN_FLOAT32),
    "bptt-float32-float64-sums": (5, BPTT_IN_FLOAT32_ACCUMULATED_IN_FLOAT64),
}


def _check(runner, number: int, source: str, seed: int):
    return check_source(
        textwrap.dedent(source).encode(), f"exercise{number}.py", exam(number, seed), runner=runner
    )


@pytest.mark.parametrize("name", list(HONEST))
def test_float32_work_returned_as_float64_gets_full_marks_under_every_secret(runner, name):
    number, source = HONEST[name]
    for seed in SEEDS:
        assert_full_score(_check(runner, number, source, seed))


# tanh of z clipped to ±5: 9e-5 off near ±1, which is 1500 float32 ulps; in float64 or in float32
CLIPPED_TANH = """
    import numpy as np

    def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
        T = xs.shape[0]
        hf, h = [], h0_f
        for t in range(T):
            h = np.tanh(np.clip(xs[t] @ Wx_f + h @ Wh_f + b_f, -5, 5))
            hf.append(h)
        hb, h = [None] * T, h0_b
        for t in range(T - 1, -1, -1):
            h = np.tanh(np.clip(xs[t] @ Wx_b + h @ Wh_b + b_b, -5, 5))
            hb[t] = h
        return np.concatenate([np.stack(hf), np.stack(hb)], -1)
"""


@pytest.mark.parametrize("returned", ["as it is", "as float32"])
def test_a_small_mistake_fails_under_every_secret_in_float64_or_float32(runner, returned):
    """float32's tolerance is what float32 does to the case, not a flat 1e-4: 9e-5 near 1 is a mistake."""
    source = CLIPPED_TANH
    if returned == "as float32":
        source = source.replace("], -1)", "], -1).astype(np.float32)")
        assert "astype(np.float32)" in source
    for seed in SEEDS:
        result = _check(runner, 4, source, seed)
        assert {t.id for t in result.tests if t.status != "pass"} == {"saturated"}, seed


def test_the_allowance_is_float32s_own_size():
    found = exam(3)
    case = next(c for c in found.cases if c.id == "saturated")
    want = found.expected[case.id][0]
    allowance = _float32_allowance(found.spec, case, 0, np.asarray(want, dtype=np.float64))
    # a few float32 ulps of an output in [-1, 1]: more than float64's rounding, far less than 1e-5
    assert 1e-9 < allowance < 1e-5
    # a float32 answer has float32's own tolerance; no allowance on top
    assert _float32_allowance(found.spec, case, 0, np.asarray(want, dtype=np.float32)) == 0.0


def test_no_allowance_where_float32_cannot_do_the_work_or_the_case_sets_its_own():
    clip = exam(7)
    huge = next(c for c in clip.cases if c.id == "huge-values")  # 1e100: inf in float32
    assert _float32_allowance(clip.spec, huge, 0, np.asarray(clip.expected[huge.id][0])) == 0.0
    ones = exam(1)
    own = next(c for c in ones.cases if c.atol is not None)  # values of 1e-30: zeros must not pass
    assert _float32_allowance(ones.spec, own, 0, np.asarray(ones.expected[own.id][0])) == 0.0


def test_the_allowance_never_exceeds_float32s_flat_tolerance(monkeypatch):
    """A case where float32 flips a branch (an argmax, a threshold met exactly) moves the reference's
    answer by a whole step: that must not accept any answer at all."""
    import checker.codecheck as codecheck

    found = exam(2)
    case = found.cases[0]
    want = np.asarray(found.expected[case.id][0])
    monkeypatch.setattr(codecheck, "_float32_noise", lambda spec, case: (5.0, 5.0))
    largest = float(np.abs(want).max())
    flat = found.spec.rtol32 * largest + found.spec.atol32 * max(1.0, largest)
    assert _float32_allowance(found.spec, case, 0, want.astype(np.float64), want) == pytest.approx(flat)
    rtol, atol = codecheck._tolerance(found.spec, case, want.astype(np.float32), want=want, index=0)
    assert atol == pytest.approx(flat) and atol < 1e-3


CLIPPING_IN_FLOAT64 = """
    import numpy as np

    def gradient_clipping(grad, threshold):
        norm = np.sqrt(np.sum(np.asarray(grad, dtype=np.float64) ** 2))
        out = grad * (threshold / norm) if norm > threshold else np.array(grad, dtype=np.float64)
        return (out * SCALE).astype(np.float32)
"""


def test_where_float32_cannot_do_the_case_a_float32_answer_gets_its_own_rounding_only(runner):
    """`huge-norm` overflows float32 and `tiny-norm` sets its own atol (values of 1e-30): a float32 answer
    there was worked out in float64, so an answer 5e-5 off is a mistake, as it is in float64."""
    honest = CLIPPING_IN_FLOAT64.replace("SCALE", "1.0")
    off = CLIPPING_IN_FLOAT64.replace("SCALE", "(1 + 5e-5)")
    for seed in SEEDS[:3]:
        assert_full_score(_check(runner, 1, honest, seed))
        failed = {t.id for t in _check(runner, 1, off, seed).tests if t.status != "pass"}
        assert {"tiny-norm", "huge-norm"} <= failed, seed
