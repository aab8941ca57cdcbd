"""Exercise 3, gru_step: the reference, correct files in several styles, every catalogued mistake written
as a learner would write it, the template, the command line, and (when torch is installed) nn.GRUCell.

The course's GRU: blocks z, r, n; h_bar = tanh(x W_n + (r * h_prev) U_n + b_n);
h_new = (1 - z) * h_prev + z * h_bar. The wrong sources below never call the spec's variants.
"""

from __future__ import annotations

import itertools
import math
import textwrap

import numpy as np
import pytest
from click.testing import CliRunner
from exams import SHIPPED, assert_full_score, assert_named, exam, spec_module, tags
from exams import spec as spec_of

from checker.cli import main
from checker.codecheck import _same, check_source
from checker.results import ErrorKind

NUMBER = 3
gru = spec_module(NUMBER)


def run_check(runner, source: str):
    return check_source(textwrap.dedent(source).encode(), "exercise3.py", exam(NUMBER), runner=runner)


# -- the reference against an implementation written another way ---------------------------------------


def _sigmoid(v: float) -> float:
    return 1.0 / (1.0 + math.exp(-v)) if v >= 0 else math.exp(v) / (1.0 + math.exp(v))


def independent_gru(x, h_prev, W, U, b):
    """One number at a time, with math's functions: row j of block g of W is W[g * H + j]."""
    x, h_prev, W, U, b = (np.asarray(a, dtype=np.float64) for a in (x, h_prev, W, U, b))
    n_samples, d = x.shape
    hidden = h_prev.shape[1]
    out = np.empty((n_samples, hidden))
    for s in range(n_samples):

        def row(block, j, state, s=s):
            k = block * hidden + j
            total = b[k]
            for i in range(d):
                total += W[k, i] * x[s, i]
            for i in range(hidden):
                total += U[k, i] * state[i]
            return total

        h = [float(v) for v in h_prev[s]]
        z = [_sigmoid(row(0, j, h)) for j in range(hidden)]
        r = [_sigmoid(row(1, j, h)) for j in range(hidden)]
        reset_h = [r[j] * h[j] for j in range(hidden)]
        for j in range(hidden):
            h_bar = math.tanh(row(2, j, reset_h))
            out[s, j] = h[j] + z[j] * (h_bar - h[j])
    return out


def _random_inputs(rng, n, d, h, scale=1.0):
    return (
        rng.standard_normal((n, d)) * scale,
        rng.uniform(-1, 1, (n, h)),
        rng.standard_normal((3 * h, d)) * scale,
        rng.standard_normal((3 * h, h)) * scale,
        rng.standard_normal(3 * h) * scale,
    )


@pytest.mark.parametrize("n, d, h", [(1, 1, 1), (2, 3, 2), (1, 4, 3), (3, 2, 1), (4, 5, 6), (5, 7, 3)])
def test_reference_matches_an_independent_implementation(n, d, h):
    rng = np.random.default_rng(n * 100 + d * 10 + h)
    for scale in (0.3, 1.0, 3.0):
        args = _random_inputs(rng, n, d, h, scale)
        got = gru.reference(*args)
        assert got.shape == (n, h) and got.dtype == np.float64
        np.testing.assert_allclose(got, independent_gru(*args), rtol=1e-12, atol=1e-14)


def test_reference_on_every_case_matches_and_leaves_the_inputs_alone():
    for case in exam(NUMBER).cases:
        before = [np.array(a, copy=True) for a in case.args]
        got = gru.reference(*case.args)
        for a, kept in zip(case.args, before):
            np.testing.assert_array_equal(a, kept)
        assert np.isfinite(got).all(), case.id
        assert got.dtype == np.asarray(case.args[0]).dtype, case.id  # float32 in, float32 out
        tolerance = 1e-5 if got.dtype == np.float32 else 1e-12
        np.testing.assert_allclose(got, independent_gru(*case.args), rtol=tolerance, atol=tolerance)


