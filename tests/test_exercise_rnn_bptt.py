"""Exercise 5 (rnn_bptt): the reference proven right, correct styles pass, every catalogued mistake is named.

The reference is checked three independent ways: forward-mode differentiation (tangents pushed forward in
time, no backward recursion at all), central finite differences of L = sum(hs * dhs), and, when torch is
installed, autograd. The wrong sources below never call the grader's variants: each is a small file in a
learner's own words.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pytest
from click.testing import CliRunner
from exams import assert_full_score, assert_named, exam, spec, spec_module, tags

from checker.cli import main
from checker.codecheck import check_source
from checker.results import ErrorKind

N_EX = 5


def run_check(runner, source: str):
    return check_source(textwrap.dedent(source).encode(), f"exercise{N_EX}.py", exam(N_EX), runner=runner)


def all_cases(seed: int = 0):
    module = spec_module(N_EX)
    return module.public_cases() + module.hidden_cases(seed)


def forward(xs, h0, W, U, b):
    """The forward pass, written here (not the spec's)."""
    states, h = [], h0
    for t in range(xs.shape[1]):
        h = np.tanh(xs[:, t] @ W.T + h @ U.T + b)
        states.append(h)
    return np.stack(states, axis=1)


def as64(args):
    """The case in float64, hs recomputed there (a float32 case's hs hold float32 roundings)."""
    xs, h0, W, U, b, _, dhs = (np.asarray(a, dtype=np.float64) for a in args)
    return xs, h0, W, U, b, forward(xs, h0, W, U, b), dhs


# -- 1. the reference is right --------------------------------------------------------------------------


def forward_mode(xs, h0, W, U, b, dhs):
    """dL/dθ for L = sum(hs * dhs), one parameter entry at a time, by pushing the tangent dh/dθ forward
    in time beside the forward pass (no backward recursion at all)."""
    params = {"W": W, "U": U, "b": b, "h0": h0}
    grads = {name: np.zeros_like(p) for name, p in params.items()}
    for name, p in params.items():
        for index in np.ndindex(p.shape):
            direction = {k: np.zeros_like(v) for k, v in params.items()}
            direction[name][index] = 1.0
            h, dh = h0, direction["h0"]
            total = 0.0
            for t in range(xs.shape[1]):
                z = xs[:, t] @ W.T + h @ U.T + b
                dz = xs[:, t] @ direction["W"].T + dh @ U.T + h @ direction["U"].T + direction["b"]
                h = np.tanh(z)
                dh = (1.0 - np.tanh(z) ** 2) * dz
                total += float(np.sum(dh * dhs[:, t]))
            grads[name][index] = total
    return grads["W"], grads["U"], grads["b"], grads["h0"]


@pytest.mark.parametrize("case", all_cases(), ids=lambda c: c.id)
def test_the_reference_matches_forward_mode_differentiation(case):
    xs, h0, W, U, b, hs, dhs = as64(case.args)
    expected = forward_mode(xs, h0, W, U, b, dhs)
    got = spec(N_EX).reference(xs, h0, W, U, b, hs, dhs)
    for name, g, e in zip(("dW", "dU", "db", "dh0"), got, expected):
        np.testing.assert_allclose(g, e, rtol=1e-9, atol=1e-12, err_msg=name)


@pytest.mark.parametrize("case", all_cases(), ids=lambda c: c.id)
def test_the_reference_matches_central_finite_differences(case):
    xs, h0, W, U, b, hs, dhs = as64(case.args)
    np.testing.assert_allclose(case.args[5], hs, rtol=1e-6, atol=1e-7)  # the case's hs are its forward pass

    def loss(W, U, b, h0):
        return float(np.sum(forward(xs, h0, W, U, b) * dhs))

    params = [W, U, b, h0]
    got = spec(N_EX).reference(xs, h0, W, U, b, hs, dhs)
    step = 1e-6
    for k, (name, analytic) in enumerate(zip(("dW", "dU", "db", "dh0"), got)):
        numeric = np.zeros_like(params[k])
        for index in np.ndindex(params[k].shape):
            plus = [p.copy() for p in params]
            minus = [p.copy() for p in params]
            plus[k][index] += step
            minus[k][index] -= step
            numeric[index] = (loss(*plus) - loss(*minus)) / (2 * step)
        np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7, err_msg=name)


