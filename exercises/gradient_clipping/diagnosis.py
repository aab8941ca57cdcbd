"""Exercise 1 (gradient_clipping): probes around the threshold, the grader's own wrong ways of clipping
(comparison, ratio, the kind of norm, nan on zero, an epsilon) and the conditions used to localise."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from checker.diagnosis.family import Condition, Hypothesis, case
from checker.specs.base import TestCase


def _l2(g) -> float:
    return float(np.sqrt(np.sum(np.square(g, dtype=np.float64))))


def _clip(norm_of: Callable, *, compare: str = "gt", factor: str = "ratio", eps: float = 0.0):
    """grad scaled by factor when the comparison holds; each keyword one way to get it wrong."""

    def run(grad, threshold):
        t = np.float64(threshold)
        norm = np.float64(
            norm_of(grad)
        )  # numpy floats: a zero norm divides to inf/nan, as students' code does
        with np.errstate(all="ignore"):
            hit = {"gt": norm > t, "lt": norm < t, "always": True, "squared": _l2(grad) ** 2 > t,
                   "rate": t / (norm + eps) < 1.0}[compare]  # fmt: skip
            if not hit:
                return (grad.copy(),)
            scale = {
                "ratio": lambda: t / (norm + eps),
                "inverted": lambda: norm / t,
                "unit": lambda: 1.0 / norm,
                "threshold": lambda: t,
            }[factor]()
            return (grad * scale,)

    return run


def _safe_always(grad, threshold):
    norm = _l2(grad)
    return (grad * (float(threshold) / (norm if norm > 0 else 1.0)),)


def _elementwise(grad, threshold):
    return (np.clip(grad, -threshold, threshold),)


def _nan_on_zero(grad, threshold):
    norm = _l2(grad)
    with np.errstate(all="ignore"):
        return (grad / norm * min(norm, float(threshold)),)


def _per_axis(axis: int):
    def run(grad, threshold):
        norms = np.linalg.norm(grad, axis=axis, keepdims=True)
        with np.errstate(all="ignore"):
            return (grad * np.where(norms > threshold, threshold / norms, 1.0),)

    return run


def _spectral(grad):
    return float(np.linalg.norm(grad, 2)) if grad.ndim <= 2 else float(np.linalg.norm(grad, 2, axis=(0, 1)))


def _fro(grad):
    return float(np.linalg.norm(grad, "fro"))


def hypotheses() -> list[Hypothesis]:
    def h(name: str, key: str, run: Callable, **fields: str) -> Hypothesis:
        return Hypothesis(name, ((key, fields),), run)

    found = [
        h("elementwise", "diag.clip-elementwise", _elementwise),
        h("inverted", "diag.clip-inverted-ratio", _clip(_l2, factor="inverted")),
        h("reversed", "diag.clip-comparison-reversed", _clip(_l2, compare="lt")),
        h("always", "diag.clip-no-comparison", _clip(_l2, compare="always")),
        h("always-safe", "diag.clip-no-comparison", _safe_always),
        h("unit", "diag.clip-unit-norm", _clip(_l2, factor="unit")),
        h("times-threshold", "diag.clip-missing-norm-division", _clip(_l2, factor="threshold")),
        h("squared-compare", "diag.clip-compares-squared-norm", _clip(_l2, compare="squared")),
        h("l1", "diag.clip-l1-norm", _clip(lambda g: float(np.sum(np.abs(g))))),
        h("max", "diag.clip-max-norm", _clip(lambda g: float(np.max(np.abs(g))) if g.size else 0.0)),
        h(
            "squared",
            "diag.clip-missing-sqrt",
            _clip(lambda g: float(np.sum(np.square(g, dtype=np.float64)))),
        ),
        h(
            "rms",
            "diag.clip-mean-norm",
            _clip(lambda g: float(np.sqrt(np.mean(np.square(g, dtype=np.float64))))),
        ),
        h("spectral", "diag.clip-spectral-norm", _clip(_spectral)),
        h("fro", "diag.clip-fro-norm", _clip(_fro)),
        h("nan-on-zero", "diag.clip-nan-on-zero", _nan_on_zero),
        h("always-nan", "diag.clip-no-comparison", _nan_on_zero_always),
    ]
    for axis in (-1, 1, 0):
        found.append(h(f"per-axis-{axis}", "diag.clip-per-row-norm", _per_axis(axis), axis=str(axis)))
    for eps in (1e-6, 1e-7, 1e-8, 1e-5):
        for compare in ("gt", "rate"):
            found.append(h(f"eps-{eps}-{compare}", "diag.clip-epsilon", _clip(_l2, compare=compare, eps=eps),
                           eps=f"{eps:g}"))  # fmt: skip
    return found


def _nan_on_zero_always(grad, threshold):
    with np.errstate(all="ignore"):
        return (grad * (float(threshold) / _l2(grad)),)


def conditions() -> list[Condition]:
    return [
        Condition("diag.clip-wrong-above", {}, above),
        Condition("diag.clip-changes-below", {}, lambda a: not above(a)),
        Condition("diag.fails-only-when", {"condition": "grad.ndim == 1"}, lambda a: a[0].ndim == 1),
        Condition("diag.fails-only-when", {"condition": "grad.ndim == 2"}, lambda a: a[0].ndim == 2),
        Condition("diag.fails-only-when", {"condition": "grad.ndim == 3"}, lambda a: a[0].ndim == 3),
        Condition("diag.fails-only-when", {"condition": "grad.ndim != 2"}, lambda a: a[0].ndim != 2),
        Condition(
            "diag.fails-only-when", {"condition": "grad.dtype == float32"}, lambda a: a[0].dtype == np.float32
        ),
        Condition("diag.fails-only-when", {"condition": "max |grad| > 1e50"}, large),
    ]


def large(args: tuple) -> bool:
    g = np.asarray(args[0])
    return bool(g.size) and float(np.max(np.abs(g))) > 1e50


def zero(args: tuple) -> bool:
    return not np.any(args[0])


def above(args: tuple) -> bool:
    return _l2(args[0]) > float(args[1])


# -- probes -----------------------------------------------------------------------------------------


def probe_cases(seed: int) -> list[TestCase]:
    rng = np.random.default_rng([seed, 1, 7919])
    probes: list[TestCase] = []

    def add(name: str, grad, threshold: float) -> None:
        grad = np.asarray(grad)
        probes.append(case(f"probe-clip-{name}", [grad, np.asarray(threshold, dtype=grad.dtype)]))

    def scaled(shape, norm: float, dtype=np.float64):
        g = rng.standard_normal(shape)
        return (g * (norm / _l2(g))).astype(dtype)

    add("above-1d", [3.0, -4.0, 12.0], 2.0)  # norm 13: L1 19, max 12, norm² 169
    add("below-1d", scaled((5,), 0.5), 2.0)  # every kind of norm of a small vector is below 2 …
    add("between-1-and-threshold", scaled((4,), 1.5), 2.0)  # … but norm² = 2.25 is above it
    add("above-below-one", scaled((6,), 0.5), 0.1)  # norm < 1: norm² < norm
    add("zero-1d", np.zeros(3), 1.0)
    add("zero-2d", np.zeros((2, 3)), 0.5)
    add("one-hot", [0.0, 0.0, -5.0, 0.0], 1.0)  # L1, max and L2 norms agree
    uneven = rng.standard_normal((3, 4))
    uneven[0] *= 20.0  # rows (and columns) of very different sizes
    add("uneven-rows", uneven, _l2(uneven) / 3)
    tall = rng.standard_normal((5, 2))
    tall[:, 1] *= 15.0
    add("uneven-columns", tall, _l2(tall) / 2)
    add("above-3d", scaled((2, 3, 2), 6.0), 1.5)
    add("below-3d", scaled((2, 2, 3), 0.8), 1.0)
    add("just-above", scaled((2, 2), 1.0 + 1e-3), 1.0)
    add("just-below", scaled((2, 2), 1.0 - 1e-3), 1.0)
    add("tiny-above", scaled((3,), 1e-3), 9e-4)  # an epsilon added to the norm shows above atol here
    add("many-small", np.full(40, 0.1), 0.5)  # L2 0.63, L1 4, max 0.1
    add("float32-above", scaled((3, 3), 4.0, np.float32), 1.0)
    add("float32-below", scaled((6,), 0.3, np.float32), 1.0)
    return probes