def test_the_cases_cover_the_edges():
    public, hidden = gru.public_cases(), gru.hidden_cases(0)
    assert len(public) == 2 and all(c.visibility == "visible" for c in public)
    assert len(hidden) >= 8 and all(c.visibility == "hidden" for c in hidden)
    shapes = [(c.args[0].shape, c.args[1].shape) for c in hidden]
    assert any(x[0] == 1 for x, _ in shapes)  # N = 1
    assert any(h[1] == 1 for _, h in shapes)  # H = 1
    assert any(x[1] != h[1] for x, h in shapes)  # D != H
    assert any(np.asarray(c.args[0]).dtype == np.float32 for c in hidden)
    assert any(not np.asarray(c.args[1]).any() for c in hidden)  # a zero state
    for seed in range(20):  # exp overflows in every block, whatever the secret
        x, h_prev, W, U, b = next(c for c in gru.hidden_cases(seed) if c.id == "saturated").args
        pre = (x @ W.T + h_prev @ U.T + b).reshape(len(x), 3, -1)
        assert (pre.max(axis=2) > 710).all() and (pre.min(axis=2) < -710).all(), seed
    for c in public + hidden:
        assert sum(np.asarray(a).size for a in c.args) < 1000  # small: a sandbox case is cheap
    # another seed draws other values, not other shapes
    again = gru.hidden_cases(1)
    assert [c.id for c in again] == [c.id for c in hidden]
    assert not np.array_equal(again[0].args[0], hidden[0].args[0])


def test_every_text_is_in_english_korean_and_japanese():
    texts = [spec_of(NUMBER).title]
    for m in gru.MISCONCEPTIONS:
        texts += [m.title, m.explanation]
    for c in gru.public_cases() + gru.hidden_cases(0):
        texts.append(c.name)
        if c.visibility == "hidden":
            assert c.hint is not None, c.id
            texts.append(c.hint)
    for text in texts:
        assert set(text) == {"en", "ko", "ja"} and all(v.strip() for v in text.values()), text


def _catalogue_variants():
    for m in gru.MISCONCEPTIONS:
        if m.variant is not None:
            for k, v in enumerate(m.variant if isinstance(m.variant, tuple) else (m.variant,)):
                yield f"{m.tag}#{k}", v


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_catalogued_variant_is_wrong_and_told_apart_from_the_others(seed):
    found = exam(NUMBER, seed)
    variants = list(_catalogue_variants())
    outputs = {name: [found.variant_outputs(v, c) for c in found.cases] for name, v in variants}
    for name, outs in outputs.items():
        assert any(not _same(o, found.expected[c.id]) for o, c in zip(outs, found.cases)), name
    for (a, outs_a), (b, outs_b) in itertools.combinations(outputs.items(), 2):
        assert not all(_same(x, y) for x, y in zip(outs_a, outs_b)), (a, b)


def test_the_catalogue():
    found = [m.tag for m in gru.MISCONCEPTIONS]
    assert len(found) == len(set(found))
    assert [m.mutates for m in gru.MISCONCEPTIONS if m.mutates] == ["h_prev"]


# -- the reference against torch.nn.GRUCell --------------------------------------------------------------
# GRUCell (r, z, n blocks):  r = σ(W_ir x + b_ir + W_hr h + b_hr)   z = σ(W_iz x + b_iz + W_hz h + b_hz)
#   n = tanh(W_in x + b_in + r * (W_hn h + b_hn))   h' = (1 - z) * n + z * h
# The course's z is PyTorch's 1 - z = σ(-(...)): its z block is PyTorch's, negated. Its reset scales h
# before W_hn, PyTorch's after: the two agree exactly when W_hn is diagonal (or H = 1) and b_hn = 0.


def _cell(torch, d: int, h: int, seed: int, *, diagonal_hn: bool, zero_b_hn: bool = True, zero_b_in=False):
    torch.manual_seed(seed)
    cell = torch.nn.GRUCell(d, h, dtype=torch.float64)
    with torch.no_grad():  # wider than the default init, so that the gates leave their linear range
        for p in cell.parameters():
            p.uniform_(-1.5, 1.5)
        if diagonal_hn:
            w_hn = cell.weight_hh[2 * h :]
            w_hn.copy_(torch.diag(torch.diagonal(w_hn)))
        if zero_b_hn:
            cell.bias_hh[2 * h :] = 0.0
        if zero_b_in:
            cell.bias_ih[2 * h :] = 0.0
    return cell


