"""Exercise 4, birnn_forward: the reference, correct files in several styles, every catalogued mistake
written as a learner would write it, the template, the command line, and (when torch is installed)
torch.nn.RNN(bidirectional=True).

Contract: xs (T, N, D) time first; h_t = tanh(x_t @ Wx + h_{t-1} @ Wh + b) per direction, Wx (D, H),
Wh (H, H); the backward direction runs t = T-1 … 0 from h0_b; hs[t] = [forward h_t, backward h_t] along
the last axis, (T, N, 2H). The wrong sources below never call the spec's variants.
"""

from __future__ import annotations

import itertools
import textwrap

import numpy as np
import pytest
from click.testing import CliRunner
from exams import SHIPPED, assert_full_score, assert_named, exam, spec_module, tags
from exams import spec as spec_of

from checker.cli import main
from checker.codecheck import _same, check_source
from checker.results import ErrorKind

NUMBER = 4
birnn = spec_module(NUMBER)


def run_check(runner, source: str):
    return check_source(textwrap.dedent(source).encode(), "exercise4.py", exam(NUMBER), runner=runner)


# -- the reference against an implementation written another way ---------------------------------------


def _forward_only(xs, h0, Wx, Wh, b):
    """A unidirectional tanh RNN, one sample at a time, with explicit sums (no @ on the batch)."""
    T, N, _ = xs.shape
    H = h0.shape[1]
    out = np.empty((T, N, H), dtype=np.result_type(xs, Wx))
    for n in range(N):
        h = h0[n].astype(np.float64)
        for t in range(T):
            pre = b.astype(np.float64).copy()
            for k in range(H):
                pre[k] += sum(float(xs[t, n, d]) * float(Wx[d, k]) for d in range(xs.shape[2]))
                pre[k] += sum(float(h[j]) * float(Wh[j, k]) for j in range(H))
            h = np.tanh(pre)
            out[t, n] = h
    return out


