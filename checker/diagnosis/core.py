"""The diagnosis: from a submission's outputs on known inputs (never its code) to findings.

Three stages, most specific first:
1. structure — what came back (None, a list, a tuple of the wrong length, a shape, a dtype) and what
   was raised (NameError on np, a matrix product that names a transposed weight, a written argument);
2. causes — the grader's own wrong implementations (conventions and single faults, family modules),
   computed once per set of cases; one is named only if it agrees with the submission on EVERY case
   that gave a verdict, and no differently-named one does;
3. observations — where the outputs are wrong, stated only as far as the cases show it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from types import ModuleType

import numpy as np

from checker.diagnosis.model import NO_VERDICT, Diagnosis, Finding, Observed
from checker.specs.base import ExerciseSpec, TestCase, tolerance

UNSEEN = object()  # a type, count or dtype that only cases the learner does not see showed: never quoted
MATRIX_LIMIT = 512  # values per case compared against every hypothesis at once (probes are small)
MIN_EVIDENCE = 3  # usable cases a named cause must agree on
_OK, _RAISED, _NONE, _BAD = 0, 1, 2, 3  # what a case gave: values, an exception, no verdict, unusable


def _family(spec: ExerciseSpec) -> ModuleType | None:
    """The exercise's own diagnosis module (its folder's diagnosis.py: probe_cases(seed), hypotheses(),
    conditions(), large(args)), if it has one."""
    return spec.diagnosis.load() if spec.diagnosis is not None else None


def probe_cases(spec: ExerciseSpec, seed: int = 0) -> list[TestCase]:
    """Designed inputs that switch parts of the computation off or isolate them (hidden, 0 points)."""
    family = _family(spec)
    return family.probe_cases(seed) if family else []


def _close(got: np.ndarray, want: np.ndarray, rtol: float, atol: float) -> bool:
    with np.errstate(all="ignore"):
        got = np.asarray(got, dtype=np.float64)
        want = np.asarray(want, dtype=np.float64)
        ok = (
            (np.abs(got - want) <= atol + rtol * np.abs(want))
            | (got == want)
            | (np.isnan(got) & np.isnan(want))
        )
    return bool(ok.all())


def _numbers(message: str) -> tuple[int, int] | None:
    """The two sizes numpy names in a matrix-product shape error (matmul, np.dot, @)."""
    for pattern in (
        r"size (\d{1,9}) is different from (\d{1,9})(?!\d)",
        r"(?<!\d)(\d{1,9}) \(dim \d+\) != (\d{1,9}) \(dim \d+\)",
    ):
        found = re.search(pattern, message)
        if found:
            return int(found.group(1)), int(found.group(2))
    return None


class Diagnoser:
    """Everything that is the same for every submission of one exercise on one set of cases: the
    expected outputs, the hypotheses' outputs (as one matrix), the tags and conditions of each case."""

    def __init__(
        self,
        spec: ExerciseSpec,
        cases: Sequence[TestCase],
        expected: Mapping[str, Sequence[np.ndarray]] | None = None,
    ) -> None:
        self.spec = spec
        self.cases = list(cases)
        self.family = _family(spec)
        self.n_out = len(spec.output_names)
        if expected is None:
            expected = {c.id: self._run(spec.reference, c)[1] for c in self.cases}
        self.expected = [tuple(np.asarray(v) for v in expected[c.id]) for c in self.cases]
        self.tolerance = [tolerance(spec, c) for c in self.cases]
        family = self.family
        self.large = [bool(family and family.large(c.args)) for c in self.cases]
        self.conditions = [
            (cond, frozenset(k for k, c in enumerate(self.cases) if cond.holds(c.args)))
            for cond in (family.conditions() if family else [])
        ]
        self.hypotheses = family.hypotheses() if family else []
        self._build_matrix()

    # -- the hypotheses, once ----------------------------------------------------------------------

    def _run(self, function, case: TestCase) -> tuple[int, tuple]:
        with np.errstate(all="ignore"):
            return self._run_quietly(function, case)

    def _run_quietly(self, function, case: TestCase) -> tuple[int, tuple]:
        """_run where numpy's floating-point warnings are already off (the matrix: one errstate for
        all its runs, which costs as much as a small hypothesis)."""
        try:
            value = function(*[np.array(a, copy=True) for a in case.args])
        except Exception:  # noqa: BLE001 - a hypothesis that raises on a case is what it predicts
            return _RAISED, ()
        return _OK, tuple(np.asarray(v) for v in self.spec.outputs(value))

    def _build_matrix(self) -> None:
        self.mcases = [k for k, e in enumerate(self.expected) if sum(v.size for v in e) <= MATRIX_LIMIT]
        sizes = [v.size for k in self.mcases for v in self.expected[k]]
        self.starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp)
        length = int(sum(sizes))
        rtol = np.concatenate(
            [np.full(v.size, self.tolerance[k][0]) for k in self.mcases for v in self.expected[k]]
        )
        atol = np.concatenate(
            [np.full(v.size, self.tolerance[k][1]) for k in self.mcases for v in self.expected[k]]
        )
        self.rtol, self.atol = rtol, atol
        rows = [np.concatenate([v.ravel() for k in self.mcases for v in self.expected[k]]).astype(np.float64)]
        status = [np.full(len(self.mcases), _OK)]
        with np.errstate(all="ignore"):
            self._fill(rows, status, length)
        self.matrix = np.vstack(rows)
        self.status = np.vstack(status)
        with np.errstate(all="ignore"):
            self.bound = self.atol + self.rtol * np.abs(self.matrix)

    def _fill(self, rows: list, status: list, length: int) -> None:
        """A row of outputs and a row of states per hypothesis, over the matrix's cases."""
        sizes = [sum(v.size for v in self.expected[k]) for k in self.mcases]
        for hypothesis in self.hypotheses:
            row = np.full(length, np.nan)
            state = np.full(len(self.mcases), _OK)
            at = 0
            for j, k in enumerate(self.mcases):
                size = sizes[j]
                kind, values = self._run_quietly(hypothesis.run, self.cases[k])
                if kind == _OK and (
                    len(values) != self.n_out
                    or any(v.shape != e.shape for v, e in zip(values, self.expected[k]))
                ):
                    kind = _BAD
                if kind == _OK:
                    row[at : at + size] = np.concatenate([v.ravel() for v in values])
                state[j] = kind
                at += size
            rows.append(row)
            status.append(state)

    # -- one submission ------------------------------------------------------------------------------

    def diagnose(self, outputs: Mapping[str, object]) -> Diagnosis:
        run = _Submission(self, outputs)
        return Diagnosis(tuple(run.findings()))


