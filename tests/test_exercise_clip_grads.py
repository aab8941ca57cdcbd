"""Exercise 7, clip_grads: the book's gradient clipping over a LIST of arrays, modified in place.

"Deep Learning from Scratch 2" (ゼロから作るDeep Learning❷ / 밑바닥부터 시작하는 딥러닝 2):
    total_norm = sqrt(sum of np.sum(g ** 2) for g in grads); rate = max_norm / (total_norm + 1e-6)
    if rate < 1: for g in grads: g *= rate          (returns nothing)
The spec declares LIST_ARGS (grads is a list of the case's arrays) and IN_PLACE (the child hands over
writable copies and reports them after the call). Correct files in several styles, every catalogued
mistake written as a learner would write it, the template, the command line, the frames' checks, and
the read-only rule of every other exercise, which stays as it was.
"""

from __future__ import annotations

import itertools
import textwrap

import numpy as np
import pytest
from click.testing import CliRunner
from exams import SHIPPED, assert_full_score, assert_named, exam, spec_module, tags
from exams import spec as spec_of

from checker.cli import main
from checker.codecheck import _same, check_source
from checker.results import ErrorKind
from checker.sandbox import _frames
from checker.sandbox.client import CaseInput, Runner, SandboxError, _Forged

NUMBER = 7
clip = spec_module(NUMBER)


def run_check(runner, source: str, number: int = NUMBER):
    return check_source(textwrap.dedent(source).encode(), f"exercise{number}.py", exam(number), runner=runner)


def book_clip_grads(grads, max_norm):
    """The book's function, word for word (common/util.py)."""
    total_norm = 0
    for grad in grads:
        total_norm += np.sum(grad**2)
    total_norm = np.sqrt(total_norm)
    rate = max_norm / (total_norm + 1e-6)
    if rate < 1:
        for grad in grads:
            grad *= rate


# -- the spec --------------------------------------------------------------------------------------------


def test_the_spec_declares_a_list_argument_changed_in_place():
    spec = spec_of(NUMBER)
    assert (spec.arg_names, spec.list_args, spec.in_place) == (("grads", "max_norm"), ("grads",), ("grads",))
    assert spec.packing() == ("list", "array") and spec.in_place_positions() == (0,)
    assert spec.function == "clip_grads" and spec.template == "exercise7.py"


def test_the_reference_is_the_books_function_on_copies():
    for case in exam(NUMBER).cases:
        grads = [np.array(a, copy=True) for a in case.args[:-1]]
        before = [a.copy() for a in case.args]
        assert book_clip_grads(grads, float(case.args[-1])) is None
        want = exam(NUMBER).expected[case.id]
        assert len(want) == len(grads)
        for got, expected in zip(grads, want):
            assert got.dtype == expected.dtype and got.shape == expected.shape, case.id
            np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-12)
        for a, kept in zip(case.args, before):  # the reference worked on copies
            np.testing.assert_array_equal(a, kept)


def test_the_cases_cover_the_edges():
    public, hidden = clip.public_cases(), clip.hidden_cases(0)
    assert len(public) == 2 and all(c.visibility == "visible" for c in public)
    assert len(hidden) >= 8 and all(c.visibility == "hidden" for c in hidden)
    cases = public + hidden
    assert {len(c.args) - 1 for c in cases} == {1, 2, 3}  # one to three arrays in grads
    assert all(c.args[-1].ndim == 0 for c in cases)  # max_norm: a number
    assert any(len({a.shape for a in c.args[:-1]}) == len(c.args) - 1 > 1 for c in cases)  # shapes differ
    norms = {c.id: clip._total_norm(c.args[:-1]) / float(c.args[-1]) for c in cases}
    assert any(r > 1.5 for r in norms.values()) and any(r < 0.9 for r in norms.values())  # above, below
    assert any(abs(r - 1) < 1e-12 for r in norms.values())  # equal
    assert any(not any(a.any() for a in c.args[:-1]) for c in cases)  # zero gradients
    assert any(c.args[0].dtype == np.float32 for c in hidden)
    assert any(max(float(np.abs(a).max()) for a in c.args[:-1]) > 1e50 for c in hidden)
    for c in cases:  # every case that clips has a norm of at least 1 (see leaving out the 1e-6)
        assert norms[c.id] <= 1 or clip._total_norm(c.args[:-1]) >= 1, c.id
    again = clip.hidden_cases(1)  # another seed draws other values, not other cases
    assert [c.id for c in again] == [c.id for c in hidden]
    assert not np.array_equal(again[0].args[0], hidden[0].args[0])


