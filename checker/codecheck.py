"""Grading a student's exercise file: run the cases in the sandbox, compare, score, name the mistake.

The sandboxed child only returns arrays; every decision is made here, in the grader, against reference
outputs the child never sees. The result is plain data (CheckResult) for the terminal, JSON, CSV and
Gradescope renderers alike.
"""

from __future__ import annotations

import ast
import functools
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from checker.i18n import LANGS, message
from checker.specs import FILE_NAMES, FUNCTIONS

PASS, FAIL, ERROR = "pass", "fail", "error"
CASE_TIMEOUT = 2.0
DEFAULT_BUDGET = 10.0


def _both(key: str, **fields: object) -> dict[str, str]:
    return {lang: message(key, lang, **fields) for lang in LANGS}


@dataclass(frozen=True)
class TestResult:
    id: str
    name: dict
    visibility: str  # visible | hidden
    status: str  # pass | fail | error
    score: float
    max_score: float
    message: dict | None = None  # per language
    hint: dict | None = None  # hidden tests: what to think about
    misconception: str | None = None
    details: dict | None = None  # visible tests only: inputs, expected, got, errors, first mismatch
    seconds: float = 0.0


@dataclass(frozen=True)
class MisconceptionHit:
    tag: str
    title: dict
    explanation: dict


@dataclass(frozen=True)
class CheckResult:
    exercise: int
    function: str
    file: str
    status: str  # pass | fail | error
    score: float
    max_score: float
    tests: tuple[TestResult, ...] = ()
    misconceptions: tuple[MisconceptionHit, ...] = ()
    error: dict | None = None  # a problem with the whole file, per language
    error_kind: str | None = (
        None  # syntax | import | exit | missing | not-implemented | timeout | crashed | grader
    )
    stdout: str = ""
    stdout_truncated: bool = False
    isolation: dict = field(default_factory=dict)
    grader_fault: bool = False
    seconds: float = 0.0


class ExerciseUnknown(ValueError):
    """The exercise of a file cannot be told (the message says how to choose)."""


# -- which exercise ---------------------------------------------------------------------------------


def detect_exercise(source: bytes, filename: str, explicit: int | None = None) -> int:
    """--exercise if given; else the functions the file defines (read with ast, never run); else its name."""
    if explicit is not None:
        if explicit not in FUNCTIONS:
            raise ExerciseUnknown(f"unknown exercise {explicit}")
        return explicit
    named = [n for n, function in FUNCTIONS.items() if function.encode() in source]
    if not source.isascii():  # identifiers are NFKC-normalised: a name may be spelt in other characters
        named = list(FUNCTIONS)
    try:
        if named:  # no name of ours anywhere: no need to parse
            found = _defining(ast.parse(source, filename), named)
            if len(found) == 1:
                return found[0]
    except (SyntaxError, ValueError):
        pass
    stem = re.sub(r"[^a-z0-9_]", "", Path(filename).stem.lower())
    by_name = [n for n, names in FILE_NAMES.items() if any(stem.endswith(name) for name in names)]
    if len(by_name) == 1:
        return by_name[0]
    raise ExerciseUnknown("cannot tell the exercise")


def _defining(tree: ast.Module, named: list[int]) -> list[int]:
    """The exercises (among `named`) whose function the module defines, anywhere in it."""
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef)
    top = {node.name for node in tree.body if isinstance(node, kinds)}
    if len(named) == 1 and FUNCTIONS[named[0]] in top:  # the usual file: no need to walk the whole tree
        return named
    defined = {node.name for node in ast.walk(tree) if isinstance(node, kinds)}
    return [n for n in named if FUNCTIONS[n] in defined]


# -- comparing one case -----------------------------------------------------------------------------


def _format_array(value) -> str:
    import numpy as np

    return np.array2string(np.asarray(value), precision=4, threshold=12, edgeitems=2, max_line_width=72)


def _tolerance(spec, case) -> tuple[float, float]:
    import numpy as np

    if any(np.asarray(a).dtype == np.float32 for a in case.args):
        return spec.rtol32, spec.atol32
    return spec.rtol, spec.atol


