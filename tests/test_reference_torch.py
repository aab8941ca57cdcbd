"""The exercises' references against PyTorch: lstm_step vs nn.LSTMCell, gradient_clipping vs clip_grad_norm_.

Skipped when torch is not installed (`pip install torch` gives a CPU build).
"""

from __future__ import annotations

import numpy as np
import pytest
from exams import spec as spec_of
from exams import spec_module

torch = pytest.importorskip("torch")
clipping, lstm_step = spec_module(1), spec_module(2)

# PyTorch stacks its gate blocks as i, f, g, o; the exercise stacks them as a, i, f, o (a = g).
TORCH_ORDER = ("i", "f", "a", "o")


def _to_exercise(stacked: np.ndarray, hidden: int) -> np.ndarray:
    """Rows (or entries) of a PyTorch (4H, ...) parameter, reordered into the exercise's a, i, f, o."""
    blocks = dict(zip(TORCH_ORDER, np.split(stacked, 4, axis=0)))
    assert all(len(block) == hidden for block in blocks.values())
    return np.concatenate([blocks[name] for name in lstm_step.ORDER], axis=0)


def _configs(seed: int, count: int):
    rng = np.random.default_rng(seed)
    fixed = [(1, 1, 1), (1, 3, 1), (2, 1, 4), (3, 5, 1), (1, 1, 7), (4, 6, 2)]
    yield from fixed
    for _ in range(count - len(fixed)):
        yield tuple(int(v) for v in rng.integers(1, 9, size=3))


def _cell(d: int, h: int, seed: int):
    torch.manual_seed(seed)
    cell = torch.nn.LSTMCell(d, h, dtype=torch.float64)
    with torch.no_grad():  # wider than the default init, so that the gates leave their linear range
        for p in cell.parameters():
            p.uniform_(-1.5, 1.5)
    return cell


def _exercise_weights(cell, h: int):
    W = _to_exercise(cell.weight_ih.detach().numpy(), h)
    U = _to_exercise(cell.weight_hh.detach().numpy(), h)
    b = _to_exercise((cell.bias_ih + cell.bias_hh).detach().numpy(), h)
    return W, U, b