def test_every_text_is_in_english_korean_and_japanese():
    texts = [spec_of(NUMBER).title]
    for m in clip.MISCONCEPTIONS:
        texts += [m.title, m.explanation]
    for c in clip.public_cases() + clip.hidden_cases(0):
        texts.append(c.name)
        if c.visibility == "hidden":
            assert c.hint is not None, c.id
            texts.append(c.hint)
    for text in texts:
        assert set(text) == {"en", "ko", "ja"} and all(v.strip() for v in text.values()), text


def _catalogue_variants():
    for m in clip.MISCONCEPTIONS:
        if m.variant is not None:
            for k, v in enumerate(m.variant if isinstance(m.variant, tuple) else (m.variant,)):
                yield m, f"{m.tag}#{k}", v


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_catalogued_variant_is_wrong_and_told_apart_from_the_others(seed):
    found = exam(NUMBER, seed)
    variants = list(_catalogue_variants())
    outputs = {name: (m, [found.variant_outputs(v, c) for c in found.cases]) for m, name, v in variants}
    for name, (_, outs) in outputs.items():
        assert any(not _same(o, found.expected[c.id]) for o, c in zip(outs, found.cases)), name
    for (a, (ma, outs_a)), (b, (mb, outs_b)) in itertools.combinations(outputs.items(), 2):
        if {ma.returns, mb.returns} == {True, False}:
            continue  # the arrays alike: told apart by what the function returned
        assert not all(_same(x, y) for x, y in zip(outs_a, outs_b)), (a, b)


def _clipped_when(trigger):
    """The book's rate, applied when `trigger(grads, max_norm, total_norm)` says so (on copies)."""

    def clip_grads(grads, max_norm):
        grads = [np.array(g, copy=True) for g in grads]
        total = clip._total_norm(grads)
        if trigger(grads, float(max_norm), total):
            for g in grads:
                g *= float(max_norm) / (total + 1e-6)
        return tuple(grads)

    return clip_grads


WRONG_TRIGGERS = {
    "the squared norm compared with max_norm": lambda grads, m, total: total**2 > m,
    "one array's norm above max_norm": lambda grads, m, total: any(np.linalg.norm(g) > m for g in grads),
    "one element above max_norm": lambda grads, m, total: any(np.abs(g).max() > m for g in grads if g.size),
}


@pytest.mark.parametrize("mistake", list(WRONG_TRIGGERS))
def test_a_wrong_test_for_when_to_clip_never_gets_full_marks(mistake):
    """Under every secret some hidden case tells it apart: a norm between sqrt(max_norm) and max_norm,
    arrays each below max_norm (each element too) whose global norm is above it."""
    variant = _clipped_when(WRONG_TRIGGERS[mistake])
    for seed in range(60):
        found = exam(NUMBER, seed)
        assert any(not _same(found.variant_outputs(variant, c), found.expected[c.id]) for c in found.cases), (
            mistake,
            seed,
        )


def test_the_catalogue():
    found = [m.tag for m in clip.MISCONCEPTIONS]
    assert len(found) == len(set(found))
    assert not any(m.mutates for m in clip.MISCONCEPTIONS)  # changing grads is the contract here
    assert {m.tag: m.returns for m in clip.MISCONCEPTIONS if m.returns is not None} == {
        "clip-grads-returns-new-arrays": True,
        "clip-grads-rebinds": False,
    }


