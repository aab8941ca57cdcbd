"""Exercise 2 (lstm_step): probes that switch the parts of one LSTM step on and off, the grader's own
ways of computing it wrongly (conventions and single faults), and the conditions used to localise."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import numpy as np

from checker.diagnosis.family import Condition, Hypothesis, case
from checker.specs.base import TestCase

ORDER = ("a", "i", "f", "o")
EXPECTED_ACT = {"a": "tanh", "i": "sigmoid", "f": "sigmoid", "o": "sigmoid"}
GATE_NAMES = {"a": "a", "i": "i", "f": "f", "o": "o"}


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # no overflow for large |z|


ACTS: dict[str, Callable] = {
    "sigmoid": sigmoid,
    "tanh": np.tanh,
    "identity": lambda z: z,
    "relu": lambda z: np.maximum(z, 0.0),
    "sigmoid(-z)": lambda z: sigmoid(-z),
}

# Orders other libraries and books use, written in this exercise's names (a is their g / j / c̃).
CONVENTIONS = {
    ("i", "f", "a", "o"): "diag.lstm-order-pytorch",
    ("f", "a", "i", "o"): "diag.lstm-order-dlfs2",
    ("i", "a", "f", "o"): "diag.lstm-order-tensorflow",
    ("a", "f", "i", "o"): "diag.lstm-forget-input-swapped",
}


def step(
    x, prev_h, prev_c, W, U, b,
    *,
    order=ORDER,
    acts=None,
    layout="T",
    swap_weights=False,
    bias=True,
    pre=None,
    recurrent="h",
    cell="ok",
    out="ok",
    forget_bias=0.0,
):  # fmt: skip
    """One LSTM step; with the defaults the reference, each keyword one way to get it wrong."""
    if swap_weights:
        x_term, h_term = x @ U.T, prev_h @ W.T
    else:
        x_term = x @ (W if layout == "N" else W.T)
        h_term = (prev_c if recurrent == "c" else prev_h) @ U.T
    if pre is not None:
        x_term = ACTS[pre](x_term)
    z = x_term + h_term + (b if bias else 0.0)
    width = z.shape[-1] // 4
    blocks = {name: z[..., k * width : (k + 1) * width] for k, name in enumerate(order)}
    if forget_bias:
        blocks["f"] = blocks["f"] + forget_bias
    act = dict(EXPECTED_ACT, **(acts or {}))
    a, i, f, o = (ACTS[act[n]](blocks[n]) for n in ORDER)
    c = {
        "ok": lambda: i * a + f * prev_c,
        "no-forget": lambda: i * a + prev_c,
        "no-input": lambda: a + f * prev_c,
        "prev-h": lambda: i * a + f * prev_h,
    }[cell]()
    h = {
        "ok": lambda: o * np.tanh(c),
        "no-tanh": lambda: o * c,
        "no-output-gate": lambda: np.tanh(c),
        "prev-c": lambda: o * np.tanh(prev_c),
        "sigmoid": lambda: o * sigmoid(c),
    }[out]()
    return c, h


def _hyp(name: str, findings: tuple, **how) -> Hypothesis:
    def run(*args):
        return step(*args, **how)

    return Hypothesis(name, findings, run)


def _order_text(order) -> str:
    return ", ".join(order)


def hypotheses() -> list[Hypothesis]:
    found: list[Hypothesis] = []
    layout_w = ("diag.weight-not-transposed", {"weight": "W", "expected": "x @ W.T"})
    for order in itertools.permutations(ORDER):
        if order == ORDER:
            named: tuple = ()
        else:
            key = CONVENTIONS.get(order, "diag.lstm-gate-order")
            named = ((key, {"order": _order_text(order), "expected": _order_text(ORDER)}),)
        if named:
            found.append(_hyp(f"order-{''.join(order)}", named, order=order))
        found.append(_hyp(f"layout-N-{''.join(order)}", (layout_w, *named), order=order, layout="N"))
    for position, gate in enumerate(ORDER, start=1):
        for act in ("sigmoid", "tanh", "identity", "relu", "sigmoid(-z)"):
            if act == EXPECTED_ACT[gate]:
                continue
            if act == "identity":
                key, fields = "diag.lstm-block-no-activation", {}
            else:
                key, fields = "diag.lstm-block-activation", {"got": act}
            fields = dict(fields, block=str(position), gate=gate, expected=EXPECTED_ACT[gate])
            found.append(_hyp(f"act-{gate}-{act}", ((key, fields),), acts={gate: act}))
    for act in ("tanh", "identity", "relu", "sigmoid(-z)"):
        acts = {"i": act, "f": act, "o": act}
        if act == "sigmoid(-z)":
            finding = ("diag.lstm-sigmoid-sign", {})
        elif act == "identity":
            finding = ("diag.lstm-gates-no-activation", {})
        else:
            finding = ("diag.lstm-gates-activation", {"got": act})
        found.append(_hyp(f"gates-{act}", (finding,), acts=acts))
        if act == "sigmoid(-z)":  # a sign slip in a shared sigmoid also turns a sigmoid candidate around
            found.append(_hyp("all-sigmoid(-z)", (finding,), acts=dict(acts, a="sigmoid(-z)")))
    found.append(
        _hyp("all-sigmoid", (("diag.lstm-block-activation", {"got": "sigmoid", "block": "1", "gate": "a",
                                                              "expected": "tanh"}),), acts={"a": "sigmoid"})
    )  # fmt: skip
    found.append(_hyp("no-bias", (("diag.lstm-missing-bias", {}),), bias=False))
    # TensorFlow's BasicLSTMCell adds forget_bias = 1.0 inside the forget gate's sigmoid
    found.append(_hyp("forget-bias", (("diag.lstm-forget-bias", {"value": "1"}),), forget_bias=1.0))
    for act in ("tanh", "sigmoid"):
        found.append(_hyp(f"pre-{act}", (("diag.lstm-activation-before-sum", {"got": act}),), pre=act))
    found.append(_hyp("rec-c", (("diag.lstm-recurrent-from-prev-c", {}),), recurrent="c"))
    found.append(_hyp("swap-weights", (("diag.lstm-weights-swapped", {}),), swap_weights=True))
    for cell, key in (
        ("no-forget", "diag.lstm-missing-forget-gate"),
        ("no-input", "diag.lstm-missing-input-gate"),
        ("prev-h", "diag.lstm-cell-from-prev-h"),
    ):
        found.append(_hyp(f"cell-{cell}", ((key, {}),), cell=cell))
    for out, key in (
        ("no-tanh", "diag.lstm-h-without-tanh"),
        ("no-output-gate", "diag.lstm-missing-output-gate"),
        ("prev-c", "diag.lstm-h-from-prev-c"),
        ("sigmoid", "diag.lstm-h-activation"),
    ):
        fields = {"got": "sigmoid"} if out == "sigmoid" else {}
        found.append(_hyp(f"h-{out}", ((key, fields),), out=out))
    return found


# -- what a case switches on -----------------------------------------------------------------------

TERMS = (
    ("x", "x @ W.T"),
    ("h", "prev_h @ U.T"),
    ("b", "b"),
    ("c", "f * prev_c"),
)


def conditions() -> list[Condition]:
    """Conditions under which a file may be the only wrong one; the term ones name the part of z."""

    def term(tag: str) -> Callable[[tuple], bool]:
        def active(args: tuple) -> bool:
            x, prev_h, prev_c, W, U, b = args
            return bool(
                {"x": np.any(x) and np.any(W), "h": np.any(prev_h) and np.any(U), "b": np.any(b),
                 "c": np.any(prev_c)}[tag]
            )  # fmt: skip

        return active

    found = [Condition("diag.lstm-term-wrong", {"term": text}, term(tag)) for tag, text in TERMS]
    found += [
        Condition("diag.fails-only-when", {"condition": "N = 1"}, lambda a: a[0].shape[0] == 1),
        Condition("diag.fails-only-when", {"condition": "H = 1"}, lambda a: a[2].shape[-1] == 1),
        Condition("diag.fails-only-when", {"condition": "D ≠ H"}, lambda a: a[0].shape[-1] != a[2].shape[-1]),
        Condition("diag.fails-only-when", {"condition": "N > 1"}, lambda a: a[0].shape[0] > 1),
        Condition("diag.fails-only-when", {"condition": "H > 1"}, lambda a: a[2].shape[-1] > 1),
    ]
    return found


def large(args: tuple) -> bool:
    """Pre-activations large enough that exp(|z|) overflows."""
    x, prev_h, _, W, U, b = (np.asarray(a, dtype=np.float64) for a in args)
    with np.errstate(all="ignore"):
        z = x @ W.T + prev_h @ U.T + b
    return bool(z.size) and float(np.max(np.abs(z))) > 700.0


def weight_of_mismatch(args: tuple, sizes: tuple[int, int]) -> str | None:
    """Which weight a matrix-product shape error is about, from the two sizes numpy names."""
    x, prev_h = args[0], args[1]
    n, d, h = x.shape[0], x.shape[-1], prev_h.shape[-1]
    pair = set(sizes)
    if len({n, d, h, 4 * h}) < 4:
        return None  # the sizes cannot tell the weights apart on this case
    if pair == {4 * h, d} or pair == {d, n}:
        return "W"
    if pair == {4 * h, h} or pair == {h, n}:
        return "U"
    return None


# -- probes -----------------------------------------------------------------------------------------


def probe_cases(seed: int) -> list[TestCase]:
    rng = np.random.default_rng([seed, 2, 7919])

    def draw(n, d, h, *, x=1.0, hh=1.0, c=1.0, w=1.0, u=1.0, bb=1.0):
        return [
            rng.standard_normal((n, d)) * x,
            rng.standard_normal((n, h)) * hh,
            rng.standard_normal((n, h)) * c,
            rng.standard_normal((4 * h, d)) * w,
            rng.standard_normal((4 * h, h)) * u,
            rng.standard_normal(4 * h) * bb,
        ]

    n, d, h = 3, 2, 4  # all different, and 4H too: a shape error names the weight it is about
    probes: list[TestCase] = []

    def add(name: str, args: list) -> None:
        probes.append(case(f"probe-lstm-{name}", args))

    add("zero", draw(n, d, h, x=0, hh=0, w=0, u=0, bb=0))
    add("all-zero", draw(n, d, h, x=0, hh=0, c=0, w=0, u=0, bb=0))
    add("bias", draw(n, d, h, x=0, hh=0, bb=1.5))
    add("bias-no-cell", draw(n, d, h, x=0, hh=0, c=0, bb=1.5))
    add("input", draw(n, d, h, hh=0, c=0, bb=0))
    add("input-cell", draw(n, d, h, hh=0, bb=0))
    add("recurrent", draw(n, d, h, x=0, c=0, bb=0))
    add("recurrent-cell", draw(n, d, h, x=0, bb=0))
    add("input-recurrent", draw(n, d, h, c=0, bb=0))
    add("no-cell", draw(n, d, h, c=0))
    add("full", draw(n, d, h))
    add("full-2", draw(2, 5, 3))
    for k, (rows, bias) in enumerate(((2, 1.0), (4, 0.0), (1, 1.0))):
        add(f"square-{k + 1}", draw(rows, 3, 3, bb=bias))  # D = H: W and U exchanged still multiply
        add(f"wide-{k + 1}", draw(rows, 8, 2, bb=bias))  # D = 4H: x @ W multiplies without an error
    add("batch-of-one", draw(1, d, h))
    add("one-unit", draw(n, d, 1))
    # z = b only, one block spread over ±2.5 and the others at different fixed values: each block's
    # activation is seen on its own
    base = {"a": 0.9, "i": -0.6, "f": 1.3, "o": -1.1}
    spread = np.array([-2.5, -0.7, 0.4, 2.2])
    for k, gate in enumerate(ORDER):
        args = draw(n, d, h, x=0, hh=0)
        args[5] = np.concatenate([spread if g == gate else np.full(h, base[g]) for g in ORDER])
        add(f"block-{k + 1}", args)
    saturate = draw(n, d, h, x=0, hh=0)
    saturate[5] = np.tile(np.array([-900.0, -40.0, 35.0, 800.0]), 4)
    add("saturated", saturate)
    return probes
