"""What an exercise is: its contract, reference, test cases and catalogue of known mistakes.

An exercise is one folder (see checker.specs.registry): exercise.yaml (number, function, titles, file
names), spec.py (what this module describes) and template.py (the learner's starting file). The
grading core (checker.codecheck) is the same for all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

Text = Mapping[str, str]

VISIBLE, HIDDEN = "visible", "hidden"


@dataclass(frozen=True)
class TestCase:
    """One check: a student-visible name, inputs, and (for hidden ones) a hint instead of the inputs."""

    id: str
    name: Text
    args: tuple  # numpy arrays, in the function's argument order
    visibility: str = HIDDEN
    points: float = 1.0
    hint: Text | None = None
    # This case's absolute tolerance, where the exercise's would swallow its values: a gradient of
    # 1e-30 is within 1e-9 of zeros, so its case compares by relative tolerance alone (atol=0.0).
    atol: float | None = None


@dataclass(frozen=True)
class Misconception:
    """A known-wrong way to write the exercise, recognised by what it computes or what it changes."""

    tag: str
    title: Text
    explanation: Text
    # the mistake, written out (or a tuple of the ways it is written); the grader runs it
    variant: Callable[..., object] | tuple[Callable[..., object], ...] | None = None
    mutates: str | None = None  # or: the argument it modifies in place
    # In-place results only (ExerciseSpec.in_place): the mistake returns a value (True) or None (False);
    # named only when every usable case agrees. Two mistakes may leave the arrays alike (unchanged)
    # and differ only in that.
    returns: bool | None = None


@dataclass(frozen=True)
class ExerciseSpec:
    number: int
    function: str
    title: Text
    arg_names: tuple[str, ...]
    output_names: tuple[str, ...]  # one name: an array is returned; several: a tuple of arrays
    template: str
    reference: Callable[..., object]
    public_cases: Callable[[], list[TestCase]]
    hidden_cases: Callable[[int], list[TestCase]]
    misconceptions: tuple[Misconception, ...] = ()
    rtol: float = 1e-6
    atol: float = 1e-9
    rtol32: float = 1e-4  # when an input is float32
    atol32: float = 1e-6
    file_names: tuple[str, ...] = field(default_factory=tuple)  # names that point to this exercise
    name: str = ""  # its folder's name
    diagnosis: object = field(default=None, compare=False)  # its folder's diagnosis.py, if any (a module)
    # How a case's flat arrays become the function's arguments, and what is graded (spec.py's LIST_ARGS
    # and IN_PLACE). list_args: at most one argument that is a LIST of arrays: it takes every array of a
    # case the other arguments (one each) do not. in_place: arguments handed over as writable copies;
    # their arrays after the call, in order, are the outputs (output_names names them; what the
    # function returns is not graded). Both empty: one read-only array per argument, the result graded.
    list_args: tuple[str, ...] = ()
    in_place: tuple[str, ...] = ()
    # spec.py's float32_forms(args): other forms of a case's flat arrays that a right float32 solution
    # may work from (an input that follows from the others, recomputed in float32): what float32 does
    # to them counts in what float32 may do to an answer (codecheck._float32_noise).
    float32_forms: Callable[[tuple], list[tuple]] | None = field(default=None, compare=False)

    def outputs(self, value: object) -> tuple:
        """The reference's (or a variant's) result as a tuple of arrays."""
        return value if isinstance(value, tuple) else (value,)

    def packing(self) -> tuple[str, ...] | None:
        """Per argument "list" or "array" (for the sandbox's job); None: one array each."""
        if not self.list_args:
            return None
        return tuple("list" if name in self.list_args else "array" for name in self.arg_names)

    def in_place_positions(self) -> tuple[int, ...]:
        return tuple(self.arg_names.index(name) for name in self.in_place)

    def groups(self, args: tuple) -> list[tuple]:
        """A case's flat arrays grouped by argument: one each, the list argument's all the rest."""
        spare = len(args) - len(self.arg_names) + 1 if self.list_args else 1
        if spare < 0 or (not self.list_args and len(args) != len(self.arg_names)):
            raise ValueError(f"{len(args)} arrays do not fit the arguments {self.arg_names}")
        found, at = [], 0
        for name in self.arg_names:
            take = spare if name in self.list_args else 1
            found.append(tuple(args[at : at + take]))
            at += take
        return found

    def call(self, function: Callable[..., object], args: tuple) -> object:
        """`function` (the reference, a variant) on copies of a case's flat arrays, packed as the
        learner's function gets them (a list argument as a list)."""
        import numpy as np

        if not self.list_args:
            return function(*[np.array(a, copy=True) for a in args])
        packed = [[np.array(a, copy=True) for a in group] for group in self.groups(args)]
        return function(*[g if n in self.list_args else g[0] for n, g in zip(self.arg_names, packed)])

    def output_labels(self, args: tuple) -> tuple[str, ...]:
        """The name of each output of a case, for messages: output_names, or with in-place results
        the in-place arguments' arrays (a list argument's as grads[0], grads[1], ...)."""
        if not self.in_place:
            return self.output_names
        labels: list[str] = []
        for name, group in zip(self.arg_names, self.groups(args)):
            if name in self.in_place:
                labels += [f"{name}[{k}]" for k in range(len(group))] if name in self.list_args else [name]
        return tuple(labels)

    def arg_labels(self, args: tuple) -> tuple[str, ...]:
        """The name of each of a case's flat arrays (a list argument's as grads[0], grads[1], ...)."""
        if not self.list_args:
            return self.arg_names
        labels: list[str] = []
        for name, group in zip(self.arg_names, self.groups(args)):
            labels += [f"{name}[{k}]" for k in range(len(group))] if name in self.list_args else [name]
        return tuple(labels)


_TOLERANCES: dict[tuple[int, int], tuple] = {}  # (id(spec), id(case)) -> (spec, case, its tolerance)
_TOLERANCES_KEPT = 4096  # cases: a batch's few hundred, however many files ask


def tolerance(spec: ExerciseSpec, case: TestCase) -> tuple[float, float]:
    """(rtol, atol) for a case's answers: float32's when an input is float32, else the exercise's; the
    case's own atol where it sets one. Found once per case (every failing file asks it again for each
    mistake in the catalogue)."""
    key = (id(spec), id(case))
    held = _TOLERANCES.get(key)
    if held is not None and held[0] is spec and held[1] is case:
        return held[2]
    if any(str(getattr(a, "dtype", "")) == "float32" for a in case.args):
        rtol, atol = spec.rtol32, spec.atol32
    else:
        rtol, atol = spec.rtol, spec.atol
    found = (rtol, atol if case.atol is None else case.atol)
    if len(_TOLERANCES) >= _TOLERANCES_KEPT:
        _TOLERANCES.clear()
    _TOLERANCES[key] = (spec, case, found)
    return found
