"""Grading a student's exercise file: run the cases in the sandbox, compare, score, name the mistake.

The sandboxed child only returns arrays; every decision is made here, in the grader, against reference
outputs the child never sees. The result is plain data (CheckResult) for the terminal, JSON, CSV and
Gradescope renderers alike.
"""

from __future__ import annotations

import math
import re
import sys
import threading
import time
from dataclasses import dataclass

from checker.inert import MESSAGE_LIMIT, OUTPUT_LIMIT, TRACEBACK_LIMIT, clean
from checker.policy import CHECK, RunPolicy
from checker.results import (  # noqa: F401 - the result types are this module's vocabulary too
    CheckResult,
    ErrorKind,
    Message,
    MisconceptionHit,
    Status,
    TestResult,
    result_from_dict,
    result_to_dict,
)

PASS, FAIL, ERROR = Status.PASS, Status.FAIL, Status.ERROR


def _both(key: str, **fields: object) -> Message:
    """A message for the learner: its key and fields (sentences are made only where it is shown)."""
    return Message.of(key, **fields)


# -- what the sandbox reported, made safe to read ------------------------------------------------------

_STATUSES = frozenset({"ok", "exception", "timeout", "crashed", "memory", "not-run", "protocol", "too-large"})
_STRUCTURES = frozenset({"array", "tuple", "list", "other", "arguments"})  # arguments: in-place results
TYPE_LIMIT = 40  # a returned value's type name, an exception's type, a signal's name
MAX_TYPES = 8


@dataclass(frozen=True)
class _Run:
    """One case's CaseRun, read defensively: every text cleaned and bounded, every flag a bool, the
    structure one of _STRUCTURES. Nothing here is trusted to be of the type the contract promises."""

    status: str
    outputs: tuple
    structure: str
    types: tuple[str, ...]
    error_type: str
    error_message: str
    traceback: str
    not_implemented: bool
    after_timeouts: bool
    not_reloaded: bool  # the file did not load again in the child started after a case hung
    how: str  # how a crashed child ended: a signal's name or "exit code N"
    seconds: float


def _flag(value: object) -> bool:
    return value is True or (type(value) is int and value == 1)


def _text(value: object, limit: int, *, one_line: bool = False) -> str:
    return "" if value is None else clean(value, limit, one_line=one_line)


def _number(value: object) -> float:
    if type(value) in (int, float) and math.isfinite(value) and value >= 0:
        return float(value)
    return 0.0


def _ended(info: dict) -> str:
    """'SIGKILL' or 'exit code 3' (or 'exit code ?'), from a crash's or a load error's fields."""
    signal = info.get("signal")
    if signal:
        return _text(signal, TYPE_LIMIT, one_line=True)
    code = info.get("exit_code", "?")
    code = str(code) if type(code) is int else _text(code, TYPE_LIMIT, one_line=True) or "?"
    return f"exit code {code}"


def _read(run) -> _Run:
    status = getattr(run, "status", None)
    status = status if isinstance(status, str) and status in _STATUSES else "crashed"
    error = getattr(run, "error", None)
    error = error if isinstance(error, dict) else {}
    outputs = getattr(run, "outputs", None)
    structure = getattr(run, "structure", None)
    types = getattr(run, "types", None)
    types = list(types[:MAX_TYPES]) if isinstance(types, (list, tuple)) else []
    return _Run(
        status=status,
        outputs=tuple(outputs) if isinstance(outputs, (list, tuple)) else (),
        structure=structure if isinstance(structure, str) and structure in _STRUCTURES else "other",
        types=tuple(_text(t, TYPE_LIMIT, one_line=True) or "?" for t in types),
        error_type=_text(error.get("type"), TYPE_LIMIT, one_line=True),
        error_message=_text(error.get("message"), MESSAGE_LIMIT),
        traceback=_text(error.get("traceback"), TRACEBACK_LIMIT),
        not_implemented=_flag(error.get("not_implemented")),
        after_timeouts=_flag(error.get("after_timeouts")),
        not_reloaded=_flag(error.get("not_reloaded")),
        how=_ended(error) if status == "crashed" else "",
        seconds=_number(getattr(run, "seconds", 0.0)),
    )


def _wrote_read_only(run: _Run) -> bool:
    """The function wrote into one of its arguments: they are handed over read-only, so numpy raised
    ValueError ("assignment destination is read-only", "output array is read-only")."""
    return (
        run.status == "exception"
        and run.error_type == "ValueError"
        and "read-only" in run.error_message.lower()
    )


_FRAME_LINE = re.compile(r'File "([^"\n]*)", line (\d+)')
# Methods of an array that write into it.
_WRITING_METHODS = frozenset(
    ("fill", "sort", "put", "itemset", "resize", "partition", "setfield", "byteswap")
)


def _written_argument(spec, source: bytes, filename: str, runs: dict) -> str | None:
    """Which of the function's arguments a write into a read-only input went to, read off the
    source's line where it happened (the last line of the file in the child's traceback): a
    subscript or augmented assignment to it, an out= of it, np.copyto into it, one of its writing
    methods. None when that cannot be told (a write through another name, a line of many targets).
    The line number comes from the child: a forged one only misnames the writer's own argument."""
    for run in runs.values():
        if getattr(run, "status", None) != "exception":  # most runs: no error to read
            continue
        try:
            view = _read(run)
        except Exception:  # noqa: BLE001 - _compare gives that case its verdict
            continue
        if not _wrote_read_only(view):
            continue
        lines = [int(n) for name, n in _FRAME_LINE.findall(view.traceback) if name == filename]
        return _target_at(spec, source, lines[-1]) if lines else None
    return None