def test_the_reference_keeps_shapes_and_dtype_and_leaves_its_inputs_alone():
    for case in all_cases(3):
        before = [np.array(a, copy=True) for a in case.args]
        frozen = [np.array(a, copy=True) for a in case.args]
        for a in frozen:
            a.flags.writeable = False
        out = spec(N_EX).reference(*frozen)
        _, h0, W, U, b, _, _ = case.args
        assert [o.shape for o in out] == [W.shape, U.shape, b.shape, h0.shape]
        assert all(o.dtype == W.dtype for o in out)
        assert all(np.all(np.isfinite(o)) for o in out)
        for a, old in zip(case.args, before):
            np.testing.assert_array_equal(a, old)


def test_the_cases_cover_the_edges():
    module = spec_module(N_EX)
    hidden = module.hidden_cases(0)
    shapes = {c.id: (c.args[0].shape, c.args[3].shape) for c in hidden}
    assert any(xs[0] == 1 for xs, _ in shapes.values())  # N = 1
    assert any(U[0] == 1 for _, U in shapes.values())  # H = 1
    assert any(xs[1] == 1 for xs, _ in shapes.values())  # T = 1
    assert any(xs[2] != U[0] for xs, U in shapes.values())  # D != H
    assert any(c.args[0].dtype == np.float32 for c in hidden)
    assert all(c.hint and set(c.hint) == {"en", "ko", "ja"} for c in hidden)
    assert all(set(c.name) == {"en", "ko", "ja"} for c in all_cases())
    for c in all_cases():
        U = c.args[3]
        assert U.shape[0] == 1 or not np.allclose(U, U.T)  # delta @ U.T would show
    for seed in range(40):
        saturated = next(c for c in module.hidden_cases(seed) if c.id == "saturated")
        size = np.abs(saturated.args[5])
        # exactly ±1 (its |z| beyond any exp), or where float32 keeps the digits of 1 - h**2
        assert np.all((size == 1.0) | (size < 0.99)) and np.mean(size == 1.0) > 0.5
    # the hidden cases differ from one seed to the next
    assert not np.array_equal(module.hidden_cases(1)[0].args[0], hidden[0].args[0])


def test_every_text_is_in_three_languages():
    for m in spec(N_EX).misconceptions:
        assert set(m.title) == set(m.explanation) == {"en", "ko", "ja"}, m.tag
    assert set(spec(N_EX).title) == {"en", "ko", "ja"}


def test_the_reference_matches_torch_autograd():
    torch = pytest.importorskip("torch")
    for case in all_cases(7):
        xs, h0, W, U, b, hs, dhs = as64(case.args)
        tW, tU, tb, th0 = (torch.tensor(a, requires_grad=True) for a in (W, U, b, h0))
        h, states = th0, []
        for t in range(xs.shape[1]):
            h = torch.tanh(torch.from_numpy(xs[:, t]) @ tW.T + h @ tU.T + tb)
            states.append(h)
        loss = (torch.stack(states, dim=1) * torch.from_numpy(dhs)).sum()
        loss.backward()
        np.testing.assert_allclose(torch.stack(states, dim=1).detach().numpy(), hs, rtol=1e-6, atol=1e-7)
        got = spec(N_EX).reference(xs, h0, W, U, b, hs, dhs)
        for name, g, t in zip(("dW", "dU", "db", "dh0"), got, (tW, tU, tb, th0)):
            np.testing.assert_allclose(g, t.grad.numpy(), rtol=1e-9, atol=1e-12, err_msg=f"{case.id} {name}")


