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


@dataclass(frozen=True)
class Misconception:
    """A known-wrong way to write the exercise, recognised by what it computes or what it changes."""

    tag: str
    title: Text
    explanation: Text
    # the mistake, written out (or a tuple of the ways it is written); the grader runs it
    variant: Callable[..., object] | tuple[Callable[..., object], ...] | None = None
    mutates: str | None = None  # or: the argument it modifies in place


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

    def outputs(self, value: object) -> tuple:
        """The reference's (or a variant's) result as a tuple of arrays."""
        return value if isinstance(value, tuple) else (value,)