# -- correct files in different styles -------------------------------------------------------------------

CLIP_RIGHT = {
    "the-books": """
        import numpy as np

        def clip_grads(grads, max_norm):
            total_norm = 0
            for grad in grads:
                total_norm += np.sum(grad ** 2)
            total_norm = np.sqrt(total_norm)

            rate = max_norm / (total_norm + 1e-6)
            if rate < 1:
                for grad in grads:
                    grad *= rate
    """,
    "np-multiply-out": """
        import numpy as np

        def clip_grads(grads, max_norm):
            total_norm = np.sqrt(sum(float(np.vdot(g, g)) for g in grads))
            rate = max_norm / (total_norm + 1e-6)
            if rate < 1:
                for g in grads:
                    np.multiply(g, rate, out=g)
    """,
    "ellipsis-assignment": """
        import numpy as np

        def clip_grads(grads, max_norm):
            total_norm = np.linalg.norm(np.concatenate([g.ravel() for g in grads]))
            rate = max_norm / (total_norm + 1e-6)
            if rate < 1:
                for g in grads:
                    g[...] = g * rate
    """,
    "indexing-and-returning-grads": """
        import numpy as np

        def clip_grads(grads, max_norm):
            total_norm = np.sqrt(np.sum([np.sum(np.square(g)) for g in grads]))
            rate = max_norm / (total_norm + 1e-6)
            if rate < 1:
                for i in range(len(grads)):
                    grads[i] *= rate
            return grads  # not graded: the arrays are
    """,
    "no-epsilon": """
        import numpy as np

        def clip_grads(grads, max_norm):
            total_norm = np.sqrt(sum(np.sum(g * g) for g in grads))
            if total_norm > max_norm:
                for g in grads:
                    g *= max_norm / total_norm
    """,
}


@pytest.mark.parametrize("style", list(CLIP_RIGHT))
def test_correct_styles_get_full_marks(runner, style):
    assert_full_score(run_check(runner, CLIP_RIGHT[style]))


def test_leaving_out_the_epsilon_is_no_mistake():
    """Within the tolerance on every case, and no catalogued mistake is a variant without it."""
    found = exam(NUMBER)

    def no_epsilon(grads, max_norm):
        grads = [np.array(g, copy=True) for g in grads]
        total = clip._total_norm(grads)
        if total > float(max_norm):
            for g in grads:
                g *= float(max_norm) / total
        return tuple(grads)

    for case in found.cases:
        got = found.variant_outputs(no_epsilon, case)
        rtol, atol = (found.spec.rtol32, found.spec.atol32) if case.args[0].dtype == np.float32 else (
            found.spec.rtol, found.spec.atol)  # fmt: skip
        for g, want in zip(got, found.expected[case.id]):
            assert np.allclose(g, want, rtol=rtol, atol=atol), case.id


# -- every catalogued mistake, written as a learner would ------------------------------------------------

NORM = """
import numpy as np


def global_norm(grads):
    return np.sqrt(sum(np.sum(g ** 2) for g in grads))
"""


def clip_source(body: str) -> str:
    return NORM + textwrap.dedent(body)


CLIP_WRONG = {
    "clip-grads-per-array-norm": """
        def clip_grads(grads, max_norm):
            for g in grads:
                rate = max_norm / (np.linalg.norm(g) + 1e-6)
                if rate < 1:
                    g *= rate
    """,
    "clip-grads-returns-new-arrays": """
        def clip_grads(grads, max_norm):
            rate = max_norm / (global_norm(grads) + 1e-6)
            if rate < 1:
                return [g * rate for g in grads]
            return grads
    """,
    "clip-grads-rebinds": """
        def clip_grads(grads, max_norm):
            rate = max_norm / (global_norm(grads) + 1e-6)
            if rate < 1:
                grads = [g * rate for g in grads]
    """,
    "clip-grads-inverted-rate": """
        def clip_grads(grads, max_norm):
            rate = (global_norm(grads) + 1e-6) / max_norm
            if rate > 1:
                for g in grads:
                    g *= rate
    """,
    "clip-grads-wrong-comparison": """
        def clip_grads(grads, max_norm):
            rate = max_norm / (global_norm(grads) + 1e-6)
            if rate > 1:
                for g in grads:
                    g *= rate
    """,
}


