"""The plain data of a diagnosis: what the sandbox saw for one case, and what the grader concludes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# How a finding may be used: a STRUCTURE or CAUSE finding names a mistake (so it must never be wrong);
# an OBSERVATION only states where the outputs are wrong, which the evidence shows directly.
STRUCTURE, CAUSE, OBSERVATION = "structure", "cause", "observation"

NO_VERDICT = frozenset(
    {"timeout", "crashed", "memory", "not-run", "protocol", "too-large"}
)  # no value was read


@dataclass(frozen=True)
class Observed:
    """One case as the sandbox reported it: never the student's objects, only their description.

    status: ok | exception | timeout | crashed | memory | not-run | protocol | too-large
    arrays: the returned arrays (numeric numpy arrays) when structure is array/tuple/list
    structure: array | tuple | list | other;  types: the type names of what was returned
    wrote_argument: False, True (an argument was written to, which one unknown) or its name
    """

    status: str = "ok"
    arrays: tuple = ()
    structure: str = "array"
    types: tuple[str, ...] = ()
    error_type: str = ""
    error_message: str = ""
    wrote_argument: bool | str = False

    @classmethod
    def of_value(cls, value: object) -> Observed:
        """What the runner reports for a returned value (mirrors sandbox.runner._outputs)."""
        import numpy as np

        def numeric(item: object) -> bool:
            return isinstance(item, np.ndarray) and item.dtype.kind in "biuf"

        if isinstance(value, np.ndarray):
            if numeric(value):
                return cls(arrays=(np.asarray(value),), structure="array", types=("ndarray",))
            return cls(structure="other", types=(f"ndarray[{value.dtype}]",))
        if isinstance(value, (tuple, list)) and len(value) <= 8:
            kind = type(value).__name__ if type(value) in (tuple, list) else "other"
            types = tuple(type(item).__name__ for item in value)
            arrays = tuple(np.asarray(v) for v in value) if all(numeric(v) for v in value) else ()
            return cls(arrays=arrays, structure=kind, types=types)
        return cls(structure="other", types=(type(value).__name__,))

    @classmethod
    def of_exception(cls, error: BaseException, wrote_argument: bool | str = False) -> Observed:
        return cls(
            status="exception",
            structure="other",
            error_type=type(error).__name__,
            error_message=str(error),
            wrote_argument=wrote_argument,
        )

    @classmethod
    def of_run(cls, run: object) -> Observed:
        """From codecheck's cleaned view of a CaseRun (status, outputs, structure, types, error_type,
        error_message): inputs are handed over read-only, so a write shows as numpy's read-only error."""
        status = getattr(run, "status", "crashed")
        error_type = getattr(run, "error_type", "") or ""
        message = getattr(run, "error_message", "") or ""
        wrote = status == "exception" and error_type == "ValueError" and "read-only" in message.lower()
        return cls(
            status=status,
            arrays=tuple(getattr(run, "outputs", ()) or ()),
            structure=getattr(run, "structure", "other"),
            types=tuple(getattr(run, "types", ()) or ()),
            error_type=error_type,
            error_message=message,
            wrote_argument=wrote,
        )


# What a finding may quote of a case the learner does not see (a probe): names from these closed sets
# only. The learner's code chooses its types' names, its exceptions and their messages, and could
# spell the case's inputs with them.
PLAIN_TYPES = frozenset(
    {"NoneType", "bool", "int", "float", "complex", "str", "bytes", "list", "tuple", "dict", "set",
     "frozenset", "ndarray", "generator", "function", "type", "object"}
)  # fmt: skip
PLAIN_ERRORS = frozenset(
    name for name, value in vars(__import__("builtins")).items()
    if isinstance(value, type) and issubclass(value, BaseException)
)  # fmt: skip


def blinded(observed: Observed) -> Observed:
    """`observed` with nothing the learner's code could have spelt: type names outside the plain
    ones become "object", an exception outside the built-in ones "Exception", and its message goes
    (only whether it wrote into a read-only argument is kept). Arrays stay: only their structure,
    dtype and (see diagnosis.core) never their shape are named."""
    from dataclasses import replace

    return replace(
        observed,
        types=tuple(t if t in PLAIN_TYPES else "object" for t in observed.types),
        error_type=(observed.error_type if observed.error_type in PLAIN_ERRORS else "Exception")
        if observed.error_type
        else "",
        error_message="",
    )


@dataclass(frozen=True)
class Finding:
    """A message key and its fields (rendered at the edge), and the ids of the cases that show it."""

    key: str
    fields: Mapping[str, str] = field(default_factory=dict, hash=False)
    evidence: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        from checker.diagnosis.messages import KINDS

        return KINDS[self.key]


@dataclass(frozen=True)
class Diagnosis:
    """Findings, most specific first; empty when nothing is wrong or nothing can be said for sure."""

    findings: tuple[Finding, ...] = ()

    @property
    def first(self) -> Finding | None:
        return self.findings[0] if self.findings else None

    def keys(self) -> list[str]:
        return [f.key for f in self.findings]