def _target_at(spec, source: bytes, line: int) -> str | None:
    import ast

    try:  # parsed as text: a coding declaration is never run here (the child ran it, if any)
        tree = ast.parse(source.decode("utf-8"))
    except (SyntaxError, ValueError, MemoryError, RecursionError):  # UnicodeDecodeError is a ValueError
        return None

    def base(node) -> str | None:
        while isinstance(node, (ast.Subscript, ast.Attribute)):
            node = node.value
        return node.id if isinstance(node, ast.Name) else None

    found = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) is None or not node.lineno <= line <= (
            node.end_lineno or node.lineno
        ):
            continue
        if isinstance(node, ast.AugAssign):
            found.add(base(node.target))
        elif isinstance(node, ast.Assign):
            found.update(base(t) for t in node.targets if isinstance(t, (ast.Subscript, ast.Attribute)))
        elif isinstance(node, ast.Call):
            found.update(base(k.value) for k in node.keywords if k.arg == "out")
            function = node.func
            if isinstance(function, ast.Attribute) and function.attr == "copyto" and node.args:
                found.add(base(node.args[0]))
            elif isinstance(function, ast.Attribute) and function.attr in _WRITING_METHODS:
                found.add(base(function.value))
    named = {name for name in found if name in spec.arg_names}
    return named.pop() if len(named) == 1 else None


def _in_place_misconception(spec):
    """The catalogued in-place mistake, if the spec has exactly one (else which argument was written
    into cannot be told)."""
    found = [m for m in spec.misconceptions if m.mutates]
    return found[0] if len(found) == 1 else None


def _numeric(run: _Run) -> bool:
    import numpy as np

    return all(isinstance(o, np.ndarray) and o.dtype.kind in "fiu" for o in run.outputs)


# -- comparing one case -----------------------------------------------------------------------------


def _format_array(value) -> str:
    """An array as a failing visible test shows it. A class's files that make one mistake give the same
    wrong answer on a public case: a small array's text is made once per batch process (array2string
    costs more than the rest of a file's comparison)."""
    import numpy as np

    array = np.asarray(value)
    key = (array.dtype.str, array.shape, array.tobytes()) if array.nbytes <= _FORMATTED_BYTES else None
    text = _FORMATTED.get(key) if key is not None else None
    if text is None:
        text = np.array2string(array, precision=4, threshold=12, edgeitems=2, max_line_width=72)
        if key is not None:
            if len(_FORMATTED) >= _FORMATTED_KEPT:
                _FORMATTED.clear()
            _FORMATTED[key] = text
    return text


_FORMATTED: dict = {}  # (dtype, shape, bytes) -> text
_FORMATTED_KEPT = 512
_FORMATTED_BYTES = 4096  # arrays of up to 512 float64: a few MB at most in all


def _tolerance(
    spec, case, got=None, base: tuple[float, float] | None = None, want=None, index: int | None = None
) -> tuple[float, float]:
    """The case's tolerance (`base`, when already known); for an answer computed in float32 (from
    float64 inputs, as deep-learning code often casts), float32's rounding is no mistake. Where the
    case's output `index` is known and float32 can do the case, that is what float32 does to it
    (_float32_noise, FLOAT32_MARGIN times), on top of the case's own tolerance: no more, so a mistake
    of substance in a float32 answer still fails. Where float32 cannot do the case (a value overflows)
    or the case sets its own atol (its values are too small for float32's), a float32 answer could only
    have been worked out in float64: it is allowed float32's rounding of itself and nothing more. With
    no output known (the diagnosis), float32's tolerance (rtol32, atol32): float32 rounds a sum to a
    fraction of its largest terms, not of the sum, so with the expected output (`want`) its absolute
    tolerance scales with that output's largest value. A case whose inputs are float32 has float32's
    tolerance already."""
    from checker.specs.base import tolerance

    rtol, atol = base or tolerance(spec, case)
    if getattr(got, "dtype", None) is not None and got.dtype.kind == "f" and got.dtype.itemsize == 4:
        if index is not None and not _has_float32_input(case):
            measured = _measured(spec, case, index, want) if case.atol is None else None
            if measured is None:
                return max(rtol, FLOAT32_EPS), atol
            return rtol, max(atol, measured)
        rtol = max(rtol, spec.rtol32)
        if case.atol is None:
            atol = max(atol, spec.atol32 * max(1.0, _largest(want)))
    return rtol, atol


def _has_float32_input(case) -> bool:
    return any(str(getattr(a, "dtype", "")) == "float32" for a in case.args)


# An answer worked out in float32 and handed back as float64 (weights cast to float32, say) is no
# float32 array, yet it carries float32's rounding. It is also accepted within FLOAT32_MARGIN times
# what float32 does to the case: the reference's answer moved by rounding the inputs to float32 (or by
# computing in float32), plus a float32 rounding of the case's largest output (float32 rounds every
# step relative to the largest terms in play, which may be far larger than a small output). That is a
# few float32 ulps of the case, far below any mistake of substance (a tanh clipped at ±5 is 1500 ulps
# off at 1.0).
FLOAT32_MARGIN = 8.0
FLOAT32_EPS = 1.1920929e-07  # float32's machine epsilon: twice its rounding of a value
_NOISE: dict = {}  # (id(spec), id(case)) -> (spec, case, per output: float32's effect, or None)


def _float32_noise(spec, case) -> tuple:
    """Per output of `case`: how far float32 may move the reference's answer (the largest change from
    rounding the inputs to float32 then computing in float64, or from computing in float32, plus half
    a float32 ulp of the case's largest output); None where float32 cannot do it (a value overflows,
    the reference refuses float32). Found once per case."""
    import numpy as np

    key = (id(spec), id(case))
    held = _NOISE.get(key)
    if held is not None and held[0] is spec and held[1] is case:
        return held[2]

    def float32(array, back: bool):
        array = np.asarray(array)
        if array.dtype.kind != "f":
            return array
        low = array.astype(np.float32)
        return low.astype(array.dtype) if back else low

    try:
        with np.errstate(all="ignore"):
            want = [
                np.asarray(w, dtype=np.float64) for w in spec.outputs(spec.call(spec.reference, case.args))
            ]
            noise: list = [0.0] * len(want)
            for form, back in [(case.args, True), (case.args, False), *_forms(spec, case)]:
                moved = spec.outputs(spec.call(spec.reference, tuple(float32(a, back) for a in form)))
                for k, (got, w) in enumerate(zip(moved, want)):
                    got = np.asarray(got, dtype=np.float64)
                    if noise[k] is None or got.shape != w.shape or not np.isfinite(got).all():
                        noise[k] = None
                        continue
                    finite = np.isfinite(w)
                    if not np.array_equal(finite, np.isfinite(got)):
                        noise[k] = None
                        continue
                    change = np.abs(got[finite] - w[finite])
                    noise[k] = max(noise[k], float(change.max()) if change.size else 0.0)
            ulp = float(np.finfo(np.float32).eps) / 2 * max((_largest(w) for w in want), default=0.0)
            found = tuple(None if n is None else n + ulp for n in noise)
    except Exception:  # noqa: BLE001 - a reference that will not take float32: no allowance
        found = ()
    if len(_NOISE) >= 4096:  # cases: a batch's few hundred, however many files ask
        _NOISE.clear()
    _NOISE[key] = (spec, case, found)
    return found