def _course_weights(cell, h: int):
    """GRUCell's parameters in the course's layout: blocks z, r, n, z negated, one bias (b_hn = 0)."""

    def blocks(p):
        return dict(zip(gru.TORCH_ORDER, np.split(p.detach().numpy(), 3, axis=0)))

    w_ih, w_hh, b_ih, b_hh = (blocks(p) for p in (cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh))
    assert not b_hh["n"].any()  # no place for it in one bias: r * b_hn is not a constant
    W = np.concatenate([-w_ih["z"], w_ih["r"], w_ih["n"]])
    U = np.concatenate([-w_hh["z"], w_hh["r"], w_hh["n"]])
    b = np.concatenate([-(b_ih["z"] + b_hh["z"]), b_ih["r"] + b_hh["r"], b_ih["n"]])
    return W, U, b


def _configs():
    fixed = [(1, 1, 1), (1, 3, 1), (2, 1, 4), (3, 5, 1), (1, 1, 7), (4, 6, 2)]
    rng = np.random.default_rng(3)
    return fixed + [tuple(int(v) for v in rng.integers(1, 9, size=3)) for _ in range(14)]


def _states(n, d, h, seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)) * 1.5, rng.uniform(-1, 1, (n, h))


@pytest.mark.parametrize("n, d, h", _configs())
def test_reference_matches_grucell_when_the_reset_commutes(n, d, h):
    torch = pytest.importorskip("torch")
    seed = n * 100 + d * 10 + h
    cell = _cell(torch, d, h, seed, diagonal_hn=True)
    x, h_prev = _states(n, d, h, seed)
    with torch.no_grad():
        want = cell(torch.from_numpy(x), torch.from_numpy(h_prev)).numpy()
    got = gru.reference(x, h_prev, *_course_weights(cell, h))
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("n, d, h", [(2, 3, 2), (3, 4, 5), (1, 2, 3)])
def test_grucell_is_pytorchs_form_and_not_the_courses(n, d, h):
    """With a full W_hn the course's GRU and PyTorch's differ; the catalogue's forms are PyTorch's."""
    torch = pytest.importorskip("torch")
    seed = n * 100 + d * 10 + h
    x, h_prev = _states(n, d, h, seed)
    cell = _cell(torch, d, h, seed, diagonal_hn=False)
    with torch.no_grad():
        want = cell(torch.from_numpy(x), torch.from_numpy(h_prev)).numpy()
    course = _course_weights(cell, h)
    assert np.abs(gru.reference(x, h_prev, *course) - want).max() > 1e-6  # far beyond rounding
    # the reset after the product, in the course's layout: gru-reset-after-matmul
    np.testing.assert_allclose(gru._step(x, h_prev, *course, reset="after"), want, rtol=1e-12, atol=1e-13)
    # PyTorch's own layout (r, z, n; one bias b_ih + b_hh), read with all three of its conventions
    W, U = cell.weight_ih.detach().numpy(), cell.weight_hh.detach().numpy()
    b = (cell.bias_ih + cell.bias_hh).detach().numpy()
    torch_form = gru._step(x, h_prev, W, U, b, order=gru.TORCH_ORDER, reset="after", z_weights="h_prev")
    np.testing.assert_allclose(torch_form, want, rtol=1e-12, atol=1e-13)
    # and with b_hn (not b_in) as the bias of n: the reset then scales the bias too
    cell = _cell(torch, d, h, seed + 1, diagonal_hn=False, zero_b_hn=False, zero_b_in=True)
    with torch.no_grad():
        want = cell(torch.from_numpy(x), torch.from_numpy(h_prev)).numpy()
    W, U = cell.weight_ih.detach().numpy(), cell.weight_hh.detach().numpy()
    b = (cell.bias_ih + cell.bias_hh).detach().numpy()
    torch_form = gru._step(
        x, h_prev, W, U, b, order=gru.TORCH_ORDER, reset="after-with-bias", z_weights="h_prev"
    )
    np.testing.assert_allclose(torch_form, want, rtol=1e-12, atol=1e-13)


# -- correct files in different styles -------------------------------------------------------------------

SIGMOID = """
import numpy as np


def sigmoid(a):
    return 1.0 / (1.0 + np.exp(-a))
"""