def _mutated(case, run, index: int) -> bool:
    return index < len(run.mutated) and run.mutated[index]


def _structure_ok(spec, run) -> bool:
    wanted = len(spec.output_names)
    if wanted == 1:
        return run.structure == "array" and len(run.outputs) == 1
    return run.structure in ("tuple", "list") and len(run.outputs) == wanted


def _compare(spec, case, run, expected: tuple, details: bool = True) -> tuple[str, dict | None, dict | None]:
    """(status, message per language, details) of one case."""
    import numpy as np

    status_messages = {
        "timeout": ("check.case_timeout", {}),
        "memory": ("check.case_memory", {}),
        "not-run": ("check.case_not_run", {}),
        "protocol": ("check.case_protocol", {}),
    }
    if run is None:
        return ERROR, _both("check.case_not_run"), None
    if run.status == "not-run" and run.error.get("after_timeouts"):
        return ERROR, _both("check.case_after_timeouts"), None
    if run.status in status_messages:
        key, fields = status_messages[run.status]
        return ERROR, _both(key, **fields), None
    if run.status == "crashed":
        how = run.error.get("signal") or f"exit code {run.error.get('exit_code', '?')}"
        return ERROR, _both("check.case_crashed", how=how), None
    if run.status == "exception":
        if run.error.get("not_implemented"):
            return ERROR, _both("check.not_implemented", function=spec.function), None
        text = f"{run.error.get('type')}: {run.error.get('message')}"
        return ERROR, _both("check.case_exception", error=text), {"traceback": run.error.get("traceback", "")}
    if not _structure_ok(spec, run):
        got = run.structure if run.structure != "other" else (run.types[0] if run.types else "?")
        if run.structure in ("tuple", "list"):
            got = f"{run.structure} of {', '.join(run.types)}"
        if len(spec.output_names) == 1:
            return FAIL, _both("check.not_array", got=got), None
        names = ", ".join(spec.output_names)
        return FAIL, _both("check.not_tuple", count=len(spec.output_names), names=names, got=got), None
    rtol, atol = _tolerance(spec, case)
    for name, got, want in zip(spec.output_names, run.outputs, expected):
        want = np.asarray(want)
        if got.dtype.kind not in "fiu":
            return FAIL, _both("check.dtype", name=name, dtype=str(got.dtype)), None
        if got.shape != want.shape:
            return FAIL, _both("check.shape", name=name, got=str(got.shape), expected=str(want.shape)), None
        if _close(got, want, rtol, atol) is True:
            continue  # the usual answer: every value finite and within tolerance
        if not np.all(np.isfinite(got)) and np.all(np.isfinite(want)):
            return (
                FAIL,
                _both("check.nonfinite", name=name),
                _details(spec, case, run, expected) if details else None,
            )
        with np.errstate(all="ignore"):
            close = np.isclose(got.astype(np.float64), want.astype(np.float64), rtol=rtol, atol=atol)
        if not np.all(close):
            return (
                FAIL,
                _both("check.values", name=name),
                _details(spec, case, run, expected, name) if details else None,
            )
    for index, arg in enumerate(spec.arg_names):
        if _mutated(case, run, index):
            return FAIL, _both("check.mutated", name=arg), None
    return PASS, None, None


_SHOWN: dict = {}  # (spec, case) -> the case's inputs and expected outputs, formatted for the learner


