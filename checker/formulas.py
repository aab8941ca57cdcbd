"""The named formulas that parametrized questions compute their answers with.

Each is a small pure function of numbers and flags, tested against known values and (when installed)
against real `torch.nn` modules. Banks name them (`{formula: lstm_h_n_shape}`); nothing in a bank is code.
Shapes are tuples of ints; everything else is a number.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass

Shape = tuple[int, ...]


def _directions(bidirectional: bool) -> int:
    if not isinstance(bidirectional, bool):
        raise ValueError(f"bidirectional must be true or false, got {bidirectional!r}")
    return 2 if bidirectional else 1


def _h_out(hidden_size: int, proj_size: int) -> int:
    _check_proj(hidden_size, proj_size)
    return proj_size if proj_size > 0 else hidden_size


def _check_positive(**values: int) -> None:
    """Sizes are whole numbers ≥ 1, as torch requires (a flag or a fraction is not a size)."""
    _check_whole(**values)
    for name, value in values.items():
        if value <= 0:
            raise ValueError(f"{name} must be positive, got {value}")


def _check_whole(**values: object) -> None:
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{name} must be a whole number, got {value!r}")


def _check_proj(hidden_size: int, proj_size: int) -> None:
    """torch refuses a negative proj_size and one that is not smaller than hidden_size."""
    _check_whole(proj_size=proj_size)
    if proj_size < 0:
        raise ValueError(f"proj_size must be 0 (no projection) or positive, got {proj_size}")
    if proj_size >= hidden_size:
        raise ValueError(f"proj_size ({proj_size}) must be smaller than hidden_size ({hidden_size})")


# -- activations


def sigmoid(x: float) -> float:
    """σ(x) = 1 / (1 + e^−x), computed without overflow for large |x|."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def sigmoid_prime(x: float) -> float:
    """σ′(x) = σ(x)(1 − σ(x)); its maximum is 0.25, at x = 0."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x: float) -> float:
    """tanh(x)."""
    return math.tanh(x)


def tanh_prime(x: float) -> float:
    """tanh′(x) = 1 − tanh²(x); its maximum is 1, at x = 0."""
    return 1.0 - math.tanh(x) ** 2


# -- clipping


def l2_norm(*values: float) -> float:
    """√(Σ v²), the norm that clipping by norm uses (over all elements)."""
    return math.sqrt(sum(v * v for v in values))


def clip_scale(norm: float, threshold: float) -> float:
    """The factor clipping by norm multiplies the gradient by: threshold / norm if norm > threshold."""
    if threshold <= 0:
        raise ValueError("threshold must be positive")
    return threshold / norm if norm > threshold else 1.0


# -- torch.nn shapes


def lstm_output_shape(
    seq_len: int,
    batch: int,
    hidden_size: int,
    bidirectional: bool = False,
    batch_first: bool = False,
    proj_size: int = 0,
) -> Shape:
    """`nn.LSTM` output: (batch, seq_len, D·H_out) if batch_first, else (seq_len, batch, D·H_out)."""
    _check_positive(seq_len=seq_len, batch=batch, hidden_size=hidden_size)
    if not isinstance(batch_first, bool):
        raise ValueError(f"batch_first must be true or false, got {batch_first!r}")
    features = _directions(bidirectional) * _h_out(hidden_size, proj_size)
    return (batch, seq_len, features) if batch_first else (seq_len, batch, features)


def lstm_h_n_shape(
    batch: int,
    hidden_size: int,
    num_layers: int = 1,
    bidirectional: bool = False,
    proj_size: int = 0,
) -> Shape:
    """`nn.LSTM` h_n: (D·num_layers, batch, H_out). batch_first never applies to it."""
    _check_positive(batch=batch, hidden_size=hidden_size, num_layers=num_layers)
    return (_directions(bidirectional) * num_layers, batch, _h_out(hidden_size, proj_size))


def lstm_c_n_shape(
    batch: int, hidden_size: int, num_layers: int = 1, bidirectional: bool = False, proj_size: int = 0
) -> Shape:
    """`nn.LSTM` c_n: (D·num_layers, batch, hidden_size), even with proj_size."""
    _check_positive(batch=batch, hidden_size=hidden_size, num_layers=num_layers)
    _check_proj(hidden_size, proj_size)
    return (_directions(bidirectional) * num_layers, batch, hidden_size)


def rnn_output_shape(
    seq_len: int,
    batch: int,
    hidden_size: int,
    bidirectional: bool = False,
    batch_first: bool = False,
) -> Shape:
    """`nn.RNN` / `nn.GRU` output, laid out like the LSTM's."""
    return lstm_output_shape(seq_len, batch, hidden_size, bidirectional, batch_first)


def rnn_h_n_shape(batch: int, hidden_size: int, num_layers: int = 1, bidirectional: bool = False) -> Shape:
    """`nn.RNN` / `nn.GRU` h_n: (D·num_layers, batch, hidden_size)."""
    return lstm_h_n_shape(batch, hidden_size, num_layers, bidirectional)


def _layer_input_size(
    input_size: int, hidden_size: int, layer: int, bidirectional: bool, proj_size: int = 0
) -> int:
    if layer == 0:
        return input_size
    return _directions(bidirectional) * _h_out(hidden_size, proj_size)


