"""A failing file's probes (hidden, worth nothing, drawn from the course secret) only add evidence to
its diagnosis: nothing the file's code could compute from a probe's inputs reaches what the learner
sees, however it spells it (a type's name, an exception's, a message, a shape)."""

from __future__ import annotations

import json
import sys
import textwrap

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
}


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


def test_the_probes_still_say_what_they_saw_in_plain_words(graded):
    _, out, _ = graded
    feedback = {p.stem: p.read_text(encoding="utf-8") for p in (out / "feedback").glob("*.md")}
    assert "returned object, not numpy arrays" in " ".join(feedback["type-name"].split())
    assert "wrong shape in some hidden tests" in " ".join(feedback["shape"].split())
    data = json.loads((out / "results.json").read_text(encoding="utf-8"))
    scores = {s["student"]: s["submissions"][0]["score"] for s in data["students"]}
    assert all(score == 2 for score in scores.values()), scores  # the two public cases, no more