def _details(spec, case, run, expected: tuple, focus: str | None = None) -> dict:
    """What a learner needs to see for a failing visible case (never built for hidden ones)."""
    import numpy as np

    key = (id(spec), id(case))
    if key not in _SHOWN:  # the same for every student: formatted once
        _SHOWN[key] = (
            spec,
            case,
            {name: _format_array(arg) for name, arg in zip(spec.arg_names, case.args)},
            {name: _format_array(v) for name, v in zip(spec.output_names, expected)},
        )
    details: dict = {
        "inputs": dict(_SHOWN[key][2]),
        "expected": dict(_SHOWN[key][3]),
        "got": {name: _format_array(v) for name, v in zip(spec.output_names, run.outputs)},
    }
    if focus is not None:
        k = spec.output_names.index(focus)
        got = run.outputs[k].astype(np.float64)
        want = np.asarray(expected[k], dtype=np.float64)
        with np.errstate(all="ignore"):
            diff = np.abs(got - want)
            rel = diff / np.maximum(np.abs(want), np.finfo(np.float64).tiny)
            rtol, atol = _tolerance(spec, case)
            bad = np.argwhere(~np.isclose(got, want, rtol=rtol, atol=atol))
        details.update(
            output=focus,
            max_abs_error=float(np.nanmax(diff)) if diff.size else 0.0,
            max_rel_error=float(np.nanmax(rel)) if rel.size else 0.0,
            first_mismatch=[int(i) for i in bad[0]] if len(bad) else [],
        )
        if len(bad):
            index = tuple(int(i) for i in bad[0])
            details.update(expected_value=float(want[index]), got_value=float(got[index]))
    return details


# -- the mistake -------------------------------------------------------------------------------------


def _close(got, want, rtol: float, atol: float) -> bool | None:
    """np.isclose(got, want).all() for finite values, in a few array operations (isclose itself costs
    more than the grading around it); None when a value is not finite and isclose must decide."""
    import numpy as np

    with np.errstate(all="ignore"):
        got = np.asarray(got, dtype=np.float64)
        want = np.asarray(want, dtype=np.float64)
        within = np.abs(got - want) <= atol + rtol * np.abs(want)
        if within.all():
            return True
        if np.isfinite(got).all() and np.isfinite(want).all():
            return False
    return None


def _same(outputs, other) -> bool:
    import numpy as np

    if len(outputs) != len(other):
        return False
    for a, b in zip(outputs, other):
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        if a.shape != b.shape:
            return False
        close = _close(a, b, 1e-5, 1e-8)
        if close is None:
            with np.errstate(all="ignore"):
                close = bool(np.allclose(a, b, rtol=1e-5, atol=1e-8, equal_nan=True))
        if not close:
            return False
    return True


def diagnose(spec, cases, runs: dict, expected: dict) -> list:
    """The catalogued mistakes that explain the submission's outputs on every case it answered."""
    usable = [
        (c, runs[c.id])
        for c in cases
        if c.id in runs and runs[c.id].status == "ok" and _structure_ok(spec, runs[c.id])
    ]
    hits = []
    for m in spec.misconceptions:
        if m.mutates:
            index = spec.arg_names.index(m.mutates)
            if any(_mutated(c, r, index) for c, r in usable):
                hits.append(m)
            continue
        if m.variant is None or not usable:
            continue
        variants = m.variant if isinstance(m.variant, tuple) else (m.variant,)
        if any(_explains(spec, variant, usable, expected) for variant in variants):
            hits.append(m)
            break  # one explanation of the values is enough; the catalogue runs specific → general
    return hits


_VARIANT_OUTPUTS: dict = {}  # (variant, case) -> what the mistake computes: the same for every student


def _variant_outputs(spec, variant, case) -> tuple:
    import numpy as np

    key = (id(variant), id(case))
    if key not in _VARIANT_OUTPUTS:
        with np.errstate(all="ignore"):
            _VARIANT_OUTPUTS[key] = (
                variant,
                case,
                spec.outputs(variant(*[np.array(a, copy=True) for a in case.args])),
            )
    return _VARIANT_OUTPUTS[key][2]


def _explains(spec, variant, usable: list, expected: dict) -> bool:
    """`variant` gives the submission's outputs on every case it answered, and differs from the reference."""
    informative = False
    for case, run in usable:
        wrong = _variant_outputs(spec, variant, case)
        if not _same(run.outputs, wrong):
            return False
        informative = informative or not _same(wrong, expected[case.id])
    return informative


# -- the whole file ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def prepared(exercise: int, seed: int) -> tuple[list, list, dict]:
    """The cases and their expected outputs, computed once per exercise and seed (a class shares them)."""
    import numpy as np

    from checker.specs import all_specs

    spec = all_specs()[exercise]
    public, hidden = spec.public_cases(), spec.hidden_cases(seed)
    with np.errstate(all="ignore"):
        expected = {
            c.id: spec.outputs(spec.reference(*[np.array(a, copy=True) for a in c.args]))
            for c in public + hidden
        }
    return public, hidden, expected


