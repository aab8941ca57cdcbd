"""The grader-side diagnosis (checker.diagnosis), measured on a catalogue-independent set of wrong files.

Each file of tests/diagnosis_set/ex{1,2}/ starts with `# expect: <key>[, <key> ...]` (the first is the
finding it should get first; the others may also be named) or `# expect: none` (no specific diagnosis
is right) or `# expect: correct`. The files run here, in the test process, exactly as the sandbox would
run them (read-only inputs); the diagnosis only ever sees their outputs.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import numpy as np
import pytest

from checker.diagnosis import (
    CAUSE,
    KINDS,
    MESSAGES,
    OBSERVATION,
    STRUCTURE,
    Diagnoser,
    Diagnosis,
    Observed,
    diagnose,
    probe_cases,
)

SET = Path(__file__).parent / "diagnosis_set"
SEED = 0
FIRST_RATE = 0.80


def _spec(number: int):
    try:
        from checker.specs import all_specs

        return all_specs()[number]
    except ImportError:  # the registry is the other way to the same specs
        from checker.specs.registry import Registry

        return Registry().spec(number)


class _Exercise:
    """A spec, its cases (probes + public + hidden), their expected outputs and one Diagnoser."""

    def __init__(self, number: int, seed: int = SEED) -> None:
        self.spec = spec = _spec(number)
        self.cases = probe_cases(spec, seed) + spec.public_cases() + spec.hidden_cases(seed)
        with np.errstate(all="ignore"):
            self.expected = {
                c.id: spec.outputs(spec.reference(*[np.array(a, copy=True) for a in c.args]))
                for c in self.cases
            }
        self.context = Diagnoser(spec, self.cases, self.expected)

    def outputs(self, function) -> dict[str, Observed]:
        return {c.id: _observe(function, c.args, self.spec.arg_names) for c in self.cases}

    def diagnose(self, function) -> Diagnosis:
        return diagnose(self.spec, self.cases, self.outputs(function), self.expected, context=self.context)


_EXERCISES: dict[int, _Exercise] = {}


def exercise(number: int) -> _Exercise:
    if number not in _EXERCISES:
        _EXERCISES[number] = _Exercise(number)
    return _EXERCISES[number]


def _observe(function, args: tuple, names: tuple[str, ...]) -> Observed:
    """What the sandbox reports: inputs are read-only, so a write raises; which argument was written
    is found by running again on writable copies (the report may name it)."""
    frozen = [np.array(a, copy=True) for a in args]
    for a in frozen:
        a.flags.writeable = False
    try:
        with np.errstate(all="ignore"):
            value = function(*frozen)
    except Exception as error:  # noqa: BLE001 - the student's exception is the observation
        if isinstance(error, ValueError) and "read-only" in str(error):
            copies = [np.array(a, copy=True) for a in args]
            try:
                with np.errstate(all="ignore"):
                    function(*copies)
            except Exception:  # noqa: BLE001
                pass
            written = [n for n, a, c in zip(names, args, copies) if not np.array_equal(a, c, equal_nan=True)]
            return Observed.of_exception(error, wrote_argument=written[0] if written else True)
        return Observed.of_exception(error)
    return Observed.of_value(value)


def _load(path: Path, function: str):
    namespace: dict = {"__name__": f"student_{path.stem}"}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)  # test code only
    return namespace[function]


def _expectation(path: Path) -> list[str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    found = re.fullmatch(r"# expect: (.+)", first.strip())
    assert found, f"{path}: the first line must be '# expect: <key>'"
    return [k.strip() for k in found.group(1).split(",")]


def _files(number: int) -> list[Path]:
    return sorted((SET / f"ex{number}").glob("*.py"))


FILES = [(n, p) for n in (1, 2) for p in _files(n)]
FUNCTIONS = {1: "gradient_clipping", 2: "lstm_step"}


def _named(diagnosis: Diagnosis) -> list[str]:
    return [f.key for f in diagnosis.findings if KINDS[f.key] in (STRUCTURE, CAUSE)]


# -- the set --------------------------------------------------------------------------------------


def test_the_set_is_large_and_varied() -> None:
    wrong = {n: [p for p in _files(n) if _expectation(p)[0] != "correct"] for n in (1, 2)}
    correct = [p for n in (1, 2) for p in _files(n) if _expectation(p)[0] == "correct"]
    assert len(wrong[1]) >= 25 and len(wrong[2]) >= 40 and len(correct) >= 10
    kinds = {_expectation(p)[0] for n in (1, 2) for p in wrong[n]}
    assert len(kinds) >= 40
    for n in (1, 2):
        for path in _files(n):
            for key in _expectation(path):
                assert key in ("none", "correct") or key in KINDS, f"{path.name}: unknown key {key}"


@pytest.mark.parametrize(("number", "path"), FILES, ids=[f"ex{n}/{p.stem}" for n, p in FILES])
def test_no_wrong_finding(number: int, path: Path) -> None:
    expect = _expectation(path)
    diagnosis = exercise(number).diagnose(_load(path, FUNCTIONS[number]))
    if expect == ["correct"]:
        assert diagnosis.findings == (), f"a correct file got {diagnosis.keys()}"
        return
    allowed = set(expect)
    wrong = [k for k in _named(diagnosis) if k not in allowed]
    assert not wrong, f"{path.name}: named {wrong}, expected {expect}; all: {diagnosis.keys()}"
    for finding in diagnosis.findings:
        assert finding.evidence, "every finding names the cases that show it"


@pytest.mark.parametrize("seed", [31337])
def test_no_wrong_finding_with_another_seed(seed: int) -> None:
    """A course's secret seed draws other probes and hidden cases: still no wrong name."""
    for number in (1, 2):
        ex = _Exercise(number, seed)
        for path in _files(number):
            expect = _expectation(path)
            diagnosis = ex.diagnose(_load(path, FUNCTIONS[number]))
            if expect == ["correct"]:
                assert diagnosis.findings == (), (path.name, diagnosis.keys())
            else:
                assert set(_named(diagnosis)) <= set(expect), (path.name, diagnosis.keys())