def gru_source(body: str) -> str:
    return SIGMOID + textwrap.dedent(body)


GRU_RIGHT = {
    "split-weights": """
        def gru_step(x, h_prev, W, U, b):
            W_z, W_r, W_n = np.split(W, 3)
            U_z, U_r, U_n = np.split(U, 3)
            b_z, b_r, b_n = np.split(b, 3)
            z = sigmoid(x @ W_z.T + h_prev @ U_z.T + b_z)
            r = sigmoid(x @ W_r.T + h_prev @ U_r.T + b_r)
            h_bar = np.tanh(x @ W_n.T + (r * h_prev) @ U_n.T + b_n)
            return (1 - z) * h_prev + z * h_bar
    """,
    "slicing-and-dot": """
        def gru_step(x, h_prev, W, U, b):
            H = h_prev.shape[1]
            a = x.dot(W.T) + b
            zr = a[:, :2 * H] + h_prev.dot(U[:2 * H].T)
            z = sigmoid(zr[:, :H])
            r = sigmoid(zr[:, H:])
            h_bar = np.tanh(a[:, 2 * H:] + (r * h_prev).dot(U[2 * H:].T))
            h_new = (1 - z) * h_prev + z * h_bar
            return h_new
    """,
    "per-sample-loop": """
        def gru_step(x, h_prev, W, U, b):
            N, H = h_prev.shape
            h_new = np.zeros((N, H))
            for n in range(N):
                gx = W @ x[n] + b
                z = sigmoid(gx[:H] + U[:H] @ h_prev[n])
                r = sigmoid(gx[H:2 * H] + U[H:2 * H] @ h_prev[n])
                h_bar = np.tanh(gx[2 * H:] + U[2 * H:] @ (r * h_prev[n]))
                h_new[n] = (1 - z) * h_prev[n] + z * h_bar
            return h_new
    """,
    "helpers-and-interpolation": """
        def affine(x, h, W, U, b):
            return np.dot(x, W.T) + np.dot(h, U.T) + b


        def gru_step(x, h_prev, W, U, b):
            H = h_prev.shape[-1]
            blocks = [slice(k * H, (k + 1) * H) for k in range(3)]
            z, r = (sigmoid(affine(x, h_prev, W[s], U[s], b[s])) for s in blocks[:2])
            h_bar = np.tanh(affine(x, r * h_prev, W[blocks[2]], U[blocks[2]], b[blocks[2]]))
            return h_prev + z * (h_bar - h_prev)
    """,
    "einsum-stable-sigmoid": """
        def stable_sigmoid(a):
            e = np.exp(-np.abs(a))
            return np.where(a >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


        def gru_step(x, h_prev, W, U, b):
            H = U.shape[1]
            gx = np.einsum("nd,kd->nk", x, W) + b[None, :]
            gh = np.einsum("nh,kh->nk", h_prev, U[:2 * H])
            z = stable_sigmoid(gx[:, :H] + gh[:, :H])
            r = stable_sigmoid(gx[:, H:2 * H] + gh[:, H:])
            h_bar = np.tanh(gx[:, 2 * H:] + np.einsum("nh,kh->nk", r * h_prev, U[2 * H:]))
            return (1.0 - z) * h_prev + z * h_bar
    """,
    "copies-then-updates-float64": """
        def gru_step(x, h_prev, W, U, b):
            x, h0 = np.asarray(x, dtype=np.float64), np.asarray(h_prev, dtype=np.float64)
            H = h0.shape[1]
            z = sigmoid(np.matmul(x, W[:H].T) + np.matmul(h0, U[:H].T) + b[:H])
            r = sigmoid(np.matmul(x, W[H:2 * H].T) + np.matmul(h0, U[H:2 * H].T) + b[H:2 * H])
            h_bar = np.tanh(np.matmul(x, W[2 * H:].T) + np.matmul(r * h0, U[2 * H:].T) + b[2 * H:])
            h = h0.copy()
            h *= 1 - z
            h += z * h_bar
            return h
    """,
}


@pytest.mark.parametrize("style", list(GRU_RIGHT))
def test_correct_gru_styles_get_full_marks(runner, style):
    assert_full_score(run_check(runner, gru_source(GRU_RIGHT[style])))