def test_the_reference_matches_torch_nn_rnn():
    torch = pytest.importorskip("torch")
    for case in all_cases(11):
        xs, h0, W, U, b, hs, dhs = as64(case.args)
        H, D = W.shape
        rnn = torch.nn.RNN(D, H, nonlinearity="tanh", batch_first=True).double()
        with torch.no_grad():
            rnn.weight_ih_l0.copy_(torch.from_numpy(W))
            rnn.weight_hh_l0.copy_(torch.from_numpy(U))
            rnn.bias_ih_l0.copy_(torch.from_numpy(b))
            rnn.bias_hh_l0.zero_()
        th0 = torch.tensor(h0[None], requires_grad=True)
        out, _ = rnn(torch.from_numpy(xs), th0)
        (out * torch.from_numpy(dhs)).sum().backward()
        np.testing.assert_allclose(out.detach().numpy(), hs, rtol=1e-6, atol=1e-7)
        got = spec(N_EX).reference(xs, h0, W, U, b, hs, dhs)
        wanted = (rnn.weight_ih_l0.grad, rnn.weight_hh_l0.grad, rnn.bias_ih_l0.grad, th0.grad[0])
        for name, g, w in zip(("dW", "dU", "db", "dh0"), got, wanted):
            np.testing.assert_allclose(g, w.numpy(), rtol=1e-9, atol=1e-12, err_msg=f"{case.id} {name}")


# -- 2. correct styles get full marks ------------------------------------------------------------------

RIGHT = {
    "reversed-loop": """
        import numpy as np

        def rnn_bptt(xs, h0, W, U, b, hs, dhs):
            N, T, D = xs.shape
            dW, dU, db = np.zeros_like(W), np.zeros_like(U), np.zeros_like(b)
            dh_next = np.zeros_like(h0)
            for t in reversed(range(T)):
                delta = (dhs[:, t] + dh_next) * (1 - hs[:, t] ** 2)
                prev = h0 if t == 0 else hs[:, t - 1]
                dW += delta.T @ xs[:, t]
                dU += delta.T @ prev
                db += delta.sum(axis=0)
                dh_next = delta @ U
            return dW, dU, db, dh_next
    """,
    "dot-and-concatenated-states": """
        import numpy as np

        def rnn_bptt(xs, h0, W, U, b, hs, dhs):
            T = xs.shape[1]
            states = np.concatenate([h0[:, np.newaxis, :], hs], axis=1)   # states[:, t] is h_{t-1}
            dW = np.zeros(W.shape)
            dU = np.zeros(U.shape)
            db = np.zeros(b.shape)
            delta_t = np.zeros(h0.shape)
            t = T - 1
            while t >= 0:
                dh = dhs[:, t] + delta_t.dot(U) if t < T - 1 else dhs[:, t].copy()
                delta = dh * (1.0 - np.square(states[:, t + 1]))
                dW = dW + np.dot(delta.T, xs[:, t])
                dU = dU + np.dot(delta.T, states[:, t])
                db = db + np.sum(delta, axis=0)
                delta_t = delta
                t -= 1
            return dW, dU, db, delta_t.dot(U)
    """,
    "deltas-then-einsum": """
        import numpy as np

        def tanh_backward(dout, h):
            return dout * (1 - h * h)

        def rnn_bptt(xs, h0, W, U, b, hs, dhs):
            T = xs.shape[1]
            deltas = np.empty_like(hs)
            dh = np.zeros_like(h0)
            for t in range(T - 1, -1, -1):
                deltas[:, t] = tanh_backward(dhs[:, t] + dh, hs[:, t])
                dh = deltas[:, t] @ U
            prevs = np.concatenate([h0[:, None], hs[:, :-1]], axis=1)
            dW = np.einsum("nth,ntd->hd", deltas, xs)
            dU = np.einsum("nth,ntk->hk", deltas, prevs)
            db = deltas.sum(axis=(0, 1))
            return (dW, dU, db, dh)
    """,
    "recomputes-the-forward-pass": """
        import numpy as np

        def rnn_bptt(xs, h0, W, U, b, hs, dhs):
            N, T, _ = xs.shape
            h = [h0]
            for t in range(T):
                h.append(np.tanh(np.matmul(xs[:, t], W.T) + np.matmul(h[-1], U.T) + b))
            grads = [np.zeros_like(W), np.zeros_like(U), np.zeros_like(b)]
            carry = 0.0
            for t in range(T - 1, -1, -1):
                dz = (dhs[:, t] + carry) * (1 - h[t + 1]) * (1 + h[t + 1])
                grads[0] += dz.T @ xs[:, t]
                grads[1] += dz.T @ h[t]
                grads[2] += dz.sum(0)
                carry = dz @ U
            return grads[0], grads[1], grads[2], carry
    """,
    "per-sample-outer-products": """
        import numpy as np

        def rnn_bptt(xs, h0, W, U, b, hs, dhs):
            N, T, D = xs.shape
            H = h0.shape[1]
            dW = np.zeros((H, D))
            dU = np.zeros((H, H))
            db = np.zeros(H)
            dh0 = np.zeros((N, H))
            for n in range(N):
                dh = np.zeros(H)
                for t in reversed(range(T)):
                    g = dhs[n, t].copy()
                    g += dh
                    g *= 1 - hs[n, t] ** 2
                    prev = hs[n, t - 1] if t > 0 else h0[n]
                    dW += np.outer(g, xs[n, t])
                    dU += np.outer(g, prev)
                    db += g
                    dh = U.T @ g
                dh0[n] = dh
            return [dW, dU, db, dh0]
    """,
}


