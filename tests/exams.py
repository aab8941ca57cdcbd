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


# -- what a check said, as the exercises' tests ask it ---------------------------------------------


def tags(result) -> list[str]:
    return [hit.tag for hit in result.misconceptions]


def assert_named(result, tag: str) -> None:
    assert result.status != "pass"
    assert result.error_kind is None, result.error
    assert tags(result) == [tag]
    failing = [t for t in result.tests if t.status != "pass"]
    assert failing and all(t.misconception == tag for t in failing)


def assert_full_score(result) -> None:
    failing = [(t.id, t.message) for t in result.tests if t.status != "pass"]
    assert result.status == "pass", failing
    assert result.score == result.max_score == len(result.tests)
    assert result.misconceptions == ()