# -- every catalogued mistake, written as a learner would ------------------------------------------------

GRU_WRONG = {
    "gru-h-prev-in-place": """
        def gru_step(x, h_prev, W, U, b):
            W_z, W_r, W_n = np.split(W, 3)
            U_z, U_r, U_n = np.split(U, 3)
            b_z, b_r, b_n = np.split(b, 3)
            z = sigmoid(x @ W_z.T + h_prev @ U_z.T + b_z)
            r = sigmoid(x @ W_r.T + h_prev @ U_r.T + b_r)
            h_bar = np.tanh(x @ W_n.T + (r * h_prev) @ U_n.T + b_n)
            h_prev *= 1 - z
            h_prev += z * h_bar
            return h_prev
    """,
    "gru-pytorch-form": """
        def gru_step(x, h_prev, W, U, b):
            gi = x @ W.T + b
            gh = h_prev @ U.T
            i_r, i_z, i_n = np.split(gi, 3, axis=1)
            h_r, h_z, h_n = np.split(gh, 3, axis=1)
            r = sigmoid(i_r + h_r)
            z = sigmoid(i_z + h_z)
            n = np.tanh(i_n + r * h_n)
            return (1 - z) * n + z * h_prev
    """,
    "gru-update-roles-swapped": """
        def gru_step(x, h_prev, W, U, b):
            W_z, W_r, W_n = np.split(W, 3)
            U_z, U_r, U_n = np.split(U, 3)
            b_z, b_r, b_n = np.split(b, 3)
            z = sigmoid(x @ W_z.T + h_prev @ U_z.T + b_z)
            r = sigmoid(x @ W_r.T + h_prev @ U_r.T + b_r)
            h_bar = np.tanh(x @ W_n.T + (r * h_prev) @ U_n.T + b_n)
            return z * h_prev + (1 - z) * h_bar
    """,
    "gru-reset-after-matmul": """
        def gru_step(x, h_prev, W, U, b):
            H = h_prev.shape[1]
            gx = x @ W.T + b
            gh = h_prev @ U.T
            z = sigmoid(gx[:, :H] + gh[:, :H])
            r = sigmoid(gx[:, H:2 * H] + gh[:, H:2 * H])
            h_bar = np.tanh(gx[:, 2 * H:] + r * gh[:, 2 * H:])
            return (1 - z) * h_prev + z * h_bar
    """,
    "gru-reset-on-candidate": """
        def gru_step(x, h_prev, W, U, b):
            W_z, W_r, W_n = np.split(W, 3)
            U_z, U_r, U_n = np.split(U, 3)
            b_z, b_r, b_n = np.split(b, 3)
            z = sigmoid(x @ W_z.T + h_prev @ U_z.T + b_z)
            r = sigmoid(x @ W_r.T + h_prev @ U_r.T + b_r)
            h_bar = r * np.tanh(x @ W_n.T + h_prev @ U_n.T + b_n)
            return (1 - z) * h_prev + z * h_bar
    """,
    "gru-reset-missing": """
        def gru_step(x, h_prev, W, U, b):
            W_z, W_r, W_n = np.split(W, 3)
            U_z, U_r, U_n = np.split(U, 3)
            b_z, b_r, b_n = np.split(b, 3)
            z = sigmoid(x @ W_z.T + h_prev @ U_z.T + b_z)
            h_bar = np.tanh(x @ W_n.T + h_prev @ U_n.T + b_n)
            return (1 - z) * h_prev + z * h_bar
    """,
    "gru-activations-swapped": """
        def gru_step(x, h_prev, W, U, b):
            W_z, W_r, W_n = np.split(W, 3)
            U_z, U_r, U_n = np.split(U, 3)
            b_z, b_r, b_n = np.split(b, 3)
            z = np.tanh(x @ W_z.T + h_prev @ U_z.T + b_z)
            r = np.tanh(x @ W_r.T + h_prev @ U_r.T + b_r)
            h_bar = sigmoid(x @ W_n.T + (r * h_prev) @ U_n.T + b_n)
            return (1 - z) * h_prev + z * h_bar
    """,
    "gru-gates-tanh": """
        def gru_step(x, h_prev, W, U, b):
            H = h_prev.shape[1]
            a = x.dot(W.T) + b
            z = np.tanh(a[:, :H] + h_prev.dot(U[:H].T))
            r = np.tanh(a[:, H:2 * H] + h_prev.dot(U[H:2 * H].T))
            h_bar = np.tanh(a[:, 2 * H:] + (r * h_prev).dot(U[2 * H:].T))
            return (1 - z) * h_prev + z * h_bar
    """,
    "gru-candidate-sigmoid": """
        def gru_step(x, h_prev, W, U, b):
            H = h_prev.shape[1]
            a = x.dot(W.T) + b
            z = sigmoid(a[:, :H] + h_prev.dot(U[:H].T))
            r = sigmoid(a[:, H:2 * H] + h_prev.dot(U[H:2 * H].T))
            h_bar = sigmoid(a[:, 2 * H:] + (r * h_prev).dot(U[2 * H:].T))
            return (1 - z) * h_prev + z * h_bar
    """,
    "gru-missing-bias": """
        def gru_step(x, h_prev, W, U, b):
            W_z, W_r, W_n = np.split(W, 3)
            U_z, U_r, U_n = np.split(U, 3)
            z = sigmoid(x @ W_z.T + h_prev @ U_z.T)
            r = sigmoid(x @ W_r.T + h_prev @ U_r.T)
            h_bar = np.tanh(x @ W_n.T + (r * h_prev) @ U_n.T)
            return (1 - z) * h_prev + z * h_bar
    """,
    "gru-pytorch-block-order": """
        def gru_step(x, h_prev, W, U, b):
            W_r, W_z, W_n = np.split(W, 3)
            U_r, U_z, U_n = np.split(U, 3)
            b_r, b_z, b_n = np.split(b, 3)
            z = sigmoid(x @ W_z.T + h_prev @ U_z.T + b_z)
            r = sigmoid(x @ W_r.T + h_prev @ U_r.T + b_r)
            h_bar = np.tanh(x @ W_n.T + (r * h_prev) @ U_n.T + b_n)
            return (1 - z) * h_prev + z * h_bar
    """,
}