def _forms(spec, case) -> list:
    """The exercise's other float32 forms of the case (spec.py's float32_forms), each computed both
    ways; none if it has none, or if they cannot be made (the case's own noise stands)."""
    if spec.float32_forms is None:
        return []
    try:
        forms = [tuple(form) for form in spec.float32_forms(tuple(case.args))]
    except Exception:  # noqa: BLE001 - an exercise's helper that fails widens nothing
        return []
    return [(form, back) for form in forms for back in (True, False)]


def _float32_allowance(spec, case, index: int, got, want=None) -> float:
    """The absolute tolerance a float64 answer's output `index` may have for float32's rounding; 0.0
    when none applies (a float32 answer has its own, a case's own atol stands)."""
    import numpy as np

    if case.atol is not None or getattr(got, "dtype", None) is None or got.dtype != np.float64:
        return 0.0
    return _measured(spec, case, index, want) or 0.0


def _measured(spec, case, index: int, want) -> float | None:
    """FLOAT32_MARGIN times what float32 does to output `index` of `case`, never more than float32's
    flat tolerance at the output's largest value (a case where float32 flips a branch, an argmax say,
    would otherwise accept anything); None where float32 cannot do the case."""
    noise = _float32_noise(spec, case)
    if index >= len(noise) or noise[index] is None:
        return None
    largest = _largest(want)
    return min(FLOAT32_MARGIN * noise[index], spec.rtol32 * largest + spec.atol32 * max(1.0, largest))


def _largest(values) -> float:
    """The largest finite magnitude in `values` (0.0 if none)."""
    import numpy as np

    if values is None:
        return 0.0
    values = np.abs(np.asarray(values, dtype=np.float64))
    values = values[np.isfinite(values)]
    return float(values.max()) if values.size else 0.0


def _structure_ok(spec, run: _Run, count: int) -> bool:
    """`run` answered in the exercise's form; `count`: the case's expected outputs."""
    if spec.in_place:  # the in-place arguments' arrays, one per expected output
        return run.structure == "arguments" and len(run.outputs) == count
    wanted = len(spec.output_names)
    if wanted == 1:
        return run.structure == "array" and len(run.outputs) == 1
    return run.structure in ("tuple", "list") and len(run.outputs) == wanted


_STATUS_MESSAGES = {
    "timeout": "check.case_timeout",
    "memory": "check.case_memory",
    "not-run": "check.case_not_run",
    "protocol": "check.interfered",
    "too-large": "check.answer_too_large",
}


def _compare(
    spec, case, run, expected: tuple, details: bool = True, written: str | None = None
) -> tuple[str, dict | None, dict | None]:
    """(status, message per language, details) of one case.

    A hidden case's message is one of a few fixed sentences: nothing computed from its inputs (what
    the code raised or returned, a shape, an exit code) reaches the student. Details are built for
    visible cases only, and only when `details`."""
    hidden = case.visibility != "visible"
    if run is None:
        return ERROR, _both("check.case_not_run"), None
    if _passes(spec, case, run, expected):
        return PASS, None, None
    try:
        view = _read(run)
    except Exception:  # noqa: BLE001 - whatever the sandbox handed over, a verdict
        return ERROR, _both("check.hidden_crashed"), None
    try:
        return _verdict(spec, case, view, expected, hidden, details and not hidden, written)
    except Exception:  # noqa: BLE001 - an output no comparison can handle is the submission's
        return FAIL, _both("check.uncomparable"), None


def _passes(spec, case, run, expected) -> bool:
    """The usual answer, told before the run is read field by field: the exercise's form, and every
    output a float64 array of its expected output's shape, within the case's tolerance. True only where
    _verdict finds PASS (float64 needs no float32 allowance); False says nothing: _verdict decides."""
    import numpy as np

    outputs = getattr(run, "outputs", None)
    count = len(expected)
    if getattr(run, "status", None) != "ok" or type(outputs) is not list or len(outputs) != count:
        return False
    structure = getattr(run, "structure", None)
    if spec.in_place:  # _structure_ok, with as many outputs as expected
        form = structure == "arguments"
    elif len(spec.output_names) == 1:
        form = structure == "array" and count == 1
    else:
        form = structure in ("tuple", "list") and count == len(spec.output_names)
    if not form:
        return False
    rtol, atol = _tolerance(spec, case)
    for got, want in zip(outputs, expected):
        if type(got) is not np.ndarray or type(want) is not np.ndarray or got.dtype.char != "d":
            return False
        if got.shape != want.shape or _close(got, want, rtol, atol) is not True:
            return False
    return True


