"""The named formulas against known values, the worked examples of the course notes, and invariants."""

from __future__ import annotations

import math

import pytest

from checker import formulas as f


def test_sigmoid_derivative_peaks_at_a_quarter():
    assert f.sigmoid_prime(0) == 0.25
    xs = [i / 10 for i in range(-100, 101)]
    assert max(f.sigmoid_prime(x) for x in xs) == 0.25
    assert f.sigmoid_prime(2) == pytest.approx(0.1049935854, rel=1e-9)
    assert f.sigmoid_prime(-2) == pytest.approx(f.sigmoid_prime(2))


def test_tanh_derivative_peaks_at_one():
    assert f.tanh_prime(0) == 1.0
    assert f.tanh_prime(1) == pytest.approx(0.4199743416, rel=1e-9)
    assert max(f.tanh_prime(i / 10) for i in range(-50, 51)) == 1.0


def test_sigmoid_is_stable_for_large_inputs():
    assert f.sigmoid(1000) == 1.0
    assert f.sigmoid(-1000) == 0.0
    assert f.sigmoid(0) == 0.5
    assert 2 * f.sigmoid(2 * 0.7) - 1 == pytest.approx(f.tanh(0.7))


def test_clipping_scale():
    assert f.l2_norm(3, 4) == 5
    assert f.clip_scale(5, 1) == pytest.approx(0.2)
    assert f.clip_scale(5, 5) == 1.0  # exactly at the threshold: unchanged
    assert f.clip_scale(0, 1) == 1.0  # a zero gradient is left alone
    with pytest.raises(ValueError):
        f.clip_scale(5, 0)


# The worked examples: input torch.zeros(1, 35, 10), hidden 20, batch_first=True.
@pytest.mark.parametrize(
    "num_layers, bidirectional, output, h_n",
    [
        (1, False, (1, 35, 20), (1, 1, 20)),
        (2, False, (1, 35, 20), (2, 1, 20)),
        (2, True, (1, 35, 40), (4, 1, 20)),
    ],
)
def test_worked_examples_of_the_course_notes(num_layers, bidirectional, output, h_n):
    common = dict(batch=1, hidden_size=20, num_layers=num_layers, bidirectional=bidirectional)
    out = f.lstm_output_shape(
        seq_len=35, batch=1, hidden_size=20, bidirectional=bidirectional, batch_first=True
    )
    assert out == output
    assert f.lstm_h_n_shape(**common) == h_n
    assert f.lstm_c_n_shape(**common) == h_n


def test_batch_first_changes_output_only():
    # the same (1, 35, 10) tensor without batch_first means seq_len 1, batch 35
    assert f.lstm_output_shape(seq_len=1, batch=35, hidden_size=20) == (1, 35, 20)
    assert f.lstm_h_n_shape(batch=35, hidden_size=20) == (1, 35, 20)
    assert f.lstm_output_shape(seq_len=7, batch=3, hidden_size=5, batch_first=True) == (3, 7, 5)
    assert f.lstm_output_shape(seq_len=7, batch=3, hidden_size=5) == (7, 3, 5)


def test_proj_size_shrinks_output_and_h_n_but_not_c_n():
    assert f.lstm_output_shape(seq_len=4, batch=2, hidden_size=20, proj_size=5) == (4, 2, 5)
    assert f.lstm_h_n_shape(batch=2, hidden_size=20, proj_size=5) == (1, 2, 5)
    assert f.lstm_c_n_shape(batch=2, hidden_size=20) == (1, 2, 20)
    assert f.lstm_weight_hh_shape(hidden_size=20, proj_size=5) == (80, 5)


def test_weight_shapes_of_stacked_layers():
    assert f.lstm_weight_ih_shape(input_size=10, hidden_size=20) == (80, 10)
    assert f.lstm_weight_ih_shape(input_size=10, hidden_size=20, layer=1) == (80, 20)
    assert f.lstm_weight_ih_shape(input_size=10, hidden_size=20, layer=1, bidirectional=True) == (80, 40)
    assert f.lstm_weight_hh_shape(hidden_size=20) == (80, 20)