def test_every_misconception_has_a_student_source():
    assert set(CLIP_WRONG) == {m.tag for m in clip.MISCONCEPTIONS}


@pytest.mark.parametrize("tag", list(CLIP_WRONG))
def test_a_named_mistake_is_named(runner, tag):
    assert_named(run_check(runner, clip_source(CLIP_WRONG[tag])), tag)


OTHER_FORMS = {
    ("clip-grads-rebinds", "loop-variable"): """
        def clip_grads(grads, max_norm):
            rate = max_norm / (global_norm(grads) + 1e-6)
            if rate < 1:
                for g in grads:
                    g = g * rate
    """,
    ("clip-grads-rebinds", "list-elements"): """
        def clip_grads(grads, max_norm):
            rate = max_norm / (global_norm(grads) + 1e-6)
            if rate < 1:
                for i in range(len(grads)):
                    grads[i] = grads[i] * rate
    """,
    ("clip-grads-returns-new-arrays", "a-tuple-always"): """
        def clip_grads(grads, max_norm):
            rate = min(1.0, max_norm / (global_norm(grads) + 1e-6))
            return tuple(g * rate for g in grads)
    """,
    ("clip-grads-inverted-rate", "shrinks-the-small-ones"): """
        def clip_grads(grads, max_norm):
            rate = global_norm(grads) / max_norm
            if rate < 1:
                for g in grads:
                    g *= rate
    """,
}


@pytest.mark.parametrize("tag, form", list(OTHER_FORMS), ids=["-".join(k) for k in OTHER_FORMS])
def test_other_ways_to_write_a_mistake_are_named_too(runner, tag, form):
    assert_named(run_check(runner, clip_source(OTHER_FORMS[tag, form])), tag)


def test_new_arrays_swapped_into_the_reported_copies_through_gc_do_not_pass(runner):
    """Out-of-place code that finds the sandbox's own hold on the copies (gc.get_referrers) and puts
    its new arrays there has not changed the caller's arrays: it does not pass."""
    source = clip_source(
        """
        import gc

        def clip_grads(grads, max_norm):
            rate = max_norm / (global_norm(grads) + 1e-6)
            new = [g * rate if rate < 1 else g for g in grads]
            for holder in gc.get_referrers(grads[0]):
                if isinstance(holder, list) and holder is not grads:
                    for i, g in enumerate(list(holder)):
                        for j, mine in enumerate(grads):
                            if g is mine:
                                holder[i] = new[j]
        """
    )
    result = run_check(runner, source)
    assert result.score < result.max_score
    assert any(t.status != "pass" for t in result.tests if t.visibility == "visible")


def test_a_failing_public_case_names_each_array(runner):
    result = run_check(runner, clip_source(CLIP_WRONG["clip-grads-per-array-norm"]))
    shown = next(t for t in result.tests if t.id == "clips-two-arrays")
    assert shown.status == "fail" and shown.message.key == "check.values"
    assert dict(shown.message.fields)["name"] == "grads[0]"  # [3, 4]: norm 5 < 6.5, left alone
    assert set(shown.details["inputs"]) == {"grads[0]", "grads[1]", "max_norm"}
    assert set(shown.details["expected"]) == set(shown.details["got"]) == {"grads[0]", "grads[1]"}
    hidden = [t for t in result.tests if t.visibility == "hidden" and t.status != "pass"]
    assert hidden and all(t.details is None and t.message.key == "check.hidden_wrong" for t in hidden)


def test_two_mistakes_at_once_name_nothing(runner):
    source = clip_source(
        """
        def clip_grads(grads, max_norm):
            for g in grads:
                rate = (np.linalg.norm(g) + 1e-6) / max_norm
                if rate > 1:
                    g *= rate
        """
    )
    result = run_check(runner, source)
    assert result.status == "fail" and tags(result) == []