@pytest.mark.parametrize("n, d, h", list(_configs(0, 40)))
def test_lstm_reference_matches_lstmcell(n, d, h):
    seed = n * 100 + d * 10 + h
    cell = _cell(d, h, seed)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d)) * 1.5
    prev_h = rng.standard_normal((n, h))
    prev_c = rng.standard_normal((n, h)) * 2.0
    with torch.no_grad():
        h1, c1 = cell(torch.from_numpy(x), (torch.from_numpy(prev_h), torch.from_numpy(prev_c)))
    W, U, b = _exercise_weights(cell, h)
    assert W.shape == (4 * h, d) and U.shape == (4 * h, h) and b.shape == (4 * h,)
    c, h_out = lstm_step.reference(x, prev_h, prev_c, W, U, b)
    assert c.shape == h_out.shape == (n, h)
    np.testing.assert_allclose(c, c1.numpy(), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(h_out, h1.numpy(), rtol=1e-12, atol=1e-13)


def test_lstm_reference_matches_lstmcell_when_saturated():
    n, d, h = 5, 4, 3
    cell = _cell(d, h, 1)
    with torch.no_grad():
        for p in cell.parameters():
            p.mul_(30.0)
    rng = np.random.default_rng(1)
    x, prev_h, prev_c = (
        rng.standard_normal((n, d)) * 3,
        rng.standard_normal((n, h)),
        rng.standard_normal((n, h)),
    )
    with torch.no_grad():
        h1, c1 = cell(torch.from_numpy(x), (torch.from_numpy(prev_h), torch.from_numpy(prev_c)))
    c, h_out = lstm_step.reference(x, prev_h, prev_c, *_exercise_weights(cell, h))
    assert np.all(np.isfinite(c)) and np.all(np.isfinite(h_out))
    np.testing.assert_allclose(c, c1.numpy(), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(h_out, h1.numpy(), rtol=1e-12, atol=1e-13)


def test_every_graded_lstm_case_matches_lstmcell():
    """The public and hidden cases' expected outputs, recomputed by PyTorch from the same inputs."""
    spec = spec_of(2)
    for case in spec.public_cases() + spec.hidden_cases(0):
        x, prev_h, prev_c, W, U, b = case.args
        h = prev_h.shape[1]
        cell = torch.nn.LSTMCell(x.shape[1], h, dtype=torch.float64)
        back = [np.split(p, 4, axis=0) for p in (W, U, b)]  # a, i, f, o blocks
        to_torch = [lstm_step.ORDER.index(name) for name in TORCH_ORDER]
        with torch.no_grad():
            cell.weight_ih.copy_(torch.from_numpy(np.concatenate([back[0][k] for k in to_torch])))
            cell.weight_hh.copy_(torch.from_numpy(np.concatenate([back[1][k] for k in to_torch])))
            cell.bias_ih.copy_(torch.from_numpy(np.concatenate([back[2][k] for k in to_torch])))
            cell.bias_hh.zero_()
            h1, c1 = cell(torch.from_numpy(x), (torch.from_numpy(prev_h), torch.from_numpy(prev_c)))
        c, h_out = spec.reference(x, prev_h, prev_c, W, U, b)
        np.testing.assert_allclose(c, c1.numpy(), rtol=1e-12, atol=1e-13, err_msg=case.id)
        np.testing.assert_allclose(h_out, h1.numpy(), rtol=1e-12, atol=1e-13, err_msg=case.id)


def test_the_pytorch_order_mistake_is_what_pytorch_computes_from_its_own_layout():
    """Reading PyTorch's i, f, g, o rows as if they were a, i, f, o is the catalogued mistake's mirror."""
    n, d, h = 3, 4, 2
    cell = _cell(d, h, 7)
    rng = np.random.default_rng(7)
    x, prev_h, prev_c = rng.standard_normal((n, d)), rng.standard_normal((n, h)), rng.standard_normal((n, h))
    with torch.no_grad():
        h1, c1 = cell(torch.from_numpy(x), (torch.from_numpy(prev_h), torch.from_numpy(prev_c)))
    raw = (
        cell.weight_ih.detach().numpy(),
        cell.weight_hh.detach().numpy(),
        (cell.bias_ih + cell.bias_hh).detach().numpy(),
    )
    pytorch_order = next(m for m in spec_of(2).misconceptions if m.tag == "lstm-pytorch-gate-order")
    c, h_out = pytorch_order.variant(x, prev_h, prev_c, *raw)
    np.testing.assert_allclose(c, c1.numpy(), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(h_out, h1.numpy(), rtol=1e-12, atol=1e-13)
    c_ref, _ = lstm_step.reference(x, prev_h, prev_c, *raw)
    assert not np.allclose(c_ref, c1.numpy())


# -- gradient clipping ------------------------------------------------------------------------------

TORCH_EPS = 1e-6  # clip_grad_norm_ scales by max_norm / (norm + 1e-6)


def _torch_clip(grad: np.ndarray, threshold: float) -> tuple[np.ndarray, float]:
    p = torch.zeros(grad.shape, dtype=torch.float64, requires_grad=True)
    p.grad = torch.from_numpy(grad.copy())
    total = torch.nn.utils.clip_grad_norm_([p], max_norm=threshold, norm_type=2.0)
    return p.grad.numpy(), float(total)


def _clip_configs(seed: int, count: int):
    rng = np.random.default_rng(seed)
    shapes = [(1,), (7,), (3, 4), (1, 1), (2, 3, 4), (5, 1, 2), (16,)]
    for k in range(count):
        shape = shapes[k % len(shapes)]
        grad = rng.standard_normal(shape) * rng.choice([0.5, 3.0, 50.0])
        norm = float(np.linalg.norm(grad))
        # away from the boundary, where the 1e-6 in PyTorch's denominator cannot flip the decision
        ratio = rng.choice([rng.uniform(0.05, 0.9), rng.uniform(1.1, 10.0)])
        yield grad, norm * ratio


CLIP_CASES = list(_clip_configs(3, 60))


@pytest.mark.parametrize("k", range(len(CLIP_CASES)))
def test_clipping_reference_matches_clip_grad_norm(k):
    grad, threshold = CLIP_CASES[k]
    norm = float(np.linalg.norm(grad))
    expected, total = _torch_clip(grad, threshold)
    assert total == pytest.approx(norm, rel=1e-12)
    got = clipping.reference(grad, np.float64(threshold))
    assert got.shape == grad.shape
    # PyTorch's factor is threshold / (norm + 1e-6): relative difference at most 1e-6 / norm.
    np.testing.assert_allclose(got, expected, rtol=2 * TORCH_EPS / norm + 1e-12, atol=0)
    if norm > threshold:
        assert np.linalg.norm(got) == pytest.approx(threshold, rel=1e-12)
    else:
        np.testing.assert_array_equal(got, grad)


def test_clipping_reference_matches_clip_grad_norm_on_a_zero_gradient():
    grad = np.zeros((3, 2))
    expected, total = _torch_clip(grad, 1.0)
    assert total == 0.0
    np.testing.assert_array_equal(clipping.reference(grad, np.float64(1.0)), expected)


def test_every_graded_clipping_case_matches_clip_grad_norm():
    spec = spec_of(1)
    for case in spec.public_cases() + spec.hidden_cases(0):
        grad, threshold = case.args
        if grad.dtype != np.float64 or not np.all(np.isfinite(np.square(grad))):
            continue  # float32 and the 1e100 case: compared above on float64 data of sane size
        norm = float(np.linalg.norm(grad))
        if norm != 0.0 and abs(norm - float(threshold)) / norm < 1e-5:
            continue  # at the boundary PyTorch's 1e-6 decides differently by design
        expected, _ = _torch_clip(grad, float(threshold))
        got = spec.reference(grad, threshold)
        np.testing.assert_allclose(got, expected, rtol=2e-6 / max(norm, 1e-300) + 1e-12, err_msg=case.id)