def diagnose(
    spec: ExerciseSpec,
    cases: Sequence[TestCase],
    outputs: Mapping[str, object],
    expected: Mapping[str, Sequence[np.ndarray]],
    *,
    context: Diagnoser | None = None,
) -> Diagnosis:
    """Findings for one submission. `outputs`: case id -> Observed (or the tuple of arrays it returned);
    a case without an entry gave no verdict. Pass `context` (a Diagnoser for these cases) to reuse
    the hypotheses' outputs across submissions."""
    if context is None:
        context = Diagnoser(spec, cases, expected)
    return context.diagnose(outputs)


def _observed(value: object, n_out: int) -> Observed | None:
    if value is None or isinstance(value, Observed):
        return value
    if isinstance(value, np.ndarray):
        return Observed.of_value(value)
    if (
        isinstance(value, (tuple, list))
        and n_out == 1
        and len(value) == 1
        and isinstance(value[0], np.ndarray)
    ):
        return Observed.of_value(value[0])
    return Observed.of_value(tuple(value) if isinstance(value, list) else value)


def _fold_unseen(groups: dict, related, unseen=UNSEEN) -> None:
    """Cases the learner does not see join a related group that visible cases show (the finding is
    theirs already); alone, they keep a group of their own, whose finding quotes nothing of theirs."""
    if unseen not in groups:
        return
    shown = next((key for key in groups if key != unseen and related(key)), None)
    if shown is not None:
        groups[shown].extend(groups.pop(unseen))