def test_first_finding_rate(capsys) -> None:
    hits, total, misses = 0, 0, []
    for number, path in FILES:
        expect = _expectation(path)
        if expect[0] == "correct":
            continue
        total += 1
        first = exercise(number).diagnose(_load(path, FUNCTIONS[number])).first
        if expect[0] == "none":
            ok = first is None or KINDS[first.key] == OBSERVATION
        else:
            ok = first is not None and first.key == expect[0]
        hits += ok
        if not ok:
            misses.append(f"ex{number}/{path.name}: {first.key if first else None} (expected {expect[0]})")
    rate = hits / total
    with capsys.disabled():
        print(f"\ndiagnosis: {hits} of {total} wrong files get their expected first finding ({rate:.0%})")
        for miss in misses:
            print("  miss:", miss)
    assert rate >= FIRST_RATE


# -- the hypotheses are told apart by the probes ------------------------------------------------------


@pytest.mark.parametrize("number", [1, 2])
@pytest.mark.parametrize("seed", [0, 7, 2024])
def test_differently_named_hypotheses_differ_on_the_cases(number: int, seed: int) -> None:
    spec = _spec(number)
    cases = probe_cases(spec, seed) + spec.public_cases() + spec.hidden_cases(seed)
    context = Diagnoser(spec, cases)
    keys = [()] + [tuple(k for k, _ in h.findings) for h in context.hypotheses]
    m, status = context.matrix, context.status
    for a in range(len(m)):
        for b in range(a + 1, len(m)):
            if keys[a] == keys[b]:
                continue
            with np.errstate(all="ignore"):
                same = (
                    (np.abs(m[a] - m[b]) <= context.bound[a])
                    | (m[a] == m[b])
                    | (np.isnan(m[a]) & np.isnan(m[b]))
                )
            assert not (np.all(status[a] == status[b]) and same.all()), (keys[a], keys[b])


@pytest.mark.parametrize("number", [1, 2])
def test_probes_are_hidden_and_worth_nothing(number: int) -> None:
    spec = _spec(number)
    probes = probe_cases(spec, SEED)
    assert len(probes) >= 15
    assert len({p.id for p in probes}) == len(probes)
    assert all(p.id.startswith("probe-") and p.visibility == "hidden" and p.points == 0 for p in probes)
    for p in probes:  # every probe is a valid input of the reference, with finite outputs
        with np.errstate(all="ignore"):
            out = spec.outputs(spec.reference(*p.args))
        assert all(np.all(np.isfinite(o)) for o in out)


# -- structure, from hand-made observations ---------------------------------------------------------


def _reference_outputs(ex: _Exercise) -> dict[str, Observed]:
    return ex.outputs(ex.spec.reference)


def _with(ex: _Exercise, change) -> Diagnosis:
    outputs = {cid: change(cid, o) for cid, o in _reference_outputs(ex).items()}
    return ex.context.diagnose(outputs)


def test_structure_none_everywhere() -> None:
    d = _with(exercise(2), lambda cid, o: Observed(structure="other", types=("NoneType",)))
    assert d.keys() == ["diag.returned-none"]


def test_answers_refused_as_too_large_are_no_exception_raised() -> None:
    """Every answer refused unread (larger than the expected shape): nothing was raised, so nothing is
    said of an exception (it read "Every case raised ?")."""
    d = _with(exercise(1), lambda cid, o: Observed(status="too-large"))
    assert not any(finding.key.startswith("diag.raised") for finding in d.findings)