@pytest.mark.parametrize("style", list(RIGHT))
def test_correct_styles_get_full_marks(runner, style):
    assert_full_score(run_check(runner, RIGHT[style]))


# -- 3. every catalogued mistake, written as a student would, is named ---------------------------------

BODY = """
    import numpy as np

    def rnn_bptt(xs, h0, W, U, b, hs, dhs):
        T = xs.shape[1]
        dW, dU, db = np.zeros_like(W), np.zeros_like(U), np.zeros_like(b)
        dh_next = np.zeros_like(h0)
        for t in reversed(range(T)):
            {delta}
            prev = {prev}
            {dW}
            {dU}
            {db}
            dh_next = {back}
        return {ret}
"""

RIGHT_PARTS = dict(
    delta="delta = (dhs[:, t] + dh_next) * (1 - hs[:, t] ** 2)",
    prev="h0 if t == 0 else hs[:, t - 1]",
    dW="dW += delta.T @ xs[:, t]",
    dU="dU += delta.T @ prev",
    db="db += delta.sum(axis=0)",
    back="delta @ U",
    ret="dW, dU, db, dh_next",
)


def body(**changed) -> str:
    return BODY.format(**{**RIGHT_PARTS, **changed})


def test_the_body_with_nothing_changed_is_right(runner):
    assert_full_score(run_check(runner, body()))


# the layout of DL from Scratch 2 (Wx of shape (D, H), used as x @ Wx), in this exercise's loop
BOOK_LAYOUT = """
    import numpy as np

    def rnn_bptt(xs, h0, W, U, b, hs, dhs):
        N, T, D = xs.shape
        H = h0.shape[1]
        dWx, dWh, db = np.zeros((D, H)), np.zeros((H, H)), np.zeros(H)
        dh_next = np.zeros((N, H))
        for t in reversed(range(T)):
            dt = (dhs[:, t] + dh_next) * (1 - hs[:, t] ** 2)
            h_prev = h0 if t == 0 else hs[:, t - 1]
            dWx += xs[:, t].T @ dt
            dWh += h_prev.T @ dt
            db += dt.sum(axis=0)
            dh_next = {back}
        return dWx, dWh, db, dh_next
"""