def independent_birnn(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
    """The backward direction as a forward RNN over the flipped sequence, flipped back."""
    forward = _forward_only(xs, h0_f, Wx_f, Wh_f, b_f)
    backward = _forward_only(xs[::-1], h0_b, Wx_b, Wh_b, b_b)[::-1]
    out = np.empty(forward.shape[:2] + (2 * forward.shape[2],), dtype=forward.dtype)
    H = forward.shape[2]
    out[..., :H], out[..., H:] = forward, backward
    return out


def _random_inputs(rng, t, n, d, h, scale=1.0):
    return (
        rng.standard_normal((t, n, d)),
        rng.uniform(-1, 1, (n, h)),
        rng.uniform(-1, 1, (n, h)),
        rng.standard_normal((d, h)) * scale,
        rng.standard_normal((h, h)) * scale,
        rng.standard_normal(h) * scale,
        rng.standard_normal((d, h)) * scale,
        rng.standard_normal((h, h)) * scale,
        rng.standard_normal(h) * scale,
    )


@pytest.mark.parametrize("t, n, d, h", [(1, 1, 1, 1), (2, 3, 2, 2), (5, 1, 4, 3), (4, 2, 1, 5), (7, 3, 3, 1)])
def test_reference_matches_an_independent_implementation(t, n, d, h):
    rng = np.random.default_rng(t * 1000 + n * 100 + d * 10 + h)
    for scale in (0.3, 1.0, 3.0):
        args = _random_inputs(rng, t, n, d, h, scale)
        got = birnn.reference(*args)
        assert got.shape == (t, n, 2 * h) and got.dtype == np.float64
        np.testing.assert_allclose(got, independent_birnn(*args), rtol=1e-12, atol=1e-14)


def test_reference_on_every_case_matches_and_leaves_the_inputs_alone():
    for case in exam(NUMBER).cases:
        before = [np.array(a, copy=True) for a in case.args]
        got = birnn.reference(*case.args)
        for a, kept in zip(case.args, before):
            np.testing.assert_array_equal(a, kept)
        assert np.isfinite(got).all(), case.id
        assert got.dtype == np.asarray(case.args[0]).dtype, case.id  # float32 in, float32 out
        tolerance = 1e-5 if got.dtype == np.float32 else 1e-12
        np.testing.assert_allclose(got, independent_birnn(*case.args), rtol=tolerance, atol=tolerance)


def test_the_cases_cover_the_edges():
    public, hidden = birnn.public_cases(), birnn.hidden_cases(0)
    assert len(public) == 2 and all(c.visibility == "visible" for c in public)
    assert len(hidden) >= 8 and all(c.visibility == "hidden" for c in hidden)
    shapes = [(c.args[0].shape, c.args[1].shape) for c in hidden]
    assert any(x[0] == 1 for x, _ in shapes)  # T = 1
    assert any(x[1] == 1 for x, _ in shapes)  # N = 1
    assert any(h[1] == 1 for _, h in shapes)  # H = 1
    assert any(x[2] != h[1] for x, h in shapes)  # D != H
    assert any(np.asarray(c.args[0]).dtype == np.float32 for c in hidden)
    assert any(not np.asarray(c.args[1]).any() and not np.asarray(c.args[2]).any() for c in hidden)
    saturated = next(c for c in hidden if c.id == "saturated")
    assert np.abs(saturated.args[0] @ saturated.args[3]).max() > 20  # tanh leaves its linear range
    for c in public + hidden:
        assert sum(np.asarray(a).size for a in c.args) < 500  # small: a sandbox case is cheap
        assert all(np.asarray(a).dtype == np.asarray(c.args[0]).dtype for a in c.args)
    again = birnn.hidden_cases(1)  # another seed draws other values, not other shapes
    assert [c.id for c in again] == [c.id for c in hidden]
    assert [c.args[0].shape for c in again] == [c.args[0].shape for c in hidden]
    assert not np.array_equal(again[0].args[0], hidden[0].args[0])


def test_every_text_is_in_english_korean_and_japanese():
    texts = [spec_of(NUMBER).title]
    for m in birnn.MISCONCEPTIONS:
        texts += [m.title, m.explanation]
    for c in birnn.public_cases() + birnn.hidden_cases(0):
        texts.append(c.name)
        if c.visibility == "hidden":
            assert c.hint is not None, c.id
            texts.append(c.hint)
    for text in texts:
        assert set(text) == {"en", "ko", "ja"} and all(v.strip() for v in text.values()), text


def _catalogue_variants():
    for m in birnn.MISCONCEPTIONS:
        if m.variant is not None:
            for k, v in enumerate(m.variant if isinstance(m.variant, tuple) else (m.variant,)):
                yield f"{m.tag}#{k}", v


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_catalogued_variant_is_wrong_and_told_apart_from_the_others(seed):
    found = exam(NUMBER, seed)
    outputs = {name: [found.variant_outputs(v, c) for c in found.cases] for name, v in _catalogue_variants()}
    for name, outs in outputs.items():
        assert any(not _same(o, found.expected[c.id]) for o, c in zip(outs, found.cases)), name
        # and on the public cases alone, so that a learner's own check already tells it from the answer
        assert any(not _same(o, found.expected[c.id]) for o, c in zip(outs, found.cases) if c in found.public)
    for (a, outs_a), (b, outs_b) in itertools.combinations(outputs.items(), 2):
        if a.split("#")[0] != b.split("#")[0]:
            assert not all(_same(x, y) for x, y in zip(outs_a, outs_b)), (a, b)


def test_the_catalogue():
    found = [m.tag for m in birnn.MISCONCEPTIONS]
    assert len(found) == len(set(found))
    assert all(tag.startswith("birnn-") for tag in found)
    assert not any(m.mutates for m in birnn.MISCONCEPTIONS)  # an in-place write is told generically


# -- the reference against torch.nn.RNN(bidirectional=True) ---------------------------------------------
# torch: h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh); the reverse direction's parameters end in
# _reverse; the output is (T, N, 2H), forward first; h_0 is (2, N, H): [forward, backward].


@pytest.mark.parametrize("t, n, d, h", [(1, 1, 1, 1), (3, 2, 3, 2), (6, 1, 2, 4), (4, 3, 5, 1), (8, 2, 4, 3)])
def test_reference_matches_torch_bidirectional_rnn(t, n, d, h):
    torch = pytest.importorskip("torch")
    torch.manual_seed(t * 1000 + n * 100 + d * 10 + h)
    rnn = torch.nn.RNN(d, h, nonlinearity="tanh", bidirectional=True, dtype=torch.float64)
    with torch.no_grad():
        for p in rnn.parameters():
            p.uniform_(-1.2, 1.2)
    xs = torch.randn(t, n, d, dtype=torch.float64)
    h0 = torch.rand(2, n, h, dtype=torch.float64) * 2 - 1
    with torch.no_grad():
        out, h_n = rnn(xs, h0)

    def numpy_of(name):
        return getattr(rnn, name).detach().numpy()

    args = (xs.numpy(), h0[0].numpy(), h0[1].numpy())
    for suffix in ("", "_reverse"):
        args += (
            numpy_of(f"weight_ih_l0{suffix}").T,  # Wx (D, H)
            numpy_of(f"weight_hh_l0{suffix}").T,  # Wh (H, H)
            numpy_of(f"bias_ih_l0{suffix}") + numpy_of(f"bias_hh_l0{suffix}"),  # one bias
        )
    hs = birnn.reference(*args)
    np.testing.assert_allclose(hs, out.numpy(), rtol=1e-12, atol=1e-12)
    # torch's final states: the forward one at t = T-1, the backward one at t = 0
    np.testing.assert_allclose(hs[-1, :, :h], h_n[0].numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(hs[0, :, h:], h_n[1].numpy(), rtol=1e-12, atol=1e-12)


def test_torch_tells_the_catalogued_mistakes_apart_from_its_output():
    """The mistakes that concern the backward direction are not what torch computes."""
    torch = pytest.importorskip("torch")
    torch.manual_seed(4)
    rnn = torch.nn.RNN(3, 2, bidirectional=True, dtype=torch.float64)
    xs = torch.randn(5, 2, 3, dtype=torch.float64)
    h0 = torch.randn(2, 2, 2, dtype=torch.float64)
    with torch.no_grad():
        out = rnn(xs, h0)[0].numpy()
    p = {name: value.detach().numpy() for name, value in rnn.named_parameters()}
    args = (xs.numpy(), h0[0].numpy(), h0[1].numpy())
    for s in ("", "_reverse"):
        args += (p[f"weight_ih_l0{s}"].T, p[f"weight_hh_l0{s}"].T, p[f"bias_ih_l0{s}"] + p[f"bias_hh_l0{s}"])
    for name, variant in _catalogue_variants():
        got = variant(*args)
        assert got.shape != out.shape or not np.allclose(got, out), name


# -- correct files ---------------------------------------------------------------------------------------

BIRNN_RIGHT = {
    "two-loops-and-lists": """
        import numpy as np

        def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
            T = xs.shape[0]
            forward = []
            h = h0_f
            for t in range(T):
                h = np.tanh(xs[t] @ Wx_f + h @ Wh_f + b_f)
                forward.append(h)
            backward = []
            h = h0_b
            for t in range(T - 1, -1, -1):
                h = np.tanh(xs[t] @ Wx_b + h @ Wh_b + b_b)
                backward.append(h)
            backward.reverse()
            return np.concatenate([np.stack(forward), np.stack(backward)], axis=-1)
    """,
    "preallocated-slices": """
        import numpy as np

        def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
            T, N, D = xs.shape
            H = h0_f.shape[1]
            hs = np.zeros((T, N, 2 * H), dtype=xs.dtype)
            h = h0_f
            for t in range(T):
                h = np.tanh(np.dot(xs[t], Wx_f) + np.dot(h, Wh_f) + b_f)
                hs[t, :, :H] = h
            h = h0_b
            for t in reversed(range(T)):
                h = np.tanh(np.dot(xs[t], Wx_b) + np.dot(h, Wh_b) + b_b)
                hs[t, :, H:] = h
            return hs
    """,
    "flip-and-a-helper": """
        import numpy as np

        def rnn(xs, h, Wx, Wh, b):
            out = []
            for x in xs:
                h = np.tanh(x.dot(Wx) + h.dot(Wh) + b)
                out.append(h)
            return np.array(out)

        def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
            hs_f = rnn(xs, h0_f, Wx_f, Wh_f, b_f)
            hs_b = np.flip(rnn(np.flip(xs, axis=0), h0_b, Wx_b, Wh_b, b_b), axis=0)
            return np.dstack([hs_f, hs_b])
    """,
    "rnn-cell-class": """
        import numpy as np

        class RNNCell:
            def __init__(self, Wx, Wh, b):
                self.params = [Wx, Wh, b]

            def forward(self, x, h_prev):
                Wx, Wh, b = self.params
                return np.tanh(np.matmul(h_prev, Wh) + np.matmul(x, Wx) + b)

        def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
            T = len(xs)
            fwd, bwd = RNNCell(Wx_f, Wh_f, b_f), RNNCell(Wx_b, Wh_b, b_b)
            hf = [None] * T
            hb = [None] * T
            h = h0_f
            for t in range(T):
                h = hf[t] = fwd.forward(xs[t], h)
            h = h0_b
            for t in range(T - 1, -1, -1):
                h = hb[t] = bwd.forward(xs[t], h)
            return np.array([np.hstack([a, c]) for a, c in zip(hf, hb)])
    """,
    "einsum-and-float64": """
        import numpy as np

        def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
            xs = np.asarray(xs, dtype=np.float64)
            T = xs.shape[0]
            proj_f = np.einsum("tnd,dh->tnh", xs, Wx_f) + b_f
            proj_b = np.einsum("tnd,dh->tnh", xs, Wx_b) + b_b
            hf, hb = np.empty_like(proj_f), np.empty_like(proj_b)
            h = h0_f
            for t in range(T):
                h = hf[t] = np.tanh(proj_f[t] + h @ Wh_f)
            h = h0_b
            for t in range(T)[::-1]:
                h = hb[t] = np.tanh(proj_b[t] + h @ Wh_b)
            return np.concatenate((hf, hb), axis=2)
    """,
}


@pytest.mark.parametrize("style", list(BIRNN_RIGHT))
def test_correct_birnn_styles_get_full_marks(runner, style):
    assert_full_score(run_check(runner, BIRNN_RIGHT[style]))


# -- every catalogued mistake, as a learner writes it ---------------------------------------------------

BIRNN_WRONG = {
    "birnn-backward-not-reversed": """
        import numpy as np

        def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
            T = xs.shape[0]
            forward, backward = [], []
            h = h0_f
            for t in range(T):
                h = np.tanh(xs[t] @ Wx_f + h @ Wh_f + b_f)
                forward.append(h)
            h = h0_b
            for t in range(T - 1, -1, -1):
                h = np.tanh(xs[t] @ Wx_b + h @ Wh_b + b_b)
                backward.append(h)
            return np.concatenate([np.stack(forward), np.stack(backward)], axis=-1)
    """,
    "birnn-backward-wrong-start": """
        import numpy as np

        def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
            T, N, D = xs.shape
            H = h0_f.shape[1]
            hs = np.zeros((T, N, 2 * H))
            hf, hb = h0_f, h0_b
            for t in range(T):
                hf = np.tanh(xs[t] @ Wx_f + hf @ Wh_f + b_f)
                hb = np.tanh(xs[t] @ Wx_b + hb @ Wh_b + b_b)
                hs[t, :, :H] = hf
                hs[t, :, H:] = hb
            return hs
    """,
    "birnn-backward-first": """
        import numpy as np

        def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
            T = xs.shape[0]
            hf, hb = [None] * T, [None] * T
            h = h0_f
            for t in range(T):
                h = hf[t] = np.tanh(xs[t] @ Wx_f + h @ Wh_f + b_f)
            h = h0_b
            for t in reversed(range(T)):
                h = hb[t] = np.tanh(xs[t] @ Wx_b + h @ Wh_b + b_b)
            return np.concatenate([np.stack(hb), np.stack(hf)], axis=-1)
    """,
    "birnn-concat-wrong-axis": """
        import numpy as np

        def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
            T = xs.shape[0]
            hf, hb = [None] * T, [None] * T
            h = h0_f
            for t in range(T):
                h = hf[t] = np.tanh(xs[t] @ Wx_f + h @ Wh_f + b_f)
            h = h0_b
            for t in reversed(range(T)):
                h = hb[t] = np.tanh(xs[t] @ Wx_b + h @ Wh_b + b_b)
            return np.concatenate([np.array(hf), np.array(hb)], axis=1)
    """,
    "birnn-shared-weights": """
        import numpy as np

        def step(x, h, Wx, Wh, b):
            return np.tanh(x @ Wx + h @ Wh + b)

        def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
            T = xs.shape[0]
            hf, hb = [None] * T, [None] * T
            h = h0_f
            for t in range(T):
                h = hf[t] = step(xs[t], h, Wx_f, Wh_f, b_f)
            h = h0_b
            for t in reversed(range(T)):
                h = hb[t] = step(xs[t], h, Wx_f, Wh_f, b_f)
            return np.concatenate([np.stack(hf), np.stack(hb)], axis=-1)
    """,
    "birnn-initial-states-swapped": """
        import numpy as np

        def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
            T = xs.shape[0]
            hf, hb = [None] * T, [None] * T
            h = h0_b
            for t in range(T):
                h = hf[t] = np.tanh(xs[t] @ Wx_f + h @ Wh_f + b_f)
            h = h0_f
            for t in reversed(range(T)):
                h = hb[t] = np.tanh(xs[t] @ Wx_b + h @ Wh_b + b_b)
            return np.concatenate([np.stack(hf), np.stack(hb)], axis=-1)
    """,
    "birnn-backward-range-off-by-one": """
        import numpy as np

        def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
            T, N, D = xs.shape
            H = h0_f.shape[1]
            hs = np.zeros((T, N, 2 * H))
            h = h0_f
            for t in range(T):
                h = np.tanh(xs[t] @ Wx_f + h @ Wh_f + b_f)
                hs[t, :, :H] = h
            h = h0_b
            for t in range(T - 1, 0, -1):
                h = np.tanh(xs[t] @ Wx_b + h @ Wh_b + b_b)
                hs[t, :, H:] = h
            return hs
    """,
    "birnn-recurrent-weights-transposed": """
        import numpy as np

        def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
            T = xs.shape[0]
            hf, hb = [None] * T, [None] * T
            h = h0_f
            for t in range(T):
                h = hf[t] = np.tanh(xs[t] @ Wx_f + h @ Wh_f.T + b_f)
            h = h0_b
            for t in reversed(range(T)):
                h = hb[t] = np.tanh(xs[t] @ Wx_b + h @ Wh_b.T + b_b)
            return np.concatenate([np.stack(hf), np.stack(hb)], axis=-1)
    """,
    "birnn-missing-tanh": """
        import numpy as np

        def cell(x, h, Wx, Wh, b):
            return np.dot(x, Wx) + np.dot(h, Wh) + b

        def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
            T = xs.shape[0]
            hf, hb = [None] * T, [None] * T
            h = h0_f
            for t in range(T):
                h = hf[t] = cell(xs[t], h, Wx_f, Wh_f, b_f)
            h = h0_b
            for t in reversed(range(T)):
                h = hb[t] = cell(xs[t], h, Wx_b, Wh_b, b_b)
            return np.concatenate([np.stack(hf), np.stack(hb)], axis=-1)
    """,
    "birnn-missing-bias": """
        import numpy as np

        def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
            T = xs.shape[0]
            hf, hb = [None] * T, [None] * T
            h = h0_f
            for t in range(T):
                h = hf[t] = np.tanh(xs[t] @ Wx_f + h @ Wh_f)
            h = h0_b
            for t in reversed(range(T)):
                h = hb[t] = np.tanh(xs[t] @ Wx_b + h @ Wh_b)
            return np.concatenate([np.stack(hf), np.stack(hb)], axis=-1)
    """,
}


def test_every_birnn_misconception_has_a_student_source():
    assert set(BIRNN_WRONG) == {m.tag for m in birnn.MISCONCEPTIONS}


@pytest.mark.parametrize("tag", list(BIRNN_WRONG))
def test_a_named_birnn_mistake_is_named(runner, tag):
    assert_named(run_check(runner, BIRNN_WRONG[tag]), tag)


_LOOPS = """
    import numpy as np

    def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
        T = xs.shape[0]
        hf, hb = [None] * T, [None] * T
        h = h0_f
        for t in range(T):
            h = hf[t] = {forward}
        h = h0_b
        for t in {backward_range}:
            h = hb[t] = {backward}
        hf, hb = np.stack(hf), np.stack(hb)
        return {combine}
"""
_F = "np.tanh(xs[t] @ Wx_f + h @ Wh_f + b_f)"
_B = "np.tanh(xs[t] @ Wx_b + h @ Wh_b + b_b)"


def _loops(forward=_F, backward=_B, backward_range="range(T - 1, -1, -1)", combine=None):
    combine = combine or "np.concatenate([hf, hb], axis=-1)"
    return _LOOPS.format(forward=forward, backward=backward, backward_range=backward_range, combine=combine)


OTHER_FORMS = [
    # the backward loop from t = 0, its outputs reversed afterwards
    ("birnn-backward-wrong-start", _loops(backward_range="range(T)", combine="np.concatenate([hf, hb[::-1]], -1)")),
    ("birnn-concat-wrong-axis", _loops(combine="np.concatenate([hf, hb], axis=0)")),
    ("birnn-concat-wrong-axis", _loops(combine="np.stack([hf, hb], axis=-1).reshape(hf.shape[0], hf.shape[1], -1)")),
    ("birnn-backward-range-off-by-one", """
        import numpy as np

        def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
            T, N, D = xs.shape
            H = Wh_f.shape[0]
            hs_f, hs_b = np.zeros((T, N, H)), np.zeros((T, N, H))
            h = h0_f
            for t in range(T):
                h = np.tanh(xs[t] @ Wx_f + h @ Wh_f + b_f)
                hs_f[t] = h
            h = h0_b
            for t in range(T - 2, -1, -1):
                h = np.tanh(xs[t] @ Wx_b + h @ Wh_b + b_b)
                hs_b[t] = h
            return np.concatenate([hs_f, hs_b], axis=-1)
    """),
    ("birnn-missing-tanh", _loops(backward="xs[t] @ Wx_b + h @ Wh_b + b_b")),
    ("birnn-missing-tanh", _loops(forward="xs[t] @ Wx_f + h @ Wh_f + b_f")),
]  # fmt: skip


@pytest.mark.parametrize(
    "tag, source", OTHER_FORMS, ids=[f"{tag}-{k}" for k, (tag, _) in enumerate(OTHER_FORMS)]
)
def test_other_ways_to_write_a_mistake_are_named_too(runner, tag, source):
    assert_named(run_check(runner, source), tag)


def test_the_loops_template_is_right_as_it_stands(runner):
    assert_full_score(run_check(runner, _loops()))


def test_a_file_that_writes_into_its_input_fails_on_the_mutation(runner):
    source = """
        import numpy as np

        def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
            T = xs.shape[0]
            hs = []
            h = h0_f
            for t in range(T):
                h = np.tanh(xs[t] @ Wx_f + h @ Wh_f + b_f)
                hs.append(h)
            xs[:] = xs[::-1].copy()
            h = h0_b
            back = []
            for t in range(T):
                h = np.tanh(xs[t] @ Wx_b + h @ Wh_b + b_b)
                back.append(h)
            return np.concatenate([np.stack(hs), np.stack(back[::-1])], axis=-1)
    """
    result = run_check(runner, source)
    assert all(t.status != "pass" for t in result.tests)
    assert {t.message["en"] for t in result.tests} == {"Modified its argument xs in place."}  # its line says
    assert tags(result) == []


# -- no match, no guess ----------------------------------------------------------------------------------


def test_two_birnn_mistakes_at_once_name_nothing(runner):
    source = _loops(
        forward="np.tanh(xs[t] @ Wx_f + h @ Wh_f)",
        backward="np.tanh(xs[t] @ Wx_b + h @ Wh_b)",
        combine="np.concatenate([hb, hf], axis=-1)",
    )
    result = run_check(runner, source)
    assert result.status == "fail"
    assert tags(result) == []
    assert all(t.misconception is None for t in result.tests)


def test_backward_first_and_not_reversed_at_once_name_nothing(runner):
    source = _loops(combine="np.concatenate([hb[::-1], hf], axis=-1)")
    result = run_check(runner, source)
    assert result.status == "fail"
    assert tags(result) == []


def test_garbage_values_name_nothing(runner):
    source = """
        import numpy as np

        def birnn_forward(xs, h0_f, h0_b, Wx_f, Wh_f, b_f, Wx_b, Wh_b, b_b):
            rng = np.random.default_rng(7)
            return np.tanh(rng.standard_normal((xs.shape[0], xs.shape[1], 2 * h0_f.shape[1])))
    """
    result = run_check(runner, source)
    assert result.status == "fail" and result.score == 0
    assert tags(result) == []


def test_a_tuple_of_hs_and_a_final_state_is_not_the_contract(runner):
    source = _loops(combine="np.concatenate([hf, hb], axis=-1), hf[-1]")
    result = run_check(runner, source)
    assert result.status == "fail" and result.score == 0
    assert tags(result) == []


# -- the template and the command line -------------------------------------------------------------------


def test_the_template_is_not_implemented_yet(runner):
    template = SHIPPED.template(NUMBER)
    result = check_source(template, "exercise4.py", exam(NUMBER), runner=runner)
    assert result.error_kind == ErrorKind.NOT_IMPLEMENTED
    assert result.error["en"] == "birnn_forward is not implemented yet (it raises NotImplementedError)."
    assert result.score == 0 and tags(result) == []


def test_the_template_states_the_contract_in_three_languages():
    text = SHIPPED.template(NUMBER).decode("utf-8")
    for needle in (
        "Contract (English)",
        "약속 (한국어)",
        "約束 (日本語)",
        "(T, N, D)",
        "(T, N, 2H)",
        "hf_t = tanh(xs[t] @ Wx_f + hf_{t-1} @ Wh_f + b_f)",
        "hb_t = tanh(xs[t] @ Wx_b + hb_{t+1} @ Wh_b + b_b)",
        "t = T-1, T-2, ..., 0",
        "the forward state first",
        "Never modify the inputs in place",
        "Import numpy and Python's standard library only",
        "양방향",
        "은닉 상태",
        "双方向RNN",
        "隠れ状態",
        "import numpy as np",
    ):
        assert needle in text, needle


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_exercise_get_then_check(tmp_path):
    for name in ("birnn_forward", "birnn", "bidirectional", "ex4", "exercise4"):
        assert SHIPPED.resolve(name) == NUMBER, name
    got = cli("exercise", "get", NUMBER, tmp_path)
    assert got.exit_code == 0, got.output
    target = tmp_path / "exercise4.py"
    assert target.read_bytes() == SHIPPED.template(NUMBER)

    untouched = cli("check", target)
    assert untouched.exit_code == 1
    assert "birnn_forward is not implemented yet" in " ".join(untouched.output.split())

    target.write_text(textwrap.dedent(BIRNN_RIGHT["preallocated-slices"]), encoding="utf-8")
    checked = cli("check", target)
    assert checked.exit_code == 0, checked.output
    assert "Exercise 4:" in checked.output and "All tests passed" in checked.output
    tests = len(birnn.public_cases()) + len(birnn.hidden_cases(0))
    assert f"Score {tests}/{tests}" in checked.output


def test_a_wrong_file_from_the_command_line_names_its_mistake(tmp_path):
    target = tmp_path / "my_birnn.py"  # detected by its function, whatever its name
    target.write_text(textwrap.dedent(BIRNN_WRONG["birnn-backward-not-reversed"]), encoding="utf-8")
    checked = cli("check", target)
    assert checked.exit_code == 1
    assert "Exercise 4:" in checked.output
    assert "The backward states are left in the order they were computed" in " ".join(checked.output.split())


def test_exercise_list_shows_it():
    listed = cli("exercise", "list")
    assert listed.exit_code == 0
    assert any("birnn_forward" in line and "exercise4.py" in line for line in listed.output.splitlines())
