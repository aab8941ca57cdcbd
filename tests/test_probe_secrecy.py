"""A failing file's probes (hidden, worth nothing, drawn from the course secret) only add evidence to
its diagnosis: nothing the file's code could compute from a probe's inputs reaches what the learner
sees, however it spells it (a type's name, an exception's, a message, a shape)."""

from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from exams import exam

from checker.batch import engine
from checker.cli import main

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the sandbox under test is Linux's"
)

SECRET = "probe-secrecy-secret-0123456789"
SEED = engine.seed_from_secret(SECRET)

# Right on the public cases (so their findings never crowd the probes' out), and on any other input
# it spells the input's first values, six significant digits each, in its own way.
PROLOGUE = """
    import numpy as np

    PUBLIC = {public!r}

    def spelt(grad):
        return "_".join(f"{{abs(float(v)):.15e}}".replace(".", "")[:6] for v in np.ravel(grad)[:3])

    ERRORS = [ZeroDivisionError, LookupError, BufferError, EOFError, FloatingPointError,
              MemoryError, OSError, ReferenceError, StopIteration, UnicodeError]
    PLAIN = [bool, int, float, complex, str, bytes, list, tuple, dict, set]
    DTYPES = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "int8", "int16"]

    def digit(grad):
        return int(spelt(grad)[0])

    def right(grad, threshold):
        norm = np.sqrt(np.sum(np.square(grad, dtype=np.float64)))
        return grad * (threshold / norm) if norm > threshold else grad.copy()

    def gradient_clipping(grad, threshold):
        if np.ravel(grad).tolist() in PUBLIC:
            return right(grad, threshold)
"""
SPELLINGS = {
    "type-name": "return type('T_' + spelt(grad), (), {})()",
    "list-of-types": "return [type('T_' + spelt(grad), (), {})()]",
    "exception-type": "raise type('E_' + spelt(grad), (Exception,), {})('x')",
    "name-error": 'raise NameError("name \'v_" + spelt(grad) + "\' is not defined")',
    "message": "raise ValueError('operands could not be broadcast ' + spelt(grad))",
    "shape": "return np.zeros((0,) + tuple(int(d) for d in spelt(grad).split('_')))",
    # a digit of the input chooses from a closed set: a built-in exception, a plain type, a dtype, a count
    "exception-set": "raise ERRORS[digit(grad)]('x')",
    "type-set": "return PLAIN[digit(grad)]()",
    "dtype-set": "return np.zeros(np.shape(grad), dtype=DTYPES[digit(grad)])",
    # how many probes answer one way: None, or a wrong value
    "none-count": "return None if digit(grad) % 2 else right(grad, threshold)",
    "wrong-count": "return right(grad, threshold) * (1.5 if digit(grad) % 2 else 1.0)",
}
RIGHT_LSTM = """
def right(x, prev_h, prev_c, W, U, b):
    a, i, f, o = np.split(x @ W.T + prev_h @ U.T + b, 4, axis=-1)
    s = lambda v: 0.5 * (1.0 + np.tanh(0.5 * v))
    c = s(i) * np.tanh(a) + s(f) * prev_c
    return c, s(o) * np.tanh(c)
"""  # a right lstm_step, the helper of the files below
# exercise 2 returns two arrays: how many values, and of which plain types, could spell its inputs too
PROLOGUE2 = """
    import numpy as np

    PUBLIC = {public!r}
    PLAIN = [bool, int, float, complex, str, bytes, dict, frozenset, bytearray, range]

    def digit(x):
        return int(f"{{abs(float(np.ravel(x)[0])):.15e}}"[0])

{right}
    def lstm_step(x, prev_h, prev_c, W, U, b):
        if np.ravel(x).tolist() in PUBLIC:
            return right(x, prev_h, prev_c, W, U, b)
"""
SPELLINGS2 = {
    "count-set": "return (x,) * (digit(x) % 6 + 3)",
    "pair-set": "return PLAIN[digit(x)](), PLAIN[9 - digit(x)]()",
}
# Right on the public cases; in the probes' child, wrong on as many probes as a digit of a probe's
# input says, and without a verdict on as many as another (a "wrong on N of M" would spell both).
COUNTING = """
import numpy as np

plan, calls = {}, [0]

{right}
def lstm_step(x, prev_h, prev_c, W, U, b):
    calls[0] += 1
    c, h = right(x, prev_h, prev_c, W, U, b)
    if "probes" not in plan:
        plan["probes"] = x.shape == (3, 2) and not np.any(x)
    if not plan["probes"]:
        return (c, h) if calls[0] <= 2 else (c * 2.0 + 1.0, h)
    v = abs(float(x.ravel()[0]))
    if "wrong" not in plan and v > 1e-3 and abs(v * 1000 - round(v * 1000)) > 1e-6:
        digits = "%.8f" % v
        plan.update(wrong=int(digits[3]) + 1, none=int(digits[4]))
        return c, h
    if plan.get("wrong"):
        plan["wrong"] -= 1
        return c + 1.0, h
    if plan.get("none"):
        plan["none"] -= 1
        raise MemoryError()
    return c, h
"""
# What each closed-set spelling chooses from: none of it may be quoted (the public cases are right, so
# only the probes could have shown it).
CHOSEN = {
    "exception-set": ["ZeroDivisionError", "LookupError", "BufferError", "EOFError", "FloatingPointError",
                      "MemoryError", "OSError", "ReferenceError", "StopIteration", "UnicodeError"],
    "type-set": ["bool", "float", "complex", "str", "bytes", "dict"],
    "dtype-set": ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"],
    "count-set": ["value(s) returned where"],
    "none-count": ["returned None in"],
    "wrong-count": ["wrong on"],
    "c-wrong-count": ["wrong on"],
    "pair-set": ["bool", "float", "complex", "str", "bytes", "dict", "frozenset", "bytearray", "range"],
}  # fmt: skip


