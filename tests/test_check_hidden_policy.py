"""What a hidden test may tell: its name, points, verdict and hint, never anything computed from its
inputs; an in-place write is told by the read-only error it raises; odd sandbox reports still get a
verdict.

Most tests script the sandbox's answers (a fake runner handed to check_source), so that every field
the grader reads can be given any value; one runs a real file end to end.
"""

from __future__ import annotations

import json
import re
import textwrap

import numpy as np
import pytest
from exams import exam, policy, prepared
from exams import spec as spec_of

from checker.codecheck import ERROR, FAIL, PASS, check_source, diagnose, result_to_dict
from checker.i18n import LANGS, MESSAGES
from checker.results import Message
from checker.sandbox.client import CaseRun, JobOutcome

VISIBLE_1, HIDDEN_1 = "clips-above-threshold", "random-below-3d"  # exercise 1: a public, a hidden case


def both(key: str, **fields: object) -> Message:
    return Message.of(key, **fields)


def correct(exercise: int, case_id: str) -> CaseRun:
    expected = prepared(exercise, 0)[2][case_id]
    return CaseRun(
        status="ok",
        outputs=[np.array(v, copy=True) for v in expected],
        structure="array" if len(expected) == 1 else "tuple",
        types=["ndarray"] * len(expected),
        seconds=0.001,
    )


SILENT = CaseRun(status="ok")  # in a script: the child says nothing of this case


class Scripted:
    """A runner that answers each job from a script: every case correct unless `runs` says otherwise;
    `load_errors[n]` is the load error of the n-th job (0: public, 1: hidden)."""

    mode = "fork"
    namespaces = False

    def __init__(self, exercise: int, runs=None, load_errors=None, outputs=None, extra=None):
        self.exercise = exercise
        self.runs = runs or {}
        self.load_errors = load_errors or {}
        self.outputs = outputs or {}
        self.extra = extra or {}  # job number -> cases reported beyond the job's own
        self.jobs: list[list[str]] = []
        self.options: list[dict] = []

    def run(self, source, filename, function, cases, *, budget, case_timeout, **options):
        number = len(self.jobs)
        self.jobs.append([c.id for c in cases])
        self.options.append(dict(options, case_timeout=case_timeout))
        error = self.load_errors.get(number)
        answered = {}
        if error is None:
            answered = {c.id: self.runs.get(c.id) or correct(self.exercise, c.id) for c in cases}
            answered = {k: v for k, v in answered.items() if v is not SILENT}
        answered.update(self.extra.get(number, {}))
        return JobOutcome(cases=answered, load_error=error, output=self.outputs.get(number, ""))

    def close(self) -> None:
        pass


def check(exercise: int, runner: Scripted, hang_limits=None, case_timeout: float = 2.0, **options):
    return check_source(
        b"# scripted",
        f"exercise{exercise}.py",
        exam(exercise),
        runner=runner,
        clock=lambda: 0.0,
        policy=policy(case_timeout=case_timeout, hang_limits=hang_limits),
        **options,
    )


def dumped(result) -> str:
    """The whole result as the journal would store it (raises on a lone surrogate)."""
    text = json.dumps(result_to_dict(result), ensure_ascii=False)
    text.encode("utf-8")
    return text