def _verdict(spec, case, run: _Run, expected: tuple, hidden: bool, details: bool, written: str | None = None):
    import numpy as np

    if run.status == "not-run" and run.after_timeouts:
        return ERROR, _both("check.case_after_timeouts"), None
    if run.status == "not-run" and run.not_reloaded:
        return ERROR, _both("check.case_not_reloaded"), None
    if run.status in _STATUS_MESSAGES:
        return ERROR, _both(_STATUS_MESSAGES[run.status]), None
    if run.status == "crashed":
        if hidden:
            return ERROR, _both("check.hidden_crashed"), None
        return ERROR, _both("check.case_crashed", how=run.how), None
    if run.status == "exception":
        if run.not_implemented:
            return ERROR, _both("check.not_implemented", function=spec.function), None
        if _wrote_read_only(run):
            return FAIL, _mutated_message(spec, written), None
        if hidden:
            return ERROR, _both("check.hidden_exception"), None
        text = f"{run.error_type or '?'}: {run.error_message}" if run.error_message else run.error_type or "?"
        return (
            ERROR,
            _both("check.case_exception", error=text),
            {"traceback": run.traceback} if details else None,
        )

    def wrong(key: str, shown: dict | None = None, **fields: object) -> tuple[str, dict, dict | None]:
        # a hidden case says only that its result is wrong
        return FAIL, _both("check.hidden_wrong") if hidden else _both(key, **fields), shown

    if spec.in_place and not _structure_ok(spec, run, len(expected)):
        return wrong("check.uncomparable")  # the client lets no other form through
    if not _structure_ok(spec, run, len(expected)):
        got = run.structure if run.structure != "other" else (run.types[0] if run.types else "?")
        if run.structure in ("tuple", "list"):
            got = f"{run.structure} of {', '.join(run.types)}"
        if len(spec.output_names) == 1:
            return wrong("check.not_array", got=got)
        names = ", ".join(spec.output_names)
        return wrong("check.not_tuple", count=len(spec.output_names), names=names, got=got)
    if not all(isinstance(o, np.ndarray) for o in run.outputs):
        return wrong("check.uncomparable")
    base = _tolerance(spec, case)  # the case's, once; an answer's own precision may loosen it
    for index, (name, got, want) in enumerate(zip(spec.output_labels(case.args), run.outputs, expected)):
        want = np.asarray(want)
        rtol, atol = _tolerance(spec, case, got, base, want, index)
        if got.dtype.kind not in "fiu":
            return wrong("check.dtype", name=name, dtype=_text(got.dtype, TYPE_LIMIT, one_line=True))
        if got.shape != want.shape:
            return wrong("check.shape", name=name, got=str(got.shape), expected=str(want.shape))
        if _close(got, want, rtol, atol) is True:
            continue  # the usual answer: every value finite and within tolerance
        atol = max(atol, _float32_allowance(spec, case, index, got, want))
        if atol > base[1] and _close(got, want, rtol, atol) is True:
            continue  # float32's rounding in a float64 answer
        if hidden:  # wrong, however it is: a hidden case says no more than that
            return wrong("check.values", name=name)
        if not np.all(np.isfinite(got)) and np.all(np.isfinite(want)):
            return wrong("check.nonfinite", _shown(spec, case, run, expected, None, details), name=name)
        with np.errstate(all="ignore"):
            close = np.isclose(got.astype(np.float64), want.astype(np.float64), rtol=rtol, atol=atol)
        if not np.all(close):
            return wrong("check.values", _shown(spec, case, run, expected, name, details), name=name)
    return PASS, None, None


def _says_mutated(message) -> bool:
    """The verdict is a write into an argument: that is the whole story, no hint of the case's (about
    its values) is shown beside it."""
    return isinstance(message, Message) and message.key in ("check.mutated", "check.mutated_any")


def _mutated_message(spec, written: str | None = None) -> Message:
    """The argument written into: the one the source's line shows, else the catalogued one; none
    when only a hidden case showed it ("")."""
    if written:
        return _both("check.mutated", name=written)
    misconception = _in_place_misconception(spec) if written is None else None
    if misconception is None:
        return _both("check.mutated_any")
    return _both("check.mutated", name=misconception.mutates)


def _shown(spec, case, run: _Run, expected: tuple, focus: str | None, wanted: bool) -> dict | None:
    """The details of a failing visible case, if wanted; none (rather than no verdict) if they cannot
    be built."""
    if not wanted:
        return None
    try:
        return _details(spec, case, run, expected, focus)
    except Exception:  # noqa: BLE001
        return None


_SHOWN: dict = {}  # (spec, case) -> the case's inputs and expected outputs, formatted for the learner


def _details(spec, case, run, expected: tuple, focus: str | None = None) -> dict:
    """What a learner needs to see for a failing visible case (never built for hidden ones)."""
    import numpy as np

    key = (id(spec), id(case))
    names = spec.output_labels(case.args)  # output_names, or the in-place arrays' (grads[0], ...)
    if key not in _SHOWN:  # the same for every student: formatted once
        _SHOWN[key] = (
            spec,
            case,
            {name: _format_array(arg) for name, arg in zip(spec.arg_labels(case.args), case.args)},
            {name: _format_array(v) for name, v in zip(names, expected)},
        )
    details: dict = {
        "inputs": dict(_SHOWN[key][2]),
        "expected": dict(_SHOWN[key][3]),
        "got": {name: _format_array(v) for name, v in zip(names, run.outputs)},
    }
    if focus is not None:
        k = names.index(focus)
        got = run.outputs[k].astype(np.float64)
        want = np.asarray(expected[k], dtype=np.float64)
        with np.errstate(all="ignore"):
            diff = np.abs(got - want)
            rel = diff / np.maximum(np.abs(want), np.finfo(np.float64).tiny)
            rtol, atol = _tolerance(spec, case, run.outputs[k], want=want, index=k)
            atol = max(atol, _float32_allowance(spec, case, k, run.outputs[k], want))
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


INF = math.inf
SMALL = 128  # elements: below this, comparing as Python floats costs less than numpy's calls


def _close(got, want, rtol: float, atol: float) -> bool | None:
    """np.isclose(got, want).all() for finite values, in a few array operations (isclose itself costs
    more than the grading around it); None when a value is not finite and isclose must decide. Small
    arrays (most answers) are compared as Python floats: the same IEEE doubles and the same test."""
    import numpy as np

    small = isinstance(got, np.ndarray) and isinstance(want, np.ndarray) and got.size <= SMALL
    if small and got.shape == want.shape and got.dtype.kind in "fiu" and want.dtype.kind in "fiu":
        pairs = zip(map(float, got.ravel().tolist()), map(float, want.ravel().tolist()))
        # An infinite expected value is met only by itself (as in isclose): its tolerance is infinite.
        if all(g == w or abs(g - w) <= atol + rtol * abs(w) < INF for g, w in pairs):  # NaN: False
            return True
        if all(map(math.isfinite, map(float, got.ravel().tolist()))) and all(
            map(math.isfinite, map(float, want.ravel().tolist()))
        ):
            return False
        return None
    with np.errstate(all="ignore"):
        got = np.asarray(got, dtype=np.float64)
        want = np.asarray(want, dtype=np.float64)
        tolerance = atol + rtol * np.abs(want)
        within = (got == want) | ((np.abs(got - want) <= tolerance) & (tolerance < INF))
        if within.all():
            return True
        if np.isfinite(got).all() and np.isfinite(want).all():
            return False
    return None