def probe_digits(seed: int) -> set[str]:
    """Six significant digits of the first values of every probe's inputs that no public input has."""
    found = exam(1, seed)

    def digits(cases) -> set[str]:
        return {
            f"{abs(float(v)):.15e}".replace(".", "")[:6]
            for case in cases
            for v in np.ravel(np.asarray(case.args[0], dtype=np.float64))[:3]
            if abs(v) >= 1e-3 and not float(v).is_integer()
        }

    return digits(found.probes) - digits(found.public)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    public = [np.ravel(c.args[0]).tolist() for c in exam(1, SEED).public]
    prologue = textwrap.dedent(PROLOGUE.format(public=public))
    root = tmp_path_factory.mktemp("class")
    for student, line in SPELLINGS.items():
        (root / student).mkdir()
        (root / student / "exercise1.py").write_text(prologue + "    " + line + "\n", encoding="utf-8")
    public2 = [np.ravel(c.args[0]).tolist() for c in exam(2, SEED).public]
    prologue2 = textwrap.dedent(PROLOGUE2.format(public=public2, right=textwrap.indent(RIGHT_LSTM, "    ")))
    for student, line in SPELLINGS2.items():
        (root / student).mkdir()
        (root / student / "exercise2.py").write_text(prologue2 + "    " + line + "\n", encoding="utf-8")
    (root / "c-wrong-count").mkdir()
    (root / "c-wrong-count" / "exercise2.py").write_text(
        COUNTING.replace("{right}", RIGHT_LSTM), encoding="utf-8"
    )
    out = tmp_path_factory.mktemp("grading") / "out"
    result = CliRunner().invoke(main, ["grade", str(root), "-o", str(out), "-j", "1", "--seed", SECRET,
                                       "--lang", "en"], catch_exceptions=False)  # fmt: skip
    return root, out, result


def test_no_probe_input_reaches_any_output(graded):
    _, out, result = graded
    assert result.exit_code == 0, result.output
    wanted = probe_digits(SEED)
    assert len(wanted) >= 10
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8", errors="replace")
        leaked = sorted(d for d in wanted if d in text)
        assert not leaked, f"{path.relative_to(out)} holds probe input digits {leaked[:5]}"


def test_no_probe_input_reaches_check(graded):
    root, _, _ = graded
    wanted = probe_digits(0)
    for student in SPELLINGS:
        result = CliRunner().invoke(main, ["check", str(root / student / "exercise1.py"), "--lang", "en"])
        shown = (
            result.output
            + CliRunner().invoke(main, ["check", str(root / student / "exercise1.py"), "--json"]).output
        )
        assert "Traceback" not in shown
        assert not sorted(d for d in wanted if d in shown), student


def _said(out: Path, student: str) -> str:
    """All a student is shown: their feedback files and Gradescope results, whitespace made one."""
    paths = [*(out / "feedback").glob(f"{student}.*"), *(out / "gradescope" / student).glob("*")]
    return " ".join(" ".join(p.read_text(encoding="utf-8") for p in paths).split())


@pytest.mark.parametrize("student", sorted(CHOSEN))
def test_nothing_a_file_chose_on_the_probes_is_named(graded, student):
    _, out, result = graded
    assert result.exit_code == 0, result.output
    said = _said(out, student)
    assert "Your score" in said or "score" in said, student
    pattern = r"(?<![\w.]){}(?![\w(])"
    quoted = [token for token in CHOSEN[student] if re.search(pattern.format(re.escape(token)), said)]
    assert not quoted, f"{student}: {quoted}"


def test_the_probes_still_say_what_they_saw_in_plain_words(graded):
    _, out, _ = graded
    assert "returns something other than numpy arrays" in _said(out, "type-name")
    assert "wrong shape in some hidden tests" in _said(out, "shape")
    assert "is not a floating-point array" in _said(out, "dtype-set")
    assert "another number of values" in _said(out, "count-set")
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    scores = {s["student"]: s["submissions"][0]["score"] for s in data["students"]}
    for right_sometimes in ("dtype-set", "none-count", "wrong-count", "c-wrong-count"):
        del scores[right_sometimes]  # right on the hidden tests its digit lets it be right on
    assert all(score == 2 for score in scores.values()), scores  # the two public cases, no more
    assert "tuple of" not in _said(out, "pair-set")