WRONG = {
    "bptt-missing-tanh-derivative": [
        body(delta="delta = dhs[:, t] + dh_next"),
        body(delta="delta = dhs[:, t] * (1 - hs[:, t] ** 2) + dh_next"),
    ],
    "bptt-sigmoid-derivative": [body(delta="delta = (dhs[:, t] + dh_next) * hs[:, t] * (1 - hs[:, t])")],
    "bptt-tanh-applied-again": [body(delta="delta = (dhs[:, t] + dh_next) * (1 - np.tanh(hs[:, t]) ** 2)")],
    "bptt-no-recurrent-gradient": [body(delta="delta = dhs[:, t] * (1 - hs[:, t] ** 2)")],
    "bptt-not-accumulated": [
        body(dW="dW = delta.T @ xs[:, t]", dU="dU = delta.T @ prev", db="db = delta.sum(axis=0)"),
        """
        import numpy as np

        def rnn_bptt(xs, h0, W, U, b, hs, dhs):
            T = xs.shape[1]
            deltas = np.zeros_like(hs)
            dh = np.zeros_like(h0)
            for t in reversed(range(T)):
                deltas[:, t] = (dhs[:, t] + dh) * (1 - hs[:, t] ** 2)
                dh = deltas[:, t] @ U
            for t in range(T):
                prev = h0 if t == 0 else hs[:, t - 1]
                dW = deltas[:, t].T @ xs[:, t]
                dU = deltas[:, t].T @ prev
                db = deltas[:, t].sum(axis=0)
            return dW, dU, db, dh
        """,
    ],
    "bptt-truncated": [
        """
        import numpy as np

        def rnn_bptt(xs, h0, W, U, b, hs, dhs, bptt_truncate=3):
            T = xs.shape[1]
            dW, dU, db = np.zeros_like(W), np.zeros_like(U), np.zeros_like(b)
            dh_next = np.zeros_like(h0)
            for t in range(T - 1, max(-1, T - 1 - bptt_truncate), -1):
                delta = (dhs[:, t] + dh_next) * (1 - hs[:, t] ** 2)
                prev = h0 if t == 0 else hs[:, t - 1]
                dW += delta.T @ xs[:, t]
                dU += delta.T @ prev
                db += delta.sum(axis=0)
                dh_next = delta @ U
            return dW, dU, db, dh_next
        """,
        """
        import numpy as np

        def rnn_bptt(xs, h0, W, U, b, hs, dhs):
            # only the last step
            t = xs.shape[1] - 1
            delta = dhs[:, t] * (1 - hs[:, t] ** 2)
            prev = hs[:, t - 1] if t > 0 else h0
            return delta.T @ xs[:, t], delta.T @ prev, delta.sum(axis=0), delta @ U
        """,
    ],
    "bptt-recurrent-weight-transposed": [body(back="delta @ U.T")],
    "bptt-gradients-transposed": [
        BOOK_LAYOUT.format(back="dt @ U"),
        BOOK_LAYOUT.format(back="dt @ U.T"),
    ],
    "bptt-du-uses-current-h": [body(prev="hs[:, t]")],
    "bptt-h0-from-last-state": [body(prev="hs[:, t - 1]")],
    "bptt-db-not-summed-over-batch": [
        body(db="db = db + delta"),
        body(db="db += np.sum(delta)"),
    ],
    "bptt-averaged-over-batch": [
        body(db="db += delta.mean(axis=0)"),
        body(ret="dW / xs.shape[0], dU / xs.shape[0], db / xs.shape[0], dh_next"),
        body(ret="tuple(g / len(xs) for g in (dW, dU, db, dh_next))"),
    ],
    "bptt-dh0-not-carried-back": [
        body(ret="dW, dU, db, delta"),
        """
        import numpy as np

        def rnn_bptt(xs, h0, W, U, b, hs, dhs):
            T = xs.shape[1]
            dW, dU, db = np.zeros_like(W), np.zeros_like(U), np.zeros_like(b)
            dh_next = np.zeros_like(h0)
            for t in reversed(range(T)):
                dh = dhs[:, t] + dh_next
                delta = dh * (1 - hs[:, t] ** 2)
                prev = h0 if t == 0 else hs[:, t - 1]
                dW += delta.T @ xs[:, t]
                dU += delta.T @ prev
                db += delta.sum(axis=0)
                dh_next = delta @ U
            return dW, dU, db, dh
        """,
    ],
}


def test_every_misconception_has_a_student_source():
    catalogue = {m.tag for m in spec(N_EX).misconceptions}
    assert set(WRONG) | {"bptt-dhs-in-place"} == catalogue


@pytest.mark.parametrize(
    "tag, source",
    [(tag, source) for tag, sources in WRONG.items() for source in sources],
    ids=[f"{tag}-{k}" for tag, sources in WRONG.items() for k in range(len(sources))],
)
def test_a_mistake_is_named(runner, tag, source):
    assert_named(run_check(runner, source), tag)