def test_writing_into_an_input_is_still_refused_where_it_is_not_a_copy(runner):
    """Only the in-place arguments are copies: a list element that is not one stays read-only."""
    source = b"def f(xs, k):\n    xs[0] *= 2\n    k[...] = 0\n"
    cases = [CaseInput("a", (np.ones(2), np.ones(3), np.ones(1)))]
    outcome = runner.run(source, "f.py", "f", cases, packing=("list", "array"), in_place=(0,))
    run = outcome.cases["a"]
    assert run.status == "exception" and "read-only" in run.error["message"]
    outcome = runner.run(source, "f.py", "f", cases, packing=("list", "array"), in_place=(1,))
    run = outcome.cases["a"]
    assert run.status == "exception" and "read-only" in run.error["message"]  # xs[0] this time
    ok = b"def f(xs, k):\n    for x in xs:\n        x += k\n    return 'ignored'\n"
    outcome = runner.run(ok, "f.py", "f", cases, packing=("list", "array"), in_place=(0,))
    run = outcome.cases["a"]
    assert (run.status, run.structure, run.types) == ("ok", "arguments", ["str"])
    assert [o.tolist() for o in run.outputs] == [[2.0, 2.0], [2.0, 2.0, 2.0]]
    assert cases[0].args[0].tolist() == [1.0, 1.0]  # the grader's inputs are untouched


# -- the frames are checked ------------------------------------------------------------------------------


def _ok(structure: str, count: int, types=("NoneType",)) -> dict:
    return {"case": "a", "status": "ok", "structure": structure, "types": list(types), "outputs": count}


def test_an_in_place_answer_must_be_the_arguments_arrays():
    arrays = [np.zeros(2), np.zeros(3)]
    run = Runner._case_run(_ok("arguments", 2), arrays, 0.1, wanted=2)
    assert (run.status, run.structure, run.types) == ("ok", "arguments", ["NoneType"])
    for header, got, wanted in [
        (_ok("arguments", 2), arrays, 3),  # fewer arrays than the case's in-place ones
        (_ok("arguments", 3), [*arrays, np.zeros(1)], 2),  # more
        (_ok("arguments", 1), arrays, 2),  # a count that is not the arrays'
        (_ok("list", 2), arrays, 2),  # the returned value's form: not in an in-place job
        (_ok("arguments", 2, ("NoneType", "list")), arrays, 2),  # one returned type only
        (_ok("arguments", 2), arrays, None),  # "arguments" in a job without in-place arguments
    ]:
        with pytest.raises(_Forged):
            Runner._case_run(header, got, 0.1, wanted)


@pytest.mark.parametrize(
    "settings",
    [
        {"packing": "list"},
        {"packing": ["list", "list"], "in_place": [0]},
        {"packing": ["list", "array"], "in_place": [2]},
        {"packing": ["list", "array"], "in_place": [0, 0]},
        {"packing": ["list", "array"], "in_place": ["0"]},
        {"packing": ["tuple", "array"], "in_place": []},
        {"packing": ["array"] * 9, "in_place": []},
        {"in_place": [0]},
    ],
)
def test_the_runner_refuses_a_job_with_malformed_settings(runner, monkeypatch, settings):
    """The grader never sends these; a child that gets them refuses the job before any student code."""
    original = _frames.pack_job
    monkeypatch.setattr(
        _frames, "pack_job", lambda header, source: original(dict(header, **settings), source)
    )
    cases = [CaseInput("a", (np.ones(2), np.ones(1)))]
    with pytest.raises(SandboxError, match="the sandbox failed"):
        runner.run(b"def f(xs, k):\n    pass\n", "f.py", "f", cases)