def _same(outputs, other, rtol: float = 1e-5, atol: float = 1e-8) -> bool:
    import numpy as np

    if len(outputs) != len(other):
        return False
    for a, b in zip(outputs, other):
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        if a.shape != b.shape:
            return False
        close = _close(a, b, rtol, atol)
        if close is None:
            with np.errstate(all="ignore"):
                close = bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))
        if not close:
            return False
    return True


def diagnose(exam: Exam, runs: dict, written: str | None = None) -> list:
    """The catalogued mistakes that explain the submission's outputs on every case it answered.

    An in-place mistake shows as a case that wrote into a read-only argument (see _wrote_read_only);
    the others by the values of the cases that returned numbers of the expected structure."""
    read = []
    for c in exam.cases:
        if c.id in runs and runs[c.id] is not None:
            try:
                read.append((c, _read(runs[c.id])))
            except Exception:  # noqa: BLE001 - _compare has given it its verdict
                continue
    # A class's files that make one mistake answer every case alike: what was found for the same
    # answers (every field read here, every bit of every array) is found again, not computed again.
    key = _evidence(read, written)
    found = exam._diagnosed.get(key) if key is not None else None
    if found is None:
        found = tuple(_diagnosed(exam, read, written))
        if key is not None:
            if len(exam._diagnosed) >= DIAGNOSES_KEPT:
                exam._diagnosed.clear()
            exam._diagnosed[key] = found
    return list(found)


DIAGNOSES_KEPT = 256  # distinct answers a worker remembers per exercise
EVIDENCE_BYTES = 64 * 1024  # answers larger than this are diagnosed each time


def _evidence(read: list, written: str | None):
    """A key of everything diagnose reads of a file's runs; None where it would be large (or an output
    is no array)."""
    import numpy as np

    parts, size = [written], 0
    for case, run in read:
        arrays = []
        for output in run.outputs:
            if type(output) is not np.ndarray:
                return None
            size += output.nbytes
            arrays.append((output.dtype.str, output.shape, output.tobytes()))
        if size > EVIDENCE_BYTES:
            return None
        parts.append((case.id, run.status, run.structure, run.types, run.error_type, run.error_message,
                      tuple(arrays)))  # fmt: skip
    return tuple(parts)


def _diagnosed(exam: Exam, read: list, written: str | None) -> list:
    """diagnose's work, on the runs as read."""
    spec = exam.spec
    usable = [
        (c, r)
        for c, r in read
        if r.status == "ok" and _structure_ok(spec, r, len(exam.expected[c.id])) and _numeric(r)
    ]
    wrote = any(_wrote_read_only(r) for _, r in read)
    in_place = _in_place_misconception(spec)
    hits = []
    for m in spec.misconceptions:
        if m.mutates:
            if wrote and m is in_place and written in (None, m.mutates):  # not another argument's write
                hits.append(m)
            continue
        if m.variant is None or not usable:
            continue
        # in-place results: a mistake that returns a value (or None) is named only if every case did
        if m.returns is not None and any((r.types != ("NoneType",)) != m.returns for _, r in usable):
            continue
        variants = m.variant if isinstance(m.variant, tuple) else (m.variant,)
        if any(_explains(exam, variant, usable) for variant in variants):
            hits.append(m)
            break  # one explanation of the values is enough; the catalogue runs specific → general
    return hits


def _explains(exam: Exam, variant, usable: list) -> bool:
    """`variant` gives the submission's outputs on every case it answered (within the case's own
    tolerance: a float32 case's is looser), and differs from the reference. A variant that cannot
    run on a case (it raises) explains nothing."""
    informative = False
    for case, run in usable:
        try:
            wrong = exam.variant_outputs(variant, case)
            rtol, atol = _tolerance(exam.spec, case, run.outputs[0] if run.outputs else None)
            if not _same(run.outputs, wrong, max(rtol, 1e-5), max(atol, 1e-8)):
                return False
        except Exception:  # noqa: BLE001 - a variant that fails, or outputs numpy cannot compare
            return False
        informative = informative or not _same(wrong, exam.expected[case.id])
    return informative


MAX_FINDINGS = 3


def _findings(exam: Exam, runs: dict, run_probes, clock, started) -> tuple[Message, ...]:
    """What the evidence says of a failing file beyond the catalogue: its answers on the exercise's
    probes (run in a child of their own, after every graded case) and on the public cases, read by
    the diagnosis. Never a guess: a finding is named only when every probe agrees. A probe child that
    fails in any way only leaves the diagnosis with less evidence."""
    from checker.diagnosis import Observed
    from checker.diagnosis.model import blinded

    try:
        run_probes(exam.probes)
    except Exception:  # noqa: BLE001 - no probes, no extra evidence: the grading stands as it is
        pass
    observed = {}
    # Only public cases and probes are evidence: a finding quotes shapes and names, and nothing
    # computed from a hidden case may reach the learner (its verdict has said all it may).
    for case in exam.public + exam.probes:
        reported = runs.get(case.id)
        if reported is None:
            continue
        try:
            seen = Observed.of_run(_read(reported))
            observed[case.id] = seen if case.visibility == "visible" else blinded(seen)
        except Exception:  # noqa: BLE001 - an unreadable report is no evidence
            continue
    try:
        diagnosis = exam.diagnoser().diagnose(observed)
    except Exception:  # noqa: BLE001 - a diagnosis that fails says nothing; the verdicts stand
        return ()
    return tuple(
        Message.of(f.key, **{k: str(v) for k, v in dict(f.fields).items()})
        for f in diagnosis.findings[:MAX_FINDINGS]
    )


# -- cases a function that does nothing passes ----------------------------------------------------------


def _identity_answers(spec, case) -> list[tuple]:
    """What a function that changes nothing gives for `case`: its in-place arguments as they came
    (in-place exercises), or (one output) one of its inputs handed back; none for other forms."""
    import numpy as np

    try:
        groups = spec.groups(case.args)
    except ValueError:
        return []
    if spec.in_place:
        return [
            tuple(np.array(a) for name, g in zip(spec.arg_names, groups) if name in spec.in_place for a in g)
        ]
    if len(spec.output_names) == 1:
        return [(np.array(a),) for a in case.args if np.ndim(a)]
    return []


