"""Exercise 6, lstm_forward: one LSTM step as "Deep Learning from Scratch 2" writes it. The reference,
correct files in several styles, every catalogued mistake written as a learner would write it, the
template, the command line, and (when torch is installed) torch.nn.LSTMCell with its blocks permuted.

Contract: A = x @ Wx + h_prev @ Wh + b, Wx (D, 4H), Wh (H, 4H); blocks f, g, i, o;
c_next = f * c_prev + g * i; h_next = o * tanh(c_next); returns (h_next, c_next). Exercise 2 (a, i, f, o,
x @ W.T, returns (c, h)) and PyTorch (i, f, g, o) are the habits it must tell apart. The wrong sources
below never call the spec's variants.
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

NUMBER = 6
book = spec_module(NUMBER)


def run_check(runner, source: str):
    return check_source(textwrap.dedent(source).encode(), "exercise6.py", exam(NUMBER), runner=runner)


# -- the reference against an implementation written another way ---------------------------------------


def independent_lstm(x, h_prev, c_prev, Wx, Wh, b):
    """Unit by unit with math.exp / math.tanh and explicit sums; the book's columns f | g | i | o."""
    N, D = x.shape
    H = h_prev.shape[1]

    def sig(v):
        return 1.0 / (1.0 + math.exp(-v)) if v >= 0 else math.exp(v) / (1.0 + math.exp(v))

    h_next = np.empty((N, H), dtype=np.result_type(x, Wx))
    c_next = np.empty((N, H), dtype=h_next.dtype)

    def pre(n, column):
        total = float(b[column])
        total += sum(float(x[n, d]) * float(Wx[d, column]) for d in range(D))
        total += sum(float(h_prev[n, j]) * float(Wh[j, column]) for j in range(H))
        return total

    for n in range(N):
        for k in range(H):
            f, g, i, o = (pre(n, block * H + k) for block in range(4))
            f, g, i, o = sig(f), math.tanh(g), sig(i), sig(o)
            c = f * float(c_prev[n, k]) + g * i
            c_next[n, k] = c
            h_next[n, k] = o * math.tanh(c)
    return h_next, c_next


def _random_inputs(rng, n, d, h, scale=1.0):
    return (
        rng.standard_normal((n, d)),
        rng.uniform(-1, 1, (n, h)),
        rng.uniform(-2, 2, (n, h)),
        rng.standard_normal((d, 4 * h)) * scale,
        rng.standard_normal((h, 4 * h)) * scale,
        rng.standard_normal(4 * h) * scale,
    )