def test_parameter_counts():
    assert f.lstm_param_count(10, 20) == 4 * 20 * (10 + 20) + 8 * 20 == 2560
    assert f.lstm_param_count(10, 20, bias=False) == 2400
    assert f.gru_param_count(10, 20) == 3 * 20 * 30 + 6 * 20 == 1920
    assert f.rnn_param_count(10, 20) == 20 * 30 + 40 == 640
    # second layer reads the first layer's output (20, or 40 when bidirectional)
    assert f.lstm_param_count(10, 20, num_layers=2) == 2560 + (4 * 20 * 40 + 160)
    assert f.lstm_param_count(10, 20, num_layers=2, bidirectional=True) == 2 * 2560 + 2 * (4 * 20 * 60 + 160)


def test_a_projection_is_counted_like_torch_counts_it():
    # nn.LSTM(10, 20, proj_size=5): weight_ih (80, 10), weight_hh (80, 5), two biases (80), weight_hr (5, 20)
    assert f.lstm_param_count(10, 20, proj_size=5) == 800 + 400 + 160 + 100 == 1460
    # the second layer reads D·proj_size features
    layer = 4 * 20 * (2 * 5 + 5) + 160 + 100
    assert f.lstm_param_count(10, 20, num_layers=2, bidirectional=True, proj_size=5) == 2 * 1460 + 2 * layer


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(proj_size=20),  # not smaller than hidden_size
        dict(proj_size=-1),
        dict(num_layers=True),  # a flag is not a count
        dict(num_layers=1.5),
        dict(bidirectional=1),
        dict(bias="yes"),
    ],
)
def test_a_model_torch_cannot_build_has_no_parameter_count(kwargs):
    with pytest.raises(ValueError):
        f.lstm_param_count(10, 20, **kwargs)


def test_shapes_refuse_an_impossible_projection():
    with pytest.raises(ValueError):
        f.lstm_h_n_shape(batch=2, hidden_size=5, proj_size=5)
    with pytest.raises(ValueError):
        f.lstm_c_n_shape(batch=2, hidden_size=5, proj_size=8)
    with pytest.raises(ValueError):
        f.lstm_output_shape(seq_len=3, batch=True, hidden_size=5)


def test_numpy_exercise_shapes():
    assert f.numpy_lstm_W_shape(input_size=3, hidden_size=5) == (20, 3)
    assert f.numpy_lstm_U_shape(hidden_size=5) == (20, 5)
    assert f.numpy_lstm_b_shape(hidden_size=5) == (20,)
    assert f.numpy_lstm_z_shape(batch=2, hidden_size=5) == (2, 20)


def test_numpy_shapes_agree_with_numpy():
    np = pytest.importorskip("numpy")
    n, d, h = 3, 7, 5
    x, prev_h = np.ones((n, d)), np.ones((n, h))
    W, U, b = (
        np.ones(f.numpy_lstm_W_shape(d, h)),
        np.ones(f.numpy_lstm_U_shape(h)),
        np.ones(f.numpy_lstm_b_shape(h)),
    )
    z = x @ W.T + prev_h @ U.T + b
    assert z.shape == f.numpy_lstm_z_shape(n, h)


@pytest.mark.parametrize(
    "bad",
    [dict(batch=0, hidden_size=2), dict(batch=1, hidden_size=-1), dict(batch=1, hidden_size=2, num_layers=0)],
)
def test_impossible_configurations_are_rejected(bad):
    with pytest.raises(ValueError):
        f.lstm_h_n_shape(**bad)


def test_registry_knows_arguments_and_kinds():
    assert f.FORMULAS["lstm_h_n_shape"].required == {"batch", "hidden_size"}
    assert f.FORMULAS["lstm_h_n_shape"].returns_shape
    assert not f.FORMULAS["lstm_param_count"].returns_shape
    assert f.FORMULAS["l2_norm"].variadic
    assert math.isclose(f.FORMULAS["sigmoid_prime"].function(0), 0.25)