def _unchanged_cases(spec, cases: list, expected: dict) -> tuple[frozenset[str], dict]:
    """(the ids of the cases whose right answer is what a function that changes nothing gives, as the
    grader compares them (a gradient below the threshold, say); each case's such answers)."""
    import numpy as np

    from checker.sandbox.client import CaseRun

    found, answers = set(), {}
    for case in cases:
        answers[case.id] = _identity_answers(spec, case)
        structure, types = ("arguments", ["NoneType"]) if spec.in_place else ("array", ["ndarray"])
        runs = [CaseRun("ok", list(answer), structure, types) for answer in answers[case.id]]
        with np.errstate(all="ignore"):
            if any(_compare(spec, case, run, expected[case.id], details=False)[0] == PASS for run in runs):
                found.add(case.id)
    return frozenset(found), answers


def _did_nothing(exam, runs: dict) -> bool:
    """On every case whose answer must differ from its input that the file answered, its answer is its
    input as it came (as the grader compares: float32's rounding of it too); and it answered at least
    one. Raising or hanging says neither (a function that writes into a read-only argument acts)."""
    answered = False
    for case in exam.cases:
        answers = exam.identity.get(case.id)
        if case.id in exam.unchanged or not answers:
            continue
        run = runs.get(case.id)
        if getattr(run, "status", None) != "ok":
            continue
        if not any(_compare(exam.spec, case, run, answer, details=False)[0] == PASS for answer in answers):
            return False
        answered = True
    return answered


def _count_unchanged(exam, tests: list, runs: dict) -> list:
    """The tests that a function doing nothing passes count only when the file does something: a file
    that hands its input back unchanged on every case, also where the answer must differ, earns
    nothing for them (an empty body, `return grad`, a list rebound instead of written into)."""
    if not exam.unchanged or any(t.status == PASS and t.id not in exam.unchanged for t in tests):
        return tests
    if not _did_nothing(exam, runs):
        return tests
    return [
        TestResult(
            **{
                **t.__dict__,
                "status": FAIL,
                "score": 0.0,
                "message": _both("check.only_unchanged"),
                "hint": None,
            }
        )
        if t.status == PASS and t.id in exam.unchanged
        else t
        for t in tests
    ]


# -- the whole file ------------------------------------------------------------------------------------


class Exam:
    """One exercise's cases under one seed, with their expected outputs, computed once and shared by
    every file graded with them (a class). Whoever grades owns it: a command, a batch worker."""

    def __init__(self, spec, seed: int = 0) -> None:
        import numpy as np

        self.spec, self.seed = spec, seed
        self.public, self.hidden = spec.public_cases(), spec.hidden_cases(seed)
        self.cases = self.public + self.hidden
        with np.errstate(all="ignore"):
            # on copies, packed as the learner's function gets them (a list argument as a list)
            self.expected = {c.id: spec.outputs(spec.call(spec.reference, c.args)) for c in self.cases}
        # The most bytes of arrays a case's answer may hold: four times its expected outputs' (float32
        # answers may come back as float64, or complex), at least 64 KiB. A larger one is refused unread.
        largest = max((sum(np.asarray(o).nbytes for o in outs) for outs in self.expected.values()), default=0)
        self.output_bound = max(64 * 1024, 4 * largest)
        # the cases a function that changes nothing passes, and what it answers on each
        self.unchanged, self.identity = _unchanged_cases(spec, self.cases, self.expected)
        self._variants: dict = {}  # (variant, case id) -> what the mistake computes
        self._diagnosed: dict = {}  # what diagnose() found for the same answers before (_evidence)
        self._probes: list | None = None
        self._diagnoser = None
        self._inputs: dict = {}  # (id(group), policy) -> (group, its cases as the sandbox takes them)
        self._building = threading.Lock()  # a batch worker's lanes share one Exam

    @property
    def probes(self) -> list:
        """The exercise's designed probe cases (none if it has no diagnosis.py): run for a failing file
        only, in a child of their own; their answers feed the diagnosis, never a score."""
        with self._building:
            if self._probes is None:
                from checker.diagnosis import probe_cases

                self._probes = probe_cases(self.spec, self.seed)
        return self._probes

    def diagnoser(self):
        """The diagnosis's precomputed hypotheses over every case and probe (built on first need)."""
        probes = self.probes
        with self._building:
            if self._diagnoser is None:
                from checker.diagnosis import Diagnoser

                self._diagnoser = Diagnoser(self.spec, self.cases + probes)
        return self._diagnoser

    def inputs(self, group: list, policy: RunPolicy) -> tuple:
        """`group` (one of this exam's lists of cases) as the sandbox takes them, with `policy`'s time
        limits: made once per group and policy, as a tuple of unchangeable copies (a runner then
        digests it once, not for every file)."""
        key = (id(group), policy)
        with self._building:
            held = self._inputs.get(key)
            if held is None or held[0] is not group:
                from checker.sandbox.client import CaseInput, frozen_array

                limits = policy.case_limits(group)
                inputs = tuple(
                    CaseInput(c.id, tuple(frozen_array(a) for a in c.args), limits.get(c.id)) for c in group
                )
                held = (group, inputs)
                self._inputs[key] = held
        return held[1]

    def variant_outputs(self, variant, case) -> tuple:
        import numpy as np

        key = (variant, case.id)
        if key not in self._variants:
            with np.errstate(all="ignore"):
                self._variants[key] = self.spec.outputs(self.spec.call(variant, case.args))
        return self._variants[key]


def exam_for(number: int, seed: int = 0, registry=None) -> Exam:
    """The Exam of exercise `number` (from `registry`, else the shipped exercises)."""
    from checker.specs.registry import Registry

    return Exam((registry or Registry()).spec(number), seed)


_NO_MODULE = re.compile(r"^No module named '([A-Za-z_][A-Za-z0-9_]*)[.'A-Za-z0-9_]*")
_PACKAGE_FILE = re.compile(r"[/\\](?:site|dist)-packages[/\\]([A-Za-z_][A-Za-z0-9_]*)")


def _blocked_module(kind: str, text: str) -> str | None:
    """The package a file failed to import because the sandbox offers only numpy and the standard
    library: read from the child's (checked, inert) error, a plain module name or nothing."""
    if kind in ("ModuleNotFoundError", "ImportError"):
        match = _NO_MODULE.match(text)
    elif kind == "PermissionError":  # installed here, but the sandbox may not read it
        match = _PACKAGE_FILE.search(text)
    else:
        match = None
    return match.group(1)[:100] if match else None