IN_PLACE = {
    "augmented-slice": """
        import numpy as np

        def rnn_bptt(xs, h0, W, U, b, hs, dhs):
            T = xs.shape[1]
            dW, dU, db = np.zeros_like(W), np.zeros_like(U), np.zeros_like(b)
            dh_next = np.zeros_like(h0)
            for t in reversed(range(T)):
                dhs[:, t] += dh_next
                delta = dhs[:, t] * (1 - hs[:, t] ** 2)
                prev = h0 if t == 0 else hs[:, t - 1]
                dW += delta.T @ xs[:, t]
                dU += delta.T @ prev
                db += delta.sum(axis=0)
                dh_next = delta @ U
            return dW, dU, db, dh_next
    """,
    "view-then-multiply": """
        import numpy as np

        def rnn_bptt(xs, h0, W, U, b, hs, dhs):
            T = xs.shape[1]
            dW, dU, db = np.zeros_like(W), np.zeros_like(U), np.zeros_like(b)
            dh_next = np.zeros_like(h0)
            for t in reversed(range(T)):
                delta = dhs[:, t]
                delta += dh_next
                delta *= 1 - hs[:, t] ** 2
                prev = h0 if t == 0 else hs[:, t - 1]
                dW += delta.T @ xs[:, t]
                dU += delta.T @ prev
                db += delta.sum(axis=0)
                dh_next = delta @ U
            return dW, dU, db, dh_next
    """,
}


@pytest.mark.parametrize("form", list(IN_PLACE))
def test_writing_into_dhs_is_named_on_the_mutation(runner, form):
    result = run_check(runner, IN_PLACE[form])
    assert_named(result, "bptt-dhs-in-place")
    assert {t.message["en"] for t in result.tests} == {"Modified its argument dhs in place."}


def test_a_float32_mistake_is_named_too(runner):
    """np.zeros_like keeps float32 inputs float32 all the way: the float32 case must still match the mistake."""
    result = run_check(runner, body(delta="delta = (dhs[:, t] + dh_next) * hs[:, t] * (1 - hs[:, t])"))
    assert_named(result, "bptt-sigmoid-derivative")
    assert next(t for t in result.tests if t.id == "float32").status == "fail"


# -- every secret: truncation always shows, float32 rounding never fails ------------------------------

TRUNCATED_BY_DEPTH = """
    import numpy as np

    def rnn_bptt(xs, h0, W, U, b, hs, dhs):
        # each step's gradient carried back at most DEPTH steps (every step is still visited)
        dW, dU, db, dh0 = np.zeros_like(W), np.zeros_like(U), np.zeros_like(b), np.zeros_like(h0)
        for t in range(xs.shape[1] - 1, -1, -1):
            delta = dhs[:, t] * (1 - hs[:, t] ** 2)
            for s in range(t, max(-1, t - DEPTH - 1), -1):
                prev = h0 if s == 0 else hs[:, s - 1]
                dW += delta.T @ xs[:, s]
                dU += delta.T @ prev
                db += delta.sum(axis=0)
                if s == 0:
                    dh0 += delta @ U
                    break
                delta = (delta @ U) * (1 - hs[:, s - 1] ** 2)
        return dW, dU, db, dh0
"""

ALL_IN_FLOAT32 = """
    import numpy as np

    def rnn_bptt(xs, h0, W, U, b, hs, dhs):
        xs, h0, W, U, b, hs, dhs = (np.asarray(a, np.float32) for a in (xs, h0, W, U, b, hs, dhs))
        dW, dU, db, dh_next = np.zeros_like(W), np.zeros_like(U), np.zeros_like(b), np.zeros_like(h0)
        for t in reversed(range(xs.shape[1])):
            prev = h0 if t == 0 else hs[:, t - 1]
            delta = (dhs[:, t] + dh_next) * (1 - hs[:, t] ** 2)
            dW += delta.T @ xs[:, t]
            dU += delta.T @ prev
            db += delta.sum(axis=0)
            dh_next = delta @ U
        return dW, dU, db, dh_next
"""