def lstm_weight_ih_shape(
    input_size: int,
    hidden_size: int,
    layer: int = 0,
    bidirectional: bool = False,
    proj_size: int = 0,
) -> Shape:
    """`weight_ih_l{layer}`: (4H, D_in); D_in is input_size on layer 0, D·H_out above it."""
    _check_positive(input_size=input_size, hidden_size=hidden_size)
    _check_whole(layer=layer)
    if layer < 0:
        raise ValueError("layer must be ≥ 0")
    return (
        4 * hidden_size,
        _layer_input_size(input_size, hidden_size, layer, bidirectional, proj_size),
    )


def lstm_weight_hh_shape(hidden_size: int, proj_size: int = 0) -> Shape:
    """`weight_hh_l{k}`: (4H, H_out)."""
    _check_positive(hidden_size=hidden_size)
    return (4 * hidden_size, _h_out(hidden_size, proj_size))


# -- parameter counts


def _param_count(
    blocks: int,
    input_size: int,
    hidden_size: int,
    num_layers: int,
    bidirectional: bool,
    bias: bool,
    proj_size: int = 0,
) -> int:
    _check_positive(input_size=input_size, hidden_size=hidden_size, num_layers=num_layers)
    if not isinstance(bias, bool):
        raise ValueError(f"bias must be true or false, got {bias!r}")
    h_out = _h_out(hidden_size, proj_size)

    def per_direction(layer: int) -> int:
        d_in = _layer_input_size(input_size, hidden_size, layer, bidirectional, proj_size)
        count = blocks * hidden_size * (d_in + h_out)
        if proj_size:
            count += proj_size * hidden_size  # weight_hr: (proj_size, hidden_size)
        return count + 2 * blocks * hidden_size if bias else count  # PyTorch keeps b_ih and b_hh

    # layer 0 reads the input; every layer above it reads the same D·H_out features (no loop over layers)
    layers = per_direction(0) + (num_layers - 1) * per_direction(1)
    return _directions(bidirectional) * layers


def lstm_param_count(
    input_size: int,
    hidden_size: int,
    num_layers: int = 1,
    bidirectional: bool = False,
    bias: bool = True,
    proj_size: int = 0,
) -> int:
    """PyTorch's `nn.LSTM` count: 4H(D_in + H_out) + 8H per layer and direction (two bias vectors),
    plus the projection weight_hr (P·H) when proj_size P > 0."""
    return _param_count(4, input_size, hidden_size, num_layers, bidirectional, bias, proj_size)


def gru_param_count(
    input_size: int,
    hidden_size: int,
    num_layers: int = 1,
    bidirectional: bool = False,
    bias: bool = True,
) -> int:
    """PyTorch's `nn.GRU` count: 3H(D_in + H) + 6H per layer and direction."""
    return _param_count(3, input_size, hidden_size, num_layers, bidirectional, bias)


def rnn_param_count(
    input_size: int,
    hidden_size: int,
    num_layers: int = 1,
    bidirectional: bool = False,
    bias: bool = True,
) -> int:
    """PyTorch's `nn.RNN` count: H(D_in + H) + 2H per layer and direction."""
    return _param_count(1, input_size, hidden_size, num_layers, bidirectional, bias)


# -- the numpy exercise's LSTM step


def numpy_lstm_W_shape(input_size: int, hidden_size: int) -> Shape:
    """The exercise's W, applied as x @ W.T: (4H, D)."""
    _check_positive(input_size=input_size, hidden_size=hidden_size)
    return (4 * hidden_size, input_size)


def numpy_lstm_U_shape(hidden_size: int) -> Shape:
    """The exercise's U, applied as prev_h @ U.T: (4H, H)."""
    _check_positive(hidden_size=hidden_size)
    return (4 * hidden_size, hidden_size)


def numpy_lstm_b_shape(hidden_size: int) -> Shape:
    """The exercise's bias b: (4H,)."""
    _check_positive(hidden_size=hidden_size)
    return (4 * hidden_size,)


def numpy_lstm_z_shape(batch: int, hidden_size: int) -> Shape:
    """z = x Wᵀ + h Uᵀ + b: (N, 4H), split into the a, i, f, o blocks."""
    _check_positive(batch=batch, hidden_size=hidden_size)
    return (batch, 4 * hidden_size)


# -- registry


@dataclass(frozen=True)
class Formula:
    name: str
    function: Callable[..., object]
    parameters: tuple[str, ...]  # in order
    required: frozenset[str]
    variadic: bool
    returns_shape: bool


def _register(*functions: Callable[..., object]) -> dict[str, Formula]:
    table = {}
    for function in functions:
        signature = inspect.signature(function)
        params = signature.parameters.values()
        table[function.__name__] = Formula(
            name=function.__name__,
            function=function,
            parameters=tuple(p.name for p in params if p.kind is not p.VAR_POSITIONAL),
            required=frozenset(
                p.name for p in params if p.default is p.empty and p.kind is not p.VAR_POSITIONAL
            ),
            variadic=any(p.kind is p.VAR_POSITIONAL for p in params),
            returns_shape="Shape" in str(signature.return_annotation),
        )
    return table


FORMULAS: dict[str, Formula] = _register(
    sigmoid,
    sigmoid_prime,
    tanh,
    tanh_prime,
    l2_norm,
    clip_scale,
    lstm_output_shape,
    lstm_h_n_shape,
    lstm_c_n_shape,
    rnn_output_shape,
    rnn_h_n_shape,
    lstm_weight_ih_shape,
    lstm_weight_hh_shape,
    lstm_param_count,
    gru_param_count,
    rnn_param_count,
    numpy_lstm_W_shape,
    numpy_lstm_U_shape,
    numpy_lstm_b_shape,
    numpy_lstm_z_shape,
)
