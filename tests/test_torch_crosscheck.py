"""Every shape and count formula against real torch.nn modules, over many random configurations.

Skipped when torch is not installed (`pip install torch` gives a CPU build).
"""

from __future__ import annotations

import random

import pytest

from checker import formulas as f

torch = pytest.importorskip("torch")

CONFIGS = 60


def _configs(seed: int):
    rng = random.Random(seed)
    for _ in range(CONFIGS):
        yield dict(
            input_size=rng.randint(1, 12),
            hidden_size=rng.randint(1, 12),
            num_layers=rng.randint(1, 3),
            bidirectional=rng.random() < 0.5,
            batch_first=rng.random() < 0.5,
            batch=rng.randint(1, 4),
            seq_len=rng.randint(1, 6),
            proj_size=rng.choice([0, 0, 1, 2]),
        )


def _input(c):
    if c["batch_first"]:
        return torch.zeros(c["batch"], c["seq_len"], c["input_size"])
    return torch.zeros(c["seq_len"], c["batch"], c["input_size"])


@pytest.mark.parametrize("c", list(_configs(1)))
def test_lstm_shapes_and_counts_match_torch(c):
    if c["proj_size"] >= c["hidden_size"]:
        c["proj_size"] = 0
    lstm = torch.nn.LSTM(
        input_size=c["input_size"],
        hidden_size=c["hidden_size"],
        num_layers=c["num_layers"],
        bidirectional=c["bidirectional"],
        batch_first=c["batch_first"],
        proj_size=c["proj_size"],
    )
    with torch.no_grad():
        output, (h_n, c_n) = lstm(_input(c))
    assert tuple(output.shape) == f.lstm_output_shape(
        c["seq_len"], c["batch"], c["hidden_size"], c["bidirectional"], c["batch_first"], c["proj_size"]
    )
    assert tuple(h_n.shape) == f.lstm_h_n_shape(
        c["batch"], c["hidden_size"], c["num_layers"], c["bidirectional"], c["proj_size"]
    )
    assert tuple(c_n.shape) == f.lstm_c_n_shape(
        c["batch"], c["hidden_size"], c["num_layers"], c["bidirectional"], c["proj_size"]
    )
    for layer in range(c["num_layers"]):
        assert tuple(getattr(lstm, f"weight_ih_l{layer}").shape) == f.lstm_weight_ih_shape(
            c["input_size"], c["hidden_size"], layer, c["bidirectional"], c["proj_size"]
        )
        assert tuple(getattr(lstm, f"weight_hh_l{layer}").shape) == f.lstm_weight_hh_shape(
            c["hidden_size"], c["proj_size"]
        )
    total = sum(p.numel() for p in lstm.parameters())
    assert total == f.lstm_param_count(
        c["input_size"], c["hidden_size"], c["num_layers"], c["bidirectional"], proj_size=c["proj_size"]
    )


@pytest.mark.parametrize("c", list(_configs(2)))
@pytest.mark.parametrize("module, count", [("GRU", f.gru_param_count), ("RNN", f.rnn_param_count)])
def test_gru_and_rnn_shapes_and_counts_match_torch(c, module, count):
    net = getattr(torch.nn, module)(
        input_size=c["input_size"],
        hidden_size=c["hidden_size"],
        num_layers=c["num_layers"],
        bidirectional=c["bidirectional"],
        batch_first=c["batch_first"],
    )
    with torch.no_grad():
        output, h_n = net(_input(c))
    assert tuple(output.shape) == f.rnn_output_shape(
        c["seq_len"], c["batch"], c["hidden_size"], c["bidirectional"], c["batch_first"]
    )
    assert tuple(h_n.shape) == f.rnn_h_n_shape(
        c["batch"], c["hidden_size"], c["num_layers"], c["bidirectional"]
    )
    assert sum(p.numel() for p in net.parameters()) == count(
        c["input_size"], c["hidden_size"], c["num_layers"], c["bidirectional"]
    )
    no_bias = getattr(torch.nn, module)(c["input_size"], c["hidden_size"], c["num_layers"], bias=False)
    assert sum(p.numel() for p in no_bias.parameters()) == count(
        c["input_size"], c["hidden_size"], c["num_layers"], bias=False
    )


def test_activation_derivatives_match_autograd():
    xs = torch.linspace(-6, 6, 49, dtype=torch.float64, requires_grad=True)
    torch.sigmoid(xs).sum().backward()
    for x, g in zip(xs.detach().tolist(), xs.grad.tolist()):
        assert f.sigmoid_prime(x) == pytest.approx(g, rel=1e-12, abs=1e-15)
    xs.grad = None
    torch.tanh(xs).sum().backward()
    for x, g in zip(xs.detach().tolist(), xs.grad.tolist()):
        assert f.tanh_prime(x) == pytest.approx(g, rel=1e-12, abs=1e-15)


@pytest.mark.parametrize(
    "kwargs",
    [dict(proj_size=20), dict(proj_size=25), dict(proj_size=-1), dict(num_layers=0)],
)
def test_what_torch_refuses_the_formulas_refuse(kwargs):
    with pytest.raises((ValueError, TypeError, RuntimeError)):
        torch.nn.LSTM(10, 20, **kwargs)
    with pytest.raises(ValueError):
        f.lstm_param_count(10, 20, **kwargs)