def check_source(
    source: bytes,
    filename: str,
    exam: Exam,
    *,
    policy: RunPolicy = CHECK,
    runner=None,
    mode: str = "fork",
    clock=time.monotonic,
    show_output: bool = True,
) -> CheckResult:
    """Grade `source` (the bytes of a student's file) against `exam`, under `policy`'s limits.

    Nothing the learner sees (what a public case printed, raised or returned) can have been computed
    after a hidden input entered the process, and a hidden case's verdict says nothing computed from
    its inputs. With show_output, public and hidden cases run in separate children and what the
    program printed during the public ones is kept for the learner; a batch passes False and gets one
    child, whose hidden cases are handed over only once every public result is in the grader's hands."""

    from checker.sandbox.client import Runner

    if runner is not None:
        return _check(source, filename, exam, policy, runner, clock, show_output)
    with Runner(mode, clock=clock) as own:
        return _check(source, filename, exam, policy, own, clock, show_output)


def _check(source: bytes, filename: str, exam: Exam, policy: RunPolicy, runner, clock, show_output: bool):
    from checker.sandbox.client import CaseRun, SandboxError, bubblewrap_available

    spec = exam.spec
    started = clock()
    stalls = getattr(runner, "stalls", None)  # time the grader loses is not the file's (see StallMeter)
    lost = stalls.total() if stalls is not None else 0.0
    public, hidden, expected, cases = exam.public, exam.hidden, exam.expected, exam.cases
    runs: dict = {}
    outcome_public = None
    hidden_error = None  # the hidden child's load error: never shown, not even in part
    timeout, case_timeout = policy.budget, policy.case_timeout
    hang_options = {"quick_timeout": policy.quick_timeout, "max_timeouts_in_a_row": policy.hangs_to_stop}
    calling = {}  # how the child calls the function and what it reports, if the spec declares it
    if spec.list_args or spec.in_place:
        calling = {"packing": spec.packing() or ("array",) * len(spec.arg_names),
                   "in_place": spec.in_place_positions()}  # fmt: skip

    def run(group: list, per_case: float, options: dict):
        outcome = runner.run(
            source,
            filename,
            spec.function,
            exam.inputs(group, policy),
            budget=max(
                timeout - (clock() - started) + (stalls.total() - lost if stalls is not None else 0.0), 0.0
            ),
            case_timeout=per_case,
            max_output_bytes=exam.output_bound,
            **options,
            **calling,
        )
        reported = getattr(outcome, "cases", None)
        if isinstance(reported, dict):  # a group answers for its own cases only
            runs.update((c.id, reported[c.id]) for c in group if c.id in reported)
        return outcome

    try:
        if not show_output:
            # A batch shows no output: one child, whose hidden cases wait behind a gate until the
            # grader holds every public result (see Runner.run).
            outcome_public = run(cases, case_timeout, dict(hang_options, gate=len(public)))
        else:
            outcome_public = run(public, case_timeout, hang_options)
        if show_output and _load_error(outcome_public) is None and hidden:
            # The hidden child goes on where the public one stopped: once a case has hung the rest
            # get the quick limit, and after enough hangs in a row they are not run at all.
            quick, most = policy.quick_timeout, policy.hangs_to_stop
            hung, stopped = _hangs([runs.get(c.id) for c in public])
            if stopped or hung >= most:
                for case in hidden:
                    runs[case.id] = CaseRun(status="not-run", error={"after_timeouts": True})
            else:
                timed_out = any(getattr(runs.get(c.id), "status", None) == "timeout" for c in public)
                hidden_options = dict(hang_options, gate=0)  # no case before the module has loaded
                if hung:
                    hidden_options.update(quick_timeout=quick, max_timeouts_in_a_row=most - hung)
                limit = min(case_timeout, quick) if timed_out else case_timeout
                hidden_error = _load_error(run(hidden, limit, hidden_options))
    except SandboxError as error:
        return _grader_fault(spec, filename, clean(error, MESSAGE_LIMIT), clock() - started)
    load_error = _load_error(outcome_public)
    namespaces = runner.namespaces if runner.mode == "fork" else bubblewrap_available()
    layers = getattr(outcome_public, "layers", None)
    isolation = dict(layers if isinstance(layers, dict) else {}, mode=runner.mode, namespaces=namespaces)
    hello = getattr(runner, "hello", None) or getattr(runner, "last_hello", None) or {}
    isolation["read_only_mounts"] = bool(namespaces) or hello.get("read_only_mounts") is True
    isolation["kernel_files_hidden"] = hello.get("kernel_files_hidden") is True
    isolation["only_needed_files"] = hello.get("only_needed_files") is True
    if load_error is not None and load_error.get("kind") == "runner":
        return _grader_fault(
            spec, filename, clean(load_error.get("message", ""), MESSAGE_LIMIT), clock() - started
        )
    if hidden_error is not None and hidden_error.get("kind") == "runner":
        return _grader_fault(spec, filename, "the runner failed during the hidden tests", clock() - started)

    hidden_ids = {c.id for c in hidden}
    # A message names the argument written into from the public tests only: which one a hidden case
    # wrote into may be its input's choice ("": told only by a hidden case, so not named).
    written = _written_argument(
        spec, source, filename, {k: r for k, r in runs.items() if k not in hidden_ids}
    )
    written_anywhere = written or _written_argument(spec, source, filename, runs)
    if written is None and written_anywhere is not None:
        written = ""
    tests = []
    for case in cases:
        visible = case.visibility == "visible"
        if load_error is not None:
            status, text, details = ERROR, _both("check.not_loaded"), None
        elif hidden_error is not None and case.id in hidden_ids:
            key = "check.interfered" if hidden_error.get("kind") == "protocol" else "check.hidden_not_loaded"
            status, text, details = ERROR, _both(key), None
        else:
            status, text, details = _compare(
                spec, case, runs.get(case.id), expected[case.id], details=visible, written=written
            )
        tests.append(
            TestResult(
                id=case.id,
                name=dict(case.name),
                visibility=case.visibility,
                status=status,
                score=case.points if status == PASS else 0.0,
                max_score=case.points,
                message=text,
                hint=None
                if visible or status == PASS or _says_mutated(text)
                else (dict(case.hint) if case.hint else None),
                details=details if visible else None,
                seconds=_seconds(runs.get(case.id)),
            )
        )
    tests = _count_unchanged(exam, tests, runs)
    failed = any(t.status != PASS for t in tests)
    hits = diagnose(exam, runs, written_anywhere) if failed and load_error is None else []
    findings = ()
    hung = any(getattr(r, "status", None) in ("timeout", "not-run") for r in runs.values())
    # Probes only where the catalogue names nothing: a named mistake is the diagnosis already.
    if failed and not hits and load_error is None and hidden_error is None and not hung and exam.probes:
        findings = _findings(
            exam, runs, lambda probes: run(probes, case_timeout, dict(hang_options, gate=0)), clock, started
        )
    if hits:
        tags = {h.tag for h in hits}
        first = hits[0].tag
        tests = [
            t
            if t.status == PASS
            else TestResult(**{**t.__dict__, "misconception": first if first in tags else None})
            for t in tests
        ]
    error, error_kind = _file_error(spec, load_error, tests, policy)
    score = sum(t.score for t in tests)
    max_score = sum(t.max_score for t in tests)
    status = PASS if not failed else (ERROR if error_kind else FAIL)
    output = getattr(outcome_public, "output", "")
    stdout = (output if isinstance(output, str) else clean(output, OUTPUT_LIMIT)) if show_output else ""
    truncated = getattr(outcome_public, "output_truncated", False) is True and show_output
    return CheckResult(
        exercise=spec.number,
        function=spec.function,
        file=filename,
        status=status,
        score=score,
        max_score=max_score,
        tests=tuple(tests),
        misconceptions=tuple(MisconceptionHit(h.tag, dict(h.title), dict(h.explanation)) for h in hits),
        findings=findings,
        error=error,
        error_kind=error_kind,
        stdout=stdout,
        stdout_truncated=truncated,
        isolation=isolation,
        seconds=round(clock() - started, 3),
    )