class _Submission:
    """The state of one diagnosis (a helper of Diagnoser.diagnose)."""

    def __init__(self, ctx: Diagnoser, outputs: Mapping[str, object]) -> None:
        self.ctx = ctx
        self.spec = ctx.spec
        self.obs = [_observed(outputs.get(c.id), ctx.n_out) for c in ctx.cases]
        n = len(ctx.cases)
        self.state = [_NONE] * n
        self.arrays: list[tuple] = [()] * n
        self.correct = [False] * n
        self.out_ok: list[tuple[bool, ...]] = [()] * n
        self.structure: list[Finding] = []
        self.causes: list[Finding] = []
        self.notes: list[Finding] = []

    def visible(self, ks: Iterable[int]) -> list[int]:
        """The cases among `ks` the learner sees: the only ones a finding counts (how many of the
        others a file answered one way or another could spell their inputs)."""
        return [k for k in ks if self.ctx.cases[k].visibility == "visible"]

    def ids(self, ks: Iterable[int]) -> tuple[str, ...]:
        return tuple(self.ctx.cases[k].id for k in sorted(ks))

    def findings(self) -> list[Finding]:
        stop = self._structure()
        if not stop:
            self._causes()
            self._observations()
        seen, found = set(), []
        for f in (*self.structure, *self.causes, *self.notes):
            mark = (f.key, tuple(sorted(f.fields.items())))
            if mark not in seen:
                seen.add(mark)
                found.append(f)
        return found

    # -- 1. structure --------------------------------------------------------------------------------

    def _structure(self) -> bool:
        """Reads every case into self.state; records structure findings; True when nothing can be
        said beyond them (no case gave values to compare)."""
        ctx, spec = self.ctx, self.spec
        names = spec.output_names
        wrote, raised, nones, wrong_type, counts, dtypes, shapes = [], {}, [], {}, {}, {}, {}
        for k, o in enumerate(self.obs):
            if o is None or o.status in NO_VERDICT:
                continue
            if o.wrote_argument:
                wrote.append(k)
                continue
            if o.status != "ok":
                self.state[k] = _RAISED
                raised[k] = o
                continue
            self.state[k] = _BAD
            if o.structure == "other" and o.types == ("NoneType",):
                nones.append(k)
                continue
            single = len(names) == 1
            # What a finding quotes of a case the learner does not see (a probe) is fixed text: the
            # types, counts and dtypes its code chose could spell the case's inputs.
            seen = ctx.cases[k].visibility == "visible"
            if not o.arrays or (single and o.structure != "array") or (not single and o.structure == "other"):
                if single and o.structure in ("list", "tuple"):
                    wrong_type.setdefault(f"{o.structure}", []).append(k)
                elif not single and o.structure == "array":
                    counts.setdefault(1, []).append(k)
                elif o.structure in ("list", "tuple"):
                    if len(o.types) != len(names):
                        counts.setdefault(len(o.types) if seen else UNSEEN, []).append(k)
                    else:
                        kind = f"{o.structure} of {', '.join(o.types)}" if seen else UNSEEN
                        wrong_type.setdefault(kind, []).append(k)
                else:
                    wrong_type.setdefault((o.types[0] if o.types else "?") if seen else UNSEEN, []).append(k)
                continue
            if len(o.arrays) != len(names):
                counts.setdefault(len(o.arrays) if seen else UNSEEN, []).append(k)
                continue
            fine = True
            for j, (got, want) in enumerate(zip(o.arrays, ctx.expected[k])):
                if got.dtype.kind not in "f" and want.dtype.kind == "f":
                    dtypes.setdefault((names[j], str(got.dtype) if seen else UNSEEN), []).append(k)
                if got.dtype.kind not in "fiub":  # complex: its values are no evidence of a real formula
                    fine = False
                if got.shape != want.shape:
                    shapes.setdefault(names[j], []).append((k, self._shape_kind(got, want, k)))
                    fine = False
            if fine:
                self.state[k] = _OK
                self.arrays[k] = o.arrays
        _fold_unseen(wrong_type, lambda kind: True)
        _fold_unseen(counts, lambda count: True)
        for name in names:
            _fold_unseen(dtypes, lambda key, name=name: key[0] == name, (name, UNSEEN))
        verdict = [k for k, o in enumerate(self.obs) if o is not None and o.status not in NO_VERDICT]
        if wrote:
            arg = next(
                (self.obs[k].wrote_argument for k in wrote if isinstance(self.obs[k].wrote_argument, str)),
                None,
            )
            if arg:
                self.structure.append(Finding("diag.argument-modified", {"argument": arg}, self.ids(wrote)))
            else:
                self.structure.append(Finding("diag.argument-modified-unknown", {}, self.ids(wrote)))
        self._exceptions(raised)
        if nones:
            self._nones(nones, verdict)
        for kind, ks in wrong_type.items():
            key = (
                "diag.returned-list" if kind == "list" else "diag.returned-tuple" if kind == "tuple" else None
            )
            if key:
                self.structure.append(Finding(key, {}, self.ids(ks)))
            elif kind is UNSEEN:
                self.structure.append(Finding("diag.returned-wrong-type-unseen", {}, self.ids(ks)))
            else:
                self.structure.append(Finding("diag.returned-wrong-type", {"type": kind}, self.ids(ks)))
        for count, ks in counts.items():
            fields = {"expected": str(len(names)), "names": ", ".join(names)}
            if count is UNSEEN:
                self.structure.append(Finding("diag.wrong-output-count-unseen", fields, self.ids(ks)))
            else:
                fields["count"] = str(count)
                self.structure.append(Finding("diag.wrong-output-count", fields, self.ids(ks)))
        for (name, dtype), ks in dtypes.items():
            if dtype is UNSEEN:
                self.structure.append(Finding("diag.wrong-dtype-unseen", {"name": name}, self.ids(ks)))
            else:
                self.structure.append(
                    Finding("diag.wrong-dtype", {"name": name, "dtype": dtype}, self.ids(ks))
                )
        by_kind: dict[str, list[str]] = {}
        shape_cases: dict[str, list[int]] = {}
        for name, found in shapes.items():
            kinds = set.intersection(*(kind for _, kind in found))
            ks = [k for k, _ in found]
            kind = next((k for k in ("squeezed", "flattened", "transposed") if k in kinds), None)
            if kind:
                by_kind.setdefault(kind, []).append(name)
                shape_cases.setdefault(kind, []).extend(ks)
            elif visible := [k for k in ks if ctx.cases[k].visibility == "visible"]:
                # the shapes quoted are a visible case's: a probe's could spell its inputs
                j = names.index(name)
                got = self.obs[visible[0]].arrays[j].shape
                fields = {"name": name, "got": str(got), "expected": str(ctx.expected[visible[0]][j].shape)}
                self.structure.append(Finding("diag.output-shape", fields, self.ids(ks)))
            else:
                self.structure.append(Finding("diag.output-shape-unseen", {"name": name}, self.ids(ks)))
        for kind, found_names in by_kind.items():
            fields = {"name": ", ".join(found_names)}
            self.structure.append(Finding(f"diag.output-{kind}", fields, self.ids(set(shape_cases[kind]))))
        return not any(self.state[k] == _OK for k in range(len(self.state)))

    def _shape_kind(self, got: np.ndarray, want: np.ndarray, k: int) -> set[str]:
        """The reshapings of the expected output that give `got` (squeeze and ravel coincide when
        only one axis is longer than 1)."""
        rtol, atol = self.ctx.tolerance[k]
        kinds = set()
        if got.size != want.size:
            return kinds
        if got.shape == np.squeeze(want).shape and _close(got, np.squeeze(want), rtol, atol):
            kinds.add("squeezed")
        if got.ndim == 1 and want.ndim > 1 and _close(got, want.ravel(), rtol, atol):
            kinds.add("flattened")
        if want.ndim == 2 and got.shape == want.T.shape and _close(got, want.T, rtol, atol):
            kinds.add("transposed")
        return kinds

    def _exceptions(self, raised: dict[int, Observed]) -> None:
        groups: dict[tuple[str, dict], list[int]] = {}
        weights: dict[str, list[int]] = {}
        unknown_mismatch = []
        for k, o in raised.items():
            found = re.search(r"name '(\w+)' is not defined", o.error_message)
            if o.error_type == "NameError" and found:  # unread (a probe's message): only "raised"
                name = found.group(1)
                key = "diag.numpy-not-imported" if name in ("np", "numpy") else "diag.name-error"
                groups.setdefault((key, name), []).append(k)
            elif o.error_type == "NotImplementedError":
                groups.setdefault(("diag.not-implemented", ""), []).append(k)
            elif o.error_type == "ValueError" and (sizes := _numbers(o.error_message)) is not None:
                weight = None
                if self.ctx.family is not None and hasattr(self.ctx.family, "weight_of_mismatch"):
                    weight = self.ctx.family.weight_of_mismatch(self.ctx.cases[k].args, sizes)
                if weight:
                    weights.setdefault(weight, []).append(k)
                else:
                    unknown_mismatch.append(k)
        for (key, name), ks in groups.items():
            fields = (
                {"name": name}
                if key == "diag.name-error"
                else {"function": self.spec.function}
                if key == "diag.not-implemented"
                else {}
            )
            self.structure.append(Finding(key, fields, self.ids(ks)))
        if len(weights) == 1:  # every shape error that can be read names the same weight
            weight, ks = next(iter(weights.items()))
            expected = {"W": "x @ W.T", "U": "prev_h @ U.T"}.get(weight, weight)
            self.structure.append(
                Finding("diag.weight-not-transposed", {"weight": weight, "expected": expected}, self.ids(ks))
            )
        elif len(weights) > 1:
            ks = [k for group in weights.values() for k in group]
            self.structure.append(Finding("diag.weights-not-transposed", {}, self.ids(ks)))
        named = {k for ks in groups.values() for k in ks} | {k for ks in weights.values() for k in ks}
        rest = [k for k in raised if k not in named]
        verdict = [k for k, s in enumerate(self.state) if s != _NONE]
        if rest and len(rest) == len(verdict) and not named:
            # the names quoted are those public cases raised; a probe's could spell its inputs
            seen = {raised[k].error_type or "?" for k in rest if self.ctx.cases[k].visibility == "visible"}
            unseen = {raised[k].error_type or "?" for k in rest if self.ctx.cases[k].visibility != "visible"}
            if seen and unseen <= seen:
                fields = {"error_type": ", ".join(sorted(seen))}
                self.structure.append(Finding("diag.raised", fields, self.ids(rest)))
            else:
                self.structure.append(Finding("diag.raised-unseen", {}, self.ids(rest)))

    def _nones(self, nones: list[int], verdict: list[int]) -> None:
        family = self.ctx.family
        if family is not None and hasattr(family, "above"):
            below = {k for k in verdict if not family.above(self.ctx.cases[k].args)}
            if set(nones) == below:
                self.structure.append(Finding("diag.clip-no-return-below", {}, self.ids(nones)))
                return
        shown = self.visible(nones)
        if shown:
            fields = {"count": str(len(shown)), "total": str(len(self.visible(verdict)))}
            self.structure.append(Finding("diag.returned-none", fields, self.ids(nones)))
        else:
            self.structure.append(Finding("diag.returned-none-unseen", {}, self.ids(nones)))

    # -- 2. causes -----------------------------------------------------------------------------------

    def _vector(self, swap: bool = False) -> np.ndarray:
        ctx = self.ctx
        parts = []
        for k in ctx.mcases:
            arrays = self.arrays[k]
            if self.state[k] == _OK:
                if swap:
                    arrays = arrays[::-1]
                    if any(a.shape != e.shape for a, e in zip(arrays, ctx.expected[k])):
                        arrays = ()
            else:
                arrays = ()
            if arrays:
                parts.extend(np.asarray(a, dtype=np.float64).ravel() for a in arrays)
            else:
                parts.append(np.full(sum(v.size for v in ctx.expected[k]), np.nan))
        return np.concatenate(parts)

    def _agree(self, vector: np.ndarray) -> np.ndarray:
        """(hypothesis, matrix case) -> every output value within tolerance."""
        ctx = self.ctx
        with np.errstate(all="ignore"):
            ok = (np.abs(ctx.matrix - vector) <= ctx.bound) | (ctx.matrix == vector)
            ok |= np.isnan(ctx.matrix) & np.isnan(vector)
        per_output = np.logical_and.reduceat(ok, ctx.starts, axis=1)
        return per_output.reshape(len(ctx.matrix), len(ctx.mcases), ctx.n_out).all(axis=2)

    def _matches(self, agree: np.ndarray) -> list[int]:
        """Rows that agree with the submission on every matrix case with a verdict."""
        ctx = self.ctx
        state = np.array([self.state[k] for k in ctx.mcases])
        usable = state == _OK
        raised = state == _RAISED
        if usable.sum() < MIN_EVIDENCE or np.any(state == _BAD):
            return []
        hyp_ok = ctx.status == _OK
        hyp_raised = ctx.status == _RAISED
        good = np.where(usable, hyp_ok & agree, True) & np.where(raised, hyp_raised, True)
        return [int(r) for r in np.flatnonzero(good.all(axis=1))]

    def _causes(self) -> None:
        ctx = self.ctx
        if not ctx.hypotheses:
            return
        # cases outside the matrix (large ones) are checked against the named hypothesis below
        rows = self._matches(self._agree(self._vector()))
        swapped = False
        if not rows and ctx.n_out == 2:
            rows = self._matches(self._agree(self._vector(swap=True)))
            swapped = bool(rows)
        if 0 in rows and not swapped:
            return  # the reference explains every value: nothing to name
        named = {tuple(k for k, _ in ctx.hypotheses[r - 1].findings) for r in rows if r}
        evidence = self.ids(k for j, k in enumerate(ctx.mcases) if self.state[k] in (_OK, _RAISED))
        if swapped:
            self.structure.append(
                Finding("diag.outputs-swapped", {"names": ", ".join(self.spec.output_names)}, evidence)
            )
        if len(named) != 1 or (swapped and 0 in rows):
            return  # none, or several explanations that the cases cannot tell apart: name none
        hypothesis = ctx.hypotheses[min(r for r in rows if r) - 1]
        if not self._outside_agree(hypothesis, swapped):
            return
        for key, fields in hypothesis.findings:
            target = self.structure if key == "diag.weight-not-transposed" else self.causes
            target.append(Finding(key, dict(fields), evidence))

    def _outside_agree(self, hypothesis, swapped: bool) -> bool:
        """The large cases (kept out of the matrix) agree with the named hypothesis too."""
        ctx = self.ctx
        inside = set(ctx.mcases)
        for k, case in enumerate(ctx.cases):
            if k in inside or self.state[k] not in (_OK, _RAISED):
                continue
            kind, values = ctx._run(hypothesis.run, case)
            if self.state[k] == _RAISED or kind != _OK:
                if (self.state[k] == _RAISED) != (kind == _RAISED):
                    return False
                continue
            arrays = self.arrays[k][::-1] if swapped else self.arrays[k]
            rtol, atol = ctx.tolerance[k]
            if any(a.shape != v.shape or not _close(a, v, rtol, atol) for a, v in zip(arrays, values)):
                return False
        return True

    # -- 3. observations -----------------------------------------------------------------------------

    def _grade(self) -> None:
        ctx = self.ctx
        for k in range(len(ctx.cases)):
            if self.state[k] != _OK:
                continue
            rtol, atol = ctx.tolerance[k]
            self.out_ok[k] = tuple(_close(a, e, rtol, atol) for a, e in zip(self.arrays[k], ctx.expected[k]))
            self.correct[k] = all(self.out_ok[k])

    def _observations(self) -> None:
        ctx, names = self.ctx, self.spec.output_names
        self._grade()
        verdict = [k for k, s in enumerate(self.state) if s != _NONE]
        failing = [k for k in verdict if not self.correct[k]]
        if not failing:
            return

        def nonfinite(k: int) -> bool:
            return self.state[k] == _OK and any(
                not np.all(np.isfinite(a)) and np.all(np.isfinite(e))
                for a, e in zip(self.arrays[k], ctx.expected[k])
            )

        bad_numbers = [k for k in verdict if nonfinite(k)]
        if bad_numbers and all(ctx.large[k] for k in bad_numbers):
            self.notes.append(Finding("diag.overflow-large-values", {}, self.ids(bad_numbers)))
            failing = [k for k in failing if k not in bad_numbers]  # explained: not evidence of more
        family = ctx.family
        if family is not None and hasattr(family, "zero") and not self.causes:
            zeros = [k for k in bad_numbers if family.zero(ctx.cases[k].args)]
            if zeros and len(zeros) == len([k for k in verdict if family.zero(ctx.cases[k].args)]):
                self.causes.append(Finding("diag.clip-nan-on-zero", {}, self.ids(zeros)))
                failing = [k for k in failing if k not in zeros]
        if family is not None and hasattr(family, "above") and not self.structure and failing:
            direction = self._clip_direction(failing)
            if direction:
                self.notes.append(Finding(direction, {}, self.ids(failing)))
        # where the failing cases are confined; a named cause or structure already explains them
        if not self.structure and not self.causes and failing:
            self._confined(verdict, failing)
        if len(names) > 1:
            usable = [k for k in verdict if self.state[k] == _OK]
            for j, name in enumerate(names):
                right = all(self.out_ok[k][j] for k in usable)
                wrong = [k for k in usable if not all(self.out_ok[k])]
                if usable and right and wrong and len(wrong) == len(failing):
                    others = ", ".join(n for i, n in enumerate(names) if i != j)
                    fields = {"name": others, "other": name}
                    key = "diag.only-output-wrong-unseen"
                    if self.visible(wrong):
                        key = "diag.only-output-wrong"
                        fields.update(
                            wrong=str(len(self.visible(wrong))), total=str(len(self.visible(usable)))
                        )
                    self.notes.append(Finding(key, fields, self.ids(wrong)))
        if not self.structure and not self.causes and not self.notes:
            wrong_names = sorted(
                {
                    names[j]
                    for k in failing
                    if self.state[k] == _OK
                    for j, ok in enumerate(self.out_ok[k])
                    if not ok
                },
                key=names.index,
            )
            fields = {"names": ", ".join(wrong_names) or ", ".join(names)}
            key = "diag.outputs-wrong-unseen"
            if self.visible(failing):
                key = "diag.outputs-wrong"
                fields.update(wrong=str(len(self.visible(failing))), total=str(len(self.visible(verdict))))
            self.notes.append(Finding(key, fields, self.ids(failing)))

    def _confined(self, verdict: list[int], failing: list[int]) -> None:
        """Conditions outside of which every case is right (on at least MIN_EVIDENCE cases): the
        narrowest ones, as an observation of where the mistake lives."""
        fails = set(failing)
        fitting = []
        for cond, holds in self.ctx.conditions:
            inside = holds & set(verdict)
            outside = set(verdict) - holds
            if fails <= inside and len(outside) >= MIN_EVIDENCE:
                fitting.append((len(inside), cond))
        if not fitting:
            return
        least = min(size for size, _ in fitting)
        for size, cond in fitting:
            if size != least:
                continue
            self.notes.append(Finding(cond.key, dict(cond.fields), self.ids(failing)))

    def _clip_direction(self, failing: list[int]) -> str | None:
        """Is each wrong result still a multiple of grad (only its size wrong), or none of them?"""
        kept = []
        for k in failing:
            if self.state[k] != _OK:
                return None
            g = np.asarray(self.ctx.cases[k].args[0], dtype=np.float64).ravel()
            out = np.asarray(self.arrays[k][0], dtype=np.float64).ravel()
            if not np.all(np.isfinite(out)):
                return None
            scale = float(g @ out) / float(g @ g)
            kept.append(_close(out, scale * g, 1e-6, 1e-12 * max(1.0, float(np.max(np.abs(out))))))
        if all(kept):
            return "diag.clip-scale-wrong"
        if not any(kept):
            return "diag.clip-direction-changed"
        return None
