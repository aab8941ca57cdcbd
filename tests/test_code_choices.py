"""Every "pick the right code" question is checked by running its code.

A question tagged `code-choice` in the shipped banks offers numpy snippets as its choices. For each such
question this file holds a harness: the variables its prompt promises (built from random inputs, over
several seeds and over cases chosen so that each typical mistake shows: shapes that are not square, a
batch larger than 1, norms above and below the threshold, ...), a reference implementation written here,
and the names the snippet must leave behind. Every choice's snippet is run in a namespace holding those
variables; exactly the answer's snippet must agree with the reference on every input, and every other
snippet must disagree (or raise) on at least one.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from checker.bank import load_bank
from checker.i18n import LANGS

ROOT = Path(__file__).resolve().parent.parent
BANK = load_bank([ROOT / "quizzes"]).bank
CODE_QUESTIONS = [q for topic in BANK.topics for q in topic.questions if "code-choice" in q.tags]
SEEDS = range(6)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


Inputs = dict[str, object]


@dataclass(frozen=True)
class Harness:
    """How to check one question: inputs per (rng, case), the reference outputs, and the case count."""

    make: Callable[[np.random.Generator, int], Inputs]
    reference: Callable[[Inputs], dict[str, object]]
    cases: int = 1


# -- input builders ----------------------------------------------------------------------------------

# (N, H) pairs: batch > 1, not square, and one pair with N == 4 so that a wrong split axis still "fits"
BATCH_SHAPES = [(3, 5), (4, 2), (7, 3)]


def _grads(rng: np.random.Generator, factor: float, max_norm: float) -> list[np.ndarray]:
    """Several arrays of different shapes whose total norm is factor · max_norm, with mixed signs."""
    grads = [rng.normal(size=(3, 4)), rng.normal(size=(5,)), rng.normal(size=(2, 3, 2)) * 3]
    total = np.sqrt(sum(np.sum(g**2) for g in grads))
    return [g * (factor * max_norm / total) for g in grads]


NORM_FACTORS = [0.2, 0.8, 1.5, 6.0]  # below and above the threshold


def make_total_norm(rng, case):
    factor = [0.5, 2.0, 30.0][case]
    return {"grads": _grads(rng, factor, 1.0)}


def ref_total_norm(v):
    flat = np.concatenate([g.ravel() for g in v["grads"]])
    return {"total_norm": np.linalg.norm(flat)}


def make_clip_rate(rng, case):
    max_norm = float(rng.uniform(0.5, 5.0))
    grads = _grads(rng, NORM_FACTORS[case], max_norm)
    total_norm = float(np.sqrt(sum(np.sum(g**2) for g in grads)))
    return {"grads": grads, "max_norm": max_norm, "total_norm": total_norm}


def ref_clip_rate(v):
    coef = min(v["max_norm"] / (v["total_norm"] + 1e-6), 1.0)  # torch.nn.utils.clip_grad_norm_
    return {"clipped": [g * coef for g in v["grads"]]}


def make_clip_single(rng, case):
    threshold = float(rng.uniform(0.5, 5.0))
    grad = rng.normal(size=(4, 3))
    grad *= NORM_FACTORS[case] * threshold / np.linalg.norm(grad)
    return {"grad": grad, "threshold": threshold}


def ref_clip_single(v):
    grad, threshold = v["grad"], v["threshold"]
    norm = np.sqrt(np.sum(grad**2))
    return {"clipped": grad * (threshold / norm) if norm > threshold else grad}


def make_clip_value(rng, case):
    clip_value = float(rng.uniform(0.5, 2.0))
    scale = [0.3, 1.0, 3.0][case] * clip_value  # all inside, a few outside, most outside (both signs)
    return {"grad": rng.normal(size=(5, 4)) * scale, "clip_value": clip_value}


def ref_clip_value(v):
    grad, limit = v["grad"], v["clip_value"]
    return {"clipped": np.where(grad > limit, limit, np.where(grad < -limit, -limit, grad))}


def make_lstm_cell(rng, case):
    n, h = BATCH_SHAPES[case]
    gate = lambda: sigmoid(rng.normal(size=(n, h)))  # noqa: E731
    return {
        "f": gate(),
        "i": gate(),
        "o": gate(),
        "g": np.tanh(rng.normal(size=(n, h))),
        "c_prev": rng.normal(size=(n, h)) * 2,
    }


def ref_lstm_cell(v):
    c = v["f"] * v["c_prev"] + v["i"] * v["g"]
    return {"c": c, "h": v["o"] * np.tanh(c)}


def make_lstm_split(rng, case):
    n, h = BATCH_SHAPES[case]
    return {"z": rng.normal(size=(n, 4 * h))}


def ref_lstm_split(v):
    z = v["z"]
    h = z.shape[1] // 4
    return {"a_i": z[:, :h], "a_f": z[:, h : 2 * h], "a_g": z[:, 2 * h : 3 * h], "a_o": z[:, 3 * h :]}


def make_lstm_gate_book(rng, case):
    n, h = [(2, 3), (5, 2), (12, 3), (9, 4)][case]  # also N ≥ 3H, where A[2H:3H] is not empty
    return {"A": rng.normal(size=(n, 4 * h)), "H": h}


def ref_lstm_gate_book(v):
    a, h = v["A"], v["H"]
    f, g, i, o = (a[:, k * h : (k + 1) * h] for k in range(4))  # the book's order f, g, i, o
    return {"i": sigmoid(i)}


def make_lstm_backward(rng, case):
    n, h = BATCH_SHAPES[case]
    c = rng.normal(size=(n, h)) * 2
    return {
        "dh": rng.normal(size=(n, h)),
        "dc_next": rng.normal(size=(n, h)),
        "f": sigmoid(rng.normal(size=(n, h))),
        "o": sigmoid(rng.normal(size=(n, h))),
        "tanh_c": np.tanh(c),
    }


def ref_lstm_backward(v):
    # c = f*c_prev + i*g;  h = o*tanh(c)  =>  dL/dc = dc_next + dh*o*tanh'(c);  dL/dc_prev = dL/dc * f
    dc = v["dc_next"] + v["dh"] * v["o"] * (1 - v["tanh_c"] ** 2)
    return {"dc_prev": dc * v["f"]}


def make_gru(rng, case):
    n, h = BATCH_SHAPES[case]
    return {
        "r": sigmoid(rng.normal(size=(n, h))),
        "z": sigmoid(rng.normal(size=(n, h))),
        "n": np.tanh(rng.normal(size=(n, h))),
        "h_prev": np.tanh(rng.normal(size=(n, h))),
    }


def ref_gru_pytorch(v):
    # PyTorch: z close to 1 keeps the previous state
    z = v["z"]
    return {"h": z * v["h_prev"] + (1 - z) * v["n"]}


def make_gru_book(rng, case):
    values = make_gru(rng, case)
    values["h_hat"] = values.pop("n")
    return values


def ref_gru_book(v):
    # the book: z close to 1 takes the candidate
    z = v["z"]
    return {"h": z * v["h_hat"] + (1 - z) * v["h_prev"]}


def make_gru_candidate(rng, case):
    n, h = BATCH_SHAPES[case]
    return {
        "gx_n": rng.normal(size=(n, h)),
        "gh_n": rng.normal(size=(n, h)),
        "r": sigmoid(rng.normal(size=(n, h))),
        "z": sigmoid(rng.normal(size=(n, h))),
    }


def ref_gru_candidate(v):
    return {"n": np.tanh(v["gx_n"] + v["r"] * v["gh_n"])}


def make_rnn_step(rng, case):
    n, d, h = [(2, 3, 4), (5, 4, 3), (3, 6, 2)][case]  # N, D and H all different
    return {
        "x": rng.normal(size=(n, d)),
        "h_prev": np.tanh(rng.normal(size=(n, h))),
        "Wx": rng.normal(size=(d, h)),
        "Wh": rng.normal(size=(h, h)),
        "b": rng.normal(size=(h,)),
    }


def ref_rnn_step(v):
    x, h_prev, wx, wh, b = v["x"], v["h_prev"], v["Wx"], v["Wh"], v["b"]
    pre = np.einsum("nd,dh->nh", x, wx) + np.einsum("nk,kh->nh", h_prev, wh) + b[None, :]
    return {"h": np.tanh(pre)}


TNH = [(5, 3, 2), (4, 4, 4), (6, 2, 3)]  # T, N, H: includes T == N so that a wrong axis still "fits"


def make_birnn_reversed(rng, case):
    t, n, h = TNH[case]
    return {"h_fwd": rng.normal(size=(t, n, h)), "h_bwd": rng.normal(size=(t, n, h))}


def ref_birnn_reversed(v):
    h_fwd, h_bwd = v["h_fwd"], v["h_bwd"]
    t_len, n, h = h_fwd.shape
    out = np.empty((t_len, n, 2 * h))
    for t in range(t_len):
        out[t, :, :h] = h_fwd[t]
        out[t, :, h:] = h_bwd[t_len - 1 - t]  # h_bwd[k] is the state after reading x_{T-1-k}
    return {"out": out}


def make_birnn_time_order(rng, case):
    t, n, h = TNH[case]
    return {"hs_f": rng.normal(size=(n, t, h)), "hs_b": rng.normal(size=(n, t, h))}


def ref_birnn_time_order(v):
    hs_f, hs_b = v["hs_f"], v["hs_b"]
    n, t_len, h = hs_f.shape
    out = np.empty((n, t_len, 2 * h))
    out[:, :, :h] = hs_f
    out[:, :, h:] = hs_b
    return {"out": out}


def _softmax_reference(s: np.ndarray, axis: int) -> np.ndarray:
    """The softmax along `axis`, by moving that axis last and working on plain rows."""
    moved = np.moveaxis(s, axis, -1)
    result = np.empty_like(moved)
    for index in np.ndindex(moved.shape[:-1]):
        row = moved[index]
        e = np.exp(row - row.max())
        result[index] = e / e.sum()
    return np.moveaxis(result, -1, axis)


def make_softmax_rows(rng, case):
    n, c = [(3, 5), (6, 4), (2, 7)][case]
    return {"s": rng.normal(size=(n, c)) * [1.0, 3.0, 10.0][case] + rng.normal(size=(n, 1)) * 5}


def ref_softmax_rows(v):
    return {"p": _softmax_reference(v["s"], axis=1)}


def make_softmax_time(rng, case):
    t, n = [(5, 3), (4, 6), (7, 2)][case]
    return {"s": rng.normal(size=(t, n)) * [1.0, 3.0, 10.0][case] + rng.normal(size=(1, n)) * 5}


def ref_softmax_time(v):
    return {"a": _softmax_reference(v["s"], axis=0)}


def make_sigmoid_backward(rng, case):
    shape = [(3, 4), (5,), (2, 3, 2)][case]
    x = rng.normal(size=shape) * 2
    return {"y": sigmoid(x), "dy": rng.normal(size=shape)}


def ref_sigmoid_backward(v):
    # from x itself: d sigmoid/dx = e^-x / (1 + e^-x)^2, with x recovered from y
    y = v["y"]
    x = np.log(y / (1 - y))
    return {"dx": v["dy"] * np.exp(-x) / (1 + np.exp(-x)) ** 2}


HARNESSES: dict[str, Harness] = {
    "code-clip-total-norm": Harness(make_total_norm, ref_total_norm, cases=3),
    "code-clip-rate-book": Harness(make_clip_rate, ref_clip_rate, cases=len(NORM_FACTORS)),
    "code-clip-single-array": Harness(make_clip_single, ref_clip_single, cases=len(NORM_FACTORS)),
    "code-clip-by-value": Harness(make_clip_value, ref_clip_value, cases=3),
    "code-lstm-cell-and-hidden": Harness(make_lstm_cell, ref_lstm_cell, cases=len(BATCH_SHAPES)),
    "code-lstm-split-pytorch": Harness(make_lstm_split, ref_lstm_split, cases=len(BATCH_SHAPES)),
    "code-lstm-gate-book": Harness(make_lstm_gate_book, ref_lstm_gate_book, cases=4),
    "code-lstm-backward-cell": Harness(make_lstm_backward, ref_lstm_backward, cases=len(BATCH_SHAPES)),
    "code-gru-update-pytorch": Harness(make_gru, ref_gru_pytorch, cases=len(BATCH_SHAPES)),
    "code-gru-update-book": Harness(make_gru_book, ref_gru_book, cases=len(BATCH_SHAPES)),
    "code-gru-candidate-pytorch": Harness(make_gru_candidate, ref_gru_candidate, cases=len(BATCH_SHAPES)),
    "code-rnn-step-row-vectors": Harness(make_rnn_step, ref_rnn_step, cases=3),
    "code-birnn-concat-reversed": Harness(make_birnn_reversed, ref_birnn_reversed, cases=len(TNH)),
    "code-birnn-concat-time-order": Harness(make_birnn_time_order, ref_birnn_time_order, cases=len(TNH)),
    "code-softmax-rows": Harness(make_softmax_rows, ref_softmax_rows, cases=3),
    "code-softmax-time-axis": Harness(make_softmax_time, ref_softmax_time, cases=3),
    "code-sigmoid-backward": Harness(make_sigmoid_backward, ref_sigmoid_backward, cases=3),
}


# -- running a snippet -------------------------------------------------------------------------------


def _same(got: object, expected: object) -> bool:
    if isinstance(expected, list):
        return (
            isinstance(got, (list, tuple))
            and len(got) == len(expected)
            and all(_same(g, e) for g, e in zip(got, expected))
        )
    try:
        got_array = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        return False
    expected_array = np.asarray(expected, dtype=float)
    return got_array.shape == expected_array.shape and bool(
        np.allclose(got_array, expected_array, rtol=1e-9, atol=1e-12)
    )


def _snippet(choice) -> str:
    texts = {choice.text[lang] for lang in LANGS}
    assert len(texts) == 1, f"choice {choice.key!r}: a code choice must be language-neutral"
    return texts.pop()


def _runs_right(code: str, inputs: Inputs, expected: dict[str, object]) -> bool:
    """Run `code` on a copy of `inputs`; True when every expected name holds the expected value."""
    namespace: dict[str, object] = {"np": np, "sigmoid": sigmoid, **copy.deepcopy(inputs)}
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            exec(compile(code, "<choice>", "exec"), namespace)  # noqa: S102  the bank's own snippets
    except Exception:  # noqa: BLE001  a snippet that raises is a wrong snippet
        return False
    return all(name in namespace and _same(namespace[name], value) for name, value in expected.items())


def _verdicts(question) -> dict[str, list[bool]]:
    """For every choice key: whether its snippet was right, input by input."""
    harness = HARNESSES[question.id]
    verdicts: dict[str, list[bool]] = {c.key: [] for c in question.choices}
    for seed in SEEDS:
        for case in range(harness.cases):
            rng = np.random.default_rng([seed, case])
            inputs = harness.make(rng, case)
            expected = harness.reference(copy.deepcopy(inputs))
            for choice in question.choices:
                verdicts[choice.key].append(_runs_right(_snippet(choice), inputs, expected))
    return verdicts


# -- the tests ---------------------------------------------------------------------------------------


def test_there_are_enough_code_choice_questions():
    assert len(CODE_QUESTIONS) >= 12, [q.id for q in CODE_QUESTIONS]


def test_every_code_choice_question_has_a_harness():
    missing = sorted(q.id for q in CODE_QUESTIONS if q.id not in HARNESSES)
    assert not missing, f"code-choice questions without a harness in {Path(__file__).name}: {missing}"


def test_every_harness_belongs_to_a_shipped_code_choice_question():
    shipped = {q.id for q in CODE_QUESTIONS}
    assert not sorted(set(HARNESSES) - shipped)


@pytest.mark.parametrize("question", CODE_QUESTIONS, ids=lambda q: q.id)
def test_a_code_choice_question_is_single_choice_with_four_neutral_snippets(question):
    assert question.type == "choice"
    assert len(question.choices) == 4
    for choice in question.choices:
        compile(_snippet(choice), question.id, "exec")  # every snippet is valid Python


@pytest.mark.parametrize("question", CODE_QUESTIONS, ids=lambda q: q.id)
def test_exactly_the_answer_computes_what_the_prompt_asks(question):
    if question.id not in HARNESSES:
        pytest.fail(f"no harness for {question.id}")
    verdicts = _verdicts(question)
    answer = question.answer
    assert all(verdicts[answer]), f"the answer {answer!r} is wrong on inputs {verdicts[answer]}"
    always_right = sorted(key for key, runs in verdicts.items() if key != answer and all(runs))
    assert not always_right, f"choices that are right on every input besides the answer: {always_right}"


def test_the_harness_catches_a_wrong_snippet():
    """The checker itself: a right snippet passes, a snippet that raises or computes something else fails."""
    rng = np.random.default_rng(0)
    inputs = make_clip_value(rng, 2)
    expected = ref_clip_value(copy.deepcopy(inputs))
    assert _runs_right("clipped = np.clip(grad, -clip_value, clip_value)", inputs, expected)
    assert not _runs_right("clipped = np.clip(grad, 0, clip_value)", inputs, expected)
    assert not _runs_right("clipped = undefined_name", inputs, expected)
    assert not _runs_right("other = grad", inputs, expected)
    before = copy.deepcopy(inputs)
    _runs_right("grad *= 0; clipped = grad", inputs, expected)
    assert np.array_equal(inputs["grad"], before["grad"])  # a snippet cannot change the next one's inputs