def _file_error(
    spec, load_error: dict | None, tests: list, policy: RunPolicy
) -> tuple[dict | None, str | None]:
    """A problem with the whole file (it did not load, or nothing is implemented yet)."""
    if load_error is None:
        messages = [t.message for t in tests if t.message]
        if (
            tests
            and all(t.status == ERROR for t in tests)
            and messages
            and all(getattr(m, "key", None) == "check.not_implemented" for m in messages)
        ):
            return _both("check.not_implemented", function=spec.function), ErrorKind.NOT_IMPLEMENTED
        return None, None
    kind = load_error.get("kind")
    if kind == "syntax":
        return (
            _both(
                "check.syntax",
                line=_position(load_error.get("line")),
                column=_position(load_error.get("column")),
                message=_text(load_error.get("message"), MESSAGE_LIMIT),
                text=_text(load_error.get("text"), MESSAGE_LIMIT, one_line=True),
            ),
            ErrorKind.SYNTAX,
        )
    if kind == "missing":
        return _both("check.missing", function=spec.function), ErrorKind.MISSING
    if kind == "exit":
        return _both(
            "check.exit", code=_text(load_error.get("code"), MESSAGE_LIMIT, one_line=True)
        ), ErrorKind.EXIT
    if kind == "import":
        if _flag(load_error.get("memory")):
            return _both("check.import_memory"), ErrorKind.MEMORY
        kind_of = _text(load_error.get("type"), TYPE_LIMIT, one_line=True) or "?"
        text = f"{kind_of}: {_text(load_error.get('message'), MESSAGE_LIMIT)}"
        traceback = _text(load_error.get("traceback"), TRACEBACK_LIMIT)
        blocked = _blocked_module(kind_of, _text(load_error.get("message"), MESSAGE_LIMIT))
        if blocked is not None:
            # the standard library is allowed: when a part of it cannot be loaded, the interpreter is
            # installed where the sandbox's user may not read it (not the student's doing)
            key = (
                "check.import_stdlib_unreadable"
                if blocked in sys.stdlib_module_names
                else "check.import_not_allowed"
            )
            return _both(key, module=blocked, traceback=traceback), ErrorKind.IMPORT
        return _both("check.import_error", error=text, traceback=traceback), ErrorKind.IMPORT
    if kind == "timeout":
        return _both("check.import_timeout", seconds=policy.case_timeout), ErrorKind.TIMEOUT
    if kind == "protocol":  # it forged or garbled frames on the result pipe: say so, not "exit code ?"
        return _both("check.interfered"), ErrorKind.CRASHED
    return _both("check.import_crashed", how=_ended(load_error)), ErrorKind.CRASHED


def _position(value: object) -> str:
    """A line or column number of a syntax error, or '?'."""
    return str(value) if type(value) is int else (_text(value, TYPE_LIMIT, one_line=True) or "?")


def _hangs(group_runs: list) -> tuple[int, bool]:
    """(how many of the last cases run, in order, timed out; whether the rest were skipped for it)."""
    hung = 0
    for run in group_runs:
        status = getattr(run, "status", None)
        if status == "not-run":
            error = getattr(run, "error", None)
            return hung, isinstance(error, dict) and _flag(error.get("after_timeouts"))
        if run is None or status not in _STATUSES:
            break
        hung = hung + 1 if status == "timeout" else 0
    return hung, False


def _load_error(outcome) -> dict | None:
    """A child's load error as a dict (whatever it was handed over as), or None."""
    error = getattr(outcome, "load_error", None)
    if error is None:
        return None
    return error if isinstance(error, dict) else {"kind": "crashed"}


def _seconds(run) -> float:
    return _number(getattr(run, "seconds", 0.0)) if run is not None else 0.0


def _grader_fault(spec, filename: str, detail: str, seconds: float) -> CheckResult:
    return CheckResult(
        exercise=spec.number,
        function=spec.function,
        file=filename,
        status=ERROR,
        score=0.0,
        max_score=float(len(spec.public_cases()) + len(spec.hidden_cases(0))),
        error=_both("check.grader_fault", detail=detail),
        error_kind=ErrorKind.GRADER,
        grader_fault=True,
        seconds=round(seconds, 3),
    )