def _secret_exam(secret: str):
    from checker.batch.engine import seed_from_secret

    return exam(N_EX, seed_from_secret(secret))


@pytest.mark.parametrize("depth", [4, 8, 9, 10])
def test_a_gradient_truncated_by_depth_loses_points(runner, depth):
    """Under this secret the long sequence's oldest terms had faded below tolerance: depths 8 to 10 scored
    full marks. A gradient that keeps its size over 11 steps shows any depth short of the whole."""
    source = textwrap.dedent(TRUNCATED_BY_DEPTH).replace("DEPTH", str(depth)).encode()
    for secret in ("sim-secret-number-000204", "another-long-secret-xyz-5"):
        result = check_source(source, "exercise5.py", _secret_exam(secret), runner=runner)
        assert result.score < result.max_score, (secret, depth)
        assert next(t for t in result.tests if t.id == "long-range").status == "fail"


def test_the_whole_computation_in_float32_gets_full_marks(runner):
    """float32's rounding is no mistake: states a hair from ±1 (saturated) and a db that is a small
    difference of large terms (larger-batch) failed this under these secrets."""
    source = textwrap.dedent(ALL_IN_FLOAT32).encode()
    for secret in ("another-long-secret-xyz-5", "sim-secret-number-000015"):
        assert_full_score(check_source(source, "exercise5.py", _secret_exam(secret), runner=runner))


RECOMPUTED_IN_FLOAT32 = """
    import numpy as np

    def rnn_bptt(xs, h0, W, U, b, hs, dhs):
        xs, h0, W, U, b, dhs = (np.asarray(a, np.float32) for a in (xs, h0, W, U, b, dhs))
        h = [h0]
        for t in range(xs.shape[1]):
            h.append(np.tanh(xs[:, t] @ W.T + h[-1] @ U.T + b))
        dW, dU, db, carry = np.zeros_like(W), np.zeros_like(U), np.zeros_like(b), np.zeros_like(h0)
        for t in range(xs.shape[1] - 1, -1, -1):
            dz = (dhs[:, t] + carry) * (1 - h[t + 1] ** 2)
            dW += dz.T @ xs[:, t]
            dU += dz.T @ h[t]
            db += dz.sum(0)
            carry = dz @ U
        return dW, dU, db, carry
"""


def test_the_forward_pass_run_again_in_float32_gets_full_marks(runner):
    """A right solution may recompute hs in float32 rather than read them: its states round their own
    way, which a long sequence through large weights magnifies in the gradients (these secrets failed
    it on long-sequence or one-unit, 7 secrets in 300). What float32 does to hs so recomputed counts in
    what float32 may do to an answer (the spec's float32_forms)."""
    source = textwrap.dedent(RECOMPUTED_IN_FLOAT32).encode()
    for number in (181, 248, 253, 254, 255, 269):
        result = check_source(
            source, "exercise5.py", _secret_exam(f"secret-number-{number:06d}-xyz"), runner=runner
        )
        assert_full_score(result)


def test_recomputing_hs_in_float32_hides_no_mistake():
    """The wider allowance for a float32 answer still names every catalogued mistake, in float64 and
    cast to float32, and a gradient truncated at any depth, on every case set drawn here."""
    from checker.codecheck import PASS, _read, _verdict
    from checker.sandbox.client import CaseRun

    truncated = {}
    for depth in (6, 8, 9, 10):
        namespace: dict = {}
        exec(textwrap.dedent(TRUNCATED_BY_DEPTH).replace("DEPTH", str(depth)), namespace)
        truncated[f"truncated at {depth}"] = namespace["rnn_bptt"]
    for number in range(12):
        graded = _secret_exam(f"mistake-secret-{number:05d}-abc")
        wrong = dict(truncated)
        for m in graded.spec.misconceptions:
            for k, variant in enumerate(m.variant if isinstance(m.variant, tuple) else (m.variant,)):
                if variant is not None and not m.mutates:
                    wrong[f"{m.tag} {k}"] = variant
        for name, function in wrong.items():
            for dtype in (np.float64, np.float32):
                statuses = []
                for case in graded.cases:
                    outputs = [
                        np.asarray(o, dtype)
                        for o in graded.spec.outputs(graded.spec.call(function, case.args))
                    ]
                    run = _read(CaseRun("ok", outputs, "tuple", ["ndarray"] * len(outputs)))
                    statuses.append(
                        _verdict(graded.spec, case, run, graded.expected[case.id], False, False)[0]
                    )
                assert any(s != PASS for s in statuses), (number, name, dtype)