def check_source(
    source: bytes,
    filename: str,
    exercise: int,
    *,
    seed: int = 0,
    timeout: float = DEFAULT_BUDGET,
    runner=None,
    mode: str = "fork",
    clock=time.monotonic,
    show_output: bool = True,
    case_timeout: float = CASE_TIMEOUT,
    hang_limits: tuple[float, int] | None = None,
    least_case_timeout: float | None = None,
) -> CheckResult:
    """Grade `source` (the bytes of a student's file) as `exercise`.

    With show_output, what the program printed during the public cases is kept for the learner; a
    batch passes False (no output kept, one child per file). hang_limits: (seconds per case once a case
    has hung, hangs in a row before the rest are skipped), if not the sandbox's defaults.
    least_case_timeout: if given, a case's limit grows with its size from this many seconds up to
    case_timeout (an endless loop is stopped sooner; a slow but correct solution keeps its margin)."""

    from checker.sandbox.client import CaseInput, Runner, SandboxError, bubblewrap_available
    from checker.specs import all_specs

    spec = all_specs()[exercise]
    started = clock()
    own_runner = runner is None
    runner = runner or Runner(mode, clock=clock).start()  # boots while the cases are computed
    public, hidden, expected = prepared(exercise, seed)
    cases = public + hidden
    runs: dict = {}
    outcome_public = None
    limits = _case_timeouts(cases, case_timeout, least_case_timeout) if least_case_timeout else {}
    hang_options = {}
    if hang_limits is not None:
        hang_options = {"quick_timeout": hang_limits[0], "max_timeouts_in_a_row": hang_limits[1]}
    try:
        # Public and hidden cases run in separate children so that only the public ones' output is
        # shown; a batch, which shows no output, saves the second child.
        groups = (public, hidden) if show_output else (public + hidden,)
        for group in groups:
            left = timeout - (clock() - started)
            outcome = runner.run(
                source,
                filename,
                spec.function,
                [CaseInput(c.id, tuple(c.args), limits.get(c.id)) for c in group],
                budget=max(left, 0.0),
                case_timeout=case_timeout,
                **hang_options,
            )
            runs.update(outcome.cases)
            if outcome_public is None:
                outcome_public = outcome
                if outcome.load_error is not None:
                    break
    except SandboxError as error:
        return _grader_fault(spec, filename, str(error), clock() - started)
    finally:
        if own_runner:
            runner.close()
    assert outcome_public is not None
    load_error = outcome_public.load_error
    namespaces = runner.namespaces if runner.mode == "fork" else bubblewrap_available()
    isolation = dict(outcome_public.layers, mode=runner.mode, namespaces=namespaces)
    if load_error is not None and load_error.get("kind") == "runner":
        return _grader_fault(spec, filename, load_error.get("message", ""), clock() - started)

    tests = []
    for case in cases:
        status, text, details = _compare(
            spec, case, runs.get(case.id), expected[case.id], details=case.visibility == "visible"
        )
        if load_error is not None:
            status, text, details = ERROR, _both("check.not_loaded"), None
        visible = case.visibility == "visible"
        tests.append(
            TestResult(
                id=case.id,
                name=dict(case.name),
                visibility=case.visibility,
                status=status,
                score=case.points if status == PASS else 0.0,
                max_score=case.points,
                message=text,
                hint=None if visible or status == PASS else (dict(case.hint) if case.hint else None),
                details=details if visible else None,
                seconds=runs[case.id].seconds if case.id in runs else 0.0,
            )
        )
    failed = any(t.status != PASS for t in tests)
    hits = diagnose(spec, cases, runs, expected) if failed and load_error is None else []
    if hits:
        tags = {h.tag for h in hits}
        first = hits[0].tag
        tests = [
            t
            if t.status == PASS
            else TestResult(**{**t.__dict__, "misconception": first if first in tags else None})
            for t in tests
        ]
    error, error_kind = _file_error(spec, load_error, tests)
    score = sum(t.score for t in tests)
    max_score = sum(t.max_score for t in tests)
    status = PASS if not failed else (ERROR if error_kind else FAIL)
    stdout = outcome_public.output if show_output else ""
    truncated = outcome_public.output_truncated and show_output
    return CheckResult(
        exercise=spec.number,
        function=spec.function,
        file=filename,
        status=status,
        score=score,
        max_score=max_score,
        tests=tuple(tests),
        misconceptions=tuple(MisconceptionHit(h.tag, dict(h.title), dict(h.explanation)) for h in hits),
        error=error,
        error_kind=error_kind,
        stdout=stdout,
        stdout_truncated=truncated,
        isolation=isolation,
        seconds=round(clock() - started, 3),
    )


