"""The shipped exercises as the tests use them: their specs, and their exams built once per session."""

from __future__ import annotations

from functools import cache

from checker.codecheck import Exam
from checker.policy import RunPolicy
from checker.specs.registry import Registry

SHIPPED = Registry()


def spec(number: int):
    return SHIPPED.spec(number)


@cache
def exam(number: int, seed: int = 0) -> Exam:
    return Exam(SHIPPED.spec(number), seed)


def prepared(number: int, seed: int = 0) -> tuple[list, list, dict]:
    """(public cases, hidden cases, expected outputs by case id)."""
    found = exam(number, seed)
    return found.public, found.hidden, found.expected


def policy(timeout: float = 10.0, case_timeout: float = 2.0, hang_limits: tuple[float, int] | None = None,
           least_case_timeout: float | None = None) -> RunPolicy:  # fmt: skip
    quick, most = hang_limits or (0.25, 3)
    return RunPolicy(budget=timeout, case_timeout=case_timeout, least_case_timeout=least_case_timeout,
                     quick_timeout=quick, hangs_to_stop=most)  # fmt: skip


def spec_module(number: int):
    """The exercise's spec.py, as imported by the registry (its reference, its helpers)."""
    from checker.specs.registry import _import_spec

    return _import_spec(SHIPPED.info(number))