GENERIC_ORDERS = [
    order for order in itertools.permutations("zrn") if order not in {tuple("zrn"), tuple("rzn")}
]

ORDER_TEMPLATE = """
    def gru_step(x, h_prev, W, U, b):
        H = h_prev.shape[1]
        blocks = {{}}
        for k, name in enumerate("{0}"):
            blocks[name] = (W[k * H:(k + 1) * H], U[k * H:(k + 1) * H], b[k * H:(k + 1) * H])
        W_z, U_z, b_z = blocks["z"]
        W_r, U_r, b_r = blocks["r"]
        W_n, U_n, b_n = blocks["n"]
        z = sigmoid(x @ W_z.T + h_prev @ U_z.T + b_z)
        r = sigmoid(x @ W_r.T + h_prev @ U_r.T + b_r)
        h_bar = np.tanh(x @ W_n.T + (r * h_prev) @ U_n.T + b_n)
        return (1 - z) * h_prev + z * h_bar
"""


def test_every_gru_misconception_has_a_student_source():
    generic = {f"gru-block-order-{''.join(order)}" for order in GENERIC_ORDERS}
    assert len(generic) == 4  # 3! orders, less the course's and PyTorch's
    assert set(GRU_WRONG) | generic == {m.tag for m in gru.MISCONCEPTIONS}
    assert not set(GRU_WRONG) & generic


@pytest.mark.parametrize("tag", list(GRU_WRONG))
def test_a_named_gru_mistake_is_named(runner, tag):
    assert_named(run_check(runner, gru_source(GRU_WRONG[tag])), tag)


@pytest.mark.parametrize("order", GENERIC_ORDERS, ids="".join)
def test_a_wrong_block_order_is_named(runner, order):
    result = run_check(runner, gru_source(ORDER_TEMPLATE.format("".join(order))))
    assert_named(result, f"gru-block-order-{''.join(order)}")