SECONDS_PER_ELEMENT = 1e-4  # of a case's inputs: generous even for a solution written with Python loops


def _case_timeouts(cases: list, most: float, least: float) -> dict[str, float]:
    """Each case's time limit by its size: `least` seconds plus SECONDS_PER_ELEMENT for each element
    of its inputs, at most `most`."""
    import numpy as np

    return {c.id: min(most, least + SECONDS_PER_ELEMENT * sum(np.size(a) for a in c.args)) for c in cases}


def _file_error(spec, load_error: dict | None, tests: list) -> tuple[dict | None, str | None]:
    """A problem with the whole file (it did not load, or nothing is implemented yet)."""
    if load_error is None:
        messages = [t.message for t in tests if t.message]
        if (
            tests
            and all(t.status == ERROR for t in tests)
            and messages
            and all(m == _both("check.not_implemented", function=spec.function) for m in messages)
        ):
            return _both("check.not_implemented", function=spec.function), "not-implemented"
        return None, None
    kind = load_error.get("kind")
    if kind == "syntax":
        return (
            _both(
                "check.syntax",
                line=load_error.get("line", "?"),
                column=load_error.get("column", "?"),
                message=load_error.get("message", ""),
                text=load_error.get("text", ""),
            ),
            "syntax",
        )
    if kind == "missing":
        return _both("check.missing", function=spec.function), "missing"
    if kind == "exit":
        return _both("check.exit", code=load_error.get("code", "")), "exit"
    if kind == "import":
        if load_error.get("memory"):
            return _both("check.import_memory"), "memory"
        text = f"{load_error.get('type')}: {load_error.get('message')}"
        return _both("check.import_error", error=text, traceback=load_error.get("traceback", "")), "import"
    if kind == "timeout":
        return _both("check.import_timeout", seconds=CASE_TIMEOUT), "timeout"
    if kind == "protocol":  # it wrote on the result pipe itself: say so, not "exit code ?"
        return _both("check.case_protocol"), "crashed"
    how = load_error.get("signal") or f"exit code {load_error.get('exit_code', '?')}"
    return _both("check.import_crashed", how=how), "crashed"


def _grader_fault(spec, filename: str, detail: str, seconds: float) -> CheckResult:
    return CheckResult(
        exercise=spec.number,
        function=spec.function,
        file=filename,
        status=ERROR,
        score=0.0,
        max_score=float(len(spec.public_cases()) + len(spec.hidden_cases(0))),
        error=_both("check.grader_fault", detail=detail),
        error_kind="grader",
        grader_fault=True,
        seconds=round(seconds, 3),
    )


# -- storing results -------------------------------------------------------------------------------------


def result_to_dict(result: CheckResult) -> dict:
    """A CheckResult as plain JSON-safe data (the journal's form). Written out field by field:
    dataclasses.asdict deep-copies everything and costs more than the grading it records."""
    data = dict(result.__dict__)
    data["tests"] = [dict(t.__dict__) for t in result.tests]
    data["misconceptions"] = [dict(m.__dict__) for m in result.misconceptions]
    return data


def result_from_dict(data: dict) -> CheckResult:
    """The inverse of result_to_dict."""
    fields = dict(data)
    fields["tests"] = tuple(TestResult(**t) for t in data.get("tests", ()))
    fields["misconceptions"] = tuple(MisconceptionHit(**m) for m in data.get("misconceptions", ()))
    return CheckResult(**fields)