# -- no match, no guess -------------------------------------------------------------------------------


def test_two_unrelated_mistakes_name_nothing(runner):
    result = run_check(runner, body(delta="delta = dhs[:, t] + dh_next", prev="hs[:, t]"))
    assert result.status == "fail"
    assert tags(result) == []
    assert all(t.misconception is None for t in result.tests)


def test_garbage_values_name_nothing(runner):
    source = """
        import numpy as np

        def rnn_bptt(xs, h0, W, U, b, hs, dhs):
            rng = np.random.default_rng(7)
            return tuple(rng.standard_normal(np.shape(a)) for a in (W, U, b, h0))
    """
    result = run_check(runner, source)
    assert result.status == "fail" and result.score == 0
    assert tags(result) == []


def test_returning_three_arrays_is_a_structure_error(runner):
    result = run_check(runner, body(ret="dW, dU, db"))
    assert result.status == "fail" and result.score == 0
    visible = {t.message["en"] for t in result.tests if t.visibility == "visible"}
    assert visible == {
        "Returned tuple of ndarray, ndarray, ndarray; expected a tuple of 4 numpy arrays (dW, dU, db, dh0)."
    }
    assert tags(result) == []


# -- 4. the template, 5. the command line ---------------------------------------------------------------


def test_the_template_is_not_implemented_yet(runner):
    from exams import SHIPPED

    result = check_source(SHIPPED.template(N_EX), f"exercise{N_EX}.py", exam(N_EX), runner=runner)
    assert result.status == "error"
    assert result.error_kind == ErrorKind.NOT_IMPLEMENTED
    assert result.score == 0


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_exercise_get_then_check_from_the_command_line(tmp_path):
    from exams import SHIPPED

    got = cli("exercise", "get", N_EX, tmp_path)
    assert got.exit_code == 0, got.output
    target = tmp_path / f"exercise{N_EX}.py"
    assert target.read_bytes() == SHIPPED.template(N_EX)
    assert "rnn_bptt" in got.output

    untouched = cli("check", target)
    assert untouched.exit_code == 1
    assert "rnn_bptt is not implemented yet" in " ".join(untouched.output.split())

    target.write_text(textwrap.dedent(RIGHT["reversed-loop"]), encoding="utf-8")
    checked = cli("check", target)
    assert checked.exit_code == 0, checked.output

    by_name = cli("exercise", "get", "rnn_bptt", tmp_path / "other")
    assert by_name.exit_code == 0
    assert (tmp_path / "other" / f"exercise{N_EX}.py").read_bytes() == SHIPPED.template(N_EX)


def test_the_exercise_is_detected_from_its_function_and_its_file_names():
    from exams import SHIPPED

    source = textwrap.dedent(RIGHT["reversed-loop"]).encode()
    assert SHIPPED.detect(source, "anything.py") == N_EX
    for name in ("exercise5.py", "ex5.py", "hw_bptt.py", "rnn_bptt.py"):
        assert SHIPPED.named_by(name) == [N_EX]


@pytest.mark.parametrize("seed", [1, 2, 2024])
def test_mistakes_are_named_under_other_seeds(runner, seed):
    """A course draws its own hidden cases (its secret seed): the diagnosis must not depend on seed 0."""
    for tag, sources in WRONG.items():
        for source in sources:
            result = check_source(
                textwrap.dedent(source).encode(), f"exercise{N_EX}.py", exam(N_EX, seed), runner=runner
            )
            assert tags(result) == [tag], (seed, tag, source)
    assert_full_score(
        check_source(
            textwrap.dedent(RIGHT["deltas-then-einsum"]).encode(), "ex5.py", exam(N_EX, seed), runner=runner
        )
    )