def test_structure_list_for_one_output() -> None:
    d = _with(exercise(1), lambda cid, o: Observed(arrays=o.arrays, structure="list", types=("ndarray",)))
    assert d.keys() == ["diag.returned-list"]


def test_structure_list_of_two_is_accepted_like_a_tuple() -> None:
    d = _with(exercise(2), lambda cid, o: Observed(arrays=o.arrays, structure="list", types=("ndarray",) * 2))
    assert d.findings == ()


def test_structure_wrong_length() -> None:
    d = _with(
        exercise(2),
        lambda cid, o: Observed(arrays=(*o.arrays, o.arrays[0]), structure="tuple", types=("ndarray",) * 3),
    )
    assert d.first.key == "diag.wrong-output-count" and d.first.fields["count"] == "3"


def test_structure_swapped() -> None:
    d = _with(
        exercise(2), lambda cid, o: Observed(arrays=o.arrays[::-1], structure="tuple", types=("ndarray",) * 2)
    )
    assert d.keys() == ["diag.outputs-swapped"]


def test_structure_transposed_and_flattened() -> None:
    d = _with(exercise(2), lambda cid, o: Observed(arrays=tuple(a.T for a in o.arrays), structure="tuple"))
    assert d.first.key == "diag.output-transposed"
    d = _with(exercise(1), lambda cid, o: Observed(arrays=(o.arrays[0].ravel(),), structure="array"))
    assert d.first.key == "diag.output-flattened"


def test_structure_dtype() -> None:
    d = _with(exercise(1), lambda cid, o: Observed(arrays=(o.arrays[0].astype(np.int64),), structure="array"))
    assert d.first.key == "diag.wrong-dtype" and d.first.fields == {"name": "clipped", "dtype": "int64"}


def test_structure_numpy_missing_and_name_error() -> None:
    d = _with(exercise(2), lambda cid, o: Observed.of_exception(NameError("name 'np' is not defined")))
    assert d.keys() == ["diag.numpy-not-imported"]
    d = _with(exercise(2), lambda cid, o: Observed.of_exception(NameError("name 'sigmoid' is not defined")))
    assert d.keys() == ["diag.name-error"] and d.first.fields == {"name": "sigmoid"}


def test_structure_matmul_error_names_the_weight() -> None:
    ex = exercise(2)
    by_id = {c.id: c for c in ex.cases}

    def raise_w(cid, o):
        x, W = by_id[cid].args[0], by_id[cid].args[3]
        try:
            x @ W
        except ValueError as error:
            return Observed.of_exception(error)
        return o

    d = _with(ex, raise_w)
    assert d.first.key == "diag.weight-not-transposed" and d.first.fields["weight"] == "W"


def test_structure_argument_written() -> None:
    d = _with(
        exercise(1), lambda cid, o: Observed.of_exception(ValueError("output array is read-only"), "grad")
    )
    assert d.keys() == ["diag.argument-modified"] and d.first.fields == {"argument": "grad"}
    d = _with(
        exercise(1), lambda cid, o: Observed.of_exception(ValueError("output array is read-only"), True)
    )
    assert d.keys() == ["diag.argument-modified-unknown"]


def test_plain_tuples_are_accepted_as_outputs() -> None:
    ex = exercise(2)
    outputs = {cid: tuple(ex.expected[cid]) for cid in ex.expected}
    assert diagnose(ex.spec, ex.cases, outputs, ex.expected).findings == ()


def test_no_verdict_cases_are_left_out() -> None:
    d = _with(exercise(1), lambda cid, o: Observed(status="timeout", structure="other"))
    assert d.findings == ()


# -- messages --------------------------------------------------------------------------------------


def test_every_key_has_three_languages_with_the_same_fields() -> None:
    assert set(MESSAGES) == set(KINDS)
    for key, texts in MESSAGES.items():
        assert set(texts) == {"en", "ko", "ja"}, key
        fields = [{f for _, f, _, _ in string.Formatter().parse(t) if f} for t in texts.values()]
        assert fields[0] == fields[1] == fields[2], key
        assert KINDS[key] in (STRUCTURE, CAUSE, OBSERVATION)


def test_a_complex_answer_is_named_by_its_dtype_and_casts_nothing(recwarn) -> None:
    """Its values are no evidence of a real formula: the diagnosis names the dtype and never casts
    the answer to real numbers (which would also print numpy's warning on the grader's stderr)."""
    import warnings

    warnings.simplefilter("always")
    d = _with(exercise(2), lambda cid, o: Observed(arrays=tuple(a.astype(np.complex128) for a in o.arrays),
                                                   structure="tuple", types=("ndarray", "ndarray")))  # fmt: skip
    assert d.first.key == "diag.wrong-dtype" and d.first.fields["dtype"] == "complex128"
    assert not [w for w in recwarn if "complex" in str(w.message).lower()], [str(w.message) for w in recwarn]