OTHER_FORMS = {
    # PyTorch's form: any two of its three conventions (r, z, n; reset after U_n; z keeps h_prev)
    ("gru-pytorch-form", "order-and-update"): """
        def gru_step(x, h_prev, W, U, b):
            W_r, W_z, W_n = np.split(W, 3)
            U_r, U_z, U_n = np.split(U, 3)
            b_r, b_z, b_n = np.split(b, 3)
            r = sigmoid(x @ W_r.T + h_prev @ U_r.T + b_r)
            z = sigmoid(x @ W_z.T + h_prev @ U_z.T + b_z)
            n = np.tanh(x @ W_n.T + (r * h_prev) @ U_n.T + b_n)
            return (1 - z) * n + z * h_prev
    """,
    ("gru-pytorch-form", "reset-and-update-bias-inside"): """
        def gru_step(x, h_prev, W, U, b):
            H = h_prev.shape[1]
            z = sigmoid(x @ W[:H].T + h_prev @ U[:H].T + b[:H])
            r = sigmoid(x @ W[H:2 * H].T + h_prev @ U[H:2 * H].T + b[H:2 * H])
            n = np.tanh(x @ W[2 * H:].T + r * (h_prev @ U[2 * H:].T + b[2 * H:]))
            return (1 - z) * n + z * h_prev
    """,
    ("gru-pytorch-form", "order-and-reset"): """
        def gru_step(x, h_prev, W, U, b):
            gi = x @ W.T + b
            gh = h_prev @ U.T
            i_r, i_z, i_n = np.split(gi, 3, axis=1)
            h_r, h_z, h_n = np.split(gh, 3, axis=1)
            r = sigmoid(i_r + h_r)
            z = sigmoid(i_z + h_z)
            n = np.tanh(i_n + r * h_n)
            return (1 - z) * h_prev + z * n
    """,
    ("gru-reset-after-matmul", "bias-inside"): """
        def gru_step(x, h_prev, W, U, b):
            W_z, W_r, W_n = np.split(W, 3)
            U_z, U_r, U_n = np.split(U, 3)
            b_z, b_r, b_n = np.split(b, 3)
            z = sigmoid(x @ W_z.T + h_prev @ U_z.T + b_z)
            r = sigmoid(x @ W_r.T + h_prev @ U_r.T + b_r)
            h_bar = np.tanh(x @ W_n.T + r * (h_prev @ U_n.T + b_n))
            return (1 - z) * h_prev + z * h_bar
    """,
    ("gru-reset-on-candidate", "whole-pre-activation"): """
        def gru_step(x, h_prev, W, U, b):
            W_z, W_r, W_n = np.split(W, 3)
            U_z, U_r, U_n = np.split(U, 3)
            b_z, b_r, b_n = np.split(b, 3)
            z = sigmoid(x @ W_z.T + h_prev @ U_z.T + b_z)
            r = sigmoid(x @ W_r.T + h_prev @ U_r.T + b_r)
            h_bar = np.tanh(r * (x @ W_n.T + h_prev @ U_n.T + b_n))
            return (1 - z) * h_prev + z * h_bar
    """,
}


@pytest.mark.parametrize("tag, form", list(OTHER_FORMS), ids=["-".join(k) for k in OTHER_FORMS])
def test_other_ways_to_write_a_mistake_are_named_too(runner, tag, form):
    assert_named(run_check(runner, gru_source(OTHER_FORMS[tag, form])), tag)


def test_h_prev_in_place_fails_on_the_mutation_not_the_values(runner):
    result = run_check(runner, gru_source(GRU_WRONG["gru-h-prev-in-place"]))
    assert {t.message["en"] for t in result.tests if t.status != "pass"} == {
        "Modified its argument h_prev in place."
    }
    assert all(t.status != "pass" for t in result.tests)


def test_reset_after_the_product_passes_where_it_cannot_differ(runner):
    """H = 1 (and a zero state): r * (h U_n) = (r * h) U_n; the other cases tell the two apart."""
    result = run_check(runner, gru_source(GRU_WRONG["gru-reset-after-matmul"]))
    passed = {t.id for t in result.tests if t.status == "pass"}
    assert {"one-unit", "zero-state"} <= passed
    assert {"small-batch", "random"} <= {t.id for t in result.tests} - passed
    assert tags(result) == ["gru-reset-after-matmul"]