def strings(value) -> str:
    """Every string of a result_to_dict tree, as it is (JSON would escape control characters)."""
    if isinstance(value, str):
        return value + "\n"
    if isinstance(value, dict):
        return "".join(strings(k) + strings(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "".join(strings(v) for v in value)
    return ""


UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def by_id(result) -> dict:
    return {t.id: t for t in result.tests}


GENERIC = [
    both(key)
    for key in (
        "check.hidden_exception",
        "check.hidden_wrong",
        "check.hidden_crashed",
        "check.hidden_not_loaded",
        "check.interfered",
        "check.answer_too_large",
        "check.case_timeout",
        "check.case_memory",
        "check.case_not_run",
        "check.case_after_timeouts",
        "check.uncomparable",
        "check.mutated_any",
    )
]


def assert_hidden_fixed(result) -> None:
    """Every hidden test that did not pass says one of the fixed sentences, and has no details."""
    allowed = [*GENERIC, *(both("check.mutated", name=a) for a in spec_of(result.exercise).arg_names)]
    allowed.append(both("check.not_implemented", function=result.function))
    for t in result.tests:
        if t.visibility != "visible":
            assert t.details is None
            assert t.status == PASS or t.message in allowed, (t.id, t.message)


# -- hidden tests say nothing computed from their inputs ----------------------------------------------


def test_a_hidden_exception_shows_none_of_its_text():
    grad = prepared(1, 0)[1][1].args[0]
    leaked = f"LEAK {grad.tolist()!r}"
    runs = {
        HIDDEN_1: CaseRun(
            status="exception",
            error={"type": "ValueError", "message": leaked, "traceback": f"Traceback: {leaked}"},
        )
    }
    result = check(1, Scripted(1, runs))
    test = by_id(result)[HIDDEN_1]
    assert (test.status, test.message, test.details) == (ERROR, both("check.hidden_exception"), None)
    text = dumped(result)
    assert "LEAK" not in text and "ValueError" not in text
    assert repr(float(grad.flat[0])) not in text


@pytest.mark.parametrize(
    "run",
    [
        CaseRun(status="ok", outputs=[np.zeros((7, 13))], structure="array", types=["ndarray"]),
        CaseRun(
            status="ok", outputs=[np.zeros((2, 3, 4), np.complex128)], structure="array", types=["ndarray"]
        ),
        CaseRun(
            status="ok", outputs=[np.zeros(3), np.zeros(3)], structure="list", types=["ndarray", "ndarray"]
        ),
        CaseRun(status="ok", outputs=[np.zeros((2, 3, 4))], structure="other", types=["matrix"]),
        CaseRun(status="ok", outputs=[np.full((2, 3, 4), np.nan)], structure="array", types=["ndarray"]),
        CaseRun(status="ok", outputs=[np.full((2, 3, 4), 1234.5)], structure="array", types=["ndarray"]),
    ],
    ids=["shape", "dtype", "structure", "type", "nonfinite", "values"],
)
def test_a_wrong_hidden_result_says_only_that_it_is_wrong(run):
    result = check(1, Scripted(1, {HIDDEN_1: run}))
    test = by_id(result)[HIDDEN_1]
    assert (test.status, test.message, test.details) == (FAIL, both("check.hidden_wrong"), None)
    text = dumped(result)
    for shown in ("7, 13", "2, 3, 4", "complex", "list of", "matrix", "nan or inf", "has wrong values"):
        assert shown not in text


@pytest.mark.parametrize("error", [{"exit_code": 77}, {"signal": "SIGSEGV"}, {"exit_code": 77, "kind": "x"}])
def test_a_hidden_crash_shows_no_exit_code_or_signal(error):
    result = check(1, Scripted(1, {HIDDEN_1: CaseRun(status="crashed", error=error)}))
    test = by_id(result)[HIDDEN_1]
    assert (test.status, test.message) == (ERROR, both("check.hidden_crashed"))
    text = dumped(result)
    assert "77" not in text and "SIGSEGV" not in text and "exit code" not in text


def test_public_tests_keep_their_full_detail_beside_hidden_ones():
    """The same mistakes, public and hidden: the public test tells all, the hidden one a fixed sentence."""
    runs = {
        VISIBLE_1: CaseRun(
            status="exception",
            error={"type": "ValueError", "message": "boom [3.0, 4.0]", "traceback": "Traceback: line 4"},
        ),
        "keeps-below-threshold": CaseRun(status="crashed", error={"exit_code": 77}),
        HIDDEN_1: CaseRun(
            status="exception", error={"type": "ValueError", "message": "boom", "traceback": "Traceback"}
        ),
        "zero-gradient": CaseRun(status="crashed", error={"exit_code": 78}),
    }
    result = check(1, Scripted(1, runs))
    tests = by_id(result)
    assert tests[VISIBLE_1].message == both("check.case_exception", error="ValueError: boom [3.0, 4.0]")
    assert tests[VISIBLE_1].details == {"traceback": "Traceback: line 4"}
    assert tests["keeps-below-threshold"].message == both("check.case_crashed", how="exit code 77")
    assert tests[HIDDEN_1].message == both("check.hidden_exception")
    assert tests["zero-gradient"].message == both("check.hidden_crashed")
    assert "78" not in dumped(result)

    shape = {
        VISIBLE_1: CaseRun(status="ok", outputs=[np.zeros((7, 13))], structure="array", types=["ndarray"])
    }
    shape[HIDDEN_1] = shape[VISIBLE_1]
    tests = by_id(check(1, Scripted(1, shape)))
    assert tests[VISIBLE_1].message == both("check.shape", name="clipped", got="(7, 13)", expected="(2,)")
    assert tests[HIDDEN_1].message == both("check.hidden_wrong")


def test_a_real_file_that_raises_its_inputs_shows_only_the_public_ones():
    source = textwrap.dedent(
        """
        import numpy as np

        def lstm_step(x, prev_h, prev_c, W, U, b):
            print("PRINTED", x.tolist())
            raise ValueError("LEAK " + repr(x.tolist()) + " " + str(W.shape))
        """
    ).encode()
    result = check_source(source, "exercise2.py", exam(2))
    assert result.error_kind is None, result.error
    public, hidden, _ = prepared(2, 0)
    tests = by_id(result)
    for case in public:
        assert "LEAK" in tests[case.id].message["en"]
    for case in hidden:
        assert (tests[case.id].status, tests[case.id].message) == (ERROR, both("check.hidden_exception"))
    text = dumped(result)
    assert "PRINTED" in result.stdout
    for case in hidden:
        assert repr(case.args[0].tolist()[0][0]) not in text
    assert "LEAK" not in json.dumps(result_to_dict(result)["tests"][len(public) :])
    assert_hidden_fixed(result)


@pytest.mark.parametrize("show_output", [False, True])
def test_a_public_crash_keeps_its_own_exit_status_not_a_later_childs(show_output):
    # the first public case crashes with 7; a later child, holding a hidden input, exits with 99
    source = textwrap.dedent(
        """
        import os
        import numpy as np

        def gradient_clipping(grad, threshold):
            if grad.shape == (2,):
                os._exit(7)
            if grad.shape == (2, 2):
                return grad.copy()
            os._exit(99)
        """
    ).encode()
    result = check_source(source, "exercise1.py", exam(1), show_output=show_output)
    public, hidden, _ = prepared(1, 0)
    first = by_id(result)[public[0].id]
    assert first.status == ERROR and "7" in first.message["en"], first.message
    assert "99" not in re.sub(r'"seconds": [0-9.e-]+', "", dumped(result))  # timings are not the child's
    crashed = [by_id(result)[case.id] for case in hidden if by_id(result)[case.id].status != PASS]
    assert crashed and all(t.message == both("check.hidden_crashed") for t in crashed)


# -- public and hidden cases in separate children -----------------------------------------------------


def test_shown_output_comes_from_a_child_that_never_held_a_hidden_input():
    public, hidden, _ = prepared(1, 0)
    runner = Scripted(1, outputs={0: "public says hi\n", 1: "HIDDEN OUTPUT\n"})
    result = check(1, runner, show_output=True)
    assert runner.jobs == [[c.id for c in public], [c.id for c in hidden]]
    assert "gate" not in runner.options[0]
    assert runner.options[1]["gate"] == 0  # the hidden child gets no case before its module has loaded
    assert result.status == PASS and result.stdout == "public says hi\n"
    assert "HIDDEN OUTPUT" not in dumped(result)


def test_a_batch_runs_one_child_whose_hidden_cases_wait_behind_the_gate():
    public, hidden, _ = prepared(1, 0)
    runner = Scripted(1, outputs={0: "printed at some point\n"})
    result = check(1, runner, show_output=False)
    assert runner.jobs == [[c.id for c in public + hidden]]
    assert runner.options[0]["gate"] == len(public)
    assert result.status == PASS and result.stdout == ""
    assert "printed" not in dumped(result)


def test_a_child_answers_only_for_its_own_cases():
    # the public child claims a hidden case (and one that does not exist); the hidden child is silent on it
    claimed = {"huge-norm": correct(1, "huge-norm"), "no-such-case": correct(1, VISIBLE_1)}
    result = check(1, Scripted(1, runs={"huge-norm": SILENT}, extra={0: claimed}))
    test = by_id(result)["huge-norm"]
    assert test.status == ERROR and test.message == both("check.case_not_run")
    assert "no-such-case" not in by_id(result)


def test_the_hidden_child_is_not_started_after_the_public_cases_hung():
    public, hidden, _ = prepared(1, 0)
    hung = {c.id: CaseRun(status="timeout") for c in public}
    runner = Scripted(1, hung)
    result = check(1, runner, hang_limits=(0.1, 2))
    assert runner.jobs == [[c.id for c in public]]
    assert all(by_id(result)[c.id].message == both("check.case_after_timeouts") for c in hidden)


def test_the_hidden_child_goes_on_with_the_hang_count_of_the_public_one():
    public, _, _ = prepared(1, 0)
    runner = Scripted(1, {public[-1].id: CaseRun(status="timeout")})
    check(1, runner, hang_limits=(0.1, 3), case_timeout=1.0)
    hangs = [
        {k: o[k] for k in ("quick_timeout", "max_timeouts_in_a_row", "case_timeout")} for o in runner.options
    ]
    assert hangs[0] == {"quick_timeout": 0.1, "max_timeouts_in_a_row": 3, "case_timeout": 1.0}
    assert hangs[1] == {"quick_timeout": 0.1, "max_timeouts_in_a_row": 2, "case_timeout": 0.1}


HIDDEN_LOAD_ERRORS = [
    {"kind": "import", "type": "RuntimeError", "message": "SECRET 1234.5", "traceback": "SECRET tb"},
    {"kind": "syntax", "line": 77, "column": 3, "message": "SECRET", "text": "SECRET = ("},
    {"kind": "exit", "code": "SECRET 77"},
    {"kind": "crashed", "exit_code": 77},
    {"kind": "crashed", "signal": "SIGSECRET"},
    {"kind": "timeout"},
    {"kind": "import", "memory": True, "message": "SECRET"},
    {"kind": "missing"},
]


@pytest.mark.parametrize("error", HIDDEN_LOAD_ERRORS, ids=lambda e: f"{e['kind']}-{len(e)}")
def test_the_hidden_childs_load_error_is_never_shown(error):
    result = check(1, Scripted(1, load_errors={1: dict(error)}))
    public, hidden, _ = prepared(1, 0)
    tests = by_id(result)
    assert all(tests[c.id].status == PASS for c in public)
    for case in hidden:
        assert (tests[case.id].status, tests[case.id].message) == (ERROR, both("check.hidden_not_loaded"))
    assert result.error is None and result.error_kind is None and result.status == FAIL
    text = dumped(result)
    assert "SECRET" not in text and "77" not in text and "RuntimeError" not in text


def test_a_hidden_child_that_forged_frames_while_loading_interfered():
    result = check(1, Scripted(1, load_errors={1: {"kind": "protocol", "message": "SECRET frame"}}))
    for case in prepared(1, 0)[1]:
        assert by_id(result)[case.id].message == both("check.interfered")
    assert "SECRET" not in dumped(result)


def test_a_runner_fault_in_the_hidden_child_is_the_graders_and_quotes_nothing():
    result = check(1, Scripted(1, load_errors={1: {"kind": "runner", "message": "SECRET 1234.5"}}))
    assert result.grader_fault and result.error_kind == "grader"
    assert "SECRET" not in dumped(result)


# -- in-place writes: the inputs are read-only ------------------------------------------------------


def read_only(text: str = "output array is read-only") -> CaseRun:
    return CaseRun(
        status="exception",
        error={"type": "ValueError", "message": text, "traceback": "Traceback: grad *= rate"},
    )


def test_a_read_only_write_fails_as_an_in_place_change_and_names_the_mistake():
    runs = {VISIBLE_1: read_only(), "huge-norm": read_only("assignment destination is READ-ONLY")}
    result = check(1, Scripted(1, runs))
    tests = by_id(result)
    for case_id in (VISIBLE_1, "huge-norm"):
        assert tests[case_id].status == FAIL
        assert tests[case_id].message == both("check.mutated", name="grad")
        assert tests[case_id].misconception == "clip-in-place"
        assert tests[case_id].details is None
    assert [m.tag for m in result.misconceptions] == ["clip-in-place"]
    assert (result.status, result.error_kind) == (FAIL, None)
    assert "Traceback" not in dumped(result)


def test_lstm_writing_into_prev_c_names_prev_c():
    public, hidden, _ = prepared(2, 0)
    runs = {c.id: read_only("assignment destination is read-only") for c in public + hidden}
    result = check(2, Scripted(2, runs))
    assert {t.message["en"] for t in result.tests} == {"Modified its argument prev_c in place."}
    assert all(t.status == FAIL and t.misconception == "lstm-prev-c-in-place" for t in result.tests)
    assert [m.tag for m in result.misconceptions] == ["lstm-prev-c-in-place"]


def test_diagnose_names_the_in_place_mistake_from_hand_built_runs():
    runs = {c.id: correct(1, c.id) for c in exam(1).cases}
    runs["huge-norm"] = read_only()
    assert [m.tag for m in diagnose(exam(1), runs)] == ["clip-in-place"]
    runs["huge-norm"] = CaseRun(status="exception", error={"type": "TypeError", "message": "read-only"})
    assert diagnose(exam(1), runs) == []


@pytest.mark.parametrize(
    "run",
    [
        CaseRun(status="exception", error={"type": "ValueError", "message": "could not broadcast"}),
        CaseRun(status="exception", error={"type": "TypeError", "message": "output array is read-only"}),
    ],
    ids=["other-value-error", "not-a-value-error"],
)
def test_other_exceptions_are_not_in_place_changes(run):
    result = check(1, Scripted(1, {VISIBLE_1: run, HIDDEN_1: run}))
    tests = by_id(result)
    assert tests[VISIBLE_1].status == ERROR
    assert tests[VISIBLE_1].message["en"].startswith("Raised ")
    assert tests[HIDDEN_1].message == both("check.hidden_exception")
    assert result.misconceptions == ()


# -- interference -----------------------------------------------------------------------------------


def test_a_case_that_broke_the_protocol_interfered_in_every_language():
    run = CaseRun(status="protocol", error={"message": "SECRET frame"})
    result = check(1, Scripted(1, {VISIBLE_1: run, HIDDEN_1: run}))
    for case_id in (VISIBLE_1, HIDDEN_1):
        text = by_id(result)[case_id].message
        assert set(text) == set(LANGS)
        for lang in LANGS:
            assert text[lang] == MESSAGES["check.interfered"][lang] != ""
    assert MESSAGES["check.interfered"]["en"] == "The submission interfered with the grader."
    assert "SECRET" not in dumped(result)


@pytest.mark.parametrize("show_output", [False, True])
def test_an_answer_far_too_large_is_refused_unread_and_said_so(show_output):
    """A (300, 300) answer (720 kB, where every expected one is a few hundred bytes) is no interference,
    only far too large: each case says so, in every language, and the batch's journal reads it back."""
    from checker.batch.journal import Entry
    from checker.policy import BATCH, CHECK
    from checker.results import result_from_dict

    source = b"import numpy as np\ndef gru_step(x, h_prev, W, U, b):\n    return np.ones((300, 300))\n"
    result = check_source(source, "exercise3.py", exam(3), policy=CHECK if show_output else BATCH,
                          show_output=show_output)  # fmt: skip
    assert result.error_kind is None and result.score == 0
    for test in result.tests:
        assert test.message == both("check.answer_too_large"), test.message
    assert all(MESSAGES["check.answer_too_large"][lang] for lang in LANGS)
    assert result_from_dict(json.loads(json.dumps(result_to_dict(result)))) == result
    line = Entry("s", 3, "s/exercise3.py", "0" * 64, "k", None, result).to_json()
    assert Entry.from_json(line).result == result
    assert_hidden_fixed(result)


def test_a_file_that_broke_the_protocol_while_loading_interfered():
    result = check(1, Scripted(1, load_errors={0: {"kind": "protocol", "message": "SECRET frame"}}))
    assert result.error == both("check.interfered")
    assert all(t.message == both("check.not_loaded") for t in result.tests)
    assert "SECRET" not in dumped(result)


# -- odd reports from the sandbox: a verdict, never a crash ----------------------------------------


class Odd:
    """Not a CaseRun at all: attributes missing or of any type."""

    status = "ok"
    outputs = "not a list"


ODD_RUNS = {
    "error-of-wrong-types": CaseRun(status="exception", error={"type": 5, "message": ["x"], "traceback": 3}),
    "error-not-a-dict": CaseRun(status="exception", error="boom"),  # type: ignore[arg-type]
    "escape-structure": CaseRun(status="ok", outputs=[np.zeros(2)], structure="\x1b[2J", types=[None]),
    "tuple-of-odd-types": CaseRun(
        status="ok", outputs=[np.zeros(2), np.zeros(2)], structure="tuple", types=[None, "\ud800\x1b[31m"]
    ),
    "output-not-an-array": CaseRun(status="ok", outputs=["text"], structure="array", types=["str"]),
    "structured-dtype": CaseRun(
        status="ok", outputs=[np.zeros(2, dtype=[("a", "f8")])], structure="array", types=["ndarray"]
    ),
    "object-dtype": CaseRun(
        status="ok", outputs=[np.array([object(), object()], dtype=object)], structure="array", types=["x"]
    ),
    "unknown-status": CaseRun(status="\x1b[2Jweird"),
    "crash-with-odd-fields": CaseRun(
        status="crashed", error={"signal": "\x1b]0;title\x07", "exit_code": "\ud800"}
    ),
    "odd-seconds": CaseRun(
        status="ok", outputs=[np.zeros(2)], structure="array", types=["ndarray"], seconds="x"
    ),  # type: ignore[arg-type]
    "odd-flags": CaseRun(
        status="exception", error={"type": "ValueError", "not_implemented": "no", "message": None}
    ),
    "not-a-caserun": Odd(),
}


@pytest.mark.parametrize("name", list(ODD_RUNS))
def test_odd_case_reports_get_a_verdict(name):
    run = ODD_RUNS[name]
    result = check(1, Scripted(1, {VISIBLE_1: run, HIDDEN_1: run}))
    tests = by_id(result)
    for case_id in (VISIBLE_1, HIDDEN_1):
        assert tests[case_id].status in (FAIL, ERROR)
        assert type(tests[case_id].seconds) is float
    if name == "odd-flags":  # "no" is not True: an exception like any other
        assert tests[VISIBLE_1].message["en"] == "Raised ValueError"
    assert_hidden_fixed(result)
    dumped(result)  # valid UTF-8: no lone surrogate
    assert not UNSAFE.search(strings(result_to_dict(result)))


def test_odd_nan_seconds_and_layers_do_not_reach_the_result():
    run = correct(1, HIDDEN_1)
    run.seconds = float("nan")
    runner = Scripted(1, {HIDDEN_1: run})
    original = runner.run

    def run_with_odd_layers(*args, **kwargs):
        outcome = original(*args, **kwargs)
        outcome.layers = "not a dict"
        return outcome

    runner.run = run_with_odd_layers
    result = check(1, runner)
    assert result.status == PASS
    assert by_id(result)[HIDDEN_1].seconds == 0.0
    assert result.isolation == {
        "mode": "fork",
        "namespaces": False,
        "read_only_mounts": False,
        "kernel_files_hidden": False,
        "only_needed_files": False,
    }


LOAD_ERRORS = [
    {
        "kind": "syntax",
        "line": "\x1b[2J",
        "column": None,
        "message": "bad \ud800\x1b[31m",
        "text": "x = (\u202e",
    },
    {"kind": "import", "type": 5, "message": "\x1b[2J", "traceback": ["x"]},
    {"kind": "import", "type": "E\x1b[2J", "message": None, "traceback": "\ud800"},
    {"kind": "exit", "code": "\x1b]0;pwn\x07"},
    {"kind": "crashed", "signal": "\x1b[2J\ud800"},
    {"kind": "crashed", "exit_code": "\ud800"},
    {"kind": "runner", "message": "\ud800\x1b[2J"},
    {"kind": ["odd"], "exit_code": "\x1b[2J"},
]


@pytest.mark.parametrize("error", LOAD_ERRORS, ids=lambda e: f"{e['kind']}-{LOAD_ERRORS.index(e)}")
def test_a_public_load_error_is_shown_cleaned(error):
    result = check(1, Scripted(1, load_errors={0: dict(error)}))
    assert result.status == ERROR and result.error
    dumped(result)
    assert not UNSAFE.search(strings(result_to_dict(result)))


def _retried(load_error: dict) -> JobOutcome:
    """Runner.run over exercise 1's cases, its children scripted: the first answers two cases and hangs
    on the third; the next (started for the cases left) fails to load with `load_error`."""
    from checker.sandbox import client

    cases = exam(1).public + exam(1).hidden
    children = []

    def one_child(self, job, pending, outcome, case_timeout):
        children.append(list(pending))
        if len(children) == 1:
            outcome.cases[cases[0].id] = correct(1, cases[0].id)
            outcome.cases[cases[1].id] = correct(1, cases[1].id)
            outcome.cases[cases[2].id] = CaseRun(status="timeout")
            return cases[2].id, case_timeout, False, False  # its own CPU: a hang of the file's
        outcome.load_error = dict(load_error)
        return None

    runner = client.Runner()
    runner._case_set = lambda cases: "key"
    runner._tidy = lambda: None
    runner._one_child = one_child.__get__(runner)
    try:
        outcome = runner.run(b"# scripted", "exercise1.py", "gradient_clipping", cases, budget=60)
    finally:
        runner.close()
    assert len(children) == 2 and children[1] == list(range(3, len(cases)))
    return outcome


def test_a_file_that_loads_once_then_not_after_a_hang_keeps_its_earlier_results():
    outcome = _retried({"kind": "import", "type": "RuntimeError", "message": "second time"})
    cases = exam(1).public + exam(1).hidden
    assert outcome.load_error is None
    assert [outcome.cases[c.id].status for c in cases[:3]] == ["ok", "ok", "timeout"]
    assert all(outcome.cases[c.id].error == {"not_reloaded": True} for c in cases[3:])

    class Replay(Scripted):
        def run(self, source, filename, function, cases, **options):
            self.jobs.append([c.id for c in cases])
            return JobOutcome(cases={c.id: outcome.cases[c.id] for c in cases})

    result = check(1, Replay(1), hang_limits=None)
    tests = by_id(result)
    assert result.error is None and result.score == sum(tests[c.id].score for c in cases[:2]) > 0
    for case in cases[3:]:
        assert tests[case.id].status == ERROR and tests[case.id].message == both("check.case_not_reloaded")
    for lang in LANGS:
        assert MESSAGES["check.case_not_reloaded"][lang]


def test_a_file_that_interferes_while_loading_again_still_loses_the_whole_file():
    outcome = _retried({"kind": "protocol"})
    assert outcome.load_error == {"kind": "protocol"}