@pytest.mark.parametrize("n, d, h", [(1, 1, 1), (2, 3, 2), (1, 4, 3), (3, 2, 1), (4, 5, 6), (5, 8, 2)])
def test_reference_matches_an_independent_implementation(n, d, h):
    rng = np.random.default_rng(n * 100 + d * 10 + h)
    for scale in (0.3, 1.0, 3.0):
        args = _random_inputs(rng, n, d, h, scale)
        got_h, got_c = book.reference(*args)
        assert got_h.shape == got_c.shape == (n, h) and got_h.dtype == np.float64
        want_h, want_c = independent_lstm(*args)
        np.testing.assert_allclose(got_h, want_h, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(got_c, want_c, rtol=1e-12, atol=1e-14)


def test_reference_on_every_case_matches_and_leaves_the_inputs_alone():
    for case in exam(NUMBER).cases:
        before = [np.array(a, copy=True) for a in case.args]
        got = book.reference(*case.args)
        for a, kept in zip(case.args, before):
            np.testing.assert_array_equal(a, kept)
        assert isinstance(got, tuple) and len(got) == 2
        dtype = np.asarray(case.args[0]).dtype
        tolerance = 1e-5 if dtype == np.float32 else 1e-12
        for value, want in zip(got, independent_lstm(*case.args)):
            assert np.isfinite(value).all(), case.id
            assert value.dtype == dtype, case.id  # float32 in, float32 out
            np.testing.assert_allclose(value, want, rtol=tolerance, atol=tolerance)


def test_the_cases_cover_the_edges():
    public, hidden = book.public_cases(), book.hidden_cases(0)
    assert len(public) == 2 and all(c.visibility == "visible" for c in public)
    assert len(hidden) >= 8 and all(c.visibility == "hidden" for c in hidden)
    shapes = [(c.args[0].shape, c.args[1].shape) for c in hidden]
    assert any(x[0] == 1 for x, _ in shapes)  # N = 1
    assert any(h[1] == 1 for _, h in shapes)  # H = 1
    assert any(x[1] != h[1] for x, h in shapes)  # D != H
    assert any(x[1] == 4 * h[1] for x, h in shapes)  # a square Wx, where x @ Wx.T runs
    assert any(np.asarray(c.args[0]).dtype == np.float32 for c in hidden)
    assert any(not np.asarray(c.args[1]).any() and not np.asarray(c.args[2]).any() for c in hidden)
    for seed in range(20):  # exp overflows in every block, whatever the secret
        x, h_prev, _, Wx, Wh, b = next(c for c in book.hidden_cases(seed) if c.id == "saturated").args
        pre = (x @ Wx + h_prev @ Wh + b).reshape(len(x), 4, -1)
        assert (pre.max(axis=2) > 710).all() and (pre.min(axis=2) < -710).all(), seed
    for c in public + hidden:
        assert sum(np.asarray(a).size for a in c.args) < 1000  # small: a sandbox case is cheap
        assert all(np.asarray(a).dtype == np.asarray(c.args[0]).dtype for a in c.args)
    again = book.hidden_cases(1)  # another seed draws other values, not other shapes
    assert [c.id for c in again] == [c.id for c in hidden]
    assert [c.args[3].shape for c in again] == [c.args[3].shape for c in hidden]
    assert not np.array_equal(again[0].args[0], hidden[0].args[0])


def test_every_text_is_in_english_korean_and_japanese():
    texts = [spec_of(NUMBER).title]
    for m in book.MISCONCEPTIONS:
        texts += [m.title, m.explanation]
    for c in book.public_cases() + book.hidden_cases(0):
        texts.append(c.name)
        if c.visibility == "hidden":
            assert c.hint is not None, c.id
            texts.append(c.hint)
    for text in texts:
        assert set(text) == {"en", "ko", "ja"} and all(v.strip() for v in text.values()), text


def test_the_convention_mistakes_name_the_convention():
    by_tag = {m.tag: m for m in book.MISCONCEPTIONS}
    course = by_tag["book-lstm-course-gate-order"].explanation
    assert "course's gate order a, i, f, o" in course["en"] and "book's f, g, i, o" in course["en"]
    assert "a, i, f, o" in course["ko"] and "f, g, i, o" in course["ko"] and "강의" in course["ko"]
    assert "a, i, f, o" in course["ja"] and "f, g, i, o" in course["ja"] and "講座" in course["ja"]
    torch_order = by_tag["book-lstm-pytorch-gate-order"].explanation
    assert "PyTorch's gate order i, f, g, o" in torch_order["en"] and "book's f, g, i, o" in torch_order["en"]
    assert "exercise 2" in by_tag["book-lstm-returns-c-h"].explanation["en"]
    assert "exercise 2" in by_tag["book-lstm-weights-transposed"].explanation["en"]


def _catalogue_variants():
    for m in book.MISCONCEPTIONS:
        if m.variant is not None:
            for k, v in enumerate(m.variant if isinstance(m.variant, tuple) else (m.variant,)):
                yield f"{m.tag}#{k}", v


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_catalogued_variant_is_wrong_and_told_apart_from_the_others(seed):
    found = exam(NUMBER, seed)
    outputs = {name: [found.variant_outputs(v, c) for c in found.cases] for name, v in _catalogue_variants()}
    for name, outs in outputs.items():
        assert any(not _same(o, found.expected[c.id]) for o, c in zip(outs, found.cases)), name
    for (a, outs_a), (b, outs_b) in itertools.combinations(outputs.items(), 2):
        if a.split("#")[0] != b.split("#")[0]:
            # on the cases where both give outputs (x @ Wx.T gives none where Wx is not square)
            both = [(x, y) for x, y in zip(outs_a, outs_b) if x != () and y != ()]
            assert both and not all(_same(x, y) for x, y in both), (a, b)


def test_the_catalogue():
    found = [m.tag for m in book.MISCONCEPTIONS]
    assert len(found) == len(set(found)) == 10 + 20
    assert all(tag.startswith("book-lstm-") for tag in found)
    assert [m.mutates for m in book.MISCONCEPTIONS if m.mutates] == ["c_prev"]
    assert found.index("book-lstm-course-gate-order") < found.index("book-lstm-gate-order-fgoi")


# -- the reference against torch.nn.LSTMCell -----------------------------------------------------------
# LSTMCell: gates = x W_ih^T + b_ih + h W_hh^T + b_hh, blocks i, f, g, o; c' = f c + i g; h' = o tanh(c').
# The book's Wx is W_ih^T with its column blocks permuted to f, g, i, o (and Wh likewise), b = b_ih + b_hh.


def _to_book(torch_stacked, axis):
    blocks = dict(zip(book.TORCH_ORDER, np.split(torch_stacked, 4, axis=axis)))
    return np.concatenate([blocks[name] for name in book.ORDER], axis=axis)


@pytest.mark.parametrize("n, d, h", [(1, 1, 1), (1, 3, 1), (2, 1, 4), (3, 5, 2), (4, 8, 2), (2, 6, 7)])
def test_reference_matches_torch_lstmcell_with_its_blocks_permuted(n, d, h):
    torch = pytest.importorskip("torch")
    torch.manual_seed(n * 100 + d * 10 + h)
    cell = torch.nn.LSTMCell(d, h, dtype=torch.float64)
    with torch.no_grad():  # wider than the default init, so that the gates leave their linear range
        for p in cell.parameters():
            p.uniform_(-1.5, 1.5)
    x = torch.randn(n, d, dtype=torch.float64)
    h0 = torch.rand(n, h, dtype=torch.float64) * 2 - 1
    c0 = torch.randn(n, h, dtype=torch.float64)
    with torch.no_grad():
        h1, c1 = cell(x, (h0, c0))
    Wx = _to_book(cell.weight_ih.detach().numpy(), axis=0).T  # (D, 4H)
    Wh = _to_book(cell.weight_hh.detach().numpy(), axis=0).T  # (H, 4H)
    b = _to_book((cell.bias_ih + cell.bias_hh).detach().numpy(), axis=0)
    got_h, got_c = book.reference(x.numpy(), h0.numpy(), c0.numpy(), Wx, Wh, b)
    np.testing.assert_allclose(got_h, h1.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(got_c, c1.numpy(), rtol=1e-12, atol=1e-12)
    # reading torch's unpermuted stack as the book's blocks is the catalogued PyTorch-order mistake
    raw = (cell.weight_ih.detach().numpy().T, cell.weight_hh.detach().numpy().T)
    raw_b = (cell.bias_ih + cell.bias_hh).detach().numpy()
    pytorch_order = next(m for m in book.MISCONCEPTIONS if m.tag == "book-lstm-pytorch-gate-order")
    wrong_h, wrong_c = pytorch_order.variant(x.numpy(), h0.numpy(), c0.numpy(), *raw, raw_b)
    np.testing.assert_allclose(wrong_h, h1.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(wrong_c, c1.numpy(), rtol=1e-12, atol=1e-12)


# -- correct files ---------------------------------------------------------------------------------------

SIGMOID = """
import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))
"""


def book_source(body: str) -> str:
    return SIGMOID + textwrap.dedent(body)


LSTM_RIGHT = {
    "the-book-verbatim": """
        def lstm_forward(x, h_prev, c_prev, Wx, Wh, b):
            N, H = h_prev.shape
            A = np.dot(x, Wx) + np.dot(h_prev, Wh) + b
            f = A[:, :H]
            g = A[:, H:2*H]
            i = A[:, 2*H:3*H]
            o = A[:, 3*H:]
            f = sigmoid(f)
            g = np.tanh(g)
            i = sigmoid(i)
            o = sigmoid(o)
            c_next = f * c_prev + g * i
            h_next = o * np.tanh(c_next)
            return h_next, c_next
    """,
    "split-and-matmul": """
        def lstm_forward(x, h_prev, c_prev, Wx, Wh, b):
            A = x @ Wx + h_prev @ Wh + b
            f, g, i, o = np.split(A, 4, axis=1)
            c_next = sigmoid(f) * c_prev + np.tanh(g) * sigmoid(i)
            return sigmoid(o) * np.tanh(c_next), c_next
    """,
    "a-layer-class": """
        class LSTM:
            def __init__(self, Wx, Wh, b):
                self.params = [Wx, Wh, b]
                self.cache = None

            def forward(self, x, h_prev, c_prev):
                Wx, Wh, b = self.params
                H = Wh.shape[0]
                A = np.matmul(x, Wx) + np.matmul(h_prev, Wh) + b
                f, g, i, o = (A[:, k * H:(k + 1) * H] for k in range(4))
                f, g, i, o = sigmoid(f), np.tanh(g), sigmoid(i), sigmoid(o)
                c_next = f * c_prev + g * i
                h_next = o * np.tanh(c_next)
                self.cache = (x, h_prev, c_prev, i, f, g, o, c_next)
                return h_next, c_next


        def lstm_forward(x, h_prev, c_prev, Wx, Wh, b):
            return LSTM(Wx, Wh, b).forward(x, h_prev, c_prev)
    """,
    "per-gate-weights": """
        def lstm_forward(x, h_prev, c_prev, Wx, Wh, b):
            H = h_prev.shape[1]
            gates = []
            for k in range(4):
                cols = slice(k * H, (k + 1) * H)
                gates.append(x.dot(Wx[:, cols]) + h_prev.dot(Wh[:, cols]) + b[cols])
            f, g, i, o = gates
            c_next = sigmoid(f) * c_prev + np.tanh(g) * sigmoid(i)
            h_next = sigmoid(o) * np.tanh(c_next)
            return (h_next, c_next)
    """,
    "per-sample-loop-stable-sigmoid": """
        def stable_sigmoid(z):
            e = np.exp(-np.abs(z))
            return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


        def lstm_forward(x, h_prev, c_prev, Wx, Wh, b):
            N, H = h_prev.shape
            h_next = np.empty((N, H))
            c_next = np.empty((N, H))
            for n in range(N):
                a = x[n] @ Wx + h_prev[n] @ Wh + b
                f, g, i, o = a[:H], a[H:2 * H], a[2 * H:3 * H], a[3 * H:]
                c_next[n] = stable_sigmoid(f) * c_prev[n] + np.tanh(g) * stable_sigmoid(i)
                h_next[n] = stable_sigmoid(o) * np.tanh(c_next[n])
            return h_next, c_next
    """,
    "copies-then-updates": """
        def lstm_forward(x, h_prev, c_prev, Wx, Wh, b):
            A = np.hsplit(x @ Wx + h_prev @ Wh + b, 4)
            f, g, i, o = sigmoid(A[0]), np.tanh(A[1]), sigmoid(A[2]), sigmoid(A[3])
            c = c_prev.copy()
            c *= f
            c += g * i
            return [o * np.tanh(c), c]
    """,
}


@pytest.mark.parametrize("style", list(LSTM_RIGHT))
def test_correct_book_lstm_styles_get_full_marks(runner, style):
    assert_full_score(run_check(runner, book_source(LSTM_RIGHT[style])))


# -- every catalogued mistake, as a learner writes it ---------------------------------------------------

_BODY = """
    def lstm_forward(x, h_prev, c_prev, Wx, Wh, b):
        A = {A}
        {names} = np.split(A, 4, axis=1)
        f, g, i, o = {f}(f), {g}(g), {i}(i), {o}(o)
        c_next = {c}
        h_next = {h}
        return {ret}
"""


def _body(
    A="x @ Wx + h_prev @ Wh + b",
    names="f, g, i, o",
    f="sigmoid",
    g="np.tanh",
    i="sigmoid",
    o="sigmoid",
    c="f * c_prev + g * i",
    h="o * np.tanh(c_next)",
    ret="h_next, c_next",
):
    return _BODY.format(A=A, names=names, f=f, g=g, i=i, o=o, c=c, h=h, ret=ret)


LSTM_WRONG = {
    "book-lstm-c-prev-in-place": """
        def lstm_forward(x, h_prev, c_prev, Wx, Wh, b):
            A = x @ Wx + h_prev @ Wh + b
            f, g, i, o = np.split(A, 4, axis=1)
            c_prev *= sigmoid(f)
            c_prev += np.tanh(g) * sigmoid(i)
            h_next = sigmoid(o) * np.tanh(c_prev)
            return h_next, c_prev
    """,
    "book-lstm-returns-c-h": _body(ret="c_next, h_next"),
    # exercise 2's habit: the candidate first, a, i, f, o
    "book-lstm-course-gate-order": """
        def lstm_forward(x, h_prev, c_prev, Wx, Wh, b):
            z = x @ Wx + h_prev @ Wh + b
            a, i, f, o = np.split(z, 4, axis=1)
            c_next = sigmoid(f) * c_prev + np.tanh(a) * sigmoid(i)
            h_next = sigmoid(o) * np.tanh(c_next)
            return h_next, c_next
    """,
    "book-lstm-pytorch-gate-order": _body(names="i, f, g, o"),
    "book-lstm-forget-input-swapped": _body(c="i * c_prev + g * f"),
    # exercise 2's layout for the input weights; x @ Wx.T runs only where Wx is square
    "book-lstm-weights-transposed": _body(A="np.dot(x, Wx.T) + np.dot(h_prev, Wh) + b"),
    "book-lstm-g-sigmoid": _body(g="sigmoid"),
    "book-lstm-gates-tanh": _body(f="np.tanh", i="np.tanh", o="np.tanh"),
    "book-lstm-missing-bias": _body(A="x @ Wx + h_prev @ Wh"),
    "book-lstm-h-without-tanh": _body(h="o * c_next"),
}

GENERIC_ORDERS = [
    order
    for order in itertools.permutations("fgio")
    if order not in {tuple("fgio"), tuple("gifo"), tuple("ifgo"), tuple("igfo")}
]


def test_every_specific_misconception_has_a_student_source():
    specific = {m.tag for m in book.MISCONCEPTIONS if not m.tag.startswith("book-lstm-gate-order-")}
    assert set(LSTM_WRONG) == specific
    generic = {m.tag for m in book.MISCONCEPTIONS} - specific
    assert generic == {f"book-lstm-gate-order-{''.join(order)}" for order in GENERIC_ORDERS}


@pytest.mark.parametrize("tag", list(LSTM_WRONG))
def test_a_named_book_lstm_mistake_is_named(runner, tag):
    assert_named(run_check(runner, book_source(LSTM_WRONG[tag])), tag)


@pytest.mark.parametrize("order", GENERIC_ORDERS, ids="".join)
def test_a_wrong_gate_order_is_named(runner, order):
    assert_named(
        run_check(runner, book_source(_body(names=", ".join(order)))),
        f"book-lstm-gate-order-{''.join(order)}",
    )


OTHER_FORMS = [
    # the course's activation pattern (tanh on the first block) kept on the book's blocks
    ("book-lstm-g-sigmoid", _body(f="np.tanh", g="sigmoid")),
    # the course's order written with slices and the book's letters
    ("book-lstm-course-gate-order", """
        def lstm_forward(x, h_prev, c_prev, Wx, Wh, b):
            H = h_prev.shape[1]
            A = np.dot(x, Wx) + np.dot(h_prev, Wh) + b
            g = np.tanh(A[:, :H])
            i = sigmoid(A[:, H:2 * H])
            f = sigmoid(A[:, 2 * H:3 * H])
            o = sigmoid(A[:, 3 * H:])
            c_next = f * c_prev + g * i
            return o * np.tanh(c_next), c_next
    """),
    ("book-lstm-returns-c-h", """
        def lstm_forward(x, h_prev, c_prev, Wx, Wh, b):
            f, g, i, o = np.hsplit(x.dot(Wx) + h_prev.dot(Wh) + b, 4)
            c = sigmoid(f) * c_prev + np.tanh(g) * sigmoid(i)
            return c, sigmoid(o) * np.tanh(c)
    """),
]  # fmt: skip


@pytest.mark.parametrize(
    "tag, source", OTHER_FORMS, ids=[f"{tag}-{k}" for k, (tag, _) in enumerate(OTHER_FORMS)]
)
def test_other_ways_to_write_a_mistake_are_named_too(runner, tag, source):
    assert_named(run_check(runner, book_source(source)), tag)


def test_c_prev_in_place_fails_on_the_mutation_not_the_values(runner):
    result = run_check(runner, book_source(LSTM_WRONG["book-lstm-c-prev-in-place"]))
    assert {t.message["en"] for t in result.tests} == {"Modified its argument c_prev in place."}
    assert all(t.status != "pass" for t in result.tests)


WRITES_INTO = {
    "h_prev": "h_prev[...] = h_next",
    "x": "np.copyto(x, np.zeros_like(x))",
    "Wx": "Wx.fill(0.0)",
    "b": "np.multiply(b, 1.0, out=b)",
}


@pytest.mark.parametrize("argument", list(WRITES_INTO))
def test_a_write_into_another_argument_names_that_argument_not_c_prev(runner, argument):
    source = book_source(
        f"""
        def lstm_forward(x, h_prev, c_prev, Wx, Wh, b):
            A = x @ Wx + h_prev @ Wh + b
            f, g, i, o = np.split(A, 4, axis=1)
            c_next = sigmoid(f) * c_prev + np.tanh(g) * sigmoid(i)
            h_next = sigmoid(o) * np.tanh(c_next)
            {WRITES_INTO[argument]}
            return h_next, c_next
        """
    )
    result = run_check(runner, source)
    assert {t.message["en"] for t in result.tests} == {f"Modified its argument {argument} in place."}
    assert {t.message["ja"] for t in result.tests} == {f"引数 {argument} をその場で書き換えました。"}
    assert tags(result) == []  # not "c_prev is updated in place"
    assert all(t.hint is None for t in result.tests)  # the cases' hints are about values, not writes


def test_the_written_argument_is_read_without_running_a_coding_declaration():
    from checker.codecheck import _target_at

    source = b"# coding: rot13\ndef lstm_forward(x, h_prev, c_prev, Wx, Wh, b):\n    h_prev[...] = 1\n"
    assert _target_at(spec_of(NUMBER), source, 3) == "h_prev"  # read as the UTF-8 it is, not decoded
    assert _target_at(spec_of(NUMBER), b"\xff\xfe not text", 1) is None


def test_which_argument_a_hidden_case_wrote_into_is_never_named(runner):
    """A file that writes into Wx or b as a hidden input's sign says: the hidden tests' message names
    neither (it would carry a bit of the input), nor guesses the catalogued c_prev."""
    public_shapes = {tuple(np.shape(c.args[0])) for c in spec_of(NUMBER).public_cases()}
    source = book_source(
        f"""
        def lstm_forward(x, h_prev, c_prev, Wx, Wh, b):
            if x.shape not in {sorted(public_shapes)!r}:  # hidden cases only
                if x.flat[0] > 0:
                    Wx[0, 0] = 1.0
                else:
                    b[0] = 1.0
            A = x @ Wx + h_prev @ Wh + b
            f, g, i, o = np.split(A, 4, axis=1)
            c_next = sigmoid(f) * c_prev + np.tanh(g) * sigmoid(i)
            h_next = sigmoid(o) * np.tanh(c_next)
            return h_next, c_next
        """
    )
    result = run_check(runner, source)
    failed = [t for t in result.tests if t.status != "pass"]
    assert failed and all(t.visibility == "hidden" for t in failed)
    assert {t.message["en"] for t in failed} == {"Modified one of its arguments in place."}
    assert tags(result) == []


def test_a_write_through_another_name_keeps_the_catalogued_guess(runner):
    source = book_source(
        """
        def lstm_forward(x, h_prev, c_prev, Wx, Wh, b):
            A = x @ Wx + h_prev @ Wh + b
            f, g, i, o = np.split(A, 4, axis=1)
            c = c_prev
            c *= sigmoid(f)
            c += np.tanh(g) * sigmoid(i)
            return sigmoid(o) * np.tanh(c), c
        """
    )
    result = run_check(runner, source)
    assert {t.message["en"] for t in result.tests} == {"Modified its argument c_prev in place."}
    assert tags(result) == ["book-lstm-c-prev-in-place"]


def test_the_transposed_input_weights_are_named_from_the_one_case_where_they_run(runner):
    result = run_check(runner, book_source(LSTM_WRONG["book-lstm-weights-transposed"]))
    ran = [t for t in result.tests if t.message is None or t.message["en"] == "Wrong result."]
    assert [t.id for t in ran] == ["square-input-weights"]
    assert tags(result) == ["book-lstm-weights-transposed"]


def test_both_weights_transposed_raise_everywhere_and_name_nothing(runner):
    """The course's full layout (x @ Wx.T + h_prev @ Wh.T) never runs: its shape error is what the
    learner sees on the public cases; the values-only diagnosis has nothing to compare."""
    result = run_check(runner, book_source(_body(A="x @ Wx.T + h_prev @ Wh.T + b")))
    assert result.status != "pass" and result.score == 0
    assert all(t.status == "error" for t in result.tests)
    public = [t for t in result.tests if t.visibility == "visible"]
    assert all("ValueError" in t.message["en"] for t in public)
    assert tags(result) == []


# -- no match, no guess ----------------------------------------------------------------------------------


def test_two_book_lstm_mistakes_at_once_name_nothing(runner):
    result = run_check(runner, book_source(_body(names="i, f, g, o", ret="c_next, h_next")))
    assert result.status == "fail"
    assert tags(result) == []
    assert all(t.misconception is None for t in result.tests)


def test_garbage_values_name_nothing(runner):
    source = """
        def lstm_forward(x, h_prev, c_prev, Wx, Wh, b):
            rng = np.random.default_rng(7)
            return rng.standard_normal(h_prev.shape), rng.standard_normal(c_prev.shape)
    """
    result = run_check(runner, book_source(source))
    assert result.status == "fail" and result.score == 0
    assert tags(result) == []


def test_one_stacked_array_is_not_a_tuple(runner):
    result = run_check(runner, book_source(_body(ret="np.stack([h_next, c_next])")))
    assert result.status == "fail" and result.score == 0
    public = {t.message["en"] for t in result.tests if t.visibility == "visible"}
    assert public == {"Returned array; expected a tuple of 2 numpy arrays (h_next, c_next)."}
    assert tags(result) == []


# -- the template and the command line -------------------------------------------------------------------


def test_the_template_is_not_implemented_yet(runner):
    template = SHIPPED.template(NUMBER)
    result = check_source(template, "exercise6.py", exam(NUMBER), runner=runner)
    assert result.error_kind == ErrorKind.NOT_IMPLEMENTED
    assert result.error["en"] == "lstm_forward is not implemented yet (it raises NotImplementedError)."
    assert result.score == 0 and tags(result) == []


def test_the_template_states_the_contract_and_the_convention_in_three_languages():
    text = SHIPPED.template(NUMBER).decode("utf-8")
    for needle in (
        "Contract (English)",
        "약속 (한국어)",
        "約束 (日本語)",
        "Deep Learning from Scratch 2",
        "밑바닥부터 시작하는 딥러닝 2",
        "ゼロから作るDeep Learning❷",
        "A = x @ Wx + h_prev @ Wh + b",
        "IN THIS ORDER: f, g, i, o",
        "c_next = f * c_prev + g * i",
        "h_next = o * tanh(c_next)",
        "return h_next, c_next",
        "exercise 2",
        "a, i, f, o",
        "i, f, g, o",
        "Never modify the inputs in place",
        "Import numpy and Python's standard library only",
        "망각 게이트",
        "입력 게이트",
        "출력 게이트",
        "셀 상태",
        "忘却ゲート",
        "入力ゲート",
        "出力ゲート",
        "セル状態",
        "import numpy as np",
    ):
        assert needle in text, needle


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_exercise_get_then_check(tmp_path):
    for name in ("lstm_forward", "book_lstm", "book_lstm_forward", "ex6", "exercise6"):
        assert SHIPPED.resolve(name) == NUMBER, name
    assert SHIPPED.resolve("lstm") == 2  # the course's exercise keeps its short name
    got = cli("exercise", "get", NUMBER, tmp_path)
    assert got.exit_code == 0, got.output
    target = tmp_path / "exercise6.py"
    assert target.read_bytes() == SHIPPED.template(NUMBER)

    untouched = cli("check", target)
    assert untouched.exit_code == 1
    assert "lstm_forward is not implemented yet" in " ".join(untouched.output.split())

    target.write_text(book_source(LSTM_RIGHT["the-book-verbatim"]), encoding="utf-8")
    checked = cli("check", target)
    assert checked.exit_code == 0, checked.output
    assert "Exercise 6:" in checked.output and "All tests passed" in checked.output
    tests = len(book.public_cases()) + len(book.hidden_cases(0))
    assert f"Score {tests}/{tests}" in checked.output


def test_a_file_named_like_the_book_is_not_taken_for_exercise_2(tmp_path):
    target = tmp_path / "book_lstm.py"
    target.write_text(book_source(LSTM_WRONG["book-lstm-course-gate-order"]), encoding="utf-8")
    checked = cli("check", target)
    assert checked.exit_code == 1
    text = " ".join(checked.output.split())
    assert "Exercise 6:" in text
    assert "The course's gate order (a, i, f, o)" in text


def test_exercise_list_shows_it():
    listed = cli("exercise", "list")
    assert listed.exit_code == 0
    assert any("lstm_forward" in line and "exercise6.py" in line for line in listed.output.splitlines())