# -- no match, no guess -----------------------------------------------------------------------------------


def test_two_gru_mistakes_at_once_name_nothing(runner):
    source = gru_source(
        """
        def gru_step(x, h_prev, W, U, b):
            W_z, W_r, W_n = np.split(W, 3)
            U_z, U_r, U_n = np.split(U, 3)
            z = sigmoid(x @ W_z.T + h_prev @ U_z.T)
            r = sigmoid(x @ W_r.T + h_prev @ U_r.T)
            h_bar = np.tanh(x @ W_n.T + (r * h_prev) @ U_n.T)
            return z * h_prev + (1 - z) * h_bar
        """
    )
    result = run_check(runner, source)
    assert result.status == "fail"
    assert tags(result) == []
    assert all(t.misconception is None for t in result.tests)


def test_garbage_values_name_nothing(runner):
    source = """
        import numpy as np

        def gru_step(x, h_prev, W, U, b):
            return np.random.default_rng(7).uniform(-1, 1, h_prev.shape)
    """
    result = run_check(runner, source)
    assert result.status == "fail" and result.score == 0
    assert tags(result) == []


def test_a_tuple_is_not_an_array(runner):
    source = gru_source(
        """
        def gru_step(x, h_prev, W, U, b):
            W_z, W_r, W_n = np.split(W, 3)
            U_z, U_r, U_n = np.split(U, 3)
            b_z, b_r, b_n = np.split(b, 3)
            z = sigmoid(x @ W_z.T + h_prev @ U_z.T + b_z)
            r = sigmoid(x @ W_r.T + h_prev @ U_r.T + b_r)
            h_bar = np.tanh(x @ W_n.T + (r * h_prev) @ U_n.T + b_n)
            return (1 - z) * h_prev + z * h_bar, h_bar
        """
    )
    result = run_check(runner, source)
    assert result.status == "fail" and result.score == 0
    assert tags(result) == []


# -- the template and the command line -------------------------------------------------------------------


def test_the_template_is_not_implemented_yet(runner):
    template = SHIPPED.template(NUMBER)
    result = check_source(template, "exercise3.py", exam(NUMBER), runner=runner)
    assert result.error_kind == ErrorKind.NOT_IMPLEMENTED
    assert result.error["en"] == "gru_step is not implemented yet (it raises NotImplementedError)."
    assert result.score == 0 and tags(result) == []


def test_the_template_states_the_contract_in_three_languages():
    text = SHIPPED.template(NUMBER).decode("utf-8")
    for needle in (
        "Contract (English)",
        "약속 (한국어)",
        "約束 (日本語)",
        "h_new = (1 - z) * h_prev + z * h_bar",
        "(r * h_prev) @ U_n.T",
        "z, r, n",
        "import numpy as np",
        "Convention note",
        "관례 참고",
        "流儀の注意",
        "h_new = z * h_prev + (1 - z) * h_bar",
        "更新ゲート",
        "リセットゲート",
        "업데이트 게이트",
        "리셋 게이트",
    ):
        assert needle in text, needle


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_exercise_get_then_check(tmp_path):
    assert SHIPPED.resolve("gru_step") == SHIPPED.resolve("gru") == SHIPPED.resolve("ex3") == NUMBER
    got = cli("exercise", "get", NUMBER, tmp_path)
    assert got.exit_code == 0, got.output
    target = tmp_path / "exercise3.py"
    assert target.read_bytes() == SHIPPED.template(NUMBER)

    untouched = cli("check", target)
    assert untouched.exit_code == 1
    assert "gru_step is not implemented yet" in " ".join(untouched.output.split())

    target.write_text(gru_source(GRU_RIGHT["split-weights"]), encoding="utf-8")
    checked = cli("check", target)
    assert checked.exit_code == 0, checked.output
    assert "Exercise 3:" in checked.output and "All tests passed" in checked.output
    tests = len(gru.public_cases()) + len(gru.hidden_cases(0))
    assert f"Score {tests}/{tests}" in checked.output


def test_exercise_list_shows_it():
    listed = cli("exercise", "list")
    assert listed.exit_code == 0
    assert any("gru_step" in line and "exercise3.py" in line for line in listed.output.splitlines())