def test_the_grader_refuses_settings_that_do_not_fit_the_cases(runner):
    cases = [CaseInput("a", (np.ones(2),))]
    with pytest.raises(SandboxError):
        runner.run(b"def f(a, b):\n    pass\n", "f.py", "f", cases, packing=("array", "array"), in_place=(0,))
    with pytest.raises(SandboxError):
        runner.run(b"def f(a):\n    pass\n", "f.py", "f", cases, packing=("list",), in_place=(3,))


# -- the other exercises keep their read-only inputs -------------------------------------------------------

READ_ONLY_WRITES = {
    1: (
        """
        import numpy as np

        def gradient_clipping(grad, threshold):
            norm = np.linalg.norm(grad)
            if norm > threshold:
                grad *= threshold / norm
            return grad
        """,
        "clip-in-place",
        "grad",
    ),
    2: (
        """
        import numpy as np

        def sigmoid(z):
            return 1.0 / (1.0 + np.exp(-z))

        def lstm_step(x, prev_h, prev_c, W, U, b):
            z = x @ W.T + prev_h @ U.T + b
            a, i, f, o = np.split(z, 4, axis=1)
            prev_c *= sigmoid(f)
            prev_c += sigmoid(i) * np.tanh(a)
            h = sigmoid(o) * np.tanh(prev_c)
            return prev_c, h
        """,
        "lstm-prev-c-in-place",
        "prev_c",
    ),
}


@pytest.mark.parametrize("number", list(READ_ONLY_WRITES))
def test_an_in_place_write_elsewhere_is_still_the_in_place_mistake(runner, number):
    source, tag, name = READ_ONLY_WRITES[number]
    assert not spec_of(number).in_place and not spec_of(number).list_args
    result = run_check(runner, source, number)
    assert_named(result, tag)
    assert {t.message["en"] for t in result.tests if t.status != "pass"} == {
        f"Modified its argument {name} in place."
    }


# -- the template and the command line -------------------------------------------------------------------


def test_the_template_is_not_implemented_yet(runner):
    result = check_source(SHIPPED.template(NUMBER), "exercise7.py", exam(NUMBER), runner=runner)
    assert result.error_kind == ErrorKind.NOT_IMPLEMENTED
    assert result.error["en"] == "clip_grads is not implemented yet (it raises NotImplementedError)."
    assert result.score == 0 and tags(result) == []


def test_the_template_states_the_contract_in_three_languages():
    text = SHIPPED.template(NUMBER).decode("utf-8")
    for needle in (
        "Contract (English)",
        "약속 (한국어)",
        "約束 (日本語)",
        "rate = max_norm / (total_norm + 1e-6)",
        "g *= rate",
        "in place",
        "제자리에서",
        "その場で",
        "Import numpy and Python's standard library only",
        "numpy와 파이썬 표준 라이브러리",
        "import できるのは numpy と Python の標準ライブラリ",
        "import numpy as np",
    ):
        assert needle in text, needle


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_exercise_get_then_check(tmp_path):
    assert SHIPPED.resolve("clip_grads") == SHIPPED.resolve("ex7") == SHIPPED.resolve("7") == NUMBER
    got = cli("exercise", "get", NUMBER, tmp_path)
    assert got.exit_code == 0, got.output
    target = tmp_path / "exercise7.py"
    assert target.read_bytes() == SHIPPED.template(NUMBER)

    untouched = cli("check", target)
    assert untouched.exit_code == 1
    assert "clip_grads is not implemented yet" in " ".join(untouched.output.split())

    target.write_text(textwrap.dedent(CLIP_RIGHT["the-books"]), encoding="utf-8")
    checked = cli("check", target)
    assert checked.exit_code == 0, checked.output
    assert "Exercise 7:" in checked.output and "All tests passed" in checked.output
    tests = len(clip.public_cases()) + len(clip.hidden_cases(0))
    assert f"Score {tests}/{tests}" in checked.output


def test_exercise_list_shows_it():
    listed = cli("exercise", "list")
    assert listed.exit_code == 0
    assert any("clip_grads" in line and "exercise7.py" in line for line in listed.output.splitlines())
